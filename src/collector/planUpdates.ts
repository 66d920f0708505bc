/**
 * The shared plan at the collector: `POST /tailor/plan` stores a visitor's update to the account's
 * mutual action plan (a step done, another date, a comment), `GET /tailor/plan` answers the
 * account's current updates. Only the holder of a genuine personal-link token of that account may
 * do either; under Global Privacy Control or Do Not Track the identity is dropped, so an update is
 * refused (403). Runtime-neutral like the collector: the table `plan_updates` lives beside the
 * conversion log (SQLite on Node, D1 on Workers), written through a SqlRunner. A 204 means stored:
 * the insert has committed before the answer; the instant alert (`onStored`) is handed on after it,
 * never awaited.
 */
import { MAX_PLAN_BODY, PLAN_PATH, PLAN_UPDATES_PER_HOUR, planUpdateRequestSchema, type PlanStateResponse, type PlanUpdateRow } from '../events/planUpdate.ts';
import type { Manifest } from '../events/manifest.ts';
import { MIN_SECRET_LENGTH, verifyStakeholder } from '../events/personalLink.ts';
import type { SqlRunner } from '../alerts/sql.ts';
import type { CollectRequest, CollectResponse } from './collect.ts';

/**
 * The table (also in migration 0004_plan_updates.sql, through LOG_MIGRATIONS). `account` and
 * `stakeholder` keep these names: `npm run forget` and retention delete by them and by `received_at`.
 * The index serves the rate limit (an account's stakeholder's last hour) and GET (an account's rows).
 */
export const CREATE_PLAN_UPDATES_SQL = [
  `CREATE TABLE IF NOT EXISTS plan_updates (
    id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    account TEXT NOT NULL,
    stakeholder TEXT NOT NULL,
    step INTEGER NOT NULL,
    step_title TEXT,
    kind TEXT NOT NULL,
    value TEXT
  )`,
  'CREATE UNIQUE INDEX IF NOT EXISTS plan_updates_key ON plan_updates (account, stakeholder, id)',
  'CREATE INDEX IF NOT EXISTS plan_updates_person_time ON plan_updates (account, stakeholder, received_at)',
];

export const SELECT_PLAN_UPDATES_SQL = 'SELECT id, received_at AS receivedAt, account, stakeholder, step, step_title AS stepTitle, kind, value FROM plan_updates';

/** Creates the table where it is missing (idempotent: a D1 that wrangler migrates has it from 0004 already). */
export async function ensurePlanUpdates(sql: SqlRunner): Promise<void> {
  await sql.batch(CREATE_PLAN_UPDATES_SQL.map((s) => ({ sql: s.replace(/\s+/g, ' '), params: [] })));
}

/**
 * Stores an update unless its sender has sent `perHour` in the last hour: one statement, so two
 * Workers cannot both slip under the limit. `stored` also for a retry of an update stored already.
 */
export async function storePlanUpdate(sql: SqlRunner, row: PlanUpdateRow, perHour: number): Promise<'stored' | 'rate-limited'> {
  const { changes } = await sql.run(
    `INSERT OR IGNORE INTO plan_updates (id, received_at, account, stakeholder, step, step_title, kind, value)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?
     WHERE (SELECT COUNT(*) FROM plan_updates WHERE account = ? AND stakeholder = ? AND received_at > ?) < ?`.replace(/\s+/g, ' '),
    row.id,
    row.receivedAt,
    row.account,
    row.stakeholder,
    row.step,
    row.stepTitle,
    row.kind,
    row.value,
    row.account,
    row.stakeholder,
    row.receivedAt - 3_600_000,
    perHour,
  );
  if (changes === 1) return 'stored';
  const again = await sql.all('SELECT 1 AS x FROM plan_updates WHERE account = ? AND stakeholder = ? AND id = ?', row.account, row.stakeholder, row.id);
  return again.length > 0 ? 'stored' : 'rate-limited';
}

/** An account's updates, oldest first. */
export const planUpdatesOf = (sql: SqlRunner, account: string) => sql.all<PlanUpdateRow>(`${SELECT_PLAN_UPDATES_SQL} WHERE account = ? ORDER BY received_at, id`, account);

export interface PlanEndpointOptions {
  manifest: Manifest;
  sql: SqlRunner;
  /** Personal-link secret; without it nobody can update a plan (every token fails). */
  secret?: string | undefined;
  /** Origins allowed to POST (the site's), as for beacons. */
  origins: readonly string[];
  perHour?: number;
  now?: () => number;
  /** Told of each update once stored (instant alerts); its promise is not awaited. */
  onStored?: (row: PlanUpdateRow) => void;
}

export type PlanDropReason = 'method' | 'origin' | 'too-large' | 'bad-json' | 'bad-update' | 'privacy' | 'token' | 'unknown-step' | 'rate-limited' | 'unstored';

/** Updates GET returns at most (the newest). */
export const MAX_STATE_UPDATES = 200;

