/**
 * What every benchmark writes: its numbers as JSON in bench/results/<name>.json
 * and a section of docs/benchmarks.md between `<!-- <name>:start -->` and
 * `<!-- <name>:end -->`, with the machine it ran on. These machines are
 * shared and noisy: a benchmark reports ratios against a baseline measured
 * in the same run, never a bare number to hold another run to.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const RESULTS_DIR = resolve(ROOT, 'bench/results');
const BENCHMARKS_DOC = resolve(ROOT, 'docs/benchmarks.md');

export function machine(): { cpus: number; cpuModel: string; memoryGb: number; node: string; ranAt: string } {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    ranAt: new Date().toISOString(),
  };
}

export function median(values: number[]): number {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Least-squares slope of [ms, value] points, per minute. */
export function slopePerMinute(points: [number, number][]): number {
  const finite = points.filter(([, value]) => Number.isFinite(value));
  if (finite.length < 2) return Number.NaN;
  const meanX = finite.reduce((sum, [x]) => sum + x, 0) / finite.length;
  const meanY = finite.reduce((sum, [, y]) => sum + y, 0) / finite.length;
  const covariance = finite.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = finite.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : (covariance / variance) * 60_000;
}

/** Writes the JSON and replaces (or adds) this benchmark's section of docs/benchmarks.md. */
export function writeBenchmark(name: string, result: { machine: ReturnType<typeof machine> } & object, markdown: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(resolve(RESULTS_DIR, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const { cpus: count, cpuModel, memoryGb, node, ranAt } = result.machine;
  const section = [
    `<!-- ${name}:start -->`,
    `Last run ${ranAt} on ${count} × ${cpuModel}, ${memoryGb} GiB, Node ${node}.`,
    '',
    markdown,
    `<!-- ${name}:end -->`,
  ].join('\n');
  let doc: string;
  try {
    doc = readFileSync(BENCHMARKS_DOC, 'utf8');
  } catch {
    doc = '# Benchmarks\n';
  }
  const pattern = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`);
  writeFileSync(BENCHMARKS_DOC, pattern.test(doc) ? doc.replace(pattern, section) : `${doc.trimEnd()}\n\n## ${name}\n\n${section}\n`);
}
