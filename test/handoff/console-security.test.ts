import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/handoff/types.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { api, CONSOLE_TOKEN, customerSays, startRig, until, type Rig } from './harness.ts';

/*
 * The console and ticket API as an attacker tries them: another site driving an agent's
 * cookie, one agent acting on another's ticket, transfers into hidden queues, a cookie
 * replayed after sign-out.
 */
const rulesFile = join(tempDir(), 'queues.json');
writeFileSync(
  rulesFile,
  JSON.stringify({
    defaultQueue: 'general',
    queues: [
      { id: 'general', name: 'General' },
      { id: 'vip', name: 'VIP desk', restricted: true },
    ],
    agents: [
      { id: 'gus', name: 'Gus', queues: ['general'] },
      { id: 'vera', name: 'Vera', queues: ['vip'] },
    ],
  }),
);
const GUS = 'gus-token-123456';
const VERA = 'vera-token-123456';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ HANDOFF_QUEUES_FILE: rulesFile, HANDOFF_AGENT_TOKENS: `gus=${GUS},vera=${VERA}` });
});
afterAll(async () => {
  await rig?.close();
});

let sids = 0;
async function escalate(number: string): Promise<Ticket> {
  sids += 1;
  await customerSays(rig, number, 'I want to talk to a person', `SM80${String(sids).padStart(30, '0')}`);
  return until(`a ticket for ${number}`, async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((ticket) => ticket.contact.senderAddress === number));
}

const ticketNow = async (id: string) => (await api<{ ticket: Ticket }>(rig, `/tickets/${id}`)).body.ticket;

/** Signs in as the console page does; returns the `Cookie` header to send back. */
async function signIn(token: string, name = 'Ana'): Promise<string> {
  const response = await fetch(`${rig.url}/console/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: rig.url }, body: JSON.stringify({ token, name }) });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  return setCookie.split(';')[0]!;
}

/** A request carrying the console cookie, as a browser would send it from `origin` (or naming none). */
function withCookie(cookie: string, path: string, init: { method?: string; origin?: string; referer?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { cookie, 'content-type': 'application/json' };
  if (init.origin) headers.origin = init.origin;
  if (init.referer) headers.referer = init.referer;
  return fetch(`${rig.url}${path}`, { method: init.method ?? 'POST', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
}

describe('the console against cross-site requests', () => {
  it('refuses a cookie-authenticated write from another origin, from another port of the same host, or naming none', async () => {
    const ticket = await escalate('+447700900401');
    const cookie = await signIn(CONSOLE_TOKEN, 'Ana');
    const port = Number(new URL(rig.url).port);
    const otherPort = `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}`;
    const claim = `/api/handoff/tickets/${ticket.id}/claim`;
    for (const attempt of [
      { origin: otherPort },
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: rig.url.replace('http:', 'https:') },
      { referer: `${otherPort}/attack.html` },
      {},
    ]) {
      const response = await withCookie(cookie, claim, attempt);
      expect(response.status, JSON.stringify(attempt)).toBe(403);
      expect(((await response.json()) as { error: string }).error).toBe('cross_origin');
    }
    const reply = await withCookie(cookie, `/api/handoff/tickets/${ticket.id}/reply`, { origin: otherPort, body: { text: 'forged' } });
    expect(reply.status).toBe(403);
    expect(await ticketNow(ticket.id)).toMatchObject({ status: 'waiting' });
    expect(rig.twilio.messages.some((message) => message.body === 'forged')).toBe(false);

    // Reading is not a change: the page's own GETs need no Origin.
    expect((await withCookie(cookie, '/api/handoff/me', { method: 'GET' })).status).toBe(200);
    // From the console itself (its Origin, or its Referer alone) the same cookie works.
    expect((await withCookie(cookie, claim, { referer: `${rig.url}/console` })).status).toBe(200);
    expect(await ticketNow(ticket.id)).toMatchObject({ status: 'assigned', assignee: 'Ana' });
    const resolved = await withCookie(cookie, `/api/handoff/tickets/${ticket.id}/resolve`, { origin: rig.url, body: { note: 'done' } });
    expect(resolved.status).toBe(200);
  });

  it('leaves Bearer-token API calls alone, whatever Origin they name', async () => {
    const ticket = await escalate('+447700900402');
    const response = await fetch(`${rig.url}/api/handoff/tickets/${ticket.id}/claim`, { method: 'POST', headers: { authorization: `Bearer ${GUS}`, origin: 'http://elsewhere.example' } });
    expect(response.status).toBe(200);
    expect(await ticketNow(ticket.id)).toMatchObject({ assignee: 'gus' });
  });

  it('does not let another site sign the browser in', async () => {
    const response = await fetch(`${rig.url}/console/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body: JSON.stringify({ token: GUS }) });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

