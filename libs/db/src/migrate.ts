import { resolve } from 'node:path';

/** SQL migration files, applied in file-name order. */
export const MIGRATIONS_DIR = resolve(__dirname, '../migrations');

/**
 * Brings the schema up to date with node-pg-migrate. Safe to run from many
 * processes at once: node-pg-migrate holds an advisory lock while it works.
 */
export async function migrateDatabase(databaseUrl: string, log: (message: string) => void = () => undefined): Promise<string[]> {
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
  });
  return applied.map((migration) => migration.name);
}
