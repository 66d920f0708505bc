/**
 * The studio's pure cores: forms derived from the zod schemas, form values written back as an
 * author edits by hand (real files of the fixture, compared as text), the request guard, and
 * safe-MDX problems placed on the editor's component blocks. The whole app is driven in
 * tests/e2e/studio.spec.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'astro/zod';
import { accountSchema } from '../../src/schemas/account.ts';
import { pieceComponentProps } from '../../src/components/mdx/props.ts';
import { componentSchemas, formSchemaOf } from '../../src/studio/formSchemas.ts';
import { formValues, writeForm } from '../../src/studio/writeBack.ts';
import { refusal } from '../../src/studio/guard.ts';
import { placeProblems, tidyBody } from '../../src/studio/pieceProblems.ts';
import { fieldPath } from '../../src/studio/server.ts';
import { inspectPiece } from '../../src/content/safeMdx.ts';
import { publishSteps } from '../../src/studio/publish.ts';
import { listAccounts } from '../../src/studio/accountList.ts';
import { runImport } from '../../src/cli/import.ts';

const alpha = readFileSync('tests/fixtures/minimal/accounts/alpha.yaml', 'utf8');

test('the account form has exactly the schema\'s fields, and writes no defaults', () => {
  const schema = formSchemaOf('account') as { properties: Record<string, { default?: unknown; description?: string }> };
  const fields = Object.keys(accountSchema(z.string()).shape);
  assert.ok(fields.length > 15);
  assert.deepEqual(Object.keys(schema.properties).sort(), fields.sort());
  assert.ok(schema.properties.name && schema.properties.buyingCommittee && schema.properties.plan);
  assert.equal(schema.properties.untranslated?.default, undefined);
  assert.match(schema.properties.untranslated?.description ?? '', /Default: "mark"/);
  assert.deepEqual(Object.keys(componentSchemas()).sort(), Object.keys(pieceComponentProps).sort());
});

test('each form field explains itself in its schema\'s own words (the JSDoc in src/schemas/)', () => {
  const account = formSchemaOf('account') as { properties: Record<string, any> };
  assert.equal(account.properties.name.description, 'Display name of the company, e.g. "Nordlake Telecom Oy".');
  assert.equal(account.properties.owner.properties.name.description, 'Name shown on the call to action, e.g. "Anna Virtanen".');
  assert.match(account.properties.buyingCommittee.items.properties.id.description, /^Stable id within the account/);
  assert.match(account.properties.brand.properties.primary.description, /^Main brand colour/);
  assert.equal((formSchemaOf('piece') as any).properties.title.description, 'Title of the piece.');
  assert.equal((formSchemaOf('persona') as any).properties.title.description, 'Display title, e.g. "Chief Financial Officer".');
  assert.match((formSchemaOf('plan') as any).properties.milestones.items.properties.title.description, /^The step, in the account's language/);
  assert.equal((componentSchemas() as any).RoiCalculator.properties.hoursSavedPerWeek.description, 'Hours each user saves per week with our product.');
});

test('a changed field is written in place: comments, order and flow style kept', () => {
  const values = formValues(alpha, 'accounts/alpha.yaml') as Record<string, any>;
  values.proposition.summary = 'Route every fault to the right engineer.';
  values.owner.title = undefined;
  values.goals.push('Halve truck rolls');
  const written = writeForm(alpha, 'accounts/alpha.yaml', values);
  const byHand = alpha
    .replace('  summary: Automate fault routing for Alphaworks field teams.', '  summary: Route every fault to the right engineer.')
    .replace(' title: Account Director,', '')
    .replace('goals: [Cut network fault repair time by a third]', 'goals: [Cut network fault repair time by a third, Halve truck rolls]');
  assert.equal(written, byHand);
});

test('an untouched form writes the file back byte for byte, whatever the form adds for empty fields', () => {
  const values = formValues(alpha, 'accounts/alpha.yaml') as Record<string, unknown>;
  const withFormNoise = { ...values, crm: {}, plan: { milestones: [{ owners: [{}] }] }, pains: values.pains, shortName: '' };
  assert.equal(writeForm(alpha, 'accounts/alpha.yaml', withFormNoise), alpha);
});

test('a plan form edits the account file\'s plan only', () => {
  const plan = { title: 'Pilot plan', milestones: [{ title: 'Pilot live', due: '2027-02-01', status: 'planned', owners: [{ stakeholder: 'cfo-1' }] }] };
  const written = writeForm(alpha, 'accounts/alpha.yaml', plan, { at: ['plan'] });
  assert.ok(written.startsWith(alpha.trimEnd()));
  assert.deepEqual(formValues(written, 'accounts/alpha.yaml', ['plan']), plan);
});

test('a piece keeps its front matter comments and gets the editor\'s body', () => {
  const piece = readFileSync('tests/fixtures/minimal/content/pieces/roi.mdx', 'utf8');
  const values = formValues(piece, 'content/pieces/roi.mdx') as Record<string, unknown>;
  const body = '\nFor <Account field="name" />:\n\n<RoiCalculator hoursSavedPerWeek={3} pricePerUser={240} />\n';
  const written = writeForm(piece, 'content/pieces/roi.mdx', { ...values, title: 'What automation returns to you' }, { body });
  assert.equal(written, `${piece.slice(0, piece.indexOf('\n---\n') + 5).replace('title: What automation returns', 'title: What automation returns to you')}${body}`);
});

test('the guard refuses other hosts, cross-site requests, foreign origins and missing tokens', () => {
  const studio = { port: 4700, token: 'secret-token' };
  const api = new URL('http://127.0.0.1:4700/api/accounts');
  const ok = { host: '127.0.0.1:4700', 'x-tailor-studio-token': 'secret-token' };
  assert.equal(refusal('GET', api, ok, studio), undefined);
  assert.match(refusal('GET', api, { ...ok, host: 'evil.example:4700' }, studio)!, /host/);
  assert.match(refusal('GET', api, { ...ok, 'sec-fetch-site': 'cross-site' }, studio)!, /cross-site/);
  assert.match(refusal('POST', api, { ...ok, origin: 'http://evil.example' }, studio)!, /origin/);
  assert.match(refusal('POST', api, ok, studio)!, /Origin/);
  assert.equal(refusal('POST', api, { ...ok, origin: 'http://127.0.0.1:4700', 'sec-fetch-site': 'same-origin' }, studio), undefined);
  assert.match(refusal('GET', api, { host: ok.host, 'x-tailor-studio-token': 'secret-tokeX' }, studio)!, /token/);
  assert.equal(refusal('GET', new URL('http://127.0.0.1:4700/?token=secret-token'), { host: ok.host }, studio), undefined);
  assert.equal(refusal('GET', new URL('http://127.0.0.1:4700/assets/studio.js'), { host: ok.host, cookie: 'a=b; tailor_studio=secret-token' }, studio), undefined);
});

test('safe-MDX problems land on the component block they are in', () => {
  const body = '## For <Account field="name" />\n\nText with <Account field="revenue" /> inside.\n\n<Video src="http://example.com/x" title="Demo" />\n';
  const { problems } = inspectPiece(body, 'content/pieces/x.mdx');
  assert.ok(problems.length >= 2, JSON.stringify(problems));
  const placed = placeProblems(body, problems);
  assert.deepEqual([...placed.byComponent.keys()].sort(), [1, 2]);
  assert.match(placed.byComponent.get(1)!.join(' '), /unknown field/);
  assert.deepEqual(placed.elsewhere, []);
});

test('tags in code are text, not blocks; the body keeps one blank line between blocks', () => {
  const body = 'Use `<Account field="..." />` to personalise.\n\n```\n<Video src="x" />\n```\n\n<Video src="http://example.com/x" title="Demo" />\n';
  const placed = placeProblems(body, inspectPiece(body, 'content/pieces/x.mdx').problems);
  assert.deepEqual([...placed.byComponent.keys()], [0]);
  assert.equal(tidyBody('\nA\n\n\n\n<Video src="/files/a.mp4" title="A" />\n\n\n'), '\nA\n\n<Video src="/files/a.mp4" title="A" />\n');
  assert.equal(tidyBody('```\na\n\n\nb\n```'), '\n```\na\n\n\nb\n```\n');
});

test('check problems name fields as paths the form knows', () => {
  assert.deepEqual(fieldPath('buyingCommittee[2].persona'), ['buyingCommittee', 2, 'persona']);
  assert.deepEqual(fieldPath('proposition.summary'), ['proposition', 'summary']);
});

test('the account list: published first, then imported drafts by fit, with coverage and last change', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-studio-list-'));
  try {
    cpSync('accounts', path.join(root, 'accounts'), { recursive: true });
    cpSync('content', path.join(root, 'content'), { recursive: true });
    await runImport([path.resolve('tests/fixtures/crm/hubspot-companies.csv')], { root, dryRun: false });
    const rows = await listAccounts(root);
    const published = rows.filter((r) => r.status === 'published');
    const imported = rows.filter((r) => r.status === 'imported');
    assert.ok(published.length >= 6 && imported.length >= 3, JSON.stringify(rows.map((r) => [r.id, r.status])));
    assert.deepEqual(rows.slice(0, published.length), published);
    const fits = imported.map((r) => r.fit);
    assert.ok(fits.every((f) => typeof f === 'number'));
    assert.deepEqual(fits, [...fits].sort((a, b) => b! - a!));
    assert.equal(imported[0]!.segment, undefined);
    assert.match(rows.find((r) => r.id === 'lumivaara')!.coverage ?? '', /^\d+ of \d+ pieces untranslated$/);
    assert.equal(rows.find((r) => r.id === 'quillfen')!.coverage, undefined);
    for (const row of rows) assert.ok(!Number.isNaN(Date.parse(row.changed)), row.changed);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('publishing checks and builds, and deploys only when publishing is configured', () => {
  assert.deepEqual(publishSteps({}).map((s) => s.name), ['check', 'build']);
  assert.deepEqual(publishSteps({ TAILOR_SITE_URL: 'https://abm.example.com' }).map((s) => s.name), ['check', 'build']);
  assert.deepEqual(publishSteps({ TAILOR_SITE_URL: 'https://abm.example.com', CLOUDFLARE_API_TOKEN: 'x' }).map((s) => s.name), ['check', 'build', 'deploy']);
});
