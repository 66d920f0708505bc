/** Visits in Chromium become rows in the conversion log, through the snippet and the collector. */
import { expect, test, type Page } from '@playwright/test';
import { DatabaseSync } from 'node:sqlite';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { signStakeholder } from '../../src/events/personalLink.ts';
import type { LogRow } from '../../src/events/schema.ts';
import { SELECT_SQL } from '../../src/collector/logSql.ts';
import { demoAccounts } from './demo.ts';

const SECRET = process.env.TAILOR_LINK_SECRET!;
const account = demoAccounts().find((a) => a.id === 'quillfen')!;
const stakeholder = account.committee.find((s) => s.persona === 'cfo')!;

function rows(where: string, ...args: string[]): LogRow[] {
  const db = new DatabaseSync(process.env.TAILOR_E2E_LOG!, { readOnly: true });
  try {
    return db.prepare(`${SELECT_SQL} WHERE ${where} ORDER BY t`).all(...args) as unknown as LogRow[];
  } finally {
    db.close();
  }
}

/** The anonymous visitor id the snippet keeps for this browser (read while on a microsite page). */
const visitorOf = (page: Page) => page.evaluate(() => localStorage.getItem('tailor.v'));

/** Rows of one visitor, once `done` holds. */
async function visitorRows(visitor: string | null, done: (rows: LogRow[]) => boolean) {
  expect(visitor).toBeTruthy();
  let found: LogRow[] = [];
  await expect.poll(() => done((found = rows('visitor = ?', visitor!))), { timeout: 10_000 }).toBe(true);
  return found;
}

test('the snippet is one hashed file of at most 1,000 bytes gzipped, loaded by every page', () => {
  const html = readFileSync(`dist/${account.segment}/index.html`, 'utf8');
  const src = /<script defer src="(\/_astro\/tailor-tracker\.[\w-]+\.js)" data-a="quillfen"/.exec(html)?.[1];
  expect(src).toBeTruthy();
  const size = gzipSync(readFileSync(`dist${src}`), { level: 9 }).length;
  console.log(`tracking snippet: ${size} bytes gzipped`);
  expect(size).toBeLessThanOrEqual(1000);
});

test('a personal link: page views, scroll, CTA and engaged seconds are logged for the stakeholder', async ({ page }) => {
  const token = await signStakeholder(SECRET, { a: account.id, s: stakeholder.id });
  await page.goto(`/${account.segment}/cfo/?t=${token}`);
  await expect(page).toHaveURL(`/${account.segment}/cfo/`); // the token leaves the address bar
  const visitor = await visitorOf(page);
  await page.locator('ol.steps h3 a').first().click();
  const piecePath = new URL(page.url()).pathname;
  const piece = piecePath.split('/')[3]!;
  await page.mouse.wheel(0, 20_000);
  await page.waitForTimeout(2_300);
  // Leave the page: the snippet sends engaged time on pagehide.
  await page.goto('/robots.txt');
  const logged = await visitorRows(visitor, (r) => r.some((x) => x.type === 'engaged_time' && x.piece === piece));
  for (const row of logged) {
    expect(row.account).toBe(account.id);
    expect(row.persona).toBe('cfo');
    expect(row.stakeholder).toBe(stakeholder.id);
    expect(row.session).toBeTruthy();
  }
  const views = logged.filter((r) => r.type === 'page_view').map((r) => r.piece);
  expect(views).toEqual([null, piece]);
  expect(logged.find((r) => r.type === 'page_view' && r.piece === piece)?.ref).toBe('internal');
  expect(logged.some((r) => r.type === 'scroll' && r.value === 100 && r.piece === piece)).toBe(true);
  const engaged = logged.filter((r) => r.type === 'engaged_time' && r.piece === piece).reduce((s, r) => s + (r.value ?? 0), 0);
  expect(engaged).toBeGreaterThanOrEqual(2);
  expect(engaged).toBeLessThanOrEqual(6);
});

test('a CTA click and a completed ROI calculation are logged', async ({ page }) => {
  await page.goto(`/${account.segment}/cfo/roi-of-automation/`);
  await expect(page.locator('tailor-roi')).toHaveAttribute('data-ready', 'true');
  const visitor = await visitorOf(page);
  await page.locator('tailor-roi input[name="hoursSavedPerWeek"]').fill('5');
  await page.waitForTimeout(1_800);
  await page.route('https://meet.kestrel.example/**', (route) => route.fulfill({ status: 200, body: 'meeting' }));
  await page.locator('.owner a[data-cta="meeting"]').click();
  const logged = await visitorRows(visitor, (r) => r.some((x) => x.type === 'cta_click') && r.some((x) => x.type === 'calculator_completed'));
  expect(logged.find((r) => r.type === 'cta_click')?.label).toBe('meeting');
  expect(logged.find((r) => r.type === 'calculator_completed')?.value).toBeGreaterThan(0);
});

test('Global Privacy Control: only account-level events, even with a personal link', async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { 'Sec-GPC': '1' } });
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const page = await context.newPage();
  // An account no other test visits: every row of it from now on comes from this GPC browser.
  const quiet = demoAccounts().find((a) => a.id === 'meridell')!;
  const someone = quiet.committee[0]!;
  const token = await signStakeholder(SECRET, { a: quiet.id, s: someone.id });
  const since = String(Date.now() - 1000);
  await page.goto(`/${quiet.segment}/?t=${token}`);
  await page.goto('/robots.txt');
  let fresh: LogRow[] = [];
  await expect.poll(() => (fresh = rows('account = ? AND received_at >= ?', quiet.id, since)).length, { timeout: 10_000 }).toBeGreaterThan(0);
  for (const row of fresh) expect([row.visitor, row.session, row.stakeholder]).toEqual([null, null, null]);
  expect(fresh.map((r) => r.type)).toContain('page_view');
  expect(await page.evaluate(() => [localStorage.getItem('tailor.v'), localStorage.getItem('tailor.k')])).toEqual([null, null]);
  await context.close();
});

test('a forged token is recorded as anonymous, never as the stakeholder', async ({ page }) => {
  const genuine = await signStakeholder(SECRET, { a: account.id, s: stakeholder.id });
  const forged = Buffer.from(`${account.id}:${account.committee.at(-1)!.id}`).toString('base64url') + '.' + genuine.split('.')[1];
  await page.goto(`/${account.segment}/cfo/?t=${forged}`);
  const logged = await visitorRows(await visitorOf(page), (r) => r.some((x) => x.type === 'page_view'));
  expect(logged.every((r) => r.stakeholder === null)).toBe(true);
  expect(logged[0]?.visitor).toBeTruthy();
});

test('the campaign a visit came in by (UTM) is logged on every page of the visit', async ({ page }) => {
  await page.goto(`/${account.segment}/?utm_source=Newsletter&utm_medium=email&utm_campaign=q4-cfo-briefing`);
  const visitor = await visitorOf(page);
  await page.locator('main a[href$="/cfo/"]').first().click();
  await page.waitForURL(`**/${account.segment}/cfo/`);
  await page.goto('about:blank');
  const logged = await visitorRows(visitor, (r) => r.filter((x) => x.type === 'page_view').length >= 2);
  const views = logged.filter((r) => r.type === 'page_view');
  expect(views.map((r) => r.campaign)).toEqual(['newsletter/email/q4-cfo-briefing', 'newsletter/email/q4-cfo-briefing']);
  expect(views.map((r) => r.ref)).toEqual(['email', 'internal']);
});
