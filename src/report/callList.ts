/**
 * "Call today": whom sales should call, most urgent first, with why in words, what to say and
 * where to go. One entry per person with a moment in the last CALL_WINDOW_DAYS: asked for a
 * meeting or to be contacted, completed the calculator, sent a form, booked a meeting, opened the
 * plan, read a pricing or security piece, took a download or registered. The most urgent moment
 * leads (CALL_ORDER: someone waiting for an answer comes before someone reading), the person's
 * other recent moments follow it. Every time is the event's, never the report's. Pure: over the
 * engine's people (their kept moments and piece views) and the plan views from the log.
 */
import { SIGNAL_TALKING_POINTS, TALKING_POINTS } from '../alerts/message.ts';
import type { AccountScore, CommitteeMember, Moment, Names, PersonScore, ScoringResult } from '../scoring/types.ts';
import { personName } from '../scoring/people.ts';
import { momentWords, pageWords, quote, ROLE_WORDS } from '../scoring/words.ts';
import type { PieceInfo } from './content.ts';
import type { PlanStatus, PlanViews } from './plan.ts';

const DAY = 86_400_000;

/** Moments older than this are no reason to call today: the alerts and the account pages keep them. */
export const CALL_WINDOW_DAYS = 7;

/** Why to call, most urgent first: an open question before a booked meeting before reading. */
export const CALL_ORDER = ['asked-meeting', 'asked-contact', 'calculator', 'form', 'meeting-booked', 'plan-opened', 'sensitive-piece', 'download', 'register'] as const;
export type CallReason = (typeof CALL_ORDER)[number];

/** What each moment means for the deal. */
const WHY: Record<CallReason, string> = {
  'asked-meeting': 'Asking to meet is an intent signal: they want to talk now.',
  'asked-contact': 'Asking to be contacted is an intent signal: they are waiting for an answer.',
  calculator: 'Working out the return with their own numbers is an intent signal.',
  form: 'A form sent is an intent signal.',
  'meeting-booked': 'A meeting is booked: the sales conversation the funnel leads to.',
  'plan-opened': 'Coming back to the plan means they are working through the steps agreed together.',
  'sensitive-piece': 'Reading a piece marked as a buying signal.',
  download: 'They took the material away to read or to share.',
  register: 'They signed up to hear more.',
};
const WHY_SIGNAL = {
  pricing: 'Reading about pricing shows they are weighing the purchase.',
  security: 'A security review comes late in an evaluation: they are checking what could stop the purchase.',
};

/** What to say when the piece has no talking point of its own (the instant alerts say the same). */
const SAY: Record<CallReason, string> = {
  'asked-meeting': TALKING_POINTS['book-click'],
  'asked-contact': 'Call back today: ask what prompted them and what they need to decide.',
  calculator: TALKING_POINTS.calculator,
  form: 'Answer what they sent today, and offer a short call.',
  'meeting-booked': TALKING_POINTS['meeting-booked'],
  'plan-opened': TALKING_POINTS['plan-opened'],
  'sensitive-piece': TALKING_POINTS['sensitive-piece'],
  download: 'Ask what they think of it, and who else they are sharing it with.',
  register: 'Offer to answer their questions before the session.',
};
const SAY_SIGNAL = SIGNAL_TALKING_POINTS;

/** What the call list needs to know of an account beyond its scores. */
export interface CallAccount {
  /** The microsite's first path segment. */
  segment: string;
  crmId: string | null;
}

export interface CallContext {
  names: Names;
  pieces: Record<string, PieceInfo>;
  accounts: Record<string, CallAccount>;
  plans: Map<string, PlanStatus>;
  planViews: readonly PlanViews[];
  /** The microsites' origin, e.g. https://abm.example.com. */
  siteUrl: string;
  crm?: { companyUrl: string; contactUrl?: string | undefined } | undefined;
}

export interface CallMoment {
  reason: CallReason;
  t: number;
  what: string;
  piece: string | null;
}

export interface CallEntry {
  account: AccountScore;
  /** Null for a meeting booked by someone at the account who is not in the committee. */
  person: CommitteeMember | null;
  /** Their score and activation, when identified. */
  score: PersonScore | null;
  reason: CallReason;
  /** The event's time. */
  t: number;
  what: string;
  why: string;
  say: string;
  /** The person's other moments in the window, most urgent first. */
  also: CallMoment[];
  links: { mailto: string | null; crm: string | null; microsite: string | null };
}

const recordUrl = (template: string | undefined, id: string | null | undefined) => (template && id ? template.replace(/\{id\}|%7Bid%7D/g, encodeURIComponent(id)) : null);

/** The call list reason of a kept moment, if it is one. */
function reasonOf(m: Moment): CallReason | undefined {
  switch (m.event) {
    case 'cta_click':
      return m.label === 'meeting' ? 'asked-meeting' : m.label === 'contact' ? 'asked-contact' : m.label === 'download' ? 'download' : m.label === 'register' ? 'register' : undefined;
    case 'calculator_completed':
      return 'calculator';
    case 'form_submit':
      return 'form';
    case 'meeting_booked':
      return 'meeting-booked';
    case 'plan_view':
      return 'plan-opened';
    case 'download':
      return 'download';
    default:
      return undefined;
  }
}

const rank = (r: CallReason) => CALL_ORDER.indexOf(r);
const byUrgency = (a: CallMoment, b: CallMoment) => rank(a.reason) - rank(b.reason) || b.t - a.t;

