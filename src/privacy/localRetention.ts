/**
 * Retention on the marketer's machine: the local conversion log (however its rows came: the
 * embedded collector or log:pull) and the report's alert log (`.tailor/alerts.ndjson`, which names
 * people). Run by `npm run log:pull` and `npm run report`, so a machine that only pulls and reports
 * keeps nothing longer than `privacy.retentionDays` either.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sqliteRunner } from '../alerts/sql.ts';
import { SqliteLog } from '../collector/sqliteLog.ts';
import { logFile, stateDir } from '../lib/state.ts';
import { applyRetention, retentionCutoff, retentionSummary } from './retention.ts';

/** The report's alert log without the alerts raised before `cutoff`; how many went. Unreadable lines stay. */
export function pruneAlertLog(text: string, cutoff: number): { text: string; removed: number } {
  let removed = 0;
  const kept = text.split('\n').filter((line) => {
    if (!line.trim()) return true;
    try {
      const alert = JSON.parse(line) as { raisedAt?: unknown; at?: unknown };
      const when = Date.parse(String(alert.raisedAt ?? alert.at));
      if (Number.isFinite(when) && when < cutoff) return (removed++, false);
    } catch {
      // kept as it is
    }
    return true;
  });
  return { text: kept.join('\n'), removed };
}

/** Applies retention to the local log and the alert log; one line saying what went, or undefined. */
export async function retainLocally(days: number, now = Date.now()): Promise<string | undefined> {
  const lines: string[] = [];
  if (existsSync(logFile())) {
    const log = new SqliteLog(logFile());
    try {
      const summary = retentionSummary(days, await applyRetention(sqliteRunner(log.db), days, now));
      if (summary) lines.push(summary);
    } finally {
      log.close();
    }
  }
  const alerts = path.join(stateDir(), 'alerts.ndjson');
  if (existsSync(alerts)) {
    const pruned = pruneAlertLog(readFileSync(alerts, 'utf8'), retentionCutoff(days, now));
    if (pruned.removed) {
      writeFileSync(alerts, pruned.text);
      lines.push(`retention (${days} days): ${pruned.removed} report alert(s) deleted from ${path.basename(alerts)}`);
    }
  }
  return lines.length ? lines.join('; ') : undefined;
}
