/**
 * What the pass over the log (stream.ts) keeps per person: a bucket, one per identified
 * stakeholder, per anonymous visitor and, per account, one for privacy-protected rows. A bucket
 * holds aggregates, never a list of events, so memory grows with people and pages, not with the
 * log (tests/unit/scoring-memory.test.ts): contributions per page and event type, a score per
 * day of the timeline, per piece viewed a view count and its view times clustered
 * (viewTimes.ts), the latest piece view, and of the notable moments only those the report shows
 * (PersonScore.moments). Here too: merging a bucket into another (a visitor who turns out to be a
 * stakeholder) and reading a bucket back as the moments and the last view the measures use.
 */
import type { Contribution, Moment, PieceView, PieceViews, ScoringAccount } from './types.ts';
import { addTimes } from './viewTimes.ts';

/** Contributions keyed by an integer: page id (interned persona track + piece [+ CTA label]) x TYPE_SLOTS + event type (stream.ts). */
export type ContributionIndex = Map<number, Contribution>;

/** A notable moment kept, with its place in the bucket's log order (moments noted before it). */
export interface Kept {
  m: Moment;
  order: number;
}

/** One person's aggregates (see the header); `key` is PersonScore.key. */
export interface Bucket {
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

/** One account in the pass: its people, its privacy-protected bucket, the visitor-to-stakeholder links seen, and the persona track x piece grid. */
export interface AccountState {
  account: ScoringAccount;
  stakeholders: Map<string, Bucket>;
  visitors: Map<string, Bucket>;
  privacy: Bucket;
  links: Map<string, string>;
  grid: Map<string, Map<string, { views: number; seconds: number }>>;
}

/** An empty bucket, with a timeline of `days` + 1 points. */
export function newBucket(key: string, stakeholder: string | null, days: number): Bucket {
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

export const contributionsOf = (index: ContributionIndex): Contribution[] => [...index.values()];

/** Adds `source` to `target` as if its rows came after the target's; `gap` joins view times into clusters (viewTimes.ts). */
function mergeInto(target: Bucket, source: Bucket, gap: number) {
  target.score += source.score;
  for (const [key, c] of source.contributions) {
    const existing = target.contributions.get(key);
    if (existing) (existing.count += c.count), (existing.points += c.points), (existing.seconds += c.seconds);
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

/** A visitor who once came through a personal link is that stakeholder all along. */
export function mergeLinkedVisitors(state: AccountState, days: number, gap: number) {
  for (const [visitor, stakeholder] of state.links) {
    const anonymous = state.visitors.get(visitor);
    if (!anonymous) continue;
    let target = state.stakeholders.get(stakeholder);
    if (!target) state.stakeholders.set(stakeholder, (target = newBucket(`stakeholder:${stakeholder}`, stakeholder, days)));
    mergeInto(target, anonymous, gap);
    state.visitors.delete(visitor);
  }
}

/** The bucket's kept moments, deduplicated, in log order. */
export function momentsOf(b: Bucket): Moment[] {
  const all = [...b.listed];
  for (const k of [b.latest, b.latestIntent, b.firstIntent]) if (k && !all.some((x) => x.order === k.order)) all.push(k);
  return all.sort((x, y) => x.order - y.order).map((k) => k.m);
}

/** The latest piece view, or null without one. */
export const lastViewOf = (b: Bucket): PieceView | null => (b.lastViewPiece === null ? null : { t: b.lastViewT, piece: b.lastViewPiece, persona: b.lastViewPersona });

