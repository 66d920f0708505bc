/** SQL of the conversion log, shared by the SQLite (Node) and D1 (Workers) adapters. */
import { LOG_COLUMNS, type LogRow } from '../events/schema.ts';

// Rows are stored in arrival order (rowid); the random event id is a unique index. A random
// primary key in a WITHOUT ROWID table rewrote a random page per insert: ~13 KB written per event.
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
  'CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id)',
  'CREATE INDEX IF NOT EXISTS events_received ON events (received_at)',
  'CREATE INDEX IF NOT EXISTS events_account ON events (account, received_at)',
];

/** Later changes to the table, in order; src/collector/migrations/ holds the same for wrangler. */
export const LOG_MIGRATIONS = [{ file: '0002_campaign.sql', column: 'campaign', sql: 'ALTER TABLE events ADD COLUMN campaign TEXT' }];

const SQL_COLUMNS = LOG_COLUMNS.map((c) => (c === 'receivedAt' ? 'received_at' : c));

/** De-duplicates on the event id: a retried beacon is stored once. */
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
