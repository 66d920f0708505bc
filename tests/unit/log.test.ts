/** `npm run log`: time ranges and exports over a real SQLite log. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { LOG_PAGE_SIZE, SqliteLog } from '../../src/collector/sqliteLog.ts';
import { INSERT_SQL, rowValues, statements } from '../../src/collector/logSql.ts';
import { parseTime } from '../../src/cli/log.ts';
import { CONTROL_CHARACTERS, type LogRow } from '../../src/events/schema.ts';

const DAY = 86_400_000;

test('ranges and NDJSON / CSV exports through the command', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tailor-log-')), 'conversions.db');
  const log = new SqliteLog(file);
  const base = Date.UTC(2026, 10, 1);
  const row = (i: number, over: Partial<LogRow> = {}): LogRow => ({ id: `e${i}`, receivedAt: base + i * DAY, t: base + i * DAY, type: 'page_view', account: i % 2 ? 'alpha' : 'beta', persona: 'cfo', piece: null, stakeholder: null, visitor: 'visitor-1', session: null, path: '/alpha/', ref: 'direct', value: null, label: i === 3 ? 'say "hi", then leave' : null, ...over });
  log.append([0, 1, 2, 3, 4].map((i) => row(i)));
  log.close();
  const run = (...args: string[]) => spawnSync(process.execPath, ['src/cli/log.ts', ...args], { env: { ...process.env, TAILOR_LOG_FILE: file }, encoding: 'utf8' });

  const ndjson = run('--since', '2026-11-02', '--until', '2026-11-04', '--format', 'ndjson');
  assert.equal(ndjson.status, 0, ndjson.stderr);
  // --until is exclusive: e3 at 2026-11-04T00:00 is not in.
  assert.deepEqual(ndjson.stdout.trim().split('\n').map((l) => JSON.parse(l).id), ['e1', 'e2']);

  const csv = run('--since', '2026-11-01', '--account', 'alpha', '--format', 'csv');
  const lines = csv.stdout.trim().split('\r\n');
  assert.equal(lines[0], 'id,receivedAt,t,type,account,persona,piece,stakeholder,visitor,session,path,ref,value,label,campaign');
  assert.equal(lines.length, 3);
  assert.match(lines[2]!, /,"say ""hi"", then leave",$/);

  const bad = run('--since', 'last tuesday');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /"last tuesday" is not a time/);
});

test('no format prints a raw control character, even from rows stored before the collector kept them out; each is shown as \\u001b', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tailor-log-')), 'conversions.db');
  const at = Date.UTC(2026, 10, 1);
  // A terminal's clear-screen and title sequences, a colour change by the one-character C1 CSI,
  // NUL, DEL, a right-to-left override, an isolate, a line separator, and a bare carriage return.
  const pagePath = '/alpha/\u001b[2J\u001b]0;owned\u0007\u202egpj.exe\u2066';
  const label = 'meeting\u0000\u009b31mred\u007f\u2028\r';
  const rows: LogRow[] = [
    { id: 'ctl-0001', receivedAt: at, t: at, type: 'cta_click', account: 'alpha\u001b[8m', persona: 'cfo\u202e', piece: null, stakeholder: 'cfo-1\u0000', visitor: null, session: null, path: pagePath, ref: 'direct', value: null, label, campaign: 'news\u001b[5m/email/q4' },
  ];
  // Written straight to the log, as a collector of before (or a pull of its log) could have.
  const log = new SqliteLog(file);
  await log.append(rows);
  log.close();
  const run = (format: string) => spawnSync(process.execPath, ['src/cli/log.ts', '--format', format], { env: { ...process.env, TAILOR_LOG_FILE: file }, encoding: 'utf8' });
  const printed: Record<string, string> = {};
  for (const format of ['table', 'csv', 'ndjson']) {
    const out = run(format);
    assert.equal(out.status, 0, out.stderr);
    printed[format] = out.stdout;
    // The only control characters are the formats' own line ends (CSV's CR LF, LF elsewhere).
    const lines = out.stdout.split(format === 'csv' ? '\r\n' : '\n');
    assert.equal(lines.pop(), '');
    for (const line of lines) assert.doesNotMatch(line, CONTROL_CHARACTERS, `${format}: ${JSON.stringify(line)}`);
  }
  assert.match(printed['table']!, /alpha\\u001b\[8m {2}cfo\\u202e {2}- {2}cfo-1\\u0000/);
  const csv = printed['csv']!.split('\r\n')[1]!;
  assert.ok(csv.includes(',/alpha/\\u001b[2J\\u001b]0;owned\\u0007\\u202egpj.exe\\u2066,'), csv);
  assert.ok(csv.includes(',meeting\\u0000\\u009b31mred\\u007f\\u2028\\u000d,'), csv);
  // NDJSON stays JSON: each line parses back to the row as stored.
  assert.deepEqual(JSON.parse(printed['ndjson']!), rows[0]);
});

test('relative times count back from now', () => {
  const now = Date.UTC(2026, 10, 25);
  assert.equal(parseTime('7d', now), now - 7 * DAY);
  assert.equal(parseTime('30m', now), now - 30 * 60_000);
  assert.equal(parseTime('2026-11-01T00:00:00Z', now), Date.UTC(2026, 10, 1));
});

test('--backup writes a consistent copy that opens as a log, and never overwrites', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tailor-backup-'));
  const file = path.join(dir, 'conversions.db');
  const log = new SqliteLog(file);
  const base = Date.UTC(2026, 10, 1);
  await log.append([0, 1, 2].map((i) => ({ id: `b${i}-000000`, receivedAt: base + i, t: base + i, type: 'page_view' as const, account: 'alpha', persona: null, piece: null, stakeholder: null, visitor: null, session: null, path: '/alpha/', ref: 'direct' as const, value: null, label: null })));
  // The server keeps the log open while the backup runs.
  const target = path.join(dir, 'backups', 'copy.db');
  const run = spawnSync(process.execPath, ['src/cli/log.ts', '--backup', target], { env: { ...process.env, TAILOR_LOG_FILE: file }, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Backed up 3 event\(s\)/);
  const copy = new SqliteLog(target);
  assert.deepEqual(copy.rows().map((r) => r.id), ['b0-000000', 'b1-000000', 'b2-000000']);
  copy.close();
  log.close();
  const again = spawnSync(process.execPath, ['src/cli/log.ts', '--backup', target], { env: { ...process.env, TAILOR_LOG_FILE: file }, encoding: 'utf8' });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /exists; choose a new file name/);
});

/** A log as made before lean writes (0001_conversion_log.sql: an index on the id, on time and on account; 4 KB pages). */
function oldLog(file: string, rows: LogRow[]) {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  for (const sql of statements(readFileSync('src/collector/migrations/0001_conversion_log.sql', 'utf8').replace(/^--.*$/gm, ''))) db.exec(sql);
  const insert = db.prepare('INSERT INTO events (id, received_at, t, type, account, persona, piece, stakeholder, visitor, session, path, ref, value, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const r of rows) insert.run(r.id, r.receivedAt, r.t, r.type, r.account, r.persona, r.piece, r.stakeholder, r.visitor, r.session, r.path, r.ref, r.value, r.label);
  db.close();
}

const indexes = (log: SqliteLog) => (log.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
const pragma = (log: SqliteLog, name: string) => Object.values(log.db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>)[0];

test('a log made before lean writes is upgraded in place on open: rows kept, (received_at, t, id) and booking ids unique, no other index', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tailor-log-')), 'conversions.db');
  const base = Date.UTC(2026, 10, 1);
  const row = (i: number, over: Partial<LogRow> = {}): LogRow => ({ id: `old-${i}`, receivedAt: base + i * 1000, t: base + i * 1000 - 500, type: 'page_view', account: i % 2 ? 'alpha' : 'beta', persona: 'cfo', piece: null, stakeholder: null, visitor: `visitor-${i}`, session: null, path: '/alpha/', ref: 'direct', value: null, label: null, ...over });
  const booking = row(9, { id: 'mtg_0123', type: 'meeting_booked', value: base + 7 * DAY, label: 'calcom' });
  const rows = [0, 1, 2, 3, 4].map((i) => row(i));
  oldLog(file, [...rows, booking]);

  let log = new SqliteLog(file);
  assert.deepEqual(indexes(log), ['events_arrival', 'events_booking_id']);
  assert.ok((log.db.prepare('PRAGMA table_info(events)').all() as { name: string }[]).some((c) => c.name === 'campaign'), 'and the campaign column');
  assert.equal(pragma(log, 'page_size'), 4096, 'an existing log keeps its page size');
  assert.deepEqual(log.rows().map((r) => r.id), ['old-0', 'old-1', 'old-2', 'old-3', 'old-4', 'mtg_0123']);
  // Retries of stored events, and a booking delivered again with another time, are ignored.
  await log.append([row(2), row(4), { ...booking, t: base + 3 * DAY }, row(5)]);
  assert.deepEqual([log.counts.written, log.counts.duplicates], [1, 3]);
  log.close();

  log = new SqliteLog(file); // opening again changes nothing
  assert.deepEqual(indexes(log), ['events_arrival', 'events_booking_id']);
  assert.equal(log.count(), 7);
  assert.equal(pragma(log, 'integrity_check'), 'ok');
  log.close();

  const fresh = new SqliteLog(path.join(path.dirname(file), 'new.db'));
  assert.equal(pragma(fresh, 'page_size'), LOG_PAGE_SIZE, 'a new log gets small pages');
  fresh.close();
});

test('retries are caught over the last events stored (the window), also after a restart; a row copied again (a pull) is kept once', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tailor-log-')), 'conversions.db');
  const base = Date.UTC(2026, 10, 1);
  const row = (i: number, over: Partial<LogRow> = {}): LogRow => ({ id: `ev-${i}`, receivedAt: base + i, t: base - (i % 3) * 700 + i, type: 'page_view', account: 'alpha', persona: null, piece: null, stakeholder: null, visitor: null, session: null, path: '/alpha/', ref: null, value: null, label: null, ...over });
  let log = new SqliteLog(file, { dedupWindow: 4 });
  await log.append([row(0), row(1), row(2)]);
  // The same event in one beacon twice, and a retry of a stored one arriving later: each stored once.
  await log.append([row(3), { ...row(3), receivedAt: base + 100 }, { ...row(1), receivedAt: base + 101 }]);
  assert.deepEqual([log.counts.written, log.counts.duplicates], [4, 2]);
  // The same id at another client time is another event (as on D1, whose key is (t, id)); both
  // are remembered: a retry of either is dropped.
  await log.append([{ ...row(2), t: row(2).t + 1, receivedAt: base + 102 }]);
  assert.equal(log.count(), 5);
  await log.append([{ ...row(2), receivedAt: base + 103 }, { ...row(2), t: row(2).t + 1, receivedAt: base + 104 }]);
  assert.deepEqual([log.counts.written, log.counts.duplicates], [5, 4]);
  log.close();

  // A restart reads the window back from the end of the log: the last 4 rows are 1, 2, 3 and 2'.
  log = new SqliteLog(file, { dedupWindow: 4 });
  await log.append([{ ...row(1), receivedAt: base + 200 }, { ...row(3), receivedAt: base + 201 }]);
  assert.deepEqual([log.counts.written, log.counts.duplicates], [0, 2]);
  // Row 0 has left the window: a retry this late is stored again (the window's one limit).
  await log.append([{ ...row(0), receivedAt: base + 202 }]);
  assert.equal(log.counts.written, 1);
  // A row copied again exactly (as a second pull would) is ignored by the (received_at, t, id) key,
  // whatever the window.
  const insert = log.db.prepare(INSERT_SQL);
  assert.equal(Number(insert.run(...rowValues(row(0))).changes), 0);
  assert.equal(log.count(), 6);
  log.close();
});

