/**
 * <Video> in a piece: nothing is requested from the video host until the visitor presses play;
 * the press is logged; the player then loads from the privacy-enhanced address.
 */
import { expect, test } from '@playwright/test';
import { DatabaseSync } from 'node:sqlite';
import AxeBuilder from '@axe-core/playwright';
import type { LogRow } from '../../src/events/schema.ts';
import { SELECT_SQL } from '../../src/collector/logSql.ts';
import { demoAccounts } from './demo.ts';

const accounts = demoAccounts();
const english = accounts.find((a) => a.id === 'quillfen')!;
const persian = accounts.find((a) => a.id === 'tirajeh')!;
const PIECE = 'head-of-sales/revenue-operations-live';

function rows(visitor: string): LogRow[] {
  const db = new DatabaseSync(process.env.TAILOR_E2E_LOG!, { readOnly: true });
  try {
    return db.prepare(`${SELECT_SQL} WHERE visitor = ? ORDER BY t`).all(visitor) as unknown as LogRow[];
  } finally {
    db.close();
  }
}

test('no request leaves for the video host before play; pressing play loads the privacy-enhanced player and is logged', async ({ page }) => {
  const offSite: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) offSite.push(r.url());
  });
  await page.route(/youtube/, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>player</title>' }));
  await page.goto(`/${english.segment}/${PIECE}/`);
  const video = page.locator('tailor-video');
  await expect(video).toHaveAttribute('data-ready', 'true');
  await page.waitForLoadState('networkidle');
  expect(offSite).toEqual([]);
  // The placeholder holds the player's 16:9 place, so nothing moves when it loads.
  const box = (await video.locator('.frame').boundingBox())!;
  expect(Math.abs(box.width / box.height - 16 / 9)).toBeLessThan(0.02);
  const visitor = (await page.evaluate(() => localStorage.getItem('tailor.v')))!;

  await page.getByRole('button', { name: /^Play video: Preview: an approval workflow/ }).click();
  const player = video.locator('iframe');
  await expect(player).toHaveAttribute('src', /^https:\/\/www\.youtube-nocookie\.com\/embed\/aqz-KE-bpKQ\?autoplay=1/);
  await expect(player).toHaveAttribute('title', 'Preview: an approval workflow from quote to signed order');
  const after = (await video.locator('.frame').boundingBox())!;
  expect(Math.round(after.height)).toBe(Math.round(box.height));
  expect(offSite.every((url) => url.startsWith('https://www.youtube-nocookie.com/'))).toBe(true);

  await expect.poll(() => rows(visitor).filter((r) => r.type === 'cta_click' && r.label === 'video').length, { timeout: 10_000 }).toBe(1);
  const play = rows(visitor).find((r) => r.label === 'video')!;
  expect(play.piece).toBe('revenue-operations-live');
  expect(play.persona).toBe('head-of-sales');
});

test('the video speaks the account language, works without JavaScript as a link, and passes axe', async ({ browser, page }) => {
  const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await noScript.goto(`/${persian.segment}/${PIECE}/`);
  await expect(noScript.locator('tailor-video button')).toContainText('پخش ویدیو');
  await expect(noScript.locator('figure.video figcaption a')).toHaveAttribute('href', 'https://www.youtube.com/watch?v=aqz-KE-bpKQ');
  await expect(noScript.locator('figure.video figcaption a')).toHaveText('تماشا در YouTube');

  await page.goto(`/${persian.segment}/${PIECE}/`);
  await expect(page.locator('tailor-video')).toHaveAttribute('data-ready', 'true');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
});
