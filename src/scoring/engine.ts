/**
 * The scoring engine: conversion-log rows plus account data in, person and account scores, the
 * funnel, coverage, red flags, timelines and content performance out. Pure: no I/O, no clock
 * (the caller passes `now`). One pass over the rows, so it takes any iterable (an SQLite cursor).
 * Every score carries its contributions; a score is always their sum.
 *
 * The pass keeps state per account, person and page, never per event, so its memory does not grow
 * with the log (tests/unit/scoring-memory.test.ts): per person, contributions per page and event
 * type, a score per day of the timeline, per piece viewed a view count and its view times
 * clustered (for the lift), the latest piece view, and of the notable moments only those the
 * report shows: the latest one, the first and the latest intent signal, and, one by one because
 * the report names each, booked meetings and intent signals within the intent window. The
 * measures themselves are small modules: the funnel (funnel.ts), coverage and red flags
 * (flags.ts), and, composed by the report, last activity (activity.ts), meetings (meetings.ts)
 * and piece lift (lift.ts).
 */
import type { EventType, LogRow } from '../events/schema.ts';
import type { BuyingStage, DecisionRole } from '../schemas/vocabulary.ts';
import { FUNNEL_STEPS, type FunnelStep, type ScoringConfig } from '../schemas/scoring.ts';
import { funnelOf, isIntentSignal, type Reason } from './funnel.ts';
import { anonymousTrackReads, coverageOf, redFlagsOf, type Coverage, type RedFlag } from './flags.ts';
import { personLabel } from './people.ts';

export type { Reason } from './funnel.ts';
export type { Coverage, RedFlag } from './flags.ts';
export { personLabel, personName } from './people.ts';

const DAY = 86_400_000;

/** A buying-committee member. Name, e-mail and CRM id are for the private report and the CRM exports. */
export interface CommitteeMember {
  id: string;
  title: string;
  persona: string;
  role: DecisionRole;
  name?: string | undefined;
  email?: string | undefined;
  crmId?: string | undefined;
}

export interface ScoringAccount {
  id: string;
  name: string;
  domain: string;
  owner: string;
  committee: CommitteeMember[];
}

export interface ScoringInput {
  accounts: ScoringAccount[];
  /** Earliest buying stage of each piece (its place in tracks). */
  pieceStages: Record<string, BuyingStage>;
  config: ScoringConfig;
  /** The moment scores are computed for, ms since the epoch. */
  now: number;
}

/** Points from one kind of event on one page, after weights and decay. */
export interface Contribution {
  event: LogRow['type'];
  persona: string | null;
  piece: string | null;
  label: string | null;
  count: number;
  points: number;
}

/** A notable event (a call to action, a download, the calculator, a form, a booked meeting, any intent type), kept with its time. */
export interface Moment {
  t: number;
  event: EventType;
  label: string | null;
  piece: string | null;
  persona: string | null;
}

/** A piece page viewed (on a persona's track, or null). */
export interface PieceView {
  t: number;
  piece: string;
  persona: string | null;
}

/** One piece's views by one person: how many, and when, as clusters (bounded by the log's days, not its views). */
export interface PieceViews {
  piece: string;
  /** Page views of the piece. */
  count: number;
  /**
   * The view times as clusters, oldest first: [from, to, from, to, ...]. Within a cluster, views
   * follow each other by less than `report.precedingDays`; between clusters the gap is longer. So a
   * window of `report.precedingDays` (lift.ts: the days before the first intent signal) holds a
   * view exactly when it meets a cluster (viewedWithin), and a person has at most one cluster per
   * `precedingDays` of the log, however many views.
   */
  times: number[];
}

