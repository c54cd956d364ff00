/**
 * /dashboard: the service's figures at a glance: trends over twelve months and the chosen month's deadline
 * compliance as charts (Chart.js, its UMD build served by the API at /web/chart.js), and every figure of the
 * month as a table (the charts' accessible alternative, and the numbers themselves) with its CSV download,
 * fetched with the token (a plain link cannot carry it).
 */
import { ApiProblem, apiGet, SignedOut } from '../shared/api';
import { announce, byId, h, words } from '../shared/dom';
import { hideErrorSummary, problemText, showErrorSummary, showSignedOut, startPage } from '../shared/layout';
import { sessionToken } from '../shared/session';
import { londonMonthOf, londonMonthStart, addMonths, monthPeriod, reportPath, twelveMonthsTo } from './dashboard-model';

interface Figure {
  id: string;
  title: string;
  definition: string;
  columns: string[];
}
interface FigureAnswer {
  period: { from: string; to: string };
  filter?: { team?: string; model?: string };
  rows: Record<string, string | number | null>[];
}
interface Chart {
  destroy(): void;
}
type ChartConstructor = new (canvas: HTMLCanvasElement, config: Record<string, unknown>) => Chart;

const charts = new Map<string, Chart>();

document.addEventListener('DOMContentLoaded', () => {
  if (!startPage('dashboard-filters')) return;
  byId<HTMLInputElement>('report-month').value = londonMonthOf(new Date());
  byId<HTMLFormElement>('report-form').addEventListener('submit', (event) => {
    event.preventDefault();
    hideErrorSummary();
    void show();
  });
  void show();
});

async function show(): Promise<void> {
  try {
    await loadDashboard();
  } catch (error) {
    if (error instanceof SignedOut) {
      byId('dashboard-charts').hidden = true;
      byId('dashboard-tables').hidden = true;
      return showSignedOut(error.message, 'dashboard-filters');
    }
    showErrorSummary([{ text: problemText(error) }]);
  }
}

function figureTable(figure: Figure, answer: FigureAnswer): HTMLElement {
  const columnTitle = (column: string) => words(column.replace(/([A-Z])/g, ' $1').toLowerCase());
  const table = h('table', { class: 'govuk-table', id: `table-${figure.id}` }, [
    // The heading shows the title; the caption names the table for screen readers.
    h('caption', { class: 'govuk-visually-hidden' }, figure.title),
    h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, figure.columns.map((column) => h('th', { scope: 'col', class: 'govuk-table__header' }, columnTitle(column))))),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      answer.rows.length === 0
        ? h('tr', { class: 'govuk-table__row' }, h('td', { class: 'govuk-table__cell', colspan: String(figure.columns.length) }, 'Nothing to count in this period.'))
        : answer.rows.map((row) =>
            h(
              'tr',
              { class: 'govuk-table__row' },
              figure.columns.map((column) => h('td', { class: 'govuk-table__cell', 'data-column': column }, row[column] === null || row[column] === undefined ? '' : String(row[column]))),
            ),
          ),
    ),
  ]);
  return h('section', { 'aria-labelledby': `heading-${figure.id}` }, [
    h('h3', { class: 'govuk-heading-s', id: `heading-${figure.id}` }, figure.title),
    h('p', { class: 'govuk-hint' }, figure.definition),
    table,
    h('p', { class: 'govuk-body' }, csvLink(reportPath(figure.id, answer.period, answer.filter ?? {}).replace('?', '?format=csv&'), `${figure.id}.csv`)),
  ]);
}

/** "Download as CSV": the click fetches the file with the token and hands the browser the result to save. */
function csvLink(path: string, filename: string): HTMLElement {
  const link = h('a', { class: 'govuk-link', href: path, download: filename }, 'Download as CSV');
  link.addEventListener('click', (event) => {
    event.preventDefault();
    downloadWithToken(path, filename).catch((error: unknown) => showErrorSummary([{ text: problemText(error) }]));
  });
  return link;
}

