import { randomBytes } from 'node:crypto';
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { emptyCheckpoint } from '@langchain/langgraph-checkpoint';
import { TwilioChannelState } from '../channels/twilio/state.ts';
import type { InboundMessage } from '../src/gateway/messages.ts';
import { ticketStoreFor } from '../src/handoff/index.ts';
import { privacyStoreFor } from '../src/privacy/index.ts';
import { reportStoreFor } from '../src/reports/index.ts';
import { buildReport } from '../src/reports/query.ts';
import { ReportRecorder } from '../src/reports/recorder.ts';
import { DEFAULT_RULES } from '../src/reports/types.ts';
import { RetentionSweeper } from '../src/privacy/retention.ts';
import type { PrivacyStore } from '../src/privacy/types.ts';
import type { Lease, Store } from '../src/store/types.ts';
import { newTicket } from './handoff/ticket-store.suite.ts';
import { findAnywhere } from './helpers/scan-tables.ts';

const quiet = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet } as never;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The retention sweep and erasure on request, part of the store contract (`test/store.suite.ts`):
 * every backend runs them. Numbers and texts are fresh per test, since some backends keep tables between tests.
 */
export function privacyCases(name: string, open: () => Promise<Store>): void {
  describe(`${name} store: retention and erasure`, () => {
    let store: Store;
    let privacy: PrivacyStore;
    const lease: Lease = { owner: 'host/1/privacy', ttlMs: 60_000 };
    const unique = () => randomBytes(4).toString('hex');
    const number = () => `+4670${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

    const message = (id: string, from: string, channel: InboundMessage['channel'], text: string): InboundMessage => ({
      channel,
      providerMessageId: id,
      senderAddress: from,
      text,
      receivedAt: new Date(),
    });

    /** A message answered with one reply the provider took: what a finished turn leaves. */
    async function conversation(from: string, channel: InboundMessage['channel'], text: string, namespace = 'phone') {
      const { item } = await store.inbox.insert(message(`${channel}-${unique()}`, from, channel, text), { key: { namespace, address: from }, role: 'customer', conversationKey: '' });
      await store.threads.acquire(item.threadId, lease);
      const [reply] = (await store.inbox.complete(item.seq, [{ channel, recipientAddress: from, text: `answer to ${text}`, language: 'en' }], lease))!;
      await store.outbox.markSent(reply!.seq, `SM${unique()}`);
      await store.threads.release(item.threadId, lease);
      const config = { configurable: { thread_id: item.threadId, checkpoint_ns: '' } };
      await store.checkpointer.put(config, { ...emptyCheckpoint(), channel_values: { said: text }, channel_versions: { said: 1 } }, { source: 'input', step: -1, parents: {} }, { said: 1 });
      return item;
    }

    beforeEach(async () => {
      store = await open();
      privacy = privacyStoreFor(store);
      await privacy.migrate();
      await ticketStoreFor(store).migrate();
    });
    afterEach(async () => {
      await store.close();
    });

    it('sweeps answered messages, sent replies, idle threads with their checkpoints and idle customers, in batches; keeps what is pending, recent or an opt-out', async () => {
      const idle = number();
      const waiting = number();
      const recent = number();
      const done = await conversation(idle, 'sms', `idle words ${unique()}`);
      await conversation(idle, 'sms', `more idle words ${unique()}`);
      await store.channelState.set('sms', `opt-out:${idle}`, new Date().toISOString());
      await store.channelState.set('sms', `last-inbound:${idle}`, new Date().toISOString());
      const pending = await store.inbox.insert(message(`p-${unique()}`, waiting, 'sms', 'still waiting'), { key: { namespace: 'phone', address: waiting }, role: 'customer', conversationKey: '' });
      await sleep(5);
      const cutoff = Date.now();
      await sleep(5);
      const kept = await conversation(recent, 'whatsapp', `recent words ${unique()}`);

      const sweeper = new RetentionSweeper(privacy, { messagesMs: 1_000, batch: 1, intervalMs: 60_000, pauseMs: 0, logger: quiet, now: () => cutoff + 1_000 });
      const removed = await sweeper.sweepOnce();

      expect(removed).toMatchObject({ inbox: 2, outbox: 2, threads: 1, customers: 1, channelState: 1 });
      expect(await store.inbox.get(done.seq)).toBeUndefined();
      expect(await store.customers.findByIdentity({ namespace: 'phone', address: idle })).toBeUndefined();
      expect(await store.checkpointer.getTuple({ configurable: { thread_id: done.threadId, checkpoint_ns: '' } })).toBeUndefined();
      expect(await new TwilioChannelState(store.channelState, 'sms').isOptedOut(idle)).toBe(true);
      expect(await store.channelState.get('sms', `last-inbound:${idle}`)).toBeUndefined();
      // Not yet answered: kept with its thread and customer, whatever its age.
      expect((await store.inbox.nextPending(pending.item.threadId))?.id).toBe(pending.item.id);
      // Newer than the cutoff: all of it kept.
      expect(await store.inbox.get(kept.seq)).toBeDefined();
      expect((await store.outbox.listForRecipient('whatsapp', recent, 0, 10)).map((reply) => reply.status)).toEqual(['sent']);
      expect(await store.checkpointer.getTuple({ configurable: { thread_id: kept.threadId, checkpoint_ns: '' } })).toBeDefined();
      // A second pass finds nothing more to do.
      expect(await sweeper.sweepOnce()).toEqual({});
    });

    it('blanks the transcripts of closed tickets past the message retention and removes them past the ticket retention', async () => {
      const tickets = ticketStoreFor(store);
      const words = `ticket words ${unique()}`;
      const { ticket } = await tickets.open(newTicket({ transcript: [{ role: 'user', text: words }], summary: words }));
      await tickets.addEvent({ id: `${ticket.id}:e1`, ticketId: ticket.id, kind: 'customer', text: words, createdAt: new Date() });
      await tickets.close(ticket.id, 'resolved', { resolved: true, note: words, by: 'ana' }, new Date());
      await tickets.setRating(ticket.id, 5);
      const open = (await tickets.open(newTicket({ transcript: [{ role: 'user', text: words }] }))).ticket;
      await sleep(5);
      const now = Date.now() + 1_000;

      await new RetentionSweeper(privacy, { messagesMs: 1_000, batch: 1, intervalMs: 60_000, pauseMs: 0, logger: quiet, now: () => now }).sweepOnce();
      const blanked = await tickets.get(ticket.id);
      expect(blanked).toMatchObject({ status: 'resolved', rating: 5, transcript: [], summary: '', contact: { channel: 'whatsapp' }, resolution: { resolved: true, by: 'ana' } });
      expect(blanked?.contact.senderAddress).toBeUndefined();
      expect(await tickets.events(ticket.id)).toEqual([]);
      expect((await tickets.get(open.id))?.transcript).toEqual([{ role: 'user', text: words }]);

      await new RetentionSweeper(privacy, { ticketsMs: 1_000, batch: 1, intervalMs: 60_000, pauseMs: 0, logger: quiet, now: () => now }).sweepOnce();
      expect(await tickets.get(ticket.id)).toBeUndefined();
      expect(await tickets.get(open.id)).toBeDefined();
    });

    it('erases one person on every channel from every table, keeps their opt-out as a keyed hash and their tickets anonymised', async () => {
      const phone = number();
      const webId = `web-${unique()}`;
      const marker = `secret-${unique()}`;
      const sms = await conversation(phone, 'sms', `my words ${marker} on sms`);
      await conversation(phone, 'whatsapp', `my words ${marker} on whatsapp`);
      const web = await conversation(webId, 'web', `my words ${marker} on the web`, 'web');
      const bystander = await conversation(number(), 'sms', `someone else ${unique()}`);
      await store.channelState.set('sms', `opt-out:${phone}`, new Date().toISOString());
      await store.channelState.set('whatsapp', `choices:${phone}`, [{ label: 'Yes', value: 'yes' }]);
      const tickets = ticketStoreFor(store);
      const { ticket } = await tickets.open(
        newTicket({ threadId: sms.threadId, customerId: sms.customerId, contact: { channel: 'sms', senderAddress: phone }, transcript: [{ role: 'user', text: marker }], summary: marker }),
      );
      await tickets.addEvent({ id: `${ticket.id}:c`, ticketId: ticket.id, kind: 'customer', text: marker, createdAt: new Date() });
      await tickets.queueWebhook(`${ticket.id}:ticket.created`, 'ticket.created', JSON.stringify({ ticket: { id: ticket.id, contact: { senderAddress: phone } } }), new Date());
      await store.outbox.enqueue(`handoff:${ticket.id}`, [{ id: `${ticket.id}:post`, channel: 'slack', recipientAddress: 'CQUEUE', text: `Ticket: ${marker}`, language: 'en' }], lease);

      // Reports counted the conversation: its row names the thread, the rollups only count it.
      const reports = reportStoreFor(store);
      const now = Date.now();
      await new ReportRecorder(reports, DEFAULT_RULES).recordTurn({
        seq: sms.seq, threadId: sms.threadId, source: 'live', at: now, answeredAt: now, channel: 'sms', market: 'SE', language: 'en', route: 'general', intent: 'greeting', escalated: false, kind: 'message',
      });
      const today = new Date(now).toISOString().slice(0, 10);
      const counted = (await buildReport(reports, { from: today, to: today, source: 'live' })).totals.conversations;

      // The scan sees the person everywhere they are, serialized checkpoints included, before the erasure.
      const before = await findAnywhere(store, [marker]);
      expect(before).toEqual(expect.arrayContaining([`inbox: ${marker}`, `outbox: ${marker}`, `handoff_tickets: ${marker}`, `handoff_events: ${marker}`]));
      expect(before.some((line) => line.startsWith('checkpoint'))).toBe(true);

      const subject = await privacy.findSubject([phone, webId], []);
      expect(subject.customerIds.sort()).toEqual([sms.customerId, web.customerId].sort());
      const removed = await privacy.erase(subject);

      expect(removed).toMatchObject({ customers: 2, threads: 2, inbox: 3, 'handoff_tickets (anonymised)': 1, handoff_events: 1, handoff_webhooks: 1, report_conversations: 1 });
      expect((await buildReport(reports, { from: today, to: today, source: 'live' })).totals.conversations).toBe(counted);
      expect(await findAnywhere(store, [phone, webId, marker, sms.customerId, sms.threadId, web.customerId, web.threadId])).toEqual([]);
      const sms0 = new TwilioChannelState(store.channelState, 'sms');
      expect(await sms0.isOptedOut(phone)).toBe(true);
      expect(await sms0.isOptedOut(number())).toBe(false);
      expect(await tickets.get(ticket.id)).toMatchObject({ status: 'abandoned', customerId: 'erased', transcript: [], contact: { channel: 'sms' } });
      // Nobody comes back to an erased person: the closed ticket asks for no comeback.
      expect((await tickets.pendingResumes(100)).map((pending) => pending.id)).not.toContain(ticket.id);
      // Someone else is untouched.
      expect(await store.inbox.get(bystander.seq)).toBeDefined();
      // A START from the same number later lifts the kept opt-out.
      await sms0.setOptedOut(phone, false);
      expect(await sms0.isOptedOut(phone)).toBe(false);
    });
  });
}
