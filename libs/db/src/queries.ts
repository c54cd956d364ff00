import type { PathwayStage, Role, Urgency } from '@sarp/events';
import type { Sql } from './connection';

export interface TimelineEntry {
  sequence: number;
  eventId: string;
  type: string;
  occurredAt: string;
  actor: { userId: string; role: Role };
  summary: string;
}

export interface PathwayView {
  pathwayId: string;
  personId: string;
  stage: PathwayStage;
  urgency: Urgency;
  referringAgency: string;
  openedAt: string;
  updatedAt: string;
  lastSequence: number;
  timeline: TimelineEntry[];
}

export async function findPathway(sql: Sql, pathwayId: string): Promise<PathwayView | undefined> {
  const [row] = await sql<
    {
      pathway_id: string;
      person_id: string;
      stage: PathwayStage;
      urgency: Urgency;
      referring_agency: string;
      opened_at: Date;
      updated_at: Date;
      last_sequence: number;
    }[]
  >`SELECT pathway_id, person_id, stage, urgency, referring_agency, opened_at, updated_at, last_sequence
    FROM pathways WHERE pathway_id = ${pathwayId}`;
  if (!row) return undefined;
  return {
    pathwayId: row.pathway_id,
    personId: row.person_id,
    stage: row.stage,
    urgency: row.urgency,
    referringAgency: row.referring_agency,
    openedAt: row.opened_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastSequence: row.last_sequence,
    timeline: await findPathwayTimeline(sql, pathwayId),
  };
}

export async function findPathwayTimeline(sql: Sql, pathwayId: string): Promise<TimelineEntry[]> {
  const rows = await sql<
    { sequence: number; event_id: string; type: string; occurred_at: Date; actor_user_id: string; actor_role: Role; summary: string }[]
  >`SELECT sequence, event_id, type, occurred_at, actor_user_id, actor_role, summary
    FROM pathway_timeline WHERE pathway_id = ${pathwayId} ORDER BY sequence`;
  return rows.map((row) => ({
    sequence: row.sequence,
    eventId: row.event_id,
    type: row.type,
    occurredAt: row.occurred_at.toISOString(),
    actor: { userId: row.actor_user_id, role: row.actor_role },
    summary: row.summary,
  }));
}
