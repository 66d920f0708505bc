/**
 * `npm run plan:pull`: visitors' plan updates proposed as edits of the account file, every other
 * byte kept (src/content/planPull.ts), and the command over a real log database (src/cli/planPull.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { proposePlanUpdates } from '../../src/content/planPull.ts';
import type { PlanUpdateRow } from '../../src/events/planUpdate.ts';
import { SqliteLog } from '../../src/collector/sqliteLog.ts';
import { storePlanUpdate } from '../../src/collector/planUpdates.ts';
import { sqliteRunner } from '../../src/alerts/sql.ts';

const ACCOUNT = `name: Acme Oy
# The plan agreed in October (keep this comment).
plan:
  title: "Our pilot"
  milestones:
    - title: Discovery
      detail: >-
        A long detail folded over
        two lines.
      due: 2026-10-01 # agreed in the kick-off
      status: done
      owners: [{ stakeholder: cfo-1 }]
    - title: Security review
      due: "2026-11-15"
      owners: [{ stakeholder: cto-1 }]
    - { title: Signature, due: 2027-01-20, owners: [{ stakeholder: cfo-1 }] }
buyingCommittee:
  - { id: cfo-1, title: CFO, persona: cfo, role: decision-maker, name: Carla Diaz }
`;

let n = 0;
const row = (over: Partial<PlanUpdateRow>): PlanUpdateRow => ({ id: `upd-${n++}`, receivedAt: 1_800_000_000_000 + n, account: 'acme', stakeholder: 'cfo-1', step: 0, stepTitle: null, kind: 'done', value: null, ...over });

test('done and dates become status and due of the step, every other byte kept; comments are listed, not written', () => {
  const p = proposePlanUpdates('accounts/acme.yaml', ACCOUNT, [
    row({ step: 1, stepTitle: 'Security review', kind: 'done' }),
    row({ step: 0, stepTitle: 'Discovery', kind: 'date', value: '2026-10-08' }),
    row({ step: 0, stepTitle: 'Discovery', kind: 'date', value: '2026-10-09' }), // the latest proposal wins
    row({ step: 2, stepTitle: 'Signature', kind: 'done' }),
    row({ step: 2, stepTitle: 'Signature', kind: 'comment', value: 'Legal needs a week more.' }),
  ]);
  assert.deepEqual(
    p.changes.map((c) => [c.step, c.field, c.from, c.to]),
    [
      [1, 'due', '2026-10-01', '2026-10-09'],
      [2, 'status', 'planned', 'done'],
      [3, 'status', 'planned', 'done'],
    ],
  );
  assert.equal(
    p.after,
    ACCOUNT.replace('due: 2026-10-01 #', 'due: 2026-10-09 #')
      .replace('      due: "2026-11-15"\n', '      due: "2026-11-15"\n      status: done\n')
      .replace('due: 2027-01-20, owners', 'due: 2027-01-20, status: done, owners'),
  );
  assert.deepEqual(p.comments, [{ step: 3, title: 'Signature', by: 'cfo-1', at: p.comments[0]!.at, text: 'Legal needs a week more.' }]);
  const data = parse(p.after) as { plan: { milestones: { status?: string; due: string }[] } };
  assert.deepEqual(data.plan.milestones.map((m) => [m.status, String(m.due)]), [['done', '2026-10-09'], ['done', '2026-11-15'], ['done', '2027-01-20']]);
  // Pulling again over the accepted file proposes nothing.
  const again = proposePlanUpdates('accounts/acme.yaml', p.after, [row({ step: 1, stepTitle: 'Security review', kind: 'done' }), row({ step: 0, stepTitle: 'Discovery', kind: 'date', value: '2026-10-09' })]);
  assert.deepEqual(again.changes, []);
  assert.equal(again.after, p.after);
});

test('a step is found by its title when reordered; a renamed or removed one is skipped, named', () => {
  const reordered = ACCOUNT.replace('    - title: Discovery', '    - title: Kick-off\n      due: 2026-09-01\n      owners: [{ vendor: Anna }]\n    - title: Discovery');
  const p = proposePlanUpdates('accounts/acme.yaml', reordered, [row({ step: 1, stepTitle: 'Security review', kind: 'done' }), row({ step: 0, stepTitle: 'Old name', kind: 'done' })]);
  assert.deepEqual(p.changes.map((c) => [c.step, c.title]), [[3, 'Security review']]);
  assert.equal(p.skipped.length, 1);
  assert.match(p.skipped[0]!.reason, /no step is called “Old name”/);
});

test('an account written as Markdown keeps its body; only its front matter changes', () => {
  const md = `---\n${ACCOUNT}---\nInternal note: never published.\n`;
  const p = proposePlanUpdates('accounts/acme.md', md, [row({ step: 1, stepTitle: 'Security review', kind: 'date', value: '2026-11-30' })]);
  assert.equal(p.after, md.replace('due: "2026-11-15"', 'due: 2026-11-30'));
});

test('npm run plan:pull reads the log’s plan_updates, prints the diff and the comments, and writes only with --apply', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-plan-pull-'));
  mkdirSync(path.join(root, 'accounts'));
  writeFileSync(path.join(root, 'accounts/acme.yaml'), ACCOUNT);
  const logFile = path.join(root, 'conversions.db');
  const log = new SqliteLog(logFile);
  const sql = sqliteRunner(log.db);
  await storePlanUpdate(sql, row({ step: 1, stepTitle: 'Security review', kind: 'done', receivedAt: Date.now() }), 20);
  await storePlanUpdate(sql, row({ step: 2, stepTitle: 'Signature', kind: 'comment', value: 'See you in January', receivedAt: Date.now() }), 20);
  log.close();
  Object.assign(process.env, { TAILOR_CONTENT_ROOT: root, TAILOR_LOG_FILE: logFile });
  const { main } = await import('../../src/cli/planPull.ts');
  const printed: string[] = [];
  const log0 = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.join(' '));
  try {
    await main([]);
    assert.equal(readFileSync(path.join(root, 'accounts/acme.yaml'), 'utf8'), ACCOUNT, 'nothing written without --apply');
    const out = printed.join('\n');
    assert.match(out, /^\+      status: done$/m);
    assert.match(out, /comment on step 3 “Signature” by Carla Diaz, CFO \(cfo-1\).*"See you in January"/);
    assert.match(out, /--apply/);
    printed.length = 0;
    await main(['acme', '--apply']);
    assert.match(readFileSync(path.join(root, 'accounts/acme.yaml'), 'utf8'), /due: "2026-11-15"\n      status: done\n/);
    // The marketer then moves the step back by hand (the review was reopened): an update handled
    // once is not proposed again, so the next pull leaves the file as the marketer set it.
    const file = path.join(root, 'accounts/acme.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n      status: done\n/, '\n      status: in-progress\n'));
    const edited = readFileSync(file, 'utf8');
    printed.length = 0;
    await main(['--apply']);
    assert.match(printed.join('\n'), /\(2 update\(s\) an earlier --apply handled are not proposed again\)/);
    assert.match(printed.join('\n'), /No plan updates\./);
    assert.equal(readFileSync(file, 'utf8'), edited);
  } finally {
    console.log = log0;
  }
});
