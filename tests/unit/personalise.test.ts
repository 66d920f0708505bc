import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountField, PersonalisationError, unknownWhenValues, whenMatches, type PersonalisableAccount } from '../../src/lib/personalise.ts';
import { BUYING_STAGES, INDUSTRIES, TIERS } from '../../src/schemas/vocabulary.ts';

const account: PersonalisableAccount & { buyingCommittee: unknown[] } = {
  name: 'Nordlake Telecom',
  domain: 'nordlake.example',
  industry: 'telecom',
  tier: 'strategic',
  stage: 'evaluation',
  goals: ['Halve repair time', 'Grow fibre sales'],
  pains: ['Manual routing'],
  proposition: { summary: 'Automated fault routing.' },
  owner: { name: 'Anna Virtanen', title: 'Account Director' },
  numbers: { users: 1200, currency: 'EUR' },
  buyingCommittee: [{ name: 'Secret Person' }],
};

test('accountField reads public fields', () => {
  assert.equal(accountField(account, 'name'), 'Nordlake Telecom');
  assert.equal(accountField(account, 'goals.1'), 'Grow fibre sales');
  assert.equal(accountField(account, 'owner.name'), 'Anna Virtanen');
  assert.equal(accountField(account, 'numbers.users'), 1200);
  assert.equal(accountField(account, 'proposition.summary'), 'Automated fault routing.');
});

test('accountField refuses private and unknown fields with a message naming them', () => {
  assert.throws(() => accountField(account, 'buyingCommittee.0'), /buying committee is private/);
  assert.throws(() => accountField(account, 'revenue'), (e: unknown) => e instanceof PersonalisationError && /<Account field="revenue" \/>: unknown field\. Allowed fields: name/.test(e.message));
  assert.throws(() => accountField(account, 'goals.5'), /has only 2 goals/);
  assert.throws(() => accountField(account, 'numbers.hourlyCost'), /no number "hourlyCost"/);
  assert.throws(() => accountField(account, 'owner.email'), /only owner\.name and owner\.title/);
});

test('When: lists mean any of, attributes must all hold, not inverts', () => {
  assert.equal(whenMatches(account, { industry: 'telecom, it-services' }), true);
  assert.equal(whenMatches(account, { industry: 'ngo' }), false);
  assert.equal(whenMatches(account, { industry: 'telecom', tier: 'key' }), false);
  assert.equal(whenMatches(account, { stage: 'evaluation,decision', tier: 'strategic' }), true);
  assert.equal(whenMatches(account, { industry: 'ngo', not: true }), true);
  assert.throws(() => whenMatches(account, {}), /needs at least one/);
});

test('When: typos in values are reported with the known values', () => {
  const known = { industry: INDUSTRIES, tier: TIERS, stage: BUYING_STAGES };
  assert.deepEqual(unknownWhenValues({ industry: 'telecom,telco' }, known), [`industry="telco" (known: ${INDUSTRIES.join(', ')})`]);
  assert.deepEqual(unknownWhenValues({ stage: 'decision' }, known), []);
});
