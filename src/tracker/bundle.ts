/** Builds the tracking snippet into one minified script, once per process. */
import { buildSync } from 'esbuild';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

/** Budget for the snippet, gzipped (smaller than the smallest well-known analytics snippet). */
export const TRACKER_BUDGET_BYTES = 1000;

let code: string | undefined;

export function trackerScript(): string {
  code ??= buildSync({
    // Resolved from the project root: this module also runs from Astro's bundled build chunks.
    entryPoints: [path.resolve('src/tracker/tracker.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    // The file is a script, not a module: its top-level names stay inside the IIFE.
    banner: { js: '' },
  }).outputFiles[0]!.text.replace(/^"use strict";/, '').trim();
  return code;
}

export function trackerGzipBytes(): number {
  return gzipSync(trackerScript(), { level: 9 }).length;
}

let file: { url: string; code: string } | undefined;
/** The snippet as a content-hashed file: browsers cache it across pages and visits (every page asks: hashed once). */
export function trackerFile(): { url: string; code: string } {
  if (file) return file;
  const code = trackerScript();
  const hash = createHash('sha256').update(code).digest('base64url').slice(0, 10);
  file = { url: `/_astro/tailor-tracker.${hash}.js`, code };
  return file;
}
