/**
 * Loads the people table into D1 (`tailor_accounts`, `tailor_people`: docs/alerts.md), so that the
 * Worker's instant alerts can name people without a name in its bundle. `npm run deploy` runs it
 * on the remote database; the edge test on the local one. The script names people: it is written
 * under the private state folder and removed once run.
 */
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { readAccountFiles } from '../content/accountFiles.ts';
import { directoryAccount, directoryScript } from '../alerts/directory.ts';
import { D1_DATABASE } from './workerConfig.ts';
import { wrangler } from './wrangler.ts';

export async function loadPeople(options: { config: string; dir: string; where: ['--remote'] | ['--local', '--persist-to', string]; root?: string }): Promise<{ accounts: number; people: number }> {
  const accounts = (await readAccountFiles(options.root)).map(directoryAccount);
  mkdirSync(options.dir, { recursive: true });
  const file = path.join(options.dir, `people-${process.pid}.sql`);
  writeFileSync(file, directoryScript(accounts), { mode: 0o600 });
  try {
    wrangler(['d1', 'execute', D1_DATABASE, ...options.where, '--config', options.config, '--file', file, '--yes'], { quiet: true });
  } finally {
    rmSync(file, { force: true });
  }
  return { accounts: accounts.length, people: accounts.reduce((n, a) => n + a.people.size, 0) };
}
