/** CRM import over realistic HubSpot and Salesforce exports, into real files in a temp content root. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import matter from 'gray-matter';
import { structuredPatch } from 'diff';
import { report, runImport } from '../../src/cli/import.ts';
import { dealStatusOf, parseAmount, parseCloseDate, personaForTitle } from '../../src/content/crmImport/index.ts';
import { checkContent } from '../../src/content/checkContent.ts';
import { readAccountFiles } from '../../src/content/accountFiles.ts';
import { accountField } from '../../src/lib/personalise.ts';
import { pipelineOf, sumPipelines } from '../../src/scoring/pipeline.ts';

const crm = (name: string) => path.resolve('tests/fixtures/crm', name);

function freshRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-import-'));
  cpSync('accounts', path.join(root, 'accounts'), { recursive: true });
  cpSync('content', path.join(root, 'content'), { recursive: true });
  // The demo's own deals (the last block of some account files) would mix with the imported ones.
  for (const name of readdirSync(path.join(root, 'accounts')).filter((f) => f.endsWith('.yaml'))) {
    writeFileSync(path.join(root, 'accounts', name), demoAccount(name));
  }
  return root;
}
/** A demo account file as the import tests start from it: without the demo's deals. */
function demoAccount(name: string): string {
  return readFileSync(path.join('accounts', name), 'utf8').replace(/\n# Deals from the CRM[^\n]*\ndeals:[\s\S]*$/, '\n');
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
  assert.equal(readFileSync(path.join(root, 'accounts/lumivaara.yaml'), 'utf8'), demoAccount('lumivaara.yaml'));
  assert.ok(!existsSync(path.join(root, 'accounts/drafts')));
});

const runCli = async (args: string[], root: string) => {
  const { spawnSync } = await import('node:child_process');
  return spawnSync(process.execPath, ['src/cli/import.ts', ...args], { env: { ...process.env, TAILOR_CONTENT_ROOT: root }, encoding: 'utf8' });
};
const rejectedLines = (plan: { rejected: { file: string; line: number; reason: string }[] }) => plan.rejected.map((r) => `${path.basename(r.file)}:${r.line}: ${r.reason}`);

test('a contact whose e-mail is already a stakeholder under another CRM id is rejected, not merged', async () => {
  const root = freshRoot();
  await runImport([crm('salesforce-accounts.csv'), crm('salesforce-contacts.csv')], { root, dryRun: false });
  const before = readFileSync(path.join(root, 'accounts/lumivaara.yaml'), 'utf8');
  const contacts = path.join(root, 'contacts-duplicates.csv');
  writeFileSync(
    contacts,
    [
      'Contact ID,Account ID,Account Name,First Name,Last Name,Title,Email',
      '0035g00000XyZaAAAV,0015g00000AbCdEAAV,Lumivaara Telecom Oyj,Janne,Korhonen,"Talousjohtaja (CFO), Konserni",janne.korhonen@lumivaara.fi',
      '0035g00000XyZmAAAV,0015g00000AbCdEAAV,Lumivaara Telecom Oyj,Janne,Korhonen,CFO,Janne.Korhonen@lumivaara.fi',
      '0035g00000XyZnAAAV,0015g00000AbCdEAAV,Lumivaara Telecom Oyj,Aino,Virta,Product Owner,aino.virta@lumivaara.fi',
      '0035g00000XyZpAAAV,0015g00000AbCdEAAV,Lumivaara Telecom Oyj,Aino,Virta,Product Manager,aino.virta@lumivaara.fi',
    ].join('\n'),
  );
  const plan = await runImport([contacts], { root, dryRun: false });
  assert.deepEqual(rejectedLines(plan), [
    'contacts-duplicates.csv:3: contact 0035g00000XyZmAAAV: same e-mail as stakeholder cfo-1 (CRM id 0035g00000XyZaAAAV) in accounts/lumivaara.yaml; duplicates are not merged: merge the contacts in the CRM or correct the e-mail',
    'contacts-duplicates.csv:5: contact 0035g00000XyZpAAAV: same e-mail as stakeholder end-user-2 (CRM id 0035g00000XyZnAAAV) in accounts/lumivaara.yaml; duplicates are not merged: merge the contacts in the CRM or correct the e-mail',
  ]);
  assert.ok(plan.rejected.every((r) => !/Janne|Korhonen|Aino|Virta/.test(r.reason)), 'reasons name ids, not people');
  const after = readFileSync(path.join(root, 'accounts/lumivaara.yaml'), 'utf8');
  // Only the one new contact (line 4) was added; cfo-1 is as it was.
  assert.deepEqual(after.split('\n').filter((l) => !before.split('\n').includes(l)), [
    '  - id: end-user-2',
    '    title: Product Owner',
    '    name: Aino Virta',
    '    email: aino.virta@lumivaara.fi',
    '    crmId: 0035g00000XyZnAAAV',
  ]);
  const committee = parse(after).buyingCommittee as { id: string; crmId?: string; email?: string }[];
  assert.equal(committee.find((s) => s.id === 'cfo-1')?.crmId, '0035g00000XyZaAAAV');
  assert.equal(committee.filter((s) => s.email?.toLowerCase() === 'janne.korhonen@lumivaara.fi').length, 1);
});

