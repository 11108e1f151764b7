import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/handoff/types.ts';
import { signedTwilioWebhook, smsParams } from '../fakes/twilio-api.ts';
import { AUTH_TOKEN, PUBLIC_URL, api, customerSays, startRig, until, type Rig } from '../handoff/harness.ts';
import { findAnywhere } from '../helpers/scan-tables.ts';
import { webClient } from '../helpers/web-client.ts';

/*
 * Issue 21, as an operator meets it: Astrid (the demo customer) talks on SMS, WhatsApp and the
 * web, is handed to a person, rates the help, and sends STOP on SMS. Her export holds what she
 * said; after the supervisor erases her, no table holds anything of her, and her STOP still holds.
 */
const PHONE = '+46701234567';
const SMS_FROM = '+15005550006';
const WEB_ID = 'web-astrid';
const AGENT_REPLY = 'Hello Astrid, agent Nils here: your refund left us yesterday.';
let rig: Rig;

beforeAll(async () => {
  rig = await startRig({ TWILIO_SMS_FROM: SMS_FROM, HANDOFF_AGENT_TOKENS: 'nils=agent-token-nils-123' });
});
afterAll(async () => {
  await rig?.close();
});

async function smsSays(text: string, sid: string): Promise<number> {
  const path = '/webhooks/twilio/sms';
  const request = signedTwilioWebhook(`${PUBLIC_URL}${path}`, smsParams(PHONE, SMS_FROM, text, sid), AUTH_TOKEN);
  return (await fetch(`${rig.url}${path}`, { method: 'POST', body: request.body, headers: request.headers })).status;
}
const sent = (to: string) => rig.twilio.messages.filter((message) => message.to === to).map((message) => message.body ?? '');

