/**
 * Webhooks that arrive together share one SQLite commit (src/store/sqlite-group-commit.ts). The
 * sender's acknowledgement is the promise: a 2xx only for a message already on disk, and a
 * commit that fails acknowledges none of the messages in it.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scopedMessageId } from '../../channels/web/parse.ts';
import { startGateway, type RunningGateway } from '../helpers/gateway.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir();
let gateway: RunningGateway;
let disk: Database.Database;
let isStored: (id: string, index: number) => boolean;

/** The visitor who sends the message at `index`: seven of them share the load. */
const userAt = (index: number) => `gc-user-${index % 7}`;

beforeAll(async () => {
  gateway = await startGateway({ TURN_WORKERS: '0' }, dir);
  // Another connection to the file: what a restart after a crash would find.
  disk = new Database(join(dir, 'gateway.db'));
  const stored = disk.prepare<[string], { n: number }>("SELECT count(*) AS n FROM inbox WHERE channel = 'web' AND provider_message_id = ?");
  // A web message is stored under its id within its visitor.
  isStored = (id, index) => stored.get(scopedMessageId(userAt(index), id))!.n === 1;
});
afterAll(async () => {
  disk.close();
  await gateway.stop();
});

/** Posts every message at once; for each answer, its status and whether the message was on disk when the answer came. */
const postTogether = (ids: string[]) =>
  Promise.all(
    ids.map(async (id, index) => {
      const response = await fetch(`${gateway.url}/webhooks/web`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: userAt(index), text: 'where is my refund?', id }),
      });
      const onDiskAtAnswer = isStored(id, index);
      await response.arrayBuffer();
      return { id, status: response.status, onDiskAtAnswer };
    }),
  );
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

it('acknowledges every one of many simultaneous webhooks only once it is on disk', async () => {
  const answers = await postTogether(ids('together', 60));
  expect(answers.filter((answer) => answer.status !== 202)).toEqual([]);
  expect(answers.filter((answer) => !answer.onDiskAtAnswer)).toEqual([]);
});

it('answers none of the webhooks whose commit failed with a 2xx, stores none of them, and takes their retries', async () => {
  // A real commit-time failure: every inbox row now adds a row whose deferred foreign key is only checked at COMMIT.
  disk.exec(`CREATE TABLE trap_target (id TEXT PRIMARY KEY);
    CREATE TABLE trap (ref TEXT REFERENCES trap_target (id) DEFERRABLE INITIALLY DEFERRED);
    CREATE TRIGGER trap_inbox AFTER INSERT ON inbox BEGIN INSERT INTO trap (ref) VALUES ('nowhere'); END;`);
  const batch = ids('refused', 30);
  const refused = await postTogether(batch);
  disk.exec('DROP TRIGGER trap_inbox');
  expect(refused.filter((answer) => answer.status < 500)).toEqual([]);
  expect(batch.filter((id, index) => isStored(id, index))).toEqual([]);

  // The provider's retries are taken, each once.
  const retried = await postTogether(batch);
  expect(retried.filter((answer) => answer.status !== 202 || !answer.onDiskAtAnswer)).toEqual([]);
});
