/**
 * Scoring benchmark (`npm run bench -- --only scoring [--events 1000000] [--cpu-prof]`):
 *   1. generates a realistic conversion log of N events (default 1,000,000) over 1,000 accounts
 *      into a temporary SQLite file with the collector's schema (CREATE_LOG_SQL, INSERT_SQL, batched
 *      transactions); timed on its own, not part of the comparison;
 *   2. the baseline: SQLite alone computes the core aggregation in one GROUP BY over the log (per
 *      account, person = coalesce(stakeholder, visitor), and type: count and the sum of weighted,
 *      capped, stage-multiplied, decayed points, ordered by account), in a child process
 *      (bench/lib/scoringGroupBy.ts) under /usr/bin/time -v;
 *   3. Tailor: the real scoring, `scoreDatabase` from src/cli/report.ts (rows streamed from SQLite
 *      into src/scoring/engine.ts) with the default config, in a child process
 *      (bench/lib/scoringTailor.ts) under /usr/bin/time -v;
 *   4. for reference (no target): the rows read the way scoreDatabase reads them, without scoring
 *      (bench/lib/scoringRead.ts), to show what share of the scoring time is reading.
 * Each measurement runs `runs` times (default 2, alternating) and the faster counts. With
 * --cpu-prof, one more Tailor run under `node --cpu-prof` shows where its time went (not timed).
 * Prints a table and the targets, writes bench/out/scoring-results.json.
 *
 * Targets (from the issue): the full scoring within 2x of the GROUP BY, and under 5 s on 2 cores
 * (both on the time measured inside the child around the work; process wall is shown too).
 *
 * Sanity: every event's points land in exactly one person (or the privacy-protected bucket), so the
 * engine's sum of person scores must equal the GROUP BY's sum of points (checked to 1e-9).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { CREATE_LOG_SQL, INSERT_SQL, LOG_MIGRATIONS } from '../src/collector/logSql.ts';
import type { LogRow } from '../src/events/schema.ts';
import type { ScoringAccount } from '../src/scoring/engine.ts';
import { resolveScoringConfig, type ScoringConfig } from '../src/schemas/scoring.ts';
import type { BuyingStage, DecisionRole } from '../src/schemas/vocabulary.ts';
import { seededRandom } from '../src/lib/seededRandom.ts';
import { summariseCpuProfile, type ProfileSummary } from './lib/cpuProfile.ts';
import { rel, runTimed, tail, type TimedRun } from './lib/measure.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.dirname(BENCH_DIR);
const NODE_BIN = existsSync(path.join(PROJECT, 'node_modules', '.bin', 'node')) ? path.join(PROJECT, 'node_modules', '.bin', 'node') : process.execPath;

const DAY = 86_400_000;
export const SCORING_ACCOUNTS = 1000;
export const RATIO_TARGET = 2;
export const SECONDS_TARGET = 5;
const DEFAULT_SEED = 20_260_801;

export interface ScoringBenchOptions {
  /** Events in the generated log. Default 1,000,000. */
  events?: number;
  /** Runs of each measurement (alternating); the faster counts. Default 2. */
  runs?: number;
  /** One more Tailor run under `node --cpu-prof`, summarised (not timed). */
  cpuProf?: boolean;
  /** PRNG seed of the generated log. */
  seed?: number;
  /** Folder for logs, profiles and results. Default bench/out. */
  outDir?: string;
}

export interface GenerationStats {
  events: number;
  accounts: number;
  ms: number;
  dbMb: number;
  byType: Record<string, number>;
  byWho: { stakeholder: number; anonymous: number; privacyProtected: number };
  visits: number;
  spanDays: number;
}

export interface MeasuredRun {
  run: number;
  /** Time measured inside the child around the work, ms. */
  ms: number;
  /** Wall time of the whole child process (start-up, imports, work, exit), ms. */
  processMs: number;
  peakRssMb: number | undefined;
  userSeconds: number | undefined;
  systemSeconds: number | undefined;
  log: string;
}

export interface Measurement {
  name: string;
  label: string;
  ok: boolean;
  error?: string;
  runs: MeasuredRun[];
  /** The faster run (by `ms`). */
  best: MeasuredRun | undefined;
  /** What the child printed (of the faster run). */
  output: Record<string, unknown> | undefined;
}

