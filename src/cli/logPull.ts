/**
 * `npm run log:pull`: copies new rows of the production conversion log (D1) into the local log
 * (`.tailor/conversions.db`, or TAILOR_LOG_FILE), through wrangler; then `npm run report` scores
 * them. Safe to repeat and to interrupt (src/collector/pull.ts).
 *   npm run log:pull                 the deployed D1 (--remote; needs the Cloudflare login deploy used)
 *   npm run log:pull -- --local      the D1 of `wrangler dev` (tests; --persist-to <dir> as given to it)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteLog } from '../collector/sqliteLog.ts';
import { pageSql, pullLog, type FetchPage } from '../collector/pull.ts';
import { logFile, stateDir } from '../lib/state.ts';
import { D1_DATABASE } from '../deploy/workerConfig.ts';
import { wrangler, wranglerJson } from '../deploy/wrangler.ts';
import type { LogRow } from '../events/schema.ts';

export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      local: { type: 'boolean', default: false },
      'persist-to': { type: 'string' },
      config: { type: 'string' },
      'page-size': { type: 'string', default: '5000' },
    },
  });
  const config = path.resolve(values.config ?? path.join(stateDir(), 'worker', 'wrangler.json'));
  if (!existsSync(config)) throw new Error(`${config}: no Worker config; run \`npm run deploy\` first (it writes it), or pass --config`);
  const where = values.local ? ['--local', ...(values['persist-to'] ? ['--persist-to', values['persist-to']] : [])] : ['--remote'];
  const fetchPage: FetchPage = async (after, limit) => {
    const output = wrangler(['d1', 'execute', D1_DATABASE, ...where, '--config', config, '--json', '--command', pageSql(after, limit)], { quiet: true });
    const [first] = wranglerJson<{ results: (LogRow & { rowid: number })[]; success: boolean }[]>(output);
    if (!first?.success) throw new Error(`D1 query failed:\n${output}`);
    return first.results;
  };
  const log = new SqliteLog(logFile());
  const source = `d1:${D1_DATABASE}:${values.local ? `local:${path.resolve(values['persist-to'] ?? '.wrangler/state')}` : 'remote'}`;
  try {
    const result = await pullLog(log.db, source, fetchPage, {
      pageSize: Number(values['page-size']),
      onPage: (r) => console.log(`  ${r.read.toLocaleString('en')} row(s) read, ${r.added.toLocaleString('en')} new`),
    });
    console.log(`Pulled ${result.read.toLocaleString('en')} row(s) from ${values.local ? 'the local' : 'the production'} D1 log: ${result.added.toLocaleString('en')} new in ${logFile()}. Run \`npm run report\` to score them.`);
    return result;
  } finally {
    log.close();
  }
}

if (import.meta.main) {
  main().catch((error: Error) => {
    console.error(`tailor log:pull: ${error.message}`);
    process.exit(1);
  });
}
