/**
 * Triggers: rules over scores that raise an alert once per crossing. The state of the previous run
 * (stage reached, above the score threshold, flags up) decides what is new; an account that falls
 * back and crosses again raises a new alert. Stage alerts follow the sequential funnel: a step is
 * entered when it counts (the steps before it count too), never by skipping one. Every alert names
 * its contacts (name, e-mail, CRM id) so a CRM can match it, and carries the time of the event behind
 * it (`at`) beside the run's (`raisedAt`). Pure; delivery is in src/cli/report.ts.
 */
import { FUNNEL_STEPS, type FunnelStep, type ScoringConfig } from '../schemas/scoring.ts';
import type { AccountScore } from './types.ts';
import { STEP_WORDS } from './words.ts';

export interface TriggerState {
  /** Per account: last funnel step that counts, whether above the score threshold, flags up (their keys). */
  accounts: Record<string, { stage: FunnelStep | 'none'; aboveThreshold: boolean; flags: string[] }>;
}

/** A stakeholder an alert is about, with what a CRM matches contacts by. */
export interface AlertContact {
  stakeholder: string;
  name: string | null;
  title: string;
  persona: string;
  email: string | null;
  crmId: string | null;
}

export interface Alert {
  id: string;
  /** The time of the event behind the alert (ISO 8601, UTC): what the report and the CRM show. See `eventTimeOf`. */
  at: string;
  /** When the report run noticed it (ISO 8601, UTC). Alerts logged before event times were kept have only `at`, which is this. */
  raisedAt: string;
  kind: 'stage-entered' | 'score-crossed' | 'red-flag';
  account: string;
  name: string;
  domain: string;
  owner: string;
  stage: FunnelStep | 'none';
  score: number;
  reason: string;
  topContent: string[];
  /** Whom it is about: the people behind a funnel step, the top identified contributors to a score, the stakeholders a red flag concerns. */
  contacts: AlertContact[];
}

/** Flag keys of state files written before flags had keys ("kind:" and "committee-gap:<detail>"). */
function normaliseFlagKey(key: string): string {
  const gap = /^committee-gap:decision-maker persona "(.*)" never engaged$/.exec(key);
  if (gap) return `committee-gap:${gap[1]}`;
  return key === 'cooling:' || key === 'single-threaded:' ? key.slice(0, -1) : key;
}

const rank = (s: FunnelStep | 'none') => (s === 'none' ? -1 : FUNNEL_STEPS.indexOf(s));

/**
 * The time of the event behind an alert, never the run's: a report run sees a crossing hours or
 * days after the visitor's click, and "entered intent, 2 Dec 09:14" must be when they clicked.
 * Intent and sales-ready: the latest intent signal (anyone's: intent is an account-level signal;
 * a booked meeting is one). The other funnel steps: the latest event of the people behind them.
 * The score crossing and the red flags: the account's latest event (for cooling, the last
 * activity before the silence). Null when the account has no event at all.
 */
export function eventTimeOf(a: AccountScore, kind: Alert['kind'], stakeholders: readonly string[], step?: FunnelStep): number | null {
  if (kind === 'stage-entered' && (step === 'intent' || step === 'sales-ready')) {
    let t: number | null = null;
    for (const m of [...a.people.flatMap((p) => p.intent), ...a.privacy.intent]) if (t === null || m.t > t) t = m.t;
    if (t !== null) return t;
  }
  const people = a.people.filter((p) => p.stakeholder && stakeholders.includes(p.stakeholder.id));
  if (kind === 'stage-entered' && people.length) return Math.max(...people.map((p) => p.lastSeen));
  return a.lastSeen;
}

export function detectAlerts(previous: TriggerState, scores: AccountScore[], config: ScoringConfig, now: number): { alerts: Alert[]; next: TriggerState } {
  const alerts: Alert[] = [];
  const next: TriggerState = { accounts: {} };
  const at = new Date(now).toISOString();
  for (const a of scores) {
    const id = a.account.id;
    const before = previous.accounts[id] ?? { stage: 'none', aboveThreshold: false, flags: [] };
    const above = a.score >= config.thresholds.accountScore;
    const flagsBefore = new Set(before.flags.map(normaliseFlagKey));
    next.accounts[id] = { stage: a.stage, aboveThreshold: above, flags: a.redFlags.map((f) => f.key) };
    const committee = new Map(a.account.committee.map((s) => [s.id, s]));
    const contactsOf = (ids: string[]): AlertContact[] =>
      ids.flatMap((sid) => {
        const s = committee.get(sid);
        return s ? [{ stakeholder: s.id, name: s.name ?? null, title: s.title, persona: s.persona, email: s.email ?? null, crmId: s.crmId ?? null }] : [];
      });
    const alert = (kind: Alert['kind'], reason: string, contacts: string[], step?: FunnelStep) =>
      alerts.push({
        id: `${id}:${kind}:${reason}:${at}`,
        at: new Date(eventTimeOf(a, kind, contacts, step) ?? now).toISOString(),
        raisedAt: at,
        kind,
        account: id,
        name: a.account.name,
        domain: a.account.domain,
        owner: a.account.owner,
        stage: a.stage,
        score: Math.round(a.score * 10) / 10,
        reason,
        topContent: a.topContent,
        contacts: contactsOf(contacts),
      });
    // Stage entered: each configured step newly counted (several steps counting at once raise each).
    for (const step of config.triggers.stages) {
      if (a.funnel[step].met && rank(before.stage) < rank(step)) alert('stage-entered', `entered ${STEP_WORDS[step]}: ${a.funnel[step].detail}`, a.funnel[step].stakeholders, step);
    }
    if (config.triggers.scoreCrossed && above && !before.aboveThreshold) {
      const top = a.people.filter((p) => p.stakeholder).slice(0, 3).map((p) => p.stakeholder!.id);
      alert('score-crossed', `account score ${a.score.toFixed(1)} crossed ${config.thresholds.accountScore}`, top);
    }
    if (config.triggers.redFlags) {
      for (const f of a.redFlags) if (!flagsBefore.has(f.key)) alert('red-flag', `${f.kind.replace('-', ' ')}: ${f.detail}`, f.stakeholders);
    }
  }
  return { alerts, next };
}

/** POSTs a JSON body, retrying with exponential backoff (not on 4xx other than 429); returns what happened. */
export async function postJson(
  url: string,
  body: unknown,
  options: { attempts: number; baseDelayMs?: number; fetchImpl?: typeof fetch },
): Promise<{ ok: boolean; attempts: number; status?: number; error?: string }> {
  const send = options.fetchImpl ?? fetch;
  let last: { status?: number; error?: string } = {};
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) return { ok: true, attempts: attempt, status: response.status };
      last = { status: response.status };
      // Client errors other than rate limiting will not get better by retrying.
      if (response.status < 500 && response.status !== 429) return { ok: false, attempts: attempt, status: response.status };
    } catch (error) {
      last = { error: (error as Error).message };
    }
    if (attempt < options.attempts) await new Promise((r) => setTimeout(r, (options.baseDelayMs ?? 500) * 2 ** (attempt - 1)));
  }
  return { ok: false, attempts: options.attempts, ...last };
}

/** POSTs alerts as JSON (`{ source, alerts }`) to a webhook, retrying with exponential backoff; returns what happened. */
export function deliverWebhook(url: string, alerts: Alert[], options: { attempts: number; baseDelayMs?: number; fetchImpl?: typeof fetch }) {
  return postJson(url, { source: 'tailor', alerts }, options);
}
