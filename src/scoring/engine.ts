/**
 * The scoring engine: conversion-log rows plus account data in, person and account scores, the
 * funnel, coverage, red flags, timelines and content performance out. Pure: no I/O, no clock
 * (the caller passes `now`). One pass over the rows, so it takes any iterable (an SQLite cursor).
 * Every score carries its contributions; a score is always their sum.
 */
import type { LogRow } from '../events/schema.ts';
import type { BuyingStage, DecisionRole } from '../schemas/vocabulary.ts';
import { FUNNEL_STEPS, type FunnelStep, type ScoringConfig } from '../schemas/scoring.ts';

const DAY = 86_400_000;

export interface ScoringAccount {
  id: string;
  name: string;
  domain: string;
  owner: string;
  committee: { id: string; title: string; persona: string; role: DecisionRole }[];
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

export interface PersonScore {
  /** `stakeholder:<id>` for identified people, `visitor:<id>` for anonymous ones. */
  key: string;
  stakeholder: { id: string; title: string; persona: string; role: DecisionRole } | null;
  role: DecisionRole | 'unknown';
  score: number;
  contributions: Contribution[];
  events: number;
  firstSeen: number;
  lastSeen: number;
  activated: boolean;
  strong: boolean;
  /** Intent signals within the intent window: time and what it was. */
  intent: { t: number; event: string; label: string | null; piece: string | null }[];
  /** Top pieces by points. */
  topPieces: string[];
}

export interface Reason {
  rule: string;
  met: boolean;
  detail: string;
}

export interface RedFlag {
  kind: 'cooling' | 'single-threaded' | 'committee-gap';
  detail: string;
}

export interface AccountScore {
  account: ScoringAccount;
  score: number;
  /** Each person's weighted share, plus privacy-protected visits. Sums to `score`. */
  contributions: { person: string; label: string; role: DecisionRole | 'unknown'; weight: number; personScore: number; points: number }[];
  people: PersonScore[];
  stage: FunnelStep | 'none';
  funnel: Record<FunnelStep, Reason>;
  identified: number;
  activated: number;
  keyRoleActivated: { key: string; title: string; score: number; strong: boolean }[];
  intentSignals: number;
  coverage: { stakeholders: [engaged: number, mapped: number]; personas: [engaged: number, mapped: number]; missingPersonas: string[] };
  redFlags: RedFlag[];
  /** Account score at each day of the timeline, oldest first (last = now). */
  timeline: number[];
  /** Persona track x piece: views and engaged seconds. */
  grid: Record<string, Record<string, { views: number; seconds: number }>>;
  /** Pieces viewed in the days before intent signals, most frequent first. */
  precedingIntent: { piece: string; count: number }[];
  topContent: string[];
  lastSeen: number | null;
}

export interface PiecePerformance {
  piece: string;
  views: number;
  people: number;
  accounts: number;
  engagedSeconds: number;
  precededIntent: number;
}

export interface ScoringResult {
  now: number;
  accounts: AccountScore[];
  overall: { funnel: Record<FunnelStep, number>; people: { identified: number; activated: number; anonymous: number }; events: number; ignored: number };
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
};
/** Contribution keys are page id x TYPE_SLOTS + type code. */
const TYPE_SLOTS = 16;

/** Interns (persona, page) pairs as small integers, so hot-loop lookups need no string building. */
class PageIds {
  readonly #byPersona = new Map<string, Map<string, number>>();
  #next = 0;
  id(persona: string, page: string): number {
    let byPage = this.#byPersona.get(persona);
    if (!byPage) this.#byPersona.set(persona, (byPage = new Map()));
    let id = byPage.get(page);
    if (id === undefined) byPage.set(page, (id = this.#next++));
    return id;
  }
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
  intent: PersonScore['intent'];
}

interface AccountState {
  account: ScoringAccount;
  stakeholders: Map<string, Bucket>;
  visitors: Map<string, Bucket>;
  privacy: Bucket;
  links: Map<string, string>;
  grid: Map<string, Map<string, { views: number; seconds: number }>>;
  /** Piece views, as parallel arrays (time, piece) to keep allocations down. */
  viewTimes: number[];
  viewPieces: string[];
  trackPersonas: Set<string>;
}

/** How a person is named in reports: title and id, or a short anonymous tag. Never a name. */
export function personLabel(p: Pick<PersonScore, 'key' | 'stakeholder'>): string {
  if (p.stakeholder) return `${p.stakeholder.title} (${p.stakeholder.id})`;
  const [kind, id = ''] = p.key.split(/:(.*)/s);
  return kind === 'stakeholder' ? `stakeholder ${id} (no longer in the committee)` : `anonymous visitor ${id.slice(0, 8)}`;
}

function newBucket(key: string, stakeholder: string | null, days: number): Bucket {
  return { key, stakeholder, score: 0, contributions: new Map(), timeline: new Float64Array(days + 1), events: 0, firstSeen: Infinity, lastSeen: -Infinity, intent: [] };
}

const contributionsOf = (index: ContributionIndex): Contribution[] => [...index.values()];

function mergeInto(target: Bucket, source: Bucket) {
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
  target.intent.push(...source.intent);
}


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
  const { config, now } = input;
  const days = config.report.timelineDays;
  const halfLife = config.halfLifeDays * DAY;
  const dayDecay = Array.from({ length: days + 2 }, (_, k) => 0.5 ** ((k * DAY) / halfLife));
  const eventWeights = config.weights.events;
  const stageWeights = config.weights.stages;
  const cap = config.weights.engagedSecondsCap;
  const intentSince = now - config.intent.windowDays * DAY;
  const intentCtas = new Set(config.intent.ctaKinds);
  const intentTypes = new Set<string>(config.intent.eventTypes);

  const states = new Map<string, AccountState>();
  for (const account of input.accounts) {
    states.set(account.id, {
      account,
      stakeholders: new Map(),
      visitors: new Map(),
      privacy: newBucket('privacy-protected', null, days),
      links: new Map(),
      grid: new Map(),
      viewTimes: [],
      viewPieces: [],
      trackPersonas: new Set(),
    });
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
    const engaged = type === 'engaged_time';
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

    const cta = type === 'cta_click';
    const personaKey = persona ?? '';
    const pieceKey = piece ?? '';
    const page = pageIds.id(personaKey, cta ? `${pieceKey}|${label ?? ''}` : pieceKey);
    const ckey = page * TYPE_SLOTS + TYPE_CODE[type];
    const c = bucket.contributions.get(ckey);
    if (c) (c.count += 1), (c.points += points);
    else bucket.contributions.set(ckey, { event: type, persona, piece, label: cta ? label : null, count: 1, points });

    bucket.events++;
    if (t < bucket.firstSeen) bucket.firstSeen = t;
    if (t > bucket.lastSeen) bucket.lastSeen = t;
    if (persona) state.trackPersonas.add(persona);
    if (t >= intentSince && (intentTypes.has(type) || (cta && label !== null && intentCtas.has(label)))) bucket.intent.push({ t, event: type, label, piece });
    if (piece && (type === 'page_view' || engaged)) {
      let gridRow = state.grid.get(personaKey);
      if (!gridRow) state.grid.set(personaKey, (gridRow = new Map()));
      let cell = gridRow.get(piece);
      if (!cell) gridRow.set(piece, (cell = { views: 0, seconds: 0 }));
      if (engaged) cell.seconds += seconds;
      else {
        cell.views++;
        state.viewTimes.push(t);
        state.viewPieces.push(piece);
      }
    }
  }

  const accounts = [...states.values()].map((state) => finishAccount(state, input));
  accounts.sort((a, b) => b.score - a.score || a.account.id.localeCompare(b.account.id));

  const funnel = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, accounts.filter((a) => a.funnel[s].met).length])) as Record<FunnelStep, number>;
  const people = accounts.flatMap((a) => a.people);
  return {
    now,
    accounts,
    overall: {
      funnel,
      people: { identified: people.filter((p) => p.stakeholder).length, activated: people.filter((p) => p.activated).length, anonymous: people.filter((p) => !p.stakeholder).length },
      events,
      ignored,
    },
    content: contentPerformance(accounts, states),
  };
}