/** A person's moments in the window, as call reasons (one per reason: the latest). */
function personMoments(p: PersonScore | null, moments: Moment[], planView: PlanViews | undefined, since: number, ctx: CallContext): CallMoment[] {
  const found = new Map<CallReason, CallMoment>();
  const add = (m: CallMoment) => {
    const before = found.get(m.reason);
    if (m.t >= since && (!before || m.t > before.t)) found.set(m.reason, m);
  };
  for (const m of moments) {
    const reason = reasonOf(m);
    if (reason) add({ reason, t: m.t, what: momentWords(m, ctx.names), piece: m.piece });
  }
  // Pieces marked as a buying signal: the latest view of each (the end of its last cluster of views).
  for (const v of p?.pieceViews ?? []) {
    const signal = ctx.pieces[v.piece]?.signal;
    if (signal) add({ reason: 'sensitive-piece', t: v.times.at(-1)!, what: `read ${pageWords({ piece: v.piece, persona: null }, ctx.names)}, a ${signal} piece${v.count > 1 ? ` (${v.count} views)` : ''}`, piece: v.piece });
  }
  if (planView) add({ reason: 'plan-opened', t: planView.t, what: `opened the mutual action plan${planView.views > 1 ? ` (${planView.views} times in all)` : ''}`, piece: null });
  // A meeting booked after asking for one answers the ask: the booking leads.
  const asked = found.get('asked-meeting');
  const booked = found.get('meeting-booked');
  if (asked && booked && booked.t >= asked.t) found.delete('asked-meeting');
  return [...found.values()].sort(byUrgency);
}

function whyOf(lead: CallMoment, a: AccountScore, p: PersonScore | null, ctx: CallContext, stage: string): string {
  const signal = lead.piece ? ctx.pieces[lead.piece]?.signal : undefined;
  const meaning = lead.reason === 'sensitive-piece' && signal ? WHY_SIGNAL[signal] : WHY[lead.reason];
  const who = p?.stakeholder ? `${ROLE_WORDS[p.role] ?? p.role}${p.strong ? ', strongly activated' : p.activated ? ', activated' : ''} (score ${p.score.toFixed(1)})` : null;
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return `${meaning}${who ? ` ${capital(who)}.` : ''} ${a.account.name} is ${stage} (account score ${a.score.toFixed(1)}).`;
}

function sayOf(lead: CallMoment, plan: PlanStatus | undefined, ctx: CallContext): string {
  const piece = lead.piece ? ctx.pieces[lead.piece] : undefined;
  if (piece?.talkingPoint) return piece.talkingPoint;
  if (piece?.signal && lead.reason === 'sensitive-piece') return SAY_SIGNAL[piece.signal];
  if (lead.reason === 'plan-opened' && plan?.next) {
    const step = plan.attention[0] ?? plan.next;
    return `Ask whether ${quote(step.title)} (due ${step.due}${step.status === 'at-risk' ? ', marked at risk' : step.overdue ? ', overdue' : ''}) still holds for them, and what would help.`;
  }
  return SAY[lead.reason];
}

/**
 * Whom to call, most urgent first. `stageWords` names a stage ("sales-ready"). Accounts without
 * a moment in the window have no entry: the ranking below the list covers them.
 */
export function callList(result: ScoringResult, ctx: CallContext, stageWords: (a: AccountScore) => string): CallEntry[] {
  const since = result.now - CALL_WINDOW_DAYS * DAY;
  const entries: CallEntry[] = [];
  const planViews = new Map<string, PlanViews[]>();
  for (const v of ctx.planViews) planViews.set(v.account, [...(planViews.get(v.account) ?? []), v]);
  for (const a of result.accounts) {
    const info = ctx.accounts[a.account.id];
    const views = planViews.get(a.account.id) ?? [];
    const plan = ctx.plans.get(a.account.id);
    const microsite = info ? `${ctx.siteUrl.replace(/\/$/, '')}/${info.segment}/` : null;
    const companyRecord = recordUrl(ctx.crm?.companyUrl, info?.crmId);
    const push = (person: CommitteeMember | null, p: PersonScore | null, found: CallMoment[]) => {
      const [lead, ...also] = found;
      if (!lead) return;
      const subject = encodeURIComponent(lead.piece ? ctx.names.piece(lead.piece) : a.account.name);
      entries.push({
        account: a,
        person,
        score: p,
        reason: lead.reason,
        t: lead.t,
        what: lead.what,
        why: whyOf(lead, a, p, ctx, stageWords(a)),
        say: sayOf(lead, plan, ctx),
        also,
        links: {
          mailto: person?.email ? `mailto:${person.email}?subject=${subject}` : null,
          crm: recordUrl(ctx.crm?.contactUrl, person?.crmId) ?? companyRecord,
          microsite,
        },
      });
    };
    for (const p of a.people) {
      if (!p.stakeholder) continue;
      push(p.stakeholder, p, personMoments(p, p.moments, views.find((v) => v.stakeholder === p.stakeholder!.id), since, ctx));
    }
    // Someone at the account booked a meeting (matched by the e-mail's domain): prepare it, whoever it is.
    const bookings = a.privacy.moments.filter((m) => m.event === 'meeting_booked');
    push(null, null, personMoments(null, bookings, undefined, since, ctx));
  }
  return entries.sort((x, y) => rank(x.reason) - rank(y.reason) || y.t - x.t || y.account.score - x.account.score);
}

/** "Anna Virtanen (Chief Financial Officer)", or "Someone at Lumivaara" for an unknown booker. */
export const callWho = (e: Pick<CallEntry, 'person' | 'account'>) => (e.person ? personName(e.person) : `Someone at ${e.account.account.name}`);
