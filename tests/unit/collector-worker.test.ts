/** The same collector suite on the Workers entry, in workerd through miniflare, with D1. */
import { after, before } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Miniflare } from 'miniflare';
import { bundleWorker } from '../../src/collector/bundleWorker.ts';
import { SELECT_SQL } from '../../src/collector/logSql.ts';
import type { LogRow } from '../../src/events/schema.ts';
import { bookingSuite, CALCOM_SECRET, CALENDLY_KEY, collectorSuite, MANIFEST, ORIGIN, SECRET, type Runtime } from '../collector/cases.ts';

let mf: Miniflare;
let base = '';

before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tailor-worker-'));
  const manifest = path.join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify(MANIFEST));
  const scriptPath = await bundleWorker({ manifest, outfile: path.join(dir, 'collector.js') });
  mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    cf: false,
    modules: true,
    scriptPath,
    // workerd resolves module paths under this root; the bundle lives in a temp dir.
    modulesRoot: dir,
    compatibilityDate: '2026-07-30',
    d1Databases: { DB: 'tailor-test' },
    d1Persist: path.join(dir, 'd1'),
    bindings: { TAILOR_LINK_SECRET: SECRET, TAILOR_SITE_ORIGINS: ORIGIN, TAILOR_CALCOM_SECRET: CALCOM_SECRET, TAILOR_CALENDLY_SIGNING_KEY: CALENDLY_KEY },
  });
  base = (await mf.ready).origin;
});
after(async () => {
  await mf?.dispose();
});

const runtime = (): Runtime => ({
  post: async (body, headers) => (await fetch(`${base}/tailor/collect`, { method: 'POST', body, headers: headers ?? {} })).status,
  hook: async (provider, body, headers) => (await fetch(`${base}/tailor/hooks/${provider}`, { method: 'POST', body, headers })).status,
  request: async (method, p, headers) => (await fetch(`${base}${p}`, { method, headers: headers ?? {} })).status,
  rows: async () => {
    const db = await mf.getD1Database('DB');
    const exists = await db.prepare("SELECT name FROM sqlite_master WHERE name = 'events'").first();
    if (!exists) return [];
    const { results } = await db.prepare(`${SELECT_SQL} ORDER BY received_at, id`).all<LogRow>();
    return results;
  },
});

collectorSuite('workers', runtime);
bookingSuite('workers', runtime);
