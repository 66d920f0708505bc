/** End to end: simulate a month through the real collector, score it, read the report in Chromium. */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

test.describe.configure({ mode: 'serial' });

const state = mkdtempSync(path.join(tmpdir(), 'tailor-report-e2e-'));
const env = { ...process.env, TAILOR_STATE_DIR: state, TAILOR_LOG_FILE: path.join(state, 'conversions.db'), TAILOR_LINK_SECRET: 'report-e2e-secret-report-e2e-secret-0000' };
const run = (script: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [script, ...args], { env, encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout;
};

test.beforeAll(() => {
  // The manifest of the demo build (npm run test:e2e builds first).
  copyFileSync('.tailor/manifest.json', path.join(state, 'manifest.json'));
});

test('simulate, score and report: heated accounts rank first and are sales-ready', async ({ page }) => {
  const simulated = run('src/cli/simulate.ts');
  expect(simulated).toMatch(/Collector: \d+ event\(s\) logged; dropped \{"bot":\d+\}/);
  const plan = JSON.parse(readFileSync(path.join(state, 'simulation.json'), 'utf8')) as { stories: Record<string, string> };
  const heated = Object.entries(plan.stories).filter(([, s]) => s === 'heating').map(([a]) => a).sort();
  expect(heated.length).toBe(2);
  const cooling = Object.entries(plan.stories).find(([, s]) => s === 'cooling')![0];

  const reported = run('src/cli/report.ts');
  expect(reported).toMatch(/new alert\(s\):/);

  await page.goto(pathToFileURL(path.join(state, 'report/index.html')).href);
  const rows = page.locator('table.ranking tbody tr');
  await expect(rows).toHaveCount(Object.keys(plan.stories).length);
  const top = [await rows.nth(0).getAttribute('data-account'), await rows.nth(1).getAttribute('data-account')].sort();
  expect(top).toEqual(heated);
  for (const i of [0, 1]) await expect(rows.nth(i).locator('.stage')).toHaveText('sales-ready');
  for (let i = 2; i < (await rows.count()); i++) await expect(rows.nth(i).locator('.stage')).not.toHaveText('sales-ready');
  await expect(page.locator(`tr[data-account="${cooling}"] .flag`, { hasText: 'cooling' })).toBeVisible();
  await expect(page.locator('svg.spark')).toHaveCount(Object.keys(plan.stories).length);

  // The account page explains itself: the contributions add up to the score shown.
  await page.locator(`tr[data-account="${heated[0]}"] a`).click();
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('svg.chart').first()).toBeVisible();
  await expect(page.locator('table.funnel .met')).toHaveCount(5);
  const points = await page.locator('table').nth(1).locator('tbody tr td:last-child').allTextContents();
  const total = Number((await page.locator('strong.score').textContent())!.replace(/,/g, ''));
  const sum = points.reduce((s, p) => s + Number(p.replace(/,/g, '')), 0);
  expect(Math.abs(sum - total)).toBeLessThan(0.05 * points.length);

  // Re-running the report raises no alert twice.
  expect(run('src/cli/report.ts')).toContain('0 new alert(s).');
  const csv = readFileSync(path.join(state, 'report/alerts.csv'), 'utf8').split('\r\n');
  expect(csv[0]).toBe('account,domain,owner,stage,score,reason,top_content,alert_kind,at');
  expect(csv.filter((l) => l.includes('entered sales-ready')).length).toBe(2);
});
