/**
 * The conversion report as static HTML pages: an overview (accounts ranked, overall funnel, content
 * performance, alerts) and one page per account. Internal: lists every account, so it is written
 * to the private state directory and served only to the local machine, never published.
 */
import { personLabel, type AccountScore, type ScoringResult } from '../scoring/engine.ts';
import type { Alert } from '../scoring/triggers.ts';
import type { ScoringConfig } from '../schemas/scoring.ts';
import { FUNNEL_STEPS } from '../schemas/scoring.ts';
import { barChart, esc, sparkline, timelineChart } from './charts.ts';

const num = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en', { maximumFractionDigits: 1 });
const date = (t: number | null) => (t === null ? '–' : new Date(t).toISOString().slice(0, 16).replace('T', ' '));
const STAGE_LABEL: Record<string, string> = { none: 'no activity', identified: 'identified', activated: 'activated', 'key-role-activated': 'key role activated', intent: 'intent', 'sales-ready': 'sales-ready' };
const stageBadge = (stage: string) => `<span class="stage stage-${stage}">${esc(STAGE_LABEL[stage] ?? stage)}</span>`;

const STYLE = `
  :root { font-family: system-ui, 'DejaVu Sans', sans-serif; color: #1a1a1a; line-height: 1.45; }
  body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
  h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #e5e7eb; padding-bottom: 0.3rem; }
  .muted { color: #4b5563; } a { color: #1f4e9c; }
  table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
  th, td { text-align: start; padding: 0.4rem 0.5rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
  th { background: #f5f6f8; } td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; }
  .stage { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 1rem; font-size: 0.8rem; font-weight: 600; background: #e5e7eb; }
  .stage-sales-ready { background: #065f46; color: #fff; } .stage-intent { background: #b45309; color: #fff; }
  .stage-key-role-activated { background: #1f4e9c; color: #fff; } .stage-activated { background: #93c5fd; }
  .flag { display: inline-block; background: #fee2e2; color: #991b1b; border-radius: 0.3rem; padding: 0 0.35rem; margin: 0.1rem 0; font-size: 0.82rem; }
  .met { color: #065f46; font-weight: 700; } .unmet { color: #9ca3af; }
  .chart { width: 100%; max-width: 720px; height: auto; } .spark { vertical-align: middle; }
  .heat td.cell { text-align: center; } .grid-wrap { overflow-x: auto; }
  nav { margin-bottom: 1rem; } footer { margin-top: 3rem; color: #6b7280; font-size: 0.85rem; }
  @media print { body { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } h2 { break-after: avoid; } table, svg { break-inside: avoid; } nav { display: none; } }
`;

