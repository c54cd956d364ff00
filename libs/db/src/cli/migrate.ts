/** `node libs/db/dist/cli/migrate.js`: applies pending migrations to DATABASE_URL. */
import { loadConfig } from '@sarp/config';
import { migrateDatabase } from '../migrate';

const config = loadConfig();
migrateDatabase(config.database.url, (message) => console.log(`[migrate] ${message}`))
  .then((applied) => console.log(`[migrate] ${applied.length === 0 ? 'schema up to date' : `applied ${applied.join(', ')}`}`))
  .catch((error: unknown) => {
    console.error(`[migrate] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
