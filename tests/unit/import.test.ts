/** CRM import over realistic HubSpot and Salesforce exports, into real files in a temp content root. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import matter from 'gray-matter';
import { runImport } from '../../src/cli/import.ts';
import { checkContent } from '../../src/content/checkContent.ts';

const crm = (name: string) => path.resolve('tests/fixtures/crm', name);

function freshRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-import-'));
  cpSync('accounts', path.join(root, 'accounts'), { recursive: true });
  cpSync('content', path.join(root, 'content'), { recursive: true });
  return root;
}
const yamlAt = (root: string, file: string) => parse(readFileSync(path.join(root, file), 'utf8'));

test('HubSpot companies and contacts: drafts with unicode names, stakeholders by title, rejected rows with line and reason', async () => {
  const root = freshRoot();
  const plan = await runImport([crm('hubspot-companies.csv'), crm('hubspot-contacts.csv')], { root, dryRun: false });
  assert.deepEqual(plan.created.sort(), [
    'accounts/drafts/hanoi-precision-castings-jsc.yaml',
    'accounts/drafts/kaveh-blue-dome-petrochemical.yaml',
    'accounts/drafts/northgate-civil-works-ltd.yaml',
    'accounts/drafts/open-harbour-aid.yaml',
    'accounts/drafts/revontuli-energia-oy.yaml',
  ]);
  assert.deepEqual(
    plan.rejected.map((r) => `${path.basename(r.file)}:${r.line}: ${r.reason}`),
    [
      'hubspot-companies.csv:6: company name is empty',
      'hubspot-companies.csv:7: "Domainless Holdings": domain is empty',
      'hubspot-companies.csv:8: duplicate of line 2 (same company id 9012345601)',
      'hubspot-contacts.csv:8: "Nobody Knows": company 9999999999 is not an imported or existing account',
      'hubspot-contacts.csv:9: "Broken Email": "not-an-email" is not an e-mail address',
      'hubspot-contacts.csv:10: "Missing Title": job title is empty (it decides the persona)',
      'hubspot-contacts.csv:11: duplicate of line 3 (same contact id 502)',
    ],
  );
  const kaveh = yamlAt(root, 'accounts/drafts/kaveh-blue-dome-petrochemical.yaml');
  assert.equal(kaveh.name, 'Kaveh "Blue Dome" Petrochemical');
  assert.equal(kaveh.locale, 'fa-IR');
  assert.equal(kaveh.industry, 'chemicals');
  assert.deepEqual(kaveh.buyingCommittee, [
    { id: 'ceo-1', title: 'مدیرعامل', persona: 'ceo', role: 'decision-maker', name: 'سارا احمدی', email: 'sara.ahmadi@kavehpetro.ir', crmId: '505' },
  ]);
  const hanoi = yamlAt(root, 'accounts/drafts/hanoi-precision-castings-jsc.yaml');
  assert.equal(hanoi.domain, 'hanoicastings.vn');
  assert.equal(hanoi.locale, 'vi-VN');
  assert.deepEqual(hanoi.buyingCommittee.map((s: { name: string; persona: string }) => [s.name, s.persona]), [
    ['Nguyễn Thị Hương', 'cfo'],
    ['Trần Văn Đức', 'end-user'],
  ]);
  const revontuli = yamlAt(root, 'accounts/drafts/revontuli-energia-oy.yaml');
  assert.equal(revontuli.industry, 'energy');
  assert.deepEqual(revontuli.buyingCommittee.map((s: { title: string; persona: string }) => [s.title, s.persona]), [
    ['Toimitusjohtaja', 'ceo'],
    ['Talousjohtaja, CFO', 'cfo'],
  ]);
  assert.equal(yamlAt(root, 'accounts/drafts/open-harbour-aid.yaml').numbers.employees, 1200);
  // Drafts are never built; check says what they still need.
  const report = await checkContent(root);
  assert.equal(report.errors.length, 0, report.errors.map((e) => e.message).join('\n'));
  const draftNote = report.warnings.find((w) => w.file === 'accounts/drafts/kaveh-blue-dome-petrochemical.yaml');
  assert.match(draftNote?.message ?? '', /draft, not published; to publish, fill in tier, brand, stage, goals, proposition, owner/);
});

test('Salesforce export updates an existing account surgically: only CRM lines change', async () => {
  const root = freshRoot();
  const before = readFileSync(path.join(root, 'accounts/lumivaara.yaml'), 'utf8');
  const plan = await runImport([crm('salesforce-accounts.csv'), crm('salesforce-contacts.csv')], { root, dryRun: false });
  assert.ok(plan.updated.includes('accounts/lumivaara.yaml'));
  assert.deepEqual(plan.rejected.map((r) => `${path.basename(r.file)}:${r.line}`), ['salesforce-accounts.csv:5', 'salesforce-contacts.csv:5']);
  const after = readFileSync(path.join(root, 'accounts/lumivaara.yaml'), 'utf8');
  const removed = before.split('\n').filter((l) => !after.split('\n').includes(l));
  assert.deepEqual(removed, ['    title: Talousjohtaja'], 'only the CFO title changed among existing lines');
  const data = parse(after);
  assert.equal(data.crm.id, '0015g00000AbCdEAAV');
  assert.equal(data.numbers.employees, 3400);
  assert.equal(data.buyingCommittee.find((s: { id: string }) => s.id === 'cfo-1').crmId, '0035g00000XyZaAAAV');
  assert.equal(data.buyingCommittee.at(-1).name, 'Ville Nieminen');
  assert.equal(data.buyingCommittee.at(-1).persona, 'end-user');
  assert.equal((await checkContent(root)).errors.length, 0);
});

test('re-import keeps hand edits, comments and the Markdown body; unchanged rows are skipped', async () => {
  const root = freshRoot();
  await runImport([crm('hubspot-companies.csv'), crm('hubspot-contacts.csv')], { root, dryRun: false });
  // A marketer completes one draft as Markdown with a body, edits a persona and adds comments.
  const draft = path.join(root, 'accounts/drafts/revontuli-energia-oy.yaml');
  const yaml = readFileSync(draft, 'utf8')
    .replace('persona: cfo', 'persona: cfo # checked with the account team')
    .concat('goals:\n  - Cut unplanned grid outages by a fifth\n# Research note kept by hand.\ntier: strategic\n');
  const md = path.join(root, 'accounts/drafts/revontuli-energia-oy.md');
  writeFileSync(md, `---\n${yaml}---\n\n## Research\n\nMet the CFO at the Oulu energy fair; budget cycle starts in March.\n`);
  rmSync(draft); // the .md file replaces it

  const again = await runImport([crm('hubspot-companies.csv'), crm('hubspot-contacts.csv')], { root, dryRun: false });
  assert.deepEqual(again.created, [], 'nothing is created twice');
  assert.ok(again.unchanged.includes('accounts/drafts/revontuli-energia-oy.md'), JSON.stringify(again, null, 1));
  const text = readFileSync(md, 'utf8');
  assert.match(text, /persona: cfo # checked with the account team/);
  assert.match(text, /# Research note kept by hand\./);
  assert.match(text, /Met the CFO at the Oulu energy fair; budget cycle starts in March\./);
  const { data } = matter(text);
  assert.deepEqual(data.goals, ['Cut unplanned grid outages by a fifth']);
  assert.equal(data.tier, 'strategic');

  // The CRM changes a title: that field follows, the hand edits stay.
  const changed = path.join(root, 'contacts-changed.csv');
  writeFileSync(changed, readFileSync(crm('hubspot-contacts.csv'), 'utf8').replace('"Talousjohtaja, CFO"', 'Talous- ja rahoitusjohtaja'));
  const third = await runImport([crm('hubspot-companies.csv'), changed], { root, dryRun: false });
  assert.deepEqual(third.updated, ['accounts/drafts/revontuli-energia-oy.md']);
  const final = readFileSync(md, 'utf8');
  assert.match(final, /title: Talous- ja rahoitusjohtaja/);
  assert.match(final, /persona: cfo # checked with the account team/);
  assert.match(final, /budget cycle starts in March/);
});

test('a dry run writes nothing', async () => {
  const root = freshRoot();
  const plan = await runImport([crm('hubspot-companies.csv')], { root, dryRun: true });
  assert.equal(plan.created.length, 5);
  assert.equal(plan.changes[0]?.before, undefined);
  assert.ok(!existsSync(path.join(root, 'accounts/drafts')));
});

test('--map imports any CSV', async () => {
  const root = freshRoot();
  const file = path.join(root, 'pipedrive.csv');
  writeFileSync(file, 'Org ID;Organisation;Web\n77;Saimaa Logistics Oy;saimaalogistics.fi\n'.replace(/;/g, ','));
  const plan = await runImport([file], { root, dryRun: false, map: 'Org ID=id,Organisation=name,Web=domain', system: 'pipedrive' });
  assert.deepEqual(plan.created, ['accounts/drafts/saimaa-logistics-oy.yaml']);
  assert.deepEqual(yamlAt(root, 'accounts/drafts/saimaa-logistics-oy.yaml').crm, { system: 'pipedrive', id: '77' });
  await assert.rejects(runImport([file], { root, dryRun: true, map: 'Org ID=identifier' }), /--map "Org ID=identifier": use "CSV column=field"/);
});

test('the command: a dry run prints the diff and the report, writes nothing, exits 2 on rejected rows', async () => {
  const { spawnSync } = await import('node:child_process');
  const root = freshRoot();
  const run = spawnSync(process.execPath, ['src/cli/import.ts', '--dry-run', crm('salesforce-accounts.csv'), crm('salesforce-contacts.csv')], {
    env: { ...process.env, TAILOR_CONTENT_ROOT: root },
    encoding: 'utf8',
  });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stdout, /^--- accounts\/lumivaara\.yaml\n\+\+\+ accounts\/lumivaara\.yaml$/m);
  assert.match(run.stdout, /^-    title: Talousjohtaja$/m);
  assert.match(run.stdout, /^\+    title: Talousjohtaja \(CFO\), Konserni$/m);
  assert.match(run.stdout, /^\+\+\+ accounts\/drafts\/brightwater-labs-inc\.yaml$/m);
  assert.match(run.stdout, /Dry run: would import 8 row\(s\): 2 account\(s\) created, 1 updated, 0 unchanged \(skipped\), 2 row\(s\) rejected\./);
  assert.match(run.stdout, /rejected {2}.*salesforce-accounts\.csv:5: "Bad Domain Co": "not a domain" is not a web domain/);
  assert.equal(readFileSync(path.join(root, 'accounts/lumivaara.yaml'), 'utf8'), readFileSync('accounts/lumivaara.yaml', 'utf8'));
  assert.ok(!existsSync(path.join(root, 'accounts/drafts')));
});
