/**
 * Collector benchmark (`npm run bench -- --only collector`):
 *   1. the tracking snippet's gzipped size against its 1,000-byte budget;
 *   2. the ceiling: a bare node:http server (bench/lib/bareServer.ts, a child process) that drains
 *      the body and answers 204, loaded with autocannon for `duration` s with the same bodies;
 *   3. the real embedded server (`node src/cli/serve.ts`, a child process with its own state dir,
 *      manifest, SQLite log and empty dist) loaded the same way on POST /tailor/collect with valid
 *      beacons (unique event ids, a pool of visitors), once per events-per-beacon setting
 *      (default 1 = the worst case for events/s, and 5 = closer to what the snippet sends); then
 *      SIGTERM (the server flushes its queue and closes the log) and the rows in the log are
 *      counted and checked against the acknowledged events.
 * Prints a table and the targets, writes bench/out/collector-results.json.
 *
 * Targets (from the issue): collector events/s (1 event per beacon) >= 0.5 x the ceiling's
 * requests/s, and >= 10,000 events/s on 2 cores; acknowledged events == rows in the log; bytes the
 * server writes to disk per event (its /proc write_bytes over the load) <= 1,000 at 1 event per
 * beacon (printed; not among the targets `--strict` counts, which bench/run.ts lists).
 * TAILOR_BENCH_CLIENT_LAG_MS=2000 makes client times arrive out of order (see clientLagMs).
 *
 * Acknowledged events: every beacon answered 2xx, times its events. autocannon stops a run by
 * closing its sockets, so up to `connections` beacons are cut off in flight: the server may have
 * stored them without the client seeing the answer. Like the snippet would (ids make a retry
 * idempotent), they are re-sent once after the run and count as acknowledged when answered 2xx;
 * the report says how many there were and how many of their events were already in the log.
 *
 * Load generator and servers share the machine: on 2 cores autocannon (in this process) takes
 * about one core, the server the other; the ceiling is measured under the same conditions.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { COLLECT_PATH } from '../src/collector/collect.ts';
import { manifestSchema, type Manifest } from '../src/events/manifest.ts';
import { beaconSchema, wireEventSchema } from '../src/events/schema.ts';
import { TRACKER_BUDGET_BYTES, trackerGzipBytes } from '../src/tracker/bundle.ts';
import { summariseCpuProfile, type ProfileSummary } from './lib/cpuProfile.ts';
import { freePort, rel } from './lib/measure.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.dirname(BENCH_DIR);
const NODE_BIN = existsSync(path.join(PROJECT, 'node_modules', '.bin', 'node')) ? path.join(PROJECT, 'node_modules', '.bin', 'node') : process.execPath;

export const CEILING_RATIO_TARGET = 0.5;
export const EVENTS_PER_SECOND_TARGET = 10_000;
/** Bytes the collector writes to disk per event at one event per beacon (issue "Lean collector writes"). */
export const BYTES_PER_EVENT_TARGET = 1_000;
/** The collector's default per-visitor limit (src/collector/collect.ts, eventsPerMinute). */
const COLLECTOR_EVENTS_PER_VISITOR_MINUTE = 600;

/** A current desktop Chrome: the collector drops bot user agents (autocannon's default among them). */
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

export type IdOrder = 'random' | 'ascending';

export interface CollectorBenchOptions {
  /** Seconds of load per run. Default 10. */
  durationSeconds?: number;
  /** Concurrent keep-alive connections. Default 50. */
  connections?: number;
  /** One collector run per entry: events per beacon. Default [1, 5]; the first is used for the targets. */
  eventsPerBeacon?: number[];
  /**
   * Order of event ids: 'random' (default; like the snippet's crypto.randomUUID()) or 'ascending'
   * (to see what random ids cost; the SQLite log's key is (received_at, t, id) and retries are caught in memory, so they matter little now).
   */
  idOrder?: IdOrder;
  /**
   * Client times (`t`, the first part of the log's key). 0 (default): beacon `seq` has t0 + seq ms,
   * ascending, as if every visitor's clock agreed and each event were sent as it happened. N > 0:
   * each event's t is its beacon's send time minus up to N ms (the snippet holds events for up to
   * 2 s), so times arrive out of order, as from real visitors. `npm run bench` reads it from the
   * environment: TAILOR_BENCH_CLIENT_LAG_MS=2000.
   */
  clientLagMs?: number;
  /** Visitor ids the beacons are spread over (the collector allows 600 events per visitor per minute). Default 4,000 (more for long runs). */
  visitors?: number;
  /** Run the collector with `node --cpu-prof` and print where its CPU went. */
  cpuProf?: boolean;
  /** Skip the bare-server ceiling (no ratio then). */
  skipCeiling?: boolean;
  /** Folder for logs, profiles and results. Default bench/out. */
  outDir?: string;
  /** More environment for the collector server (the alerts section turns instant alerts on with it). */
  serverEnv?: Record<string, string>;
  /** Suffix of the runs' names (their logs and results), e.g. "-alerts". */
  runSuffix?: string;
}

