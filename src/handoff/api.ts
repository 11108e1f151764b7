import type { Request, Response, Router } from 'express';
import { jsonBody } from '../server/json-body.ts';
import { z } from 'zod';
import type { HandoffAuth } from './auth.ts';
import { fromOwnOrigin } from './origin.ts';
import type { HandoffService } from './service.ts';
import { publicTicket } from './service.ts';
import type { AgentIdentity, Ticket, TicketStatus } from './types.ts';

export const API_PREFIX = '/api/handoff';

const replyBody = z.object({ text: z.string().trim().min(1).max(4000), id: z.string().regex(/^[\w-]{1,80}$/).optional() });
const transferBody = z.object({ queue: z.string().min(1) });
const resolveBody = z.object({ note: z.string().trim().max(1000).optional(), resolved: z.boolean().optional() });
const STATUSES: TicketStatus[] = ['waiting', 'assigned', 'resolved', 'abandoned'];

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 500;

/**
 * One comma-separated query parameter whose values must all be among `allowed`: `fallback` when
 * absent, else its values, or an issue naming the ones that are not (`allowedLabel` lists the rest).
 */
function listParam<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: readonly T[], allowedLabel: string, issues: string[]): T[] {
  if (value === undefined) return [...fallback];
  if (typeof value !== 'string') {
    issues.push(`${name}: give it once, as a comma-separated list`);
    return [];
  }
  const values = value.split(',').map((part) => part.trim());
  const wrong = values.filter((item) => !allowed.includes(item as T));
  if (wrong.length > 0) issues.push(`${name}: unknown ${wrong.map((item) => `"${item}"`).join(', ')}; ${allowedLabel}`);
  return values as T[];
}

/**
 * `GET /tickets`'s query: `status` (comma-separated, default waiting,assigned), `queue` (among the
 * agent's own queues; one they cannot see is as unknown as one that does not exist), `limit`
 * (1-500, default 200). Anything else in them is refused with the allowed values, not ignored.
 */
export function ticketQuery(query: Record<string, unknown>, visibleQueues: readonly string[]): { statuses: TicketStatus[]; queues: string[]; limit: number } | { issues: string[] } {
  const issues: string[] = [];
  const statuses = listParam('status', query.status, STATUSES, ['waiting', 'assigned'], `allowed: ${STATUSES.join(', ')}`, issues);
  const queues = listParam('queue', query.queue, visibleQueues, visibleQueues, `yours: ${visibleQueues.join(', ') || 'none'}`, issues);
  let limit = DEFAULT_LIMIT;
  if (query.limit !== undefined) {
    limit = typeof query.limit === 'string' && /^\d+$/.test(query.limit) ? Number(query.limit) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) issues.push(`limit: a whole number from 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})`);
  }
  return issues.length > 0 ? { issues } : { statuses, queues, limit };
}

type Handler = (request: Request, response: Response, agent: AgentIdentity) => Promise<void>;

/** Queue overviews for the console: counts and the longest current wait. */
export async function queueOverview(service: HandoffService, agent: AgentIdentity) {
  const visible = new Set(agent.queues ?? []);
  const open = await service.tickets.list({ queues: [...visible], statuses: ['waiting', 'assigned'], limit: 1000 });
  const now = service.now().getTime();
  return service.deps.rules.queues
    .filter((queue) => visible.has(queue.id))
    .map((queue) => {
      const waiting = open.filter((ticket) => ticket.queue === queue.id && ticket.status === 'waiting');
      return {
        id: queue.id,
        name: queue.name,
        restricted: queue.restricted,
        waiting: waiting.length,
        assigned: open.filter((ticket) => ticket.queue === queue.id && ticket.status === 'assigned').length,
        longestWaitSeconds: waiting.length ? Math.round((now - Math.min(...waiting.map((ticket) => ticket.createdAt.getTime()))) / 1000) : 0,
      };
    });
}

/** The answer to a refused action: who may do it instead, or why it cannot be done. */
const REFUSALS = {
  not_yours: { status: 403, message: 'Only the agent who has this ticket, or a supervisor (CONSOLE_TOKEN), can do that; claim it first if nobody has it.' },
  queue_not_visible: { status: 403, message: 'You may transfer only into queues you can see.' },
  closed: { status: 409, message: 'The ticket is closed.' },
  forbidden: { status: 404, message: 'No such ticket.' },
  missing: { status: 404, message: 'No such ticket.' },
} as const;

/**
 * The REST API for helpdesks and the console: list, view, claim, reply, transfer, resolve.
 * Bearer `CONSOLE_TOKEN` (a supervisor: every queue, every ticket) or an agent token (their
 * queues; reply and resolve on their own tickets), or the console's session cookie; 401 otherwise.
 * A write authenticated by the cookie must come from the gateway's own origin (403 otherwise).
 */