export interface PersonScore {
  /** `stakeholder:<id>` for identified people, `visitor:<id>` for anonymous ones. */
  key: string;
  stakeholder: CommitteeMember | null;
  role: DecisionRole | 'unknown';
  score: number;
  contributions: Contribution[];
  events: number;
  firstSeen: number;
  lastSeen: number;
  /** First page view (a booked meeting alone is not a visit); null without one. */
  firstVisit: number | null;
  /** Score at or above `thresholds.activated`, or (identified, `salesReady.meetingBooked`) a meeting booked within the intent window. */
  activated: boolean;
  strong: boolean;
  /** Booked a meeting (meeting_booked) within the intent window. */
  bookedMeeting: boolean;
  /** Intent signals within the intent window, oldest first. */
  intent: Moment[];
  /**
   * The notable moments the measures use, in log order: every booked meeting and every intent
   * signal within the intent window (listed one by one in the report), the latest notable moment,
   * and the first and the latest intent signal in the log (on equal times, the first in log order).
   * Other notable moments are counted in `contributions`, not kept.
   */
  moments: Moment[];
  /** The latest piece view (on equal times, the first in log order); null without one. */
  lastView: PieceView | null;
  /** Per piece viewed (in the order first viewed): views and their times, clustered. */
  pieceViews: PieceViews[];
  /** Top pieces by points. */
  topPieces: string[];
}

/** Account-level rows (no visitor, no stakeholder): privacy-protected (GPC / DNT) visits, and bookings matched to the account by e-mail domain only. One unlinkable bucket per account. */
export interface PrivacyActivity {
  events: number;
  score: number;
  firstSeen: number | null;
  lastSeen: number | null;
  firstVisit: number | null;
  intent: Moment[];
  /** As PersonScore.moments. */
  moments: Moment[];
  lastView: PieceView | null;
  pieceViews: PieceViews[];
}

export interface AccountScore {
  account: ScoringAccount;
  score: number;
  /** Each person's weighted share, plus privacy-protected visits. Sums to `score`. */
  contributions: { person: string; label: string; role: DecisionRole | 'unknown'; weight: number; personScore: number; points: number }[];
  people: PersonScore[];
  privacy: PrivacyActivity;
  /** Events of the account in the log (everyone, privacy-protected visits included). */
  events: number;
  /** The last funnel step that counts (the funnel is a sequence). */
  stage: FunnelStep | 'none';
  funnel: Record<FunnelStep, Reason>;
  /** Identified stakeholders with activity. */
  identified: number;
  /** Identified stakeholders activated (anonymous visitors never count as activated). */
  activated: number;
  /** Anonymous visitors scoring above the activation threshold (shown, not counted). */
  anonymousAboveThreshold: number;
  keyRoleActivated: { key: string; title: string; name: string | null; score: number; strong: boolean }[];
  intentSignals: number;
  coverage: Coverage;
  redFlags: RedFlag[];
  /** Account score at each day of the timeline, oldest first (last = now). */
  timeline: number[];
  /** Persona track x piece: views and engaged seconds. */
  grid: Record<string, Record<string, { views: number; seconds: number }>>;
  topContent: string[];
  lastSeen: number | null;
}

export interface PiecePerformance {
  piece: string;
  views: number;
  people: number;
  accounts: number;
  engagedSeconds: number;
}

export interface ScoringResult {
  now: number;
  accounts: AccountScore[];
  overall: {
    funnel: Record<FunnelStep, number>;
    /** People with activity: identified stakeholders (and how many of them are activated) and anonymous visitors (and how many score above the threshold). */
    people: { identified: number; activated: number; anonymous: number; anonymousAboveThreshold: number };
    events: number;
    ignored: number;
  };
  content: PiecePerformance[];
}

/** Contributions keyed by an integer: page id (interned persona track + piece [+ CTA label]) x TYPE_SLOTS + event type. */
type ContributionIndex = Map<number, Contribution>;

