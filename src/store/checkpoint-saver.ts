/**
 * The LangGraph checkpointer on the gateway's SQLite file, and the checkpoint serializer both
 * stores use. Same tables, same bytes, same semantics as the library's `SqliteSaver` and
 * `JsonPlusSerializer`; what changes is what each turn pays for them:
 *
 * - `SqliteSaver.put` and `putWrites` compile their SQL (`db.prepare`) on every call; here each
 *   statement is compiled once.
 * - `JsonPlusSerializer` walks every written value looking for cycles before `JSON.stringify`, and
 *   rebuilds every read value object by object, awaiting a promise per value, looking for its
 *   typed records (`{"lc": 2, ...}`: undefined, Set, Map, Error...). The state holds only JSON
 *   values and `undefined`: for those, one `JSON.stringify` with the library's replacer gives the
 *   same bytes, and one synchronous pass over `JSON.parse`'s result the same value. Anything else
 *   (a cycle, a class instance, any other record) takes the library's own path.
 */
import type Database from 'better-sqlite3';
import { copyCheckpoint, type Checkpoint, type CheckpointMetadata } from '@langchain/langgraph';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import type { RunnableConfig } from '@langchain/core/runnables';

/** What a checkpointer serializes with (`SerializerProtocol` of @langchain/langgraph-checkpoint). */
export interface CheckpointSerde {
  dumpsTyped(data: unknown): Promise<[string, Uint8Array]>;
  loadsTyped(type: string, data: Uint8Array | string): Promise<unknown>;
}

/** JsonPlusSerializer's record for `undefined` (kept, so that a key set to undefined stays a key). */
const UNDEFINED_RECORD = Object.freeze({ lc: 2, type: 'undefined' });

/**
 * True for a value JsonPlusSerializer's replacer may write otherwise than as it is: anything but
 * arrays and plain objects (a Set, an Error, any class instance), and a Send, which reaches the
 * replacer as the plain object of its `toJSON`.
 */
function needsOtherRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.getPrototypeOf(value) !== Object.prototype || (value as { lg_name?: unknown }).lg_name === 'Send';
}

/**
 * Replaces, in place, each `{"lc": 2, "type": "undefined"}` record in freshly parsed JSON with
 * `undefined`, as JsonPlusSerializer's reviver does; false when the value holds any other record
 * (or a `__proto__` key), which only the library's reviver may read.
 */
function reviveUndefined(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (isUndefinedRecord(item)) value[index] = undefined;
      else if (!reviveUndefined(item)) return false;
    }
    return true;
  }
  const object = value as Record<string, unknown>;
  if (Object.hasOwn(object, 'lc') || Object.hasOwn(object, '__proto__')) return false;
  for (const key in object) {
    const item = object[key];
    if (isUndefinedRecord(item)) object[key] = undefined;
    else if (!reviveUndefined(item)) return false;
  }
  return true;
}

function isUndefinedRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { lc?: unknown }).lc === 2 && (value as { type?: unknown }).type === 'undefined';
}

/**
 * JsonPlusSerializer's bytes and values for plain data (JSON values and `undefined`), without its
 * per-value walks; anything else goes to `fallback`, the library's own serializer.
 */
export function fastCheckpointSerde(fallback: CheckpointSerde): CheckpointSerde {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    async dumpsTyped(data) {
      if (data instanceof Uint8Array) return fallback.dumpsTyped(data);
      let special = false;
      let text: string | undefined;
      try {
        // The library's replacer for undefined; the first value it would encode otherwise sends the whole value its way.
        text = JSON.stringify(data, (_key, value: unknown) => {
          if (value === undefined) return UNDEFINED_RECORD;
          if (!special && needsOtherRecord(value)) special = true;
          return value;
        });
      } catch {
        // A cycle: the library writes it as "[Circular]".
        return fallback.dumpsTyped(data);
      }
      if (special || text === undefined) return fallback.dumpsTyped(data);
      return ['json', encoder.encode(text)];
    },
    async loadsTyped(type, data) {
      if (type !== 'json') return fallback.loadsTyped(type, data);
      const text = typeof data === 'string' ? data : decoder.decode(data);
      const value: unknown = JSON.parse(text);
      if (isUndefinedRecord(value)) return undefined;
      return reviveUndefined(value) ? value : fallback.loadsTyped(type, text);
    },
  };
}

type PendingWrite = Parameters<SqliteSaver['putWrites']>[1][number];

// SqliteSaver's index of the special channels' writes (WRITES_IDX_MAP of @langchain/langgraph-checkpoint).
const WRITES_IDX_MAP: Record<string, number> = { __error__: -1, __scheduled__: -2, __interrupt__: -3, __resume__: -4 };

/**
 * `SqliteSaver` with its statements compiled once and the fast serializer. `put` and `putWrites`
 * are the library's own (v1.0.4), statement for statement.
 */
export class GatewaySqliteSaver extends SqliteSaver {
  private statements?: { put: Database.Statement; replaceWrite: Database.Statement; ignoreWrite: Database.Statement };

  constructor(db: Database.Database) {
    super(db);
    this.serde = fastCheckpointSerde(this.serde) as typeof this.serde;
  }

  private prepared() {
    this.setup();
    const write = (mode: string) =>
      this.db.prepare(`INSERT ${mode} INTO writes (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    return (this.statements ??= {
      put: this.db.prepare(
        'INSERT OR REPLACE INTO checkpoints (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      replaceWrite: write('OR REPLACE'),
      ignoreWrite: write('OR IGNORE'),
    });
  }

  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata): Promise<RunnableConfig> {
    const statements = this.prepared();
    if (!config.configurable) throw new Error('Empty configuration supplied.');
    const threadId = config.configurable.thread_id as string | undefined;
    const checkpointNs = (config.configurable.checkpoint_ns as string | undefined) ?? '';
    const parentCheckpointId = config.configurable.checkpoint_id as string | undefined;
    if (!threadId) throw new Error('Missing "thread_id" field in passed "config.configurable".');
    const [[type1, serializedCheckpoint], [type2, serializedMetadata]] = await Promise.all([
      this.serde.dumpsTyped(copyCheckpoint(checkpoint)),
      this.serde.dumpsTyped(metadata),
    ]);
    if (type1 !== type2) throw new Error('Failed to serialized checkpoint and metadata to the same type.');
    statements.put.run(threadId, checkpointNs, checkpoint.id, parentCheckpointId, type1, serializedCheckpoint, serializedMetadata);
    return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: checkpoint.id } };
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    const statements = this.prepared();
    if (!config.configurable) throw new Error('Empty configuration supplied.');
    if (!config.configurable.thread_id) throw new Error('Missing thread_id field in config.configurable.');
    if (!config.configurable.checkpoint_id) throw new Error('Missing checkpoint_id field in config.configurable.');
    const statement = writes.every(([channel]) => channel in WRITES_IDX_MAP) ? statements.replaceWrite : statements.ignoreWrite;
    const rows = await Promise.all(
      writes.map(async ([channel, value], index) => {
        const [type, serialized] = await this.serde.dumpsTyped(value);
        return [config.configurable?.thread_id, config.configurable?.checkpoint_ns, config.configurable?.checkpoint_id, taskId, WRITES_IDX_MAP[channel] ?? index, channel, type, serialized];
      }),
    );
    this.db.transaction(() => {
      for (const row of rows) statement.run(...row);
    })();
  }
}
