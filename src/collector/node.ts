/**
 * Node entry of the collector: adapts `http.IncomingMessage` to the collector's request
 * interface (without building a Web Request per beacon) and writes to the SQLite log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { readFile } from 'node:fs/promises';
import { MAX_READ_BYTES, type CollectRequest, type CollectResponse, type Collector } from './collect.ts';
import { manifestSchema, type Manifest } from '../events/manifest.ts';

/**
 * Reads the body up to `limit` bytes; null past it, or if the client goes away. A longer body is
 * read on to its end and thrown away, up to MAX_READ_BYTES in all (see there); past that, reading
 * stops and the answer closes the connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    const bound = Math.max(limit, MAX_READ_BYTES);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
      if (size > bound) {
        req.off('data', onData).pause();
        resolve(null);
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
    req.on('close', () => resolve(null));
  });
}

/**
 * Trusted reverse proxies from a list such as `127.0.0.1, ::1, 10.0.0.0/8` (TAILOR_TRUSTED_PROXIES).
 * Throws naming the entry that is not an address or a CIDR range.
 */
export function trustedProxies(list: string | undefined): BlockList | undefined {
  const entries = (list ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return undefined;
  const trusted = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (!family || (bits !== undefined && !/^\d+$/.test(bits))) throw new Error(`TAILOR_TRUSTED_PROXIES: "${entry}" is not an IP address or a CIDR range such as 10.0.0.0/8`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) trusted.addAddress(address, type);
    else trusted.addSubnet(address, Number(bits), type);
  }
  return trusted;
}

const isTrusted = (trusted: BlockList, address: string) => {
  const plain = address.replace(/^::ffff:(?=\d+\.)/, '');
  const family = isIP(plain);
  return family !== 0 && trusted.check(plain, family === 6 ? 'ipv6' : 'ipv4');
};

/**
 * The client's address, for rate limiting: the socket's peer, or, when that peer is a trusted
 * proxy, the nearest untrusted address in X-Forwarded-For (read right to left, since a client can
 * put anything on the left). Forwarded headers from anyone else are ignored.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trusted: BlockList | undefined): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!trusted || !isTrusted(trusted, peer)) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isTrusted(trusted, hops[i]!)) return hops[i]!;
  }
  return hops[0] ?? peer;
}

/** `(req, res)` for node:http, answering collector requests (or, given a function, any request of the same shape: the booking hooks). */
export function nodeCollectorHandler(target: Collector | ((req: CollectRequest) => Promise<CollectResponse>), options: { trustedProxies?: BlockList | undefined } = {}) {
  const handle = typeof target === 'function' ? target : target.collect;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] as string;
    let read = false;
    const result = await handle({
      method: req.method ?? 'GET',
      path,
      header: (name) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v[0] : v;
      },
      body: (limit) => ((read = true), readBody(req, limit)),
      clientKey: clientAddress(req, options.trustedProxies),
    });
    // An answer that needed no body (a declared length over the limit, a bot, a wrong origin)
    // still reads it, so that the client gets to see the answer (MAX_READ_BYTES).
    if (!read) await readBody(req, 0);
    // A body not read to its end (past MAX_READ_BYTES): close rather than read on.
    if (!req.complete) res.setHeader('connection', 'close');
    res.writeHead(result.status, result.headers).end(result.body);
  };
}

/** Reads and validates the manifest the build emitted. */
export async function readManifest(file: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`${file}: no collector manifest; run \`npm run build\` first (it writes the manifest)`);
  }
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: not a Tailor manifest: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