test('the tail is the rows stored last; --follow prints the rows stored after it, in the order they were stored', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tailor-log-')), 'conversions.db');
  const base = Date.UTC(2026, 10, 1);
  const row = (id: string, receivedAt: number, account = 'alpha'): LogRow => ({ id, receivedAt, t: receivedAt, type: 'page_view', account, persona: null, piece: null, stakeholder: null, visitor: null, session: null, path: `/${account}/`, ref: 'direct', value: null, label: null });
  const log = new SqliteLog(file);
  // A pull can bring rows received before the ones already stored.
  await log.append([row('a', base + 3 * DAY), row('b', base + 4 * DAY), row('pulled-1', base + DAY), row('pulled-2', base + 2 * DAY)]);
  assert.deepEqual(log.rows({ last: 3 }).map((r) => r.id), ['b', 'pulled-1', 'pulled-2']);
  assert.deepEqual(log.rows().map((r) => r.id), ['pulled-1', 'pulled-2', 'a', 'b'], 'ranges are in time order');
  const end = log.end();
  assert.deepEqual(log.rowsAfter(end), { rows: [], cursor: end });
  await log.append([row('c', base + 5 * DAY, 'beta'), row('d', base + 5 * DAY)]);
  const next = log.rowsAfter(end, { account: 'alpha' });
  assert.deepEqual(next.rows.map((r) => r.id), ['d']);
  assert.deepEqual(log.rowsAfter(next.cursor), { rows: [], cursor: next.cursor });

  const follow = spawn(process.execPath, ['src/cli/log.ts', '--follow', '--limit', '2', '--format', 'ndjson'], { env: { ...process.env, TAILOR_LOG_FILE: file } });
  try {
    let out = '';
    follow.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const lines = async (n: number) => {
      for (let i = 0; i < 100 && out.trim().split('\n').filter(Boolean).length < n; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      return out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).id as string);
    };
    assert.deepEqual(await lines(2), ['c', 'd']);
    await log.append([row('pulled-0', base), row('e', base + 6 * DAY)]);
    assert.deepEqual(await lines(4), ['c', 'd', 'pulled-0', 'e']);
  } finally {
    follow.kill();
    log.close();
  }
});
