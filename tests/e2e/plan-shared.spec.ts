/**
 * The plan both sides work in, over the built demo and the embedded server: calendar files linked
 * from the plan and read back with a real iCalendar parser, the share link that never carries a
 * personal token, and a visitor on a personal link marking a step done on the Persian (RTL) plan,
 * stored in the log's database and shown again after a reload. The island's byte budget is
 * measured on the built page.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DatabaseSync } from 'node:sqlite';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import ICAL from 'ical.js';
import { demoAccounts, publicNames } from './demo.ts';
import { signStakeholder } from '../../src/events/personalLink.ts';
import { SELECT_PLAN_UPDATES_SQL } from '../../src/collector/planUpdates.ts';
import type { PlanUpdateRow } from '../../src/events/planUpdate.ts';

const SECRET = process.env.TAILOR_LINK_SECRET!;
const accounts = demoAccounts();
const withPlan = accounts.filter((a) => a.plan);
const tirajeh = accounts.find((a) => a.id === 'tirajeh')!;
/** The island's budget: every script of the plan page but the tracking snippet, gzipped. */
const ISLAND_BUDGET = 4096;

const isoDay = (due: string | Date) => (due instanceof Date ? due.toISOString().slice(0, 10) : String(due));
const eventsOf = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
const planRows = (account: string, stakeholder: string) => {
  const db = new DatabaseSync(process.env.TAILOR_E2E_LOG!, { readOnly: true });
  try {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'plan_updates'").get();
    return exists ? (db.prepare(`${SELECT_PLAN_UPDATES_SQL} WHERE account = ? AND stakeholder = ?`).all(account, stakeholder) as unknown as PlanUpdateRow[]) : [];
  } finally {
    db.close();
  }
};

test(`the plan page's island is at most ${ISLAND_BUDGET} bytes gzipped`, () => {
  const html = readFileSync(`dist/${tirajeh.segment}/plan/index.html`, 'utf8');
  const inline = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const files = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => readFileSync(`dist${m[1]}`, 'utf8'));
  const code = [...inline, ...files].join('\n');
  expect(code, 'the island is on the page').toContain('plan-work');
  const size = gzipSync(code, { level: 9 }).length;
  console.log(`plan island: ${Buffer.byteLength(code)} bytes, ${size} bytes gzipped (budget ${ISLAND_BUDGET})`);
  expect(size).toBeLessThanOrEqual(ISLAND_BUDGET);
});

test('tirajeh: a step’s calendar link and the whole plan’s lead to valid calendar files, all-day on the due dates', async ({ page, request }) => {
  const plan = tirajeh.plan!;
  await page.goto(`/${tirajeh.segment}/plan/`);
  const items = page.locator('ol.milestones > li');
  const step = 2; // the third step
  const href = await items.nth(step).locator('a.calendar').getAttribute('href');
  expect(href).toBe(`/${tirajeh.segment}/plan/${step + 1}.ics`);
  const response = await request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const text = await response.text();
  expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
  const [event, ...more] = eventsOf(text);
  expect(more).toEqual([]);
  expect(event!.summary).toBe(plan.milestones[step]!.title);
  expect(event!.startDate.isDate).toBe(true);
  expect(event!.startDate.toString()).toBe(isoDay(plan.milestones[step]!.due));
  expect(event!.uid).toBe(`tailor-plan-tirajeh-${step + 1}@${tirajeh.domain}`);

  const all = page.locator('.plan-links a.calendar');
  await expect(all).toHaveAttribute('href', `/${tirajeh.segment}/plan.ics`);
  const whole = eventsOf(await (await request.get(`/${tirajeh.segment}/plan.ics`)).text());
  expect(whole.map((e) => [e.summary, e.startDate.toString()])).toEqual(plan.milestones.map((m) => [m.title, isoDay(m.due)]));
  expect(whole[step]!.uid).toBe(event!.uid);
});

