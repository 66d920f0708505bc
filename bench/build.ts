/**
 * Build benchmark: generates an N-account content set, then measures under /usr/bin/time -v
 *   (a) a plain Astro site with the same pages and social cards, cold;
 *   (b) Tailor, cold (empty output, Astro cache and social card cache);
 *   (c) Tailor, rebuilt with no change (Astro's own floor: every page restored from the
 *       incremental cache);
 *   (d) Tailor, warm, after renaming one account (incremental cache and card cache kept);
 *   (e) at the same size: content sync (`astro sync`), `npm run check`, and an import of N rows.
 * Prints a table and the targets, writes bench/out/build-results.json and one log per build.
 *
 * Targets (from the issues): Tailor cold <= 1.2x plain cold; the warm rebuild <= 10 % of the cold
 * build, rendering only the changed account's pages and social card; peak RSS < 4 GB; check < 5 s.
 */
import { mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { changeOneAccount, generateContent, PAGES_PER_ACCOUNT } from './generate.ts';
import { generatePlainSite } from './plain/generate.ts';
import { countFiles, rel, runTimed, tail, type TimedRun } from './lib/measure.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.dirname(BENCH_DIR);
const ASTRO_BIN = path.join(PROJECT, 'node_modules', 'astro', 'bin', 'astro.mjs');

export const COLD_RATIO_TARGET = 1.2;
export const WARM_CARDS_TARGET = 1;
export const WARM_RATIO_TARGET = 0.1;
export const RSS_TARGET_MB = 4096;
export const CHECK_TARGET_S = 5;
/** Astro's line for a page taken from the incremental cache instead of rendered. */
const RESTORED = /[├└]─ \/\S+ \((restored|cached)\)/;
const RENDERED = /[├└]─ \/\S+ \(\+\d+ms\)/;
const CARD_LINE = '[tailor] social card rendered: ';

export interface BuildBenchOptions {
  /** Number of generated accounts (26 pages each). Default 1000. */
  accounts?: number;
  /** build.concurrency for both sites (TAILOR_BUILD_CONCURRENCY). Default 4. */
  concurrency?: number;
  /** Folder for generated content, builds, caches, logs and results. Default bench/out. */
  outDir?: string;
  /** Skip the plain baseline (no ratio then). */
  skipPlain?: boolean;
}

export interface BuildRunResult {
  name: string;
  label: string;
  ok: boolean;
  exitCode: number;
  wallSeconds: number;
  timeWallSeconds: number | undefined;
  htmlPages: number;
  pagesPerSecond: number;
  peakRssMb: number | undefined;
  userSeconds: number | undefined;
  systemSeconds: number | undefined;
  cpuPercent: number | undefined;
  /** og.png files written. */
  socialCardsInOutput: number;
  /** Social cards rendered (not taken from the cache); Tailor runs only. */
  socialCardsRendered: number | undefined;
  /** Account ids whose cards were rendered (only listed when there are at most 20). */
  renderedCardIds: string[] | undefined;
  /** Pages (HTML and cards) Astro rendered, and those it restored from the incremental cache. */
  pagesRendered: number;
  pagesRestored: number;
  log: string;
}

export interface BuildBenchResult {
  ok: boolean;
  results: BuildRunResult[];
  coldRatio: number | undefined;
  coldRatioMet: boolean | undefined;
  warmCardsRendered: number | undefined;
  warmCardsMet: boolean | undefined;
  warmRatio: number | undefined;
  warmRatioMet: boolean | undefined;
}

/** process.env without TAILOR_* (so the caller's shell cannot leak into a run), plus the basics. */
function baseEnv(concurrency: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TAILOR_') && !k.startsWith('PLAIN_')) env[k] = v;
  env.PATH = `${path.join(PROJECT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`;
  env.ASTRO_TELEMETRY_DISABLED = '1';
  env.TAILOR_BUILD_CONCURRENCY = String(concurrency);
  return env;
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits));

