/**
 * The scoring engine's shared types: what goes in (accounts, piece stages, the config, `now`) and
 * what comes out (people, accounts, the funnel, coverage, red flags, content). Types only, no
 * code, and no import from the other scoring modules: the engine and every measure (funnel.ts,
 * flags.ts, people.ts, activity.ts, meetings.ts, lift.ts, triggers.ts) import them from here, so
 * the modules of the engine never import each other in a circle.
 */
import type { EventType, LogRow } from '../events/schema.ts';
import type { BuyingStage, DecisionRole } from '../schemas/vocabulary.ts';
import type { FunnelStep, ScoringConfig } from '../schemas/scoring.ts';

/** What pieces and personas are called where people read about them (titles from the content; words.ts). */
export interface Names {
  /** A piece's title, e.g. "What automation is worth to your organisation: the ROI calculator". */
  piece(id: string): string;
  /** A persona's title, e.g. "Chief Financial Officer". */
  persona(id: string): string;
}

/** A buying-committee member. Name, e-mail and CRM id are for the private report and the CRM exports. */
export interface CommitteeMember {
  id: string;
  title: string;
  persona: string;
  role: DecisionRole;
  name?: string | undefined;
  email?: string | undefined;
  crmId?: string | undefined;
}

export interface ScoringAccount {
  id: string;
  name: string;
  domain: string;
  owner: string;
  committee: CommitteeMember[];
}

export interface ScoringInput {
  accounts: ScoringAccount[];
  /** Earliest buying stage of each piece (its place in tracks). */
  pieceStages: Record<string, BuyingStage>;
  config: ScoringConfig;
  /** The moment scores are computed for, ms since the epoch. */
  now: number;
  /** Titles of pieces and personas for the explanations (words.ts); without it, their ids. */
  names?: Names | undefined;
}

/** Points from one kind of event on one page, after weights and decay. */
export interface Contribution {
  event: LogRow['type'];
  persona: string | null;
  piece: string | null;
  label: string | null;
  count: number;
  points: number;
  /** Engaged time: the seconds counted (each event capped at `weights.engagedSecondsCap`), so the report can say "for 12 minutes"; 0 for other events. */
  seconds: number;
}

/** A notable event (a call to action, a download, the calculator, a form, a booked meeting, any intent type), kept with its time. */
export interface Moment {
  t: number;
  event: EventType;
  label: string | null;
  piece: string | null;
  persona: string | null;
  /** The event's number: the return in percent a completed calculator reached (what a rep asks about); null for most. */
  value: number | null;
}

/** A piece page viewed (on a persona's track, or null). */
export interface PieceView {
  t: number;
  piece: string;
  persona: string | null;
}

/** One piece's views by one person: how many, and when, as clusters (bounded by the log's days, not its views). */
export interface PieceViews {
  piece: string;
  /** Page views of the piece. */
  count: number;
  /**
   * The view times as clusters, oldest first: [from, to, from, to, ...]. Within a cluster, views
   * follow each other by less than `report.precedingDays`; between clusters the gap is longer. So a
   * window of `report.precedingDays` (lift.ts: the days before the first intent signal) holds a
   * view exactly when it meets a cluster (viewedWithin), and a person has at most one cluster per
   * `precedingDays` of the log, however many views.
   */
  times: number[];
}

export interface PersonScore {
  /** `stakeholder:<id>` for identified people, `visitor:<id>` for anonymous ones. */
  key: string;
  stakeholder: CommitteeMember | null;
  role: DecisionRole | 'unknown';
  score: number;
  contributions: Contribution[];
  events: number;
  firstSeen: number;
  lastSeen: number;
  /** First page view (a booked meeting alone is not a visit); null without one. */
  firstVisit: number | null;
  /** Score at or above `thresholds.activated`, or (identified, `salesReady.meetingBooked`) a meeting booked within the intent window. */
  activated: boolean;
  strong: boolean;
  /** Booked a meeting (meeting_booked) within the intent window. */
  bookedMeeting: boolean;
  /** Intent signals within the intent window, oldest first. */
  intent: Moment[];
  /**
   * The notable moments the measures use, in log order: every booked meeting and every intent
   * signal within the intent window (listed one by one in the report), the latest notable moment,
   * and the first and the latest intent signal in the log (on equal times, the first in log order).
   * Other notable moments are counted in `contributions`, not kept.
   */
  moments: Moment[];
  /** The latest piece view (on equal times, the first in log order); null without one. */
  lastView: PieceView | null;
  /** Per piece viewed (in the order first viewed): views and their times, clustered. */
  pieceViews: PieceViews[];
  /** Top pieces by points. */
  topPieces: string[];
}

