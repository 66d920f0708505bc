/**
 * Instant alerts from the embedded server (`npm run serve`, as the README's first command runs it):
 * Chromium, with a desktop user agent, opens a decision maker's personal link and clicks to book;
 * a receiver on loopback (the Slack and Teams webhooks the e2e server is started with, see
 * playwright.config.ts) gets both payloads naming that person within 60 s, and no report is run.
 */
import { expect, test } from '@playwright/test';
import { createServer } from 'node:http';
import { signStakeholder } from '../../src/events/personalLink.ts';
import { demoAccounts } from './demo.ts';

const SECRET = process.env.TAILOR_LINK_SECRET!;
/** As in playwright.config.ts: the e2e server's port + 2. */
const ALERTS_PORT = Number(process.env.TAILOR_TEST_PORT ?? 4329) + 2;
const account = demoAccounts().find((a) => a.id === 'lumivaara')!;
const person = account.committee.find((s) => s.persona === 'cfo' && s.name)!;
const received: { path: string; body: string; at: number }[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ path: req.url ?? '', body, at: Date.now() });
    res.writeHead(200).end();
  });
});

test.beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(ALERTS_PORT, '127.0.0.1', resolve));
});
test.afterAll(() => {
  receiver.closeAllConnections();
  receiver.close();
});

test('a click to book on a personal link reaches Slack and Teams within 60 s, naming the person, in words', async ({ page }) => {
  const clicked = Date.now();
  const token = await signStakeholder(SECRET, { a: account.id, s: person.id });
  await page.goto(`/${account.segment}/?t=${token}`);
  await page.route(`${new URL(account.owner.meetingUrl).origin}/**`, (route) => route.fulfill({ status: 200, body: 'meeting' }));
  await page.locator('a[data-cta="meeting"]').first().click();
  const mine = () => received.filter((r) => r.at >= clicked && r.body.includes(person.name!) && r.body.includes('Book a meeting'));
  await expect.poll(() => mine().map((r) => r.path).sort(), { timeout: 60_000 }).toEqual(['/slack', '/teams']);
  const slack = JSON.parse(mine().find((r) => r.path === '/slack')!.body) as { text: string; blocks: { type: string }[] };
  expect(slack.text).toContain(`${person.name} (${person.title}, ${account.name}) clicked “Book a meeting”`);
  expect(slack.blocks.map((b) => b.type)).toEqual(['section', 'context', 'section', 'actions']);
  const teams = JSON.parse(mine().find((r) => r.path === '/teams')!.body) as { type: string; attachments: { content: { type: string; body: { text: string; inlines: { text: string }[] }[] } }[] };
  expect(teams.type).toBe('message');
  expect(teams.attachments[0]!.content.body[0]!.inlines[0]!.text).toContain(person.name!);
  // No file names or event codes in what the rep reads.
  for (const r of mine()) expect(r.body).not.toMatch(/cta_click|page_view|calculator_completed/);
});
