import { Controller, Get, Inject, Param } from '@nestjs/common';
import { findPathway, type PathwayView, type Sql } from '@sarp/db';
import { z } from 'zod';
import { AllowedRoles } from '../auth/auth.decorators';
import { withDatabase } from '../infrastructure/dependency-errors';
import { SQL } from '../infrastructure/tokens';
import { NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';

export const PathwayIdParam = z.uuid({ message: 'a pathway id is a UUID' });

@Controller('pathways')
export class PathwaysController {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** The projected pathway: stage, urgency and timeline, as the read model has it. */
  @Get(':id')
  @AllowedRoles('coordinator', 'assessor', 'panel_member', 'panel_chair', 'auditor', 'admin')
  async get(@Param('id', new ZodValidationPipe(PathwayIdParam, 'id')) pathwayId: string): Promise<PathwayView> {
    const pathway = await withDatabase(() => findPathway(this.sql, pathwayId));
    if (!pathway) throw new NotFoundProblem(`no pathway ${pathwayId} in the read model (a pathway just referred appears within moments)`);
    return pathway;
  }
}
