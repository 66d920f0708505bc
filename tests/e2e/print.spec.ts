/**
 * Printed (to PDF, in Chromium, A4 and US Letter), over the built demo: the calculator stays on
 * one page, the account owner's e-mail is on paper, and no landing page, piece, path or plan ends
 * on a near-empty page.
 *
 * A near-empty last page is measured with Chromium's own pagination: a blank block of three
 * quarters of a page added at the end fits on the last page only if that page is less than a
 * quarter full. The page's content height comes from the site's `@page` margins (15 mm at the
 * top, 16 mm at the bottom: src/layouts/Microsite.astro).
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demoAccounts, htmlFiles } from './demo.ts';

const accounts = demoAccounts();
const FORMATS = { A4: 297 - 31, Letter: 279.4 - 31 } as const; // content height in mm
const MM = 96 / 25.4;

/** Pages in a PDF, from its page tree. */
function pageCount(pdf: Buffer): number {
  const count = /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/.exec(pdf.toString('latin1'))?.[1];
  if (count === undefined) throw new Error('no page tree in the PDF');
  return Number(count);
}

async function printed(page: Page, format: keyof typeof FORMATS, blankAtEnd = 0): Promise<number> {
  await page.evaluate((mm) => {
    document.getElementById('test-blank')?.remove();
    if (mm > 0) document.body.insertAdjacentHTML('beforeend', `<div id="test-blank" style="height:${mm}mm"></div>`);
  }, blankAtEnd);
  return pageCount(await page.pdf({ format }));
}

const urlOf = (file: string) => file.slice('dist'.length).replace(/index\.html$/, '');

test('printed, the calculator is one block on one page, and the owner’s e-mail is written out', async ({ page }) => {
  let checked = 0;
  for (const account of accounts) {
    for (const file of htmlFiles(`dist/${account.segment}`).filter((f) => readFileSync(f, 'utf8').includes('<tailor-roi'))) {
      await page.goto(urlOf(file));
      await page.emulateMedia({ media: 'print' });
      for (const [format, height] of Object.entries(FORMATS)) {
        // Laid out at the printed width of the format (210 or 215.9 mm less 15 mm each side).
        await page.setViewportSize({ width: Math.floor(((format === 'A4' ? 210 : 215.9) - 30) * MM), height: 1000 });
        const roi = page.locator('tailor-roi');
        const [display, breakInside, px] = await roi.evaluate((el) => [getComputedStyle(el).display, getComputedStyle(el).breakInside, el.getBoundingClientRect().height] as const);
        expect(display, urlOf(file)).toBe('block');
        expect(breakInside, urlOf(file)).toBe('avoid');
        expect(px, `${urlOf(file)}: the calculator is shorter than a ${format} page`).toBeLessThan(height * MM * 0.8);
      }
      const email = page.locator('.owner .email');
      await expect(email).toBeVisible();
      await expect(email).toContainText(account.owner.email);
      // The e-mail button, useless on paper, gives way to it; on screen it is the other way round.
      await expect(page.locator('.owner a[href^="mailto:"]')).toBeHidden();
      await page.emulateMedia({ media: 'screen' });
      await expect(email).toBeHidden();
      await expect(page.locator('.owner a[href^="mailto:"]')).toBeVisible();
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(5);
});

for (const account of accounts) {
  test(`${account.id}: no landing page, piece, path or plan prints with a near-empty last page (A4 and Letter)`, async ({ page }) => {
    // The landing page (/<account>/), piece pages (/<account>/<persona>/<piece>/), paths and the plan (/<account>/<x>/).
    const files = htmlFiles(`dist/${account.segment}`);
    expect(files).toContain(`dist/${account.segment}/index.html`);
    test.setTimeout(30_000 + files.length * 4_000);
    const found: string[] = [];
    for (const file of files) {
      await page.goto(urlOf(file));
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      for (const [format, height] of Object.entries(FORMATS) as [keyof typeof FORMATS, number][]) {
        const pages = await printed(page, format);
        const withBlank = await printed(page, format, height * 0.75);
        if (withBlank === pages) found.push(`${urlOf(file)} (${format}): its last page of ${pages} is less than a quarter full`);
      }
    }
    expect(files.length).toBeGreaterThan(10);
    expect(found, found.join('\n')).toEqual([]);
  });
}
