/**
 * End to end: simulate a month through the real collector, score it, read the report in Chromium:
 * the call list, words instead of ids and codes, the times of the events, right-to-left names,
 * axe on the overview and an account page, and the PDF printed through Chromium.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse } from 'yaml';
import { demoAccounts } from './demo.ts';

test.describe.configure({ mode: 'serial' });

const state = mkdtempSync(path.join(tmpdir(), 'tailor-report-e2e-'));
const env = { ...process.env, TAILOR_STATE_DIR: state, TAILOR_LOG_FILE: path.join(state, 'conversions.db'), TAILOR_LINK_SECRET: 'report-e2e-secret-report-e2e-secret-0000' };
const run = (script: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [script, ...args], { env, encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout + r.stderr;
};
const reportPage = (file: string) => pathToFileURL(path.join(state, 'report', file)).href;
/** Every event time in the log, in ms. */
const eventTimes = () => {
  const db = new DatabaseSync(path.join(state, 'conversions.db'), { readOnly: true });
  const times = new Set((db.prepare('SELECT DISTINCT t FROM events').all() as { t: number }[]).map((r) => r.t));
  db.close();
  return times;
};
/** The ids of the demo's pieces (file names), which the report must never show. */
const pieceIds = readdirSync('content/pieces').filter((f) => f.endsWith('.mdx')).map((f) => f.replace(/\.mdx$/, ''));
const EVENT_CODES = /\b(page_view|engaged_time|cta_click|calculator_completed|meeting_booked|plan_view|form_submit|outbound_click|stage-entered|score-crossed|red-flag|committee-gap|key-role-activated)\b/;

async function expectNoCodes(page: Page) {
  const shown = await page.locator('body').innerText();
  expect(shown).not.toMatch(EVENT_CODES);
  for (const id of pieceIds) expect(shown, id).not.toContain(id);
}

