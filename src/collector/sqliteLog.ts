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
import { CREATE_LOG_SQL, D1_KEY_INDEX, INSERT_SQL, LOG_MIGRATIONS, SELECT_SQL, SQLITE_KEY_SQL, rowValues, statements, type ConversionLog } from './logSql.ts';

/**
 * Page size of a new log. Rows are appended and the one index grows at its right edge, so a
 * commit writes to the WAL the pages its rows fill plus a few it touches (page 1, the last leaf
 * and interior page of the table and of the index), each whole: with 1 KB pages the collector
 * benchmark writes under 900 bytes per event at one event per beacon, with 4 KB pages 1,200-1,500
 * (docs/benchmarks.md). Full scans of the log are somewhat slower. An existing log keeps its page size.
 */
export const LOG_PAGE_SIZE = 1024;

/**
 * Events whose (client time, id) the log remembers, to drop a retried beacon: a retry arriving
 * within the last 500,000 events stored is ignored (about 18 s at the benchmark's 28,000 events/s;
 * 1 h 23 min at 100 events/s; a browser or proxy retries within seconds). About 55 MB when full.
 * Loaded from the end of the log on the first append, so a restart forgets nothing.
 */
export const DEDUP_WINDOW = 500_000;

/** Time range of server receipt (ms; `to` exclusive) and account that `rows` and `rowsAfter` select. */
export interface LogRange {
  from?: number;
  to?: number;
  account?: string;
}

export interface SqliteLogOptions {
  /** Rows that start a transaction at once instead of on the next turn of the event loop. */
  batchRows?: number;
  /** `NORMAL` (default: survives a process crash) or `FULL` (also power loss; an fsync per transaction). */
  synchronous?: 'NORMAL' | 'FULL';
  /** Events remembered to drop retried beacons (default DEDUP_WINDOW). */
  dedupWindow?: number;
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
  readonly #window: number;
  /**
   * The last `#window` events stored: client time(s) by event id, and the same in a ring (the
   * oldest at `#ringNext`) to forget them in order; undefined until the first append. A Map of the
   * ids the rows already hold, and the times in a Float64Array: about 110 bytes an event (an id
   * and time joined in a string took 170). An id seen at two client times (never from the snippet,
   * whose ids are random) keeps both.
   */
  #recent: Map<string, number | number[]> | undefined;
  #ringIds: string[] = [];
  #ringTimes = new Float64Array(0);
  #ringNext = 0;
  /** Rows written (duplicates excluded), ignored as duplicates, and transactions committed. */
  readonly counts = { written: 0, duplicates: 0, commits: 0 };

