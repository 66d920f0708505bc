/**
 * `npm run links`: personal links for every stakeholder, as CSV files for mail merge (one per
 * account plus all-accounts.csv) in the private state directory (.tailor/links/). Each URL opens
 * the stakeholder's persona track with a signed token naming them; the collector verifies it.
 * Needs TAILOR_LINK_SECRET (the same one the collector has) and TAILOR_SITE_URL (the public origin).
 */
import { readAccountFiles, type AccountFile } from '../content/accountFiles.ts';
import { siteUrl, siteUrlProblem } from '../lib/siteUrl.ts';
import { signStakeholder } from '../events/personalLink.ts';
import { linkSecret, writeStateFile } from '../lib/state.ts';

export const LINK_COLUMNS = ['account', 'stakeholder_id', 'title', 'persona', 'role', 'name', 'email', 'url'] as const;

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break. Text that a spreadsheet would
 * run as a formula (starting with = + - @, tab or CR; names and titles come from CRM exports) gets
 * a leading apostrophe; numbers stay numbers.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
export const csvLine = (fields: string[]) => fields.map(csvField).join(',') + '\r\n';

export async function personalLinks(accounts: AccountFile[], secret: string, site: string) {
  const rows: string[][] = [];
  for (const account of accounts) {
    for (const s of account.data.buyingCommittee) {
      const token = await signStakeholder(secret, { a: account.id, s: s.id });
      const url = new URL(`/${account.segment}/${s.persona}/?t=${token}`, site).href;
      rows.push([account.id, s.id, s.title, s.persona, s.role, s.name ?? '', s.email ?? '', url]);
    }
  }
  return rows;
}

async function main() {
  const problem = siteUrlProblem(process.env.TAILOR_SITE_URL);
  if (problem) throw new Error(`TAILOR_SITE_URL: ${problem}`);
  const site = siteUrl();
  const accounts = await readAccountFiles();
  const rows = await personalLinks(accounts, linkSecret(), site);
  const header = csvLine([...LINK_COLUMNS]);
  for (const account of accounts) {
    const mine = rows.filter((r) => r[0] === account.id);
    writeStateFile(`links/${account.id}.csv`, header + mine.map(csvLine).join(''));
  }
  const all = writeStateFile('links/all-accounts.csv', header + rows.map(csvLine).join(''));
  console.log(`Personal links for ${rows.length} stakeholder(s) of ${accounts.length} account(s) on ${site}:`);
  console.log(`  ${all} (and one CSV per account beside it)`);
  console.log('These files name people: keep them private (they are outside the repo and never published).');
  if (!process.env.TAILOR_SITE_URL) {
    console.warn(`\nLOCAL LINKS: TAILOR_SITE_URL is not set, so these links open ${site}, this machine only. Do not send them;`);
    console.warn('  for links to mail, run with the public origin: TAILOR_SITE_URL=https://abm.example.com npm run links');
  }
}

if (import.meta.main) await main();