export interface ScoringBenchResult {
  ok: boolean;
  events: number;
  accounts: number;
  cores: number;
  /** Percent of all cores busy during one idle second just before the measurements (other processes; Linux only). */
  busyBefore: number | undefined;
  generation: GenerationStats;
  baseline: Measurement;
  tailor: Measurement;
  /** Reference (no target): reading the rows as scoreDatabase does (SCORING_COLUMNS as arrays), without scoring. */
  readOnly: Measurement;
  /** Tailor ms / GROUP BY ms (faster runs, inside-the-child times). */
  ratio: number | undefined;
  ratioMet: boolean | undefined;
  secondsMet: boolean | undefined;
  /** Sum of decayed points: the GROUP BY's and the engine's (persons + privacy-protected). */
  pointsCheck: { baseline: number; tailor: number; relativeDifference: number; equal: boolean } | undefined;
  sql: string;
  queryPlan: string[];
  profile?: { file: string; summary: ProfileSummary };
}

// ---------------------------------------------------------------------------------------------
// The generated world: 1,000 accounts with a committee of 5, 5 persona tracks of 4 pieces each.

const prng = seededRandom;
type Rand = ReturnType<typeof prng>;

interface PersonaSpec {
  id: string;
  title: string;
  role: DecisionRole;
  /** Share of identified visits that are this stakeholder's. */
  share: number;
}
const PERSONAS: PersonaSpec[] = [
  { id: 'ceo', title: 'Chief Executive Officer', role: 'decision-maker', share: 0.18 },
  { id: 'cfo', title: 'Chief Financial Officer', role: 'decision-maker', share: 0.2 },
  { id: 'cto', title: 'Chief Technology Officer', role: 'decision-maker', share: 0.25 },
  { id: 'head-of-sales', title: 'Head of Sales', role: 'influencer', share: 0.17 },
  { id: 'end-user', title: 'Operations Specialist', role: 'user', share: 0.2 },
];
const STAGES: BuyingStage[] = ['awareness', 'consideration', 'evaluation', 'decision'];
/** 20 pieces: 4 per persona track, one per stage (in track order). */
const TRACKS: Record<string, string[]> = Object.fromEntries(PERSONAS.map((p) => [p.id, STAGES.map((s, i) => `${p.id}-${s}-${i + 1}`)]));
export const PIECE_STAGES: Record<string, BuyingStage> = Object.fromEntries(PERSONAS.flatMap((p) => STAGES.map((s, i) => [`${p.id}-${s}-${i + 1}`, s] as const)));

interface WorldAccount {
  scoring: ScoringAccount;
  /** Visitor id of each stakeholder (the browser they opened their personal link in). */
  stakeholderVisitors: string[];
  /** Anonymous visitors; the first two are the cto's and end-user's browsers before their link. */
  anonymous: string[];
}

function buildWorld(rand: Rand): WorldAccount[] {
  return Array.from({ length: SCORING_ACCOUNTS }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    const id = `bench-account-${n}`;
    const committee = PERSONAS.map((p) => ({ id: `${p.id}-${n}`, title: p.title, persona: p.id, role: p.role }));
    const stakeholderVisitors = PERSONAS.map(() => rand.id());
    const anonymous = [stakeholderVisitors[2]!, stakeholderVisitors[4]!, ...Array.from({ length: 18 }, () => rand.id())];
    return { scoring: { id, name: `Benchmark Account ${n}`, domain: `bench-account-${n}.example`, owner: 'Grace Okafor', committee }, stakeholderVisitors, anonymous };
  });
}

/** Seconds engaged on a piece: log-normal around 90 s, a few tabs left open far past the cap. */
function readingSeconds(rand: Rand): number {
  const u = Math.max(rand.next(), 1e-9);
  const v = rand.next();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(2, Math.round(Math.exp(Math.log(90) + 0.9 * normal)));
}

/**
 * Writes `events` rows into a new SQLite log at `file`. Visits start one after the other over the
 * last 60 days; their events (which overlap in time) are stored in the order they arrive, with a
 * non-decreasing received_at, like the collector's log (rowid order). Each visit: an account (skewed: a few hot accounts, a long tail),
 * a visitor (30% of visits a stakeholder through a personal link, 60% an anonymous visitor from
 * the account's pool of 20, 10% privacy-protected without visitor or session), then the landing
 * page (30%) and/or the persona's track page, then 1 to 3 pieces with scroll milestones, engaged
 * time, and now and then a CTA click, a download, the calculator, a form or an outbound link.
 */
