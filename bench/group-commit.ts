import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite.ts';
import type { SqliteStore } from '../src/store/sqlite.ts';

export interface GroupCommitBench {
  /** Accepts that arrive together, per tick. */
  together: number;
  /** CPU per accept (inbox insert with its customer and thread), in microseconds. */
  groupedUs: number;
  aloneUs: number;
}

/**
 * The accept transaction with and without group commit, in one process on two files, rounds
 * alternating so the machine's drift falls on both alike: `together` accepts are asked for in the
 * same tick (as webhooks arriving under load are), from 500 people, and awaited together.
 */
export async function groupCommitBench(dir: string, options: { together?: number; accepts?: number } = {}): Promise<GroupCommitBench> {
  const together = options.together ?? 32;
  const accepts = options.accepts ?? 6400;
  const stores = { grouped: openSqliteStore(`sqlite:${join(dir, 'grouped.db')}`), alone: openSqliteStore(`sqlite:${join(dir, 'alone.db')}`, { groupCommit: false }) };
  const cpuUs = { grouped: 0, alone: 0 };
  let n = 0;
  const round = async (store: SqliteStore) => {
    const started = process.cpuUsage();
    for (let sent = 0; sent < accepts / 10; sent += together) {
      await Promise.all(
        Array.from({ length: together }, () => {
          const id = n++;
          const address = `gc-${id % 500}`;
          return store.inbox.insert(
            { channel: 'web', providerMessageId: `gc-${id}`, senderAddress: address, text: 'where is my refund?', receivedAt: new Date() },
            { key: { namespace: 'web', address }, role: 'customer', conversationKey: '' },
          );
        }),
      );
    }
    const used = process.cpuUsage(started);
    return used.user + used.system;
  };
  try {
    await round(stores.grouped); // warm-up: statements prepared, people known
    await round(stores.alone);
    for (let index = 0; index < 10; index++) {
      cpuUs.grouped += await round(stores.grouped);
      cpuUs.alone += await round(stores.alone);
    }
  } finally {
    await stores.grouped.close();
    await stores.alone.close();
  }
  return { together, groupedUs: cpuUs.grouped / accepts, aloneUs: cpuUs.alone / accepts };
}
