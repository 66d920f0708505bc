/** log:pull's core: incremental, idempotent, resumable copies of a remote log into the local one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteLog } from '../../src/collector/sqliteLog.ts';
import { pageSql, pullLog, type FetchPage } from '../../src/collector/pull.ts';
import { INSERT_SQL, rowValues } from '../../src/collector/logSql.ts';
import type { LogRow } from '../../src/events/schema.ts';

const row = (i: number): LogRow => ({ id: `evt-remote-${String(i).padStart(5, '0')}`, receivedAt: 1_764_000_000_000 + i, t: 1_764_000_000_000 + i, type: 'page_view', account: 'alpha', persona: 'cfo', piece: null, stakeholder: i % 3 ? null : 'cfo-1', visitor: 'visitor-1', session: null, path: '/alpha/cfo/', ref: 'email', value: null, label: null });

/** A real SQLite database standing in for D1 (same schema, same SQL), read with the pull's own query. */
function remote(count: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tailor-remote-'));
  const log = new SqliteLog(path.join(dir, 'remote.db'));
  const insert = log.db.prepare(INSERT_SQL);
  for (let i = 0; i < count; i++) insert.run(...rowValues(row(i)));
  let calls = 0;
  let failAt = Infinity;
  const fetchPage: FetchPage = async (after, limit) => {
    if (++calls === failAt) throw new Error('network gone');
    return log.db.prepare(pageSql(after, limit)).all() as unknown as (LogRow & { rowid: number })[];
  };
  return { log, fetchPage, failOn: (call: number) => ((failAt = call), (calls = 0)) };
}

const count = (db: DatabaseSync) => Number((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);

test('a pull copies every row once; pulling again adds nothing; new remote rows come next time', async () => {
  const source = remote(1_050);
  const local = new SqliteLog(':memory:');
  const first = await pullLog(local.db, 'd1:test', source.fetchPage, { pageSize: 100 });
  assert.deepEqual(first, { read: 1_050, added: 1_050, cursor: 1_050, expired: 0 });
  assert.deepEqual(await pullLog(local.db, 'd1:test', source.fetchPage, { pageSize: 100 }), { read: 0, added: 0, cursor: 1_050, expired: 0 });
  const insert = source.log.db.prepare(INSERT_SQL);
  for (let i = 1_050; i < 1_060; i++) insert.run(...rowValues(row(i)));
  assert.deepEqual(await pullLog(local.db, 'd1:test', source.fetchPage, { pageSize: 100 }), { read: 10, added: 10, cursor: 1_060, expired: 0 });
  assert.equal(count(local.db), 1_060);
  const stakeholders = Number((local.db.prepare("SELECT count(*) AS n FROM events WHERE stakeholder = 'cfo-1'").get() as { n: number }).n);
  assert.equal(stakeholders, Math.ceil(1_060 / 3));
});

test('an interrupted pull keeps the pages it committed and resumes after them', async () => {
  const source = remote(1_000);
  // A log on disk, closed and reopened between the two pulls as a new run of the command would.
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tailor-local-')), 'conversions.db');
  let db = new SqliteLog(file).db;
  source.failOn(4);
  await assert.rejects(pullLog(db, 'd1:test', source.fetchPage, { pageSize: 100 }), /network gone/);
  assert.equal(count(db), 300, 'three pages committed before the failure');
  source.failOn(Infinity);
  db.close();
  db = new SqliteLog(file).db;
  const resumed = await pullLog(db, 'd1:test', source.fetchPage, { pageSize: 100 });
  assert.deepEqual(resumed, { read: 700, added: 700, cursor: 1_000, expired: 0 });
  assert.equal(count(db), 1_000);
});

test('rows already in the local log (same event id) are skipped, not doubled', async () => {
  const source = remote(50);
  const local = new SqliteLog(':memory:');
  await local.append([row(10), row(20)]);
  const result = await pullLog(local.db, 'd1:test', source.fetchPage, { pageSize: 20 });
  assert.deepEqual(result, { read: 50, added: 48, cursor: 50, expired: 0 });
  assert.equal(count(local.db), 50);
});

test("log:pull --local names the D1 wrangler keeps beside the deploy's config, or the one --persist-to gives", async () => {
  const { localD1State } = await import('../../src/deploy/d1Cli.ts');
  const config = path.resolve('.tailor/worker/wrangler.json');
  assert.equal(localD1State({ config, local: true }), path.resolve('.tailor/worker/.wrangler/state'));
  assert.equal(localD1State({ config, local: true, persistTo: '/tmp/d1' }), '/tmp/d1');
});

test('rows deleted at the end of the remote (forget, retention) let it reuse their rowids: the next pull notices and still brings the new rows', async () => {
  const source = remote(1_050);
  const local = new SqliteLog(':memory:');
  await pullLog(local.db, 'd1:test', source.fetchPage, { pageSize: 100 });
  // Forgotten there (and here): the last five rows. New events then take rowids 1,046-1,048.
  source.log.db.exec('DELETE FROM events WHERE rowid > 1045');
  local.db.exec("DELETE FROM events WHERE id >= 'evt-remote-01045'");
  const insert = source.log.db.prepare(INSERT_SQL);
  for (let i = 2_000; i < 2_003; i++) insert.run(...rowValues(row(i)));
  assert.equal(Number((source.log.db.prepare('SELECT max(rowid) AS m FROM events').get() as { m: number }).m), 1_048, 'SQLite reused the rowids');
  let reread = 0;
  const result = await pullLog(local.db, 'd1:test', source.fetchPage, { pageSize: 100, onReread: () => reread++ });
  assert.equal(reread, 1);
  assert.deepEqual({ added: result.added, cursor: result.cursor }, { added: 3, cursor: 1_048 });
  assert.equal(count(local.db), 1_048);
  // And then as usual: nothing new, no second reading.
  const again = await pullLog(local.db, 'd1:test', source.fetchPage, { pageSize: 100 });
  assert.deepEqual(again, { read: 0, added: 0, cursor: 1_048, expired: 0 });
});
