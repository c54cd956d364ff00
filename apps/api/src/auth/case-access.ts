import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { mayWorkOnCase, type Caller, type CaseTies } from '@sarp/domain';
import { findCaseTies, type Sql } from '@sarp/db';
import { withDatabase } from '../infrastructure/dependency-errors';
import { RefusalRecorder } from '../infrastructure/refusal-recorder';
import { SQL } from '../infrastructure/tokens';
import { ForbiddenProblem } from '../problems/problem-details';

/**
 * Need-to-know at the API's edge: a caller may read or change a case only
 * if they work on it (`mayWorkOnCase`). A refusal is a 403 and is recorded
 * for auditors like any refused command.
 */
@Injectable()
export class CaseAccess {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(RefusalRecorder) private readonly refusals: RefusalRecorder,
  ) {}

  /**
   * Refuses a caller who does not work on the case. `ties` come from the
   * workflow's state when the caller has them; otherwise from the read model,
   * and a case it does not have passes (the read then answers 404).
   */
  async assertWorksOn(caller: Caller, pathwayId: string, what: string, correlationId: string | undefined, ties?: CaseTies): Promise<void> {
    const known = ties ?? (await withDatabase(() => findCaseTies(this.sql, pathwayId)));
    if (!known || mayWorkOnCase(caller, known)) return;
    await this.refuse(caller, pathwayId, what, correlationId);
  }

  /** Refuses a caller who works on none of a person's pathways (a read about the person, not one case). */
  async assertWorksOnAny(caller: Caller, pathwayIds: readonly string[], what: string, correlationId: string | undefined): Promise<void> {
    for (const pathwayId of pathwayIds) {
      const ties = await withDatabase(() => findCaseTies(this.sql, pathwayId));
      if (ties && mayWorkOnCase(caller, ties)) return;
    }
    await this.refuse(caller, null, what, correlationId);
  }

  private async refuse(caller: Caller, pathwayId: string | null, what: string, correlationId: string | undefined): Promise<void> {
    await this.refusals.refusable(
      { pathwayId, command: what, actor: { userId: caller.userId, role: caller.role }, correlationId: correlationId ?? randomUUID() },
      () => Promise.reject(new ForbiddenProblem('this is not a case you work on (need to know)')),
    );
  }
}