function finishAccount(state: AccountState, input: ScoringInput): AccountScore {
  const { config } = input;
  const { account } = state;
  const committee = new Map(account.committee.map((s) => [s.id, s]));
  const days = config.report.timelineDays;

  // A visitor who once came through a personal link is that stakeholder all along.
  for (const [visitor, stakeholder] of state.links) {
    const anonymous = state.visitors.get(visitor);
    if (!anonymous) continue;
    let target = state.stakeholders.get(stakeholder);
    if (!target) state.stakeholders.set(stakeholder, (target = newBucket(`stakeholder:${stakeholder}`, stakeholder, days)));
    mergeInto(target, anonymous);
    state.visitors.delete(visitor);
  }

  const people: PersonScore[] = [...state.stakeholders.values(), ...state.visitors.values()].map((b) => {
    const stakeholder = b.stakeholder ? committee.get(b.stakeholder) ?? null : null;
    const contributions = contributionsOf(b.contributions).sort((x, y) => y.points - x.points);
    const byPiece = new Map<string, number>();
    for (const c of contributions) if (c.piece) byPiece.set(c.piece, (byPiece.get(c.piece) ?? 0) + c.points);
    return {
      key: b.key,
      stakeholder,
      role: stakeholder?.role ?? 'unknown',
      score: b.score,
      contributions,
      events: b.events,
      firstSeen: b.firstSeen,
      lastSeen: b.lastSeen,
      activated: b.score >= config.thresholds.activated,
      strong: b.score >= config.thresholds.strong,
      intent: b.intent.sort((x, y) => x.t - y.t),
      topPieces: [...byPiece.entries()].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([p]) => p),
    };
  });
  people.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));

  const roles = config.weights.roles;
  const contributions: AccountScore['contributions'] = people.map((p) => ({
    person: p.key,
    label: personLabel(p),
    role: p.role,
    weight: roles[p.role],
    personScore: p.score,
    points: roles[p.role] * p.score,
  }));
  if (state.privacy.events > 0) {
    const w = config.weights.privacyProtected;
    contributions.push({ person: 'privacy-protected', label: 'privacy-protected visits (GPC / DNT)', role: 'unknown', weight: w, personScore: state.privacy.score, points: w * state.privacy.score });
  }
  const score = contributions.reduce((s, c) => s + c.points, 0);

  // Timeline: score at each day, oldest first, from the role-weighted daily buckets.
  const weightOf = (b: Bucket) => (b === state.privacy ? config.weights.privacyProtected : roles[(b.stakeholder && committee.get(b.stakeholder)?.role) || 'unknown']);
  const buckets = [...state.stakeholders.values(), ...state.visitors.values(), state.privacy];
  const dayFactor = 0.5 ** (DAY / (config.halfLifeDays * DAY));
  const timeline: number[] = new Array(days + 1);
  let running = 0;
  for (let k = days; k >= 0; k--) {
    running = running * dayFactor + buckets.reduce((s, b) => s + weightOf(b) * b.timeline[k]!, 0);
    timeline[days - k] = running;
  }

  const identifiedPeople = people.filter((p) => p.stakeholder);
  const activatedPeople = people.filter((p) => p.activated);
  const keyRole = activatedPeople.filter((p) => p.role === 'decision-maker');
  const intentPeople = [...people.filter((p) => p.intent.length > 0)];
  const intentSignals = people.reduce((n, p) => n + p.intent.length, 0) + state.privacy.intent.length;
  const names = (ps: PersonScore[]) => ps.map((p) => (p.stakeholder ? p.stakeholder.title : 'anonymous visitor')).join(', ');
  const fmt = (n: number) => n.toFixed(1);
  const funnel: Record<FunnelStep, Reason> = {
    identified: {
      rule: 'a buying-committee member identified through a personal link',
      met: identifiedPeople.length > 0,
      detail: identifiedPeople.length ? `${identifiedPeople.length} identified: ${names(identifiedPeople)}` : 'no one identified yet',
    },
    activated: {
      rule: `a person scoring at least ${config.thresholds.activated}`,
      met: activatedPeople.length > 0,
      detail: activatedPeople.length ? `${activatedPeople.length} activated: ${activatedPeople.map((p) => `${p.stakeholder?.title ?? 'anonymous visitor'} ${fmt(p.score)}`).join(', ')}` : 'no one above the threshold',
    },
    'key-role-activated': {
      rule: 'an activated decision maker',
      met: keyRole.length > 0,
      detail: keyRole.length ? keyRole.map((p) => `${p.stakeholder!.title} ${fmt(p.score)} (${p.strong ? 'strongly' : 'moderately'})`).join(', ') : 'no decision maker activated',
    },
    intent: {
      rule: `a reaction to a call to action (${[...config.intent.ctaKinds, ...config.intent.eventTypes].join(', ')}) within ${config.intent.windowDays} days`,
      met: intentSignals > 0,
      detail: intentSignals
        ? [...intentPeople.map((p) => `${p.stakeholder?.title ?? 'anonymous visitor'}: ${p.intent.map((i) => i.label ?? i.event).join(', ')}`), ...(state.privacy.intent.length ? [`privacy-protected visitors: ${state.privacy.intent.length}`] : [])].join('; ')
        : 'no intent signal',
    },
    'sales-ready': {
      rule: `${config.salesReady.minDecisionMakers} or more activated decision makers${config.salesReady.requireIntent ? ` and an intent signal within ${config.intent.windowDays} days` : ''}`,
      met: keyRole.length >= config.salesReady.minDecisionMakers && (!config.salesReady.requireIntent || intentSignals > 0),
      detail: `${keyRole.length} activated decision maker(s), ${intentSignals} intent signal(s)`,
    },
  };
  const stage = [...FUNNEL_STEPS].reverse().find((s) => funnel[s].met) ?? 'none';

  // Coverage of the buying committee.
  const engagedStakeholders = identifiedPeople.length;
  const mappedPersonas = [...new Set(account.committee.map((s) => s.persona))];
  const engagedPersonaSet = new Set([...state.trackPersonas, ...identifiedPeople.map((p) => p.stakeholder!.persona)]);
  const missingPersonas = mappedPersonas.filter((p) => !engagedPersonaSet.has(p));

  const redFlags: RedFlag[] = [];
  const { coolingWindowDays, coolingDropPercent, coolingMinScore, singleThreadedBelow } = config.redFlags;
  const back = Math.min(Math.round(coolingWindowDays), days);
  const before = timeline[days - back]!;
  const current = timeline[days]!;
  if (before >= coolingMinScore && current < before * (1 - coolingDropPercent / 100)) {
    redFlags.push({ kind: 'cooling', detail: `score fell from ${fmt(before)} to ${fmt(current)} (${fmt(((current - before) / before) * 100)}%) in ${back} days` });
  }
  // Threads are known contacts: anonymous visitors may be anyone, even the same person.
  if (identifiedPeople.length > 0 && identifiedPeople.length < singleThreadedBelow && account.committee.length >= singleThreadedBelow) {
    redFlags.push({ kind: 'single-threaded', detail: `only ${identifiedPeople.length} of ${account.committee.length} mapped contacts engaged (${names(identifiedPeople)})` });
  }
  if (people.length > 0 || state.privacy.events > 0) {
    const dmPersonas = [...new Set(account.committee.filter((s) => s.role === 'decision-maker').map((s) => s.persona))];
    for (const persona of dmPersonas.filter((p) => !engagedPersonaSet.has(p))) {
      redFlags.push({ kind: 'committee-gap', detail: `decision-maker persona "${persona}" never engaged` });
    }
  }

  // Pieces viewed in the days before each intent signal.
  const preceding = new Map<string, number>();
  const intents = [...people.flatMap((p) => p.intent), ...state.privacy.intent];
  if (intents.length) {
    const span = config.report.precedingDays * DAY;
    for (const i of intents) {
      const seen = new Set<string>();
      for (let v = 0; v < state.viewTimes.length; v++) {
        const t = state.viewTimes[v]!;
        if (t <= i.t && t >= i.t - span) seen.add(state.viewPieces[v]!);
      }
      for (const p of seen) preceding.set(p, (preceding.get(p) ?? 0) + 1);
    }
  }

  const pieceTotals = new Map<string, number>();
  for (const p of people) for (const c of p.contributions) if (c.piece) pieceTotals.set(c.piece, (pieceTotals.get(c.piece) ?? 0) + roles[p.role] * c.points);
  const grid: AccountScore['grid'] = {};
  for (const [persona, byPiece] of state.grid) grid[persona] = Object.fromEntries(byPiece);
  let lastSeen = state.privacy.lastSeen;
  for (const p of people) if (p.lastSeen > lastSeen) lastSeen = p.lastSeen;

  return {
    account,
    score,
    contributions,
    people,
    stage,
    funnel,
    identified: identifiedPeople.length,
    activated: activatedPeople.length,
    keyRoleActivated: keyRole.map((p) => ({ key: p.key, title: p.stakeholder!.title, score: p.score, strong: p.strong })),
    intentSignals,
    coverage: { stakeholders: [engagedStakeholders, account.committee.length], personas: [mappedPersonas.length - missingPersonas.length, mappedPersonas.length], missingPersonas },
    redFlags,
    timeline,
    grid,
    precedingIntent: [...preceding.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([piece, count]) => ({ piece, count })),
    topContent: [...pieceTotals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([p]) => p),
    lastSeen: Number.isFinite(lastSeen) ? lastSeen : null,
  };
}

