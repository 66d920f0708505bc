/**
 * What a build that does not finish leaves behind. Astro writes its server code into
 * `dist/.prerender/` while it renders, with the data layer of every account: stakeholders'
 * e-mails, deals. A copy of the minimal fixture, with a planted e-mail, name and deal, is built
 * for real through `npm run build`'s wrapper (src/cli/build.ts) while a page throws half way, or
 * while the build is killed outright; no file under dist/ may contain the planted data afterwards,
 * no build is listed as complete, `npm run serve` answers 404 for the leftovers and for the pages
 * no complete build listed, and `npm run deploy`'s check refuses the dist/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { completeBuildFiles } from '../../src/deploy/buildListing.ts';

const PROJECT = process.cwd();
const FIXTURE = path.join(PROJECT, 'tests/fixtures/minimal');
const EMAIL = 'planted.secret.q7x2@confidential.example';
const NAME = 'Secretia Hiddenname';
const DEAL = 'Planted deal zq81k';
const SECRETS = [EMAIL, NAME, DEAL];
const LAYOUT = 'src/layouts/Microsite.astro';
const PROPS = 'const { site, title, description, persona, piece } = Astro.props;';

let root = '';
const dist = () => path.join(root, 'dist');
const state = () => path.join(root, '.state');
const env = () => ({
  ...process.env,
  ASTRO_TELEMETRY_DISABLED: '1',
  TAILOR_CONTENT_ROOT: '.',
  TAILOR_OUT_DIR: dist(),
  TAILOR_ASTRO_CACHE: path.join(root, '.astro-cache'),
  TAILOR_CACHE_DIR: path.join(root, '.cards'),
  TAILOR_STATE_DIR: state(),
});

function run(args: string[]): Promise<{ status: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: env() });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (status, signal) => resolve({ status, signal, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

/** `npm run build` as package.json runs it. */
const build = () => run([path.join(root, 'src/cli/build.ts')]);

/** Every file under dist/ (dot-folders included) that holds one of the planted secrets. */
function leaks(): string[] {
  const found: string[] = [];
  for (const rel of readdirSync(dist(), { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dist(), rel);
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue; // a folder
    }
    // latin1 keeps every byte; the secrets are ASCII.
    for (const s of SECRETS) if (text.includes(s)) found.push(`${rel}: ${s}`);
  }
  return found;
}

/** Makes beta's pages fail once alpha's are written: by throwing, or by killing the build process outright. */
function breakBeta(how: 'throw' | 'kill'): () => void {
  const failing =
    how === 'throw'
      ? "\nif (site.id === 'beta') { await new Promise((r) => setTimeout(r, 1500)); throw new Error('failing on purpose'); }"
      : "\nif (site.id === 'beta') { await new Promise((r) => setTimeout(r, 1500)); process.kill(process.pid, 'SIGKILL'); }";
  const file = path.join(root, LAYOUT);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(PROPS, PROPS + failing));
  return () => writeFileSync(file, text);
}

/** `npm run serve` on the fixture's dist/ (port chosen by the OS); stopped by the caller. */
async function serve(): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(PROJECT, 'src/cli/serve.ts')], {
    cwd: root,
    env: { ...env(), PORT: '0', TAILOR_LOG_FILE: path.join(state(), 'conversions.db'), TAILOR_LINK_SECRET: 'failed-build-secret-failed-build-0000000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/[^/]+)\//.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`serve stopped:\n${out}`)));
  });
  return { base, child };
}
const status = async (base: string, p: string) => (await fetch(base + p)).status;

