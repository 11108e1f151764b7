import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openSqliteStore } from '../src/store/sqlite.ts';
import { storeSuite } from './store.suite.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
let counter = 0;

storeSuite('SQLite', async () => openSqliteStore(`sqlite:${join(dir, `store-${++counter}.db`)}`));

it('reopens an existing file without migrating it again, keeping its data', async () => {
  const path = `sqlite:${join(dir, 'reopen.db')}`;
  const first = openSqliteStore(path);
  await first.channelState.set('web', 'k', { v: 1 });
  await first.close();
  const second = openSqliteStore(path);
  expect(await second.channelState.get('web', 'k')).toEqual({ v: 1 });
  expect(second.db.pragma('journal_mode', { simple: true })).toBe('wal');
  await second.close();
});

it('creates a new database file readable by its owner only, with its WAL files', async () => {
  const file = join(dir, 'private.db');
  const store = openSqliteStore(`sqlite:${file}`);
  await store.channelState.set('web', 'k', { v: 1 });
  for (const suffix of ['', '-wal']) expect(statSync(`${file}${suffix}`).mode & 0o777).toBe(0o600);
  await store.close();
});
