/** Triggers fire once per crossing; the webhook is retried against a real local HTTP server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { scoreLog, type ScoringAccount } from '../../src/scoring/engine.ts';
import { deliverWebhook, detectAlerts, type TriggerState } from '../../src/scoring/triggers.ts';
import { resolveScoringConfig } from '../../src/schemas/scoring.ts';
import type { LogRow } from '../../src/events/schema.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25);
const config = resolveScoringConfig({ thresholds: { accountScore: 30 } });
const account: ScoringAccount = {
  id: 'acme',
  name: 'Acme',
  domain: 'acme.example',
  owner: 'Olivia',
  committee: [
    { id: 'ceo-1', title: 'CEO', persona: 'ceo', role: 'decision-maker', name: 'Sari Heikkilä', email: 'sari.heikkila@acme.example', crmId: '0031x000001' },
    { id: 'cfo-1', title: 'CFO', persona: 'cfo', role: 'decision-maker', name: 'Janne Korhonen', email: 'janne.korhonen@acme.example' },
    { id: 'user-1', title: 'Engineer', persona: 'end-user', role: 'user' },
  ],
};
let n = 0;
const row = (over: Partial<LogRow>): LogRow => ({ id: `e${n++}`, receivedAt: NOW, t: NOW, type: 'page_view', account: 'acme', persona: null, piece: null, stakeholder: null, visitor: null, session: null, path: '/', ref: null, value: null, label: null, ...over });
const scores = (rows: LogRow[], now = NOW) => scoreLog(rows, { accounts: [account], pieceStages: {}, config, now }).accounts;

test('an alert fires once per crossing, and again after falling back and re-crossing', () => {
  const hot = [...Array.from({ length: 20 }, () => row({ stakeholder: 'ceo-1', persona: 'ceo' })), ...Array.from({ length: 20 }, () => row({ stakeholder: 'cfo-1', persona: 'cfo' })), row({ stakeholder: 'cfo-1', type: 'cta_click', label: 'meeting' })];
  const empty: TriggerState = { accounts: {} };
  const first = detectAlerts(empty, scores(hot), config, NOW);
  assert.deepEqual(first.alerts.map((a) => `${a.kind}: ${a.reason.split(':')[0]}`), ['stage-entered: entered intent', 'stage-entered: entered sales-ready', 'score-crossed: account score 52.0 crossed 30']);
  assert.equal(first.alerts[1]!.owner, 'Olivia');
  assert.deepEqual(detectAlerts(first.next, scores(hot), config, NOW + 1000).alerts, [], 'nothing new on the next run');

  // 20 quiet days later: 20 views x 0.5^(20/14) = 7.4 points each, below 15: no one activated, so the
  // account is back to "identified" (the meeting click still holds as intent but waits); then it heats up again.
  const later = NOW + 20 * DAY;
  const cooledScores = scores(hot, later);
  assert.equal(cooledScores[0]!.stage, 'identified');
  assert.equal(cooledScores[0]!.funnel.intent.waitsFor, 'activated');
  const cooled = detectAlerts(first.next, cooledScores, config, later);
  assert.deepEqual(cooled.alerts.map((a) => a.reason.split(':')[0]), ['cooling'], 'cooling is new; nothing re-fires on the way down');
  const again = detectAlerts(cooled.next, scores([...hot, ...hot.map((r) => ({ ...r, id: `${r.id}-again`, t: later }))], later), config, later);
  assert.deepEqual(again.alerts.map((a) => a.reason.split(':')[0]!.replace(/ [\d.]+ crossed 30/, '')).sort(), ['account score', 'entered intent', 'entered sales-ready']);
});

test('stage alerts follow the sequence: an anonymous meeting click raises nothing until a decision maker is activated', () => {
  const userActive = Array.from({ length: 16 }, () => row({ stakeholder: 'user-1' }));
  const activated = detectAlerts({ accounts: {} }, scores(userActive), config, NOW);
  assert.equal(activated.next.accounts['acme']!.stage, 'activated');
  const click = row({ visitor: 'visitor-anon0001', type: 'cta_click', label: 'meeting' });
  const clicked = detectAlerts(activated.next, scores([...userActive, click]), config, NOW + 1000);
  assert.deepEqual(clicked.alerts, [], 'no "entered intent" while key-role-activated does not hold');
  assert.equal(clicked.next.accounts['acme']!.stage, 'activated');
  const cfo = Array.from({ length: 16 }, () => row({ stakeholder: 'cfo-1' }));
  const entered = detectAlerts(clicked.next, scores([...userActive, click, ...cfo]), config, NOW + 2000);
  assert.deepEqual(entered.alerts.map((a) => [a.kind, a.stage, a.reason]), [['stage-entered', 'intent', 'entered intent: anonymous visitor: asking for a meeting']]);
});

test('alerts name their contacts (name, e-mail, CRM id); flags are keyed so old state files raise nothing twice', () => {
  const rows = [...Array.from({ length: 20 }, () => row({ stakeholder: 'ceo-1', persona: 'ceo' })), ...Array.from({ length: 20 }, () => row({ stakeholder: 'cfo-1', persona: 'cfo' })), row({ stakeholder: 'cfo-1', type: 'cta_click', label: 'meeting' })];
  const { alerts } = detectAlerts({ accounts: {} }, scores(rows), config, NOW);
  const byReason = Object.fromEntries(alerts.map((a) => [a.reason.split(':')[0]!, a.contacts] as const));
  assert.deepEqual(byReason['entered intent'], [{ stakeholder: 'cfo-1', name: 'Janne Korhonen', title: 'CFO', persona: 'cfo', email: 'janne.korhonen@acme.example', crmId: null }]);
  assert.deepEqual(byReason['entered sales-ready']!.map((c) => [c.name, c.email, c.crmId]), [['Janne Korhonen', 'janne.korhonen@acme.example', null], ['Sari Heikkilä', 'sari.heikkila@acme.example', '0031x000001']]);
  // A committee gap names the unreached stakeholders of the missing persona.
  const gap = detectAlerts({ accounts: {} }, scores([row({ stakeholder: 'user-1' }), row({ persona: 'cfo' })]), config, NOW).alerts.filter((a) => a.reason.startsWith('committee gap'));
  assert.deepEqual(gap.map((a) => [a.reason, a.contacts.map((c) => c.name)]), [
    ['committee gap: decision-maker persona "ceo" never engaged: no identified visit from Sari Heikkilä (CEO)', ['Sari Heikkilä']],
    ['committee gap: decision-maker persona "cfo" never engaged: no identified visit from Janne Korhonen (CFO); its track was read anonymously 1 time, which identifies no one', ['Janne Korhonen']],
  ]);
  // State written before flags had keys: the same flags are not new.
  const legacy: TriggerState = { accounts: { acme: { stage: 'identified', aboveThreshold: false, flags: ['single-threaded:', 'committee-gap:decision-maker persona "ceo" never engaged', 'committee-gap:decision-maker persona "cfo" never engaged'] } } };
  assert.deepEqual(detectAlerts(legacy, scores([row({ stakeholder: 'user-1' }), row({ persona: 'cfo' })]), config, NOW).alerts, []);
});

test('the webhook is retried with backoff until it succeeds, and not retried on 4xx', async () => {
  let calls = 0;
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls++;
      bodies.push(body);
      res.writeHead(req.url === '/bad' ? 400 : calls < 3 ? 503 : 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const alerts = detectAlerts({ accounts: {} }, scores([row({ stakeholder: 'ceo-1', type: 'cta_click', label: 'meeting' })]), config, NOW).alerts;
  try {
    const ok = await deliverWebhook(`http://127.0.0.1:${port}/hook`, alerts, { attempts: 4, baseDelayMs: 5 });
    assert.deepEqual(ok, { ok: true, attempts: 3, status: 204 });
    assert.equal(JSON.parse(bodies[2]!).alerts[0].account, 'acme');
    // The payload carries the contacts a CRM matches by.
    assert.deepEqual(JSON.parse(bodies[2]!).alerts[0].contacts, [{ stakeholder: 'ceo-1', name: 'Sari Heikkilä', title: 'CEO', persona: 'ceo', email: 'sari.heikkila@acme.example', crmId: '0031x000001' }]);
    calls = 0;
    const bad = await deliverWebhook(`http://127.0.0.1:${port}/bad`, alerts, { attempts: 4, baseDelayMs: 5 });
    assert.deepEqual(bad, { ok: false, attempts: 1, status: 400 });
    const down = await deliverWebhook('http://127.0.0.1:9/hook', alerts, { attempts: 2, baseDelayMs: 5 });
    assert.equal(down.ok, false);
    assert.equal(down.attempts, 2);
  } finally {
    server.close();
  }
});
