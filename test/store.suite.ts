import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import type { InboundMessage } from '../src/gateway/messages.ts';
import type { Lease, ResolvedIdentity, Store } from '../src/store/types.ts';
import { rollupSuite } from './reports/rollup.suite.ts';
import { privacyCases } from './privacy.suite.ts';

/**
 * The store contract. Every backend runs this same suite: a backend is done when it is green.
 * `open` gives a fresh, empty store each time.
 */
export function storeSuite(name: string, open: () => Promise<Store>): void {
  describe(`${name} store`, () => {
    let store: Store;
    const me: Lease = { owner: 'host/1/a', ttlMs: 60_000 };
    const other: Lease = { owner: 'host/2/b', ttlMs: 60_000 };

    const message = (id: string, from = '+46701234567', channel: InboundMessage['channel'] = 'sms', text = 'hello'): InboundMessage => ({
      channel,
      providerMessageId: id,
      senderAddress: from,
      text,
      receivedAt: new Date('2026-01-01T10:00:00Z'),
    });
    const identity = (address: string, namespace = 'phone', conversationKey = ''): ResolvedIdentity => ({
      key: { namespace, address },
      role: 'customer',
      conversationKey,
    });

    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('accepts a provider message once and reports the second delivery as a duplicate', async () => {
      const first = await store.inbox.insert(message('SM1'), identity('+46701234567'));
      const again = await store.inbox.insert(message('SM1'), identity('+46701234567'));
      expect(first.duplicate).toBe(false);
      expect(again.duplicate).toBe(true);
      expect(again.item.id).toBe(first.item.id);
      expect(await store.inbox.pendingCount()).toBe(1);
    });

    it('treats the same provider id on two channels as two messages', async () => {
      await store.inbox.insert(message('X1', '+1', 'sms'), identity('+1'));
      const other = await store.inbox.insert(message('X1', '+1', 'whatsapp'), identity('+1'));
      expect(other.duplicate).toBe(false);
    });

    it('gives one identity one customer and one thread, and a conversation key its own thread', async () => {
      const sms = await store.inbox.insert(message('a', '+46701234567', 'sms'), identity('+46701234567'));
      const whatsapp = await store.inbox.insert(message('b', '+46701234567', 'whatsapp'), identity('+46701234567'));
      const slackThread = await store.inbox.insert(message('c', 'U1', 'slack'), identity('U1', 'slack', 'C1:123.4'));
      const slackDm = await store.inbox.insert(message('d', 'U1', 'slack'), identity('U1', 'slack'));
      expect(whatsapp.item.customerId).toBe(sms.item.customerId);
      expect(whatsapp.item.threadId).toBe(sms.item.threadId);
      expect(slackThread.item.customerId).toBe(slackDm.item.customerId);
      expect(slackThread.item.threadId).not.toBe(slackDm.item.threadId);
      const customer = await store.customers.findByIdentity({ namespace: 'phone', address: '+46701234567' });
      expect(customer?.id).toBe(sms.item.customerId);
    });

    it('keeps the message as accepted, dates included', async () => {
      const { item } = await store.inbox.insert(
        { ...message('m1'), attachments: [{ url: 'https://x/1.jpg', contentType: 'image/jpeg' }], action: 'help' },
        identity('+46701234567'),
      );
      const loaded = await store.inbox.get(item.seq);
      expect(loaded?.message).toEqual({ ...message('m1'), attachments: [{ url: 'https://x/1.jpg', contentType: 'image/jpeg' }], action: 'help' });
      expect(loaded?.message.receivedAt).toBeInstanceOf(Date);
    });

    it('completes a turn and queues its replies atomically, once', async () => {
      const { item } = await store.inbox.insert(message('m1'), identity('+46701234567'));
      expect(await store.threads.acquire(item.threadId, me)).toBe(true);
      const reply = { channel: 'sms' as const, recipientAddress: '+46701234567', replyTo: 'm1', language: 'sv', text: 'Hej!', meta: { route: 'general' } };
      const queued = (await store.inbox.complete(item.seq, [reply, { ...reply, text: 'Något mer?' }], me))!;
      expect(queued.map((q) => q.text)).toEqual(['Hej!', 'Något mer?']);
      expect(queued[0]!.seq).toBeLessThan(queued[1]!.seq);
      expect(await store.inbox.complete(item.seq, [reply], me)).toBeUndefined();
      expect(await store.inbox.pendingCount()).toBe(0);
      const listed = await store.outbox.listForRecipient('sms', '+46701234567', 0, 10);
      expect(listed.map((r) => [r.text, r.replyTo, r.language, r.meta])).toEqual([
        ['Hej!', 'm1', 'sv', { route: 'general' }],
        ['Något mer?', 'm1', 'sv', { route: 'general' }],
      ]);
      expect(await store.outbox.listForRecipient('sms', '+46701234567', listed[0]!.seq, 10)).toHaveLength(1);
    });

    it('lets only the holder of the thread lease complete a turn', async () => {
      const { item } = await store.inbox.insert(message('m1'), identity('+46701234567'));
      const reply = { channel: 'sms' as const, recipientAddress: '+46701234567', language: 'en', text: 'hi' };
      expect(await store.inbox.complete(item.seq, [reply], me)).toBeUndefined();
      expect(await store.threads.acquire(item.threadId, other)).toBe(true);
      expect(await store.inbox.complete(item.seq, [reply], me)).toBeUndefined();
      expect(await store.inbox.pendingCount()).toBe(1);
    });

    it('gives a thread to one owner at a time, until it expires or its owner is dead', async () => {
      const { item } = await store.inbox.insert(message('m1'), identity('+1'));
      expect(await store.threads.acquire(item.threadId, { owner: 'host/3/c', ttlMs: 1 })).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await store.threads.acquire(item.threadId, me)).toBe(true);
      expect(await store.threads.acquire(item.threadId, me)).toBe(true);
      expect(await store.threads.acquire(item.threadId, other)).toBe(false);
      expect(await store.threads.acquire(item.threadId, other, (owner) => owner === me.owner)).toBe(true);
    });

    it('keeps the lease while the thread has pending messages, and releases it once they are done', async () => {
      const { item } = await store.inbox.insert(message('m1'), identity('+1'));
      await store.threads.acquire(item.threadId, me);
      expect(await store.threads.release(item.threadId, me)).toBe(false);
      await store.inbox.complete(item.seq, [], me);
      expect(await store.threads.release(item.threadId, me)).toBe(true);
      expect(await store.threads.acquire(item.threadId, other)).toBe(true);
    });

    it('serves a thread’s pending messages oldest first', async () => {
      const first = await store.inbox.insert(message('a'), identity('+1'));
      await store.inbox.insert(message('b'), identity('+1'));
      await store.threads.acquire(first.item.threadId, me);
      expect((await store.inbox.nextPending(first.item.threadId))?.message.providerMessageId).toBe('a');
      await store.inbox.complete(first.item.seq, [], me);
      expect((await store.inbox.nextPending(first.item.threadId))?.message.providerMessageId).toBe('b');
    });

    it('finds threads left with pending messages and no live lease', async () => {
      const a = await store.inbox.insert(message('a', '+1'), identity('+1'));
      const b = await store.inbox.insert(message('b', '+2'), identity('+2'));
      await store.inbox.insert(message('c', 'U1', 'slack'), identity('U1', 'slack'));
      await store.threads.acquire(b.item.threadId, other);
      expect(await store.threads.orphaned(['sms'], 10)).toEqual([a.item.threadId]);
      expect((await store.threads.orphaned(['sms'], 10, (owner) => owner === other.owner)).sort()).toEqual([a.item.threadId, b.item.threadId].sort());
      await store.releaseLeases(other);
      expect(await store.threads.orphaned(['sms'], 10)).toHaveLength(2);
    });

    it('records delivery: sent, retried, failed for good, and provider status callbacks', async () => {
      const { item } = await store.inbox.insert(message('m1'), identity('+1'));
      await store.threads.acquire(item.threadId, me);
      const [a, b] = (await store.inbox.complete(
        item.seq,
        [
          { channel: 'sms', recipientAddress: '+1', language: 'en', text: 'one' },
          { channel: 'sms', recipientAddress: '+1', language: 'en', text: 'two' },
        ],
        me,
      ))!;
      await store.outbox.markSent(a!.seq, 'SMxyz');
      await store.outbox.markAttempt(b!.seq, '429 Too Many Requests', false);
      await store.outbox.markAttempt(b!.seq, '21610 unsubscribed', true);
      const updated = await store.outbox.updateStatusByProviderId('sms', 'SMxyz', 'failed', '30003 unreachable');
      expect(updated?.id).toBe(a!.id);
      expect((await store.outbox.getById(a!.id))?.status).toBe('failed');
      const failed = await store.outbox.getById(b!.id);
      expect([failed?.status, failed?.attempts, failed?.lastError]).toEqual(['failed', 2, '21610 unsubscribed']);
      expect(await store.outbox.claimExpired(['sms'], other, 10, () => true)).toEqual([]);
      expect(await store.outbox.updateStatusByProviderId('sms', 'unknown', 'delivered')).toBeUndefined();
    });

    it('hands unsent replies of a dead owner to the next one', async () => {
      const { item } = await store.inbox.insert(message('m1'), identity('+1'));
      await store.threads.acquire(item.threadId, me);
      await store.inbox.complete(item.seq, [{ channel: 'sms', recipientAddress: '+1', language: 'en', text: 'owed' }], me);
      const claimed = await store.outbox.claimExpired(['sms'], other, 10, (owner) => owner === me.owner);
      expect(claimed.map((r) => r.text)).toEqual(['owed']);
    });

    it('releases a reply its owner cannot send, for a process that can', async () => {
      const { item } = await store.inbox.insert(message('m1'), identity('+1'));
      await store.threads.acquire(item.threadId, me);
      const [reply] = (await store.inbox.complete(item.seq, [{ channel: 'slack', recipientAddress: 'C1', language: 'en', text: 'for Slack' }], me))!;
      // Leased to its writer: nobody else may take it yet.
      expect(await store.outbox.claimExpired(['slack'], other, 10)).toEqual([]);
      await store.outbox.release(reply!.seq, other);
      expect(await store.outbox.claimExpired(['slack'], other, 10)).toEqual([]);
      await store.outbox.release(reply!.seq, me);
      expect((await store.outbox.claimExpired(['slack'], other, 10)).map((r) => r.text)).toEqual(['for Slack']);
    });

    it('queues replies that answer no message once per id', async () => {
      const { item } = await store.inbox.insert(message('m1'), identity('+1'));
      const reply = { id: 'ticket-1.agent-1', channel: 'whatsapp' as const, recipientAddress: '+1', language: 'en', text: 'Hi, Sam here.' };
      const first = await store.outbox.enqueue(item.threadId, [reply], me);
      const again = await store.outbox.enqueue(item.threadId, [reply], me);
      expect(first.map((r) => [r.id, r.text, r.threadId])).toEqual([['ticket-1.agent-1', 'Hi, Sam here.', item.threadId]]);
      expect(again).toEqual([]);
      expect(await store.outbox.listForRecipient('whatsapp', '+1', 0, 10)).toHaveLength(1);
    });

    it('keeps customer language and market', async () => {
      const { item } = await store.inbox.insert(message('m1'), identity('+1'));
      await store.customers.setLanguage(item.customerId, 'sv', true);
      await store.customers.setMarket(item.customerId, 'SE');
      const customer = await store.customers.get(item.customerId);
      expect([customer?.language, customer?.languageChosen, customer?.market, customer?.role]).toEqual(['sv', true, 'SE', 'customer']);
      await store.customers.setLanguage(item.customerId, 'sv', false, 'da');
      expect((await store.customers.get(item.customerId))?.languagePending).toBe('da');
    });

    it('keeps channel state as JSON per channel and key', async () => {
      await store.channelState.set('teams', 'conv-1', { serviceUrl: 'http://127.0.0.1:1', id: 'a' });
      await store.channelState.set('teams', 'conv-1', { serviceUrl: 'http://127.0.0.1:2', id: 'a' });
      expect(await store.channelState.get('teams', 'conv-1')).toEqual({ serviceUrl: 'http://127.0.0.1:2', id: 'a' });
      expect(await store.channelState.get('slack', 'conv-1')).toBeUndefined();
      await store.channelState.delete('teams', 'conv-1');
      expect(await store.channelState.get('teams', 'conv-1')).toBeUndefined();
    });

    it('reports itself writable while the database takes writes', async () => {
      expect(await store.health()).toEqual({ writable: true });
      expect(await store.health()).toEqual({ writable: true });
    });

    it('hands a thread back with messages pending, so any process may take it at once', async () => {
      const { item } = await store.inbox.insert(message('SM-hand'), identity('+46700000077'));
      expect(await store.threads.acquire(item.threadId, me)).toBe(true);
      expect(await store.threads.acquire(item.threadId, other)).toBe(false);
      await store.threads.handBack(item.threadId, me);
      expect(await store.threads.orphaned(['sms'], 10)).toContain(item.threadId);
      expect(await store.threads.acquire(item.threadId, other)).toBe(true);
      expect((await store.inbox.nextPending(item.threadId))?.id).toBe(item.id);
    });

    // Reports' rollups live in the same database and pass the same cases on every backend.
    rollupSuite(() => store);
  });

  privacyCases(name, open);
}