async function measureBuild(
  name: string,
  label: string,
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  dist: string,
  log: string,
  countCards: boolean,
): Promise<BuildRunResult> {
  console.log(`\n▶ ${label}: building... (log: ${rel(log)})`);
  const rendered: string[] = [];
  let pagesRendered = 0;
  let pagesRestored = 0;
  const ticker = setInterval(() => console.log(`  ... ${label}: still building${countCards ? `, ${rendered.length} social card(s) rendered so far` : ''}`), 30_000);
  let run: TimedRun;
  try {
    run = await runTimed(process.execPath, [ASTRO_BIN, 'build', ...args], {
      cwd,
      env,
      log,
      onLine: (line) => {
        const at = line.indexOf(CARD_LINE);
        if (at >= 0) rendered.push(line.slice(at + CARD_LINE.length).trim());
        if (RESTORED.test(line)) pagesRestored++;
        else if (RENDERED.test(line)) pagesRendered++;
      },
    });
  } finally {
    clearInterval(ticker);
  }
  const htmlPages = await countFiles(dist, '.html');
  const result: BuildRunResult = {
    name,
    label,
    ok: run.exitCode === 0,
    exitCode: run.exitCode,
    wallSeconds: run.wallSeconds,
    timeWallSeconds: run.timeWallSeconds,
    htmlPages,
    pagesPerSecond: htmlPages / run.wallSeconds,
    peakRssMb: run.peakRssMb,
    userSeconds: run.userSeconds,
    systemSeconds: run.systemSeconds,
    cpuPercent: run.cpuPercent,
    socialCardsInOutput: await countFiles(dist, 'og.png'),
    socialCardsRendered: countCards ? rendered.length : undefined,
    renderedCardIds: countCards && rendered.length <= 20 ? rendered : undefined,
    pagesRendered,
    pagesRestored,
    log,
  };
  if (result.ok) {
    console.log(
      `  done in ${fmt(result.wallSeconds)} s: ${result.htmlPages} HTML pages, ${fmt(result.pagesPerSecond, 0)} pages/s, ` +
        `peak RSS ${fmt(result.peakRssMb, 0)} MB` + (countCards ? `, ${rendered.length} social card(s) rendered` : '') +
        (pagesRestored ? `; ${pagesRendered} page(s) rendered, ${pagesRestored} restored from the incremental cache` : ''),
    );
  } else {
    console.log(`  FAILED (exit ${run.exitCode}) after ${fmt(run.wallSeconds)} s; last lines of ${rel(log)}:\n${await tail(log)}`);
  }
  return result;
}

