import { readFileSync } from 'node:fs';
import type { Router } from 'express';
import { jsonBody } from '../../server/json-body.ts';
import { cleanName, SESSION_COOKIE, type HandoffAuth } from '../auth.ts';
import { fromForeignOrigin } from '../origin.ts';
import type { HandoffService, TicketChange } from '../service.ts';

export const CONSOLE_PATH = '/console';
const PAGE = readFileSync(new URL('./page.html', import.meta.url), 'utf8');
const HEARTBEAT_MS = 15_000;

/**
 * The agent console: the page, a login that trades a token for a server-side session behind an
 * HttpOnly cookie (EventSource cannot send headers), a logout that ends it on the server, and
 * live ticket changes as Server-Sent Events.
 */
export function mountConsole(router: Router, service: HandoffService, auth: HandoffAuth): void {
  const { config, logger } = service.deps;

  router.get(CONSOLE_PATH, (_request, response) => {
    response
      .type('html')
      .set('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
      .set('x-frame-options', 'DENY')
      .set('cache-control', 'no-store')
      .send(PAGE);
  });

  router.post(`${CONSOLE_PATH}/login`, auth.limitGuessing, jsonBody('4kb'), async (request, response) => {
    // No session yet, but a page elsewhere must not sign the browser in under its own token either.
    if (fromForeignOrigin(request, config.publicUrl)) {
      response.status(403).json({ error: 'cross_origin', message: 'Sign in from the console itself.' });
      return;
    }
    const body = (request.body ?? {}) as { token?: unknown; name?: unknown };
    const name = cleanName(body.name);
    const token = typeof body.token === 'string' ? body.token : '';
    const session = token ? await auth.signIn(token, name) : undefined;
    if (!session) {
      response.status(401).json({ error: 'unauthorized', message: config.CONSOLE_TOKEN || config.agentTokens.size ? 'Wrong token.' : 'The console is off: set CONSOLE_TOKEN.' });
      return;
    }
    const secure = request.secure ? '; Secure' : '';
    response
      .set('set-cookie', `${SESSION_COOKIE}=${session.cookieValue}; HttpOnly; SameSite=Strict; Path=/${secure}; Max-Age=${Math.floor(auth.ttlMs / 1000)}`)
      .set('cache-control', 'no-store')
      .json({ agent: session.agent, expiresAt: session.expiresAt.toISOString() });
  });

  router.post(`${CONSOLE_PATH}/logout`, async (request, response) => {
    if (fromForeignOrigin(request, config.publicUrl)) {
      response.status(403).json({ error: 'cross_origin', message: 'Sign out from the console itself.' });
      return;
    }
    await auth.signOut(request);
    response.set('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`).json({ ok: true });
  });

  router.get(`${CONSOLE_PATH}/events`, async (request, response) => {
    const authenticated = await auth.authenticate(request);
    if (!authenticated) {
      response.status(401).json({ error: 'unauthorized' });
      return;
    }
    const visible = new Set(service.queuesOf(authenticated.agent));
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
    // A stream opened with a session ends with it: signed out here at once, expired or signed out elsewhere at the next beat.
    const onEnded = (idHash: string) => {
      if (idHash === authenticated.session) response.end();
    };
    const beat = () => {
      response.write(': keep-alive\n\n');
      if (!authenticated.session) return;
      auth
        .sessionAlive(authenticated.session)
        .then((alive) => {
          if (!alive) response.end();
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'console session check failed'));
    };
    service.changes.on('change', onChange);
    auth.events.on('ended', onEnded);
    const heartbeat = setInterval(beat, Math.min(HEARTBEAT_MS, auth.ttlMs));
    heartbeat.unref();
    request.on('close', () => {
      clearInterval(heartbeat);
      service.changes.off('change', onChange);
      auth.events.off('ended', onEnded);
    });
  });
}
