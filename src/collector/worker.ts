/**
 * Cloudflare Workers entry: the same collector as the embedded server, with the conversion log on
 * D1, beside the microsites served as static assets (src/deploy/workerConfig.ts). Only `/tailor/*`
 * reaches this code: the collector at `/tailor/collect`, the shared plan at `/tailor/plan` and the
 * booking webhooks under `/tailor/hooks/`; nothing else under `/tailor/` exists at the edge (the report is never
 * published). The manifest is bundled at deploy time.
 * Env: DB (D1), ASSETS (static assets), TAILOR_LINK_SECRET, TAILOR_CALCOM_SECRET and
 * TAILOR_CALENDLY_SIGNING_KEY (secrets), TAILOR_SITE_ORIGINS; for instant alerts the webhooks
 * TAILOR_SLACK_WEBHOOK_URL, TAILOR_TEAMS_WEBHOOK_URL, TAILOR_WEBHOOK_URL, TAILOR_OWNER_WEBHOOKS
 * (secrets), TAILOR_SITE_URL and TAILOR_REPORT_URL. Alerts run after the answer (ctx.waitUntil),
 * and a Cron Trigger delivers retries every minute (`scheduled`); another deletes, daily, what is
 * older than the retention period (content/site.yaml `privacy.retentionDays`, bundled). A beacon
 * from a page on the Worker's own origin is allowed besides TAILOR_SITE_ORIGINS (`wrangler dev`,
 * workers.dev and preview addresses).
 */
import { COLLECT_PATH, createCollector, fetchHandler } from './collect.ts';
import { D1Log, type D1Like } from './d1Log.ts';
import { createBookingHooks, HOOKS_PATH } from './bookings.ts';
import { manifestSchema } from '../events/manifest.ts';
import { channelsFromEnv, createAlerter, type Alerter } from '../alerts/alerter.ts';
import { sqlDirectory } from '../alerts/directory.ts';
import { alertingLog, fromBuild, reportUrlOf, type AlertSettings } from '../alerts/runtime.ts';
import { d1Runner, type D1Database } from '../alerts/sql.ts';
import { DropCounter } from './drops.ts';
import { applyRetention, RETENTION_CRON, retentionSummary } from '../privacy/retention.ts';
import { createPlanEndpoint } from './planUpdates.ts';
import { PLAN_PATH } from '../events/planUpdate.ts';
// Replaced by the bundler with the build's .tailor/manifest.json and the alert settings (src/collector/bundleWorker.ts).
import manifestJson from 'tailor:manifest';
import alertSettingsJson from 'tailor:alerts';
import settingsJson from 'tailor:settings';

interface Env {
  DB: D1Like & D1Database;
  ASSETS?: { fetch(request: Request): Promise<Response> };
  TAILOR_LINK_SECRET?: string;
  TAILOR_SITE_ORIGINS?: string;
  TAILOR_CALCOM_SECRET?: string;
  TAILOR_CALENDLY_SIGNING_KEY?: string;
  TAILOR_SLACK_WEBHOOK_URL?: string;
  TAILOR_TEAMS_WEBHOOK_URL?: string;
  TAILOR_WEBHOOK_URL?: string;
  TAILOR_OWNER_WEBHOOKS?: string;
  TAILOR_SITE_URL?: string;
  TAILOR_REPORT_URL?: string;
  /** First retry of a failed alert after this many ms (default 30 s; tests shorten it). */
  TAILOR_ALERT_RETRY_MS?: string;
}

interface ExecutionContext {
  waitUntil(work: Promise<unknown>): void;
}

const { retentionDays } = settingsJson as { retentionDays: number };

const manifest = manifestSchema.parse(manifestJson);
let handler: ((request: Request) => Promise<Response>) | undefined;
let hooks: ((request: Request) => Promise<Response>) | undefined;
let plan: ((request: Request) => Promise<Response>) | undefined;

const UNLISTED = { 'x-robots-tag': 'noindex, nofollow, noarchive', 'cache-control': 'no-store' };

/** The site's origins (TAILOR_SITE_ORIGINS, comma-separated). */
const originsOf = (env: Env) => (env.TAILOR_SITE_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);

