import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { findPanelTask, listPanelTasks, type PanelTaskView, type Sql } from '@sarp/db';
import { z } from 'zod';
import { AllowedRoles } from '../auth/auth.decorators';
import { withDatabase } from '../infrastructure/dependency-errors';
import { SQL } from '../infrastructure/tokens';
import { NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';

export const WorklistQuery = z.strictObject({
  status: z.enum(['pending', 'decided', 'returned', 'withdrawn']).optional(),
  priority: z.enum(['crisis', 'standard']).optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(['priority', 'due', 'referred']).default('priority'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const PANEL_READERS = ['panel_member', 'panel_chair', 'auditor', 'admin'] as const;

/** The QA panel's worklist: complex cases waiting for a decision, with their case summaries. */
@Controller()
export class WorklistController {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  @Get('worklist')
  @AllowedRoles(...PANEL_READERS)
  async list(
    @Query(new ZodValidationPipe(WorklistQuery, '(query)')) query: z.infer<typeof WorklistQuery>,
  ): Promise<{ items: PanelTaskView[]; total: number }> {
    return withDatabase(() => listPanelTasks(this.sql, query));
  }

  @Get('tasks/:id')
  @AllowedRoles(...PANEL_READERS)
  async get(@Param('id', new ZodValidationPipe(z.string().min(1).max(200), 'id')) taskId: string): Promise<PanelTaskView> {
    const task = await withDatabase(() => findPanelTask(this.sql, taskId));
    if (!task) throw new NotFoundProblem(`no panel task ${taskId}`);
    return task;
  }
}
