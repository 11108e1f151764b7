import { describe, expect, it } from 'vitest';
import type { NewTicket, TicketStore } from '../../src/handoff/types.ts';

let counter = 0;

/** A ticket as the handoff opens it, unique per call unless fields say otherwise. */
export function newTicket(fields: Partial<NewTicket> = {}): NewTicket {
  counter += 1;
  const now = fields.createdAt ?? new Date();
  return {
    id: `tk_${process.pid}_${counter}`,
    sourceMessageId: `msg_${process.pid}_${counter}`,
    threadId: `thread_${process.pid}_${counter}`,
    customerId: `c_${counter}`,
    contact: { channel: 'whatsapp', senderAddress: '+34600000001' },
    language: 'es',
    market: 'ES',
    tier: 'customer',
    department: 'payments',
    queue: 'payments',
    reason: 'requested_human',
    summary: 'topics: payment_schedule',
    transcript: [{ role: 'user', text: 'quiero hablar con una persona' }],
    priority: 0,
    createdAt: now,
    firstResponseDue: new Date(now.getTime() + 600_000),
    resolutionDue: new Date(now.getTime() + 3_600_000),
    assignTimeoutAt: new Date(now.getTime() + 900_000),
    ...fields,
  };
}

/**
 * The behaviour every ticket store must have, run against SQLite (test/handoff) and
 * PostgreSQL (test/postgres). `open` gives a fresh, migrated store.
 */
