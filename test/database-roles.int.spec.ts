/**
 * The database roles as the compose file's first start makes them (deploy/postgres/initdb/10-sarp-databases.sh),
 * against the real PostgreSQL: the tables' owner is not a superuser and may not create roles, `sarp_app` exists
 * before the first migration, and the apps' login is a member of it. The migrations run as that owner
 * (SARP_MIGRATION_DATABASE_URL); the login may then keep every table of the derived read model, including tables
 * made by later migrations, but only read and insert into the event log and the access log.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createSql, withLogin, type Sql } from '@sarp/db';

const ownerOfStack = process.env.SARP_TEST_DATABASE_URL ?? '';
const unique = randomUUID().slice(0, 8);
const owner = `compose_owner_${unique}`;
const login = `compose_api_${unique}`;
const database = `compose_${unique}`;
let admin: Sql;

const onDatabase = (url: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

beforeAll(async () => {
  admin = createSql({ url: ownerOfStack, maxConnections: 1 });
  // As the initdb script: an owner that may not create roles, sarp_app (the test run's migrations made it
  // already; roles are the cluster's), and the apps' login in it.
  await admin.unsafe(`CREATE ROLE ${owner} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB`);
  await admin.unsafe(`CREATE DATABASE ${database} OWNER ${owner}`);
  await admin.unsafe(`CREATE ROLE ${login} LOGIN IN ROLE sarp_app`);
  await promisify(execFile)(process.execPath, [resolve(__dirname, '../libs/db/dist/cli/migrate.js')], {
    env: {
      ...process.env,
      DATABASE_URL: onDatabase(withLogin(ownerOfStack, login)),
      SARP_MIGRATION_DATABASE_URL: onDatabase(withLogin(ownerOfStack, owner)),
      KAFKA_BROKERS: process.env.SARP_TEST_KAFKA_BROKERS ?? '',
    },
  });
}, 120_000);

afterAll(async () => {
  await admin?.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin?.unsafe(`DROP ROLE IF EXISTS ${login}`);
  await admin?.unsafe(`DROP ROLE IF EXISTS ${owner}`);
  await admin?.end();
});

it('migrates as an owner that is no superuser, and leaves the app login only reading and inserting into the logs', async () => {
  const sql = createSql({ url: onDatabase(ownerOfStack), maxConnections: 1 });
  try {
    const tables = await sql<
      { name: string; owner: string; read: boolean; insert: boolean; update: boolean; remove: boolean; truncate: boolean }[]
    >`
      SELECT tablename AS name, tableowner AS owner,
        has_table_privilege(${login}, format('public.%I', tablename), 'SELECT') AS read,
        has_table_privilege(${login}, format('public.%I', tablename), 'INSERT') AS insert,
        has_table_privilege(${login}, format('public.%I', tablename), 'UPDATE') AS update,
        has_table_privilege(${login}, format('public.%I', tablename), 'DELETE') AS remove,
        has_table_privilege(${login}, format('public.%I', tablename), 'TRUNCATE') AS truncate
      FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`;
    expect(tables.length).toBeGreaterThan(10);
    expect(new Set(tables.map((table) => table.owner))).toEqual(new Set([owner]));
    const logs = ['access_log', 'event_log'];
    const expected = tables.map(({ name }) =>
      logs.includes(name)
        ? { name, read: true, insert: true, update: false, remove: false, truncate: false }
        : // The derived read model (node-pg-migrate's own bookkeeping included): the app keeps it, never truncates.
          { name, read: true, insert: true, update: true, remove: true, truncate: false },
    );
    expect(tables.map(({ name, read, insert, update, remove, truncate }) => ({ name, read, insert, update, remove, truncate }))).toEqual(
      expected,
    );
  } finally {
    await sql.end();
  }
});

it('lets the app login write the read model for real, and refuses it a change to the logs', async () => {
  const app = createSql({ url: onDatabase(withLogin(ownerOfStack, login)), maxConnections: 1 });
  try {
    await app`INSERT INTO access_log (user_id, role, action) VALUES ('u', 'auditor', 'GET /test')`;
    await expect(app`DELETE FROM access_log`).rejects.toMatchObject({ code: '42501' });
    await expect(app`UPDATE event_log SET type = type`).rejects.toMatchObject({ code: '42501' });
    // Nor may it make tables of its own in public (PostgreSQL 15 and later).
    await expect(app`CREATE TABLE sneaky (id int)`).rejects.toMatchObject({ code: '42501' });
  } finally {
    await app.end();
  }
});
