import type { webApi } from '@slack/bolt';
import type { ChannelStateStore, Logger } from '../../src/gateway/channel.ts';
import { LruCache } from '../../src/cache/lru.ts';

interface CachedLocale {
  locale: string | null;
  fetchedAt: number;
}

export interface SlackLocaleOptions {
  /** How long a looked-up locale stays good (people rarely change it). */
  ttlMs?: number;
  /** After a failed lookup, how long to wait before asking Slack again. */
  failureTtlMs?: number;
  /** The webhook waits at most this long for `users.info` before accepting without a locale. */
  timeoutMs?: number;
}

/**
 * The person's Slack locale (`users.info` with `include_locale`), cached in memory and
 * in the channel's durable state so a restart does not ask Slack again for everybody.
 */
export class SlackLocales {
  /** Bounded: memory does not grow with the number of people; durable state keeps the rest. */
  private readonly memory = new LruCache<string, CachedLocale>(10_000);
  private readonly pending = new Map<string, Promise<string | undefined>>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly state: ChannelStateStore,
    private readonly logger: Logger,
    options: SlackLocaleOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.failureTtlMs = options.failureTtlMs ?? 60 * 1000;
    this.timeoutMs = options.timeoutMs ?? 1500;
  }

  /** The locale (`en-US`) or undefined when Slack does not say or cannot be asked in time. */
  async localeOf(userId: string): Promise<string | undefined> {
    const fresh = (entry: CachedLocale | undefined) =>
      entry && Date.now() - entry.fetchedAt < (entry.locale === null ? this.failureTtlMs : this.ttlMs);
    const inMemory = this.memory.get(userId);
    if (fresh(inMemory)) return inMemory?.locale ?? undefined;
    let lookup = this.pending.get(userId);
    if (!lookup) {
      lookup = this.lookup(userId).finally(() => this.pending.delete(userId));
      this.pending.set(userId, lookup);
    }
    return lookup;
  }

  private async lookup(userId: string): Promise<string | undefined> {
    const key = `locale:${userId}`;
    const stored = await this.state.get<CachedLocale>('slack', key);
    if (stored && stored.locale !== null && Date.now() - stored.fetchedAt < this.ttlMs) {
      this.memory.set(userId, stored);
      return stored.locale;
    }
    let entry: CachedLocale;
    try {
      const result = await this.client.users.info({ user: userId, include_locale: true });
      entry = { locale: result.user?.locale ?? null, fetchedAt: Date.now() };
      await this.state.set('slack', key, entry);
    } catch (error) {
      this.logger.warn({ userId, err: error instanceof Error ? error.message : String(error) }, 'slack users.info failed; answering without the Slack locale');
      entry = { locale: null, fetchedAt: Date.now() };
    }
    this.memory.set(userId, entry);
    return entry.locale ?? undefined;
  }

  /** Like {@link localeOf}, but never keeps a webhook waiting longer than the timeout. */
  async localeWithin(userId: string): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.timeoutMs);
    });
    try {
      return await Promise.race([this.localeOf(userId), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
