/**
 * The funnel (the five ABM steps) as a sequence: a step counts only when the steps before it
 * count, so one anonymous "meeting" click does not lift an account from activated to intent past
 * key-role-activated. Each step keeps whether its own rule holds, so a step that holds but waits
 * for an earlier one is shown as such. Only identified stakeholders are activated; intent may come
 * from anyone on the account's site (an account-level signal), once a decision maker is activated.
 */
import { FUNNEL_STEPS, type FunnelStep, type ScoringConfig } from '../schemas/scoring.ts';
import type { Moment, PersonScore, Reason } from './types.ts';
import { whoIs } from './people.ts';
import { doingWords, intentRuleWords, timesWords } from './words.ts';

/** Whether a moment is an intent signal: an intent event type, or a call to action of an intent kind. */
export function isIntentSignal(config: ScoringConfig): (m: Pick<Moment, 'event' | 'label'>) => boolean {
  const ctas = new Set(config.intent.ctaKinds);
  const types = new Set<string>(config.intent.eventTypes);
  return (m) => types.has(m.event) || (m.event === 'cta_click' && m.label !== null && ctas.has(m.label));
}

/** The steps a step follows: all before it, except intent for sales-ready when `salesReady.requireIntent` is off. */
export function prerequisites(step: FunnelStep, config: ScoringConfig): FunnelStep[] {
  const before = FUNNEL_STEPS.slice(0, FUNNEL_STEPS.indexOf(step));
  return step === 'sales-ready' && !config.salesReady.requireIntent ? before.filter((s) => s !== 'intent') : before;
}

const fmt = (n: number) => n.toFixed(1);

/** Intent on rows with no visitor and no stakeholder: privacy-protected visits, and bookings matched to the account by e-mail domain only. */
function accountLevel(intent: Moment[]): string[] {
  const bookings = intent.filter((m) => m.event === 'meeting_booked').length;
  const visits = intent.filter((m) => m.event !== 'meeting_booked');
  return [...(visits.length ? [`privacy-protected visitors: ${intentWords(visits)}`] : []), ...(bookings ? [`someone at the account: ${bookings} meeting(s) booked`] : [])];
}
const ids = (ps: PersonScore[]) => ps.map((p) => p.stakeholder!.id);

/** A person's intent signals in words, the same ones counted once: "asking for a meeting twice, completing the ROI calculator". */
function intentWords(moments: Moment[]): string {
  const counts = new Map<string, number>();
  for (const m of moments) counts.set(doingWords(m), (counts.get(doingWords(m)) ?? 0) + 1);
  return [...counts].map(([words, n]) => `${words}${timesWords(n)}`).join(', ');
}

export function funnelOf(people: PersonScore[], privacyIntent: Moment[], config: ScoringConfig) {
  const { activated: threshold } = config.thresholds;
  const { minDecisionMakers, requireIntent, meetingBooked } = config.salesReady;
  const identified = people.filter((p) => p.stakeholder);
  const activated = identified.filter((p) => p.activated);
  const anonymousAbove = people.filter((p) => !p.stakeholder && p.score >= threshold).length;
  const keyRole = activated.filter((p) => p.role === 'decision-maker');
  const bookedBy = meetingBooked ? keyRole.filter((p) => p.bookedMeeting) : [];
  const intentPeople = people.filter((p) => p.intent.length > 0);
  const intentSignals = people.reduce((n, p) => n + p.intent.length, 0) + privacyIntent.length;
  const names = (ps: PersonScore[]) => ps.map(whoIs).join(', ');
  const scored = (p: PersonScore) => `${whoIs(p)} ${fmt(p.score)}${p.score < threshold ? ' (booked a meeting)' : ''}`;
  const notCounted = anonymousAbove ? `; ${anonymousAbove} anonymous visitor(s) above ${threshold}, not counted` : '';

  const rules: Record<FunnelStep, Omit<Reason, 'met' | 'waitsFor'>> = {
    identified: {
      rule: 'a buying-committee member identified through a personal link',
      holds: identified.length > 0,
      detail: identified.length ? `${identified.length} identified: ${names(identified)}` : 'no one identified yet',
      stakeholders: ids(identified),
    },
    activated: {
      rule: `an identified stakeholder scoring at least ${threshold}${meetingBooked ? ' or who booked a meeting' : ''}`,
      holds: activated.length > 0,
      detail: (activated.length ? `${activated.length} activated: ${activated.map(scored).join(', ')}` : `no identified stakeholder above ${threshold}`) + notCounted,
      stakeholders: ids(activated),
    },
    'key-role-activated': {
      rule: 'an activated decision maker',
      holds: keyRole.length > 0,
      detail: keyRole.length ? keyRole.map((p) => `${scored(p)} (${p.strong ? 'strongly' : 'moderately'})`).join(', ') : 'no decision maker activated',
      stakeholders: ids(keyRole),
    },
    intent: {
      rule: `an intent signal within ${config.intent.windowDays} days: ${intentRuleWords(config.intent)}`,
      holds: intentSignals > 0,
      detail: intentSignals
        ? [...intentPeople.map((p) => `${whoIs(p)}: ${intentWords(p.intent)}`), ...accountLevel(privacyIntent)].join('; ')
        : 'no intent signal',
      stakeholders: ids(intentPeople.filter((p) => p.stakeholder)),
    },
    'sales-ready': {
      rule: `${minDecisionMakers} or more activated decision makers${requireIntent ? ` and an intent signal within ${config.intent.windowDays} days` : ''}${meetingBooked ? ', or a meeting booked by a decision maker' : ''}`,
      holds: (keyRole.length >= minDecisionMakers && (!requireIntent || intentSignals > 0)) || bookedBy.length > 0,
      detail: `${keyRole.length} activated decision maker(s), ${intentSignals} intent signal(s)${bookedBy.length ? `; meeting booked by ${names(bookedBy)}` : ''}`,
      stakeholders: ids(keyRole),
    },
  };

  const funnel = {} as Record<FunnelStep, Reason>;
  let stage: FunnelStep | 'none' = 'none';
  for (const step of FUNNEL_STEPS) {
    const before = prerequisites(step, config);
    const met = rules[step].holds && before.every((s) => funnel[s].met);
    funnel[step] = { ...rules[step], met, waitsFor: rules[step].holds && !met ? before.find((s) => !funnel[s].holds) ?? null : null };
    if (met) stage = step;
  }
  return { funnel, stage, keyRole, intentSignals };
}
