/**
 * The collector: turns a beacon into conversion-log rows. Runtime-neutral: it sees a small
 * request interface; `fetchHandler` adapts a Web `Request` (Workers), the Node entry adapts
 * `http.IncomingMessage` directly (no Request allocation on the hot path).
 * Bad input never throws out of here: it is counted and dropped with a 4xx or a silent 204.
 */
import { beaconSchema, campaignOf, classifyReferrer, wireEventSchema, WIRE_TYPES, type LogRow } from '../events/schema.ts';
import { ManifestIndex, type Manifest } from '../events/manifest.ts';
import { MIN_SECRET_LENGTH, verifyStakeholder } from '../events/personalLink.ts';
import type { ConversionLog } from './logSql.ts';

export const COLLECT_PATH = '/tailor/collect';
/** Event times accepted around the server's clock: up to an hour ahead, up to 90 days back. */
export const MAX_CLOCK_AHEAD_MS = 3_600_000;
export const MAX_EVENT_AGE_MS = 90 * 86_400_000;
/**
 * Body bytes read at most, kept or thrown away. A client answered before it has sent its whole
 * body (413 Payload Too Large, or an answer that needs no body) would otherwise find the
 * connection reset under it, often before it has read the answer: closing a socket with unread
 * data resets it. So the adapters read a body to its end whatever the answer, up to this bound
 * (or the handler's own limit, if larger); past it they answer and close the connection.
 */
export const MAX_READ_BYTES = 1_048_576;

export interface CollectRequest {
  method: string;
  path: string;
  header(name: string): string | null | undefined;
  /** The body as text, or `null` when it exceeds `limit` bytes (then read on and thrown away, up to MAX_READ_BYTES). */
  body(limit: number): Promise<string | null>;
  /** Identifies the client for rate limiting only (e.g. a hash of its address); never stored. */
  clientKey: string;
  /**
   * The origin this request was addressed to, when the runtime knows it for sure (a Worker: its
   * request URL). A beacon from a page on that same origin is allowed whatever the configured
   * origins: the page came from this deployment (a `wrangler dev` address, a workers.dev or
   * preview URL before the custom domain is set up).
   */
  selfOrigin?: string | undefined;
}

export interface CollectResponse {
  status: number;
  headers?: Record<string, string>;
  /** A body to send (the plan's GET answers JSON); most answers have none. */
  body?: string;
}

export interface CollectorOptions {
  manifest: Manifest;
  log: ConversionLog;
  /** Personal-link secret; without it, tokens are ignored (everyone is anonymous). */
  secret?: string | undefined;
  /** Origins allowed to send beacons, e.g. `https://abm.example.com`. */
  origins: readonly string[];
  /** Largest accepted body in bytes. */
  maxBodyBytes?: number;
  /** Events one visitor may send per minute. */
  eventsPerMinute?: number;
  /** Events one client address may send per minute, whatever visitor ids it claims (default 20x the visitor limit). */
  eventsPerClientMinute?: number;
  now?: () => number;
  /** Told of every drop (src/collector/drops.ts counts them where `npm run log -- --stats` reads them). */
  onDrop?: (reason: DropReason, n: number, at: number) => void;
}

export type DropReason =
  | 'method'
  | 'path'
  | 'origin'
  | 'too-large'
  | 'bot'
  | 'bad-json'
  | 'bad-batch'
  | 'bad-event'
  | 'bad-time'
  | 'unknown-target'
  | 'rate-limited'
  /** The log could not store the events (disk full, I/O error): answered 503. */
  | 'unstored';

export interface CollectorStats {
  /** Events accepted and committed to the log. */
  accepted: number;
  /** Requests or events dropped, by reason. */
  dropped: Partial<Record<DropReason, number>>;
  /** Tokens that failed verification (their events are stored as anonymous). */
  forgedTokens: number;
}

const BOT_UA = /bot|crawl|spider|slurp|headless|lighthouse|preview|facebookexternalhit|curl|wget|python-requests|go-http-client|java\/|httpclient|scrapy|phantomjs/i;

