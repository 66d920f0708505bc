/** HTML of the revenue measures (src/report/revenue.ts) for the report pages. */
import type { AccountScore, ScoringResult } from '../scoring/engine.ts';
import type { Names } from '../scoring/types.ts';
import { ID_NAMES } from '../scoring/words.ts';
import type { Pipeline, PipelineBucket } from '../scoring/pipeline.ts';
import { fitReasons } from '../scoring/fit.ts';
import { esc } from './charts.ts';
import { QUADRANT_LABEL, type Quadrant, type RevenueAccount, type RevenueInsights } from './revenue.ts';

/** "EUR 186,000 + GBP 64,000", or "–" when empty. Currencies are never added together. */
export function money(bucket: PipelineBucket): string {
  const parts = Object.entries(bucket.amount).map(([currency, amount]) => `${currency} ${Math.round(amount).toLocaleString('en')}`);
  return parts.length ? parts.join(' + ') : '–';
}

const STAGE_NAME: Record<string, string> = { none: 'no activity yet', identified: 'identified', activated: 'activated', 'key-role-activated': 'key role activated', intent: 'intent', 'sales-ready': 'sales-ready' };

export function pipelineSummary(r: RevenueInsights): string {
  const t = r.total;
  if (!t.open.count && !t.won.count && !t.lost.count) return 'no deals imported yet';
  return `open pipeline <span class="pipeline-open">${esc(money(t.open))}</span> in ${t.open.count} deal(s)${t.open.overdue.count ? ` (${t.open.overdue.count} past their close date)` : ''} · won <span class="pipeline-won">${esc(money(t.won))}</span>`;
}

export const pipelineCell = (p: Pipeline | undefined) => (p && p.open.count ? `${esc(money(p.open))}<br><span class="muted">${p.open.count} open${p.won.count ? ` · won ${esc(money(p.won))}` : ''}</span>` : p?.won.count ? `<span class="muted">won ${esc(money(p.won))}</span>` : '–');

export const fitCell = (r: RevenueInsights, id: string) => {
  const f = r.fit.get(id);
  return f ? `<span title="${esc(fitReasons(f))}">${f.score}</span>` : '–';
};

export function revenueSections(result: ScoringResult, r: RevenueInsights, names: Names = ID_NAMES): string {
  const name = (id: string) => result.accounts.find((a) => a.account.id === id)?.account.name ?? id;
  const bdiName = (id: string) => `<bdi>${esc(name(id))}</bdi>`;
  const byStage = r.byStage
    .filter((s) => s.accounts > 0)
    .map((s) => `<tr data-stage="${esc(s.stage)}"><td>${esc(STAGE_NAME[s.stage] ?? s.stage)}</td><td class="num">${s.accounts}</td><td class="num">${esc(money(s.pipeline.open))}</td><td class="num">${s.pipeline.open.count}</td><td class="num">${esc(money(s.pipeline.won))}</td></tr>`)
    .join('');
  const quadrants = r.quadrants
    ? `<div class="quadrants">${(Object.keys(QUADRANT_LABEL) as Quadrant[])
        .map((q) => `<section class="quadrant" data-quadrant="${q}"><h3>${esc(QUADRANT_LABEL[q])}</h3>${r.quadrants![q].length ? `<ul>${r.quadrants![q].map((id) => `<li>${bdiName(id)} <span class="muted">fit ${r.fit.get(id)!.score}</span></li>`).join('')}</ul>` : '<p class="muted">none</p>'}</section>`)
        .join('')}</div>`
    : '<p class="muted">No ideal customer profile (content/icp.yaml).</p>';
  const channels = r.channels
    .map((c) => `<tr data-campaign="${esc(`${c.source}/${c.medium}/${c.campaign}`)}"><td>${esc(c.source || '–')}</td><td>${esc(c.medium || '–')}</td><td>${esc(c.campaign || '–')}</td><td>${c.accounts.map(bdiName).join(', ')}</td><td>${esc(c.personas.map((p) => names.persona(p)).join(', ') || '–')}</td><td class="num">${c.stakeholders}</td><td class="num">${Math.round(c.engagedSeconds / 60)}</td><td class="num">${c.intentSignals}</td></tr>`)
    .join('');
  return `
<h2 id="pipeline">Pipeline by funnel stage</h2>
<p class="muted">Deals imported from the CRM (npm run import), on the accounts at each stage; amounts in different currencies are shown side by side, never converted.</p>
<table class="pipeline"><thead><tr><th>Stage</th><th class="num">Accounts</th><th class="num">Open pipeline</th><th class="num">Open deals</th><th class="num">Won</th></tr></thead><tbody>${byStage || '<tr><td colspan="5">No accounts.</td></tr>'}</tbody></table>
<h2 id="fit">Fit against engagement</h2>
<p class="muted">Fit: how well the account matches the ideal customer profile (content/icp.yaml), 0-100. Engaged: at least one identified stakeholder activated.</p>
${quadrants}
<h2 id="channels">Channels and campaigns</h2>
<p class="muted">Visits carry the UTM campaign they came in by on all their pages: which e-mail, ad or event brought which decision makers to which tracks.</p>
<table class="channels"><thead><tr><th>Source</th><th>Medium</th><th>Campaign</th><th>Accounts reached</th><th>Persona tracks</th><th class="num">Identified people</th><th class="num">Engaged min</th><th class="num">Intent signals</th></tr></thead><tbody>${channels || '<tr><td colspan="8">No visits with a campaign yet (add utm_source, utm_medium and utm_campaign to the links you send).</td></tr>'}</tbody></table>`;
}

export function accountRevenue(a: AccountScore, account: RevenueAccount | undefined, r: RevenueInsights): string {
  const p = r.pipeline.get(a.account.id);
  const deals = (account?.deals ?? [])
    .map((d) => `<tr data-status="${d.status}"><td>${esc(d.name)}</td><td>${esc(d.stage)}</td><td>${d.status}</td><td class="num">${esc(`${d.currency ?? account!.currency} ${Math.round(d.amount).toLocaleString('en')}`)}</td><td>${esc(d.closeDate)}</td></tr>`)
    .join('');
  const f = r.fit.get(a.account.id);
  return `
<h2 id="pipeline">Pipeline</h2>
<p>Open <strong class="pipeline-open">${esc(money(p?.open ?? { amount: {}, count: 0 }))}</strong> · won ${esc(money(p?.won ?? { amount: {}, count: 0 }))} · lost ${esc(money(p?.lost ?? { amount: {}, count: 0 }))}</p>
<table class="deals"><thead><tr><th>Deal</th><th>CRM stage</th><th>Status</th><th class="num">Amount</th><th>Close date</th></tr></thead><tbody>${deals || '<tr><td colspan="5">No deals imported.</td></tr>'}</tbody></table>
${f ? `<p class="fit">Fit to the ideal customer profile: <strong>${f.score}</strong> (suggested tier ${f.tier}): ${esc(fitReasons(f))}</p>` : ''}`;
}
