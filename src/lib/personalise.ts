/**
 * Personalisation used by MDX components: reading an account field and evaluating a conditional
 * block. Pure. Only fields on the public list can be read, so a piece can never print the buying
 * committee (stakeholder names, e-mails) of the account it is rendered for.
 */
import type { BuyingStage, Industry, Tier } from '../schemas/vocabulary.ts';

/** Field paths `<Account field="..." />` may read. `goals.N` and `pains.N` index the lists. */
export const PUBLIC_ACCOUNT_FIELDS = [
  'name',
  'domain',
  'industry',
  'tier',
  'stage',
  'goals.N',
  'pains.N',
  'proposition.summary',
  'owner.name',
  'owner.title',
  'numbers.<name>',
] as const;

/** The part of an account that personalisation may read. */
export interface PersonalisableAccount {
  name: string;
  domain: string;
  industry: Industry;
  tier: Tier;
  stage: BuyingStage;
  goals: string[];
  pains: string[];
  proposition: { summary: string };
  owner: { name: string; title?: string | undefined };
  numbers: Record<string, number | string | undefined>;
}

export class PersonalisationError extends Error {
  override name = 'PersonalisationError';
}

/**
 * Value of a public account field, e.g. `name`, `goals.0`, `owner.name`, `numbers.users`.
 * Labels (industry, tier, stage) are returned raw; the component localises them.
 * Throws PersonalisationError naming the allowed fields when the path is unknown or private.
 */
export function accountField(account: PersonalisableAccount, path: string): string | number {
  const [head, tail, ...rest] = path.split('.');
  const fail = (why: string): never => {
    throw new PersonalisationError(
      `<Account field="${path}" />: ${why}. Allowed fields: ${PUBLIC_ACCOUNT_FIELDS.join(', ')}`,
    );
  };
  if (head === 'buyingCommittee') fail('the buying committee is private and never shown on a page');
  if (rest.length > 0) fail('too many dots');
  switch (head) {
    case 'name':
    case 'domain':
    case 'industry':
    case 'tier':
    case 'stage':
      if (tail !== undefined) fail(`"${head}" has no sub-fields`);
      return account[head];
    case 'goals':
    case 'pains': {
      const i = Number(tail);
      if (tail === undefined || !Number.isInteger(i) || i < 0) fail(`use ${head}.0, ${head}.1...`);
      const value = account[head][i];
      if (value === undefined) fail(`the account has only ${account[head].length} ${head}`);
      return value as string;
    }
    case 'proposition':
      if (tail !== 'summary') fail('only proposition.summary can be shown');
      return account.proposition.summary;
    case 'owner':
      if (tail === 'name') return account.owner.name;
      if (tail === 'title') return account.owner.title ?? '';
      return fail('only owner.name and owner.title can be shown');
    case 'numbers': {
      const value = tail === undefined ? undefined : account.numbers[tail];
      if (value === undefined) fail(`the account has no number "${tail ?? ''}"`);
      return value as string | number;
    }
    default:
      return fail('unknown field');
  }
}

/** Conditions of a `<When>` block: comma-separated lists mean "any of"; all given attributes must hold. */
export interface WhenConditions {
  industry?: string | undefined;
  tier?: string | undefined;
  stage?: string | undefined;
  /** Inverts the whole condition. */
  not?: boolean | undefined;
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Whether a `<When>` block shows for this account. */
export function whenMatches(account: Pick<PersonalisableAccount, 'industry' | 'tier' | 'stage'>, when: WhenConditions): boolean {
  const checks: boolean[] = [];
  if (when.industry !== undefined) checks.push(list(when.industry).includes(account.industry));
  if (when.tier !== undefined) checks.push(list(when.tier).includes(account.tier));
  if (when.stage !== undefined) checks.push(list(when.stage).includes(account.stage));
  if (checks.length === 0) throw new PersonalisationError('<When> needs at least one of industry, tier or stage');
  const all = checks.every(Boolean);
  return when.not ? !all : all;
}

/** Unknown values in a `<When>` block's lists, for a clear build error on a typo. */
export function unknownWhenValues(when: WhenConditions, known: { industry: readonly string[]; tier: readonly string[]; stage: readonly string[] }): string[] {
  const problems: string[] = [];
  for (const key of ['industry', 'tier', 'stage'] as const) {
    const value = when[key];
    if (value === undefined) continue;
    for (const v of list(value)) if (!known[key].includes(v)) problems.push(`${key}="${v}" (known: ${known[key].join(', ')})`);
  }
  return problems;
}
