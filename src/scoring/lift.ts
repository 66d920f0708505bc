/**
 * What sets a piece apart before intent: its lift. A journey is one person's visits to an
 * account's site (an identified stakeholder or an anonymous visitor; privacy-protected visits
 * cannot be linked into journeys). An intent journey is one with an intent signal (anywhere in the
 * log); the pieces it includes are those viewed in the `report.precedingDays` before its first
 * intent signal. For each piece:
 *   intent share = intent journeys that include it / intent journeys
 *   share        = journeys that viewed it at all / journeys
 *   lift         = intent share / share
 * A lift above 1 means the piece is read before intent more often than it is read at all.
 * Over the engine's per-person aggregates: its first intent signal (kept among the moments) and,
 * per piece, the view times clustered for `report.precedingDays` (so `config` should be the one
 * the log was scored with).
 */
import type { ScoringConfig } from '../schemas/scoring.ts';
import type { PersonScore } from './types.ts';
import { viewedWithin } from './viewTimes.ts';
import { isIntentSignal } from './funnel.ts';

const DAY = 86_400_000;

export interface Journey {
  /** Every piece the person viewed. */
  pieces: Set<string>;
  /** Pieces viewed within `precedingDays` before the first intent signal; null without intent. */
  beforeIntent: Set<string> | null;
}

export interface LiftRow {
  piece: string;
  /** Intent journeys that include the piece before intent, of `intentTotal`. */
  intentJourneys: number;
  intentTotal: number;
  /** Journeys that viewed the piece, of `total`. */
  journeys: number;
  total: number;
  intentShare: number;
  share: number;
  /** intentShare / share; 0 without intent journeys. */
  lift: number;
}

export function journeysOf(people: PersonScore[], config: ScoringConfig): Journey[] {
  const isIntent = isIntentSignal(config);
  const span = config.report.precedingDays * DAY;
  return people.map((p) => {
    let first = Infinity;
    for (const m of p.moments) if (m.t < first && isIntent(m)) first = m.t;
    const pieces = new Set<string>();
    const before = Number.isFinite(first) ? new Set<string>() : null;
    for (const v of p.pieceViews) {
      pieces.add(v.piece);
      if (before && viewedWithin(v.times, first - span, first)) before.add(v.piece);
    }
    return { pieces, beforeIntent: before };
  });
}

/** Lift of every piece viewed in the journeys, highest first (then by intent journeys, journeys, name). */
export function pieceLift(journeys: Journey[]): LiftRow[] {
  const total = journeys.length;
  const intentTotal = journeys.filter((j) => j.beforeIntent).length;
  const counts = new Map<string, { intent: number; all: number }>();
  for (const j of journeys) {
    for (const piece of j.pieces) {
      const c = counts.get(piece) ?? { intent: 0, all: 0 };
      c.all++;
      if (j.beforeIntent?.has(piece)) c.intent++;
      counts.set(piece, c);
    }
  }
  return [...counts.entries()]
    .map(([piece, c]) => {
      const intentShare = intentTotal ? c.intent / intentTotal : 0;
      const share = c.all / total;
      return { piece, intentJourneys: c.intent, intentTotal, journeys: c.all, total, intentShare, share, lift: intentShare / share };
    })
    .sort((a, b) => b.lift - a.lift || b.intentJourneys - a.intentJourneys || b.journeys - a.journeys || a.piece.localeCompare(b.piece));
}