describe('a build that does not finish', { concurrency: false }, () => {
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'tailor-failed-build-'));
    cpSync(FIXTURE, root, { recursive: true });
    // Its own src/ (a layout is broken below); the rest of the project as it is.
    cpSync(path.join(PROJECT, 'src'), path.join(root, 'src'), { recursive: true });
    for (const f of ['node_modules', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json']) symlinkSync(path.join(PROJECT, f), path.join(root, f));
    mkdirSync(state(), { recursive: true });
    // deploy's check (completeBuildFiles) reads the listing from the state directory.
    process.env.TAILOR_STATE_DIR = state();
    // The private data a page never shows: a stakeholder's e-mail and name, a deal.
    const account = path.join(root, 'accounts/alpha.yaml');
    const yaml = readFileSync(account, 'utf8');
    const member = `name: ${NAME} }`;
    assert.ok(yaml.includes(member), 'the fixture names its CFO');
    writeFileSync(
      account,
      yaml.replace(member, `name: ${NAME}, email: ${EMAIL} }`) +
        `deals:\n  - { crmId: "006PLANTED01", name: ${DEAL}, amount: 91000, currency: EUR, stage: Negotiation, status: open, closeDate: "2027-03-31" }\n`,
    );
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a complete build is listed, and no file of it holds private data', async () => {
    const b = await build();
    assert.equal(b.status, 0, b.output);
    assert.ok(existsSync(path.join(state(), 'dist-files.txt')), 'the listing of the complete build');
    assert.ok(!existsSync(path.join(dist(), '.prerender')));
    assert.deepEqual(leaks(), []);
  });

  it('a page that throws half way: nothing private is left, no build is listed, deploy refuses, serve keeps the last complete build', async () => {
    const { base, child } = await serve();
    try {
      const landing = readFileSync(path.join(dist(), 'alpha/index.html'), 'utf8');
      assert.equal(await status(base, '/alpha/'), 200);
      const restore = breakBeta('throw');
      // A change the failed build renders into alpha's landing page.
      const account = path.join(root, 'accounts/alpha.yaml');
      const yaml = readFileSync(account, 'utf8');
      writeFileSync(account, yaml.replace('name: Alphaworks Fixture Ltd', 'name: Alphaworks Halfway Ltd'));
      let b;
      try {
        b = await build();
      } finally {
        restore();
        writeFileSync(account, yaml);
      }
      assert.notEqual(b.status, 0, 'the build fails');
      assert.match(readFileSync(path.join(dist(), 'alpha/index.html'), 'utf8'), /Alphaworks Halfway Ltd/, `the build failed half way, after writing alpha's pages (else this proves nothing)\n${b.output}`);
      assert.notEqual(landing, readFileSync(path.join(dist(), 'alpha/index.html'), 'utf8'));
      assert.match(b.output, /the build did not finish/);
      assert.deepEqual(leaks(), []);
      assert.ok(!existsSync(path.join(state(), 'dist-files.txt')), 'no build is listed as complete');

      // deploy's check: one line saying what to do.
      await assert.rejects(completeBuildFiles(dist()), (e: Error) => /is not from a complete build: .*; run npm run build and let it finish/.test(e.message) && !e.message.includes('\n'));

      // The server that was running keeps the files of the last complete build; a file the
      // failed build added is not among them.
      assert.equal(await status(base, '/alpha/'), 200);
      writeFileSync(path.join(dist(), 'alpha/added-by-no-build.html'), '<p>not listed</p>');
      assert.equal(await status(base, '/alpha/added-by-no-build.html'), 404);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('a build killed outright (a crash: no code in it runs) leaves nothing private: the wrapper removes it', async () => {
    const restore = breakBeta('kill');
    let b;
    try {
      b = await build();
    } finally {
      restore();
    }
    assert.equal(b.status, 137, b.output);
    assert.match(b.output, /the build did not finish \(SIGKILL\): removed \.prerender/, 'the build had written its data layer into dist/ (else this proves nothing)');
    assert.deepEqual(leaks(), []);
  });

  it('astro build run directly and killed leaves .prerender/: serve answers 404 for it, deploy refuses it, the next build removes it first', async () => {
    const restore = breakBeta('kill');
    let b;
    try {
      b = await run(['node_modules/astro/bin/astro.mjs', 'build']);
    } finally {
      restore();
    }
    assert.equal(b.signal, 'SIGKILL', b.output);
    // What the issue found: the data layer, with the private data, in dist/.
    const left = leaks();
    assert.ok(left.some((l) => l.startsWith(`.prerender${path.sep}`) && l.endsWith(EMAIL)), `the data layer is in dist/.prerender/: ${left.join('; ')}`);
    const chunk = left.find((l) => l.endsWith(EMAIL))!.split(': ')[0]!.split(path.sep).join('/');

    const { base, child } = await serve();
    try {
      // No complete build is listed: nothing is served, least of all the dot-folder.
      for (const p of [`/${chunk}`, `/alpha/..%2f${chunk}`, '/%2eprerender/', '/.assetsignore', '/alpha/', '/alpha/index.html']) assert.equal(await status(base, p), 404, p);
      await assert.rejects(completeBuildFiles(dist()), /is not from a complete build/);

      const next = await build();
      assert.equal(next.status, 0, next.output);
      assert.match(next.output, /removed \.prerender left in .* by a build that did not finish/);
      assert.deepEqual(leaks(), []);
      // The build that finished is served at once, by the server already running.
      assert.equal(await status(base, '/alpha/'), 200);
      assert.equal(await status(base, `/${chunk}`), 404);
      assert.ok((await completeBuildFiles(dist())).includes('alpha/index.html'));
      // A file added to dist/ after the build is not uploaded: deploy refuses.
      mkdirSync(path.join(dist(), '.prerender'));
      writeFileSync(path.join(dist(), '.prerender/left.mjs'), 'export {}');
      await assert.rejects(completeBuildFiles(dist()), /holds 1 file\(s\) that its last complete build did not list \(\.prerender\/left\.mjs\): run npm run build/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
