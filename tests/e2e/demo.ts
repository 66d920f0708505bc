/** The demo content as tests see it: read straight from the source files, not from our code. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface DemoAccount {
  id: string;
  file: string;
  segment: string;
  name: string;
  /** How the landing page's headline names the account (`shortName`, else `name`). */
  shortName: string;
  locale: string;
  industry: string;
  domain: string;
  committee: { id: string; persona: string; name?: string; email?: string; title: string }[];
  goals: string[];
  proposition: { headline?: string; summary: string; byPersona?: Record<string, string> };
  owner: { name: string; email: string; meetingUrl: string; photo?: string };
  numbers: { users?: number; hourlyCost?: number; currency?: string };
  plan?: {
    title?: string;
    goal?: string;
    milestones: { title: string; due: string | Date; status?: string; owners: ({ stakeholder: string; public?: boolean } | { vendor: string; title?: string })[]; pieces?: string[] }[];
  };
}

/** Names of the account's stakeholders that a plan milestone marks public (shown on its plan page only). */
export function publicNames(account: DemoAccount): string[] {
  const ids = new Set(account.plan?.milestones.flatMap((m) => m.owners.flatMap((o) => ('stakeholder' in o && o.public ? [o.stakeholder] : []))) ?? []);
  return account.committee.filter((s) => ids.has(s.id) && s.name).map((s) => s.name!);
}

export function demoAccounts(root = '.'): DemoAccount[] {
  const dir = path.join(root, 'accounts');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const data = parse(readFileSync(path.join(dir, f), 'utf8'));
      const id = f.replace(/\.ya?ml$/, '');
      const slug = data.url?.slug ?? id;
      return {
        id,
        file: `accounts/${f}`,
        segment: data.url?.suffix ? `${slug}-${data.url.suffix}` : slug,
        name: data.name,
        shortName: data.shortName ?? data.name,
        locale: data.locale,
        industry: data.industry,
        domain: data.domain,
        committee: data.buyingCommittee,
        goals: data.goals,
        proposition: data.proposition,
        owner: data.owner,
        numbers: data.numbers ?? {},
        plan: data.plan,
      };
    });
}

/** Every HTML file under a directory. */
export function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => path.join(dir, f));
}