test('a Salesforce report footer is skipped and mentioned once per file, not rejected', async () => {
  const root = freshRoot();
  const files = [crm('salesforce-accounts-report.csv'), crm('salesforce-contacts-report.csv')];
  const plan = await runImport(files, { root, dryRun: true });
  assert.deepEqual(plan.rejected, []);
  assert.equal(plan.rows, 5);
  assert.deepEqual(plan.created, ['accounts/drafts/harborview-analytics-inc.yaml']);
  const notes = plan.notes.map((n) => `${path.basename(n.file)}:${n.line}: ${n.message}`);
  assert.deepEqual(notes, [
    'salesforce-accounts-report.csv:6: Salesforce report footer skipped (to line 10: report title, copyright, generated by)',
    'salesforce-contacts-report.csv:7: Salesforce report footer skipped (to line 11: report title, copyright, generated by)',
  ]);

  const run = await runCli(['--dry-run', ...files], root);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /Dry run: would import 5 row\(s\): 1 account\(s\) created, 1 updated, 0 unchanged \(skipped\), 0 row\(s\) rejected\./);
  assert.equal(run.stdout.match(/^ {2}info {6}.*salesforce-accounts-report\.csv:6: Salesforce report footer skipped/gm)?.length, 1);
  assert.equal(run.stdout.match(/^ {2}info {6}.*salesforce-contacts-report\.csv:7: Salesforce report footer skipped/gm)?.length, 1);
  assert.doesNotMatch(run.stdout, /rejected {2}/);

  // The same footer with truly blank lines, or with the other cells present but empty.
  const text = readFileSync(crm('salesforce-accounts-report.csv'), 'utf8');
  for (const variant of [text.replace(/^""$/gm, ''), text.replace(/^(".*")$/gm, (line) => (line.includes('","') ? line : `${line},,,,,,,,`))]) {
    const file = path.join(root, 'accounts-report-variant.csv');
    writeFileSync(file, variant);
    const again = await runImport([file], { root, dryRun: true });
    assert.deepEqual(again.rejected, [], variant);
    assert.deepEqual(again.notes.map((n) => n.line), [6], variant);
    assert.equal(again.rows, 2);
  }
});

