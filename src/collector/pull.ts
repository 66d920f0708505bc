/**
 * Brings a remote conversion log (the production D1) home into the local SQLite log, so that
 * `npm run report` scores it. Incremental and idempotent: rows are read in the remote's arrival
 * order (SQLite's rowid: D1 has one writer, so a row's rowid is its commit order) after a cursor
 * that is stored in the local log itself, in the same transaction as each page of rows. An
 * interrupted pull resumes after the last page it committed; pulling again adds nothing; a row
 * already present (the same receipt time, client time and event id, or booking id) is skipped.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { LogRow } from '../events/schema.ts';
import { INSERT_SQL, rowValues, SELECT_SQL } from './logSql.ts';

/**
 * One page of remote rows from `fromRowid` on (that rowid included: the last row of the previous
 * page, checked to be still there), oldest first, each with its remote rowid.
 */
export type FetchPage = (fromRowid: number, limit: number) => Promise<(LogRow & { rowid: number })[]>;

export interface PullResult {
  /** Rows read from the remote log in this pull. */
  read: number;
  /** Rows new to the local log. */
  added: number;
  /** Remote rowid the next pull starts after. */
  cursor: number;
  /** Rows read but left out: received before `notBefore` (past retention). */
  expired: number;
  /** True when the remote changed under the cursor and was read again from its start (see pullLog). */
  reread?: boolean;
}

const STATE_SQL = 'CREATE TABLE IF NOT EXISTS pull_cursor (source TEXT PRIMARY KEY, after_rowid INTEGER NOT NULL, pulled_at INTEGER NOT NULL, last_key TEXT)';

/** The SELECT that reads one page of the remote log (the same columns and names as the local one), from a rowid on. */
export function pageSql(fromRowid: number, limit: number): string {
  return `${SELECT_SQL.replace(/^SELECT /, 'SELECT rowid AS rowid, ')} WHERE rowid >= ${Math.floor(fromRowid)} ORDER BY rowid LIMIT ${Math.floor(limit)}`;
}

/** What identifies a row whatever its rowid: its client time and event id. */
const keyOf = (row: Pick<LogRow, 't' | 'id'>) => `${row.t}|${row.id}`;

/**
 * Pulls the rows after the stored cursor. Each page starts at the last row pulled, which must still
 * be there with the same event: the events table has no AUTOINCREMENT, so once rows at its end are
 * deleted there (`npm run forget --remote`, retention emptying it) SQLite hands their rowids to new
 * rows, which a plain "after the cursor" would never read. When the row under the cursor is gone or
 * another, the remote is read again from its start (rows already here are skipped) and the cursor
 * moves to where it really ends.
 */
export async function pullLog(db: DatabaseSync, source: string, fetchPage: FetchPage, options: { pageSize?: number; onPage?: (result: PullResult) => void; onReread?: () => void; notBefore?: number } = {}): Promise<PullResult> {
  db.exec(STATE_SQL);
  if (!(db.prepare('PRAGMA table_info(pull_cursor)').all() as { name: string }[]).some((c) => c.name === 'last_key')) db.exec('ALTER TABLE pull_cursor ADD COLUMN last_key TEXT');
  const pageSize = options.pageSize ?? 5_000;
  const state = db.prepare('SELECT after_rowid, last_key FROM pull_cursor WHERE source = ?').get(source) as { after_rowid: number; last_key: string | null } | undefined;
  const insert = db.prepare(INSERT_SQL);
  const saveCursor = db.prepare('INSERT INTO pull_cursor (source, after_rowid, pulled_at, last_key) VALUES (?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET after_rowid = excluded.after_rowid, pulled_at = excluded.pulled_at, last_key = excluded.last_key');
  const result: PullResult = { read: 0, added: 0, cursor: state?.after_rowid ?? 0, expired: 0 };
  let lastKey = state?.last_key ?? null;
  const notBefore = options.notBefore ?? -Infinity;
  for (;;) {
    const fromCursor = result.cursor > 0;
    const page = await fetchPage(fromCursor ? result.cursor : 0, pageSize + (fromCursor ? 1 : 0));
    if (fromCursor) {
      const marker = page[0];
      if (!marker || marker.rowid !== result.cursor || (lastKey !== null && keyOf(marker) !== lastKey)) {
        // Once per pull: a remote that keeps changing under it is read again next time.
        if (result.reread) break;
        result.reread = true;
        options.onReread?.();
        result.cursor = 0;
        lastKey = null;
        saveCursor.run(source, 0, Date.now(), null);
        continue;
      }
      page.shift();
    }
    if (page.length === 0) break;
    let added = 0;
    db.exec('BEGIN');
    try {
      for (const { rowid: _rowid, ...row } of page) {
        if (row.receivedAt < notBefore) result.expired++;
        else added += Number(insert.run(...rowValues(row)).changes);
      }
      const last = page[page.length - 1]!;
      saveCursor.run(source, last.rowid, Date.now(), keyOf(last));
      db.exec('COMMIT');
      result.cursor = last.rowid;
      lastKey = keyOf(last);
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    result.read += page.length;
    result.added += added;
    options.onPage?.(result);
    if (page.length < pageSize) break;
  }
  return result;
}
