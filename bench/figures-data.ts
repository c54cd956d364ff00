/**
 * The data for bench/figures.bench.ts: pathways generated with the domain's own decide and stamp
 * (`generatePathways`, test/support/pathway-script.ts, as the figures test writes its own), written straight
 * into the read model with the projector's own batched write (`projectPathwayEvents`, one transaction per
 * chunk), in event-time order across pathways, under the projector's consumer group on the pathway events
 * topic with increasing offsets: the read model as the projector would leave it, without Kafka.
 *
 * A set grows by chunks of up to 10 000 pathways, each spread over the whole period and shifted by a fraction
 * of its spacing, so that 100 000 pathways made of ten chunks are spread as evenly as one set of 100 000.
 */
import { projectPathwayEvents, type KafkaPosition, type Sql } from '@sarp/db';
import type { PathwayEventEnvelope } from '@sarp/events';
import { generatePathways } from '../test/support/pathway-script';

const CHUNK_PATHWAYS = 10_000;
/** Events per projectPathwayEvents call: about what the projector hands it from one Kafka batch. */
const EVENTS_PER_WRITE = 500;
const DAY = 86_400_000;

export interface LoadReport {
  /** Pathways and events added by this call. */
  pathways: number;
  events: number;
  /** Generating them with decide and stamp (ms), and writing them (ms). */
  generateMs: number;
  loadMs: number;
  eventsPerSecond: number;
}

export class PathwayLoader {
  private nextOffset = 0n;
  private chunks = 0;
  pathways = 0;
  events = 0;

  constructor(
    private readonly sql: Sql,
    private readonly position: Omit<KafkaPosition, 'offset'>,
    private readonly period: { from: Date; days: number },
  ) {}

  /** Adds pathways until there are `total`. */
  async growTo(total: number): Promise<LoadReport> {
    const report: LoadReport = { pathways: 0, events: 0, generateMs: 0, loadMs: 0, eventsPerSecond: 0 };
    while (this.pathways < total) {
      const count = Math.min(CHUNK_PATHWAYS, total - this.pathways);
      const generating = performance.now();
      const events = this.generate(count);
      report.generateMs += performance.now() - generating;
      const loading = performance.now();
      await this.write(events);
      report.loadMs += performance.now() - loading;
      report.pathways += count;
      report.events += events.length;
      this.pathways += count;
      this.events += events.length;
    }
    report.eventsPerSecond = report.events / (report.loadMs / 1000);
    return report;
  }

  /** One chunk's events, in the order they happened (each pathway's in its sequence). */
  private generate(count: number): PathwayEventEnvelope[] {
    const chunk = this.chunks++;
    const spacing = (this.period.days * DAY) / count;
    // The golden ratio's fraction: each chunk lands between the pathways of the chunks before it.
    const shift = ((chunk * 0.6180339887) % 1) * spacing;
    const scripts = generatePathways(count, {
      from: new Date(this.period.from.getTime() + Math.floor(shift)).toISOString(),
      days: this.period.days,
      idPrefix: `P-FIG-${chunk}`,
    });
    const events = scripts.flatMap((script) => script.events);
    return events.sort(
      (x, y) => x.occurredAt.localeCompare(y.occurredAt) || x.pathwayId.localeCompare(y.pathwayId) || x.sequence - y.sequence,
    );
  }

  private async write(events: readonly PathwayEventEnvelope[]): Promise<void> {
    for (let start = 0; start < events.length; start += EVENTS_PER_WRITE) {
      const items = events.slice(start, start + EVENTS_PER_WRITE).map((event) => ({
        event,
        position: { ...this.position, offset: (this.nextOffset++).toString() },
      }));
      const outcomes = await projectPathwayEvents(this.sql, items);
      const applied = outcomes.filter((outcome) => outcome === 'applied').length;
      if (applied !== items.length) throw new Error(`${items.length - applied} of ${items.length} generated events were not applied`);
    }
  }
}
