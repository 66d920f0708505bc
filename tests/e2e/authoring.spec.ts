/**
 * The author's workflow against real Astro runs: a broken content file fails the build with the
 * file, the field and the bad value; scaffolds build; the dev preview bar switches accounts.
 * Serial: these runs share the project's .astro/ folder.
 */
import { expect, test } from '@playwright/test';
import { demoAccounts } from './demo.ts';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scaffold } from '../../src/cli/new.ts';

test.describe.configure({ mode: 'serial' });

function buildBroken(edit: (root: string) => void | Promise<void>) {
  return buildFixture(edit);
}

async function buildFixture(edit: (root: string) => void | Promise<void>, options: { env?: Record<string, string>; inspect?: (dist: string) => void } = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-broken-'));
  cpSync('tests/fixtures/minimal', root, { recursive: true });
  await edit(root);
  const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
    encoding: 'utf8',
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      TAILOR_CONTENT_ROOT: root,
      TAILOR_OUT_DIR: path.join(root, 'dist'),
      TAILOR_ASTRO_CACHE: path.join(root, '.astro-cache'),
      TAILOR_CACHE_DIR: path.join(root, '.cards'),
      TAILOR_STATE_DIR: path.join(root, '.state'),
      ...options.env,
    },
  });
  try {
    options.inspect?.(path.join(root, 'dist'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  // Astro colours its messages; compare plain text.
  const output = (result.stdout + result.stderr).replace(/\x1b\[[0-9;]*m/g, '');
  return { status: result.status, output, root };
}

test('a stakeholder pointing at a missing persona names file, field and value', async () => {
  const { status, output } = await buildBroken((root) => {
    const file = path.join(root, 'accounts/alpha.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('persona: cfo,', 'persona: cfoo,'));
  });
  expect(status).not.toBe(0);
  expect(output).toContain('accounts/alpha.yaml: buyingCommittee[0].persona: unknown persona "cfoo" (did you mean "cfo"?)');
});

test('a piece with a schema error names the file and the field', async () => {
  const { status, output } = await buildBroken((root) => {
    const file = path.join(root, 'content/pieces/case.mdx');
    writeFileSync(file, readFileSync(file, 'utf8').replace('format: case-study', 'format: casestudy'));
  });
  expect(status).not.toBe(0);
  expect(output).toContain('content/pieces/case.mdx: format: expected one of case-study,');
  expect(output).toContain('(did you mean "case-study"?)');
});

test('an <Account> field that does not exist names the piece and the allowed fields', async () => {
  const { status, output } = await buildBroken((root) => {
    const file = path.join(root, 'content/pieces/roi.mdx');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<Account field="name" />', '<Account field="revenue" />'));
  });
  expect(status).not.toBe(0);
  expect(output).toContain('content/pieces/roi.mdx:10:5: <Account field="revenue">: unknown field. Allowed fields: name');
});

test('files made by `npm run new` are drafts until made ready, then they build and publish', async () => {
  const drafts = await buildFixture(async (root) => {
    await scaffold('account', 'Nordlake Telecom Oy', { root });
    await scaffold('piece', 'The cost of manual work', { root });
  });
  expect(drafts.status, drafts.output).toBe(0);
  expect(drafts.output).not.toContain('social card rendered: nordlake-telecom-oy');

  const edit = (root: string, file: string, pairs: [string | RegExp, string][]) => {
    let text = readFileSync(path.join(root, file), 'utf8');
    for (const [from, to] of pairs) {
      const next = text.replace(from, to);
      expect(next, `${file}: ${from}`).not.toBe(text);
      text = next;
    }
    writeFileSync(path.join(root, file), text);
  };
  const realLogo = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10"><rect width="10" height="10" fill="#123"/></svg>';
  const ready = await buildFixture(async (root) => {
    await scaffold('account', 'Nordlake Telecom Oy', { root });
    await scaffold('piece', 'The cost of manual work', { root });
    edit(root, 'accounts/nordlake-telecom-oy.yaml', [
      ['draft: true', 'draft: false'],
      ['domain: example.com', 'domain: nordlake.fi'],
      [/Describe the first goal.*/, 'Halve the time from order to activation.'],
      [/Describe a problem.*/, 'Orders wait for manual checks.'],
      [/Say in one or two sentences.*/, 'Automated order checks for Nordlake.'],
      [/Say what this persona gets.*/, 'A lower cost per order.'],
      ['name: Your Name', 'name: Anna Virtanen'],
      ['you@example.com', 'anna@kestrel.example'],
      ['https://example.com/book-a-meeting', 'https://meet.kestrel.example/anna'],
      ['Job title as the account uses it', 'Talousjohtaja'],
    ]);
    writeFileSync(path.join(root, 'accounts/nordlake-telecom-oy/logo.svg'), realLogo);
    edit(root, 'content/pieces/the-cost-of-manual-work.mdx', [
      ['draft: true', 'draft: false'],
      [/Say in one or two sentences.*/, 'What manual checks cost a year.'],
      [/Write the piece here.*/, 'Manual checks cost more than they seem.'],
    ]);
    writeFileSync(path.join(root, 'content/pieces/covers/the-cost-of-manual-work.svg'), realLogo);
  });
  expect(ready.status, ready.output).toBe(0);
  expect(ready.output).toContain('social card rendered: nordlake-telecom-oy');
});

test('a build without TAILOR_SITE_URL says it is a local preview; with it, pages carry the public origin', async () => {
  delete process.env.TAILOR_SITE_URL;
  const ogImage = (dist: string) => /<meta property="og:image" content="([^"]+)"/.exec(readFileSync(path.join(dist, 'alpha/index.html'), 'utf8'))?.[1];
  let local: string | undefined;
  const preview = await buildFixture(() => {}, { inspect: (dist) => (local = ogImage(dist)) });
  expect(preview.status, preview.output).toBe(0);
  expect(preview.output).toContain('LOCAL PREVIEW BUILD: TAILOR_SITE_URL is not set');
  expect(local).toBe('http://localhost:4321/alpha/og.png');

  let published: string | undefined;
  const publish = await buildFixture(() => {}, { env: { TAILOR_SITE_URL: 'https://abm.example.com' }, inspect: (dist) => (published = ogImage(dist)) });
  expect(publish.status, publish.output).toBe(0);
  expect(publish.output).not.toContain('LOCAL PREVIEW BUILD');
  expect(published).toBe('https://abm.example.com/alpha/og.png');

  const wrong = await buildFixture(() => {}, { env: { TAILOR_SITE_URL: 'abm.example.com/microsites' } });
  expect(wrong.status).not.toBe(0);
  expect(wrong.output).toContain('TAILOR_SITE_URL: "abm.example.com/microsites" is not an absolute URL');
});

test.describe('in astro dev', () => {
  const DEV_PORT = 4456;
  let dev: import('node:child_process').ChildProcess | undefined;

  test.beforeAll(async () => {
    const { spawn } = await import('node:child_process');
    dev = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--host', '127.0.0.1', '--port', String(DEV_PORT)], {
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', TAILOR_STATE_DIR: 'test-results/dev-state' },
      stdio: 'ignore',
      detached: true,
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (await fetch(`http://127.0.0.1:${DEV_PORT}/robots.txt`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error('astro dev did not start');
  });
  test.afterAll(() => {
    if (dev?.pid) process.kill(-dev.pid, 'SIGTERM');
  });

  test('the preview bar switches account and persona, keeping the piece', async ({ page }) => {
    const accounts = demoAccounts();
    const from = accounts.find((a) => a.id === 'quillfen')!;
    const to = accounts.find((a) => a.id === 'lumivaara')!;
    await page.goto(`http://127.0.0.1:${DEV_PORT}/${from.segment}/cfo/roi-of-automation/`);
    const bar = page.locator('tailor-preview');
    await expect(bar).toBeVisible();
    // The dev server compiles the bar's script on first use: wait until it listens.
    await expect(bar).toHaveAttribute('data-ready', 'true');
    await bar.locator('select[name="account"]').selectOption(to.segment);
    await expect(page).toHaveURL(new RegExp(`/${to.segment}/cfo/roi-of-automation/$`));
    // The same piece, now for the Finnish account: its name and language.
    await expect(page.locator('html')).toHaveAttribute('lang', to.locale);
    await expect(page.locator('.account-field[data-field="name"]').first()).toHaveText(to.name);
    await expect(page.locator('tailor-preview')).toHaveAttribute('data-ready', 'true');
    await page.locator('tailor-preview select[name="persona"]').selectOption('ceo');
    await expect(page).toHaveURL(new RegExp(`/${to.segment}/ceo/`));
  });

  test('/ lists every account, with links to its landing page and persona tracks', async ({ page, request }) => {
    const accounts = demoAccounts();
    const response = await page.goto(`http://127.0.0.1:${DEV_PORT}/`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
    await expect(page.locator('tr[data-account]')).toHaveCount(accounts.length);
    for (const account of accounts) {
      const row = page.locator(`tr[data-account="${account.id}"]`);
      const landing = row.locator('a.landing');
      await expect(landing).toHaveText(account.name);
      await expect(landing).toHaveAttribute('href', `/${account.segment}/`);
      await expect(row.locator('.id')).toHaveText(account.id);
      await expect(row.locator('.locale')).toHaveText(account.locale);
      const personas = [...new Set(account.committee.map((s) => s.persona))];
      const tracks = await row.locator('a.track').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
      expect(tracks.sort()).toEqual(personas.map((p) => `/${account.segment}/${p}/`).sort());
      for (const href of [`/${account.segment}/`, ...tracks]) {
        expect((await request.get(`http://127.0.0.1:${DEV_PORT}${href}`)).status(), href).toBe(200);
      }
    }
    // The Persian account's name is marked as such in the English list; its links lead to its pages.
    const fa = accounts.find((a) => a.locale.startsWith('fa'))!;
    const faRow = page.locator(`tr[data-account="${fa.id}"]`);
    await expect(faRow.locator('a.landing')).toHaveAttribute('dir', 'rtl');
    await faRow.locator('a.landing').click();
    await expect(page).toHaveURL(new RegExp(`/${fa.segment}/$`));
    // The landing page's headline names the account by its short name: "For <shortName>: <offer>".
    await expect(page.locator('h1 .for')).toHaveText(new RegExp(`${fa.shortName}:$`));
    await page.goBack();
    const persona = fa.committee[0]!.persona;
    await page.locator(`tr[data-account="${fa.id}"] a.track[href="/${fa.segment}/${persona}/"]`).click();
    await expect(page).toHaveURL(new RegExp(`/${fa.segment}/${persona}/$`));
    await expect(page.locator('ol.steps > li').first()).toBeVisible();
  });
});

test('`npm run deploy -- --dry-run` builds for the public origin and validates the Worker with wrangler, with no secret in what it would upload', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'tailor-deploy-'));
  const secret = 'deploy-secret-never-uploaded-0123456789';
  try {
    const run = spawnSync(process.execPath, ['src/cli/deploy.ts', '--dry-run'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        ASTRO_TELEMETRY_DISABLED: '1',
        TAILOR_SITE_URL: 'https://abm.example.com',
        TAILOR_LINK_SECRET: secret,
        TAILOR_OUT_DIR: path.join(work, 'dist'),
        TAILOR_ASTRO_CACHE: path.join(work, '.astro-cache'),
        TAILOR_STATE_DIR: path.join(work, 'state'),
      },
    });
    const output = run.stdout + run.stderr;
    expect(run.status, output).toBe(0);
    expect(output).toContain('Dry run complete');
    // What would be uploaded, as plain text: Tailor's count and size, and wrangler's Worker size.
    expect(output.slice(output.indexOf('2/5 '))).not.toContain('\x1b');
    expect(output).toMatch(/Assets: \d[\d,]* files, [\d.]+ (MB|KB) in all \(the build's listed files; wrangler read \d+ entries/);
    expect(output).toMatch(/Worker: [\d.]+ KiB \(gzip [\d.]+ KiB\)/);
    expect(output).not.toContain('LOCAL PREVIEW BUILD');
    const config = JSON.parse(readFileSync(path.join(work, 'state/worker/wrangler.json'), 'utf8'));
    expect(config.vars.TAILOR_SITE_ORIGINS).toBe('https://abm.example.com');
    expect(config.assets.run_worker_first).toEqual(['/tailor/*']);
    const landing = readFileSync(path.join(work, 'dist', demoAccounts()[0]!.segment, 'index.html'), 'utf8');
    expect(landing).toContain('content="https://abm.example.com/');
    const uploaded = [path.join(work, 'state/worker/worker.js'), path.join(work, 'state/worker/wrangler.json'), ...readdirSync(path.join(work, 'state/worker/dry-run')).map((f) => path.join(work, 'state/worker/dry-run', f))];
    for (const file of uploaded) expect(readFileSync(file, 'utf8'), file).not.toContain(secret);

    const missing = spawnSync(process.execPath, ['src/cli/deploy.ts', '--dry-run'], { encoding: 'utf8', env: { ...process.env, TAILOR_SITE_URL: '' } });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('tailor deploy: set TAILOR_SITE_URL to the public origin');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('`npm run deploy` without a Cloudflare login, or with one Cloudflare cannot check, stops before building, in one plain line', async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'tailor-home-'));
  try {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLOUDFLARE_')));
    const deploy = (extra: Record<string, string>) =>
      spawnSync(process.execPath, ['src/cli/deploy.ts'], { encoding: 'utf8', timeout: 60_000, env: { ...env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), TAILOR_SITE_URL: 'https://abm.example.com', TAILOR_STATE_DIR: path.join(home, 'state'), ...extra } });
    const none = deploy({});
    expect(none.status).toBe(1);
    expect(none.stdout).not.toContain('Building');
    expect(none.stderr.trim().split('\n')).toEqual([
      'tailor deploy: no Cloudflare login: run `npx wrangler login` (opens a browser), or set CLOUDFLARE_API_TOKEN (a token with Workers Scripts, D1 and Account Settings edit rights) and CLOUDFLARE_ACCOUNT_ID; nothing was built or uploaded (npm run deploy -- --dry-run needs no login)',
    ]);
    // A token, but no way to check it here (offline) or a wrong one: wrangler's first call says so.
    const bogus = deploy({ CLOUDFLARE_API_TOKEN: 'not-a-real-token' });
    expect(bogus.status).toBe(1);
    expect(bogus.stdout).not.toContain('Building');
    expect(bogus.stderr).not.toContain('\x1b');
    expect(bogus.stderr.split('\n')[0]).toMatch(/^tailor deploy: wrangler d1 list failed: (could not reach Cloudflare's API \(offline, or a proxy in the way\?\): check the connection and run again|Cloudflare did not accept the login: run `npx wrangler login`, or set a valid CLOUDFLARE_API_TOKEN \(and CLOUDFLARE_ACCOUNT_ID\))$/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
