/**
 * Node entry of the collector: adapts `http.IncomingMessage` to the collector's request
 * interface (without building a Web Request per beacon) and writes to the SQLite log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { Collector } from './collect.ts';
import { manifestSchema, type Manifest } from '../events/manifest.ts';

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
        // Stop reading; the response closes the connection.
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => !over && resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => !over && resolve(null));
  });
}

/** `(req, res)` for node:http, answering collector requests. */
export function nodeCollectorHandler(collector: Collector) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const result = await collector.collect({
      method: req.method ?? 'GET',
      path,
      header: (name) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v[0] : v;
      },
      body: (limit) => readBody(req, limit),
      clientKey: req.socket.remoteAddress ?? 'unknown',
    });
    if (result.status === 413) res.setHeader('connection', 'close');
    res.writeHead(result.status, result.headers).end();
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
