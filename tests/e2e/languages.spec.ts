/**
 * Every language, all the way, over the built demo in Chromium: proof points in the page's
 * language (their attributions too), fallbacks marked where they are linked, Persian figures in
 * one digit system with its own percent sign, and no synthetic italic in Arabic script.
 */
import { expect, test } from '@playwright/test';
import { demoAccounts, htmlFiles } from './demo.ts';
import { readFileSync } from 'node:fs';

const accounts = demoAccounts();
const fa = accounts.find((a) => a.locale.startsWith('fa'))!;
const nonEnglish = accounts.filter((a) => !a.locale.startsWith('en'));

test('the demo has accounts in fi, vi and fa', () => {
  expect(nonEnglish.map((a) => a.locale.split('-')[0]).sort()).toEqual(['fa', 'fi', 'vi']);
});

for (const account of nonEnglish) {
  test(`${account.id}: every proof card is in the page’s language, who said it included`, async ({ page }) => {
    const personas = [...new Set(account.committee.map((s) => s.persona))];
    let cards = 0;
    for (const path of [`/${account.segment}/`, ...personas.map((p) => `/${account.segment}/${p}/`)]) {
      await page.goto(path);
      const proof = page.locator('.proof-card');
      cards += await proof.count();
      // A card in the page's language carries no lang of its own, and nothing inside it does.
      await expect(proof.and(page.locator('[lang]')), path).toHaveCount(0);
      await expect(proof.locator('[lang]'), path).toHaveCount(0);
      await expect(proof.locator('.lang-note'), path).toHaveCount(0);
    }
    expect(cards, `${account.id} shows proof points`).toBeGreaterThan(0);
  });
}

test('fa plan page: a piece linked in English says so, in Persian, and is marked as English', async ({ page }) => {
  expect(fa.plan, 'the Persian demo account has a plan').toBeTruthy();
  await page.goto(`/${fa.segment}/plan/`);
  const links = page.locator('.reads a');
  const count = await links.count();
  let english = 0;
  for (let i = 0; i < count; i++) {
    const link = links.nth(i);
    const lang = await link.getAttribute('lang');
    const note = link.locator('xpath=following-sibling::*[1][contains(@class, "lang-note")]');
    if (lang === 'en') {
      english++;
      await expect(link).toHaveAttribute('dir', 'ltr');
      await expect(note).toHaveText('(به انگلیسی)');
    } else {
      expect(lang).toBeNull();
      await expect(note).toHaveCount(0);
    }
  }
  expect(english, 'the plan links both translated and English pieces').toBeGreaterThan(0);
  expect(english).toBeLessThan(count);
});

test('Persian calculator: each figure and the formula in Persian digits, with ٪, never mixed', () => {
  const files = htmlFiles(`dist/${fa.segment}`).filter((f) => readFileSync(f, 'utf8').includes('<tailor-roi'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const html = readFileSync(file, 'utf8');
    const texts = [...html.matchAll(/<output name="\w+"[^>]*>([^<]*)</g), ...html.matchAll(/<p class="assumptions"[^>]*>([^<]*)</g)].map((m) => m[1]!);
    expect(texts.length, file).toBe(5);
    for (const text of texts) {
      expect(text, `${file}: Latin digits or % in "${text}"`).not.toMatch(/[0-9%]/);
      expect(text, `${file}: "${text}"`).toMatch(/[۰-۹]/);
    }
    expect(texts[2], 'the return ends with the Persian percent sign').toMatch(/^[\u200e\u2212-]?[۰-۹٫٬]+٪$/);
  }
  // And the others never borrow the Persian sign.
  for (const account of accounts.filter((a) => a !== fa)) {
    for (const file of htmlFiles(`dist/${account.segment}`).filter((f) => readFileSync(f, 'utf8').includes('<tailor-roi'))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/[٪۰-۹]/);
    }
  }
});

test('quotes are not slanted in Arabic script; in Latin script they are', async ({ page }) => {
  await page.goto(`/${fa.segment}/`);
  const persian = page.locator('.proof-card .quote p');
  expect(await persian.count()).toBeGreaterThan(0);
  for (const quote of await persian.all()) {
    expect(await quote.evaluate((el) => getComputedStyle(el).fontStyle)).toBe('normal');
    expect(await quote.evaluate((el) => getComputedStyle(el).fontSynthesisStyle)).toBe('none');
  }
  const latin = accounts.find((a) => a.id === 'corvanne')!;
  await page.goto(`/${latin.segment}/`);
  expect(await page.locator('.proof-card .quote p').first().evaluate((el) => getComputedStyle(el).fontStyle)).toBe('italic');
});
