/**
 * `npm start`'s server, the embedded default: serves the built microsites (dist/) and runs the
 * collector beside them on the same origin, writing to the SQLite conversion log. In production a
 * CDN serves dist/ and the collector runs as a Worker (src/collector/worker.ts).
 * It serves only the files the last complete build listed (src/deploy/buildListing.ts), never a
 * dot-file, with the headers that build wrote for CDNs (dist/_headers, src/deploy/headers.ts).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { COLLECT_PATH, createCollector } from '../collector/collect.ts';
import { createBookingHooks, HOOKS_PATH } from '../collector/bookings.ts';
import { nodeCollectorHandler, readManifest, trustedProxies } from '../collector/node.ts';
import { SqliteLog } from '../collector/sqliteLog.ts';
import { createPlanEndpoint } from '../collector/planUpdates.ts';
import { PLAN_PATH } from '../events/planUpdate.ts';
import { sqliteRunner } from '../alerts/sql.ts';
import { nodeAlerts, type NodeAlerts } from '../alerts/node.ts';
import { alertingLog } from '../alerts/runtime.ts';
import { DropCounter } from '../collector/drops.ts';
import { siteSettings } from '../lib/vendor.ts';
import { applyRetention, retentionSummary } from '../privacy/retention.ts';
import { linkSecret, logFile, manifestFile, stateDir } from '../lib/state.ts';
import { COMPRESSIBLE, compress } from '../deploy/precompress.ts';
import { isDotPath, listingReader, readListing, type Listing } from '../deploy/buildListing.ts';
import { contentSecurityPolicy, headersFor, parseHeadersFile, REPORT_POLICY, siteHeaderRules, UNLISTED_HEADERS, type HeaderRule } from '../deploy/headers.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  // The plan's calendar files (RFC 5545), e.g. /<account>/plan.ics.
  '.ics': 'text/calendar; charset=utf-8',
};

/** A URL path to the file under `root` it names, and that path relative to `root` with `/`; undefined outside `root`. */
function resolvePath(root: string, urlPath: string): { file: string; rel: string } | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const file = path.join(root, path.normalize(decoded));
  if (!file.startsWith(root + path.sep) && file !== root) return undefined;
  const rel = path.relative(root, file).split(path.sep).join('/');
  // Dot-files and dot-folders are never part of the site (a failed build's .prerender/ holds
  // every account's data; .assetsignore is for the host).
  if (isDotPath(rel)) return undefined;
  return { file, rel };
}

/** Which files of `root` may be served. */
type Servable = (rel: string) => boolean;

