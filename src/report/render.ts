/**
 * The conversion report as static HTML pages: an overview that opens on whom to call today (then
 * accounts ranked with what happened last, meetings and explained red flags; the plans that need
 * attention; the overall funnel; content performance and lift; alerts) and one page per account.
 * Everything in words: pieces by title, personas by title, moments as what someone did, each
 * score contribution as a sentence; every time is the event's. Private: it names stakeholders
 * and lists every account, so it is written to the private state directory and served only to the
 * local machine, never published.
 */
import { personLabel, type AccountScore, type RedFlag, type ScoringResult } from '../scoring/engine.ts';
import type { Names } from '../scoring/types.ts';
import type { Alert } from '../scoring/triggers.ts';
import type { LiftRow } from '../scoring/lift.ts';
import { ago } from '../scoring/activity.ts';
import { contributionWords, ROLE_WORDS } from '../scoring/words.ts';
import type { ScoringConfig } from '../schemas/scoring.ts';
import { FUNNEL_STEPS } from '../schemas/scoring.ts';
import type { AccountInsights, ReportInsights } from './insights.ts';
import { barChart, COLOURS, esc, heatColours, sparkline, timelineChart } from './charts.ts';
import type { RevenueAccount, RevenueInsights } from './revenue.ts';
import { accountRevenue, fitCell, pipelineCell, pipelineSummary, revenueSections } from './revenueRender.ts';
import type { CallEntry } from './callList.ts';
import { stepState, type PlanStatus } from './plan.ts';
import { bdi, isolate, namesOf, num, personHtml, STAGE_LABEL, stageText, whenHtml } from './text.ts';

export { num, STAGE_LABEL, stageText } from './text.ts';

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const FLAG_LABEL: Record<RedFlag['kind'], string> = { cooling: 'cooling', 'single-threaded': 'single-threaded', 'committee-gap': 'committee gap' };
/** What raised an alert, in words. */
export const ALERT_KIND: Record<Alert['kind'], string> = { 'stage-entered': 'reached a funnel step', 'score-crossed': 'score crossed the threshold', 'red-flag': 'red flag' };

/** Why the account is at its stage, in one line (accounts.csv). */
export function stageReason(a: AccountScore): string {
  if (a.stage !== 'none') return a.funnel[a.stage].detail;
  return a.events > 0 ? `anonymous only: ${a.events} event(s), no one identified` : 'no activity';
}
export const stageBadge = (a: Pick<AccountScore, 'stage' | 'events'>) => `<span class="stage stage-${a.stage}">${esc(stageText(a))}</span>`;

/** Text colours and what they sit on (tests/unit/report-words.test.ts checks each reaches 4.5:1). */
export const TEXT_ON = {
  body: [COLOURS.text, '#ffffff'],
  muted: [COLOURS.muted, '#ffffff'],
  mutedOnHeader: [COLOURS.muted, '#f5f6f8'],
  mutedOnCall: [COLOURS.muted, '#f3f6fb'],
  link: ['#1f4e9c', '#ffffff'],
  linkOnCall: ['#1f4e9c', '#f3f6fb'],
  stage: [COLOURS.text, '#e5e7eb'],
  salesReady: ['#ffffff', '#065f46'],
  intent: ['#ffffff', '#9a4a06'],
  keyRole: ['#ffffff', '#1f4e9c'],
  activated: [COLOURS.text, '#93c5fd'],
  flag: ['#991b1b', '#fee2e2'],
  met: ['#065f46', '#ffffff'],
  unmet: ['#6b7280', '#ffffff'],
  waits: ['#9a4a06', '#ffffff'],
  attention: ['#991b1b', '#ffffff'],
  footer: ['#4b5563', '#ffffff'],
  axis: [COLOURS.muted, '#ffffff'],
  threshold: [COLOURS.threshold, '#ffffff'],
  thresholdOnFill: [COLOURS.threshold, COLOURS.fill],
  bars: [COLOURS.barText, '#ffffff'],
} as const;
const T = TEXT_ON;

