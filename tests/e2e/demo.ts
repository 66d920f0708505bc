/** The demo content as tests see it: read straight from the source files, not from our code. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface DemoAccount {
  id: string;
  file: string;
  segment: string;
  name: string;
  locale: string;
  industry: string;
  domain: string;
  committee: { id: string; persona: string; name?: string; email?: string; title: string }[];
  goals: string[];
  proposition: { summary: string; byPersona?: Record<string, string> };
  owner: { name: string; email: string; meetingUrl: string };
  numbers: { users?: number; hourlyCost?: number; currency?: string };
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
        locale: data.locale,
        industry: data.industry,
        domain: data.domain,
        committee: data.buyingCommittee,
        goals: data.goals,
        proposition: data.proposition,
        owner: data.owner,
        numbers: data.numbers ?? {},
      };
    });
}

/** Every HTML file under a directory. */
export function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => path.join(dir, f));
}