async function expectAxeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target.join(' ')}`);
  expect(results.passes.length, 'axe ran its rules').toBeGreaterThan(10);
  expect(found, `${page.url()}\n${found.join('\n')}`).toEqual([]);
}

test.beforeAll(() => {
  // The manifest of the demo build (npm run test:e2e builds first).
  copyFileSync('.tailor/manifest.json', path.join(state, 'manifest.json'));
});

test('simulate, score and report: heated accounts rank first and are sales-ready', async ({ page }) => {
  const simulated = run('src/cli/simulate.ts');
  expect(simulated).toMatch(/Collector: \d+ event\(s\) logged; dropped \{"bot":\d+\}/);
  const plan = JSON.parse(readFileSync(path.join(state, 'simulation.json'), 'utf8')) as { stories: Record<string, string> };
  const heated = Object.entries(plan.stories).filter(([, s]) => s === 'heating').map(([a]) => a).sort();
  expect(heated.length).toBe(2);
  const cooling = Object.entries(plan.stories).find(([, s]) => s === 'cooling')![0];
  const gap = Object.entries(plan.stories).find(([, s]) => s === 'committee-gap')![0];
  const quiet = Object.entries(plan.stories).find(([, s]) => s === 'quiet')![0];
  const accounts = demoAccounts();
  const nameOf = (id: string) => accounts.find((a) => a.id === id)!.name;
  const committeeOf = (id: string) => accounts.find((a) => a.id === id)!.committee as { id: string; persona: string; role: string; name?: string; email?: string; title: string }[];

  // A meeting booked an hour ago by the first heated account's CEO, as the booking webhook logs it.
  const booker = committeeOf(heated[0]!).find((s) => s.persona === 'ceo')!;
  const bookedAt = Date.now() - 3_600_000;
  const db = new DatabaseSync(path.join(state, 'conversions.db'));
  db.prepare("INSERT INTO events (id, received_at, t, type, account, stakeholder, path, label) VALUES ('booking-e2e-0001', ?, ?, 'meeting_booked', ?, ?, '/', 'cal.com')").run(bookedAt, bookedAt, heated[0]!, booker.id);
  db.close();

  const reported = run('src/cli/report.ts');
  expect(reported).toMatch(/new alert\(s\):/);

  await page.goto(pathToFileURL(path.join(state, 'report/index.html')).href);
  const rows = page.locator('table.ranking tbody tr');
  await expect(rows).toHaveCount(Object.keys(plan.stories).length);
  const top = [await rows.nth(0).getAttribute('data-account'), await rows.nth(1).getAttribute('data-account')].sort();
  expect(top).toEqual(heated);
  for (const i of [0, 1]) await expect(rows.nth(i).locator('.stage')).toHaveText('sales-ready');
  for (let i = 2; i < (await rows.count()); i++) await expect(rows.nth(i).locator('.stage')).not.toHaveText('sales-ready');
  await expect(page.locator(`tr[data-account="${cooling}"] .flag`, { hasText: 'cooling' })).toBeVisible();
  await expect(page.locator('svg.spark')).toHaveCount(Object.keys(plan.stories).length);

  // Whom to call: the latest that matters names the stakeholder; meetings booked are counted.
  const bookedRow = page.locator(`tr[data-account="${heated[0]}"]`);
  await expect(bookedRow.locator('.latest')).toHaveText(`${booker.name} (${booker.title}) booked a meeting through Cal.com, 1 hour ago`);
  await expect(bookedRow.locator('.last-intent')).toContainText(`last intent signal ${new Date(bookedAt).toISOString().slice(0, 10)}`);
  await expect(bookedRow.locator('td.meetings')).toContainText(/^1 booked\d+\.\d days from first visit to first meeting$/);
  // The header counts only identified stakeholders as activated.
  await expect(page.locator('.summary .people')).toHaveText(/^\d+ identified stakeholders, \d+ of them activated · \d+ anonymous visitors/);
  // Red flags explain themselves, one chip per kind: by how much the score fell, which persona is missing and who.
  await expect(page.locator(`tr[data-account="${cooling}"] [data-flag="cooling"]`)).toHaveText(/^cooling score fell from \d+\.\d to \d+\.\d \(-\d+\.\d%\) in 14 days$/);
  for (const row of await page.locator('table.ranking tbody tr').all()) {
    const chips = await row.locator('.flag').allTextContents();
    expect(new Set(chips).size, chips.join(', ')).toBe(chips.length);
  }
  // The committee-gap story: only influencers and users read, so a decision-maker persona no one else holds is missing.
  const gapCommittee = committeeOf(gap);
  const missingDm = gapCommittee.find((s) => s.role === 'decision-maker' && gapCommittee.every((o) => o.role === 'decision-maker' || o.persona !== s.persona))!;
  const members = gapCommittee.filter((s) => s.persona === missingDm.persona).map((s) => (s.name ? `${s.name} (${s.title})` : s.title));
  // The persona by its title, as its file names it.
  const personaTitle = (parse(readFileSync(`content/personas/${missingDm.persona}.yaml`, 'utf8')) as { title: string }).title;
  await expect(page.locator(`tr[data-account="${gap}"] [data-flag="committee-gap"]`)).toContainText(`decision-maker persona "${personaTitle}" never engaged: no identified visit from ${members.join(', ')}`);
  // An account with only anonymous and privacy-protected visits is not "no activity".
  await expect(page.locator(`tr[data-account="${quiet}"] .stage`)).toHaveText('anonymous only');
  // Pieces that preceded intent: by lift, with the counts.
  await expect(page.locator('#preceding + p + table.lift tbody tr').first()).toContainText(/\d+ of \d+ \(\d+%\)\d+ of \d+ \(\d+%\)\d+\.\d×/);

  // What it is worth: the deals in the account files, in total and per account, and on each stage.
  await expect(page.locator('.summary .pipeline-open')).toHaveText('EUR 260,000 + GBP 145,000 + USD 184,000');
  await expect(page.locator('.summary .pipeline-won')).toHaveText('EUR 38,000');
  await expect(page.locator('tr[data-account="lumivaara"] td.pipeline')).toContainText('EUR 260,0001 open · won EUR 38,000');
  const stageOf = async (id: string) => (await page.locator(`tr[data-account="${id}"]`).getAttribute('data-stage'))!;
  const lumivaaraStage = await stageOf('lumivaara');
  await expect(page.locator(`table.pipeline tr[data-stage="${lumivaaraStage}"]`)).toContainText('EUR 260,000');
  // Fit against engagement: every account in exactly one quadrant, with its fit.
  const placed = await page.locator('.quadrant li').count();
  expect(placed).toBe(Object.keys(plan.stories).length);
  await expect(page.locator('tr[data-account="lumivaara"] td.fit')).toHaveText(/^\d+$/);
  // Channels: the e-mail campaign brought the heated accounts' decision makers, who then showed intent.
  const mail = page.locator('table.channels tr[data-campaign="newsletter/email/q4-cfo-briefing"]');
  for (const id of heated) await expect(mail).toContainText(nameOf(id));
  await expect(mail.locator('td').nth(5)).not.toHaveText('0');
  // First touch: the intent those people showed on later visits counts for the campaign that brought them.
  await expect(mail.locator('td').nth(7)).not.toHaveText('0');
  await expect(page.locator('table.channels tr[data-campaign="linkedin/paid-social/ops-awareness"]')).toContainText(nameOf(cooling));
  await expect(page.locator('table.channels tr[data-campaign="google/cpc/operations-automation"]')).toBeVisible();

  // The account page explains itself: the contributions add up to the score shown.
  await page.locator(`tr[data-account="${heated[0]}"] a`).click();
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('svg.chart').first()).toBeVisible();
  await expect(page.locator('table.funnel .met')).toHaveCount(5);
  // Stakeholders by name and title, with what a CRM matches them by.
  const ceo = committeeOf(heated[0]!).find((s) => s.persona === 'ceo')!;
  await expect(page.locator('table.people .person-name', { hasText: ceo.name! })).toHaveText(`${ceo.name} (${ceo.title})`);
  await expect(page.locator('table.people')).toContainText(ceo.email!);
  await expect(page.locator('p.meetings')).toContainText(`Meetings booked: 1 (${booker.name} (${booker.title}))`);
  const points = await page.locator('table.contributions tbody tr td:last-child').allTextContents();
  const total = Number((await page.locator('strong.score').textContent())!.replace(/,/g, ''));
  const sum = points.reduce((s, p) => s + Number(p.replace(/,/g, '')), 0);
  expect(Math.abs(sum - total)).toBeLessThan(0.05 * points.length);

  // Re-running the report raises no alert twice.
  expect(run('src/cli/report.ts')).toContain('0 new alert(s).');
  const csv = readFileSync(path.join(state, 'report/alerts.csv'), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('account,domain,owner,stage,score,reason,top_content,alert_kind,at,alert_id,stakeholder_id,name,title,email,crm_id');
  // One row per alert and contact: each sales-ready alert names its activated decision makers by name and e-mail.
  const alertRows = parseCsv(csv, { columns: true }) as Record<string, string>[];
  const salesReady = alertRows.filter((r) => r['reason']!.startsWith('entered sales-ready'));
  expect(new Set(salesReady.map((r) => r['alert_id'])).size).toBe(2);
  for (const r of salesReady) {
    const member = committeeOf(r['account']!).find((s) => s.id === r['stakeholder_id']);
    expect(member, JSON.stringify(r)).toBeTruthy();
    expect([r['name'], r['email']]).toEqual([member!.name, member!.email]);
  }
  // The alerts log (and so the webhook payload) carries the same contacts.
  const logged = readFileSync(path.join(state, 'alerts.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { reason: string; contacts: { name: string | null; email: string | null }[] });
  expect(logged.find((a) => a.reason.startsWith('entered sales-ready'))!.contacts.every((c) => c.name && c.email)).toBe(true);
  const people = parseCsv(readFileSync(path.join(state, 'report/stakeholders.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  const bookerRow = people.find((p) => p['account'] === heated[0] && p['stakeholder_id'] === booker.id)!;
  expect([bookerRow['name'], bookerRow['email'], bookerRow['meetings_booked']]).toEqual([booker.name, booker.email, '1']);
});

test('the report opens on whom to call today, in words, at the times of the events', async ({ page }) => {
  await page.goto(reportPage('index.html'));
  await expect(page.locator('h2').first()).toHaveText('Call today');
  const calls = page.locator('ol.calls > li.call');
  expect(await calls.count()).toBeGreaterThanOrEqual(2);
  const plan = JSON.parse(readFileSync(path.join(state, 'simulation.json'), 'utf8')) as { stories: Record<string, string> };
  const heated = Object.entries(plan.stories).filter(([, s]) => s === 'heating').map(([a]) => a);
  // Most urgent first: the heated accounts' decision makers who asked for a meeting lead.
  expect(heated).toContain(await calls.first().getAttribute('data-account'));
  await expect(calls.first()).toHaveAttribute('data-reason', 'asked-meeting');
  const first = calls.first();
  await expect(first.locator('.call-what')).toContainText(/asked for a meeting on “[^”]+”/);
  await expect(first.locator('.call-why')).toContainText(/Why: Asking to meet is an intent signal/);
  await expect(first.locator('.call-say')).toContainText(/^Say: \S/);
  await expect(first.locator('a[href^="mailto:"]')).toHaveCount(1);
  await expect(first.locator('a', { hasText: 'Microsite' })).toHaveAttribute('href', /^https?:\/\/[^/]+\/[\w-]+\/$/);
  // Every time on the overview and on an account page is the time of an event in the log, never the run's.
  const times = eventTimes();
  for (const file of ['index.html', `accounts/${heated[0]}.html`]) {
    await page.goto(reportPage(file));
    const shown = await page.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
    expect(shown.length).toBeGreaterThan(3);
    for (const t of shown) expect(times.has(Date.parse(t)), `${file}: ${t} is no event's time`).toBe(true);
    await expectNoCodes(page);
  }
  // Each score contribution is a sentence with the piece's title.
  await expect(page.locator('table.people .contribution').first()).toHaveText(/^(Read “[^”]+” for \d+ (seconds?|minutes?) over \d+ visits?|Opened|Asked|Completed|Scrolled|Spent|Downloaded)[^:]*: \d+\.\d points$/);
  // The plan: where it stands and when the account last opened it.
  await page.goto(reportPage('accounts/lumivaara.html'));
  await expect(page.locator('.plan-summary')).toContainText(/\d+ of \d+ steps done/);
  await expect(page.locator('.plan-summary .plan-opened')).toContainText(/last opened by .+ \(\d+ (hours?|days?) ago\)/);
});

