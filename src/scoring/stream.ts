/**
 * The pass over the log: one loop over the rows, in any order, from any iterable (an SQLite
 * cursor), that adds each row to its person's bucket (buckets.ts) and its account's grid, and
 * keeps nothing per event. The loop runs once per event (up to 10M in bench/scoring.ts), so it
 * reads rows as tuples by index (no object per row), interns (persona, page) pairs as integers and
 * keys contributions by number: most rows cost a few map lookups and additions. The measures come
 * after, from the buckets (account.ts, engine.ts).
 */
import type { EventType, LogRow } from '../events/schema.ts';
import { isIntentSignal } from './funnel.ts';
import { newBucket, type AccountState, type Bucket, type Kept } from './buckets.ts';
import type { ScoringInput } from './types.ts';
import { addTimes, clusterGapOf } from './viewTimes.ts';

const DAY = 86_400_000;

/** The columns the engine reads, in the order of a `ScoringTuple`. */
export const SCORING_COLUMNS = ['t', 'type', 'account', 'persona', 'piece', 'stakeholder', 'visitor', 'value', 'label'] as const;
export type ScoringRow = Pick<LogRow, (typeof SCORING_COLUMNS)[number]>;
/** A log row as an array in SCORING_COLUMNS order (what SQLite returns with arrays on: no object per row). */
export type ScoringTuple = [t: number, type: LogRow['type'], account: string, persona: string | null, piece: string | null, stakeholder: string | null, visitor: string | null, value: number | null, label: string | null];

/** Event types as small integers: the loop tests codes, not strings, and keys contributions by them. */
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

/** What the pass over the log keeps: per account, its people (buckets) and pages. Opaque outside the engine. */
export interface ScoringState {
  readonly states: ReadonlyMap<string, unknown>;
  readonly events: number;
  readonly ignored: number;
}
/** The state as the engine reads it once the pass is done (engine.ts). */
export interface StreamedState extends ScoringState {
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
    if (c) (c.count += 1), (c.points += points), (c.seconds += seconds);
    else bucket.contributions.set(ckey, { event: type, persona, piece, label: cta ? label : null, count: 1, points, seconds });

    bucket.events++;
    if (t < bucket.firstSeen) bucket.firstSeen = t;
    if (t > bucket.lastSeen) bucket.lastSeen = t;
    if (notable[code]) {
      // Kept: what the report shows (see PersonScore.moments); the rest is in the contributions.
      const k: Kept = { m: { t, event: type, label, piece, persona, value }, order: bucket.noted++ };
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
