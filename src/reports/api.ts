import { readFileSync } from 'node:fs';
import type { Request, Response, Router } from 'express';
import { ValidationError } from '../errors.ts';
import type { AgentIdentity } from '../handoff/types.ts';
import type { Logger } from '../gateway/channel.ts';
import { isStoreFault } from '../store/faults.ts';
import { reportCsv } from './csv.ts';
import { buildReport, type ReportRequest } from './query.ts';
import type { ReportStore } from './store.ts';
import type { Dimension, ReportSource } from './types.ts';

export const REPORTS_API = '/api/handoff/reports';
export const REPORTS_PAGE = '/console/reports';
const PAGE = readFileSync(new URL('../handoff/console/reports.html', import.meta.url), 'utf8');

const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const list = (value: unknown) => (typeof value === 'string' && value.trim() ? value.split(',').map((part) => part.trim()).filter(Boolean) : undefined);
const single = (request: Request, name: string): string | undefined => {
  const value = request.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ValidationError(`${name} must be given once`);
  return value;
};

/** What this person may see: a supervisor every conversation, an agent those that reached their queues (narrowed by `queue=`). */
function scopeOf(agent: AgentIdentity, wanted: string[] | undefined): string[] | undefined {
  if (agent.supervisor) return wanted;
  const mine = agent.queues ?? [];
  return wanted ? mine.filter((queue) => wanted.includes(queue)) : mine;
}

/** The request as the query string gives it; the default period is the last 7 days up to today (UTC). */
export function requestFrom(request: Request, agent: AgentIdentity): ReportRequest {
  const to = single(request, 'to') ?? today();
  const from = single(request, 'from') ?? daysBefore(to, 6);
  const source = single(request, 'source') as ReportSource | 'all' | undefined;
  const groupBy = list(single(request, 'groupBy')) as Dimension[] | undefined;
  const queues = scopeOf(agent, list(single(request, 'queue')));
  return { from, to, ...(source ? { source } : {}), ...(groupBy ? { groupBy } : {}), ...(queues ? { queues } : {}) };
}

const wantsCsv = (request: Request) => request.query.format === 'csv' || (request.query.format === undefined && (request.get('accept') ?? '').includes('text/csv'));

/**
 * `GET /api/handoff/reports?from=&to=&groupBy=&source=&queue=` as JSON, or CSV (`format=csv` or
 * `Accept: text/csv`), with the console's credentials (`authenticate`: the handoff's, Bearer token
 * or console session); and the Reports page at `/console/reports`.
 */
export function mountReports(router: Router, deps: { reports: ReportStore; authenticate: (request: Request) => Promise<AgentIdentity | undefined>; logger: Logger }): void {
  const { logger } = deps;

  router.get(REPORTS_PAGE, (_request, response) => {
    response
      .type('html')
      .set('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
      .set('x-frame-options', 'DENY')
      .set('cache-control', 'no-store')
      .send(PAGE);
  });

  router.get(REPORTS_API, async (request: Request, response: Response) => {
    const agent = await deps.authenticate(request);
    if (!agent) {
      response.status(401).set('www-authenticate', 'Bearer').json({ error: 'unauthorized', message: 'Send Authorization: Bearer <CONSOLE_TOKEN or agent token>.' });
      return;
    }
    try {
      const wanted = requestFrom(request, agent);
      const report = await buildReport(deps.reports, wanted);
      if (wantsCsv(request)) {
        response
          .type('text/csv; charset=utf-8')
          .set('content-disposition', `attachment; filename="switchboard-report-${report.from}-${report.to}.csv"`)
          .set('cache-control', 'no-store')
          .send(reportCsv(report, wanted.groupBy?.length ? wanted.groupBy : ['day']));
        return;
      }
      response.set('cache-control', 'no-store').json(report);
    } catch (error) {
      if (error instanceof ValidationError) {
        response.status(400).json({ error: error.code, message: error.message });
      } else if (isStoreFault(error)) {
        response.status(503).set('retry-after', '5').json({ error: 'store_unavailable', message: 'The database is unavailable right now; retry shortly.' });
      } else {
        logger.error({ err: error, path: request.path }, 'report failed');
        response.status(500).json({ error: 'internal_error' });
      }
    }
  });
}
