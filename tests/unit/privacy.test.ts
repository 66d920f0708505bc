/**
 * Privacy on request, run as a user runs the commands: `npm run export-person` shows everything
 * stored about one stakeholder; `npm run forget` deletes it from the local log (their events, by
 * stakeholder id and by the visitor ids seen with it, their instant alerts, their plan updates, the
 * report's alert log) and from a local D1 through wrangler, touches nobody else, removes them from
 * the account file with `--from-account`, and the report run again no longer names them; a second
 * run deletes nothing more. Retention: the embedded collector deletes what is past
 * `privacy.retentionDays` when it starts, log:pull brings no older row home.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteLog } from '../../src/collector/sqliteLog.ts';
import { CREATE_OUTBOX_SQL } from '../../src/alerts/outbox.ts';
import { CREATE_DIRECTORY_SQL } from '../../src/alerts/directory.ts';
import { CREATE_PLAN_UPDATES_SQL } from '../../src/collector/planUpdates.ts';
import { pullLog } from '../../src/collector/pull.ts';
import { D1_DATABASE, writeWorkerConfig } from '../../src/deploy/workerConfig.ts';
import { wrangler } from '../../src/deploy/wrangler.ts';
import { d1Execute, inlineSql } from '../../src/deploy/d1Cli.ts';
import type { LogRow } from '../../src/events/schema.ts';

const DAY = 86_400_000;
const NOW = Date.now();
const NAME = 'Secretia Hiddenname';
const EMAIL = 'secretia@alphaworks.example';
// The table the plan's collector endpoint writes (the log makes it on open; D1 by migration 0004).
const PLAN_UPDATES_SQL = CREATE_PLAN_UPDATES_SQL.map((s) => s.replace(/\s+/g, ' ')).join(';\n');

let n = 0;
const row = (over: Partial<LogRow>): LogRow => ({ id: `privacy-${String(n++).padStart(4, '0')}`, receivedAt: over.t ?? NOW - DAY, t: NOW - DAY, type: 'page_view', account: 'alpha', persona: 'cfo', piece: 'roi', stakeholder: null, visitor: null, session: null, path: '/alpha/cfo/roi/', ref: null, value: null, label: null, campaign: null, ...over });

/** Her rows (identified, and anonymous from her browser before and in another account), and everyone else's. */
function rows(): LogRow[] {
  const her = { stakeholder: 'cfo-1', visitor: 'visitor-secretia1', session: 'session-s1' };
  return [
    row({ visitor: 'visitor-secretia1', session: 'session-s0', t: NOW - 3 * DAY }),
    ...Array.from({ length: 5 }, (_, i) => row({ ...her, t: NOW - (2 - i * 0.1) * DAY })),
    row({ ...her, type: 'calculator_completed', value: 212 }),
    row({ ...her, type: 'cta_click', label: 'meeting' }),
    row({ account: 'beta', persona: 'cfo', piece: 'case', path: '/beta/cfo/case/', visitor: 'visitor-secretia1' }),
    // She forwarded her link: the field engineer, identified on her browser; his rows stay his.
    row({ stakeholder: 'user-1', persona: 'end-user', piece: 'case', path: '/alpha/end-user/case/', visitor: 'visitor-secretia1' }),
    // The field engineer on his own, and an anonymous reader: kept.
    ...Array.from({ length: 4 }, () => row({ stakeholder: 'user-1', persona: 'end-user', piece: 'case', path: '/alpha/end-user/case/', visitor: 'visitor-engineer1' })),
    row({ visitor: 'visitor-anon00001' }),
  ];
}

function setUp() {
  const tmp = mkdtempSync(path.join(tmpdir(), 'tailor-privacy-'));
  const root = path.join(tmp, 'repo');
  cpSync('tests/fixtures/minimal', root, { recursive: true });
  const alpha = path.join(root, 'accounts/alpha.yaml');
  writeFileSync(alpha, readFileSync(alpha, 'utf8').replace(`name: ${NAME} }`, `name: ${NAME}, email: ${EMAIL} }`));
  const state = path.join(tmp, 'state');
  mkdirSync(state, { recursive: true });
  const env = { ...process.env, TAILOR_CONTENT_ROOT: root, TAILOR_STATE_DIR: state, TAILOR_LOG_FILE: path.join(tmp, 'conversions.db'), TAILOR_LINK_SECRET: 'privacy-secret-privacy-secret-000000000' };
  return { tmp, root, state, env, log: env.TAILOR_LOG_FILE };
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [script, ...args], { env, encoding: 'utf8' });
  return { status: result.status, out: result.stdout + result.stderr };
}

