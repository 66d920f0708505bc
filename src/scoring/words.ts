/**
 * Events, pages and score contributions in words, for everything people read: the report, the
 * alerts' reasons, the digest and the CRM exports. Pieces are named by their title and personas by
 * theirs (`Names`, from the content); the log's ids and event codes (`calculator_completed`,
 * `security-and-governance`) never reach a sentence, because a rep acts on "read “Security, data
 * residency and governance”", not on a file name. Without titles (tests, a piece removed from the
 * content since) the id stands in. Pure; imports only types, so funnel.ts and flags.ts can use it.
 */
import type { EventType } from '../events/schema.ts';
import type { FunnelStep } from '../schemas/scoring.ts';
import type { Contribution, Moment, Names } from './types.ts';

/** Names that are the ids themselves (no content at hand). */
export const ID_NAMES: Names = { piece: (id) => id, persona: (id) => id };

/** Names from titles by id; an id without a title stands for itself. */
export function namesFrom(pieces: Record<string, { title: string }>, personas: Record<string, string>): Names {
  return { piece: (id) => pieces[id]?.title ?? id, persona: (id) => personas[id] ?? id };
}

/** A title as quoted in a sentence: “…”. */
export const quote = (title: string) => `“${title}”`;

/** Booking tools as people write them. */
const BOOKING_TOOLS: Record<string, string> = { calcom: 'Cal.com', 'cal.com': 'Cal.com', calendly: 'Calendly' };
export const bookingTool = (label: string | null) => (label ? BOOKING_TOOLS[label.toLowerCase()] ?? label : null);

/** What clicking each kind of call to action means, done ("asked for a meeting") and as a noun phrase ("asking for a meeting"). */
const CTA_DONE: Record<string, string> = {
  meeting: 'asked for a meeting',
  contact: 'asked to be contacted',
  calculator: 'opened the ROI calculator',
  download: 'downloaded the file offered',
  register: 'clicked to register',
  video: 'played the video',
};
const CTA_DOING: Record<string, string> = {
  meeting: 'asking for a meeting',
  contact: 'asking to be contacted',
  calculator: 'opening the ROI calculator',
  download: 'downloading the file offered',
  register: 'registering',
  video: 'playing a video',
};
const EVENT_DOING: Record<EventType, string> = {
  page_view: 'opening a page',
  engaged_time: 'reading',
  scroll: 'scrolling',
  cta_click: 'clicking a call to action',
  download: 'downloading a file',
  calculator_completed: 'completing the ROI calculator',
  outbound_click: 'following a link to another site',
  form_submit: 'submitting a form',
  meeting_booked: 'booking a meeting',
  plan_view: 'opening the mutual action plan',
};

/** "a call to action", as what someone did. */
export const ctaDone = (label: string | null) => (label ? CTA_DONE[label] ?? `clicked ${quote(label)}` : 'clicked a call to action');

/** The page an event was on: “Title”, the Chief Financial Officer reading path, the landing page. */
export function pageWords(e: { piece: string | null; persona: string | null }, names: Names = ID_NAMES): string {
  if (e.piece) return quote(names.piece(e.piece));
  return e.persona ? `the ${names.persona(e.persona)} reading path` : 'the landing page';
}

/** "on the Chief Financial Officer track", or nothing without a persona. */
export const trackWords = (persona: string | null, names: Names = ID_NAMES) => (persona ? ` on the ${names.persona(persona)} track` : '');

/** A calculator's result, as a rep would say it. */
function calculatorResult(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const roi = Math.round(value);
  return roi < 0 ? ` (with their numbers it does not pay back: ${roi} %)` : ` and reached a return of ${roi} %`;
}