const CORS_HEADERS = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };

export function createCollector(options: CollectorOptions) {
  const manifest = new ManifestIndex(options.manifest);
  const origins = new Set(options.origins);
  const originHosts = new Map(options.origins.map((o) => [o, URL.canParse(o) ? new URL(o).hostname : undefined]));
  const maxBody = options.maxBodyBytes ?? 16_384;
  const perMinute = options.eventsPerMinute ?? 600;
  const now = options.now ?? Date.now;
  if (options.secret !== undefined && options.secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the personal-link secret must be at least ${MIN_SECRET_LENGTH} characters (TAILOR_LINK_SECRET)`);
  }
  const perClientMinute = options.eventsPerClientMinute ?? perMinute * 20;
  const stats: CollectorStats = { accepted: 0, dropped: {}, forgedTokens: 0 };
  const windows = new Map<string, { start: number; count: number }>();
  const verified = new Map<string, { a: string; s: string } | null>();

  const drop = (reason: DropReason, n = 1) => {
    stats.dropped[reason] = (stats.dropped[reason] ?? 0) + n;
    options.onDrop?.(reason, n, now());
  };
  const answer = (status: number): CollectResponse => ({ status, headers: CORS_HEADERS });

  /** How many of `n` events the key may still send this minute. */
  function allowance(key: string, n: number, at: number, limit: number): number {
    let w = windows.get(key);
    if (!w || at - w.start >= 60_000) {
      if (w) windows.delete(key);
      // Evict the oldest windows (insertion order) rather than resetting everyone's.
      if (windows.size >= 200_000) for (const old of [...windows.keys()].slice(0, 50_000)) windows.delete(old);
      w = { start: at, count: 0 };
      windows.set(key, w);
    }
    const allowed = Math.max(0, Math.min(n, limit - w.count));
    w.count += allowed;
    return allowed;
  }

  async function claimOf(token: string | undefined) {
    if (!token || !options.secret) return undefined;
    let claim = verified.get(token);
    if (claim === undefined) {
      claim = (await verifyStakeholder(options.secret, token)) ?? null;
      if (verified.size > 10_000) verified.clear();
      verified.set(token, claim);
    }
    if (claim === null) stats.forgedTokens++;
    return claim ?? undefined;
  }

  async function collect(req: CollectRequest): Promise<CollectResponse> {
    if (req.path !== COLLECT_PATH) return drop('path'), answer(404);
    if (req.method === 'OPTIONS') return { status: 204, headers: { ...CORS_HEADERS, 'access-control-allow-methods': 'POST', 'access-control-max-age': '86400' } };
    if (req.method !== 'POST') return drop('method'), { status: 405, headers: { ...CORS_HEADERS, allow: 'POST' } };
    const origin = req.header('origin');
    const sameOrigin = origin !== undefined && origin !== null && origin === req.selfOrigin;
    if (!origin || !(origins.has(origin) || sameOrigin)) return drop('origin'), answer(403);
    const declared = Number(req.header('content-length') ?? 0);
    if (declared > maxBody) return drop('too-large'), answer(413);
    if (BOT_UA.test(req.header('user-agent') ?? '')) return drop('bot'), answer(204);

    const text = await req.body(maxBody);
    if (text === null) return drop('too-large'), answer(413);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return drop('bad-json'), answer(400);
    }
    const batch = beaconSchema.safeParse(json);
    if (!batch.success) return drop('bad-batch'), answer(400);

    // Global Privacy Control or Do Not Track: keep account-level facts only.
    const privacy = req.header('sec-gpc') === '1' || req.header('dnt') === '1';
    const visitor = privacy ? undefined : batch.data.v;
    const session = privacy ? undefined : batch.data.s;
    const claim = privacy ? undefined : await claimOf(batch.data.k);

    const { a: account, p: persona, c: piece } = batch.data;
    if (!manifest.knows(account, persona, piece)) return drop('unknown-target', batch.data.e.length), answer(204);
    const stakeholder = claim && claim.a === account && manifest.hasStakeholder(account, claim.s) ? claim.s : null;
    const campaign = campaignOf(batch.data.g);
    const ref = classifyReferrer(batch.data.r, batch.data.m ?? batch.data.g?.split('|')[1], originHosts.get(origin) ?? (sameOrigin ? new URL(origin).hostname : undefined));

    // The plan page is a page of the account (no persona): its views are plan views.
    const planPage = persona === undefined && manifest.isPlanPage(account, batch.data.path);
    const at = now();
    // Per visitor, and per client address (visitor ids are the client's to choose).
    const byClient = allowance(`client:${req.clientKey}`, batch.data.e.length, at, perClientMinute);
    const allowed = visitor ? allowance(`visitor:${visitor}`, byClient, at, perMinute) : byClient;
    if (allowed < batch.data.e.length) drop('rate-limited', batch.data.e.length - allowed);
    if (allowed === 0) return answer(429);

    const rows: LogRow[] = [];
    for (const raw of batch.data.e.slice(0, allowed)) {
      const parsed = wireEventSchema.safeParse(raw);
      if (!parsed.success) {
        drop('bad-event');
        continue;
      }
      const e = parsed.data;
      // Client clocks drift and beacons may be queued, but not for months or into the future.
      if (e.t > at + MAX_CLOCK_AHEAD_MS || e.t < at - MAX_EVENT_AGE_MS) {
        drop('bad-time');
        continue;
      }
      rows.push({
        id: e.id,
        receivedAt: at,
        t: e.t,
        type: planPage && e.y === 'pv' ? 'plan_view' : WIRE_TYPES[e.y],
        account,
        persona: persona ?? null,
        piece: piece ?? null,
        stakeholder,
        visitor: visitor ?? null,
        session: session ?? null,
        path: batch.data.path,
        ref,
        value: e.x ?? null,
        label: e.l ?? null,
        campaign,
      });
    }
    if (rows.length > 0) {
      try {
        await options.log.append(rows);
      } catch {
        // Not stored, so not acknowledged.
        return drop('unstored', rows.length), answer(503);
      }
      stats.accepted += rows.length;
    }
    return answer(204);
  }

  return { collect, stats };
}
export type Collector = ReturnType<typeof createCollector>;

/**
 * Reads a Web stream up to `limit` bytes; null past it, or if the client goes away. A longer body
 * is read on to its end and thrown away, up to MAX_READ_BYTES in all; past that the stream is
 * cancelled and the runtime closes the connection.
 */
async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string | null> {
  if (!body) return '';
  const reader = body.getReader();
  const bound = Math.max(limit, MAX_READ_BYTES);
  const giveUp = async () => (await reader.cancel().catch(() => {}), null);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > bound) return giveUp();
      if (size <= limit) chunks.push(value);
      else chunks.length = 0;
    }
  } catch {
    return giveUp(); // the client went away
  }
  if (size > limit) return null;
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) all.set(c, offset), (offset += c.byteLength);
  return new TextDecoder().decode(all);
}

/** The Web-standard `fetch(request)` face of a collector or of any handler of the same shape (Workers, tests). */
export function fetchHandler(target: Collector | ((req: CollectRequest) => Promise<CollectResponse>)) {
  const handle = typeof target === 'function' ? target : target.collect;
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const clientKey = request.headers.get('cf-connecting-ip') ?? 'unknown';
    let read = false;
    const result = await handle({
      method: request.method,
      path: url.pathname,
      header: (name) => request.headers.get(name),
      body: (limit) => ((read = true), readLimited(request.body, limit)),
      clientKey,
      selfOrigin: url.origin,
    });
    // An answer that needed no body (a declared length over the limit, a bot, a wrong origin)
    // still reads it, so that the client gets to see the answer (MAX_READ_BYTES).
    if (!read) await readLimited(request.body, 0);
    return new Response(result.body ?? null, { status: result.status, headers: result.headers ?? {} });
  };
}
