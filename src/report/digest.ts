/**
 * The weekly digest (`npm run report -- --digest`), for the channels the instant alerts go to:
 * whom to call (the top of "Call today") and what changed in the last 7 days, in words: stages
 * reached or lost, scores that moved, meetings booked, people seen for the first time, intent
 * signals, red flags raised or cleared, the plan opened. "This week" is a comparison of the scores
 * now with the scores of the log as it stood 7 days ago (scored as of then), so it does not depend
 * on when the report last ran. Then the same digest as each channel wants it: Slack Block Kit, a
 * Microsoft Teams Adaptive Card in a Workflows message, plain JSON. Pure.
 */
import type { ChannelKind } from '../alerts/message.ts';
import { eventTime, teamsMessage } from '../alerts/message.ts';
import type { AccountScore, ScoringResult } from '../scoring/types.ts';
import { personName } from '../scoring/people.ts';
import { doingWords, listWords, STEP_WORDS, timesWords } from '../scoring/words.ts';
import { FUNNEL_STEPS } from '../schemas/scoring.ts';
import { callWho, type CallEntry } from './callList.ts';
import type { ReportInsights } from './insights.ts';

const DAY = 86_400_000;
export const DIGEST_DAYS = 7;
/** Calls listed in a digest; the report has them all. */
export const DIGEST_CALLS = 5;

export interface DigestCall {
  who: string;
  account: string;
  what: string;
  /** The event's time, ISO 8601 UTC. */
  at: string;
  say: string;
  links: { label: string; url: string }[];
}

export interface DigestChange {
  account: string;
  name: string;
  /** What changed, each a short sentence. */
  changes: string[];
}

export interface Digest {
  title: string;
  /** The week: from 7 days before the report's time to it (ISO 8601 UTC). */
  from: string;
  to: string;
  summary: string;
  calls: DigestCall[];
  changes: DigestChange[];
  reportUrl: string;
}

const num = (n: number) => n.toFixed(1);
const shortDay = (t: number) => eventTime(t).replace(/, \d\d:\d\d UTC$/, '');
const rank = (s: AccountScore['stage']) => (s === 'none' ? -1 : FUNNEL_STEPS.indexOf(s));

/** What changed in one account between `before` (the log 7 days ago) and `now`. */
function accountChanges(now: AccountScore, before: AccountScore | undefined, since: number, insights: ReportInsights): string[] {
  const out: string[] = [];
  const was = before?.stage ?? 'none';
  if (now.stage !== was) out.push(`${rank(now.stage) > rank(was) ? 'moved up' : 'fell back'} from ${STEP_WORDS[was]} to ${STEP_WORDS[now.stage]}`);
  const from = before?.score ?? 0;
  const delta = now.score - from;
  if (Math.abs(delta) >= Math.max(5, from * 0.2)) out.push(`score ${delta > 0 ? 'rose' : 'fell'} from ${num(from)} to ${num(now.score)}`);
  const bookings = [...now.people.flatMap((p) => p.moments.filter((m) => m.event === 'meeting_booked' && m.t >= since).map(() => (p.stakeholder ? personName(p.stakeholder) : 'an anonymous visitor'))), ...now.privacy.moments.filter((m) => m.event === 'meeting_booked' && m.t >= since).map(() => 'someone at the account')];
  if (bookings.length) out.push(`${bookings.length === 1 ? 'a meeting' : `${bookings.length} meetings`} booked (${listWords([...new Set(bookings)])})`);
  const fresh = now.people.filter((p) => p.stakeholder && p.firstSeen >= since).map((p) => personName(p.stakeholder!));
  if (fresh.length) out.push(`first visit from ${listWords(fresh)}`);
  const intent = now.people.filter((p) => p.stakeholder).flatMap((p) => {
    const recent = p.intent.filter((m) => m.t >= since);
    if (!recent.length) return [];
    const words = new Map<string, number>();
    for (const m of recent) words.set(doingWords(m), (words.get(doingWords(m)) ?? 0) + 1);
    return [`${personName(p.stakeholder!)}: ${[...words].map(([w, n]) => `${w}${timesWords(n)}`).join(', ')}`];
  });
  if (intent.length) out.push(`intent shown by ${intent.join('; ')}`);
  const plan = insights.accounts.get(now.account.id)?.plan;
  if (plan?.lastView && plan.lastView.t >= since) out.push(`the plan opened by ${plan.lastView.who} on ${shortDay(plan.lastView.t)}`);
  const beforeFlags = new Set(before?.redFlags.map((f) => f.key) ?? []);
  const nowFlags = new Set(now.redFlags.map((f) => f.key));
  for (const f of now.redFlags) if (!beforeFlags.has(f.key)) out.push(`new red flag, ${f.kind.replace('-', ' ')}: ${f.detail}`);
  for (const f of before?.redFlags ?? []) if (!nowFlags.has(f.key)) out.push(`no longer ${f.kind === 'committee-gap' ? `a committee gap (${f.persona ?? ''})` : f.kind.replace('-', ' ')}`);
  return out;
}

function digestCall(e: CallEntry): DigestCall {
  return {
    who: callWho(e),
    account: e.account.account.name,
    what: e.what,
    at: new Date(e.t).toISOString(),
    say: e.say,
    links: [
      ...(e.links.crm ? [{ label: 'CRM record', url: e.links.crm }] : []),
      ...(e.links.microsite ? [{ label: 'Microsite', url: e.links.microsite }] : []),
      ...(e.links.mailto ? [{ label: 'E-mail', url: e.links.mailto }] : []),
    ],
  };
}

