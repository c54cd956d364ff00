/**
 * Measuring against a floor in the same run (issue 15): the benchmark and its floor take turns, several rounds,
 * each round timing a batch of each; the result is the ratio of their rates per round (1.0 = as fast as the
 * floor), reported as the median and the spread. Alternating, with the order swapped each round, keeps a noisy
 * shared machine's drift out of the ratio.
 */
import { median } from './report';

export interface Pairing {
  name: string;
  /** What it measures, in words, and what its floor is. */
  measures: string;
  floor: string;
  /** One operation of each; both are awaited to the end (an answer, a row visible). */
  run(): Promise<unknown>;
  runFloor(): Promise<unknown>;
}

export interface PairedResult {
  name: string;
  measures: string;
  floor: string;
  rounds: number;
  batch: number;
  concurrency: number;
  /** Operations per second, per round. */
  ratePerRound: number[];
  floorRatePerRound: number[];
  /** rate ÷ floor rate per round. */
  ratios: number[];
  medianRatio: number;
  minRatio: number;
  maxRatio: number;
  /** Median and 99th-percentile latency of one operation (ms), over every round. */
  medianMs: number;
  floorMedianMs: number;
  p99Ms: number;
  floorP99Ms: number;
}

/** Runs `batch` operations, `concurrency` at a time; the rate (ops/s) and each operation's time (ms). */
async function timeBatch(
  operation: () => Promise<unknown>,
  batch: number,
  concurrency: number,
): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batch) {
        next++;
        const begun = performance.now();
        await operation();
        latencies.push(performance.now() - begun);
      }
    }),
  );
  return { rate: batch / ((performance.now() - started) / 1000), latencies };
}

/** One round of a pair: both sides, the order swapped on odd rounds (a noisy machine's drift then falls on each alike). */
export async function inTurn<T>(round: number, measureIt: () => Promise<T>, measureFloor: () => Promise<T>): Promise<{ it: T; floor: T }> {
  if (round % 2 === 0) {
    const it = await measureIt();
    return { it, floor: await measureFloor() };
  }
  const floor = await measureFloor();
  return { it: await measureIt(), floor };
}

export async function measurePaired(
  pairing: Pairing,
  options: { rounds: number; batch: number; concurrency: number; warmUp: number },
): Promise<PairedResult> {
  // Warm both up (JIT, connection pools, the worker's caches) before anything counts.
  await timeBatch(() => pairing.run(), options.warmUp, options.concurrency);
  await timeBatch(() => pairing.runFloor(), options.warmUp, options.concurrency);
  const ratePerRound: number[] = [];
  const floorRatePerRound: number[] = [];
  const latencies: number[] = [];
  const floorLatencies: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const { it, floor } = await inTurn(
      round,
      () => timeBatch(() => pairing.run(), options.batch, options.concurrency),
      () => timeBatch(() => pairing.runFloor(), options.batch, options.concurrency),
    );
    ratePerRound.push(it.rate);
    floorRatePerRound.push(floor.rate);
    latencies.push(...it.latencies);
    floorLatencies.push(...floor.latencies);
  }
  const ratios = ratePerRound.map((rate, index) => rate / floorRatePerRound[index]!);
  return {
    name: pairing.name,
    measures: pairing.measures,
    floor: pairing.floor,
    rounds: options.rounds,
    batch: options.batch,
    concurrency: options.concurrency,
    ratePerRound,
    floorRatePerRound,
    ratios,
    medianRatio: median(ratios),
    minRatio: Math.min(...ratios),
    maxRatio: Math.max(...ratios),
    medianMs: median(latencies),
    floorMedianMs: median(floorLatencies),
    p99Ms: percentile(latencies, 0.99),
    floorP99Ms: percentile(floorLatencies, 0.99),
  };
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** The markdown table of paired results, with the target each is held to, when it has one. */
export function pairedTable(results: readonly PairedResult[], targets: Readonly<Record<string, number>>): string {
  return [
    '| benchmark | floor | ratio (median) | spread | target | rate / floor rate (ops/s, median) | latency / floor (ms, median) |',
    '|---|---|---|---|---|---|---|',
    ...results.map((result) => {
      const target = targets[result.name];
      return `| ${result.measures} | ${result.floor} | **${fixed(result.medianRatio)}×** | ${fixed(result.minRatio)}–${fixed(result.maxRatio)} | ${target ? `≥ ${target}×${result.medianRatio >= target ? '' : ' (not met)'}` : '–'} | ${fixed(median(result.ratePerRound), 1)} / ${fixed(median(result.floorRatePerRound), 1)} | ${fixed(result.medianMs, 0)} / ${fixed(result.floorMedianMs, 0)} |`;
    }),
    '',
    `Each row: ${results[0]?.rounds ?? 0} rounds, alternating with its floor (the order swapped each round), ${results[0]?.batch ?? 0} operations a round, ${results[0]?.concurrency ?? 0} at a time, after a warm-up. A ratio is the rate ÷ the floor's rate in the same round.`,
  ].join('\n');
}
