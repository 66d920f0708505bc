/**
 * Publish from the studio: the same commands a terminal would run, in order, each stopping the
 * rest when it fails: `npm run check`, `npm run build` and, when publishing is configured
 * (TAILOR_SITE_URL and a Cloudflare token), `npm run deploy`. Progress is their output, line by
 * line; "what changed" is the files the studio wrote this session and, in a git work tree, git's
 * list of uncommitted changes.
 */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { contentEnv } from './preview.ts';

export interface PublishStep {
  name: string;
  script: string;
}

export function publishSteps(env: NodeJS.ProcessEnv = process.env): PublishStep[] {
  const steps = [
    { name: 'check', script: 'src/cli/check.ts' },
    { name: 'build', script: 'src/cli/build.ts' },
  ];
  if (env.TAILOR_SITE_URL && env.CLOUDFLARE_API_TOKEN) steps.push({ name: 'deploy', script: 'src/cli/deploy.ts' });
  return steps;
}

/** Runs the steps; `say` gets every line of progress. Resolves true when all succeeded. */
export async function publish(root: string, say: (line: string) => void): Promise<boolean> {
  const env = contentEnv(root);
  for (const step of publishSteps(env)) {
    say(`▶ ${step.name}`);
    const started = performance.now();
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [step.script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let rest = '';
      const lines = (chunk: Buffer) => {
        const text = rest + chunk.toString().replace(/\x1b\[[0-9;]*m/g, '');
        const parts = text.split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) if (line.trim()) say(`  ${line}`);
      };
      child.stdout.on('data', lines);
      child.stderr.on('data', lines);
      child.on('close', (exit) => {
        if (rest.trim()) say(`  ${rest}`);
        resolve(exit ?? 1);
      });
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (code !== 0) {
      say(`✗ ${step.name} failed (exit ${code}, ${seconds} s): nothing was published`);
      return false;
    }
    say(`✓ ${step.name} (${seconds} s)`);
  }
  return true;
}

/** Uncommitted changes in the content, when the root is in a git work tree. */
export async function gitChanges(root: string): Promise<string[]> {
  const run = promisify(execFile);
  const out = await run('git', ['status', '--porcelain', '--', 'accounts', 'content'], { cwd: path.resolve(root) }).then((r) => r.stdout, () => '');
  return out.split('\n').filter(Boolean);
}
