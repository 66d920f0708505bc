/** `/<account>/og.png`: the account's 1200x630 social card (cached by content hash). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { readFile } from 'node:fs/promises';
import { loadSites, type AccountSite } from '../../lib/site.ts';
import { cachedCard, cardCache } from '../../lib/socialCard.ts';
import { logoFileOf } from '../../lib/accountFile.ts';
import { siteSettings } from '../../lib/vendor.ts';
import { cardKey } from '../../lib/pageKeys.ts';

const cache = cardCache();

export const getStaticPaths = (async () => {
  const sites = await loadSites();
  return sites.map((site) => ({ params: { account: site.segment }, props: { site }, cacheKey: cardKey(site) }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ site: AccountSite }> = async ({ props }) => {
  const { site } = props;
  const account = site.entry.data;
  const logoPath = await logoFileOf(site.entry.filePath ?? `accounts/${site.id}.yaml`);
  const png = await cachedCard(
    cache,
    {
      name: account.name,
      primary: site.palette.primary,
      onPrimary: site.palette.onPrimary,
      accent: site.palette.accent,
      logo: logoPath ? await readFile(logoPath) : undefined,
      dir: site.dir,
      vendor: siteSettings().vendor.name,
    },
    site.id,
  );
  return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png' } });
};
