/**
 * The scoring engine's memory does not grow with the number of events: it keeps state per account,
 * person and page, never per event. Deterministic: it counts what the engine's state holds after the
 * pass over the log (streamTuples), not bytes or time. And the aggregates it keeps instead of lists
 * (the latest piece view, per piece the view times clustered, only the moments the report shows)
 * give the same measures as the per-event lists they replace, on random logs in random order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreLog, streamTuples, type ScoringAccount, type ScoringInput, type ScoringRow, type ScoringTuple } from '../../src/scoring/engine.ts';
import { lastActivity, lastIntent } from '../../src/scoring/activity.ts';
import { journeysOf } from '../../src/scoring/lift.ts';
import { meetingsOf } from '../../src/scoring/meetings.ts';
import { isIntentSignal } from '../../src/scoring/funnel.ts';
import { resolveScoringConfig, type ScoringConfig } from '../../src/schemas/scoring.ts';
import type { EventType } from '../../src/events/schema.ts';
import { acme } from './scoringFixture.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 25, 12);
const config = resolveScoringConfig({});
const account: ScoringAccount = acme;
const input = (c: ScoringConfig = config): ScoringInput => ({ accounts: [account], pieceStages: { roi: 'decision', intro: 'awareness', plan: 'decision' }, config: c, now: NOW });

/** Values held in an object graph: primitives and typed-array elements, each object counted once. */
function retainedValues(root: unknown): number {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  let n = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') {
      n++;
      continue;
    }
    if (seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) n += (v as Float64Array).length;
    else if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else for (const x of Object.values(v)) stack.push(x);
  }
  return n;
}

type Who = { stakeholder: string | null; visitor: string | null; persona: string };
const PEOPLE: Who[] = [
  { stakeholder: 'ceo-1', visitor: 'v-ceo', persona: 'ceo' },
  { stakeholder: null, visitor: 'v-cfo', persona: 'cfo' }, // anonymous until day 10, then through the CFO's link
  { stakeholder: 'user-1', visitor: 'v-user', persona: 'end-user' },
  { stakeholder: null, visitor: 'v-anon', persona: 'cfo' },
  { stakeholder: null, visitor: null, persona: 'ceo' }, // privacy-protected
];

/**
 * 60 days in which the same five people visit every day, `visits` times a day: landing, track and
 * two pieces with scrolls, reading time, a download, an outbound link, a call to action that is not
 * intent, the plan; and calculators completed, which are intent signals, older than the intent
 * window. Then, the same at every size, one booked meeting and `recentIntent` intent signals each
 * within the window. In log order, as the engine reads it.
 */
function log(visits: number, recentIntent = 2): ScoringTuple[] {
  const rows: ScoringTuple[] = [];
  const add = (t: number, type: EventType, who: Who, piece: string | null = null, value: number | null = null, label: string | null = null, persona: string | null = who.persona) => {
    const stakeholder = who.visitor === 'v-cfo' && t >= NOW - 50 * DAY ? 'cfo-1' : who.stakeholder;
    rows.push([t, type, 'acme', persona, piece, stakeholder, who.visitor, value, label]);
  };
  for (let day = 59; day >= 0; day--) {
    for (let v = 0; v < visits; v++) {
      for (const who of PEOPLE) {
        let t = NOW - day * DAY - 12 * 60 * MINUTE + v * 5 * MINUTE;
        const at = () => (t += 1000);
        add(at(), 'page_view', who, null, null, null, null); // the landing page
        add(at(), 'page_view', who);
        add(at(), 'scroll', who, null, 50);
        add(at(), 'engaged_time', who, null, 40);
        for (const piece of ['intro', 'roi']) {
          add(at(), 'page_view', who, piece);
          add(at(), 'scroll', who, piece, 75);
          add(at(), 'engaged_time', who, piece, 120);
        }
        add(at(), 'download', who, 'roi', null, '/downloads/roi.pdf');
        add(at(), 'outbound_click', who, 'roi', null, 'www.linkedin.com');
        add(at(), 'cta_click', who, 'roi', 0, 'newsletter');
        add(at(), 'plan_view', who, 'plan');
        if (day > config.intent.windowDays) add(at(), 'calculator_completed', who, 'roi', 200);
      }
    }
  }
  for (const who of PEOPLE) {
    for (let i = 0; i < recentIntent; i++) add(NOW - (i + 1) * DAY + 30 * MINUTE, 'cta_click', who, 'roi', 0, 'meeting');
    add(NOW - 2 * 60 * MINUTE, 'meeting_booked', who, null, null, 'calendly');
  }
  return rows;
}

