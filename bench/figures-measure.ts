/**
 * Latency against a floor, for bench/figures.bench.ts: the same idea as `measurePaired` (bench/floors.ts), the
 * operation and its floor taking turns for several rounds with the order swapped each round, one operation at
 * a time, keeping every operation's time so that p50 and p99 can be read as well as the ratio, within a time
 * budget (a figure that takes seconds gets fewer operations a round). And the plans of
 * a figure's SQL: its statements caught as postgres.js sends them, run again under EXPLAIN ANALYZE.
 */
import postgres from 'postgres';
import type { Sql } from '@sarp/db';
import { median } from './report';
import { inTurn } from './floors';

export interface LatencySide {
  p50: number;
  p99: number;
  max: number;
}

export interface LatencyResult {
  rounds: number;
  /** Operations a side a round (smaller than asked for when the operation is too slow for the budget). */
  batch: number;
  /** Operations timed on each side. */
  samples: number;
  it: LatencySide;
  floor: LatencySide;
  /** Per round: the floor's time ÷ its time (= its rate ÷ the floor's rate; 1.0 = as fast as the floor). */
  ratios: number[];
  medianRatio: number;
  minRatio: number;
  maxRatio: number;
}

/** The nearest-rank percentile (p in 0..1). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const side = (latencies: readonly number[]): LatencySide => ({
  p50: percentile(latencies, 0.5),
  p99: percentile(latencies, 0.99),
  max: Math.max(...latencies),
});

async function timeBatch(operation: () => Promise<unknown>, batch: number): Promise<{ ms: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let index = 0; index < batch; index++) {
    const begun = performance.now();
    await operation();
    latencies.push(performance.now() - begun);
  }
  return { ms: performance.now() - started, latencies };
}

export async function measureLatency(
  pairing: { run(): Promise<unknown>; runFloor(): Promise<unknown> },
  /** `budgetMs`: about the most one side may take over all its rounds; a slow operation gets a smaller batch (at least 1). */
  options: { rounds: number; batch: number; warmUp: number; budgetMs: number },
): Promise<LatencyResult> {
  const warmIt = await timeBatch(() => pairing.run(), options.warmUp);
  const warmFloor = await timeBatch(() => pairing.runFloor(), options.warmUp);
  const slowest = Math.max(...warmIt.latencies, ...warmFloor.latencies);
  const batch = Math.max(1, Math.min(options.batch, Math.floor(options.budgetMs / (options.rounds * slowest))));
  const latencies: number[] = [];
  const floorLatencies: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const { it, floor } = await inTurn(
      round,
      () => timeBatch(() => pairing.run(), batch),
      () => timeBatch(() => pairing.runFloor(), batch),
    );
    latencies.push(...it.latencies);
    floorLatencies.push(...floor.latencies);
    ratios.push(floor.ms / it.ms);
  }
  return {
    rounds: options.rounds,
    batch,
    samples: latencies.length,
    it: side(latencies),
    floor: side(floorLatencies),
    ratios,
    medianRatio: median(ratios),
    minRatio: Math.min(...ratios),
    maxRatio: Math.max(...ratios),
  };
}

export interface ExplainedStatement {
  sql: string;
  parameters: unknown[];
  /**
   * EXPLAIN (ANALYZE, BUFFERS) with the parameters bound: the custom plan, made for these values. A statement
   * that runs longer than the time allowed is cancelled and shown by its plan without ANALYZE.
   */
  plan: string;
  /**
   * The same, prepared and run with plan_cache_mode = force_generic_plan: the plan made without the values,
   * which PostgreSQL may settle on for a statement prepared and run five times or more (postgres.js prepares
   * every statement, so the API's are).
   */
  genericPlan: string;
}

type QueryPlan = { 'QUERY PLAN': string }[];
const planText = (rows: QueryPlan) => rows.map((row) => row['QUERY PLAN']).join('\n');
/** PostgreSQL's query_canceled: here, the statement timeout. */
const cancelled = (error: unknown) => (error as { code?: unknown } | null)?.code === '57014';

/** EXPLAIN ANALYZE, or, should it run out of time, the plan alone, saying so. */
async function analyzed(sql: Sql, statement: string, parameters: postgres.ParameterOrJSON<never>[], timeoutMs: number): Promise<string> {
  try {
    return planText(await sql.unsafe<QueryPlan>(`EXPLAIN (ANALYZE, BUFFERS) ${statement}`, parameters));
  } catch (error) {
    if (!cancelled(error)) throw error;
    const plan = planText(await sql.unsafe<QueryPlan>(`EXPLAIN ${statement}`, parameters));
    return `(not analyzed: cancelled after ${timeoutMs / 1000} s, the time allowed; the plan without ANALYZE)\n${plan}`;
  }
}

/**
 * The statements `compute` sends, each explained with its parameters: caught on a connection of its own
 * (postgres.js's debug hook), then run again under EXPLAIN (ANALYZE, BUFFERS) on a connection of `sql`, with a
 * custom and with a generic plan. Every run is allowed `timeoutMs` (statement_timeout).
 */
export async function explainStatements(
  url: string,
  sql: Sql,
  compute: (capture: Sql) => Promise<unknown>,
  timeoutMs: number,
): Promise<ExplainedStatement[]> {
  const caught: { sql: string; parameters: unknown[] }[] = [];
  const capture = postgres(url, {
    max: 1,
    // No type lookup of its own on connecting: only the figure's statements are caught.
    fetch_types: false,
    onnotice: () => undefined,
    connection: { statement_timeout: timeoutMs },
    // Called as a statement is sent: one cancelled for its time is caught all the same.
    debug: (_connection, query, parameters) => caught.push({ sql: query, parameters: [...(parameters as unknown[])] }),
  });
  try {
    await compute(capture);
  } catch (error) {
    if (!cancelled(error)) throw error;
  } finally {
    await capture.end();
  }
  const explained: ExplainedStatement[] = [];
  for (const statement of caught) {
    const parameters = statement.parameters as postgres.ParameterOrJSON<never>[];
    const reserved = await sql.reserve();
    let prepared = false;
    try {
      await reserved.unsafe(`SET statement_timeout = ${Math.round(timeoutMs)}`);
      const plan = await analyzed(reserved, statement.sql, parameters, timeoutMs);
      await reserved.unsafe(`PREPARE figure_statement AS ${statement.sql}`);
      prepared = true;
      await reserved.unsafe('SET plan_cache_mode = force_generic_plan');
      // As literals: EXECUTE's arguments take the prepared statement's types (a bound $n of no type would not).
      const literal = (value: unknown) =>
        value === null || value === undefined
          ? 'NULL'
          : `'${(typeof value === 'string' ? value : JSON.stringify(value)).replace(/'/g, "''")}'`;
      const values = statement.parameters.map(literal).join(', ');
      const genericPlan = await analyzed(reserved, `EXECUTE figure_statement${values ? `(${values})` : ''}`, [], timeoutMs);
      explained.push({ ...statement, plan, genericPlan });
    } finally {
      // Only this one: postgres.js keeps its own prepared statements on the connection.
      if (prepared) await reserved.unsafe('DEALLOCATE figure_statement');
      await reserved.unsafe('RESET plan_cache_mode');
      await reserved.unsafe('RESET statement_timeout');
      reserved.release();
    }
  }
  return explained;
}
