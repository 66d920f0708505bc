/**
 * The mutual action plan as calendar files (RFC 5545, through ical-generator: CRLF lines folded at
 * 75 octets, text escaped): one all-day event per step on its due date, for the whole plan
 * (`/<account>/plan.ics`) or one step (`/<account>/plan/<n>.ics`). Pure: plain data in, text out.
 *
 * - UIDs are stable: the account and the step's position, so that importing the file again updates
 *   the events instead of adding new ones.
 * - DTSTAMP is given (the build takes it from the account file), never the clock: a rebuild of an
 *   unchanged plan writes the same bytes.
 * - Words are the account's: titles and details as written, labels in its language; owners as the
 *   plan page shows them (stakeholders by title, by name only when marked public).
 */
import ical, { ICalEventTransparency } from 'ical-generator';

export interface CalendarStep {
  /** Position in the plan, from 1 (the file name and the UID). */
  n: number;
  title: string;
  detail?: string | undefined;
  due: Date;
  /** The status in the account's language, e.g. "Done". */
  status: string;
  /** Owners as the plan page prints them, each side. */
  buyers: string[];
  sellers: string[];
}

export interface PlanCalendar {
  /** The account's id (UIDs). */
  account: string;
  /** The account's domain, the UIDs' right-hand side (globally unique with the account id). */
  domain: string;
  /** The plan's title: the calendar's name. */
  title: string;
  /** BCP 47 locale of the account, e.g. `fa-IR`. */
  locale: string;
  /** DTSTAMP of every event: when the plan was last revised (the account file), not the build's clock. */
  stamp: Date;
  /** The plan page's absolute address, when the build knows the site's origin. */
  url?: string | undefined;
  /** Labels in the account's language. */
  labels: { yourSide: string; ourSide: string; status: string };
  steps: CalendarStep[];
}

/** The UID of a step's event. */
export const stepUid = (account: string, n: number, domain: string) => `tailor-plan-${account}-${n}@${domain}`;

/** The calendar of `steps` (all of the plan, or one step), as text. */
export function planCalendar(plan: PlanCalendar, only?: number): string {
  const language = plan.locale.split('-')[0]!.toUpperCase();
  const calendar = ical({ name: plan.title, prodId: { company: 'Tailor', product: 'Mutual action plan', language } });
  for (const step of plan.steps) {
    if (only !== undefined && step.n !== only) continue;
    const start = new Date(Date.UTC(step.due.getUTCFullYear(), step.due.getUTCMonth(), step.due.getUTCDate()));
    const description = [
      step.detail,
      `${plan.labels.status}: ${step.status}`,
      step.buyers.length ? `${plan.labels.yourSide}: ${step.buyers.join(' · ')}` : undefined,
      step.sellers.length ? `${plan.labels.ourSide}: ${step.sellers.join(' · ')}` : undefined,
      plan.url,
    ].filter((line): line is string => Boolean(line));
    calendar.createEvent({
      id: stepUid(plan.account, step.n, plan.domain),
      allDay: true,
      start,
      end: new Date(start.getTime() + 86_400_000),
      stamp: plan.stamp,
      summary: step.title,
      description: description.join('\n'),
      transparency: ICalEventTransparency.TRANSPARENT,
      ...(plan.url ? { url: plan.url } : {}),
    });
  }
  return calendar.toString();
}
