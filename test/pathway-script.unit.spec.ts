/**
 * The benchmarks' data: `generatePathways` must make valid histories (every
 * command accepted by the domain's own decide) whatever the weekday or
 * season a referral falls on, or a large run fails part way.
 */
import { generatePathways } from './support/pathway-script';

describe('generated pathways', () => {
  it('come in five kinds, each a history the domain accepts, over a whole year of start dates', () => {
    const scripts = generatePathways(3000, { from: '2025-01-01T00:00:00Z', days: 365 });
    const stages = new Map<string, number>();
    for (const script of scripts) {
      const stage = script.state.status === 'started' ? script.state.stage : 'empty';
      stages.set(stage, (stages.get(stage) ?? 0) + 1);
      expect(script.events.map((event) => event.sequence)).toEqual(script.events.map((_, index) => index + 1));
    }
    // Placed (stepped down from intensive), closed (moved on, breached then withdrawn, declined), waiting for an assessment.
    expect(Object.fromEntries(stages)).toEqual({ placement: 600, closed: 1800, assessment: 600 });
  });
});