/**
 * The digest of `now` against `before` (the same accounts scored on the log as it stood 7 days
 * earlier). `only`: the accounts of one owner's channel; without it, every account.
 */
export function weeklyDigest(now: ScoringResult, before: ScoringResult, insights: ReportInsights, options: { reportUrl: string; only?: ReadonlySet<string> | undefined }): Digest {
  const since = now.now - DIGEST_DAYS * DAY;
  const mine = (id: string) => !options.only || options.only.has(id);
  const previous = new Map(before.accounts.map((a) => [a.account.id, a]));
  const calls = insights.calls.filter((c) => mine(c.account.account.id));
  const changes = now.accounts.filter((a) => mine(a.account.id)).flatMap((a) => {
    const list = accountChanges(a, previous.get(a.account.id), since, insights);
    return list.length ? [{ account: a.account.id, name: a.account.name, changes: list }] : [];
  });
  const accounts = now.accounts.filter((a) => mine(a.account.id));
  const salesReady = accounts.filter((a) => a.stage === 'sales-ready').length;
  return {
    title: `Tailor weekly digest, ${shortDay(since)} to ${shortDay(now.now)}`,
    from: new Date(since).toISOString(),
    to: new Date(now.now).toISOString(),
    summary: `${calls.length} ${calls.length === 1 ? 'person' : 'people'} to call · ${changes.length} of ${accounts.length} accounts changed this week · ${salesReady} sales-ready`,
    calls: calls.slice(0, DIGEST_CALLS).map(digestCall),
    changes,
    reportUrl: options.reportUrl,
  };
}

/** Slack's own escaping for text in mrkdwn. */
const slackText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Slack's date token: each reader sees the event's time in their own zone. */
const slackTime = (iso: string) => `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} at {time}|${eventTime(Date.parse(iso))}>`;

/** A Slack incoming webhook's body: a fallback text and Block Kit blocks (a section's text stays under Slack's 3,000 characters). */
export function digestSlack(d: Digest): unknown {
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: text.length > 2900 ? `${text.slice(0, 2899)}…` : text } });
  const calls = d.calls.length
    ? d.calls.map((c) => section(`*${slackText(c.who)}* · ${slackText(c.account)}\n${slackText(c.what)} (${slackTime(c.at)})\n_Say:_ ${slackText(c.say)}${c.links.length ? `\n${c.links.map((l) => `<${l.url}|${slackText(l.label)}>`).join(' · ')}` : ''}`))
    : [section('No one to call: nothing in the last 7 days calls for a call.')];
  const changes = d.changes.length ? d.changes.map((c) => section(`*${slackText(c.name)}*\n${c.changes.map((x) => `• ${slackText(x)}`).join('\n')}`)) : [section('No account changed this week.')];
  return {
    text: `${d.title}: ${d.summary}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: d.title.slice(0, 150) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: slackText(d.summary) }] },
      section('*Call today*'),
      ...calls,
      { type: 'divider' },
      section('*What changed this week*'),
      ...changes,
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the report' }, url: d.reportUrl, action_id: 'tailor-digest-report' }] },
    ].slice(0, 50),
  };
}

/** A Teams Workflows webhook's body: a message with one Adaptive Card. */
export function digestTeams(d: Digest): unknown {
  const text = (value: string, more: object = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...more });
  const time = (iso: string) => `{{DATE(${iso.replace(/\.\d+Z$/, 'Z')}, SHORT)}} {{TIME(${iso.replace(/\.\d+Z$/, 'Z')})}}`;
  const calls = d.calls.length
    ? d.calls.map((c) => ({
        type: 'Container',
        separator: true,
        items: [text(`${c.who} · ${c.account}`, { weight: 'Bolder' }), text(`${c.what} (${time(c.at)})`, { spacing: 'None' }), { type: 'FactSet', facts: [{ title: 'What to say', value: c.say }] }],
        ...(c.links.length ? { selectAction: { type: 'Action.OpenUrl', url: c.links[0]!.url } } : {}),
      }))
    : [text('No one to call: nothing in the last 7 days calls for a call.')];
  const changes = d.changes.length ? d.changes.map((c) => ({ type: 'Container', separator: true, items: [text(c.name, { weight: 'Bolder' }), text(c.changes.map((x) => `- ${x}`).join('\r'), { spacing: 'None' })] })) : [text('No account changed this week.')];
  return teamsMessage(
    [text(d.title, { weight: 'Bolder', size: 'Medium' }), text(d.summary, { isSubtle: true, spacing: 'None' }), text('Call today', { weight: 'Bolder', spacing: 'Medium' }), ...calls, text('What changed this week', { weight: 'Bolder', spacing: 'Medium' }), ...changes],
    [{ type: 'Action.OpenUrl', title: 'Open the report', url: d.reportUrl }],
  );
}

/** The generic webhook's body: the digest as data. */
export function digestJson(d: Digest): unknown {
  return { source: 'tailor', type: 'weekly-digest', digest: d };
}

export const DIGEST_PAYLOADS: Record<ChannelKind, (d: Digest) => unknown> = { slack: digestSlack, teams: digestTeams, webhook: digestJson };
