/**
 * `npm run report -- --digest`: the weekly digest reaches Slack (Block Kit), Teams (an Adaptive
 * Card in a Workflows message) and the JSON webhook, each a real local HTTP server here, and an
 * account owner's own channel gets only their accounts. The command runs as a user runs it, on a
 * real SQLite log of the demo accounts; a receiver failing once gets the digest on the retry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { SqliteLog } from '../../src/collector/sqliteLog.ts';
import type { LogRow } from '../../src/events/schema.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 9);

interface Received {
  path: string;
  body: Record<string, unknown>;
}

/** A capture server: records every POST; `failFirst` paths answer 500 once. */
async function captureServer(failFirst: string[]) {
  const received: Received[] = [];
  const failed = new Set<string>();
  const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => resolve(body));
  });
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const url = req.url ?? '/';
    if (failFirst.includes(url) && !failed.has(url)) {
      failed.add(url);
      res.writeHead(500).end();
      return;
    }
    received.push({ path: url, body: JSON.parse(body) as Record<string, unknown> });
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const account = (id: string) => parse(readFileSync(`accounts/${id}.yaml`, 'utf8')) as { name: string; owner: { email: string }; buyingCommittee: { id: string; name?: string; title: string }[] };
const title = (piece: string) => (/^title:\s*"?(.*?)"?\s*$/m.exec(readFileSync(`content/pieces/${piece}.mdx`, 'utf8'))![1]!);

