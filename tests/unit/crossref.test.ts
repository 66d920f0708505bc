import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountSegment, checkAccountPaths, checkCrossReferences, formatProblem, suggest } from '../../src/lib/crossref.ts';

const personas = ['ceo', 'cfo', 'cto', 'head-of-sales', 'end-user'].map((id) => ({ id }));

test('a stakeholder with a near-miss persona gets file, field, value and a suggestion', () => {
  const problems = checkCrossReferences({
    accounts: [
      {
        id: 'acme',
        file: 'accounts/acme.yaml',
        data: { buyingCommittee: [{ persona: 'ceo' }, { persona: 'cfo ' }], proposition: { byPersona: { ctoo: 'x' } } },
      },
    ],
    personas,
    pieces: [],
  });
  assert.deepEqual(problems.map(formatProblem), [
    'accounts/acme.yaml: buyingCommittee[1].persona: unknown persona "cfo " (did you mean "cfo"?)',
    'accounts/acme.yaml: proposition.byPersona.ctoo: unknown persona "ctoo" (did you mean "cto"?)',
  ]);
});

test('pieces: unknown persona, unknown original, duplicate translation', () => {
  const problems = checkCrossReferences({
    accounts: [],
    personas,
    pieces: [
      { id: 'roi', file: 'content/pieces/roi.mdx', data: { personas: ['cfo', 'marketing-director'], lang: 'en' } },
      { id: 'fi/roi', file: 'content/pieces/fi/roi.mdx', data: { translationOf: 'roi', lang: 'fi' } },
      { id: 'fi/roi2', file: 'content/pieces/fi/roi2.mdx', data: { translationOf: 'roi', lang: 'fi' } },
      { id: 'fi/x', file: 'content/pieces/fi/x.mdx', data: { translationOf: 'rio', lang: 'fi' } },
    ],
  });
  assert.deepEqual(problems.map(formatProblem), [
    'content/pieces/roi.mdx: personas[1]: unknown persona "marketing-director" (known: ceo, cfo, cto, end-user, head-of-sales)',
    'content/pieces/fi/roi2.mdx: lang: "roi" already has a "fi" translation in content/pieces/fi/roi.mdx',
    'content/pieces/fi/x.mdx: translationOf: unknown piece "rio" (did you mean "roi"?)',
  ]);
});

test('suggest only offers close matches', () => {
  assert.equal(suggest('CFO', ['ceo', 'cfo']), 'cfo');
  assert.equal(suggest('headofsales', ['head-of-sales', 'cto']), 'head-of-sales');
  assert.equal(suggest('procurement', ['ceo', 'cfo', 'cto']), undefined);
});

test('account URLs: slug, unguessable suffix, clashes and reserved names', () => {
  assert.equal(accountSegment('acme', {}), 'acme');
  assert.equal(accountSegment('acme', { slug: 'acme-corp', suffix: 'k3f9x2q8vd' }), 'acme-corp-k3f9x2q8vd');
  const problems = checkAccountPaths([
    { id: 'a', file: 'accounts/a.yaml', segment: 'shared' },
    { id: 'b', file: 'accounts/b.yaml', segment: 'shared' },
    { id: 'c', file: 'accounts/c.yaml', segment: '_astro' },
  ]);
  assert.deepEqual(problems.map(formatProblem), [
    'accounts/b.yaml: url.slug: URL "/shared/" is already used by accounts/a.yaml',
    'accounts/c.yaml: url.slug: "_astro" is reserved; pick another slug',
  ]);
});