function generateLog(file: string, events: number, world: WorldAccount[], now: number, rand: Rand): GenerationStats {
  const started = performance.now();
  const spanDays = 60;
  const span = spanDays * DAY;
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;');
  for (const sql of [...CREATE_LOG_SQL, ...LOG_MIGRATIONS.map((m) => m.sql)]) db.exec(sql);
  const insert = db.prepare(INSERT_SQL);
  const byType: Record<string, number> = {};
  const byWho = { stakeholder: 0, anonymous: 0, privacyProtected: 0 };
  const shares = PERSONAS.map((p) => p.share);
  let generated = 0;
  let visits = 0;
  let inBatch = 0;
  let lastReceived = 0;
  type Row = [id: string, t: number, type: LogRow['type'], account: string, persona: string | null, piece: string | null, stakeholder: string | null, visitor: string | null, session: string | null, path: string, ref: string, value: number | null, label: string | null];
  let pending: Row[] = [];
  /** Stores the pending events timed before `before` in arrival order (client time plus a little network). */
  const store = (before: number) => {
    pending.sort((a, b) => a[1] - b[1]);
    let i = 0;
    for (; i < pending.length && pending[i]![1] < before; i++) {
      const [id, t, ...rest] = pending[i]!;
      lastReceived = Math.max(lastReceived, t + 40 + rand.int(1500));
      insert.run(id, lastReceived, t, ...rest, null);
      if (++inBatch >= 10_000) {
        db.exec('COMMIT');
        db.exec('BEGIN');
        inBatch = 0;
      }
    }
    pending = pending.slice(i);
  };
  // Visits start in order, spread evenly over the span by the events generated so far (plus up to a minute).
  const visitFloor = () => now - span + Math.floor((generated / events) * (span - 3 * 3_600_000));
  db.exec('BEGIN');
  try {
    while (generated < events) {
      visits++;
      const account = world[Math.floor(SCORING_ACCOUNTS * rand.next() ** 2)]!;
      const whoDraw = rand.next();
      let stakeholder: string | null = null;
      let visitor: string | null = null;
      let persona: string;
      let who: keyof typeof byWho;
      if (whoDraw < 0.3) {
        let r = rand.next();
        let k = 0;
        while (k < shares.length - 1 && r >= shares[k]!) r -= shares[k++]!;
        stakeholder = account.scoring.committee[k]!.id;
        visitor = account.stakeholderVisitors[k]!;
        // Mostly their own track, sometimes a colleague's.
        persona = rand.next() < 0.8 ? PERSONAS[k]!.id : rand.pick(PERSONAS).id;
        who = 'stakeholder';
      } else if (whoDraw < 0.9) {
        visitor = account.anonymous[Math.floor(account.anonymous.length * rand.next() ** 1.5)]!;
        persona = rand.pick(PERSONAS).id;
        who = 'anonymous';
      } else {
        persona = rand.pick(PERSONAS).id;
        who = 'privacyProtected';
      }
      const session = visitor ? rand.id() : null;
      const entryRef = rand.pick(['direct', 'email', 'email', 'search', 'social', 'other'] as const);
      let t = visitFloor() + rand.int(60_000);
      const base = `/${account.scoring.id}/`;
      let first = true;
      const emit = (type: LogRow['type'], page: { persona: string | null; piece: string | null; path: string }, value: number | null = null, label: string | null = null) => {
        if (generated >= events) return;
        t += 1000 + rand.int(4000);
        pending.push([rand.id(), t, type, account.scoring.id, page.persona, page.piece, stakeholder, visitor, session, page.path, first ? entryRef : 'internal', value, label]);
        first = false;
        generated++;
        byWho[who]++;
        byType[type] = (byType[type] ?? 0) + 1;
      };
      if (rand.next() < 0.3) {
        const landing = { persona: null, piece: null, path: base };
        emit('page_view', landing);
        emit('scroll', landing, 25);
        emit('engaged_time', landing, 10 + rand.int(30));
      }
      const track = { persona, piece: null, path: `${base}${persona}/` };
      emit('page_view', track);
      emit('scroll', track, 25);
      if (rand.next() < 0.6) emit('scroll', track, 50);
      emit('engaged_time', track, 15 + rand.int(40));
      const pieces = TRACKS[persona]!;
      const count = 1 + Math.floor(rand.next() ** 1.5 * 3);
      const start = rand.int(pieces.length);
      for (let i = 0; i < count; i++) {
        const piece = pieces[(start + i) % pieces.length]!;
        const page = { persona, piece, path: `${base}${persona}/${piece}/` };
        emit('page_view', page);
        const depth = 1 + Math.floor(rand.next() * 4);
        for (let d = 1; d <= depth; d++) emit('scroll', page, d * 25);
        if (rand.next() < 0.04) emit('download', page, null, `/downloads/${piece}.pdf`);
        if (rand.next() < 0.02) emit('outbound_click', page, null, rand.pick(['www.linkedin.com', 'github.com', 'docs.example.org']));
        const seconds = readingSeconds(rand);
        t += seconds * 1000;
        emit('engaged_time', page, seconds);
        if (i === count - 1) {
          const intent = rand.next();
          if (intent < 0.012) {
            emit('calculator_completed', page, 120 + rand.int(300));
            emit('cta_click', page, 0, 'meeting');
          } else if (intent < 0.035) emit('cta_click', page, 0, 'meeting');
          else if (intent < 0.05) emit('cta_click', page, 0, 'contact');
          else if (intent < 0.055) emit('form_submit', page, null, 'contact-form');
        }
      }
      // Later visits start after visitFloor(): everything before it has arrived.
      store(visitFloor());
    }
    store(Infinity);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    db.close();
    throw error;
  }
  // Fold the WAL into the database so the readers start from a clean file (as a long-running log
  // would be after its checkpoints).
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const pages = Number((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
  const pageSize = Number((db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size);
  db.close();
  return { events: generated, accounts: SCORING_ACCOUNTS, ms: performance.now() - started, dbMb: (pages * pageSize) / 2 ** 20, byType, byWho, visits, spanDays };
}

/** The generated log on its own (for experiments): accounts, piece stages and stats. */
export function generateScoringLog(file: string, options: { events: number; now: number; seed?: number }) {
  const rand = prng(options.seed ?? DEFAULT_SEED);
  const world = buildWorld(rand);
  const stats = generateLog(file, options.events, world, options.now, rand);
  return { accounts: world.map((a) => a.scoring), pieceStages: PIECE_STAGES, stats };
}

// ---------------------------------------------------------------------------------------------
// The baseline query: the engine's per-event points, summed per account, person and type.

const sqlNumber = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  // Always a REAL literal: SQLite divides integers as integers.
  return Number.isInteger(n) ? `${n}.0` : String(n);
};
const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The same points as src/scoring/engine.ts gives each event: weight by type (engaged_time per
 * second, seconds clamped to [0, cap]) x the stage weight of the piece (1 off pieces) x
 * 0.5^((now - min(t, now)) / half-life). SQLite here (3.5x, bundled with Node) has the math
 * functions, so the decay is pow(0.5, ...) in SQL; `now` and the half-life are REAL literals so
 * the division is not an integer division.
 */
export function baselineSql(config: ScoringConfig, pieceStages: Record<string, BuyingStage>, now: number): string {
  const typeWeight = `CASE type ${Object.entries(config.weights.events)
    .map(([type, w]) => `WHEN ${sqlString(type)} THEN ${sqlNumber(w)}`)
    .join(' ')} ELSE 0.0 END`;
  const seconds = `CASE WHEN type = 'engaged_time' THEN min(max(coalesce(value, 0.0), 0.0), ${sqlNumber(config.weights.engagedSecondsCap)}) ELSE 1.0 END`;
  const stageWeight = `CASE piece ${Object.entries(pieceStages)
    .map(([piece, stage]) => `WHEN ${sqlString(piece)} THEN ${sqlNumber(config.weights.stages[stage])}`)
    .join(' ')} ELSE 1.0 END`;
  const decay = `pow(0.5, (${sqlNumber(now)} - min(t, ${sqlNumber(now)})) / ${sqlNumber(config.halfLifeDays * DAY)})`;
  return [
    'SELECT account, coalesce(stakeholder, visitor) AS person, type, count(*) AS n,',
    `  sum((${typeWeight})`,
    `    * (${seconds})`,
    `    * (${stageWeight})`,
    `    * ${decay}) AS points`,
    'FROM events',
    'GROUP BY account, person, type',
    'ORDER BY account',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Measuring.

function parseMarker(lines: string[], marker: string): Record<string, unknown> | undefined {
  const line = lines.find((l) => l.startsWith(`${marker} `));
  return line ? (JSON.parse(line.slice(marker.length + 1)) as Record<string, unknown>) : undefined;
}

async function measureOnce(args: string[], marker: string, log: string): Promise<{ timed: TimedRun; output: Record<string, unknown> | undefined }> {
  const lines: string[] = [];
  const timed = await runTimed(NODE_BIN, args, { cwd: PROJECT, env: { ...process.env, NODE_ENV: 'production' }, log, onLine: (l) => lines.push(l) });
  return { timed, output: parseMarker(lines, marker) };
}

/** How busy all cores are over one second while this process waits (from /proc/stat), in %. */
async function otherCpuBusyPercent(): Promise<number | undefined> {
  const sample = () => {
    try {
      const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
      const idle = fields[3]! + (fields[4] ?? 0);
      return { total: fields.reduce((a, b) => a + b, 0), idle };
    } catch {
      return undefined;
    }
  };
  const a = sample();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const b = sample();
  if (!a || !b || b.total <= a.total) return undefined;
  return (1 - (b.idle - a.idle) / (b.total - a.total)) * 100;
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? '-' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

function printProfile(s: ProfileSummary, file: string): void {
  console.log(`  CPU profile of the Tailor scoring child (${rel(file, PROJECT)}; busy ${fmt(s.busyPercent, 0)} % of ${fmt(s.totalMs / 1000, 2)} s, includes start-up and imports), self time by area:`);
  for (const e of s.topAreas) console.log(`    ${fmt(e.percent, 1).padStart(5)} %  ${fmt(e.selfMs).padStart(6)} ms  ${e.name}`);
  console.log('  self time by function:');
  for (const e of s.topFunctions) console.log(`    ${fmt(e.percent, 1).padStart(5)} %  ${fmt(e.selfMs).padStart(6)} ms  ${e.name}`);
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const row of rows) console.log(line(row));
}

export async function runScoringBench(options: ScoringBenchOptions = {}): Promise<ScoringBenchResult> {
  const events = options.events ?? 1_000_000;
  const runs = options.runs ?? 2;
  const out = options.outDir ?? path.join(BENCH_DIR, 'out');
  if (!Number.isInteger(events) || events < 1) throw new Error(`events must be a positive integer, got ${events}`);
  mkdirSync(out, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tailor-scoring-bench-'));
  const cores = os.availableParallelism();
  try {
    const dbFile = path.join(tmp, 'conversions.db');
    const rand = prng(options.seed ?? DEFAULT_SEED);
    const world = buildWorld(rand);
    // A fixed moment keeps runs comparable (whole minute, so the SQL literal is exact).
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    console.log(`\n▶ scoring: generating ${fmt(events)} events over ${SCORING_ACCOUNTS} accounts (5 stakeholders each, 20 anonymous visitors each, 20 pieces) into ${dbFile}`);
    const generation = generateLog(dbFile, events, world, now, rand);
    const types = Object.entries(generation.byType)
      .sort((a, b) => b[1] - a[1])
      .map(([type, n]) => `${type} ${fmt((n / generation.events) * 100, 1)} %`)
      .join(', ');
    console.log(
      `  generated in ${fmt(generation.ms / 1000, 1)} s (not part of the comparison): ${fmt(generation.events)} events in ${fmt(generation.visits)} visits over ${generation.spanDays} days, ${fmt(generation.dbMb, 0)} MB; ` +
        `stakeholder ${fmt((generation.byWho.stakeholder / generation.events) * 100, 1)} %, anonymous ${fmt((generation.byWho.anonymous / generation.events) * 100, 1)} %, privacy-protected ${fmt((generation.byWho.privacyProtected / generation.events) * 100, 1)} %`,
    );
    console.log(`  types: ${types}`);

    const config = resolveScoringConfig({});
    const sql = baselineSql(config, PIECE_STAGES, now);
    const sqlFile = path.join(tmp, 'baseline.sql');
    writeFileSync(sqlFile, sql);
    const planDb = new DatabaseSync(dbFile, { readOnly: true });
    const queryPlan = (planDb.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail);
    planDb.close();
    console.log(`  GROUP BY query plan: ${queryPlan.join('; ')}`);
    const inputFile = path.join(tmp, 'input.json');
    writeFileSync(inputFile, JSON.stringify({ accounts: world.map((a) => a.scoring), pieceStages: PIECE_STAGES, now }));

    const baseline: Measurement = { name: 'baseline', label: 'SQLite GROUP BY over the log', ok: true, runs: [], best: undefined, output: undefined };
    const tailor: Measurement = { name: 'tailor', label: 'Tailor scoring (scoreDatabase)', ok: true, runs: [], best: undefined, output: undefined };
    const readOnly: Measurement = { name: 'read', label: 'reference: rows read only, as scoreDatabase reads them', ok: true, runs: [], best: undefined, output: undefined };
    const outputs = new Map<MeasuredRun, Record<string, unknown>>();
    const jobs: [Measurement, string[], string][] = [
      [baseline, [path.join(BENCH_DIR, 'lib', 'scoringGroupBy.ts'), sqlFile, dbFile], 'SCORING_BASELINE'],
      [tailor, [path.join(BENCH_DIR, 'lib', 'scoringTailor.ts'), inputFile, dbFile], 'SCORING_TAILOR'],
      [readOnly, [path.join(BENCH_DIR, 'lib', 'scoringRead.ts'), dbFile], 'SCORING_READ'],
    ];
    const busyBefore = await otherCpuBusyPercent();
    if (busyBefore !== undefined && busyBefore > 10) console.log(`  note: the cores were ${fmt(busyBefore, 0)} % busy (other processes or disk writeback) just before measuring: the runs may be slowed`);
    for (let run = 1; run <= runs; run++) {
      for (const [m, args, marker] of jobs) {
        if (!m.ok) continue;
        const log = path.join(out, `scoring-${m.name}-${run}.log`);
        const { timed, output } = await measureOnce(args, marker, log);
        if (timed.exitCode !== 0 || !output) {
          m.ok = false;
          m.error = `exit code ${timed.exitCode}${output ? '' : ', no result line'}`;
          console.log(`  ${m.label} run ${run} FAILED (${m.error}); log ${rel(log, PROJECT)}:\n${await tail(log)}`);
          continue;
        }
        const r: MeasuredRun = {
          run,
          ms: output.ms as number,
          processMs: (timed.timeWallSeconds ?? timed.wallSeconds) * 1000,
          peakRssMb: timed.peakRssMb,
          userSeconds: timed.userSeconds,
          systemSeconds: timed.systemSeconds,
          log: rel(log, PROJECT),
        };
        m.runs.push(r);
        outputs.set(r, output);
        console.log(`  ${m.label}, run ${run}: ${fmt(r.ms)} ms inside, ${fmt(r.processMs)} ms process wall, peak RSS ${fmt(r.peakRssMb, 0)} MB`);
      }
    }
    for (const m of [baseline, tailor, readOnly]) {
      m.best = m.runs.reduce<MeasuredRun | undefined>((best, r) => (!best || r.ms < best.ms ? r : best), undefined);
      m.output = m.best ? outputs.get(m.best) : undefined;
    }

    let profile: ScoringBenchResult['profile'];
    if (options.cpuProf && tailor.ok) {
      const profileDir = path.join(out, 'scoring-profiles');
      const profileName = 'scoring-tailor.cpuprofile';
      mkdirSync(profileDir, { recursive: true });
      rmSync(path.join(profileDir, profileName), { force: true });
      const log = path.join(out, 'scoring-tailor-profile.log');
      await measureOnce(['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', profileName, '--cpu-prof-interval', '250', ...jobs[1]![1]], 'SCORING_TAILOR', log);
      const file = path.join(profileDir, profileName);
      if (existsSync(file)) {
        const summary = await summariseCpuProfile(file, PROJECT, 15);
        profile = { file: rel(file, PROJECT), summary };
        printProfile(summary, file);
      } else console.log(`  no CPU profile written (${rel(file, PROJECT)})`);
    }

    const b = baseline.best;
    const t = tailor.best;
    const ratio = b && t ? t.ms / b.ms : undefined;
    const ratioMet = ratio === undefined ? undefined : ratio <= RATIO_TARGET;
    const secondsMet = t ? t.ms < SECONDS_TARGET * 1000 : undefined;
    const bPoints = baseline.output?.points as number | undefined;
    const tPoints = tailor.output?.personPoints as number | undefined;
    const pointsCheck =
      bPoints !== undefined && tPoints !== undefined
        ? { baseline: bPoints, tailor: tPoints, relativeDifference: Math.abs(bPoints - tPoints) / Math.max(Math.abs(bPoints), 1e-12), equal: Math.abs(bPoints - tPoints) <= 1e-9 * Math.max(Math.abs(bPoints), 1) }
        : undefined;
    const eventsMatch = baseline.output?.events === generation.events && tailor.output?.events === generation.events && tailor.output?.ignored === 0;

    console.log(`\nScoring: ${fmt(generation.events)} events over ${SCORING_ACCOUNTS} accounts, ${cores} core(s)${busyBefore === undefined ? '' : ` (${fmt(busyBefore, 0)} % busy with other work just before measuring)`}; faster of ${runs} run(s) each`);
    const row = (m: Measurement, what: string): string[] => [
      m.label + (m.ok ? '' : ' (FAILED)'),
      fmt(m.best?.ms),
      fmt(m.best?.processMs),
      fmt(m.best?.peakRssMb, 0),
      m.runs.map((r) => fmt(r.ms)).join(' / '),
      what,
    ];
    const bo = baseline.output;
    const to = tailor.output;
    printTable(
      ['run', 'wall ms (work)', 'wall ms (process)', 'peak RSS MB', 'runs ms (work)', 'result'],
      [
        row(baseline, bo ? `${fmt(bo.rows as number)} groups, ${fmt(bo.accounts as number)} accounts, ${fmt(bo.events as number)} events` : '-'),
        row(tailor, to ? `${fmt(to.accounts as number)} accounts, ${fmt(to.people as number)} people, ${fmt(to.events as number)} events` : '-'),
        row(readOnly, readOnly.output ? `${fmt(readOnly.output.events as number)} rows (9 columns, arrays)` : '-'),
      ],
    );
    console.log(`ratio Tailor / GROUP BY: ${ratio === undefined ? '-' : `${fmt(ratio, 2)}x`} (work time; process wall ${b && t ? `${fmt(t.processMs / b.processMs, 2)}x` : '-'})`);
    console.log(`target <= ${RATIO_TARGET}x: ${ratioMet === undefined ? 'unknown' : ratioMet ? 'met' : 'not met'}`);
    console.log(`target < ${SECONDS_TARGET} s: ${secondsMet === undefined ? 'unknown' : secondsMet ? 'met' : 'not met'} (${t ? `${fmt(t.ms / 1000, 2)} s work, ${fmt(t.processMs / 1000, 2)} s process` : '-'})`);
    if (to) {
      const stages = Object.entries(to.stages as Record<string, number>)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ');
      console.log(`sanity: sum of account scores ${fmt(to.accountScoreSum as number, 1)}; accounts sales-ready ${to.salesReady as number} of ${to.accounts as number} (stages: ${stages}); red flags ${to.redFlags as number}`);
    }
    if (pointsCheck) {
      console.log(`sanity: sum of decayed points, GROUP BY ${fmt(pointsCheck.baseline, 3)} vs engine (people + privacy-protected) ${fmt(pointsCheck.tailor, 3)}: ${pointsCheck.equal ? 'equal' : 'NOT EQUAL'} (relative difference ${pointsCheck.relativeDifference.toExponential(1)})`);
    }
    if (!eventsMatch) console.log(`  events counted differ: generated ${generation.events}, GROUP BY ${bo?.events}, Tailor ${to?.events} (ignored ${to?.ignored})`);

    const result: ScoringBenchResult = {
      ok: baseline.ok && tailor.ok && eventsMatch && (pointsCheck?.equal ?? false),
      events: generation.events,
      accounts: SCORING_ACCOUNTS,
      cores,
      busyBefore,
      generation,
      baseline,
      tailor,
      readOnly,
      ratio,
      ratioMet,
      secondsMet,
      pointsCheck,
      sql,
      queryPlan,
      ...(profile ? { profile } : {}),
    };
    writeFileSync(path.join(out, 'scoring-results.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(`results: ${rel(path.join(out, 'scoring-results.json'), PROJECT)}`);
    return result;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const r = await runScoringBench({ events: Number(arg('events') ?? 1_000_000), cpuProf: process.argv.includes('--cpu-prof') });
  process.exitCode = r.ok ? 0 : 1;
}
