/**
 * Screenshots of each page type, left-to-right and right-to-left, desktop and mobile, for people
 * to judge (written to test-results/screenshots/, not committed), and the print stylesheet: what a
 * forwarded printout keeps and drops.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { demoAccounts } from './demo.ts';

const OUT = path.resolve('test-results/screenshots');
const accounts = demoAccounts();
const ltr = accounts.find((a) => a.id === 'quillfen')!;
const rtl = accounts.find((a) => a.id === 'tirajeh')!;
const viewports = { desktop: { width: 1280, height: 900 }, mobile: { width: 390, height: 844 } };

for (const [direction, account] of [['ltr', ltr], ['rtl', rtl]] as const) {
  for (const [device, viewport] of Object.entries(viewports)) {
    test(`screenshots: landing, track, piece and plan, ${direction}, ${device}`, async ({ browser }) => {
      mkdirSync(OUT, { recursive: true });
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const pages = { landing: `/${account.segment}/`, track: `/${account.segment}/cfo/`, piece: `/${account.segment}/cfo/roi-of-automation/`, plan: `/${account.segment}/plan/` };
      for (const [kind, url] of Object.entries(pages)) {
        await page.goto(url);
        await expect(page.locator('html')).toHaveAttribute('dir', direction);
        const file = path.join(OUT, `${kind}-${direction}-${device}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect(statSync(file).size, file).toBeGreaterThan(10_000);
      }
      await context.close();
    });
  }
}

test('printed, a piece keeps its content and the addresses of its links, and drops navigation', async ({ page }) => {
  await page.goto(`/${ltr.segment}/cfo/roi-of-automation/`);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.pager')).toBeHidden();
  await expect(page.locator('article h1')).toBeVisible();
  await expect(page.locator('tailor-roi')).toBeVisible();
  const band = await page.locator('header.band').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(band).toBe('rgba(0, 0, 0, 0)');
  const privacy = page.locator('footer a[href^="https://"]').first();
  const after = await privacy.evaluate((el) => getComputedStyle(el, '::after').content);
  expect(after).toContain('https://');
  await page.pdf({ path: path.join(OUT, 'piece-print.pdf') }).catch(() => undefined);
});
