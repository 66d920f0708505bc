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

/** One page of remote rows after `afterRowid`, oldest first, each with its remote rowid. */
export type FetchPage = (afterRowid: number, limit: number) => Promise<(LogRow & { rowid: number })[]>;

export interface PullResult {
  /** Rows read from the remote log in this pull. */
  read: number;
  /** Rows new to the local log. */
  added: number;
  /** Remote rowid the next pull starts after. */
  cursor: number;
  /** Rows read but left out: received before `notBefore` (past retention). */
  expired: number;
}

const STATE_SQL = 'CREATE TABLE IF NOT EXISTS pull_cursor (source TEXT PRIMARY KEY, after_rowid INTEGER NOT NULL, pulled_at INTEGER NOT NULL)';

/** The SELECT that reads one page of the remote log (the same columns and names as the local one). */
export function pageSql(afterRowid: number, limit: number): string {
  return `${SELECT_SQL.replace(/^SELECT /, 'SELECT rowid AS rowid, ')} WHERE rowid > ${Math.floor(afterRowid)} ORDER BY rowid LIMIT ${Math.floor(limit)}`;
}

export async function pullLog(db: DatabaseSync, source: string, fetchPage: FetchPage, options: { pageSize?: number; onPage?: (result: PullResult) => void; notBefore?: number } = {}): Promise<PullResult> {
  db.exec(STATE_SQL);
  const pageSize = options.pageSize ?? 5_000;
  const state = db.prepare('SELECT after_rowid FROM pull_cursor WHERE source = ?').get(source) as { after_rowid: number } | undefined;
  const insert = db.prepare(INSERT_SQL);
  const saveCursor = db.prepare('INSERT INTO pull_cursor (source, after_rowid, pulled_at) VALUES (?, ?, ?) ON CONFLICT(source) DO UPDATE SET after_rowid = excluded.after_rowid, pulled_at = excluded.pulled_at');
  const result: PullResult = { read: 0, added: 0, cursor: state?.after_rowid ?? 0, expired: 0 };
  const notBefore = options.notBefore ?? -Infinity;
  for (;;) {
    const page = await fetchPage(result.cursor, pageSize);
    if (page.length === 0) break;
    let added = 0;
    db.exec('BEGIN');
    try {
      for (const { rowid: _rowid, ...row } of page) {
        if (row.receivedAt < notBefore) result.expired++;
        else added += Number(insert.run(...rowValues(row)).changes);
      }
      const last = page[page.length - 1]!.rowid;
      saveCursor.run(source, last, Date.now());
      db.exec('COMMIT');
      result.cursor = last;
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
