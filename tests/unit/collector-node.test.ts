/** The collector suite on the embedded runtime: node:http + SQLite, over real HTTP. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCollector } from '../../src/collector/collect.ts';
import { nodeCollectorHandler } from '../../src/collector/node.ts';
import { SqliteLog } from '../../src/collector/sqliteLog.ts';
import { beacon, bookingSuite, CALCOM_SECRET, CALENDLY_KEY, collectorSuite, MANIFEST, ORIGIN, postInit, SECRET, type Runtime } from '../collector/cases.ts';
import { createBookingHooks, HOOKS_PATH } from '../../src/collector/bookings.ts';
import { createPlanEndpoint, SELECT_PLAN_UPDATES_SQL } from '../../src/collector/planUpdates.ts';
import { PLAN_PATH, type PlanUpdateRow } from '../../src/events/planUpdate.ts';
import { sqliteRunner } from '../../src/alerts/sql.ts';
import { planSuite } from '../collector/planCases.ts';

let server: Server;
let log: SqliteLog;
let base = '';
let collector: ReturnType<typeof createCollector>;

before(async () => {
  log = new SqliteLog(path.join(mkdtempSync(path.join(tmpdir(), 'tailor-log-')), 'conversions.db'));
  collector = createCollector({ manifest: MANIFEST, log, secret: SECRET, origins: [ORIGIN], eventsPerMinute: 100 });
  const handle = nodeCollectorHandler(collector);
  const hooks = nodeCollectorHandler(createBookingHooks({ manifest: MANIFEST, log, linkSecret: SECRET, calcomSecret: CALCOM_SECRET, calendlySigningKey: CALENDLY_KEY }).hook);
  const plan = nodeCollectorHandler(createPlanEndpoint({ manifest: MANIFEST, sql: sqliteRunner(log.db), secret: SECRET, origins: [ORIGIN] }).handle);
  server = createServer((req, res) => void ((req.url ?? '').startsWith(HOOKS_PATH) ? hooks : (req.url ?? '') === PLAN_PATH ? plan : handle)(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  log.close();
});

const runtime = (): Runtime => ({
  post: async (body, headers) => (await fetch(`${base}/tailor/collect`, postInit(body, headers))).status,
  hook: async (provider, body, headers) => (await fetch(`${base}/tailor/hooks/${provider}`, postInit(body, headers))).status,
  request: async (method, p, headers) => (await fetch(`${base}${p}`, { method, headers: headers ?? {} })).status,
  rows: async () => log.rows(),
  integrity: async () => (log.db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check,
});

collectorSuite('node', runtime);
bookingSuite('node', runtime);
planSuite('node', () => ({
  fetch: (p, init) => fetch(`${base}${p}`, init),
  planRows: async () => log.db.prepare(`${SELECT_PLAN_UPDATES_SQL} ORDER BY received_at, id`).all() as unknown as PlanUpdateRow[],
}));

test('node: a visitor over the per-minute limit is cut off with 429 and counted', async () => {
  const visitor = { v: 'visitor-flood-0001' };
  const events = (k: number) => Array.from({ length: k }, (_, i) => ({ id: `flood-${Date.now()}-${k}-${i}`, y: 'sc', t: Date.now(), x: 25 }));
  const headers = { origin: ORIGIN, 'user-agent': 'Mozilla/5.0 Chrome/156' };
  const first = await runtime().post(beacon(visitor, events(50)), headers);
  const second = await runtime().post(beacon(visitor, events(50)), headers);
  const third = await runtime().post(beacon(visitor, events(10)), headers);
  assert.deepEqual([first, second, third], [204, 204, 429]);
  assert.equal(log.rows().filter((r) => r.visitor === 'visitor-flood-0001').length, 100);
  assert.ok((collector.stats.dropped['rate-limited'] ?? 0) >= 10);
  assert.ok((collector.stats.dropped.bot ?? 0) >= 1);
});

test('the D1 migrations wrangler applies give the same schema as the code creates', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { DatabaseSync } = await import('node:sqlite');
  const { CREATE_LOG_SQL, LOG_MIGRATIONS, statements } = await import('../../src/collector/logSql.ts');
  const files = readdirSync('src/collector/migrations').filter((f) => f.endsWith('.sql')).sort();
  assert.deepEqual(files, ['0001_conversion_log.sql', ...LOG_MIGRATIONS.map((m) => m.file)]);
  const fileStatements = (f: string) => statements(readFileSync(`src/collector/migrations/${f}`, 'utf8').replace(/^--.*$/gm, ''));
  for (const m of LOG_MIGRATIONS) assert.deepEqual(fileStatements(m.file), statements(m.sql), m.file);
  // Every file in order on an empty database (what wrangler does), against what D1Log creates on
  // a database nobody migrates (CREATE_LOG_SQL, then every migration).
  const wrangler = new DatabaseSync(':memory:');
  for (const f of files) for (const sql of fileStatements(f)) wrangler.exec(sql);
  const d1 = new DatabaseSync(':memory:');
  for (const sql of CREATE_LOG_SQL) d1.exec(sql);
  for (const m of LOG_MIGRATIONS) for (const sql of statements(m.sql)) d1.exec(sql);
  const code = new SqliteLog(':memory:');
  const schema = (db: InstanceType<typeof DatabaseSync>) =>
    (db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as { type: string; name: string; sql: string }[]).map((o) => ({ ...o, sql: o.sql.replace(/\s+/g, ' ') }));
  assert.deepEqual(schema(wrangler), schema(d1));
  assert.deepEqual(schema(d1).map((o) => o.name), ['events', 'events_booking_id', 'events_t_id', 'plan_updates', 'plan_updates_key', 'plan_updates_person_time']);
  // The SQLite log: the same table and booking index; its key is in arrival order (logSql.ts).
  const local = schema(code.db);
  assert.deepEqual(local.map((o) => o.name), ['events', 'events_arrival', 'events_booking_id', 'plan_updates', 'plan_updates_key', 'plan_updates_person_time']);
  assert.deepEqual(local.filter((o) => o.name !== 'events_arrival'), schema(d1).filter((o) => o.name !== 'events_t_id'));
  code.close();
  d1.close();
  wrangler.close();
});

test('node: fresh visitor ids do not get round the per-address limit', async () => {
  const headers = { origin: ORIGIN, 'user-agent': 'Mozilla/5.0 Chrome/156' };
  const before = collector.stats.dropped['rate-limited'] ?? 0;
  const statuses: number[] = [];
  for (let i = 0; i < 45; i++) {
    const events = Array.from({ length: 50 }, (_, j) => ({ id: `addr-${Date.now()}-${i}-${j}`, y: 'sc', t: Date.now(), x: 25 }));
    statuses.push(await runtime().post(beacon({ v: `visitor-addr-${i}xx` }, events), headers));
  }
  // 2,000 events a minute per address here (20 x the visitor limit of 100).
  assert.ok(statuses.includes(429), statuses.join(','));
  assert.ok((collector.stats.dropped['rate-limited'] ?? 0) - before >= 250);
});