export interface LoadRunResult {
  name: string;
  label: string;
  kind: 'ceiling' | 'collector';
  ok: boolean;
  error?: string;
  eventsPerBeacon: number;
  connections: number;
  /** Seconds the load ran (autocannon's measure). */
  durationSeconds: number;
  /** Responses received (any status). */
  responses: number;
  requestsPerSecond: number;
  /** Events in 2xx-answered beacons per second. */
  eventsPerSecond: number;
  /** Latency percentiles from every response, microsecond resolution. */
  latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  non2xx: number;
  statusCodes: Record<string, number>;
  socketErrors: number;
  timeouts: number;
  /** CPU the server process used during the load, in % of one core. */
  serverCpuPercent: number | undefined;
  /** CPU this process (autocannon) used during the load, in % of one core. */
  loadgenCpuPercent: number;
  /** Bytes the server process caused to be written to storage during the load (/proc/PID/io write_bytes), MB. */
  serverDiskWriteMb: number | undefined;
  /** Body size of one beacon, bytes. */
  bodyBytes: number;
  /** autocannon's own figures (its latency histogram has 1 ms resolution). */
  autocannon: { requestsAverage: number; latencyP50: number; latencyP99: number; sent: number; completed: number };
  /** Collector runs only. */
  log?: LogCheck;
  serverLog: string;
  /** The server's shutdown line (accepted and dropped counts). */
  serverSummary?: string;
  profile?: { file: string; summary: ProfileSummary };
}

export interface LogCheck {
  /** Events acknowledged (2xx) during the timed load. */
  acknowledgedDuringLoad: number;
  /** Beacons without an answer when the load stopped, and how many of their events were already in the log. */
  cutOffBeacons: number;
  cutOffEventsAlreadyInLog: number | undefined;
  /** Cut-off beacons re-sent after the load and answered 2xx. */
  resentAcknowledged: number;
  /** All acknowledged events (load + re-sent). */
  acknowledged: number;
  rowsInLog: number;
  equal: boolean;
  /** Acknowledged events whose id is not in the log (lost), and rows whose id was never acknowledged. */
  acknowledgedMissing: number;
  unacknowledgedRows: number;
  /** Largest number of events one visitor sent (must stay under the collector's per-minute limit). */
  maxEventsPerVisitor: number;
}

export interface CollectorBenchResult {
  ok: boolean;
  trackerGzipBytes: number;
  trackerBudgetMet: boolean;
  ceiling: LoadRunResult | undefined;
  runs: LoadRunResult[];
  ratio: number | undefined;
  ratioMet: boolean | undefined;
  eventsPerSecondMet: boolean | undefined;
  /** Disk bytes per event at 1 event per beacon <= BYTES_PER_EVENT_TARGET (undefined without such a run). */
  bytesPerEventMet: boolean | undefined;
  logsEqual: boolean | undefined;
}

// ---------------------------------------------------------------------------------------------
// autocannon (CommonJS, no type declarations): the parts used here.

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  [key: string]: unknown;
}
interface AutocannonContext {
  seq?: number;
  [key: string]: unknown;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
  timeout: number;
  method: string;
  headers: Record<string, string>;
  requests: {
    setupRequest: (req: AutocannonRequest, context: AutocannonContext) => AutocannonRequest;
    onResponse: (status: number, body: string, context: AutocannonContext) => void;
  }[];
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number };
  requests: { average: number; total: number; sent: number };
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
  stop(): void;
}
type Autocannon = ((opts: AutocannonOptions, cb: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance) & {};

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;
const AUTOCANNON_VERSION = (JSON.parse(readFileSync(path.join(PROJECT, 'node_modules', 'autocannon', 'package.json'), 'utf8')) as { version: string }).version;

// ---------------------------------------------------------------------------------------------
// Children: started here, always stopped (on error, Ctrl+C and exit too).

const children = new Set<ChildProcess>();
/** Temporary state folders of collector runs, removed even when the run is interrupted. */
const tempDirs = new Set<string>();
const killAll = () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
};

interface Server {
  child: ChildProcess;
  port: number;
  log: string;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startServer(args: string[], env: NodeJS.ProcessEnv, log: string, ready: RegExp, port: number, timeoutMs = 30_000): Promise<Server> {
  const out: WriteStream = createWriteStream(log);
  const child = spawn(NODE_BIN, args, { cwd: PROJECT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close', not 'exit': by then stdout and stderr are drained into the log.
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => finish(new Error(`no "${ready.source}" line within ${timeoutMs / 1000} s (see ${rel(log)})`)), timeoutMs);
    const finish = (error?: Error, actualPort?: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve({ child, port: actualPort ?? port, log, lines, exited });
    };
    const split = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        out.write(chunk);
        const parts = (rest + chunk.toString('utf8')).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) {
          lines.push(line);
          const m = ready.exec(line);
          if (m) finish(undefined, m[1] ? Number(m[1]) : port);
        }
      });
      stream.on('end', () => {
        if (rest) lines.push(rest), out.write('\n');
      });
    };
    split(child.stdout as NodeJS.ReadableStream);
    split(child.stderr as NodeJS.ReadableStream);
    child.on('error', (error) => finish(error));
    void exited.then(({ code, signal }) => {
      out.end();
      finish(new Error(`server exited early (code ${code}, signal ${signal}); see ${rel(log)}`));
    });
  });
}

async function stopServer(server: Server, timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return { ...(await server.exited), killed: false };
  server.child.kill('SIGTERM');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const first = await Promise.race([server.exited, timedOut]);
  clearTimeout(timer);
  if (first === 'timeout') {
    server.child.kill('SIGKILL');
    return { ...(await server.exited), killed: true };
  }
  return { ...first, killed: false };
}


let clockTicks: number | undefined;
/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is field 3, utime 14, stime 15 (1-based) -> indexes 11 and 12 here.
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

/** Bytes a process has caused to be written to storage so far (Linux /proc/PID/io); undefined elsewhere. */
function processDiskWriteBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^write_bytes: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Beacons: valid per src/events/schema.ts, unique event ids, spread over visitors and pages.