const HEADERS = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };

export function createPlanEndpoint(options: PlanEndpointOptions) {
  if (options.secret !== undefined && options.secret.length < MIN_SECRET_LENGTH) throw new Error(`the personal-link secret must be at least ${MIN_SECRET_LENGTH} characters (TAILOR_LINK_SECRET)`);
  const origins = new Set(options.origins);
  const perHour = options.perHour ?? PLAN_UPDATES_PER_HOUR;
  const now = options.now ?? Date.now;
  const stats = { stored: 0, dropped: {} as Partial<Record<PlanDropReason, number>> };
  let ready: Promise<void> | undefined;
  const schema = () =>
    (ready ??= ensurePlanUpdates(options.sql).catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
  const answer = (status: number, reason?: PlanDropReason, extra: Record<string, string> = {}): CollectResponse => {
    if (reason) stats.dropped[reason] = (stats.dropped[reason] ?? 0) + 1;
    return { status, headers: { ...HEADERS, ...extra } };
  };

  /** The stakeholder a token names, if it is genuine and they belong to an account with a plan. */
  async function who(token: string | undefined): Promise<{ account: string; stakeholder: string; steps: string[] } | undefined> {
    if (!token || !options.secret) return undefined;
    const claim = await verifyStakeholder(options.secret, token);
    const account = claim ? options.manifest.accounts[claim.a] : undefined;
    if (!claim || !account?.plan || !account.stakeholders.includes(claim.s)) return undefined;
    return { account: claim.a, stakeholder: claim.s, steps: account.steps ?? [] };
  }

  async function handle(req: CollectRequest): Promise<CollectResponse> {
    if (req.method === 'OPTIONS') return answer(204, undefined, { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'authorization', 'access-control-max-age': '86400' });
    if (req.method === 'GET') {
      const auth = req.header('authorization') ?? '';
      const person = await who(/^Bearer\s+(\S+)$/i.exec(auth)?.[1]);
      if (!person) return answer(401, 'token');
      let rows: PlanUpdateRow[];
      try {
        await schema();
        rows = await planUpdatesOf(options.sql, person.account);
      } catch {
        return answer(503, 'unstored');
      }
      // Each update on the step it was made on, found by that step's title (the plan may have been
      // reordered since); updates of steps renamed or removed are left out. The newest
      // MAX_STATE_UPDATES only: the page never downloads an unbounded list.
      const shown = rows.flatMap((r) => {
        const step = r.stepTitle !== null ? person.steps.indexOf(r.stepTitle) : Number(r.step) < person.steps.length ? Number(r.step) : -1;
        return step < 0 ? [] : [{ step, kind: r.kind, value: r.value, at: Number(r.receivedAt), mine: r.stakeholder === person.stakeholder }];
      });
      const body: PlanStateResponse = { updates: shown.sort((a, b) => a.at - b.at).slice(-MAX_STATE_UPDATES) };
      return { status: 200, headers: { ...HEADERS, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
    }
    if (req.method !== 'POST') return answer(405, 'method', { allow: 'GET, POST' });
    const origin = req.header('origin');
    // As for beacons: the configured origins, and a page on the runtime's own origin (a Worker's preview addresses).
    if (!origin || !(origins.has(origin) || origin === req.selfOrigin)) return answer(403, 'origin');
    if (Number(req.header('content-length') ?? 0) > MAX_PLAN_BODY) return answer(413, 'too-large');
    const text = await req.body(MAX_PLAN_BODY);
    if (text === null) return answer(413, 'too-large');
    // Global Privacy Control or Do Not Track: the identity an update needs is dropped.
    if (req.header('sec-gpc') === '1' || req.header('dnt') === '1') return answer(403, 'privacy');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return answer(400, 'bad-json');
    }
    const parsed = planUpdateRequestSchema.safeParse(json);
    if (!parsed.success) return answer(400, 'bad-update');
    const update = parsed.data;
    const person = await who(update.k);
    if (!person) return answer(401, 'token');
    if (update.step >= person.steps.length) return answer(400, 'unknown-step');
    const row: PlanUpdateRow = {
      id: update.id,
      receivedAt: now(),
      account: person.account,
      stakeholder: person.stakeholder,
      step: update.step,
      stepTitle: person.steps[update.step] ?? null,
      kind: update.kind,
      value: 'value' in update ? update.value : null,
    };
    let outcome: 'stored' | 'rate-limited';
    try {
      await schema();
      outcome = await storePlanUpdate(options.sql, row, perHour);
    } catch {
      // Not stored, so not acknowledged.
      return answer(503, 'unstored');
    }
    if (outcome === 'rate-limited') return answer(429, 'rate-limited', { 'retry-after': '3600' });
    stats.stored++;
    options.onStored?.(row);
    return answer(204);
  }

  return { handle, stats, path: PLAN_PATH };
}
export type PlanEndpoint = ReturnType<typeof createPlanEndpoint>;
