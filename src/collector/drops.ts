/**
 * What the collector drops, counted where it can be read later: a table beside the log
 * (`collector_drops`: per UTC day and reason), on SQLite and on D1. Beacons from a headless browser
 * answer 204 and are dropped as a bot, a page on an origin not allowed gets 403: without a count
 * only the collector's own console would say so. Counts are kept in memory and written now and
 * then (never on a beacon's path): a Worker that stops between two writes loses at most those
 * seconds of counts, never an event. `npm run log -- --stats` reads them.
 */
import type { SqlRunner } from '../alerts/sql.ts';
import type { DropReason } from './collect.ts';

export const CREATE_DROPS_SQL = 'CREATE TABLE IF NOT EXISTS collector_drops (day TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (day, reason))';

/** What each reason means, and what to do about it. */
export const DROP_REASONS: Record<DropReason, string> = {
  method: 'not a POST',
  path: 'not the collector path',
  origin: 'a page on an origin not allowed (answered 403; TAILOR_SITE_ORIGINS, docs/going-live.md)',
  'too-large': 'body over the size limit (413)',
  bot: 'a crawler or headless browser by its user agent (answered 204): smoke-test with a real browser user agent',
  'bad-json': 'body not JSON (400)',
  'bad-batch': 'not a beacon (400)',
  'bad-event': 'an event that failed validation',
  'bad-time': 'an event time more than an hour ahead or 90 days back',
  'unknown-target': 'an account, persona or piece this build does not have (an older or newer build?)',
  'rate-limited': 'over the per-visitor or per-address limit (429)',
  unstored: 'the log could not store them (503)',
};

export class DropCounter {
  #pending = new Map<string, number>();

  add(reason: DropReason, n: number, at: number): void {
    const key = `${new Date(at).toISOString().slice(0, 10)}|${reason}`;
    this.#pending.set(key, (this.#pending.get(key) ?? 0) + n);
  }

  get pending(): boolean {
    return this.#pending.size > 0;
  }

  /**
   * Writes the counts gathered so far, in one batch (on Node's SQLite, before this returns: the
   * embedded server calls it just before closing the log). Counts of a failed write are kept for
   * the next one.
   */
  async flush(sql: SqlRunner): Promise<void> {
    if (this.#pending.size === 0) return;
    const counts = this.#pending;
    this.#pending = new Map();
    try {
      await sql.batch([
        { sql: CREATE_DROPS_SQL, params: [] },
        ...[...counts].map(([key, n]) => {
          const [day, reason] = key.split('|') as [string, string];
          return { sql: 'INSERT INTO collector_drops (day, reason, count) VALUES (?, ?, ?) ON CONFLICT (day, reason) DO UPDATE SET count = count + excluded.count', params: [day, reason, n] };
        }),
      ]);
    } catch (error) {
      for (const [key, n] of counts) this.#pending.set(key, (this.#pending.get(key) ?? 0) + n);
      throw error;
    }
  }
}

export interface CollectorStatsReport {
  since: string;
  /** Events stored since then, by UTC day. */
  stored: { day: string; events: number }[];
  /** Dropped requests or events since then, by reason. */
  dropped: { reason: string; count: number }[];
}

/** What was stored and dropped since `since` (ms), from the log's store. */
export async function collectorStats(sql: SqlRunner, since: number): Promise<CollectorStatsReport> {
  const day = new Date(since).toISOString().slice(0, 10);
  const tables = new Set((await sql.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => r.name));
  const stored = tables.has('events')
    ? await sql.all<{ day: string; events: number }>("SELECT strftime('%Y-%m-%d', received_at / 1000, 'unixepoch') AS day, count(*) AS events FROM events WHERE t >= ? AND received_at >= ? GROUP BY day ORDER BY day", since - 90 * 86_400_000, since)
    : [];
  const dropped = tables.has('collector_drops') ? await sql.all<{ reason: string; count: number }>('SELECT reason, sum(count) AS count FROM collector_drops WHERE day >= ? GROUP BY reason ORDER BY count DESC, reason', day) : [];
  return { since: day, stored, dropped };
}

/** The report as text for the terminal. */
export function formatCollectorStats(where: string, report: CollectorStatsReport): string {
  const total = report.stored.reduce((n, d) => n + d.events, 0);
  const lines = [`${where}, since ${report.since}:`, `  stored: ${total.toLocaleString('en')} event(s)${report.stored.length ? ` (${report.stored.map((d) => `${d.day.slice(5)}: ${d.events.toLocaleString('en')}`).join(', ')})` : ''}`];
  if (report.dropped.length === 0) lines.push('  dropped: none');
  else {
    lines.push('  dropped (requests or events), by reason:');
    for (const d of report.dropped) lines.push(`    ${d.reason.padEnd(15)} ${d.count.toLocaleString('en').padStart(8)}  ${DROP_REASONS[d.reason as DropReason] ?? ''}`);
  }
  return lines.join('\n') + '\n';
}
