import { Module } from '@nestjs/common';
import { SubjectAccessController } from './subject-access.controller';

/** Subject access requests and their one-month clocks (issue 12). */
@Module({ controllers: [SubjectAccessController] })
export class SubjectAccessModule {}
