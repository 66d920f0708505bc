/**
 * Instant alerts on the Node runtime, through the real embedded server (`npm run serve`'s
 * startEmbedded) and its SQLite log: a decision maker's click to book, and a meeting booked through
 * the Cal.com webhook, reach Slack and Teams receivers on loopback in words, with no report run;
 * the beacon's 204 does not wait for a receiver that hangs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signStakeholder, contactKey } from '../../src/events/personalLink.ts';

const SECRET = 'alerts-node-secret-alerts-node-secret-0001';
const CALCOM = 'calcom-secret-for-the-alerts-test';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
const tmp = mkdtempSync(path.join(tmpdir(), 'tailor-alerts-node-'));
const received: { path: string; body: { text?: string; attachments?: { content: { body: { text: string; inlines: { text: string }[] }[] } }[] }; at: number }[] = [];
/** While set, the receiver holds requests without answering (a hung Slack). */
let hang = false;
const held: ServerResponse[] = [];
const receiver = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (hang) return void held.push(res);
    received.push({ path: req.url ?? '', body: JSON.parse(body), at: Date.now() });
    res.writeHead(200).end();
  });
});
let embedded: Awaited<ReturnType<typeof import('../../src/cli/serve.ts')['startEmbedded']>>;

before(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hooks = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const root = path.join(tmp, 'content');
  cpSync('tests/fixtures/minimal', root, { recursive: true });
  // The fixture's CFO has a name but no e-mail; give her one for the booking.
  const alpha = path.join(root, 'accounts/alpha.yaml');
  writeFileSync(alpha, readFileSync(alpha, 'utf8').replace('name: Secretia Hiddenname }', 'name: Secretia Hiddenname, email: secretia@alphaworks.example }'));
  const state = path.join(tmp, 'state');
  mkdirSync(state, { recursive: true });
  mkdirSync(path.join(tmp, 'dist'), { recursive: true });
  writeFileSync(
    path.join(state, 'manifest.json'),
    JSON.stringify({
      version: 1,
      accounts: { alpha: { personas: { cfo: ['roi', 'case'], 'end-user': ['case'] }, stakeholders: ['cfo-1', 'user-1'], plan: '/alpha/plan/', steps: ['Discovery workshop', 'Pilot scope'] } },
      contacts: { [await contactKey(SECRET, 'secretia@alphaworks.example')]: { a: 'alpha', s: 'cfo-1', p: 'cfo' } },
      pieces: { roi: { title: 'The return on automated routing', calculator: true }, case: { title: 'How a grid operator cut repair time' } },
      personas: { cfo: 'CFO', 'end-user': 'End user' },
    }),
  );
  Object.assign(process.env, {
    TAILOR_CONTENT_ROOT: root,
    TAILOR_STATE_DIR: state,
    TAILOR_LOG_FILE: path.join(tmp, 'conversions.db'),
    TAILOR_LINK_SECRET: SECRET,
    TAILOR_CALCOM_SECRET: CALCOM,
    TAILOR_SLACK_WEBHOOK_URL: `${hooks}/slack`,
    TAILOR_TEAMS_WEBHOOK_URL: `${hooks}/teams`,
  });
  const { startEmbedded } = await import('../../src/cli/serve.ts');
  embedded = await startEmbedded({ root: path.join(tmp, 'dist'), host: '127.0.0.1', port: 0 });
});
after(async () => {
  embedded?.close();
  for (const res of held) res.destroy();
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
  rmSync(tmp, { recursive: true, force: true });
});

