import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { SarpConfig } from '@sarp/config';
import { AccommodationModule } from './accommodation/accommodation.module';
import { AccessLogInterceptor } from './audit/access-log.interceptor';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { FeedbackModule } from './feedback/feedback.module';
import { HealthModule } from './health/health.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { PathwaysModule } from './pathways/pathways.module';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { ProjectorModule } from './projector/projector.module';
import { PersonsModule } from './persons/persons.module';
import { ReferralsModule } from './referrals/referrals.module';
import { ReportsModule } from './reports/reports.module';
import { SubjectAccessModule } from './subject-access/subject-access.module';
import { TemporalCodecModule } from './temporal-codec/temporal-codec.module';
import { WebModule } from './web/web.module';
import { WorklistModule } from './worklist/worklist.module';

@Module({})
export class AppModule {
  static forRoot(config: SarpConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config),
        ReferralsModule,
        PathwaysModule,
        AccommodationModule,
        PersonsModule,
        WorklistModule,
        AuditModule,
        ReportsModule,
        FeedbackModule,
        SubjectAccessModule,
        HealthModule,
        TemporalCodecModule,
        ProjectorModule,
        WebModule,
      ],
      providers: [
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(config.auth) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
      ],
    };
  }
}
