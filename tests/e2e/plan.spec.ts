/**
 * The mutual action plan page, and proof points, as built from the demo content: read straight
 * from the account and proof files, checked against the built pages and the conversion log.
 */
import { expect, test } from '@playwright/test';
import { DatabaseSync } from 'node:sqlite';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { demoAccounts, publicNames } from './demo.ts';
import { SELECT_SQL } from '../../src/collector/logSql.ts';
import type { LogRow } from '../../src/events/schema.ts';

const accounts = demoAccounts();
const withPlan = accounts.filter((a) => a.plan);
const proofs = readdirSync('content/proof')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(readFileSync(`content/proof/${f}`, 'utf8')) as { customer: string; industry: string; alsoFor?: string[]; draft?: boolean; personas?: string[] });

test('the demo has plans for at least two accounts, one of them right to left', () => {
  expect(withPlan.length).toBeGreaterThanOrEqual(2);
  expect(withPlan.some((a) => a.locale.startsWith('fa'))).toBe(true);
});

for (const account of withPlan) {
  const plan = account.plan!;
  test(`${account.id}: the plan page lists every milestone with status, due date, owners and progress`, async ({ page }) => {
    const response = await page.goto(`/${account.segment}/plan/`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('lang', account.locale);
    await expect(page.locator('html')).toHaveAttribute('dir', account.locale.startsWith('fa') ? 'rtl' : 'ltr');
    if (plan.title) await expect(page.locator('h1')).toHaveText(plan.title);
    const items = page.locator('ol.milestones > li');
    await expect(items).toHaveCount(plan.milestones.length);
    const done = plan.milestones.filter((m) => m.status === 'done').length;
    await expect(page.locator('progress')).toHaveAttribute('value', String(done));
    await expect(page.locator('progress')).toHaveAttribute('max', String(plan.milestones.length));
    for (const [i, m] of plan.milestones.entries()) {
      const item = items.nth(i);
      await expect(item.locator('h2')).toHaveText(m.title);
      const due = m.due instanceof Date ? m.due.toISOString().slice(0, 10) : String(m.due);
      await expect(item.locator('time')).toHaveAttribute('datetime', due);
      for (const owner of m.owners) {
        if ('vendor' in owner) await expect(item.locator('.owners')).toContainText(owner.vendor);
        else await expect(item.locator('.owners')).toContainText(account.committee.find((s) => s.id === owner.stakeholder)!.title);
      }
      // Supporting pieces link into this account's own tracks, and those pages exist.
      const links = item.locator('.reads a');
      await expect(links).toHaveCount(m.pieces?.length ?? 0);
      for (const [j, piece] of (m.pieces ?? []).entries()) {
        const href = await links.nth(j).getAttribute('href');
        expect(href).toMatch(new RegExp(`^/${account.segment}/[a-z-]+/${piece}/$`));
        expect(existsSync(`dist${href}index.html`), href!).toBe(true);
      }
    }
    // The next step is the first one not done.
    const next = plan.milestones.findIndex((m) => m.status !== 'done');
    if (next >= 0) await expect(items.nth(next)).toHaveClass(/\bnext\b/);
    // The landing page leads to the plan.
    await page.goto(`/${account.segment}/`);
    await expect(page.locator(`a[href="/${account.segment}/plan/"]`).first()).toBeVisible();
  });
}

test('stakeholder names reach the plan page only for owners marked public', () => {
  const shown = withPlan.flatMap((a) => publicNames(a));
  expect(shown.length, 'the demo marks at least one plan owner public').toBeGreaterThan(0);
  for (const account of withPlan) {
    const html = readFileSync(`dist/${account.segment}/plan/index.html`, 'utf8');
    const publicOnes = new Set(publicNames(account));
    for (const s of account.committee) {
      if (!s.name) continue;
      expect(html.includes(s.name), `${account.id}: ${s.id}`).toBe(publicOnes.has(s.name));
    }
  }
});

test('accounts without a plan have no plan page', async ({ request }) => {
  for (const account of accounts.filter((a) => !a.plan)) {
    expect((await request.get(`/${account.segment}/plan/`)).status()).toBe(404);
  }
});

test('viewing the plan page is logged as plan_view', async ({ page }) => {
  const account = withPlan[0]!;
  await page.goto(`/${account.segment}/plan/`);
  const visitor = await page.evaluate(() => localStorage.getItem('tailor.v'));
  expect(visitor).toBeTruthy();
  const rows = () => {
    const db = new DatabaseSync(process.env.TAILOR_E2E_LOG!, { readOnly: true });
    try {
      return db.prepare(`${SELECT_SQL} WHERE visitor = ?`).all(visitor!) as unknown as LogRow[];
    } finally {
      db.close();
    }
  };
  await expect.poll(() => rows().map((r) => `${r.type} ${r.path}`), { timeout: 10_000 }).toContain(`plan_view /${account.segment}/plan/`);
  expect(rows().some((r) => r.type === 'page_view')).toBe(false);
});

test('each landing page shows proof from its own or a related industry, never from another', async ({ page }) => {
  for (const account of accounts) {
    await page.goto(`/${account.segment}/`);
    const cards = page.locator('.proof-card');
    const relevant = proofs.filter((p) => !p.draft && (p.industry === account.industry || p.alsoFor?.includes(account.industry)));
    await expect(cards).toHaveCount(Math.min(3, relevant.length));
    // Names as text or as the logo's alternative text.
    const text = relevant.length ? await page.locator('.proof').innerHTML() : '';
    for (const other of proofs.filter((p) => !relevant.includes(p))) expect(text, `${account.id} shows ${other.customer}`).not.toContain(other.customer);
    // The customer with the account's own industry comes first.
    if (relevant.some((p) => p.industry === account.industry)) {
      const first = await cards.first().innerHTML();
      expect(relevant.filter((p) => p.industry === account.industry).some((p) => first.includes(p.customer)), `${account.id}: first card ${first}`).toBe(true);
    }
  }
});
