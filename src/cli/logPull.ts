/**
 * `npm run log:pull`: copies new rows of the production conversion log (D1) into the local log
 * (`.tailor/conversions.db`, or TAILOR_LOG_FILE), through wrangler; then `npm run report` scores
 * them. Safe to repeat and to interrupt (src/collector/pull.ts).
 *   npm run log:pull                 the deployed D1 (--remote; needs the Cloudflare login deploy used)
 *   npm run log:pull -- --local      the D1 of `wrangler dev` (--persist-to <dir> as given to it; by
 *                                    default wrangler's own, .tailor/worker/.wrangler/state)
 * Rows older than the retention period (content/site.yaml privacy.retentionDays) are left out.
 */
import { parseArgs } from 'node:util';
import { SqliteLog } from '../collector/sqliteLog.ts';
import { pageSql, pullLog, type FetchPage } from '../collector/pull.ts';
import { logFile } from '../lib/state.ts';
import { siteSettings } from '../lib/vendor.ts';
import { D1_DATABASE } from '../deploy/workerConfig.ts';
import { d1Execute, d1Target, D1_OPTIONS, localD1State } from '../deploy/d1Cli.ts';
import { retentionCutoff } from '../privacy/retention.ts';
import { retainLocally } from '../privacy/localRetention.ts';
import type { LogRow } from '../events/schema.ts';

export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...D1_OPTIONS,
      'page-size': { type: 'string', default: '5000' },
    },
  });
  const target = d1Target(values);
  const fetchPage: FetchPage = async (after, limit) => d1Execute(target, pageSql(after, limit))[0]!.results as (LogRow & { rowid: number })[];
  const log = new SqliteLog(logFile());
  // The cursor is kept per source: the deployed D1, or a local one by where wrangler keeps it.
  const source = `d1:${D1_DATABASE}:${values.local ? `local:${localD1State(target)}` : 'remote'}`;
  // Storage limitation: rows past the retention period are not brought home (docs/privacy.md).
  const retentionDays = siteSettings().privacy.retentionDays;
  let result: Awaited<ReturnType<typeof pullLog>>;
  try {
    result = await pullLog(log.db, source, fetchPage, {
      notBefore: retentionCutoff(retentionDays, Date.now()),
      onReread: () => console.log('  The remote log changed under the last pull (rows deleted there: npm run forget, retention); reading it again from its start: rows already here are skipped.'),
      pageSize: Number(values['page-size']),
      onPage: (r) => console.log(`  ${r.read.toLocaleString('en')} row(s) read, ${r.added.toLocaleString('en')} new`),
    });
    const old = result.expired ? ` (${result.expired.toLocaleString('en')} older than the ${retentionDays}-day retention left out)` : '';
    console.log(`Pulled ${result.read.toLocaleString('en')} row(s) from ${values.local ? 'the local' : 'the production'} D1 log: ${result.added.toLocaleString('en')} new in ${logFile()}${old}. Run \`npm run report\` to score them.`);
  } finally {
    log.close();
  }
  // What is already here ages too.
  const retained = await retainLocally(retentionDays);
  if (retained) console.log(retained);
  return result;
}

if (import.meta.main) {
  main().catch((error: Error) => {
    console.error(`tailor log:pull: ${error.message}`);
    process.exit(1);
  });
}
