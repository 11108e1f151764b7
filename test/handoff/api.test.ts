import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/handoff/types.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { api, customerSays, startRig, until, type Rig } from './harness.ts';

/*
 * The REST API and the clocks: tokens, restricted queues, one winner per claim, replies from
 * the console reaching WhatsApp, transfers, SLA breaches and the assignment timeout.
 */
const rulesFile = join(tempDir(), 'queues.json');
writeFileSync(
  rulesFile,
  JSON.stringify({
    defaultQueue: 'general',
    queues: [
      { id: 'general', name: 'General', firstResponseMinutes: 10, resolutionMinutes: 60, supervisors: ['USUPER'] },
      { id: 'vip', name: 'VIP desk', restricted: true, firstResponseMinutes: 0.005, resolutionMinutes: 60, supervisors: ['USUPER'] },
    ],
    rules: [{ when: { tier: ['vip'] }, queue: 'vip', priority: 3 }],
    agents: [
      { id: 'gus', name: 'Gus', queues: ['general'] },
      { id: 'vera', name: 'Vera', queues: ['vip'] },
    ],
    tiers: { '+447700900999': 'vip' },
  }),
);

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ HANDOFF_QUEUES_FILE: rulesFile, HANDOFF_AGENT_TOKENS: 'gus=gus-token-123456,vera=vera-token-123456', HANDOFF_ASSIGN_TIMEOUT_MS: '5000' });
});
afterAll(async () => {
  await rig?.close();
});

const messagesTo = (number: string) => rig.twilio.messages.filter((message) => message.to === `whatsapp:${number}`).map((message) => message.body ?? '');

async function escalate(number: string, sid: string): Promise<Ticket> {
  await customerSays(rig, number, 'I want to talk to a person', sid);
  return until(`a ticket for ${number}`, async () => {
    const { body } = await api<{ tickets: Ticket[] }>(rig, '/tickets?status=waiting,assigned,resolved,abandoned');
    return body.tickets.find((ticket) => ticket.contact.senderAddress === number);
  });
}

describe('the handoff REST API', () => {
  it('refuses requests without a valid token', async () => {
    expect((await api(rig, '/tickets', { token: null })).status).toBe(401);
    expect((await api(rig, '/tickets', { token: 'wrong-token-value' })).status).toBe(401);
    expect((await api(rig, '/queues', { token: 'console-token-0123456789x' })).status).toBe(401);
    expect((await fetch(`${rig.url}/console/events`)).status).toBe(401);
    expect((await api(rig, '/me')).status).toBe(200);
  });

  it('keeps a restricted queue to its agents; two agents claiming at once get one winner', async () => {
    const vip = await escalate('+447700900999', 'SM71000000000000000000000000000001');
    expect(vip).toMatchObject({ queue: 'vip', tier: 'vip' });
    // The rule's priority, plus one if the VIP queue's short SLA already breached on a slow machine.
    expect(vip.priority - (vip.breaches.firstResponse ? 1 : 0)).toBe(3);
    const gus = { token: 'gus-token-123456' };
    expect((await api<{ tickets: Ticket[] }>(rig, '/tickets', gus)).body.tickets.map((ticket) => ticket.id)).not.toContain(vip.id);
    expect((await api(rig, `/tickets/${vip.id}`, gus)).status).toBe(404);
    expect((await api(rig, `/tickets/${vip.id}/claim`, { ...gus, method: 'POST' })).status).toBe(404);
    expect((await api<{ queues: { id: string }[] }>(rig, '/queues', gus)).body.queues.map((queue) => queue.id)).toEqual(['general']);

    const claims = await Promise.all([
      api(rig, `/tickets/${vip.id}/claim`, { token: 'vera-token-123456', method: 'POST' }),
      api(rig, `/tickets/${vip.id}/claim`, { method: 'POST', agentName: 'Sam' }),
    ]);
    expect(claims.map((claim) => claim.status).sort()).toEqual([200, 409]);
  });

  it('sends console replies to the customer on WhatsApp once per request id, and transfers', async () => {
    const number = '+447700900555';
    const ticket = await escalate(number, 'SM72000000000000000000000000000001');
    const asGus = { token: 'gus-token-123456' };
    expect((await api(rig, `/tickets/${ticket.id}/reply`, { ...asGus, method: 'POST', body: { text: '' } })).status).toBe(400);
    const reply = { ...asGus, method: 'POST', body: { text: 'Hello from Gus.', id: 'r-1' } };
    expect((await api(rig, `/tickets/${ticket.id}/reply`, reply)).status).toBe(202);
    expect((await api(rig, `/tickets/${ticket.id}/reply`, reply)).status).toBe(202);
    await until('the console reply on WhatsApp', () => messagesTo(number).includes('Hello from Gus.'));
    await rig.runtime.gateway.idle();
    expect(messagesTo(number).filter((text) => text === 'Hello from Gus.')).toHaveLength(1);
    // The first to answer took the ticket; another agent may not answer on it.
    expect((await api(rig, `/tickets/${ticket.id}/reply`, { token: 'vera-token-123456', method: 'POST', body: { text: 'me too' } })).status).toBe(403);
    const moved = await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}/transfer`, { method: 'POST', body: { queue: 'vip' } });
    expect(moved.body.ticket).toMatchObject({ queue: 'vip', status: 'waiting' });
    expect((await api(rig, `/tickets/${ticket.id}`, asGus)).status).toBe(404);
  });

  it('raises the priority of a breached ticket once and tells the supervisors in Slack', async () => {
    const ticket = await escalate('+447700900998', 'SM73000000000000000000000000000001');
    expect(ticket.tier).toBe('customer');
    const moved = (await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}/transfer`, { method: 'POST', body: { queue: 'vip' } })).body.ticket;
    const raised = await until('the breach', async () => {
      const { body } = await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`);
      return body.ticket.breaches.firstResponse ? body.ticket : undefined;
    });
    expect(raised.priority).toBe(moved.priority + 1);
    await until('the supervisors told', () => rig.slack.posted.some((post) => String(post.text).includes('<@USUPER>') && String(post.text).includes(`#${ticket.number}`)));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(rig.slack.posted.filter((post) => String(post.text).includes('<@USUPER>') && String(post.text).includes(`#${ticket.number} has had no first response`))).toHaveLength(1);
  });

  it('when nobody claims in time, offers a follow-up and the assistant answers again', async () => {
    const number = '+447700900777';
    const ticket = await escalate(number, 'SM74000000000000000000000000000001');
    await until('the timeout', async () => (await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket.status === 'abandoned', 30_000);
    await until('the follow-up offer', () => messagesTo(number).some((text) => text.includes('follow up with you here later')));
    await customerSays(rig, number, 'when is my next payment due?', 'SM74000000000000000000000000000002');
    await until('the assistant answering again', () => messagesTo(number).length === 3);
    expect(messagesTo(number)[2]).not.toContain('with our team');
  }, 60_000);
});

