import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The gateway's Prometheus metrics, on a registry of its own so tests can run several gateways.
 * They meet the pipeline's own interface (`GatewayMetrics`, src/gateway/metrics.ts), which the
 * root hands them to, plus the reports' counters.
 */
export function createMetrics() {
  const registry = new Registry();
  let outboxHeld = () => 0;
  collectDefaultMetrics({ register: registry });
  const channel = ['channel'] as const;
  return {
    registry,
    accepted: new Counter({ name: 'switchboard_messages_accepted_total', help: 'Messages accepted into the inbox', labelNames: channel, registers: [registry] }),
    duplicates: new Counter({ name: 'switchboard_duplicates_dropped_total', help: 'Deliveries dropped as duplicates of an accepted message', labelNames: channel, registers: [registry] }),
    turns: new Counter({
      name: 'switchboard_turns_total',
      help: 'Conversation turns completed, by who decided the route (offline router, LLM, fallback, rule)',
      labelNames: ['channel', 'route', 'outcome', 'decided_by'] as const,
      registers: [registry],
    }),
    turnSeconds: new Histogram({
      name: 'switchboard_turn_duration_seconds',
      help: 'Time from the start of a turn to its replies being queued',
      labelNames: ['channel', 'route'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    replyLanguages: new Counter({ name: 'switchboard_turn_languages_total', help: 'Turns answered, by the language of the answer', labelNames: ['channel', 'language'] as const, registers: [registry] }),
    escalations: new Counter({ name: 'switchboard_escalations_total', help: 'Turns that escalated to a person', labelNames: ['channel', 'reason'] as const, registers: [registry] }),
    outboxSent: new Counter({ name: 'switchboard_outbox_sent_total', help: 'Replies handed to their channel', labelNames: channel, registers: [registry] }),
    outboxRetries: new Counter({ name: 'switchboard_outbox_retries_total', help: 'Reply sends that failed and were scheduled again', labelNames: channel, registers: [registry] }),
    outboxFailed: new Counter({ name: 'switchboard_outbox_failed_total', help: 'Replies given up on (permanent error or attempts exhausted)', labelNames: ['channel', 'code'] as const, registers: [registry] }),
    deliveryReports: new Counter({ name: 'switchboard_delivery_reports_total', help: 'Delivery status callbacks from providers', labelNames: ['channel', 'status'] as const, registers: [registry] }),
    queueDepth: new Gauge({ name: 'switchboard_queue_depth', help: 'Accepted messages waiting for or in their turn', registers: [registry] }),
    outboxPending: new Gauge({
      name: 'switchboard_outbox_pending',
      help: 'Replies this process holds that are not yet handed to their channel (queued, or retrying through a provider outage)',
      registers: [registry],
      collect() {
        this.set(outboxHeld());
      },
    }),
    turnRetries: new Counter({
      name: 'switchboard_turn_retries_total',
      help: 'Turns handed back to be tried again: the database failed (store) or the assistant did (assistant)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    storeWritable: new Gauge({ name: 'switchboard_store_writable', help: '1 while the database takes writes (the readiness probe), else 0', registers: [registry] }),
    // Reports (src/reports/): conversations as docs/reports.md defines them, counted when they start or change.
    conversations: new Counter({ name: 'switchboard_conversations_total', help: 'Conversations started (a quiet gap of REPORTS_QUIET_GAP_MINUTES starts a new one)', labelNames: channel, registers: [registry] }),
    conversationsAutomated: new Counter({
      name: 'switchboard_conversations_automated_total',
      help: 'Conversations counted automated when they started (no ticket); see switchboard_conversations_unautomated_total for those that moved',
      labelNames: channel,
      registers: [registry],
    }),
    conversationsUnautomated: new Counter({
      name: 'switchboard_conversations_unautomated_total',
      help: 'Conversations counted automated that moved to not automated: a ticket opened later (escalated) or the customer came back with the same intent (came_back)',
      labelNames: ['channel', 'why'] as const,
      registers: [registry],
    }),
    conversationsEscalated: new Counter({ name: 'switchboard_conversations_escalated_total', help: 'Conversations handed to a person, by escalation reason', labelNames: ['channel', 'reason'] as const, registers: [registry] }),
    ticketRatings: new Histogram({ name: 'switchboard_ticket_rating', help: 'Satisfaction ratings (1-5) customers gave after a person helped', buckets: [1, 2, 3, 4, 5], registers: [registry] }),
    ticketFirstResponseSeconds: new Histogram({
      name: 'switchboard_ticket_first_response_seconds',
      help: 'Time from a ticket opening to the first answer of a person',
      buckets: [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400],
      registers: [registry],
    }),
    /** Where `switchboard_outbox_pending` reads its value (the gateway's sender). */
    countOutboxWith(source: () => number): void {
      outboxHeld = source;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