const TYPE_CODE: Record<LogRow['type'], number> = {
  page_view: 0,
  engaged_time: 1,
  scroll: 2,
  cta_click: 3,
  download: 4,
  calculator_completed: 5,
  outbound_click: 6,
  form_submit: 7,
  meeting_booked: 8,
  plan_view: 9,
};
/** Contribution keys are page id x TYPE_SLOTS + type code. */
const TYPE_SLOTS = 16;
/** Event types kept as moments whatever the config (intent types are added from it). */
const NOTABLE_TYPES: EventType[] = ['cta_click', 'download', 'calculator_completed', 'form_submit', 'meeting_booked', 'plan_view'];

/** Interns (persona, page) pairs as small integers, so hot-loop lookups need no string building. */
class PageIds {
  private readonly byPersona = new Map<string, Map<string, number>>();
  private next = 0;
  id(persona: string, page: string): number {
    let byPage = this.byPersona.get(persona);
    if (!byPage) this.byPersona.set(persona, (byPage = new Map()));
    let id = byPage.get(page);
    if (id === undefined) byPage.set(page, (id = this.next++));
    return id;
  }
}

/** A notable moment kept, with its place in the bucket's log order (moments noted before it). */
interface Kept {
  m: Moment;
  order: number;
}

interface Bucket {
  key: string;
  stakeholder: string | null;
  score: number;
  contributions: ContributionIndex;
  timeline: Float64Array;
  events: number;
  firstSeen: number;
  lastSeen: number;
  firstVisit: number;
  /** Notable moments noted so far (the next one's order). */
  noted: number;
  /** Kept one by one: booked meetings and intent signals within the intent window, in log order. */
  listed: Kept[];
  /** The latest notable moment, the latest and the first intent signal (on equal times, the first noted). */
  latest: Kept | null;
  latestIntent: Kept | null;
  firstIntent: Kept | null;
  /** The latest piece view (on equal times, the first). */
  lastViewT: number;
  lastViewPiece: string | null;
  lastViewPersona: string | null;
  pieces: Map<string, PieceViews>;
}

interface AccountState {
  account: ScoringAccount;
  stakeholders: Map<string, Bucket>;
  visitors: Map<string, Bucket>;
  privacy: Bucket;
  links: Map<string, string>;
  grid: Map<string, Map<string, { views: number; seconds: number }>>;
}

function newBucket(key: string, stakeholder: string | null, days: number): Bucket {
  return {
    key,
    stakeholder,
    score: 0,
    contributions: new Map(),
    timeline: new Float64Array(days + 1),
    events: 0,
    firstSeen: Infinity,
    lastSeen: -Infinity,
    firstVisit: Infinity,
    noted: 0,
    listed: [],
    latest: null,
    latestIntent: null,
    firstIntent: null,
    lastViewT: -Infinity,
    lastViewPiece: null,
    lastViewPersona: null,
    pieces: new Map(),
  };
}

/**
 * Gap up to which two view times join one cluster: just under `report.precedingDays`, so that a
 * window of that length (whose ends are computed in floating point) cannot fall between two views
 * of one cluster.
 */
function clusterGapOf(config: ScoringConfig): number {
  const span = config.report.precedingDays * DAY;
  return Math.max(0, span - Math.max(span * 1e-9, 0.01));
}

/** Adds the view times [from, to] (one cluster, or one time) to sorted clusters. */
function addTimes(times: number[], from: number, to: number, gap: number): void {
  const n = times.length;
  // Fast path: at or after the start of the last cluster (a log mostly comes in time order).
  if (n === 0 || from >= times[n - 2]!) {
    if (n > 0 && from - times[n - 1]! <= gap) {
      if (to > times[n - 1]!) times[n - 1] = to;
    } else times.push(from, to);
    return;
  }
  // The clusters [lo, hi] that overlap [from - gap, to + gap] merge with it into one.
  let first = 0;
  while (first < n && times[first + 1]! < from - gap) first += 2;
  let end = first;
  let lo = from;
  let hi = to;
  while (end < n && times[end]! <= to + gap) {
    if (times[end]! < lo) lo = times[end]!;
    if (times[end + 1]! > hi) hi = times[end + 1]!;
    end += 2;
  }
  times.splice(first, end - first, lo, hi);
}

