/**
 * `npm run log -- --format parquet --out <file>`: real rows through the real SqliteLog, the real
 * command as a child process, and the file read back with DuckDB.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { SqliteLog } from '../../src/collector/sqliteLog.ts';
import { LOG_COLUMNS, type LogRow } from '../../src/events/schema.ts';

const base = Date.UTC(2026, 10, 1, 9, 30, 0, 123); // a millisecond part, to see that it survives
const MIN = 60_000;

/** The rows the test writes first, in arrival order; the third arrived later than it was received before the second. */
const rows: LogRow[] = [
  { id: 'evt-full-0001', receivedAt: base, t: base - 250, type: 'calculator_completed', account: 'lumivaara', persona: 'cfo', piece: 'roi-model', stakeholder: 'maija-virtanen', visitor: 'visitor-000001', session: 'session-00001', path: '/lumivaara/cfo/roi-model/', ref: 'email', value: 187.25, label: 'Café ☕ — 東京 «ROI» 🚀', campaign: 'linkedin/social/q4 launch' },
  { id: 'evt-nulls-0002', receivedAt: base + 2 * MIN, t: base + 2 * MIN - 40, type: 'page_view', account: 'lumivaara', persona: null, piece: null, stakeholder: null, visitor: null, session: null, path: '/lumivaara/', ref: null, value: null, label: null },
  { id: 'evt-late-0003', receivedAt: base + MIN, t: base + MIN - 900, type: 'meeting_booked', account: 'nordhavn', persona: 'cto', piece: null, stakeholder: 'erik-lund', visitor: null, session: null, path: '/nordhavn/cto/', ref: 'direct', value: Date.UTC(2026, 11, 3, 14), label: 'calcom', campaign: null },
];
/** Then enough rows for several row groups. */
const BULK = 45_000;
const bulk = (i: number): LogRow => ({ id: `bulk-${String(i).padStart(8, '0')}`, receivedAt: base + 10 * MIN + i, t: base + 10 * MIN + i - 5, type: i % 3 ? 'scroll' : 'engaged_time', account: i % 2 ? 'lumivaara' : 'nordhavn', persona: 'end-user', piece: null, stakeholder: null, visitor: `visitor-${i % 97}`.padEnd(12, '0'), session: null, path: '/lumivaara/end-user/', ref: 'internal', value: i % 5 ? (i % 100) / 4 : null, label: i % 7 ? null : `lábel ${i}`, campaign: i % 11 ? null : 'newsletter/email/winter' });

function logWith(write: (log: SqliteLog) => void): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tailor-parquet-'));
  const file = path.join(dir, 'conversions.db');
  const log = new SqliteLog(file);
  write(log);
  log.close();
  return { dir, file };
}

const run = (file: string, ...args: string[]) => spawnSync(process.execPath, ['src/cli/log.ts', ...args], { env: { ...process.env, TAILOR_LOG_FILE: file }, encoding: 'utf8' });

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
const literal = (file: string) => `'${file.replace(/'/g, "''")}'`;

test('exports the whole log as typed Parquet, in arrival order, that DuckDB reads back exactly', async () => {
  const { dir, file } = logWith((log) => {
    log.append(rows);
    log.flush();
    log.append(Array.from({ length: BULK }, (_, i) => bulk(i)));
  });
  const out = path.join(dir, 'exports', 'log.parquet'); // the directory does not exist yet
  const result = run(file, '--format', 'parquet', '--out', out);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`Exported ${(rows.length + BULK).toLocaleString('en')} event\\(s\\) from .* to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.deepEqual(readdirSync(path.dirname(out)), ['log.parquet'], 'no temporary file is left behind');
  const f = literal(out);

  // Column names in LOG_COLUMNS order, their DuckDB types, and REQUIRED / OPTIONAL as in logRowSchema.
  const columns = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${f}))`);
  assert.deepEqual(
    columns.map((c) => [c.column_name, c.column_type]),
    [['id', 'VARCHAR'], ['receivedAt', 'TIMESTAMP'], ['t', 'TIMESTAMP'], ['type', 'VARCHAR'], ['account', 'VARCHAR'], ['persona', 'VARCHAR'], ['piece', 'VARCHAR'], ['stakeholder', 'VARCHAR'], ['visitor', 'VARCHAR'], ['session', 'VARCHAR'], ['path', 'VARCHAR'], ['ref', 'VARCHAR'], ['value', 'DOUBLE'], ['label', 'VARCHAR'], ['campaign', 'VARCHAR']],
  );
  assert.deepEqual(columns.map((c) => c.column_name), [...LOG_COLUMNS]);
  const schema = await query(`SELECT name, type, converted_type, repetition_type FROM parquet_schema(${f}) WHERE name <> 'root'`);
  const required = schema.filter((c) => c.repetition_type === 'REQUIRED').map((c) => c.name);
  assert.deepEqual(required, ['id', 'receivedAt', 't', 'type', 'account', 'path']);
  assert.deepEqual(schema.find((c) => c.name === 'receivedAt'), { name: 'receivedAt', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'REQUIRED' });
  // Streamed in several row groups, not one.
  const [groups] = await query(`SELECT count(DISTINCT row_group_id)::INTEGER AS n FROM parquet_metadata(${f})`);
  assert.ok((groups!.n as number) >= 3, `row groups: ${groups!.n}`);

  // Exact values of the first rows, nulls and unicode included; times to the millisecond.
  const first = await query(`SELECT *, epoch_ms(receivedAt)::DOUBLE AS receivedMs FROM read_parquet(${f}) LIMIT 3`);
  assert.deepEqual(
    first,
    rows.map((r) => ({ ...r, campaign: r.campaign ?? null, receivedAt: new Date(r.receivedAt), t: new Date(r.t), receivedMs: r.receivedAt })),
  );
  assert.equal(first[0]!.label, 'Café ☕ — 東京 «ROI» 🚀');

  // Every row, in arrival order (rowid), not in receivedAt order: evt-late-0003 stays third.
  const [summary] = await query(`SELECT count(*)::INTEGER AS n, count(value)::INTEGER AS values, sum(value) AS total, count(campaign)::INTEGER AS campaigns, count(label)::INTEGER AS labels FROM read_parquet(${f})`);
  const all = [...rows, ...Array.from({ length: BULK }, (_, i) => bulk(i))];
  assert.deepEqual(summary, {
    n: all.length,
    values: all.filter((r) => r.value !== null).length,
    total: all.reduce((s, r) => s + (r.value ?? 0), 0),
    campaigns: all.filter((r) => r.campaign).length,
    labels: all.filter((r) => r.label !== null).length,
  });
  const order = await query(`SELECT id FROM read_parquet(${f})`);
  assert.deepEqual(order.map((r) => r.id), all.map((r) => r.id));
  const sample = await query(`SELECT *, epoch_ms(receivedAt)::DOUBLE AS receivedMs FROM read_parquet(${f}) WHERE id = 'bulk-00030030'`);
  const expected = bulk(30_030);
  assert.deepEqual(sample, [{ ...expected, receivedAt: new Date(expected.receivedAt), t: new Date(expected.t), receivedMs: expected.receivedAt }]);
});