export const STYLE = `
  :root { font-family: system-ui, 'DejaVu Sans', sans-serif; color: ${T.body[0]}; line-height: 1.45; }
  body { margin: 0 auto; max-width: 80rem; padding: 1.5rem; }
  h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #e5e7eb; padding-bottom: 0.3rem; }
  .muted { color: ${T.muted[0]}; } a { color: ${T.link[0]}; }
  table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
  th, td { text-align: start; padding: 0.4rem 0.5rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
  th { background: ${T.mutedOnHeader[1]}; } td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; }
  .stage { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 1rem; font-size: 0.8rem; font-weight: 600; background: ${T.stage[1]}; white-space: nowrap; }
  .stage-sales-ready { background: ${T.salesReady[1]}; color: ${T.salesReady[0]}; } .stage-intent { background: ${T.intent[1]}; color: ${T.intent[0]}; }
  .stage-key-role-activated { background: ${T.keyRole[1]}; color: ${T.keyRole[0]}; } .stage-activated { background: ${T.activated[1]}; }
  .flag { display: inline-block; background: ${T.flag[1]}; color: ${T.flag[0]}; border-radius: 0.3rem; padding: 0 0.35rem; margin: 0.1rem 0.2rem 0.1rem 0; font-size: 0.82rem; font-weight: 600; }
  .red-flag { margin: 0.15rem 0; font-size: 0.88rem; } td.flags { min-width: 18rem; } td.latest-cell { min-width: 12rem; }
  .met { color: ${T.met[0]}; font-weight: 700; } .unmet { color: ${T.unmet[0]}; } .waits { color: ${T.waits[0]}; font-weight: 700; }
  .attention { color: ${T.attention[0]}; font-weight: 600; }
  .chart { width: 100%; max-width: 720px; height: auto; } .spark { vertical-align: middle; }
  .heat td.cell { text-align: center; } .grid-wrap { overflow-x: auto; }
  ol.calls { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
  .call { background: ${T.mutedOnCall[1]}; border-inline-start: 5px solid #1f4e9c; border-radius: 0.4rem; padding: 0.6rem 0.9rem; break-inside: avoid; }
  .call p { margin: 0.15rem 0; } .call .label { font-weight: 600; } .call-who { font-size: 1.05rem; }
  nav { margin-bottom: 1rem; } footer { margin-top: 3rem; color: ${T.footer[0]}; font-size: 0.85rem; }
  @media print {
    body { max-width: none; padding: 0; font-size: 10.5pt; } a { color: inherit; text-decoration: none; }
    h2 { break-after: avoid; } table, svg, .call { break-inside: avoid; } nav { display: none; }
    .stage, .flag, .call, th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  }
`;

export function page(title: string, body: string, generated: number, style = STYLE): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><title>${esc(title)} · Tailor report</title><style>${style}</style></head><body><main>${body}</main><footer>Tailor conversion report, made from the conversion log on ${esc(day(generated))}; every time shown is the time of the visitor's event (UTC). Private: names stakeholders; do not publish.</footer></body></html>\n`;
}

export const coverage = (a: AccountScore) => `${a.coverage.stakeholders[0]}/${a.coverage.stakeholders[1]} stakeholders · ${a.coverage.personas[0]}/${a.coverage.personas[1]} personas`;

/** Red flags, one line per kind (the chip once), each with its explanation. */
export function flags(a: AccountScore): string {
  const byKind = new Map<RedFlag['kind'], string[]>();
  for (const f of a.redFlags) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f.detail]);
  const terms = namesOf(a.account);
  return [...byKind].map(([kind, details]) => `<div class="red-flag" data-flag="${kind}"><span class="flag">${esc(FLAG_LABEL[kind])}</span> ${details.map((d) => isolate(d, terms)).join(' · ')}</div>`).join('');
}

/** The last activity that matters and the last intent signal. */
export function latest(a: AccountScore, i: AccountInsights, now: number): string {
  const what = i.lastActivityText ? isolate(i.lastActivityText, namesOf(a.account)) : '<span class="muted">nothing that matters yet</span>';
  const intent = i.lastIntent ? `last intent signal ${day(i.lastIntent.t)} (${ago(i.lastIntent.t, now)})` : 'no intent signal yet';
  return `<span class="latest">${what}</span><br><span class="muted last-intent">${esc(intent)}</span>`;
}

