import { Module } from '@nestjs/common';
import { FeedbackController } from './feedback.controller';

/** Feedback about the service tied to no pathway (issue 12). */
@Module({ controllers: [FeedbackController] })
export class FeedbackModule {}
