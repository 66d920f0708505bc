/**
 * Reads and validates account files outside Astro (for command-line tools: personal links,
 * import, check), with the same schema the site build uses. The logo is checked as a path here.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { accountSchema } from '../schemas/account.ts';
import { readAccountSource } from '../lib/accountFile.ts';
import { accountSegment } from '../lib/crossref.ts';

const cliAccountSchema = accountSchema(z.string());
export type CliAccount = z.infer<typeof cliAccountSchema>;

export interface AccountFile {
  id: string;
  /** Path relative to the content root, e.g. `accounts/lumivaara.yaml`. */
  file: string;
  segment: string;
  data: CliAccount;
}

export class AccountFileError extends Error {
  override name = 'AccountFileError';
}

/**
 * Every published account in `<root>/accounts/` (drafts only with `includeDrafts`), validated;
 * throws naming each bad file and field.
 */
export async function readAccountFiles(root = process.env.TAILOR_CONTENT_ROOT ?? '.', options: { includeDrafts?: boolean } = {}): Promise<AccountFile[]> {
  const dir = path.join(root, 'accounts');
  const names = (await readdir(dir)).filter((f) => /\.(ya?ml|md)$/.test(f)).sort();
  const problems: string[] = [];
  const accounts: AccountFile[] = [];
  for (const name of names) {
    const file = path.join('accounts', name);
    const parsed = cliAccountSchema.safeParse(await readAccountSource(path.join(root, file)));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
      continue;
    }
    if (parsed.data.draft && !options.includeDrafts) continue;
    const id = name.replace(/\.(ya?ml|md)$/, '');
    accounts.push({ id, file, segment: accountSegment(id, parsed.data.url), data: parsed.data });
  }
  if (problems.length) throw new AccountFileError(`${problems.length} problem(s) in account files:\n  ${problems.join('\n  ')}`);
  return accounts;
}
