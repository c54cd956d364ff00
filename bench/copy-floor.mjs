// The projector benchmark's floor, run as a plain Node process (postgres.js COPY streams stall inside Jest's
// sandbox): copies every named table's rows out of the source database into memory (COPY … TO STDOUT), then
// times COPY … FROM STDIN of them into the same tables of the target database, in the order given (parents
// first), and prints {"ms": …, "bytes": …} as JSON.
//
// usage: node bench/copy-floor.mjs <source url> <target url> <table>...
import postgres from 'postgres';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const [sourceUrl, targetUrl, ...tables] = process.argv.slice(2);
if (!sourceUrl || !targetUrl || tables.length === 0) {
  console.error('usage: node bench/copy-floor.mjs <source url> <target url> <table>...');
  process.exit(2);
}
const source = postgres(sourceUrl, { max: 1, onnotice: () => undefined });
const target = postgres(targetUrl, { max: 1, onnotice: () => undefined });
try {
  const rows = new Map();
  for (const table of tables) {
    const chunks = [];
    const readable = await source`COPY ${source(table)} TO STDOUT`.readable();
    // Events rather than `for await`: postgres.js's COPY stream does not always end for an async iterator.
    await new Promise((resolve, reject) => {
      readable.on('data', (chunk) => chunks.push(chunk));
      readable.on('end', resolve);
      readable.on('error', reject);
    });
    rows.set(table, Buffer.concat(chunks));
  }
  const started = performance.now();
  for (const table of tables) {
    const writable = await target`COPY ${target(table)} FROM STDIN`.writable();
    await pipeline(Readable.from([rows.get(table)]), writable);
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, bytes: [...rows.values()].reduce((sum, buffer) => sum + buffer.length, 0) }));
} finally {
  await source.end();
  await target.end();
}