/** Whether clustered view times (PieceViews.times) hold a view within [from, to]. */
export function viewedWithin(times: readonly number[], from: number, to: number): boolean {
  for (let i = 0; i < times.length; i += 2) if (times[i]! <= to && times[i + 1]! >= from) return true;
  return false;
}

const contributionsOf = (index: ContributionIndex): Contribution[] => [...index.values()];
const finite = (t: number) => (Number.isFinite(t) ? t : null);

function mergeInto(target: Bucket, source: Bucket, gap: number) {
  target.score += source.score;
  for (const [key, c] of source.contributions) {
    const existing = target.contributions.get(key);
    if (existing) (existing.count += c.count), (existing.points += c.points);
    else target.contributions.set(key, { ...c });
  }
  for (let i = 0; i < target.timeline.length; i++) target.timeline[i]! += source.timeline[i]!;
  target.events += source.events;
  target.firstSeen = Math.min(target.firstSeen, source.firstSeen);
  target.lastSeen = Math.max(target.lastSeen, source.lastSeen);
  target.firstVisit = Math.min(target.firstVisit, source.firstVisit);
  // The source's moments follow the target's, as if its rows came after.
  const shift = (k: Kept | null): Kept | null => (k ? { m: k.m, order: k.order + target.noted } : null);
  for (const k of source.listed) target.listed.push(shift(k)!);
  const latest = shift(source.latest);
  if (latest && (!target.latest || latest.m.t > target.latest.m.t)) target.latest = latest;
  const latestIntent = shift(source.latestIntent);
  if (latestIntent && (!target.latestIntent || latestIntent.m.t > target.latestIntent.m.t)) target.latestIntent = latestIntent;
  const firstIntent = shift(source.firstIntent);
  if (firstIntent && (!target.firstIntent || firstIntent.m.t < target.firstIntent.m.t)) target.firstIntent = firstIntent;
  target.noted += source.noted;
  if (source.lastViewT > target.lastViewT) {
    target.lastViewT = source.lastViewT;
    target.lastViewPiece = source.lastViewPiece;
    target.lastViewPersona = source.lastViewPersona;
  }
  for (const [piece, v] of source.pieces) {
    const existing = target.pieces.get(piece);
    if (!existing) target.pieces.set(piece, { piece, count: v.count, times: [...v.times] });
    else {
      existing.count += v.count;
      for (let i = 0; i < v.times.length; i += 2) addTimes(existing.times, v.times[i]!, v.times[i + 1]!, gap);
    }
  }
}

/** The bucket's kept moments, deduplicated, in log order. */
function momentsOf(b: Bucket): Moment[] {
  const all = [...b.listed];
  for (const k of [b.latest, b.latestIntent, b.firstIntent]) if (k && !all.some((x) => x.order === k.order)) all.push(k);
  return all.sort((x, y) => x.order - y.order).map((k) => k.m);
}

const lastViewOf = (b: Bucket): PieceView | null => (b.lastViewPiece === null ? null : { t: b.lastViewT, piece: b.lastViewPiece, persona: b.lastViewPersona });

/** The columns the engine reads, in the order of a `ScoringTuple`. */
export const SCORING_COLUMNS = ['t', 'type', 'account', 'persona', 'piece', 'stakeholder', 'visitor', 'value', 'label'] as const;
export type ScoringRow = Pick<LogRow, (typeof SCORING_COLUMNS)[number]>;
/** A log row as an array in SCORING_COLUMNS order (what SQLite returns with arrays on: no object per row). */
export type ScoringTuple = [t: number, type: LogRow['type'], account: string, persona: string | null, piece: string | null, stakeholder: string | null, visitor: string | null, value: number | null, label: string | null];

