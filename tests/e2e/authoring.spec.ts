/**
 * The author's workflow against real Astro runs: a broken content file fails the build with the
 * file, the field and the bad value; scaffolds build; the dev preview bar switches accounts.
 * Serial: these runs share the project's .astro/ folder.
 */
import { expect, test } from '@playwright/test';
import { demoAccounts } from './demo.ts';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scaffold } from '../../src/cli/new.ts';

test.describe.configure({ mode: 'serial' });

function buildBroken(edit: (root: string) => void | Promise<void>) {
  return buildFixture(edit);
}

async function buildFixture(edit: (root: string) => void | Promise<void>) {
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
    },
  });
  rmSync(root, { recursive: true, force: true });
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
  expect(output).toMatch(/case\.mdx/);
  expect(output).toMatch(/pieces → case data does not match collection schema/);
  expect(output).toMatch(/format: Invalid option: expected one of "case-study"/);
});

test('an <Account> field that does not exist names the piece and the allowed fields', async () => {
  const { status, output } = await buildBroken((root) => {
    const file = path.join(root, 'content/pieces/roi.mdx');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<Account field="name" />', '<Account field="revenue" />'));
  });
  expect(status).not.toBe(0);
  expect(output).toContain('content/pieces/roi.mdx: <Account field="revenue" />: unknown field. Allowed fields: name');
});

test('files made by `npm run new` build as they are', async () => {
  const { status, output } = await buildFixture(async (root) => {
    await scaffold('account', 'Nordlake Telecom Oy', { root });
    await scaffold('persona', 'Head of Procurement', { root });
    await scaffold('piece', 'The cost of manual work', { root });
  });
  expect(status, output).toBe(0);
  expect(output).toContain('social card rendered: nordlake-telecom-oy');
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
    await bar.locator('select[name="account"]').selectOption(to.segment);
    await expect(page).toHaveURL(new RegExp(`/${to.segment}/cfo/roi-of-automation/$`));
    // The same piece, now for the Finnish account: its name and language.
    await expect(page.locator('html')).toHaveAttribute('lang', to.locale);
    await expect(page.locator('.account-field[data-field="name"]').first()).toHaveText(to.name);
    await page.locator('tailor-preview select[name="persona"]').selectOption('ceo');
    await expect(page).toHaveURL(new RegExp(`/${to.segment}/ceo/`));
  });
});
