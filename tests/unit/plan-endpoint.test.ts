/**
 * The shared plan's GET: each update shows on the step it was made on, found by that step's title,
 * after the marketer reorders the plan; an update on a step since removed is left out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { sqliteRunner } from '../../src/alerts/sql.ts';
import { createPlanEndpoint } from '../../src/collector/planUpdates.ts';
import type { CollectRequest } from '../../src/collector/collect.ts';
import type { Manifest } from '../../src/events/manifest.ts';
import type { PlanStateResponse } from '../../src/events/planUpdate.ts';
import { signStakeholder } from '../../src/events/personalLink.ts';

const SECRET = 'plan-secret-plan-secret-plan-secret-0000';
const ORIGIN = 'https://abm.example.test';
const manifest = (steps: string[]): Manifest => ({ version: 1, accounts: { alpha: { personas: { cfo: [] }, stakeholders: ['cfo-1'], plan: '/alpha/plan/', steps } } });

function request(method: string, body: string, headers: Record<string, string>): CollectRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, path: '/tailor/plan', header: (name) => lower[name.toLowerCase()], body: async () => body, clientKey: 'test' };
}

test('the plan state puts each update on its step by title after a reorder, and leaves out steps removed', async () => {
  const sql = sqliteRunner(new DatabaseSync(':memory:'));
  const token = await signStakeholder(SECRET, { a: 'alpha', s: 'cfo-1' });
  const before = createPlanEndpoint({ manifest: manifest(['Kickoff', 'Pilot scope', 'Signature']), sql, secret: SECRET, origins: [ORIGIN] });
  const post = (step: number, id: string) => before.handle(request('POST', JSON.stringify({ k: token, id, step, kind: 'done' }), { origin: ORIGIN }));
  assert.equal((await post(1, 'update-pilot-0001')).status, 204);
  assert.equal((await post(0, 'update-kickoff-01')).status, 204);
  const state = async (steps: string[]) => {
    const endpoint = createPlanEndpoint({ manifest: manifest(steps), sql, secret: SECRET, origins: [ORIGIN] });
    const answer = await endpoint.handle(request('GET', '', { authorization: `Bearer ${token}` }));
    assert.equal(answer.status, 200);
    return (JSON.parse((answer as { body: string }).body) as PlanStateResponse).updates.map((u) => u.step);
  };
  assert.deepEqual(await state(['Kickoff', 'Pilot scope', 'Signature']), [1, 0]);
  // The marketer moved the pilot first.
  assert.deepEqual(await state(['Pilot scope', 'Kickoff', 'Signature']), [0, 1]);
  // ... and then dropped the kickoff.
  assert.deepEqual(await state(['Pilot scope', 'Signature']), [0]);
});
