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
    { id: 'ceo-1', title: 'CEO', persona: 'ceo', role: 'decision-maker' },
    { id: 'cfo-1', title: 'CFO', persona: 'cfo', role: 'decision-maker' },
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

  // 20 quiet days later: cooled below the threshold, back to "intent"; then it heats up again.
  const later = NOW + 20 * DAY;
  const cooledScores = scores(hot, later);
  assert.equal(cooledScores[0]!.stage, 'intent');
  const cooled = detectAlerts(first.next, cooledScores, config, later);
  assert.deepEqual(cooled.alerts.map((a) => a.reason.split(':')[0]), ['cooling'], 'cooling is new; nothing re-fires on the way down');
  const again = detectAlerts(cooled.next, scores([...hot, ...hot.map((r) => ({ ...r, id: `${r.id}-again`, t: later }))], later), config, later);
  assert.deepEqual(again.alerts.map((a) => a.reason.split(':')[0]!.replace(/ [\d.]+ crossed 30/, '')).sort(), ['account score', 'entered sales-ready']);
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
