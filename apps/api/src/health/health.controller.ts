import { Controller, Get, Inject, Logger, Res, type OnApplicationShutdown } from '@nestjs/common';
import type { SarpConfig } from '@sarp/config';
import type { Sql } from '@sarp/db';
import { createKafka } from '@sarp/kafka';
import type { FastifyReply } from 'fastify';
import type { Admin } from 'kafkajs';
import { Permission, Public } from '../auth/auth.decorators';
import { TemporalGateway } from '../infrastructure/temporal-gateway';
import { SARP_CONFIG, SQL } from '../infrastructure/tokens';

/** Why a part is down, in words that name no host, port, user or query: the raw reason goes to the log. */
type DownReason = 'no answer in time' | 'unreachable or refusing' | 'pathway events topic missing';
type Check = { status: 'up' } | { status: 'down'; reason: DownReason };
export interface DependencyReport {
  status: 'up' | 'down';
  checks: { temporal: Check; kafka: Check; postgresql: Check };
}

const CHECK_TIMEOUT_MS = 3000;
/**
 * Probes of the dependencies are shared for this long: readiness is public, so however often it is asked
 * (a load balancer, or someone flooding it), Temporal, Kafka and PostgreSQL are asked at most once a second.
 */
const CHECK_REUSE_MS = 1000;

/** Raised by the Kafka check when the topic SARP publishes to is not there. */
class TopicMissingError extends Error {}

@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private readonly logger = new Logger(HealthController.name);
  /** One Kafka admin connection for every check (not one per call), connected on first use and after a failure. */
  private kafkaAdmin: Admin | undefined;
  private latest: { at: number; report: Promise<DependencyReport> } | undefined;

  constructor(
    @Inject(SARP_CONFIG) private readonly config: SarpConfig,
    @Inject(SQL) private readonly sql: Sql,
    @Inject(TemporalGateway) private readonly temporal: TemporalGateway,
  ) {}

  /** Liveness: the process answers HTTP. Asks no dependency, so a slow database never gets the API restarted. */
  @Get()
  @Public()
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /**
   * Readiness: whether this API can serve (Temporal, Kafka and PostgreSQL answer). Public for load balancers
   * and orchestrators, so it says only ready or not: which part is down, and why, is for operators
   * (`GET /health/dependencies`) and the log.
   */
  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ready' | 'not-ready' }> {
    const report = await this.dependencies();
    void reply.status(report.status === 'up' ? 200 : 503);
    return { status: report.status === 'up' ? 'ready' : 'not-ready' };
  }

  /** Each dependency up or down, and why in general words; for the people who run the service. */
  @Get('dependencies')
  @Permission('GET /health/dependencies')
  async detail(@Res({ passthrough: true }) reply: FastifyReply): Promise<DependencyReport> {
    const report = await this.dependencies();
    void reply.status(report.status === 'up' ? 200 : 503);
    return report;
  }

  private dependencies(): Promise<DependencyReport> {
    if (this.latest && Date.now() - this.latest.at < CHECK_REUSE_MS) return this.latest.report;
    const report = this.probeAll();
    this.latest = { at: Date.now(), report };
    return report;
  }

  private async probeAll(): Promise<DependencyReport> {
    const [temporal, kafka, postgresql] = await Promise.all([
      this.probe('temporal', () => this.temporal.call(CHECK_TIMEOUT_MS, (client) => client.workflowService.getSystemInfo({}))),
      this.probe('kafka', () => this.checkKafka()),
      this.probe('postgresql', () => this.sql`SELECT 1`),
    ]);
    return {
      status: [temporal, kafka, postgresql].every((check) => check.status === 'up') ? 'up' : 'down',
      checks: { temporal, kafka, postgresql },
    };
  }

  private async checkKafka(): Promise<void> {
    if (!this.kafkaAdmin) {
      const admin = createKafka(this.config.kafka, { quiet: true }).admin({ retry: { retries: 0 } });
      await admin.connect();
      this.kafkaAdmin = admin;
    }
    try {
      const topics = await this.kafkaAdmin.listTopics();
      if (!topics.includes(this.config.kafka.pathwayEventsTopic)) throw new TopicMissingError(`topic ${this.config.kafka.pathwayEventsTopic} is missing`);
    } catch (error) {
      if (!(error instanceof TopicMissingError)) await this.dropKafkaAdmin();
      throw error;
    }
  }

  private async dropKafkaAdmin(): Promise<void> {
    const admin = this.kafkaAdmin;
    this.kafkaAdmin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  private async probe(part: string, check: () => Promise<unknown>): Promise<Check> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CHECK_TIMEOUT_MS);
    });
    try {
      if ((await Promise.race([check(), timeout])) === 'timeout') return this.down(part, 'no answer in time', `no answer within ${CHECK_TIMEOUT_MS} ms`);
      return { status: 'up' };
    } catch (error) {
      const raw = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : 'unknown error';
      return this.down(part, error instanceof TopicMissingError ? 'pathway events topic missing' : 'unreachable or refusing', raw);
    } finally {
      clearTimeout(timer);
    }
  }

  private down(part: string, reason: DownReason, raw: string): Check {
    this.logger.warn(`${part} is down: ${raw}`);
    return { status: 'down', reason };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dropKafkaAdmin();
  }
}