/** Scores log rows given as objects. */
export function scoreLog(rows: Iterable<ScoringRow>, input: ScoringInput): ScoringResult {
  function* tuples(): Generator<ScoringTuple> {
    for (const r of rows) yield [r.t, r.type, r.account, r.persona, r.piece, r.stakeholder, r.visitor, r.value, r.label];
  }
  return scoreTuples(tuples(), input);
}

/** Scores log rows given as SCORING_COLUMNS tuples: the fast path, one pass. */
export function scoreTuples(rows: Iterable<ScoringTuple>, input: ScoringInput): ScoringResult {
  return finishScoring(streamTuples(rows, input), input);
}

/** What the pass over the log keeps: per account, its people (buckets) and pages. Opaque outside the engine. */
export interface ScoringState {
  readonly states: ReadonlyMap<string, unknown>;
  readonly events: number;
  readonly ignored: number;
}
interface StreamedState extends ScoringState {
  readonly states: Map<string, AccountState>;
  readonly pageIds: PageIds;
}

/**
 * The pass over the log on its own: the state kept once every row is read, before the measures
 * are computed from it (scoreTuples does both). Exported for tests/unit/scoring-memory.test.ts,
 * which checks that this state does not grow with the number of events.
 */
export function streamTuples(rows: Iterable<ScoringTuple>, input: ScoringInput): ScoringState {
  const { config, now } = input;
  const days = config.report.timelineDays;
  const halfLife = config.halfLifeDays * DAY;
  const dayDecay = Array.from({ length: days + 2 }, (_, k) => 0.5 ** ((k * DAY) / halfLife));
  const eventWeights = config.weights.events;
  const stageWeights = config.weights.stages;
  const cap = config.weights.engagedSecondsCap;
  const notable: boolean[] = [];
  for (const type of [...NOTABLE_TYPES, ...config.intent.eventTypes]) notable[TYPE_CODE[type]] = true;
  const intentSince = now - config.intent.windowDays * DAY;
  const isIntent = isIntentSignal(config);
  const gap = clusterGapOf(config);

  const states = new Map<string, AccountState>();
  for (const account of input.accounts) {
    states.set(account.id, { account, stakeholders: new Map(), visitors: new Map(), privacy: newBucket('privacy-protected', null, days), links: new Map(), grid: new Map() });
  }

  const pageIds = new PageIds();
  let events = 0;
  let ignored = 0;
  for (const row of rows) {
    // Indexed reads: array destructuring would go through the iterator protocol on every row.
    const rawT = row[0];
    const type = row[1];
    const persona = row[3];
    const piece = row[4];
    const stakeholder = row[5];
    const visitor = row[6];
    const value = row[7];
    const label = row[8];
    const state = states.get(row[2]);
    if (!state) {
      ignored++;
      continue;
    }
    events++;
    const t = rawT < now ? rawT : now;
    let bucket: Bucket | undefined;
    if (stakeholder) {
      if (visitor) state.links.set(visitor, stakeholder);
      bucket = state.stakeholders.get(stakeholder);
      if (!bucket) state.stakeholders.set(stakeholder, (bucket = newBucket(`stakeholder:${stakeholder}`, stakeholder, days)));
    } else if (visitor) {
      bucket = state.visitors.get(visitor);
      if (!bucket) state.visitors.set(visitor, (bucket = newBucket(`visitor:${visitor}`, null, days)));
    } else bucket = state.privacy;

    // Points: weight by type (per second for engaged time) x stage of the piece x decay.
    const code = TYPE_CODE[type];
    const engaged = code === 1;
    const seconds = engaged ? Math.min(Math.max(value ?? 0, 0), cap) : 0;
    const base = (eventWeights[type] ?? 0) * (engaged ? seconds : 1);
    const stage = piece ? input.pieceStages[piece] : undefined;
    const weighted = base * (stage ? stageWeights[stage] : 1);
    const age = now - t;
    const k = Math.min(Math.floor(age / DAY), days);
    const toPoint = 0.5 ** ((age - k * DAY) / halfLife); // from the event to its timeline point
    const points = weighted * toPoint * dayDecay[k]!;
    bucket.score += points;
    bucket.timeline[k]! += weighted * toPoint;

    const cta = code === 3;
    const personaKey = persona ?? '';
    const pieceKey = piece ?? '';
    const page = pageIds.id(personaKey, cta ? `${pieceKey}|${label ?? ''}` : pieceKey);
    const ckey = page * TYPE_SLOTS + code;
    const c = bucket.contributions.get(ckey);
    if (c) (c.count += 1), (c.points += points);
    else bucket.contributions.set(ckey, { event: type, persona, piece, label: cta ? label : null, count: 1, points });

    bucket.events++;
    if (t < bucket.firstSeen) bucket.firstSeen = t;
    if (t > bucket.lastSeen) bucket.lastSeen = t;
    if (notable[code]) {
      // Kept: what the report shows (see PersonScore.moments); the rest is in the contributions.
      const k: Kept = { m: { t, event: type, label, piece, persona }, order: bucket.noted++ };
      const intent = isIntent(k.m);
      if (code === 8 || (intent && t >= intentSince)) bucket.listed.push(k);
      if (!bucket.latest || t > bucket.latest.m.t) bucket.latest = k;
      if (intent) {
        if (!bucket.latestIntent || t > bucket.latestIntent.m.t) bucket.latestIntent = k;
        if (!bucket.firstIntent || t < bucket.firstIntent.m.t) bucket.firstIntent = k;
      }
    }
    if (code === 0 && t < bucket.firstVisit) bucket.firstVisit = t;
    if (piece && (code === 0 || engaged)) {
      let gridRow = state.grid.get(personaKey);
      if (!gridRow) state.grid.set(personaKey, (gridRow = new Map()));
      let cell = gridRow.get(piece);
      if (!cell) gridRow.set(piece, (cell = { views: 0, seconds: 0 }));
      if (engaged) cell.seconds += seconds;
      else {
        cell.views++;
        let views = bucket.pieces.get(piece);
        if (!views) bucket.pieces.set(piece, (views = { piece, count: 0, times: [] }));
        views.count++;
        addTimes(views.times, t, t, gap);
        if (t > bucket.lastViewT) {
          bucket.lastViewT = t;
          bucket.lastViewPiece = piece;
          bucket.lastViewPersona = persona;
        }
      }
    }
  }

  const state: StreamedState = { states, pageIds, events, ignored };
  return state;
}

