/** Runs the project's own wrangler (a dev dependency) on the pinned Node, offline-friendly. */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const WRANGLER = path.resolve('node_modules/wrangler/bin/wrangler.js');

/** Environment for wrangler: no metrics, no update check, state under the project. */
export function wranglerEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', ...extra };
}

/** Runs `wrangler <args>` to completion; throws with its output when it fails. */
export function wrangler(args: string[], options: { input?: string; quiet?: boolean } = {}): string {
  const result = spawnSync(process.execPath, [WRANGLER, ...args], {
    env: wranglerEnv(),
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: options.input === undefined && !options.quiet ? ['ignore', 'pipe', 'inherit'] : ['pipe', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.join(' ')} failed (exit ${result.status}):\n${(result.stdout ?? '') + (result.stderr ?? '')}`);
  }
  return result.stdout;
}

/** Starts `wrangler <args>` in the background (e.g. `dev`); the caller stops it. */
export function wranglerProcess(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [WRANGLER, ...args], { env: wranglerEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The JSON wrangler prints with `--json`, whatever log lines come before it. */
export function wranglerJson<T>(output: string): T {
  const start = output.search(/^[[{]/m);
  if (start < 0) throw new Error(`wrangler printed no JSON:\n${output}`);
  return JSON.parse(output.slice(start)) as T;
}
