/**
 * Incremental builds re-render exactly the pages a change affects, and nothing stale survives.
 * A copy of the minimal fixture (with its own copy of src/, so a layout can be edited) is built
 * once in full, then changed one thing at a time and rebuilt: each rebuild must render exactly the
 * expected pages (Astro prints the others as restored from its cache), every page must carry the
 * change, and at the end the incremental dist/ must equal a clean build of the same content, byte
 * for byte.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PROJECT = process.cwd();
const FIXTURE = path.join(PROJECT, 'tests/fixtures/minimal');
const ALPHA = '/alpha/';
const BETA = '/beta-k3f9x2q8vd7m/';

interface Build {
  status: number | null;
  output: string;
  /** Paths Astro rendered in this build (not restored from the incremental cache). */
  rendered: Set<string>;
  restored: Set<string>;
}

let root = '';

function run(args: string[], env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', TAILOR_CONTENT_ROOT: '.', ...env } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (status) => resolve({ status, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

async function build(out = 'dist'): Promise<Build> {
  const result = await run(['node_modules/astro/bin/astro.mjs', 'build'], {
    TAILOR_OUT_DIR: path.join(root, out),
    TAILOR_ASTRO_CACHE: path.join(root, `.astro-cache-${out}`),
    TAILOR_CACHE_DIR: path.join(root, '.cards'),
    TAILOR_STATE_DIR: path.join(root, '.state'),
  });
  assert.equal(result.status, 0, result.output);
  const rendered = new Set<string>();
  const restored = new Set<string>();
  // Astro prints a path, then its timing or "(restored)"; other output may land in between.
  const lines = result.output.replace(/(\d\d:\d\d:\d\d )/g, '\n$1');
  for (const m of lines.matchAll(/[├└]─ (\/[^\s[]+)(.*)$/gm)) {
    const page = m[1]!.replace(/index\.html$/, '');
    (/\((restored|cached)\)/.test(m[2]!) ? restored : rendered).add(page);
  }
  return { ...result, rendered, restored };
}

const edit = (file: string, from: string, to: string) => {
  const target = path.join(root, file);
  const text = readFileSync(target, 'utf8');
  assert.ok(text.includes(from), `${file} has no "${from}"`);
  writeFileSync(target, text.replace(from, to));
};
const page = (out: string, p: string) => readFileSync(path.join(root, out, p, p.endsWith('.png') ? '' : 'index.html'));
const files = (dir: string) =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(html|png|js|css|svg|woff2|txt)$/.test(f))
    .sort();

/** Every page of the fixture, as Astro lists them. */
const all = {
  alpha: [ALPHA, `${ALPHA}og.png`, `${ALPHA}cfo/`, `${ALPHA}cfo/case/`, `${ALPHA}cfo/roi/`, `${ALPHA}end-user/`, `${ALPHA}end-user/case/`, `${ALPHA}end-user/telecom/`],
  beta: [BETA, `${BETA}og.png`, `${BETA}cfo/`, `${BETA}cfo/case/`, `${BETA}cfo/roi/`],
};
/** The 404 page has no cacheKey: it is rendered every time (it is one small page). */
const expectRendered = (b: Build, pages: string[]) => assert.deepEqual([...b.rendered].filter((p) => p !== '/404.html').sort(), [...pages].sort(), b.output.split('\n').filter((l) => /[├└]─/.test(l)).join('\n'));

describe('incremental builds', { concurrency: false }, () => {
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'tailor-incremental-'));
    cpSync(FIXTURE, root, { recursive: true });
    // Its own src/ (a layout is edited below); the rest of the project as it is.
    cpSync(path.join(PROJECT, 'src'), path.join(root, 'src'), { recursive: true });
    for (const f of ['node_modules', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json']) symlinkSync(path.join(PROJECT, f), path.join(root, f));
    mkdirSync(path.join(root, '.tailor'), { recursive: true });
    writeFileSync(path.join(root, '.tailor/link-secret'), 'incremental-test-secret-incremental-0000\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('the first build renders every page; a rebuild without changes restores them all', async () => {
    const first = await build();
    expectRendered(first, [...all.alpha, ...all.beta]);
    const again = await build();
    expectRendered(again, []);
    assert.deepEqual([...again.restored].sort(), [...all.alpha, ...all.beta].sort());
    // dist/ is the cache: Astro keeps no second copy of the pages (src/deploy/keepOutput.ts).
    assert.ok(!existsSync(path.join(root, '.astro-cache-dist', 'dist')), 'no copy of the pages in the Astro cache');
  });

  it('one account changed: only its pages are rendered, and they show the change', async () => {
    const before = page('dist', `${ALPHA}cfo/case/`);
    edit('accounts/beta.yaml', 'خودکارسازی گزارش‌دهی به اهداکنندگان.', 'خودکارسازی کامل گزارش‌دهی به اهداکنندگان.');
    const b = await build();
    expectRendered(b, all.beta);
    assert.match(page('dist', BETA).toString(), /خودکارسازی کامل گزارش‌دهی/);
    assert.deepEqual(page('dist', `${ALPHA}cfo/case/`), before, 'an untouched page is restored byte for byte');
  });

  it('a page deleted from dist/ is rendered again, with the current content', async () => {
    rmSync(path.join(root, 'dist', BETA, 'index.html'));
    const b = await build();
    expectRendered(b, [BETA]);
    assert.match(page('dist', BETA).toString(), /خودکارسازی کامل گزارش‌دهی/);
  });

  it('a build that fails half way leaves nothing stale once its change is reverted: every page renders again', async () => {
    // Alpha renamed, and beta's pages made to fail (after a pause, so that alpha's are written):
    // alpha's new pages reach dist/, Astro's manifest does not.
    const failing = "\nif (site.id === 'beta') { await new Promise((r) => setTimeout(r, 1500)); throw new Error('failing on purpose'); }";
    edit('accounts/alpha.yaml', 'name: Alphaworks Fixture Ltd', 'name: Alphaworks Mistaken Ltd');
    edit('src/layouts/Microsite.astro', 'const { site, title, description, persona, piece } = Astro.props;', `const { site, title, description, persona, piece } = Astro.props;${failing}`);
    try {
      const failed = await run(['node_modules/astro/bin/astro.mjs', 'build'], { TAILOR_OUT_DIR: path.join(root, 'dist'), TAILOR_ASTRO_CACHE: path.join(root, '.astro-cache-dist'), TAILOR_CACHE_DIR: path.join(root, '.cards'), TAILOR_STATE_DIR: path.join(root, '.state') });
      assert.notEqual(failed.status, 0, 'the build fails');
      assert.match(page('dist', ALPHA).toString(), /Alphaworks Mistaken Ltd/, `the failed build wrote alpha's renamed landing page (else this test proves nothing)\n${failed.output}`);
    } finally {
      edit('accounts/alpha.yaml', 'name: Alphaworks Mistaken Ltd', 'name: Alphaworks Fixture Ltd');
      edit('src/layouts/Microsite.astro', failing, '');
    }
    // Reverted, every key and the layout's code match the last finished build: without the
    // marker, the mistaken pages would be kept.
    const b = await build();
    assert.match(b.output, /the previous build did not finish/);
    expectRendered(b, [...all.alpha, ...all.beta]);
    for (const p of all.alpha.filter((p) => !p.endsWith('og.png'))) assert.doesNotMatch(page('dist', p).toString(), /Mistaken/, p);
    // Finished, it is incremental again.
    expectRendered(await build(), []);
  });

  it('a logo changed: every page of its account, and the old logo file is gone', async () => {
    const oldLogos = files('dist').filter((f) => f.startsWith('_astro/logo.'));
    writeFileSync(path.join(root, 'accounts/alpha/logo.svg'), readFileSync(path.join(root, 'accounts/alpha/logo.svg'), 'utf8').replace('</svg>', '<!-- v2 --></svg>'));
    const b = await build();
    expectRendered(b, all.alpha);
    const logos = files('dist').filter((f) => f.startsWith('_astro/logo.'));
    assert.equal(logos.length, oldLogos.length, `${oldLogos} -> ${logos}`);
    assert.notDeepEqual(logos, oldLogos, 'the new logo has a new hashed name, and the old one was removed');
  });

  it('one piece changed: its pages and the tracks that list it', async () => {
    edit('content/pieces/telecom.mdx', 'Only telecom accounts see this.', 'Only telecom accounts see this paragraph.');
    const b = await build();
    expectRendered(b, [`${ALPHA}end-user/telecom/`, `${ALPHA}end-user/`]);
    assert.match(page('dist', `${ALPHA}end-user/telecom/`).toString(), /see this paragraph/);
    // A title shows on the track and in the neighbours' pager too.
    edit('content/pieces/telecom.mdx', 'title: Field service in telecom', 'title: Field service for telecom operators');
    const titled = await build();
    expectRendered(titled, [`${ALPHA}end-user/telecom/`, `${ALPHA}end-user/`, `${ALPHA}end-user/case/`]);
    assert.match(page('dist', `${ALPHA}end-user/case/`).toString(), /Field service for telecom operators/);
  });

  it('a translation changed: the pages that show it, in its account only', async () => {
    edit('content/pieces/fa/case.mdx', 'title: چگونه یک اپراتور شبکه زمان تعمیر را کاهش داد', 'title: چگونه یک اپراتور شبکه زمان تعمیر را نصف کرد');
    const b = await build();
    expectRendered(b, [`${BETA}cfo/case/`, `${BETA}cfo/`, `${BETA}cfo/roi/`]);
    assert.match(page('dist', `${BETA}cfo/roi/`).toString(), /زمان تعمیر را نصف کرد/);
  });

  it('a persona changed: every page of its tracks and the landing pages that show it', async () => {
    edit('content/personas/end-user.yaml', 'message: Less clicking, more doing.', 'message: Less clicking, more finished work.');
    const b = await build();
    expectRendered(b, [ALPHA, `${ALPHA}end-user/`, `${ALPHA}end-user/case/`, `${ALPHA}end-user/telecom/`]);
    assert.match(page('dist', `${ALPHA}end-user/`).toString(), /more finished work/);
  });

  it('a proof point changed: the landing pages and tracks that show it', async () => {
    edit('content/proof/fernhill.yaml', 'Repairs are routed before anyone opens a ticket.', 'Repairs are routed before anyone files a ticket.');
    const b = await build();
    expectRendered(b, [ALPHA, `${ALPHA}cfo/`, `${ALPHA}end-user/`, BETA, `${BETA}cfo/`]);
    assert.match(page('dist', BETA).toString(), /anyone files a ticket/);
  });

  it('the layout or the vendor changed: every page', async () => {
    edit('src/layouts/Microsite.astro', '<p class="measured">{t.measured(vendor.name)}</p>', '<p class="measured">{t.measured(vendor.name)}</p><!-- layout v2 -->');
    const layout = await build();
    expectRendered(layout, [...all.alpha, ...all.beta].filter((p) => !p.endsWith('og.png')));
    assert.match(page('dist', `${BETA}cfo/roi/`).toString(), /layout v2/);
    edit('content/site.yaml', 'name: Kestrel Fixture Systems', 'name: Kestrel Fixture Systems Oy');
    const vendor = await build();
    expectRendered(vendor, [...all.alpha, ...all.beta]);
  });

  it('an account removed and one added: nothing of the removed one survives; only the new one renders', async () => {
    unlinkSync(path.join(root, 'accounts/beta.yaml'));
    writeFileSync(path.join(root, 'accounts/gamma.yaml'), readFileSync(path.join(root, 'accounts/alpha.yaml'), 'utf8').replace('name: Alphaworks Fixture Ltd', 'name: Gammaray Fixture Ltd').replace('./alpha/logo.svg', './gamma/logo.svg'));
    cpSync(path.join(root, 'accounts/alpha'), path.join(root, 'accounts/gamma'), { recursive: true });
    const b = await build();
    expectRendered(b, all.alpha.map((p) => p.replace(ALPHA, '/gamma/')));
    assert.ok(!files('dist').some((f) => f.startsWith(BETA.slice(1))), 'no page of the removed account is left');
  });

  it('the incremental dist/ equals a clean build of the same content, byte for byte', async () => {
    const clean = await build('clean');
    expectRendered(clean, [...all.alpha, ...all.alpha.map((p) => p.replace(ALPHA, '/gamma/'))]);
    const incremental = files('dist');
    assert.deepEqual(incremental, files('clean'));
    for (const f of incremental) assert.ok(readFileSync(path.join(root, 'dist', f)).equals(readFileSync(path.join(root, 'clean', f))), `${f} differs from a clean build`);
  });
});