/** The measures from the streamed state. */
function finishScoring(streamed: ScoringState, input: ScoringInput): ScoringResult {
  const { states, events, ignored } = streamed as StreamedState;
  const { now } = input;
  const accounts = [...states.values()].map((state) => finishAccount(state, input));
  accounts.sort((a, b) => b.score - a.score || a.account.id.localeCompare(b.account.id));

  const funnel = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, accounts.filter((a) => a.funnel[s].met).length])) as Record<FunnelStep, number>;
  const people = { identified: 0, activated: 0, anonymous: 0, anonymousAboveThreshold: 0 };
  for (const a of accounts) {
    people.identified += a.identified;
    people.activated += a.activated;
    people.anonymous += a.people.length - a.identified;
    people.anonymousAboveThreshold += a.anonymousAboveThreshold;
  }
  return { now, accounts, overall: { funnel, people, events, ignored }, content: contentPerformance(accounts, states) };
}

/** A visitor who once came through a personal link is that stakeholder all along. */
function mergeLinkedVisitors(state: AccountState, days: number, gap: number) {
  for (const [visitor, stakeholder] of state.links) {
    const anonymous = state.visitors.get(visitor);
    if (!anonymous) continue;
    let target = state.stakeholders.get(stakeholder);
    if (!target) state.stakeholders.set(stakeholder, (target = newBucket(`stakeholder:${stakeholder}`, stakeholder, days)));
    mergeInto(target, anonymous, gap);
    state.visitors.delete(visitor);
  }
}

