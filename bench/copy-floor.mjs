// The projector benchmark's floor, run as a plain Node process: copies every named table's rows out of the
// source database into memory with psql's \copy (postgres.js's COPY … TO STDOUT stream does not always end,
// inside Jest or out), then times postgres.js `COPY … FROM STDIN` of them into the same tables of the target
// database, in the order given (parents first), and prints {"ms": …, "bytes": …} as JSON.
//
// usage: node bench/copy-floor.mjs <source url> <target url> <table>...
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';

const [sourceUrl, targetUrl, ...tables] = process.argv.slice(2);
if (!sourceUrl || !targetUrl || tables.length === 0) {
  console.error('usage: node bench/copy-floor.mjs <source url> <target url> <table>...');
  process.exit(2);
}
const psql = ['/usr/lib/postgresql/15/bin/psql', '/usr/bin/psql'].find((path) => existsSync(path)) ?? 'psql';
const rows = new Map();
for (const table of tables) {
  rows.set(table, execFileSync(psql, ['-X', '-q', sourceUrl, '-c', `\\copy ${table} TO STDOUT`], { maxBuffer: 2 ** 31 }));
}
const target = postgres(targetUrl, { max: 1, onnotice: () => undefined });
try {
  const started = performance.now();
  for (const table of tables) {
    const writable = await target`COPY ${target(table)} FROM STDIN`.writable();
    await pipeline(Readable.from([rows.get(table)]), writable);
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, bytes: [...rows.values()].reduce((sum, buffer) => sum + buffer.length, 0) }));
} finally {
  await target.end();
}
