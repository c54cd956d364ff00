import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { listServiceFeedback, recordServiceFeedback, type ServiceFeedback, type Sql } from '@sarp/db';
import { FeedbackChannel, FeedbackDetails, type Actor } from '@sarp/events';
import { z } from 'zod';
import { CurrentActor, Permission } from '../auth/auth.decorators';
import { withDatabase } from '../infrastructure/dependency-errors';
import { SQL } from '../infrastructure/tokens';
import { ApiProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';

/** New feedback says how it arrived; the id, when given, makes a retried request harmless. */
export const ServiceFeedbackRequest = FeedbackDetails.extend({ channel: FeedbackChannel, feedbackId: z.uuid().optional() });
export const ServiceFeedbackQuery = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/**
 * Complaints and compliments about the service that are tied to no person's
 * pathway (seed 003; feedback about a pathway is `POST /pathways/{id}/feedback`).
 * Both count in the `feedback` figure.
 */
@Controller('feedback')
export class FeedbackController {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  @Post()
  @HttpCode(201)
  @Permission('POST /feedback')
  async record(
    @Body(new ZodValidationPipe(ServiceFeedbackRequest)) body: z.infer<typeof ServiceFeedbackRequest>,
    @CurrentActor() actor: Actor,
  ): Promise<ServiceFeedback> {
    const { feedbackId, ...feedback } = body;
    if (Date.parse(`${feedback.receivedOn}T00:00:00Z`) > Date.now()) {
      throw new ApiProblem(422, 'rule-violation', 'A rule was broken', 'the day the feedback was received is in the future');
    }
    return withDatabase(() => recordServiceFeedback(this.sql, feedbackId ?? randomUUID(), feedback, actor, new Date()));
  }

  @Get()
  @Permission('GET /feedback')
  async list(
    @Query(new ZodValidationPipe(ServiceFeedbackQuery)) query: z.infer<typeof ServiceFeedbackQuery>,
  ): Promise<{ items: ServiceFeedback[] }> {
    return { items: await withDatabase(() => listServiceFeedback(this.sql, query)) };
  }
}
