/**
 * Meetings booked (meeting_booked events, logged from booking webhooks) per account, and the time
 * from the account's first visit (its first page view, anyone's) to its first booked meeting.
 * Every booking in the log counts, not only those within the intent window.
 */
import type { AccountScore } from './types.ts';
import { whoIs } from './people.ts';

const DAY = 86_400_000;

export interface Meetings {
  booked: number;
  /** Who booked, one entry per booking, oldest first ("someone at the account" when the attendee matched by e-mail domain only). */
  bookedBy: string[];
  /** Stakeholder ids of the identified people who booked. */
  stakeholders: string[];
  firstVisit: number | null;
  firstMeeting: number | null;
  /** Days from the first visit to the first booked meeting; null without a booking, or when it came before any recorded visit. */
  daysToFirstMeeting: number | null;
}

export function meetingsOf(a: AccountScore): Meetings {
  const bookings: { t: number; who: string; stakeholder: string | null }[] = [];
  let firstVisit = a.privacy.firstVisit ?? Infinity;
  for (const p of a.people) {
    if (p.firstVisit !== null && p.firstVisit < firstVisit) firstVisit = p.firstVisit;
    for (const m of p.moments) if (m.event === 'meeting_booked') bookings.push({ t: m.t, who: whoIs(p), stakeholder: p.stakeholder?.id ?? null });
  }
  for (const m of a.privacy.moments) if (m.event === 'meeting_booked') bookings.push({ t: m.t, who: 'someone at the account', stakeholder: null });
  bookings.sort((x, y) => x.t - y.t);
  const firstMeeting = bookings[0]?.t ?? null;
  const visit = Number.isFinite(firstVisit) ? firstVisit : null;
  return {
    booked: bookings.length,
    bookedBy: bookings.map((b) => b.who),
    stakeholders: [...new Set(bookings.flatMap((b) => (b.stakeholder ? [b.stakeholder] : [])))],
    firstVisit: visit,
    firstMeeting,
    daysToFirstMeeting: firstMeeting !== null && visit !== null && visit <= firstMeeting ? (firstMeeting - visit) / DAY : null,
  };
}

/** Over all accounts: meetings booked, accounts with one, and the median days from first visit to first meeting. */
export function meetingsTotal(list: Meetings[]): { booked: number; accounts: number; medianDaysToFirstMeeting: number | null } {
  const days = list.flatMap((m) => (m.daysToFirstMeeting === null ? [] : [m.daysToFirstMeeting])).sort((a, b) => a - b);
  const mid = Math.floor(days.length / 2);
  return {
    booked: list.reduce((n, m) => n + m.booked, 0),
    accounts: list.filter((m) => m.booked > 0).length,
    medianDaysToFirstMeeting: days.length === 0 ? null : days.length % 2 ? days[mid]! : (days[mid - 1]! + days[mid]!) / 2,
  };
}
