/**
 * Storage limitation: nothing about a visit is kept longer than `privacy.retentionDays` of
 * content/site.yaml (default 395 days, about 13 months: a year's comparison and a month to act on
 * it). Enforced where data lives: the embedded collector on start and daily, the Worker by a daily
 * Cron Trigger on D1, and log:pull, which brings no older row home. The same statements serve both
 * stores (tables a store lacks are skipped).
 */
import type { SqlRunner } from '../alerts/sql.ts';
import { MAX_CLOCK_AHEAD_MS } from '../collector/collect.ts';

/** The Worker's daily Cron Trigger for retention (src/deploy/workerConfig.ts writes it beside the every-minute one). */
export const RETENTION_CRON = '17 3 * * *';
const DAY_MS = 86_400_000;

/** Rows received before this time are past retention. */
export const retentionCutoff = (days: number, now: number) => now - days * DAY_MS;

/**
 * Per table, what is past the cutoff. Events go by receipt; the client time is bounded by it (a
 * client time is at most MAX_CLOCK_AHEAD_MS ahead of receipt), so the condition on `t` changes
 * nothing but lets D1 use its (t, id) index instead of reading the whole log.
 */
const EXPIRED: { table: string; what: string; where: string; params: (cutoff: number) => (string | number)[] }[] = [
  { table: 'events', what: 'event(s)', where: 't < ? AND received_at < ?', params: (c) => [c + MAX_CLOCK_AHEAD_MS, c] },
  { table: 'alert_outbox', what: 'instant alert(s)', where: 'created_at < ?', params: (c) => [c] },
  { table: 'plan_updates', what: 'plan update(s)', where: 'received_at < ?', params: (c) => [c] },
  { table: 'plan_pull_handled', what: 'handled plan update mark(s)', where: 'handled_at < ?', params: (c) => [c] },
  { table: 'collector_drops', what: 'daily drop count(s)', where: 'day < ?', params: (c) => [new Date(c).toISOString().slice(0, 10)] },
];

export interface RetentionResult {
  cutoff: number;
  deleted: { table: string; what: string; rows: number }[];
}

/** Deletes what is older than `days`; how many rows went from each table. */
export async function applyRetention(sql: SqlRunner, days: number, now = Date.now()): Promise<RetentionResult> {
  if (!(Number.isFinite(days) && days > 0)) throw new Error(`retentionDays must be a positive number of days (got ${days})`);
  const cutoff = retentionCutoff(days, now);
  const tables = new Set((await sql.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => r.name));
  const deleted: RetentionResult['deleted'] = [];
  for (const e of EXPIRED) {
    if (!tables.has(e.table)) continue;
    const { changes } = await sql.run(`DELETE FROM ${e.table} WHERE ${e.where}`, ...e.params(cutoff));
    deleted.push({ table: e.table, what: e.what, rows: changes });
  }
  return { cutoff, deleted };
}

/** One line for a log: "retention (395 days): 12 event(s), 1 instant alert(s) deleted" or undefined when nothing was. */
export function retentionSummary(days: number, result: RetentionResult): string | undefined {
  const parts = result.deleted.filter((d) => d.rows > 0).map((d) => `${d.rows.toLocaleString('en')} ${d.what}`);
  return parts.length ? `retention (${days} days): deleted ${parts.join(', ')} received before ${new Date(result.cutoff).toISOString().slice(0, 10)}` : undefined;
}
