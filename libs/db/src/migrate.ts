import { resolve } from 'node:path';

/** SQL migration files, applied in file-name order. */
export const MIGRATIONS_DIR = resolve(__dirname, '../migrations');

/**
 * Brings the schema up to date with node-pg-migrate. Safe to run from many
 * processes at once: node-pg-migrate holds an advisory lock while it works.
 * With `schema`, everything (tables, functions, the migrations table) is
 * created in that schema instead of `public`.
 */
export async function migrateDatabase(
  databaseUrl: string,
  log: (message: string) => void = () => undefined,
  options: { schema?: string } = {},
): Promise<string[]> {
  // node-pg-migrate is an ES module; load it with a real dynamic import from this CommonJS package.
  const { runner } = await import('node-pg-migrate');
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'schema_migrations',
    count: Infinity,
    singleTransaction: true,
    log,
    // A read-model rebuild builds fresh tables by running the same migrations into a schema of its own.
    ...(options.schema ? { schema: options.schema, createSchema: true } : {}),
  });
  return applied.map((migration) => migration.name);
}
