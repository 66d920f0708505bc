/**
 * Scoring config (`content/scoring.yaml`): every weight, threshold and window the scoring engine,
 * the triggers and the reports use. Defaults here are the documented defaults (docs/scoring.md).
 */
import { z } from 'zod';
import { BUYING_STAGES, DECISION_ROLES } from './vocabulary.ts';
import { EVENT_TYPES } from '../events/schema.ts';

const weight = z.number().min(0);
const days = z.number().positive();

/**
 * Funnel steps, in order. The funnel is a sequence: a step counts only when the steps before it
 * count (see src/scoring/funnel.ts); an account's stage is the last step that counts.
 */
/**
 * Moments that alert the account owner at once (the `instant` section):
 * - `book-click`: an identified person clicks a meeting call to action;
 * - `calculator`: an identified person completes a calculator (with the result reached);
 * - `plan-opened`: an identified person opens the mutual action plan;
 * - `sensitive-piece`: an identified person reads a piece marked `signal: pricing` or `security`;
 * - `new-persona`: a persona shows up for the first time in a warm account (anyone, even anonymous);
 * - `meeting-booked`: a meeting booked through the booking webhooks;
 * - `plan-update`: a stakeholder on their personal link marks a step of the plan done, proposes
 *   another date or comments on a step (whatever their role: the plan is shared work).
 */
export const INSTANT_MOMENTS = ['book-click', 'calculator', 'plan-opened', 'sensitive-piece', 'new-persona', 'meeting-booked', 'plan-update'] as const;
export type InstantMoment = (typeof INSTANT_MOMENTS)[number];