async function downloadWithToken(path: string, filename: string): Promise<void> {
  const token = sessionToken();
  const response = await fetch(path, {
    headers: { accept: 'text/csv, application/problem+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    cache: 'no-store',
    credentials: 'omit',
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as ApiProblem['problem'] | null;
    throw new ApiProblem(problem ?? { status: response.status, title: 'The download failed' });
  }
  const url = URL.createObjectURL(await response.blob());
  const save = h('a', { href: url, download: filename, hidden: true });
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function drawChart(id: string, config: Record<string, unknown>): void {
  charts.get(id)?.destroy();
  const ChartJs = (window as unknown as { Chart?: ChartConstructor }).Chart;
  if (typeof ChartJs !== 'function') return;
  // Sized by its aspect ratio within the grid column (the pages carry no stylesheet of their own).
  const options = { responsive: true, maintainAspectRatio: true, aspectRatio: 1.5, animation: false, ...((config.options as Record<string, unknown> | undefined) ?? {}) };
  charts.set(id, new ChartJs(byId<HTMLCanvasElement>(id), { ...config, options }));
}

async function loadDashboard(): Promise<void> {
  const month = byId<HTMLInputElement>('report-month').value || londonMonthOf(new Date());
  const filters = { team: byId<HTMLSelectElement>('report-team').value, model: byId<HTMLSelectElement>('report-model').value };
  const period = monthPeriod(month, new Date());
  const listing = await apiGet<{ figures: Figure[] }>('/reports');
  const answers = await Promise.all(listing.figures.map((figure) => apiGet<FigureAnswer>(reportPath(figure.id, period, filters))));
  byId('figure-tables').replaceChildren(...listing.figures.map((figure, index) => figureTable(figure, answers[index]!)));

  // Trends: the twelve months up to the chosen one.
  const trend = { from: londonMonthStart(addMonths(month, -11)).toISOString(), to: period.to };
  const months = twelveMonthsTo(month);
  const [referrals, cases] = await Promise.all([
    apiGet<FigureAnswer>(reportPath('referrals-per-month', trend, filters)),
    apiGet<FigureAnswer>(reportPath('cases-opened-and-closed', trend, filters)),
  ]);
  const byMonth = (rows: FigureAnswer['rows'], column: string) => months.map((candidate) => rows.find((row) => row.month === candidate)?.[column] ?? 0);
  drawChart('chart-trend', {
    type: 'bar',
    data: {
      labels: months,
      datasets: [
        { type: 'line', label: 'Referrals received', data: byMonth(referrals.rows, 'total'), borderColor: '#1d70b8', backgroundColor: '#1d70b8' },
        { label: 'Cases opened', data: byMonth(cases.rows, 'opened'), backgroundColor: '#00703c' },
        { label: 'Cases closed', data: byMonth(cases.rows, 'closed'), backgroundColor: '#505a5f' },
      ],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  const compliance = answers[listing.figures.findIndex((figure) => figure.id === 'deadline-compliance')]?.rows ?? [];
  const series = (column: string) => compliance.map((row) => row[column]);
  drawChart('chart-compliance', {
    type: 'bar',
    data: {
      labels: compliance.map((row) => words(String(row.ruleId).replace(/-/g, ' '))),
      datasets: [
        { label: 'Met', data: series('met'), backgroundColor: '#00703c' },
        { label: 'Target missed', data: series('missed'), backgroundColor: '#912b88' },
        { label: 'Limit breached', data: series('breached'), backgroundColor: '#d4351c' },
        { label: 'Open', data: series('open'), backgroundColor: '#f47738' },
        { label: 'Cancelled', data: series('cancelled'), backgroundColor: '#b1b4b6' },
      ],
    },
    options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } },
  });
  byId('dashboard-charts').hidden = false;
  byId('dashboard-tables').hidden = false;
  announce(`Figures for ${month} shown.`);
}
