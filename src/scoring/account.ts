/**
 * Account assembly: from one account's buckets once the log is read, its people (scores,
 * activation, moments, piece views), the account score as the role-weighted sum of theirs plus
 * privacy-protected visits, the timeline, the funnel (funnel.ts), coverage and red flags
 * (flags.ts), and the persona track x piece grid. Runs once per account after the pass, not per
 * event.
 */
import type { ScoringConfig } from '../schemas/scoring.ts';
import { contributionsOf, lastViewOf, mergeLinkedVisitors, momentsOf, type AccountState, type Bucket } from './buckets.ts';
import { anonymousTrackReads, coverageOf, redFlagsOf } from './flags.ts';
import { funnelOf, isIntentSignal } from './funnel.ts';
import { personLabel } from './people.ts';
import type { AccountScore, CommitteeMember, PersonScore, PrivacyActivity, ScoringInput } from './types.ts';
import { clusterGapOf } from './viewTimes.ts';

const DAY = 86_400_000;

/** A time, or null where none was seen (the buckets start at ±Infinity). */
const finite = (t: number) => (Number.isFinite(t) ? t : null);

/** A bucket as the person the report shows: `committee` names identified stakeholders (gone from the committee: null). */
function personOf(b: Bucket, committee: Map<string, CommitteeMember>, config: ScoringConfig, now: number): PersonScore {
  const stakeholder = b.stakeholder ? committee.get(b.stakeholder) ?? null : null;
  const contributions = contributionsOf(b.contributions).sort((x, y) => y.points - x.points);
  const byPiece = new Map<string, number>();
  for (const c of contributions) if (c.piece) byPiece.set(c.piece, (byPiece.get(c.piece) ?? 0) + c.points);
  const intentSince = now - config.intent.windowDays * DAY;
  const isIntent = isIntentSignal(config);
  const moments = momentsOf(b);
  const recent = moments.filter((m) => m.t >= intentSince);
  const bookedMeeting = recent.some((m) => m.event === 'meeting_booked');
  return {
    key: b.key,
    stakeholder,
    role: stakeholder?.role ?? 'unknown',
    score: b.score,
    contributions,
    events: b.events,
    firstSeen: b.firstSeen,
    lastSeen: b.lastSeen,
    firstVisit: finite(b.firstVisit),
    activated: b.score >= config.thresholds.activated || (stakeholder !== null && bookedMeeting && config.salesReady.meetingBooked),
    strong: b.score >= config.thresholds.strong,
    bookedMeeting,
    intent: recent.filter(isIntent).sort((x, y) => x.t - y.t),
    moments,
    lastView: lastViewOf(b),
    pieceViews: [...b.pieces.values()],
    topPieces: [...byPiece.entries()].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([p]) => p),
  };
}

/** Account score at each day, oldest first, from the role-weighted daily buckets. */
function timelineOf(buckets: { bucket: Bucket; weight: number }[], config: ScoringConfig): number[] {
  const days = config.report.timelineDays;
  const dayFactor = 0.5 ** (1 / config.halfLifeDays);
  const timeline: number[] = new Array(days + 1);
  let running = 0;
  for (let k = days; k >= 0; k--) {
    running = running * dayFactor + buckets.reduce((s, { bucket, weight }) => s + weight * bucket.timeline[k]!, 0);
    timeline[days - k] = running;
  }
  return timeline;
}

/** The account's measures from its state (merges linked visitors into their stakeholders first). */
export function finishAccount(state: AccountState, input: ScoringInput): AccountScore {
  const { config, now } = input;
  const { account, privacy: privacyBucket } = state;
  const committee = new Map(account.committee.map((s) => [s.id, s]));
  mergeLinkedVisitors(state, config.report.timelineDays, clusterGapOf(config));

  const buckets = [...state.stakeholders.values(), ...state.visitors.values()];
  const people = buckets.map((b) => personOf(b, committee, config, now));
  people.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));

  const roles = config.weights.roles;
  const contributions: AccountScore['contributions'] = people.map((p) => ({ person: p.key, label: personLabel(p), role: p.role, weight: roles[p.role], personScore: p.score, points: roles[p.role] * p.score }));
  if (privacyBucket.events > 0) {
    const w = config.weights.privacyProtected;
    contributions.push({ person: 'privacy-protected', label: privacyBucket.listed.some((k) => k.m.event === 'meeting_booked') ? 'privacy-protected visits (GPC / DNT) and bookings matched by e-mail domain' : 'privacy-protected visits (GPC / DNT)', role: 'unknown', weight: w, personScore: privacyBucket.score, points: w * privacyBucket.score });
  }
  const score = contributions.reduce((s, c) => s + c.points, 0);
  const weightOf = (b: Bucket) => roles[(b.stakeholder && committee.get(b.stakeholder)?.role) || 'unknown'];
  const timeline = timelineOf([...buckets.map((b) => ({ bucket: b, weight: weightOf(b) })), { bucket: privacyBucket, weight: config.weights.privacyProtected }], config);

  const intentSince = now - config.intent.windowDays * DAY;
  const isIntent = isIntentSignal(config);
  const privacyMoments = momentsOf(privacyBucket);
  const privacy: PrivacyActivity = {
    events: privacyBucket.events,
    score: privacyBucket.score,
    firstSeen: finite(privacyBucket.firstSeen),
    lastSeen: finite(privacyBucket.lastSeen),
    firstVisit: finite(privacyBucket.firstVisit),
    intent: privacyMoments.filter((m) => m.t >= intentSince && isIntent(m)).sort((x, y) => x.t - y.t),
    moments: privacyMoments,
    lastView: lastViewOf(privacyBucket),
    pieceViews: [...privacyBucket.pieces.values()],
  };

  const { funnel, stage, keyRole, intentSignals } = funnelOf(people, privacy.intent, config);
  const coverage = coverageOf(account, people, anonymousTrackReads(people, contributionsOf(privacyBucket.contributions)));
  const redFlags = redFlagsOf({ account, people, coverage, timeline, active: people.length > 0 || privacy.events > 0 }, config, input.names);

  const pieceTotals = new Map<string, number>();
  for (const p of people) for (const c of p.contributions) if (c.piece) pieceTotals.set(c.piece, (pieceTotals.get(c.piece) ?? 0) + roles[p.role] * c.points);
  const grid: AccountScore['grid'] = {};
  for (const [persona, byPiece] of state.grid) grid[persona] = Object.fromEntries(byPiece);
  let lastSeen = privacyBucket.lastSeen;
  let events = privacyBucket.events;
  for (const p of people) (lastSeen = Math.max(lastSeen, p.lastSeen)), (events += p.events);
  const identified = people.filter((p) => p.stakeholder);

  return {
    account,
    score,
    contributions,
    people,
    privacy,
    events,
    stage,
    funnel,
    identified: identified.length,
    activated: identified.filter((p) => p.activated).length,
    anonymousAboveThreshold: people.filter((p) => !p.stakeholder && p.score >= config.thresholds.activated).length,
    keyRoleActivated: keyRole.map((p) => ({ key: p.key, title: p.stakeholder!.title, name: p.stakeholder!.name ?? null, score: p.score, strong: p.strong })),
    intentSignals,
    coverage,
    redFlags,
    timeline,
    grid,
    topContent: [...pieceTotals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([p]) => p),
    lastSeen: finite(lastSeen),
  };
}
