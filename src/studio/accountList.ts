/**
 * The studio's first screen: every account file (published, drafts, imported drafts ranked by fit
 * to content/icp.yaml), with its status, its language's translation coverage (the check's coverage
 * warnings, src/content/coverage.ts), its problems and its last change (git, else the file's mtime).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkContent, type CheckReport } from '../content/checkContent.ts';
import { accountSegment } from '../lib/crossref.ts';
import { languageOf } from '../lib/i18n.ts';
import { loadYaml } from '../content/yaml.ts';
import matter from 'gray-matter';

export type AccountStatus = 'published' | 'draft' | 'imported';

export interface AccountRow {
  id: string;
  file: string;
  name: string;
  status: AccountStatus;
  locale: string;
  /** Where its pages are, for the preview (undefined for imported drafts, which astro dev does not load). */
  segment: string | undefined;
  personas: string[];
  /** Fit to the ideal customer profile (0-100), for drafts and imported accounts when content/icp.yaml exists. */
  fit: number | undefined;
  /** Pieces of its tracks in its language, e.g. "3 of 5 pieces untranslated"; undefined when complete. */
  coverage: string | undefined;
  errors: number;
  warnings: number;
  /** ISO date-time of the last commit touching the file, or its mtime. */
  changed: string;
}

const run = promisify(execFile);

async function lastChange(root: string, file: string): Promise<string> {
  const git = await run('git', ['log', '-1', '--format=%cI', '--', file], { cwd: root }).then((r) => r.stdout.trim(), () => '');
  const status = git ? await run('git', ['status', '--porcelain', '--', file], { cwd: root }).then((r) => r.stdout.trim(), () => '') : 'untracked';
  // Uncommitted edits are newer than the last commit: the file's own time says when.
  return git && !status ? git : (await stat(path.join(root, file))).mtime.toISOString();
}

/** "N of M pieces ... have no <lang> translation", per language, from the check's warnings. */
function coverageByLanguage(report: CheckReport): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of report.warnings) {
    const m = /^content\/pieces\/([^/]+)\/$/.exec(w.file);
    const counts = /^(\d+) of (\d+) pieces/.exec(w.message);
    if (m && counts && w.field === 'translations') out.set(m[1]!, `${counts[1]} of ${counts[2]} pieces untranslated`);
  }
  return out;
}

export async function listAccounts(root: string, report?: CheckReport): Promise<AccountRow[]> {
  const checked = report ?? (await checkContent(root));
  const coverage = coverageByLanguage(checked);
  const fits = new Map(checked.drafts.map((d) => [d.file, Math.round(d.fit.score)]));
  const rows: AccountRow[] = [];
  for (const dir of ['accounts', 'accounts/drafts']) {
    const names = (await readdir(path.join(root, dir)).catch(() => [] as string[])).filter((n) => /\.(ya?ml|md)$/.test(n)).sort();
    for (const name of names) {
      const file = `${dir}/${name}`;
      const text = await readFile(path.join(root, file), 'utf8');
      let data: Record<string, unknown> = {};
      try {
        data = ((name.endsWith('.md') ? matter(text, {}).data : loadYaml(text, file)) ?? {}) as Record<string, unknown>;
      } catch {
        // The check reports it; the row still shows.
      }
      const id = name.replace(/\.(ya?ml|md)$/, '');
      const imported = dir === 'accounts/drafts';
      const locale = typeof data.locale === 'string' ? data.locale : '';
      const committee = Array.isArray(data.buyingCommittee) ? (data.buyingCommittee as { persona?: unknown }[]) : [];
      const url = (typeof data.url === 'object' && data.url ? data.url : {}) as { slug?: string; suffix?: string };
      rows.push({
        id,
        file,
        name: typeof data.name === 'string' ? data.name : id,
        status: imported ? 'imported' : data.draft === true ? 'draft' : 'published',
        locale,
        segment: imported ? undefined : accountSegment(id, url),
        personas: [...new Set(committee.map((s) => s.persona).filter((p): p is string => typeof p === 'string'))],
        fit: fits.get(file),
        coverage: locale ? coverage.get(languageOf(locale)) : undefined,
        errors: checked.errors.filter((p) => p.file === file).length,
        warnings: checked.warnings.filter((p) => p.file === file).length,
        changed: await lastChange(root, file),
      });
    }
  }
  // Published first, then drafts; imported ones by fit, best first.
  const rank: Record<AccountStatus, number> = { published: 0, draft: 1, imported: 2 };
  return rows.sort((a, b) => rank[a.status] - rank[b.status] || (b.fit ?? -1) - (a.fit ?? -1) || a.id.localeCompare(b.id));
}
