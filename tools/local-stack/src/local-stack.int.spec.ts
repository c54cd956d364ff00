/**
 * The local stack really starts a Temporal, a Kafka and a PostgreSQL that
 * answer their own protocols, and stopping it leaves nothing behind. It runs
 * its own throw-away stack next to the one of the global setup.
 */
import { Connection } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import { existsSync } from 'node:fs';
import postgres from 'postgres';
import { localStackStatus, startLocalStack, stopLocalStack, type LocalStack, type PartStatus } from './index';
import { isAlive } from './processes';

jest.setTimeout(180_000);

let stack: LocalStack | undefined;
let parts: PartStatus[] = [];
const messages: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({
    profile: 'test',
    searchAttributes: [{ name: 'SarpStage', type: 'Keyword' }],
    log: (message) => messages.push(message),
  });
  parts = (await localStackStatus('test')).find((status) => status.stateDir === stack?.stateDir)?.parts ?? [];
});

afterAll(async () => {
  // Safety net when a test failed before the stop test ran.
  if (stack && existsSync(stack.stateDir)) await stopLocalStack(stack, { log: () => undefined });
});

describe('a test-profile local stack', () => {
  it('records three running parts of its own, on loopback ports', () => {
    expect(parts.map((part) => [part.name, part.running, part.external])).toEqual([
      ['temporal', true, false],
      ['kafka', true, false],
      ['postgres', true, false],
    ]);
    expect(stack?.temporalAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(stack?.temporalUiUrl).toBeUndefined();
  });

  it('answers SQL on PostgreSQL', async () => {
    const sql = postgres(stack!.databaseUrl, { max: 1, onnotice: () => undefined });
    try {
      expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
    } finally {
      await sql.end();
    }
  });

  it('has the pathway topics on Kafka', async () => {
    const admin = new Kafka({ clientId: 'local-stack-spec', brokers: stack!.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).toEqual(expect.arrayContaining(['sarp.pathway-events.v1', 'sarp.pathway-events.dlq.v1']));
    } finally {
      await admin.disconnect();
    }
  });

  it('serves the default namespace with the requested search attribute on Temporal', async () => {
    const connection = await Connection.connect({ address: stack!.temporalAddress });
    try {
      const { namespaces } = await connection.workflowService.listNamespaces({});
      expect(namespaces.map((namespace) => namespace.namespaceInfo?.name)).toContain('default');
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(customAttributes ?? {})).toContain('SarpStage');
    } finally {
      await connection.close();
    }
  });

  it('stops every process and removes its folder', async () => {
    const pids = parts.map((part) => part.pid).filter((pid): pid is number => pid !== undefined);
    expect(pids).toHaveLength(3);
    await stopLocalStack(stack!, { log: () => undefined });
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    expect(existsSync(stack!.stateDir)).toBe(false);
  });
});
