/** `/<account>/plan/<n>.ics`: one step of the account's mutual action plan (n from 1), linked from the step on the plan page. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadSites, type AccountSite } from '../../../lib/site.ts';
import { calendarInput, calendarResponse, planCalendar } from '../../../lib/planCalendarOf.ts';
import { planKey } from '../../../lib/pageKeys.ts';

export const getStaticPaths = (async () => {
  const sites = await loadSites();
  return sites.flatMap((site) =>
    (site.plan?.milestones ?? []).map((_, i) => ({ params: { account: site.segment, step: String(i + 1) }, props: { site, n: i + 1 }, cacheKey: `${planKey(site)}:ics:${i + 1}` })),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ site: AccountSite; n: number }> = ({ props, site }) => calendarResponse(planCalendar(calendarInput(props.site, site), props.n));