const BENCH_MANIFEST: Manifest = {
  version: 1,
  accounts: {
    'acme-corp': {
      personas: { cfo: ['roi-calculator', 'case-study'], 'it-lead': ['security-brief', 'integration-guide'], 'end-user': ['quick-start'] },
      stakeholders: ['cfo-1', 'it-1', 'user-1'],
    },
    globex: {
      personas: { cfo: ['roi-calculator', 'case-study'], 'it-lead': ['security-brief'], 'end-user': ['quick-start', 'case-study'] },
      stakeholders: ['cfo-1', 'it-1'],
    },
    initech: {
      personas: { cfo: ['roi-calculator'], 'it-lead': ['security-brief', 'integration-guide'], 'end-user': ['quick-start'] },
      stakeholders: ['cfo-1'],
    },
  },
};

interface Page {
  a: string;
  p?: string;
  c?: string;
  path: string;
}

function pagesOf(manifest: Manifest): Page[] {
  const pages: Page[] = [];
  for (const [a, account] of Object.entries(manifest.accounts)) {
    pages.push({ a, path: `/${a}/` });
    for (const [p, pieces] of Object.entries(account.personas)) {
      pages.push({ a, p, path: `/${a}/${p}/` });
      for (const c of pieces) pages.push({ a, p, c, path: `/${a}/${p}/${c}/` });
    }
  }
  return pages;
}

const REFERRERS = [undefined, 'www.google.com', 'www.linkedin.com', undefined, 'outlook.office.com', 'news.example.org'];
/** What a page sends, in order: a view, scroll milestones, engaged time (the snippet's usual mix). */
const EVENT_KINDS = ['"y":"pv"', '"y":"sc","x":25', '"y":"sc","x":50', '"y":"sc","x":75', '"y":"et","x":12'];

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const uuidLike = () => `${hex(4)}-${hex(2)}-4${hex(2).slice(1)}-a${hex(2).slice(1)}-${hex(6)}`;

