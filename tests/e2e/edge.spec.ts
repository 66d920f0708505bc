/**
 * The deployed configuration, run for real under `wrangler dev` (workerd with a local D1): the
 * Worker serves the built demo as static assets with the unlisted and cache headers, answers
 * /tailor/collect on the same origin, and nothing else under /tailor/. Chromium visits through a
 * personal link and the events land in D1; `npm run log:pull` brings them home, the report scores
 * them, and a second pull adds nothing.
 */
import { expect, test } from '@playwright/test';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorker } from '../../src/collector/bundleWorker.ts';
import { D1_DATABASE, writeWorkerConfig } from '../../src/deploy/workerConfig.ts';
import { loadPeople } from '../../src/deploy/people.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { wrangler, wranglerJson, wranglerProcess } from '../../src/deploy/wrangler.ts';
import { signStakeholder } from '../../src/events/personalLink.ts';
import { parse } from 'csv-parse/sync';
import { demoAccounts } from './demo.ts';

test.describe.configure({ mode: 'serial' });

const PORT = 4471;
const EDGE = `http://127.0.0.1:${PORT}`;
const PRODUCTION = 'https://abm.kestrel.example';
const SECRET = 'edge-secret-edge-secret-edge-secret-0000';
const work = mkdtempSync(path.join(tmpdir(), 'tailor-edge-'));
// Outside the Worker's folder: wrangler dev reloads when that folder changes.
const persist = path.join(work, 'd1');
const workerDir = path.join(work, 'worker');
const state = path.join(work, 'state');
const account = demoAccounts().find((a) => a.id === 'quillfen')!;
const stakeholder = account.committee.find((s) => s.persona === 'cfo')!;
let config = '';
let dev: ChildProcess | undefined;
/** Slack and Teams, as a receiver on loopback: what the Worker's instant alerts post. */
const alerts: { path: string; body: string; at: number }[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    alerts.push({ path: req.url ?? '', body, at: Date.now() });
    res.writeHead(200).end();
  });
});

