import { expect, it } from 'vitest';
import { buildReport } from '../../src/reports/query.ts';
import { reportStoreFor } from '../../src/reports/index.ts';
import { rollupDelta } from '../../src/reports/definitions.ts';
import { ReportRecorder } from '../../src/reports/recorder.ts';
import { DEFAULT_RULES, type TicketFacts, type TurnEvent } from '../../src/reports/types.ts';
import type { Store } from '../../src/store/types.ts';

/**
 * Reports' rollups on a backend: called inside the store suite, so SQLite and PostgreSQL keep
 * the same conversations, counts and times for the same turns.
 */
export function rollupSuite(current: () => Store): void {
  const T0 = Date.parse('2026-03-02T09:00:00Z');
  const MIN = 60_000;
  const DAY = '2026-03-02';
  let seq = 0;
  const turn = (threadId: string, atMinutes: number, fields: Partial<TurnEvent> = {}): TurnEvent => ({
    seq: ++seq,
    threadId,
    source: 'live',
    at: T0 + atMinutes * MIN,
    answeredAt: T0 + atMinutes * MIN + 2000,
    channel: 'sms',
    market: 'SE',
    language: 'sv',
    route: 'refunds',
    intent: 'refund_status',
    escalated: false,
    kind: 'message',
    ...fields,
  });
  const setup = () => {
    const reports = reportStoreFor(current());
    return { reports, recorder: new ReportRecorder(reports, DEFAULT_RULES), report: (queues?: string[]) => buildReport(reports, { from: DAY, to: DAY, ...(queues ? { queues } : {}) }) };
  };

  it('rollups: turns within the quiet gap are one conversation, a longer gap starts another; a replayed turn counts once', async () => {
    const { recorder, report } = setup();
    const first = turn('t-gap', 0, { intent: 'greeting', route: 'general' });
    await recorder.recordTurn(first);
    await recorder.recordTurn(turn('t-gap', 10));
    await recorder.recordTurn(first); // replayed after a crash: already counted
    await recorder.recordTurn(turn('t-gap', 45, { intent: 'order_status', route: 'orders' })); // 35 min quiet: a new conversation
    const { totals, breakdowns, lowestContainment } = await report();
    expect(totals).toMatchObject({ conversations: 2, messages: 3, automated: 2, escalated: 0, automationRate: 1 });
    // Automated: first message to last answer (10 min 2 s, and 2 s).
    expect(totals.avgResolutionSeconds).toBe((602 + 2) / 2);
    // The conversation that opened with "hi" is about its first real question.
    expect(breakdowns.route.map((row) => [row.value, row.conversations]).sort()).toEqual([['orders', 1], ['refunds', 1]]);
    expect(lowestContainment.map((row) => row.intent).sort()).toEqual(['order_status', 'refund_status']);
  });

  it('rollups: an escalation with a ticket counts first response, resolution, rating and a breach once each, in the ticket queue', async () => {
    const { recorder, report } = setup();
    const ticket: TicketFacts = { ticketId: 'tk-1', queue: 'payments', reason: 'frustration', status: 'waiting', createdAt: T0 + 3 * MIN, breached: false };
    await recorder.recordTurn(turn('t-esc', 0));
    await recorder.recordTurn(turn('t-esc', 3, { escalated: true, reason: 'frustration', ticket }));
    // The customer is quiet for two hours while a person has the ticket: still one conversation.
    await recorder.recordTurn(turn('t-esc', 120, { kind: 'relay', intent: 'handoff_relay', ticket }));
    const answered = { ...ticket, status: 'assigned' as const, firstResponseAt: T0 + 8 * MIN, breached: true };
    await recorder.recordTicket('tk-1', async () => answered);
    await recorder.recordTicket('tk-1', async () => answered); // the same change told twice
    const resolved = { ...answered, status: 'resolved' as const, closedAt: T0 + 150 * MIN };
    await recorder.recordTicket('tk-1', async () => resolved);
    await recorder.recordTurn(turn('t-esc', 151, { kind: 'comeback', intent: 'affirm', ticket: resolved }));
    await recorder.recordTurn(turn('t-esc', 200, { intent: 'rating', route: 'general', rating: true, ticket: { ...resolved, rating: 4 } }));
    const { totals, escalationReasons } = await report();
    expect(totals).toMatchObject({ conversations: 1, automated: 0, escalated: 1, resolved: 1, slaBreaches: 1, ratingsCount: 1, csatAverage: 4, avgFirstResponseSeconds: 300 });
    expect(totals.ratings).toEqual({ 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 });
    // With a person: first message to the ticket's resolution.
    expect(totals.avgResolutionSeconds).toBe(150 * 60);
    expect(escalationReasons).toEqual([{ reason: 'frustration', conversations: 1, share: 1 }]);
    // An agent of the payments queue sees it; one of another queue sees nothing.
    expect((await report(['payments'])).totals.conversations).toBe(1);
    expect((await report(['disputes'])).totals.conversations).toBe(0);
  });

  it('rollups: a transfer moves the conversation to the new queue, never counting it twice', async () => {
    const { recorder, report } = setup();
    const ticket: TicketFacts = { ticketId: 'tk-2', queue: 'general', reason: 'requested_human', status: 'waiting', createdAt: T0, breached: false };
    await recorder.recordTurn(turn('t-move', 0, { intent: 'human_agent', route: 'general', escalated: true, reason: 'requested_human', ticket }));
    await recorder.recordTicket('tk-2', async () => ({ ...ticket, queue: 'disputes' }));
    expect((await report(['general'])).totals.conversations).toBe(0);
    expect((await report(['disputes'])).totals).toMatchObject({ conversations: 1, escalated: 1 });
  });

  it('rollups: back within 24 h with the same intent moves the earlier conversation to not automated; another intent does not', async () => {
    const { recorder, report } = setup();
    await recorder.recordTurn(turn('t-back', 0));
    await recorder.recordTurn(turn('t-back', 60, { intent: 'greeting', route: 'general' }));
    let totals = (await report()).totals;
    expect(totals).toMatchObject({ conversations: 2, automated: 2, reopened: 0 });
    // The second conversation's real question is the same as the first one's.
    await recorder.recordTurn(turn('t-back', 61));
    totals = (await report()).totals;
    expect(totals).toMatchObject({ conversations: 2, automated: 1, reopened: 1, automationRate: 0.5 });
    await recorder.recordTurn(turn('t-other', 0));
    await recorder.recordTurn(turn('t-other', 90, { intent: 'order_status', route: 'orders' }));
    totals = (await report()).totals;
    expect(totals).toMatchObject({ conversations: 4, automated: 3, reopened: 1 });
  });

  it('rollups: a question the assistant had no answer to is not automated, until a later question in it is answered', async () => {
    const { recorder, report } = setup();
    await recorder.recordTurn(turn('t-none', 0, { intent: 'policy_question', route: 'general', unanswered: true }));
    await recorder.recordTurn(turn('t-none', 1, { intent: 'thanks', route: 'general' }));
    expect((await report()).totals).toMatchObject({ conversations: 1, automated: 0, escalated: 0, unanswered: 1, automationRate: 0 });
    await recorder.recordTurn(turn('t-none', 2));
    expect((await report()).totals).toMatchObject({ conversations: 1, automated: 1, unanswered: 0, automationRate: 1 });
    await recorder.recordTurn(turn('t-none', 3, { intent: 'policy_question', route: 'general', unanswered: true }));
    expect((await report()).totals).toMatchObject({ conversations: 1, automated: 0, unanswered: 1 });
  });

  it('rollups: a writer that read an older version loses and nothing is written twice', async () => {
    const { reports, recorder } = setup();
    await recorder.recordTurn(turn('t-race', 0));
    const fact = (await reports.latestForThread('t-race'))!;
    const after = { ...fact, messages: 9 };
    expect(await reports.commit([{ before: fact, after }], [])).toBe(true);
    expect(await reports.commit([{ before: fact, after: { ...fact, messages: 5 } }], [])).toBe(false);
    expect((await reports.get(fact.id))?.messages).toBe(9);
  });

  it('rollups: two writers of the same version at once (sharing a commit on SQLite): one lands, the other writes nothing, not even its counts', async () => {
    const { reports, recorder, report } = setup();
    await recorder.recordTurn(turn('t-together', 0));
    const fact = (await reports.latestForThread('t-together'))!;
    const before = (await report()).totals.messages;
    const write = (messages: number) => {
      const after = { ...fact, messages };
      return reports.commit([{ before: fact, after }], rollupDelta(fact, after));
    };
    const landed = await Promise.all([write(7), write(8)]);
    expect(landed.filter(Boolean)).toHaveLength(1);
    const stored = (await reports.get(fact.id))!;
    expect(stored.messages).toBe(landed[0] ? 7 : 8);
    expect((await report()).totals.messages).toBe(before + stored.messages - 1);
  });

  it('rollups: erasing a thread drops its conversation rows and keeps the anonymous counts', async () => {
    const { reports, recorder, report } = setup();
    await recorder.recordTurn(turn('t-erase', 0));
    await recorder.recordTurn(turn('t-keep', 0));
    expect(await reports.forgetThreads(['t-erase'])).toBe(1);
    expect(await reports.latestForThread('t-erase')).toBeUndefined();
    expect(await reports.latestForThread('t-keep')).toBeDefined();
    expect((await report()).totals.conversations).toBe(2);
  });

  it("rollups: a thread's older ticket never attaches to a later conversation", async () => {
    const { recorder, report } = setup();
    const old: TicketFacts = { ticketId: 'tk-old', queue: 'general', reason: 'requested_human', status: 'resolved', createdAt: T0, closedAt: T0 + 10 * MIN, breached: false };
    await recorder.recordTurn(turn('t-old', 0, { intent: 'human_agent', route: 'general', escalated: true, reason: 'requested_human', ticket: { ...old, status: 'waiting', closedAt: undefined } }));
    await recorder.recordTicket('tk-old', async () => old);
    // Two hours later the customer escalates again, on a channel that refuses the handoff: the thread's latest ticket is the old one.
    await recorder.recordTurn(turn('t-old', 130, { escalated: true, reason: 'frustration', ticket: old }));
    const { totals } = await report();
    expect(totals).toMatchObject({ conversations: 2, escalated: 2, resolved: 1 });
    expect((await report(['general'])).totals.conversations).toBe(1);
  });

  it('rollups: a period of whole months and loose days sums to the same as its days', async () => {
    const { reports, recorder } = setup();
    const at = (iso: string) => (Date.parse(iso) - T0) / MIN;
    for (const iso of ['2026-01-31T10:00:00Z', '2026-02-01T10:00:00Z', '2026-02-15T10:00:00Z', '2026-02-28T23:00:00Z', '2026-03-01T08:00:00Z', '2026-04-02T08:00:00Z']) {
      await recorder.recordTurn(turn(`t-month-${iso}`, at(iso)));
    }
    const total = async (from: string, to: string) => (await buildReport(reports, { from, to })).totals.conversations;
    expect(await total('2026-01-31', '2026-03-01')).toBe(5);
    expect(await total('2026-02-01', '2026-02-28')).toBe(3);
    expect(await total('2026-01-01', '2026-04-30')).toBe(6);
    expect(await total('2026-02-02', '2026-04-01')).toBe(3);
    const days = (await buildReport(reports, { from: '2026-01-01', to: '2026-04-30' })).days.reduce((sum, day) => sum + day.conversations, 0);
    expect(days).toBe(6);
  });
}