let alerter: Alerter | undefined;
function alerterOf(env: Env): Alerter {
  const origins = originsOf(env);
  alerter ??= createAlerter({
    sql: d1Runner(env.DB),
    directory: sqlDirectory(d1Runner(env.DB)),
    ...fromBuild(manifest, alertSettingsJson as AlertSettings),
    channels: channelsFromEnv(env as unknown as Record<string, string | undefined>),
    siteUrl: env.TAILOR_SITE_URL || origins[0] || '',
    reportUrl: reportUrlOf(env as unknown as Record<string, string | undefined>, 'http://127.0.0.1:4321/tailor/report/'),
    ...(env.TAILOR_ALERT_RETRY_MS ? { retryBaseMs: Number(env.TAILOR_ALERT_RETRY_MS) } : {}),
    warn: (message) => console.warn(message),
  });
  return alerter;
}

/**
 * Drops counted since the last write (src/collector/drops.ts), written after the answer at most
 * every 2 s per isolate (a flood of bots costs D1 a write per reason every 2 s, not one a request);
 * what is left waits for the next request or the every-minute trigger.
 */
const drops = new DropCounter();
let dropsWritten = 0;
function writeDrops(env: Env) {
  if (!drops.pending || Date.now() - dropsWritten < 2_000) return;
  dropsWritten = Date.now();
  track(drops.flush(d1Runner(env.DB)), 'drop counts');
}

/** Work the current requests handed over after their answer (alerts): kept alive by ctx.waitUntil. */
let pending: Promise<unknown>[] = [];
const track = (work: Promise<unknown>, what = 'instant alerts') => void pending.push(work.catch((error: unknown) => console.warn(`[tailor] ${what}: ${(error as Error).message}`)));
function handOver(ctx: ExecutionContext | undefined) {
  if (pending.length === 0) return;
  const work = Promise.allSettled(pending);
  pending = [];
  ctx?.waitUntil(work);
}

export default {
  async fetch(request: Request, env: Env, ctx?: ExecutionContext): Promise<Response> {
    try {
      return await route(request, env);
    } finally {
      writeDrops(env);
      handOver(ctx);
    }
  },
  /**
   * The Cron Triggers: every minute, deliver alerts whose retry is due (and write drop counts);
   * daily (RETENTION_CRON), delete what is older than the retention period.
   */
  async scheduled(event: { cron?: string } | undefined, env: Env, ctx: ExecutionContext): Promise<void> {
    if (event?.cron === RETENTION_CRON) {
      ctx.waitUntil(
        applyRetention(d1Runner(env.DB), retentionDays).then((result) => {
          const summary = retentionSummary(retentionDays, result);
          if (summary) console.log(`[tailor] ${summary}`);
        }),
      );
      return;
    }
    ctx.waitUntil(Promise.allSettled([alerterOf(env).deliverDue(), drops.flush(d1Runner(env.DB))]));
  },
};

function route(request: Request, env: Env): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname.startsWith(HOOKS_PATH)) {
    hooks ??= fetchHandler(
      createBookingHooks({
        manifest,
        log: alertingLog(new D1Log(env.DB), alerterOf(env), track),
        linkSecret: env.TAILOR_LINK_SECRET,
        calcomSecret: env.TAILOR_CALCOM_SECRET,
        calendlySigningKey: env.TAILOR_CALENDLY_SIGNING_KEY,
      }).hook,
    );
    return hooks(request);
  }
  if (pathname === PLAN_PATH) {
    // The shared plan (src/collector/planUpdates.ts): stored in D1 before the answer, the alert after it.
    plan ??= fetchHandler(
      createPlanEndpoint({
        manifest,
        sql: d1Runner(env.DB),
        secret: env.TAILOR_LINK_SECRET,
        origins: originsOf(env),
        onStored: (row) => {
          const alerts = alerterOf(env);
          if (alerts.active) track(alerts.onPlanUpdate(row));
        },
      }).handle,
    );
    return plan(request);
  }
  if (pathname !== COLLECT_PATH) {
    if (pathname.startsWith('/tailor/') || !env.ASSETS) return Promise.resolve(new Response('Not found', { status: 404, headers: UNLISTED }));
    return env.ASSETS.fetch(request);
  }
  handler ??= fetchHandler(
    createCollector({
      manifest,
      log: alertingLog(new D1Log(env.DB), alerterOf(env), track),
      secret: env.TAILOR_LINK_SECRET,
      origins: originsOf(env),
      onDrop: (reason, n, at) => drops.add(reason, n, at),
    }),
  );
  return handler(request);
}
