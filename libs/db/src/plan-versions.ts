import type { StartedPathway } from '@sarp/domain';
import type { PlanCopyDetails, SupportPlan } from '@sarp/events';
import type { Sql } from './connection';

/** One version of a person's support plan: the assessment agreed version 1, each review the next. */
export interface PlanVersionView {
  version: number;
  /** What produced it: the assessment, a routine review or an annual review. */
  agreedBy: 'assessment' | 'routine_review' | 'annual_review';
  agreedAt: string;
  recordedBy: string;
  supportPlan: SupportPlan;
  notes: string | null;
  /** The last copy record for this version (seed 003: the person is given a copy), or null while none is recorded. */
  copy: Pick<PlanCopyDetails, 'given' | 'givenOn' | 'how'> | null;
}

interface PlanEventRow {
  type: 'AssessmentCompleted' | 'ReviewCompleted' | 'SupportPlanCopyRecorded';
  occurred_at: Date;
  actor_user_id: string;
  data: {
    kind?: 'routine' | 'annual';
    planVersion?: number;
    supportPlan?: SupportPlan;
    notes?: string | null;
    given?: boolean;
    givenOn?: string | null;
    how?: PlanCopyDetails['how'];
    copyGivenToPerson?: boolean;
  };
}

/** The plan versions of a pathway, oldest first, from its events in the read model's event log. */
export async function findPlanVersions(sql: Sql, pathwayId: string): Promise<PlanVersionView[]> {
  const rows = await sql<PlanEventRow[]>`
    SELECT type, occurred_at, actor_user_id, envelope->'data' AS data FROM event_log
    WHERE pathway_id = ${pathwayId} AND type IN ('AssessmentCompleted', 'ReviewCompleted', 'SupportPlanCopyRecorded')
    ORDER BY sequence`;
  const versions = new Map<number, PlanVersionView>();
  for (const row of rows) {
    if (row.type === 'SupportPlanCopyRecorded') {
      const version = versions.get(row.data.planVersion ?? 0);
      if (version) version.copy = { given: row.data.given ?? false, givenOn: row.data.givenOn ?? null, how: row.data.how ?? null };
      continue;
    }
    const version = row.type === 'AssessmentCompleted' ? 1 : (row.data.planVersion ?? versions.size + 1);
    versions.set(version, {
      version,
      agreedBy: row.type === 'AssessmentCompleted' ? 'assessment' : row.data.kind === 'annual' ? 'annual_review' : 'routine_review',
      agreedAt: row.occurred_at.toISOString(),
      recordedBy: row.actor_user_id,
      supportPlan: row.data.supportPlan as SupportPlan,
      notes: row.data.notes ?? null,
      // The assessment says whether the person co-produced the plan and has a copy of it.
      copy: row.type === 'AssessmentCompleted' && row.data.copyGivenToPerson ? { given: true, givenOn: null, how: null } : null,
    });
  }
  return [...versions.values()];
}

/** The folded state the projector keeps for a pathway: what the pathway page's forms are chosen from. */
export async function findPathwayState(sql: Sql, pathwayId: string): Promise<StartedPathway | undefined> {
  const [row] = await sql<{ state: StartedPathway }[]>`SELECT state FROM pathways WHERE pathway_id = ${pathwayId}`;
  return row?.state;
}
