import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'astro/zod';
import { accountSchema } from '../../src/schemas/account.ts';
import { pieceSchema } from '../../src/schemas/piece.ts';

// Outside Astro the image helper is a plain path.
const account = accountSchema(z.string());
const piece = pieceSchema(z.string());
const fixture = async () => parse(await readFile('tests/fixtures/minimal/accounts/alpha.yaml', 'utf8'));

const issues = (result: { success: boolean; error?: z.ZodError }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

test('the fixture account is valid and normalised', async () => {
  const parsed = account.parse(await fixture());
  assert.equal(parsed.locale, 'en-GB');
  assert.equal(parsed.brand.primary, '#0b5fff');
  assert.deepEqual(parsed.url, {});
  assert.equal(parsed.numbers.currency, 'EUR');
});

test('bad account fields are named with what was expected', async () => {
  const data = await fixture();
  data.tier = 'platinum';
  data.brand.primary = 'blue';
  data.domain = 'https://alphaworks.example/';
  data.locale = 'not a locale!';
  data.url = { suffix: 'abc' };
  const messages = issues(account.safeParse(data));
  assert.ok(messages.some((m) => m.startsWith('tier: ') && m.includes('strategic')), messages.join('\n'));
  assert.ok(messages.includes('brand.primary: use a hex colour such as "#0b5fff" or "#05f"'), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('domain: use a bare domain')), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('locale: "not a locale!" is not a BCP 47 language tag')), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('url.suffix: use at least 10 random')), messages.join('\n'));
  // Whole-account checks run once the fields themselves are valid.
  const twice = await fixture();
  twice.buyingCommittee.push({ ...twice.buyingCommittee[0] });
  assert.deepEqual(issues(account.safeParse(twice)), ['buyingCommittee.2.id: stakeholder id "cfo-1" is used twice; each stakeholder needs its own id']);

});

test('a piece needs personas and stages unless it is a translation; downloads need an href', () => {
  const base = { title: 'T', format: 'case-study', summary: 'S', cover: './c.svg', cta: { label: 'Get it', kind: 'download' } };
  assert.deepEqual(issues(piece.safeParse(base)), [
    'personas: personas is required (only a translation may leave it out)',
    'stages: stages is required (only a translation may leave it out)',
    'cta.href: a "download" call to action needs an href',
  ]);
  const translation = piece.safeParse({ ...base, lang: 'fi', translationOf: 'case', cta: { label: 'Ota yhteyttä', kind: 'contact' } });
  assert.equal(translation.success, true);
  assert.deepEqual(issues(piece.safeParse({ ...base, format: 'podcast', personas: ['cfo'], stages: ['awareness'], cta: { label: 'x', kind: 'contact' } })).length, 1);
});
