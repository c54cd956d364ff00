/**
 * No personal data in the application's logs: a whole stretch of work with
 * distinctive values in every free-text field (needs, risk, plan, reasons,
 * a refused command, an invalid request, a poison message that is
 * dead-lettered) is run with the API logging at every level, and everything
 * written to stdout, stderr and the console is scanned for those values.
 */
import { ConsoleLogger } from '@nestjs/common';
import { createEventProducer, createKafka } from '@sarp/kafka';
import { apiClient } from './support/api-client';
import { referAndWait } from './support/referral';
import { startSarp, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

/** Values no log line may contain: each stands for something written about a person. */
const CANARY = {
  needs: 'Canary-needs: hears voices at night',
  risk: 'Canary-risk: history of arson',
  plan: 'Canary-plan: misses her daughter',
  reason: 'Canary-reason: moving in with partner',
  letter: 'Canary-letter-REF-7731',
  poison: 'Canary-poison: NHS 943 476 5919',
  invalid: 'Canary Invalid Jane Smith',
};

let sarp: SarpHarness;
const tokens: Record<string, string> = {};
const client = apiClient(() => sarp.baseUrl, tokens);
const { call, ok } = client;
const captured: string[] = [];
const restore: (() => void)[] = [];

function capture(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = (chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    };
    restore.push(() => (stream.write = write));
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      captured.push(args.map(String).join(' '));
    };
    restore.push(() => (console[level] = original));
  }
}

beforeAll(async () => {
  capture();
  const logger = new ConsoleLogger('SARP', { logLevels: ['log', 'warn', 'error', 'debug', 'verbose'] });
  sarp = await startSarp({ logger });
  tokens.coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator', 'localities');
  tokens.assessor = await sarp.tokenFor('assessor-raj', 'assessor', 'localities');
});

afterAll(async () => {
  await sarp?.close();
  for (const undo of restore.reverse()) undo();
});

describe('the application logs', () => {
  it('carry no personal data, whatever happens to a case', async () => {
    const id = await referAndWait(client, 'coordinator', {
      personRef: 'P-LOGS-001',
      referringAgency: 'nhs',
      presentingNeeds: [CANARY.needs],
      urgency: 'standard',
    });
    await ok(`/pathways/${id}/triage`, 'coordinator', { outcome: 'accept', urgency: 'standard' });
    await ok(`/pathways/${id}/assessor`, 'coordinator', { assessorId: 'assessor-raj' });
    await ok(`/pathways/${id}/assessment`, 'assessor', {
      needs: [CANARY.needs],
      risk: { level: 'low', summary: CANARY.risk, positiveRiskTaking: null },
      eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
      supportPlan: {
        wellbeing: CANARY.plan,
        satisfactionWithHome: 'Fair',
        communityConnections: 'Church',
        aspirations: 'Work',
        strengths: 'Kind',
      },
      careBundles: [],
      requestedModel: 'independent',
      requestedPackageHours: 5,
      requestedWeeklyFunding: 150,
      copyGivenToPerson: true,
    });
    // Refused (wrong stage), invalid (a name where a reference belongs), and a message the projector must dead-letter.
    expect((await call('POST', `/pathways/${id}/leaving-confirmation`, 'coordinator', { letterRef: CANARY.letter })).status).toBe(409);
    expect((await call('POST', `/pathways/${id}/withdrawal`, 'assessor', { reason: CANARY.reason })).status).toBe(403);
    expect((await call('POST', '/referrals', 'coordinator', { personRef: CANARY.invalid, referringAgency: 'nhs' })).status).toBe(400);
    const producer = createEventProducer(createKafka(sarp.config.kafka));
    await producer.connect();
    await producer.send({
      topic: sarp.config.kafka.pathwayEventsTopic,
      acks: -1,
      messages: [{ key: id, value: JSON.stringify({ type: 'ReferralReceived', note: CANARY.poison, eventId: 'x' }) }],
    });
    await producer.disconnect();
    await waitFor(() => Promise.resolve(captured.some((line) => line.includes('dead-lettering')) ? true : undefined), {
      what: 'the projector to log the dead letter',
    });

    const logs = captured.join('\n');
    expect(logs).toContain('dead-lettering'); // the capture works: the projector's warning is in it
    const leaked = Object.entries(CANARY).filter(([, value]) => logs.includes(value) || logs.includes(value.split(': ')[1] ?? value));
    expect(leaked.map(([field]) => field)).toEqual([]);
  });
});
