/**
 * Printed (to PDF, in Chromium, A4 and US Letter), over the built demo: the calculator stays on
 * one page, the account owner's e-mail is on paper, and no landing page, piece, path or plan ends
 * on a near-empty page (landing pages and plans in both sizes, paths and pieces in one each, in turn).
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

/**
 * The paper sizes a page is printed in: the landing page and the plan, the pages most often printed
 * whole, in both; paths and pieces, which share their layout, alternately in A4 and Letter, so that
 * every page is printed once and each layout in both sizes (four PDFs a page took a third of the e2e run).
 */
function formatsFor(account: (typeof accounts)[number], file: string, index: number): (keyof typeof FORMATS)[] {
  if (inBothSizes(account, file)) return ['A4', 'Letter'];
  return [index % 2 === 0 ? 'A4' : 'Letter'];
}
const inBothSizes = (account: (typeof accounts)[number], file: string) => file === `dist/${account.segment}/index.html` || file === `dist/${account.segment}/plan/index.html`;

for (const account of accounts) {
  test(`${account.id}: no landing page, piece, path or plan prints with a near-empty last page (A4 and Letter)`, async ({ page }) => {
    // The landing page (/<account>/), piece pages (/<account>/<persona>/<piece>/), paths and the plan (/<account>/<x>/).
    const files = htmlFiles(`dist/${account.segment}`).sort();
    expect(files).toContain(`dist/${account.segment}/index.html`);
    test.setTimeout(30_000 + files.length * 4_000);
    const found: string[] = [];
    const printedIn = { A4: 0, Letter: 0 };
    for (const [index, file] of files.entries()) {
      await page.goto(urlOf(file));
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      for (const format of formatsFor(account, file, index)) {
        const height = FORMATS[format];
        printedIn[format]++;
        const pages = await printed(page, format);
        const withBlank = await printed(page, format, height * 0.75);
        if (withBlank === pages) found.push(`${urlOf(file)} (${format}): its last page of ${pages} is less than a quarter full`);
      }
    }
    expect(files.length).toBeGreaterThan(10);
    expect(printedIn.A4 + printedIn.Letter).toBe(files.length + files.filter((f) => inBothSizes(account, f)).length);
    expect(Math.min(printedIn.A4, printedIn.Letter)).toBeGreaterThan(files.length / 3);
    expect(found, found.join('\n')).toEqual([]);
  });
}
