/**
 * The scoring engine: conversion-log rows plus account data in, person and account scores, the
 * funnel, coverage, red flags, timelines and content performance out. Pure: no I/O, no clock
 * (the caller passes `now`). One pass over the rows, so it takes any iterable (an SQLite cursor).
 * Every score carries its contributions; a score is always their sum.
 *
 * This module is the public entry (scoreLog, scoreTuples, streamTuples) and re-exports what
 * callers use; the engine itself is small modules: the shared types (types.ts), the pass over the
 * log (stream.ts) and what it keeps per person (buckets.ts, with the clustered view times of
 * viewTimes.ts), the assembly of each account (account.ts) and content performance
 * (performance.ts). The pass keeps state per account, person and page, never per event, so its
 * memory does not grow with the log (tests/unit/scoring-memory.test.ts). The measures themselves
 * are small modules too: the funnel (funnel.ts), coverage and red flags (flags.ts), and, composed
 * by the report, last activity (activity.ts), meetings (meetings.ts) and piece lift (lift.ts).
 */
import { FUNNEL_STEPS, type FunnelStep } from '../schemas/scoring.ts';
import { finishAccount } from './account.ts';
import { contentPerformance } from './performance.ts';
import { streamTuples, type ScoringRow, type ScoringState, type ScoringTuple, type StreamedState } from './stream.ts';
import type { ScoringInput, ScoringResult } from './types.ts';

export type * from './types.ts';
export { SCORING_COLUMNS, streamTuples, type ScoringRow, type ScoringState, type ScoringTuple } from './stream.ts';
export { viewedWithin } from './viewTimes.ts';
export { personLabel, personName } from './people.ts';

/** Scores log rows given as objects. */
export function scoreLog(rows: Iterable<ScoringRow>, input: ScoringInput): ScoringResult {
  function* tuples(): Generator<ScoringTuple> {
    for (const r of rows) yield [r.t, r.type, r.account, r.persona, r.piece, r.stakeholder, r.visitor, r.value, r.label];
  }
  return scoreTuples(tuples(), input);
}

/** Scores log rows given as SCORING_COLUMNS tuples: the fast path, one pass. */
export function scoreTuples(rows: Iterable<ScoringTuple>, input: ScoringInput): ScoringResult {
  return finishScoring(streamTuples(rows, input), input);
}

/** The measures from the streamed state. */
function finishScoring(streamed: ScoringState, input: ScoringInput): ScoringResult {
  const { states, events, ignored } = streamed as StreamedState;
  const { now } = input;
  const accounts = [...states.values()].map((state) => finishAccount(state, input));
  accounts.sort((a, b) => b.score - a.score || a.account.id.localeCompare(b.account.id));

  const funnel = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, accounts.filter((a) => a.funnel[s].met).length])) as Record<FunnelStep, number>;
  const people = { identified: 0, activated: 0, anonymous: 0, anonymousAboveThreshold: 0 };
  for (const a of accounts) {
    people.identified += a.identified;
    people.activated += a.activated;
    people.anonymous += a.people.length - a.identified;
    people.anonymousAboveThreshold += a.anonymousAboveThreshold;
  }
  return { now, accounts, overall: { funnel, people, events, ignored }, content: contentPerformance(accounts, states) };
}