function page(title: string, body: string, generated: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><title>${esc(title)} · Tailor report</title><style>${STYLE}</style></head><body>${body}<footer>Tailor conversion report, generated ${date(generated)} UTC from the conversion log. Internal: do not publish.</footer></body></html>\n`;
}

const coverage = (a: AccountScore) => `${a.coverage.stakeholders[0]}/${a.coverage.stakeholders[1]} stakeholders · ${a.coverage.personas[0]}/${a.coverage.personas[1]} personas`;
const flags = (a: AccountScore) => a.redFlags.map((f) => `<span class="flag" title="${esc(f.detail)}">${esc(f.kind)}</span>`).join(' ') || '–';

export function renderOverview(result: ScoringResult, alerts: Alert[], config: ScoringConfig): string {
  const rows = result.accounts
    .map(
      (a, i) => `<tr data-account="${esc(a.account.id)}" data-stage="${a.stage}"><td class="num">${i + 1}</td><td><a href="accounts/${encodeURIComponent(a.account.id)}.html">${esc(a.account.name)}</a><br><span class="muted">${esc(a.account.owner)}</span></td><td>${stageBadge(a.stage)}</td><td class="num score">${num(a.score)}</td><td>${sparkline(a.timeline, { label: `${a.account.name}: score over ${config.report.timelineDays} days` })}</td><td>${coverage(a)}</td><td>${flags(a)}</td></tr>`,
    )
    .join('');
  const funnel = barChart(
    FUNNEL_STEPS.map((s) => ({ label: STAGE_LABEL[s]!, value: result.overall.funnel[s] })),
    { title: 'Accounts that reached each funnel step' },
  );
  const content = result.content
    .map((p) => `<tr><td>${esc(p.piece)}</td><td class="num">${p.views}</td><td class="num">${p.people}</td><td class="num">${p.accounts}</td><td class="num">${Math.round(p.engagedSeconds / 60)}</td><td class="num">${p.precededIntent}</td></tr>`)
    .join('');
  const recent = alerts.slice(-15).reverse().map((a) => `<tr><td>${esc(a.at.slice(0, 16).replace('T', ' '))}</td><td>${esc(a.name)}</td><td>${esc(a.kind)}</td><td>${esc(a.reason)}</td></tr>`).join('');
  const { people } = result.overall;
  const body = `
<h1>Conversion report</h1>
<p class="muted">${result.accounts.length} target accounts · ${result.overall.events.toLocaleString('en')} events · ${people.identified} identified people, ${people.activated} activated, ${people.anonymous} anonymous visitors · scores decay with a ${config.halfLifeDays}-day half-life</p>
<h2 id="accounts">Accounts by score</h2>
<table class="ranking"><thead><tr><th class="num">#</th><th>Account</th><th>Stage</th><th class="num">Score</th><th>Last ${config.report.timelineDays} days</th><th>Coverage</th><th>Red flags</th></tr></thead><tbody>${rows}</tbody></table>
<h2 id="funnel">Overall funnel</h2>
${funnel}
<h2 id="content">Content performance across accounts</h2>
<table><thead><tr><th>Piece</th><th class="num">Views</th><th class="num">People</th><th class="num">Accounts</th><th class="num">Engaged min</th><th class="num">Preceded intent</th></tr></thead><tbody>${content || '<tr><td colspan="6">No piece views yet.</td></tr>'}</tbody></table>
<h2 id="alerts">Recent alerts</h2>
<table><thead><tr><th>When (UTC)</th><th>Account</th><th>Trigger</th><th>Reason</th></tr></thead><tbody>${recent || '<tr><td colspan="4">No alerts yet.</td></tr>'}</tbody></table>`;
  return page('Overview', body, result.now);
}

export function renderAccount(a: AccountScore, result: ScoringResult, alerts: Alert[], config: ScoringConfig): string {
  const steps = FUNNEL_STEPS.map((s) => `<tr><td>${a.funnel[s].met ? '<span class="met">✓</span>' : '<span class="unmet">○</span>'} ${esc(STAGE_LABEL[s]!)}</td><td>${esc(a.funnel[s].rule)}</td><td>${esc(a.funnel[s].detail)}</td></tr>`).join('');
  const contributions = a.contributions
    .map((c) => `<tr><td>${esc(c.label)}</td><td>${esc(c.role)}</td><td class="num">${num(c.personScore)}</td><td class="num">× ${c.weight}</td><td class="num">${num(c.points)}</td></tr>`)
    .join('');
  const people = a.people
    .map((p) => {
      const top = p.contributions.slice(0, 4).map((c) => `${esc(c.event)}${c.piece ? ` on ${esc(c.piece)}` : c.persona ? ` on the ${esc(c.persona)} track` : ' on the landing page'}${c.label ? ` (${esc(c.label)})` : ''} ×${c.count}: ${num(c.points)}`).join('<br>');
      return `<tr><td>${p.stakeholder ? `${esc(p.stakeholder.title)} <span class="muted">(${esc(p.stakeholder.id)}, ${esc(p.stakeholder.persona)})</span>` : esc(personLabel(p))}</td><td class="num">${num(p.score)}</td><td>${p.activated ? (p.strong ? 'strongly activated' : 'activated') : '–'}</td><td>${top}</td><td>${date(p.lastSeen)}</td></tr>`;
    })
    .join('');
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
  const preceding = a.precedingIntent.length
    ? `<ol>${a.precedingIntent.map((p) => `<li>${esc(p.piece)} <span class="muted">(before ${p.count} intent signal${p.count === 1 ? '' : 's'})</span></li>`).join('')}</ol>`
    : '<p>No intent signal yet.</p>';
  const mine = alerts.filter((al) => al.account === a.account.id).reverse();
  const alertRows = mine.map((al) => `<tr><td>${esc(al.at.slice(0, 16).replace('T', ' '))}</td><td>${esc(al.kind)}</td><td>${esc(al.reason)}</td></tr>`).join('');
  const rank = result.accounts.indexOf(a) + 1;
  const body = `
<nav><a href="../index.html">← All accounts</a></nav>
<h1>${esc(a.account.name)}</h1>
<p class="muted">${esc(a.account.domain)} · owner ${esc(a.account.owner)} · rank ${rank} of ${result.accounts.length} · last activity ${date(a.lastSeen)} UTC</p>
<p>Stage: ${stageBadge(a.stage)} · score <strong class="score">${num(a.score)}</strong> · ${coverage(a)}${a.coverage.missingPersonas.length ? ` (not yet: ${a.coverage.missingPersonas.map(esc).join(', ')})` : ''}</p>
${a.redFlags.length ? `<p>${a.redFlags.map((f) => `<span class="flag">${esc(f.kind)}</span> ${esc(f.detail)}`).join('<br>')}</p>` : ''}
<h2>Score over ${config.report.timelineDays} days</h2>
${timelineChart(a.timeline, result.now, { title: `${a.account.name}: account score per day`, threshold: config.thresholds.accountScore })}
<h2>Funnel</h2>
<table class="funnel"><thead><tr><th>Step</th><th>Rule</th><th>Why</th></tr></thead><tbody>${steps}</tbody></table>
<h2>Where the score comes from</h2>
<table><thead><tr><th>Person</th><th>Role</th><th class="num">Person score</th><th class="num">Role weight</th><th class="num">Points</th></tr></thead><tbody>${contributions || '<tr><td colspan="5">No activity.</td></tr>'}<tr><th colspan="4">Account score</th><th class="num">${num(a.score)}</th></tr></tbody></table>
<h2>People</h2>
<table><thead><tr><th>Person</th><th class="num">Score</th><th>Activation</th><th>Largest contributions</th><th>Last seen (UTC)</th></tr></thead><tbody>${people || '<tr><td colspan="5">No one yet.</td></tr>'}</tbody></table>
<h2>Engagement by persona track and piece</h2>
${grid}
<h2>Pieces that preceded intent</h2>
${preceding}
<h2>Alerts</h2>
<table><thead><tr><th>When (UTC)</th><th>Trigger</th><th>Reason</th></tr></thead><tbody>${alertRows || '<tr><td colspan="3">No alerts.</td></tr>'}</tbody></table>`;
  return page(a.account.name, body, result.now);
}
