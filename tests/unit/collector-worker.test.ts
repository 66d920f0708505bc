/** The same collector suite on the Workers entry, in workerd through miniflare, with D1. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Miniflare } from 'miniflare';
import { startWorker } from '../collector/miniflare.ts';
import { bundleWorker } from '../../src/collector/bundleWorker.ts';
import { INSERT_SQL, rowValues, SELECT_SQL, statements } from '../../src/collector/logSql.ts';
import type { LogRow } from '../../src/events/schema.ts';
import { SELECT_PLAN_UPDATES_SQL } from '../../src/collector/planUpdates.ts';
import type { PlanUpdateRow } from '../../src/events/planUpdate.ts';
import { planSuite } from '../collector/planCases.ts';
import { beacon, bookingSuite, CALCOM_SECRET, CALENDLY_KEY, collectorSuite, MANIFEST, ORIGIN, postInit, SECRET, type Runtime } from '../collector/cases.ts';

let mf: Miniflare;
let base = '';
let dir = '';
let scriptPath = '';

/** The Worker in workerd with a D1 kept in `persist` (a new one per call: a fresh isolate). */
const start = (persist: string) =>
  startWorker({ dir, scriptPath, persist, bindings: { TAILOR_LINK_SECRET: SECRET, TAILOR_SITE_ORIGINS: ORIGIN, TAILOR_CALCOM_SECRET: CALCOM_SECRET, TAILOR_CALENDLY_SIGNING_KEY: CALENDLY_KEY } });

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tailor-worker-'));
  const manifest = path.join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify(MANIFEST));
  scriptPath = await bundleWorker({ manifest, outfile: path.join(dir, 'collector.js') });
  mf = start(path.join(dir, 'd1'));
  base = (await mf.ready).origin;
});
after(async () => {
  await mf?.dispose();
});

const runtime = (): Runtime => ({
  post: async (body, headers) => (await fetch(`${base}/tailor/collect`, postInit(body, headers))).status,
  hook: async (provider, body, headers) => (await fetch(`${base}/tailor/hooks/${provider}`, postInit(body, headers))).status,
  request: async (method, p, headers) => (await fetch(`${base}${p}`, { method, headers: headers ?? {} })).status,
  rows: async () => {
    const db = await mf.getD1Database('DB');
    const exists = await db.prepare("SELECT name FROM sqlite_master WHERE name = 'events'").first();
    if (!exists) return [];
    const { results } = await db.prepare(`${SELECT_SQL} ORDER BY received_at, id`).all<LogRow>();
    return results;
  },
  // D1 allows quick_check (integrity_check without comparing indexes to the table), not integrity_check.
  integrity: async () => (await (await mf.getD1Database('DB')).prepare('PRAGMA quick_check').first<{ quick_check: string }>())!.quick_check,
});

collectorSuite('workers', runtime);
bookingSuite('workers', runtime);
planSuite('workers', () => ({
  fetch: (p, init) => fetch(`${base}${p}`, init),
  planRows: async () => {
    const db = await mf.getD1Database('DB');
    const exists = await db.prepare("SELECT name FROM sqlite_master WHERE name = 'plan_updates'").first();
    if (!exists) return [];
    return (await db.prepare(`${SELECT_PLAN_UPDATES_SQL} ORDER BY received_at, id`).all<PlanUpdateRow>()).results;
  },
}));

test('workers: a D1 log made before lean writes is upgraded on first use, keeping its rows; indexes re-created by a Worker of before (still running during a deploy) go again', async () => {
  const persist = path.join(dir, 'd1-before-lean');
  const post = async (origin: string, body: string) => (await fetch(`${origin}/tailor/collect`, { method: 'POST', body, headers: { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': 'Mozilla/5.0 Chrome/156' } })).status;
  const indexes = async (worker: Miniflare) =>
    (await (await worker.getD1Database('DB')).prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").all<{ name: string }>()).results.map((r: { name: string }) => r.name);
  // The schema before lean writes: 0001 and 0002's column.
  const oldSchema = [...statements(readFileSync('src/collector/migrations/0001_conversion_log.sql', 'utf8').replace(/^--.*$/gm, '')), 'ALTER TABLE events ADD COLUMN campaign TEXT'];
  const oldIndexes = oldSchema.filter((sql) => sql.startsWith('CREATE') && sql.includes('INDEX'));
  const before = { id: 'evt-before-lean-0001', t: Date.now() - 60_000 };
  // A beacon with a new event and, as a retry would, the event stored before.
  const body = beacon({}, [{ id: 'evt-after-lean-0001', y: 'pv', t: Date.now() }, { id: before.id, y: 'pv', t: before.t }]);

  // A D1 nobody migrates (no d1_migrations table), with the old schema and a row.
  let worker = start(persist);
  try {
    const origin = (await worker.ready).origin;
    const db = await worker.getD1Database('DB');
    await db.batch(oldSchema.map((sql) => db.prepare(sql)));
    await db.prepare("INSERT INTO events (id, received_at, t, type, account, path) VALUES (?, ?, ?, 'page_view', 'alpha', '/alpha/')").bind(before.id, before.t, before.t).run();
    assert.deepEqual(await indexes(worker), ['events_account', 'events_id', 'events_received']);
    assert.equal(await post(origin, body), 204);
    assert.equal(await post(origin, body), 204);
    assert.deepEqual(await indexes(worker), ['events_booking_id', 'events_t_id', 'plan_updates_key', 'plan_updates_person_time']);
    const ids = (await db.prepare('SELECT id FROM events ORDER BY rowid').all<{ id: string }>()).results.map((r: { id: string }) => r.id);
    assert.deepEqual(ids, [before.id, 'evt-after-lean-0001'], 'the old row kept, each event once');
    // wrangler now manages it (npm run deploy applied 0003), and a Worker of before re-creates its indexes.
    await db.batch([db.prepare('CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)'), ...oldIndexes.map((sql) => db.prepare(sql))]);
    assert.equal((await indexes(worker)).length, 7);
  } finally {
    await worker.dispose();
  }
  worker = start(persist); // a new isolate of the new Worker
  try {
    assert.equal(await post((await worker.ready).origin, body), 204);
    assert.deepEqual(await indexes(worker), ['events_booking_id', 'events_t_id', 'plan_updates_key', 'plan_updates_person_time']);
    assert.equal((await (await worker.getD1Database('DB')).prepare('SELECT count(*) AS n FROM events').first<{ n: number }>())!.n, 2);
  } finally {
    await worker.dispose();
  }
});

test('workers: D1 bills an event as 2 rows written (the row and its (t, id) entry), a booking as 3, a duplicate as none', async () => {
  const db = await mf.getD1Database('DB');
  const insert = db.prepare(INSERT_SQL);
  const t = Date.now();
  const row = (id: string, type: LogRow['type']): LogRow => ({ id, receivedAt: t, t, type, account: 'alpha', persona: 'cfo', piece: 'roi', stakeholder: null, visitor: 'visitor-0001', session: 'session-0001', path: '/alpha/cfo/roi/', ref: 'direct', value: null, label: null, campaign: null });
  const written = async (r: LogRow) => (await insert.bind(...rowValues(r)).run()).meta.rows_written;
  assert.equal(await written(row('evt-rows-written-0001', 'page_view')), 2);
  assert.equal(await written(row('evt-rows-written-0001', 'page_view')), 0);
  assert.equal(await written(row('mtg_rows-written-0001', 'meeting_booked')), 3);
});
