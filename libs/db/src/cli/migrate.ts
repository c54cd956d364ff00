/**
 * `node libs/db/dist/cli/migrate.js`: applies pending migrations as the tables' owner, SARP_MIGRATION_DATABASE_URL
 * when it is set (the apps then connect with DATABASE_URL as a login in role sarp_app), else DATABASE_URL.
 */
import { loadConfig } from '@sarp/config';
import { migrateDatabase } from '../migrate';

const config = loadConfig();
migrateDatabase(config.database.migrationUrl ?? config.database.url, (message) => console.log(`[migrate] ${message}`))
  .then((applied) => console.log(`[migrate] ${applied.length === 0 ? 'schema up to date' : `applied ${applied.join(', ')}`}`))
  .catch((error: unknown) => {
    console.error(`[migrate] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
