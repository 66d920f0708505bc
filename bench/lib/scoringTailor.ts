/**
 * Child process of the scoring benchmark (bench/scoring.ts): the real scoring. Reads the input
 * (accounts, piece stages, now) written by the benchmark, then times `scoreDatabase` from
 * src/cli/report.ts (the log streamed from SQLite into the engine) with the default scoring config.
 * Prints one line `SCORING_TAILOR {json}` with the time around scoreDatabase, sanity figures and,
 * run with --expose-gc, the heap still used after a full GC while the result is held (what the
 * engine's result and state retain, without the garbage of reading the rows).
 *   node --expose-gc bench/lib/scoringTailor.ts <input.json> <log.db>
 */
import { readFileSync } from 'node:fs';
import { scoreDatabase } from '../../src/cli/report.ts';
import type { ScoringAccount } from '../../src/scoring/engine.ts';
import { resolveScoringConfig } from '../../src/schemas/scoring.ts';
import type { BuyingStage } from '../../src/schemas/vocabulary.ts';

const [inputFile, dbFile] = process.argv.slice(2);
if (!inputFile || !dbFile) throw new Error('usage: scoringTailor.ts <input.json> <log.db>');
const input = JSON.parse(readFileSync(inputFile, 'utf8')) as { accounts: ScoringAccount[]; pieceStages: Record<string, BuyingStage>; now: number };
const config = resolveScoringConfig({});

const started = performance.now();
const result = scoreDatabase(dbFile, { accounts: input.accounts, pieceStages: input.pieceStages, config, now: input.now });
const ms = performance.now() - started;

const stages: Record<string, number> = {};
let accountScoreSum = 0;
// Every event's decayed points land in exactly one person (or the privacy bucket), whatever the
// merging of visitors into stakeholders: their sum must equal the GROUP BY's sum of points.
let personPoints = 0;
let people = 0;
// What the engine keeps per person (bounded by people x pages x event types, view clusters by days): shown beside the memory.
const kept = { contributions: 0, pieceViews: 0, viewClusters: 0, moments: 0, intentInWindow: 0 };
for (const a of result.accounts) {
  accountScoreSum += a.score;
  stages[a.stage] = (stages[a.stage] ?? 0) + 1;
  people += a.people.length;
  for (const p of a.people) {
    personPoints += p.score;
    kept.contributions += p.contributions.length;
    kept.pieceViews += p.pieceViews.length;
    for (const v of p.pieceViews) kept.viewClusters += v.times.length / 2;
    kept.moments += p.moments.length;
    kept.intentInWindow += p.intent.length;
  }
  const privacy = a.contributions.find((c) => c.person === 'privacy-protected');
  if (privacy) personPoints += privacy.personScore;
}
const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
let retainedHeapMb: number | undefined;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  gc();
  gc();
  retainedHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
}
console.log(
  `SCORING_TAILOR ${JSON.stringify({
    ms,
    events: result.overall.events,
    ignored: result.overall.ignored,
    accounts: result.accounts.length,
    people,
    kept,
    accountScoreSum,
    personPoints,
    salesReady: stages['sales-ready'] ?? 0,
    stages,
    redFlags: result.accounts.reduce((n, a) => n + a.redFlags.length, 0),
    heapUsedMb,
    retainedHeapMb,
    // Keeps the result alive until after the measurement above.
    retainedAccounts: result.accounts.length,
  })}`,
);
