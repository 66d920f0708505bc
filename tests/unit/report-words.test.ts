/**
 * The report as a call list, in words: "Call today" (who, why, what to say, links, most urgent
 * first, times of the events), each score contribution as a sentence, piece and persona titles
 * instead of ids, no event codes anywhere in the HTML, the plan's steps at risk or overdue and when
 * the account last opened it, Persian names isolated with <bdi>, and colours that reach 4.5:1.
 * Over hand-made logs scored by the real engine and rendered by the real pages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreLog, type ScoringAccount } from '../../src/scoring/engine.ts';
import { contributionWords, namesFrom } from '../../src/scoring/words.ts';
import { detectAlerts } from '../../src/scoring/triggers.ts';
import { reportInsights, type ReportContext } from '../../src/report/insights.ts';
import { renderAccount, renderOverview, stageText, TEXT_ON } from '../../src/report/render.ts';
import { heatColours } from '../../src/report/charts.ts';
import { contrast } from '../../src/lib/palette.ts';
import { resolveScoringConfig } from '../../src/schemas/scoring.ts';
import type { LogRow } from '../../src/events/schema.ts';
import type { PieceInfo } from '../../src/report/content.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 2, 15);
const config = resolveScoringConfig({});

const piece = (title: string, over: Partial<PieceInfo> = {}): PieceInfo => ({ title, stage: 'consideration', signal: undefined, talkingPoint: undefined, calculator: false, cta: 'meeting', ...over });
const pieces: Record<string, PieceInfo> = {
  'public-works-bid-operations': piece('Winning more public frameworks with the same bid team'),
  'roi-of-automation': piece('What automation is worth to your organisation: the ROI calculator', { calculator: true, talkingPoint: 'Ask which of their own figures surprised them.' }),
  'security-and-governance': piece('Security, data residency and governance', { signal: 'security' }),
  'board-business-case': piece('The board-ready business case'),
};
const personas = { ceo: 'Chief Executive Officer', cfo: 'Chief Financial Officer', cto: 'Chief Technology Officer', 'end-user': 'End user' };
const names = namesFrom(pieces, personas);

const corvanne: ScoringAccount = {
  id: 'corvanne',
  name: 'Corvanne Infrastructure plc',
  domain: 'corvanne.example',
  owner: 'Eleanor Grant',
  committee: [
    { id: 'ceo-1', title: 'Chief Executive', persona: 'ceo', role: 'decision-maker', name: 'Richard Ashworth', email: 'r.ashworth@corvanne.example', crmId: '003-RA' },
    { id: 'cfo-1', title: 'Group Finance Director', persona: 'cfo', role: 'decision-maker', name: 'Priya Raman', email: 'p.raman@corvanne.example' },
    { id: 'cto-1', title: 'CTO', persona: 'cto', role: 'decision-maker' },
  ],
};
const tirajeh: ScoringAccount = {
  id: 'tirajeh',
  name: 'پتروشیمی تیراژه',
  domain: 'tirajehpetro.ir',
  owner: 'داریوش فراهانی',
  committee: [
    { id: 'ceo-1', title: 'مدیرعامل', persona: 'ceo', role: 'decision-maker', name: 'محمدرضا کریمی', email: 'm.karimi@tirajehpetro.ir' },
    { id: 'cfo-1', title: 'معاون مالی و اقتصادی', persona: 'cfo', role: 'decision-maker', name: 'فاطمه احمدی' },
  ],
};

let n = 0;
const row = (over: Partial<LogRow>): LogRow => ({ id: `e${n++}`, receivedAt: NOW, t: NOW, type: 'page_view', account: 'corvanne', persona: null, piece: null, stakeholder: null, visitor: null, session: null, path: '/', ref: null, value: null, label: null, ...over });

const rows: LogRow[] = [
  // The CEO reads the bid piece four times, 3 minutes each, then asks for a meeting two hours ago.
  ...[9, 6, 4, 2].flatMap((d) => [
    row({ stakeholder: 'ceo-1', persona: 'ceo', piece: 'public-works-bid-operations', t: NOW - d * DAY }),
    row({ stakeholder: 'ceo-1', persona: 'ceo', piece: 'public-works-bid-operations', type: 'engaged_time', value: 180, t: NOW - d * DAY + 1000 }),
  ]),
  row({ stakeholder: 'ceo-1', persona: 'ceo', piece: 'board-business-case', type: 'cta_click', label: 'meeting', t: NOW - 2 * HOUR }),
  // The CFO completes the calculator yesterday (a return of 240 %) and reads the security pack.
  ...Array.from({ length: 6 }, (_, i) => row({ stakeholder: 'cfo-1', persona: 'cfo', piece: 'roi-of-automation', t: NOW - (5 - i) * DAY })),
  row({ stakeholder: 'cfo-1', persona: 'cfo', piece: 'roi-of-automation', type: 'calculator_completed', value: 240.4, t: NOW - DAY }),
  row({ stakeholder: 'cfo-1', persona: 'cfo', piece: 'security-and-governance', t: NOW - 3 * DAY }),
  // Tirajeh: the CEO opens the plan (counted from the log's plan views below) and reads, 3 days ago.
  ...Array.from({ length: 8 }, () => row({ account: 'tirajeh', stakeholder: 'ceo-1', persona: 'ceo', piece: 'board-business-case', t: NOW - 3 * DAY })),
  row({ account: 'tirajeh', stakeholder: 'ceo-1', type: 'plan_view', path: '/tirajeh/plan/', t: NOW - 3 * DAY }),
];

const context: ReportContext = {
  names,
  pieces,
  accounts: {
    corvanne: { segment: 'corvanne', crmId: '001-CORV', ownerEmail: 'eleanor.grant@kestrel.example', plan: undefined },
    tirajeh: {
      segment: 'tirajeh',
      crmId: null,
      ownerEmail: 'dariush.farahani@kestrel.example',
      plan: {
        title: 'برنامه مشترک ما',
        milestones: [
          { title: 'کارگاه نیازسنجی', due: new Date('2026-10-01'), status: 'done', owners: [{ stakeholder: 'ceo-1', public: false }], pieces: [] },
          { title: 'بررسی امنیت', due: new Date('2026-11-20'), status: 'in-progress', owners: [{ stakeholder: 'cfo-1', public: false }, { vendor: 'Hanna Lindroos' }], pieces: [] },
          { title: 'تصویب بودجه', due: new Date('2026-12-20'), status: 'at-risk', owners: [{ vendor: 'Hanna Lindroos' }], pieces: [] },
          { title: 'امضای قرارداد', due: new Date('2027-01-15'), status: 'planned', owners: [{ stakeholder: 'ceo-1', public: false }], pieces: [] },
        ],
      },
    },
  },
  planViews: [{ account: 'tirajeh', stakeholder: 'ceo-1', anonymous: false, t: NOW - 3 * DAY, views: 2 }],
  siteUrl: 'https://abm.example.com',
  crm: { companyUrl: 'https://crm.example/company/{id}', contactUrl: 'https://crm.example/contact/{id}' },
};

const result = scoreLog(rows, { accounts: [corvanne, tirajeh], pieceStages: { 'roi-of-automation': 'evaluation' }, config, now: NOW, names });
const insights = reportInsights(result, config, context, stageText);
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

test('each score contribution reads as a sentence with titles, never an event code or a file name', () => {
  assert.equal(
    contributionWords({ event: 'engaged_time', piece: 'public-works-bid-operations', persona: 'ceo', label: null, count: 4, seconds: 720 }, names),
    'Read “Winning more public frameworks with the same bid team” for 12 minutes over 4 visits',
  );
  assert.equal(contributionWords({ event: 'page_view', piece: null, persona: 'cfo', label: null, count: 3, seconds: 0 }, names), 'Opened the Chief Financial Officer reading path 3 times');
  assert.equal(contributionWords({ event: 'cta_click', piece: 'board-business-case', persona: 'ceo', label: 'meeting', count: 1, seconds: 0 }, names), 'Asked for a meeting on “The board-ready business case”');
  assert.equal(contributionWords({ event: 'calculator_completed', piece: 'roi-of-automation', persona: 'cfo', label: null, count: 2, seconds: 0 }, names), 'Completed the ROI calculator in “What automation is worth to your organisation: the ROI calculator” twice');
  assert.equal(contributionWords({ event: 'plan_view', piece: null, persona: null, label: null, count: 1, seconds: 0 }, names), 'Opened the mutual action plan');

  const page = renderAccount(result.accounts.find((a) => a.account.id === 'corvanne')!, result, insights, [], config);
  // The CEO's largest contribution, with its points.
  assert.match(text(page), /Read “Winning more public frameworks with the same bid team” for 12 minutes over 4 visits: \d+\.\d points/);
  for (const html of [page, renderOverview(result, insights, detectAlerts({ accounts: {} }, result.accounts, config, NOW).alerts, config)]) {
    const shown = text(html.replace(/<(style|svg)[\s\S]*?<\/\1>/g, '').replace(/ (data-[a-z]+|href|class|datetime)="[^"]*"/g, ''));
    assert.doesNotMatch(shown, /\b(page_view|engaged_time|cta_click|calculator_completed|meeting_booked|plan_view|form_submit|outbound_click|stage-entered|score-crossed|red-flag|committee-gap|key-role-activated)\b/);
    assert.doesNotMatch(shown, /public-works-bid-operations|roi-of-automation|security-and-governance|board-business-case/);
  }
});

test('Call today: who, what, why, what to say and links, most urgent first, at the time of the event', () => {
  const calls = insights.calls;
  assert.deepEqual(
    calls.map((c) => [c.account.account.id, c.person?.id, c.reason]),
    [
      ['corvanne', 'ceo-1', 'asked-meeting'],
      ['corvanne', 'cfo-1', 'calculator'],
      ['tirajeh', 'ceo-1', 'plan-opened'],
    ],
  );
  const [ceo, cfo, persian] = calls as [NonNullable<(typeof calls)[0]>, NonNullable<(typeof calls)[0]>, NonNullable<(typeof calls)[0]>];
  assert.equal(ceo.t, NOW - 2 * HOUR);
  assert.equal(ceo.what, 'asked for a meeting on “The board-ready business case”');
  assert.match(ceo.why, /^Asking to meet is an intent signal: they want to talk now\. Decision maker, strongly activated \(score \d+\.\d\)\. Corvanne Infrastructure plc is \w[\w -]+ \(account score \d+\.\d\)\.$/);
  assert.equal(ceo.say, 'Confirm a time today, and ask who else should join the conversation.');
  assert.deepEqual(ceo.links, { mailto: 'mailto:r.ashworth@corvanne.example?subject=The%20board-ready%20business%20case', crm: 'https://crm.example/contact/003-RA', microsite: 'https://abm.example.com/corvanne/' });
  // The calculator's result in words, the piece's own talking point, and the other recent moment after it.
  assert.equal(cfo.what, 'completed the ROI calculator in “What automation is worth to your organisation: the ROI calculator” and reached a return of 240 %');
  assert.equal(cfo.say, 'Ask which of their own figures surprised them.');
  assert.deepEqual(cfo.also.map((m) => m.what), ['read “Security, data residency and governance”, a security piece']);
  // Without a CRM id of their own, the company's record.
  assert.equal(cfo.links.crm, 'https://crm.example/company/001-CORV');
  // The plan opened: what to say names the first step at risk or overdue.
  assert.equal(persian.say, 'Ask whether “بررسی امنیت” (due 2026-11-20, overdue) still holds for them, and what would help.');

  const html = renderOverview(result, insights, [], config);
  // The overview opens on the call list, before the ranking.
  assert.ok(html.indexOf('id="call-today"') < html.indexOf('id="accounts"'));
  const first = /<li class="call".*?<\/li>/s.exec(html)![0];
  assert.match(text(first), /Richard Ashworth \(Chief Executive\) · Corvanne Infrastructure plc/);
  // The time shown is the click's, two hours before the report was made.
  assert.match(first, /<time datetime="2026-12-02T13:00:00.000Z">2 Dec 2026, 13:00 UTC<\/time> <span class="muted">\(2 hours ago\)<\/span>/);
  assert.match(first, /href="mailto:r\.ashworth@corvanne\.example\?subject=The%20board-ready%20business%20case"/);
  assert.match(first, /href="https:\/\/crm\.example\/contact\/003-RA">CRM record</);
  assert.match(first, /href="https:\/\/abm\.example\.com\/corvanne\/">Microsite</);
  assert.match(first, /href="accounts\/corvanne\.html">Account page</);
});

test('alerts carry the time of the event behind them, not the report run', () => {
  const runAt = NOW + 3 * DAY;
  const later = scoreLog(rows, { accounts: [corvanne, tirajeh], pieceStages: {}, config, now: runAt, names });
  const { alerts } = detectAlerts({ accounts: {} }, later.accounts, config, runAt);
  const intent = alerts.find((a) => a.account === 'corvanne' && a.reason.startsWith('entered intent'))!;
  // The latest intent signal: the CEO's click, two hours before NOW; raised three days later.
  assert.equal(intent.at, new Date(NOW - 2 * HOUR).toISOString());
  assert.equal(intent.raisedAt, new Date(runAt).toISOString());
  for (const a of alerts) assert.ok(Date.parse(a.at) <= NOW, `${a.reason}: ${a.at}`);
  const html = renderOverview(later, reportInsights(later, config, context, stageText), alerts, config);
  assert.doesNotMatch(html, /2026-12-05T15:00|5 Dec 2026, 15:00/, 'the run time is never shown');
});

test('the plan: steps at risk or overdue, the next step, when the account last opened it', () => {
  const plan = insights.accounts.get('tirajeh')!.plan!;
  assert.equal(plan.done, 1);
  assert.deepEqual(plan.attention.map((s) => [s.title, s.overdue, s.status]), [
    ['بررسی امنیت', true, 'in-progress'],
    ['تصویب بودجه', false, 'at-risk'],
  ]);
  assert.deepEqual(plan.lastView, { t: NOW - 3 * DAY, who: 'محمدرضا کریمی (مدیرعامل)' });
  const page = renderAccount(result.accounts.find((a) => a.account.id === 'tirajeh')!, result, insights, [], config);
  const section = page.slice(page.indexOf('id="plan"'));
  assert.match(text(section), /1 of 4 steps done · next: بررسی امنیت, due 2026-11-20 · last opened by محمدرضا کریمی \(مدیرعامل\), 29 Nov 2026, 15:00 UTC \(3 days ago\) \(2 views in all\)/);
  assert.match(section, /<tr data-state="overdue"><td><bdi>بررسی امنیت<\/bdi><\/td><td>2026-11-20<\/td><td class="attention">overdue<\/td><td><bdi>فاطمه احمدی<\/bdi> \(<bdi>معاون مالی و اقتصادی<\/bdi>\), Hanna Lindroos<\/td><\/tr>/);
  assert.match(section, /<td class="attention">at risk<\/td>/);
  assert.match(text(renderOverview(result, insights, [], config)), /پتروشیمی تیراژه1 of 4بررسی امنیت overdue \(due 2026-11-20\)تصویب بودجه at risk \(due 2026-12-20\)/);
});

test('right-to-left names and titles are isolated with <bdi>, in lists, sentences and alerts', () => {
  const a = result.accounts.find((x) => x.account.id === 'tirajeh')!;
  const page = renderAccount(a, result, insights, detectAlerts({ accounts: {} }, result.accounts, config, NOW).alerts, config);
  assert.match(page, /<h1><bdi>پتروشیمی تیراژه<\/bdi><\/h1>/);
  // The people table, the call list and the funnel's sentences: name and title each in its own isolate.
  assert.match(page, /<span class="person-name"><bdi>محمدرضا کریمی<\/bdi> \(<bdi>مدیرعامل<\/bdi>\)<\/span>/);
  assert.match(page, /<strong class="who"><bdi>محمدرضا کریمی<\/bdi> \(<bdi>مدیرعامل<\/bdi>\)<\/strong>/);
  assert.match(page, /1 identified: <bdi>محمدرضا کریمی<\/bdi> \(<bdi>مدیرعامل<\/bdi>\)/);
  // No right-to-left run outside an isolate anywhere in the page's text (the plan's title and steps included).
  // (Titles and labels of the page and its charts are not laid out in a line of text.)
  const outside = page.replace(/<bdi>[^<]*<\/bdi>/g, '').replace(/<title>[^<]*<\/title>/g, '').replace(/ aria-label="[^"]*"/g, '');
  assert.doesNotMatch(outside, /[\u0590-\u08ff]/);
});

test('text colours, heat-map cells and chart labels reach 4.5:1', () => {
  for (const [what, [fg, bg]] of Object.entries(TEXT_ON)) assert.ok(contrast(fg, bg) >= 4.5, `${what}: ${fg} on ${bg} is ${contrast(fg, bg).toFixed(2)}:1`);
  for (let share = 0; share <= 1; share += 0.01) {
    const { background, color } = heatColours(share);
    assert.ok(contrast(background, color) >= 4.5, `heat cell at ${share.toFixed(2)}: ${color} on ${background} is ${contrast(background, color).toFixed(2)}:1`);
  }
  // The cells as rendered use those colours.
  const page = renderAccount(result.accounts[0]!, result, insights, [], config);
  const cells = [...page.matchAll(/style="background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6})"/g)];
  assert.ok(cells.length > 0);
  for (const [, bg, fg] of cells) assert.ok(contrast(bg!, fg!) >= 4.5);
});
