/**
 * /subject-access: everything held about one person (UK GDPR subject access), from
 * GET /audit/persons/{personId}/export, as a readable page and as the JSON document itself, to download.
 */
import { apiGet, SignedOut } from '../shared/api';
import { announce, byId, h, timeElement, words } from '../shared/dom';
import { eventCells, refusedTable, type AuditedEvent, type RefusedAttempt } from '../shared/audit-records';
import { hideErrorSummary, problemText, showErrorSummary, showSignedOut, startPage } from '../shared/layout';
import { actorText, table } from '../shared/tables';

interface SubjectAccessExport {
  personId: string;
  exportedAt: string;
  pathways?: { pathwayId: string; stage: string; urgency: string; placementModel: string | null; referringAgency: string; openedAt: string; breaches?: number }[];
  events?: AuditedEvent[];
  refusedAttempts?: RefusedAttempt[];
  accessLog?: { accessedAt: string; userId: string; role: string; action: string; pathwayId?: string | null; reason?: string | null }[];
}

let downloadUrl: string | null = null;

document.addEventListener('DOMContentLoaded', () => {
  if (!startPage('export-lookup')) return;
  byId<HTMLFormElement>('export-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void find();
  });
});

async function find(): Promise<void> {
  hideErrorSummary();
  const input = byId<HTMLInputElement>('person-ref');
  const personId = input.value.trim();
  if (!personId) return showErrorSummary([{ text: 'Enter a person reference: it is needed to find what is held', field: 'person-ref' }]);
  byId('export').hidden = true;
  try {
    const data = await apiGet<SubjectAccessExport>(`/audit/persons/${encodeURIComponent(personId)}/export`);
    render(data);
    byId('export').hidden = false;
    byId('export-heading').focus();
    announce(`Found ${(data.pathways ?? []).length} pathway(s) and ${(data.events ?? []).length} event(s) for ${personId}.`);
  } catch (error) {
    if (error instanceof SignedOut) return showSignedOut(error.message, 'export-lookup');
    showErrorSummary([{ text: problemText(error) }]);
  }
}

function render(data: SubjectAccessExport): void {
  byId('export-heading').textContent = `Everything held about ${data.personId}`;
  byId('export-meta').replaceChildren('Exported ', timeElement(data.exportedAt), '.');
  const json = JSON.stringify(data, null, 2);
  byId('export-json').textContent = json;
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = byId<HTMLAnchorElement>('download-json');
  link.href = downloadUrl;
  link.setAttribute('download', `subject-access-${data.personId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);

  const pathways = data.pathways ?? [];
  const events = data.events ?? [];
  const refused = data.refusedAttempts ?? [];
  const access = data.accessLog ?? [];
  const section = (id: string, heading: string, content: HTMLElement) =>
    h('section', { 'aria-labelledby': id }, [h('h3', { class: 'govuk-heading-s', id }, heading), content]);
  byId('export-sections').replaceChildren(
    section(
      'export-pathways',
      `Pathways (${pathways.length})`,
      table(
        'Pathways',
        ['Pathway id', 'Stage', 'Urgency', 'Placement model', 'Referred by agency', 'Opened', 'Breaches'],
        pathways.map((pathway) => [
          pathway.pathwayId,
          words(pathway.stage),
          words(pathway.urgency),
          pathway.placementModel ? words(pathway.placementModel) : 'None',
          words(pathway.referringAgency),
          timeElement(pathway.openedAt),
          String(pathway.breaches ?? 0),
        ]),
        'No pathways.',
      ),
    ),
    section('export-events', `Events (${events.length})`, table('Events, as recorded', ['Sequence', 'Event', 'Occurred', 'Actor', 'Policy version'], events.map(eventCells), 'No events.')),
    section('export-refused', `Refused attempts (${refused.length})`, refusedTable(refused)),
    section(
      'export-access',
      `Access log (${access.length})`,
      table(
        'Who read this person’s data',
        ['When', 'Who', 'What', 'Pathway', 'Reason given'],
        access.map((entry) => [timeElement(entry.accessedAt), actorText(entry), entry.action, entry.pathwayId ?? '', entry.reason ?? 'None given']),
        'Nobody has read this person’s data.',
      ),
    ),
  );
}
