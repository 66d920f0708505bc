/**
 * The live preview: `astro dev` run behind the studio on the same content root, so the page beside
 * a form is the page the account (and persona) will see, with drafts. After a save the studio waits
 * until the dev server serves the changed page, then the browser reloads its frame.
 * astro dev keeps its content store in the project's .astro/ (one per checkout), by entry and
 * content, not by path: a content root at another path than the last dev server's would be served
 * with the old path's images. The preview starts from an empty store, and wants to be the
 * checkout's only dev server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { rm } from 'node:fs/promises';
import path from 'node:path';

const ASTRO = path.join(path.dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'bin', 'astro.mjs');

export interface Preview {
  origin: string;
  /** A hash of the page as the dev server serves it now (undefined when it cannot). */
  fingerprint(pathname: string): Promise<string | undefined>;
  /** Resolves with the milliseconds until the page is served again (200) with a hash other than `before`, or undefined at the timeout. */
  waitForChange(pathname: string, before: string | undefined, timeoutMs?: number): Promise<number | undefined>;
  /** Resolves with the page's status once it is 200 (the dev server may be syncing content), or the last status at the timeout. */
  waitForPage(pathname: string, timeoutMs?: number): Promise<number>;
  stop(): void;
}

/** Environment that points a child Astro process at a content root other than the repo's. */
export function contentEnv(root: string): NodeJS.ProcessEnv {
  const absolute = path.resolve(root);
  if (absolute === path.resolve('.')) return { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  return {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    TAILOR_CONTENT_ROOT: absolute,
    TAILOR_OUT_DIR: path.join(absolute, 'dist'),
    TAILOR_ASTRO_CACHE: path.join(absolute, '.astro-cache'),
    TAILOR_CACHE_DIR: path.join(absolute, '.cards'),
    TAILOR_STATE_DIR: path.join(absolute, '.tailor'),
  };
}

export async function startPreview(root: string, port: number, log: (line: string) => void = () => {}): Promise<Preview> {
  await rm(path.join('.astro', 'data-store.json'), { force: true });
  const child: ChildProcess = spawn(process.execPath, [ASTRO, 'dev', '--host', '127.0.0.1', '--port', String(port)], {
    env: contentEnv(root),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
  };
  process.once('exit', stop);
  const deadline = Date.now() + 90_000;
  while (!(await fetch(`${origin}/robots.txt`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null) throw new Error(`astro dev exited (${child.exitCode}) before it served the preview`);
    if (Date.now() > deadline) {
      stop();
      throw new Error('astro dev did not start within 90 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  /** A hash of the page when the dev server serves it (200); undefined while it errs (it does while content syncs). */
  const fingerprint = async (pathname: string) => {
    const response = await fetch(new URL(pathname, origin)).catch(() => undefined);
    if (response?.status !== 200) return undefined;
    // The dev server can drop a connection mid-page (while it restarts or re-optimises): not served.
    const text = await response.text().catch(() => undefined);
    return text === undefined ? undefined : createHash('sha256').update(text).digest('hex');
  };
  return {
    origin,
    fingerprint,
    async waitForChange(pathname, before, timeoutMs = 5_000) {
      const started = performance.now();
      while (performance.now() - started < timeoutMs) {
        const now = await fingerprint(pathname);
        if (now !== undefined && now !== before) return Math.round(performance.now() - started);
        await new Promise((r) => setTimeout(r, 100));
      }
      return undefined;
    },
    async waitForPage(pathname, timeoutMs = 15_000) {
      const started = performance.now();
      let status = 0;
      while (performance.now() - started < timeoutMs) {
        status = await fetch(new URL(pathname, origin)).then((r) => r.status, () => 0);
        if (status === 200) return status;
        await new Promise((r) => setTimeout(r, 100));
      }
      return status;
    },
    stop,
  };
}