export function mountHandoffApi(router: Router, service: HandoffService, auth: HandoffAuth): void {
  const { config, rules } = service.deps;
  const json = jsonBody('32kb');
  // Every route under the prefix registered after this line (the reports and privacy routes too) slows token guessing.
  router.use(API_PREFIX, auth.limitGuessing);

  // Errors (a database outage) go to the app's error handler: 503 for the store, 500 logged otherwise.
  const guarded = (handler: Handler) => async (request: Request, response: Response) => {
    const authenticated = await auth.authenticate(request);
    if (!authenticated) {
      response.status(401).set('www-authenticate', 'Bearer').json({ error: 'unauthorized', message: 'Send Authorization: Bearer <CONSOLE_TOKEN or agent token>, or sign in at /console.' });
      return;
    }
    if (authenticated.via === 'cookie' && request.method !== 'GET' && !fromOwnOrigin(request, config.publicUrl)) {
      response.status(403).json({ error: 'cross_origin', message: 'A console session may change tickets only from the console itself (Origin must be this gateway); API clients send a Bearer token.' });
      return;
    }
    await handler(request, response, authenticated.agent);
  };

  const refuse = (response: Response, outcome: { kind: keyof typeof REFUSALS; ticket?: Ticket }) => {
    const refusal = REFUSALS[outcome.kind];
    response.status(refusal.status).json({ error: outcome.kind, message: refusal.message, ...(outcome.kind === 'not_yours' && outcome.ticket?.assignee ? { assignee: outcome.ticket.assignee } : {}) });
  };

  /** The ticket, if this agent may see it; otherwise answers 404 (not 403: no hint it exists). */
  const visibleTicket = async (request: Request, response: Response, agent: AgentIdentity): Promise<Ticket | undefined> => {
    const ticket = await service.tickets.get(String(request.params.id));
    if (!ticket || !service.allowed(agent, ticket)) {
      response.status(404).json({ error: 'not_found' });
      return undefined;
    }
    return ticket;
  };

  const parse = <T>(schema: z.ZodType<T>, request: Request, response: Response): T | undefined => {
    const parsed = schema.safeParse(request.body ?? {});
    if (parsed.success) return parsed.data;
    response.status(400).json({ error: 'validation_failed', issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`) });
    return undefined;
  };

  router.get(`${API_PREFIX}/me`, guarded(async (_request, response, agent) => {
    response.json({ agent });
  }));

  router.get(`${API_PREFIX}/queues`, guarded(async (_request, response, agent) => {
    response.json({ queues: await queueOverview(service, agent) });
  }));

  router.get(`${API_PREFIX}/tickets`, guarded(async (request, response, agent) => {
    const query = ticketQuery(request.query, agent.queues ?? []);
    if ('issues' in query) {
      response.status(400).json({ error: 'validation_failed', issues: query.issues });
      return;
    }
    const tickets = await service.tickets.list(query);
    response.json({ tickets: tickets.map(publicTicket) });
  }));

  router.get(`${API_PREFIX}/tickets/:id`, guarded(async (request, response, agent) => {
    const ticket = await visibleTicket(request, response, agent);
    if (!ticket) return;
    const position = ticket.status === 'waiting' ? await service.estimate(ticket) : undefined;
    response.json({ ticket: publicTicket(ticket), events: await service.tickets.events(ticket.id), ...(position ? { position } : {}) });
  }));

  router.post(`${API_PREFIX}/tickets/:id/claim`, guarded(async (request, response, agent) => {
    const ticket = await visibleTicket(request, response, agent);
    if (!ticket) return;
    const outcome = await service.claim(ticket.id, agent, 'console');
    if (outcome.kind === 'claimed' || outcome.kind === 'already_yours') response.json({ ticket: publicTicket(outcome.ticket) });
    else if (outcome.kind === 'taken') response.status(409).json({ error: 'taken', assignee: outcome.ticket.assignee });
    else response.status(409).json({ error: 'closed' });
  }));

  router.post(`${API_PREFIX}/tickets/:id/reply`, json, guarded(async (request, response, agent) => {
    const ticket = await visibleTicket(request, response, agent);
    const body = ticket && parse(replyBody, request, response);
    if (!ticket || !body) return;
    const id = body.id ?? service.newId();
    const outcome = await service.reply(ticket.id, agent, body.text, `api:${ticket.id}:${id}`, 'console');
    if (outcome.kind === 'sent') response.status(202).json({ id, ticket: publicTicket(outcome.ticket!) });
    else refuse(response, outcome);
  }));

  router.post(`${API_PREFIX}/tickets/:id/transfer`, json, guarded(async (request, response, agent) => {
    const ticket = await visibleTicket(request, response, agent);
    const body = ticket && parse(transferBody, request, response);
    if (!ticket || !body) return;
    if (!rules.queues.some((queue) => queue.id === body.queue)) {
      response.status(400).json({ error: 'validation_failed', issues: [`queue: unknown queue ${body.queue}`] });
      return;
    }
    const outcome = await service.transfer(ticket.id, body.queue, agent);
    if (outcome.kind === 'transferred') response.json({ ticket: publicTicket(outcome.ticket) });
    else refuse(response, outcome);
  }));

  router.post(`${API_PREFIX}/tickets/:id/resolve`, json, guarded(async (request, response, agent) => {
    const ticket = await visibleTicket(request, response, agent);
    const body = ticket && parse(resolveBody, request, response);
    if (!ticket || !body) return;
    const outcome = await service.resolve(ticket.id, agent, body.note, body.resolved ?? true);
    if (outcome.kind === 'resolved') response.json({ ticket: publicTicket(outcome.ticket) });
    else refuse(response, outcome);
  }));
}