function meetings(i: AccountInsights): string {
  const m = i.meetings;
  if (!m.booked) return '–';
  const days = m.daysToFirstMeeting === null ? 'booked before any recorded visit' : `${m.daysToFirstMeeting.toFixed(1)} days from first visit to first meeting`;
  return `${m.booked} booked<br><span class="muted">${days}</span>`;
}

function liftTable(rows: LiftRow[], empty: string, names: Names): string {
  if (!rows.length) return `<p>${empty}</p>`;
  const body = rows
    .map((r) => `<tr><td>${esc(names.piece(r.piece))}</td><td class="num">${r.intentJourneys} of ${r.intentTotal} (${pct(r.intentShare)})</td><td class="num">${r.journeys} of ${r.total} (${pct(r.share)})</td><td class="num lift">${r.lift.toFixed(1)}×</td></tr>`)
    .join('');
  return `<table class="lift"><thead><tr><th>Piece</th><th class="num">Intent journeys that read it before intent</th><th class="num">All journeys that read it</th><th class="num">Lift</th></tr></thead><tbody>${body}</tbody></table>`;
}

function alertContacts(al: Alert): string {
  if (!al.contacts.length) return '–';
  return al.contacts.map((c) => `${personHtml({ name: c.name ?? undefined, title: c.title })}${c.email ? ` <span class="muted">${esc(c.email)}</span>` : ''}`).join('<br>');
}

/** Alert reasons logged before they were in words ("committee-gap: …", "entered key-role-activated: …"). */
const alertReason = (reason: string) =>
  reason.replace(/^committee-gap:/, 'committee gap:').replace(/^entered key-role-activated:/, 'entered key role activated:').replace(/\b(calculator_completed|form_submit|meeting_booked)\b/g, (c) => ({ calculator_completed: 'completing the ROI calculator', form_submit: 'submitting a form', meeting_booked: 'booking a meeting' })[c]!);

function alertRows(alerts: Alert[], result: ScoringResult, withAccount: boolean): string {
  const byId = new Map(result.accounts.map((a) => [a.account.id, a]));
  return alerts
    .map((al) => {
      const account = byId.get(al.account);
      const terms = account ? namesOf(account.account) : [al.name];
      return `<tr><td>${whenHtml(Date.parse(al.at), result.now)}</td>${withAccount ? `<td>${bdi(al.name)}</td>` : ''}<td>${esc(ALERT_KIND[al.kind] ?? al.kind)}</td><td>${isolate(alertReason(al.reason), terms)}</td><td>${alertContacts(al)}</td></tr>`;
    })
    .join('');
}

/** One entry of the call list; `base` leads from the page to the report's root. */
export function callItem(e: CallEntry, now: number, base: string, options: { account?: boolean; accountLink?: boolean } = {}): string {
  const terms = namesOf(e.account.account);
  const id = e.account.account.id;
  const who = e.person ? personHtml(e.person) : `Someone at ${bdi(e.account.account.name)}`;
  const links = [
    e.links.mailto ? `<a href="${esc(e.links.mailto)}">E-mail ${e.person?.name ? bdi(e.person.name) : 'them'}</a>` : '',
    e.links.crm ? `<a href="${esc(e.links.crm)}">CRM record</a>` : '',
    e.links.microsite ? `<a href="${esc(e.links.microsite)}">Microsite</a>` : '',
    options.account === false || options.accountLink === false ? '' : `<a href="${base}accounts/${encodeURIComponent(id)}.html">Account page</a>`,
  ].filter(Boolean);
  const also = e.also.length ? `<p class="call-also muted">Also: ${e.also.map((m) => `${isolate(m.what, terms)}, ${esc(ago(m.t, now))}`).join('; ')}.</p>` : '';
  return `<li class="call" data-account="${esc(id)}" data-reason="${e.reason}"><p class="call-who"><strong class="who">${who}</strong>${options.account === false ? '' : ` · ${bdi(e.account.account.name)}`}</p>
<p class="call-what"><span class="what">${isolate(e.what, terms)}</span> · ${whenHtml(e.t, now)}</p>
<p class="call-why"><span class="label">Why:</span> ${isolate(e.why, terms)}</p>
<p class="call-say"><span class="label">Say:</span> ${isolate(e.say, terms)}</p>${also}
<p class="call-links">${links.join(' · ')}</p></li>`;
}