function contentPerformance(accounts: AccountScore[], states: Map<string, AccountState>): PiecePerformance[] {
  const perf = new Map<string, PiecePerformance & { peopleSet: Set<string>; accountSet: Set<string> }>();
  const get = (piece: string) => {
    let p = perf.get(piece);
    if (!p) perf.set(piece, (p = { piece, views: 0, people: 0, accounts: 0, engagedSeconds: 0, precededIntent: 0, peopleSet: new Set(), accountSet: new Set() }));
    return p;
  };
  for (const a of accounts) {
    for (const person of a.people) {
      for (const c of person.contributions) {
        if (!c.piece) continue;
        const p = get(c.piece);
        if (c.event === 'page_view') {
          p.views += c.count;
          p.peopleSet.add(`${a.account.id}/${person.key}`);
          p.accountSet.add(a.account.id);
        }
      }
    }
    for (const byPiece of Object.values(a.grid)) for (const [piece, cell] of Object.entries(byPiece)) get(piece).engagedSeconds += cell.seconds;
    for (const { piece, count } of a.precedingIntent) get(piece).precededIntent += count;
    // Privacy-protected views count as views, not as people.
    const privacy = states.get(a.account.id)!.privacy;
    for (const c of contributionsOf(privacy.contributions)) if (c.piece && c.event === 'page_view') (get(c.piece).views += c.count), get(c.piece).accountSet.add(a.account.id);
  }
  return [...perf.values()]
    .map(({ peopleSet, accountSet, ...p }) => ({ ...p, people: peopleSet.size, accounts: accountSet.size }))
    .sort((a, b) => b.views - a.views || a.piece.localeCompare(b.piece));
}
