import { createSql } from './connection';

/**
 * The login the API and the worker use on a PostgreSQL that SARP runs itself (`npm start`'s local stack and the
 * test run's): a member of `sarp_app`, the role the keyed-audit-trail migration makes, which may keep the derived
 * read model but only insert into `event_log` and `access_log`. Migrations and read-model rebuilds keep the
 * owner's login (SARP_MIGRATION_DATABASE_URL). A deployment makes its own login the same way
 * (`CREATE ROLE … LOGIN IN ROLE sarp_app`; compose's does it in deploy/postgres/initdb).
 */
export const LOCAL_APP_LOGIN = 'sarp_api';

/**
 * Makes `login` (once) a login in role `sarp_app` and answers `ownerUrl` with that login in place of the owner.
 * Run after migrating: the role comes from the migrations. No password is set: the local stacks trust loopback.
 */
export async function ensureAppLogin(ownerUrl: string, login: string = LOCAL_APP_LOGIN): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(login)) throw new Error(`"${login}" is not a plain PostgreSQL role name`);
  const sql = createSql({ url: ownerUrl, maxConnections: 1 });
  try {
    const [app] = await sql<{ exists: boolean }[]>`SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sarp_app') AS exists`;
    if (!app?.exists) throw new Error('role sarp_app does not exist yet: migrate the database before making its app login');
    const [known] = await sql<{ exists: boolean }[]>`SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = ${login}) AS exists`;
    // Names cannot be bound parameters in DDL; the pattern above leaves nothing to quote.
    if (!known?.exists) await sql.unsafe(`CREATE ROLE ${login} LOGIN IN ROLE sarp_app`);
    else await sql.unsafe(`GRANT sarp_app TO ${login}`);
  } finally {
    await sql.end();
  }
  return withLogin(ownerUrl, login);
}

/** `url` with `login` as its user and no password (the database, host, port and options kept). */
export function withLogin(url: string, login: string): string {
  const parsed = new URL(url);
  parsed.username = login;
  parsed.password = '';
  return parsed.toString();
}
