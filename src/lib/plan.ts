/**
 * The mutual action plan as its page shows it: owners named as agreed, supporting pieces linked
 * into the account's own tracks, progress counted. Pure: plain data in, plain data out.
 */
import type { Milestone, Plan } from '../schemas/plan.ts';

export interface PlanTrackInput<P> {
  personaId: string;
  steps: { pieceId: string; piece: P }[];
}

export interface ShownOwner {
  /** `buyer`: the account's side; `seller`: ours. */
  side: 'buyer' | 'seller';
  /** What the page prints: a stakeholder's title (with the name only when marked public), or our person's name and title. */
  label: string;
}

export interface ShownMilestone<P> {
  milestone: Milestone;
  owners: ShownOwner[];
  /** Supporting pieces, each linked to the first track of the account that has it. */
  pieces: { pieceId: string; piece: P; href: string }[];
  /** True for the first milestone that is not done: what happens next. */
  next: boolean;
}

export interface ShownPlan<P> {
  milestones: ShownMilestone<P>[];
  done: number;
  total: number;
  /** Whole percent of milestones done. */
  percent: number;
}

export interface PlanProblem {
  field: string;
  message: string;
}

/**
 * A name and a title as the locale lists them: "Anna Virtanen, CFO"; in Persian with the Arabic
 * comma ("فاطمه احمدی،‏ معاون مالی"). The locale's own list separator (Intl.ListFormat, units).
 */
export function nameAndTitle(name: string, title: string, locale: string): string {
  return new Intl.ListFormat(locale, { type: 'unit', style: 'short' }).format([name, title]);
}

/**
 * Resolves an account's plan against its committee and tracks; `base` is the account's path,
 * e.g. `/nordlake/`; `locale` the account's (owners' names and titles are listed its way).
 * Problems name the field, for the build and `npm run check` alike.
 */
export function resolvePlan<P>(
  plan: Plan,
  committee: readonly { id: string; title: string; name?: string | undefined }[],
  tracks: readonly PlanTrackInput<P>[],
  base: string,
  locale = 'en',
): { plan: ShownPlan<P>; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const people = new Map(committee.map((s) => [s.id, s]));
  const firstOpen = plan.milestones.findIndex((milestone) => milestone.status !== 'done');
  const milestones = plan.milestones.map((milestone, index): ShownMilestone<P> => {
    const owners = milestone.owners.map((owner): ShownOwner => {
      if ('vendor' in owner) return { side: 'seller', label: owner.title ? nameAndTitle(owner.vendor, owner.title, locale) : owner.vendor };
      const person = people.get(owner.stakeholder);
      // Unknown ids are reported by the account schema; the page never prints an id.
      if (!person) return { side: 'buyer', label: '' };
      return { side: 'buyer', label: owner.public && person.name ? nameAndTitle(person.name, person.title, locale) : person.title };
    });
    const pieces = milestone.pieces.flatMap((pieceId, j) => {
      for (const track of tracks) {
        const step = track.steps.find((s) => s.pieceId === pieceId);
        if (step) return [{ pieceId, piece: step.piece, href: `${base}${track.personaId}/${pieceId}/` }];
      }
      problems.push({
        field: `plan.milestones[${index}].pieces[${j}]`,
        message: `piece "${pieceId}" is in none of this account's tracks (its personas or industries do not reach this account, it is a draft, or it does not exist)`,
      });
      return [];
    });
    return { milestone, owners: owners.filter((o) => o.label), pieces, next: index === firstOpen };
  });
  const done = plan.milestones.filter((m) => m.status === 'done').length;
  const total = milestones.length;
  return { plan: { milestones, done, total, percent: Math.round((done / total) * 100) }, problems };
}

/** A due date as the account reads it: its own locale and calendar, the date as written (UTC). */
export function formatDue(due: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(due);
}

/** The `<time datetime>` value of a due date. */
export function isoDate(due: Date): string {
  return due.toISOString().slice(0, 10);
}
