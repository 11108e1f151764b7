/**
 * What the pipeline counts, as an interface of the core: the gateway and its outbox sender
 * record through it and know nothing of Prometheus. `src/server/metrics.ts` implements it with
 * prom-client (the root hands that in); a test or an eval may hand in any object that fits.
 */

/** Label values of one sample, by label name. */
export type MetricLabels<Name extends string> = Partial<Record<Name, string | number>>;

/** A count that only goes up. */
export interface CounterPort<Name extends string> {
  inc(labels: MetricLabels<Name>, value?: number): void;
}

/** A value that goes up and down. */
export interface GaugePort {
  set(value: number): void;
  inc(value?: number): void;
  dec(value?: number): void;
}

/** A distribution of observed values. */
export interface HistogramPort<Name extends string> {
  observe(labels: MetricLabels<Name>, value: number): void;
}

/** The counters, gauges and histograms the gateway and the outbox sender update. */
export interface GatewayMetrics {
  accepted: CounterPort<'channel'>;
  duplicates: CounterPort<'channel'>;
  turns: CounterPort<'channel' | 'route' | 'outcome' | 'decided_by'>;
  turnSeconds: HistogramPort<'channel' | 'route'>;
  replyLanguages: CounterPort<'channel' | 'language'>;
  escalations: CounterPort<'channel' | 'reason'>;
  outboxSent: CounterPort<'channel'>;
  outboxRetries: CounterPort<'channel'>;
  outboxFailed: CounterPort<'channel' | 'code'>;
  deliveryReports: CounterPort<'channel' | 'status'>;
  queueDepth: GaugePort;
  turnRetries: CounterPort<'reason'>;
  storeWritable: GaugePort;
  /** Where the count of replies this process holds, not yet handed to their channel, is read. */
  countOutboxWith(source: () => number): void;
}
