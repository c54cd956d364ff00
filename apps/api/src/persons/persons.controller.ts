import { Controller, Get, Inject, Param } from '@nestjs/common';
import type { Caller } from '@sarp/domain';
import { consentsOfPerson, pathwaysOfPerson, type ConsentRecord, type Sql } from '@sarp/db';
import { PersonRef } from '@sarp/events';
import { ReadsPersonalData } from '../audit/access-log.interceptor';
import { CurrentCaller, Permission } from '../auth/auth.decorators';
import { CaseAccess } from '../auth/case-access';
import { CorrelationId } from '../correlation';
import { withDatabase } from '../infrastructure/dependency-errors';
import { SQL } from '../infrastructure/tokens';
import { NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';

/** What is held about a person across their pathways, for those who work on one of them. */
@Controller('persons')
export class PersonsController {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(CaseAccess) private readonly access: CaseAccess,
  ) {}

  /**
   * The person's consent to share with other agencies (seed 003), as it
   * stands (the latest recorded) and every record before it, from the
   * pathways of theirs the caller works on, and only those (need-to-know:
   * another team's records of the same person are not the caller's to read).
   * Refused (403) when the caller works on none of them.
   */
  @Get(':personId/consent')
  @Permission('GET /persons/:personId/consent')
  @ReadsPersonalData()
  async consent(
    @Param('personId', new ZodValidationPipe(PersonRef, 'personId')) personId: string,
    @CurrentCaller() caller: Caller,
    @CorrelationId() correlationId: string | undefined,
  ): Promise<{ personId: string; current: ConsentRecord | null; history: ConsentRecord[] }> {
    const pathwayIds = await withDatabase(() => pathwaysOfPerson(this.sql, personId));
    if (pathwayIds.length === 0) throw new NotFoundProblem(`no pathway of ${personId} in the read model`);
    await this.access.assertWorksOnAny(caller, pathwayIds, 'GET /persons/:personId/consent', correlationId);
    const history = await withDatabase(() => consentsOfPerson(this.sql, personId, caller));
    return { personId, current: history[0] ?? null, history };
  }
}