test('calendar files name stakeholders only where the plan marks them public, and hold no other account’s data', () => {
  for (const account of withPlan) {
    const files = [`dist/${account.segment}/plan.ics`, ...readdirSync(`dist/${account.segment}/plan`).filter((f) => f.endsWith('.ics')).map((f) => `dist/${account.segment}/plan/${f}`)];
    expect(files.length).toBe(account.plan!.milestones.length + 1);
    // Published: the build's listing names them (npm run serve answers only what it lists; deploy uploads it).
    const listed = new Set(readFileSync('.tailor/dist-files.txt', 'utf8').split('\n'));
    for (const f of files) expect(listed.has(f.slice('dist/'.length)), f).toBe(true);
    const shown = new Set(publicNames(account));
    const others = accounts.filter((a) => a.id !== account.id).flatMap((a) => [a.name, a.domain, a.segment, ...a.committee.flatMap((s) => [s.name, s.email])]).filter((s): s is string => Boolean(s));
    // Unfolded, so that a name split over two lines is still found.
    const text = files.map((f) => readFileSync(f, 'utf8').replace(/\r\n /g, '')).join('\n');
    for (const s of account.committee) {
      if (s.name) expect(text.includes(s.name), `${account.id}: ${s.id}`).toBe(shown.has(s.name));
      if (s.email) expect(text.includes(s.email)).toBe(false);
    }
    for (const needle of others) expect(text.includes(needle), `${account.id} holds ${needle}`).toBe(false);
  }
});

test('tirajeh on a personal link: “share with a colleague” mails the landing address, never the token', async ({ page }) => {
  const token = await signStakeholder(SECRET, { a: 'tirajeh', s: 'cfo-1' });
  for (const path of [`/${tirajeh.segment}/plan/`, `/${tirajeh.segment}/`]) {
    await page.goto(`${path}?t=${token}`);
    const share = page.locator('a.share');
    await expect(share).toHaveCount(1);
    const href = (await share.getAttribute('href'))!;
    expect(href.startsWith('mailto:?')).toBe(true);
    const params = new URLSearchParams(href.slice('mailto:?'.length));
    const body = params.get('body')!;
    expect(body).toContain(`/${tirajeh.segment}/`);
    expect(new URL(body.match(/https?:\/\/\S+/)![0]).pathname).toBe(`/${tirajeh.segment}/`);
    for (const text of [href, decodeURIComponent(href)]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split('.')[1]!);
      expect(text).not.toMatch(/[?&]t=/);
    }
    expect(params.get('subject')).toContain(tirajeh.shortName);
  }
});

test('tirajeh (fa, RTL): a stakeholder on their personal link marks a step done; it is stored and shown after a reload', async ({ page }) => {
  const token = await signStakeholder(SECRET, { a: 'tirajeh', s: 'cfo-1' });
  const plan = tirajeh.plan!;
  const step = plan.milestones.findIndex((m) => m.status !== 'done' && m.owners.some((o) => 'stakeholder' in o && o.stakeholder === 'cfo-1'));
  expect(step).toBeGreaterThanOrEqual(0);
  await page.goto(`/${tirajeh.segment}/plan/?t=${token}`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('#plan-work .note')).toBeVisible();
  const item = page.locator('ol.milestones > li').nth(step);
  const form = item.locator('div.work');
  await expect(form).toBeVisible();
  await form.locator('button[value="done"]').click();
  await expect(form.locator('output')).toHaveText('ارسال شد: مسئول حساب شما باخبر شد.');
  await expect.poll(() => planRows('tirajeh', 'cfo-1').map((r) => [r.kind, Number(r.step), r.stepTitle])).toContainEqual(['done', step, plan.milestones[step]!.title]);
  // A comment too: its text comes back as text.
  await form.locator('textarea').fill('<b>بررسی</b> حقوقی یک هفته بیشتر زمان می‌برد.');
  await form.locator('button[value="comment"]').click();
  await expect(form.locator('output')).toHaveText('ارسال شد: مسئول حساب شما باخبر شد.');

  // The token left the address bar with the first visit; the reload comes back without it.
  await page.reload();
  expect(page.url()).not.toContain('t=');
  const updates = item.locator('.updates');
  await expect(updates).toBeVisible();
  await expect(updates.locator('li.done')).toContainText('انجام‌شده علامت خورد');
  await expect(updates.locator('li.done')).toContainText('(شما)');
  await expect(updates.locator('li.comment')).toContainText('<b>بررسی</b> حقوقی');
  await expect(item).toHaveClass(/marked-done/);
  // Without scripts the page is the same static plan: the updates are the island's.
  const html = readFileSync(`dist/${tirajeh.segment}/plan/index.html`, 'utf8');
  expect(html).not.toContain('حقوقی یک هفته');
});

