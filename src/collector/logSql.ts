/** SQL of the conversion log, shared by the SQLite (Node) and D1 (Workers) adapters. */
import { LOG_COLUMNS, type LogRow } from '../events/schema.ts';
import { CREATE_PLAN_UPDATES_SQL } from './planUpdates.ts';

// Rows are stored in arrival order (rowid: the pull, the log's tail and --follow read by rowid).
// A retried beacon carries the same client time t and event id, so (t, id) identifies an event:
// - on D1 it is a unique index: a Worker has no memory shared with the others, and D1 bills rows,
//   not pages (an event is 2 rows written: the row and its index entry);
// - the SQLite log remembers the (t, id) of its last events in memory instead (see SqliteLog):
//   client times arrive out of order (the snippet holds events up to 2 s, clocks differ), so a
//   (t, id) index took inserts all over its newest pages, about 2,600-2,900 bytes written per event
//   against under 1,000 in arrival order (docs/benchmarks.md). Its unique index is on
//   (received_at, t, id), which grows at its right edge and makes copying a stored row again (a
//   pull) a no-op.
// An index on the random id alone dirtied a random page per insert (~8,000 bytes per event).
// Booking ids are also unique on their own (a partial index, booking rows only). No other index:
// each one costs pages per commit in SQLite and a row written per event on D1, and scoring and
// exports read the whole table anyway.
export const CREATE_LOG_SQL = [
  `CREATE TABLE IF NOT EXISTS events (
    id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    t INTEGER NOT NULL,
    type TEXT NOT NULL,
    account TEXT NOT NULL,
    persona TEXT,
    piece TEXT,
    stakeholder TEXT,
    visitor TEXT,
    session TEXT,
    path TEXT NOT NULL,
    ref TEXT,
    value REAL,
    label TEXT
  )`,
  "CREATE UNIQUE INDEX IF NOT EXISTS events_booking_id ON events (id) WHERE type = 'meeting_booked'",
  'CREATE UNIQUE INDEX IF NOT EXISTS events_t_id ON events (t, id)',
];

/** D1's de-duplication key, in CREATE_LOG_SQL and migration 0003; the SQLite log has none of it. */
export const D1_KEY_INDEX = 'events_t_id';

/**
 * The SQLite log's unique key: rows in arrival order (see above). It includes t, so that any log
 * the (t, id) key allowed (the same id at two client times, in one beacon) satisfies it.
 */
export const SQLITE_KEY_SQL = 'CREATE UNIQUE INDEX IF NOT EXISTS events_arrival ON events (received_at, t, id)';

/** A change to the log made after 0001_conversion_log.sql, as in its file under src/collector/migrations/. */
export interface LogMigration {
  /** Its file in src/collector/migrations/ (what wrangler applies to D1). */
  file: string;
  /** The file's statements, separated by `;`. */
  sql: string;
  /**
   * The column it adds: it applies only to a table without that column (ALTER TABLE has no IF NOT
   * EXISTS), and on D1 only when nobody runs wrangler's migrations. Without a column, every
   * statement is idempotent and runs on every open, wrangler's migrations or not.
   */
  column?: string;
}

/** Later changes to the table, in order; src/collector/migrations/ holds the same for wrangler. */
export const LOG_MIGRATIONS: LogMigration[] = [
  { file: '0002_campaign.sql', column: 'campaign', sql: 'ALTER TABLE events ADD COLUMN campaign TEXT' },
  {
    // Logs made before lean writes: the (t, id) key replaces the id index (an event id was unique,
    // so (t, id) is), and the indexes on receipt time and on account go.
    file: '0003_lean_indexes.sql',
    sql: [
      'CREATE UNIQUE INDEX IF NOT EXISTS events_t_id ON events (t, id)',
      "CREATE UNIQUE INDEX IF NOT EXISTS events_booking_id ON events (id) WHERE type = 'meeting_booked'",
      'DROP INDEX IF EXISTS events_id',
      'DROP INDEX IF EXISTS events_received',
      'DROP INDEX IF EXISTS events_account',
    ].join(';\n'),
  },
  {
    // Visitors' updates to their account's mutual action plan (src/collector/planUpdates.ts): a
    // table beside the log, made on every open where missing (idempotent).
    file: '0004_plan_updates.sql',
    sql: CREATE_PLAN_UPDATES_SQL.map((s) => s.replace(/\s+/g, ' ')).join(';\n'),
  },
];

/** The statements of a migration's `sql`, one per element. */
export function statements(sql: string): string[] {
  return sql
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

const SQL_COLUMNS = LOG_COLUMNS.map((c) => (c === 'receivedAt' ? 'received_at' : c));

/** Ignores a row whose key is stored already: (t, id) on D1, (received_at, t, id) in SQLite, and booking ids. */
export const INSERT_SQL = `INSERT OR IGNORE INTO events (${SQL_COLUMNS.join(', ')}) VALUES (${SQL_COLUMNS.map(() => '?').join(', ')})`;

export const SELECT_SQL = `SELECT ${SQL_COLUMNS.map((c, i) => (c === LOG_COLUMNS[i] ? c : `${c} AS ${LOG_COLUMNS[i]}`)).join(', ')} FROM events`;

export function rowValues(row: LogRow): (string | number | null)[] {
  return LOG_COLUMNS.map((c) => row[c] ?? null);
}

/** Where a conversion log lives; the collector only appends. */
export interface ConversionLog {
  /** Stores rows (duplicates by id are ignored); settles only once they are committed, so that an acknowledged event is a stored one. */
  append(rows: LogRow[]): Promise<void>;
}
