import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { SarpConfig } from '@sarp/config';
import type { Sql } from '@sarp/db';
import { createKafka } from '@sarp/kafka';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { TemporalGateway } from '../infrastructure/temporal-gateway';
import { SARP_CONFIG, SQL } from '../infrastructure/tokens';

type Check = { status: 'up' } | { status: 'down'; reason: string };
export interface HealthReport {
  status: 'up' | 'down';
  checks: { temporal: Check; kafka: Check; postgresql: Check };
}

const CHECK_TIMEOUT_MS = 3000;

@Controller('health')
export class HealthController {
  constructor(
    @Inject(SARP_CONFIG) private readonly config: SarpConfig,
    @Inject(SQL) private readonly sql: Sql,
    @Inject(TemporalGateway) private readonly temporal: TemporalGateway,
  ) {}

  /**
   * Reports each dependency. Public on purpose: load balancers and
   * orchestrators probe it without credentials, and it reveals no personal
   * data, only whether each part answers. 503 when any part is down.
   */
  @Get()
  @Public()
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const [temporal, kafka, postgresql] = await Promise.all([
      probe(() => this.temporal.call(CHECK_TIMEOUT_MS, (client) => client.workflowService.getSystemInfo({}))),
      probe(() => this.checkKafka()),
      probe(() => this.sql`SELECT 1`),
    ]);
    const report: HealthReport = {
      status: [temporal, kafka, postgresql].every((check) => check.status === 'up') ? 'up' : 'down',
      checks: { temporal, kafka, postgresql },
    };
    void reply.status(report.status === 'up' ? 200 : 503);
    return report;
  }

  private async checkKafka(): Promise<void> {
    const kafka = createKafka(this.config.kafka, { quiet: true });
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      const topics = await admin.listTopics();
      if (!topics.includes(this.config.kafka.pathwayEventsTopic)) {
        throw new Error(`topic ${this.config.kafka.pathwayEventsTopic} is missing`);
      }
    } finally {
      await admin.disconnect();
    }
  }
}

async function probe(check: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', reason: error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : 'unknown error' };
  } finally {
    clearTimeout(timer);
  }
}
