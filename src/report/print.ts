/**
 * The report for print (`npm run report -- --pdf`, src/report/pdf.ts): for people who never open
 * a terminal, an A4 document of one sheet for the overview (whom to call today, the accounts
 * ranked) and one sheet per account (where it stands, whom to call, the plan, the score over time,
 * the funnel, its people). One page each, always: lists are cut to what fits (the full report
 * has the rest) and a sheet is one page high, so the PDF has 1 + accounts pages and each account
 * starts at the top of its own; pdf.ts tells when a sheet had to be cut. Pure.
 */
import type { AccountScore, ScoringResult } from '../scoring/engine.ts';
import type { ScoringConfig } from '../schemas/scoring.ts';
import { FUNNEL_STEPS } from '../schemas/scoring.ts';
import { contributionWords, ROLE_WORDS } from '../scoring/words.ts';
import type { ReportInsights } from './insights.ts';
import type { RevenueInsights } from './revenue.ts';
import { esc, timelineChart } from './charts.ts';
import { money } from './revenueRender.ts';
import { coverage, flags, latest, page, planBlock, stageBadge, STYLE } from './render.ts';
import type { CallEntry } from './callList.ts';
import { ago } from '../scoring/activity.ts';
import { eventTime } from '../alerts/message.ts';
import { bdi, isolate, namesOf, num, personHtml, STAGE_LABEL } from './text.ts';

/** A4 portrait, 12 mm margins: a sheet is the page's height less a little, so it never spills onto a second page. */
const PRINT_STYLE = `${STYLE}
  @page { size: A4; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.35; }
  main { display: block; }
  footer { display: none; }
  .sheet { height: 268mm; box-sizing: border-box; padding-bottom: 7mm; overflow: hidden; break-after: page; position: relative; }
  .sheet:last-child { break-after: auto; }
  .sheet h1 { font-size: 17pt; margin: 0 0 0.15rem; } .sheet h2 { font-size: 11.5pt; margin: 0.7rem 0 0.3rem; padding-bottom: 0.15rem; }
  .sheet p { margin: 0.2rem 0; }
  .sheet table { font-size: 8.5pt; } .sheet th, .sheet td { padding: 0.2rem 0.35rem; }
  .sheet .call { padding: 0.25rem 0.6rem; border-inline-start-width: 3px; } .sheet ol.calls { gap: 0.3rem; } .sheet .call p { margin: 0.05rem 0; }
  .clamp { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
  .one-line { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 0; width: 45%; }
  .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 0.8rem; align-items: start; }
  .sheet .chart { max-height: 42mm; }
  .sheet-foot { position: absolute; bottom: 0; inset-inline: 0; font-size: 7.5pt; color: #4b5563; border-top: 1px solid #e5e7eb; padding-top: 0.15rem; background: #fff; }
`;

/** At most this many lines on a sheet; the full report lists the rest. */
const LIMITS = { calls: 4, accounts: 14, accountCalls: 2, planSteps: 4, people: 6 };

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A call in three short lines: who and what, when; what to say; how to reach them. */
function callLine(e: CallEntry, now: number, withAccount: boolean): string {
  const terms = namesOf(e.account.account);
  const who = e.person ? personHtml(e.person) : `Someone at ${bdi(e.account.account.name)}`;
  const reach = [e.person?.email ? esc(e.person.email) : '', e.links.crm ? `<a href="${esc(e.links.crm)}">CRM record</a>` : '', e.links.microsite ? `<a href="${esc(e.links.microsite)}">microsite</a>` : ''].filter(Boolean).join(' · ');
  return `<li class="call" data-account="${esc(e.account.account.id)}"><p><strong>${who}</strong>${withAccount ? ` · ${bdi(e.account.account.name)}` : ''} ${isolate(e.what, terms)}, <time datetime="${new Date(e.t).toISOString()}">${esc(eventTime(e.t))}</time> (${esc(ago(e.t, now))})</p><p><span class="label">Say:</span> ${isolate(e.say, terms)}</p>${reach ? `<p class="muted">${reach}</p>` : ''}</li>`;
}

function callList(calls: CallEntry[], now: number, limit: number, withAccount: boolean): string {
  if (!calls.length) return '<p class="muted">No one to call today: nothing in the last 7 days calls for a call.</p>';
  const more = calls.length > limit ? `<p class="muted">And ${calls.length - limit} more in the report.</p>` : '';
  return `<ol class="calls">${calls.slice(0, limit).map((e) => callLine(e, now, withAccount)).join('')}</ol>${more}`;
}

