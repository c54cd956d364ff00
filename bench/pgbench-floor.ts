/**
 * A read's SQL run by pgbench, PostgreSQL's own load generator: the floor below any Node server (issue 15's
 * "against bare Fastify and pgbench running the same SQL"). The statements are recorded from the very
 * read-model function the API calls (postgres.js's debug hook gives each statement and its parameters as
 * sent), written into a pgbench script with the parameters as typed literals, and run prepared, as
 * postgres.js runs them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { locatePostgres } from '@sarp/local-stack';
import type { Sql } from '@sarp/db';
import { median } from './report';

const run = promisify(execFile);

interface Recorded {
  query: string;
  // As postgres.js sends them: text, or null.
  parameters: (string | null)[];
  types: number[];
}

/** The statements `read` sends, each with its parameters written in as literals cast to the types postgres.js sent. */
export async function recordStatements(url: string, read: (sql: Sql) => Promise<unknown>): Promise<string[]> {
  const recorded: Recorded[] = [];
  const ofRead: Recorded[] = [];
  const sql = postgres(url, {
    max: 1,
    onnotice: () => undefined,
    connection: { jit: 'off' },
    debug: (_connection, query, parameters, types) =>
      recorded.push({ query, parameters: parameters as (string | null)[], types: types as number[] }),
  });
  try {
    // postgres.js's own first query (its array types) is not the read's.
    await sql`SELECT 1`;
    recorded.length = 0;
    await read(sql);
    recorded.splice(0).forEach((statement) => ofRead.push(statement));
    const oids = [...new Set(ofRead.flatMap((statement) => statement.types).filter((oid) => oid > 0))];
    const names = new Map<number, string>();
    if (oids.length > 0) {
      for (const row of await sql<
        { oid: number; name: string }[]
      >`SELECT oid::int, format_type(oid, NULL) AS name FROM pg_type WHERE oid = ANY(${oids})`)
        names.set(row.oid, row.name);
    }
    // Highest numbers first, so $1 does not match the start of $10.
    return ofRead.map(({ query, parameters, types }) =>
      parameters
        .map((value, index) => ({ index: index + 1, value }))
        .reverse()
        .reduce((text, { index, value }) => {
          const type = names.get(types[index - 1] ?? 0);
          const literal = value === null ? 'NULL' : pgbenchLiteral(value);
          return text.replaceAll(`$${index}`, type && value !== null ? `${literal}::${type}` : literal);
        }, query),
    );
  } finally {
    await sql.end();
  }
}

/**
 * A string literal pgbench leaves alone: it reads ":name" anywhere in a script as one of its variables, so a
 * colon (a timestamp's) is written as an escape.
 */
function pgbenchLiteral(value: string): string {
  return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''").replaceAll(':', '\\x3a')}'`;
}

export interface PgbenchSide {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/** Runs the statements as one pgbench transaction for `seconds` at `connections`; latencies in ms from its per-transaction log. */
export async function pgbench(url: string, statements: readonly string[], connections: number, seconds: number): Promise<PgbenchSide> {
  const located = locatePostgres(process.env);
  if ('problem' in located) throw new Error(located.problem);
  const dir = mkdtempSync(join(tmpdir(), 'sarp-pgbench-'));
  try {
    const script = join(dir, 'read.sql');
    writeFileSync(script, statements.map((statement) => `${statement.replace(/\s+/g, ' ').trim()};`).join('\n') + '\n');
    const { stdout } = await run(
      join(located.bin, 'pgbench'),
      [
        '-n',
        '-M',
        'prepared',
        '-f',
        script,
        '-c',
        String(connections),
        '-j',
        String(Math.min(connections, 2)),
        '-T',
        String(seconds),
        '-l',
        '--log-prefix',
        join(dir, 'tx'),
        url,
      ],
      { maxBuffer: 16 * 2 ** 20 },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    // Each log line: client, transaction, latency (µs), script, epoch s, µs.
    const latencies = readdirSync(dir)
      .filter((name) => name.startsWith('tx'))
      .flatMap((name) => readFileSync(join(dir, name), 'utf8').trim().split('\n'))
      .map((line) => Number(line.split(' ')[2]) / 1000)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    if (!Number.isFinite(tps) || latencies.length === 0) throw new Error(`pgbench gave no result:\n${stdout}`);
    return {
      requestsPerSecond: tps,
      p50: median(latencies),
      p99: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!,
      failed,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
