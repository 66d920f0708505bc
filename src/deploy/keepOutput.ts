/**
 * Incremental builds keep the previous `dist/`: Astro then leaves a page it restores from its
 * cache where it is instead of copying it back (at 26,000 pages, emptying and refilling `dist/`
 * was most of a warm rebuild). What the previous build wrote and this one did not is removed when
 * the build is done, so nothing stale is published: pages no longer built (a removed account,
 * piece or persona) and any other file this build did not write (assets of an old build, stale
 * compressed copies). Every file a build keeps is either one of its pages or written by it.
 */
import type { AstroIntegration } from 'astro';
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The output files of every route of this build (pages and endpoints such as og.png), relative to `dir`. */
export function pageFiles(dir: string, assets: Map<string, URL[]>): Set<string> {
  const files = new Set<string>();
  for (const urls of assets.values()) for (const url of urls) files.add(path.relative(dir, fileURLToPath(url)).split(path.sep).join('/'));
  return files;
}

/** Removes from `dir` what is neither a page of this build nor written since `since` (ms); returns the removed files. */
export async function pruneOutput(dir: string, pages: Set<string>, since: number): Promise<string[]> {
  const removed: string[] = [];
  const emptied = new Set<string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, full).split(path.sep).join('/');
    // Host settings at the top (.assetsignore) are rewritten by a later integration every build.
    if (pages.has(rel) || (rel.startsWith('.') && !rel.includes('/'))) continue;
    if ((await stat(full)).mtimeMs >= since) continue;
    await rm(full, { force: true });
    removed.push(rel);
    emptied.add(entry.parentPath);
  }
  // Folders left empty by the removal go too, up to dir (deepest first).
  const parents = new Set<string>();
  for (let d of emptied) for (; d.startsWith(dir + path.sep); d = path.dirname(d)) parents.add(d);
  for (const d of [...parents].sort((a, b) => b.length - a.length)) await rmdir(d).catch(() => undefined);
  return removed;
}

export function keepOutputIntegration(): AstroIntegration {
  let start = 0;
  let enabled = false;
  return {
    name: 'tailor:keep-output',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        enabled = Boolean(config.experimental.incrementalBuild);
        if (enabled) updateConfig({ vite: { build: { emptyOutDir: false } } });
      },
      'astro:build:start': () => {
        // File times may be coarser than the clock: a second of slack keeps what this build wrote.
        start = Date.now() - 1000;
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        if (!enabled) return;
        const out = fileURLToPath(dir);
        const removed = await pruneOutput(out, pageFiles(out, assets), start);
        if (removed.length > 0) logger.info(`removed ${removed.length} file(s) the previous build wrote and this one did not${removed.length <= 5 ? `: ${removed.join(", ")}` : ""}`);
      },
    },
  };
}
