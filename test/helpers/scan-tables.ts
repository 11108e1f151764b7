import type { Store } from '../../src/store/types.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { PostgresStore } from '../../src/store/postgres.ts';

/** Every table of the store's database, read from the schema itself: a table added later is scanned too. */
export async function allTables(store: Store): Promise<string[]> {
  if (store instanceof SqliteStore) {
    return (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((row) => row.name);
  }
  if (store instanceof PostgresStore) {
    const { rows } = await store.pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name");
    return rows.map((row) => row.table_name);
  }
  throw new Error(`cannot scan a ${store.kind} store`);
}

/** Each row of a table as one lower-case text (binary columns decoded, so serialized checkpoints are searched too). */
async function rowsAsText(store: Store, table: string): Promise<string[]> {
  if (store instanceof SqliteStore) {
    const rows = store.db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
    return rows.map((row) => Object.values(row).map((value) => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value))).join('\u0001').toLowerCase());
  }
  const pool = (store as PostgresStore).pool;
  const { rows: columns } = await pool.query<{ column_name: string; data_type: string }>(
    'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
    [table],
  );
  const select = columns.map((column) => (column.data_type === 'bytea' ? `encode("${column.column_name}", 'escape')` : `"${column.column_name}"::text`)).join(', ');
  const { rows } = await pool.query<{ row: string | null }>(`SELECT concat_ws(chr(1), ${select}) AS row FROM "${table}"`);
  return rows.map((row) => (row.row ?? '').toLowerCase());
}

/** Where any of `needles` still appears: `table: needle` for each table holding one. Empty when nothing is left. */
export async function findAnywhere(store: Store, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of await allTables(store)) {
    const rows = await rowsAsText(store, table);
    for (const needle of needles) {
      if (rows.some((row) => row.includes(needle.toLowerCase()))) found.push(`${table}: ${needle}`);
    }
  }
  return found;
}
