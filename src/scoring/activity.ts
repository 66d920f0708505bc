/**
 * What happened most recently that matters in an account: who, what, when ("Janne Korhonen
 * (Talousjohtaja) completed the calculator, 2 days ago"), and the last intent signal. What matters
 * is a notable moment (a call to action, a download, the calculator, a form, a booked meeting, an
 * intent signal) or reading a piece; landing and track page views, scrolls, reading time and
 * outbound links do not. Pure, over the engine's per-person moments (it keeps the latest notable
 * moment and the latest intent signal of each person) and latest piece view.
 */
import type { EventType } from '../events/schema.ts';
import type { ScoringConfig } from '../schemas/scoring.ts';
import type { AccountScore, CommitteeMember, Moment, PersonScore, PieceView } from './types.ts';
import { isIntentSignal } from './funnel.ts';
import { personName } from './people.ts';

const DAY = 86_400_000;

export type Who =
  | { kind: 'stakeholder'; stakeholder: CommitteeMember }
  | { kind: 'former'; id: string }
  | { kind: 'anonymous' }
  | { kind: 'privacy-protected' }
  /** A booking whose attendee matched the account's e-mail domain, not a stakeholder. */
  | { kind: 'account' };

export interface Activity {
  t: number;
  who: Who;
  event: EventType;
  label: string | null;
  piece: string | null;
  persona: string | null;
}

function whoOf(p: PersonScore): Who {
  if (p.stakeholder) return { kind: 'stakeholder', stakeholder: p.stakeholder };
  return p.key.startsWith('stakeholder:') ? { kind: 'former', id: p.key.slice('stakeholder:'.length) } : { kind: 'anonymous' };
}

/** Every source of activity in the account: each person, then the privacy-protected visits. */
function sources(a: AccountScore): { who: Who; moments: Moment[]; lastView: PieceView | null }[] {
  return [...a.people.map((p) => ({ who: whoOf(p), moments: p.moments, lastView: p.lastView })), { who: { kind: 'privacy-protected' } as Who, moments: a.privacy.moments, lastView: a.privacy.lastView }];
}

/** The latest moment (and, with `views`, piece view) over the account; on a tie a moment wins over a view. */
function latest(a: AccountScore, keep: (m: Moment) => boolean, views: boolean): Activity | null {
  let best: Activity | null = null;
  for (const { who, moments, lastView: v } of sources(a)) {
    for (const m of moments) {
      // Account-level rows (no visitor, no stakeholder) are privacy-protected visits, or bookings matched by domain.
      if (keep(m) && (!best || m.t > best.t)) best = { t: m.t, who: who.kind === 'privacy-protected' && m.event === 'meeting_booked' ? { kind: 'account' } : who, event: m.event, label: m.label, piece: m.piece, persona: m.persona };
    }
    if (views && v && (!best || v.t > best.t)) best = { t: v.t, who, event: 'page_view', label: null, piece: v.piece, persona: v.persona };
  }
  return best;
}

/** The most recent activity that matters, or null. */
export function lastActivity(a: AccountScore): Activity | null {
  return latest(a, () => true, true);
}

/** The most recent intent signal in the log (not only within the intent window), or null. */
export function lastIntent(a: AccountScore, config: ScoringConfig): Activity | null {
  return latest(a, isIntentSignal(config), false);
}

const CTA: Record<string, string> = { meeting: 'asked for a meeting', contact: 'asked to be contacted', calculator: 'opened the calculator' };

/** What happened, as a verb phrase. */
export function whatHappened(act: Pick<Activity, 'event' | 'label' | 'piece'>): string {
  switch (act.event) {
    case 'page_view':
      return act.piece ? `read "${act.piece}"` : 'visited the site';
    case 'cta_click':
      return act.label ? CTA[act.label] ?? `clicked "${act.label}"` : 'clicked a call to action';
    case 'download':
      return `downloaded ${act.label ?? act.piece ?? 'a file'}`;
    case 'calculator_completed':
      return 'completed the calculator';
    case 'form_submit':
      return `submitted a form${act.label ? ` (${act.label})` : ''}`;
    case 'meeting_booked':
      return `booked a meeting${act.label ? ` via ${act.label}` : ''}`;
    case 'plan_view':
      return 'opened the mutual action plan';
    case 'outbound_click':
      return `followed a link${act.label ? ` to ${act.label}` : ''}`;
    case 'scroll':
      return 'scrolled a page';
    case 'engaged_time':
      return 'read a page';
  }
}

/** Who did it: the stakeholder's name and title when identified, else the persona track and "an anonymous visitor". */
export function whoDidIt(act: Pick<Activity, 'who' | 'persona'>): string {
  const track = act.persona ? ` on the ${act.persona} track` : '';
  switch (act.who.kind) {
    case 'stakeholder':
      return personName(act.who.stakeholder);
    case 'former':
      return `stakeholder ${act.who.id} (no longer in the committee)`;
    case 'anonymous':
      return `an anonymous visitor${track}`;
    case 'privacy-protected':
      return `a privacy-protected visitor${track}`;
    case 'account':
      return 'someone at the account';
  }
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function ago(t: number, now: number): string {
  const age = Math.max(0, now - t);
  const n = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'} ago`;
  if (age < 60_000) return 'just now';
  if (age < 3_600_000) return n(Math.floor(age / 60_000), 'minute');
  if (age < DAY) return n(Math.floor(age / 3_600_000), 'hour');
  return n(Math.floor(age / DAY), 'day');
}

/** "Janne Korhonen (Talousjohtaja) completed the calculator, 2 days ago". */
export function describeActivity(act: Activity, now: number): string {
  return `${whoDidIt(act)} ${whatHappened(act)}, ${ago(act.t, now)}`;
}
