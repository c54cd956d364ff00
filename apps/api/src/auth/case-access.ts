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
   * and a case it does not have passes (the read then answers 404). Answers
   * whether the case was known (false: check again once the read model may have it).
   */
  async assertWorksOn(caller: Caller, pathwayId: string, what: string, correlationId: string | undefined, ties?: CaseTies): Promise<boolean> {
    const verdict = await this.verdict(caller, pathwayId, ties);
    if (verdict === 'refused') await this.refuse(caller, pathwayId, what, correlationId);
    return verdict !== 'unknown';
  }

  /** Whether the caller works on the case, by `ties` or the read model's; 'unknown' when it does not have the case. */
  async verdict(caller: Caller, pathwayId: string, ties?: CaseTies): Promise<'allowed' | 'refused' | 'unknown'> {
    const known = ties ?? (await withDatabase(() => findCaseTies(this.sql, pathwayId)));
    if (!known) return 'unknown';
    return mayWorkOnCase(caller, known) ? 'allowed' : 'refused';
  }

  /** Refuses a caller who works on none of a person's pathways (a read about the person, not one case). */
  async assertWorksOnAny(caller: Caller, pathwayIds: readonly string[], what: string, correlationId: string | undefined): Promise<void> {
    for (const pathwayId of pathwayIds) {
      const ties = await withDatabase(() => findCaseTies(this.sql, pathwayId));
      if (ties && mayWorkOnCase(caller, ties)) return;
    }
    await this.refuse(caller, null, what, correlationId);
  }

  /** Refuses (403), on the record for auditors. */
  async refuse(caller: Caller, pathwayId: string | null, what: string, correlationId: string | undefined): Promise<void> {
    await this.refusals.refusable(
      { pathwayId, command: what, actor: { userId: caller.userId, role: caller.role }, correlationId: correlationId ?? randomUUID() },
      () => Promise.reject(new ForbiddenProblem('this is not a case you work on (need to know)')),
    );
  }
}
