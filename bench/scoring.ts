/**
 * Scoring benchmark (`npm run bench -- --only scoring [--events 1000000|10M] [--cpu-prof]`). For
 * each size (N alone up to 1,000,000; 1,000,000 and N above it, so that how time and memory scale
 * shows in one run):
 *   1. a realistic conversion log of that many events over 1,000 accounts, in a file made by the
 *      collector's SqliteLog (its page size, schema, migrations and indexes; the indexes rebuilt
 *      after the rows), generated once and cached in bench/out/scoring-logs/ by size, seed and
 *      schema (cachedScoringLog); not part of the
 *      comparison. What scales is the events only: the accounts, their people (5 stakeholders and
 *      20 anonymous visitors each) and the pages are the same at every size, and the events are
 *      spread over the same 60 days; so memory that grows from one size to the next is memory per
 *      event;
 *   2. the baseline: SQLite alone computes the core aggregation in one GROUP BY over the log (per
 *      account, person = coalesce(stakeholder, visitor), and type: count and the sum of weighted,
 *      capped, stage-multiplied, decayed points, ordered by account), in a child process
 *      (bench/lib/scoringGroupBy.ts) under /usr/bin/time -v;
 *   3. Tailor: the real scoring, `scoreDatabase` from src/cli/report.ts (rows streamed from SQLite
 *      into src/scoring/engine.ts) with the default config, in a child process
 *      (bench/lib/scoringTailor.ts) under /usr/bin/time -v: its time, its peak RSS and the heap
 *      still in use after a full GC with the result held (what the engine keeps);
 *   4. for reference (no target): the rows read the way scoreDatabase reads them, without scoring
 *      (bench/lib/scoringRead.ts), to show what share of the scoring time is reading.
 * Each measurement runs `runs` times (default 2, alternating) and the faster counts. With
 * --cpu-prof, one more Tailor run (at the first size) under `node --cpu-prof` shows where its time
 * went (not timed). Prints a table per size, then one across sizes (time, ratio, peak RSS,
 * retained heap), and writes bench/out/scoring-results.json.
 *
 * Targets (from the issue), at 1,000,000 events: the full scoring within 2x of the GROUP BY, and
 * under 5 s on 2 cores (both on the time measured inside the child around the work; process wall
 * is shown too). Across sizes the growth of Tailor's peak RSS and retained heap is printed: the
 * engine keeps state per person, account and page, not per event.
 *
 * Sanity: every event's points land in exactly one person (or the privacy-protected bucket), so the
 * engine's sum of person scores must equal the GROUP BY's sum of points (checked to 1e-9).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { INSERT_SQL } from '../src/collector/logSql.ts';
import { SqliteLog } from '../src/collector/sqliteLog.ts';
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
/** Progress lines (and a commit) every this many stored events while generating. */
const PROGRESS_EVERY = 1_000_000;