describe('what a client gets wrong, said back to it', () => {
  const raw = (path: string, init: RequestInit = {}) => fetch(`${rig.url}${path}`, init);
  const bearer = (token = 'gus-token-123456') => ({ authorization: `Bearer ${token}` });

  it('a sign-in or a reply sent as text/plain is refused with 415 and told to send JSON, not "Wrong token."', async () => {
    const login = await raw('/console/login', { method: 'POST', headers: { 'content-type': 'text/plain', origin: rig.url }, body: JSON.stringify({ token: 'gus-token-123456', name: 'Gus' }) });
    expect(login.status).toBe(415);
    expect(await login.json()).toMatchObject({ error: 'unsupported_media_type', message: expect.stringContaining('Content-Type: application/json') });
    const ticket = await escalate('+447700900551', 'SM76000000000000000000000000000001');
    const reply = await raw(`/api/handoff/tickets/${ticket.id}/reply`, { method: 'POST', headers: { ...bearer(), 'content-type': 'text/plain' }, body: 'hello' });
    expect(reply.status).toBe(415);
    // Without a body (a claim) there is nothing to refuse.
    expect((await raw(`/api/handoff/tickets/${ticket.id}/claim`, { method: 'POST', headers: bearer() })).status).toBe(200);
  });

  it('a ticket list asked with an unknown status, a queue not theirs or a bad limit gets 400 naming what is allowed', async () => {
    const list = async (query: string, token?: string) => {
      const response = await raw(`/api/handoff/tickets?${query}`, { headers: bearer(token) });
      return { status: response.status, body: (await response.json()) as { issues?: string[]; tickets?: Ticket[] } };
    };
    const status = await list('status=zzz');
    expect(status.status).toBe(400);
    expect(status.body.issues).toEqual(['status: unknown "zzz"; allowed: waiting, assigned, resolved, abandoned']);
    // A restricted queue Gus cannot see is as unknown to him as one that does not exist.
    for (const queue of ['vip', 'nope']) {
      const answer = await list(`queue=${queue}`);
      expect(answer.status).toBe(400);
      expect(answer.body.issues).toEqual([`queue: unknown "${queue}"; yours: general`]);
    }
    for (const limit of ['abc', '0', '-3', '501', '2.5']) expect((await list(`limit=${limit}`)).status, `limit=${limit}`).toBe(400);
    expect((await list('status=waiting&status=assigned')).status).toBe(400);
    expect((await list('status=waiting,resolved&queue=general&limit=500')).status).toBe(200);
    expect((await list('queue=vip', 'vera-token-123456')).status).toBe(200);
  });

  it('an agent name with markup is shown without it: "<i>Eve</i>" is Eve', async () => {
    const me = await api<{ agent: { id: string; name?: string } }>(rig, '/me', { agentName: '<i>Eve</i>' });
    expect(me.body.agent).toMatchObject({ id: 'Eve', name: 'Eve' });
    const scripted = await api<{ agent: { name?: string } }>(rig, '/me', { agentName: '<script src=x></script>Ana <b>B.</b>' });
    expect(scripted.body.agent.name).toBe('Ana B.');
  });
});
