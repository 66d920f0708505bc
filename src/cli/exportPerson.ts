/**
 * `npm run export-person -- <stakeholder-id or e-mail>`: everything stored about one person, as
 * JSON (a request under GDPR article 15): their entry in the account file, and every row about
 * them in the local conversion log and, with `--local` or `--remote`, in D1 (the rows
 * `npm run forget` would delete, src/privacy/forget.ts).
 *   npm run export-person -- jane.doe@quillfen.example > jane.json
 *   npm run export-person -- quillfen/cfo-1 --remote --out requests/jane.json
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sqliteRunner } from '../alerts/sql.ts';
import { SqliteLog } from '../collector/sqliteLog.ts';
import { readAccountFiles } from '../content/accountFiles.ts';
import { chosenD1, d1CliRunner, D1_OPTIONS, describeD1 } from '../deploy/d1Cli.ts';
import { logFile } from '../lib/state.ts';
import { personData } from '../privacy/forget.ts';
import { describePerson, personFrom } from './forget.ts';

export async function exportPerson(argv = process.argv.slice(2)): Promise<Record<string, unknown>> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...D1_OPTIONS, out: { type: 'string' } } });
  const target = chosenD1(values);
  const person = await personFrom(positionals, 'export-person');
  const account = person.file ? (await readAccountFiles(process.env.TAILOR_CONTENT_ROOT ?? '.', { includeDrafts: true })).find((a) => a.id === person.account) : undefined;
  const entry = account?.data.buyingCommittee.find((s) => s.id === person.stakeholder);
  const stores: Record<string, unknown> = {};
  const local = logFile();
  if (existsSync(local)) {
    const log = new SqliteLog(local);
    try {
      stores[`local log (${local})`] = await personData(sqliteRunner(log.db), person);
    } finally {
      log.close();
    }
  }
  if (target) {
    stores[describeD1(target)] = await personData(d1CliRunner(target), person);
  }
  const result = {
    exportedAt: new Date().toISOString(),
    person: { account: person.account, stakeholder: person.stakeholder },
    accountFile: entry
      ? {
          file: person.file,
          account: account!.data.name,
          stakeholder: entry,
          planSteps: (account!.data.plan?.milestones ?? []).filter((m) => m.owners.some((o) => 'stakeholder' in o && o.stakeholder === person.stakeholder)).map((m) => ({ title: m.title, due: m.due.toISOString().slice(0, 10), status: m.status })),
        }
      : null,
    stores,
  };
  const json = JSON.stringify(result, null, 2) + '\n';
  if (values.out) {
    await mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
    await writeFile(values.out, json, { mode: 0o600 });
    const rows = Object.values(stores).flatMap((s) => Object.values(s as Record<string, unknown[]>)).reduce((n, r) => n + r.length, 0);
    console.error(`Exported ${describePerson(person)}: ${rows} row(s) to ${values.out}.`);
  } else process.stdout.write(json);
  return result;
}

if (import.meta.main) {
  exportPerson().catch((error: Error) => {
    console.error(`tailor export-person: ${error.message}`);
    process.exit(1);
  });
}
