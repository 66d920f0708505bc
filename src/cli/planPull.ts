/**
 * `npm run plan:pull`: what visitors sent in their accounts' shared plans (steps done, dates
 * proposed, comments; table `plan_updates`) proposed as edits of the account files. Prints the
 * diff of each file and the comments to answer; `--apply` writes the files. Reads the local log
 * (`.tailor/conversions.db`, or TAILOR_LOG_FILE), and with `--remote` or `--local` also the D1 of
 * the Worker through wrangler, as `npm run log:pull` does (src/content/planPull.ts has the rules).
 *   npm run plan:pull                          diff for every account with updates
 *   npm run plan:pull -- tirajeh --apply       write tirajeh's file
 *   npm run plan:pull -- --remote              include the deployed D1's updates
 * Updates an `--apply` has handled (written, listed or skipped) are remembered in the local log's
 * database (`plan_pull_handled`) and not proposed again: a date the marketer changed after
 * accepting a visitor's stays as the marketer set it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import { createTwoFilesPatch } from 'diff';
import { parse } from 'yaml';
import { proposePlanUpdates, type PlanPullProposal } from '../content/planPull.ts';
import { SELECT_PLAN_UPDATES_SQL } from '../collector/planUpdates.ts';
import type { PlanUpdateRow } from '../events/planUpdate.ts';
import { logFile } from '../lib/state.ts';
import { chosenD1, d1Execute, D1_OPTIONS, type D1Target } from '../deploy/d1Cli.ts';


/** The updates in the local log's database (none when it has no table yet). */
export function localUpdates(file: string): PlanUpdateRow[] {
  if (!existsSync(file)) return [];
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'plan_updates'").get()) return [];
    return db.prepare(`${SELECT_PLAN_UPDATES_SQL} ORDER BY received_at, id`).all() as unknown as PlanUpdateRow[];
  } finally {
    db.close();
  }
}

async function d1Updates(target: D1Target): Promise<PlanUpdateRow[]> {
  const [tables] = d1Execute(target, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'plan_updates'");
  if (!tables?.results.length) return [];
  return d1Execute(target, `${SELECT_PLAN_UPDATES_SQL} ORDER BY received_at, id`)[0]!.results as unknown as PlanUpdateRow[];
}

const HANDLED_SQL = 'CREATE TABLE IF NOT EXISTS plan_pull_handled (account TEXT NOT NULL, stakeholder TEXT NOT NULL, id TEXT NOT NULL, handled_at INTEGER NOT NULL, PRIMARY KEY (account, stakeholder, id))';
const handledKey = (u: Pick<PlanUpdateRow, 'account' | 'stakeholder' | 'id'>) => `${u.account}\u0000${u.stakeholder}\u0000${u.id}`;

/** The updates an earlier `--apply` handled, by key. */
function handledUpdates(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'plan_pull_handled'").get()) return new Set();
    return new Set((db.prepare('SELECT account, stakeholder, id FROM plan_pull_handled').all() as unknown as PlanUpdateRow[]).map(handledKey));
  } finally {
    db.close();
  }
}

