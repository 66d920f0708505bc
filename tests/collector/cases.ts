/**
 * One table of collector behaviour, run against every runtime entry (Node + SQLite, Workers + D1
 * in miniflare) over real HTTP. Each runtime supplies how to post and how to read its log.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Manifest } from '../../src/events/manifest.ts';
import type { LogRow } from '../../src/events/schema.ts';
import { signStakeholder } from '../../src/events/personalLink.ts';

export const SECRET = 'test-secret-test-secret-test-secret-0123';
export const ORIGIN = 'https://abm.example.test';
export const MANIFEST: Manifest = {
  version: 1,
  accounts: {
    alpha: { personas: { cfo: ['roi', 'case'], 'end-user': ['case'] }, stakeholders: ['cfo-1', 'user-1'] },
    beta: { personas: { cfo: ['case'] }, stakeholders: ['cfo-1'] },
  },
};

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';

export interface Runtime {
  post(body: string | Uint8Array<ArrayBuffer>, headers?: Record<string, string>): Promise<number>;
  request(method: string, path: string, headers?: Record<string, string>): Promise<number>;
  rows(): Promise<LogRow[]>;
}

let n = 0;
const eventId = () => `evt-${Date.now().toString(36)}-${(n++).toString().padStart(4, '0')}`;

export function beacon(over: Record<string, unknown> = {}, events: unknown[] = [{ id: eventId(), y: 'pv', t: Date.now() }]) {
  return JSON.stringify({ a: 'alpha', p: 'cfo', c: 'roi', path: '/alpha/cfo/roi/', v: 'visitor-0001', s: 'session-0001', e: events, ...over });
}

const headers = (extra: Record<string, string> = {}) => ({ origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA, ...extra });

export function collectorSuite(name: string, runtime: () => Runtime) {
  const post = (body: string | Uint8Array<ArrayBuffer>, extra?: Record<string, string>) => runtime().post(body, headers(extra));
  const rowsById = async () => new Map((await runtime().rows()).map((r) => [r.id, r]));

  test(`${name}: a beacon becomes rows with account, persona, piece, visitor, session and referrer class`, async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const events = [
      { id: eventId(), y: 'pv', t: t0 },
      { id: eventId(), y: 'et', t: t0 + 5_000, x: 42 },
      { id: eventId(), y: 'cta', t: t0 + 6_000, l: 'meeting' },
    ];
    assert.equal(await post(beacon({ r: 'www.google.com' }, events)), 204);
    const rows = await rowsById();
    const [view, engaged, cta] = events.map((e) => rows.get(e.id));
    assert.deepEqual(
      { ...view, receivedAt: 0 },
      { id: events[0]!.id, receivedAt: 0, t: t0, type: 'page_view', account: 'alpha', persona: 'cfo', piece: 'roi', stakeholder: null, visitor: 'visitor-0001', session: 'session-0001', path: '/alpha/cfo/roi/', ref: 'search', value: null, label: null },
    );
    assert.equal(engaged?.type, 'engaged_time');
    assert.equal(engaged?.value, 42);
    assert.equal(cta?.type, 'cta_click');
    assert.equal(cta?.label, 'meeting');
  });

  test(`${name}: a personal-link token records the stakeholder; forged or foreign tokens stay anonymous`, async () => {
    const genuine = await signStakeholder(SECRET, { a: 'alpha', s: 'cfo-1' });
    const [payload, mac] = genuine.split('.') as [string, string];
    const forgedPayload = Buffer.from('alpha:user-1').toString('base64url') + '.' + mac;
    const flipped = payload + '.' + (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1);
    const otherAccount = await signStakeholder(SECRET, { a: 'beta', s: 'cfo-1' });
    const wrongSecret = await signStakeholder('another-secret-another-secret-12345678', { a: 'alpha', s: 'cfo-1' });
    const cases = [
      { k: genuine, expect: 'cfo-1' },
      { k: forgedPayload, expect: null },
      { k: flipped, expect: null },
      { k: otherAccount, expect: null },
      { k: wrongSecret, expect: null },
      { k: 'not-a-token', expect: null },
    ];
    const ids: string[] = [];
    for (const c of cases) {
      const id = eventId();
      ids.push(id);
      assert.equal(await post(beacon({ k: c.k }, [{ id, y: 'pv', t: Date.now() }])), 204);
    }
    const rows = await rowsById();
    assert.deepEqual(ids.map((id) => rows.get(id)?.stakeholder), cases.map((c) => c.expect));
  });

  test(`${name}: Global Privacy Control and Do Not Track drop visitor, session and stakeholder`, async () => {
    const k = await signStakeholder(SECRET, { a: 'alpha', s: 'cfo-1' });
    const gpc = eventId();
    const dnt = eventId();
    assert.equal(await post(beacon({ k }, [{ id: gpc, y: 'pv', t: Date.now() }]), { 'sec-gpc': '1' }), 204);
    assert.equal(await post(beacon({ k }, [{ id: dnt, y: 'pv', t: Date.now() }]), { dnt: '1' }), 204);
    const rows = await rowsById();
    for (const id of [gpc, dnt]) {
      const row = rows.get(id);
      assert.equal(row?.account, 'alpha');
      assert.deepEqual([row?.visitor, row?.session, row?.stakeholder], [null, null, null]);
    }
  });

  test(`${name}: a retried beacon is stored once`, async () => {
    const body = beacon({}, [{ id: eventId(), y: 'sc', t: Date.now(), x: 50 }]);
    const before = (await runtime().rows()).length;
    assert.equal(await post(body), 204);
    assert.equal(await post(body), 204);
    assert.equal((await runtime().rows()).length, before + 1);
  });

  test(`${name}: bad input gets a 4xx or a silent drop, never a 5xx, and the log stays intact`, async () => {
    const before = await runtime().rows();
    const injection = '<script>alert(1)</script>';
    const table: { name: string; body: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string>; status: number[] }[] = [
      { name: 'empty body', body: '', status: [400] },
      { name: '1 MB body', body: new Uint8Array(1024 * 1024).fill(120), status: [413] },
      { name: 'not JSON', body: '{"a": "alpha", ', status: [400] },
      { name: 'JSON but not an object', body: '[1,2,3]', status: [400] },
      { name: 'wrong types in the batch', body: beacon({ a: 42, v: ['x'] }), status: [400] },
      { name: 'unknown field', body: beacon({ admin: true }), status: [400] },
      { name: 'no events', body: beacon({}, []), status: [400] },
      { name: 'too many events', body: beacon({}, Array.from({ length: 51 }, () => ({ id: eventId(), y: 'pv', t: 1 }))), status: [400] },
      { name: 'wrong types in events', body: beacon({}, [{ id: 1, y: 'pv', t: 'now' }, { id: eventId(), y: 'hack', t: 1 }]), status: [204] },
      { name: 'unknown account', body: beacon({ a: 'gamma' }), status: [204] },
      { name: 'event time a day ahead', body: beacon({}, [{ id: eventId(), y: 'pv', t: Date.now() + 86_400_000 }]), status: [204] },
      { name: 'event time a year back', body: beacon({}, [{ id: eventId(), y: 'pv', t: Date.now() - 365 * 86_400_000 }]), status: [204] },
      { name: 'piece not on the persona track', body: beacon({ p: 'end-user', c: 'roi' }), status: [204] },
      { name: 'script in the path', body: beacon({ path: `/alpha/${injection}` }), status: [400] },
      { name: 'script in the account id', body: beacon({ a: injection }), status: [400] },
      { name: 'wrong origin', body: beacon(), headers: { origin: 'https://evil.example' }, status: [403] },
      { name: 'no origin', body: beacon(), headers: { origin: '' }, status: [403] },
      { name: 'bot user agent', body: beacon(), headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' }, status: [204] },
    ];
    for (const c of table) {
      const status = await post(c.body, c.headers);
      assert.ok(c.status.includes(status), `${c.name}: got ${status}, expected ${c.status.join(' or ')}`);
    }
    assert.equal(await runtime().request('GET', '/tailor/collect'), 405);
    const after = await runtime().rows();
    assert.deepEqual(after, before, 'no bad input reached the log');
    for (const row of after) assert.ok(!JSON.stringify(row).includes('<script'), 'no injected markup stored');
    // Still healthy afterwards.
    assert.equal(await post(beacon()), 204);
  });

  test(`${name}: labels are reduced to plain characters, so markup never reaches the log`, async () => {
    const id = eventId();
    assert.equal(await post(beacon({}, [{ id, y: 'dl', t: Date.now(), l: '/files/<script>alert(1)</script> price list (2026).pdf' }])), 204);
    const row = (await rowsById()).get(id);
    assert.equal(row?.type, 'download');
    assert.equal(row?.label, '/files/scriptalert1/script price list 2026.pdf');
  });
}