function overviewSheet(result: ScoringResult, insights: ReportInsights, config: ScoringConfig, revenue: RevenueInsights | undefined): string {
  const shown = result.accounts.slice(0, LIMITS.accounts);
  const rows = shown
    .map((a, i) => {
      const ins = insights.accounts.get(a.account.id)!;
      const kinds = [...new Set(a.redFlags.map((f) => f.kind.replace('-', ' ')))].map((k) => `<span class="flag">${esc(k)}</span>`).join(' ');
      const open = revenue?.pipeline.get(a.account.id)?.open;
      return `<tr data-account="${esc(a.account.id)}"><td class="num">${i + 1}</td><td>${bdi(a.account.name)} <span class="muted">${bdi(a.account.owner)}</span></td><td>${stageBadge(a)}</td><td class="num">${num(a.score)}</td><td class="one-line">${ins.lastActivityText ? isolate(ins.lastActivityText, namesOf(a.account)) : '<span class="muted">nothing yet</span>'}</td><td>${open?.count ? esc(money(open)) : '–'}</td><td>${kinds || '–'}</td></tr>`;
    })
    .join('');
  const more = result.accounts.length > shown.length ? `<p class="muted">And ${result.accounts.length - shown.length} more accounts in the report.</p>` : '';
  const { people } = result.overall;
  return `<section class="sheet" data-title="overview">
<h1>Conversion report, ${esc(day(result.now))}</h1>
<p class="muted">${result.accounts.length} target accounts · ${people.identified} identified stakeholders, ${people.activated} activated · ${insights.meetings.booked} meeting(s) booked · scores decay with a ${config.halfLifeDays}-day half-life</p>
<h2>Call today</h2>
${callList(insights.calls, result.now, LIMITS.calls, true)}
<h2>Accounts by score</h2>
<table class="ranking"><thead><tr><th class="num">#</th><th>Account</th><th>Stage</th><th class="num">Score</th><th>Latest that matters</th><th>Open pipeline</th><th>Red flags</th></tr></thead><tbody>${rows}</tbody></table>
${more}
<p class="sheet-foot">Tailor conversion report · made from the conversion log on ${esc(day(result.now))}; times are the visitors' events (UTC) · private: names stakeholders, do not forward outside sales</p>
</section>`;
}

function accountSheet(a: AccountScore, result: ScoringResult, insights: ReportInsights, config: ScoringConfig, revenue: RevenueInsights | undefined): string {
  const ins = insights.accounts.get(a.account.id)!;
  const names = insights.names;
  const terms = namesOf(a.account);
  const rank = result.accounts.indexOf(a) + 1;
  const calls = insights.calls.filter((c) => c.account === a);
  const plan = ins.plan ? { ...ins.plan, attention: ins.plan.attention.slice(0, LIMITS.planSteps) } : undefined;
  const funnel = FUNNEL_STEPS.map((s) => {
    const step = a.funnel[s];
    const mark = step.met ? '<span class="met">✓</span>' : step.holds ? '<span class="waits">◐</span>' : '<span class="unmet">○</span>';
    return `<tr><td>${mark} ${esc(STAGE_LABEL[s]!)}</td><td><span class="clamp">${isolate(step.detail, terms)}</span></td></tr>`;
  }).join('');
  const people = a.people
    .filter((p) => p.stakeholder)
    .slice(0, LIMITS.people)
    .map((p) => {
      const top = p.contributions[0];
      return `<tr><td>${personHtml(p.stakeholder!)}<br><span class="muted">${esc(ROLE_WORDS[p.role] ?? p.role)}</span></td><td class="num">${num(p.score)}</td><td>${p.strong ? 'strongly activated' : p.activated ? 'activated' : '–'}</td><td><span class="clamp">${top ? `${esc(contributionWords(top, names))}: ${num(top.points)} points` : '–'}</span></td></tr>`;
    })
    .join('');
  const pipeline = revenue?.pipeline.get(a.account.id);
  const fit = revenue?.fit.get(a.account.id);
  const worth = pipeline && (pipeline.open.count || pipeline.won.count) ? `Open pipeline ${esc(money(pipeline.open))} · won ${esc(money(pipeline.won))}` : 'No deals imported';
  return `<section class="sheet" data-title="${esc(a.account.id)}">
<h1>${bdi(a.account.name)}</h1>
<p class="muted">${esc(a.account.domain)} · owner ${bdi(a.account.owner)} · rank ${rank} of ${result.accounts.length} · ${worth}${fit ? ` · fit ${fit.score}` : ''}</p>
<p>Stage: ${stageBadge(a)} · score <strong>${num(a.score)}</strong> · ${coverage(a)}</p>
<p>Latest that matters: ${latest(a, ins, result.now)}</p>
${a.redFlags.length ? `<div class="flags">${flags(a)}</div>` : ''}
<h2>Call today</h2>
${callList(calls, result.now, LIMITS.accountCalls, false)}
<h2>Mutual action plan</h2>
${planBlock(plan, a, result.now)}
<div class="columns">
<div><h2>Score over ${config.report.timelineDays} days</h2>${timelineChart(a.timeline, result.now, { title: `${a.account.name}: account score per day`, threshold: config.thresholds.accountScore })}</div>
<div><h2>Funnel</h2><table class="funnel"><tbody>${funnel}</tbody></table></div>
</div>
<h2>People</h2>
<table class="people"><thead><tr><th>Person</th><th class="num">Score</th><th>Activation</th><th>Largest contribution</th></tr></thead><tbody>${people || '<tr><td colspan="4">No one identified yet.</td></tr>'}</tbody></table>
<p class="sheet-foot">${bdi(a.account.name)} · Tailor conversion report, ${esc(day(result.now))} · the full account page has every contribution, the reading grid and the alerts</p>
</section>`;
}

/** The print document: the overview sheet, then one sheet per account in the ranking's order. */
export function renderPrint(result: ScoringResult, insights: ReportInsights, config: ScoringConfig, revenue?: RevenueInsights): string {
  const sheets = [overviewSheet(result, insights, config, revenue), ...result.accounts.map((a) => accountSheet(a, result, insights, config, revenue))];
  return page('Conversion report for print', sheets.join('\n'), result.now, PRINT_STYLE);
}