function personOf(b: Bucket, committee: Map<string, CommitteeMember>, config: ScoringConfig, now: number): PersonScore {
  const stakeholder = b.stakeholder ? committee.get(b.stakeholder) ?? null : null;
  const contributions = contributionsOf(b.contributions).sort((x, y) => y.points - x.points);
  const byPiece = new Map<string, number>();
  for (const c of contributions) if (c.piece) byPiece.set(c.piece, (byPiece.get(c.piece) ?? 0) + c.points);
  const intentSince = now - config.intent.windowDays * DAY;
  const isIntent = isIntentSignal(config);
  const moments = momentsOf(b);
  const recent = moments.filter((m) => m.t >= intentSince);
  const bookedMeeting = recent.some((m) => m.event === 'meeting_booked');
  return {
    key: b.key,
    stakeholder,
    role: stakeholder?.role ?? 'unknown',
    score: b.score,
    contributions,
    events: b.events,
    firstSeen: b.firstSeen,
    lastSeen: b.lastSeen,
    firstVisit: finite(b.firstVisit),
    activated: b.score >= config.thresholds.activated || (stakeholder !== null && bookedMeeting && config.salesReady.meetingBooked),
    strong: b.score >= config.thresholds.strong,
    bookedMeeting,
    intent: recent.filter(isIntent).sort((x, y) => x.t - y.t),
    moments,
    lastView: lastViewOf(b),
    pieceViews: [...b.pieces.values()],
    topPieces: [...byPiece.entries()].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([p]) => p),
  };
}

/** Account score at each day, oldest first, from the role-weighted daily buckets. */
function timelineOf(buckets: { bucket: Bucket; weight: number }[], config: ScoringConfig): number[] {
  const days = config.report.timelineDays;
  const dayFactor = 0.5 ** (1 / config.halfLifeDays);
  const timeline: number[] = new Array(days + 1);
  let running = 0;
  for (let k = days; k >= 0; k--) {
    running = running * dayFactor + buckets.reduce((s, { bucket, weight }) => s + weight * bucket.timeline[k]!, 0);
    timeline[days - k] = running;
  }
  return timeline;
}