/** What someone did, as a verb phrase: "asked for a meeting on “…”", "completed the ROI calculator in “…” and reached a return of 240 %". */
export function momentWords(m: Pick<Moment, 'event' | 'label' | 'piece' | 'persona'> & { value?: number | null }, names: Names = ID_NAMES): string {
  const on = m.piece || m.persona ? ` on ${pageWords(m, names)}` : '';
  switch (m.event) {
    case 'page_view':
      return m.piece ? `read ${pageWords(m, names)}` : m.persona ? `opened ${pageWords(m, names)}` : 'visited the site';
    case 'cta_click':
      return `${ctaDone(m.label)}${on}`;
    case 'download':
      return m.piece ? `downloaded the file offered in ${pageWords(m, names)}` : m.label && m.label !== 'download' ? `downloaded ${quote(m.label.split('/').pop() || m.label)}` : 'downloaded a file';
    case 'calculator_completed':
      return `completed the ROI calculator${m.piece ? ` in ${pageWords(m, names)}` : ''}${calculatorResult(m.value)}`;
    case 'form_submit':
      return `submitted a form${on}`;
    case 'meeting_booked': {
      const tool = bookingTool(m.label);
      return `booked a meeting${tool ? ` through ${tool}` : ''}`;
    }
    case 'plan_view':
      return 'opened the mutual action plan';
    case 'outbound_click':
      return `followed a link${m.label ? ` to ${m.label}` : ''}${m.piece || m.persona ? ` from ${pageWords(m, names)}` : ''}`;
    case 'scroll':
      return `scrolled down ${pageWords(m, names)}`;
    case 'engaged_time':
      return `spent time on ${pageWords(m, names)}`;
  }
}

/** An intent signal as a noun phrase, without the page: "asking for a meeting", "completing the ROI calculator". */
export function doingWords(m: Pick<Moment, 'event' | 'label'>): string {
  return m.event === 'cta_click' && m.label ? CTA_DOING[m.label] ?? `clicking ${quote(m.label)}` : EVENT_DOING[m.event];
}

/** What counts as intent, in words: "asking for a meeting, asking to be contacted or booking a meeting". */
export function intentRuleWords(intent: { ctaKinds: readonly string[]; eventTypes: readonly EventType[] }): string {
  const parts = [...intent.ctaKinds.map((k) => CTA_DOING[k] ?? `clicking ${quote(k)}`), ...intent.eventTypes.map((t) => EVENT_DOING[t])];
  return listWords([...new Set(parts)], 'or');
}

/** "a, b and c". */
export function listWords(items: readonly string[], last = 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

/** " twice", " 3 times", or nothing for once. */
export const timesWords = (n: number) => (n === 1 ? '' : n === 2 ? ' twice' : ` ${n} times`);

/** "45 seconds", "12 minutes", "1 hour 5 minutes". */
export function durationWords(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h} hour${h === 1 ? '' : 's'}${m ? ` ${m} minute${m === 1 ? '' : 's'}` : ''}`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * One score contribution (one kind of event on one page) as a sentence, without its points:
 * "Read “Winning more public frameworks with the same bid team” for 12 minutes over 4 visits".
 */
export function contributionWords(c: Pick<Contribution, 'event' | 'piece' | 'persona' | 'label' | 'count' | 'seconds'>, names: Names = ID_NAMES): string {
  const page = pageWords(c, names);
  const visits = `${c.count} visit${c.count === 1 ? '' : 's'}`;
  switch (c.event) {
    case 'page_view':
      return `Opened ${page}${timesWords(c.count)}`;
    case 'engaged_time':
      return c.piece ? `Read ${page} for ${durationWords(c.seconds)} over ${visits}` : `Spent ${durationWords(c.seconds)} on ${page} over ${visits}`;
    case 'scroll':
      return `Scrolled down ${page}, ${c.count} quarter${c.count === 1 ? '' : 's'} of a page in all`;
    case 'cta_click':
      return `${capital(ctaDone(c.label))} on ${page}${timesWords(c.count)}`;
    case 'download':
      return `Downloaded the file offered on ${page}${timesWords(c.count)}`;
    case 'calculator_completed':
      return `Completed the ROI calculator${c.piece ? ` in ${page}` : ''}${timesWords(c.count)}`;
    case 'outbound_click':
      return `Followed ${c.count === 1 ? 'a link' : `${c.count} links`} from ${page} to another site`;
    case 'form_submit':
      return `Submitted a form on ${page}${timesWords(c.count)}`;
    case 'meeting_booked':
      return `Booked a meeting${timesWords(c.count)}`;
    case 'plan_view':
      return `Opened the mutual action plan${timesWords(c.count)}`;
  }
}

/** The funnel's steps in words. */
export const STEP_WORDS: Record<FunnelStep | 'none', string> = { none: 'no activity', identified: 'identified', activated: 'activated', 'key-role-activated': 'key role activated', intent: 'intent', 'sales-ready': 'sales-ready' };

/** Decision roles in words. */
export const ROLE_WORDS: Record<string, string> = { 'decision-maker': 'decision maker', influencer: 'influencer', user: 'user', unknown: 'role unknown' };
