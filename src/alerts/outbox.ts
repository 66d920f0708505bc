/**
 * The durable outbox of instant alerts, a table beside the conversion log (SQLite on Node, D1 on
 * Workers). One row per alert and channel, keyed by channel and moment key (one per person, moment
 * and day), so a moment seen twice (a retried beacon, two Workers) is stored and sent once. A row
 * is claimed before it is sent (a lease: `next_at` moved ahead, only if nobody moved it first), sent,
 * then marked sent, or retried with backoff until its attempts run out.
 */
import type { SqlRunner } from './sql.ts';

export const CREATE_OUTBOX_SQL = [
  `CREATE TABLE IF NOT EXISTS alert_outbox (
    key TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    account TEXT NOT NULL,
    stakeholder TEXT,
    visitor TEXT,
    created_at INTEGER NOT NULL,
    event_t INTEGER NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    sent_at INTEGER,
    last_error TEXT
  )`,
  "CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox (next_at) WHERE status = 'pending'",
  // Personas seen per account, so that a persona's first visit is one insert, not a scan of the log.
  'CREATE TABLE IF NOT EXISTS alert_seen_personas (account TEXT NOT NULL, persona TEXT NOT NULL, PRIMARY KEY (account, persona))',
];

export interface OutboxEntry {
  key: string;
  channel: string;
  account: string;
  stakeholder: string | null;
  visitor: string | null;
  eventT: number;
  payload: string;
}

export interface DueEntry {
  key: string;
  channel: string;
  payload: string;
  attempts: number;
  next_at: number;
}

/**
 * Creates the tables; the first time, marks every persona the log held before `startedAt` (when the
 * alerter started) as seen: rows that arrived since are the alerter's to judge.
 */
export async function ensureOutbox(sql: SqlRunner, startedAt: number): Promise<void> {
  const existed = (await sql.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alert_seen_personas'")).length > 0;
  await sql.batch(CREATE_OUTBOX_SQL.map((s) => ({ sql: s.replace(/\s+/g, ' '), params: [] })));
  if (!existed) {
    const log = (await sql.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'events'")).length > 0;
    if (log) await sql.run('INSERT OR IGNORE INTO alert_seen_personas (account, persona) SELECT DISTINCT account, persona FROM events WHERE persona IS NOT NULL AND received_at < ?', startedAt);
  }
}

/** Whether this is the first time the persona shows up in the account (true once, whoever asks first). */
export async function firstSeen(sql: SqlRunner, account: string, persona: string): Promise<boolean> {
  return (await sql.run('INSERT OR IGNORE INTO alert_seen_personas (account, persona) VALUES (?, ?)', account, persona)).changes === 1;
}

/** Events of the account since `since` (ms), counted up to `cap`: is the account warm? */
export async function recentEvents(sql: SqlRunner, account: string, since: number, cap: number): Promise<number> {
  // received_at for the SQLite log's arrival index, t for D1's (t, id) index: each runtime ranges over its own.
  const [row] = await sql.all<{ n: number }>('SELECT COUNT(*) AS n FROM (SELECT 1 FROM events WHERE received_at >= ? AND t >= ? AND account = ? LIMIT ?)', since, since, account, cap);
  return Number(row?.n ?? 0);
}

/** Stores entries not stored yet; returns how many were new. */
export async function enqueue(sql: SqlRunner, entries: OutboxEntry[], now: number): Promise<number> {
  let added = 0;
  for (const e of entries) {
    const { changes } = await sql.run(
      'INSERT OR IGNORE INTO alert_outbox (key, channel, account, stakeholder, visitor, created_at, event_t, payload, next_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      e.key,
      e.channel,
      e.account,
      e.stakeholder,
      e.visitor,
      now,
      e.eventT,
      e.payload,
      now,
    );
    added += changes;
  }
  return added;
}

/** Pending entries due now, oldest first. */
export const dueEntries = (sql: SqlRunner, now: number, limit = 25) =>
  sql.all<DueEntry>("SELECT key, channel, payload, attempts, next_at FROM alert_outbox WHERE status = 'pending' AND next_at <= ? ORDER BY next_at LIMIT ?", now, limit);

/** Takes an entry for `leaseMs`; false when someone else took it first. */
export async function claim(sql: SqlRunner, entry: DueEntry, now: number, leaseMs: number): Promise<boolean> {
  return (await sql.run("UPDATE alert_outbox SET next_at = ? WHERE key = ? AND status = 'pending' AND next_at = ?", now + leaseMs, entry.key, entry.next_at)).changes === 1;
}

export const markSent = (sql: SqlRunner, key: string, now: number) => sql.run("UPDATE alert_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE key = ?", now, key);

/** A failed attempt: retried at `nextAt`, or given up (`failed`) when it was the last. */
export const markFailed = (sql: SqlRunner, key: string, error: string, nextAt: number | null) =>
  nextAt === null
    ? sql.run("UPDATE alert_outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE key = ?", error.slice(0, 300), key)
    : sql.run('UPDATE alert_outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE key = ?', nextAt, error.slice(0, 300), key);

/** Counts by status, for `npm run log -- --stats` and the tests. */
export async function outboxCounts(sql: SqlRunner): Promise<Record<string, number>> {
  const rows = await sql.all<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM alert_outbox GROUP BY status');
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