test('the engine keeps the same state when the same people generate 10x the events', () => {
  const small = log(1);
  const large = log(10);
  assert.ok(large.length > 9 * small.length, `${large.length} rows vs ${small.length}`);
  const kept = [retainedValues(streamTuples(small, input())), retainedValues(streamTuples(large, input()))];
  assert.equal(kept[1], kept[0], `values held after the pass: ${kept[0]} for ${small.length} rows, ${kept[1]} for ${large.length} rows`);

  // And so does the result: per person, the same number of moments, clusters of view times and contributions.
  const shape = (rows: ScoringTuple[]) => {
    const a = scoreLog(rows.map(toRow), input()).accounts[0]!;
    return {
      people: a.people.map((p) => ({ key: p.key, moments: p.moments.length, intent: p.intent.length, pieces: p.pieceViews.map((v) => [v.piece, v.times.length / 2]), contributions: p.contributions.length })),
      privacy: { moments: a.privacy.moments.length, pieces: a.privacy.pieceViews.map((v) => [v.piece, v.times.length / 2]) },
    };
  };
  const [s, l] = [shape(small), shape(large)];
  assert.deepEqual(l.people, s.people);
  assert.deepEqual(l.privacy, s.privacy);
  // 4 people (the CFO's anonymous visits merged into the CFO) with one cluster of view times per piece.
  assert.deepEqual(s.people.map((p) => p.pieces), Array(4).fill([['intro', 1], ['roi', 1]]));
  // Per person: the booked meeting, the 2 recent intent signals, and the first intent signal (60 days ago).
  assert.deepEqual(s.people.map((p) => [p.moments, p.intent]), Array(4).fill([4, 3]));
});

test('only what the report lists one by one grows: intent signals within the intent window and booked meetings', () => {
  const few = scoreLog(log(1, 2).map(toRow), input()).accounts[0]!;
  const many = scoreLog(log(1, 20).map(toRow), input()).accounts[0]!;
  // The funnel's intent step names every recent signal, the CSV counts them: 18 more per person.
  assert.equal(many.people.length, 4);
  for (const p of many.people) {
    const before = few.people.find((q) => q.key === p.key)!;
    assert.deepEqual([p.intent.length - before.intent.length, p.moments.length - before.moments.length], [18, 18], p.key);
  }
  assert.equal(many.privacy.moments.length - few.privacy.moments.length, 18);
});

function toRow(r: ScoringTuple): ScoringRow {
  return { t: r[0], type: r[1], account: r[2], persona: r[3], piece: r[4], stakeholder: r[5], visitor: r[6], value: r[7], label: r[8] };
}

