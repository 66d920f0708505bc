/**
 * The measures the report shows beside the scores, composed from their modules: the last activity
 * that matters and the last intent signal (scoring/activity.ts), meetings booked and the time to the
 * first (scoring/meetings.ts), the lift of pieces before intent (scoring/lift.ts), per account
 * and across accounts; and, with the content and the account files at hand (ReportContext), the
 * call list (callList.ts) and the state of each mutual action plan (plan.ts). Pure.
 */
import type { ScoringConfig } from '../schemas/scoring.ts';
import type { Plan } from '../schemas/plan.ts';
import type { AccountScore, Names, ScoringResult } from '../scoring/engine.ts';
import { describeActivity, lastActivity, lastIntent, type Activity } from '../scoring/activity.ts';
import { meetingsOf, meetingsTotal, type Meetings } from '../scoring/meetings.ts';
import { journeysOf, pieceLift, type Journey, type LiftRow } from '../scoring/lift.ts';
import { ID_NAMES } from '../scoring/words.ts';
import { callList, type CallAccount, type CallEntry } from './callList.ts';
import type { PieceInfo } from './content.ts';
import { planStatus, type PlanStatus, type PlanViews } from './plan.ts';

export interface AccountInsights {
  lastActivity: Activity | null;
  /** "who what, when", or null without activity that matters. */
  lastActivityText: string | null;
  lastIntent: Activity | null;
  meetings: Meetings;
  /** Pieces read before intent, by lift (only those in at least one intent journey). */
  lift: LiftRow[];
  /** The mutual action plan's state, for accounts with one. */
  plan: PlanStatus | undefined;
}

/** What the report knows of an account beyond its scores: its microsite, CRM record, owner and plan. */
export interface ReportAccount extends CallAccount {
  ownerEmail: string;
  plan: Plan | undefined;
}

/** The content and account files, for the report's words, call list and plans. */
export interface ReportContext {
  names: Names;
  pieces: Record<string, PieceInfo>;
  accounts: Record<string, ReportAccount>;
  planViews: readonly PlanViews[];
  siteUrl: string;
  crm?: { companyUrl: string; contactUrl?: string | undefined } | undefined;
}

export interface ReportInsights {
  accounts: Map<string, AccountInsights>;
  /** Lift of every piece over all accounts' journeys. */
  lift: LiftRow[];
  meetings: ReturnType<typeof meetingsTotal>;
  /** Titles of pieces and personas (ids without a context). */
  names: Names;
  /** Whom to call, most urgent first (empty without a context). */
  calls: CallEntry[];
  context: ReportContext | undefined;
}

export function reportInsights(result: ScoringResult, config: ScoringConfig, context?: ReportContext, stageWords: (a: AccountScore) => string = (a) => a.stage): ReportInsights {
  const names = context?.names ?? ID_NAMES;
  const accounts = new Map<string, AccountInsights>();
  const allJourneys: Journey[] = [];
  const today = new Date(result.now).toISOString().slice(0, 10);
  const plans = new Map<string, PlanStatus>();
  const views = new Map<string, PlanViews[]>();
  for (const v of context?.planViews ?? []) views.set(v.account, [...(views.get(v.account) ?? []), v]);
  for (const a of result.accounts) {
    const activity = lastActivity(a);
    const journeys = journeysOf(a.people, config);
    for (const j of journeys) allJourneys.push(j);
    const planFile = context?.accounts[a.account.id]?.plan;
    const plan = planFile ? planStatus(planFile, a.account.committee, views.get(a.account.id) ?? [], today) : undefined;
    if (plan) plans.set(a.account.id, plan);
    accounts.set(a.account.id, {
      lastActivity: activity,
      lastActivityText: activity ? describeActivity(activity, result.now, names) : null,
      lastIntent: lastIntent(a, config),
      meetings: meetingsOf(a),
      lift: pieceLift(journeys).filter((r) => r.intentJourneys > 0),
      plan,
    });
  }
  const calls = context ? callList(result, { ...context, plans }, stageWords) : [];
  return { accounts, lift: pieceLift(allJourneys), meetings: meetingsTotal([...accounts.values()].map((i) => i.meetings)), names, calls, context };
}
