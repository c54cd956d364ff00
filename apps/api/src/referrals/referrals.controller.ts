import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { Caller } from '@sarp/domain';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, Permission } from '../auth/auth.decorators';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';
import { CorrelationId } from '../correlation';
import { CreateReferralRequest, IdempotencyKey, type ReferralAccepted } from './referral-request';
import { ReferralsService } from './referrals.service';

@Controller('referrals')
export class ReferralsController {
  constructor(@Inject(ReferralsService) private readonly referrals: ReferralsService) {}

  /** A coordinator records a referral; the pathway starts and is projected shortly after. */
  @Post()
  @HttpCode(202)
  @Permission('POST /referrals')
  async create(
    @Body(new ZodValidationPipe(CreateReferralRequest)) body: CreateReferralRequest,
    @Headers('idempotency-key') idempotencyKeyHeader: unknown,
    @CorrelationId() correlationId: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralAccepted> {
    const idempotencyKey = new ZodValidationPipe(IdempotencyKey, 'Idempotency-Key').transform(idempotencyKeyHeader);
    const started = await this.referrals.receiveReferral(body, caller, idempotencyKey, correlationId ?? randomUUID());
    const location = `/pathways/${started.pathwayId}`;
    void reply.header('location', location);
    return {
      pathwayId: started.pathwayId,
      status: started.created ? 'accepted' : 'already-accepted',
      links: { pathway: location },
      linkedPathways: started.linkedPathways,
    };
  }
}
