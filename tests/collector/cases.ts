/**
 * One table of collector behaviour, run against every runtime entry (Node + SQLite, Workers + D1
 * in miniflare) over real HTTP. Each runtime supplies how to post and how to read its log.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Manifest } from '../../src/events/manifest.ts';
import { CONTROL_CHARACTERS, type LogRow } from '../../src/events/schema.ts';
import { MAX_READ_BYTES } from '../../src/collector/collect.ts';
import { contactKey, signStakeholder } from '../../src/events/personalLink.ts';
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';

export const SECRET = 'test-secret-test-secret-test-secret-0123';
export const ORIGIN = 'https://abm.example.test';
export const MANIFEST: Manifest = {
  version: 1,
  accounts: {
    alpha: { personas: { cfo: ['roi', 'case'], 'end-user': ['case'] }, stakeholders: ['cfo-1', 'user-1', 'cto-1'], plan: '/alpha/plan/', steps: ['Discovery workshop', 'Pilot scope', 'Signature'] },
    beta: { personas: { cfo: ['case'] }, stakeholders: ['cfo-1'] },
    // A second account with a plan: its updates never show in alpha's, nor alpha's in its.
    gamma: { personas: { cfo: ['case'] }, stakeholders: ['cfo-1'], plan: '/gamma/plan/', steps: ['Kick-off'] },
  },
  // What the build writes for booking webhooks: e-mails only as keys under the link secret.
  contacts: { [await contactKey(SECRET, 'Carla.CFO@alpha.example')]: { a: 'alpha', s: 'cfo-1', p: 'cfo' } },
  domains: { 'alpha.example': 'alpha', 'beta.example': 'beta' },
};
export const CALCOM_SECRET = 'calcom-webhook-secret-for-tests';
export const CALENDLY_KEY = 'calendly-signing-key-for-tests';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';

/** A request body: text, bytes (sent with their length) or a stream (sent chunked, no length declared). */
export type Body = string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;

export interface Runtime {
  /** POST to /tailor/collect (`postInit`). */
  post(body: Body, headers?: Record<string, string>): Promise<number>;
  /** POST to /tailor/hooks/<provider>. */
  hook(provider: string, body: Body, headers: Record<string, string>): Promise<number>;
  request(method: string, path: string, headers?: Record<string, string>): Promise<number>;
  rows(): Promise<LogRow[]>;
  /** The store's own consistency check (SQLite's PRAGMA integrity_check): 'ok' when sound. */
  integrity?(): Promise<string>;
}

let n = 0;
const eventId = () => `evt-${Date.now().toString(36)}-${(n++).toString().padStart(4, '0')}`;

export function beacon(over: Record<string, unknown> = {}, events: unknown[] = [{ id: eventId(), y: 'pv', t: Date.now() }]) {
  return JSON.stringify({ a: 'alpha', p: 'cfo', c: 'roi', path: '/alpha/cfo/roi/', v: 'visitor-0001', s: 'session-0001', e: events, ...over });
}

/** fetch's options to POST `body`: a stream needs `duplex: 'half'` (Node's fetch has it; the DOM's RequestInit type does not yet). */
export function postInit(body: Body, headers: Record<string, string> = {}): RequestInit {
  const init: RequestInit & { duplex: 'half' } = { method: 'POST', body, headers, duplex: 'half' };
  return init;
}

/** `size` bytes as a stream of 64 KB chunks, made as they are sent: the server sees no length until the end. */
export function streamed(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const n = Math.min(65_536, size - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(120));
    },
  });
}

/**
 * Status of a request whose body is past MAX_READ_BYTES, or 'closed': the server answers before the
 * body's end and closes the connection, so a client still sending may see the connection reset
 * instead (by design: the bound is what a server reads of a body nobody wants).
 */
export async function pastTheBound(send: () => Promise<number>): Promise<number | 'closed'> {
  try {
    return await send();
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'closed';
    throw error;
  }
}

/** The fields of a row that hold a control character (CONTROL_CHARACTERS). */
const withControls = (row: LogRow) => Object.entries(row).filter(([, v]) => typeof v === 'string' && CONTROL_CHARACTERS.test(v)).map(([k]) => k);

const headers = (extra: Record<string, string> = {}) => ({ origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA, ...extra });

