/**
 * The Cloudflare Workers deployment of Tailor, as one generated wrangler configuration: a single
 * Worker serves the built microsites as static assets and answers `/tailor/collect` on the same
 * origin (first-party, so ad blockers leave it alone), with the conversion log on D1. Only
 * `/tailor/*` runs the Worker; every page and asset is served by Cloudflare's asset layer (free,
 * unlimited requests). `npm run deploy` and the tests (under `wrangler dev`) use the same config.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RETENTION_CRON } from '../privacy/retention.ts';

export const WORKER_NAME = 'tailor';

export const D1_DATABASE = 'tailor-conversions';
// The newest date the workerd inside the pinned wrangler (4.86) runs; deploys use the same.
export const COMPATIBILITY_DATE = '2026-05-01';
/** Files per Worker version (Cloudflare's limits, checked 2026-11): Workers Free and Workers Paid. */
export const ASSET_FILE_LIMITS = { free: 20_000, paid: 100_000 } as const;

export interface WorkerConfigOptions {
  /** Where the generated config and the bundled Worker live (`.tailor/worker/`). */
  dir: string;
  /** The built site (`dist/`). */
  distDir: string;
  /** D1 database id (`wrangler d1 create` prints it); any id works for `wrangler dev`. */
  databaseId: string;
  /** Origins pages are served from, for the collector's Origin check. */
  origins: string[];
  /** Worker name (one per site). */
  name?: string;
}

/** Writes `<dir>/wrangler.json` for the bundled Worker `<dir>/worker.js`; returns its path. */
export function writeWorkerConfig(options: WorkerConfigOptions): string {
  mkdirSync(options.dir, { recursive: true });
  const fromConfig = (p: string) => path.relative(options.dir, path.resolve(p)).split(path.sep).join('/');
  const config = {
    $schema: fromConfig('node_modules/wrangler/config-schema.json'),
    name: options.name ?? WORKER_NAME,
    main: 'worker.js',
    compatibility_date: COMPATIBILITY_DATE,
    no_bundle: true,
    // Beacons only: pages and assets never wake the Worker.
    assets: {
      directory: fromConfig(options.distDir),
      binding: 'ASSETS',
      run_worker_first: ['/tailor/*'],
      not_found_handling: '404-page',
      html_handling: 'force-trailing-slash',
    },
    d1_databases: [{ binding: 'DB', database_name: D1_DATABASE, database_id: options.databaseId, migrations_dir: fromConfig('src/collector/migrations') }],
    vars: { TAILOR_SITE_ORIGINS: options.origins.join(','), ...(options.origins[0] ? { TAILOR_SITE_URL: options.origins[0] } : {}), ...(process.env.TAILOR_REPORT_URL ? { TAILOR_REPORT_URL: process.env.TAILOR_REPORT_URL } : {}) },
    // Instant alerts: failed deliveries are retried from the outbox every minute (docs/alerts.md);
    // retention: once a day, what is older than privacy.retentionDays goes (docs/privacy.md).
    triggers: { crons: ['* * * * *', RETENTION_CRON] },
    observability: { enabled: true },
  };
  const file = path.join(options.dir, 'wrangler.json');
  writeFileSync(file, JSON.stringify(config, null, 2) + '\n');
  return file;
}
