/**
 * SARP's PostgreSQL connection over TLS, verified against a CA of its own (SARP_DB_SSL_CA_FILE), against the
 * real PostgreSQL of the test stack: TLS is switched on for this file (a certificate of a CA made here, the
 * server reloaded), a connection with that CA is encrypted, and one expecting another CA is refused. Plain
 * connections (every other test file's) are not affected, and TLS is switched off again at the end.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSql, type Sql } from '@sarp/db';

const URL = process.env.SARP_TEST_DATABASE_URL ?? '';
let admin: Sql;
const work = mkdtempSync(join(tmpdir(), 'sarp-db-tls-'));

/** A CA, and a certificate for 127.0.0.1 it signed (what a managed PostgreSQL's provider gives you, in small). */
function makeCertificates(name: string): { caPem: string; certPem: string; keyPem: string } {
  const at = (file: string) => join(work, `${name}-${file}`);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name} test CA`,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', at('server.key'), '-out', at('server.csr'));
  writeFileSync(at('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    at('san.ext'),
    '-out',
    at('server.pem'),
  );
  return {
    caPem: readFileSync(at('ca.pem'), 'utf8'),
    certPem: readFileSync(at('server.pem'), 'utf8'),
    keyPem: readFileSync(at('server.key'), 'utf8'),
  };
}

async function sslIs(value: 'on' | 'off'): Promise<void> {
  // pg_reload_conf() only signals the server: look until it has read the new settings.
  for (;;) {
    const [row] = await admin<{ ssl: string }[]>`SHOW ssl`;
    if (row?.ssl === value) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let trusted: ReturnType<typeof makeCertificates>;

beforeAll(async () => {
  admin = createSql({ url: URL, maxConnections: 1 });
  trusted = makeCertificates('trusted');
  const [{ data_directory: dataDirectory } = { data_directory: '' }] = await admin<{ data_directory: string }[]>`SHOW data_directory`;
  const owner = statSync(dataDirectory);
  // The server reads its key only if it owns it and no one else may read it.
  for (const [file, text] of [
    ['sarp-test-server.pem', trusted.certPem],
    ['sarp-test-server.key', trusted.keyPem],
  ] as const) {
    const path = join(dataDirectory, file);
    writeFileSync(path, text, { mode: 0o600 });
    chownSync(path, owner.uid, owner.gid);
  }
  await admin`ALTER SYSTEM SET ssl_cert_file = 'sarp-test-server.pem'`;
  await admin`ALTER SYSTEM SET ssl_key_file = 'sarp-test-server.key'`;
  await admin`ALTER SYSTEM SET ssl = 'on'`;
  await admin`SELECT pg_reload_conf()`;
  await sslIs('on');
}, 60_000);

afterAll(async () => {
  if (!admin) return;
  await admin`ALTER SYSTEM RESET ssl`;
  await admin`ALTER SYSTEM RESET ssl_cert_file`;
  await admin`ALTER SYSTEM RESET ssl_key_file`;
  await admin`SELECT pg_reload_conf()`;
  await sslIs('off');
  await admin.end();
});

it('connects over TLS, the server verified against the configured CA', async () => {
  const sql = createSql({ url: URL, maxConnections: 1, sslCaPem: trusted.caPem });
  try {
    const [row] = await sql<{ ssl: boolean }[]>`SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`;
    expect(row?.ssl).toBe(true);
  } finally {
    await sql.end();
  }
});

it('refuses a server whose certificate another CA signed', async () => {
  const other = makeCertificates('other');
  const sql = createSql({ url: URL, maxConnections: 1, sslCaPem: other.caPem });
  try {
    await expect(sql`SELECT 1`).rejects.toThrow(/certificate/i);
  } finally {
    await sql.end();
  }
});