function printTable(results: BuildRunResult[]): void {
  const head = ['run', 'wall s', 'HTML pages', 'pages/s', 'peak RSS MB', 'CPU %', 'cards in output', 'cards rendered', 'rendered', 'restored'];
  const rows = results.map((r) => [
    r.label + (r.ok ? '' : ' (FAILED)'),
    fmt(r.wallSeconds),
    String(r.htmlPages),
    fmt(r.pagesPerSecond, 0),
    fmt(r.peakRssMb, 0),
    fmt(r.cpuPercent, 0),
    String(r.socialCardsInOutput),
    r.socialCardsRendered === undefined ? '-' : String(r.socialCardsRendered),
    r.name === 'plainCold' ? '-' : String(r.pagesRendered),
    r.name === 'plainCold' ? '-' : String(r.pagesRestored),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const row of rows) console.log(line(row));
}

export async function runBuildBench(options: BuildBenchOptions = {}): Promise<BuildBenchResult> {
  const accounts = options.accounts ?? 1000;
  const concurrency = options.concurrency ?? 4;
  const out = path.resolve(options.outDir ?? path.join(BENCH_DIR, 'out'));
  const contentRoot = path.join(out, 'content');
  const plainRoot = path.join(out, 'plain');
  const dirs = {
    plainDist: path.join(out, 'plain-dist'),
    plainCache: path.join(out, 'plain-astro-cache'),
    tailorDist: path.join(out, 'tailor-dist'),
    tailorAstroCache: path.join(out, 'tailor-astro-cache'),
    tailorCardCache: path.join(out, 'tailor-card-cache'),
  };
  const astroVersion = (JSON.parse(await readFile(path.join(PROJECT, 'node_modules', 'astro', 'package.json'), 'utf8')) as { version: string }).version;

  const loadAtStart = os.loadavg();
  console.log(`\n=== Build benchmark: ${accounts} accounts x ${PAGES_PER_ACCOUNT} pages + 404 = ${accounts * PAGES_PER_ACCOUNT + 1} HTML pages, build.concurrency ${concurrency} ===`);
  console.log(
    `machine: ${os.cpus().length} CPU(s), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}; ` +
      `node ${process.version}, astro ${astroVersion}`,
  );

  await mkdir(out, { recursive: true });
  let t = performance.now();
  console.log(`generating ${accounts} accounts into ${rel(contentRoot)} ...`);
  const set = await generateContent({ root: contentRoot, accounts });
  console.log(`  ${set.accountIds.length} accounts, ${set.personaIds.length} personas, ${set.pieceIds.length} pieces in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  if (!options.skipPlain) {
    t = performance.now();
    await generatePlainSite({ contentRoot, root: plainRoot });
    console.log(`  plain Astro site written to ${rel(plainRoot)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  for (const d of Object.values(dirs)) await rm(d, { recursive: true, force: true });

  const env = baseEnv(concurrency);
  const results: BuildRunResult[] = [];

  if (!options.skipPlain) {
    results.push(
      await measureBuild(
        'plainCold',
        'plain Astro, cold',
        plainRoot,
        [],
        { ...env, PLAIN_OUT_DIR: dirs.plainDist, PLAIN_ASTRO_CACHE: dirs.plainCache },
        dirs.plainDist,
        path.join(out, 'build-plain-cold.log'),
        false,
      ),
    );
  }

  const tailorEnv = (dist: string) => ({
    ...env,
    TAILOR_CONTENT_ROOT: contentRoot,
    TAILOR_OUT_DIR: dist,
    TAILOR_ASTRO_CACHE: dirs.tailorAstroCache,
    TAILOR_CACHE_DIR: dirs.tailorCardCache,
    // The build writes the collector manifest there; keep the demo's own untouched.
    TAILOR_STATE_DIR: path.join(out, 'tailor-state'),
  });
  const cold = await measureBuild('tailorCold', 'Tailor, cold', PROJECT, [], tailorEnv(dirs.tailorDist), dirs.tailorDist, path.join(out, 'build-tailor-cold.log'), true);
  results.push(cold);

  let changedId: string | undefined;
  if (cold.ok) {
    results.push(
      await measureBuild('tailorNoChange', 'Tailor, rebuilt, no change', PROJECT, [], tailorEnv(dirs.tailorDist), dirs.tailorDist, path.join(out, 'build-tailor-nochange.log'), true),
    );
    const change = await changeOneAccount(contentRoot);
    changedId = change.id;
    console.log(`\nchanged one account: ${change.id} renamed "${change.before}" -> "${change.after}"`);
    results.push(
      await measureBuild(
        'tailorWarm',
        'Tailor, warm (1 account changed)',
        PROJECT,
        [],
        tailorEnv(dirs.tailorDist),
        dirs.tailorDist,
        path.join(out, 'build-tailor-warm.log'),
        true,
      ),
    );
  } else {
    console.log('\nTailor cold build failed: skipping the warm rebuild.');
  }

  const byName = new Map(results.map((r) => [r.name, r]));
  const plain = byName.get('plainCold');
  const warm = byName.get('tailorWarm');
  const coldRatio = plain?.ok && cold.ok ? cold.wallSeconds / plain.wallSeconds : undefined;
  const coldRatioMet = coldRatio === undefined ? undefined : coldRatio <= COLD_RATIO_TARGET;
  const warmCardsRendered = warm?.ok ? warm.socialCardsRendered : undefined;
  const warmCardsMet = warmCardsRendered === undefined ? undefined : warmCardsRendered === WARM_CARDS_TARGET;
  const warmRatio = warm?.ok && cold.ok ? warm.wallSeconds / cold.wallSeconds : undefined;
  const warmRatioMet = warmRatio === undefined ? undefined : warmRatio <= WARM_RATIO_TARGET;
  const peakRss = Math.max(...results.filter((r) => r.name !== 'plainCold').map((r) => r.peakRssMb ?? 0));

  // The content tools at the same size.
  const tools: { label: string; seconds: number | undefined; note: string }[] = [];
  const timed = async (label: string, args: string[], cwd: string, extra: NodeJS.ProcessEnv, note: string) => {
    console.log(`\n▶ ${label}...`);
    const r = await runTimed(process.execPath, args, { cwd, env: { ...env, ...extra }, log: path.join(out, `${label.replace(/\W+/g, '-')}.log`) });
    const seconds = r.exitCode === 0 || label.startsWith('npm run check') ? r.wallSeconds : undefined;
    console.log(`  ${seconds === undefined ? `FAILED (exit ${r.exitCode})` : `${fmt(seconds, 2)} s`}, peak RSS ${fmt(r.peakRssMb, 0)} MB`);
    tools.push({ label, seconds, note });
  };
  const contentEnv = { TAILOR_CONTENT_ROOT: contentRoot, TAILOR_ASTRO_CACHE: path.join(out, 'tailor-sync-cache'), TAILOR_STATE_DIR: path.join(out, 'tailor-state') };
  await rm(path.join(out, 'tailor-sync-cache'), { recursive: true, force: true });
  await timed('content sync (astro sync, cold)', [ASTRO_BIN, 'sync'], PROJECT, contentEnv, 'loads and validates every entry into the data store');
  await timed('npm run check', [path.join(PROJECT, 'src/cli/check.ts')], PROJECT, contentEnv, `target < ${CHECK_TARGET_S} s`);
  await timed(`npm run import (${accounts} companies, ${accounts * 3} contacts)`, [path.join(BENCH_DIR, 'import.ts'), '--rows', String(accounts)], PROJECT, {}, 'a HubSpot export into a copy of the demo content');

  console.log(`\n--- Build benchmark results (${accounts} accounts, build.concurrency ${concurrency}) ---`);
  printTable(results);
  console.log('');
  if (coldRatio !== undefined) {
    console.log(
      `Tailor cold / plain cold: ${coldRatio.toFixed(2)}x (${fmt(cold.wallSeconds)} s / ${fmt(plain?.wallSeconds)} s); ` +
        `target <= ${COLD_RATIO_TARGET}x: ${coldRatioMet ? 'met' : 'not met'}`,
    );
  } else {
    console.log(`Tailor cold / plain cold: n/a (${options.skipPlain ? 'plain baseline skipped' : 'a build failed'})`);
  }
  if (warmCardsRendered !== undefined) {
    const ids = warm?.renderedCardIds?.length ? ` [${warm.renderedCardIds.join(', ')}]` : '';
    console.log(
      `Warm rebuild rendered ${warmCardsRendered} social card(s)${ids} (target ${WARM_CARDS_TARGET}, the changed account ${changedId}): ` +
        `${warmCardsMet ? 'met' : 'not met'}`,
    );
  } else {
    console.log('Warm rebuild: n/a (a build failed)');
  }
  if (warmRatio !== undefined) {
    console.log(`Warm rebuild / cold build: ${(warmRatio * 100).toFixed(1)} % (${fmt(warm?.wallSeconds)} s / ${fmt(cold.wallSeconds)} s; ${warm?.pagesRendered} page(s) rendered, ${warm?.pagesRestored} restored); target <= ${WARM_RATIO_TARGET * 100} %: ${warmRatioMet ? 'met' : 'not met'}`);
  }
  const noChange = byName.get('tailorNoChange');
  if (noChange?.ok) console.log(`No-change rebuild (Astro's floor): ${fmt(noChange.wallSeconds)} s, ${noChange.pagesRendered} page(s) rendered, ${noChange.pagesRestored} restored`);
  console.log(`Peak RSS of the Tailor builds: ${fmt(peakRss, 0)} MB; target < ${RSS_TARGET_MB} MB: ${peakRss < RSS_TARGET_MB ? 'met' : 'not met'}`);
  for (const tool of tools) console.log(`${tool.label}: ${tool.seconds === undefined ? 'failed' : `${fmt(tool.seconds, 2)} s`} (${tool.note})`);
  const expected = set.expectedPages;
  for (const r of results) {
    if (r.ok && r.htmlPages !== expected) console.log(`warning: ${r.label} wrote ${r.htmlPages} HTML pages, expected ${expected}`);
    if (r.ok && r.socialCardsInOutput !== accounts) console.log(`warning: ${r.label} wrote ${r.socialCardsInOutput} og.png files, expected ${accounts}`);
  }

  const summary: BuildBenchResult = { ok: results.every((r) => r.ok), results, coldRatio, coldRatioMet, warmCardsRendered, warmCardsMet, warmRatio, warmRatioMet };
  const json = path.join(out, 'build-results.json');
  await writeFile(
    json,
    JSON.stringify(
      {
        benchmark: 'build',
        date: new Date().toISOString(),
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemGiB: os.totalmem() / 2 ** 30, loadAverageAtStart: loadAtStart, node: process.version, astro: astroVersion },
        accounts,
        pagesPerAccount: PAGES_PER_ACCOUNT,
        expectedHtmlPages: expected,
        buildConcurrency: concurrency,
        changedAccount: changedId,
        targets: {
          coldRatio: { target: COLD_RATIO_TARGET, value: coldRatio, met: coldRatioMet },
          warmSocialCards: { target: WARM_CARDS_TARGET, value: warmCardsRendered, met: warmCardsMet },
          warmRatio: { target: WARM_RATIO_TARGET, value: warmRatio, met: warmRatioMet },
          peakRssMb: { target: RSS_TARGET_MB, value: peakRss, met: peakRss < RSS_TARGET_MB },
        },
        tools,
        runs: Object.fromEntries(results.map((r) => [r.name, { ...r, log: rel(r.log, PROJECT) }])),
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nresults: ${rel(json)}`);
  console.log(`logs:    ${results.map((r) => rel(r.log)).join(', ')}`);
  return summary;
}
