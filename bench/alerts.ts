/**
 * Instant alerts benchmark (`npm run bench -- --only alerts`):
 *   1. latency: the embedded server (`node src/cli/serve.ts`, a child process, the fixture content
 *      of tests/fixtures/minimal, its own SQLite log) with Slack and Teams webhooks pointing at a
 *      receiver in this process; 80 beacons, each a decision maker's click to
 *      book on a different day (so each is its own alert), sent one after another 100 ms apart; the
 *      time from sending the beacon to each webhook's receipt, p50 and p99 (target: under 60 s);
 *   2. the cost: the collector section's load (1 event per beacon, anonymous page views) with
 *      instant alerts off and on, alternated (off, on three times) in the same run, events/s each
 *      (target: on >= 0.9 x off, the medians of the three runs each).
 * Writes bench/out/alerts-results.json.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signStakeholder } from '../src/events/personalLink.ts';
import { runCollectorBench } from './collector.ts';
import { freePort } from './lib/measure.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.dirname(BENCH_DIR);
const NODE_BIN = existsSync(path.join(PROJECT, 'node_modules', '.bin', 'node')) ? path.join(PROJECT, 'node_modules', '.bin', 'node') : process.execPath;
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
export const LATENCY_TARGET_MS = 60_000;
export const COST_RATIO_TARGET = 0.9;

export interface AlertsBenchOptions {
  alerts?: number;
  durationSeconds?: number;
}

export interface AlertsBenchResult {
  ok: boolean;
  latencyMs: { p50: number; p99: number; max: number; received: number; expected: number } | undefined;
  latencyMet: boolean | undefined;
  eventsPerSecond: { off: number[]; on: number[] };
  ratio: number | undefined;
  ratioMet: boolean | undefined;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measureLatency(count: number): Promise<NonNullable<AlertsBenchResult['latencyMs']>> {
  const received = new Map<string, number[]>();
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const at = performance.now();
      // The alert's event time identifies the beacon that raised it (one beacon per day): Slack's
      // date token (seconds), Teams' DATE() (ISO).
      const seconds = /<!date\^(\d+)\^/.exec(body)?.[1];
      const key = seconds ? new Date(Number(seconds) * 1000).toISOString().slice(0, 10) : (/\{\{DATE\((\d{4}-\d{2}-\d{2})/.exec(body)?.[1] ?? 'unknown');
      received.set(`${req.url}|${key}`, [...(received.get(`${req.url}|${key}`) ?? []), at]);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tailor-bench-alerts-'));
  const root = path.join(tmp, 'content');
  cpSync(path.join(PROJECT, 'tests/fixtures/minimal'), root, { recursive: true });
  const state = path.join(tmp, 'state');
  mkdirSync(state, { recursive: true });
  mkdirSync(path.join(tmp, 'dist'), { recursive: true });
  writeFileSync(
    path.join(state, 'manifest.json'),
    JSON.stringify({ version: 1, accounts: { alpha: { personas: { cfo: ['roi', 'case'] }, stakeholders: ['cfo-1', 'user-1'] } }, pieces: { case: { title: 'How a grid operator cut repair time' } }, personas: { cfo: 'CFO' } }),
  );
  const secret = 'bench-alerts-secret-bench-alerts-secret-00';
  const port = await freePort();
  const child = spawn(NODE_BIN, [path.join(PROJECT, 'src/cli/serve.ts')], {
    cwd: PROJECT,
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TAILOR_'))),
      TAILOR_CONTENT_ROOT: root,
      TAILOR_STATE_DIR: state,
      TAILOR_LOG_FILE: path.join(tmp, 'conversions.db'),
      TAILOR_OUT_DIR: path.join(tmp, 'dist'),
      TAILOR_LINK_SECRET: secret,
      TAILOR_SLACK_WEBHOOK_URL: `${hook}/slack`,
      TAILOR_TEAMS_WEBHOOK_URL: `${hook}/teams`,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    for (let i = 0; i < 300 && !output.includes('Tailor is serving'); i++) await sleep(100);
    if (!output.includes('Tailor is serving')) throw new Error(`the server did not start:\n${output}`);
    const token = await signStakeholder(secret, { a: 'alpha', s: 'cfo-1' });
    const sent = new Map<string, number>();
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      // Each beacon's event on its own day: its own alert (one per person, moment and day).
      const t = now - i * 86_400_000 - 60_000;
      const day = new Date(t).toISOString().slice(0, 10);
      const body = JSON.stringify({ a: 'alpha', p: 'cfo', c: 'case', path: '/alpha/cfo/case/', v: 'visitor-bench-01', s: 'session-bench-01', k: token, e: [{ id: `evt-bench-${i.toString().padStart(6, '0')}`, y: 'cta', t, l: 'meeting' }] });
      sent.set(day, performance.now());
      const response = await fetch(`http://127.0.0.1:${port}/tailor/collect`, { method: 'POST', body, headers: { origin: `http://127.0.0.1:${port}`, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': CHROME_UA } });
      if (response.status !== 204) throw new Error(`beacon ${i}: HTTP ${response.status}`);
      await sleep(100);
    }
    const expected = count * 2;
    for (let i = 0; i < 600 && received.size < expected; i++) await sleep(100);
    const latencies: number[] = [];
    for (const [key, times] of received) {
      const day = key.split('|')[1]!;
      const start = sent.get(day);
      if (start !== undefined) latencies.push(times[0]! - start);
    }
    latencies.sort((a, b) => a - b);
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN, received: received.size, expected };
  } finally {
    child.kill('SIGTERM');
    receiver.closeAllConnections();
    receiver.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function runAlertsBench(options: AlertsBenchOptions = {}): Promise<AlertsBenchResult> {
  // Within the collector's 90 days of accepted event times: one alert per day.
  const count = Math.min(options.alerts ?? 80, 85);
  const durationSeconds = options.durationSeconds ?? 8;
  console.log(`\n=== Instant alerts: latency over ${count} alerts, then collector events/s with alerts off and on (${durationSeconds} s runs, alternated) ===`);
  let ok = true;
  let latencyMs: AlertsBenchResult['latencyMs'];
  try {
    latencyMs = await measureLatency(count);
    console.log(`alert latency, beacon sent -> webhook received (Slack and Teams, ${latencyMs.received}/${latencyMs.expected} received): p50 ${latencyMs.p50.toFixed(1)} ms, p99 ${latencyMs.p99.toFixed(1)} ms, max ${latencyMs.max.toFixed(1)} ms`);
    if (latencyMs.received < latencyMs.expected) ok = false;
  } catch (error) {
    console.log(`  FAILED: ${(error as Error).message}`);
    ok = false;
  }

  // The receiver of the "on" runs answers every alert at once.
  const receiver = createServer((req, res) => void req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const eventsPerSecond = { off: [] as number[], on: [] as number[] };
  try {
    for (const mode of ['off', 'on', 'off', 'on', 'off', 'on'] as const) {
      const r = await runCollectorBench({
        durationSeconds,
        eventsPerBeacon: [1],
        skipCeiling: true,
        runSuffix: `-alerts-${mode}`,
        serverEnv: mode === 'on' ? { TAILOR_SLACK_WEBHOOK_URL: `${hook}/slack`, TAILOR_WEBHOOK_URL: `${hook}/json` } : {},
      });
      const run = r.runs[0];
      if (!r.ok || !run?.ok) ok = false;
      if (run?.ok) eventsPerSecond[mode].push(run.eventsPerSecond);
    }
  } finally {
    receiver.closeAllConnections();
    receiver.close();
  }
  // Medians of three runs each, alternated: one run disturbed by the shared machine moves neither.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const ratio = eventsPerSecond.off.length && eventsPerSecond.on.length ? median(eventsPerSecond.on) / median(eventsPerSecond.off) : undefined;
  const latencyMet = latencyMs ? latencyMs.received === latencyMs.expected && latencyMs.p99 < LATENCY_TARGET_MS : undefined;
  const ratioMet = ratio === undefined ? undefined : ratio >= COST_RATIO_TARGET;
  console.log(`\n--- Instant alerts results ---`);
  if (latencyMs) console.log(`latency p50 ${latencyMs.p50.toFixed(1)} ms, p99 ${latencyMs.p99.toFixed(1)} ms; target p99 < ${LATENCY_TARGET_MS / 1000} s: ${latencyMet ? 'met' : 'not met'}`);
  console.log(
    `collector events/s, alerts off: ${eventsPerSecond.off.map((x) => Math.round(x).toLocaleString('en-US')).join(', ')}; on: ${eventsPerSecond.on.map((x) => Math.round(x).toLocaleString('en-US')).join(', ')}; ` +
      `on / off ${ratio?.toFixed(3) ?? 'n/a'}; target >= ${COST_RATIO_TARGET}: ${ratioMet === undefined ? 'n/a' : ratioMet ? 'met' : 'not met'}`,
  );
  const result: AlertsBenchResult = { ok, latencyMs, latencyMet, eventsPerSecond, ratio, ratioMet };
  writeFileSync(path.join(BENCH_DIR, 'out', 'alerts-results.json'), JSON.stringify({ benchmark: 'alerts', date: new Date().toISOString(), ...result }, null, 2) + '\n');
  return result;
}

if (import.meta.main) {
  const r = await runAlertsBench({ alerts: Number(process.argv[2] ?? 80) });
  process.exit(r.ok ? 0 : 1);
}