export function collectorSuite(name: string, runtime: () => Runtime) {
  const post = (body: Body, extra?: Record<string, string>) => runtime().post(body, headers(extra));
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
      { id: events[0]!.id, receivedAt: 0, t: t0, type: 'page_view', account: 'alpha', persona: 'cfo', piece: 'roi', stakeholder: null, visitor: 'visitor-0001', session: 'session-0001', path: '/alpha/cfo/roi/', ref: 'search', value: null, label: null, campaign: null },
    );
    assert.equal(engaged?.type, 'engaged_time');
    assert.equal(engaged?.value, 42);
    assert.equal(cta?.type, 'cta_click');
    assert.equal(cta?.label, 'meeting');
  });

  test(`${name}: page views of the account's plan page are stored as plan_view; other events and pages keep their type`, async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 30_000;
    const onPlan = [
      { id: eventId(), y: 'pv', t: t0 },
      { id: eventId(), y: 'et', t: t0 + 9_000, x: 9 },
    ];
    const landing = { id: eventId(), y: 'pv', t: t0 };
    const noPlan = { id: eventId(), y: 'pv', t: t0 };
    const { p: _p, c: _c, ...page } = JSON.parse(beacon()) as Record<string, unknown>;
    const at = (over: Record<string, unknown>, events: unknown[]) => JSON.stringify({ ...page, ...over, e: events });
    assert.equal(await post(at({ path: '/alpha/plan/' }, onPlan)), 204);
    assert.equal(await post(at({ path: '/alpha/' }, [landing])), 204);
    assert.equal(await post(at({ a: 'beta', path: '/beta/plan/' }, [noPlan])), 204);
    const rows = await rowsById();
    assert.equal(rows.get(onPlan[0]!.id)?.type, 'plan_view');
    assert.equal(rows.get(onPlan[0]!.id)?.persona, null);
    assert.equal(rows.get(onPlan[1]!.id)?.type, 'engaged_time');
    assert.equal(rows.get(landing.id)?.type, 'page_view');
    assert.equal(rows.get(noPlan.id)?.type, 'page_view', 'an account without a plan has no plan page');
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
      { name: 'path over 300 characters once its control characters are encoded', body: beacon({ path: `/alpha/${'x'.repeat(280)}${'\u001b'.repeat(10)}` }), status: [400] },
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

  test(`${name}: control characters never reach the log: the path keeps them percent-encoded, labels lose them, and the events are kept`, async () => {
    const t = Date.now();
    // What a forged beacon could carry: NUL, a terminal's clear-screen and colour sequences (ESC,
    // and CSI as one C1 character), a right-to-left override, an isolate, DEL, a tab.
    const path = '/alpha/cfo/roi/\u0000\u001b[2J\u202egpj.exe\u2066\u007f\u009b31m\t';
    const events = [
      { id: eventId(), y: 'cta', t, l: 'meeting\u0000\u001b[31m\u202e\u200fexe.pdf' },
      { id: eventId(), y: 'dl', t, l: '/files/\u001b]8;;https://evil.example\u0007price.pdf\u2028' },
      { id: eventId(), y: 'pv', t },
    ];
    assert.equal(await post(beacon({ path }, events)), 204);
    const rows = await rowsById();
    const stored = events.map((e) => rows.get(e.id));
    assert.deepEqual(
      stored.map((r) => [r?.type, r?.path, r?.label]),
      [
        ['cta_click', '/alpha/cfo/roi/%00%1B[2J%E2%80%AEgpj.exe%E2%81%A6%7F%C2%9B31m%09', 'meeting31mexe.pdf'],
        ['download', '/alpha/cfo/roi/%00%1B[2J%E2%80%AEgpj.exe%E2%81%A6%7F%C2%9B31m%09', '/files/8https://evil.exampleprice.pdf'],
        ['page_view', '/alpha/cfo/roi/%00%1B[2J%E2%80%AEgpj.exe%E2%81%A6%7F%C2%9B31m%09', null],
      ],
      'every event stored, with the path encoded and the labels stripped',
    );
    assert.equal(decodeURIComponent(stored[0]!.path), path, 'the path as sent can be read back');
    for (const row of await runtime().rows()) assert.deepEqual(withControls(row), [], `row ${row.id} holds no control character`);
  });

  test(`${name}: a body over the limit is read and answered 413, as an HTTP client sees it, with or without a declared length; nothing stored`, async () => {
    const before = await runtime().rows();
    // Just over the 16 KB limit, well over it, and the most read (MAX_READ_BYTES): each read to its end.
    for (const size of [16_385, 300_000, MAX_READ_BYTES]) {
      assert.equal(await post(new Uint8Array(size).fill(120)), 413, `${size} bytes with Content-Length`);
      assert.equal(await post(streamed(size)), 413, `${size} bytes chunked`);
    }
    // Past what is read, the answer comes before the body's end and the connection is then
    // closed: a client that reads while it sends (fetch does) mostly gets the 413, never another answer.
    assert.ok([413, 'closed'].includes(await pastTheBound(() => post(streamed(4 * MAX_READ_BYTES)))), 'past MAX_READ_BYTES, chunked');
    assert.ok([413, 'closed'].includes(await pastTheBound(() => post(new Uint8Array(4 * MAX_READ_BYTES).fill(120)))), 'past MAX_READ_BYTES, with Content-Length');
    assert.deepEqual(await runtime().rows(), before);
    assert.equal(await post(beacon()), 204, 'and the collector still takes beacons');
  });

  test(`${name}: a beacon retried after other traffic is still stored once, and the log stays consistent`, async () => {
    const t0 = Date.now() - 10_000;
    const retried = beacon({}, [
      { id: eventId(), y: 'pv', t: t0 },
      { id: eventId(), y: 'sc', t: t0 + 2_000, x: 25 },
    ]);
    const before = (await runtime().rows()).length;
    assert.equal(await post(retried), 204);
    // Other traffic in between: later and earlier client times (clocks differ, beacons queue), other
    // visitors and accounts, and one event at the very same client time as a retried one.
    const others = [
      beacon({ v: 'visitor-0002', s: 'session-0002' }, [{ id: eventId(), y: 'pv', t: t0 + 1_000 }]),
      beacon({ a: 'beta', p: 'cfo', c: 'case', path: '/beta/cfo/case/' }, [{ id: eventId(), y: 'pv', t: Date.now() }]),
      beacon({}, [{ id: eventId(), y: 'et', t: t0 - 3_600_000, x: 30 }]),
      beacon({ v: 'visitor-0003', s: 'session-0003' }, [{ id: eventId(), y: 'pv', t: t0 }]),
      ...Array.from({ length: 20 }, (_, i) => beacon({ v: `visitor-1${String(i).padStart(3, '0')}` }, [{ id: eventId(), y: 'sc', t: t0 + 500 * i, x: 50 }])),
    ];
    for (const body of others) assert.equal(await post(body), 204);
    assert.equal(await post(retried), 204, 'the retry');
    assert.equal(await post(retried), 204, 'and another');
    const after = await runtime().rows();
    assert.equal(after.length, before + 2 + others.length);
    const ids = new Set(after.map((r) => r.id));
    assert.equal(ids.size, after.length, 'every event id once');
    for (const e of (JSON.parse(retried) as { e: { id: string; t: number }[] }).e) assert.deepEqual(after.filter((r) => r.id === e.id).map((r) => r.t), [e.t]);
    const integrity = runtime().integrity;
    if (integrity) assert.equal(await integrity(), 'ok');
  });
}