/** Remembers the updates of the proposals just applied, so that they are not proposed again. */
function rememberHandled(file: string, found: readonly PlanPullProposal[]): void {
  const db = new DatabaseSync(file);
  try {
    db.exec(HANDLED_SQL);
    const insert = db.prepare('INSERT OR IGNORE INTO plan_pull_handled (account, stakeholder, id, handled_at) VALUES (?, ?, ?, ?)');
    db.exec('BEGIN');
    for (const p of found) for (const u of p.updates) insert.run(u.account, u.stakeholder, u.id, Date.now());
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

/** The account file of an id (`.yaml`, `.yml` or `.md`), or undefined. */
function accountFile(root: string, id: string): string | undefined {
  return ['yaml', 'yml', 'md'].map((ext) => path.join(root, 'accounts', `${id}.${ext}`)).find((f) => existsSync(f));
}

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** Proposals for every account with updates (or those named), from the rows given. */
export function proposals(root: string, updates: readonly PlanUpdateRow[], only: readonly string[] = []): { proposals: PlanPullProposal[]; unknown: string[] } {
  const byAccount = new Map<string, PlanUpdateRow[]>();
  const seen = new Set<string>();
  for (const u of updates) {
    const key = `${u.account}\u0000${u.stakeholder}\u0000${u.id}`;
    if (seen.has(key)) continue; // in the local log and in D1 both
    seen.add(key);
    if (only.length > 0 && !only.includes(u.account)) continue;
    byAccount.set(u.account, [...(byAccount.get(u.account) ?? []), u]);
  }
  const unknown: string[] = [];
  const result: PlanPullProposal[] = [];
  for (const [account, rows] of [...byAccount].sort(([a], [b]) => a.localeCompare(b))) {
    const file = accountFile(root, account);
    if (!file) {
      unknown.push(account);
      continue;
    }
    result.push(proposePlanUpdates(path.relative(root, file) || file, readFileSync(file, 'utf8'), rows));
  }
  return { proposals: result, unknown };
}

/** The report a marketer reads: each file's diff, the comments to answer (who, on which step), what was skipped. */
export function report(found: PlanPullProposal[], applied: boolean): string {
  const out: string[] = [];
  for (const p of found) {
    const people = new Map<string, { name?: string; title?: string }>();
    try {
      const data = parse(p.file.endsWith('.md') ? (p.before.split(/^---\s*$/m)[1] ?? '') : p.before) as { buyingCommittee?: { id: string; name?: string; title?: string }[] };
      for (const s of data?.buyingCommittee ?? []) people.set(s.id, s);
    } catch {
      // the ids alone, then
    }
    const who = (id: string) => {
      const s = people.get(id);
      return s ? [s.name, s.title].filter(Boolean).join(', ') + ` (${id})` : id;
    };
    if (p.changes.length > 0) {
      out.push(createTwoFilesPatch(`a/${p.file}`, `b/${p.file}`, p.before, p.after).trimEnd());
      for (const c of p.changes) out.push(`  step ${c.step} “${c.title}”: ${c.field} ${c.from} -> ${c.to} (${who(c.by)}, ${when(c.at)})`);
    } else out.push(`${p.file}: nothing to change`);
    for (const c of p.comments) out.push(`  comment on step ${c.step} “${c.title}” by ${who(c.by)}, ${when(c.at)}: ${JSON.stringify(c.text)}`);
    for (const s of p.skipped) out.push(`  skipped: ${s.update.kind} from ${who(s.update.stakeholder)}, ${when(Number(s.update.receivedAt))}: ${s.reason}`);
  }
  const changed = found.filter((p) => p.changes.length > 0);
  if (found.length === 0) out.push('No plan updates.');
  else if (changed.length === 0) out.push('The account files already say what visitors sent.');
  else out.push(applied ? `Wrote ${changed.length} account file(s). Run \`npm run check\`, then rebuild.` : `${changed.length} account file(s) would change. Run again with --apply to write them.`);
  return out.join('\n');
}

export async function main(argv = process.argv.slice(2)): Promise<PlanPullProposal[]> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      apply: { type: 'boolean', default: false },
      ...D1_OPTIONS,
    },
  });
  const target = chosenD1(values);
  const root = process.env.TAILOR_CONTENT_ROOT ?? '.';
  const all = localUpdates(logFile());
  if (target) all.push(...(await d1Updates(target)));
  const handled = handledUpdates(logFile());
  const updates = all.filter((u) => !handled.has(handledKey(u)));
  const { proposals: found, unknown } = proposals(root, updates, positionals);
  for (const id of unknown) console.warn(`[tailor] plan:pull: updates for account "${id}", which has no file in accounts/ (removed?); skipped`);
  if (values.apply) {
    for (const p of found) if (p.changes.length > 0) await writeFile(path.join(root, p.file), p.after);
    rememberHandled(logFile(), found);
  }
  if (all.length > updates.length) console.log(`(${all.length - updates.length} update(s) an earlier --apply handled are not proposed again)`);
  console.log(report(found, values.apply));
  return found;
}

if (import.meta.main) {
  main().catch((error: Error) => {
    console.error(`tailor plan:pull: ${error.message}`);
    process.exit(1);
  });
}
