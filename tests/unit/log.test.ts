/** `npm run log`: time ranges and exports over a real SQLite log. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteLog } from '../../src/collector/sqliteLog.ts';
import { parseTime } from '../../src/cli/log.ts';
import type { LogRow } from '../../src/events/schema.ts';

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
