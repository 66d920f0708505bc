/**
 * Mixed directions over the built demo, in Chromium: a piece with no translation into a Persian
 * account's language is shown in English, marked with its own lang and dir and laid out left to
 * right inside the right-to-left page; the pager's arrows point the way the page reads. Also: the
 * build has no index page (the dev server's account list must never be published).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { demoAccounts } from './demo.ts';

const accounts = demoAccounts();
const fa = accounts.find((a) => a.locale.startsWith('fa'))!;
const fi = accounts.find((a) => a.locale.startsWith('fi'))!;
/** Ids of the pieces translated into Persian, read from the content files. */
const faTranslations = new Set(
  readdirSync('content/pieces/fa')
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => readFileSync(`content/pieces/fa/${f}`, 'utf8').match(/^translationOf:\s*["']?([\w-]+)/m)?.[1])
    .filter((id): id is string => Boolean(id)),
);
const PERSONA = 'cfo';

interface Step { pieceId: string; href: string; fallback: boolean }

/** The steps of a track page, each with whether the demo has it in Persian. */
async function trackSteps(page: Page, account = fa): Promise<Step[]> {
  await page.goto(`/${account.segment}/${PERSONA}/`);
  const hrefs = await page.locator('ol.steps h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  return hrefs.map((href) => {
    const pieceId = href.split('/').filter(Boolean).pop()!;
    return { pieceId, href, fallback: !faTranslations.has(pieceId) };
  });
}

const direction = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).direction);

/**
 * Where the text of an element is laid out: the distance of its first character from the box's
 * left edge, and, when the text ends with punctuation, whether that mark sits to the right of the
 * character before it (left to right) or to its left (the bug: an English sentence in a
 * right-to-left paragraph gets its final full stop on the wrong side).
 */
const textLayout = (locator: Locator) =>
  locator.evaluate((el) => {
    const texts: Text[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) if (walker.currentNode.textContent!.trim()) texts.push(walker.currentNode as Text);
    const charBox = (node: Text, i: number) => {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      return range.getBoundingClientRect();
    };
    const box = el.getBoundingClientRect();
    const first = texts[0]!;
    const firstChar = charBox(first, first.textContent!.search(/\S/));
    const last = texts.at(-1)!;
    const end = last.textContent!.trimEnd().length - 1;
    const punctuated = end >= 1 && /[.!?:;,)]/.test(last.textContent![end]!) && /\p{L}|\p{N}/u.test(last.textContent![end - 1]!);
    const lastBox = charBox(last, end);
    const beforeBox = charBox(last, end - 1);
    // Each line of the text: how far its end stays from the box's right edge (0 for every line of right-aligned text).
    const lines = texts.flatMap((node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return [...range.getClientRects()].filter((r) => r.width > 0);
    });
    return {
      fromLeft: firstChar.left - box.left,
      fromRight: box.right - firstChar.right,
      lineEndsFromRight: Math.max(...lines.map((r) => box.right - r.right)),
      punctuated,
      punctuationOnTheRight: lastBox.left >= beforeBox.right - 1 && Math.abs(lastBox.top - beforeBox.top) < 2,
    };
  });

test('the demo has a Persian account with both translated and English fallback pieces', async ({ page }) => {
  expect(fa.id).toBe('tirajeh');
  const steps = await trackSteps(page);
  expect(steps.filter((s) => s.fallback).length).toBeGreaterThan(0);
  expect(steps.filter((s) => !s.fallback).length).toBeGreaterThan(0);
});