/** The documented webhook payloads of the booking tools (tests/fixtures/bookings/). */
const fixture = (name: string) => readFileSync(new URL(`../fixtures/bookings/${name}`, import.meta.url), 'utf8');
const calcomSigned = (body: string, secret = CALCOM_SECRET) => ({ 'content-type': 'application/json', 'x-cal-signature-256': createHmac('sha256', secret).update(body).digest('hex') });
const calendlySigned = (body: string, t = Math.floor(Date.now() / 1000), key = CALENDLY_KEY) => ({ 'content-type': 'application/json', 'calendly-webhook-signature': `t=${t},v1=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}` });

export function bookingSuite(name: string, runtime: () => Runtime) {
  const meetings = async () => (await runtime().rows()).filter((r) => r.type === 'meeting_booked');

  test(`${name}: a Cal.com BOOKING_CREATED with a valid signature logs meeting_booked for the stakeholder, once`, async () => {
    const body = fixture('calcom-booking-created.json');
    assert.equal(await runtime().hook('calcom', body, calcomSigned(body)), 204);
    assert.equal(await runtime().hook('calcom', body, calcomSigned(body)), 204, 'a retried delivery');
    const rows = (await meetings()).filter((r) => r.label === 'calcom');
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.deepEqual(
      { account: row.account, stakeholder: row.stakeholder, persona: row.persona, t: row.t, value: row.value },
      { account: 'alpha', stakeholder: 'cfo-1', persona: 'cfo', t: Date.parse('2026-11-25T10:00:00.000Z'), value: Date.parse('2026-12-02T09:00:00Z') },
    );
    assert.ok(!JSON.stringify(row).includes('carla') && !JSON.stringify(row).includes('Carla'), 'no e-mail or name is stored');
  });

  test(`${name}: forged, missing or tampered Cal.com signatures are refused and store nothing`, async () => {
    const body = fixture('calcom-booking-created.json').replaceAll('bFJeNb2uX8ANpT3JL5EfXw', 'forged-booking-uid-0001');
    const before = (await meetings()).length;
    assert.equal(await runtime().hook('calcom', body, calcomSigned(body, 'not-the-secret')), 401);
    assert.equal(await runtime().hook('calcom', body, { 'content-type': 'application/json' }), 401);
    assert.equal(await runtime().hook('calcom', body.replace('carla.cfo', 'someone'), calcomSigned(body)), 401);
    assert.equal((await meetings()).length, before);
  });

  test(`${name}: a Calendly invitee.created with a fresh valid signature is logged; stale or tampered ones are refused`, async () => {
    const body = fixture('calendly-invitee-created.json');
    const stale = Math.floor(Date.now() / 1000) - 600;
    assert.equal(await runtime().hook('calendly', body, calendlySigned(body, stale)), 401);
    assert.equal(await runtime().hook('calendly', body.replace('active', 'canceled'), calendlySigned(body)), 401);
    assert.equal(await runtime().hook('calendly', body, calendlySigned(body, undefined, 'wrong-key')), 401);
    assert.equal((await meetings()).filter((r) => r.label === 'calendly').length, 0);
    assert.equal(await runtime().hook('calendly', body, calendlySigned(body)), 204);
    const rows = (await meetings()).filter((r) => r.label === 'calendly');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.stakeholder, 'cfo-1');
    assert.equal(rows[0]!.value, Date.parse('2026-12-02T09:00:00.000000Z'));
  });

  test(`${name}: a webhook body over 256 KB is read and answered 413, with or without a declared length, and stores nothing`, async () => {
    const before = (await meetings()).length;
    for (const size of [256 * 1024 + 1, MAX_READ_BYTES]) {
      const body = '{"triggerEvent":"BOOKING_CREATED","payload":{"uid":"' + 'x'.repeat(size - 55) + '"}}';
      assert.equal(Buffer.byteLength(body), size);
      assert.equal(await runtime().hook('calcom', body, calcomSigned(body)), 413, `${size} bytes, signed, with Content-Length`);
      assert.equal(await runtime().hook('calendly', streamed(size), calendlySigned(body)), 413, `${size} bytes chunked`);
    }
    assert.ok([413, 'closed'].includes(await pastTheBound(() => runtime().hook('calcom', streamed(4 * MAX_READ_BYTES), calcomSigned('')))), 'past MAX_READ_BYTES');
    assert.equal((await meetings()).length, before);
  });

  test(`${name}: an attendee at an account's domain counts for the account; strangers and other events are acknowledged, not logged`, async () => {
    const colleague = fixture('calcom-booking-created.json').replaceAll('carla.cfo@alpha.example', 'new.person@eu.alpha.example').replaceAll('bFJeNb2uX8ANpT3JL5EfXw', 'colleague-booking-0001');
    assert.equal(await runtime().hook('calcom', colleague, calcomSigned(colleague)), 204);
    const row = (await meetings()).find((r) => r.account === 'alpha' && r.stakeholder === null);
    assert.ok(row, 'a meeting for the account, with no stakeholder');
    const count = (await meetings()).length;
    const stranger = fixture('calcom-booking-created.json').replaceAll('carla.cfo@alpha.example', 'someone@unrelated.example').replaceAll('bFJeNb2uX8ANpT3JL5EfXw', 'stranger-booking-0001');
    assert.equal(await runtime().hook('calcom', stranger, calcomSigned(stranger)), 202);
    const cancelled = fixture('calcom-booking-created.json').replace('BOOKING_CREATED', 'BOOKING_CANCELLED').replaceAll('bFJeNb2uX8ANpT3JL5EfXw', 'cancelled-booking-0001');
    assert.equal(await runtime().hook('calcom', cancelled, calcomSigned(cancelled)), 202);
    assert.equal(await runtime().hook('calcom', '{not json', calcomSigned('{not json')), 400);
    assert.equal((await meetings()).length, count);
    assert.equal(await runtime().hook('zoom', '{}', {}), 404, 'no such hook');
  });
}
