import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingProofTranslation, selectProof, type ProofInput } from '../../src/lib/proof.ts';
import { formatDue, resolvePlan } from '../../src/lib/plan.ts';
import { planSchema } from '../../src/schemas/plan.ts';
import { accountSchema } from '../../src/schemas/account.ts';
import { z } from 'astro/zod';

const proof = (id: string, data: Partial<ProofInput['data']>): ProofInput => ({
  id,
  data: { draft: false, customer: id, industry: 'telecom', alsoFor: [], results: [{ value: '-30 %', label: 'lead time' }], lang: 'en', order: 100, translations: {}, ...data },
});

const proofs = [
  proof('telco-cfo', { personas: ['cfo'], order: 2 }),
  proof('telco-any', { order: 1, quote: { text: 'It works.', by: 'COO' }, translations: { fi: { quote: 'Se toimii.', results: [{ value: '-30 %', label: 'läpimenoaika' }] } } }),
  proof('chem-also-telco', { industry: 'chemicals', alsoFor: ['telecom'], order: 0 }),
  proof('ngo', { industry: 'ngo' }),
  proof('telco-draft', { draft: true, order: 0 }),
  proof('telco-cto', { personas: ['cto'] }),
];

test('the landing page gets proof from its own industry first, then related industries; never drafts or other industries', () => {
  const shown = selectProof(proofs, { industry: 'telecom', language: 'en' }, 5).map((s) => s.proof.id);
  assert.deepEqual(shown, ['telco-any', 'telco-cfo', 'telco-cto', 'chem-also-telco']);
  assert.deepEqual(selectProof(proofs, { industry: 'telecom', language: 'en' }, 2).map((s) => s.proof.id), ['telco-any', 'telco-cfo']);
  assert.deepEqual(selectProof(proofs, { industry: 'retail', language: 'en' }, 3), []);
});

test('a persona track gets the proof for that persona first and never proof meant only for other personas', () => {
  const cfo = selectProof(proofs, { industry: 'telecom', persona: 'cfo', language: 'en' }, 5).map((s) => s.proof.id);
  assert.deepEqual(cfo, ['telco-cfo', 'telco-any', 'chem-also-telco']);
  assert.ok(!cfo.includes('telco-cto'));
});

test('proof is shown in the page language when translated, with results and quote together; else in its own', () => {
  const [fi] = selectProof([proofs[1]!], { industry: 'telecom', language: 'fi' }, 1);
  assert.equal(fi!.lang, 'fi');
  assert.equal(fi!.quote?.text, 'Se toimii.');
  assert.equal(fi!.results[0]!.label, 'läpimenoaika');
  const [vi] = selectProof([proofs[1]!], { industry: 'telecom', language: 'vi' }, 1);
  assert.equal(vi!.lang, 'en');
  assert.equal(vi!.quote?.text, 'It works.');
});

test('a translated card names who said it in the page language; without a translated attribution, the original is marked', () => {
  // The fi translation above has no `by`: the card is Finnish, its attribution the original's, marked English.
  const [fi] = selectProof([proofs[1]!], { industry: 'telecom', language: 'fi' }, 1);
  assert.equal(fi!.quote?.by, 'COO');
  assert.equal(fi!.byLang, 'en');
  assert.deepEqual(missingProofTranslation(proofs[1]!, 'fi'), ['by']);
  assert.deepEqual(missingProofTranslation(proofs[1]!, 'vi'), ['results', 'quote', 'by']);
  assert.deepEqual(missingProofTranslation(proofs[1]!, 'en'), []);
  const full = proof('telco-fi', { quote: { text: 'It works.', by: 'COO' }, translations: { fi: { quote: 'Se toimii.', by: 'Operatiivinen johtaja', results: [{ value: '-30 %', label: 'läpimenoaika' }] } } });
  const [shown] = selectProof([full], { industry: 'telecom', language: 'fi' }, 1);
  assert.deepEqual([shown!.lang, shown!.quote?.by, shown!.byLang], ['fi', 'Operatiivinen johtaja', undefined]);
  assert.deepEqual(missingProofTranslation(full, 'fi'), []);
});

