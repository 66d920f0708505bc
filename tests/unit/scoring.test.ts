/** The scoring engine on hand-computed cases, and its explainability on random logs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreLog, type ScoringAccount } from '../../src/scoring/engine.ts';
import { FUNNEL_STEPS as FUNNEL, resolveScoringConfig } from '../../src/schemas/scoring.ts';
import type { LogRow } from '../../src/events/schema.ts';
import { acme } from './scoringFixture.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 12);
const config = resolveScoringConfig({});
const account: ScoringAccount = acme;
const pieceStages = { intro: 'awareness', roi: 'decision' } as const;
let n = 0;
function row(over: Partial<LogRow>): LogRow {
  return { id: `e${n++}`, receivedAt: NOW, t: NOW, type: 'page_view', account: 'acme', persona: null, piece: null, stakeholder: null, visitor: null, session: null, path: '/acme/', ref: null, value: null, label: null, ...over };
}
const score = (rows: LogRow[], accounts = [account]) => scoreLog(rows, { accounts, pieceStages, config, now: NOW });
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `${a} != ${b}`);

test('time decay halves an event per half-life; weights by type and stage', () => {
  const r = score([
    row({ stakeholder: 'cfo-1', t: NOW }),
    row({ stakeholder: 'cfo-1', t: NOW - 14 * DAY }),
    row({ stakeholder: 'cfo-1', t: NOW - 28 * DAY }),
  ]);
  close(r.accounts[0]!.people[0]!.score, 1 + 0.5 + 0.25);
  const staged = score([row({ stakeholder: 'cfo-1', persona: 'cfo', piece: 'roi' }), row({ stakeholder: 'cfo-1', persona: 'cfo', piece: 'intro' })]);
  close(staged.accounts[0]!.people[0]!.score, 1 * 2 + 1 * 1); // decision stage x2, awareness x1
  const engaged = score([row({ stakeholder: 'cfo-1', type: 'engaged_time', value: 100 }), row({ stakeholder: 'cfo-1', type: 'engaged_time', value: 5000 })]);
  close(engaged.accounts[0]!.people[0]!.score, 0.05 * 100 + 0.05 * 600); // capped at 600 s
});

test('account score weights people by decision role', () => {
  const r = score([
    row({ stakeholder: 'cfo-1', type: 'cta_click', label: 'meeting' }), // 12 x 1
    row({ stakeholder: 'user-1', type: 'cta_click', label: 'meeting' }), // 12 x 0.4
    row({ visitor: 'anon-visitor-1', type: 'cta_click', label: 'meeting' }), // 12 x 0.25
    row({ type: 'cta_click', label: 'meeting' }), // privacy-protected: 12 x 0.1
  ]);
  const a = r.accounts[0]!;
  close(a.score, 12 + 4.8 + 3 + 1.2);
  close(a.score, a.contributions.reduce((s, c) => s + c.points, 0));
  assert.deepEqual(a.contributions.map((c) => [c.person, c.weight]), [
    ['stakeholder:cfo-1', 1],
    ['stakeholder:user-1', 0.4],
    ['visitor:anon-visitor-1', 0.25],
    ['privacy-protected', 0.1],
  ]);
});

test('funnel: identified, activated, key role, intent, sales-ready, each with its reason', () => {
  const viewOnly = score([row({ stakeholder: 'user-1' })]).accounts[0]!;
  assert.equal(viewOnly.stage, 'identified');
  assert.equal(viewOnly.funnel.identified.detail, '1 identified: Engineer');

  const userActive = score(Array.from({ length: 16 }, () => row({ stakeholder: 'user-1' }))).accounts[0]!;
  assert.equal(userActive.stage, 'activated');
  assert.equal(userActive.keyRoleActivated.length, 0);

  const cfoActive = score(Array.from({ length: 16 }, () => row({ stakeholder: 'cfo-1' }))).accounts[0]!;
  assert.equal(cfoActive.stage, 'key-role-activated');
  assert.deepEqual(cfoActive.keyRoleActivated, [{ key: 'stakeholder:cfo-1', title: 'CFO', name: null, score: 16, strong: false }]);

  // Intent from an anonymous visitor counts once a decision maker is activated.
  const intent = score([...Array.from({ length: 16 }, () => row({ stakeholder: 'cfo-1' })), row({ visitor: 'visitor-12345678', type: 'calculator_completed', value: 120 })]).accounts[0]!;
  assert.equal(intent.stage, 'intent');
  assert.equal(intent.funnel.intent.detail, 'anonymous visitor: completing the ROI calculator');
  const oldIntent = score([row({ visitor: 'visitor-12345678', type: 'cta_click', label: 'meeting', t: NOW - 31 * DAY })]).accounts[0]!;
  assert.equal(oldIntent.funnel.intent.holds, false, 'intent older than 30 days does not count');

  const ready = score([
    ...Array.from({ length: 4 }, () => row({ stakeholder: 'ceo-1', type: 'cta_click', label: 'contact' })),
    ...Array.from({ length: 45 }, () => row({ stakeholder: 'cfo-1' })),
  ]).accounts[0]!;
  assert.equal(ready.stage, 'sales-ready');
  assert.equal(ready.funnel['sales-ready'].detail, '2 activated decision maker(s), 4 intent signal(s)');
  assert.deepEqual(ready.keyRoleActivated.map((k) => [k.title, k.strong]), [['CEO', true], ['CFO', true]]);
});

test('a visitor who once used a personal link is that stakeholder for all their events', () => {
  const r = score([row({ visitor: 'visitor-aaaaaaaa' }), row({ visitor: 'visitor-aaaaaaaa', stakeholder: 'ceo-1' })]).accounts[0]!;
  assert.equal(r.people.length, 1);
  assert.equal(r.people[0]!.key, 'stakeholder:ceo-1');
  close(r.people[0]!.score, 2);
});

test('red flags: cooling, single-threaded, committee gap', () => {
  const cooling = score(Array.from({ length: 30 }, () => row({ stakeholder: 'cfo-1', t: NOW - 20 * DAY }))).accounts[0]!;
  const kinds = cooling.redFlags.map((f) => f.kind);
  assert.ok(kinds.includes('cooling'), JSON.stringify(cooling.redFlags));
  assert.match(cooling.redFlags.find((f) => f.kind === 'cooling')!.detail, /score fell from [\d.]+ to [\d.]+ \(-50\.0%\) in 14 days/);
  assert.ok(kinds.includes('single-threaded'));
  assert.deepEqual(cooling.redFlags.filter((f) => f.kind === 'committee-gap').map((f) => f.detail), ['decision-maker persona "ceo" never engaged: no identified visit from CEO']);
  // The flag says by how much: 30 views 20 days ago, timeline point 14 days ago vs now (decay 0.5 over 14 days).
  const change = cooling.redFlags.find((f) => f.kind === 'cooling')!.change!;
  close(change.to / change.from, 0.5);
  assert.equal(change.days, 14);

  const steady = score([row({ stakeholder: 'cfo-1', persona: 'cfo' }), row({ stakeholder: 'ceo-1', persona: 'ceo', t: NOW - 20 * DAY }), row({ stakeholder: 'ceo-1', t: NOW })]).accounts[0]!;
  assert.deepEqual(steady.redFlags, []);
  assert.deepEqual(steady.coverage, { stakeholders: [2, 3], personas: [2, 3], missingPersonas: ['end-user'], anonymousReads: {} });
  assert.deepEqual(score([]).accounts[0]!.redFlags, [], 'an account with no activity has no flags');
});

test('committee gap: a persona is engaged only through its identified stakeholders; anonymous reading is counted apart', () => {
  const ceoEngaged = Array.from({ length: 3 }, () => row({ stakeholder: 'ceo-1', persona: 'ceo' }));
  // One privacy-protected (GPC) page view and one anonymous visitor's two page views on the cfo track.
  const anonymousCfo = [row({ persona: 'cfo' }), row({ visitor: 'visitor-anon0001', persona: 'cfo' }), row({ visitor: 'visitor-anon0001', persona: 'cfo', piece: 'roi' }), row({ visitor: 'visitor-anon0001', persona: 'cfo', type: 'scroll', value: 50 })];
  const gap = score([...ceoEngaged, ...anonymousCfo]).accounts[0]!;
  assert.deepEqual(gap.coverage, { stakeholders: [1, 3], personas: [1, 3], missingPersonas: ['cfo', 'end-user'], anonymousReads: { cfo: 3 } });
  assert.deepEqual(
    gap.redFlags.filter((f) => f.kind === 'committee-gap').map((f) => [f.key, f.persona, f.detail, f.stakeholders]),
    [['committee-gap:cfo', 'cfo', 'decision-maker persona "cfo" never engaged: no identified visit from CFO; its track was read anonymously 3 times, which identifies no one', ['cfo-1']]],
  );
  // A visitor later identified through the CFO's personal link was the CFO all along: that clears it.
  const linked = score([...ceoEngaged, ...anonymousCfo, row({ visitor: 'visitor-anon0001', stakeholder: 'cfo-1', persona: 'cfo' })]).accounts[0]!;
  assert.deepEqual(linked.redFlags.filter((f) => f.kind === 'committee-gap'), []);
  assert.deepEqual(linked.coverage.anonymousReads, { cfo: 1 }, 'only the GPC view stays anonymous');
  // Only privacy-protected visits: still flagged (activity, but no one identified).
  assert.deepEqual(score([row({ persona: 'cfo' }), row({ persona: 'ceo' })]).accounts[0]!.redFlags.map((f) => f.key), ['committee-gap:ceo', 'committee-gap:cfo']);
});

test('funnel is a sequence: an anonymous meeting click does not skip key-role-activated', () => {
  const userActive = Array.from({ length: 16 }, () => row({ stakeholder: 'user-1' })); // 16 points: activated, not a decision maker
  const click = row({ visitor: 'visitor-anon0002', type: 'cta_click', label: 'meeting' });
  const a = score([...userActive, click]).accounts[0]!;
  assert.equal(a.stage, 'activated');
  assert.deepEqual([a.funnel.intent.holds, a.funnel.intent.met, a.funnel.intent.waitsFor], [true, false, 'key-role-activated']);
  assert.deepEqual([a.funnel['key-role-activated'].holds, a.funnel['key-role-activated'].met], [false, false]);
  assert.equal(a.funnel['sales-ready'].met, false);
  // With nobody identified, even a decision-maker's worth of anonymous activity stays at "none".
  const anonymousOnly = score([...Array.from({ length: 50 }, () => row({ visitor: 'visitor-anon0003' })), click]).accounts[0]!;
  assert.equal(anonymousOnly.stage, 'none');
  assert.equal(anonymousOnly.funnel.intent.waitsFor, 'identified');
  assert.equal(anonymousOnly.events, 51);
  // Once a decision maker is activated, the click counts: the steps count in order up to intent.
  const ready = score([...userActive, click, ...Array.from({ length: 16 }, () => row({ stakeholder: 'cfo-1' }))]).accounts[0]!;
  assert.equal(ready.stage, 'intent');
  assert.deepEqual(ready.funnel.intent.stakeholders, [], 'an anonymous click names no contact');
  // The overall funnel narrows: each step counts only accounts that passed the one before.
  const other: ScoringAccount = { ...account, id: 'other' };
  const overall = score([...userActive, click, ...userActive.map((r) => ({ ...r, account: 'other' })), ...Array.from({ length: 16 }, () => row({ account: 'other', stakeholder: 'cfo-1' }))], [account, other]).overall.funnel;
  assert.deepEqual(overall, { identified: 2, activated: 2, 'key-role-activated': 1, intent: 0, 'sales-ready': 0 });
});

test('only identified stakeholders are activated; anonymous visitors above the threshold are shown apart', () => {
  const r = score([
    ...Array.from({ length: 20 }, () => row({ visitor: 'visitor-anon0004' })), // anonymous, 20 points
    ...Array.from({ length: 16 }, () => row({ stakeholder: 'user-1' })), // identified, 16 points: activated
    row({ stakeholder: 'cfo-1' }), // identified, 1 point
    row({ visitor: 'visitor-anon0005' }), // anonymous, 1 point
  ]);
  assert.deepEqual(r.overall.people, { identified: 2, activated: 1, anonymous: 2, anonymousAboveThreshold: 1 });
  const a = r.accounts[0]!;
  assert.deepEqual([a.identified, a.activated, a.anonymousAboveThreshold, a.events], [2, 1, 1, 38]);
  assert.equal(a.funnel.activated.detail, '1 activated: Engineer 16.0; 1 anonymous visitor(s) above 15, not counted');
  // An anonymous visitor alone never activates the account.
  const anon = score(Array.from({ length: 20 }, () => row({ visitor: 'visitor-anon0004' }))).accounts[0]!;
  assert.deepEqual([anon.stage, anon.activated, anon.funnel.activated.holds], ['none', 0, false]);
});

test('a meeting booked by an identified decision maker makes the account sales-ready; by others it is intent', () => {
  // The CFO booked 25 days ago and did nothing else: 40 x 0.5^(25/14) = 11.59 points, below 15.
  const booked = [row({ stakeholder: 'cfo-1', type: 'meeting_booked', label: 'cal.com', t: NOW - 25 * DAY })];
  const a = score(booked).accounts[0]!;
  close(a.people[0]!.score, 40 * 0.5 ** (25 / 14));
  assert.equal(a.people[0]!.bookedMeeting, true);
  assert.equal(a.stage, 'sales-ready');
  assert.deepEqual(FUNNEL.map((s) => a.funnel[s].met), [true, true, true, true, true]);
  assert.equal(a.funnel.activated.detail, '1 activated: CFO 11.6 (booked a meeting)');
  assert.equal(a.funnel['sales-ready'].detail, '1 activated decision maker(s), 1 intent signal(s); meeting booked by CFO');
  // Without the rule the decayed score decides: the CFO is not activated, the booking waits as intent.
  const strict = scoreLog(booked, { accounts: [account], pieceStages, config: resolveScoringConfig({ salesReady: { meetingBooked: false } }), now: NOW }).accounts[0]!;
  assert.deepEqual([strict.stage, strict.funnel.intent.holds, strict.funnel.intent.waitsFor], ['identified', true, 'activated']);
  // Booked by a user: activated, but no decision maker, so intent waits for key-role-activated.
  const byUser = score([row({ stakeholder: 'user-1', type: 'meeting_booked', t: NOW - 25 * DAY })]).accounts[0]!;
  assert.deepEqual([byUser.stage, byUser.funnel.intent.waitsFor], ['activated', 'key-role-activated']);
  // Older than the intent window: neither intent nor a booking that activates.
  const old = score([row({ stakeholder: 'cfo-1', type: 'meeting_booked', t: NOW - 31 * DAY })]).accounts[0]!;
  assert.deepEqual([old.stage, old.people[0]!.bookedMeeting], ['identified', false]);
});

test('explainable: every score equals the sum of its contributions on random logs', () => {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const types: LogRow['type'][] = ['page_view', 'engaged_time', 'scroll', 'cta_click', 'download', 'calculator_completed', 'outbound_click', 'form_submit', 'meeting_booked'];
  const other: ScoringAccount = { ...account, id: 'other' };
  for (let trial = 0; trial < 25; trial++) {
    const rows = Array.from({ length: 300 }, () =>
      row({
        account: rand() < 0.5 ? 'acme' : 'other',
        type: types[Math.floor(rand() * types.length)]!,
        t: NOW - Math.floor(rand() * 60 * DAY),
        stakeholder: rand() < 0.4 ? ['ceo-1', 'cfo-1', 'user-1'][Math.floor(rand() * 3)]! : null,
        visitor: rand() < 0.7 ? `visitor-${Math.floor(rand() * 5)}xxxxxxx` : null,
        persona: rand() < 0.7 ? 'cfo' : null,
        piece: rand() < 0.5 ? (rand() < 0.5 ? 'roi' : 'intro') : null,
        value: Math.floor(rand() * 900),
        label: rand() < 0.5 ? 'meeting' : 'download',
      }),
    );
    const result = score(rows, [account, other]);
    for (const a of result.accounts) {
      close(a.score, a.contributions.reduce((s, c) => s + c.points, 0));
      close(a.timeline.at(-1)!, a.score);
      for (const p of a.people) close(p.score, p.contributions.reduce((s, c) => s + c.points, 0));
    }
    assert.equal(result.overall.events, rows.length);
  }
});

test('a bad scoring config is an error naming the file and the field', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { loadScoringConfig } = await import('../../src/scoring/config.ts');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tailor-scoring-')), 'scoring.yaml');
  writeFileSync(file, 'halfLifeDays: -1\nweights:\n  events:\n    page_veiw: 2\nthresholds:\n  activated: high\n');
  assert.throws(() => loadScoringConfig(file), (e: Error) => {
    assert.equal(
      e.message,
      [`${file}: halfLifeDays: Too small: expected number to be >0`, `${file}: weights.events.page_veiw: unknown field (did you mean "page_view"?)`, `${file}: thresholds.activated: Invalid input: expected number, received string`].join('\n'),
    );
    return true;
  });
  // The repo's config parses and equals the documented defaults.
  assert.deepEqual(loadScoringConfig('content/scoring.yaml'), resolveScoringConfig({}));
});