const d1 = <T>(sql: string) => wranglerJson<{ results: T[] }[]>(wrangler(['d1', 'execute', D1_DATABASE, '--local', '--persist-to', persist, '--config', config, '--json', '--command', sql], { quiet: true }))[0]!.results;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await bundleWorker({ manifest: '.tailor/manifest.json', outfile: path.join(workerDir, 'worker.js') });
  // As a fresh deploy: configured for the production address, visited at another (wrangler dev's
  // here; a workers.dev or preview address after a deploy). The Worker allows its own origin.
  config = writeWorkerConfig({ dir: workerDir, distDir: 'dist', databaseId: 'local', origins: [PRODUCTION] });
  wrangler(['d1', 'migrations', 'apply', D1_DATABASE, '--local', '--persist-to', persist, '--config', config], { quiet: true });
  // What npm run deploy does after the migrations: the people table, for alerts that name people.
  await loadPeople({ config, dir: work, where: ['--local', '--persist-to', persist] });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hooks = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  dev = wranglerProcess([
    'dev', '--local', '--ip', '127.0.0.1', '--port', String(PORT), '--persist-to', persist, '--config', config,
    '--var', `TAILOR_LINK_SECRET:${SECRET}`, '--var', `TAILOR_SLACK_WEBHOOK_URL:${hooks}/slack`, '--var', `TAILOR_TEAMS_WEBHOOK_URL:${hooks}/teams`,
    '--show-interactive-dev-session=false',
  ]);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev did not start:\n${output}`)), 90_000);
    const read = (d: Buffer) => {
      output += d;
      if (/Ready on/.test(output.replace(/\x1b\[[0-9;]*m/g, ""))) clearTimeout(timer), resolve();
    };
    dev!.stdout!.on('data', read);
    dev!.stderr!.on('data', read);
    dev!.on('exit', () => reject(new Error(`wrangler dev stopped:\n${output}`)));
  });
});

test.afterAll(() => {
  dev?.kill('SIGTERM');
  receiver.closeAllConnections();
  receiver.close();
  rmSync(work, { recursive: true, force: true });
});

test('the Worker serves the microsites with unlisted and cache headers, and nothing else under /tailor/', async ({ request }) => {
  const landing = await request.get(`${EDGE}/${account.segment}/`);
  expect(landing.status()).toBe(200);
  expect(await landing.text()).toContain(account.name);
  expect(landing.headers()['x-robots-tag']).toBe('noindex, nofollow, noarchive');
  expect(landing.headers()['cache-control']).toMatch(/max-age=0, must-revalidate/);
  const html = await landing.text();
  const tracker = /src="(\/_astro\/tailor-tracker\.[\w-]+\.js)"/.exec(html)![1]!;
  const asset = await request.get(`${EDGE}${tracker}`);
  expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(asset.headers()['x-robots-tag']).toBe('noindex, nofollow, noarchive');
  // The Content-Security-Policy the build wrote into dist/_headers, the one `npm run serve` sends too.
  const policy = /^  Content-Security-Policy: (.*)$/m.exec(readFileSync('dist/_headers', 'utf8'))![1];
  expect(landing.headers()['content-security-policy']).toBe(policy);
  expect(asset.headers()['content-security-policy']).toBe(policy);
  // Dot-files and dot-folders are never uploaded (.assetsignore), _headers is read, not served.
  for (const hidden of ['/', '/tailor/report/', '/tailor/report/index.html', '/tailor/', '/robots.txt.bak', '/.assetsignore', '/_headers']) {
    expect((await request.get(`${EDGE}${hidden}`, { maxRedirects: 0 })).status(), hidden).toBe(404);
  }
  expect(await (await request.get(`${EDGE}/robots.txt`)).text()).toContain('Disallow: /');
});

test('a personal link identifies the stakeholder: the visit lands in D1, pulled home and scored; a second pull adds nothing', async ({ page }) => {
  const token = await signStakeholder(SECRET, { a: account.id, s: stakeholder.id });
  await page.goto(`${EDGE}/${account.segment}/cfo/?t=${token}`);
  await expect(page).toHaveURL(`${EDGE}/${account.segment}/cfo/`);
  await page.locator('main a[href*="/cfo/"]').first().click();
  await page.waitForLoadState('load');
  await page.goto('about:blank');
  await expect
    .poll(() => d1<{ n: number }>(`SELECT count(*) AS n FROM events WHERE account = '${account.id}' AND stakeholder = '${stakeholder.id}' AND type = 'page_view'`)[0]!.n, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(2);
  const inD1 = d1<{ n: number }>('SELECT count(*) AS n FROM events')[0]!.n;

  // Home: the local conversion log of a marketer's machine, then the report.
  mkdirSync(state, { recursive: true });
  copyFileSync('.tailor/manifest.json', path.join(state, 'manifest.json'));
  const env = { ...process.env, TAILOR_STATE_DIR: state, TAILOR_LOG_FILE: path.join(state, 'conversions.db'), TAILOR_LINK_SECRET: SECRET };
  const pull = () => spawnSync(process.execPath, ['src/cli/logPull.ts', '--local', '--persist-to', persist, '--config', config, '--page-size', '2'], { env, encoding: 'utf8' });
  const first = pull();
  expect(first.status, first.stdout + first.stderr).toBe(0);
  expect(first.stdout).toContain(`Pulled ${inD1} row(s) from the local D1 log: ${inD1} new`);
  const again = pull();
  expect(again.status, again.stderr).toBe(0);
  expect(again.stdout).toContain('Pulled 0 row(s) from the local D1 log: 0 new');

  const report = spawnSync(process.execPath, ['src/cli/report.ts'], { env, encoding: 'utf8' });
  expect(report.status, report.stdout + report.stderr).toBe(0);
  expect(report.stdout).toContain(`Scored ${inD1} event(s)`);
  const people = parse(readFileSync(path.join(state, 'report/stakeholders.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  const row = people.find((p) => p['account'] === account.id && p['stakeholder_id'] === stakeholder.id);
  expect(row, JSON.stringify(people)).toBeTruthy();
  expect(Number(row!['score'])).toBeGreaterThan(0);
});

test('a decision maker clicks to book through their personal link: Slack and Teams hear of it from the Worker within 60 s, in words, with no report run', async ({ page }) => {
  const clicked = Date.now();
  const token = await signStakeholder(SECRET, { a: account.id, s: stakeholder.id });
  await page.goto(`${EDGE}/${account.segment}/?t=${token}`);
  await page.route('https://meet.kestrel.example/**', (route) => route.fulfill({ status: 200, body: 'meeting' }));
  await page.locator('a[data-cta="meeting"]').first().click();
  const mine = () => alerts.filter((a) => a.at >= clicked && a.body.includes(stakeholder.name!) && a.body.includes('Book a meeting'));
  await expect.poll(() => mine().map((a) => a.path).sort(), { timeout: 60_000 }).toEqual(['/slack', '/teams']);
  const slack = JSON.parse(mine().find((a) => a.path === '/slack')!.body) as { text: string };
  expect(slack.text).toContain(`${stakeholder.name} (${stakeholder.title}, ${account.name}) clicked “Book a meeting”`);
  const teams = JSON.parse(mine().find((a) => a.path === '/teams')!.body) as { attachments: { contentType: string }[] };
  expect(teams.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
  for (const a of mine()) expect(a.at - clicked).toBeLessThan(60_000);
});

test('smoke tests: a headless browser\'s beacon is answered 204 and dropped, and `npm run log -- --stats --local` counts it by reason; another origin gets 403', async ({ request }) => {
  const body = JSON.stringify({ a: account.id, path: `/${account.segment}/`, v: 'visitor-smoke001', s: 'session-smoke001', e: [{ id: `smoke-${Date.now()}`, y: 'pv', t: Date.now() }] });
  const foreign = await request.post(`${EDGE}/tailor/collect`, { data: body, headers: { origin: 'https://elsewhere.example', 'content-type': 'text/plain' } });
  expect(foreign.status()).toBe(403);
  // The Worker writes its counts after the answer, at most every 2 s (or on the every-minute trigger).
  await new Promise((r) => setTimeout(r, 2_100));
  const headless = await request.post(`${EDGE}/tailor/collect`, { data: body, headers: { origin: EDGE, 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0.0.0 Safari/537.36' } });
  expect(headless.status()).toBe(204);
  const stats = () => spawnSync(process.execPath, ['src/cli/log.ts', '--stats', '--local', '--persist-to', persist, '--config', config], { encoding: 'utf8' });
  await expect.poll(() => stats().stdout, { timeout: 30_000, intervals: [2_000, 5_000, 10_000] }).toMatch(/bot +\d+ +a crawler or headless browser/);
  expect(stats().stdout).toMatch(/origin +\d+ +a page on an origin not allowed/);
});
