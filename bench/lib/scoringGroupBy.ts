/**
 * Child process of the scoring benchmark (bench/scoring.ts): the baseline. Opens the generated log
 * read-only and runs the SQL in the file given as the first argument (one GROUP BY over the log,
 * ordered by account), iterating every result row into JS like the engine reads its rows.
 * Prints one line `SCORING_BASELINE {json}` with the row count, the sum of the `points` column and
 * the time around open + query + close.
 *   node bench/lib/scoringGroupBy.ts <query.sql> <log.db>
 */
import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

const [sqlFile, dbFile] = process.argv.slice(2);
if (!sqlFile || !dbFile) throw new Error('usage: scoringGroupBy.ts <query.sql> <log.db>');
const sql = readFileSync(sqlFile, 'utf8');

const started = performance.now();
const db = new DatabaseSync(dbFile, { readOnly: true });
let rows = 0;
let events = 0;
let points = 0;
const accounts = new Set<string>();
try {
  for (const row of db.prepare(sql).iterate() as Iterable<{ account: string; person: string | null; type: string; n: number; points: number }>) {
    rows++;
    events += row.n;
    points += row.points;
    accounts.add(row.account);
  }
} finally {
  db.close();
}
const ms = performance.now() - started;
console.log(`SCORING_BASELINE ${JSON.stringify({ ms, rows, events, points, accounts: accounts.size })}`);
