/**
 * The embedded conversion log: SQLite through Node's built-in `node:sqlite` (no native
 * dependency). Appends are queued and written in one transaction every `flushMs` or `batchRows`
 * rows, whichever comes first; `close()` writes what is queued. So a 2xx from the collector means
 * the event is in the log within `flushMs`, or at the latest on orderly shutdown.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { LogRow } from '../events/schema.ts';
import { CREATE_LOG_SQL, INSERT_SQL, SELECT_SQL, rowValues, type ConversionLog } from './logSql.ts';

export interface SqliteLogOptions {
  flushMs?: number;
  batchRows?: number;
}

export class SqliteLog implements ConversionLog {
  readonly db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #flushMs: number;
  readonly #batchRows: number;
  #queue: LogRow[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Rows written (duplicates by id excluded) and ignored as duplicates. */
  readonly counts = { written: 0, duplicates: 0 };

  constructor(file: string, options: SqliteLogOptions = {}) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 20000;');
    // A 64 MB page cache and checkpoints every ~80 MB of WAL: random ids touch many index pages.
    for (const sql of CREATE_LOG_SQL) this.db.exec(sql);
    this.#insert = this.db.prepare(INSERT_SQL);
    this.#flushMs = options.flushMs ?? 20;
    this.#batchRows = options.batchRows ?? 500;
  }

  append(rows: LogRow[]): void {
    for (const row of rows) this.#queue.push(row);
    if (this.#queue.length >= this.#batchRows) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#flushMs);
  }

  /** Writes everything queued in one transaction. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#queue.length === 0) return;
    const rows = this.#queue;
    this.#queue = [];
    let written = 0;
    let duplicates = 0;
    try {
      this.db.exec('BEGIN');
      for (const row of rows) {
        const { changes } = this.#insert.run(...rowValues(row));
        if (Number(changes) > 0) written++;
        else duplicates++;
      }
      this.db.exec('COMMIT');
      this.counts.written += written;
      this.counts.duplicates += duplicates;
    } catch (error) {
      // Keep the rows for the next attempt rather than losing acknowledged events.
      this.#queue = rows.concat(this.#queue);
      if (this.db.isTransaction) {
        try {
          this.db.exec('ROLLBACK');
        } catch {
          // SQLite may have rolled back already (disk full, I/O error).
        }
      }
      this.#timer ??= setTimeout(() => this.flush(), this.#flushMs * 10);
      console.error('[tailor] conversion log write failed; will retry:', error);
    }
  }

  /** Rows in a time range of server receipt (ms), oldest first; `last` keeps only the newest N. */
  rows(range: { from?: number; to?: number; account?: string; last?: number } = {}): LogRow[] {
    this.flush();
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (range.from !== undefined) where.push('received_at >= ?'), args.push(range.from);
    if (range.to !== undefined) where.push('received_at < ?'), args.push(range.to);
    if (range.account !== undefined) where.push('account = ?'), args.push(range.account);
    const filter = where.length ? ' WHERE ' + where.join(' AND ') : '';
    if (range.last !== undefined) {
      const newest = `${SELECT_SQL}${filter} ORDER BY received_at DESC, id DESC LIMIT ${Math.max(0, Math.floor(range.last))}`;
      return (this.db.prepare(newest).all(...args) as unknown as LogRow[]).reverse();
    }
    return this.db.prepare(`${SELECT_SQL}${filter} ORDER BY received_at, id`).all(...args) as unknown as LogRow[];
  }

  count(): number {
    this.flush();
    return Number((this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
  }

  close(): void {
    this.flush();
    this.db.close();
  }
}
