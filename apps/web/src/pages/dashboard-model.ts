/** The dashboard's calendar: London months and the periods the figures are asked for, unit-tested apart from the page. */

/** The month ('YYYY-MM') it is in London at that instant. */
export function londonMonthOf(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).format(instant);
}

export function addMonths(month: string, count: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber - 1 + count, 1)).toISOString().slice(0, 7);
}

/** The first instant of a London month: midnight on the 1st there, which is 23:00 UTC the day before in summer. */
export function londonMonthStart(month: string): Date {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
  for (let offset = 0; offset <= 1; offset++) {
    const candidate = new Date(Date.UTC(year, monthNumber - 1, 1, -offset));
    if (format.format(candidate) === '01, 00') return candidate;
  }
  return new Date(Date.UTC(year, monthNumber - 1, 1));
}

/** The period of a month, ending at `now` for the month in progress. */
export function monthPeriod(month: string, now: Date): { from: string; to: string } {
  const end = londonMonthStart(addMonths(month, 1));
  return { from: londonMonthStart(month).toISOString(), to: (end > now ? now : end).toISOString() };
}

/** The twelve months up to and including this one, oldest first. */
export function twelveMonthsTo(month: string): string[] {
  return Array.from({ length: 12 }, (_, index) => addMonths(month, index - 11));
}

export function reportPath(figure: string, period: { from: string; to: string }, filters: { team?: string; model?: string }): string {
  const query = new URLSearchParams({ from: period.from, to: period.to });
  if (filters.team) query.set('team', filters.team);
  if (filters.model) query.set('model', filters.model);
  return `/reports/${encodeURIComponent(figure)}?${query.toString()}`;
}
