/**
 * Triggers: rules over scores that raise an alert once per crossing. The state of the previous run
 * (stage reached, above the score threshold, flags up) decides what is new; an account that falls
 * back and crosses again raises a new alert. Pure; delivery is in src/cli/report.ts.
 */
import { FUNNEL_STEPS, type FunnelStep, type ScoringConfig } from '../schemas/scoring.ts';
import type { AccountScore } from './engine.ts';

export interface TriggerState {
  /** Per account: furthest funnel step, whether above the score threshold, flags up (kind:detail key). */
  accounts: Record<string, { stage: FunnelStep | 'none'; aboveThreshold: boolean; flags: string[] }>;
}

export interface Alert {
  id: string;
  at: string;
  kind: 'stage-entered' | 'score-crossed' | 'red-flag';
  account: string;
  name: string;
  domain: string;
  owner: string;
  stage: FunnelStep | 'none';
  score: number;
  reason: string;
  topContent: string[];
}

const rank = (s: FunnelStep | 'none') => (s === 'none' ? -1 : FUNNEL_STEPS.indexOf(s));

export function detectAlerts(previous: TriggerState, scores: AccountScore[], config: ScoringConfig, now: number): { alerts: Alert[]; next: TriggerState } {
  const alerts: Alert[] = [];
  const next: TriggerState = { accounts: {} };
  const at = new Date(now).toISOString();
  for (const a of scores) {
    const id = a.account.id;
    const before = previous.accounts[id] ?? { stage: 'none', aboveThreshold: false, flags: [] };
    const above = a.score >= config.thresholds.accountScore;
    const flags = a.redFlags.map((f) => `${f.kind}:${f.kind === 'committee-gap' ? f.detail : ''}`);
    next.accounts[id] = { stage: a.stage, aboveThreshold: above, flags };
    const alert = (kind: Alert['kind'], reason: string) =>
      alerts.push({
        id: `${id}:${kind}:${reason}:${at}`,
        at,
        kind,
        account: id,
        name: a.account.name,
        domain: a.account.domain,
        owner: a.account.owner,
        stage: a.stage,
        score: Math.round(a.score * 10) / 10,
        reason,
        topContent: a.topContent,
      });
    // Stage entered: each configured step newly passed (a jump over several raises each).
    for (const step of config.triggers.stages) {
      if (rank(a.stage) >= rank(step) && rank(before.stage) < rank(step)) alert('stage-entered', `entered ${step}: ${a.funnel[step].detail}`);
    }
    if (config.triggers.scoreCrossed && above && !before.aboveThreshold) {
      alert('score-crossed', `account score ${a.score.toFixed(1)} crossed ${config.thresholds.accountScore}`);
    }
    if (config.triggers.redFlags) {
      for (const f of a.redFlags) {
        const key = `${f.kind}:${f.kind === 'committee-gap' ? f.detail : ''}`;
        if (!before.flags.includes(key)) alert('red-flag', `${f.kind}: ${f.detail}`);
      }
    }
  }
  return { alerts, next };
}

/** POSTs alerts as JSON to a webhook, retrying with exponential backoff; returns what happened. */
export async function deliverWebhook(
  url: string,
  alerts: Alert[],
  options: { attempts: number; baseDelayMs?: number; fetchImpl?: typeof fetch },
): Promise<{ ok: boolean; attempts: number; status?: number; error?: string }> {
  const send = options.fetchImpl ?? fetch;
  let last: { status?: number; error?: string } = {};
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ source: 'tailor', alerts }),
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