describe('a person erased after SMS, WhatsApp, the web and a handoff', () => {
  it('exports what they said, then leaves nothing of them in any table while their STOP still holds', { timeout: 120_000 }, async () => {
    const said: string[] = [];
    const web = webClient(rig.url);

    // SMS and WhatsApp share the number's thread; the web id belongs to the same commerce customer.
    said.push('where is my refund for order 1042? (written from the bus)');
    expect(await smsSays(said.at(-1)!, 'SM21000000000000000000000000000001')).toBe(200);
    await until('the SMS answer', () => sent(PHONE).length === 1);
    said.push('when is my next payment due? asking on whatsapp');
    expect(await customerSays(rig, PHONE, said.at(-1)!, 'SM21000000000000000000000000000002')).toBe(200);
    await until('the WhatsApp answer', () => sent(`whatsapp:${PHONE}`).length === 1);
    await web.send(WEB_ID, 'where is my order 3001 from the website?', 'w21-1');
    const webReplies = await web.waitForReplies(WEB_ID, (replies) => replies.length === 1);

    // A person takes over on WhatsApp, answers, resolves; Astrid rates the help.
    said.push('I want to talk to a person please');
    await customerSays(rig, PHONE, said.at(-1)!, 'SM21000000000000000000000000000003');
    const ticket = await until('the ticket', async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((candidate) => candidate.contact.senderAddress === PHONE));
    expect((await api(rig, `/tickets/${ticket.id}/reply`, { method: 'POST', body: { text: AGENT_REPLY }, agentName: 'Nils' })).status).toBe(202);
    await until('the agent reply', () => sent(`whatsapp:${PHONE}`).includes(AGENT_REPLY));
    expect((await api(rig, `/tickets/${ticket.id}/resolve`, { method: 'POST', body: {} })).status).toBe(200);
    await until('the rating question', () => sent(`whatsapp:${PHONE}`).some((body) => body.includes('from 1 (poor) to 5 (excellent)')));
    said.push('5');
    await customerSays(rig, PHONE, '5', 'SM21000000000000000000000000000004');
    await until('the rating on the ticket', async () => (await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket.rating === 5);

    // STOP on SMS.
    said.push('STOP');
    expect(await smsSays('STOP', 'SM21000000000000000000000000000005')).toBe(200);
    await rig.runtime.gateway.idle();

    // The export holds what was said, what was answered, the ticket with its rating, the language and market.
    const exported = await api<Record<string, any>>(rig, '/customers/export', { method: 'POST', body: { phone: PHONE } });
    expect(exported.status).toBe(200);
    const document = exported.body;
    expect(document.messages.filter((message: { channel: string }) => message.channel !== 'web').map((message: { text: string }) => message.text)).toEqual(said);
    expect(document.messages.filter((message: { channel: string }) => message.channel === 'web').map((message: { text: string }) => message.text)).toEqual([
      'where is my order 3001 from the website?',
    ]);
    const replyTexts: string[] = document.replies.map((reply: { text: string }) => reply.text);
    expect(replyTexts).toContain(AGENT_REPLY);
    expect(replyTexts).toContain(webReplies[0]!.text);
    expect(document.replies.filter((reply: { channel: string }) => reply.channel === 'whatsapp')).toHaveLength(sent(`whatsapp:${PHONE}`).length);
    expect(document.tickets).toHaveLength(1);
    expect(document.tickets[0]).toMatchObject({ number: ticket.number, status: 'resolved', rating: 5 });
    expect(document.ratings).toEqual([{ ticket: ticket.number, rating: 5 }]);
    expect(document.markets.map((market: { market: string | null }) => market.market)).toContain('SE');
    expect(document.languages.map((language: { language: string | null }) => language.language)).toContain('en');
    expect(document.channelState.map((row: { key: string }) => row.key)).toContain(`opt-out:${PHONE}`);
    expect(document.commerce.customer).toMatchObject({ name: 'Astrid Lindqvist', email: 'astrid@example.se' });
    const customerIds: string[] = document.customers.map((customer: { id: string }) => customer.id);
    expect(customerIds).toHaveLength(2);

    // The helpdesk's webhooks carried the ticket without her contact (HANDOFF_WEBHOOK_CONTACT is off).
    const hooks = await until('the ticket webhooks', () => rig.hooks.received.length >= 3 && rig.hooks.received);
    for (const hook of hooks) {
      expect(hook.body).not.toContain(PHONE.slice(1));
      expect(hook.body).not.toContain('Maya Lind');
      expect((JSON.parse(hook.body) as { ticket: { contact: unknown } }).ticket.contact).toEqual({ channel: 'whatsapp' });
    }

    // Only the supervisor may erase.
    expect((await api(rig, '/customers/erase', { method: 'POST', body: { phone: PHONE }, token: null })).status).toBe(401);
    expect((await api(rig, '/customers/erase', { method: 'POST', body: { phone: PHONE }, token: 'agent-token-nils-123' })).status).toBe(403);
    expect((await api(rig, '/customers/erase', { method: 'POST', body: { phone: '0701234567' } })).status).toBe(400);
    const erased = await api<{ found: boolean; removed: Record<string, number> }>(rig, '/customers/erase', { method: 'POST', body: { phone: PHONE }, agentName: 'Supervisor Sara' });
    expect(erased.status).toBe(200);
    expect(erased.body.found).toBe(true);
    expect(erased.body.removed).toMatchObject({ customers: 2, commerce_customers: 1, 'handoff_tickets (anonymised)': 1, 'channel_state (opt-outs kept as a keyed hash)': 1 });

    // Nothing of her in any table of the database: addresses, name, words, ids.
    const needles = [PHONE, PHONE.slice(1), WEB_ID, 'astrid@example.se', 'Lindqvist', 'Maya Lind', 'written from the bus', 'asking on whatsapp', 'from the website', AGENT_REPLY, ...customerIds, ticket.threadId];
    expect(await findAnywhere(rig.runtime.store, needles)).toEqual([]);
    // The audit log names the supervisor, not the person.
    const [entry] = await rig.runtime.privacy.store.auditLog(1);
    expect(entry).toMatchObject({ actor: 'api:Supervisor Sara', action: 'erase' });
    // The ticket stays for reports, anonymous, with its rating.
    expect((await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket).toMatchObject({ customerId: 'erased', rating: 5, transcript: [], contact: { channel: 'whatsapp' } });

    // Her STOP still holds: a new SMS from the number is answered by nobody on SMS.
    const before = sent(PHONE).length;
    expect(await smsSays('hello again', 'SM21000000000000000000000000000006')).toBe(200);
    await rig.runtime.gateway.idle();
    await until('the refused reply to settle', async () => (await rig.runtime.store.outbox.listForRecipient('sms', PHONE, 0, 10)).some((reply) => reply.status === 'failed'));
    expect(sent(PHONE)).toHaveLength(before);
  });
});