test('the weekly digest: whom to call and what changed, to Slack, Teams and the JSON webhook, and to an owner\'s own channel', async () => {
  const state = mkdtempSync(path.join(tmpdir(), 'tailor-digest-'));
  const log = path.join(state, 'conversions.db');
  let n = 0;
  const row = (over: Partial<LogRow>): LogRow => ({ id: `digest-${String(n++).padStart(4, '0')}`, receivedAt: over.t ?? NOW, t: NOW, type: 'page_view', account: 'lumivaara', persona: null, piece: null, stakeholder: null, visitor: null, session: null, path: '/', ref: null, value: null, label: null, ...over });
  const cfo = { stakeholder: 'cfo-1', persona: 'cfo', visitor: 'visitor-cfo00001' };
  const ceo = { stakeholder: 'ceo-1', persona: 'ceo', visitor: 'visitor-ceo00001' };
  const clickAt = NOW - 5 * HOUR;
  const rows: LogRow[] = [
    // Before the week: the CFO and CEO read (activated), nothing more.
    ...Array.from({ length: 6 }, (_, i) => row({ ...cfo, piece: 'roi-of-automation', t: NOW - (12 + i) * DAY })),
    ...Array.from({ length: 6 }, (_, i) => row({ ...ceo, piece: 'operations-as-growth-engine', t: NOW - (12 + i) * DAY })),
    // This week: the CFO completes the calculator and asks for a meeting, the CEO reads on (a piece
    // without a pricing or security signal: reading it is not a call on its own).
    ...Array.from({ length: 4 }, (_, i) => row({ ...ceo, piece: 'operations-as-growth-engine', t: NOW - (2 + i) * DAY })),
    row({ ...cfo, piece: 'roi-of-automation', type: 'calculator_completed', value: 212, t: NOW - DAY }),
    row({ ...cfo, piece: 'roi-of-automation', type: 'cta_click', label: 'meeting', t: clickAt }),
    // Another owner's account: one reader, nothing this week.
    ...Array.from({ length: 3 }, () => row({ account: 'meridell', stakeholder: 'user-1', persona: 'end-user', t: NOW - 20 * DAY })),
  ];
  const sqlite = new SqliteLog(log);
  await sqlite.append(rows);
  sqlite.close();

  const lumivaara = account('lumivaara');
  const janne = lumivaara.buyingCommittee.find((s) => s.id === 'cfo-1')!;
  const capture = await captureServer(['/teams']);
  try {
    const env = {
      ...process.env,
      TAILOR_STATE_DIR: state,
      TAILOR_LOG_FILE: log,
      TAILOR_SLACK_WEBHOOK_URL: `${capture.origin}/slack`,
      TAILOR_TEAMS_WEBHOOK_URL: `${capture.origin}/teams`,
      TAILOR_WEBHOOK_URL: `${capture.origin}/json`,
      TAILOR_OWNER_WEBHOOKS: JSON.stringify({ [lumivaara.owner.email.toUpperCase()]: { slack: `${capture.origin}/owner-slack` } }),
      TAILOR_REPORT_URL: 'https://reports.example/tailor/report/',
    };
    const child = spawn(process.execPath, ['src/cli/report.ts', '--digest', '--now', new Date(NOW).toISOString()], { env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (out += c));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, out);
    assert.match(out, /Weekly digest: 1 person to call · 1 of \d+ accounts changed this week/);
    assert.match(out, /teams: delivered after 2 attempt\(s\)/, 'the receiver failing once gets it on the retry');

    const by = (p: string) => capture.received.filter((r) => r.path === p).map((r) => r.body);
    const what = `asked for a meeting on “${title('roi-of-automation')}”`;

    // Slack: Block Kit, the person and what they did in words, the event's time as Slack's date token.
    const [slack] = by('/slack') as [{ text: string; blocks: { type: string; text?: { text: string }; elements?: { url?: string; text?: string }[] }[] }];
    assert.match(slack.text, /^Tailor weekly digest, 30 Nov 2026 to 7 Dec 2026: /);
    assert.equal(slack.blocks[0]!.type, 'header');
    const slackText = slack.blocks.map((b) => b.text?.text ?? '').join('\n');
    assert.ok(slackText.includes(`*${janne.name} (${janne.title})* · ${lumivaara.name}\n${what} (<!date^${Math.floor(clickAt / 1000)}^`), slackText);
    assert.ok(slackText.includes(`*${lumivaara.name}*\n• moved up from identified to intent\n• score rose from `), slackText);
    assert.equal(slack.blocks.at(-1)!.elements![0]!.url, 'https://reports.example/tailor/report/');

    // Teams: a Workflows message with one Adaptive Card.
    const [teams] = by('/teams') as [{ type: string; attachments: { contentType: string; content: { type: string; version: string; body: { type: string; text?: string; items?: { text?: string }[] }[] } }[] }];
    assert.equal(teams.type, 'message');
    assert.equal(teams.attachments[0]!.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(teams.attachments[0]!.content.type, 'AdaptiveCard');
    const card = JSON.stringify(teams.attachments[0]!.content.body);
    assert.ok(card.includes(`${janne.name} (${janne.title}) · ${lumivaara.name}`));
    assert.ok(card.includes(`${what} ({{DATE(${new Date(clickAt).toISOString().replace('.000Z', 'Z')}, SHORT)}}`));

    // JSON: the digest as data, at the event's time (the same run's new alerts came first, as always).
    const json = by('/json').find((b) => b.type === 'weekly-digest') as{ type: string; digest: { calls: { who: string; at: string; what: string; say: string }[]; changes: { account: string; changes: string[] }[] } };
    assert.ok(by('/json').some((b) => Array.isArray(b.alerts)));
    assert.deepEqual(json.digest.calls.map((c) => [c.who, c.at, c.what]), [[`${janne.name} (${janne.title})`, new Date(clickAt).toISOString(), what]]);
    // What changed this week, against the log as it stood a week ago: the other account had nothing new.
    assert.deepEqual(json.digest.changes.map((c) => c.account), ['lumivaara']);
    const [stage, score, intent] = json.digest.changes[0]!.changes;
    assert.equal(stage, 'moved up from identified to intent');
    assert.match(score!, /^score rose from \d+\.\d to \d+\.\d$/);
    assert.equal(intent, `intent shown by ${janne.name} (${janne.title}): completing the ROI calculator, asking for a meeting`);
    // In words: no event code or file name in any digest.
    for (const body of [slack, teams, json, ...by('/owner-slack')]) assert.doesNotMatch(JSON.stringify(body), /calculator_completed|cta_click|page_view|roi-of-automation|operations-as-growth-engine/);

    // The owner's own channel: their accounts only (e-mail matched without case).
    const [own] = by('/owner-slack') as [{ blocks: { text?: { text: string } }[] }];
    const ownText = own.blocks.map((b) => b.text?.text ?? '').join('\n');
    assert.ok(ownText.includes(lumivaara.name));
    assert.ok(!ownText.includes(account('meridell').name));
  } finally {
    capture.close();
  }
});