test('fa track: fallback pieces carry lang="en" dir="ltr", translated ones inherit fa/rtl', async ({ page }) => {
  const steps = await trackSteps(page);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  let punctuated = 0;
  for (const step of steps) {
    const item = page.locator('ol.steps > li').filter({ has: page.locator(`h3 a[href="${step.href}"]`) });
    const title = item.locator('h3');
    const summary = item.locator('h3 + p');
    if (step.fallback) {
      for (const el of [title, summary]) {
        await expect(el, step.pieceId).toHaveAttribute('lang', 'en');
        await expect(el, step.pieceId).toHaveAttribute('dir', 'ltr');
        expect(await direction(el), step.pieceId).toBe('ltr');
      }
      // English text keeps its own direction (its full stop on the right) but lines up with the
      // Persian rows around it: every line ends at the right edge, the page's start.
      const layout = await textLayout(summary);
      expect(layout.lineEndsFromRight, step.pieceId).toBeLessThan(2);
      expect(await title.evaluate((el) => getComputedStyle(el).textAlign), step.pieceId).toBe('right');
      // And it says so, in Persian, among the step's labels.
      await expect(item.locator('.meta .lang-tag'), step.pieceId).toHaveText('به انگلیسی');
      if (layout.punctuated) punctuated++;
      if (layout.punctuated) expect(layout.punctuationOnTheRight, `${step.pieceId}: final punctuation on the right`).toBe(true);
    } else {
      for (const el of [title, summary]) {
        await expect(el, step.pieceId).not.toHaveAttribute('lang', /./);
        expect(await direction(el), step.pieceId).toBe('rtl');
      }
      await expect(item.locator('.meta .lang-tag'), step.pieceId).toHaveCount(0);
    }
    // The UI labels of the step stay in the page's language and direction.
    expect(await direction(item.locator('.meta .tag').first())).toBe('rtl');
  }
  expect(punctuated, 'fallback summaries ending with punctuation were checked').toBeGreaterThan(0);
});

test('fa piece page: an English fallback piece is an ltr article in an rtl page', async ({ page }) => {
  const fallback = (await trackSteps(page)).find((s) => s.fallback)!;
  await page.goto(fallback.href);
  await expect(page.locator('html')).toHaveAttribute('lang', fa.locale);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const article = page.locator('main article');
  await expect(article).toHaveAttribute('lang', 'en');
  await expect(article).toHaveAttribute('dir', 'ltr');
  expect(await direction(article)).toBe('ltr');
  for (const part of ['h1', 'p.lead', '.body p', 'p.cta']) {
    expect(await direction(article.locator(part).first()), part).toBe('ltr');
  }
  // Title and summary begin at the left; the summary's final full stop is on the right.
  for (const part of ['h1', 'p.lead']) {
    const layout = await textLayout(article.locator(part));
    expect(layout.fromLeft, part).toBeLessThan(2);
    expect(layout.fromRight, part).toBeGreaterThan(layout.fromLeft);
    if (part === 'p.lead') expect(layout, part).toMatchObject({ punctuated: true, punctuationOnTheRight: true });
  }
  // The UI labels inside the article are Persian, marked as such, and say the piece is in English.
  const meta = article.locator('.meta');
  await expect(meta).toHaveAttribute('lang', fa.locale);
  await expect(meta).toHaveAttribute('dir', 'rtl');
  await expect(meta.locator('.tag')).toHaveCount(4);
  await expect(meta.locator('.lang-tag')).toHaveText('به انگلیسی');
  for (const tag of await meta.locator('.tag').all()) expect(await direction(tag)).toBe('rtl');
  // Outside the article the page stays Persian and right to left.
  expect(await direction(page.locator('nav.pager'))).toBe('rtl');
  expect(await direction(page.locator('main nav.crumbs'))).toBe('rtl');
});

test('fa piece page: a translated piece inherits the page language and direction', async ({ page }) => {
  const translated = (await trackSteps(page)).find((s) => !s.fallback)!;
  await page.goto(translated.href);
  const article = page.locator('main article');
  await expect(article).not.toHaveAttribute('lang', /./);
  await expect(article).not.toHaveAttribute('dir', /./);
  expect(await direction(article)).toBe('rtl');
  await expect(article.locator('.meta')).not.toHaveAttribute('lang', /./);
});

/** A piece page with both a previous and a next link in the cfo track of an account. */
async function middlePiece(page: Page, account: typeof fa): Promise<Step> {
  const steps = await trackSteps(page, account);
  expect(steps.length, `${account.id} ${PERSONA} track`).toBeGreaterThan(2);
  // In the fa account prefer one whose neighbours include a fallback title (mixed directions);
  // elsewhere `fallback` means nothing and the first middle piece is taken.
  const middle = steps.slice(1, -1);
  return middle.find((_, i) => steps[i]!.fallback || steps[i + 2]!.fallback) ?? middle[0]!;
}