export function callSection(calls: CallEntry[], now: number, base: string, options: { account?: boolean; accountLink?: boolean; limit?: number } = {}): string {
  const shown = options.limit ? calls.slice(0, options.limit) : calls;
  if (!shown.length) return '<p class="muted no-calls">No one to call today: nobody asked for a meeting, completed the calculator, booked, opened the plan or read a pricing or security piece in the last 7 days.</p>';
  const more = calls.length > shown.length ? `<p class="muted more">And ${calls.length - shown.length} more in the report.</p>` : '';
  return `<ol class="calls">${shown.map((e) => callItem(e, now, base, options)).join('')}</ol>${more}`;
}

/** The plan in one paragraph and its steps at risk or overdue. */
export function planBlock(plan: PlanStatus | undefined, a: AccountScore, now: number): string {
  if (!plan) return '<p class="muted">No mutual action plan in the account file.</p>';
  const terms = namesOf(a.account);
  const opened = plan.lastView ? `last opened by ${isolate(plan.lastView.who, terms)}, ${whenHtml(plan.lastView.t, now)}${plan.views > 1 ? ` (${plan.views} views in all)` : ''}` : 'never opened by anyone at the account yet';
  const next = plan.next ? `next: ${bdi(plan.next.title)}, due ${esc(plan.next.due)}` : 'every step done';
  const summary = `<p class="plan-summary">${plan.title ? `${bdi(plan.title)}: ` : ''}${plan.done} of ${plan.steps} steps done · ${next} · <span class="plan-opened">${opened}</span></p>`;
  const rows = plan.attention
    .map((s) => `<tr data-state="${s.overdue ? 'overdue' : 'at-risk'}"><td>${bdi(s.title)}</td><td>${esc(s.due)}</td><td class="attention">${esc(stepState(s))}</td><td>${s.owners.map((o) => isolate(o, terms)).join(', ')}</td></tr>`)
    .join('');
  return `${summary}${rows ? `<table class="plan-attention"><thead><tr><th>Step at risk or overdue</th><th>Due</th><th>State</th><th>Owners</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No step at risk or overdue.</p>'}`;
}

