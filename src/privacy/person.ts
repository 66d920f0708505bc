/**
 * Who a privacy request is about: a stakeholder of an account, named on the command line by
 * e-mail (as the request arrives), by stakeholder id (unique across accounts or qualified as
 * `<account>/<stakeholder>`), and found in the account files. Someone already removed from their
 * account file can still be named as `<account>/<stakeholder>`: their rows are found by those ids.
 */
import type { AccountFile } from '../content/accountFiles.ts';

export interface Person {
  account: string;
  stakeholder: string;
  /** Their account file, while they are in one. */
  file?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
}

export class PersonError extends Error {
  override name = 'PersonError';
}

const QUALIFIED = /^([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9-]*)$/;
const ID = /^[a-z0-9][a-z0-9-]*$/;

/** The person `who` names among `accounts` (every account file, drafts included); throws saying why not. */
export function findPerson(who: string, accounts: readonly AccountFile[]): Person {
  const text = who.trim();
  if (!text) throw new PersonError('name the person: a stakeholder id (cfo-1 or <account>/cfo-1) or their e-mail address');
  const all = accounts.flatMap((a) => a.data.buyingCommittee.map((s) => ({ account: a, s })));
  const of = ({ account, s }: (typeof all)[number]): Person => ({ account: account.id, stakeholder: s.id, file: account.file, name: s.name, email: s.email });
  if (text.includes('@')) {
    const matches = all.filter(({ s }) => s.email?.toLowerCase() === text.toLowerCase());
    if (matches.length === 1) return of(matches[0]!);
    if (matches.length > 1) throw new PersonError(`${text} is a stakeholder of ${matches.map((m) => `${m.account.id}/${m.s.id}`).join(' and ')}: name one as <account>/<stakeholder>`);
    throw new PersonError(`no stakeholder has the e-mail ${text} in accounts/. If they were already removed from their account file, name them as <account>/<stakeholder-id> (the ids their personal link carried).`);
  }
  const qualified = QUALIFIED.exec(text);
  if (qualified) {
    const [, account, stakeholder] = qualified as unknown as [string, string, string];
    const found = all.find((m) => m.account.id === account && m.s.id === stakeholder);
    // Not (or no longer) in the files: still a person whose rows the ids find.
    return found ? of(found) : { account, stakeholder };
  }
  if (!ID.test(text)) throw new PersonError(`"${text}" is neither an e-mail address nor a stakeholder id such as cfo-1 or quillfen/cfo-1`);
  const matches = all.filter(({ s }) => s.id === text);
  if (matches.length === 1) return of(matches[0]!);
  if (matches.length > 1) throw new PersonError(`stakeholder id "${text}" is used in ${matches.length} accounts (${matches.map((m) => m.account.id).join(', ')}): name one as <account>/${text}`);
  throw new PersonError(`no stakeholder "${text}" in accounts/; name them as <account>/${text} if they were already removed from their account file`);
}
