/**
 * The conversion report as static HTML pages: an overview (accounts ranked with what happened
 * last, meetings and explained red flags; the overall funnel; content performance and lift; alerts
 * with whom to call) and one page per account. Private: it names stakeholders and lists every
 * account, so it is written to the private state directory and served only to the local machine,
 * never published.
 */
import { personLabel, personName, type AccountScore, type RedFlag, type ScoringResult } from '../scoring/engine.ts';
import type { Alert } from '../scoring/triggers.ts';
import type { LiftRow } from '../scoring/lift.ts';
import { ago } from '../scoring/activity.ts';
import type { ScoringConfig } from '../schemas/scoring.ts';
import { FUNNEL_STEPS } from '../schemas/scoring.ts';
import type { AccountInsights, ReportInsights } from './insights.ts';
import { barChart, esc, sparkline, timelineChart } from './charts.ts';
import type { RevenueAccount, RevenueInsights } from './revenue.ts';
import { accountRevenue, fitCell, pipelineCell, pipelineSummary, revenueSections } from './revenueRender.ts';

/** Scores and points: always one decimal ("52.0"), thousands separated. */
export const num = (n: number) => n.toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const date = (t: number | null) => (t === null ? '–' : new Date(t).toISOString().slice(0, 16).replace('T', ' '));
const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const pct = (x: number) => `${Math.round(x * 100)}%`;
export const STAGE_LABEL: Record<string, string> = { none: 'no activity', identified: 'identified', activated: 'activated', 'key-role-activated': 'key role activated', intent: 'intent', 'sales-ready': 'sales-ready' };
const FLAG_LABEL: Record<RedFlag['kind'], string> = { cooling: 'cooling', 'single-threaded': 'single-threaded', 'committee-gap': 'committee gap' };

/** The stage as shown: an account with events but no one identified is "anonymous only", not "no activity". */
export function stageText(a: Pick<AccountScore, 'stage' | 'events'>): string {
  return a.stage === 'none' ? (a.events > 0 ? 'anonymous only' : 'no activity') : STAGE_LABEL[a.stage]!;
}
/** Why the account is at its stage, in one line (accounts.csv). */
export function stageReason(a: AccountScore): string {
  if (a.stage !== 'none') return a.funnel[a.stage].detail;
  return a.events > 0 ? `anonymous only: ${a.events} event(s), no one identified` : 'no activity';
}
const stageBadge = (a: Pick<AccountScore, 'stage' | 'events'>) => `<span class="stage stage-${a.stage}">${esc(stageText(a))}</span>`;

const STYLE = `
  :root { font-family: system-ui, 'DejaVu Sans', sans-serif; color: #1a1a1a; line-height: 1.45; }
  body { margin: 0 auto; max-width: 80rem; padding: 1.5rem; }
  h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #e5e7eb; padding-bottom: 0.3rem; }
  .muted { color: #4b5563; } a { color: #1f4e9c; }
  table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
  th, td { text-align: start; padding: 0.4rem 0.5rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
  th { background: #f5f6f8; } td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; }
  .stage { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 1rem; font-size: 0.8rem; font-weight: 600; background: #e5e7eb; white-space: nowrap; }
  .stage-sales-ready { background: #065f46; color: #fff; } .stage-intent { background: #b45309; color: #fff; }
  .stage-key-role-activated { background: #1f4e9c; color: #fff; } .stage-activated { background: #93c5fd; }
  .flag { display: inline-block; background: #fee2e2; color: #991b1b; border-radius: 0.3rem; padding: 0 0.35rem; margin: 0.1rem 0.2rem 0.1rem 0; font-size: 0.82rem; font-weight: 600; }
  .red-flag { margin: 0.15rem 0; font-size: 0.88rem; } td.flags { min-width: 18rem; } td.latest-cell { min-width: 12rem; }
  .met { color: #065f46; font-weight: 700; } .unmet { color: #9ca3af; } .waits { color: #b45309; font-weight: 700; }
  .chart { width: 100%; max-width: 720px; height: auto; } .spark { vertical-align: middle; }
  .heat td.cell { text-align: center; } .grid-wrap { overflow-x: auto; }
  nav { margin-bottom: 1rem; } footer { margin-top: 3rem; color: #6b7280; font-size: 0.85rem; }
  @media print { body { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } h2 { break-after: avoid; } table, svg { break-inside: avoid; } nav { display: none; } }
`;

