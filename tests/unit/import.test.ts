/** CRM import over realistic HubSpot and Salesforce exports, into real files in a temp content root. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import matter from 'gray-matter';
import { report, runImport } from '../../src/cli/import.ts';
import { personaForTitle } from '../../src/content/crmImport.ts';
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