/**
 * Which side of the other text on its line a pager link's arrow sits: `left`, `right`, or
 * `middle` (then it points at neither edge).
 */
const arrowSide = (link: Locator) =>
  link.evaluate((a) => {
    const arrow = a.querySelector('[aria-hidden="true"]')!;
    const box = arrow.getBoundingClientRect();
    const others: DOMRect[] = [];
    const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (arrow.contains(node) || !node.textContent!.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0 && r.bottom > box.top + 1 && r.top < box.bottom - 1) others.push(r);
    }
    if (others.length === 0) return 'alone';
    const left = Math.min(...others.map((r) => r.left));
    const right = Math.max(...others.map((r) => r.right));
    return box.right <= left + 1 ? 'left' : box.left >= right - 1 ? 'right' : 'middle';
  });

async function pager(page: Page) {
  const prev = page.locator('nav.pager a[rel="prev"]');
  const next = page.locator('nav.pager a[rel="next"]');
  await expect(prev).toBeVisible();
  await expect(next).toBeVisible();
  for (const link of [prev, next]) {
    // One arrow per link, hidden from assistive technology: the accessible name is the words and the title.
    await expect(link.locator('[aria-hidden="true"]')).toHaveCount(1);
    await expect(link).not.toHaveAccessibleName(/[←→]/);
    await expect(link).toHaveAccessibleName(/\S+: \S/);
  }
  const arrow = async (l: Locator) => (await l.locator('[aria-hidden="true"]').textContent())!.trim();
  return {
    prevArrow: await arrow(prev),
    nextArrow: await arrow(next),
    prevSide: await arrowSide(prev),
    nextSide: await arrowSide(next),
    prev: (await prev.boundingBox())!,
    next: (await next.boundingBox())!,
  };
}

test('fa piece page: the pager is mirrored, previous at the right pointing right', async ({ page }) => {
  const step = await middlePiece(page, fa);
  await page.goto(step.href);
  const p = await pager(page);
  expect(p.prevArrow).toBe('→');
  expect(p.nextArrow).toBe('←');
  // Each arrow stands at the outer end of its link's text and points away from the text.
  expect(p.prevSide).toBe('right');
  expect(p.nextSide).toBe('left');
  // Previous comes first in reading order: at the right (or above, when the two links wrap).
  expect(p.prev.x + p.prev.width).toBeGreaterThanOrEqual(p.next.x + p.next.width - 1);
  expect(p.prev.y).toBeLessThanOrEqual(p.next.y + 1);
  // English titles of fallback neighbours are marked and isolated inside the Persian labels.
  for (const rel of ['prev', 'next']) {
    const link = page.locator(`nav.pager a[rel="${rel}"]`);
    const pieceId = (await link.getAttribute('href'))!.split('/').filter(Boolean).pop()!;
    await expect(link.locator('[lang="en"][dir="ltr"]'), `${rel}: ${pieceId}`).toHaveCount(faTranslations.has(pieceId) ? 0 : 1);
  }
});

test('fi piece page: the pager reads left to right, previous at the left pointing left', async ({ page }) => {
  const step = await middlePiece(page, fi);
  await page.goto(step.href);
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  const p = await pager(page);
  expect(p.prevArrow).toBe('←');
  expect(p.nextArrow).toBe('→');
  expect(p.prevSide).toBe('left');
  expect(p.nextSide).toBe('right');
  expect(p.prev.x).toBeLessThanOrEqual(p.next.x + 1);
  expect(p.prev.y).toBeLessThanOrEqual(p.next.y + 1);
});

test('the build publishes no index page: / is a 404 and dist/index.html does not exist', async ({ request }) => {
  expect(existsSync('dist/404.html'), 'the demo is built').toBe(true);
  expect(existsSync('dist/index.html')).toBe(false);
  const response = await request.get('/');
  expect(response.status()).toBe(404);
  const html = await response.text();
  for (const account of accounts) expect(html).not.toContain(account.segment);
});
