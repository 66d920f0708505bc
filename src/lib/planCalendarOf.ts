/**
 * The calendar of an account's plan as the build makes it (the pure generator is planCalendar.ts):
 * the plan page's owners and words, DTSTAMP from the account file's modification time (so an
 * unchanged plan rebuilds byte for byte), the plan page's address on the site.
 */
import { statSync } from 'node:fs';
import type { AccountSite } from './site.ts';
import { uiStrings } from './i18n.ts';
import { planCalendar, type PlanCalendar } from './planCalendar.ts';

/** Where a step's calendar file is: `/<account>/plan/<n>.ics` (n from 1). */
export const stepCalendarPath = (segment: string, n: number) => `/${segment}/plan/${n}.ics`;
/** The whole plan's: `/<account>/plan.ics`. */
export const planCalendarPath = (segment: string) => `/${segment}/plan.ics`;

export function calendarInput(site: AccountSite, siteUrl: URL | undefined): PlanCalendar {
  const account = site.entry.data;
  const t = uiStrings(account.locale);
  const file = site.entry.filePath;
  // Seconds only (DTSTAMP has no fractions); without the file, the epoch: still never the clock.
  const mtime = file ? Math.floor(statSync(file).mtimeMs / 1000) * 1000 : 0;
  return {
    account: site.id,
    domain: account.domain,
    title: account.plan?.title ?? t.plan.title,
    locale: account.locale,
    stamp: new Date(mtime),
    url: siteUrl ? new URL(`/${site.segment}/plan/`, siteUrl).href : undefined,
    labels: { yourSide: t.plan.yourSide, ourSide: t.plan.ourSide, status: t.plan.statusLabel },
    steps: (site.plan?.milestones ?? []).map((m, i) => ({
      n: i + 1,
      title: m.milestone.title,
      detail: m.milestone.detail,
      due: m.milestone.due,
      status: t.plan.status[m.milestone.status],
      buyers: m.owners.filter((o) => o.side === 'buyer').map((o) => o.label),
      sellers: m.owners.filter((o) => o.side === 'seller').map((o) => o.label),
    })),
  };
}

export const calendarResponse = (text: string) => new Response(text, { headers: { 'content-type': 'text/calendar; charset=utf-8' } });

export { planCalendar };