test('an account that hides untranslated content is shown only proof points in its language, others moving up', () => {
  const shown = selectProof(proofs, { industry: 'telecom', language: 'fi', untranslated: 'hide' }, 3);
  assert.deepEqual(shown.map((s) => [s.proof.id, s.lang]), [['telco-any', 'fi']]);
  const marked = selectProof(proofs, { industry: 'telecom', language: 'fi', untranslated: 'mark' }, 3);
  assert.deepEqual(marked.map((s) => [s.proof.id, s.lang]), [['telco-any', 'fi'], ['telco-cfo', 'en'], ['telco-cto', 'en']]);
});

const committee = [
  { id: 'cfo-1', title: 'Chief Financial Officer', name: 'Carla Diaz' },
  { id: 'cto-1', title: 'CTO', name: 'Tomas Berg' },
];
const tracks = [
  { personaId: 'cfo', steps: [{ pieceId: 'roi', piece: { title: 'ROI' } }] },
  { personaId: 'cto', steps: [{ pieceId: 'roi', piece: { title: 'ROI' } }, { pieceId: 'security', piece: { title: 'Security' } }] },
];
const plan = planSchema.parse({
  milestones: [
    { title: 'Discovery', due: '2026-10-01', status: 'done', owners: [{ stakeholder: 'cfo-1' }, { vendor: 'Anna Virtanen', title: 'Account Director' }] },
    { title: 'Security review', due: '2026-11-15', status: 'done', owners: [{ stakeholder: 'cto-1', public: true }], pieces: ['security'] },
    { title: 'Business case', due: '2026-12-10', status: 'in-progress', owners: [{ stakeholder: 'cfo-1' }], pieces: ['roi'] },
    { title: 'Signature', due: '2027-01-20', owners: [{ stakeholder: 'cfo-1' }] },
  ],
});

test('a plan shows buyer owners by title, by name only when marked public, and links pieces into the account’s tracks', () => {
  const { plan: shown, problems } = resolvePlan(plan, committee, tracks, '/acme/');
  assert.deepEqual(problems, []);
  assert.deepEqual(shown.milestones[0]!.owners, [
    { side: 'buyer', label: 'Chief Financial Officer' },
    { side: 'seller', label: 'Anna Virtanen, Account Director' },
  ]);
  assert.deepEqual(shown.milestones[1]!.owners, [{ side: 'buyer', label: 'Tomas Berg, CTO' }]);
  assert.ok(!JSON.stringify(shown.milestones.map((m) => m.owners)).includes('Carla'), 'a name not marked public never appears');
  assert.equal(shown.milestones[1]!.pieces[0]!.href, '/acme/cto/security/');
  assert.equal(shown.milestones[2]!.pieces[0]!.href, '/acme/cfo/roi/', 'the first track that has the piece');
  assert.deepEqual([shown.done, shown.total, shown.percent], [2, 4, 50]);
  assert.deepEqual(shown.milestones.map((m) => m.next), [false, false, true, false]);
});

test('a plan piece no track of the account has is a problem naming the field', () => {
  const broken = planSchema.parse({ milestones: [{ title: 'x', due: '2026-12-01', owners: [{ vendor: 'A' }], pieces: ['roi', 'pricing'] }] });
  const { problems } = resolvePlan(broken, committee, tracks, '/acme/');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.field, 'plan.milestones[0].pieces[1]');
  assert.match(problems[0]!.message, /piece "pricing" is in none of this account's tracks/);
});

test('due dates read in the account’s locale and calendar, as written', () => {
  const due = plan.milestones[2]!.due;
  assert.equal(formatDue(due, 'en-GB'), '10 Dec 2026');
  assert.equal(formatDue(due, 'fi-FI'), '10.12.2026');
  assert.match(formatDue(due, 'fa-IR'), /۱۴۰۵/, 'the Persian calendar year');
});

