import { readFileSync } from 'node:fs';
import express, { type Router } from 'express';
import { agentForToken, authenticate, cleanName, SESSION_COOKIE, sessionCookie } from '../auth.ts';
import type { HandoffService, TicketChange } from '../service.ts';

export const CONSOLE_PATH = '/console';
const PAGE = readFileSync(new URL('./page.html', import.meta.url), 'utf8');
const HEARTBEAT_MS = 15_000;

/**
 * The agent console: the page, a login that trades a token for an HttpOnly session cookie
 * (EventSource cannot send headers), and live ticket changes as Server-Sent Events.
 */
export function mountConsole(router: Router, service: HandoffService): void {
  const { config, rules, logger } = service.deps;

  router.get(CONSOLE_PATH, (_request, response) => {
    response
      .type('html')
      .set('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
      .set('x-frame-options', 'DENY')
      .set('cache-control', 'no-store')
      .send(PAGE);
  });

  router.post(`${CONSOLE_PATH}/login`, express.json({ limit: '4kb' }), (request, response) => {
    const body = (request.body ?? {}) as { token?: unknown; name?: unknown };
    const name = cleanName(body.name);
    const token = typeof body.token === 'string' ? body.token : '';
    const agent = token ? agentForToken(token, config, rules, name) : undefined;
    if (!agent) {
      response.status(401).json({ error: 'unauthorized', message: config.CONSOLE_TOKEN || config.agentTokens.size ? 'Wrong token.' : 'The console is off: set CONSOLE_TOKEN.' });
      return;
    }
    const secure = request.secure ? '; Secure' : '';
    response
      .set('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(sessionCookie(token, name ?? agent.id))}; HttpOnly; SameSite=Strict; Path=/${secure}; Max-Age=43200`)
      .json({ agent });
  });

  router.post(`${CONSOLE_PATH}/logout`, (_request, response) => {
    response.set('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`).json({ ok: true });
  });

  router.get(`${CONSOLE_PATH}/events`, (request, response) => {
    const agent = authenticate(request, config, rules);
    if (!agent) {
      response.status(401).json({ error: 'unauthorized' });
      return;
    }
    const visible = new Set(agent.queues ?? []);
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    response.write('retry: 2000\n\n');
    let sequence = 0;
    const onChange = (change: TicketChange) => {
      void service.tickets
        .get(change.ticketId)
        .then((ticket) => {
          if (!ticket || !visible.has(ticket.queue)) return;
          response.write(`id: ${++sequence}\nevent: change\ndata: ${JSON.stringify({ ...change, queue: ticket.queue, status: ticket.status })}\n\n`);
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'console event failed'));
    };
    service.changes.on('change', onChange);
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    request.on('close', () => {
      clearInterval(heartbeat);
      service.changes.off('change', onChange);
    });
  });
}
