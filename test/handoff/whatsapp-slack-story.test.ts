import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/handoff/types.ts';
import { agentClicks, agentWritesInThread, api, customerSays, QUEUE_CHANNEL, startRig, until, WEBHOOK_SECRET, type Rig } from './harness.ts';

/*
 * The story of issue 7, end to end through the real gateway: a WhatsApp customer asks for a
 * person; the ticket appears in the queue's Slack channel and in the console API; an agent
 * claims it with the Slack button and answers in the thread; the customer gets each answer
 * once, in order, on WhatsApp — across a gateway restart in the middle; the customer's own
 * messages reach the Slack thread; resolving brings the assistant back with a rating question.
 */
const CUSTOMER = '+447700900123';
const AGENT = 'UAGENT1';
let rig: Rig;

beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

const toCustomer = () => rig.twilio.messages.filter((message) => message.to === `whatsapp:${CUSTOMER}`).map((message) => message.body ?? '');
const postsInThread = (ts: string) => rig.slack.posted.filter((post) => post.channel === QUEUE_CHANNEL && post.thread_ts === ts).map((post) => String(post.text));

describe('a WhatsApp customer handed to a person in Slack and back', () => {
  it('tickets, relays each message once and in order across a restart, resumes and stores the rating', async () => {
    // 1. The customer asks for a person: one answer, saying a person is coming and roughly when.
    expect(await customerSays(rig, CUSTOMER, 'I want to talk to a person', 'SM70000000000000000000000000000001')).toBe(200);
    await until('the escalation answer', () => toCustomer().length === 1);
    expect(toCustomer()[0]).toContain('member of our team');
    expect(toCustomer()[0]).toMatch(/number 1 in line; the expected wait is about \d+ minutes?/);

    // 2. The ticket is posted to the queue's Slack channel as Block Kit with Claim / Resolve / Transfer.
    const ticket = await until('the ticket and its Slack post', async () => {
      const { body } = await api<{ tickets: Ticket[] }>(rig, '/tickets');
      const found = body.tickets.find((candidate) => candidate.contact.senderAddress === CUSTOMER);
      return found?.slack ? found : undefined;
    });
    expect(ticket).toMatchObject({ status: 'waiting', reason: 'requested_human', language: 'en', contact: { channel: 'whatsapp' } });
    const post = rig.slack.posted.find((candidate) => candidate.channel === QUEUE_CHANNEL && !candidate.thread_ts)!;
    expect(String(post.text)).toContain(`Ticket #${ticket.number}`);
    expect(String(post.text)).toContain('I want to talk to a person');
    // The notification text is plain: no Markdown markers shown literally.
    expect(String(post.text)).not.toMatch(/\*\*|^>/m);
    const buttons = (post.blocks as { type: string; elements?: { value: string; text: { text: string } }[] }[]).flatMap((block) => block.elements ?? []);
    expect(buttons.map((button) => button.text.text)).toEqual(expect.arrayContaining(['Claim', 'Resolve', expect.stringMatching(/^Transfer to /)]));
    expect(buttons.map((button) => button.value)).toContain(`handoff:claim:${ticket.id}`);
    const threadTs = ticket.slack!.ts;

    // 3. While waiting, the customer's words go to the agents; the customer hears their place in line.
    await customerSays(rig, CUSTOMER, 'hello? anyone there?', 'SM70000000000000000000000000000002');
    await until('the waiting note', () => toCustomer().length === 2);
    expect(toCustomer()[1]).toMatch(/You're number 1 in line/);
    await until('the customer message in the Slack thread', () => postsInThread(threadTs).some((text) => text.includes('hello? anyone there?')));

    // 4. An agent claims with the Slack button; the customer hears a person joined.
    expect(await agentClicks(rig, AGENT, 'ana', threadTs, `handoff:claim:${ticket.id}`, 'trigger-claim-1')).toBe(200);
    await until('the joined note', () => toCustomer().length === 3);
    expect(toCustomer()[2]).toContain('ana from our team has joined');
    expect((await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket).toMatchObject({ status: 'assigned', assignee: AGENT });
    // A second agent is too late.
    await agentClicks(rig, 'UAGENT2', 'bo', threadTs, `handoff:claim:${ticket.id}`, 'trigger-claim-2');
    await until('the refusal in the thread', () => postsInThread(threadTs).some((text) => text.includes('already with <@UAGENT1>')));

    // 5. The agent answers in the thread; the gateway restarts in the middle; Slack retries one event.
    expect(await agentWritesInThread(rig, AGENT, threadTs, 'Hi Maya, I can see your order.', 'EvAgent1')).toBe(200);
    await until('the first agent reply', () => toCustomer().length === 4);
    await rig.restart();
    expect(await agentWritesInThread(rig, AGENT, threadTs, 'I have refunded the shipping fee.', 'EvAgent2')).toBe(200);
    expect(await agentWritesInThread(rig, AGENT, threadTs, 'It shows up in 3-5 days.', 'EvAgent3')).toBe(200);
    expect(await agentWritesInThread(rig, AGENT, threadTs, 'I have refunded the shipping fee.', 'EvAgent2')).toBe(200);
    await until('three agent replies', () => toCustomer().length === 6);

    // 6. The customer answers; it shows in the Slack thread, and nothing goes back to the customer.
    await customerSays(rig, CUSTOMER, 'great, thank you!', 'SM70000000000000000000000000000003');
    await until('the customer reply in Slack', () => postsInThread(threadTs).some((text) => text.includes('great, thank you!')));

    // 7. Resolve: the assistant comes back on WhatsApp and asks for a rating.
    expect(await agentClicks(rig, AGENT, 'ana', threadTs, `handoff:resolve:${ticket.id}`, 'trigger-resolve-1')).toBe(200);
    await until('the comeback', () => toCustomer().length === 7);
    expect(toCustomer()[6]).toContain('Our team has handled your request');
    expect(toCustomer()[6]).toContain('from 1 (poor) to 5 (excellent)');

    // 8. The rating is stored with the ticket.
    await customerSays(rig, CUSTOMER, '5', 'SM70000000000000000000000000000004');
    await until('the thanks', () => toCustomer().length === 8);
    expect(toCustomer()[7]).toContain('Thank you for your feedback');
    await until('the rating on the ticket', async () => (await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket.rating === 5);

    // Each message once, in order, on WhatsApp.
    await rig.runtime.gateway.idle();
    expect(toCustomer().slice(3, 6)).toEqual(['Hi Maya, I can see your order.', 'I have refunded the shipping fee.', 'It shows up in 3-5 days.']);
    expect(toCustomer()).toHaveLength(8);
    expect((await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket).toMatchObject({ status: 'resolved', resolution: { resolved: true, by: AGENT } });

    // 9. A helpdesk got signed webhooks for the ticket's life.
    const events = await until('webhooks', () => {
      const names = rig.hooks.received.map((hook) => String(hook.headers['x-switchboard-event']));
      return ['ticket.created', 'ticket.assigned', 'ticket.resolved', 'ticket.rated'].every((name) => names.includes(name)) && names;
    });
    expect(events.filter((name) => name === 'ticket.created')).toHaveLength(1);
    for (const hook of rig.hooks.received) {
      const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${String(hook.headers['x-switchboard-timestamp'])}.${hook.body}`).digest('hex')}`;
      expect(hook.headers['x-switchboard-signature']).toBe(expected);
    }
  });
});
