import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Exponential backoff with jitter: the first retry waits about `baseMs`, each next one twice as
 * long up to `maxMs`. The wait is drawn from the upper half of that, so the retries of many
 * threads after one fault spread out instead of arriving together.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Waits `ms`; false when `signal` aborted the wait (shutting down). */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, signal ? { signal } : undefined);
    return true;
  } catch {
    return false;
  }
}
