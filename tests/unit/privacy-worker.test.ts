/**
 * The Worker (workerd through miniflare, D1) for going live: a beacon from a page on its own
 * address (wrangler dev, workers.dev, a preview URL) is stored though that origin is not
 * configured, one from any other origin still gets 403; what it drops (a headless browser, a wrong
 * origin) is counted in D1 by reason, where `npm run log -- --stats` reads it; its daily Cron
 * Trigger deletes what is past the retention period, its every-minute one does not.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWorker } from '../collector/miniflare.ts';
import { bundleWorker } from '../../src/collector/bundleWorker.ts';
import { collectorStats, formatCollectorStats } from '../../src/collector/drops.ts';
import { d1Runner, type D1Database } from '../../src/alerts/sql.ts';
import { CREATE_LOG_SQL, LOG_MIGRATIONS, statements } from '../../src/collector/logSql.ts';
import { RETENTION_CRON } from '../../src/privacy/retention.ts';
import { beacon, MANIFEST, ORIGIN, postInit, SECRET } from '../collector/cases.ts';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
const HEADLESS_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36';
const DAY = 86_400_000;
let dir = '';
let scriptPath = '';

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tailor-privacy-worker-'));
  const manifest = path.join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify(MANIFEST));
  scriptPath = await bundleWorker({ manifest, outfile: path.join(dir, 'worker.js') });
});

async function worker(name: string) {
  const mf = startWorker({ dir, scriptPath, persist: path.join(dir, name), bindings: { TAILOR_LINK_SECRET: SECRET, TAILOR_SITE_ORIGINS: ORIGIN } });
  const origin = (await mf.ready).origin;
  const db = (await mf.getD1Database('DB')) as unknown as D1Database;
  // Miniflare's Fetcher has scheduled() at run time; its type does not say so.
  const cron = async (expression: string) => ((await mf.getWorker()) as unknown as { scheduled(options: { cron: string }): Promise<unknown> }).scheduled({ cron: expression });
  return { mf, origin, sql: d1Runner(db), cron };
}

const post = (origin: string, from: string, ua = BROWSER_UA, body = beacon()) => fetch(`${origin}/tailor/collect`, postInit(body, { origin: from, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': ua })).then((r) => r.status);

test('workers: its own origin is allowed, others are not; drops are counted in D1 by reason', async () => {
  const { mf, origin, sql, cron } = await worker('d1-origins');
  try {
    // A page served by this Worker at an address the deploy did not configure (wrangler dev here).
    assert.equal(await post(origin, origin), 204);
    assert.equal(await post(origin, ORIGIN), 204);
    assert.equal(await post(origin, 'https://elsewhere.example'), 403);
    assert.equal(await post(origin, origin, HEADLESS_UA), 204);
    assert.equal(await post(origin, origin, HEADLESS_UA), 204);
    // The every-minute trigger writes the counts not yet written.
    await cron('* * * * *');
    const stored = await sql.all<{ path: string }>('SELECT path FROM events');
    assert.equal(stored.length, 2, 'the beacons from its own origin and the configured one are stored');
    const stats = await collectorStats(sql, Date.now() - DAY);
    assert.deepEqual(Object.fromEntries(stats.dropped.map((d) => [d.reason, d.count])), { bot: 2, origin: 1 });
    const text = formatCollectorStats('The local D1', stats);
    assert.match(text, /stored: 2 event\(s\)/);
    assert.match(text, /bot +2 +a crawler or headless browser/);
  } finally {
    await mf.dispose();
  }
});

test('workers: the daily Cron Trigger deletes what is past privacy.retentionDays (395 days in the demo), the every-minute one does not', async () => {
  const { mf, sql, cron } = await worker('d1-retention');
  try {
    // The log's table comes with the first beacon or the migrations; here, rows written directly.
    for (const statement of [...CREATE_LOG_SQL, ...LOG_MIGRATIONS.flatMap((m) => statements(m.sql))]) await sql.run(statement.replace(/\s+/g, ' '));
    const now = Date.now();
    for (const [id, age] of [['old', 400], ['edge', 396], ['kept', 394], ['new', 1]] as const) {
      await sql.run("INSERT INTO events (id, received_at, t, type, account, path) VALUES (?, ?, ?, 'page_view', 'alpha', '/alpha/')", id, now - age * DAY, now - age * DAY);
    }
    await cron('* * * * *');
    assert.equal((await sql.all('SELECT id FROM events')).length, 4);
    await cron(RETENTION_CRON);
    assert.deepEqual((await sql.all<{ id: string }>('SELECT id FROM events ORDER BY t')).map((r) => r.id), ['kept', 'new']);
  } finally {
    await mf.dispose();
  }
});
