/**
 * `npm start`'s server, the embedded default: serves the built microsites (dist/) and runs the
 * collector beside them on the same origin, writing to the SQLite conversion log. In production a
 * CDN serves dist/ and the collector runs as a Worker (src/collector/worker.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { COLLECT_PATH, createCollector } from '../collector/collect.ts';
import { createBookingHooks, HOOKS_PATH } from '../collector/bookings.ts';
import { nodeCollectorHandler, readManifest, trustedProxies } from '../collector/node.ts';
import { SqliteLog } from '../collector/sqliteLog.ts';
import { linkSecret, logFile, manifestFile, stateDir } from '../lib/state.ts';
import { COMPRESSIBLE, compress } from '../deploy/precompress.ts';

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
};

/** Headers every response carries: the microsites are unlisted and share nothing cross-site. */
const COMMON_HEADERS = {
  'x-robots-tag': 'noindex, nofollow, noarchive',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
};

async function fileFor(root: string, urlPath: string): Promise<{ file: string; redirect?: string } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const file = path.join(root, path.normalize(decoded));
  if (!file.startsWith(root + path.sep) && file !== root) return undefined;
  const info = await stat(file).catch(() => undefined);
  if (info?.isFile()) return { file };
  if (info?.isDirectory()) {
    // Redirect to the canonical path built from the file, never from the request (no open redirect).
    if (!decoded.endsWith('/')) return { file, redirect: '/' + path.relative(root, file).split(path.sep).map(encodeURIComponent).join('/') + '/' };
    const index = path.join(file, 'index.html');
    if ((await stat(index).catch(() => undefined))?.isFile()) return { file: index };
  }
  return undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Serves files under `root`; `prefix` is the URL path it is mounted at (for redirects). */
export function staticHandler(root: string, prefix = ''): Handler {
  const absoluteRoot = path.resolve(root);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '/';
    if (!target.startsWith('/') || target.startsWith('//') || !URL.canParse(target, 'http://localhost')) {
      res.writeHead(400, COMMON_HEADERS).end();
      return;
    }
    const url = new URL(target, 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...COMMON_HEADERS }).end();
      return;
    }
    const found = await fileFor(absoluteRoot, url.pathname);
    if (found?.redirect) {
      res.writeHead(308, { location: prefix + found.redirect + url.search, ...COMMON_HEADERS }).end();
      return;
    }
    const file = found?.file ?? path.join(absoluteRoot, '404.html');
    const status = found ? 200 : 404;
    const immutable = url.pathname.startsWith('/_astro/');
    const info = await stat(file).catch(() => undefined);
    if (!info) return void res.writeHead(404, COMMON_HEADERS).end();
    // Revalidation: the same file answers 304 to a browser that has it.
    const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    const headers: Record<string, string> = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag,
      ...COMMON_HEADERS,
    };
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

/** The account microsites in a build: its top-level folders, except Astro's assets. */
export async function builtAccounts(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('_')).map((e) => e.name).sort();
}

const REPORT_PATH = '/tailor/report/';
const isLoopback = (address: string | undefined) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

export interface EmbeddedServer {
  origin: string;
  collector: ReturnType<typeof createCollector>;
  log: SqliteLog;
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
  const files = staticHandler(options.root);
  const report = staticHandler(path.join(stateDir(), 'report'), REPORT_PATH.slice(0, -1));
  // The collector needs the server's origin (its port may be chosen by the OS), so it comes second.
  let collect: Handler = async (_req, res) => void res.writeHead(503).end();
  const bookings = createBookingHooks({
    manifest,
    log,
    linkSecret: linkSecret(),
    calcomSecret: process.env.TAILOR_CALCOM_SECRET,
    calendlySigningKey: process.env.TAILOR_CALENDLY_SIGNING_KEY,
  });
  const hooks = nodeCollectorHandler(bookings.hook);
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    let handler: Handler = files;
    if (url.startsWith(COLLECT_PATH)) handler = collect;
    else if (url.startsWith(HOOKS_PATH)) handler = hooks;
    else if (url.startsWith(REPORT_PATH)) {
      // The report lists every account: this machine only, and not through a proxy on it.
      if (!isLoopback(req.socket.remoteAddress) || req.headers['x-forwarded-for'] || req.headers.forwarded) return void res.writeHead(404).end();
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
  const collector = createCollector({ manifest, log, secret: linkSecret(), origins, ...(perClient ? { eventsPerClientMinute: perClient } : {}) });
  collect = nodeCollectorHandler(collector, { trustedProxies: trustedProxies(process.env.TAILOR_TRUSTED_PROXIES) });
  return {
    origin,
    collector,
    log,
    close() {
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
  const accounts = await builtAccounts(root);
  console.log(`Tailor is serving ${accounts.length} account microsite(s) from ${root}/ at ${origin}/`);
  console.log(`Collector: POST ${origin}${COLLECT_PATH} -> conversion log ${logFile()}`);
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
