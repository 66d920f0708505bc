/**
 * Instant alerts: the moments, the words, the three payloads, the outbox (real SQLite beside a real
 * conversion log) and delivery to a real local HTTP server that fails when told to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogRow } from '../../src/events/schema.ts';
import { resolveScoringConfig } from '../../src/schemas/scoring.ts';
import { createAlerter, channelsFromEnv } from '../../src/alerts/alerter.ts';
import { memoryDirectory, type DirectoryAccount } from '../../src/alerts/directory.ts';
import { findMoments } from '../../src/alerts/moments.ts';
import { buildAlert, slackPayload, teamsPayload } from '../../src/alerts/message.ts';
import { outboxCounts } from '../../src/alerts/outbox.ts';
import { sqliteRunner } from '../../src/alerts/sql.ts';
import { SqliteLog } from '../../src/collector/sqliteLog.ts';

const T = Date.UTC(2026, 11, 2, 14, 32);
const config = resolveScoringConfig({});
const corvanne: DirectoryAccount = {
  id: 'corvanne',
  name: 'Corvanne Utilities',
  segment: 'corvanne-k3f9x2q8vd',
  crmId: 'C-77',
  owner: { name: 'Olivia Owner', title: 'Account Director', email: 'olivia@kestrel.example' },
  people: new Map([
    ['cfo-1', { id: 'cfo-1', name: 'Janne Korhonen', title: 'Chief Financial Officer', role: 'decision-maker', persona: 'cfo', email: 'janne@corvanne.example', crmId: 'P-1' }],
    ['user-1', { id: 'user-1', name: 'Ulla User', title: 'Field Engineer', role: 'user', persona: 'end-user', email: null, crmId: null }],
    ['fa-1', { id: 'fa-1', name: 'مریم رضایی', title: 'مدیر مالی', role: 'decision-maker', persona: 'cfo', email: null, crmId: null }],
  ]),
};
const pieces = {
  'roi-of-automation': { title: 'The return on automated fault routing', calculator: true, talkingPoint: 'Ask which of their numbers they would change.' },
  'security-and-governance': { title: 'Security and governance', signal: 'security' as const },
  'field-guide': { title: 'A field guide' },
};
let n = 0;
const row = (over: Partial<LogRow>): LogRow => ({ id: `evt-${String(n++).padStart(8, '0')}`, receivedAt: T, t: T, type: 'page_view', account: 'corvanne', persona: 'cfo', piece: null, stakeholder: null, visitor: 'visitor-0001', session: 'session-0001', path: '/corvanne-k3f9x2q8vd/cfo/', ref: null, value: null, label: null, ...over });
const roleOf = (account: string, s: string) => (account === 'corvanne' ? corvanne.people.get(s)?.role : undefined);

test('moments: identified people in the roles that alert, one per person, moment and day; bookings always', () => {
  const rows = [
    row({ type: 'cta_click', label: 'meeting', stakeholder: 'cfo-1', piece: 'field-guide' }),
    row({ type: 'cta_click', label: 'meeting', stakeholder: 'cfo-1', piece: 'field-guide', id: 'again-0001' }),
    row({ type: 'cta_click', label: 'meeting' }), // anonymous: no alert
    row({ type: 'cta_click', label: 'meeting', stakeholder: 'user-1' }), // a user: not in the default roles
    row({ type: 'cta_click', label: 'contact', stakeholder: 'cfo-1' }), // not a booking
    row({ type: 'calculator_completed', value: 182, stakeholder: 'cfo-1', piece: 'roi-of-automation' }),
    row({ type: 'page_view', stakeholder: 'cfo-1', piece: 'security-and-governance' }),
    row({ type: 'page_view', stakeholder: 'cfo-1', piece: 'field-guide' }), // no signal
    row({ type: 'plan_view', stakeholder: 'cfo-1', persona: null, path: '/corvanne-k3f9x2q8vd/plan/' }),
    row({ type: 'meeting_booked', stakeholder: null, visitor: null, label: 'calcom' }),
    row({ type: 'cta_click', label: 'meeting', stakeholder: 'cfo-1', t: T + 86_400_000 }), // the next day: again
  ];
  const { hits } = findMoments(rows, { rules: config.instant, roleOf, piece: (id) => pieces[id as keyof typeof pieces] });
  assert.deepEqual(
    hits.map((h) => h.key),
    [
      'book-click|s:corvanne:cfo-1|2026-12-02',
      'calculator|s:corvanne:cfo-1|2026-12-02',
      'sensitive-piece|s:corvanne:cfo-1|2026-12-02',
      'plan-opened|s:corvanne:cfo-1|2026-12-02',
      'meeting-booked|a:corvanne:cfo|2026-12-02',
      'book-click|s:corvanne:cfo-1|2026-12-03',
    ],
  );
  const off = findMoments(rows, { rules: { ...config.instant, moments: ['calculator'] }, roleOf, piece: (id) => pieces[id as keyof typeof pieces] });
  assert.deepEqual(off.hits.map((h) => h.moment), ['calculator']);
});

const context = { piece: (id: string) => pieces[id as keyof typeof pieces], personaTitle: (id: string) => ({ cfo: 'CFO', 'end-user': 'End user' })[id], config, siteUrl: 'https://abm.kestrel.example', reportUrl: 'http://127.0.0.1:4321/tailor/report/', crm: { companyUrl: 'https://crm.example/company/{id}', contactUrl: 'https://crm.example/contact/{id}' } };

test('an alert in words: who, what, the event time, why, what to say, where to go', () => {
  const calc = buildAlert({ key: 'k', moment: 'calculator', row: row({ type: 'calculator_completed', value: 182.4, stakeholder: 'cfo-1', piece: 'roi-of-automation' }) }, { ...context, account: corvanne });
  assert.equal(calc.headline, 'Janne Korhonen (Chief Financial Officer, Corvanne Utilities) completed the ROI calculator in “The return on automated fault routing” and reached a return of 182 %');
  assert.equal(calc.at, '2026-12-02T14:32:00.000Z');
  assert.match(calc.why, /intent signal from a decision maker\. It adds 15 points to their score\./);
  assert.equal(calc.say, 'Ask which of their numbers they would change.');
  assert.deepEqual(calc.links, {
    report: 'http://127.0.0.1:4321/tailor/report/accounts/corvanne.html',
    microsite: 'https://abm.kestrel.example/corvanne-k3f9x2q8vd/',
    crm: 'https://crm.example/contact/P-1',
    mailto: 'mailto:janne@corvanne.example?subject=The%20return%20on%20automated%20fault%20routing',
  });
  const negative = buildAlert({ key: 'k', moment: 'calculator', row: row({ type: 'calculator_completed', value: -47, stakeholder: 'cfo-1', piece: 'roi-of-automation' }) }, { ...context, account: corvanne });
  assert.match(negative.what, /does not pay back \(a return of -47 %\)/);
  const security = buildAlert({ key: 'k', moment: 'sensitive-piece', row: row({ stakeholder: 'cfo-1', piece: 'security-and-governance' }) }, { ...context, account: corvanne });
  assert.match(security.headline, /read “Security and governance”, a security piece$/);
  assert.equal(security.say, 'Offer the security documentation and a call with our security lead.');
  // Global Privacy Control dropped the identity: nobody is named, no mailto.
  const privacy = buildAlert({ key: 'k', moment: 'new-persona', row: row({ visitor: null, session: null, piece: 'field-guide' }) }, { ...context, account: corvanne });
  assert.equal(privacy.person, null);
  assert.match(privacy.headline, /^A visitor with Global Privacy Control or Do Not Track \(not identified\) on the CFO track at Corvanne Utilities showed up for the first time on “A field guide”$/);
  assert.equal(privacy.links.mailto, null);
  assert.equal(privacy.links.crm, 'https://crm.example/company/C-77');
  // No file names or event codes anywhere in the words.
  for (const alert of [calc, negative, security, privacy]) assert.doesNotMatch(`${alert.headline} ${alert.why} ${alert.say}`, /roi-of-automation|security-and-governance|calculator_completed|cta_click|page_view/);
});

test('the Slack and Teams payloads carry the words, the time and the links', () => {
  const alert = buildAlert({ key: 'k', moment: 'book-click', row: row({ type: 'cta_click', label: 'meeting', stakeholder: 'fa-1', piece: 'field-guide' }) }, { ...context, account: corvanne });
  const slack = slackPayload(alert) as { text: string; blocks: { type: string; text?: { text: string }; elements?: { text?: unknown; url?: string }[] }[] };
  assert.match(slack.text, /^مریم رضایی \(مدیر مالی, Corvanne Utilities\) clicked “Book a meeting” on “A field guide” \(2 Dec 2026, 14:32 UTC\)$/);
  assert.deepEqual(slack.blocks.map((b) => b.type), ['section', 'context', 'section', 'actions']);
  assert.match(JSON.stringify(slack.blocks[1]), /<!date\^1796221920\^/);
  assert.deepEqual(slack.blocks[3]!.elements!.map((e) => e.url), [alert.links.report, alert.links.microsite, 'https://crm.example/company/C-77']);
  const teams = teamsPayload(alert) as { type: string; attachments: { contentType: string; content: { type: string; body: { text?: string; inlines?: { text: string }[] }[]; actions: { url: string }[] } }[] };
  assert.equal(teams.type, 'message');
  assert.equal(teams.attachments[0]!.contentType, 'application/vnd.microsoft.card.adaptive');
  assert.equal(teams.attachments[0]!.content.type, 'AdaptiveCard');
  // A TextRun: Teams renders no markdown in it (a visitor's comment quoted in the headline stays text).
  assert.equal((teams.attachments[0]!.content.body[0] as { type?: string }).type, 'RichTextBlock');
  assert.equal(teams.attachments[0]!.content.body[0]!.inlines![0]!.text, alert.headline);
  assert.match(teams.attachments[0]!.content.body[1]!.text!, /^\{\{DATE\(2026-12-02T14:32:00Z, SHORT\)\}\} \{\{TIME\(2026-12-02T14:32:00Z\)\}\}/);
  assert.equal(teams.attachments[0]!.content.actions.length, 3);
});

/** A webhook receiver on loopback; `failures` requests fail with 503 first. */
async function captureServer(failures = 0) {
  const received: { path: string; body: unknown }[] = [];
  let failed = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (failed < failures) {
        failed++;
        res.writeHead(503).end();
        return;
      }
      received.push({ path: req.url ?? '', body: JSON.parse(body) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, failedCount: () => failed, close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}

/** The collector's own SQLite log, holding `rows`; the alerts use its database. */
async function logWith(rows: LogRow[]) {
  const log = new SqliteLog(':memory:');
  if (rows.length) await log.append(rows);
  return log;
}

test('the outbox: delivered to Slack, Teams and the owner channel once, retried after failures, never twice', async () => {
  const capture = await captureServer(2);
  const log = await logWith([]);
  const db = log.db;
  let clock = T;
  const alerter = createAlerter({
    sql: sqliteRunner(db),
    directory: memoryDirectory([corvanne]),
    pieces,
    personas: { cfo: 'CFO' },
    config,
    channels: { ...channelsFromEnv({ TAILOR_SLACK_WEBHOOK_URL: `${capture.url}/slack`, TAILOR_TEAMS_WEBHOOK_URL: `${capture.url}/teams`, TAILOR_OWNER_WEBHOOKS: JSON.stringify({ 'Olivia@Kestrel.example': { webhook: `${capture.url}/olivia` } }) }) },
    siteUrl: 'https://abm.kestrel.example',
    reportUrl: 'http://127.0.0.1:4321/tailor/report/',
    retryBaseMs: 1000,
    now: () => clock,
  });
  try {
    const click = row({ type: 'cta_click', label: 'meeting', stakeholder: 'cfo-1', piece: 'field-guide' });
    await alerter.onStored([click]);
    // The same moment again (a retried beacon, a second click): nothing new.
    await alerter.onStored([{ ...click, id: 'second-click' }]);
    // Two of the three deliveries failed (503) and wait for their retry.
    assert.equal(capture.failedCount(), 2);
    assert.equal(capture.received.length, 1);
    clock += 1_500;
    await alerter.deliverDue();
    const paths = capture.received.map((r) => r.path).sort();
    assert.deepEqual(paths, ['/olivia', '/slack', '/teams']);
    clock += 10 * 60_000;
    await alerter.deliverDue();
    assert.equal(capture.received.length, 3, 'each channel got the alert exactly once');
    assert.deepEqual(await outboxCounts(sqliteRunner(db)), { sent: 3 });
    const slack = capture.received.find((r) => r.path === '/slack')!.body as { text: string };
    assert.match(slack.text, /^Janne Korhonen \(Chief Financial Officer, Corvanne Utilities\) clicked “Book a meeting” on “A field guide” \(2 Dec 2026, 14:32 UTC\)$/);
    // The moment was seen twice and queued once per channel.
    assert.deepEqual(alerter.stats, { moments: 2, queued: 3, sent: 3, failedAttempts: 2, gaveUp: 0 });
  } finally {
    await capture.close();
    log.close();
  }
});

test('a persona new to a warm account alerts once; in a cold account it does not', async () => {
  const capture = await captureServer();
  const history = Array.from({ length: 12 }, (_, i) => row({ persona: 'cfo', stakeholder: 'cfo-1', t: T - i * 3_600_000, receivedAt: T - i * 3_600_000 }));
  const log = await logWith([...history, row({ account: 'cold', persona: 'cfo', t: T - 1000, receivedAt: T - 1000 })]);
  const db = log.db;
  const alerter = createAlerter({ sql: sqliteRunner(db), directory: memoryDirectory([corvanne]), pieces, personas: { 'end-user': 'End user' }, config, channels: { webhook: capture.url }, siteUrl: 'https://abm.kestrel.example', reportUrl: 'http://r/', now: () => T + 1000 });
  try {
    const newcomer = row({ persona: 'end-user', piece: 'field-guide', visitor: 'visitor-0002', t: T + 500, receivedAt: T + 1000 });
    // The log holds the newcomer's rows by the time the alerter sees them.
    await log.append([newcomer]);
    await alerter.onStored([newcomer]);
    await alerter.onStored([{ ...newcomer, id: 'later-view-01' }]);
    const cold = row({ account: 'cold', persona: 'end-user', visitor: 'visitor-0003', receivedAt: T + 1000 });
    await alerter.onStored([cold]);
    assert.equal(capture.received.length, 1);
    const alert = (capture.received[0]!.body as { alert: { moment: string; headline: string; why: string } }).alert;
    assert.equal(alert.moment, 'new-persona');
    assert.equal(alert.headline, 'An anonymous visitor on the End user track at Corvanne Utilities showed up for the first time on “A field guide”');
    assert.match(alert.why, /the account had 12 events in the last 30 days/);
  } finally {
    await capture.close();
    log.close();
  }
});
