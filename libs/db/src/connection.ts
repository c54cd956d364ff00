import postgres from 'postgres';
import type { DatabaseConfig } from '@sarp/config';

export type Sql = postgres.Sql;

export function createSql(config: DatabaseConfig): Sql {
  return postgres(config.url, {
    max: config.maxConnections,
    // Notices (e.g. "relation already exists, skipping") are not errors; keep them out of the logs.
    onnotice: () => undefined,
    connect_timeout: 10,
  });
}