test('--since, --until and --account narrow the export; an empty range is still a valid file', async () => {
  const { dir, file } = logWith((log) => log.append(rows));
  const out = path.join(dir, 'range.parquet');
  const ranged = run(file, '--format', 'parquet', '--out', out, '--since', new Date(base + MIN).toISOString(), '--account', 'lumivaara');
  assert.equal(ranged.status, 0, ranged.stderr);
  assert.deepEqual((await query(`SELECT id FROM read_parquet(${literal(out)})`)).map((r) => r.id), ['evt-nulls-0002']);
  // --until is exclusive, like the other formats.
  const until = run(file, '--format', 'parquet', '--out', out, '--until', new Date(base + 2 * MIN).toISOString());
  assert.equal(until.status, 0, until.stderr);
  assert.deepEqual((await query(`SELECT id FROM read_parquet(${literal(out)})`)).map((r) => r.id), ['evt-full-0001', 'evt-late-0003']);

  const none = run(file, '--format', 'parquet', '--out', out, '--account', 'nobody');
  assert.equal(none.status, 0, none.stderr);
  assert.match(none.stdout, /Exported 0 event\(s\)/);
  assert.deepEqual(await query(`SELECT count(*)::INTEGER AS n FROM read_parquet(${literal(out)})`), [{ n: 0 }]);
  assert.equal((await query(`DESCRIBE SELECT * FROM read_parquet(${literal(out)})`)).length, LOG_COLUMNS.length);
});

test('bad values name their flag, and a failed export leaves nothing half-written', () => {
  const { dir, file } = logWith((log) => {
    log.append(rows);
    log.flush();
    log.append(Array.from({ length: 25_000 }, (_, i) => bulk(i)));
    log.flush();
    // A row no export can write (a time that is not a number), arriving after the first row group.
    log.db.prepare("INSERT INTO events (id, received_at, t, type, account, path) VALUES ('broken-row', 'yesterday', 0, 'page_view', 'lumivaara', '/lumivaara/')").run();
  });
  const out = path.join(dir, 'log.parquet');

  const format = run(file, '--format', 'xml', '--out', out);
  assert.equal(format.status, 1);
  assert.match(format.stderr, /--format must be ndjson, csv, table or parquet \(got "xml"\)/);

  const noOut = run(file, '--format', 'parquet');
  assert.equal(noOut.status, 1);
  assert.match(noOut.stderr, /--format parquet needs --out <file>/);
  assert.match(run(file, '--format', 'parquet', '--out', out, '--follow').stderr, /--follow does not apply to --format parquet/);
  assert.match(run(file, '--format', 'parquet', '--out', out, '--limit', '5').stderr, /--limit does not apply to --format parquet/);
  assert.match(run(file, '--format', 'csv', '--out', out).stderr, /--out is for --format parquet/);
  assert.match(run(file, '--format', 'parquet', '--out', out, '--since', 'last tuesday').stderr, /--since: "last tuesday" is not a time/);

  // Unwritable: the parent "directory" is a file; and a directory as --out.
  const blocker = path.join(dir, 'not-a-dir');
  writeFileSync(blocker, 'x');
  const unwritable = run(file, '--format', 'parquet', '--out', path.join(blocker, 'log.parquet'));
  assert.equal(unwritable.status, 1);
  assert.match(unwritable.stderr, /--out: cannot write .*not-a-dir\/log\.parquet: cannot create its directory/);
  const directory = run(file, '--format', 'parquet', '--out', dir);
  assert.equal(directory.status, 1);
  assert.match(directory.stderr, /--out: cannot write .*: it is a directory/);

  // Failing halfway (after a row group is on disk): the previous file stays as it was, no temporary file stays.
  writeFileSync(out, 'the previous export');
  const before = readdirSync(dir).sort();
  const failed = run(file, '--format', 'parquet', '--out', out);
  assert.equal(failed.status, 1, failed.stdout);
  assert.match(failed.stderr, /cannot export event "broken-row": its receivedAt is "yesterday", not a whole number/);
  assert.equal(readFileSync(out, 'utf8'), 'the previous export');
  assert.deepEqual(readdirSync(dir).sort(), before);
  assert.ok(!existsSync(path.join(dir, 'exports')));
});
