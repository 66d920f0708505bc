/**
 * `npm run import -- companies.csv contacts.csv deals.csv [--dry-run] [--map "Col=field,..."] [--system name] [--date-order mdy|dmy]`
 * Imports target accounts, their stakeholders and their deals from CRM exports (HubSpot and
 * Salesforce column names are recognised; `--map` for others). See src/content/crmImport/ for
 * what is kept.
 */
import { readdir, readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { loadYaml } from '../content/yaml.ts';
import { parseMap, planImport, type DateOrder, type ExistingAccount, type ImportPlan } from '../content/crmImport/index.ts';

const USAGE = 'usage: npm run import -- <export.csv>... [--dry-run] [--map "CSV column=field,..."] [--system name] [--date-order mdy|dmy]';

export async function existingAccounts(root: string): Promise<ExistingAccount[]> {
  const found: ExistingAccount[] = [];
  for (const dir of ['accounts', 'accounts/drafts']) {
    const names = await readdir(path.join(root, dir)).catch(() => [] as string[]);
    for (const name of names.filter((n) => /\.(ya?ml|md)$/.test(n)).sort()) {
      found.push({ file: `${dir}/${name}`, text: await readFile(path.join(root, dir, name), 'utf8') });
    }
  }
  return found;
}

export async function personaRoles(root: string): Promise<Map<string, string>> {
  const dir = path.join(root, 'content/personas');
  const roles = new Map<string, string>();
  for (const name of (await readdir(dir).catch(() => [] as string[])).filter((n) => /\.ya?ml$/.test(n))) {
    const data = loadYaml(await readFile(path.join(dir, name), 'utf8'), `content/personas/${name}`) as { role?: string } | null;
    roles.set(name.replace(/\.ya?ml$/, ''), data?.role ?? 'influencer');
  }
  return roles;
}

export async function runImport(
  csvFiles: string[],
  options: { root: string; dryRun: boolean; map?: string | undefined; system?: string | undefined; dateOrder?: string | undefined },
): Promise<ImportPlan> {
  if (options.dateOrder !== undefined && options.dateOrder !== 'mdy' && options.dateOrder !== 'dmy') {
    throw new Error(`--date-order "${options.dateOrder}": use mdy (11/28/2026) or dmy (28/11/2026)`);
  }
  const files = await Promise.all(csvFiles.map(async (name) => ({ name, text: await readFile(name, 'utf8') })));
  const plan = planImport(files, await existingAccounts(options.root), {
    personas: await personaRoles(options.root),
    map: options.map ? parseMap(options.map) : undefined,
    system: options.system,
    dateOrder: options.dateOrder as DateOrder | undefined,
  });
  if (!options.dryRun) await writePlan(options.root, plan);
  return plan;
}

/**
 * Writes a plan's changes under the content root, each file whole or not at all (a temporary file
 * renamed over it), so that a running `astro dev` or studio never reads a half-written account.
 */
export async function writePlan(root: string, plan: ImportPlan): Promise<void> {
  for (const change of plan.changes) {
    const file = path.join(root, change.file);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.import-tmp`);
    await writeFile(temporary, change.after);
    await rename(temporary, file);
  }
}

export function report(plan: ImportPlan, dryRun: boolean): string {
  const deals = (action: string) => plan.deals.filter((d) => d.action === action).length;
  const dealSummary = plan.deals.length === 0 ? '' : ` Deals: ${deals('added')} added, ${deals('updated')} updated, ${deals('moved')} moved, ${deals('unchanged')} unchanged.`;
  const lines = [
    `${dryRun ? 'Dry run: would import' : 'Imported'} ${plan.rows} row(s): ${plan.created.length} account(s) created, ${plan.updated.length} updated, ${plan.unchanged.length} unchanged (skipped), ${plan.rejected.length} row(s) rejected.${dealSummary}`,
  ];
  for (const f of plan.created) lines.push(`  created   ${f}`);
  for (const f of plan.updated) lines.push(`  updated   ${f}`);
  for (const d of plan.deals) {
    if (d.action !== 'unchanged') lines.push(`  deal      ${d.file}: ${d.action} ${d.crmId} "${d.name}": ${d.changes.join(', ')}`);
  }
  for (const r of plan.rejected) lines.push(`  rejected  ${r.file}:${r.line}: ${r.reason}`);
  for (const n of plan.notes) lines.push(`  info      ${n.file}:${n.line}: ${n.message}`);
  if (plan.created.length > 0) lines.push('New accounts are drafts in accounts/drafts/: `npm run check` lists what they still need.');
  return lines.join('\n');
}

if (import.meta.main) {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean', default: false }, map: { type: 'string' }, system: { type: 'string' }, 'date-order': { type: 'string' } },
    });
    if (positionals.length === 0) throw new Error(USAGE);
    const started = performance.now();
    const dryRun = values['dry-run'] ?? false;
    const plan = await runImport(positionals, { root: process.env.TAILOR_CONTENT_ROOT ?? '.', dryRun, map: values.map, system: values.system, dateOrder: values['date-order'] });
    if (dryRun) {
      for (const c of plan.changes) process.stdout.write(createTwoFilesPatch(c.before === undefined ? '/dev/null' : c.file, c.file, c.before ?? '', c.after));
    }
    console.log(report(plan, dryRun));
    console.log(`(${Math.round(performance.now() - started)} ms)`);
    if (plan.rejected.length > 0) process.exitCode = 2;
  } catch (error) {
    console.error(`tailor import: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