function page(title: string, body: string, generated: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><title>${esc(title)} · Tailor report</title><style>${STYLE}</style></head><body>${body}<footer>Tailor conversion report, generated ${date(generated)} UTC from the conversion log. Private: names stakeholders; do not publish.</footer></body></html>\n`;
}

const coverage = (a: AccountScore) => `${a.coverage.stakeholders[0]}/${a.coverage.stakeholders[1]} stakeholders · ${a.coverage.personas[0]}/${a.coverage.personas[1]} personas`;

/** Red flags, one line per kind (the chip once), each with its explanation. */
function flags(a: AccountScore): string {
  const byKind = new Map<RedFlag['kind'], string[]>();
  for (const f of a.redFlags) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f.detail]);
  return [...byKind].map(([kind, details]) => `<div class="red-flag" data-flag="${kind}"><span class="flag">${esc(FLAG_LABEL[kind])}</span> ${details.map(esc).join(' · ')}</div>`).join('');
}

/** The last activity that matters and the last intent signal. */
function latest(i: AccountInsights, now: number): string {
  const what = i.lastActivityText ? esc(i.lastActivityText) : '<span class="muted">nothing that matters yet</span>';
  const intent = i.lastIntent ? `last intent signal ${day(i.lastIntent.t)} (${ago(i.lastIntent.t, now)})` : 'no intent signal yet';
  return `<span class="latest">${what}</span><br><span class="muted last-intent">${esc(intent)}</span>`;
}

function meetings(i: AccountInsights): string {
  const m = i.meetings;
  if (!m.booked) return '–';
  const days = m.daysToFirstMeeting === null ? 'booked before any recorded visit' : `${m.daysToFirstMeeting.toFixed(1)} days from first visit to first meeting`;
  return `${m.booked} booked<br><span class="muted">${days}</span>`;
}

function liftTable(rows: LiftRow[], empty: string): string {
  if (!rows.length) return `<p>${empty}</p>`;
  const body = rows
    .map((r) => `<tr><td>${esc(r.piece)}</td><td class="num">${r.intentJourneys} of ${r.intentTotal} (${pct(r.intentShare)})</td><td class="num">${r.journeys} of ${r.total} (${pct(r.share)})</td><td class="num lift">${r.lift.toFixed(1)}×</td></tr>`)
    .join('');
  return `<table class="lift"><thead><tr><th>Piece</th><th class="num">Intent journeys that read it before intent</th><th class="num">All journeys that read it</th><th class="num">Lift</th></tr></thead><tbody>${body}</tbody></table>`;
}

function alertContacts(al: Alert): string {
  if (!al.contacts.length) return '–';
  return al.contacts.map((c) => `${esc(c.name ? `${c.name} (${c.title})` : c.title)}${c.email ? ` <span class="muted">${esc(c.email)}</span>` : ''}`).join('<br>');
}

export function renderOverview(result: ScoringResult, insights: ReportInsights, alerts: Alert[], config: ScoringConfig, revenue?: RevenueInsights): string {
  const rows = result.accounts
    .map((a, i) => {
      const ins = insights.accounts.get(a.account.id)!;
      return `<tr data-account="${esc(a.account.id)}" data-stage="${a.stage}"><td class="num">${i + 1}</td><td><a href="accounts/${encodeURIComponent(a.account.id)}.html">${esc(a.account.name)}</a><br><span class="muted">${esc(a.account.owner)}</span></td><td>${stageBadge(a)}</td><td class="num score">${num(a.score)}</td><td>${sparkline(a.timeline, { label: `${a.account.name}: score over ${config.report.timelineDays} days` })}</td><td class="latest-cell">${latest(ins, result.now)}</td><td class="meetings">${meetings(ins)}</td>${revenue ? `<td class="num pipeline">${pipelineCell(revenue.pipeline.get(a.account.id))}</td><td class="num fit">${fitCell(revenue, a.account.id)}</td>` : ''}<td>${coverage(a)}</td><td class="flags">${flags(a) || '–'}</td></tr>`;
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
      return `<tr><td>${esc(p.piece)}</td><td class="num">${p.views}</td><td class="num">${p.people}</td><td class="num">${p.accounts}</td><td class="num">${Math.round(p.engagedSeconds / 60)}</td><td class="num">${l && l.intentTotal ? `${l.lift.toFixed(1)}×` : '–'}</td></tr>`;
    })
    .join('');
  const recent = alerts
    .slice(-15)
    .reverse()
    .map((a) => `<tr><td>${esc(a.at.slice(0, 16).replace('T', ' '))}</td><td>${esc(a.name)}</td><td>${esc(a.kind)}</td><td>${esc(a.reason)}</td><td>${alertContacts(a)}</td></tr>`)
    .join('');
  const { people } = result.overall;
  const m = insights.meetings;
  const meetingLine = m.booked
    ? `${m.booked} meeting(s) booked in ${m.accounts} account(s)${m.medianDaysToFirstMeeting === null ? '' : `, median ${m.medianDaysToFirstMeeting.toFixed(1)} days from first visit to first meeting`}`
    : 'no meetings booked yet';
  const body = `
<h1>Conversion report</h1>
<p class="muted summary">${result.accounts.length} target accounts · ${result.overall.events.toLocaleString('en')} events · <span class="people">${people.identified} identified stakeholders, ${people.activated} of them activated · ${people.anonymous} anonymous visitors${people.anonymousAboveThreshold ? ` (${people.anonymousAboveThreshold} above the activation score, not counted as activated)` : ''}</span> · ${meetingLine}${revenue ? ` · ${pipelineSummary(revenue)}` : ''} · scores decay with a ${config.halfLifeDays}-day half-life</p>
<h2 id="accounts">Accounts by score</h2>
<table class="ranking"><thead><tr><th class="num">#</th><th>Account</th><th>Stage</th><th class="num">Score</th><th>Last ${config.report.timelineDays} days</th><th>Latest that matters</th><th>Meetings</th>${revenue ? '<th class="num">Pipeline</th><th class="num">Fit</th>' : ''}<th>Coverage</th><th>Red flags</th></tr></thead><tbody>${rows}</tbody></table>
<h2 id="funnel">Overall funnel</h2>
${funnel}
<h2 id="preceding">Pieces that preceded intent, across accounts</h2>
<p class="muted">A journey is one person's visits (privacy-protected visits cannot be linked into one). Lift: the share of intent journeys that read the piece in the ${config.report.precedingDays} days before their first intent signal, against the share of all journeys that read it.</p>
${liftTable(insights.lift.filter((r) => r.intentJourneys > 0), 'No intent signal yet.')}
<h2 id="content">Content performance across accounts</h2>
<table><thead><tr><th>Piece</th><th class="num">Views</th><th class="num">People</th><th class="num">Accounts</th><th class="num">Engaged min</th><th class="num">Lift before intent</th></tr></thead><tbody>${content || '<tr><td colspan="6">No piece views yet.</td></tr>'}</tbody></table>
${revenue ? revenueSections(result, revenue) : ''}
<h2 id="alerts">Recent alerts</h2>
<table class="alerts"><thead><tr><th>When (UTC)</th><th>Account</th><th>Trigger</th><th>Reason</th><th>Whom</th></tr></thead><tbody>${recent || '<tr><td colspan="5">No alerts yet.</td></tr>'}</tbody></table>`;
  return page('Overview', body, result.now);
}

function funnelStatus(a: AccountScore, s: (typeof FUNNEL_STEPS)[number]): string {
  const step = a.funnel[s];
  if (step.met) return '<span class="met">✓</span>';
  if (step.holds) return `<span class="waits" title="holds, but waits for ${esc(STAGE_LABEL[step.waitsFor ?? 'none']!)}">◐</span>`;
  return '<span class="unmet">○</span>';
}

export function renderAccount(a: AccountScore, result: ScoringResult, insights: ReportInsights, alerts: Alert[], config: ScoringConfig, revenue?: { insights: RevenueInsights; account: RevenueAccount | undefined }): string {
  const ins = insights.accounts.get(a.account.id)!;
  const steps = FUNNEL_STEPS.map((s) => {
    const step = a.funnel[s];
    const waits = !step.met && step.holds ? ` <strong class="waits">Holds, but does not count until ${esc(STAGE_LABEL[step.waitsFor ?? 'none']!)} does.</strong>` : '';
    return `<tr data-step="${s}"><td>${funnelStatus(a, s)} ${esc(STAGE_LABEL[s]!)}</td><td>${esc(step.rule)}</td><td>${esc(step.detail)}${waits}</td></tr>`;
  }).join('');
  const contributions = a.contributions
    .map((c) => `<tr><td>${esc(c.label)}</td><td>${esc(c.role)}</td><td class="num">${num(c.personScore)}</td><td class="num">× ${c.weight}</td><td class="num">${num(c.points)}</td></tr>`)
    .join('');
  const people = a.people
    .map((p) => {
      const top = p.contributions.slice(0, 4).map((c) => `${esc(c.event)}${c.piece ? ` on ${esc(c.piece)}` : c.persona ? ` on the ${esc(c.persona)} track` : c.event === 'meeting_booked' ? '' : ' on the landing page'}${c.label ? ` (${esc(c.label)})` : ''} ×${c.count}: ${num(c.points)}`).join('<br>');
      const s = p.stakeholder;
      const who = s
        ? `<span class="person-name">${esc(personName(s))}</span><br><span class="muted">${esc([s.id, s.persona, s.role, s.email, s.crmId ? `CRM ${s.crmId}` : undefined].filter(Boolean).join(' · '))}</span>`
        : esc(personLabel(p));
      return `<tr><td>${who}</td><td class="num">${num(p.score)}</td><td>${p.activated ? (p.strong ? 'strongly activated' : 'activated') : '–'}</td><td>${top}</td><td>${date(p.lastSeen)}</td></tr>`;
    })
    .join('');
  const seen = new Set(a.people.flatMap((p) => (p.stakeholder ? [p.stakeholder.id] : [])));
  const unreached = a.account.committee.filter((s) => !seen.has(s.id));
  const unreachedLine = unreached.length
    ? `<p class="unreached">Not reached yet: ${unreached.map((s) => `${esc(personName(s))} <span class="muted">(${esc([s.persona, s.role, s.email].filter(Boolean).join(', '))})</span>`).join('; ')}</p>`
    : '';
  const missing = a.coverage.missingPersonas.map((p) => {
    const reads = a.coverage.anonymousReads[p] ?? 0;
    return `${esc(p)}${reads ? ` (no identified stakeholder; its track read anonymously ${reads} time${reads === 1 ? '' : 's'})` : ''}`;
  });
  const personas = Object.keys(a.grid).sort();
  const pieces = [...new Set(personas.flatMap((p) => Object.keys(a.grid[p]!)))].sort();
  const maxViews = Math.max(1, ...personas.flatMap((p) => Object.values(a.grid[p]!).map((c) => c.views)));
  const grid = pieces.length
    ? `<div class="grid-wrap"><table class="heat"><thead><tr><th>Piece</th>${personas.map((p) => `<th>${esc(p || 'landing')}</th>`).join('')}</tr></thead><tbody>${pieces
        .map(
          (piece) =>
            `<tr><td>${esc(piece)}</td>${personas
              .map((p) => {
                const cell = a.grid[p]![piece];
                if (!cell) return '<td class="cell">·</td>';
                const alpha = 0.12 + 0.75 * (cell.views / maxViews);
                return `<td class="cell" style="background: rgb(31 78 156 / ${alpha.toFixed(2)}); color: ${alpha > 0.5 ? '#fff' : '#111'}">${cell.views} views<br>${Math.round(cell.seconds)} s</td>`;
              })
              .join('')}</tr>`,
        )
        .join('')}</tbody></table></div>`
    : '<p>No piece views yet.</p>';
  const mine = alerts.filter((al) => al.account === a.account.id).reverse();
  const alertRows = mine.map((al) => `<tr><td>${esc(al.at.slice(0, 16).replace('T', ' '))}</td><td>${esc(al.kind)}</td><td>${esc(al.reason)}</td><td>${alertContacts(al)}</td></tr>`).join('');
  const rank = result.accounts.indexOf(a) + 1;
  const m = ins.meetings;
  const meetingLine = m.booked
    ? `Meetings booked: <strong class="meetings-booked">${m.booked}</strong> (${esc(m.bookedBy.join(', '))}); ${m.daysToFirstMeeting === null ? 'the first was booked before any recorded visit' : `${m.daysToFirstMeeting.toFixed(1)} days from first visit to first meeting`}.`
    : 'Meetings booked: none yet.';
  const redFlags = flags(a);
  const body = `
<nav><a href="../index.html">← All accounts</a></nav>
<h1>${esc(a.account.name)}</h1>
<p class="muted">${esc(a.account.domain)} · owner ${esc(a.account.owner)} · rank ${rank} of ${result.accounts.length} · ${a.events} event(s) · last activity ${date(a.lastSeen)} UTC</p>
<p>Stage: ${stageBadge(a)} · score <strong class="score">${num(a.score)}</strong> · ${coverage(a)}${missing.length ? ` (not yet: ${missing.join(', ')})` : ''}</p>
<p>Latest that matters: ${latest(ins, result.now)}</p>
<p class="meetings">${meetingLine}</p>
${redFlags ? `<div class="flags">${redFlags}</div>` : ''}
${revenue ? accountRevenue(a, revenue.account, revenue.insights) : ''}
<h2>Score over ${config.report.timelineDays} days</h2>
${timelineChart(a.timeline, result.now, { title: `${a.account.name}: account score per day`, threshold: config.thresholds.accountScore })}
<h2>Funnel</h2>
<p class="muted">A step counts only when the steps before it count; ◐ marks a step whose rule holds but waits for an earlier one.</p>
<table class="funnel"><thead><tr><th>Step</th><th>Rule</th><th>Why</th></tr></thead><tbody>${steps}</tbody></table>
<h2>Where the score comes from</h2>
<table class="contributions"><thead><tr><th>Person</th><th>Role</th><th class="num">Person score</th><th class="num">Role weight</th><th class="num">Points</th></tr></thead><tbody>${contributions || '<tr><td colspan="5">No activity.</td></tr>'}<tr><th colspan="4">Account score</th><th class="num">${num(a.score)}</th></tr></tbody></table>
<h2>People</h2>
<table class="people"><thead><tr><th>Person</th><th class="num">Score</th><th>Activation</th><th>Largest contributions</th><th>Last seen (UTC)</th></tr></thead><tbody>${people || '<tr><td colspan="5">No one yet.</td></tr>'}</tbody></table>
${unreachedLine}
<h2>Engagement by persona track and piece</h2>
${grid}
<h2>Pieces that preceded intent</h2>
<p class="muted">Lift: the share of this account's intent journeys that read the piece in the ${config.report.precedingDays} days before their first intent signal, against the share of all its journeys that read it.</p>
${liftTable(ins.lift, 'No intent signal yet.')}
<h2>Alerts</h2>
<table class="alerts"><thead><tr><th>When (UTC)</th><th>Trigger</th><th>Reason</th><th>Whom</th></tr></thead><tbody>${alertRows || '<tr><td colspan="4">No alerts.</td></tr>'}</tbody></table>`;
  return page(a.account.name, body, result.now);
}