export interface ScoringBenchOptions {
  /** Events in the generated log. Default 1,000,000; above it, 1,000,000 is measured too (see scoringSizes). */
  events?: number;
  /** Runs of each measurement (alternating); the faster counts. Default 2. */
  runs?: number;
  /** One more Tailor run under `node --cpu-prof`, summarised (not timed). */
  cpuProf?: boolean;
  /** PRNG seed of the generated log. */
  seed?: number;
  /** Folder for logs, profiles and results. Default bench/out. */
  outDir?: string;
  /** Folder of the generated logs, kept between runs. Default <outDir>/scoring-logs. */
  cacheDir?: string;
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

/** One size of log, measured. */
export interface SizeResult {
  ok: boolean;
  events: number;
  log: { file: string; cached: boolean; now: number };
  /** Percent of all cores busy during one idle second just before the measurements (other processes; Linux only). */
  busyBefore: number | undefined;
  generation: GenerationStats;
  baseline: Measurement;
  tailor: Measurement;
  /** Reference (no target): reading the rows as scoreDatabase does (SCORING_COLUMNS as arrays), without scoring. */
  readOnly: Measurement;
  /** Tailor ms / GROUP BY ms (faster runs, inside-the-child times). */
  ratio: number | undefined;
  /** Sum of decayed points: the GROUP BY's and the engine's (persons + privacy-protected). */
  pointsCheck: { baseline: number; tailor: number; relativeDifference: number; equal: boolean } | undefined;
  sql: string;
  queryPlan: string[];
  profile?: { file: string; summary: ProfileSummary };
}

export interface ScoringBenchResult {
  ok: boolean;
  accounts: number;
  cores: number;
  seed: number;
  /** The size the targets are judged at (1,000,000, or the only size when smaller). */
  targetEvents: number;
  /** At `targetEvents`: Tailor ms / GROUP BY ms, and the targets. */
  ratio: number | undefined;
  ratioMet: boolean | undefined;
  secondsMet: boolean | undefined;
  /** With two sizes: Tailor's peak RSS and retained heap at the smaller and the larger, and larger / smaller. */
  memory: { events: [number, number]; tailorPeakRssMb: [number | undefined, number | undefined]; retainedHeapMb: [number | undefined, number | undefined]; rssGrowth: number | undefined; heapGrowth: number | undefined } | undefined;
  sizes: SizeResult[];
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
function generateLog(file: string, events: number, world: WorldAccount[], now: number, rand: Rand, progress?: (line: string) => void): GenerationStats {
  const started = performance.now();
  const spanDays = 60;
  const span = spanDays * DAY;
  // The file as the collector makes it (its page size, table, migrations and indexes)...
  new SqliteLog(file).close();
  const db = new DatabaseSync(file);
  // ...filled as a throwaway file written once: no rollback journal, no fsync, and its indexes
  // dropped while the rows go in, then built again from their own SQL (a sort, in helper threads:
  // much faster than millions of inserts into an index in random order).
  db.exec(`PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = FILE; PRAGMA threads = ${os.availableParallelism()};`);
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid").all() as { name: string; sql: string }[];
  for (const { name } of indexes) db.exec(`DROP INDEX "${name.replace(/"/g, '""')}"`);
  const columns = (db.prepare('PRAGMA table_info(events)').all() as { name: string }[]).map((c) => c.name);
  const insertColumns = INSERT_SQL.slice(INSERT_SQL.indexOf('(') + 1, INSERT_SQL.indexOf(')')).split(', ');
  if (insertColumns.join() !== columns.join()) throw new Error(`the log's columns (${columns.join(', ')}) are not INSERT_SQL's (${insertColumns.join(', ')})`);
  // One prepared statement inserting ROWS_PER_INSERT rows (15 parameters each), and one for the rest.
  const ROWS_PER_INSERT = 64;
  const width = columns.length;
  const insertSql = (rows: number) => `INSERT INTO events (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`;
  const insertMany = db.prepare(insertSql(ROWS_PER_INSERT));
  const insertOne = db.prepare(insertSql(1));
  const params: (string | number | null)[] = new Array(ROWS_PER_INSERT * width).fill(null);
  let buffered = 0;
  const flushBuffer = () => {
    if (buffered === ROWS_PER_INSERT) insertMany.run(...params);
    else for (let r = 0; r < buffered; r++) insertOne.run(...params.slice(r * width, (r + 1) * width));
    buffered = 0;
  };
  const byType: Record<string, number> = {};
  const byWho = { stakeholder: 0, anonymous: 0, privacyProtected: 0 };
  const shares = PERSONAS.map((p) => p.share);
  let generated = 0;
  let stored = 0;
  let visits = 0;
  let lastReceived = 0;
  let nextProgress = PROGRESS_EVERY;
  type Row = [id: string, t: number, type: LogRow['type'], account: string, persona: string | null, piece: string | null, stakeholder: string | null, visitor: string | null, session: string | null, path: string, ref: string, value: number | null, label: string | null];
  let pending: Row[] = [];
  /** Stores the pending events timed before `before` in arrival order (client time plus a little network). */
  const store = (before: number) => {
    pending.sort((a, b) => a[1] - b[1]);
    let i = 0;
    for (; i < pending.length && pending[i]![1] < before; i++) {
      const row = pending[i]!;
      lastReceived = Math.max(lastReceived, row[1] + 40 + rand.int(1500));
      // Columns: id, received_at, t, type, account, persona, piece, stakeholder, visitor, session, path, ref, value, label, campaign.
      let k = buffered * width;
      params[k++] = row[0];
      params[k++] = lastReceived;
      for (let c = 1; c < row.length; c++) params[k++] = row[c]!;
      params[k] = null;
      if (++buffered === ROWS_PER_INSERT) flushBuffer();
      if (++stored >= nextProgress) {
        // A transaction per million rows, so a long generation shows its progress.
        flushBuffer();
        db.exec('COMMIT');
        db.exec('BEGIN');
        progress?.(`  generating: ${fmt(stored)} of ${fmt(events)} events stored (${fmt((performance.now() - started) / 1000, 1)} s)`);
        nextProgress += PROGRESS_EVERY;
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
    flushBuffer();
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    throw error;
  }
  for (const { name, sql } of indexes) {
    const indexStarted = performance.now();
    db.exec(sql);
    if (events >= PROGRESS_EVERY) progress?.(`  generating: index ${name} built in ${fmt((performance.now() - indexStarted) / 1000, 1)} s`);
  }
  // In WAL mode like the collector's log, with the WAL folded in (as after its checkpoints).
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const pages = Number((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
  const pageSize = Number((db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size);
  db.close();
  return { events: generated, accounts: SCORING_ACCOUNTS, ms: performance.now() - started, dbMb: (pages * pageSize) / 2 ** 20, byType, byWho, visits, spanDays };
}

/** The accounts of the generated world for `seed` (the same at every size), for experiments on a cached log. */
export function scoringAccountsFor(seed: number = DEFAULT_SEED): ScoringAccount[] {
  return buildWorld(prng(seed)).map((a) => a.scoring);
}

/** The generated log on its own (for experiments): accounts, piece stages and stats. */
export function generateScoringLog(file: string, options: { events: number; now: number; seed?: number }) {
  const rand = prng(options.seed ?? DEFAULT_SEED);
  const world = buildWorld(rand);
  const stats = generateLog(file, options.events, world, options.now, rand);
  return { accounts: world.map((a) => a.scoring), pieceStages: PIECE_STAGES, stats };
}

/** Bump when the generator's output changes, so that cached logs are made again. */
const GENERATOR_VERSION = 3;

/** The collector's log schema (tables, indexes, page size) as a new SqliteLog makes it: part of the cache key. */
function logSchema(dir: string): unknown {
  const file = path.join(mkdtempSync(path.join(dir, 'schema-')), 'log.db');
  try {
    new SqliteLog(file).close();
    const db = new DatabaseSync(file, { readOnly: true });
    const schema = [db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY rowid').all(), db.prepare('PRAGMA page_size').get()];
    db.close();
    return schema;
  } finally {
    rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

export interface CachedLog {
  file: string;
  /** The moment the log was generated for (its events lie in the 60 days before); scores are computed as of it. */
  now: number;
  generation: GenerationStats;
  /** Found in the cache (not generated in this run). */
  cached: boolean;
}

/**
 * The generated log of `events` events for `seed`, from the cache in `dir` (bench/out/scoring-logs/)
 * or generated into it. The cache key is the size, the seed and a hash of the generator's version
 * and of the log's schema as SqliteLog makes it (tables, indexes, page size: a change to the
 * collector's log makes a new one); the log is written under a temporary name
 * and renamed once complete, with its `now` and statistics beside it in a .json file.
 */
export function cachedScoringLog(dir: string, events: number, seed: number, world: WorldAccount[], rand: Rand, progress: (line: string) => void): CachedLog {
  const key = createHash('sha256')
    .update(JSON.stringify([GENERATOR_VERSION, logSchema(os.tmpdir()), INSERT_SQL]))
    .digest('hex')
    .slice(0, 10);
  const base = `scoring-log-${events}-seed${seed}-`;
  const file = path.join(dir, `${base}${key}.db`);
  const meta = `${file.slice(0, -3)}.json`;
  if (existsSync(file) && existsSync(meta)) {
    const saved = JSON.parse(readFileSync(meta, 'utf8')) as { now: number; generation: GenerationStats };
    return { file, now: saved.now, generation: saved.generation, cached: true };
  }
  mkdirSync(dir, { recursive: true });
  // Logs of this size and seed made by another generator or schema are out of date.
  for (const name of readdirSync(dir)) if (name.startsWith(base) && !name.startsWith(`${base}${key}.`)) rmSync(path.join(dir, name), { force: true });
  const partial = `${file}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) rmSync(f, { force: true });
  // A whole minute, so the SQL literal of `now` is exact.
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const generation = generateLog(partial, events, world, now, rand, progress);
  renameSync(partial, file);
  writeFileSync(meta, JSON.stringify({ generator: GENERATOR_VERSION, key, events, seed, now, generation }, null, 2) + '\n');
  return { file, now, generation, cached: false };
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

/** The size the issue's targets are set for: the ratio and the seconds are judged here. */
export const TARGET_EVENTS = 1_000_000;

/**
 * An event count as typed: 10000000, 10_000_000, 10,000,000, 10M, 1.5M, 500k.
 * Throws on anything else.
 */
export function parseEventCount(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(text.replace(/[_,]/g, ''));
  const n = m ? Math.round(Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1e3 : 1e6) : 1)) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--events must be a positive number of events (e.g. 1000000, 10M, 500k), got "${text}"`);
  return n;
}

/** The sizes measured for `--events N`: N alone up to 1M; above, 1M (where the targets are) and N, to show how memory and time scale. */
export function scoringSizes(events: number): number[] {
  return events > TARGET_EVENTS ? [TARGET_EVENTS, events] : [events];
}

async function measureSize(events: number, options: { runs: number; seed: number; out: string; cacheDir: string; tmp: string; cpuProf: boolean; config: ScoringConfig }): Promise<SizeResult> {
  const { runs, out, tmp, config } = options;
  const rand = prng(options.seed);
  const world = buildWorld(rand);
  const tag = events === TARGET_EVENTS ? '' : `-${events}`;
  console.log(`\n▶ scoring at ${fmt(events)} events over ${fmt(SCORING_ACCOUNTS)} accounts (5 stakeholders and 20 anonymous visitors each, 20 pieces)`);
  const log = cachedScoringLog(options.cacheDir, events, options.seed, world, rand, (line) => console.log(line));
  const { generation, now } = log;
  const dbFile = log.file;
  const types = Object.entries(generation.byType)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${type} ${fmt((n / generation.events) * 100, 1)} %`)
    .join(', ');
  console.log(
    `  log ${rel(dbFile, PROJECT)} (${log.cached ? `cached; generated in ${fmt(generation.ms / 1000, 1)} s on ${new Date(now).toISOString().slice(0, 16)}Z` : `generated in ${fmt(generation.ms / 1000, 1)} s`}, not part of the comparison): ${fmt(generation.events)} events in ${fmt(generation.visits)} visits over ${generation.spanDays} days, ${fmt(generation.dbMb, 0)} MB; ` +
      `stakeholder ${fmt((generation.byWho.stakeholder / generation.events) * 100, 1)} %, anonymous ${fmt((generation.byWho.anonymous / generation.events) * 100, 1)} %, privacy-protected ${fmt((generation.byWho.privacyProtected / generation.events) * 100, 1)} %`,
  );
  console.log(`  types: ${types}`);

  const sql = baselineSql(config, PIECE_STAGES, now);
  const sqlFile = path.join(tmp, `baseline-${events}.sql`);
  writeFileSync(sqlFile, sql);
  const planDb = new DatabaseSync(dbFile, { readOnly: true });
  const queryPlan = (planDb.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail);
  planDb.close();
  console.log(`  GROUP BY query plan: ${queryPlan.join('; ')}`);
  const inputFile = path.join(tmp, `input-${events}.json`);
  writeFileSync(inputFile, JSON.stringify({ accounts: world.map((a) => a.scoring), pieceStages: PIECE_STAGES, now }));

  const baseline: Measurement = { name: 'baseline', label: 'SQLite GROUP BY over the log', ok: true, runs: [], best: undefined, output: undefined };
  const tailor: Measurement = { name: 'tailor', label: 'Tailor scoring (scoreDatabase)', ok: true, runs: [], best: undefined, output: undefined };
  const readOnly: Measurement = { name: 'read', label: 'reference: rows read only, as scoreDatabase reads them', ok: true, runs: [], best: undefined, output: undefined };
  const outputs = new Map<MeasuredRun, Record<string, unknown>>();
  const jobs: [Measurement, string[], string][] = [
    [baseline, [path.join(BENCH_DIR, 'lib', 'scoringGroupBy.ts'), sqlFile, dbFile], 'SCORING_BASELINE'],
    // --expose-gc: after the timed work the child collects garbage and reports the heap the result and the engine retain.
    [tailor, ['--expose-gc', path.join(BENCH_DIR, 'lib', 'scoringTailor.ts'), inputFile, dbFile], 'SCORING_TAILOR'],
    [readOnly, [path.join(BENCH_DIR, 'lib', 'scoringRead.ts'), dbFile], 'SCORING_READ'],
  ];
  const busyBefore = await otherCpuBusyPercent();
  if (busyBefore !== undefined && busyBefore > 10) console.log(`  note: the cores were ${fmt(busyBefore, 0)} % busy (other processes or disk writeback) just before measuring: the runs may be slowed`);
  for (let run = 1; run <= runs; run++) {
    for (const [m, args, marker] of jobs) {
      if (!m.ok) continue;
      const logFile = path.join(out, `scoring${tag}-${m.name}-${run}.log`);
      const { timed, output } = await measureOnce(args, marker, logFile);
      if (timed.exitCode !== 0 || !output) {
        m.ok = false;
        m.error = `exit code ${timed.exitCode}${output ? '' : ', no result line'}`;
        console.log(`  ${m.label} run ${run} FAILED (${m.error}); log ${rel(logFile, PROJECT)}:\n${await tail(logFile)}`);
        continue;
      }
      const r: MeasuredRun = {
        run,
        ms: output.ms as number,
        processMs: (timed.timeWallSeconds ?? timed.wallSeconds) * 1000,
        peakRssMb: timed.peakRssMb,
        userSeconds: timed.userSeconds,
        systemSeconds: timed.systemSeconds,
        log: rel(logFile, PROJECT),
      };
      m.runs.push(r);
      outputs.set(r, output);
      const retained = output.retainedHeapMb === undefined ? '' : `, heap retained after GC ${fmt(output.retainedHeapMb as number, 0)} MB`;
      console.log(`  ${m.label}, run ${run}: ${fmt(r.ms)} ms inside, ${fmt(r.processMs)} ms process wall, peak RSS ${fmt(r.peakRssMb, 0)} MB${retained}`);
    }
  }
  for (const m of [baseline, tailor, readOnly]) {
    m.best = m.runs.reduce<MeasuredRun | undefined>((best, r) => (!best || r.ms < best.ms ? r : best), undefined);
    m.output = m.best ? outputs.get(m.best) : undefined;
  }

  let profile: SizeResult['profile'];
  if (options.cpuProf && tailor.ok) {
    const profileDir = path.join(out, 'scoring-profiles');
    const profileName = `scoring${tag}-tailor.cpuprofile`;
    mkdirSync(profileDir, { recursive: true });
    rmSync(path.join(profileDir, profileName), { force: true });
    const logFile = path.join(out, `scoring${tag}-tailor-profile.log`);
    await measureOnce(['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', profileName, '--cpu-prof-interval', '250', ...jobs[1]![1]], 'SCORING_TAILOR', logFile);
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
  const bPoints = baseline.output?.points as number | undefined;
  const tPoints = tailor.output?.personPoints as number | undefined;
  const pointsCheck =
    bPoints !== undefined && tPoints !== undefined
      ? { baseline: bPoints, tailor: tPoints, relativeDifference: Math.abs(bPoints - tPoints) / Math.max(Math.abs(bPoints), 1e-12), equal: Math.abs(bPoints - tPoints) <= 1e-9 * Math.max(Math.abs(bPoints), 1) }
      : undefined;
  const eventsMatch = baseline.output?.events === generation.events && tailor.output?.events === generation.events && tailor.output?.ignored === 0;

  console.log(`\nScoring: ${fmt(generation.events)} events over ${fmt(SCORING_ACCOUNTS)} accounts, ${os.availableParallelism()} core(s)${busyBefore === undefined ? '' : ` (${fmt(busyBefore, 0)} % busy with other work just before measuring)`}; faster of ${runs} run(s) each`);
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
      row(tailor, to ? `${fmt(to.accounts as number)} accounts, ${fmt(to.people as number)} people, ${fmt(to.events as number)} events; heap retained after GC ${fmt(to.retainedHeapMb as number, 0)} MB` : '-'),
      row(readOnly, readOnly.output ? `${fmt(readOnly.output.events as number)} rows (9 columns, arrays, in account order)` : '-'),
    ],
  );
  console.log(`ratio Tailor / GROUP BY: ${ratio === undefined ? '-' : `${fmt(ratio, 2)}x`} (work time; process wall ${b && t ? `${fmt(t.processMs / b.processMs, 2)}x` : '-'})`);
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
  return {
    ok: baseline.ok && tailor.ok && eventsMatch && (pointsCheck?.equal ?? false),
    events: generation.events,
    log: { file: rel(dbFile, PROJECT), cached: log.cached, now },
    busyBefore,
    generation,
    baseline,
    tailor,
    readOnly,
    ratio,
    pointsCheck,
    sql,
    queryPlan,
    ...(profile ? { profile } : {}),
  };
}

export async function runScoringBench(options: ScoringBenchOptions = {}): Promise<ScoringBenchResult> {
  const events = options.events ?? TARGET_EVENTS;
  const runs = options.runs ?? 2;
  const seed = options.seed ?? DEFAULT_SEED;
  const out = options.outDir ?? path.join(BENCH_DIR, 'out');
  const cacheDir = options.cacheDir ?? path.join(out, 'scoring-logs');
  if (!Number.isInteger(events) || events < 1) throw new Error(`events must be a positive integer, got ${events}`);
  mkdirSync(out, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tailor-scoring-bench-'));
  const cores = os.availableParallelism();
  const sizes = scoringSizes(events);
  const config = resolveScoringConfig({});
  try {
    console.log(
      `\n▶ scoring: ${sizes.map((n) => fmt(n)).join(' and ')} events. What scales: only the events. The world is the same at every size (seed ${seed}): ` +
        `${fmt(SCORING_ACCOUNTS)} accounts, each with 5 stakeholders and 20 anonymous visitors (25,000 people in all; the rarely seen ones appear as the log grows), 5 tracks of 4 pieces; ` +
        `the events are spread over the same 60 days, so each person has more visits. Logs are cached in ${rel(cacheDir, PROJECT)}/ by size and seed.`,
    );
    const results: SizeResult[] = [];
    for (const n of sizes) results.push(await measureSize(n, { runs, seed, out, cacheDir, tmp, cpuProf: (options.cpuProf ?? false) && n === sizes[0], config }));

    const target = results.find((r) => r.events === TARGET_EVENTS) ?? results[results.length - 1]!;
    const t = target.tailor.best;
    const ratio = target.ratio;
    const ratioMet = ratio === undefined ? undefined : ratio <= RATIO_TARGET;
    const secondsMet = t ? t.ms < SECONDS_TARGET * 1000 : undefined;

    console.log(`\nScoring by size (faster of ${runs} run(s) each; ${cores} core(s) shared with other work: times are noisy, peak RSS and the retained heap are the figures to compare)`);
    const kept = (r: SizeResult) => r.tailor.output?.kept as { contributions: number; viewClusters: number; moments: number; intentInWindow: number } | undefined;
    printTable(
      ['events', 'people', 'contributions', 'view clusters', 'moments kept', 'Tailor s', 'GROUP BY s', 'ratio', 'Tailor peak RSS MB', 'Tailor heap retained MB', 'GROUP BY peak RSS MB', 'rows read only s'],
      results.map((r) => [
        fmt(r.events),
        fmt(r.tailor.output?.people as number | undefined),
        fmt(kept(r)?.contributions),
        fmt(kept(r)?.viewClusters),
        fmt(kept(r)?.moments),
        fmt(r.tailor.best && r.tailor.best.ms / 1000, 2),
        fmt(r.baseline.best && r.baseline.best.ms / 1000, 2),
        r.ratio === undefined ? '-' : `${fmt(r.ratio, 2)}x`,
        fmt(r.tailor.best?.peakRssMb, 0),
        fmt(r.tailor.output?.retainedHeapMb as number | undefined, 0),
        fmt(r.baseline.best?.peakRssMb, 0),
        fmt(r.readOnly.best && r.readOnly.best.ms / 1000, 2),
      ]),
    );
    let memory: ScoringBenchResult['memory'];
    if (results.length > 1) {
      const [a, z] = [results[0]!, results[results.length - 1]!];
      const rss: [number | undefined, number | undefined] = [a.tailor.best?.peakRssMb, z.tailor.best?.peakRssMb];
      const heap: [number | undefined, number | undefined] = [a.tailor.output?.retainedHeapMb as number | undefined, z.tailor.output?.retainedHeapMb as number | undefined];
      const grow = (pair: [number | undefined, number | undefined]) => (pair[0] && pair[1] ? pair[1] / pair[0] : undefined);
      memory = { events: [a.events, z.events], tailorPeakRssMb: rss, retainedHeapMb: heap, rssGrowth: grow(rss), heapGrowth: grow(heap) };
      const ka = kept(a);
      const kz = kept(z);
      console.log(
        `memory: ${fmt(z.events / a.events, 0)}x the events, Tailor's peak RSS x${fmt(memory.rssGrowth, 2)}, its retained heap x${fmt(memory.heapGrowth, 2)}. ` +
          `What it keeps is per person, page and event type, not per event: people scored ${fmt(a.tailor.output?.people as number | undefined)} -> ${fmt(z.tailor.output?.people as number | undefined)} (of 25,000), ` +
          `contributions (person x page x event type) ${fmt(ka?.contributions)} -> ${fmt(kz?.contributions)} (people read more of the 20 pieces and 5 tracks, and click more kinds of things, as their visits grow; at most 198 per person in this world), ` +
          `view-time clusters ${fmt(ka?.viewClusters)} -> ${fmt(kz?.viewClusters)}; moments ${fmt(ka?.moments)} -> ${fmt(kz?.moments)}, of which intent signals within the intent window, listed one by one in the report, ${fmt(ka?.intentInWindow)} -> ${fmt(kz?.intentInWindow)}`,
      );
    }
    console.log(`targets at ${fmt(target.events)} events: <= ${RATIO_TARGET}x the GROUP BY ${ratioMet === undefined ? 'unknown' : ratioMet ? 'met' : 'not met'} (${ratio === undefined ? '-' : `${fmt(ratio, 2)}x`}); < ${SECONDS_TARGET} s ${secondsMet === undefined ? 'unknown' : secondsMet ? 'met' : 'not met'} (${t ? `${fmt(t.ms / 1000, 2)} s work, ${fmt(t.processMs / 1000, 2)} s process` : '-'})`);

    const result: ScoringBenchResult = { ok: results.every((r) => r.ok), accounts: SCORING_ACCOUNTS, cores, seed, targetEvents: target.events, ratio, ratioMet, secondsMet, memory, sizes: results };
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
  const r = await runScoringBench({ events: parseEventCount(arg('events') ?? '1000000'), cpuProf: process.argv.includes('--cpu-prof'), ...(arg('runs') ? { runs: Number(arg('runs')) } : {}) });
  process.exitCode = r.ok ? 0 : 1;
}