async function beacon(events: unknown[], over: Record<string, unknown> = {}) {
  const k = await signStakeholder(SECRET, { a: 'alpha', s: 'cfo-1' });
  const body = JSON.stringify({ a: 'alpha', p: 'cfo', c: 'roi', path: '/alpha/cfo/roi/', v: 'visitor-0001', s: 'session-0001', k, e: events, ...over });
  const started = Date.now();
  const response = await fetch(`${embedded.origin}/tailor/collect`, { method: 'POST', body, headers: { origin: embedded.origin, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': UA } });
  return { status: response.status, ms: Date.now() - started };
}

async function until(done: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}

test('node: a click to book and a completed calculator reach Slack and Teams in words, with no report run', async () => {
  received.length = 0;
  const t = Date.now() - 2_000;
  assert.equal((await beacon([{ id: 'evt-node-book-0001', y: 'cta', t, l: 'meeting' }, { id: 'evt-node-calc-0001', y: 'calc', t: t + 500, x: 182.4 }])).status, 204);
  await until(() => received.length >= 4);
  const texts = received.filter((r) => r.path === '/slack').map((r) => r.body.text!).sort();
  assert.equal(texts.length, 2);
  assert.match(texts[0]!, /^Secretia Hiddenname \(Chief Financial Officer, Alphaworks Fixture Ltd\) clicked “Book a meeting” on “The return on automated routing” \(/);
  assert.match(texts[1]!, /^Secretia Hiddenname .* completed the ROI calculator in “The return on automated routing” and reached a return of 182 % \(/);
  const teams = received.filter((r) => r.path === '/teams').map((r) => r.body.attachments![0]!.content.body[0]!.inlines[0]!.text);
  assert.equal(teams.length, 2);
  assert.ok(teams.every((text) => text.startsWith('Secretia Hiddenname')));
});

test('node: a meeting booked through the Cal.com webhook alerts the owner', async () => {
  received.length = 0;
  const body = readFileSync('tests/fixtures/bookings/calcom-booking-created.json', 'utf8').replaceAll('carla.cfo@alpha.example', 'secretia@alphaworks.example');
  const signature = createHmac('sha256', CALCOM).update(body).digest('hex');
  const response = await fetch(`${embedded.origin}/tailor/hooks/calcom`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-cal-signature-256': signature } });
  assert.equal(response.status, 204);
  await until(() => received.length >= 2);
  const slack = received.find((r) => r.path === '/slack');
  assert.match(slack?.body.text ?? '', /^Secretia Hiddenname \(Chief Financial Officer, Alphaworks Fixture Ltd\) booked a meeting through Cal\.com/);
});

test('node: a plan update through POST /tailor/plan reaches Slack and Teams in words, after its 204', async () => {
  received.length = 0;
  const k = await signStakeholder(SECRET, { a: 'alpha', s: 'cfo-1' });
  const post = (body: unknown) => fetch(`${embedded.origin}/tailor/plan`, { method: 'POST', body: JSON.stringify(body), headers: { origin: embedded.origin, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': UA } });
  assert.equal((await post({ k, id: 'upd-node-alert-0001', step: 1, kind: 'date', value: '2027-01-20' })).status, 204);
  assert.equal((await post({ k, id: 'upd-node-alert-0002', step: 0, kind: 'comment', value: 'Legal needs a week more.' })).status, 204);
  await until(() => received.length >= 4);
  const texts = received.filter((r) => r.path === '/slack').map((r) => r.body.text!).sort();
  assert.equal(texts.length, 2);
  assert.match(texts[0]!, /^Secretia Hiddenname \(Chief Financial Officer, Alphaworks Fixture Ltd\) commented on step 1 “Discovery workshop” of the mutual action plan: “Legal needs a week more\.” \(/);
  assert.match(texts[1]!, /^Secretia Hiddenname \(Chief Financial Officer, Alphaworks Fixture Ltd\) proposed 20 Jan 2027 for step 2 “Pilot scope” of the mutual action plan \(/);
  assert.equal(received.filter((r) => r.path === '/teams').length, 2);
  // The same update again (a retried request) is stored and alerted once.
  assert.equal((await post({ k, id: 'upd-node-alert-0001', step: 1, kind: 'date', value: '2027-01-20' })).status, 204);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(received.length, 4);
});

test('node: the beacon is answered while a receiver hangs; the alert is not lost', async () => {
  received.length = 0;
  hang = true;
  const t = Date.now() - 86_400_000; // another day: its own alert
  const { status, ms } = await beacon([{ id: 'evt-node-plan-0001', y: 'pv', t }], { p: undefined, c: undefined, path: '/alpha/plan/' });
  assert.equal(status, 204);
  assert.ok(ms < 2_000, `the beacon waited ${ms} ms`);
  await until(() => held.length >= 2, 5_000);
  assert.ok(held.length >= 1, 'the alert was sent while the beacon had its answer');
});