export function ticketStoreSuite(name: string, open: () => Promise<TicketStore>): void {
  describe(`${name} ticket store`, () => {
    it('opens one ticket per escalating message, and one open ticket per thread', async () => {
      const store = await open();
      const first = newTicket();
      const opened = await store.open(first);
      expect(opened).toMatchObject({ created: true, ticket: { status: 'waiting', queue: 'payments', contact: { channel: 'whatsapp' } } });
      expect((await store.open(first)).created).toBe(false);
      const again = await store.open(newTicket({ threadId: first.threadId }));
      expect(again).toMatchObject({ created: false, ticket: { id: first.id } });
      expect((await store.openForThread(first.threadId))?.id).toBe(first.id);
    });

    it('two agents claiming at once: exactly one gets the ticket', async () => {
      const store = await open();
      const { ticket } = await store.open(newTicket());
      const outcomes = await Promise.all(['ana', 'bo', 'cy', 'di'].map((agent) => store.claim(ticket.id, agent, new Date())));
      expect(outcomes.filter((outcome) => outcome.kind === 'claimed')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'taken')).toHaveLength(3);
      const winner = outcomes.find((outcome) => outcome.kind === 'claimed')!;
      expect((await store.get(ticket.id))?.assignee).toBe(winner.kind === 'claimed' ? winner.ticket.assignee : '');
      expect((await store.claim(ticket.id, winner.kind === 'claimed' ? winner.ticket.assignee! : '', new Date())).kind).toBe('already_yours');
      expect(await store.claim('nope', 'ana', new Date())).toEqual({ kind: 'missing' });
    });

    it('orders a queue by priority then age, and knows the recent wait', async () => {
      const store = await open();
      const queue = `q${counter}`;
      const base = Date.now() - 60_000;
      const older = (await store.open(newTicket({ queue, createdAt: new Date(base) }))).ticket;
      const newer = (await store.open(newTicket({ queue, createdAt: new Date(base + 1000) }))).ticket;
      const urgent = (await store.open(newTicket({ queue, priority: 2, createdAt: new Date(base + 2000) }))).ticket;
      expect(await Promise.all([urgent, older, newer].map((ticket) => store.position(ticket)))).toEqual([1, 2, 3]);
      expect(await store.recentWaitMs(queue, 10)).toBeUndefined();
      await store.claim(older.id, 'ana', new Date(base + 30_000));
      expect(await store.position(newer)).toBe(2);
      expect(await store.recentWaitMs(queue, 10)).toBe(30_000);
      expect((await store.list({ queues: [queue] })).map((ticket) => ticket.id)).toEqual([urgent.id, newer.id, older.id]);
      expect(await store.list({ queues: [] })).toEqual([]);
    });

    it('closes once, transfers back to waiting, and runs the comeback for one message only', async () => {
      const store = await open();
      const { ticket } = await store.open(newTicket());
      await store.claim(ticket.id, 'ana', new Date());
      const moved = await store.transfer(ticket.id, 'general', { firstResponseDue: new Date(), resolutionDue: new Date(), assignTimeoutAt: new Date(Date.now() + 1000) });
      expect(moved).toMatchObject({ status: 'waiting', queue: 'general' });
      expect(moved?.assignee).toBeUndefined();
      const closed = await store.close(ticket.id, 'resolved', { resolved: true, note: 'refunded', by: 'bo' }, new Date());
      expect(closed).toMatchObject({ status: 'resolved', resolution: { note: 'refunded' }, resumeQueued: false });
      expect(await store.close(ticket.id, 'abandoned', undefined, new Date())).toBeUndefined();
      expect((await store.pendingResumes(100)).map((pending) => pending.id)).toContain(ticket.id);
      await store.markResumeQueued(ticket.id);
      expect((await store.pendingResumes(100)).map((pending) => pending.id)).not.toContain(ticket.id);
      expect(await store.claimResume(ticket.id, 'm1')).toBe(true);
      expect(await store.claimResume(ticket.id, 'm1')).toBe(true);
      expect(await store.claimResume(ticket.id, 'm2')).toBe(false);
      await store.setRating(ticket.id, 4);
      expect((await store.latestForThread(ticket.threadId))?.rating).toBe(4);
      expect(await store.openForThread(ticket.threadId)).toBeUndefined();
    });

    it('finds a ticket by its Slack post and keeps events once each, in order', async () => {
      const store = await open();
      const { ticket } = await store.open(newTicket());
      await store.setSlackPost(ticket.id, 'C1', `${counter}.0001`);
      expect((await store.bySlackThread('C1', `${counter}.0001`))?.id).toBe(ticket.id);
      const at = Date.now();
      expect(await store.addEvent({ id: 'e1', ticketId: ticket.id, kind: 'customer', text: 'hola', createdAt: new Date(at) })).toBe(true);
      expect(await store.addEvent({ id: 'e1', ticketId: ticket.id, kind: 'customer', text: 'hola', createdAt: new Date(at) })).toBe(false);
      await store.addEvent({ id: 'e2', ticketId: ticket.id, kind: 'agent', author: 'ana', text: 'hi', createdAt: new Date(at + 1) });
      expect((await store.events(ticket.id)).map((event) => [event.kind, event.text])).toEqual([
        ['customer', 'hola'],
        ['agent', 'hi'],
      ]);
    });

    it('flags an SLA breach once and raises the priority; times out waiting tickets', async () => {
      const store = await open();
      const past = new Date(Date.now() - 1000);
      const { ticket } = await store.open(newTicket({ firstResponseDue: past, assignTimeoutAt: past }));
      const due = await store.dueBreaches(new Date(), 1000);
      expect(due.find((entry) => entry.ticket.id === ticket.id)?.kind).toBe('firstResponse');
      const marks = await Promise.all([store.markBreach(ticket.id, 'firstResponse'), store.markBreach(ticket.id, 'firstResponse')]);
      expect(marks.filter(Boolean)).toHaveLength(1);
      expect((await store.get(ticket.id))?.priority).toBe(1);
      expect((await store.dueBreaches(new Date(), 1000)).some((entry) => entry.ticket.id === ticket.id)).toBe(false);
      expect((await store.dueTimeouts(new Date(), 1000)).map((timedOut) => timedOut.id)).toContain(ticket.id);
    });

    it('hands each due webhook to one sender, retries failures later', async () => {
      const store = await open();
      const now = new Date();
      await store.queueWebhook(`w${counter}`, 'ticket.created', '{}', now);
      await store.queueWebhook(`w${counter}`, 'ticket.created', '{}', now);
      const [first, second] = await Promise.all([store.claimWebhooks(now, 30_000, 10), store.claimWebhooks(now, 30_000, 10)]);
      const claimed = [...first!, ...second!].filter((hook) => hook.id === `w${counter}`);
      expect(claimed).toHaveLength(1);
      await store.webhookFailed(`w${counter}`, new Date(now.getTime() + 5000), false, 'HTTP 500');
      expect((await store.claimWebhooks(now, 30_000, 10)).some((hook) => hook.id === `w${counter}`)).toBe(false);
      const later = await store.claimWebhooks(new Date(now.getTime() + 6000), 30_000, 10);
      expect(later.find((hook) => hook.id === `w${counter}`)?.attempts).toBe(1);
      await store.webhookDone(`w${counter}`);
      expect((await store.claimWebhooks(new Date(now.getTime() + 100_000), 30_000, 10)).some((hook) => hook.id === `w${counter}`)).toBe(false);
    });
  });
}