function finishAccount(state: AccountState, input: ScoringInput): AccountScore {
  const { config, now } = input;
  const { account, privacy: privacyBucket } = state;
  const committee = new Map(account.committee.map((s) => [s.id, s]));
  mergeLinkedVisitors(state, config.report.timelineDays, clusterGapOf(config));

  const buckets = [...state.stakeholders.values(), ...state.visitors.values()];
  const people = buckets.map((b) => personOf(b, committee, config, now));
  people.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));

  const roles = config.weights.roles;
  const contributions: AccountScore['contributions'] = people.map((p) => ({ person: p.key, label: personLabel(p), role: p.role, weight: roles[p.role], personScore: p.score, points: roles[p.role] * p.score }));
  if (privacyBucket.events > 0) {
    const w = config.weights.privacyProtected;
    contributions.push({ person: 'privacy-protected', label: privacyBucket.listed.some((k) => k.m.event === 'meeting_booked') ? 'privacy-protected visits (GPC / DNT) and bookings matched by e-mail domain' : 'privacy-protected visits (GPC / DNT)', role: 'unknown', weight: w, personScore: privacyBucket.score, points: w * privacyBucket.score });
  }
  const score = contributions.reduce((s, c) => s + c.points, 0);
  const weightOf = (b: Bucket) => roles[(b.stakeholder && committee.get(b.stakeholder)?.role) || 'unknown'];
  const timeline = timelineOf([...buckets.map((b) => ({ bucket: b, weight: weightOf(b) })), { bucket: privacyBucket, weight: config.weights.privacyProtected }], config);

  const intentSince = now - config.intent.windowDays * DAY;
  const isIntent = isIntentSignal(config);
  const privacyMoments = momentsOf(privacyBucket);
  const privacy: PrivacyActivity = {
    events: privacyBucket.events,
    score: privacyBucket.score,
    firstSeen: finite(privacyBucket.firstSeen),
    lastSeen: finite(privacyBucket.lastSeen),
    firstVisit: finite(privacyBucket.firstVisit),
    intent: privacyMoments.filter((m) => m.t >= intentSince && isIntent(m)).sort((x, y) => x.t - y.t),
    moments: privacyMoments,
    lastView: lastViewOf(privacyBucket),
    pieceViews: [...privacyBucket.pieces.values()],
  };

  const { funnel, stage, keyRole, intentSignals } = funnelOf(people, privacy.intent, config);
  const coverage = coverageOf(account, people, anonymousTrackReads(people, contributionsOf(privacyBucket.contributions)));
  const redFlags = redFlagsOf({ account, people, coverage, timeline, active: people.length > 0 || privacy.events > 0 }, config);

  const pieceTotals = new Map<string, number>();
  for (const p of people) for (const c of p.contributions) if (c.piece) pieceTotals.set(c.piece, (pieceTotals.get(c.piece) ?? 0) + roles[p.role] * c.points);
  const grid: AccountScore['grid'] = {};
  for (const [persona, byPiece] of state.grid) grid[persona] = Object.fromEntries(byPiece);
  let lastSeen = privacyBucket.lastSeen;
  let events = privacyBucket.events;
  for (const p of people) (lastSeen = Math.max(lastSeen, p.lastSeen)), (events += p.events);
  const identified = people.filter((p) => p.stakeholder);

  return {
    account,
    score,
    contributions,
    people,
    privacy,
    events,
    stage,
    funnel,
    identified: identified.length,
    activated: identified.filter((p) => p.activated).length,
    anonymousAboveThreshold: people.filter((p) => !p.stakeholder && p.score >= config.thresholds.activated).length,
    keyRoleActivated: keyRole.map((p) => ({ key: p.key, title: p.stakeholder!.title, name: p.stakeholder!.name ?? null, score: p.score, strong: p.strong })),
    intentSignals,
    coverage,
    redFlags,
    timeline,
    grid,
    topContent: [...pieceTotals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([p]) => p),
    lastSeen: finite(lastSeen),
  };
}

function contentPerformance(accounts: AccountScore[], states: Map<string, AccountState>): PiecePerformance[] {
  const perf = new Map<string, PiecePerformance>();
  const get = (piece: string) => {
    let p = perf.get(piece);
    if (!p) perf.set(piece, (p = { piece, views: 0, people: 0, accounts: 0, engagedSeconds: 0 }));
    return p;
  };
  const inAccount = new Set<string>();
  const byPerson = new Set<string>();
  for (const a of accounts) {
    inAccount.clear();
    for (const person of a.people) {
      byPerson.clear();
      for (const c of person.contributions) {
        if (!c.piece || c.event !== 'page_view') continue;
        get(c.piece).views += c.count;
        byPerson.add(c.piece);
      }
      for (const piece of byPerson) (get(piece).people += 1), inAccount.add(piece);
    }
    for (const byPiece of Object.values(a.grid)) for (const [piece, cell] of Object.entries(byPiece)) get(piece).engagedSeconds += cell.seconds;
    // Privacy-protected views count as views, not as people.
    for (const c of states.get(a.account.id)!.privacy.contributions.values()) if (c.piece && c.event === 'page_view') (get(c.piece).views += c.count), inAccount.add(c.piece);
    for (const piece of inAccount) get(piece).accounts += 1;
  }
  return [...perf.values()].sort((a, b) => b.views - a.views || a.piece.localeCompare(b.piece));
}
