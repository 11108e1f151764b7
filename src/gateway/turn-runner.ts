import type { Assistant } from './assistant.ts';
import type { Logger } from './channel.ts';
import type { InboxItem, Store } from '../store/types.ts';
import { runTurn, type TurnOutcome } from './turn.ts';

/** Where turns run: on this thread, or on a pool of worker threads. */
export interface TurnRunner {
  run(item: InboxItem): Promise<TurnOutcome>;
  close(): Promise<void>;
}

/** Runs turns on the calling thread: the embedded default for the terminal chat and in-memory databases. */
export function inProcessTurns(deps: { store: Store; assistant: Assistant; logger: Logger }): TurnRunner {
  return {
    run: (item) => runTurn(item, { ...deps, logger: deps.logger.child({ threadId: item.threadId, messageId: item.id }) }),
    close: async () => {},
  };
}