test('rejected rows name the physical line, after blank lines, multi-line cells and CRLF', async () => {
  const root = freshRoot();
  const lines = [
    'Record ID,Company name,Company Domain Name,Description', // 1
    '', // 2
    '9101,Alpha Oy,alpha.fi,"Two-line', // 3
    'description"', // 4
    '', // 5
    '', // 6
    '9102,,beta.fi,', // 7: no name
    '   ', // 8
    '9103,Gamma Oy,not a domain,', // 9
    '"",,,', // 10: a row of empty cells
    '9104,Delta Oy,,', // 11: no domain
  ];
  const expected = [
    'companies.csv:7: company name is empty',
    'companies.csv:9: "Gamma Oy": "not a domain" is not a web domain',
    'companies.csv:11: "Delta Oy": domain is empty',
  ];
  const file = path.join(root, 'companies.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  assert.deepEqual(rejectedLines(await runImport([file], { root, dryRun: true })), expected);
  writeFileSync(file, lines.join('\r\n'));
  assert.deepEqual(rejectedLines(await runImport([file], { root, dryRun: true })), expected);
  // Blank lines before the header count too.
  writeFileSync(file, '\r\n' + lines.join('\r\n'));
  assert.deepEqual(rejectedLines(await runImport([file], { root, dryRun: true })), expected.map((e) => e.replace(/:(\d+):/, (_, n: string) => `:${Number(n) + 1}:`)));
});

test('the CRM owner fills the draft owner name; the rest of the owner, and a name already there, are left alone', async () => {
  const root = freshRoot();
  await runImport([crm('hubspot-companies.csv'), crm('hubspot-contacts.csv')], { root, dryRun: false });
  assert.deepEqual(yamlAt(root, 'accounts/drafts/kaveh-blue-dome-petrochemical.yaml').owner, { name: 'Dariush Farahani' });
  assert.deepEqual(yamlAt(root, 'accounts/drafts/revontuli-energia-oy.yaml').owner, { name: 'Mikko Laaksonen' });
  const warning = (await checkContent(root)).warnings.find((w) => w.file === 'accounts/drafts/kaveh-blue-dome-petrochemical.yaml');
  assert.doesNotMatch(warning?.message ?? '', /owner\.name/);
  assert.match(warning?.message ?? '', /owner\.email/);

  // Salesforce: the Account Owner of a new account; an existing account keeps its own owner.
  const sfRoot = freshRoot();
  await runImport([crm('salesforce-accounts-report.csv'), crm('salesforce-contacts-report.csv')], { root: sfRoot, dryRun: false });
  assert.deepEqual(yamlAt(sfRoot, 'accounts/drafts/harborview-analytics-inc.yaml').owner, { name: 'Grace Okafor' });
  assert.deepEqual(yamlAt(sfRoot, 'accounts/lumivaara.yaml').owner, parse(readFileSync('accounts/lumivaara.yaml', 'utf8')).owner);

  // A company export without owners: the contacts' owner fills it.
  const companies = path.join(root, 'companies-no-owner.csv');
  const contacts = path.join(root, 'contacts-with-owner.csv');
  writeFileSync(companies, 'Record ID,Company name,Company Domain Name\n9301,Kallio Robotics Oy,kallio-robotics.fi\n');
  writeFileSync(contacts, 'Record ID,First Name,Last Name,Email,Job Title,Associated Company ID,Contact owner\n701,Eeva,Kallio,eeva@kallio-robotics.fi,CEO,9301,Hannah Price\n');
  await runImport([companies, contacts], { root, dryRun: false });
  assert.deepEqual(yamlAt(root, 'accounts/drafts/kallio-robotics-oy.yaml').owner, { name: 'Hannah Price' });

  // Once the marketer has written the owner, a new CRM owner does not replace it.
  const draft = path.join(root, 'accounts/drafts/revontuli-energia-oy.yaml');
  writeFileSync(draft, readFileSync(draft, 'utf8').replace('name: Mikko Laaksonen', 'name: Anna Virtanen'));
  const changed = path.join(root, 'companies-new-owner.csv');
  writeFileSync(changed, readFileSync(crm('hubspot-companies.csv'), 'utf8').replaceAll('Mikko Laaksonen', 'Grace Okafor'));
  const again = await runImport([changed], { root, dryRun: false });
  assert.ok(again.unchanged.includes('accounts/drafts/revontuli-energia-oy.yaml'));
  assert.deepEqual(yamlAt(root, 'accounts/drafts/revontuli-energia-oy.yaml').owner, { name: 'Anna Virtanen' });
});

test('job titles map to personas in English, German, French, Finnish', async () => {
  const known = new Set(['ceo', 'cfo', 'cto', 'head-of-sales', 'end-user']);
  const cases: [string, string][] = [
    ['Chief Executive Officer', 'ceo'],
    ['Executive Director', 'ceo'],
    ['Managing Director', 'ceo'],
    ['Head of Digital', 'cto'],
    ['Chief Digital Officer', 'cto'],
    ['Vice President, Sales', 'head-of-sales'],
    ['Senior Vice President Finance', 'cfo'],
    ['Geschäftsführer', 'ceo'],
    ['Geschäftsführerin', 'ceo'],
    ['Geschäftsführer(in)', 'ceo'],
    ['Vorstandsvorsitzende', 'ceo'],
    ['Vorstandsvorsitzender', 'ceo'],
    ['Vorstandsvorsitzende(r)', 'ceo'],
    ['Vorsitzender des Vorstands', 'ceo'],
    ['Finanzvorständin', 'cfo'],
    ['Finanzvorstand', 'cfo'],
    ['Kaufmännische Geschäftsführerin', 'cfo'],
    ['Technischer Geschäftsführer', 'cto'],
    ['Leiter(in) IT', 'cto'],
    ['Leiterin IT', 'cto'],
    ['Vertriebsleiter(in)', 'head-of-sales'],
    ['Vertriebsleiterin', 'head-of-sales'],
    ['PDG', 'ceo'],
    ['Président-directeur général', 'ceo'],
    ['Directrice générale', 'ceo'],
    ['Directrice financière', 'cfo'],
    ['DAF', 'cfo'],
    ['DSI', 'cto'],
    ["Directeur des systèmes d'information", 'cto'],
    ['Directeur commercial', 'head-of-sales'],
    ['Responsable des ventes', 'head-of-sales'],
    ['Toimitusjohtaja', 'ceo'],
    ['Pääjohtaja', 'ceo'],
    ['Rahoitusjohtaja', 'cfo'],
    ['Digijohtaja', 'cto'],
    ['Kaupallinen johtaja', 'head-of-sales'],
    ['Giám đốc tài chính', 'cfo'],
    ['مدیرعامل', 'ceo'],
    ['Product Owner', 'end-user'],
    ['Servicetechniker', 'end-user'],
    ['Digital Marketing Manager', 'end-user'],
  ];
  assert.deepEqual(
    cases.map(([title]) => [title, personaForTitle(title, known, 'end-user')]),
    cases,
  );
  // Written into the files: a Salesforce export with such titles.
  const root = freshRoot();
  await runImport([crm('salesforce-accounts-report.csv'), crm('salesforce-contacts-report.csv')], { root, dryRun: false });
  const harborview = yamlAt(root, 'accounts/drafts/harborview-analytics-inc.yaml');
  assert.deepEqual(harborview.buyingCommittee.map((s: { title: string; persona: string }) => [s.title, s.persona]), [
    ['Executive Director', 'ceo'],
    ['Head of Digital', 'cto'],
  ]);
});

test('names are written family name first for Vietnamese (and other family-name-first) accounts', async () => {
  const root = freshRoot();
  const companies = path.join(root, 'companies.csv');
  const contacts = path.join(root, 'contacts.csv');
  writeFileSync(
    companies,
    [
      'Record ID,Company name,Company Domain Name,Country/Region',
      '9201,Saigon Fresh Logistics JSC,saigonfresh.vn,Vietnam',
      '9202,Mekong Bridge Traders,mekongbridge.example,',
      '9203,Pacific Crest Foods Inc.,pacificcrest.example,United States',
      '9204,Sakura Precision KK,sakura-precision.jp,Japan',
      '9205,Duna Gépgyár Zrt.,dunagep.hu,Hungary',
    ].join('\n'),
  );
  writeFileSync(
    contacts,
    [
      'Record ID,First Name,Last Name,Email,Job Title,Associated Company ID',
      '601,Thị Lan,Nguyễn,lan.nguyen@saigonfresh.vn,Giám đốc tài chính,9201',
      '602,Van Minh,Tran,minh.tran@saigonfresh.vn,Kỹ sư,9201',
      '603,Minh Khoa,Trần,khoa.tran@mekongbridge.example,CEO,9202',
      '604,Daniel,Le,daniel.le@mekongbridge.example,CFO,9202',
      '605,Lan,Nguyễn,lan.nguyen@pacificcrest.example,CFO,9203',
      '606,Haruto,Sato,haruto.sato@sakura-precision.jp,CTO,9204',
      '607,Zoltán,Kovács,zoltan.kovacs@dunagep.hu,CEO,9205',
    ].join('\n'),
  );
  await runImport([companies, contacts], { root, dryRun: false });
  const names = (id: string) => yamlAt(root, `accounts/drafts/${id}.yaml`).buyingCommittee.map((s: { name: string }) => s.name);
  assert.deepEqual(names('saigon-fresh-logistics-jsc'), ['Nguyễn Thị Lan', 'Tran Van Minh']);
  // Country unknown: a Vietnamese family name decides; "Le" alone is not Vietnamese enough.
  assert.deepEqual(names('mekong-bridge-traders'), ['Trần Minh Khoa', 'Daniel Le']);
  // A US account: the name as the person uses it there.
  assert.deepEqual(names('pacific-crest-foods-inc'), ['Lan Nguyễn']);
  assert.deepEqual(names('sakura-precision-kk'), ['Sato Haruto']);
  assert.deepEqual(names('duna-gepgyar-zrt'), ['Kovács Zoltán']);

  // A name whose order the marketer changed by hand stays on re-import.
  const draft = path.join(root, 'accounts/drafts/sakura-precision-kk.yaml');
  writeFileSync(draft, readFileSync(draft, 'utf8').replace('name: Sato Haruto', 'name: Haruto Sato'));
  const again = await runImport([companies, contacts], { root, dryRun: false });
  assert.deepEqual(again.updated, []);
  assert.deepEqual(names('sakura-precision-kk'), ['Haruto Sato']);
});

test('the report lists rejected rows and notes', () => {
  const text = report(
    {
      changes: [],
      created: [],
      updated: [],
      unchanged: ['accounts/lumivaara.yaml'],
      rejected: [{ file: 'a.csv', line: 4, reason: 'company name is empty' }],
      notes: [{ file: 'b.csv', line: 9, message: 'Salesforce report footer skipped (to line 13: report title, copyright, generated by)' }],
      rows: 3,
      deals: [],
    },
    false,
  );
  assert.equal(
    text,
    [
      'Imported 3 row(s): 0 account(s) created, 0 updated, 1 unchanged (skipped), 1 row(s) rejected.',
      '  rejected  a.csv:4: company name is empty',
      '  info      b.csv:9: Salesforce report footer skipped (to line 13: report title, copyright, generated by)',
    ].join('\n'),
  );
});

// Deals: HubSpot deals and Salesforce opportunities into the `deals` list of their accounts.

const dealsAt = (root: string, file: string) => yamlAt(root, file).deals as Record<string, unknown>[];
const dealLines = (plan: { deals: { file: string; crmId: string; action: string; changes: string[] }[] }) =>
  plan.deals.map((d) => `${d.action} ${d.crmId} ${d.file}${d.changes.length ? `: ${d.changes.join(', ')}` : ''}`);
/** The lines a change removed (-) and added (+), in order. */
const changedLines = (before: string, after: string) =>
  structuredPatch('a', 'a', before, after, '', '', { context: 0 }).hunks.flatMap((h) => h.lines);

test('HubSpot deals go into the files of their accounts: by company id, else by name; status, currency; rejected rows', async () => {
  const root = freshRoot();
  const plan = await runImport([crm('hubspot-deals.csv'), crm('hubspot-companies.csv')], { root, dryRun: false });
  // Companies are read first whatever the order of the files, so their deals find them.
  assert.deepEqual(dealLines(plan), [
    'added 14523987601 accounts/drafts/revontuli-energia-oy.yaml: 186000 EUR, Contract Sent (open), closes 2026-12-18',
    'added 14523987602 accounts/drafts/revontuli-energia-oy.yaml: 42500 EUR, Closed Won (won), closes 2026-06-30',
    'added 14523987603 accounts/drafts/hanoi-precision-castings-jsc.yaml: 2350000000 VND, Presentation Scheduled (open), closes 2027-02-26',
    'added 14523987604 accounts/drafts/northgate-civil-works-ltd.yaml: 64000 GBP, closedlost (lost), closes 2026-08-14',
    'added 14523987605 accounts/drafts/open-harbour-aid.yaml: 38000 USD, Qualified To Buy (open), closes 2026-11-30',
    'added 14523987606 accounts/drafts/kaveh-blue-dome-petrochemical.yaml: 120000 EUR, Appointment Scheduled (open), closes 2027-01-29',
    'added 14523987607 accounts/corvanne.yaml: 240000 GBP, Decision Maker Bought-In (open), closes 2026-12-11',
    'added 14523987608 accounts/meridell.yaml: 54000 USD, Appointment Scheduled (open), closes 2027-03-31',
  ]);
  assert.deepEqual(rejectedLines(plan).filter((r) => r.startsWith('hubspot-deals')), [
    'hubspot-deals.csv:10: deal 14523987609: no account has company id 9012345699 or the name "Glacier Bay Shipping AS"; import the company first',
    'hubspot-deals.csv:11: deal 14523987610: amount is empty',
  ]);
  assert.deepEqual(dealsAt(root, 'accounts/drafts/revontuli-energia-oy.yaml'), [
    { crmId: '14523987601', name: 'Revontuli Energia – grid outage analytics', amount: 186000, currency: 'EUR', stage: 'Contract Sent', status: 'open', closeDate: '2026-12-18', owner: 'Mikko Laaksonen' },
    { crmId: '14523987602', name: 'Revontuli Energia – field service pilot', amount: 42500, currency: 'EUR', stage: 'Closed Won', status: 'won', closeDate: '2026-06-30', owner: 'Mikko Laaksonen' },
  ]);
  // No currency in the row: the account's numbers.currency (Meridell: USD), else EUR (a new draft).
  assert.equal(dealsAt(root, 'accounts/meridell.yaml')[0]?.currency, 'USD');
  assert.equal(dealsAt(root, 'accounts/drafts/kaveh-blue-dome-petrochemical.yaml')[0]?.currency, 'EUR');
  // Corvanne is not in the CRM export under that id: its exact name matched; Meridell's name in lowercase did.
  assert.equal(dealsAt(root, 'accounts/corvanne.yaml')[0]?.name, 'Corvanne – asset inspection rollout');
  // Only the deals were added to the demo accounts.
  const corvanne = readFileSync(path.join(root, 'accounts/corvanne.yaml'), 'utf8');
  assert.ok(corvanne.startsWith(demoAccount('corvanne.yaml')));
  assert.match(corvanne.slice(demoAccount('corvanne.yaml').length), /^deals:\n {2}- crmId: "14523987607"\n/);

  const checked = await checkContent(root);
  assert.deepEqual(checked.errors, []);
  // The same schema: the deals read back as the report will get them.
  const meridell = (await readAccountFiles(root)).find((a) => a.id === 'meridell')!;
  assert.deepEqual(meridell.data.deals, [
    { crmId: '14523987608', name: 'Meridell – grant reporting', amount: 54000, currency: 'USD', stage: 'Appointment Scheduled', status: 'open', closeDate: '2027-03-31', owner: 'Jordan Ellis' },
  ]);
});

test('Salesforce opportunities report: footer skipped, Account ID then name, Closed/Won columns decide the status', async () => {
  const root = freshRoot();
  const plan = await runImport([crm('salesforce-accounts-report.csv'), crm('salesforce-opportunities.csv')], { root, dryRun: false });
  assert.deepEqual(rejectedLines(plan), [
    'salesforce-opportunities.csv:7: deal 0065g00000OpQwAAAV: no account has company id 0015g00000AbCdZAAV or the name "Fjordline Ferries AS"; import the company first',
  ]);
  assert.deepEqual(plan.notes.map((n) => `${path.basename(n.file)}:${n.line}: ${n.message}`), [
    'salesforce-accounts-report.csv:6: Salesforce report footer skipped (to line 10: report title, copyright, generated by)',
    'salesforce-opportunities.csv:10: Salesforce report footer skipped (to line 14: report title, copyright, generated by)',
  ]);
  assert.deepEqual(plan.created, ['accounts/drafts/harborview-analytics-inc.yaml']);
  assert.deepEqual(plan.updated.sort(), ['accounts/lumivaara.yaml', 'accounts/quillfen.yaml', 'accounts/tuongvan.yaml']);
  // US dates (11/27/2026) as the report wrote them; amounts without the decimals.
  assert.deepEqual(dealsAt(root, 'accounts/lumivaara.yaml'), [
    { crmId: '0065g00000OpQrAAAV', name: 'Lumivaara – order automation platform', amount: 135000, currency: 'EUR', stage: 'Negotiation/Review', status: 'open', closeDate: '2026-11-27', owner: 'Mikko Laaksonen' },
    { crmId: '0065g00000OpQsAAAV', name: 'Lumivaara – 5G order pilot', amount: 48000, currency: 'EUR', stage: 'Closed Won', status: 'won', closeDate: '2026-05-29', owner: 'Mikko Laaksonen' },
  ]);
  assert.equal(dealsAt(root, 'accounts/drafts/harborview-analytics-inc.yaml')[0]?.closeDate, '2027-01-15');
  assert.deepEqual(dealsAt(root, 'accounts/quillfen.yaml').map((d) => [d.stage, d.status]), [['Closed Lost', 'lost']]);
  // A stage of the org's own ("Signed - Awaiting PO") with Closed = 1, Won = 1: won. Matched by the Vietnamese name.
  assert.deepEqual(dealsAt(root, 'accounts/tuongvan.yaml').map((d) => [d.stage, d.status, d.amount, d.currency]), [['Signed - Awaiting PO', 'won', 1850000000, 'VND']]);
  assert.deepEqual((await checkContent(root)).errors, []);

  // What the report will show: open pipeline and won value, per account and in total.
  const accounts = await readAccountFiles(root);
  const pipelines = accounts.map((a) => pipelineOf(a.data.deals, '2026-10-15', a.data.numbers.currency));
  assert.deepEqual(sumPipelines(pipelines), {
    open: { amount: { EUR: 135000 }, count: 1, overdue: { amount: {}, count: 0 } },
    won: { amount: { EUR: 48000, VND: 1850000000 }, count: 2 },
    lost: { amount: { USD: 96000 }, count: 1 },
  });
});

test('re-importing the same deal exports changes nothing', async () => {
  const root = freshRoot();
  const files = [crm('hubspot-companies.csv'), crm('hubspot-deals.csv'), crm('salesforce-accounts.csv'), crm('salesforce-opportunities.csv')];
  const first = await runImport(files, { root, dryRun: false });
  assert.equal(first.deals.filter((d) => d.action === 'added').length, 12);
  const snapshot = () => Object.fromEntries(['accounts', 'accounts/drafts'].flatMap((dir) => readdirSync(path.join(root, dir)).filter((n) => n.endsWith('.yaml')).map((n) => [`${dir}/${n}`, readFileSync(path.join(root, dir, n), 'utf8')])));
  const before = snapshot();
  const again = await runImport(files, { root, dryRun: false });
  assert.deepEqual([again.created, again.updated, again.changes], [[], [], []]);
  assert.deepEqual(new Set(again.deals.map((d) => d.action)), new Set(['unchanged']));
  assert.equal(again.deals.length, 12);
  assert.deepEqual(snapshot(), before);
  assert.match(report(again, false), /^Imported 28 row\(s\): 0 account\(s\) created, 0 updated, 12 unchanged \(skipped\), 8 row\(s\) rejected\. Deals: 0 added, 0 updated, 0 moved, 12 unchanged\.$/m);
  // Nothing is listed twice.
  const lumivaara = dealsAt(root, 'accounts/lumivaara.yaml').map((d) => d.crmId);
  assert.deepEqual(lumivaara, ['0065g00000OpQrAAAV', '0065g00000OpQsAAAV']);
});

test('a changed stage and amount update only that deal, the diff shows it, and hand-written fields stay', async () => {
  const root = freshRoot();
  await runImport([crm('hubspot-companies.csv'), crm('hubspot-deals.csv')], { root, dryRun: false });
  // By hand: a note on one deal, another owner (with a comment) on the other.
  const file = path.join(root, 'accounts/drafts/revontuli-energia-oy.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace('    closeDate: 2026-12-18\n    owner: Mikko Laaksonen\n', '    closeDate: 2026-12-18\n    owner: Mikko Laaksonen\n    note: Budget approved by the board; signature expected before Christmas.\n')
      .replace('    closeDate: 2026-06-30\n    owner: Mikko Laaksonen\n', '    closeDate: 2026-06-30\n    owner: Anna Virtanen # took over the pilot in May\n'),
  );
  const edited = readFileSync(file, 'utf8');
  const changed = path.join(root, 'deals-changed.csv');
  const line = '14523987601,Revontuli Energia – grid outage analytics,Sales Pipeline,Contract Sent,2026-12-18 00:00,Mikko Laaksonen,186000,EUR';
  const text = readFileSync(crm('hubspot-deals.csv'), 'utf8');
  assert.ok(text.includes(line));
  writeFileSync(changed, text.replace(line, '14523987601,Revontuli Energia – grid outage analytics,Sales Pipeline,Closed Won,2026-12-18 00:00,Mikko Laaksonen,192500,EUR'));

  // The dry run prints the diff of that deal alone, and writes nothing.
  const dry = await runCli(['--dry-run', crm('hubspot-companies.csv'), changed], root);
  assert.equal(dry.status, 2, dry.stderr);
  assert.match(dry.stdout, /^--- accounts\/drafts\/revontuli-energia-oy\.yaml\n\+\+\+ accounts\/drafts\/revontuli-energia-oy\.yaml$/m);
  assert.deepEqual(dry.stdout.split('\n').filter((l) => /^[-+] /.test(l)), ['-    amount: 186000', '+    amount: 192500', '-    stage: Contract Sent', '-    status: open', '+    stage: Closed Won', '+    status: won']);
  assert.match(dry.stdout, /Dry run: would import 18 row\(s\): 0 account\(s\) created, 1 updated, 6 unchanged \(skipped\), 5 row\(s\) rejected\. Deals: 0 added, 1 updated, 0 moved, 7 unchanged\./);
  assert.match(dry.stdout, /^ {2}deal {6}accounts\/drafts\/revontuli-energia-oy\.yaml: updated 14523987601 "Revontuli Energia – grid outage analytics": amount: 186000 → 192500, stage: Contract Sent → Closed Won, status: open → won$/m);
  assert.equal(readFileSync(file, 'utf8'), edited);

  const plan = await runImport([crm('hubspot-companies.csv'), changed], { root, dryRun: false });
  assert.deepEqual(plan.updated, ['accounts/drafts/revontuli-energia-oy.yaml']);
  const after = readFileSync(file, 'utf8');
  assert.deepEqual(changedLines(edited, after), ['-    amount: 186000', '+    amount: 192500', '-    stage: Contract Sent', '-    status: open', '+    stage: Closed Won', '+    status: won']);
  assert.match(after, /note: Budget approved by the board; signature expected before Christmas\./);
  assert.match(after, /owner: Anna Virtanen # took over the pilot in May/);
  assert.deepEqual(dealsAt(root, 'accounts/drafts/revontuli-energia-oy.yaml').map((d) => [d.crmId, d.status, d.amount, d.owner]), [
    ['14523987601', 'won', 192500, 'Mikko Laaksonen'],
    ['14523987602', 'won', 42500, 'Anna Virtanen'],
  ]);
  // The note is part of the deal as check and the report read it.
  assert.deepEqual((await checkContent(root)).errors, []);
});

test('a deal the CRM moves to another company moves with its hand-written note; a deal left out of an export stays', async () => {
  const root = freshRoot();
  await runImport([crm('hubspot-companies.csv'), crm('hubspot-deals.csv')], { root, dryRun: false });
  const from = path.join(root, 'accounts/drafts/open-harbour-aid.yaml');
  writeFileSync(from, readFileSync(from, 'utf8').replace('    owner: Grace Okafor\n', '    owner: Grace Okafor\n    note: Ask about the EU grant deadline.\n'));
  const moved = path.join(root, 'deals-moved.csv');
  const lines = readFileSync(crm('hubspot-deals.csv'), 'utf8').split('\n');
  // Only the header and the moved deal: the other deals are not in this export.
  writeFileSync(moved, [lines[0], lines[5]!.replace('9012345607,Open Harbour Aid', '9012345604,Northgate Civil Works Ltd')].join('\n') + '\n');
  const plan = await runImport([moved], { root, dryRun: false });
  assert.deepEqual(dealLines(plan), [
    'moved 14523987605 accounts/drafts/northgate-civil-works-ltd.yaml: account: accounts/drafts/open-harbour-aid.yaml → accounts/drafts/northgate-civil-works-ltd.yaml',
  ]);
  assert.deepEqual(plan.updated.sort(), ['accounts/drafts/northgate-civil-works-ltd.yaml', 'accounts/drafts/open-harbour-aid.yaml']);
  assert.deepEqual(dealsAt(root, 'accounts/drafts/open-harbour-aid.yaml'), []);
  const northgate = dealsAt(root, 'accounts/drafts/northgate-civil-works-ltd.yaml');
  assert.deepEqual(northgate.map((d) => d.crmId), ['14523987604', '14523987605']);
  assert.equal(northgate[1]?.note, 'Ask about the EU grant deadline.');
  assert.equal(dealsAt(root, 'accounts/drafts/revontuli-energia-oy.yaml').length, 2, 'deals missing from an export are kept');
});

test('deal rows that cannot be imported are rejected with the physical line and why', async () => {
  const root = freshRoot();
  await runImport([crm('salesforce-accounts.csv')], { root, dryRun: false });
  // Two accounts named alike: a name alone cannot tell them apart.
  writeFileSync(path.join(root, 'accounts/drafts/meridell-us.yaml'), 'name: MERIDELL RELIEF ALLIANCE\ndomain: meridell-us.example\nlocale: en-US\nbuyingCommittee: []\n');
  const lines = [
    'Opportunity ID,Opportunity Name,Account ID,Account Name,Stage,Amount Currency,Amount,Close Date,Opportunity Owner', // 1
    '', // 2
    '0061,"Lumivaara – two-line', // 3
    'name",0015g00000AbCdEAAV,Lumivaara Telecom Oyj,Prospecting,EUR,"12,500.00",11/27/2026,Mikko Laaksonen', // 4: imported
    '0062,Unknown account,0015g00000ZZZZZAAA,Nobody Oy,Prospecting,EUR,100,11/27/2026,', // 5
    '0063,Ambiguous name,,Meridell Relief Alliance,Prospecting,USD,100,11/27/2026,', // 6
    '0064,Negative,0015g00000AbCdEAAV,Lumivaara Telecom Oyj,Prospecting,EUR,-500,11/27/2026,', // 7
    '0065,Bad date,0015g00000AbCdEAAV,Lumivaara Telecom Oyj,Prospecting,EUR,100,31/31/2026,', // 8
    '0066,Bad currency,0015g00000AbCdEAAV,Lumivaara Telecom Oyj,Prospecting,Euro,100,11/27/2026,', // 9
    '0067,Other record of the CRM,0015g00000ZZZZYAAA,"Brightwater Labs, Inc.",Prospecting,USD,100,11/27/2026,', // 10
    '', // 11
    '0068,No stage,0015g00000AbCdEAAV,Lumivaara Telecom Oyj,,EUR,100,11/27/2026,', // 12
    '0061,Duplicate,0015g00000AbCdEAAV,Lumivaara Telecom Oyj,Prospecting,EUR,100,11/27/2026,', // 13
    '0069,No account at all,,,Prospecting,EUR,100,11/27/2026,', // 14
  ];
  const expected = [
    'opportunities.csv:5: deal 0062: no account has company id 0015g00000ZZZZZAAA or the name "Nobody Oy"; import the company first',
    'opportunities.csv:6: deal 0063: "Meridell Relief Alliance" is the name of 2 accounts (accounts/meridell.yaml, accounts/drafts/meridell-us.yaml): import their companies so that deals match by company id',
    'opportunities.csv:7: deal 0064: amount "-500" is negative',
    'opportunities.csv:8: deal 0065: close date "31/31/2026" is not a calendar date',
    'opportunities.csv:9: deal 0066: currency "Euro" is not an ISO 4217 code such as EUR',
    'opportunities.csv:10: deal 0067: no account has company id 0015g00000ZZZZYAAA, and "Brightwater Labs, Inc." is accounts/drafts/brightwater-labs-inc.yaml, which is salesforce company 0015g00000AbCdFAAV: check the deal\'s company in the CRM',
    'opportunities.csv:12: deal 0068: stage is empty',
    'opportunities.csv:13: duplicate of line 3 (same deal id 0061)',
    'opportunities.csv:14: deal 0069: the row has no company id or company name',
  ];
  const file = path.join(root, 'opportunities.csv');
  for (const eol of ['\n', '\r\n']) {
    writeFileSync(file, lines.join(eol) + eol);
    const plan = await runImport([file], { root, dryRun: true });
    assert.deepEqual(rejectedLines(plan), expected);
    assert.deepEqual(dealLines(plan), ['added 0061 accounts/lumivaara.yaml: 12500 EUR, Prospecting (open), closes 2026-11-27']);
  }
  // Without a company id, the name decides (case-insensitively), whatever record the account is.
  writeFileSync(file, [lines[0], '0070,By name,,"BRIGHTWATER LABS, INC.",Prospecting,USD,100,11/27/2026,'].join('\n'));
  assert.deepEqual(dealLines(await runImport([file], { root, dryRun: true })), ['added 0070 accounts/drafts/brightwater-labs-inc.yaml: 100 USD, Prospecting (open), closes 2026-11-27']);
});

test('HubSpot: several associated companies, the primary company, and an ambiguous 3/4/2026', async () => {
  const root = freshRoot();
  await runImport([crm('hubspot-companies.csv')], { root, dryRun: false });
  const file = path.join(root, 'deals.csv');
  writeFileSync(
    file,
    [
      'Record ID,Deal Name,Deal Stage,Close Date,Amount,Associated Company IDs,Associated Company IDs (Primary),Associated Company',
      '801,Two companies,Contract Sent,2026-12-01,1000,9012345601;9012345604,,Revontuli Energia Oy;Northgate Civil Works Ltd',
      '802,Two companies and a primary,Contract Sent,2026-12-01,1000,9012345601;9012345604,9012345604,Revontuli Energia Oy;Northgate Civil Works Ltd',
      '803,One known of two,Contract Sent,2026-12-01,1000,9012345601;9999999999,,',
      '804,Slash date,Contract Sent,3/4/2026,1000,9012345601,,',
    ].join('\n'),
  );
  const plan = await runImport([file], { root, dryRun: true });
  assert.deepEqual(rejectedLines(plan), [
    'deals.csv:2: deal 801: its companies are several accounts (accounts/drafts/revontuli-energia-oy.yaml, accounts/drafts/northgate-civil-works-ltd.yaml); set the deal\'s primary company in the CRM',
    'deals.csv:5: deal 804: close date "3/4/2026" could be day/month or month/day: give --date-order mdy or dmy (or export dates as YYYY-MM-DD)',
  ]);
  assert.deepEqual(plan.deals.map((d) => `${d.crmId} ${d.file}`), ['802 accounts/drafts/northgate-civil-works-ltd.yaml', '803 accounts/drafts/revontuli-energia-oy.yaml']);
  const dmy = await runImport([file], { root, dryRun: true, dateOrder: 'dmy' });
  assert.equal(dmy.deals.find((d) => d.crmId === '804')?.changes.at(-1), 'closes 2026-04-03');
  await assert.rejects(runImport([file], { root, dryRun: true, dateOrder: 'ymd' }), /--date-order "ymd": use mdy \(11\/28\/2026\) or dmy \(28\/11\/2026\)/);
});

test('--map imports deals from any CRM, with --system and --date-order', async () => {
  const root = freshRoot();
  const file = path.join(root, 'pipedrive-deals.csv');
  writeFileSync(file, 'Deal ID,Title,Organisation,Value,Currency,Status,Expected close\n31,Corvanne – framework,Corvanne Infrastructure plc,"75 000,50",GBP,Closed Won,05.03.2027\n32,Corvanne – support,Corvanne Infrastructure plc,9000,,Qualified,4/3/2027\n');
  const map = 'Deal ID=deal.id,Title=deal.name,Organisation=deal.company,Value=deal.amount,Currency=deal.currency,Status=deal.stage,Expected close=deal.closeDate';
  const plan = await runImport([file], { root, dryRun: false, map, system: 'pipedrive', dateOrder: 'dmy' });
  assert.deepEqual(rejectedLines(plan), []);
  assert.deepEqual(dealsAt(root, 'accounts/corvanne.yaml').map((d) => [d.crmId, d.amount, d.currency, d.status, d.closeDate]), [
    ['31', 75000.5, 'GBP', 'won', '2027-03-05'],
    ['32', 9000, 'GBP', 'open', '2027-03-04'],
  ]);
  await assert.rejects(runImport([file], { root, dryRun: true, map: 'Deal ID=deal.id,Name=contact.last' }), /contact\. and deal\. fields in one map/);
});

test('deal status from the stage and the closed/won columns', () => {
  const cases: [string, { closed?: string; won?: string }, string][] = [
    // HubSpot: internal values and labels.
    ['closedwon', {}, 'won'],
    ['Closed Won', {}, 'won'],
    ['closedlost', {}, 'lost'],
    ['Closed Lost', {}, 'lost'],
    ['closed_won', {}, 'won'],
    ['appointmentscheduled', {}, 'open'],
    ['Contract Sent', {}, 'open'],
    ['Decision Maker Bought-In', {}, 'open'],
    // Salesforce labels.
    ['Negotiation/Review', {}, 'open'],
    ['Proposal/Price Quote', {}, 'open'],
    ['CLOSED WON', {}, 'won'],
    [' Closed  Lost ', {}, 'lost'],
    // Salesforce IsClosed / IsWon (or the report's Closed / Won), which win over the label.
    ['Signed - Awaiting PO', { closed: 'true', won: 'true' }, 'won'],
    ['Signed - Awaiting PO', { closed: '1', won: '1' }, 'won'],
    ['Dead - No Budget', { closed: 'true', won: 'false' }, 'lost'],
    ['Dead - No Budget', { closed: '1', won: '0' }, 'lost'],
    ['Closed Won', { closed: 'false', won: 'false' }, 'open'],
    ['Value Proposition', { closed: '0', won: '0' }, 'open'],
    ['Closed Won', { closed: '1' }, 'won'],
    ['Anything', { closed: '1' }, 'lost'],
    ['Anything', { won: 'TRUE' }, 'won'],
    ['Closed Won', { won: 'false' }, 'lost'],
    ['Closed Lost', { closed: '', won: '' }, 'lost'],
    ['Qualification', { closed: '', won: '' }, 'open'],
  ];
  assert.deepEqual(cases.map(([stage, flags]) => [stage, flags, dealStatusOf(stage, flags)]), cases);
});

test('amounts and close dates as CRMs export them', () => {
  const amounts: [string, unknown][] = [
    ['135000', { amount: 135000 }],
    ['135000.50', { amount: 135000.5 }],
    ['135,000.00', { amount: 135000 }],
    ['48,000', { amount: 48000 }],
    ['135.000,00', { amount: 135000 }],
    ['135 000,50', { amount: 135000.5 }],
    ['1.250.000', { amount: 1250000 }],
    ['48,5', { amount: 48.5 }],
    ['EUR 135,000.00', { amount: 135000, currency: 'EUR' }],
    ['72000 usd', { amount: 72000, currency: 'USD' }],
    ['€1,200', { amount: 1200 }],
    ['0', { amount: 0 }],
    ['-500', { error: 'is negative' }],
    ['(500.00)', { error: 'is negative' }],
    ['n/a', { error: 'is not an amount' }],
    ['1.2.3,4,5', { error: 'is not an amount' }],
  ];
  assert.deepEqual(amounts.map(([raw]) => [raw, parseAmount(raw)]), amounts);
  const dates: [string, 'mdy' | 'dmy' | undefined, unknown][] = [
    ['2026-11-28', undefined, { date: '2026-11-28' }],
    ['2026-11-28 00:00', undefined, { date: '2026-11-28' }],
    ['2026-11-28T23:00:00.000Z', undefined, { date: '2026-11-28' }],
    ['2026/1/5', undefined, { date: '2026-01-05' }],
    ['28.11.2026', undefined, { date: '2026-11-28' }],
    ['11/28/2026', undefined, { date: '2026-11-28' }],
    ['28/11/2026', undefined, { date: '2026-11-28' }],
    ['3/4/2026', 'mdy', { date: '2026-03-04' }],
    ['3/4/2026', 'dmy', { date: '2026-04-03' }],
    ['4/4/2026', undefined, { date: '2026-04-04' }],
    ['11/28/2026 12:00 AM', undefined, { date: '2026-11-28' }],
    ['2026-02-30', undefined, { error: '"2026-02-30" is not a calendar date' }],
    ['next week', undefined, { error: '"next week" is not a date (use YYYY-MM-DD)' }],
  ];
  assert.deepEqual(dates.map(([raw, order]) => [raw, order, parseCloseDate(raw, order)]), dates);
});

test('npm run check validates deals with the account schema: a negative amount names the file and the field', async () => {
  const root = freshRoot();
  await runImport([crm('salesforce-accounts.csv'), crm('salesforce-opportunities.csv')], { root, dryRun: false });
  const check = () => spawnCheck(root);
  const clean = check();
  assert.equal(clean.status, 0, clean.stdout);
  assert.match(clean.stdout, /0 error\(s\)/);
  const file = path.join(root, 'accounts/lumivaara.yaml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace('amount: 135000', 'amount: -500').replace('closeDate: 2026-05-29', 'closeDate: 29.5.2026').replace('status: won', 'status: signed'));
  const broken = check();
  assert.equal(broken.status, 1);
  assert.deepEqual(broken.stdout.split('\n').filter((l) => l.startsWith('error')), [
    'error    accounts/lumivaara.yaml: deals[0].amount: use an amount of 0 or more; got -500',
    'error    accounts/lumivaara.yaml: deals[1].status: expected one of open, won, lost; got "signed"',
    'error    accounts/lumivaara.yaml: deals[1].closeDate: use a date as YYYY-MM-DD, e.g. "2026-11-28"; got "29.5.2026"',
  ]);
  // The same deal listed twice.
  writeFileSync(file, text.replace('  - crmId: 0065g00000OpQsAAAV', '  - crmId: 0065g00000OpQrAAAV'));
  assert.deepEqual((await checkContent(root)).errors.map((e) => `${e.file}: ${e.field}: ${e.message}`), [
    'accounts/lumivaara.yaml: deals[1].crmId: deal crmId "0065g00000OpQrAAAV" is used twice; each deal is listed once',
  ]);
});

test('deals never reach a page: <Account> cannot read them and no page, layout or component mentions them', async () => {
  const root = freshRoot();
  await runImport([crm('salesforce-accounts.csv'), crm('salesforce-opportunities.csv')], { root, dryRun: false });
  const lumivaara = (await readAccountFiles(root)).find((a) => a.id === 'lumivaara')!;
  assert.equal(lumivaara.data.deals.length, 2);
  for (const field of ['deals', 'deals.0', 'deals.0.amount']) assert.throws(() => accountField(lumivaara.data, field), /unknown field|too many dots/);
  const sources = ['src/pages', 'src/layouts', 'src/components'].flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(astro|ts|tsx|js|mdx)$/.test(f)).map((f) => path.join(dir, f)),
  );
  assert.ok(sources.length > 5);
  assert.deepEqual(sources.filter((f) => /\bdeals\b/.test(readFileSync(f, 'utf8'))), []);
});

function spawnCheck(root: string) {
  return spawnSync(process.execPath, ['src/cli/check.ts'], { env: { ...process.env, TAILOR_CONTENT_ROOT: root }, encoding: 'utf8' });
}