/** A 32-bit mix of `seq` (murmur3's finaliser): spreads consecutive beacons over the key space. */
function scramble(seq: number): number {
  let h = Math.imul(seq ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Event id of event `j` in beacon `seq`: UUID-shaped like the snippet's crypto.randomUUID() and,
 * like it, in random order (a scrambled first group), yet mappable back to its beacon:
 * `<scramble(seq), 8 hex>-<run tag, 4 hex>-4<j, 3 hex>-a000-<seq, 12 hex>`. With idOrder
 * 'ascending' the first group is 00000000, so ids ascend with `seq`.
 */
class BeaconFactory {
  readonly tag: string;
  readonly eventsPerBeacon: number;
  readonly idOrder: IdOrder;
  readonly clientLagMs: number;
  readonly #prefixes: string[];
  readonly #t0 = Date.now();
  /** With clientLagMs: each beacon's client time, fixed when first sent (a re-sent beacon is the same body). */
  readonly #times = new Map<number, number>();

  constructor(eventsPerBeacon: number, visitors: number, pages: Page[], idOrder: IdOrder = 'random', clientLagMs = 0) {
    this.tag = hex(2);
    this.eventsPerBeacon = eventsPerBeacon;
    this.idOrder = idOrder;
    this.clientLagMs = clientLagMs;
    this.#prefixes = [];
    for (let i = 0; i < visitors; i++) {
      const page = pages[i % pages.length] as Page;
      const r = REFERRERS[i % REFERRERS.length];
      const ctx = { a: page.a, p: page.p, c: page.c, path: page.path, v: uuidLike(), s: uuidLike(), r };
      this.#prefixes.push(JSON.stringify(ctx).slice(0, -1) + ',"e":[');
    }
  }

  get visitors(): number {
    return this.#prefixes.length;
  }

  visitorOf(seq: number): number {
    return seq % this.#prefixes.length;
  }

  #head(seq: number): number {
    return this.idOrder === 'random' ? scramble(seq) : 0;
  }

  eventId(seq: number, j: number): string {
    return `${this.#head(seq).toString(16).padStart(8, '0')}-${this.tag}-4${j.toString(16).padStart(3, '0')}-a000-${seq.toString(16).padStart(12, '0')}`;
  }

  /** Inverse of eventId for this run's tag: [seq, j], or undefined. */
  parseId(id: string): [number, number] | undefined {
    if (id.length !== 36 || id.slice(9, 13) !== this.tag) return undefined;
    const j = Number.parseInt(id.slice(15, 18), 16);
    const seq = Number.parseInt(id.slice(24), 16);
    if (Number.isNaN(j) || Number.isNaN(seq) || Number.parseInt(id.slice(0, 8), 16) !== this.#head(seq)) return undefined;
    return [seq, j];
  }

  /** Client time of beacon `seq`'s events (see clientLagMs). */
  #time(seq: number): number {
    if (this.clientLagMs <= 0) return this.#t0 + seq;
    let t = this.#times.get(seq);
    if (t === undefined) this.#times.set(seq, (t = Date.now() - (scramble(seq) % this.clientLagMs)));
    return t;
  }

  body(seq: number): string {
    let events = '';
    const n = this.eventsPerBeacon;
    const t = this.#time(seq);
    for (let j = 0; j < n; j++) {
      if (j > 0) events += ',';
      events += `{"id":"${this.eventId(seq, j)}",${EVENT_KINDS[(seq * n + j) % EVENT_KINDS.length]},"t":${t}}`;
    }
    return (this.#prefixes[this.visitorOf(seq)] as string) + events + ']}';
  }

  /** Throws unless sample bodies pass the collector's own schemas. */
  validate(): void {
    for (const seq of [0, 1, 2, 3, 4, 12_345_678]) {
      const beacon = beaconSchema.parse(JSON.parse(this.body(seq)));
      for (const e of beacon.e) wireEventSchema.parse(e);
      if (beacon.e.length !== this.eventsPerBeacon) throw new Error('wrong number of events');
      const parsed = this.parseId((beacon.e[0] as { id: string }).id);
      if (!parsed || parsed[0] !== seq || parsed[1] !== 0) throw new Error('event id does not round-trip');
    }
  }
}

/** A growable bit set over beacon sequence numbers. */
class Bits {
  #bits = new Uint8Array(1 << 16);
  set(i: number): void {
    const byte = i >>> 3;
    if (byte >= this.#bits.length) {
      const next = new Uint8Array(Math.max(this.#bits.length * 2, byte + 1));
      next.set(this.#bits);
      this.#bits = next;
    }
    this.#bits[byte] = (this.#bits[byte] as number) | (1 << (i & 7));
  }
  has(i: number): boolean {
    const byte = i >>> 3;
    return byte < this.#bits.length && ((this.#bits[byte] as number) & (1 << (i & 7))) !== 0;
  }
}

// ---------------------------------------------------------------------------------------------
// One load run.

interface LoadOutcome {
  result: AutocannonResult;
  wallSeconds: number;
  histogram: RecordableHistogram;
  statusCodes: Record<string, number>;
  /** Beacons answered 2xx. */
  acked: Bits;
  ackedBeacons: number;
  /** Beacons sent that never got an answer (cut off when the run stopped, or lost to a socket error). */
  unanswered: number[];
  loadgenCpuPercent: number;
  serverCpuPercent: number | undefined;
  serverDiskWriteMb: number | undefined;
  /** Events per visitor index, for the rate-limit check. */
  perVisitor: Uint32Array;
}

function runLoad(port: number, serverPid: number | undefined, factory: BeaconFactory, connections: number, durationSeconds: number): Promise<LoadOutcome> {
  const origin = `http://127.0.0.1:${port}`;
  const histogram = createHistogram();
  const statusCodes: Record<string, number> = {};
  const acked = new Bits();
  const inflight = new Set<number>();
  const perVisitor = new Uint32Array(factory.visitors);
  let ackedBeacons = 0;
  let nextSeq = 0;

  const opts: AutocannonOptions = {
    url: origin,
    connections,
    duration: durationSeconds,
    pipelining: 1,
    timeout: 10,
    method: 'POST',
    headers: {
      origin,
      'content-type': 'text/plain;charset=UTF-8',
      'user-agent': CHROME_UA,
      accept: '*/*',
      'accept-language': 'en-GB,en;q=0.9',
    },
    requests: [
      {
        // Called once per request (pipelining 1: one request in flight per connection), right
        // before it is sent; the context is per connection and survives until its response.
        setupRequest: (req, context) => {
          const seq = nextSeq++;
          context.seq = seq;
          inflight.add(seq);
          req.method = 'POST';
          req.path = COLLECT_PATH;
          req.body = factory.body(seq);
          return req;
        },
        onResponse: (status, _body, context) => {
          const seq = context.seq;
          if (seq === undefined) return;
          inflight.delete(seq);
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          if (status >= 200 && status < 300) {
            acked.set(seq);
            ackedBeacons++;
            const v = factory.visitorOf(seq);
            perVisitor[v] = (perVisitor[v] ?? 0) + factory.eventsPerBeacon;
          }
        },
      },
    ],
  };

  return new Promise((resolve, reject) => {
    const cpu0 = process.cpuUsage();
    const server0 = processCpuSeconds(serverPid);
    const io0 = processDiskWriteBytes(serverPid);
    const t0 = performance.now();
    let safety: ReturnType<typeof setTimeout> | undefined;
    const instance = autocannon(opts, (error, result) => {
      clearTimeout(safety);
      const wallSeconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const server1 = processCpuSeconds(serverPid);
      const io1 = processDiskWriteBytes(serverPid);
      if (error) return reject(error);
      resolve({
        result,
        wallSeconds,
        histogram,
        statusCodes,
        acked,
        ackedBeacons,
        unanswered: [...inflight].sort((a, b) => a - b),
        loadgenCpuPercent: ((cpu.user + cpu.system) / 1e6 / wallSeconds) * 100,
        serverCpuPercent: server0 !== undefined && server1 !== undefined ? ((server1 - server0) / wallSeconds) * 100 : undefined,
        serverDiskWriteMb: io0 !== undefined && io1 !== undefined ? (io1 - io0) / 2 ** 20 : undefined,
        perVisitor,
      });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      // Microseconds; createHistogram() takes integers >= 1.
      histogram.record(Math.max(1, Math.round(responseTime * 1000)));
    });
    // autocannon stops itself after `duration`; this only guards against a hang.
    safety = setTimeout(() => instance.stop(), (durationSeconds + 30) * 1000);
  });
}

function summarise(name: string, label: string, kind: 'ceiling' | 'collector', eventsPerBeacon: number, connections: number, load: LoadOutcome, bodyBytes: number, server: Server): LoadRunResult {
  const { result, histogram } = load;
  const duration = result.duration || load.wallSeconds;
  const responses = Object.values(load.statusCodes).reduce((a, b) => a + b, 0);
  const us = (p: number) => histogram.percentile(p) / 1000;
  return {
    name,
    label,
    kind,
    ok: true,
    eventsPerBeacon,
    connections,
    durationSeconds: duration,
    responses,
    requestsPerSecond: responses / duration,
    eventsPerSecond: (load.ackedBeacons * eventsPerBeacon) / duration,
    latencyMs: { p50: us(50), p90: us(90), p99: us(99), p999: us(99.9), max: histogram.max / 1000, mean: histogram.mean / 1000 },
    non2xx: responses - load.ackedBeacons,
    statusCodes: load.statusCodes,
    socketErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    serverCpuPercent: load.serverCpuPercent,
    serverDiskWriteMb: load.serverDiskWriteMb,
    loadgenCpuPercent: load.loadgenCpuPercent,
    bodyBytes,
    autocannon: { requestsAverage: result.requests.average, latencyP50: result.latency.p50, latencyP99: result.latency.p99, sent: result.requests.sent, completed: result.requests.total },
    serverLog: server.log,
  };
}

/** POSTs one body with the load's headers; resolves to the status (0 on a socket error). */
function postOnce(port: number, body: string): Promise<number> {
  const origin = `http://127.0.0.1:${port}`;
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: COLLECT_PATH, method: 'POST', headers: { origin, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': CHROME_UA, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.setTimeout(10_000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Runs.

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TAILOR_') && k !== 'PORT' && k !== 'HOST' && k !== 'NODE_OPTIONS') env[k] = v;
  env.PATH = `${path.join(PROJECT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`;
  return { ...env, ...extra };
}

const fmtInt = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '-' : Math.round(n).toLocaleString('en-US'));
const fmt = (n: number | undefined, digits = 2) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits));

/** Bytes the server wrote to disk during the load per event acknowledged during it. */
function bytesPerEvent(r: LoadRunResult): number | undefined {
  return r.serverDiskWriteMb === undefined ? undefined : (r.serverDiskWriteMb * 2 ** 20) / Math.max(1, r.eventsPerSecond * r.durationSeconds);
}

function describeRun(r: LoadRunResult): void {
  const codes = Object.entries(r.statusCodes).map(([code, n]) => `${code}: ${fmtInt(n)}`).join(', ');
  console.log(
    `  ${fmtInt(r.responses)} responses in ${fmt(r.durationSeconds, 1)} s (${codes || 'none'}): ${fmtInt(r.requestsPerSecond)} requests/s` +
      (r.kind === 'collector' ? `, ${fmtInt(r.eventsPerSecond)} events/s` : '') +
      `; latency p50 ${fmt(r.latencyMs.p50)} ms, p99 ${fmt(r.latencyMs.p99)} ms, max ${fmt(r.latencyMs.max, 1)} ms; ` +
      `socket errors ${r.socketErrors}, timeouts ${r.timeouts}; CPU: server ${fmt(r.serverCpuPercent, 0)} %, load generator ${fmt(r.loadgenCpuPercent, 0)} % (of one core)` +
      (r.kind === 'collector' && r.serverDiskWriteMb !== undefined
        ? `; server wrote ${fmt(r.serverDiskWriteMb, 0)} MB to disk (${fmtInt(bytesPerEvent(r))} bytes per event)`
        : ''),
  );
}

async function runCeiling(out: string, connections: number, durationSeconds: number, factory: BeaconFactory): Promise<LoadRunResult> {
  const log = path.join(out, 'collector-ceiling-server.log');
  const label = 'bare node:http 204 (ceiling)';
  console.log(`\n▶ ${label}: ${connections} connections, ${durationSeconds} s, ${factory.eventsPerBeacon} event(s) per beacon (log: ${rel(log)})`);
  const server = await startServer([path.join(BENCH_DIR, 'lib', 'bareServer.ts')], childEnv({ HOST: '127.0.0.1', PORT: '0' }), log, /^bare server listening on http:\/\/127\.0\.0\.1:(\d+)\//, 0);
  try {
    const load = await runLoad(server.port, server.child.pid, factory, connections, durationSeconds);
    const r = summarise('ceiling', label, 'ceiling', factory.eventsPerBeacon, connections, load, Buffer.byteLength(factory.body(0)), server);
    describeRun(r);
    return r;
  } finally {
    await stopServer(server);
  }
}

async function runCollector(out: string, connections: number, durationSeconds: number, factory: BeaconFactory, cpuProf: boolean, serverEnv: Record<string, string> = {}, suffix = ''): Promise<LoadRunResult> {
  const name = `collector-${factory.eventsPerBeacon}${suffix}`;
  const label = `collector, ${factory.eventsPerBeacon} event${factory.eventsPerBeacon === 1 ? '' : 's'}/beacon`;
  const log = path.join(out, `${name}-server.log`);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'tailor-bench-collector-'));
  tempDirs.add(tmp);
  const stateDir = path.join(tmp, 'state');
  const distDir = path.join(tmp, 'dist');
  const dbFile = path.join(tmp, 'conversions.db');
  const profileDir = path.join(out, 'collector-profiles');
  try {
    await mkdir(stateDir, { recursive: true });
    await mkdir(distDir, { recursive: true });
    await writeFile(path.join(stateDir, 'manifest.json'), JSON.stringify(manifestSchema.parse(BENCH_MANIFEST), null, 2) + '\n');
    const port = await freePort();
    console.log(`\n▶ ${label}: ${connections} connections, ${durationSeconds} s, ${factory.visitors.toLocaleString('en-US')} visitors, port ${port} (log: ${rel(log)})`);
    const profileName = `${name}.cpuprofile`;
    if (cpuProf) await mkdir(profileDir, { recursive: true }), await rm(path.join(profileDir, profileName), { force: true });
    const args = [...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', profileName] : []), path.join(PROJECT, 'src', 'cli', 'serve.ts')];
    const env = childEnv({
      TAILOR_STATE_DIR: stateDir,
      // Every beacon comes from 127.0.0.1: lift the per-address guard, keep the per-visitor one.
      TAILOR_CLIENT_RATE_LIMIT: String(1e9),
      TAILOR_LOG_FILE: dbFile,
      TAILOR_OUT_DIR: distDir,
      TAILOR_LINK_SECRET: `bench-${randomBytes(24).toString('base64url')}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...serverEnv,
    });
    const server = await startServer(args, env, log, /Tailor is serving/, port);
    let load: LoadOutcome;
    try {
      load = await runLoad(port, server.child.pid, factory, connections, durationSeconds);
    } catch (error) {
      await stopServer(server);
      throw error;
    }
    const r = summarise(name, label, 'collector', factory.eventsPerBeacon, connections, load, Buffer.byteLength(factory.body(0)), server);
    describeRun(r);

    // Beacons cut off in flight when autocannon closed its sockets: were they stored anyway? Then
    // re-send them once, as the snippet would (ids make it idempotent).
    let cutOffEventsAlreadyInLog: number | undefined;
    if (load.unanswered.length > 0) {
      await sleep(250); // the log flushes every 20 ms
      try {
        const db = new DatabaseSync(dbFile, { readOnly: true });
        const ids = load.unanswered.flatMap((seq) => Array.from({ length: factory.eventsPerBeacon }, (_, j) => factory.eventId(seq, j)));
        cutOffEventsAlreadyInLog = 0;
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = ids.slice(i, i + 500);
          const row = db.prepare(`SELECT count(*) AS n FROM events WHERE id IN (${chunk.map(() => '?').join(',')})`).get(...chunk) as { n: number };
          cutOffEventsAlreadyInLog += Number(row.n);
        }
        db.close();
      } catch (error) {
        console.log(`  (could not read the log while the server runs: ${(error as Error).message})`);
      }
    }
    let resentAcknowledged = 0;
    const resendCodes: Record<string, number> = {};
    for (const seq of load.unanswered) {
      const status = await postOnce(port, factory.body(seq));
      resendCodes[status] = (resendCodes[status] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        load.acked.set(seq);
        resentAcknowledged++;
        const v = factory.visitorOf(seq);
        load.perVisitor[v] = (load.perVisitor[v] ?? 0) + factory.eventsPerBeacon;
      }
    }

    const stopped = await stopServer(server);
    const serverSummary = server.lines.find((l) => l.includes('[tailor] collector:'))?.trim();
    if (serverSummary) r.serverSummary = serverSummary;
    if (stopped.killed || stopped.code !== 0) {
      r.ok = false;
      r.error = `server did not exit cleanly on SIGTERM (code ${stopped.code}, signal ${stopped.signal}${stopped.killed ? ', killed after 30 s' : ''})`;
    }

    // Count the rows and map each id back to its beacon.
    const db = new DatabaseSync(dbFile, { readOnly: true });
    const rowsInLog = Number((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
    let matched = 0;
    let unacknowledgedRows = 0;
    for (const row of db.prepare('SELECT id FROM events').iterate() as Iterable<{ id: string }>) {
      const parsed = factory.parseId(row.id);
      if (parsed && parsed[1] < factory.eventsPerBeacon && load.acked.has(parsed[0])) matched++;
      else unacknowledgedRows++;
    }
    db.close();
    const acknowledgedDuringLoad = load.ackedBeacons * factory.eventsPerBeacon;
    const acknowledged = acknowledgedDuringLoad + resentAcknowledged * factory.eventsPerBeacon;
    r.log = {
      acknowledgedDuringLoad,
      cutOffBeacons: load.unanswered.length,
      cutOffEventsAlreadyInLog,
      resentAcknowledged,
      acknowledged,
      rowsInLog,
      equal: acknowledged === rowsInLog && unacknowledgedRows === 0,
      acknowledgedMissing: acknowledged - matched,
      unacknowledgedRows,
      maxEventsPerVisitor: load.perVisitor.reduce((m, n) => Math.max(m, n), 0),
    };
    if (load.unanswered.length > 0) {
      console.log(
        `  ${load.unanswered.length} beacon(s) were cut off in flight when the load stopped` +
          (cutOffEventsAlreadyInLog === undefined ? '' : ` (${cutOffEventsAlreadyInLog} of their ${load.unanswered.length * factory.eventsPerBeacon} event(s) already in the log)`) +
          `; re-sent once: ${Object.entries(resendCodes).map(([c, n]) => `${c}: ${n}`).join(', ')}`,
      );
    }
    if (r.serverSummary) console.log(`  server: ${r.serverSummary.replace(/^\[tailor\] /, '')}`);
    if (r.log.maxEventsPerVisitor > COLLECTOR_EVENTS_PER_VISITOR_MINUTE) {
      console.log(`  warning: a visitor sent ${r.log.maxEventsPerVisitor} events (> ${COLLECTOR_EVENTS_PER_VISITOR_MINUTE}/min limit): use more --visitors`);
    }
    console.log(
      `  acknowledged ${acknowledged.toLocaleString('en-US')}, rows in log ${rowsInLog.toLocaleString('en-US')}: ${r.log.equal ? 'equal' : 'NOT EQUAL'}` +
        (r.log.equal ? '' : ` (acknowledged but missing: ${r.log.acknowledgedMissing}, rows never acknowledged: ${unacknowledgedRows})`),
    );
    if (r.error) console.log(`  FAILED: ${r.error}`);

    if (cpuProf) {
      const file = path.join(profileDir, profileName);
      if (existsSync(file)) {
        const summary = await summariseCpuProfile(file, PROJECT, 12);
        r.profile = { file: rel(file, PROJECT), summary };
        printProfile(summary, file);
      } else {
        console.log(`  no CPU profile written (${rel(file)})`);
      }
    }
    return r;
  } finally {
    await rm(tmp, { recursive: true, force: true });
    tempDirs.delete(tmp);
  }
}

function printProfile(s: ProfileSummary, file: string): void {
  console.log(`  CPU profile of the server (${rel(file)}; busy ${fmt(s.busyPercent, 0)} % of ${fmt(s.totalMs / 1000, 1)} s), self time by area:`);
  for (const e of s.topAreas) console.log(`    ${fmt(e.percent, 1).padStart(5)} %  ${e.name}`);
  console.log('  self time by function:');
  for (const e of s.topFunctions) console.log(`    ${fmt(e.percent, 1).padStart(5)} %  ${e.name}`);
}

function printTable(runs: LoadRunResult[]): void {
  const head = ['run', 'requests/s', 'events/s', 'p50 ms', 'p99 ms', 'non-2xx', 'server CPU %', 'loadgen CPU %', 'disk bytes/event'];
  const rows = runs.map((r) => [
    r.label + (r.ok ? '' : ' (FAILED)'),
    fmtInt(r.requestsPerSecond),
    r.kind === 'collector' ? fmtInt(r.eventsPerSecond) : '-',
    fmt(r.latencyMs.p50),
    fmt(r.latencyMs.p99),
    fmtInt(r.non2xx),
    fmt(r.serverCpuPercent, 0),
    fmt(r.loadgenCpuPercent, 0),
    r.kind === 'collector' ? fmtInt(bytesPerEvent(r)) : '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const row of rows) console.log(line(row));
}

export async function runCollectorBench(options: CollectorBenchOptions = {}): Promise<CollectorBenchResult> {
  const durationSeconds = options.durationSeconds ?? 10;
  const connections = options.connections ?? 50;
  const perBeacon = options.eventsPerBeacon ?? [1, 5];
  const idOrder = options.idOrder ?? 'random';
  const clientLagMs = options.clientLagMs ?? Number(process.env.TAILOR_BENCH_CLIENT_LAG_MS ?? 0);
  if (!(Number.isInteger(clientLagMs) && clientLagMs >= 0 && clientLagMs <= 3_600_000)) throw new Error(`client lag must be 0-3,600,000 ms, got ${clientLagMs}`);
  const times = clientLagMs ? `client times lagging up to ${clientLagMs} ms` : 'ascending client times';
  if (!(durationSeconds >= 1 && durationSeconds <= 600)) throw new Error(`duration must be 1-600 s, got ${durationSeconds}`);
  if (!Number.isInteger(connections) || connections < 1 || connections > 10_000) throw new Error(`connections must be 1-10,000, got ${connections}`);
  if (perBeacon.length === 0 || perBeacon.some((n) => !Number.isInteger(n) || n < 1 || n > 50)) throw new Error(`events per beacon must be 1-50, got ${perBeacon.join(',')}`);
  // Keep each visitor well under 600 events/min even at ~100k events/s.
  const visitors = options.visitors ?? Math.max(4000, Math.ceil((100_000 * durationSeconds) / 300));
  const out = path.resolve(options.outDir ?? path.join(BENCH_DIR, 'out'));
  await mkdir(out, { recursive: true });

  const onSignal = (signal: NodeJS.Signals) => {
    killAll();
    console.error(`\n${signal}: stopped the benchmark servers`);
    process.exit(130);
  };
  process.on('exit', killAll);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const loadAtStart = os.loadavg();
  const cpus = os.cpus();
  console.log(`\n=== Collector benchmark: ${connections} connections, ${durationSeconds} s per run, events per beacon ${perBeacon.join(', ')}, ${idOrder} event ids, ${times} ===`);
  console.log(
    `machine: ${cpus.length} CPU(s) (${cpus[0]?.model ?? '?'}), load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}; ` +
      `node ${process.version} (servers: ${rel(NODE_BIN, PROJECT)}), autocannon ${AUTOCANNON_VERSION} in this process`,
  );

  // 1. Snippet size (bundle.ts resolves src/tracker/tracker.ts from the working directory).
  const cwd = process.cwd();
  process.chdir(PROJECT);
  let gzipBytes: number;
  try {
    gzipBytes = trackerGzipBytes();
  } finally {
    process.chdir(cwd);
  }
  const trackerBudgetMet = gzipBytes <= TRACKER_BUDGET_BYTES;
  console.log(`\ntracking snippet: ${gzipBytes.toLocaleString('en-US')} bytes gzipped (budget ${TRACKER_BUDGET_BYTES.toLocaleString('en-US')}): ${trackerBudgetMet ? 'within budget' : 'OVER BUDGET'}`);

  const pages = pagesOf(BENCH_MANIFEST);
  const runs: LoadRunResult[] = [];
  let ceiling: LoadRunResult | undefined;
  let ok = true;
  const failed = (name: string, label: string, kind: 'ceiling' | 'collector', eventsPerBeacon: number, error: unknown): LoadRunResult => {
    const message = error instanceof Error ? error.message : String(error);
    console.log(`  FAILED: ${message}`);
    ok = false;
    const nan = Number.NaN;
    return {
      name, label, kind, ok: false, error: message, eventsPerBeacon, connections, durationSeconds: 0, responses: 0, requestsPerSecond: nan, eventsPerSecond: nan,
      latencyMs: { p50: nan, p90: nan, p99: nan, p999: nan, max: nan, mean: nan }, non2xx: 0, statusCodes: {}, socketErrors: 0, timeouts: 0,
      serverCpuPercent: undefined, loadgenCpuPercent: nan, serverDiskWriteMb: undefined, bodyBytes: 0, autocannon: { requestsAverage: nan, latencyP50: nan, latencyP99: nan, sent: 0, completed: 0 }, serverLog: '',
    };
  };

  try {
    // 2. Ceiling, with the bodies of the first collector run.
    if (!options.skipCeiling) {
      const factory = new BeaconFactory(perBeacon[0] as number, visitors, pages, idOrder, clientLagMs);
      factory.validate();
      try {
        ceiling = await runCeiling(out, connections, durationSeconds, factory);
      } catch (error) {
        ceiling = failed('ceiling', 'bare node:http 204 (ceiling)', 'ceiling', perBeacon[0] as number, error);
      }
    }
    // 3. The collector, once per events-per-beacon setting.
    for (const n of perBeacon) {
      const factory = new BeaconFactory(n, visitors, pages, idOrder, clientLagMs);
      factory.validate();
      try {
        const r = await runCollector(out, connections, durationSeconds, factory, options.cpuProf ?? false, options.serverEnv, options.runSuffix);
        if (!r.ok) ok = false;
        runs.push(r);
      } catch (error) {
        runs.push(failed(`collector-${n}`, `collector, ${n} event${n === 1 ? '' : 's'}/beacon`, 'collector', n, error));
      }
    }
  } finally {
    killAll();
    process.off('exit', killAll);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  // 4. Table and targets.
  const all = ceiling ? [ceiling, ...runs] : runs;
  const primary = runs[0];
  const ratio = ceiling?.ok && primary?.ok ? primary.eventsPerSecond / ceiling.requestsPerSecond : undefined;
  const ratioMet = ratio === undefined ? undefined : ratio >= CEILING_RATIO_TARGET;
  const eventsPerSecondMet = primary?.ok ? primary.eventsPerSecond >= EVENTS_PER_SECOND_TARGET : undefined;
  const checks = runs.map((r) => r.log?.equal);
  const logsEqual = checks.includes(false) ? false : checks.includes(undefined) ? undefined : true;
  const anyNon2xx = all.some((r) => r.non2xx > 0 || r.socketErrors > 0 || r.timeouts > 0);

  console.log(`\n--- Collector benchmark results (${connections} connections, ${durationSeconds} s per run, ${idOrder} event ids, ${times}, loopback, ${cpus.length} CPU(s)) ---`);
  printTable(all);
  console.log('');
  console.log(`tracking snippet: ${gzipBytes} bytes gzipped; budget ${TRACKER_BUDGET_BYTES}: ${trackerBudgetMet ? 'met' : 'not met'}`);
  if (ratio !== undefined && primary && ceiling) {
    console.log(
      `collector events/s (${primary.eventsPerBeacon} event per beacon) / ceiling requests/s: ${ratio.toFixed(3)} ` +
        `(${fmtInt(primary.eventsPerSecond)} / ${fmtInt(ceiling.requestsPerSecond)}); target >= ${CEILING_RATIO_TARGET}: ${ratioMet ? 'met' : 'not met'}`,
    );
  } else {
    console.log(`collector / ceiling: n/a (${options.skipCeiling ? 'ceiling skipped' : 'a run failed'})`);
  }
  if (primary?.ok) {
    console.log(
      `collector events/s (${primary.eventsPerBeacon} event per beacon): ${fmtInt(primary.eventsPerSecond)}; target >= ${EVENTS_PER_SECOND_TARGET.toLocaleString('en-US')} events/s: ` +
        `${eventsPerSecondMet ? 'met' : 'not met'}` + (cpus.length === 2 ? ' (2 cores)' : ` (note: measured on ${cpus.length} cores; the target is for 2)`),
    );
  }
  const bytes = primary?.ok && primary.eventsPerBeacon === 1 ? bytesPerEvent(primary) : undefined;
  const bytesMet = bytes === undefined ? undefined : bytes <= BYTES_PER_EVENT_TARGET;
  if (bytes !== undefined) {
    console.log(`disk bytes written per event (1 event per beacon, ${times}): ${fmtInt(bytes)}; target <= ${BYTES_PER_EVENT_TARGET.toLocaleString('en-US')}: ${bytesMet ? 'met' : 'not met'}`);
  }
  for (const r of runs) {
    if (r.log) console.log(`${r.label}: acknowledged ${r.log.acknowledged.toLocaleString('en-US')}, rows in log ${r.log.rowsInLog.toLocaleString('en-US')}: ${r.log.equal ? 'equal' : 'NOT EQUAL'}`);
    else console.log(`${r.label}: acknowledged vs rows in log: n/a (${r.error ?? 'run failed'})`);
  }
  console.log(anyNon2xx ? 'warning: some responses were not 2xx, or sockets failed (see the runs above)' : 'non-2xx responses: 0 in every run; socket errors and timeouts: 0');

  const summary: CollectorBenchResult = { ok, trackerGzipBytes: gzipBytes, trackerBudgetMet, ceiling, runs, ratio, ratioMet, eventsPerSecondMet, bytesPerEventMet: bytesMet, logsEqual };
  const json = path.join(out, `collector${options.runSuffix ?? ''}-results.json`);
  await writeFile(
    json,
    JSON.stringify(
      {
        benchmark: 'collector',
        date: new Date().toISOString(),
        machine: { cpus: cpus.length, cpuModel: cpus[0]?.model, totalMemGiB: os.totalmem() / 2 ** 30, loadAverageAtStart: loadAtStart, node: process.version, autocannon: AUTOCANNON_VERSION },
        settings: { durationSeconds, connections, eventsPerBeacon: perBeacon, idOrder, clientLagMs, visitors, pages: pages.length, cpuProf: options.cpuProf ?? false },
        tracker: { gzipBytes, budget: TRACKER_BUDGET_BYTES, met: trackerBudgetMet },
        targets: {
          ceilingRatio: { target: CEILING_RATIO_TARGET, value: ratio, met: ratioMet },
          eventsPerSecond: { target: EVENTS_PER_SECOND_TARGET, value: primary?.eventsPerSecond, met: eventsPerSecondMet },
          diskBytesPerEvent: { target: BYTES_PER_EVENT_TARGET, value: bytes, met: bytesMet },
          acknowledgedEqualsRows: { met: logsEqual },
        },
        runs: Object.fromEntries(all.map((r) => [r.name, { ...r, serverLog: r.serverLog ? rel(r.serverLog, PROJECT) : '' }])),
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nresults: ${rel(json)}`);
  const logs = all.map((r) => r.serverLog).filter(Boolean);
  if (logs.length) console.log(`logs:    ${logs.map((l) => rel(l)).join(', ')}`);
  return summary;
}