test('a Persian name and title stay in order, and axe finds nothing on the overview and an account page', async ({ page }) => {
  const fa = demoAccounts().find((a) => a.locale.startsWith('fa'))!;
  await page.goto(reportPage('index.html'));
  await expectAxeClean(page);
  await page.goto(reportPage(`accounts/${fa.id}.html`));
  await expectAxeClean(page);
  await expect(page.locator('h1 bdi')).toHaveText(fa.name);
  // The people table: name, then the title in brackets, each isolated, laid out left to right in the English sentence.
  const person = page.locator('table.people .person-name').first();
  const [name, title] = [person.locator('bdi').nth(0), person.locator('bdi').nth(1)];
  const shownName = await name.textContent();
  const member = fa.committee.find((s) => s.name === shownName)!;
  expect(member, 'a committee member by name').toBeTruthy();
  await expect(title).toHaveText(member.title);
  const [nameBox, titleBox] = [(await name.boundingBox())!, (await title.boundingBox())!];
  expect(nameBox.x + nameBox.width, 'the title follows the name, to its right').toBeLessThan(titleBox.x);
  await expect(person).toHaveText(`${member.name} (${member.title})`);
});

test('npm run report -- --pdf: the overview and one page per account, printed by Chromium', async () => {
  const out = run('src/cli/report.ts', '--pdf');
  const file = path.join(state, 'report/report.pdf');
  expect(existsSync(file)).toBe(true);
  const pdf = readFileSync(file);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // Page objects, not the page tree (/Type /Pages).
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
  expect(pages).toBe(1 + demoAccounts().length);
  expect(out).toContain(`(${pages} page(s): the overview and one page per account)`);
  // Nothing had to be cut to fit a page.
  expect(out).not.toContain('cut to one page');
});