test('the kept aggregates give the measures of every event: last activity, last intent, meetings, journeys', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const types: EventType[] = ['page_view', 'page_view', 'page_view', 'engaged_time', 'scroll', 'cta_click', 'download', 'calculator_completed', 'form_submit', 'meeting_booked', 'plan_view', 'outbound_click'];
  for (let trial = 0; trial < 60; trial++) {
    // Short and long "preceding" windows, so view times fall into many clusters or few.
    const c = resolveScoringConfig({ report: { precedingDays: [0.25, 1, 3, 14][trial % 4]! } });
    const visitors = ['v1', 'v2', 'v3', 'v4'];
    const rows: ScoringRow[] = Array.from({ length: 400 }, () => {
      const visitor = rand() < 0.85 ? visitors[Math.floor(rand() * visitors.length)]! : null;
      return {
        // Out of order, with equal times (whole hours) and times after `now` (clamped).
        t: NOW - Math.floor(rand() * 40 * 24 - 2) * 60 * MINUTE,
        type: types[Math.floor(rand() * types.length)]!,
        account: 'acme',
        persona: rand() < 0.8 ? ['ceo', 'cfo'][Math.floor(rand() * 2)]! : null,
        piece: rand() < 0.8 ? ['roi', 'intro', 'case'][Math.floor(rand() * 3)]! : null,
        stakeholder: visitor && rand() < 0.15 ? ['ceo-1', 'cfo-1', 'gone-1'][Math.floor(rand() * 3)]! : null,
        visitor,
        value: 30,
        label: ['meeting', 'contact', 'newsletter', null][Math.floor(rand() * 4)]!,
      };
    });
    const a = scoreLog(rows, input(c)).accounts[0]!;

    // The same measures from every event, as the engine once kept them.
    const links = new Map<string, string>();
    for (const r of rows) if (r.stakeholder && r.visitor) links.set(r.visitor, r.stakeholder);
    const personOf = (r: ScoringRow) => (r.stakeholder ? `stakeholder:${r.stakeholder}` : r.visitor ? (links.has(r.visitor) ? `stakeholder:${links.get(r.visitor)}` : `visitor:${r.visitor}`) : 'privacy');
    const isIntent = isIntentSignal(c);
    const notable = new Set<string>(['cta_click', 'download', 'calculator_completed', 'form_submit', 'meeting_booked', 'plan_view', ...c.intent.eventTypes]);
    const t = (r: ScoringRow) => Math.min(r.t, NOW);
    for (const p of [...a.people, { key: 'privacy', ...a.privacy }]) {
      // In the engine's order: a stakeholder's own rows, then those of each visitor linked to them (in the order linked).
      const ordered = p.key.startsWith('stakeholder:')
        ? [...rows.filter((r) => `stakeholder:${r.stakeholder}` === p.key), ...[...links].filter(([, s]) => `stakeholder:${s}` === p.key).flatMap(([v]) => rows.filter((r) => !r.stakeholder && r.visitor === v))]
        : rows.filter((r) => personOf(r) === p.key);
      const moments = ordered.filter((r) => notable.has(r.type)).map((r) => ({ t: t(r), event: r.type, label: r.label, piece: r.piece, persona: r.persona, value: r.value }));
      const views = ordered.filter((r) => r.type === 'page_view' && r.piece).map((r) => ({ t: t(r), piece: r.piece!, persona: r.persona }));
      // Latest moment and view (the first of equal times), first and latest intent signal, meetings, recent intent.
      const latest = <T extends { t: number }>(xs: T[]) => xs.reduce<T | null>((b, x) => (!b || x.t > b.t ? x : b), null);
      const kept = p.moments;
      assert.deepEqual(latest(kept), latest(moments), `latest moment of ${p.key}`);
      assert.deepEqual(latest(kept.filter(isIntent)), latest(moments.filter(isIntent)), `latest intent of ${p.key}`);
      assert.equal(Math.min(...kept.filter(isIntent).map((m) => m.t)), Math.min(...moments.filter(isIntent).map((m) => m.t)), `first intent of ${p.key}`);
      assert.deepEqual(kept.filter((m) => m.event === 'meeting_booked'), moments.filter((m) => m.event === 'meeting_booked'));
      const since = NOW - c.intent.windowDays * DAY;
      assert.deepEqual(kept.filter((m) => m.t >= since && isIntent(m)), moments.filter((m) => m.t >= since && isIntent(m)));
      assert.deepEqual(p.lastView, latest(views), `last view of ${p.key}`);
      assert.deepEqual(
        p.pieceViews.map((v) => [v.piece, v.count]),
        [...new Set(views.map((v) => v.piece))].map((piece) => [piece, views.filter((v) => v.piece === piece).length]),
      );
      if (p.key === 'privacy') continue;
      // The journey: pieces read, and those read within precedingDays before the first intent signal.
      const [journey] = journeysOf([p as (typeof a.people)[number]], c);
      const first = Math.min(...moments.filter(isIntent).map((m) => m.t));
      const span = c.report.precedingDays * DAY;
      assert.deepEqual(journey!.pieces, new Set(views.map((v) => v.piece)));
      assert.deepEqual(journey!.beforeIntent, Number.isFinite(first) ? new Set(views.filter((v) => v.t <= first && v.t >= first - span).map((v) => v.piece)) : null, `journey of ${p.key}, precedingDays ${c.report.precedingDays}`);
    }
    // Meetings and the latest activity and intent over the account.
    const m = meetingsOf(a);
    assert.equal(m.booked, rows.filter((r) => r.type === 'meeting_booked').length);
    const all = rows.filter((r) => notable.has(r.type) || (r.type === 'page_view' && r.piece));
    const maxT = Math.max(...all.map(t));
    if (all.length) assert.equal(lastActivity(a)?.t, maxT);
    const intents = rows.filter((r) => notable.has(r.type) && isIntent({ event: r.type, label: r.label }));
    assert.equal(lastIntent(a, c)?.t ?? null, intents.length ? Math.max(...intents.map(t)) : null);
  }
});
