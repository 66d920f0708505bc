/**
 * The Content-Security-Policy, in Chromium over the built demo as `npm run serve` sends it: every
 * page type (landing, track, a piece with the ROI calculator, a piece with a video, the plan, the
 * 404 page), left to right and right to left, is used as a visitor would (the calculator edited,
 * the video played, beacons sent) and the browser reports no `securitypolicyviolation` at all.
 * The header is the one the build wrote into dist/_headers for Cloudflare.
 */
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { SELECT_SQL } from '../../src/collector/logSql.ts';
import type { LogRow } from '../../src/events/schema.ts';
import { demoAccounts, htmlFiles } from './demo.ts';

const accounts = demoAccounts();
const ltr = accounts.find((a) => a.id === 'quillfen')!;
const rtl = accounts.find((a) => a.locale.startsWith('fa'))!;
const CALCULATOR = 'cfo/roi-of-automation';
const VIDEO = 'head-of-sales/revenue-operations-live';

/** The policy of dist/_headers (the `/*` rule), as Cloudflare reads it. */
const policy = /^\/\*\n(?:  .*\n)*?  Content-Security-Policy: (.*)$/m.exec(readFileSync('dist/_headers', 'utf8'))?.[1];

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

/** Records every violation the page reports, from before its first script runs. */
async function watch(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    (window as unknown as { __violations: unknown[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: `${e.sourceFile}:${e.lineNumber}` }),
    );
  });
  // Chromium also says so on the console; kept as a second witness.
  const console: Violation[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) console.push({ directive: 'console', blocked: '', sample: m.text(), source: m.location().url });
  });
  return async () => [...((await page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations)) ?? []), ...console];
}

function rows(visitor: string): LogRow[] {
  const db = new DatabaseSync(process.env.TAILOR_E2E_LOG!, { readOnly: true });
  try {
    return db.prepare(`${SELECT_SQL} WHERE visitor = ? ORDER BY t`).all(visitor) as unknown as LogRow[];
  } finally {
    db.close();
  }
}

test('the build wrote a strict policy, and every inline script of every built page is allowed by its hash', () => {
  expect(policy).toBeTruthy();
  for (const directive of ["default-src 'none'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "img-src 'self' data:", "connect-src 'self'", 'frame-src https://www.youtube-nocookie.com https://player.vimeo.com']) {
    expect(policy).toContain(directive);
  }
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  const allowed = new Set(/script-src ([^;]*)/.exec(policy!)![1]!.split(' '));
  let inline = 0;
  for (const file of htmlFiles('dist')) {
    for (const m of readFileSync(file, 'utf8').matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
      inline++;
      const hash = `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`;
      expect(allowed.has(hash), `${file}: an inline script the policy does not allow (${hash})`).toBe(true);
    }
  }
  // The calculator's and the video's scripts are inlined on their pages (else this checks nothing).
  expect(inline).toBeGreaterThan(0);
});

for (const account of [ltr, rtl]) {
  test.describe(`${account.id} (${account.locale})`, () => {
    test('landing, track, plan and the 404 page: the header on each, no violation', async ({ page }) => {
      const violations = await watch(page);
      const pages = [`/${account.segment}/`, `/${account.segment}/cfo/`, ...(account.plan ? [`/${account.segment}/plan/`] : []), '/no-such-page/'];
      for (const path of pages) {
        const response = (await page.goto(path))!;
        expect(response.status(), path).toBe(path === '/no-such-page/' ? 404 : 200);
        expect(response.headers()['content-security-policy'], path).toBe(policy);
        await page.waitForLoadState('networkidle');
        expect(await violations(), path).toEqual([]);
      }
      expect(account.plan, 'the demo account has a plan page').toBeTruthy();
    });

    test('the ROI calculator computes, and the tracking beacons still arrive', async ({ page }) => {
      const violations = await watch(page);
      const response = (await page.goto(`/${account.segment}/${CALCULATOR}/`))!;
      expect(response.headers()['content-security-policy']).toBe(policy);
      const calculator = page.locator('tailor-roi');
      await expect(calculator).toHaveAttribute('data-ready', 'true');
      const before = await calculator.locator('output[name="annualSavings"]').textContent();
      await calculator.locator('input[name="hoursSavedPerWeek"]').fill('7');
      await expect(calculator.locator('output[name="annualSavings"]')).not.toHaveText(before!);
      // Enter in a field must not post the form anywhere (form-action 'none').
      await calculator.locator('input[name="users"]').press('Enter');
      const visitor = (await page.evaluate(() => localStorage.getItem('tailor.v')))!;
      expect(visitor).toBeTruthy();
      await expect.poll(() => rows(visitor).some((r) => r.type === 'page_view'), { timeout: 10_000 }).toBe(true);
      await page.waitForTimeout(1_800);
      await expect.poll(() => rows(visitor).some((r) => r.type === 'calculator_completed'), { timeout: 10_000 }).toBe(true);
      expect(await violations()).toEqual([]);
    });

    test('the video: the placeholder, then the player after play, framed from its host only', async ({ page }) => {
      const violations = await watch(page);
      // Offline: the player's host answers from here; the policy is checked before any request.
      await page.route(/youtube-nocookie\.com/, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>player</title>' }));
      const response = (await page.goto(`/${account.segment}/${VIDEO}/`))!;
      expect(response.headers()['content-security-policy']).toBe(policy);
      const video = page.locator('tailor-video');
      await expect(video).toHaveAttribute('data-ready', 'true');
      await video.locator('button.play').click();
      const player = video.locator('iframe');
      await expect(player).toHaveAttribute('src', /^https:\/\/www\.youtube-nocookie\.com\/embed\//);
      // The player's document loaded in the frame: frame-src let it in.
      await expect.poll(() => page.frames().find((f) => f.url().startsWith('https://www.youtube-nocookie.com/'))?.title()).toBe('player');
      expect(await violations()).toEqual([]);
    });
  });
}

test('a violation is seen: the listener works (a script from elsewhere is refused)', async ({ page }) => {
  const violations = await watch(page);
  await page.goto(`/${ltr.segment}/`);
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = 'https://elsewhere.example/x.js';
    document.head.append(s);
  });
  await expect.poll(async () => (await violations()).some((v) => v.directive === 'script-src-elem' && v.blocked.startsWith('https://elsewhere.example'))).toBe(true);
});
