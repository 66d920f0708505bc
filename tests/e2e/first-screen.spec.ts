/**
 * The first screen does the work, in Chromium over the built demo, on a phone (390 x 844) and a
 * desktop (1440 x 900): the offer is the headline and names the account, the account owner is
 * there with a way to book, a phone keeps a booking button within reach on every page, the path
 * starts at its first step, a calculator is in the first screen of its piece, tables are styled,
 * a negative return says it does not pay back, and the footer says what is measured.
 */
import { expect, test, type Locator } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { demoAccounts, htmlFiles } from './demo.ts';

const accounts = demoAccounts();
const SCREENS = { phone: { width: 390, height: 844 }, desktop: { width: 1440, height: 900 } } as const;
const vendor = (parse(readFileSync('content/site.yaml', 'utf8')) as { vendor: { name: string } }).vendor.name;

/** Whether the element is visible, entirely inside the viewport as it is scrolled now, and not covered by anything. */
async function onScreen(locator: Locator): Promise<boolean> {
  if (!(await locator.isVisible())) return false;
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth || r.width === 0) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && (el === hit || el.contains(hit));
  });
}

/** The first of the candidates that is on screen, or undefined. */
async function firstOnScreen(candidates: Locator): Promise<Locator | undefined> {
  for (const candidate of await candidates.all()) if (await onScreen(candidate)) return candidate;
  return undefined;
}

/** The path of every built page of an account whose HTML matches `pattern`. */
const pagesWith = (account: (typeof accounts)[number], pattern: RegExp) =>
  htmlFiles(`dist/${account.segment}`)
    .filter((f) => pattern.test(readFileSync(f, 'utf8')))
    .map((f) => f.slice('dist'.length).replace(/index\.html$/, ''));

for (const [device, viewport] of Object.entries(SCREENS)) {
  test(`landing, ${device}: the offer names the account, and the owner (photo, name, book) is in the first screen`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    for (const account of accounts) {
      await page.goto(`/${account.segment}/`);
      const h1 = page.locator('h1');
      await expect(h1.locator('.for')).toContainText(account.shortName);
      await expect(h1).toContainText(account.proposition.headline ?? account.proposition.summary);
      expect(await onScreen(h1), `${account.id}: headline`).toBe(true);
      const owner = page.locator('.hero-owner');
      expect(await onScreen(owner.getByText(account.owner.name, { exact: true })), `${account.id}: owner's name`).toBe(true);
      if (account.owner.photo) expect(await onScreen(owner.locator('img.hero-photo')), `${account.id}: owner's photo`).toBe(true);
      const book = await firstOnScreen(page.locator(`a[data-cta="meeting"][href="${account.owner.meetingUrl}"]`));
      expect(book, `${account.id}: a book button in the first screen`).toBeDefined();
    }
    await context.close();
  });
}

test('phone: a book button stays within reach on every page type, wherever the page is scrolled', async ({ browser }) => {
  const context = await browser.newContext({ viewport: SCREENS.phone });
  const page = await context.newPage();
  for (const account of accounts) {
    const persona = account.committee[0]!.persona;
    await page.goto(`/${account.segment}/${persona}/`);
    const piece = (await page.locator('ol.steps h3 a').first().getAttribute('href'))!;
    const paths = [`/${account.segment}/`, `/${account.segment}/${persona}/`, piece, ...(account.plan ? [`/${account.segment}/plan/`] : [])];
    for (const path of paths) {
      await page.goto(path);
      for (const at of [0, 0.5, 1]) {
        await page.evaluate((f) => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * f), at);
        const book = await firstOnScreen(page.locator(`a[data-cta="meeting"][href="${account.owner.meetingUrl}"]`));
        expect(book, `${path} scrolled to ${at * 100} %`).toBeDefined();
        expect((await book!.boundingBox())!.height, path).toBeGreaterThanOrEqual(40);
      }
      // In the middle of the page it is the bar's, in the lower half of the screen, where a thumb reaches.
      if ((await page.evaluate(() => document.documentElement.scrollHeight)) > 2 * SCREENS.phone.height) {
        await page.evaluate(() => scrollTo(0, (document.documentElement.scrollHeight - innerHeight) / 2));
        const bar = page.locator('.book-bar a[data-cta="meeting"]');
        expect(await onScreen(bar), `${path}: the booking bar in mid-page`).toBe(true);
        expect((await bar.boundingBox())!.y, path).toBeGreaterThan(SCREENS.phone.height / 2);
      }
    }
  }
  // On a desktop the bar gives way to the page's own buttons.
  const desktop = await browser.newContext({ viewport: SCREENS.desktop });
  const wide = await desktop.newPage();
  await wide.goto(`/${accounts[0]!.segment}/`);
  await expect(wide.locator('.book-bar')).toBeHidden();
  await context.close();
  await desktop.close();
});

