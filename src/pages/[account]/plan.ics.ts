/** `/<account>/plan.ics`: every step of the account's mutual action plan as an all-day event (RFC 5545). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadSites, type AccountSite } from '../../lib/site.ts';
import { calendarInput, calendarResponse, planCalendar } from '../../lib/planCalendarOf.ts';
import { planKey } from '../../lib/pageKeys.ts';

export const getStaticPaths = (async () => {
  const sites = await loadSites();
  return sites.filter((site) => site.plan).map((site) => ({ params: { account: site.segment }, props: { site }, cacheKey: `${planKey(site)}:ics` }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ site: AccountSite }> = ({ props, site }) => calendarResponse(planCalendar(calendarInput(props.site, site)));
