/**
 * Runs the project's own wrangler (a dev dependency) on the pinned Node, offline-friendly. Nothing
 * wrangler prints reaches the terminal with its escape codes (colours, cursor moves): output is
 * relayed as plain text, and a failure is told in one line saying what to do, with wrangler's own
 * words below it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const WRANGLER = path.resolve('node_modules/wrangler/bin/wrangler.js');

/** Environment for wrangler: no metrics, no update check, no colours, state under the project. */
export function wranglerEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

/** Text wrangler printed, without escape codes, carriage-return redraws or its banner. */
export function plainOutput(text: string): string {
  return stripVTControlCharacters(text)
    .split('\n')
    .map((line) => line.split('\r').pop()!.trimEnd())
    .filter((line) => !/^\s*⛅️ wrangler |^─+$|collects anonymous telemetry/.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Where a Cloudflare login would come from, or what is missing (before any work that needs it):
 * CLOUDFLARE_API_TOKEN, CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL, or `wrangler login`'s file
 * (`config/default.toml` in ~/.wrangler, or in the platform's config folder as wrangler's
 * xdg-app-paths places it: $XDG_CONFIG_HOME or ~/.config on Linux, ~/Library/Preferences on macOS,
 * %APPDATA% or %LOCALAPPDATA% on Windows).
 */
export function credentialsProblem(env: NodeJS.ProcessEnv = process.env, home = homedir(), exists: (file: string) => boolean = existsSync): string | undefined {
  if (env.CLOUDFLARE_API_TOKEN || (env.CLOUDFLARE_API_KEY && env.CLOUDFLARE_EMAIL)) return undefined;
  const folders = [
    path.join(home, '.wrangler'),
    path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), '.wrangler'),
    path.join(home, 'Library', 'Preferences', '.wrangler'),
    ...[env.APPDATA, env.LOCALAPPDATA].filter((d): d is string => Boolean(d)).map((d) => path.join(d, '.wrangler')),
  ];
  if (folders.some((dir) => exists(path.join(dir, 'config', 'default.toml')))) return undefined;
  return 'no Cloudflare login: run `npx wrangler login` (opens a browser), or set CLOUDFLARE_API_TOKEN (a token with Workers Scripts, D1 and Account Settings edit rights) and CLOUDFLARE_ACCOUNT_ID';
}

/** What a failed wrangler run means, in one line with what to do. */
export function wranglerProblem(output: string): string {
  const text = plainOutput(output);
  if (/CLOUDFLARE_API_TOKEN|not logged in|Authentication error|Invalid (access|API) token|code: 10000|\[code: 9109\]|Unable to authenticate/i.test(text)) {
    return 'Cloudflare did not accept the login: run `npx wrangler login`, or set a valid CLOUDFLARE_API_TOKEN (and CLOUDFLARE_ACCOUNT_ID)';
  }
  if (/More than one account available|CLOUDFLARE_ACCOUNT_ID/i.test(text)) return 'the login sees several Cloudflare accounts: set CLOUDFLARE_ACCOUNT_ID to the one to deploy to';
  if (/fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|network/i.test(text)) return "could not reach Cloudflare's API (offline, or a proxy in the way?): check the connection and run again";
  const error = /^\s*(?:✘\s*)?\[ERROR\]\s*(.+)$/m.exec(text)?.[1] ?? text.split('\n').filter(Boolean).pop() ?? 'no output';
  return error.trim();
}

export class WranglerError extends Error {
  override name = 'WranglerError';
  /** Everything wrangler printed, as plain text. */
  readonly output: string;
  constructor(args: string[], output: string) {
    super(`wrangler ${args[0]}${args[1] && !args[1].startsWith('-') ? ` ${args[1]}` : ''} failed: ${wranglerProblem(output)}\n${indent(output)}`);
    this.output = output;
  }
}

const indent = (text: string) => text.split('\n').map((l) => `    | ${l}`).join('\n');

/**
 * Runs `wrangler <args>` to completion; throws a WranglerError when it fails. Returns what it
 * printed on stdout (what `--json` parses), or with `all` its whole output, as plain text; prints
 * that output too unless `quiet`.
 */
export function wrangler(args: string[], options: { input?: string; quiet?: boolean; all?: boolean } = {}): string {
  const result = spawnSync(process.execPath, [WRANGLER, ...args], {
    env: wranglerEnv(),
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = (result.stdout ?? '') + (result.stderr ?? '');
  if (result.status !== 0) throw new WranglerError(args, plainOutput(output));
  if (!options.quiet && plainOutput(output)) console.log(indent(plainOutput(output)));
  return options.all ? plainOutput(output) : stripVTControlCharacters(result.stdout ?? '');
}

/** Runs `wrangler <args>`, relaying its lines as plain text as they come (long uploads show progress). */
export function wranglerRelay(args: string[], options: { input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { env: wranglerEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let all = '';
    let pending = '';
    const relay = (chunk: Buffer) => {
      all += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const plain = plainOutput(line);
        if (plain) console.log(`    | ${plain}`);
      }
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.stdin.end(options.input ?? '');
    child.on('error', reject);
    child.on('close', (status) => {
      if (plainOutput(pending)) console.log(`    | ${plainOutput(pending)}`);
      if (status === 0) resolve(plainOutput(all));
      else reject(new WranglerError(args, plainOutput(all)));
    });
  });
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
