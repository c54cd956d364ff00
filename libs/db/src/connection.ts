import postgres from 'postgres';
import type { DatabaseConfig } from '@sarp/config';

export type Sql = postgres.Sql;
/** The connection a `sql.begin(...)` callback gets: queries inside one transaction. */
export type TransactionSql = postgres.TransactionSql;

/**
 * A connection pool. `searchPath` points unqualified table names at another
 * schema: a read-model rebuild writes its fresh tables with the projector's
 * own code this way.
 */
export function createSql(config: DatabaseConfig, options: { searchPath?: string } = {}): Sql {
  return postgres(config.url, {
    max: config.maxConnections,
    // Notices (e.g. "relation already exists, skipping") are not errors; keep them out of the logs.
    onnotice: () => undefined,
    connect_timeout: 10,
    // With a CA of its own (SARP_DB_SSL_CA_FILE) the server's certificate is verified against it; otherwise TLS
    // is DATABASE_URL's sslmode (postgres.js reads it from the URL).
    ...(config.sslCaPem ? { ssl: { ca: config.sslCaPem, rejectUnauthorized: true } } : {}),
    connection: {
      // The read model's queries are short and many; JIT compiling one costs more than it saves (seconds for a
      // figure at 100,000 pathways, issue 15's benchmark).
      jit: 'off',
      ...(config.statementTimeoutMs ? { statement_timeout: config.statementTimeoutMs } : {}),
      ...(options.searchPath ? { search_path: options.searchPath } : {}),
    },
  });
}
