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
