/**
 * `npm run build`: `astro build` in a child process, and whatever way it ends without success (an
 * error, a crash, out of memory, a signal, Ctrl+C), nothing private is left in dist/. Astro writes
 * its server code into `dist/.prerender/` while it renders, with the data of every account
 * (stakeholders' e-mails, deals); it removes the folder only when every page rendered. The build
 * itself also removes it on a normal failure and at its next start (src/deploy/keepOutput.ts);
 * this wrapper covers the ends no code inside the build sees.
 *   npm run build [-- <astro build options>]
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import path from 'node:path';
import { readListing, removeBuildLeftovers } from '../deploy/buildListing.ts';

const ASTRO = path.join(path.dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'bin', 'astro.mjs');

/** Runs `astro build` to its end; resolves with its exit code (128 + n for signal n). */
export function build(args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Same default as astro.config.mjs.
  const dist = path.resolve(env.TAILOR_OUT_DIR ?? 'dist');
  const child = spawn(process.execPath, [ASTRO, 'build', ...args], { stdio: 'inherit', env: { ...env, ASTRO_TELEMETRY_DISABLED: '1' } });
  // Ctrl+C reaches the whole process group; this process stays to clean up after the build.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, forward);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`[tailor] could not start the build: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      const status = code ?? 128 + (signal ? constants.signals[signal] : 0);
      if (status !== 0) {
        const removed = removeBuildLeftovers(dist);
        const shown = `${path.relative('.', dist) || dist}/`;
        // A build stopped before it started writing (the content check, the configuration) leaves the last complete one listed.
        void readListing(dist).then((listing) => {
          const state = 'files' in listing ? `${shown} still holds the last complete build` : `${shown} is not a complete build until one finishes (npm run serve keeps serving the last complete one; npm run deploy refuses it)`;
          console.error(`[tailor] the build did not finish (${signal ?? `exit ${code}`})${removed.length ? `: removed ${removed.join(', ')} from ${shown}` : ''}; ${state}`);
          resolve(status);
        });
        return;
      }
      resolve(status);
    });
  });
}

if (import.meta.main) process.exitCode = await build(process.argv.slice(2));
