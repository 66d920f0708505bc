/**
 * `npm run forget -- <stakeholder-id or e-mail>`: deletes everything stored about one person (a
 * request under GDPR article 17), from the local conversion log and, with `--local` or `--remote`
 * (as for log:pull), from D1: their events (by stakeholder id and every visitor id seen with it),
 * the instant alerts about them, their plan updates and their people-table entry
 * (src/privacy/forget.ts). Prints what it deleted; running it again deletes nothing more.
 *   npm run forget -- jane.doe@quillfen.example                the local log
 *   npm run forget -- quillfen/cfo-1 --remote                  ... and the production D1
 *   npm run forget -- cfo-1 --from-account                     ... and their entry in the account file (diff shown)
 *   npm run forget -- quillfen/cfo-1 --name "Jane Doe"         someone already removed from the file: the name to take out of alerts
 * `npm run export-person` shows the same rows before (article 15).
 */
import { existsSync, readdirSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sqliteRunner } from '../alerts/sql.ts';
import { SqliteLog } from '../collector/sqliteLog.ts';
import { AccountFileError, readAccountFiles, type AccountFile } from '../content/accountFiles.ts';
import { chosenD1, d1CliRunner, D1_OPTIONS, describeD1 } from '../deploy/d1Cli.ts';
import { logFile, stateDir } from '../lib/state.ts';
import { removeFromAccount } from '../privacy/accountEdit.ts';
import { forgetPerson, scrubAlertLog, scrubLinksCsv, type PersonCounts } from '../privacy/forget.ts';
import { csvLine } from './links.ts';
import { findPerson, type Person } from '../privacy/person.ts';

/**
 * The person named on the command line, looked up in every account file (drafts too). A request
 * is not held up by an unrelated broken account file when the person is named `<account>/<id>`.
 */
export async function personFrom(positionals: string[], command: string): Promise<Person> {
  if (positionals.length !== 1) throw new Error(`name one person: npm run ${command} -- <stakeholder-id, <account>/<stakeholder-id> or e-mail>`);
  const root = process.env.TAILOR_CONTENT_ROOT ?? '.';
  let accounts: AccountFile[];
  try {
    accounts = await readAccountFiles(root, { includeDrafts: true });
  } catch (error) {
    if (!(error instanceof AccountFileError) || !/^[a-z0-9-]+\/[a-z0-9-]+$/.test(positionals[0]!)) throw error;
    console.warn(`(account files not read: ${error.message.split('\n')[0]}; going on with the ids given)`);
    accounts = [];
  }
  return findPerson(positionals[0]!, accounts);
}

/** A path as people read it: relative inside the project, absolute outside. */
const shown = (file: string) => (path.relative('.', file).startsWith('..') ? path.resolve(file) : path.relative('.', file));

export const describePerson = (p: Person) => `${p.account}/${p.stakeholder}${p.name || p.email ? ` (${[p.name, p.email].filter(Boolean).join(', ')})` : ''}`;

function printCounts(where: string, { counts, visitors, others }: PersonCounts) {
  const total = counts.reduce((n, c) => n + c.rows, 0);
  console.log(`${where}: ${total === 0 ? 'nothing stored about them (already forgotten, or never seen)' : `${total.toLocaleString('en')} row(s) deleted`}`);
  for (const c of counts) if (c.rows > 0) console.log(`  ${c.rows.toLocaleString('en')} ${c.what}`);
  if (total > 0) console.log(`  (by their stakeholder id, and the anonymous rows of the ${visitors} visitor id(s) seen with it)`);
  if (others > 0) console.log(`  kept: the rows of ${others} other identified person(s) on the same browser (a forwarded link or a shared machine); forget them by name if they ask`);
}

export async function main(argv = process.argv.slice(2)) {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...D1_OPTIONS, 'from-account': { type: 'boolean', default: false }, name: { type: 'string' } } });
  const target = chosenD1(values);
  const found = await personFrom(positionals, 'forget');
  // Someone already removed from their account file by hand: --name says what to take out of the alert log's words.
  const person = values.name ? { ...found, name: values.name } : found;
  console.log(`Forgetting ${describePerson(person)}.`);

  // The account file first: if it cannot be edited, nothing is deleted yet (fix the file, run again).
  let edit: { file: string; text: string; diff: string } | undefined;
  if (values['from-account']) {
    if (!person.file) console.log('Account file: they are in none (already removed).');
    else {
      const file = path.join(process.env.TAILOR_CONTENT_ROOT ?? '.', person.file);
      edit = { file, ...removeFromAccount(person.file, await readFile(file, 'utf8'), person) };
    }
  }

  const local = logFile();
  if (existsSync(local)) {
    const log = new SqliteLog(local);
    try {
      // Deleted content is overwritten, not left in free pages; the WAL is emptied after.
      log.db.exec('PRAGMA secure_delete = ON');
      printCounts(`Local log ${shown(local)}`, await forgetPerson(sqliteRunner(log.db), person));
      log.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      log.close();
    }
  } else console.log(`Local log ${local}: none yet.`);

  // The report's log of the alerts it raised names the people behind each.
  const alertLog = path.join(stateDir(), 'alerts.ndjson');
  if (existsSync(alertLog)) {
    const scrubbed = scrubAlertLog(await readFile(alertLog, 'utf8'), person);
    if (scrubbed.alerts > 0) await writeFile(alertLog, scrubbed.text);
    console.log(`Report alert log ${shown(alertLog)}: ${scrubbed.alerts ? `taken out of ${scrubbed.alerts} alert(s)` : 'not named in it'}`);
  }

  // The personal links made for them (`npm run links`): their name, e-mail and a working link.
  const links = path.join(stateDir(), 'links');
  if (existsSync(links)) {
    let removed = 0;
    for (const name of readdirSync(links).filter((f) => f.endsWith('.csv'))) {
      const file = path.join(links, name);
      const scrubbed = scrubLinksCsv(await readFile(file, 'utf8'), person, (text) => parse(text) as string[][], csvLine);
      if (scrubbed.removed) await writeFile(file, scrubbed.text), (removed += scrubbed.removed);
    }
    console.log(`Personal links ${shown(links)}: ${removed ? `${removed} row(s) with their link removed` : 'none for them'}`);
  }

  if (target) {
    const name = describeD1(target);
    printCounts(name[0]!.toUpperCase() + name.slice(1), await forgetPerson(d1CliRunner(target), person));
  } else if (existsSync(path.join(stateDir(), 'worker', 'wrangler.json'))) {
    console.log('The production D1 was not touched: run this again with --remote to delete them there too.');
  }

  if (edit) {
    await writeFile(edit.file, edit.text);
    console.log(`Removed them from ${shown(edit.file)}:`);
    process.stdout.write(edit.diff.split('\n').slice(2).join('\n'));
    console.log('Their personal link keeps working until the site is built and published again: restart npm start, or run npm run deploy, so that the collector no longer knows them.');
  } else if (person.file) {
    console.log(`They are still a stakeholder in ${person.file}: run again with --from-account to remove them (or edit the file), or their name stays in the report's call list and in alerts after the next deploy.`);
  }
  console.log('Then: npm run report (a report without them); npm run links if you send personal links; copies made before (backups, exports, CRM) are not touched here.');
}

if (import.meta.main) {
  main().catch((error: Error) => {
    console.error(`tailor forget: ${error.message}`);
    process.exit(1);
  });
}
