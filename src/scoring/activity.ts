/**
 * What happened most recently that matters in an account: who, what, when ("Janne Korhonen
 * (Talousjohtaja) completed the ROI calculator in “…”, 2 days ago", in words.ts's words), and the last intent signal. What matters
 * is a notable moment (a call to action, a download, the calculator, a form, a booked meeting, an
 * intent signal) or reading a piece; landing and track page views, scrolls, reading time and
 * outbound links do not. Pure, over the engine's per-person moments (it keeps the latest notable
 * moment and the latest intent signal of each person) and latest piece view.
 */
import type { EventType } from '../events/schema.ts';
import type { ScoringConfig } from '../schemas/scoring.ts';
import type { AccountScore, CommitteeMember, Moment, Names, PersonScore, PieceView } from './types.ts';
import { ID_NAMES, momentWords, trackWords } from './words.ts';
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
  /** A completed calculator's return in percent; null otherwise. */
  value: number | null;
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
      if (keep(m) && (!best || m.t > best.t)) best = { t: m.t, who: who.kind === 'privacy-protected' && m.event === 'meeting_booked' ? { kind: 'account' } : who, event: m.event, label: m.label, piece: m.piece, persona: m.persona, value: m.value };
    }
    if (views && v && (!best || v.t > best.t)) best = { t: v.t, who, event: 'page_view', label: null, piece: v.piece, persona: v.persona, value: null };
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

/** What happened, as a verb phrase, with piece and persona titles from `names` (words.ts). */
export function whatHappened(act: Pick<Activity, 'event' | 'label' | 'piece'> & { persona?: string | null; value?: number | null }, names: Names = ID_NAMES): string {
  return momentWords({ persona: null, ...act }, names);
}

/** Who did it: the stakeholder's name and title when identified, else the persona track and "an anonymous visitor". */
export function whoDidIt(act: Pick<Activity, 'who' | 'persona'>, names: Names = ID_NAMES): string {
  const track = trackWords(act.persona, names);
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

/** "Janne Korhonen (Talousjohtaja) completed the ROI calculator in “…”, 2 days ago". */
export function describeActivity(act: Activity, now: number, names: Names = ID_NAMES): string {
  return `${whoDidIt(act, names)} ${whatHappened(act, names)}, ${ago(act.t, now)}`;
}
