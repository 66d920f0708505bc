/**
 * An instant alert in words a sales rep acts on: who (name, title, account), what they did (piece
 * titles, the calculator's result, the plan), when (the event's time, never the time it was sent),
 * why it matters (the funnel step, the points), what to say (the piece's talking point, or a
 * sensible default) and where to go (the account's report page, the microsite, the CRM record, a
 * mailto). Then the same alert as each channel wants it: Slack Block Kit, a Microsoft Teams
 * Adaptive Card (through a Workflows webhook), and plain JSON. Pure.
 */
import type { LogRow } from '../events/schema.ts';
import type { InstantMoment, ScoringConfig } from '../schemas/scoring.ts';
import type { DirectoryAccount, DirectoryPerson } from './directory.ts';
import type { MomentHit, PieceFacts } from './moments.ts';

export interface AlertPerson {
  /** Stakeholder id; absent for an anonymous or privacy-protected visitor. */
  id: string | null;
  name: string | null;
  title: string | null;
  persona: string | null;
}

export interface InstantAlert {
  key: string;
  moment: InstantMoment;
  /** The event's time (ISO 8601, UTC) and the same in ms. */
  at: string;
  t: number;
  account: { id: string; name: string };
  /** Null where Global Privacy Control or Do Not Track dropped the visitor's identity. */
  person: AlertPerson | null;
  /** "Anna Virtanen (Chief Financial Officer, Lumivaara) clicked “Book a meeting”". */
  headline: string;
  what: string;
  why: string;
  say: string;
  links: { report: string; microsite: string; crm: string | null; mailto: string | null };
  owner: { name: string; email: string };
}

export interface AlertContext {
  account: DirectoryAccount | undefined;
  piece(id: string): PieceFacts | undefined;
  personaTitle(id: string): string | undefined;
  config: Pick<ScoringConfig, 'weights' | 'intent' | 'instant'>;
  /** The microsites' origin, e.g. https://abm.example.com. */
  siteUrl: string;
  /** Where the report is served, ending in `/`, e.g. http://127.0.0.1:4321/tailor/report/. */
  reportUrl: string;
  crm?: { companyUrl: string; contactUrl?: string | undefined } | undefined;
  /** For a new persona: events the account had in the window. */
  warmEvents?: number;
}

const BOOKING_TOOLS: Record<string, string> = { calcom: 'Cal.com', 'cal.com': 'Cal.com', calendly: 'Calendly' };

/** Default talking points, when the piece has none (the report's call list says the same). */
export const TALKING_POINTS: Record<InstantMoment, string> = {
  'book-click': 'Confirm a time today, and ask who else should join the conversation.',
  calculator: 'Offer to go through the numbers together, with their own figures.',
  'plan-opened': 'Ask whether the next step of the plan still holds for them, and what would help.',
  'sensitive-piece': 'Offer a short call on exactly this, with the person on our side who knows it best.',
  'new-persona': 'Find out who the new reader is, and bring them into the plan.',
  'meeting-booked': 'Prepare the meeting: send the agenda, and look at what they read first.',
  'plan-update': 'Answer them today, then bring the plan up to date (npm run plan:pull).',
};
/** What to say to a plan update, by what it says. */
export const PLAN_UPDATE_TALKING_POINTS = {
  done: 'Thank them, confirm the step is done on both sides, and agree the next step (npm run plan:pull marks it done in the plan).',
  date: 'Agree the new date with them, and what it moves; npm run plan:pull proposes it for the plan.',
  comment: 'Answer the comment today, in person or by e-mail.',
};
export const SIGNAL_TALKING_POINTS = {
  pricing: 'Offer a pricing conversation built on their own numbers.',
  security: 'Offer the security documentation and a call with our security lead.',
};

const quote = (title: string) => `“${title}”`;

function personOf(row: LogRow, person: DirectoryPerson | undefined): AlertPerson | null {
  if (row.stakeholder) return { id: row.stakeholder, name: person?.name ?? null, title: person?.title ?? null, persona: person?.persona ?? row.persona };
  if (row.visitor) return { id: null, name: null, title: null, persona: row.persona };
  return null;
}

/** "Anna Virtanen (Chief Financial Officer, Lumivaara)", "An anonymous visitor on the CFO track at Lumivaara"... */
function whoText(row: LogRow, person: AlertPerson | null, accountName: string, ctx: AlertContext): string {
  const track = row.persona ? ` on the ${ctx.personaTitle(row.persona) ?? row.persona} track` : '';
  if (person?.id) {
    if (person.name) return `${person.name} (${person.title ? `${person.title}, ` : ''}${accountName})`;
    return `The ${person.title ?? `stakeholder ${person.id}`} at ${accountName}`;
  }
  if (row.type === 'meeting_booked') return `Someone at ${accountName}`;
  if (person) return `An anonymous visitor${track} at ${accountName}`;
  return `A visitor with Global Privacy Control or Do Not Track (not identified)${track} at ${accountName}`;
}