export const FUNNEL_STEPS = ['identified', 'activated', 'key-role-activated', 'intent', 'sales-ready'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export const scoringConfigSchema = z.strictObject({
  /** Days after which an event counts half as much (exponential time decay). */
  halfLifeDays: days.default(14),
  weights: z
    .strictObject({
      /** Points per event, by type. `engaged_time` is per second engaged (capped by `engagedSecondsCap`). */
      events: z
        .strictObject(Object.fromEntries(EVENT_TYPES.map((t) => [t, weight.optional()])) as Record<(typeof EVENT_TYPES)[number], z.ZodOptional<typeof weight>>)
        .default({}),
      /** Seconds of one engaged_time event that count at most (a tab left open is not reading). */
      engagedSecondsCap: z.number().positive().default(600),
      /** Multiplier by the buying stage of the piece the event happened on (landing and track pages count 1). */
      stages: z.strictObject(Object.fromEntries(BUYING_STAGES.map((s) => [s, weight.optional()])) as Record<(typeof BUYING_STAGES)[number], z.ZodOptional<typeof weight>>).default({}),
      /** Weight of a person in the account score, by decision role; `unknown` is an anonymous visitor. */
      roles: z
        .strictObject({ ...Object.fromEntries(DECISION_ROLES.map((r) => [r, weight.optional()])), unknown: weight.optional() } as Record<(typeof DECISION_ROLES)[number] | 'unknown', z.ZodOptional<typeof weight>>)
        .default({}),
      /** Weight of privacy-protected (GPC / DNT) account-level events in the account score. */
      privacyProtected: weight.default(0.1),
    })
    .default({ events: {}, engagedSecondsCap: 600, stages: {}, roles: {}, privacyProtected: 0.1 }),
  thresholds: z
    .strictObject({
      /** Person score from which a person counts as activated. */
      activated: weight.default(15),
      /** Person score from which an activated decision maker counts as strongly activated. */
      strong: weight.default(40),
      /** Account score that fires the "score crossed" trigger. */
      accountScore: weight.default(120),
    })
    .default({ activated: 15, strong: 40, accountScore: 120 }),
  intent: z
    .strictObject({
      /** Calls to action that show purchase intent (labels of cta_click events). */
      ctaKinds: z.array(z.string()).default(['meeting', 'contact', 'calculator']),
      /** Event types that show intent whatever their label. */
      eventTypes: z.array(z.enum(EVENT_TYPES)).default(['calculator_completed', 'form_submit', 'meeting_booked']),
      /** An intent signal counts for this many days. */
      windowDays: days.default(30),
    })
    .default({ ctaKinds: ['meeting', 'contact', 'calculator'], eventTypes: ['calculator_completed', 'form_submit', 'meeting_booked'], windowDays: 30 }),
  salesReady: z
    .strictObject({
      /** Activated decision makers needed. */
      minDecisionMakers: z.number().int().min(1).default(2),
      /** ...plus an intent signal within `intent.windowDays`. */
      requireIntent: z.boolean().default(true),
      /**
       * A meeting booked (meeting_booked within `intent.windowDays`) by an identified stakeholder
       * makes them activated whatever their decayed score; booked by a decision maker, it makes the
       * account sales-ready on its own (the meeting is the sales conversation the funnel leads to).
       */
      meetingBooked: z.boolean().default(true),
    })
    .default({ minDecisionMakers: 2, requireIntent: true, meetingBooked: true }),
  redFlags: z
    .strictObject({
      /** Cooling: the account score fell by more than `coolingDropPercent` over the last `coolingWindowDays` (with the default half-life, 14 quiet days make 50%)... */
      coolingWindowDays: days.default(14),
      coolingDropPercent: z.number().min(0).max(100).default(40),
      /** ...from at least this score (small scores do not cool). */
      coolingMinScore: weight.default(20),
      /** Single-threaded: fewer engaged known contacts than this (but at least one) while the committee maps more. */
      singleThreadedBelow: z.number().int().min(2).default(2),
    })
    .default({ coolingWindowDays: 14, coolingDropPercent: 40, coolingMinScore: 20, singleThreadedBelow: 2 }),
  triggers: z
    .strictObject({
      /** Funnel steps whose entry raises an alert. */
      stages: z.array(z.enum(FUNNEL_STEPS)).default(['intent', 'sales-ready']),
      /** Raise an alert when the account score crosses `thresholds.accountScore`. */
      scoreCrossed: z.boolean().default(true),
      /** Raise an alert when a red flag appears. */
      redFlags: z.boolean().default(true),
      /** Webhook attempts before giving up (with backoff). */
      webhookAttempts: z.number().int().min(1).max(10).default(4),
    })
    .default({ stages: ['intent', 'sales-ready'], scoreCrossed: true, redFlags: true, webhookAttempts: 4 }),
  instant: z
    .strictObject({
      /** Alert within a minute of the moments below, from the collector (needs a webhook: TAILOR_SLACK_WEBHOOK_URL, TAILOR_TEAMS_WEBHOOK_URL or TAILOR_WEBHOOK_URL). */
      enabled: z.boolean().default(true),
      /** Which moments alert at once: see INSTANT_MOMENTS. */
      moments: z.array(z.enum(INSTANT_MOMENTS)).default([...INSTANT_MOMENTS]),
      /** Roles whose moments alert when the person is identified by a personal link (anonymous visitors alert only as a new persona or a booking). */
      roles: z.array(z.enum(DECISION_ROLES)).default(['decision-maker', 'influencer']),
      /** A persona's first visit alerts when its account had at least this many events in the last `warmDays`. */
      warmEvents: z.number().int().min(1).default(10),
      warmDays: days.default(30),
      /** Delivery attempts per alert and channel before giving up (backoff from 30 s, doubling). */
      attempts: z.number().int().min(1).max(20).default(8),
    })
    .prefault({}),
  report: z
    .strictObject({
      /** Days shown in score timelines and sparklines. */
      timelineDays: z.number().int().min(7).max(365).default(30),
      /** Days before an intent signal whose pieces count as "preceding intent". */
      precedingDays: days.default(14),
    })
    .default({ timelineDays: 30, precedingDays: 14 }),
});
export type ScoringConfigInput = z.input<typeof scoringConfigSchema>;

/** Defaults for the weights that are records (filled in after parsing so partial configs work). */
export const DEFAULT_EVENT_WEIGHTS: Record<(typeof EVENT_TYPES)[number], number> = {
  page_view: 1,
  engaged_time: 0.05,
  scroll: 0.5,
  cta_click: 12,
  download: 6,
  calculator_completed: 15,
  outbound_click: 0.5,
  form_submit: 12,
  meeting_booked: 40,
  plan_view: 10,
};
export const DEFAULT_STAGE_WEIGHTS: Record<(typeof BUYING_STAGES)[number], number> = { awareness: 1, consideration: 1.3, evaluation: 1.7, decision: 2 };
export const DEFAULT_ROLE_WEIGHTS: Record<(typeof DECISION_ROLES)[number] | 'unknown', number> = { 'decision-maker': 1, influencer: 0.6, user: 0.4, unknown: 0.25 };

/** The parsed config with every default filled in. */
export function resolveScoringConfig(input: unknown) {
  const parsed = scoringConfigSchema.parse(input ?? {});
  return {
    ...parsed,
    weights: {
      ...parsed.weights,
      events: { ...DEFAULT_EVENT_WEIGHTS, ...stripUndefined(parsed.weights.events) },
      stages: { ...DEFAULT_STAGE_WEIGHTS, ...stripUndefined(parsed.weights.stages) },
      roles: { ...DEFAULT_ROLE_WEIGHTS, ...stripUndefined(parsed.weights.roles) },
    },
  };
}
export type ScoringConfig = ReturnType<typeof resolveScoringConfig>;

function stripUndefined<T extends Record<string, number | undefined>>(o: T): { [K in keyof T]?: number } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: number };
}