/** Account-level rows (no visitor, no stakeholder): privacy-protected (GPC / DNT) visits, and bookings matched to the account by e-mail domain only. One unlinkable bucket per account. */
export interface PrivacyActivity {
  events: number;
  score: number;
  firstSeen: number | null;
  lastSeen: number | null;
  firstVisit: number | null;
  intent: Moment[];
  /** As PersonScore.moments. */
  moments: Moment[];
  lastView: PieceView | null;
  pieceViews: PieceViews[];
}

/** One funnel step of one account (funnel.ts): its rule, whether it holds and counts, and why. */
export interface Reason {
  rule: string;
  /** The step's own rule holds. */
  holds: boolean;
  /** The step counts: its rule holds and every step it follows counts. */
  met: boolean;
  /** When the rule holds but the step does not count: the first earlier step that does not hold. */
  waitsFor: FunnelStep | null;
  detail: string;
  /** Ids of the identified stakeholders behind the step (the alerts' contacts). */
  stakeholders: string[];
}

/** How much of the buying committee is engaged (flags.ts). */
export interface Coverage {
  /** Identified stakeholders with activity / mapped stakeholders. */
  stakeholders: [engaged: number, mapped: number];
  /** Mapped personas with an identified stakeholder active / mapped personas. */
  personas: [engaged: number, mapped: number];
  missingPersonas: string[];
  /** Page views by anonymous and privacy-protected visitors on each persona's track and pieces. */
  anonymousReads: Record<string, number>;
}

/** A red flag on an account (flags.ts): cooling, single-threaded, or a persona of the committee not reached. */
export interface RedFlag {
  kind: 'cooling' | 'single-threaded' | 'committee-gap';
  /** What makes a flag the same flag from one run to the next (triggers): the kind, and the persona of a committee gap. */
  key: string;
  /** The explanation: which persona is missing, by how much the score fell, who the single thread is. */
  detail: string;
  /** Stakeholders concerned (ids): the people cooling, the single thread, the unreached members of a missing persona. */
  stakeholders: string[];
  /** Committee gap: the missing persona. */
  persona?: string | undefined;
  /** Cooling: account score before and now, the change in percent, over how many days. */
  change?: { from: number; to: number; percent: number; days: number } | undefined;
}

export interface AccountScore {
  account: ScoringAccount;
  score: number;
  /** Each person's weighted share, plus privacy-protected visits. Sums to `score`. */
  contributions: { person: string; label: string; role: DecisionRole | 'unknown'; weight: number; personScore: number; points: number }[];
  people: PersonScore[];
  privacy: PrivacyActivity;
  /** Events of the account in the log (everyone, privacy-protected visits included). */
  events: number;
  /** The last funnel step that counts (the funnel is a sequence). */
  stage: FunnelStep | 'none';
  funnel: Record<FunnelStep, Reason>;
  /** Identified stakeholders with activity. */
  identified: number;
  /** Identified stakeholders activated (anonymous visitors never count as activated). */
  activated: number;
  /** Anonymous visitors scoring above the activation threshold (shown, not counted). */
  anonymousAboveThreshold: number;
  keyRoleActivated: { key: string; title: string; name: string | null; score: number; strong: boolean }[];
  intentSignals: number;
  coverage: Coverage;
  redFlags: RedFlag[];
  /** Account score at each day of the timeline, oldest first (last = now). */
  timeline: number[];
  /** Persona track x piece: views and engaged seconds. */
  grid: Record<string, Record<string, { views: number; seconds: number }>>;
  topContent: string[];
  lastSeen: number | null;
}

export interface PiecePerformance {
  piece: string;
  views: number;
  people: number;
  accounts: number;
  engagedSeconds: number;
}

export interface ScoringResult {
  now: number;
  accounts: AccountScore[];
  overall: {
    funnel: Record<FunnelStep, number>;
    /** People with activity: identified stakeholders (and how many of them are activated) and anonymous visitors (and how many score above the threshold). */
    people: { identified: number; activated: number; anonymous: number; anonymousAboveThreshold: number };
    events: number;
    ignored: number;
  };
  content: PiecePerformance[];
}