/** Every file under `dir`, as text. */
const allText = (dir: string): string =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'latin1'))
    .join('\n');

test('forget and export-person on the local log: her rows, alerts, plan updates and report mentions go, nobody else is touched, twice is harmless', async () => {
  const { tmp, root, state, env, log } = setUp();
  try {
    const sqlite = new SqliteLog(log);
    await sqlite.append(rows());
    for (const s of CREATE_OUTBOX_SQL) sqlite.db.exec(s);
    sqlite.db.exec(PLAN_UPDATES_SQL);
    const outbox = sqlite.db.prepare("INSERT INTO alert_outbox (key, channel, account, stakeholder, visitor, created_at, event_t, payload, next_at) VALUES (?, 'slack', 'alpha', ?, ?, ?, ?, ?, 0)");
    outbox.run('slack|book-click|cfo-1|d', 'cfo-1', 'visitor-secretia1', NOW, NOW, JSON.stringify({ text: `${NAME} clicked to book` }));
    outbox.run('slack|calculator|anon|d', null, 'visitor-secretia1', NOW, NOW, JSON.stringify({ text: 'A visitor completed the calculator' }));
    outbox.run('slack|book-click|user-1|d', 'user-1', 'visitor-secretia1', NOW, NOW, JSON.stringify({ text: 'The field engineer clicked to book' }));
    sqlite.db.prepare("INSERT INTO plan_updates (id, received_at, account, stakeholder, step, kind, value) VALUES (?, ?, 'alpha', ?, 0, 'comment', ?)").run('pu-1', NOW, 'cfo-1', 'Our legal team reviews this week');
    sqlite.db.prepare("INSERT INTO plan_updates (id, received_at, account, stakeholder, step, kind, value) VALUES (?, ?, 'alpha', ?, 0, 'done', NULL)").run('pu-2', NOW, 'user-1');
    sqlite.close();

    // Her personal link, made for mail merge.
    const links = run('src/cli/links.ts', [], env);
    assert.equal(links.status, 0, links.out);
    assert.match(readFileSync(path.join(state, 'links/all-accounts.csv'), 'utf8'), new RegExp(EMAIL));

    // The report names her (the call list, the CSVs for the CRM, the alert log).
    const report = run('src/cli/report.ts', [], env);
    assert.equal(report.status, 0, report.out);
    assert.match(allText(path.join(state, 'report')) + readFileSync(path.join(state, 'alerts.ndjson'), 'utf8'), new RegExp(NAME));

    // Article 15: everything about her, by e-mail (any case).
    const exported = run('src/cli/exportPerson.ts', [EMAIL.toUpperCase()], env);
    assert.equal(exported.status, 0, exported.out);
    const data = JSON.parse(exported.out) as { person: unknown; accountFile: { stakeholder: { name: string } }; stores: Record<string, Record<string, unknown[]>> };
    assert.deepEqual(data.person, { account: 'alpha', stakeholder: 'cfo-1' });
    assert.equal(data.accountFile.stakeholder.name, NAME);
    const store = Object.values(data.stores)[0]!;
    assert.equal(store.events!.length, 9, 'her 7 identified events, her browser before, and in beta');
    assert.equal(store.alert_outbox!.length, 2);
    assert.equal(store.plan_updates!.length, 1);

    // Article 17, with her entry in the account file. Her bare id is in two accounts: told so.
    const ambiguous = run('src/cli/forget.ts', ['cfo-1'], env);
    assert.notEqual(ambiguous.status, 0);
    assert.match(ambiguous.out, /stakeholder id "cfo-1" is used in 2 accounts \(alpha, beta\): name one as <account>\/cfo-1/);
    const forgot = run('src/cli/forget.ts', [EMAIL, '--from-account'], env);
    assert.equal(forgot.status, 0, forgot.out);
    assert.match(forgot.out, /9 event\(s\) in the conversion log/);
    assert.match(forgot.out, /2 instant alert\(s\)/);
    assert.match(forgot.out, /1 plan update\(s\)/);
    assert.match(forgot.out, /the anonymous rows of the 1 visitor id\(s\) seen with it/);
    assert.match(forgot.out, /kept: the rows of 1 other identified person\(s\) on the same browser/);
    assert.match(forgot.out, /taken out of \d+ alert\(s\)/);
    assert.match(forgot.out, /Personal links .*: 2 row\(s\) with their link removed/);
    for (const f of ['links/all-accounts.csv', 'links/alpha.csv']) {
      const csv = readFileSync(path.join(state, f), 'utf8');
      assert.ok(!csv.includes(EMAIL) && !csv.includes(NAME), f);
      assert.match(csv, /^alpha,user-1,/m, `${f} keeps the others`);
    }
    assert.match(forgot.out, /Their personal link keeps working until the site is built and published again/);
    assert.match(forgot.out, new RegExp(`^-.*${NAME}`, 'm'), 'the diff shows her line removed');
    const db = new DatabaseSync(log);
    const left = db.prepare('SELECT stakeholder, visitor FROM events').all() as { stakeholder: string | null; visitor: string | null }[];
    assert.equal(left.length, 6, 'the engineer (also on her browser) and the anonymous reader stay');
    assert.ok(left.every((r) => r.stakeholder !== 'cfo-1' && (r.visitor !== 'visitor-secretia1' || r.stakeholder === 'user-1')));
    assert.deepEqual(db.prepare('SELECT stakeholder FROM alert_outbox').all().map((r) => r.stakeholder), ['user-1']);
    assert.deepEqual(db.prepare('SELECT stakeholder FROM plan_updates').all().map((r) => r.stakeholder), ['user-1']);
    // Nothing of her text is left in the file (secure_delete, the WAL emptied).
    db.close();
    assert.ok(!readFileSync(log, 'latin1').includes('Our legal team'), 'deleted text is overwritten in the database file');
    const account = readFileSync(path.join(root, 'accounts/alpha.yaml'), 'utf8');
    assert.ok(!account.includes(NAME) && !account.includes('cfo-1'));
    assert.match(account, /^owner: \{ name: Olivia Owner/m, 'the rest of the file is as written');
    const check = run('src/cli/check.ts', [], env);
    assert.equal(check.status, 0, check.out);

    // The report run again names her nowhere.
    const again = run('src/cli/report.ts', [], env);
    assert.equal(again.status, 0, again.out);
    for (const e of readdirSync(path.join(state, 'report'), { recursive: true, withFileTypes: true })) {
      if (e.isFile()) assert.ok(!readFileSync(path.join(e.parentPath, e.name), 'latin1').includes(NAME), `the rerun report does not name her (${e.name})`);
    }
    assert.ok(!readFileSync(path.join(state, 'alerts.ndjson'), 'utf8').includes(NAME), 'nor does the alert log');

    // Twice: nothing more to delete (she is named by her ids now).
    const twice = run('src/cli/forget.ts', ['alpha/cfo-1'], env);
    assert.equal(twice.status, 0, twice.out);
    assert.match(twice.out, /nothing stored about them/);
    // By e-mail, once she is out of every file: told how to name her.
    const byMail = run('src/cli/forget.ts', [EMAIL], env);
    assert.notEqual(byMail.status, 0);
    assert.match(byMail.out, /no stakeholder has the e-mail .* name them as <account>\/<stakeholder-id>/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('forget --from-account stops before deleting anything when she alone owns a plan step', async () => {
  const { tmp, root, env, log } = setUp();
  try {
    const alpha = path.join(root, 'accounts/alpha.yaml');
    writeFileSync(alpha, readFileSync(alpha, 'utf8') + 'plan:\n  milestones:\n    - title: Sign off the business case\n      due: 2027-01-15\n      owners: [{ stakeholder: cfo-1 }]\n');
    const sqlite = new SqliteLog(log);
    await sqlite.append(rows());
    sqlite.close();
    const forgot = run('src/cli/forget.ts', [EMAIL, '--from-account'], env);
    assert.notEqual(forgot.status, 0);
    assert.match(forgot.out, /accounts\/alpha\.yaml: plan\.milestones\.0\.owners: "cfo-1" owns the step "Sign off the business case" alone/);
    const db = new DatabaseSync(log);
    assert.equal((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n, rows().length, 'nothing deleted');
    db.close();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('forget and export-person on a local D1 (wrangler): her rows, alerts, plan updates and people-table line go, nobody else is touched', async () => {
  const { tmp, env } = setUp();
  try {
    const persist = path.join(tmp, 'd1');
    const config = writeWorkerConfig({ dir: path.join(tmp, 'worker'), distDir: 'dist', databaseId: 'local', origins: ['https://abm.example.test'] });
    wrangler(['d1', 'migrations', 'apply', D1_DATABASE, '--local', '--persist-to', persist, '--config', config], { quiet: true });
    const target = { config, local: true, persistTo: persist };
    const insert = rows().map((r) => inlineSql('INSERT INTO events (id, received_at, t, type, account, persona, piece, stakeholder, visitor, session, path, ref, value, label, campaign) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [r.id, r.receivedAt, r.t, r.type, r.account, r.persona, r.piece, r.stakeholder, r.visitor, r.session, r.path, r.ref, r.value, r.label, r.campaign ?? null]));
    d1Execute(target, [
      ...insert,
      ...CREATE_OUTBOX_SQL.map((s) => s.replace(/\s+/g, ' ')),
      ...CREATE_DIRECTORY_SQL.map((s) => s.replace(/\s+/g, ' ')),
      PLAN_UPDATES_SQL,
      inlineSql("INSERT INTO alert_outbox (key, channel, account, stakeholder, visitor, created_at, event_t, payload, next_at) VALUES ('k1', 'slack', 'alpha', 'cfo-1', 'visitor-secretia1', ?, ?, ?, 0)", [NOW, NOW, `${NAME} clicked to book`]),
      inlineSql("INSERT INTO alert_outbox (key, channel, account, stakeholder, visitor, created_at, event_t, payload, next_at) VALUES ('k2', 'slack', 'alpha', 'user-1', 'visitor-engineer1', ?, ?, 'engineer', 0)", [NOW, NOW]),
      inlineSql("INSERT INTO tailor_people (account, id, name, title, role, persona, email) VALUES ('alpha', 'cfo-1', ?, 'CFO', 'decision-maker', 'cfo', ?)", [NAME, EMAIL]),
      "INSERT INTO tailor_people (account, id, name, title, role, persona) VALUES ('alpha', 'user-1', NULL, 'Field Engineer', 'user', 'end-user')",
      inlineSql("INSERT INTO plan_updates (id, received_at, account, stakeholder, step, kind, value) VALUES ('pu-1', ?, 'alpha', 'cfo-1', 1, 'date', '2027-02-01')", [NOW]),
    ].join(';\n'));

    const exported = run('src/cli/exportPerson.ts', ['alpha/cfo-1', '--local', '--persist-to', persist, '--config', config, '--out', path.join(tmp, 'out/secretia.json')], env);
    assert.equal(exported.status, 0, exported.out);
    const d1 = (JSON.parse(readFileSync(path.join(tmp, 'out/secretia.json'), 'utf8')) as { stores: Record<string, Record<string, unknown[]>> }).stores;
    const fromD1 = Object.entries(d1).find(([k]) => k.startsWith('the local D1'))![1];
    assert.equal(fromD1.events!.length, 9);
    assert.equal(fromD1.tailor_people!.length, 1);
    assert.equal(fromD1.alert_outbox!.length, 1);
    assert.equal(fromD1.plan_updates!.length, 1);

    const forgot = run('src/cli/forget.ts', [EMAIL, '--local', '--persist-to', persist, '--config', config], env);
    assert.equal(forgot.status, 0, forgot.out);
    assert.match(forgot.out, /The local D1 in .*: 12 row\(s\) deleted/);
    const [events, outbox, people, plan] = d1Execute(target, 'SELECT stakeholder, visitor FROM events; SELECT stakeholder FROM alert_outbox; SELECT id FROM tailor_people; SELECT count(*) AS n FROM plan_updates');
    assert.equal(events!.results.length, 6);
    assert.ok(events!.results.every((r) => r.stakeholder !== 'cfo-1' && (r.visitor !== 'visitor-secretia1' || r.stakeholder === 'user-1')));
    assert.deepEqual(outbox!.results, [{ stakeholder: 'user-1' }]);
    assert.deepEqual(people!.results, [{ id: 'user-1' }]);
    assert.deepEqual(plan!.results, [{ n: 0 }]);
    const twice = run('src/cli/forget.ts', [EMAIL, '--local', '--persist-to', persist, '--config', config], env);
    assert.match(twice.out, /The local D1 in .*: nothing stored about them/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('retention: the embedded collector deletes what is past privacy.retentionDays on start; log:pull leaves it out', async () => {
  const { tmp, root, state, log } = setUp();
  const saved = { ...process.env };
  try {
    const site = path.join(root, 'content/site.yaml');
    writeFileSync(site, readFileSync(site, 'utf8') + '\nprivacy:\n  retentionDays: 30\n');
    const sqlite = new SqliteLog(log);
    await sqlite.append([row({ t: NOW - 40 * DAY }), row({ t: NOW - 31 * DAY }), row({ t: NOW - 29 * DAY }), row({ t: NOW - DAY })]);
    for (const s of CREATE_OUTBOX_SQL) sqlite.db.exec(s);
    sqlite.db.prepare("INSERT INTO alert_outbox (key, channel, account, created_at, event_t, payload, next_at) VALUES ('old', 'slack', 'alpha', ?, 0, '', 0), ('new', 'slack', 'alpha', ?, 0, '', 0)").run(NOW - 35 * DAY, NOW - DAY);
    sqlite.db.exec(PLAN_UPDATES_SQL);
    sqlite.db.prepare("INSERT INTO plan_updates (id, received_at, account, stakeholder, step, kind) VALUES ('old', ?, 'alpha', 'cfo-1', 0, 'done'), ('new', ?, 'alpha', 'cfo-1', 0, 'done')").run(NOW - 31 * DAY, NOW - DAY);
    sqlite.close();
    writeFileSync(path.join(state, 'manifest.json'), JSON.stringify({ version: 1, accounts: {} }));
    Object.assign(process.env, { TAILOR_CONTENT_ROOT: root, TAILOR_STATE_DIR: state, TAILOR_LOG_FILE: log });
    const { startEmbedded } = await import('../../src/cli/serve.ts');
    const server = await startEmbedded({ root: path.join(tmp, 'dist'), host: '127.0.0.1', port: 0 });
    try {
      const ages = (server.log.db.prepare('SELECT t FROM events ORDER BY t').all() as { t: number }[]).map((r) => Math.round((NOW - r.t) / DAY));
      assert.deepEqual(ages, [29, 1]);
      assert.deepEqual(server.log.db.prepare('SELECT key FROM alert_outbox').all().map((r) => r.key), ['new']);
      assert.deepEqual(server.log.db.prepare('SELECT id FROM plan_updates').all().map((r) => r.id), ['new']);
      // Daily, the same: a day later, the 29-day-old row is past 30 days.
      assert.match((await server.retention(NOW + 2 * DAY)) ?? '', /retention \(30 days\): deleted 1 event\(s\)/);
      // A smoke test from a headless browser: answered 204, dropped, and counted where --stats reads it.
      const headless = await fetch(`${server.origin}/tailor/collect`, { method: 'POST', body: '{}', headers: { origin: server.origin, 'user-agent': 'Mozilla/5.0 HeadlessChrome/156.0' } });
      assert.equal(headless.status, 204);
      await server.writeDrops();
    } finally {
      server.close();
    }
    const stats = run('src/cli/log.ts', ['--stats'], { ...process.env });
    assert.equal(stats.status, 0, stats.out);
    assert.match(stats.out, /stored: 1 event\(s\)/);
    assert.match(stats.out, /bot +1 +a crawler or headless browser by its user agent \(answered 204\): smoke-test with a real browser user agent/);

    // log:pull: older remote rows are read (the cursor moves past them) but not added.
    const local = new SqliteLog(path.join(tmp, 'home.db'));
    const remote = [row({ t: NOW - 40 * DAY }), row({ t: NOW - 2 * DAY })].map((r, i) => ({ ...r, rowid: i + 1 }));
    const result = await pullLog(local.db, 'test', async (from) => remote.filter((r) => r.rowid >= from), { notBefore: NOW - 30 * DAY });
    assert.deepEqual({ read: result.read, added: result.added, expired: result.expired, cursor: result.cursor }, { read: 2, added: 1, expired: 1, cursor: 2 });
    local.close();
  } finally {
    process.env = saved;
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the alert log: a forgotten name goes as a whole word only; alerts past retention go from it', async () => {
  const { scrubAlertLog, FORGOTTEN } = await import('../../src/privacy/forget.ts');
  const { pruneAlertLog } = await import('../../src/privacy/localRetention.ts');
  const line = (over: Record<string, unknown>) => JSON.stringify({ account: 'alpha', reason: 'entered intent: Ann (CFO) and Annika Berg (CTO)', contacts: [{ stakeholder: 'cfo-1' }, { stakeholder: 'cto-1' }], raisedAt: new Date(NOW).toISOString(), ...over });
  const log = [line({}), line({ account: 'beta' }), 'not json'].join('\n');
  const scrubbed = scrubAlertLog(log, { account: 'alpha', stakeholder: 'cfo-1', name: 'Ann' });
  assert.equal(scrubbed.alerts, 1);
  const [alpha, beta, bad] = scrubbed.text.split('\n');
  assert.deepEqual(JSON.parse(alpha!), { account: 'alpha', reason: `entered intent: ${FORGOTTEN} (CFO) and Annika Berg (CTO)`, contacts: [{ stakeholder: 'cto-1' }], raisedAt: new Date(NOW).toISOString() });
  assert.equal(beta, line({ account: 'beta' }), 'another account with a cfo-1 of its own is untouched');
  assert.equal(bad, 'not json');
  const pruned = pruneAlertLog([line({ raisedAt: new Date(NOW - 40 * DAY).toISOString() }), line({})].join('\n'), NOW - 30 * DAY);
  assert.equal(pruned.removed, 1);
  assert.equal(pruned.text, line({}));
});
