import Database from 'better-sqlite3';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { Send } from '@langchain/langgraph';
import { afterAll, describe, expect, it } from 'vitest';
import { fastCheckpointSerde, GatewaySqliteSaver } from './checkpoint-saver.ts';

const db = new Database(':memory:');
afterAll(() => db.close());
/** The library's own serializer (JsonPlusSerializer), as SqliteSaver uses it. */
const library = new SqliteSaver(db).serde;
const fast = fastCheckpointSerde(library);

const cyclic: Record<string, unknown> = { name: 'loop' };
cyclic.self = cyclic;

// What a thread's checkpoint holds (slots set to undefined, nested lists), and what only the library can write.
const VALUES: [string, unknown][] = [
  ['a checkpoint of plain state', { v: 4, channel_values: { messages: [{ role: 'user', text: 'where is order 1042?' }], slots: { orderId: '1042', email: undefined }, awaiting: undefined, failures: 0, paused: false } }],
  ['undefined inside a list', [1, undefined, { a: undefined }]],
  ['undefined alone', undefined],
  ['a string', 'hello'],
  ['null', null],
  ['text that looks like a record', { text: '{"lc": 2, "type": "undefined"}', lc_like: 'lc' }],
  ['a key named lc', { lc: 1, type: 'constructor', id: ['not', 'a', 'class'] }],
  ['a record of undefined written by someone', { nested: { lc: 2, type: 'undefined' } }],
  ['a Set and a Map', { set: new Set([1, 2]), map: new Map([['a', 1]]) }],
  ['an Error', { error: new Error('boom') }],
  ['a Send', [new Send('policy', { x: 1 })]],
  ['a Date', { at: new Date(0) }],
  ['a cycle', cyclic],
];

describe('the checkpoint serializer', () => {
  it.each(VALUES)('writes %s to the same bytes as LangGraph’s own serializer, and reads them back to the same value', async (_name, value) => {
    const [type, bytes] = await fast.dumpsTyped(value);
    const [libraryType, libraryBytes] = await library.dumpsTyped(value);
    expect(type).toBe(libraryType);
    expect(Buffer.from(bytes).toString()).toBe(Buffer.from(libraryBytes).toString());
    const read = await fast.loadsTyped(type, bytes);
    const libraryRead = await library.loadsTyped(type, libraryBytes);
    expect(read).toStrictEqual(libraryRead);
  });

  it('keeps a key whose value was undefined (a cleared slot stays a known, empty slot)', async () => {
    const [type, bytes] = await fast.dumpsTyped({ slots: { email: undefined } });
    const read = (await fast.loadsTyped(type, bytes)) as { slots: object };
    expect(Object.keys(read.slots)).toEqual(['email']);
  });
});

describe('the gateway’s SQLite checkpointer', () => {
  it('stores checkpoints and pending writes a plain SqliteSaver reads back, turn after turn', async () => {
    const saver = new GatewaySqliteSaver(db);
    const plain = new SqliteSaver(db);
    const thread = { configurable: { thread_id: 't1', checkpoint_ns: '' } };
    for (let turn = 1; turn <= 3; turn++) {
      const checkpoint = { v: 4, id: `0000000${turn}`, ts: new Date(turn).toISOString(), channel_values: { turn, awaiting: undefined }, channel_versions: { turn }, versions_seen: {} };
      const saved = await saver.put(thread, checkpoint, { source: 'loop', step: turn, parents: {} });
      await saver.putWrites(saved, [['turn', turn + 1], ['__interrupt__', [{ value: 'wait' }]]], `task-${turn}`);
    }
    const tuple = await plain.getTuple(thread);
    expect(tuple?.checkpoint.channel_values).toStrictEqual({ turn: 3, awaiting: undefined });
    expect(tuple?.pendingWrites).toEqual([
      ['task-3', '__interrupt__', [{ value: 'wait' }]],
      ['task-3', 'turn', 4],
    ]);
    expect(await saver.getTuple(thread)).toStrictEqual(tuple);
  });
});
