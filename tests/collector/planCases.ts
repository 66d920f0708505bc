/**
 * The shared plan's endpoint (POST and GET /tailor/plan), run against every runtime entry (Node +
 * SQLite, Workers + D1 in miniflare) over real HTTP, reading the rows each runtime stored.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signStakeholder } from '../../src/events/personalLink.ts';
import { MAX_COMMENT, PLAN_PATH, PLAN_UPDATES_PER_HOUR, type PlanStateResponse, type PlanUpdateRow } from '../../src/events/planUpdate.ts';
import { CONTROL_CHARACTERS } from '../../src/events/schema.ts';
import { ORIGIN, SECRET } from './cases.ts';

export interface PlanRuntime {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Every row of `plan_updates`, oldest first. */
  planRows(): Promise<PlanUpdateRow[]>;
}

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
let n = 0;
const updateId = () => `upd-${Date.now().toString(36)}-${(n++).toString().padStart(4, '0')}`;
const token = (a: string, s: string) => signStakeholder(SECRET, { a, s });

export function planSuite(name: string, runtime: () => PlanRuntime) {
  const post = async (body: unknown, extra: Record<string, string> = {}) =>
    (await runtime().fetch(PLAN_PATH, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA, ...extra } })).status;
  const state = async (k: string | undefined) => {
    const response = await runtime().fetch(PLAN_PATH, { headers: k ? { authorization: `Bearer ${k}` } : {} });
    return { status: response.status, body: response.status === 200 ? ((await response.json()) as PlanStateResponse) : undefined, type: response.headers.get('content-type') };
  };
  const rowsOf = async (ids: string[]) => {
    const all = await runtime().planRows();
    return ids.map((id) => all.find((r) => r.id === id));
  };

  test(`${name}: a stakeholder's step done, date and comment are stored (account, stakeholder, step, kind, value) and answered to their account only`, async () => {
    const k = await token('alpha', 'cfo-1');
    const ids = [updateId(), updateId(), updateId()];
    const before = Date.now();
    assert.equal(await post({ k, id: ids[0], step: 1, kind: 'done' }), 204);
    assert.equal(await post({ k, id: ids[1], step: 2, kind: 'date', value: '2027-01-20' }), 204);
    assert.equal(await post({ k, id: ids[2], step: 2, kind: 'comment', value: '  Legal needs a week more.  ' }), 204);
    const rows = await rowsOf(ids);
    assert.deepEqual(
      rows.map((r) => r && { ...r, receivedAt: 0, step: Number(r.step) }),
      [
        { id: ids[0], receivedAt: 0, account: 'alpha', stakeholder: 'cfo-1', step: 1, stepTitle: 'Pilot scope', kind: 'done', value: null },
        { id: ids[1], receivedAt: 0, account: 'alpha', stakeholder: 'cfo-1', step: 2, stepTitle: 'Signature', kind: 'date', value: '2027-01-20' },
        { id: ids[2], receivedAt: 0, account: 'alpha', stakeholder: 'cfo-1', step: 2, stepTitle: 'Signature', kind: 'comment', value: 'Legal needs a week more.' },
      ],
    );
    for (const r of rows) assert.ok(Number(r!.receivedAt) >= before && Number(r!.receivedAt) <= Date.now() + 1000, 'received_at in ms');

    const mine = await state(k);
    assert.equal(mine.status, 200);
    assert.match(mine.type ?? '', /^application\/json/);
    assert.ok(mine.body!.updates.some((u) => u.kind === 'comment' && u.value === 'Legal needs a week more.' && u.mine && u.step === 2));
    assert.ok(mine.body!.updates.some((u) => u.kind === 'done' && u.step === 1 && u.mine));
    // A colleague of the same account sees the same updates, not as theirs; the answer names nobody.
    const colleague = await state(await token('alpha', 'user-1'));
    assert.equal(colleague.status, 200);
    assert.ok(colleague.body!.updates.some((u) => u.kind === 'date' && u.value === '2027-01-20' && !u.mine));
    assert.doesNotMatch(JSON.stringify(colleague.body), /cfo-1|stakeholder/);
    // Another account with a plan sees none of alpha's.
    const other = await state(await token('gamma', 'cfo-1'));
    assert.equal(other.status, 200);
    assert.deepEqual(other.body!.updates.filter((u) => u.value === '2027-01-20' || u.value === 'Legal needs a week more.'), []);
  });

  test(`${name}: without a genuine token of an account with a plan, nothing is stored or shown`, async () => {
    const genuine = await token('alpha', 'cfo-1');
    const [payload, mac] = genuine.split('.') as [string, string];
    const refused = [
      undefined,
      'not-a-token',
      Buffer.from('alpha:user-1').toString('base64url') + '.' + mac, // another stakeholder's claim under cfo-1's MAC
      payload + '.' + (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1),
      await token('beta', 'cfo-1'), // an account without a plan
      await token('alpha', 'ceo-9'), // nobody of alpha's committee
      await signStakeholder('another-secret-another-secret-12345678', { a: 'alpha', s: 'cfo-1' }),
    ];
    const ids: string[] = [];
    for (const k of refused) {
      const id = updateId();
      ids.push(id);
      assert.equal(await post({ ...(k ? { k } : { k: 'x' }), id, step: 0, kind: 'done' }), 401, String(k));
      assert.equal((await state(k)).status, 401, String(k));
    }
    assert.deepEqual(await rowsOf(ids), ids.map(() => undefined));
  });

  test(`${name}: Global Privacy Control and Do Not Track refuse an update (the identity it needs is dropped); so do another origin, a bad step, date or field, and a body over 4 KB`, async () => {
    const k = await token('alpha', 'cfo-1');
    const cases: [unknown, Record<string, string>, number][] = [
      [{ k, id: updateId(), step: 0, kind: 'done' }, { 'sec-gpc': '1' }, 403],
      [{ k, id: updateId(), step: 0, kind: 'done' }, { dnt: '1' }, 403],
      [{ k, id: updateId(), step: 0, kind: 'done' }, { origin: 'https://evil.example' }, 403],
      [{ k, id: updateId(), step: 3, kind: 'done' }, {}, 400], // alpha's plan has 3 steps
      [{ k, id: updateId(), step: -1, kind: 'done' }, {}, 400],
      [{ k, id: updateId(), step: 0, kind: 'date', value: '2027-02-30' }, {}, 400],
      [{ k, id: updateId(), step: 0, kind: 'date', value: 'next week' }, {}, 400],
      [{ k, id: updateId(), step: 0, kind: 'comment', value: 'x'.repeat(MAX_COMMENT + 1) }, {}, 400],
      [{ k, id: updateId(), step: 0, kind: 'comment', value: ' \u0000\u001b ' }, {}, 400], // nothing left once cleaned
      [{ k, id: updateId(), step: 0, kind: 'done', stakeholder: 'ceo-1' }, {}, 400],
      [{ k, id: updateId(), step: 0, kind: 'close' }, {}, 400],
      ['{"k":', {}, 400],
      [{ k, id: updateId(), step: 0, kind: 'comment', value: 'y'.repeat(5000) }, {}, 413],
    ];
    const ids = cases.map(([body]) => (typeof body === 'object' ? (body as { id: string }).id : 'none'));
    for (const [body, headers, status] of cases) assert.equal(await post(body, headers), status, JSON.stringify(body).slice(0, 80) + JSON.stringify(headers));
    assert.deepEqual(await rowsOf(ids), ids.map(() => undefined));
  });

  test(`${name}: control characters never reach a stored comment; a retried update is stored once`, async () => {
    const k = await token('alpha', 'cto-1');
    const id = updateId();
    const body = { k, id, step: 0, kind: 'comment', value: 'Fine\u202egpj.exe\u001b[31m by us\u0000\nsee you' };
    assert.equal(await post(body), 204);
    assert.equal(await post(body), 204);
    const rows = (await runtime().planRows()).filter((r) => r.id === id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.value, 'Fine gpj.exe [31m by us see you');
    assert.doesNotMatch(rows[0]!.value!, CONTROL_CHARACTERS);
  });

  test(`${name}: a stakeholder may send ${PLAN_UPDATES_PER_HOUR} updates an hour, counted in the database; then 429 and nothing stored`, async () => {
    const k = await token('alpha', 'user-1');
    const statuses: number[] = [];
    for (let i = 0; i <= PLAN_UPDATES_PER_HOUR; i++) statuses.push(await post({ k, id: updateId(), step: 0, kind: 'comment', value: `note ${i}` }));
    assert.deepEqual(statuses, [...Array(PLAN_UPDATES_PER_HOUR).fill(204), 429]);
    assert.equal((await runtime().planRows()).filter((r) => r.account === 'alpha' && r.stakeholder === 'user-1').length, PLAN_UPDATES_PER_HOUR);
    // Someone else of the account is not held back by it.
    assert.equal(await post({ k: await token('alpha', 'cfo-1'), id: updateId(), step: 0, kind: 'done' }), 204);
  });
}