function whereText(row: LogRow, ctx: AlertContext): string {
  const piece = row.piece ? ctx.piece(row.piece) : undefined;
  if (piece) return ` on ${quote(piece.title)}`;
  if (row.type === 'plan_view' || /\/plan\/?$/.test(row.path)) return ' on the mutual action plan';
  return row.persona ? ` on the ${ctx.personaTitle(row.persona) ?? row.persona} reading path` : ' on the landing page';
}

function whatText(hit: MomentHit, ctx: AlertContext): string {
  const { row } = hit;
  const piece = row.piece ? ctx.piece(row.piece) : undefined;
  switch (hit.moment) {
    case 'book-click':
      return `clicked “Book a meeting”${whereText(row, ctx)}`;
    case 'calculator': {
      const where = piece ? ` in ${quote(piece.title)}` : '';
      if (row.value === null) return `completed the ROI calculator${where}`;
      const roi = Math.round(row.value);
      return roi < 0 ? `completed the ROI calculator${where}: with their numbers it does not pay back (a return of ${roi} %)` : `completed the ROI calculator${where} and reached a return of ${roi} %`;
    }
    case 'plan-opened':
      return 'opened the mutual action plan';
    case 'sensitive-piece':
      return `read ${quote(piece?.title ?? row.piece ?? 'a piece')}, a ${piece?.signal ?? 'key'} piece`;
    case 'new-persona':
      return `showed up for the first time${whereText(row, ctx)}`;
    case 'meeting-booked':
      return `booked a meeting${row.label && BOOKING_TOOLS[row.label.toLowerCase()] ? ` through ${BOOKING_TOOLS[row.label.toLowerCase()]}` : ''}`;
    case 'plan-update': {
      const step = hit.plan ? `step ${hit.plan.step + 1}${hit.plan.title ? ` ${quote(hit.plan.title)}` : ''} of the mutual action plan` : 'a step of the mutual action plan';
      if (hit.plan?.kind === 'done') return `marked ${step} done`;
      if (hit.plan?.kind === 'date') return `proposed ${hit.plan.value ? eventDay(hit.plan.value) : 'another date'} for ${step}`;
      return `commented on ${step}: ${quote(hit.plan?.value ?? '')}`;
    }
  }
}

