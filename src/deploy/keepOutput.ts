/**
 * Incremental builds keep the previous `dist/`: Astro then leaves a page it restores from its
 * cache where it is instead of copying it back (at 26,000 pages, emptying and refilling `dist/`
 * was most of a warm rebuild). What the previous build wrote and this one did not is removed when
 * the build is done, so nothing stale is published: pages no longer built (a removed account,
 * piece or persona) and any other file this build did not write (assets of an old build, stale
 * compressed copies). Every file a build keeps is either one of its pages or written by it.
 * Its last step lists the files of the finished `dist/` (src/deploy/buildListing.ts).
 */
import type { AstroIntegration } from 'astro';
import { mkdir, readdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { listFiles, listingFile, removeBuildLeftovers, removeListing, writeListing } from './buildListing.ts';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The methods of Astro's IncrementalBuildCache (astro/dist/core/build/incremental.js, 7.3) this file replaces. */
interface CacheCopies {
  writeOutputFile(settings: unknown, outputFile: string, body: unknown): Promise<void>;
  restoreOutputFile(settings: unknown, outputFile: string, destination: URL): Promise<boolean>;
}

/**
 * Astro writes every page it renders twice: into `dist/` and, as a copy to restore from, into
 * `<cacheDir>/dist/`. Since `dist/` is kept, Astro leaves a page there when it can skip it and
 * never reads the copy; writing the copies cost about 10 s per 1,000 accounts of a cold build
 * (25 %) and doubled the disk used (5.4 GB of copies at 10,000 accounts). So no copy is written,
 * none is restored (a page missing from `dist/` is rendered again: `dist/` is the cache), and the
 * copies of earlier builds are deleted. Returns false, changing nothing, when Astro's internals
 * are not what this expects (another Astro version): builds are then only slower, never wrong.
 */
export async function dropCacheCopies(cacheDir: URL): Promise<boolean> {
  let proto: Partial<CacheCopies> | undefined;
  try {
    const astroDir = path.dirname(createRequire(import.meta.url).resolve('astro/package.json'));
    const url = pathToFileURL(path.join(astroDir, 'dist', 'core', 'build', 'incremental.js')).href;
    // A native import, so that this is the module instance Astro's build uses even when this
    // file is run by Vite's module runner (which would otherwise load a second instance).
    const nativeImport = new Function('u', 'return import(u)') as (u: string) => Promise<Record<string, unknown>>;
    const mod = await nativeImport(url);
    proto = (mod.IncrementalBuildCache as { prototype?: Partial<CacheCopies> } | undefined)?.prototype;
  } catch {
    return false;
  }
  if (!proto || typeof proto.writeOutputFile !== 'function' || typeof proto.restoreOutputFile !== 'function') return false;
  proto.writeOutputFile = async () => undefined;
  proto.restoreOutputFile = async () => false;
  await rm(new URL('dist/', cacheDir), { recursive: true, force: true });
  return true;
}

/** The output files of every route of this build (pages and endpoints such as og.png), relative to `dir`. */
export function pageFiles(dir: string, assets: Map<string, URL[]>): Set<string> {
  const files = new Set<string>();
  const base = pathToFileURL(dir + path.sep).href;
  for (const urls of assets.values()) {
    for (const url of urls) files.add(url.href.startsWith(base) ? decodeURIComponent(url.href.slice(base.length)) : path.relative(dir, fileURLToPath(url)).split(path.sep).join('/'));
  }
  return files;
}

/**
 * Removes from `dir` what is neither a page of this build nor written since `since` (ms); returns
 * the removed files. `files`: the files of `dir` when the caller has listed them already.
 */
export async function pruneOutput(dir: string, pages: Set<string>, since: number, files?: string[]): Promise<string[]> {
  const removed: string[] = [];
  const emptied = new Set<string>();
  for (const rel of files ?? (await listFiles(dir))) {
    // Host settings at the top (.assetsignore) are rewritten by a later integration every build.
    if (pages.has(rel) || (rel.startsWith('.') && !rel.includes('/'))) continue;
    const full = path.join(dir, rel);
    if ((await stat(full)).mtimeMs >= since) continue;
    await rm(full, { force: true });
    removed.push(rel);
    emptied.add(path.dirname(full));
  }
  // Folders left empty by the removal go too, up to dir (deepest first).
  const parents = new Set<string>();
  for (let d of emptied) for (; d.startsWith(dir + path.sep); d = path.dirname(d)) parents.add(d);
  for (const d of [...parents].sort((a, b) => b.length - a.length)) await rmdir(d).catch(() => undefined);
  return removed;
}

/** In Astro's cache directory from the end of a build to the start of the next (see astro:build:start). */
const FINISHED_MARKER = 'tailor-build-finished';

/** True when `dir` is missing or empty (a build into it has nothing old to prune). */
async function isEmpty(dir: URL): Promise<boolean> {
  const entries = await readdir(dir).catch(() => []);
  return entries.length === 0;
}

export function keepOutputIntegration(): AstroIntegration {
  let start = 0;
  let enabled = false;
  // A build into an empty dist/ (a clean clone, CI) leaves nothing stale to prune.
  let fresh = false;
  let cacheDir: URL | undefined;
  let finished = false;
  return {
    name: 'tailor:keep-output',
    hooks: {
      'astro:config:setup': async ({ config, command, updateConfig, logger }) => {
        if (command === 'build') {
          const out = fileURLToPath(config.outDir);
          // Left by a build that was killed (no exit handler runs on SIGKILL or a crash).
          const removed = removeBuildLeftovers(out);
          if (removed.length > 0) logger.info(`removed ${removed.join(', ')} left in ${path.relative('.', out) || out}/ by a build that did not finish`);
          // A build that stops without finishing (a page throws) must not leave Astro's server
          // code, with every account's data, in dist/: `astro build` run directly has no wrapper.
          process.once('exit', () => void (finished || removeBuildLeftovers(out)));
        }
        enabled = Boolean(config.experimental.incrementalBuild);
        if (!enabled) return;
        updateConfig({ vite: { build: { emptyOutDir: false } } });
        if (command === 'build' && !(await dropCacheCopies(config.cacheDir))) {
          logger.warn('this Astro version is not the one the incremental cache was tuned for: it keeps its own copy of every page (slower, still correct)');
        }
      },
      'astro:config:done': async ({ config }) => {
        fresh = enabled && (await isEmpty(config.outDir));
        cacheDir = config.cacheDir;
      },
      'astro:build:start': async ({ logger }) => {
        // From here until the listing is written again at the end, dist/ is not a complete build:
        // `npm run serve` keeps answering from the last listing, `npm run deploy` refuses it.
        await removeListing();
        // File times may be coarser than the clock: a second of slack keeps what this build wrote.
        start = Date.now() - 1000;
        if (!enabled || !cacheDir) return;
        // A build that stopped half way (a page failed to render) wrote new pages into dist/ but
        // not Astro's manifest: revert the change that caused it, and those pages would match the
        // old keys and stay. The marker exists only between a finished build and the next start:
        // without it, and with something in dist/, every page is rendered again.
        const finished = await stat(new URL(FINISHED_MARKER, cacheDir)).then(() => true, () => false);
        await rm(new URL(FINISHED_MARKER, cacheDir), { force: true });
        if (!finished && !fresh) {
          await rm(new URL('incremental-build.json', cacheDir), { force: true });
          logger.info('the previous build did not finish (or its cache is not from the same dist/): rendering every page');
        }
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        const out = fileURLToPath(dir);
        // One walk of dist/ serves the pruning and the listing (3 s for 290,000 files).
        let files = await listFiles(out);
        if (enabled && !fresh) {
          const removed = await pruneOutput(out, pageFiles(out, assets), start, files);
          if (removed.length > 0) {
            logger.info(`removed ${removed.length} file(s) the previous build wrote and this one did not${removed.length <= 5 ? `: ${removed.join(', ')}` : ''}`);
            const gone = new Set(removed);
            files = files.filter((f) => !gone.has(f));
          }
        }
        if (enabled && cacheDir) {
          await mkdir(cacheDir, { recursive: true });
          await writeFile(new URL(FINISHED_MARKER, cacheDir), `${new Date().toISOString()}\n`);
        }
        // Last: the listing says this dist/ is complete.
        const listed = await writeListing(out, files);
        finished = true;
        logger.info(`${listed} file(s) listed as this build's site (${path.relative('.', listingFile())})`);
      },
    },
  };
}
