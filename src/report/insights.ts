/**
 * The measures the report shows beside the scores, composed from their modules: the last activity
 * that matters and the last intent signal (scoring/activity.ts), meetings booked and the time to the
 * first (scoring/meetings.ts), and the lift of pieces before intent (scoring/lift.ts), per account
 * and across accounts. Pure.
 */
import type { ScoringConfig } from '../schemas/scoring.ts';
import type { ScoringResult } from '../scoring/engine.ts';
import { describeActivity, lastActivity, lastIntent, type Activity } from '../scoring/activity.ts';
import { meetingsOf, meetingsTotal, type Meetings } from '../scoring/meetings.ts';
import { journeysOf, pieceLift, type Journey, type LiftRow } from '../scoring/lift.ts';

export interface AccountInsights {
  lastActivity: Activity | null;
  /** "who what, when", or null without activity that matters. */
  lastActivityText: string | null;
  lastIntent: Activity | null;
  meetings: Meetings;
  /** Pieces read before intent, by lift (only those in at least one intent journey). */
  lift: LiftRow[];
}

export interface ReportInsights {
  accounts: Map<string, AccountInsights>;
  /** Lift of every piece over all accounts' journeys. */
  lift: LiftRow[];
  meetings: ReturnType<typeof meetingsTotal>;
}

export function reportInsights(result: ScoringResult, config: ScoringConfig): ReportInsights {
  const accounts = new Map<string, AccountInsights>();
  const allJourneys: Journey[] = [];
  for (const a of result.accounts) {
    const activity = lastActivity(a);
    const journeys = journeysOf(a.people, config);
    for (const j of journeys) allJourneys.push(j);
    accounts.set(a.account.id, {
      lastActivity: activity,
      lastActivityText: activity ? describeActivity(activity, result.now) : null,
      lastIntent: lastIntent(a, config),
      meetings: meetingsOf(a),
      lift: pieceLift(journeys).filter((r) => r.intentJourneys > 0),
    });
  }
  return { accounts, lift: pieceLift(allJourneys), meetings: meetingsTotal([...accounts.values()].map((i) => i.meetings)) };
}