  constructor(file: string, options: SqliteLogOptions = {}) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    const synchronous = options.synchronous ?? 'NORMAL';
    // page_size applies only to a new, empty file (before WAL mode writes its first page). A 64 MB
    // page cache for readers; a checkpoint every 20,000 pages of WAL (each one syncs).
    this.db.exec(`PRAGMA page_size = ${LOG_PAGE_SIZE}; PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous === 'FULL' ? 'FULL' : 'NORMAL'}; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 20000;`);
    // Older logs are brought up to date here: added columns when missing, index changes always
    // (idempotent). D1's (t, id) index is not made here, and dropped from a log that has it: the
    // SQLite log's key is (received_at, t, id), and retries are caught in memory (logSql.ts).
    const local = (sql: string) => statements(sql).filter((s) => !s.includes(D1_KEY_INDEX) || s.startsWith('DROP'));
    for (const sql of CREATE_LOG_SQL.flatMap(local)) this.db.exec(sql);
    const columns = new Set((this.db.prepare('PRAGMA table_info(events)').all() as { name: string }[]).map((c) => c.name));
    for (const m of LOG_MIGRATIONS) if (m.column === undefined || !columns.has(m.column)) for (const sql of local(m.sql)) this.db.exec(sql);
    this.db.exec(SQLITE_KEY_SQL);
    this.db.exec(`DROP INDEX IF EXISTS ${D1_KEY_INDEX}`);
    this.#insert = this.db.prepare(INSERT_SQL);
    this.#batchRows = options.batchRows ?? 500;
    this.#window = Math.max(0, Math.floor(options.dedupWindow ?? DEDUP_WINDOW));
  }

  /** The last events stored, read from the end of the log the first time. */
  #recentEvents(): Map<string, number | number[]> {
    if (this.#recent) return this.#recent;
    const last = this.db.prepare('SELECT t, id FROM events ORDER BY rowid DESC LIMIT ?').all(this.#window) as { t: number; id: string }[];
    // Kept only once read: if reading fails, the next append tries again.
    this.#recent = new Map();
    this.#ringTimes = new Float64Array(this.#window);
    for (let i = last.length - 1; i >= 0; i--) this.#remember(last[i]!.id, last[i]!.t);
    return this.#recent;
  }

  #isRecent(id: string, t: number): boolean {
    const times = this.#recent!.get(id);
    return times === t || (Array.isArray(times) && times.includes(t));
  }

  #remember(id: string, t: number): void {
    if (this.#window === 0) return;
    const recent = this.#recent!;
    const at = this.#ringNext;
    const oldest = this.#ringIds[at];
    if (oldest !== undefined) {
      const oldT = this.#ringTimes[at]!;
      const times = recent.get(oldest);
      if (times === oldT) recent.delete(oldest);
      else if (Array.isArray(times) && times.includes(oldT)) {
        times.splice(times.indexOf(oldT), 1);
        if (times.length === 1) recent.set(oldest, times[0]!);
      }
    }
    this.#ringIds[at] = id;
    this.#ringTimes[at] = t;
    this.#ringNext = (at + 1) % this.#window;
    const times = recent.get(id);
    recent.set(id, times === undefined ? t : Array.isArray(times) ? [...times, t] : [times, t]);
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
    // Remembered only once committed: a failed transaction stores nothing.
    const stored: LogRow[] = [];
    try {
      this.#recentEvents();
      const batch = new Set<string>();
      this.db.exec('BEGIN');
      for (const row of rows) {
        // An event is its client time and id (D1's unique key): a retry carries both.
        const key = `${row.t} ${row.id}`;
        if (this.#isRecent(row.id, row.t) || batch.has(key)) {
          duplicates++;
          continue;
        }
        const { changes } = this.#insert.run(...rowValues(row));
        if (Number(changes) > 0) {
          written++;
          batch.add(key);
          stored.push(row);
        } else duplicates++;
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
    for (const row of stored) this.#remember(row.id, row.t);
    this.counts.written += written;
    this.counts.duplicates += duplicates;
    this.counts.commits++;
    for (const waiter of waiters) waiter.resolve();
  }

  /**
   * Rows in a range, oldest first (by receipt time); `last` keeps only the N stored last (rowid
   * order is arrival order), in the order they were stored.
   */
  rows(range: LogRange & { last?: number } = {}): LogRow[] {
    this.flush();
    const { filter, args } = where(range);
    if (range.last !== undefined) {
      const newest = `${SELECT_SQL}${filter} ORDER BY rowid DESC LIMIT ${Math.max(0, Math.floor(range.last))}`;
      return (this.db.prepare(newest).all(...args) as unknown as LogRow[]).reverse();
    }
    return this.db.prepare(`${SELECT_SQL}${filter} ORDER BY received_at, id`).all(...args) as unknown as LogRow[];
  }

  /** Where the log ends now: `rowsAfter(end())` returns only rows stored later. */
  end(): number {
    this.flush();
    return Number((this.db.prepare('SELECT coalesce(max(rowid), 0) AS n FROM events').get() as { n: number }).n);
  }

  /** Rows in a range stored after `cursor` (from `end()` or a previous call), in arrival order, and where the log ended then. */
  rowsAfter(cursor: number, range: LogRange = {}): { rows: LogRow[]; cursor: number } {
    const { filter, args } = where(range, `rowid > ${Math.floor(cursor)}`);
    return this.snapshot(() => ({
      rows: this.db.prepare(`${SELECT_SQL}${filter} ORDER BY rowid`).all(...args) as unknown as LogRow[],
      cursor: this.end(),
    }));
  }

  /** Runs reads on one snapshot of the log (a read transaction), so that they agree with each other. */
  snapshot<T>(read: () => T): T {
    this.flush();
    this.db.exec('BEGIN');
    try {
      return read();
    } finally {
      this.db.exec('COMMIT');
    }
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

function where(range: LogRange, ...more: string[]): { filter: string; args: (string | number)[] } {
  const conditions = [...more];
  const args: (string | number)[] = [];
  if (range.from !== undefined) conditions.push('received_at >= ?'), args.push(range.from);
  if (range.to !== undefined) conditions.push('received_at < ?'), args.push(range.to);
  if (range.account !== undefined) conditions.push('account = ?'), args.push(range.account);
  return { filter: conditions.length ? ' WHERE ' + conditions.join(' AND ') : '', args };
}
