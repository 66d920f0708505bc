/**
 * Which stored events are moments to tell the account owner about at once (the `instant` section
 * of content/scoring.yaml): a pure function of the rows just stored and what the collector knows
 * (each stakeholder's role, each piece's signal). A persona's first visit to a warm account needs a
 * look back in the log: it comes out as a candidate for the alerter to confirm.
 *
 * Each moment has a key: one alert per person, moment and day (UTC), so a visitor who clicks
 * "Book a meeting" five times, or a beacon retried, alerts once. A person is the stakeholder of a
 * personal link, else the anonymous visitor id; where Global Privacy Control or Do Not Track
 * dropped both, the account and persona stand in and nobody is named.
 */
import type { LogRow } from '../events/schema.ts';
import type { InstantMoment, ScoringConfig } from '../schemas/scoring.ts';
import type { DecisionRole } from '../schemas/vocabulary.ts';
import type { PlanUpdateKind, PlanUpdateRow } from '../events/planUpdate.ts';

export type InstantRules = ScoringConfig['instant'];

/** What the build tells the collector about a piece (public content: titles are on the pages). */
export interface PieceFacts {
  title: string;
  signal?: 'pricing' | 'security' | undefined;
  talkingPoint?: string | undefined;
  /** The piece has a calculator. */
  calculator?: boolean | undefined;
}

export interface MomentHit {
  /** One alert per person, moment and day (a plan update: one per update). */
  key: string;
  moment: InstantMoment;
  row: LogRow;
  /** For `plan-update`: the step (its position and title) and what was sent. */
  plan?: PlanUpdateFacts | undefined;
}

/** What a plan update says, for its alert. */
export interface PlanUpdateFacts {
  step: number;
  title: string | null;
  kind: PlanUpdateKind;
  value: string | null;
}

export interface MomentContext {
  rules: InstantRules;
  /** The stakeholder's role, when the directory knows them. */
  roleOf(account: string, stakeholder: string): DecisionRole | undefined;
  piece(id: string): PieceFacts | undefined;
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The person a row is about, for keys: stakeholder, else visitor, else the account's persona track. */
export function personKey(row: Pick<LogRow, 'account' | 'stakeholder' | 'visitor' | 'persona'>): string {
  if (row.stakeholder) return `s:${row.account}:${row.stakeholder}`;
  if (row.visitor) return `v:${row.account}:${row.visitor}`;
  return `a:${row.account}:${row.persona ?? '-'}`;
}

export const momentKey = (moment: InstantMoment, row: Pick<LogRow, 'account' | 'stakeholder' | 'visitor' | 'persona' | 't'>) => `${moment}|${personKey(row)}|${day(row.t)}`;

/** The moment a row is, if it is one (before the first-visit check). */
function momentOf(row: LogRow, ctx: MomentContext): InstantMoment | undefined {
  if (row.type === 'meeting_booked') return 'meeting-booked';
  // The rest needs a person the account owner can act on: identified, in a role that alerts.
  if (!row.stakeholder) return undefined;
  const role = ctx.roleOf(row.account, row.stakeholder);
  if (!role || !ctx.rules.roles.includes(role)) return undefined;
  switch (row.type) {
    case 'cta_click':
      return row.label === 'meeting' ? 'book-click' : undefined;
    case 'calculator_completed':
      return 'calculator';
    case 'plan_view':
      return 'plan-opened';
    case 'page_view':
      return row.piece && ctx.piece(row.piece)?.signal ? 'sensitive-piece' : undefined;
    default:
      return undefined;
  }
}

/**
 * The moments among `rows` (in order, one per key), and the (account, persona) pairs seen in them,
 * for the alerter to check whether they are new in a warm account.
 */
export function findMoments(rows: readonly LogRow[], ctx: MomentContext): { hits: MomentHit[]; personas: LogRow[] } {
  if (!ctx.rules.enabled) return { hits: [], personas: [] };
  const wanted = new Set(ctx.rules.moments);
  const hits = new Map<string, MomentHit>();
  const personas = new Map<string, LogRow>();
  for (const row of rows) {
    const moment = momentOf(row, ctx);
    if (moment && wanted.has(moment)) {
      const key = momentKey(moment, row);
      if (!hits.has(key)) hits.set(key, { key, moment, row });
    }
    if (wanted.has('new-persona') && row.persona && row.type === 'page_view' && !personas.has(`${row.account}:${row.persona}`)) personas.set(`${row.account}:${row.persona}`, row);
  }
  return { hits: [...hits.values()], personas: [...personas.values()] };
}

/** The first-visit moment of a persona, once the alerter has seen it is new and the account warm. */
export function newPersonaHit(row: LogRow): MomentHit {
  return { key: `new-persona|${row.account}:${row.persona}`, moment: 'new-persona', row };
}

/**
 * The moment of a plan update, once stored: whoever the stakeholder (the plan is shared work, so
 * `roles` does not apply), one alert per update (a retried request is the same update). The row
 * stands for the update in the alert's words: the plan page, the stakeholder, the time it arrived.
 */
export function planUpdateHit(update: PlanUpdateRow, planPath: string | undefined, rules: InstantRules): MomentHit | undefined {
  if (!rules.enabled || !rules.moments.includes('plan-update')) return undefined;
  const row: LogRow = {
    id: update.id,
    receivedAt: update.receivedAt,
    t: update.receivedAt,
    type: 'plan_view',
    account: update.account,
    persona: null,
    piece: null,
    stakeholder: update.stakeholder,
    visitor: null,
    session: null,
    path: planPath ?? '/',
    ref: null,
    value: null,
    label: null,
    campaign: null,
  };
  return { key: `plan-update|${personKey(row)}|${update.id}`, moment: 'plan-update', row, plan: { step: update.step, title: update.stepTitle, kind: update.kind, value: update.value } };
}