/** A `YYYY-MM-DD` date in words: "20 Jan 2027". */
function eventDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${d.getUTCFullYear()}`;
}

function whyText(hit: MomentHit, ctx: AlertContext, role: string | undefined): string {
  const { row } = hit;
  const points = ctx.config.weights.events[row.type];
  const score = points ? ` It adds ${points} points to ${row.stakeholder ? 'their' : 'the account'} score.` : '';
  const rolePart = role === 'decision-maker' ? 'a decision maker' : role === 'influencer' ? 'an influencer' : 'someone in the buying committee';
  switch (hit.moment) {
    case 'book-click':
      return `Asking to meet is an intent signal from ${rolePart}: the account reaches the intent step of the funnel.${score}`;
    case 'calculator':
      return `Working out the return with their own numbers is an intent signal from ${rolePart}.${score}`;
    case 'plan-opened':
      return `Coming back to the plan means ${rolePart} is working through the steps agreed together.${score}`;
    case 'sensitive-piece': {
      const signal = ctx.piece(row.piece ?? '')?.signal;
      return signal === 'security' ? `A security review comes late in an evaluation: ${rolePart} is checking what could stop the purchase.${score}` : `Reading about pricing shows ${rolePart} is weighing the purchase.${score}`;
    }
    case 'new-persona':
      return `Another member of the buying committee is reading: the deal is widening${ctx.warmEvents ? ` (the account had ${ctx.warmEvents} events in the last ${ctx.config.instant.warmDays} days)` : ''}.`;
    case 'meeting-booked':
      return `A booked meeting is the sales conversation the funnel leads to; booked by a decision maker, it makes the account sales-ready.${score}`;
    case 'plan-update':
      return `${rolePart[0]!.toUpperCase()}${rolePart.slice(1)} is working in the plan you agreed together: the plan moves only when both sides act on it.`;
  }
}

function sayText(hit: MomentHit, ctx: AlertContext): string {
  const piece = hit.row.piece ? ctx.piece(hit.row.piece) : undefined;
  if (piece?.talkingPoint) return piece.talkingPoint;
  if (hit.moment === 'sensitive-piece' && piece?.signal) return SIGNAL_TALKING_POINTS[piece.signal];
  if (hit.moment === 'plan-update' && hit.plan) return PLAN_UPDATE_TALKING_POINTS[hit.plan.kind];
  return TALKING_POINTS[hit.moment];
}

const recordUrl = (template: string | undefined, id: string | null) => (template && id ? template.replace(/\{id\}|%7Bid%7D/g, encodeURIComponent(id)) : null);

/** The alert for a moment, in words. */
export function buildAlert(hit: MomentHit, ctx: AlertContext): InstantAlert {
  const { row } = hit;
  const account = ctx.account;
  const accountName = account?.name ?? row.account;
  const directoryPerson = row.stakeholder ? account?.people.get(row.stakeholder) : undefined;
  const person = personOf(row, directoryPerson);
  const what = whatText(hit, ctx);
  const mailSubject = encodeURIComponent(`${ctx.piece(row.piece ?? '')?.title ?? accountName}`);
  return {
    key: hit.key,
    moment: hit.moment,
    at: new Date(row.t).toISOString(),
    t: row.t,
    account: { id: row.account, name: accountName },
    person,
    headline: `${whoText(row, person, accountName, ctx)} ${what}`,
    what,
    why: whyText(hit, ctx, directoryPerson?.role),
    say: sayText(hit, ctx),
    links: {
      report: `${ctx.reportUrl}accounts/${encodeURIComponent(row.account)}.html`,
      microsite: `${ctx.siteUrl.replace(/\/$/, '')}/${account?.segment ?? row.account}/`,
      crm: recordUrl(ctx.crm?.contactUrl, directoryPerson?.crmId ?? null) ?? recordUrl(ctx.crm?.companyUrl, account?.crmId ?? null),
      mailto: directoryPerson?.email ? `mailto:${directoryPerson.email}?subject=${mailSubject}` : null,
    },
    owner: { name: account?.owner.name ?? '', email: account?.owner.email ?? '' },
  };
}

/** The event's time for people reading in any time zone: "2 Dec 2026, 14:32 UTC". */
export function eventTime(t: number): string {
  const d = new Date(t);
  const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
}

/** Slack's own escaping for text in mrkdwn. */
const slackText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function linkList(alert: InstantAlert): { label: string; url: string }[] {
  return [
    { label: 'Report', url: alert.links.report },
    { label: 'Microsite', url: alert.links.microsite },
    ...(alert.links.crm ? [{ label: 'CRM record', url: alert.links.crm }] : []),
    ...(alert.links.mailto ? [{ label: 'E-mail', url: alert.links.mailto }] : []),
  ];
}

/** A Slack incoming webhook's body: a fallback text and Block Kit blocks. The time shows in each reader's own zone. */
export function slackPayload(alert: InstantAlert): unknown {
  const seconds = Math.floor(alert.t / 1000);
  return {
    text: `${alert.headline} (${eventTime(alert.t)})`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${slackText(alert.headline)}*` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<!date^${seconds}^{date_short_pretty} at {time}|${eventTime(alert.t)}> · ${slackText(alert.account.name)} · owner ${slackText(alert.owner.name)}` }] },
      { type: 'section', text: { type: 'mrkdwn', text: `*Why it matters:* ${slackText(alert.why)}\n*What to say:* ${slackText(alert.say)}` } },
      { type: 'actions', elements: linkList(alert).map((l, i) => ({ type: 'button', text: { type: 'plain_text', text: l.label }, url: l.url, action_id: `tailor-link-${i}` })) },
    ],
  };
}

/**
 * A Teams Workflows webhook's body: a message with one Adaptive Card (Office 365 connectors and
 * their MessageCard are retired). Shared by the instant alerts and the weekly digest.
 */
export function teamsMessage(body: unknown[], actions: unknown[]): unknown {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, actions },
      },
    ],
  };
}

/** An instant alert for Teams. */
export function teamsPayload(alert: InstantAlert): unknown {
  const at = alert.at.replace(/\.\d+Z$/, 'Z');
  return teamsMessage(
    [
      // A TextRun, not a TextBlock: Teams renders a TextBlock's markdown, and the headline may quote a
      // visitor's comment on the plan ("[Renew SSO](https://...)" must stay text, not become a link).
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: alert.headline, weight: 'Bolder', size: 'Medium' }] },
      { type: 'TextBlock', text: `{{DATE(${at}, SHORT)}} {{TIME(${at})}} · ${alert.account.name} · owner ${alert.owner.name}`, isSubtle: true, spacing: 'None', wrap: true },
      { type: 'FactSet', facts: [{ title: 'Why it matters', value: alert.why }, { title: 'What to say', value: alert.say }] },
    ],
    linkList(alert).map((l) => ({ type: 'Action.OpenUrl', title: l.label, url: l.url })),
  );
}

/** The generic webhook's body: the alert as data. */
export function jsonPayload(alert: InstantAlert): unknown {
  return { source: 'tailor', type: 'instant-alert', alert };
}

export type ChannelKind = 'slack' | 'teams' | 'webhook';
export const PAYLOADS: Record<ChannelKind, (alert: InstantAlert) => unknown> = { slack: slackPayload, teams: teamsPayload, webhook: jsonPayload };
