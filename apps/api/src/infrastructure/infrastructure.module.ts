import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptions, type SarpConfig } from '@sarp/config';
import { AuditKeyring, createSql, type Sql } from '@sarp/db';
import { dataConverterFor } from '@sarp/temporal';
import { CaseAccess } from '../auth/case-access';
import { ProjectionWaits } from './projection-wait';
import { RefusalRecorder } from './refusal-recorder';
import { TemporalGateway } from './temporal-gateway';
import { AuditCheckpoints } from '../audit/audit-checkpoints';
import { AUDIT_KEYRING, SARP_CONFIG, SQL } from './tokens';

/** Closes the shared connections when the app shuts down (STYLE 14). */
class ConnectionsCloser implements OnApplicationShutdown {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(TemporalGateway) private readonly temporal: TemporalGateway,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.sql.end({ timeout: 5 }), this.temporal.close()]);
  }
}

/**
 * The API's connections to its dependencies, shared by every module.
 * Connections are lazy, so the API starts (and reports which dependency is
 * down on /health and as 503s) even when one is unreachable.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: SarpConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: SARP_CONFIG, useValue: config },
        { provide: SQL, useFactory: () => createSql(config.database) },
        { provide: AUDIT_KEYRING, useValue: new AuditKeyring(config.audit.keys) },
        {
          provide: TemporalGateway,
          useFactory: () =>
            new TemporalGateway(
              new Client({
                // Fail fast when the frontend is unreachable, so the caller gets a 503 instead of a hanging request.
                connection: Connection.lazy({ ...temporalConnectionOptions(config.temporal), connectTimeout: '5s' }),
                namespace: config.temporal.namespace,
                // Payloads encrypted (SARP_PAYLOAD_KEYS), as the worker's: Temporal holds no person's data in clear.
                dataConverter: dataConverterFor(config.temporal),
              }),
            ),
        },
        ConnectionsCloser,
        RefusalRecorder,
        CaseAccess,
        ProjectionWaits,
        AuditCheckpoints,
      ],
      exports: [SARP_CONFIG, SQL, AUDIT_KEYRING, TemporalGateway, RefusalRecorder, CaseAccess, ProjectionWaits, AuditCheckpoints],
    };
  }
}