test('tirajeh: a colleague on their own link sees the update, not as theirs; a visitor without a link is offered nothing', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const token = await signStakeholder(SECRET, { a: 'tirajeh', s: 'user-2' });
  // user-2's own update, sent as the island sends it.
  await page.goto(`/${tirajeh.segment}/plan/?t=${token}`);
  // A step not done yet (it offers "mark as done" too): Enter in the date field sends the date, nothing else.
  const step = tirajeh.plan!.milestones.findIndex((m) => m.status !== 'done');
  const form = page.locator('ol.milestones > li').nth(step).locator('div.work');
  await expect(form.locator('button[value="done"]')).toBeVisible();
  await form.locator('input[type="date"]').fill('2027-01-20');
  await form.locator('input[type="date"]').press('Enter');
  await expect(form.locator('output')).toHaveText('ارسال شد: مسئول حساب شما باخبر شد.');
  expect(planRows('tirajeh', 'user-2').map((r) => [r.kind, Number(r.step), r.value])).toEqual([['date', step, '2027-01-20']]);
  await context.close();

  const anonymous = await browser.newContext();
  const other = await anonymous.newPage();
  await other.goto(`/${tirajeh.segment}/plan/`);
  await expect(other.locator('div.work').first()).toBeHidden();
  await expect(other.locator('#plan-work .note')).toBeHidden();
  await expect(other.locator('.updates').first()).toBeHidden();
  await anonymous.close();
});

test('tirajeh under Global Privacy Control: the page says why it cannot send updates, and the collector refuses one', async ({ browser, request }) => {
  const context = await browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const page = await context.newPage();
  const token = await signStakeholder(SECRET, { a: 'tirajeh', s: 'ceo-1' });
  await page.goto(`/${tirajeh.segment}/plan/?t=${token}`);
  await expect(page.locator('#plan-work .privacy')).toBeVisible();
  await expect(page.locator('#plan-work .privacy')).toContainText('Global Privacy Control');
  await expect(page.locator('div.work').first()).toBeHidden();
  await context.close();
  const origin = new URL(page.url()).origin;
  const refused = await request.post('/tailor/plan', { data: JSON.stringify({ k: token, id: 'e2e-gpc-update-0001', step: 0, kind: 'done' }), headers: { origin, 'content-type': 'text/plain', 'sec-gpc': '1' } });
  expect(refused.status()).toBe(403);
  expect(planRows('tirajeh', 'ceo-1')).toEqual([]);
});

test('tirajeh on a personal link, with the three actions and the updates shown: the plan passes axe (WCAG 2.1 AA)', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const token = await signStakeholder(SECRET, { a: 'tirajeh', s: 'cto-1' });
  await page.goto(`/${tirajeh.segment}/plan/?t=${token}`);
  const form = page.locator('ol.milestones > li').nth(2).locator('div.work');
  await form.locator('textarea').fill('آزمون اتصال این هفته انجام می‌شود.');
  await form.locator('button[value="comment"]').click();
  await expect(page.locator('ol.milestones > li').nth(2).locator('.updates li.comment')).toBeVisible();
  await expect(page.locator('div.work').first()).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target.join(' ')}`);
  expect(found, found.join('\n')).toEqual([]);
  await context.close();
});