describe('tickets held by one agent', () => {
  it('only the assignee or a supervisor replies, resolves or transfers; nobody transfers into a queue they cannot see', async () => {
    const number = '+447700900403';
    const ticket = await escalate(number);
    const asGus = { token: GUS, method: 'POST' };
    const asVera = { token: VERA, method: 'POST' };
    // Waiting: nobody has it, so an agent claims before resolving.
    expect((await api(rig, `/tickets/${ticket.id}/resolve`, { ...asVera, body: {} })).status).toBe(403);
    expect((await api(rig, `/tickets/${ticket.id}/claim`, asGus)).status).toBe(200);

    const refused = await Promise.all([
      api(rig, `/tickets/${ticket.id}/reply`, { ...asVera, body: { text: 'Vera here, not my ticket' } }),
      api(rig, `/tickets/${ticket.id}/resolve`, { ...asVera, body: { note: 'closing it' } }),
      api(rig, `/tickets/${ticket.id}/transfer`, { ...asVera, body: { queue: 'vip' } }),
    ]);
    expect(refused.map((response) => response.status)).toEqual([403, 403, 403]);
    expect(refused.map((response) => response.body.error)).toEqual(['not_yours', 'not_yours', 'not_yours']);
    expect(await ticketNow(ticket.id)).toMatchObject({ status: 'assigned', assignee: 'gus', queue: 'general' });
    expect(rig.twilio.messages.some((message) => message.body === 'Vera here, not my ticket')).toBe(false);

    // Gus has the ticket, but the VIP desk is not his to see: no transfer there.
    const hidden = await api(rig, `/tickets/${ticket.id}/transfer`, { ...asGus, body: { queue: 'vip' } });
    expect(hidden.status).toBe(403);
    expect(hidden.body.error).toBe('queue_not_visible');
    expect(await ticketNow(ticket.id)).toMatchObject({ queue: 'general', assignee: 'gus' });

    // The same refusal through Vera's own console session, from the console itself.
    const veraCookie = await signIn(VERA);
    expect((await withCookie(veraCookie, `/api/handoff/tickets/${ticket.id}/resolve`, { origin: rig.url, body: {} })).status).toBe(403);

    // A supervisor may step in; the assignee may resolve.
    expect((await api(rig, `/tickets/${ticket.id}/reply`, { method: 'POST', agentName: 'Sam', body: { text: 'Sam, supervisor, joining.' } })).status).toBe(202);
    await until('the supervisor reply on WhatsApp', () => rig.twilio.messages.some((message) => message.body === 'Sam, supervisor, joining.'));
    expect((await api(rig, `/tickets/${ticket.id}/resolve`, { ...asGus, body: { note: 'Sorted.' } })).status).toBe(200);
    expect(await ticketNow(ticket.id)).toMatchObject({ status: 'resolved', resolution: { by: 'gus' } });
  });
});

describe('console sessions on the server', () => {
  it('a cookie replayed after sign-out gets 401, and the open event stream ends', async () => {
    const cookie = await signIn(GUS);
    expect((await withCookie(cookie, '/api/handoff/me', { method: 'GET' })).status).toBe(200);
    const stream = await fetch(`${rig.url}/console/events`, { headers: { cookie } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read();

    const out = await withCookie(cookie, '/console/logout', { origin: rig.url });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    // The stream closes by itself: read until done.
    for (;;) if ((await reader.read()).done) break;

    expect((await withCookie(cookie, '/api/handoff/me', { method: 'GET' })).status).toBe(401);
    expect((await withCookie(cookie, '/api/handoff/tickets', { method: 'GET' })).status).toBe(401);
    expect((await fetch(`${rig.url}/console/events`, { headers: { cookie } })).status).toBe(401);
    const ticket = await escalate('+447700900404');
    expect((await withCookie(cookie, `/api/handoff/tickets/${ticket.id}/claim`, { origin: rig.url })).status).toBe(401);
    expect(await ticketNow(ticket.id)).toMatchObject({ status: 'waiting' });
  });

  it('a cookie of the old stateless kind, or made up, signs nobody in', async () => {
    const forged = `switchboard_console=${Buffer.from('Ana').toString('base64url')}.c2lnbmF0dXJl`;
    expect((await withCookie(forged, '/api/handoff/me', { method: 'GET' })).status).toBe(401);
    expect((await withCookie('switchboard_console=%E0%A4%A', '/api/handoff/me', { method: 'GET' })).status).toBe(401);
  });
});

describe('guessing tokens', () => {
  const from = (address: string) => ({ 'content-type': 'application/json', origin: rig.url, 'x-forwarded-for': address });
  const login = (address: string, token: string) => fetch(`${rig.url}/console/login`, { method: 'POST', headers: from(address), body: JSON.stringify({ token, name: 'Mallory' }) });
  const bearer = (address: string, token: string) => fetch(`${rig.url}/api/handoff/tickets`, { headers: { ...from(address), authorization: `Bearer ${token}` } });

  it('after ten wrong tokens an address waits, even with the right one, while other addresses sign in', async () => {
    for (let guess = 0; guess < 5; guess += 1) expect((await login('203.0.113.7', `guess-${guess}-abcdefgh`)).status).toBe(401);
    for (let guess = 5; guess < 10; guess += 1) expect((await bearer('203.0.113.7', `guess-${guess}-abcdefgh`)).status).toBe(401);

    const refused = await login('203.0.113.7', CONSOLE_TOKEN);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(((await refused.json()) as { message: string }).message).toMatch(/try again in \d+ minute/);
    expect((await bearer('203.0.113.7', GUS)).status).toBe(429);
    expect((await fetch(`${rig.url}/api/handoff/reports`, { headers: { ...from('203.0.113.7'), authorization: `Bearer ${CONSOLE_TOKEN}` } })).status).toBe(429);

    expect((await login('203.0.113.8', CONSOLE_TOKEN)).status).toBe(200);
    expect((await bearer('203.0.113.8', GUS)).status).toBe(200);
  });

  it('asking without any credential is not a guess', async () => {
    for (let attempt = 0; attempt < 15; attempt += 1) expect((await fetch(`${rig.url}/api/handoff/tickets`, { headers: from('203.0.113.9') })).status).toBe(401);
    expect((await bearer('203.0.113.9', GUS)).status).toBe(200);
  });
});
