/**
 * A person's view times of one piece, kept as clusters instead of one time per view
 * (PieceViews.times): [from, to, from, to, ...], oldest first, views less than
 * `report.precedingDays` apart joined into one. That is all the lift (lift.ts: which pieces were
 * read in the days before the first intent signal) needs to ask, and a person has at most one
 * cluster per `precedingDays` of the log, so memory follows the log's days, not its views.
 */
import type { ScoringConfig } from '../schemas/scoring.ts';

const DAY = 86_400_000;

/**
 * Gap up to which two view times join one cluster: just under `report.precedingDays`, so that a
 * window of that length (whose ends are computed in floating point) cannot fall between two views
 * of one cluster.
 */
export function clusterGapOf(config: ScoringConfig): number {
  const span = config.report.precedingDays * DAY;
  return Math.max(0, span - Math.max(span * 1e-9, 0.01));
}

/** Adds the view times [from, to] (one cluster, or one time) to sorted clusters. */
export function addTimes(times: number[], from: number, to: number, gap: number): void {
  const n = times.length;
  // Fast path: at or after the start of the last cluster (a log mostly comes in time order).
  if (n === 0 || from >= times[n - 2]!) {
    if (n > 0 && from - times[n - 1]! <= gap) {
      if (to > times[n - 1]!) times[n - 1] = to;
    } else times.push(from, to);
    return;
  }
  // The clusters [lo, hi] that overlap [from - gap, to + gap] merge with it into one.
  let first = 0;
  while (first < n && times[first + 1]! < from - gap) first += 2;
  let end = first;
  let lo = from;
  let hi = to;
  while (end < n && times[end]! <= to + gap) {
    if (times[end]! < lo) lo = times[end]!;
    if (times[end + 1]! > hi) hi = times[end + 1]!;
    end += 2;
  }
  times.splice(first, end - first, lo, hi);
}

/** Whether clustered view times (PieceViews.times) hold a view within [from, to]. */
export function viewedWithin(times: readonly number[], from: number, to: number): boolean {
  for (let i = 0; i < times.length; i += 2) if (times[i]! <= to && times[i + 1]! >= from) return true;
  return false;
}