test('the account schema rejects plan owners that are not stakeholders, and public owners without a name', () => {
  const base = {
    name: 'Acme', domain: 'acme.example', industry: 'telecom', tier: 'key', locale: 'en', brand: { primary: '#003366' }, stage: 'awareness',
    goals: ['g'], proposition: { summary: 's' }, owner: { name: 'A', email: 'a@x.example', meetingUrl: 'https://x.example/m' },
    buyingCommittee: [{ id: 'cfo-1', title: 'CFO', persona: 'cfo', role: 'decision-maker' }],
  };
  const schema = accountSchema(z.string());
  const result = schema.safeParse({ ...base, plan: { milestones: [{ title: 't', due: '2026-12-01', owners: [{ stakeholder: 'ceo-1' }, { stakeholder: 'cfo-1', public: true }] }] } });
  assert.ok(!result.success);
  const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  assert.deepEqual(issues, [
    'plan.milestones.0.owners.0.stakeholder: no stakeholder "ceo-1" in buyingCommittee (known: cfo-1)',
    'plan.milestones.0.owners.1.public: stakeholder "cfo-1" has no name to show',
  ]);
  assert.ok(!schema.safeParse({ ...base, plan: { milestones: [{ title: 't', due: 'next week', owners: [{ vendor: 'A' }] }] } }).success, 'a due date must be a date');
});

test('a plan view is weighed by scoring like any event: its own weight, configurable, and shown as what happened', async () => {
  const { scoreLog } = await import('../../src/scoring/engine.ts');
  const { resolveScoringConfig } = await import('../../src/schemas/scoring.ts');
  const { whatHappened } = await import('../../src/scoring/activity.ts');
  const now = Date.UTC(2026, 10, 25, 12);
  const account = { id: 'acme', name: 'Acme', domain: 'acme.example', owner: 'Olivia', committee: [{ id: 'cfo-1', title: 'CFO', persona: 'cfo', role: 'decision-maker' as const }] };
  const row = (type: 'plan_view' | 'page_view') => ({ id: `p-${type}`, receivedAt: now, t: now, type, account: 'acme', persona: null, piece: null, stakeholder: 'cfo-1', visitor: null, session: null, path: '/acme/plan/', ref: null, value: null, label: null });
  const scored = (config: unknown) => scoreLog([row('plan_view'), row('page_view')], { accounts: [account], pieceStages: {}, config: resolveScoringConfig(config), now }).accounts[0]!.people[0]!.score;
  assert.equal(scored({}), 10 + 1, 'plan_view 10 points by default, page_view 1');
  assert.equal(scored({ weights: { events: { plan_view: 25 } } }), 25 + 1);
  assert.equal(whatHappened({ event: 'plan_view', label: null, piece: null }), 'opened the mutual action plan');
});

test('owners’ names and titles are listed the locale’s way: a Persian plan uses the Arabic comma, never a Latin one', () => {
  const fa = resolvePlan(plan, [{ id: 'cfo-1', title: 'معاون مالی', name: 'فاطمه احمدی' }, { id: 'cto-1', title: 'مدیر فناوری', name: 'علی رضایی' }], tracks, '/tirajeh/', 'fa-IR').plan;
  const seller = fa.milestones[0]!.owners.find((o) => o.side === 'seller')!.label;
  const buyer = fa.milestones[1]!.owners[0]!.label;
  for (const label of [seller, buyer]) {
    assert.ok(label.includes('،'), label);
    assert.ok(!label.includes(','), label);
  }
  assert.ok(buyer.startsWith('علی رضایی') && buyer.endsWith('مدیر فناوری'), buyer);
  // Finnish and English keep their comma.
  assert.equal(resolvePlan(plan, committee, tracks, '/acme/', 'fi-FI').plan.milestones[1]!.owners[0]!.label, 'Tomas Berg, CTO');
});
