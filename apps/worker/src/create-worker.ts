import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '@sarp/activities';
import { temporalConnectionOptions, type SarpConfig } from '@sarp/config';
import { createSql } from '@sarp/db';
import { createEventProducer, createKafka, ensurePathwayTopics, RenewingProducer } from '@sarp/kafka';
import { dataConverterFor } from '@sarp/temporal';

export interface PathwayWorkerHandle {
  worker: Worker;
  /** Closes the Kafka producer and the Temporal connection; call after the worker stopped. */
  close(): Promise<void>;
}

/**
 * Builds a worker for the pathway task queue with real dependencies.
 * The caller runs it (`worker.run()` or `worker.runUntil(...)`), so the same
 * function serves the worker process and the tests.
 */
export async function createPathwayWorker(
  config: Pick<SarpConfig, 'temporal' | 'kafka' | 'database' | 'panel'>,
  overrides: Partial<WorkerOptions> = {},
): Promise<PathwayWorkerHandle> {
  await ensurePathwayTopics(config.kafka.brokers, config.kafka);
  // Replaced after a failed send: kafkajs's sequence numbers cannot be trusted after one (see RenewingProducer).
  const kafka = createKafka(config.kafka);
  const producer = new RenewingProducer(() => createEventProducer(kafka));
  await producer.connect();
  const sql = createSql(config.database);
  let connection: NativeConnection | undefined;
  try {
    connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      maxCachedWorkflows: config.temporal.maxCachedWorkflows,
      // Payloads encrypted (SARP_PAYLOAD_KEYS): Temporal's histories hold no person's data in clear.
      dataConverter: dataConverterFor(config.temporal),
      workflowsPath: require.resolve('@sarp/workflows'),
      activities: createActivities({ producer, pathwayEventsTopic: config.kafka.pathwayEventsTopic, sql, panelSchedule: config.panel }),
      ...overrides,
    });
    const openConnection = connection;
    return {
      worker,
      async close() {
        await producer.disconnect();
        await sql.end({ timeout: 5 });
        await openConnection.close();
      },
    };
  } catch (error) {
    await producer.disconnect();
    await sql.end({ timeout: 5 });
    await connection?.close();
    throw error;
  }
}
