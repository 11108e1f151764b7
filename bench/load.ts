import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  connections: number;
  /** Run for this long... */
  seconds?: number;
  /** ...or send exactly this many requests. */
  amount?: number;
  headers?: Record<string, string>;
  /** The body of the n-th request, so every request can be a new message. */
  body: (n: number) => string;
  /** Extra headers computed from the body (a signature). */
  sign?: (body: string) => Record<string, string>;
  /** Requests per second over all connections (open loop at a fixed rate); as fast as answered when absent. */
  rate?: number;
}

/** Drives POSTs at `url` from this process with autocannon. */
export async function load(url: string, options: LoadOptions): Promise<LoadResult> {
  let counter = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    connections: options.connections,
    ...(options.rate ? { overallRate: options.rate } : {}),
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
    requests: [
      {
        setupRequest: (request) => {
          const body = options.body(counter++);
          return { ...request, body, headers: { ...request.headers, ...options.sign?.(body) } };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** One result as a report line: req/s, the ratio to a baseline when given, latency and refusals. */
export function describeLoad(result: LoadResult, baseline?: LoadResult, baselineName = 'bare Express'): string {
  const ratio = baseline ? ` = ${(result.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)} × ${baselineName}` : '';
  const errors = result.errors ? `, errors ${result.errors}` : '';
  return `${result.requestsPerSecond.toFixed(0)} req/s${ratio} (p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, non-2xx ${result.non2xx}${errors})`;
}

/** What every channel section of `npm run bench` takes. */
export interface ChannelBenchOptions {
  /** Length of each measured load run. */
  seconds: number;
  connections: number;
  /** Reports one figure. */
  row: (name: string, value: string) => void;
}

/** A one-second warm-up (JIT, connection pools), then the measured run. */
export async function warmThenLoad(url: string, options: LoadOptions & { seconds: number }): Promise<LoadResult> {
  await load(url, { ...options, seconds: 1 });
  return load(url, options);
}
