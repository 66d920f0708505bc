/** The report's measures on hand-computed logs: last activity, meetings booked, piece lift, and how the report shows them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreLog, type ScoringAccount } from '../../src/scoring/engine.ts';
import { ago, describeActivity, lastActivity, lastIntent } from '../../src/scoring/activity.ts';
import { meetingsOf, meetingsTotal } from '../../src/scoring/meetings.ts';
import { journeysOf, pieceLift } from '../../src/scoring/lift.ts';
import { reportInsights } from '../../src/report/insights.ts';
import { num, renderAccount, renderOverview, stageReason } from '../../src/report/render.ts';
import { detectAlerts } from '../../src/scoring/triggers.ts';
import { resolveScoringConfig } from '../../src/schemas/scoring.ts';
import type { LogRow } from '../../src/events/schema.ts';
import { acme } from './scoringFixture.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 25, 12);
const config = resolveScoringConfig({});
// The CFO with a Finnish title, a name, an e-mail and a CRM id (the report shows them).
const account: ScoringAccount = {
  ...acme,
  committee: acme.committee.map((s) => (s.id === 'cfo-1' ? { ...s, title: 'Talousjohtaja', name: 'Janne Korhonen', email: 'janne.korhonen@acme.example', crmId: 'HS-4411' } : s)),
};
let n = 0;
function row(over: Partial<LogRow>): LogRow {
  return { id: `e${n++}`, receivedAt: NOW, t: NOW, type: 'page_view', account: 'acme', persona: null, piece: null, stakeholder: null, visitor: null, session: null, path: '/acme/', ref: null, value: null, label: null, ...over };
}
const score = (rows: LogRow[], accounts = [account]) => scoreLog(rows, { accounts, pieceStages: { roi: 'decision', intro: 'awareness' }, config, now: NOW });

test('last activity that matters: who, what, when; reading time, scrolls and landing views do not matter', () => {
  const a = score([
    row({ stakeholder: 'cfo-1', persona: 'cfo', piece: 'roi', type: 'calculator_completed', value: 210, t: NOW - 2 * DAY - HOUR }),
    row({ visitor: 'visitor-anon0001', t: NOW - HOUR }), // landing page view
    row({ visitor: 'visitor-anon0001', persona: 'ceo', type: 'scroll', value: 50, t: NOW - HOUR }),
    row({ visitor: 'visitor-anon0001', persona: 'ceo', type: 'engaged_time', value: 30, t: NOW - HOUR }),
    row({ stakeholder: 'ceo-1', type: 'cta_click', label: 'meeting', t: NOW - 40 * DAY }),
  ]).accounts[0]!;
  const act = lastActivity(a)!;
  assert.equal(describeActivity(act, NOW), 'Janne Korhonen (Talousjohtaja) completed the ROI calculator in “roi” and reached a return of 210 %, 2 days ago');
  assert.equal(lastIntent(a, config)!.t, NOW - 2 * DAY - HOUR);

  // An anonymous visitor reading a piece on the cfo track 3 hours ago is more recent and matters.
  const later = score([row({ stakeholder: 'cfo-1', type: 'calculator_completed', t: NOW - 2 * DAY }), row({ visitor: 'visitor-anon0002', persona: 'cfo', piece: 'roi', t: NOW - 3 * HOUR })]).accounts[0]!;
  assert.equal(describeActivity(lastActivity(later)!, NOW), 'an anonymous visitor on the cfo track read “roi”, 3 hours ago');
  // A stakeholder without a name is named by title; a privacy-protected visit by what it is.
  const titled = score([row({ stakeholder: 'ceo-1', type: 'cta_click', label: 'meeting', t: NOW - 5 * 60_000 })]).accounts[0]!;
  assert.equal(describeActivity(lastActivity(titled)!, NOW), 'CEO asked for a meeting, 5 minutes ago');
  const gpc = score([row({ persona: 'cfo', piece: 'intro', t: NOW - DAY })]).accounts[0]!;
  assert.equal(describeActivity(lastActivity(gpc)!, NOW), 'a privacy-protected visitor on the cfo track read “intro”, 1 day ago');

  // The last intent signal is the last in the log, even outside the 30-day intent window.
  const old = score([row({ stakeholder: 'ceo-1', type: 'cta_click', label: 'meeting', t: NOW - 40 * DAY }), row({ stakeholder: 'ceo-1', type: 'cta_click', label: 'newsletter', t: NOW - DAY })]).accounts[0]!;
  assert.equal(lastIntent(old, config)!.t, NOW - 40 * DAY);
  assert.equal(describeActivity(lastActivity(old)!, NOW), 'CEO clicked “newsletter”, 1 day ago');
  // Only landing views and reading time: nothing that matters.
  assert.equal(lastActivity(score([row({ visitor: 'visitor-anon0001' }), row({ visitor: 'visitor-anon0001', type: 'engaged_time', value: 9 })]).accounts[0]!), null);
  assert.equal(ago(NOW - 30_000, NOW), 'just now');
  assert.equal(ago(NOW - HOUR, NOW), '1 hour ago');
});

test('meetings booked per account and days from the first visit to the first meeting', () => {
  const a = score([
    row({ persona: 'cfo', t: NOW - 12 * DAY }), // privacy-protected page view: the account's first visit
    row({ stakeholder: 'cfo-1', visitor: 'visitor-cfo00001', persona: 'cfo', t: NOW - 10 * DAY }),
    row({ stakeholder: 'cfo-1', type: 'meeting_booked', label: 'cal.com', t: NOW - 2 * DAY }),
    row({ stakeholder: 'ceo-1', type: 'meeting_booked', label: 'calendly', t: NOW - DAY }),
  ]).accounts[0]!;
  const m = meetingsOf(a);
  assert.deepEqual(m, { booked: 2, bookedBy: ['Janne Korhonen (Talousjohtaja)', 'CEO'], stakeholders: ['cfo-1', 'ceo-1'], firstVisit: NOW - 12 * DAY, firstMeeting: NOW - 2 * DAY, daysToFirstMeeting: 10 });
  // A booking with no visit before it (the booking itself is not a visit).
  const cold = meetingsOf(score([row({ stakeholder: 'ceo-1', type: 'meeting_booked', t: NOW - 3 * DAY }), row({ stakeholder: 'ceo-1', t: NOW - DAY })]).accounts[0]!);
  assert.deepEqual([cold.booked, cold.firstVisit, cold.daysToFirstMeeting], [1, NOW - DAY, null]);
  // A booking matched to the account by e-mail domain only (no stakeholder, no visitor) is someone at the account.
  const byDomain = score([row({ visitor: 'visitor-anon0001', piece: 'intro', t: NOW - 4 * DAY }), row({ type: 'meeting_booked', label: 'calendly', path: '/tailor/hooks/calendly', t: NOW - HOUR })]).accounts[0]!;
  assert.deepEqual([meetingsOf(byDomain).bookedBy, meetingsOf(byDomain).daysToFirstMeeting], [['someone at the account'], (4 * DAY - HOUR) / DAY]);
  assert.equal(describeActivity(lastActivity(byDomain)!, NOW), 'someone at the account booked a meeting through Calendly, 1 hour ago');
  assert.equal(byDomain.funnel.intent.detail, 'someone at the account: 1 meeting(s) booked');
  const none = meetingsOf(score([row({ stakeholder: 'ceo-1' })]).accounts[0]!);
  assert.deepEqual([none.booked, none.daysToFirstMeeting], [0, null]);
  assert.deepEqual(meetingsTotal([m, cold, none, { ...m, daysToFirstMeeting: 4 }]), { booked: 5, accounts: 3, medianDaysToFirstMeeting: 7 });
});

test('lift: share of intent journeys that read a piece before intent against its share of all journeys', () => {
  const a = score([
    // CEO: intro and roi, then a meeting request: an intent journey with both pieces before intent.
    row({ stakeholder: 'ceo-1', piece: 'intro', t: NOW - 3 * DAY }),
    row({ stakeholder: 'ceo-1', piece: 'roi', t: NOW - 2 * DAY }),
    row({ stakeholder: 'ceo-1', type: 'cta_click', label: 'meeting', t: NOW - DAY }),
    // CFO: intro only, no intent.
    row({ stakeholder: 'cfo-1', piece: 'intro', t: NOW - 3 * DAY }),
    // Anonymous A: roi, then the calculator.
    row({ visitor: 'visitor-aaaaaaaa', piece: 'roi', t: NOW - 2 * DAY }),
    row({ visitor: 'visitor-aaaaaaaa', type: 'calculator_completed', t: NOW - DAY }),
    // Anonymous B: intro, no intent.
    row({ visitor: 'visitor-bbbbbbbb', piece: 'intro', t: NOW - DAY }),
    // Anonymous C: faq 20 days before a form (outside the 14 preceding days), roi after it.
    row({ visitor: 'visitor-cccccccc', piece: 'faq', t: NOW - 25 * DAY }),
    row({ visitor: 'visitor-cccccccc', type: 'form_submit', t: NOW - 5 * DAY }),
    row({ visitor: 'visitor-cccccccc', piece: 'roi', t: NOW - 4 * DAY }),
    // Privacy-protected views cannot be linked into a journey.
    row({ piece: 'faq' }),
    row({ piece: 'faq' }),
  ]).accounts[0]!;
  const rows = pieceLift(journeysOf(a.people, config));
  // 5 journeys, 3 with intent. roi: before intent in 2 of 3 (CEO, A), read in 3 of 5 (CEO, A, C) -> (2/3)/(3/5) = 1.11.
  // intro: 1 of 3 (CEO), 3 of 5 -> 0.56. faq: 0 of 3 (too early), 1 of 5 -> 0.
  assert.deepEqual(
    rows.map((r) => [r.piece, r.intentJourneys, r.intentTotal, r.journeys, r.total, Math.round(r.lift * 1000) / 1000]),
    [
      ['roi', 2, 3, 3, 5, 1.111],
      ['intro', 1, 3, 3, 5, 0.556],
      ['faq', 0, 3, 1, 5, 0],
    ],
  );
  // In the report: only pieces read before intent, by lift, with the counts.
  const insights = reportInsights(score([]), config);
  assert.deepEqual(insights.accounts.get('acme')!.lift, []);
  assert.deepEqual(pieceLift([]), []);
});

test('the report: names, one-decimal scores, identified-only activation, "anonymous only", each red flag once with its explanation', () => {
  const result = score([
    // The CFO: 40 track views 25 days ago, a meeting booked 20 days ago. Account score 14 days ago
    // 40 x 0.5^(11/14) + 40 x 0.5^(6/14) = 52.9; now 40 x 0.5^(25/14) + 40 x 0.5^(20/14) + 0.25 x 15.2 = 30.3: cooling.
    ...Array.from({ length: 40 }, () => row({ stakeholder: 'cfo-1', persona: 'cfo', t: NOW - 25 * DAY })),
    row({ stakeholder: 'cfo-1', type: 'meeting_booked', label: 'cal.com', t: NOW - 20 * DAY }),
    ...Array.from({ length: 16 }, () => row({ visitor: 'visitor-anon0009', t: NOW - DAY })), // anonymous, 16 x 0.5^(1/14) = 15.2 points
    row({ account: 'quiet', persona: 'cfo' }),
    row({ account: 'quiet', visitor: 'visitor-anon0010', persona: 'ceo', piece: 'roi' }),
  ], [account, { ...account, id: 'quiet', name: 'Quiet Oy' }]);
  const acme = result.accounts.find((a) => a.account.id === 'acme')!;
  const quiet = result.accounts.find((a) => a.account.id === 'quiet')!;
  assert.deepEqual(acme.redFlags.map((f) => f.kind), ['cooling', 'single-threaded', 'committee-gap']);
  assert.equal(quiet.stage, 'none');
  assert.equal(stageReason(quiet), 'anonymous only: 2 event(s), no one identified');
  assert.equal(num(52), '52.0');
  assert.equal(num(1234.56), '1,234.6');

  const { alerts } = detectAlerts({ accounts: {} }, result.accounts, config, NOW);
  const insights = reportInsights(result, config);
  const html = renderOverview(result, insights, alerts, config);
  const text = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  const acmeRow = /<tr data-account="acme".*?<\/tr>/.exec(html)![0];
  const quietRow = /<tr data-account="quiet".*?<\/tr>/.exec(html)![0];
  // Header: 1 identified (activated by the booking), 2 anonymous visitors, one of them above the threshold.
  assert.match(text(html), /1 identified stakeholders, 1 of them activated · 2 anonymous visitors \(1 above the activation score, not counted as activated\)/);
  assert.match(text(html), /1 meeting\(s\) booked in 1 account\(s\), median 5\.0 days from first visit to first meeting/);
  // The overview row: last activity with the name, the booked meeting, the flags, each once, explained.
  assert.match(text(acmeRow), /Janne Korhonen \(Talousjohtaja\) booked a meeting through Cal\.com, 20 days ago/);
  assert.match(text(acmeRow), /last intent signal 2026-11-05 \(20 days ago\)/);
  assert.match(text(acmeRow), /1 booked5\.0 days from first visit to first meeting/);
  assert.equal(acmeRow.match(/class="flag"/g)!.length, 3, 'three kinds, one chip each');
  assert.match(text(acmeRow), /cooling score fell from [\d.]+ to [\d.]+ \(-[\d.]+%\) in 14 days/);
  assert.match(text(acmeRow), /committee gap decision-maker persona "ceo" never engaged: no identified visit from CEO/);
  assert.match(text(quietRow), /anonymous only/);
  assert.doesNotMatch(text(quietRow), /no activity/);
  assert.equal(quietRow.match(/class="flag"/g)!.length, 1, 'two committee gaps (ceo, cfo) share one chip');
  assert.match(text(quietRow), /committee gap decision-maker persona "ceo" never engaged: no identified visit from CEO; its track was read anonymously 1 time, which identifies no one · decision-maker persona "cfo" never engaged: no identified visit from Janne Korhonen \(Talousjohtaja\); its track was read anonymously 1 time/);
  // Scores keep their decimal: the anonymous visitor's 30 views and the CFO's 20 old ones plus the booking.
  assert.match(acmeRow, /<td class="num score">\d+\.\d<\/td>/);
  // The alerts table names whom to call.
  assert.match(text(html), /red flagcommittee gap: decision-maker persona "ceo" never engaged: no identified visit from CEOCEO/);

  const page = text(renderAccount(acme, result, insights, alerts, config));
  assert.match(page, /Janne Korhonen \(Talousjohtaja\)cfo · decision maker · janne\.korhonen@acme\.example · CRM HS-4411/);
  assert.match(page, /Meetings booked: 1 \(Janne Korhonen \(Talousjohtaja\)\); 5\.0 days from first visit to first meeting\./);
  assert.match(page, /Not reached yet: CEO \(ceo, decision maker\); Engineer \(end-user, user\)/);
  // The funnel: the booking by a decision maker makes it sales-ready; the score is shown with one decimal.
  assert.equal(acme.stage, 'sales-ready');
  assert.match(page, /score \d+\.\d/);
});
