/**
 * Child process of the scoring benchmark (bench/scoring.ts), for reference only: reads the log the
 * way `scoreDatabase` (src/cli/report.ts) does — the engine's SCORING_COLUMNS in account order
 * (ORDER BY account, received_at: the events_account index, then each row from the table), rows as
 * arrays, `.iterate()` — without scoring, to show how much of the scoring time is getting rows out
 * of SQLite.
 * Prints one line `SCORING_READ {json}` with the row count and the time around open + read + close.
 *   node bench/lib/scoringRead.ts <log.db>
 */
import { DatabaseSync } from 'node:sqlite';
import { SCORING_COLUMNS, type ScoringTuple } from '../../src/scoring/engine.ts';

const [dbFile] = process.argv.slice(2);
if (!dbFile) throw new Error('usage: scoringRead.ts <log.db>');

const started = performance.now();
const db = new DatabaseSync(dbFile, { readOnly: true });
let events = 0;
let checksum = 0;
try {
  const statement = db.prepare(`SELECT ${SCORING_COLUMNS.join(', ')} FROM events ORDER BY account, received_at`);
  statement.setReturnArrays(true);
  for (const row of statement.iterate() as unknown as IterableIterator<ScoringTuple>) {
    events++;
    checksum += row[0] % 1000;
  }
} finally {
  db.close();
}
const ms = performance.now() - started;
console.log(`SCORING_READ ${JSON.stringify({ ms, events, checksum })}`);
