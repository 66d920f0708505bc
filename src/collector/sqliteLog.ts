/**
 * The embedded conversion log: SQLite through Node's built-in `node:sqlite` (no native
 * dependency). Group commit: `append` queues its rows and resolves only once the transaction that
 * holds them has committed; a transaction starts as soon as the writer is free (the next turn of
 * the event loop, or at once when `batchRows` rows wait), and every row that arrived meanwhile
 * rides along. So the collector's 2xx means "committed": in WAL mode with synchronous=NORMAL a
 * committed transaction survives a crash of the process (kill -9); with `synchronous: 'FULL'` it
 * also survives power loss, at the cost of one fsync per transaction.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { LogRow } from '../events/schema.ts';
import { CREATE_LOG_SQL, INSERT_SQL, LOG_MIGRATIONS, SELECT_SQL, rowValues, type ConversionLog } from './logSql.ts';

export interface SqliteLogOptions {
  /** Rows that start a transaction at once instead of on the next turn of the event loop. */
  batchRows?: number;
  /** `NORMAL` (default: survives a process crash) or `FULL` (also power loss; an fsync per transaction). */
  synchronous?: 'NORMAL' | 'FULL';
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

export class SqliteLog implements ConversionLog {
  readonly db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #batchRows: number;
  #queue: LogRow[] = [];
  #waiters: Waiter[] = [];
  #scheduled: ReturnType<typeof setImmediate> | undefined;
  /** Rows written (duplicates by id excluded), ignored as duplicates, and transactions committed. */
  readonly counts = { written: 0, duplicates: 0, commits: 0 };

  constructor(file: string, options: SqliteLogOptions = {}) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    const synchronous = options.synchronous ?? 'NORMAL';
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous === 'FULL' ? 'FULL' : 'NORMAL'}; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 20000;`);
    // A 64 MB page cache and checkpoints every ~80 MB of WAL: random ids touch many index pages.
    for (const sql of CREATE_LOG_SQL) this.db.exec(sql);
    const columns = new Set((this.db.prepare('PRAGMA table_info(events)').all() as { name: string }[]).map((c) => c.name));
    for (const m of LOG_MIGRATIONS) if (!columns.has(m.column)) this.db.exec(m.sql);
    this.#insert = this.db.prepare(INSERT_SQL);
    this.#batchRows = options.batchRows ?? 500;
  }

  /** Queues rows; resolves once they are committed, rejects if their transaction failed. */
  append(rows: LogRow[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      for (const row of rows) this.#queue.push(row);
      this.#waiters.push({ resolve, reject });
      if (this.#queue.length >= this.#batchRows) this.flush();
      else this.#scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Writes everything queued in one transaction and answers its waiters. */
  flush(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    if (this.#queue.length === 0) return;
    const rows = this.#queue;
    const waiters = this.#waiters;
    this.#queue = [];
    this.#waiters = [];
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
    } catch (error) {
      if (this.db.isTransaction) {
        try {
          this.db.exec('ROLLBACK');
        } catch {
          // SQLite may have rolled back already (disk full, I/O error).
        }
      }
      // Not stored, so not acknowledged: the collector answers 503 and the sender may retry
      // (event ids make a retry safe).
      console.error('[tailor] conversion log write failed:', error);
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    this.counts.written += written;
    this.counts.duplicates += duplicates;
    this.counts.commits++;
    for (const waiter of waiters) waiter.resolve();
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
