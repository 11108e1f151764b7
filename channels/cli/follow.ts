import type { ChannelStateStore } from '../../src/gateway/channel.ts';
import type { OutboxItem, OutboxStore } from '../../src/store/types.ts';

export interface OutboxFollower {
  /** Prints what is new for the user since the last call (or since the last run). Returns how many. */
  poll(): Promise<number>;
  stop(): void;
}

const PAGE = 100;
const cursorKey = (user: string) => `cursor:${user}`;

/**
 * Follows one terminal user's replies in the outbox, in order, whoever queued them: the
 * assistant's answers, an agent's messages and the rating question after a handoff. The
 * position is kept in channel state, so what arrived while no chat was running is shown
 * at the next start, once.
 */
export async function followOutbox(options: {
  outbox: Pick<OutboxStore, 'listForRecipient'>;
  state: ChannelStateStore;
  user: string;
  intervalMs: number;
  show(message: OutboxItem): void;
}): Promise<OutboxFollower> {
  const { outbox, state, user } = options;
  let cursor = (await state.get<{ seq: number }>('cli', cursorKey(user)))?.seq;
  if (cursor === undefined) {
    // First run for this user on this database: start after whatever history exists.
    cursor = 0;
    for (let page = await outbox.listForRecipient('cli', user, 0, PAGE); page.length > 0; page = await outbox.listForRecipient('cli', user, cursor, PAGE)) {
      cursor = page.at(-1)!.seq;
    }
    await state.set('cli', cursorKey(user), { seq: cursor });
  }
  const pollOnce = async (): Promise<number> => {
    let shown = 0;
    for (;;) {
      const page = await outbox.listForRecipient('cli', user, cursor!, PAGE);
      for (const message of page) options.show(message);
      shown += page.length;
      if (page.length === 0) break;
      cursor = page.at(-1)!.seq;
      await state.set('cli', cursorKey(user), { seq: cursor });
      if (page.length < PAGE) break;
    }
    return shown;
  };
  // Polls run one after another, so a message is never shown twice.
  let last: Promise<unknown> = Promise.resolve();
  const poll = (): Promise<number> => {
    const next = last.then(pollOnce);
    last = next.catch(() => undefined);
    return next;
  };
  const timer = setInterval(() => void poll().catch(() => undefined), options.intervalMs);
  timer.unref();
  return { poll, stop: () => clearInterval(timer) };
}
