/** `npm run check` messages over broken copies of the minimal fixture, and scaffolds that pass it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkContent } from '../../src/content/checkContent.ts';
import { formatProblem } from '../../src/lib/crossref.ts';
import { scaffold } from '../../src/cli/new.ts';

function fixture(edit?: (root: string) => void): string {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-check-'));
  cpSync('tests/fixtures/minimal', root, { recursive: true });
  edit?.(root);
  return root;
}
const rewrite = (root: string, file: string, from: string | RegExp, to: string) => {
  const full = path.join(root, file);
  const text = readFileSync(full, 'utf8');
  assert.ok(typeof from === 'string' ? text.includes(from) : from.test(text), `${file} contains ${from}`);
  writeFileSync(full, text.replace(from, to));
};

test('the minimal fixture checks clean apart from its deliberate palette warning and its Persian gaps', async () => {
  const report = await checkContent(fixture());
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.warnings.map((w) => `${w.file}: ${w.field}`), ['accounts/beta.yaml: brand', 'content/pieces/fa/: translations', 'content/proof/: translations.fa']);
  assert.deepEqual(report.counts, { accounts: 2, drafts: 0, personas: 2, pieces: 4, proof: 1 });
});

test('messages name file, field, expectation and a near-miss suggestion', async () => {
  const root = fixture((r) => {
    rewrite(r, 'accounts/alpha.yaml', 'persona: cfo,', 'persona: "cfo ",');
    rewrite(r, 'accounts/alpha.yaml', 'tier: strategic', 'tier: strategc');
    rewrite(r, 'accounts/alpha.yaml', /^proposition:/m, 'propostion:');
    rewrite(r, 'content/pieces/case.mdx', 'format: case-study', 'format: case study');
    rewrite(r, 'content/pieces/case.mdx', '<Account field="goals.0" />', '<Account field="buyingCommittee" />');
    rewrite(r, 'content/pieces/roi.mdx', '<When industry="telecom">', '<When industry="telco">');
    rewrite(r, 'content/pieces/telecom.mdx', 'cover: ./covers/c.svg', 'cover: ./covers/missing.svg');
    writeFileSync(path.join(r, 'accounts/gamma.yaml'), 'name: Gamma\n  broken: [yaml\n');
    cpSync(path.join(r, 'content/personas/cfo.yaml'), path.join(r, 'content/personas/Head Of Sales.yaml'));
  });
  const report = await checkContent(root);
  const errors = report.errors.map(formatProblem);
  const expected = [
    'accounts/alpha.yaml: tier: expected one of strategic, key, scale; got "strategc" (did you mean "strategic"?)',
    'accounts/alpha.yaml: proposition: required (object)',
    'content/pieces/case.mdx: format: expected one of case-study, white-paper, roi-calculator, research, technology-review, expert-statement, newsletter, webinar, presentation; got "case study" (did you mean "case-study"?)',
    'content/pieces/telecom.mdx: cover: file not found: content/pieces/covers/missing.svg',
    'accounts/alpha.yaml: buyingCommittee[0].persona: unknown persona "cfo " (did you mean "cfo"?)',
  ];
  expected.push('content/personas/Head Of Sales.yaml: (file name): "Head Of Sales" is not a usable id: rename the file to lowercase letters, digits and single hyphens, e.g. "head-of-sales"');
  for (const line of expected) assert.ok(errors.includes(line), `missing:\n${line}\nin:\n${errors.join('\n')}`);
  assert.ok(errors.some((e) => e.startsWith('accounts/gamma.yaml: line 2: not valid YAML: bad indentation')), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('content/pieces/case.mdx:10:16: <Account field="buyingCommittee">: the buying committee is private')), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('content/pieces/roi.mdx:14:1: <When> industry: unknown industry "telco"')), errors.join('\n'));
  // A field outside the schema is an error, not a warning: only the schema's fields reach the build.
  assert.ok(errors.includes('accounts/alpha.yaml: propostion: unknown field: not part of the schema, so not allowed (did you mean "proposition"?)'), errors.join('\n'));
});

test('weak spots are warnings: a decision maker without pieces, a piece nobody reaches, no logo', async () => {
  const root = fixture((r) => {
    rewrite(r, 'accounts/alpha.yaml', 'logo: ./alpha/logo.svg\n', '');
    rewrite(r, 'accounts/beta.yaml', 'industry: ngo', 'industry: retail');
    rewrite(r, 'content/pieces/roi.mdx', 'personas: [cfo]', 'personas: [cfo]\nindustries: [telecom]');
    rewrite(r, 'content/pieces/case.mdx', 'personas: [cfo, end-user]', 'personas: [end-user]');
  });
  const warnings = (await checkContent(root)).warnings.map(formatProblem);
  assert.ok(warnings.includes('accounts/alpha.yaml: logo: no logo: the header and social card show the name only'), warnings.join('\n'));
  assert.ok(warnings.includes('accounts/beta.yaml: buyingCommittee: decision-maker persona "cfo" has no pieces for this account (industry retail): its track is empty'), warnings.join('\n'));
});

test('translation coverage: per account language, which pieces, proof points and persona texts lack a translation', async () => {
  const warnings = (await checkContent(fixture())).warnings.map(formatProblem);
  assert.ok(
    warnings.includes('content/pieces/fa/: translations: 1 of 2 pieces that fa accounts get have no fa translation: roi (beta: cfo); beta shows them in their original language, marked as such'),
    warnings.join('\n'),
  );
  assert.ok(warnings.includes('content/proof/: translations.fa: 1 of 1 proof points shown to fa accounts lack fa text: fernhill (results, quote, by; beta)'), warnings.join('\n'));

  // An account that hides untranslated pieces is named as leaving them out; persona texts are covered too.
  const hiding = fixture((r) => {
    rewrite(r, 'accounts/beta.yaml', 'locale: fa-IR', 'locale: fa-IR\nuntranslated: hide');
    rewrite(r, 'content/personas/cfo.yaml', /^translations: .*$/m, '');
  });
  const hidden = (await checkContent(hiding)).warnings.map(formatProblem);
  assert.ok(hidden.some((w) => w.startsWith('content/pieces/fa/: translations: 1 of 2 pieces that fa accounts get have no fa translation: roi (beta: cfo); beta leaves them out (untranslated: hide)')), hidden.join('\n'));
  assert.ok(hidden.includes("content/personas/: translations.fa: 1 persona(s) of fa accounts' committees lack fa text, shown in en, marked as such: cfo (title, message)"), hidden.join('\n'));

  // Translated in full: no coverage warning is left.
  const complete = fixture((r) => {
    writeFileSync(path.join(r, 'content/pieces/fa/roi.mdx'), readFileSync(path.join(r, 'content/pieces/roi.mdx'), 'utf8').replace(/^---\n/, '---\nlang: fa\ntranslationOf: roi\n').replace(/\npersonas: .*\n/, '\n').replace(/\nstages: .*\n/, '\n').replace('cover: ./covers/', 'cover: ../covers/'));
    rewrite(r, 'content/proof/fernhill.yaml', /$/, '\ntranslations:\n  fa:\n    quote: تعمیرها پیش از باز شدن هر درخواستی مسیریابی می‌شوند.\n    by: مدیر عملیات\n    results:\n      - { value: "۳۰٪", label: "زمان تعمیر" }\n');
  });
  const report = await checkContent(complete);
  assert.deepEqual(report.errors.map(formatProblem), []);
  assert.deepEqual(report.warnings.map((w) => `${w.file}: ${w.field}`), ['accounts/beta.yaml: brand']);
});

test('scaffolded account, persona and piece pass the check', async () => {
  const root = fixture();
  assert.deepEqual(await scaffold('account', 'Nordlake Telecom Oy', { root }), ['accounts/nordlake-telecom-oy.yaml', 'accounts/nordlake-telecom-oy/logo.svg']);
  await scaffold('persona', 'Head of Procurement', { root });
  await scaffold('piece', 'The cost of manual work', { root });
  await scaffold('account', 'پتروشیمی تیراژه', { root, id: 'tirajeh' });
  const report = await checkContent(root);
  assert.deepEqual(report.errors.map(formatProblem), []);
  // Scaffolds are drafts: counted apart, not published, and their placeholders listed.
  assert.equal(report.counts.accounts, 2);
  assert.equal(report.counts.drafts, 2);
  const todo = report.warnings.map(formatProblem);
  const account = todo.find((w) => w.startsWith('accounts/nordlake-telecom-oy.yaml: draft: draft, not published; placeholders still to replace:'));
  assert.ok(account, todo.join('\n'));
  for (const field of ['domain', 'goals[0]', 'pains[0]', 'proposition.summary', 'owner.name', 'owner.email', 'owner.meetingUrl', 'buyingCommittee[0].title', 'logo']) {
    assert.ok(account.split('replace: ')[1]!.split(', ').includes(field), `${field} is not listed in: ${account}`);
  }
  assert.ok(todo.some((w) => /^content\/pieces\/the-cost-of-manual-work\.mdx: draft: draft, not published; placeholders still to replace: summary, line \d+, cover$/.test(w)), todo.join('\n'));
  assert.ok(todo.some((w) => w.startsWith('content/personas/head-of-procurement.yaml: (placeholders): placeholders still to replace: message')), todo.join('\n'));
  // The newer optional fields are there as hints; uncommented, they are valid, and the headline's text is a placeholder.
  const file = path.join(root, 'accounts/nordlake-telecom-oy.yaml');
  const scaffolded = readFileSync(file, 'utf8');
  assert.match(scaffolded, /^# shortName: Nordlake$/m);
  assert.match(scaffolded, /^  # headline: Say our offer to this account in a few words\.$/m);
  writeFileSync(file, scaffolded.replace('# shortName:', 'shortName:').replace('  # headline:', '  headline:'));
  const hinted = await checkContent(root);
  assert.deepEqual(hinted.errors.map(formatProblem), []);
  const hints = hinted.warnings.map(formatProblem).find((w) => w.startsWith('accounts/nordlake-telecom-oy.yaml: draft:'))!;
  assert.ok(hints.split('replace: ')[1]!.split(', ').includes('proposition.headline'), hints);
  writeFileSync(file, scaffolded);
  // Made ready without replacing the placeholders: each one is an error.
  writeFileSync(file, readFileSync(file, 'utf8').replace('draft: true', 'draft: false'));
  const ready = (await checkContent(root)).errors.map(formatProblem);
  assert.ok(ready.includes('accounts/nordlake-telecom-oy.yaml: owner.name: still the placeholder text or image from `npm run new`; replace it before the account is published (or set draft: true)'), ready.join('\n'));
  assert.ok(ready.some((e) => e.startsWith('accounts/nordlake-telecom-oy.yaml: logo: still the placeholder')), ready.join('\n'));
  await assert.rejects(scaffold('account', 'Nordlake Telecom Oy', { root }), /already exists/);
  await assert.rejects(scaffold('account', 'پتروشیمی', { root }), /give one with --id/);
  rmSync(root, { recursive: true });
});