test('"Start here" marks the first step of every path, and the start button opens it', async ({ page }) => {
  for (const account of accounts) {
    for (const persona of new Set(account.committee.map((s) => s.persona))) {
      await page.goto(`/${account.segment}/${persona}/`);
      const steps = page.locator('ol.steps > li');
      if ((await steps.count()) === 0) continue;
      await expect(page.locator('ol.steps .start-tag'), `${account.id}/${persona}`).toHaveCount(1);
      await expect(steps.first().locator('.start-tag')).toBeVisible();
      await expect(steps.first()).toHaveClass(/\bstart\b/);
      const first = await steps.first().locator('h3 a').getAttribute('href');
      await expect(page.locator('main a.button', { hasText: /\S/ }).first()).toHaveAttribute('href', first!);
    }
  }
});

for (const [device, viewport] of Object.entries(SCREENS)) {
  test(`a piece with a calculator shows it in the first screen, with a low cover band, ${device}`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    let checked = 0;
    for (const account of accounts) {
      for (const path of pagesWith(account, /<tailor-roi/)) {
        await page.goto(path);
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const calculator = page.locator('tailor-roi');
        expect(await onScreen(calculator.locator('h2')), `${path}: the calculator's title`).toBe(true);
        if (device === 'desktop') expect(await onScreen(calculator.locator('input').first()), `${path}: its first field`).toBe(true);
        const cover = (await page.locator('article img.cover').boundingBox())!;
        expect(cover.height, `${path}: cover band`).toBeLessThanOrEqual(130);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
    // A piece without a calculator keeps its full cover.
    const account = accounts[0]!;
    const plain = pagesWith(account, /<article/).find((p) => !pagesWith(account, /<tailor-roi/).includes(p))!;
    await page.goto(plain);
    const cover = (await page.locator('article img.cover').boundingBox())!;
    expect(cover.height).toBeGreaterThan(130);
    await context.close();
  });
}

test('tables in pieces are styled: ruled rows, a header on a surface, cells with room, nothing wider than the text', async ({ browser }) => {
  for (const viewport of Object.values(SCREENS)) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const paths = accounts.flatMap((a) => pagesWith(a, /<table/));
    expect(paths.length, 'the demo has a piece with a table').toBeGreaterThan(0);
    await page.goto(paths[0]!);
    const table = page.locator('article .body table').first();
    const style = (locator: Locator, ...props: string[]) =>
      locator.evaluate((el, names) => names.map((n) => getComputedStyle(el).getPropertyValue(n)), props);
    expect(await style(table, 'border-collapse')).toEqual(['collapse']);
    const [headBackground] = await style(table.locator('thead th').first(), 'background-color');
    expect(headBackground).not.toBe('rgba(0, 0, 0, 0)');
    const [border, padding] = await style(table.locator('tbody td').first(), 'border-bottom-style', 'padding-left');
    expect(border).toBe('solid');
    expect(parseFloat(padding!)).toBeGreaterThanOrEqual(6);
    const [tableBox, bodyBox] = [await table.boundingBox(), await page.locator('article .body').boundingBox()];
    expect(tableBox!.width).toBeLessThanOrEqual(bodyBox!.width + 1);
    await context.close();
  }
});

test('a negative return says it does not pay back, in the page’s language', async ({ page }) => {
  for (const id of ['quillfen', 'tirajeh']) {
    const account = accounts.find((a) => a.id === id)!;
    const [path] = pagesWith(account, /<tailor-roi/);
    await page.goto(path!);
    const roi = page.locator('tailor-roi');
    await expect(roi).toHaveAttribute('data-ready', 'true');
    const noPayback = (await roi.getAttribute('data-no-payback'))!;
    expect(noPayback).toBe(id === 'tirajeh' ? 'سرمایه بازنمی‌گردد' : 'Does not pay back');
    // As pre-filled, the demo pays back in months.
    await expect(roi.locator('output[name="payback"]')).not.toHaveText(noPayback);
    // A price that the savings do not cover: the return is negative and there is no payback time.
    await roi.locator('input[name="pricePerUser"]').fill('99999999999');
    await expect(roi.locator('output[name="payback"]')).toHaveText(noPayback);
    await expect(roi.locator('output[name="roi"]')).toHaveText(/^\u200e?[−-]/);
  }
});

test('the footer says what is measured, and that a personal link is not anonymous, in the page’s language', async ({ page }) => {
  const personal: Record<string, RegExp> = { en: /personal link/, fi: /Henkilökohtaisesta linkistä/, vi: /liên kết cá nhân/, fa: /پیوند شخصی/ };
  const anonymous = /anonymous|anonyym|ẩn danh|ناشناس/i;
  for (const account of accounts) {
    await page.goto(`/${account.segment}/`);
    const footer = page.locator('footer .measured');
    await expect(footer).toContainText(vendor);
    await expect(footer).toContainText(personal[account.locale.split('-')[0]!]!);
    await expect(page.locator('footer')).not.toContainText(anonymous);
  }
});
