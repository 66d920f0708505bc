/**
 * Acknowledged means stored: the real embedded server (`npm run serve`) under load is killed with
 * SIGKILL; every event it answered 204 for must be in the conversion log afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Agent, request } from 'node:http';
import { MANIFEST, ORIGIN } from '../collector/cases.ts';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';

function post(port: number, agent: Agent, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/tailor/collect', method: 'POST', agent, headers: { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function crashRound(round: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tailor-crash-'));
  const state = path.join(dir, 'state');
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  mkdirSync(state, { recursive: true });
  writeFileSync(path.join(state, 'manifest.json'), JSON.stringify(MANIFEST));
  const logFile = path.join(state, 'conversions.db');
  const server = spawn(process.execPath, ['src/cli/serve.ts'], {
    env: { ...process.env, PORT: '0', TAILOR_OUT_DIR: path.join(dir, 'dist'), TAILOR_STATE_DIR: state, TAILOR_LOG_FILE: logFile, TAILOR_SITE_ORIGINS: ORIGIN, TAILOR_LINK_SECRET: 'crash-test-secret-crash-test-secret-0000', TAILOR_CLIENT_RATE_LIMIT: '100000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /Tailor is serving .* at http:\/\/[^:]+:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', () => reject(new Error(`the server stopped before serving:\n${out}`)));
  });

  const acknowledged: string[] = [];
  let sent = 0;
  let running = true;
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const sender = async (worker: number) => {
    for (let i = 0; running; i++) {
      // One to five events a beacon, like real pages; each visitor stays under its per-minute limit.
      const events = Array.from({ length: 1 + (i % 5) }, (_, k) => ({ id: `r${round}w${worker}i${i}k${k}`.padEnd(12, '0'), y: 'pv', t: Date.now() }));
      const body = JSON.stringify({ a: 'alpha', p: 'cfo', c: 'roi', path: '/alpha/cfo/roi/', v: `visitor-${round}-${worker}-${Math.floor(i / 100)}`.padEnd(8, '0'), s: `session-${worker}`, e: events });
      sent += events.length;
      if ((await post(port, agent, body)) === 204) acknowledged.push(...events.map((e) => e.id));
    }
  };
  const senders = Array.from({ length: 24 }, (_, w) => sender(w));
  // Kill mid-load, once enough has been acknowledged to make the test meaningful.
  const started = Date.now();
  while (acknowledged.length < 3_000 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 20));
  server.kill('SIGKILL');
  await new Promise((r) => server.once('exit', r));
  running = false;
  await Promise.all(senders);
  agent.destroy();

  // Restart the log as the next server would (WAL recovery), and look for every acknowledged id.
  const db = new DatabaseSync(logFile);
  const stored = new Set((db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));
  db.close();
  rmSync(dir, { recursive: true, force: true });
  const lost = acknowledged.filter((id) => !stored.has(id));
  return { sent, acknowledged: acknowledged.length, stored: stored.size, lost };
}

test('kill -9 under load: every event answered 204 is in the log', async () => {
  for (const round of [1, 2, 3]) {
    const result = await crashRound(round);
    console.log(`round ${round}: ${result.sent} sent, ${result.acknowledged} acknowledged, ${result.stored} stored, ${result.lost.length} acknowledged but lost`);
    assert.ok(result.acknowledged >= 3_000, `too little load to mean anything: ${result.acknowledged} acknowledged`);
    assert.deepEqual(result.lost.slice(0, 10), [], `${result.lost.length} acknowledged event(s) lost`);
  }
});