async function fileFor(root: string, urlPath: string, servable: Servable): Promise<{ file: string; redirect?: string } | undefined> {
  const resolved = resolvePath(root, urlPath);
  if (!resolved) return undefined;
  const { file, rel } = resolved;
  const index = rel ? `${rel}/index.html` : 'index.html';
  // A folder is served only through its listed index: nothing reveals what else dist/ holds.
  if (servable(rel) && (await stat(file).catch(() => undefined))?.isFile()) return { file };
  if (!servable(index) || !(await stat(path.join(file, 'index.html')).catch(() => undefined))?.isFile()) return undefined;
  // Redirect to the canonical path built from the file, never from the request (no open redirect).
  if (!decodeURIComponent(urlPath).endsWith('/')) return { file, redirect: '/' + rel.split('/').map(encodeURIComponent).join('/') + '/' };
  return { file: path.join(file, 'index.html') };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface StaticOptions {
  /** The URL path the files are mounted at (for redirects). */
  prefix?: string;
  /**
   * The files a complete build listed, and the header rules it wrote (dist/_headers), read on
   * each request (src/deploy/buildListing.ts): only those files are served, and none while no
   * build has finished. Without it, every file under the root but dot-files is served.
   */
  site?: () => Promise<{ servable: Servable; rules: HeaderRule[] }>;
  /** Header rules when there is no `site` (the report's). */
  rules?: HeaderRule[];
}

/** Names as Node sends them (lower case), so that a rule's header replaces a default of the same name. */
const lowerCase = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/** Serves files under `root`. */
export function staticHandler(root: string, options: StaticOptions = {}): Handler {
  const absoluteRoot = path.resolve(root);
  const prefix = options.prefix ?? '';
  const fixed = { servable: () => true, rules: options.rules ?? DEFAULT_RULES };
  return async (req: IncomingMessage, res: ServerResponse) => {
    const { servable, rules } = options.site ? await options.site() : fixed;
    const target = req.url ?? '/';
    if (!target.startsWith('/') || target.startsWith('//') || !URL.canParse(target, 'http://localhost')) {
      res.writeHead(400, lowerCase(headersFor(rules, '/'))).end();
      return;
    }
    const url = new URL(target, 'http://localhost');
    const common = lowerCase(headersFor(rules, url.pathname));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...common }).end();
      return;
    }
    const found = await fileFor(absoluteRoot, url.pathname, servable);
    if (found?.redirect) {
      res.writeHead(308, { location: prefix + found.redirect + url.search, ...common }).end();
      return;
    }
    const file = found?.file ?? (servable('404.html') ? path.join(absoluteRoot, '404.html') : undefined);
    const status = found ? 200 : 404;
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) return void res.writeHead(404, { ...common, 'cache-control': 'no-cache' }).end();
    // Revalidation: the same file answers 304 to a browser that has it.
    const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    // Hashed assets are immutable by the rules (dist/_headers); everything else revalidates.
    const headers: Record<string, string> = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      etag,
      ...common,
    };
    // A missing hashed asset may exist after the next build: its 404 is not cached for a year.
    if (status === 404) headers['cache-control'] = 'no-cache';
    if (status === 200 && req.headers['if-none-match'] === etag) return void res.writeHead(304, headers).end();
    const encoded = COMPRESSIBLE.test(file) ? await precompressed(file, req.headers['accept-encoding'], info.size, info.mtimeMs) : undefined;
    if (COMPRESSIBLE.test(file)) headers['vary'] = 'accept-encoding';
    if (encoded) headers['content-encoding'] = encoded.encoding;
    headers['content-length'] = String(encoded?.size ?? info.size);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') return void res.end();
    if (encoded && 'bytes' in encoded) return void res.end(encoded.bytes);
    createReadStream(encoded?.file ?? file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

const HOST_FILES = new Set(['_headers', '_redirects']);
/** The site's headers before any build has finished: the policy with no inline script allowed. */
const DEFAULT_RULES = siteHeaderRules(contentSecurityPolicy());
/** The report's: no script at all, and the unlisted headers. */
const REPORT_RULES: HeaderRule[] = [{ pattern: '/*', headers: { ...UNLISTED_HEADERS, 'Content-Security-Policy': REPORT_POLICY } }];

/**
 * What `root` may serve: the files of its last complete build (re-read when a build finishes) with
 * the headers that build wrote for the host (its `_headers`, parsed once per build), so `serve`
 * and Cloudflare send the same. Until a build has finished: nothing, with the default headers.
 */
export function builtSite(root: string): () => Promise<{ servable: Servable; rules: HeaderRule[]; listing: Listing | undefined }> {
  const listing = listingReader(root);
  let last: { listing: Listing | undefined; servable: Servable; rules: HeaderRule[] } | undefined;
  return async () => {
    const current = await listing();
    if (last && last.listing === current) return last;
    const files = current?.files;
    const text = files?.has('_headers') ? await readFile(path.join(root, '_headers'), 'utf8').catch(() => undefined) : undefined;
    // The host's own files (rules, redirects) are read by the host, never served (as on Cloudflare).
    last = { listing: current, servable: files ? (rel) => files.has(rel) && !HOST_FILES.has(rel) : () => false, rules: text ? parseHeadersFile(text) : DEFAULT_RULES };
    return last;
  };
}

/**
 * The brotli or gzip copy of `file` that the client accepts: the one beside it when it has the
 * file's own modification time (made at build with TAILOR_PRECOMPRESS=1, or by an earlier request),
 * else made now and kept beside the file for the next request. Compressing 26,000 pages at build took 19 s
 * of a 65 s build (docs/benchmarks.md); on demand, each page costs about 0.3 ms once.
 */
async function precompressed(file: string, accept: string | undefined, size: number, mtimeMs: number): Promise<Encoded | undefined> {
  if (size < 1024) return undefined;
  // "br;q=0" means "not br".
  const accepted = new Set(
    (accept ?? '')
      .split(',')
      .filter((e) => !/;\s*q\s*=\s*0(\.0*)?\s*$/i.test(e))
      .map((e) => e.split(';')[0]!.trim().toLowerCase()),
  );
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
    if (!accepted.has(encoding)) continue;
    const copy = file + suffix;
    const info = await stat(copy).catch(() => undefined);
    // A copy carries its source's modification time: any other time means another version of the file.
    if (info?.isFile() && Math.floor(info.mtimeMs) === Math.floor(mtimeMs)) return { encoding, size: info.size, file: copy };
    const bytes = await compress(await readFile(file), encoding);
    // Written aside and renamed, so a concurrent request never reads half a file; a read-only
    // dist/ only means compressing again next time.
    const temp = `${copy}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, bytes)
      .then(() => utimes(temp, new Date(), new Date(mtimeMs)))
      .then(() => rename(temp, copy))
      .catch(() => rm(temp, { force: true }));
    return { encoding, size: bytes.length, bytes };
  }
  return undefined;
}

/** A compressed body: a file beside the original, or bytes just made. */
type Encoded = { encoding: string; size: number; file: string } | { encoding: string; size: number; bytes: Buffer };

/** The account microsites of a build: its top-level folders with a page, except Astro's assets. */
export function builtAccounts(files: Set<string>): string[] {
  const accounts: string[] = [];
  for (const f of files) {
    const m = /^([^/_][^/]*)\/index\.html$/.exec(f);
    if (m) accounts.push(m[1]!);
  }
  return accounts.sort();
}

const REPORT_PATH = '/tailor/report/';
const isLoopback = (address: string | undefined) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

/**
 * Headers a reverse proxy adds to say whom it forwards for: nginx's usual X-Real-IP, Cloudflare's
 * CF-Connecting-IP, Akamai's and Cloudflare's True-Client-IP, Fastly's, and the standard Forwarded
 * and Via; plus every X-Forwarded-* (-For, -Host, -Proto...). Any one means proxied.
 */
const PROXY_HEADERS = new Set(['forwarded', 'via', 'x-real-ip', 'true-client-ip', 'cf-connecting-ip', 'x-client-ip', 'x-cluster-client-ip', 'fastly-client-ip', 'x-original-forwarded-for']);
export const viaProxy = (headers: IncomingHttpHeaders) => Object.keys(headers).some((name) => PROXY_HEADERS.has(name) || name.startsWith('x-forwarded-'));

/**
 * Whether a request may read the report, which lists every account: from this machine, not
 * through a proxy on it, and addressed to this machine by name (Host: localhost, 127.0.0.1 or
 * [::1], any port), so that a web page whose name was rebound to 127.0.0.1 (DNS rebinding)
 * cannot read it from a browser here, and a proxy that passes the public Host on is refused too.
 */
export function mayReadReport(req: IncomingMessage): boolean {
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  return isLoopback(req.socket.remoteAddress) && !viaProxy(req.headers) && ['localhost', '127.0.0.1', '[::1]'].includes(host);
}

export interface EmbeddedServer {
  origin: string;
  collector: ReturnType<typeof createCollector>;
  /** The shared plan's endpoint (POST and GET /tailor/plan). */
  planEndpoint: ReturnType<typeof createPlanEndpoint>;
  log: SqliteLog;
  /** The complete build being served; undefined until one has finished. */
  site(): Promise<Listing | undefined>;
  /** Instant alerts, when a channel is configured (docs/alerts.md). */
  alerts: NodeAlerts | undefined;
  /** Deletes what is past the retention period (also on start and daily); what went. */
  retention(now?: number): Promise<string | undefined>;
  /** Writes the drop counts gathered so far (also every 10 s). */
  writeDrops(): Promise<void>;
  /** Stops accepting, writes the queued events and closes the log. */
  close(): void;
}

/**
 * The embedded server: static microsites, the collector on the same origin, and the conversion
 * report at /tailor/report/ for requests from this machine only (it lists every account).
 */
export async function startEmbedded(options: { root: string; host: string; port: number; extraOrigins?: string[] }): Promise<EmbeddedServer> {
  // TAILOR_LOG_SYNC=full: also survive power loss (an fsync per transaction).
  const log = new SqliteLog(logFile(), { synchronous: process.env.TAILOR_LOG_SYNC?.toLowerCase() === 'full' ? 'FULL' : 'NORMAL' });
  const manifest = await readManifest(manifestFile());
  // Storage limitation (docs/privacy.md): on start, then daily.
  const { retentionDays } = siteSettings().privacy;
  const sql = sqliteRunner(log.db);
  const retention = async (now = Date.now()) => retentionSummary(retentionDays, await applyRetention(sql, retentionDays, now));
  const retained = await retention();
  if (retained) console.log(`[tailor] ${retained}`);
  const daily = setInterval(() => void retention().then((s) => s && console.log(`[tailor] ${s}`), (e: Error) => console.warn(`[tailor] retention: ${e.message}`)), 86_400_000).unref();
  // What the collector drops, counted for npm run log -- --stats.
  const drops = new DropCounter();
  const writeDrops = () => drops.flush(sql).catch((e: Error) => console.warn(`[tailor] drop counts: ${e.message}`));
  const dropTimer = setInterval(writeDrops, 10_000).unref();
  // Instant alerts (src/alerts/node.ts), set up once the origin is known: every stored batch is
  // handed to them after it is committed, and nothing waits for them.
  let alerts: NodeAlerts | undefined;
  const loggedAlerts = alertingLog(log, () => alerts?.alerter, (work) => void work.catch((error: Error) => console.warn(`[tailor] instant alerts: ${error.message}`)));
  const site = builtSite(options.root);
  const files = staticHandler(options.root, { site });
  const report = staticHandler(path.join(stateDir(), 'report'), { prefix: REPORT_PATH.slice(0, -1), rules: REPORT_RULES });
  // The collector needs the server's origin (its port may be chosen by the OS), so it comes second.
  let collect: Handler = async (_req, res) => void res.writeHead(503).end();
  let plan: Handler = async (_req, res) => void res.writeHead(503).end();
  const bookings = createBookingHooks({
    manifest,
    log: loggedAlerts,
    linkSecret: linkSecret(),
    calcomSecret: process.env.TAILOR_CALCOM_SECRET,
    calendlySigningKey: process.env.TAILOR_CALENDLY_SIGNING_KEY,
  });
  const hooks = nodeCollectorHandler(bookings.hook);
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    let handler: Handler = files;
    if (url.startsWith(COLLECT_PATH)) handler = collect;
    else if (url === PLAN_PATH || url.startsWith(`${PLAN_PATH}?`)) handler = plan;
    else if (url.startsWith(HOOKS_PATH)) handler = hooks;
    else if (url.startsWith(REPORT_PATH)) {
      // As if it did not exist, to anyone else.
      if (!mayReadReport(req)) return void res.writeHead(404, lowerCase(headersFor(DEFAULT_RULES, '/'))).end();
      req.url = '/' + url.slice(REPORT_PATH.length);
      handler = report;
    }
    handler(req, res).catch((error) => {
      console.error('[tailor] request failed:', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${options.port} on ${options.host} is in use (another Tailor?); stop it or set PORT=...`) : error),
    );
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const origin = `http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port}`;
  const origins = [origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`, ...(options.extraOrigins ?? [])];
  // A load test from one address (or a proxy in front) needs a higher per-address limit.
  const perClient = process.env.TAILOR_CLIENT_RATE_LIMIT ? Number(process.env.TAILOR_CLIENT_RATE_LIMIT) : undefined;
  alerts = await nodeAlerts({ db: log.db, manifest, origin });
  const collector = createCollector({ manifest, log: loggedAlerts, secret: linkSecret(), origins, onDrop: (reason, n, at) => drops.add(reason, n, at), ...(perClient ? { eventsPerClientMinute: perClient } : {}) });
  collect = nodeCollectorHandler(collector, { trustedProxies: trustedProxies(process.env.TAILOR_TRUSTED_PROXIES) });
  // The shared plan: updates in the log's own database (their writes are synchronous, so they never
  // interleave with a batch of the log's), the alert after the answer.
  const planEndpoint = createPlanEndpoint({
    manifest,
    sql,
    secret: linkSecret(),
    origins,
    onStored: (row) => {
      const alerter = alerts?.alerter;
      if (alerter?.active) void alerter.onPlanUpdate(row).catch((error: Error) => console.warn(`[tailor] instant alerts: ${error.message}`));
    },
  });
  plan = nodeCollectorHandler(planEndpoint.handle);
  return {
    origin,
    collector,
    planEndpoint,
    log,
    site: async () => (await site()).listing,
    alerts,
    retention,
    writeDrops,
    close() {
      clearInterval(daily);
      clearInterval(dropTimer);
      // Synchronous SQLite: the counts are written before the log closes.
      void writeDrops();
      alerts?.stop();
      server.close();
      server.closeAllConnections();
      log.close();
    },
  };
}

async function main() {
  const root = process.env.TAILOR_OUT_DIR ?? 'dist';
  const embedded = await startEmbedded({
    root,
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 4321),
    extraOrigins: (process.env.TAILOR_SITE_ORIGINS ?? '').split(',').filter(Boolean),
  });
  const { origin, collector } = embedded;
  const built = await embedded.site();
  const accounts = built ? builtAccounts(built.files) : [];
  console.log(`Tailor is serving ${accounts.length} account microsite(s) from ${root}/ at ${origin}/`);
  if (!built) {
    const why = await readListing(root);
    console.warn(`[tailor] serving no pages yet: ${'problem' in why ? why.problem : 'no listing'}. Run npm run build; pages are served as soon as a build finishes.`);
  }
  console.log(`Collector: POST ${origin}${COLLECT_PATH} -> conversion log ${logFile()}; plan updates: ${origin}${PLAN_PATH}`);
  console.log(embedded.alerts ? 'Instant alerts: on (docs/alerts.md)' : 'Instant alerts: off (set TAILOR_SLACK_WEBHOOK_URL, TAILOR_TEAMS_WEBHOOK_URL or TAILOR_WEBHOOK_URL; docs/alerts.md)');
  console.log(`Conversion report (this machine only; refresh with npm run report): ${origin}${REPORT_PATH}`);
  console.log('Microsites are unlisted: there is no index page. Open one of:');
  for (const a of accounts) console.log(`  ${origin}/${a}/`);
  console.log('Stop with Ctrl+C (queued events are written to the log before exit).');
  const stop = () => {
    embedded.close();
    console.log(`[tailor] collector: ${collector.stats.accepted} event(s) accepted, dropped ${JSON.stringify(collector.stats.dropped)}; log written and closed.`);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.main) {
  main().catch((error: Error) => {
    console.error(`tailor serve: ${error.message}`);
    process.exit(1);
  });
}
