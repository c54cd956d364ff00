/**
 * A case waiting at the QA panel survives a restart of the Temporal server
 * itself (and of the worker): its state lives in the server's persistence, a
 * SQLite file here as in `npm start`. After the restart the decision arrives
 * and the workflow resumes on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATHWAY_SEARCH_ATTRIBUTES } from '@sarp/config';
import { freePorts, locateTemporal } from '@sarp/local-stack';
import { Connection } from '@temporalio/client';
import { apiClient } from './support/api-client';
import { startSarp, testConfig, type SarpHarness } from './support/sarp-harness';
import { waitFor } from './support/wait-for';

const dataDir = mkdtempSync(join(tmpdir(), 'sarp-restart-'));
let port: number;
let server: ChildProcess | undefined;
let sarp: SarpHarness | undefined;

/** Starts the dev server on the same SQLite file each time, and waits until it answers. */
async function startServer(): Promise<void> {
  const source = locateTemporal(process.cwd(), process.env);
  if (!('bin' in source))
    throw new Error('the Temporal CLI is not built: run the integration tests through jest (its global setup builds it)');
  const attributes = PATHWAY_SEARCH_ATTRIBUTES.flatMap(({ name, type }) => ['--search-attribute', `${name}=${type}`]);
  server = spawn(
    source.bin,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--headless',
      '--db-filename',
      join(dataDir, 'temporal.db'),
      '--log-level',
      'error',
      ...attributes,
    ],
    { stdio: 'ignore' },
  );
  await waitFor(
    async () => {
      const connection = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: '1s' });
      try {
        await connection.workflowService.getSystemInfo({});
        return true;
      } finally {
        await connection.close();
      }
    },
    { what: 'the Temporal server to answer', timeoutMs: 60_000 },
  );
}

async function stopServer(): Promise<void> {
  const running = server;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGTERM');
  await exited;
}

beforeAll(async () => {
  [port] = (await freePorts(1)) as [number];
  await startServer();
  sarp = await startSarp({ config: testConfig({ TEMPORAL_ADDRESS: `127.0.0.1:${port}` }) });
});

afterAll(async () => {
  await sarp?.close();
  await stopServer();
  rmSync(dataDir, { recursive: true, force: true });
});

const { call } = apiClient(() => sarp?.baseUrl ?? '', {});

describe('a case waiting at the panel', () => {
  it('survives a restart of the Temporal server and the worker, and resumes on the decision', async () => {
    if (!sarp) throw new Error('SARP did not start');
    const coordinator = await sarp.tokenFor('coordinator-ann', 'coordinator');
    const assessor = await sarp.tokenFor('assessor-raj', 'assessor');
    const member = await sarp.tokenFor('panel-lee', 'panel_member');
    const chair = await sarp.tokenFor('chair-sam', 'panel_chair');

    const referral = await call('POST', '/referrals', coordinator, {
      personRef: 'P-RESTART-1',
      referringAgency: 'nhs',
      presentingNeeds: ['Needs 24/7 support'],
      urgency: 'standard',
    });
    const id = referral.body.pathwayId as string;
    await waitFor(async () => ((await call('GET', `/pathways/${id}/live`, coordinator)).body.lastSequence > 0 ? true : undefined), {
      what: 'the referral',
    });
    expect((await call('POST', `/pathways/${id}/triage`, coordinator, { outcome: 'accept', urgency: 'standard' })).status).toBe(200);
    expect((await call('POST', `/pathways/${id}/assessor`, coordinator, { assessorId: 'assessor-raj' })).status).toBe(200);
    const assessed = await call('POST', `/pathways/${id}/assessment`, assessor, {
      needs: ['24/7 support'],
      risk: { level: 'high', summary: 'High risk', positiveRiskTaking: null },
      eligibility: { outcome: 'eligible', criteriaSet: 'care-act-2014', criteriaVersion: '2015' },
      supportPlan: {
        wellbeing: 'Low',
        satisfactionWithHome: 'Poor',
        communityConnections: 'Few',
        aspirations: 'Safety',
        strengths: 'Resilient',
      },
      careBundles: [],
      requestedModel: 'intensive',
      requestedPackageHours: 50,
      requestedWeeklyFunding: 1500,
      copyGivenToPerson: true,
    });
    expect(assessed.body.state.stage).toBe('panel');
    const taskId = `${id}:panel:${(assessed.body.events as { type: string; sequence: number }[]).find((e) => e.type === 'CaseReferredToPanel')?.sequence}`;
    expect(
      (
        await call('POST', `/tasks/${taskId}/decision`, member, {
          decision: 'approved',
          model: 'intensive',
          packageHours: 50,
          weeklyFunding: 1500,
          fundingStream: 'council',
          conditions: [],
        })
      ).status,
    ).toBe(200);

    // Everything on the write side goes down and comes back.
    await stopServer();
    await startServer();
    await sarp.restartWorker();

    // The first tries may meet a server still warming up; a try that went through but lost its answer shows in the live state.
    const confirmed = await waitFor(
      async () => {
        const answer = await call('POST', `/tasks/${taskId}/confirmation`, chair, {});
        if (answer.status === 200) return answer.body;
        const live = await call('GET', `/pathways/${id}/live`, chair);
        return live.body.stage === 'placement' ? { state: live.body } : undefined;
      },
      { what: 'the confirmation to go through after the restart', timeoutMs: 60_000 },
    );
    expect(confirmed.state).toMatchObject({ stage: 'placement', approvedModel: 'intensive', panelTask: null });
  });
});
