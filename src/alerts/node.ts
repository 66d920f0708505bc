/**
 * Instant alerts in the embedded server (`npm start`, `npm run serve`): the people come from the
 * account files, the outbox is a table in the SQLite conversion log, and a timer delivers retries.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Manifest } from '../events/manifest.ts';
import { readAccountFiles } from '../content/accountFiles.ts';
import { loadScoringConfig } from '../scoring/config.ts';
import { siteSettings } from '../lib/vendor.ts';
import { channelsFromEnv, createAlerter, type Alerter } from './alerter.ts';
import { directoryAccount, memoryDirectory } from './directory.ts';
import { alertSettings, fromBuild, reportUrlOf } from './runtime.ts';
import { sqliteRunner } from './sql.ts';

export interface NodeAlerts {
  alerter: Alerter;
  /** Stops the retry timer. */
  stop(): void;
}

/**
 * The embedded server's alerter, or undefined when no channel is configured or `instant.enabled`
 * is false. `db` is the conversion log's own connection (its writes are synchronous, so the
 * alerter's statements never interleave with a batch of the log's).
 */
export async function nodeAlerts(options: { db: DatabaseSync; manifest: Manifest; origin: string; env?: Record<string, string | undefined>; root?: string }): Promise<NodeAlerts | undefined> {
  const env = options.env ?? process.env;
  const root = options.root ?? env.TAILOR_CONTENT_ROOT ?? '.';
  const channels = channelsFromEnv(env);
  const config = loadScoringConfig(`${root}/content/scoring.yaml`);
  if (!config.instant.enabled || (!channels.slack && !channels.teams && !channels.webhook && !channels.owners)) return undefined;
  const accounts = await readAccountFiles(root);
  const settings = alertSettings(config, siteSettings(root));
  const alerter = createAlerter({
    sql: sqliteRunner(options.db),
    directory: memoryDirectory(accounts.map(directoryAccount)),
    ...fromBuild(options.manifest, settings),
    channels,
    siteUrl: env.TAILOR_SITE_URL || options.origin,
    reportUrl: reportUrlOf(env, `${options.origin}/tailor/report/`),
    ...(env.TAILOR_ALERT_RETRY_MS ? { retryBaseMs: Number(env.TAILOR_ALERT_RETRY_MS) } : {}),
    warn: (message) => console.warn(message),
  });
  // Retries, and whatever a crash left in the outbox: every 15 s (or sooner when tests shorten the backoff).
  const every = Math.min(15_000, Math.max(250, Number(env.TAILOR_ALERT_RETRY_MS ?? 15_000)));
  const timer = setInterval(() => void alerter.deliverDue().catch((error: Error) => console.warn(`[tailor] instant alerts: ${error.message}`)), every);
  timer.unref();
  void alerter.deliverDue().catch(() => undefined);
  return { alerter, stop: () => clearInterval(timer) };
}
