/**
 * Instant alerts on the Workers runtime (workerd through miniflare, D1): a decision maker's click
 * to book reaches a Slack and a Teams receiver on loopback, in words, with no report run; a
 * receiver that fails twice gets the alert once in the end, through the Cron Trigger's retries.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWorker } from '../collector/miniflare.ts';
import { bundleWorker } from '../../src/collector/bundleWorker.ts';
import { directoryStatements, type DirectoryAccount } from '../../src/alerts/directory.ts';
import { signStakeholder } from '../../src/events/personalLink.ts';
import { MANIFEST, ORIGIN, SECRET, postInit } from '../collector/cases.ts';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
const ALPHA: DirectoryAccount = {
  id: 'alpha',
  name: 'Alphaworks Ltd',
  segment: 'alpha',
  crmId: null,
  owner: { name: 'Olivia Owner', title: 'Account Director', email: 'olivia@kestrel.example' },
  people: new Map([['cfo-1', { id: 'cfo-1', name: 'Carla Castellano', title: 'Chief Financial Officer', role: 'decision-maker', persona: 'cfo', email: 'carla.cfo@alpha.example', crmId: null }]]),
};

let dir = '';
let scriptPath = '';
const received: { path: string; body: unknown; at: number }[] = [];
let failNext = 0;
const capture = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (failNext > 0) {
      failNext--;
      return void res.writeHead(500).end();
    }
    received.push({ path: req.url ?? '', body: JSON.parse(body), at: Date.now() });
    res.writeHead(200).end();
  });
});
let hooks = '';

before(async () => {
  await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r));
  hooks = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;
  dir = mkdtempSync(path.join(tmpdir(), 'tailor-alerts-worker-'));
  const manifest = path.join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ ...MANIFEST, pieces: { roi: { title: 'The return on automation', calculator: true }, case: { title: 'How a grid operator cut repair time' } }, personas: { cfo: 'CFO' } }));
  scriptPath = await bundleWorker({ manifest, outfile: path.join(dir, 'worker.js') });
});
after(async () => {
  capture.closeAllConnections();
  await new Promise<void>((r) => capture.close(() => r()));
});

async function worker(name: string) {
  const mf = startWorker({
    dir,
    scriptPath,
    persist: path.join(dir, name),
    bindings: {
      TAILOR_LINK_SECRET: SECRET,
      TAILOR_SITE_ORIGINS: ORIGIN,
      TAILOR_SITE_URL: ORIGIN,
      TAILOR_SLACK_WEBHOOK_URL: `${hooks}/slack`,
      TAILOR_TEAMS_WEBHOOK_URL: `${hooks}/teams`,
      TAILOR_ALERT_RETRY_MS: '500',
    },
  });
  const origin = (await mf.ready).origin;
  // What `npm run deploy` loads: the people table beside the log.
  const db = await mf.getD1Database('DB');
  await db.batch(directoryStatements([ALPHA]).map((s) => db.prepare(s.sql.replace(/\s+/g, ' ')).bind(...s.params)));
  return { mf, origin };
}

async function clickToBook(origin: string) {
  const k = await signStakeholder(SECRET, { a: 'alpha', s: 'cfo-1' });
  const body = JSON.stringify({ a: 'alpha', p: 'cfo', c: 'case', path: '/alpha/cfo/case/', v: 'visitor-0001', s: 'session-0001', k, e: [{ id: `evt-${Date.now().toString(36)}-book`, y: 'cta', t: Date.now() - 1000, l: 'meeting' }] });
  return (await fetch(`${origin}/tailor/collect`, postInit(body, { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA }))).status;
}

async function until(done: () => boolean, ms: number, tick?: () => Promise<unknown>) {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) {
    await tick?.();
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('workers: a click to book reaches Slack and Teams in words within seconds, with no report run', async () => {
  received.length = 0;
  const { mf, origin } = await worker('d1-book');
  try {
    const sentAt = Date.now();
    assert.equal(await clickToBook(origin), 204);
    await until(() => received.length >= 2, 60_000);
    assert.deepEqual(received.map((r) => r.path).sort(), ['/slack', '/teams']);
    assert.ok(Math.max(...received.map((r) => r.at)) - sentAt < 60_000);
    const slack = received.find((r) => r.path === '/slack')!.body as { text: string; blocks: unknown[] };
    assert.match(slack.text, /^Carla Castellano \(Chief Financial Officer, Alphaworks Ltd\) clicked “Book a meeting” on “How a grid operator cut repair time” \(/);
    const teams = received.find((r) => r.path === '/teams')!.body as { attachments: { content: { body: { text: string; inlines: { text: string }[] }[] } }[] };
    assert.match(teams.attachments[0]!.content.body[0]!.inlines[0]!.text, /^Carla Castellano .* clicked “Book a meeting”/);
    // The Worker bundle holds no name: they came from D1.
    const bundle = (await import('node:fs')).readFileSync(scriptPath, 'utf8');
    assert.ok(!bundle.includes('Carla') && !bundle.includes('carla.cfo@'), 'a name or e-mail is in the Worker bundle');
    // The same click again: nothing more.
    assert.equal(await clickToBook(origin), 204);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(received.length, 2);
  } finally {
    await mf.dispose();
  }
});

test('workers: a receiver that fails twice gets the alert once, through the Cron Trigger', async () => {
  received.length = 0;
  const { mf, origin } = await worker('d1-retry');
  try {
    failNext = 4; // the first attempt and the first retry, for Slack and Teams
    assert.equal(await clickToBook(origin), 204);
    // Miniflare's Fetcher has scheduled() at run time; its type does not say so.
    const cron = async () => ((await mf.getWorker()) as unknown as { scheduled(options: { cron: string }): Promise<unknown> }).scheduled({ cron: '* * * * *' });
    await until(() => received.length >= 2, 30_000, cron);
    await new Promise((r) => setTimeout(r, 1500));
    await cron();
    assert.equal(failNext, 0);
    assert.deepEqual(received.map((r) => r.path).sort(), ['/slack', '/teams'], 'each receiver got it exactly once');
  } finally {
    await mf.dispose();
  }
});

test('workers: a plan update through POST /tailor/plan is stored in D1 before its 204, and reaches Slack and Teams in words after it', async () => {
  received.length = 0;
  const { mf, origin } = await worker('d1-plan');
  try {
    const k = await signStakeholder(SECRET, { a: 'alpha', s: 'cfo-1' });
    const body = JSON.stringify({ k, id: 'upd-worker-alert-0001', step: 0, kind: 'done' });
    const response = await fetch(`${origin}/tailor/plan`, postInit(body, { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA }));
    assert.equal(response.status, 204);
    const db = await mf.getD1Database('DB');
    const stored = await db.prepare('SELECT account, stakeholder, step, kind FROM plan_updates WHERE id = ?').bind('upd-worker-alert-0001').first<{ account: string; stakeholder: string; step: number; kind: string }>();
    assert.deepEqual({ ...stored }, { account: 'alpha', stakeholder: 'cfo-1', step: 0, kind: 'done' });
    await until(() => received.length >= 2, 60_000);
    assert.deepEqual(received.map((r) => r.path).sort(), ['/slack', '/teams']);
    const slack = received.find((r) => r.path === '/slack')!.body as { text: string };
    assert.match(slack.text, /^Carla Castellano \(Chief Financial Officer, Alphaworks Ltd\) marked step 1 “Discovery workshop” of the mutual action plan done \(/);
  } finally {
    await mf.dispose();
  }
});
