import type { Figures, Report } from './query.ts';

const COLUMNS: [string, (figures: Figures) => number | null][] = [
  ['conversations', (f) => f.conversations],
  ['messages', (f) => f.messages],
  ['automated', (f) => f.automated],
  ['automation_rate', (f) => f.automationRate],
  ['escalated', (f) => f.escalated],
  ['reopened', (f) => f.reopened],
  ['unanswered', (f) => f.unanswered],
  ['resolved_by_person', (f) => f.resolved],
  ['abandoned', (f) => f.abandoned],
  ['avg_resolution_seconds', (f) => f.avgResolutionSeconds],
  ['avg_first_response_seconds', (f) => f.avgFirstResponseSeconds],
  ['sla_breaches', (f) => f.slaBreaches],
  ['rating_1', (f) => f.ratings[1]],
  ['rating_2', (f) => f.ratings[2]],
  ['rating_3', (f) => f.ratings[3]],
  ['rating_4', (f) => f.ratings[4]],
  ['rating_5', (f) => f.ratings[5]],
  ['csat_average', (f) => f.csatAverage],
];

/** A cell as RFC 4180 wants it; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report as CSV: one row per group (`groupBy`), or per day of the period when there is no grouping. */
export function reportCsv(report: Report, dimensions: string[]): string {
  const rows: { key: Record<string, string>; figures: Figures }[] = report.groups
    ? report.groups.map(({ key, ...figures }) => ({ key, figures }))
    : report.days.map(({ day, ...figures }) => ({ key: { day }, figures }));
  const dims = report.groups ? dimensions : ['day'];
  const lines = [[...dims, ...COLUMNS.map(([name]) => name)].join(',')];
  for (const row of rows) lines.push([...dims.map((dimension) => cell(row.key[dimension] ?? '')), ...COLUMNS.map(([, read]) => cell(read(row.figures)))].join(','));
  return `${lines.join('\r\n')}\r\n`;
}
