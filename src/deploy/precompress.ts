/**
 * Compressed copies of the built site for `npm run serve`: a `.br` (brotli) and a `.gz` (gzip)
 * beside a text file. `npm run serve` makes each on its first request; a build with
 * TAILOR_PRECOMPRESS=1 makes them all up front (19 s for 26,000 pages on 2 cores, which is why it
 * is not the default). CDNs and Cloudflare compress at the edge themselves, so `.assetsignore`
 * keeps the copies out of a Workers upload (they would triple its file count).
 */
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export const COMPRESSIBLE = /\.(html|css|js|mjs|svg|txt|json|xml|webmanifest)$/;
/** Below this, compression saves less than a packet. */
const MIN_BYTES = 1024;

/** One text file compressed; brotli quality 6: within a few per cent of the maximum at a thirtieth of its CPU time. */
export function compress(data: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  return encoding === 'br' ? brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }) : gz(data, { level: 9 });
}

export interface PrecompressResult {
  files: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

export async function precompress(dir: string, options: { concurrency?: number } = {}): Promise<PrecompressResult> {
  const names = (await readdir(dir, { recursive: true, encoding: 'utf8' })).filter((f) => COMPRESSIBLE.test(f));
  const result: PrecompressResult = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 };
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const file = path.join(dir, names[next++]!);
      if ((await stat(file)).size < MIN_BYTES) continue;
      const data = await readFile(file);
      const [br, gzipped] = await Promise.all([compress(data, 'br'), compress(data, 'gzip')]);
      await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzipped)]);
      // A copy carries its source's modification time, which is how `npm run serve` knows it is current.
      const { mtime } = await stat(file);
      await Promise.all([utimes(`${file}.br`, new Date(), mtime), utimes(`${file}.gz`, new Date(), mtime)]);
      result.files++;
      result.bytes += data.length;
      result.brotliBytes += br.length;
      result.gzipBytes += gzipped.length;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return result;
}

/** With TAILOR_PRECOMPRESS=1, runs last in the build (after every file is written). */
export function precompressIntegration() {
  return {
    name: 'tailor:precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }: { dir: URL; logger: { info(message: string): void } }) => {
        // Whoever makes the copies (this build or `npm run serve`), a Workers upload skips them; and
        // dot-files and dot-folders are never site files (src/deploy/buildListing.ts).
        await writeFile(path.join(new URL(dir).pathname, '.assetsignore'), '# Compressed copies for `npm run serve`; edge hosts compress themselves.\n*.br\n*.gz\n# Never part of the site (a failed build\'s .prerender/ holds its data).\n.*\n');
        if (process.env.TAILOR_PRECOMPRESS !== '1') return;
        const started = performance.now();
        const r = await precompress(new URL(dir).pathname);
        const pct = (n: number) => `${Math.round((n / Math.max(1, r.bytes)) * 100)} %`;
        logger.info(`precompressed ${r.files} file(s) for npm run serve in ${Math.round(performance.now() - started)} ms: brotli ${pct(r.brotliBytes)}, gzip ${pct(r.gzipBytes)} of ${(r.bytes / 1e6).toFixed(1)} MB`);
      },
    },
  };
}