function plansSection(result: ScoringResult, insights: ReportInsights): string {
  const rows = result.accounts
    .flatMap((a) => {
      const plan = insights.accounts.get(a.account.id)?.plan;
      if (!plan) return [];
      const terms = namesOf(a.account);
      const attention = plan.attention.map((s) => `${bdi(s.title)} <span class="attention">${esc(stepState(s))}</span> <span class="muted">(due ${esc(s.due)})</span>`).join('<br>') || '<span class="muted">none</span>';
      const opened = plan.lastView ? `${isolate(plan.lastView.who, terms)}<br>${whenHtml(plan.lastView.t, result.now)}` : '<span class="muted">never</span>';
      return [`<tr data-plan="${esc(a.account.id)}"><td><a href="accounts/${encodeURIComponent(a.account.id)}.html">${bdi(a.account.name)}</a></td><td class="num">${plan.done} of ${plan.steps}</td><td>${attention}</td><td>${opened}</td></tr>`];
    })
    .join('');
  return rows ? `<table class="plans"><thead><tr><th>Account</th><th class="num">Steps done</th><th>At risk or overdue</th><th>Last opened</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No account has a mutual action plan.</p>';
}

export function renderOverview(result: ScoringResult, insights: ReportInsights, alerts: Alert[], config: ScoringConfig, revenue?: RevenueInsights): string {
  const names = insights.names;
  const rows = result.accounts
    .map((a, i) => {
      const ins = insights.accounts.get(a.account.id)!;
      return `<tr data-account="${esc(a.account.id)}" data-stage="${a.stage}"><td class="num">${i + 1}</td><td><a href="accounts/${encodeURIComponent(a.account.id)}.html">${bdi(a.account.name)}</a><br><span class="muted">${bdi(a.account.owner)}</span></td><td>${stageBadge(a)}</td><td class="num score">${num(a.score)}</td><td>${sparkline(a.timeline, { label: `${a.account.name}: score over ${config.report.timelineDays} days` })}</td><td class="latest-cell">${latest(a, ins, result.now)}</td><td class="meetings">${meetings(ins)}</td>${revenue ? `<td class="num pipeline">${pipelineCell(revenue.pipeline.get(a.account.id))}</td><td class="num fit">${fitCell(revenue, a.account.id)}</td>` : ''}<td>${coverage(a)}</td><td class="flags">${flags(a) || '–'}</td></tr>`;
    })
    .join('');
  const funnel = barChart(
    FUNNEL_STEPS.map((s) => ({ label: STAGE_LABEL[s]!, value: result.overall.funnel[s] })),
    { title: 'Accounts at each funnel step (a step counts once the steps before it count)' },
  );
  const lift = new Map(insights.lift.map((r) => [r.piece, r]));
  const content = result.content
    .map((p) => {
      const l = lift.get(p.piece);
      return `<tr><td>${esc(names.piece(p.piece))}</td><td class="num">${p.views}</td><td class="num">${p.people}</td><td class="num">${p.accounts}</td><td class="num">${Math.round(p.engagedSeconds / 60)}</td><td class="num">${l && l.intentTotal ? `${l.lift.toFixed(1)}×` : '–'}</td></tr>`;
    })
    .join('');
  const recent = alertRows(alerts.slice(-15).reverse(), result, true);
  const { people } = result.overall;
  const m = insights.meetings;
  const meetingLine = m.booked
    ? `${m.booked} meeting(s) booked in ${m.accounts} account(s)${m.medianDaysToFirstMeeting === null ? '' : `, median ${m.medianDaysToFirstMeeting.toFixed(1)} days from first visit to first meeting`}`
    : 'no meetings booked yet';
  const body = `
<h1>Conversion report</h1>
<p class="muted summary">${result.accounts.length} target accounts · ${result.overall.events.toLocaleString('en')} events · <span class="people">${people.identified} identified stakeholders, ${people.activated} of them activated · ${people.anonymous} anonymous visitors${people.anonymousAboveThreshold ? ` (${people.anonymousAboveThreshold} above the activation score, not counted as activated)` : ''}</span> · ${meetingLine}${revenue ? ` · ${pipelineSummary(revenue)}` : ''} · scores decay with a ${config.halfLifeDays}-day half-life</p>
<h2 id="call-today">Call today</h2>
<p class="muted">Who did something in the last 7 days that calls for a call, most urgent first: someone waiting for an answer before someone reading.</p>
${callSection(insights.calls, result.now, '')}
<h2 id="accounts">Accounts by score</h2>
<table class="ranking"><thead><tr><th class="num">#</th><th>Account</th><th>Stage</th><th class="num">Score</th><th>Last ${config.report.timelineDays} days</th><th>Latest that matters</th><th>Meetings</th>${revenue ? '<th class="num">Pipeline</th><th class="num">Fit</th>' : ''}<th>Coverage</th><th>Red flags</th></tr></thead><tbody>${rows}</tbody></table>
<h2 id="plans">Mutual action plans</h2>
${plansSection(result, insights)}
<h2 id="funnel">Overall funnel</h2>
${funnel}
<h2 id="preceding">Pieces that preceded intent, across accounts</h2>
<p class="muted">A journey is one person's visits (privacy-protected visits cannot be linked into one). Lift: the share of intent journeys that read the piece in the ${config.report.precedingDays} days before their first intent signal, against the share of all journeys that read it.</p>
${liftTable(insights.lift.filter((r) => r.intentJourneys > 0), 'No intent signal yet.', names)}
<h2 id="content">Content performance across accounts</h2>
<table class="content"><thead><tr><th>Piece</th><th class="num">Views</th><th class="num">People</th><th class="num">Accounts</th><th class="num">Engaged min</th><th class="num">Lift before intent</th></tr></thead><tbody>${content || '<tr><td colspan="6">No piece views yet.</td></tr>'}</tbody></table>
${revenue ? revenueSections(result, revenue, names) : ''}
<h2 id="alerts">Recent alerts</h2>
<table class="alerts"><thead><tr><th>When</th><th>Account</th><th>What</th><th>Reason</th><th>Whom</th></tr></thead><tbody>${recent || '<tr><td colspan="5">No alerts yet.</td></tr>'}</tbody></table>`;
  return page('Overview', body, result.now);
}

function funnelStatus(a: AccountScore, s: (typeof FUNNEL_STEPS)[number]): string {
  const step = a.funnel[s];
  if (step.met) return '<span class="met" role="img" aria-label="counts">✓</span>';
  if (step.holds) return `<span class="waits" role="img" aria-label="holds, but waits for ${esc(STAGE_LABEL[step.waitsFor ?? 'none']!)}" title="holds, but waits for ${esc(STAGE_LABEL[step.waitsFor ?? 'none']!)}">◐</span>`;
  return '<span class="unmet" role="img" aria-label="does not hold">○</span>';
}

/** The persona track x piece grid: views and reading time per cell, darker for more views. */
function heatMap(a: AccountScore, names: Names): string {
  const personas = Object.keys(a.grid).sort();
  const pieces = [...new Set(personas.flatMap((p) => Object.keys(a.grid[p]!)))].sort((x, y) => names.piece(x).localeCompare(names.piece(y)));
  if (!pieces.length) return '<p>No piece views yet.</p>';
  const maxViews = Math.max(1, ...personas.flatMap((p) => Object.values(a.grid[p]!).map((c) => c.views)));
  const head = personas.map((p) => `<th scope="col">${esc(p ? names.persona(p) : 'landing page')}</th>`).join('');
  const body = pieces
    .map((piece) => {
      const cells = personas
        .map((p) => {
          const cell = a.grid[p]![piece];
          if (!cell) return '<td class="cell">·</td>';
          const { background, color } = heatColours(cell.views / maxViews);
          return `<td class="cell" style="background: ${background}; color: ${color}">${cell.views} view${cell.views === 1 ? '' : 's'}<br>${Math.round(cell.seconds)} s</td>`;
        })
        .join('');
      return `<tr><th scope="row">${esc(names.piece(piece))}</th>${cells}</tr>`;
    })
    .join('');
  return `<div class="grid-wrap"><table class="heat"><thead><tr><th>Piece</th>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export function renderAccount(a: AccountScore, result: ScoringResult, insights: ReportInsights, alerts: Alert[], config: ScoringConfig, revenue?: { insights: RevenueInsights; account: RevenueAccount | undefined }): string {
  const ins = insights.accounts.get(a.account.id)!;
  const names = insights.names;
  const terms = namesOf(a.account);
  const steps = FUNNEL_STEPS.map((s) => {
    const step = a.funnel[s];
    const waits = !step.met && step.holds ? ` <strong class="waits">Holds, but does not count until ${esc(STAGE_LABEL[step.waitsFor ?? 'none']!)} does.</strong>` : '';
    return `<tr data-step="${s}"><td>${funnelStatus(a, s)} ${esc(STAGE_LABEL[s]!)}</td><td>${esc(step.rule)}</td><td>${isolate(step.detail, terms)}${waits}</td></tr>`;
  }).join('');
  const contributions = a.contributions
    .map((c) => `<tr><td>${isolate(c.label, terms)}</td><td>${esc(ROLE_WORDS[c.role] ?? c.role)}</td><td class="num">${num(c.personScore)}</td><td class="num">× ${c.weight}</td><td class="num">${num(c.points)}</td></tr>`)
    .join('');
  const people = a.people
    .map((p) => {
      const top = p.contributions
        .slice(0, 4)
        .map((c) => `<span class="contribution">${esc(contributionWords(c, names))}: ${num(c.points)} points</span>`)
        .join('<br>');
      const s = p.stakeholder;
      const who = s
        ? `<span class="person-name">${personHtml(s)}</span><br><span class="muted">${esc([names.persona(s.persona), ROLE_WORDS[s.role] ?? s.role, s.email, s.crmId ? `CRM ${s.crmId}` : undefined].filter(Boolean).join(' · '))}</span>`
        : esc(personLabel(p));
      return `<tr><td>${who}</td><td class="num">${num(p.score)}</td><td>${p.activated ? (p.strong ? 'strongly activated' : 'activated') : '–'}</td><td>${top}</td><td>${whenHtml(p.lastSeen, result.now)}</td></tr>`;
    })
    .join('');
  const seen = new Set(a.people.flatMap((p) => (p.stakeholder ? [p.stakeholder.id] : [])));
  const unreached = a.account.committee.filter((s) => !seen.has(s.id));
  const unreachedLine = unreached.length
    ? `<p class="unreached">Not reached yet: ${unreached.map((s) => `${personHtml(s)} <span class="muted">(${esc([names.persona(s.persona), ROLE_WORDS[s.role] ?? s.role, s.email].filter(Boolean).join(', '))})</span>`).join('; ')}</p>`
    : '';
  const missing = a.coverage.missingPersonas.map((p) => {
    const reads = a.coverage.anonymousReads[p] ?? 0;
    return `${esc(names.persona(p))}${reads ? ` (no identified stakeholder; its track read anonymously ${reads} time${reads === 1 ? '' : 's'})` : ''}`;
  });
  const mine = alertRows(alerts.filter((al) => al.account === a.account.id).reverse(), result, false);
  const calls = insights.calls.filter((c) => c.account === a);
  const rank = result.accounts.indexOf(a) + 1;
  const m = ins.meetings;
  const meetingLine = m.booked
    ? `Meetings booked: <strong class="meetings-booked">${m.booked}</strong> (${isolate(m.bookedBy.join(', '), terms)}); ${m.daysToFirstMeeting === null ? 'the first was booked before any recorded visit' : `${m.daysToFirstMeeting.toFixed(1)} days from first visit to first meeting`}.`
    : 'Meetings booked: none yet.';
  const redFlags = flags(a);
  const body = `
<nav><a href="../index.html">← All accounts</a></nav>
<h1>${bdi(a.account.name)}</h1>
<p class="muted">${esc(a.account.domain)} · owner ${bdi(a.account.owner)} · rank ${rank} of ${result.accounts.length} · ${a.events} event(s) · last activity ${a.lastSeen === null ? '–' : whenHtml(a.lastSeen, result.now)}</p>
<p>Stage: ${stageBadge(a)} · score <strong class="score">${num(a.score)}</strong> · ${coverage(a)}${missing.length ? ` (not yet: ${missing.join(', ')})` : ''}</p>
<p>Latest that matters: ${latest(a, ins, result.now)}</p>
<p class="meetings">${meetingLine}</p>
${redFlags ? `<div class="flags">${redFlags}</div>` : ''}
<h2 id="call-today">Call today</h2>
${callSection(calls, result.now, '../', { account: false })}
<h2 id="plan">Mutual action plan</h2>
${planBlock(ins.plan, a, result.now)}
${revenue ? accountRevenue(a, revenue.account, revenue.insights) : ''}
<h2>Score over ${config.report.timelineDays} days</h2>
${timelineChart(a.timeline, result.now, { title: `${a.account.name}: account score per day`, threshold: config.thresholds.accountScore })}
<h2>Funnel</h2>
<p class="muted">A step counts only when the steps before it count; ◐ marks a step whose rule holds but waits for an earlier one.</p>
<table class="funnel"><thead><tr><th>Step</th><th>Rule</th><th>Why</th></tr></thead><tbody>${steps}</tbody></table>
<h2>Where the score comes from</h2>
<table class="contributions"><thead><tr><th>Person</th><th>Role</th><th class="num">Person score</th><th class="num">Role weight</th><th class="num">Points</th></tr></thead><tbody>${contributions || '<tr><td colspan="5">No activity.</td></tr>'}<tr><th colspan="4">Account score</th><th class="num">${num(a.score)}</th></tr></tbody></table>
<h2>People</h2>
<table class="people"><thead><tr><th>Person</th><th class="num">Score</th><th>Activation</th><th>Largest contributions</th><th>Last seen</th></tr></thead><tbody>${people || '<tr><td colspan="5">No one yet.</td></tr>'}</tbody></table>
${unreachedLine}
<h2>Engagement by persona track and piece</h2>
${heatMap(a, names)}
<h2>Pieces that preceded intent</h2>
<p class="muted">Lift: the share of this account's intent journeys that read the piece in the ${config.report.precedingDays} days before their first intent signal, against the share of all its journeys that read it.</p>
${liftTable(ins.lift, 'No intent signal yet.', names)}
<h2>Alerts</h2>
<table class="alerts"><thead><tr><th>When</th><th>What</th><th>Reason</th><th>Whom</th></tr></thead><tbody>${mine || '<tr><td colspan="4">No alerts.</td></tr>'}</tbody></table>`;
  return page(a.account.name, body, result.now);
}

