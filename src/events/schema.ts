/**
 * The conversion event: one schema shared by the tracking snippet (what it sends), the collector
 * (what it accepts and stores) and scoring (what it reads). Plain zod so that it runs in the
 * browser build, Node and Workers alike.
 */
import { z } from 'zod';

/** What happened. */
export const EVENT_TYPES = [
  'page_view',
  /** Seconds the page was visible, sent when the visitor leaves. */
  'engaged_time',
  /** Scroll depth milestone reached: 25, 50, 75 or 100 (percent). */
  'scroll',
  /** A call to action was clicked; `label` says which kind (meeting, contact, calculator...). */
  'cta_click',
  'download',
  /** The ROI calculator was used; `value` is the computed ROI in percent. */
  'calculator_completed',
  /** A link to another site; `label` is its host. */
  'outbound_click',
  'form_submit',
  /** A meeting booked through Cal.com or Calendly (logged by the collector's booking webhooks, never by the snippet); `label` is the booking tool. */
  'meeting_booked',
  /** The account's mutual action plan page was viewed (a page view the collector recognises by the manifest's plan path). */
  'plan_view',
] as const;
export const eventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof eventType>;

/** Where the visit came from, reduced to a class: the referrer itself is never stored. */
export const REFERRER_CLASSES = ['direct', 'internal', 'email', 'search', 'social', 'other'] as const;
export const referrerClass = z.enum(REFERRER_CLASSES);
export type ReferrerClass = z.infer<typeof referrerClass>;

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(80);

/**
 * Control characters: C0 (NUL, ESC, line breaks...), DEL and C1, and the invisible marks that
 * reorder or redirect text: Arabic letter mark, left-to-right and right-to-left marks, line and
 * paragraph separators, the bidi embeddings and overrides (U+202A-U+202E) and isolates
 * (U+2066-U+2069). Printed, they move a terminal's cursor, recolour it or make text read
 * backwards; none of them belongs in a page path or a label.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const EVERY_CONTROL_CHARACTER = new RegExp(CONTROL_CHARACTERS.source, 'g');

/**
 * A page path as a browser sends it: control characters percent-encoded (UTF-8), as the URL
 * parser does for `location.pathname`. The snippet's paths never hold one; a hand-made beacon's
 * keeps its events, with a path that shows what was sent (`/a/%1B[31m`) and cannot act on a screen.
 */
export function encodePathControls(path: string): string {
  return path.replace(EVERY_CONTROL_CHARACTER, (c) => encodeURIComponent(c));
}

/**
 * Page path: starts with `/`, at most 300 characters once encoded (the same limit whether a browser
 * or the collector encoded it), and without whitespace, quotes or angle brackets (refused: markup).
 */
const pagePath = z
  .string()
  .max(300) // encoding never shortens: longer is refused at once
  .transform(encodePathControls)
  .pipe(z.string().max(300).regex(/^\/[^\s<>"'`]*$/));

/** Random ids made by the snippet (event, visitor, session): UUIDs or similar, 8 to 40 characters. */
const randomId = z.string().regex(/^(?!mtg_)[A-Za-z0-9_-]{8,40}$/); // mtg_: ids of booked meetings, made by the collector

/** Event type codes on the wire (short, to keep the snippet small) and the types they stand for. */
export const WIRE_TYPES = {
  pv: 'page_view',
  et: 'engaged_time',
  sc: 'scroll',
  cta: 'cta_click',
  dl: 'download',
  calc: 'calculator_completed',
  out: 'outbound_click',
  form: 'form_submit',
} as const satisfies Record<string, EventType>;

/** One event as the snippet sends it. */
export const wireEventSchema = z.strictObject({
  /** Random id for de-duplication (a retried beacon carries the same id). */
  id: randomId,
  /** Type code, see WIRE_TYPES. */
  y: z.enum(Object.keys(WIRE_TYPES) as [keyof typeof WIRE_TYPES, ...(keyof typeof WIRE_TYPES)[]]),
  /** Client time, ms since the epoch. */
  t: z.number().int().nonnegative(),
  /** The number the event carries: seconds engaged, scroll percent, ROI percent. */
  x: z.number().optional(),
  /**
   * Short label: CTA kind, download path, outbound host, form id. Reduced to plain characters (ASCII
   * letters, digits, `_ .:/-`), not rejected: markup and control characters are stripped and the
   * event is kept.
   */
  l: z
    .string()
    .max(400)
    .transform((l) => l.replace(/[^\w .:/-]/g, '').slice(0, 120))
    .optional(),
});

/** The body of one beacon: the page's context and a batch of its events. */
export const beaconSchema = z.strictObject({
  /** Account id. */
  a: id,
  /** Persona id (absent on the landing page). */
  p: id.optional(),
  /** Piece id (only on piece pages). */
  c: id.optional(),
  /** Page path (control characters percent-encoded: `pagePath`). */
  path: pagePath,
  /** Anonymous visitor id (absent under Global Privacy Control / Do Not Track). */
  v: randomId.optional(),
  /** Session id (absent under GPC / DNT). */
  s: randomId.optional(),
  /** Personal-link token naming a stakeholder (absent under GPC / DNT). */
  k: z.string().max(300).optional(),
  /** Referrer host, classified by the collector and then forgotten. */
  r: z.string().max(253).optional(),
  /** The page URL's utm_medium, if any (snippets before the campaign field; `g` carries it now). */
  m: z.string().max(60).optional(),
  /** The campaign the session came in by: `utm_source|utm_medium|utm_campaign` (each may be empty). */
  g: z.string().max(300).optional(),
  /** The events; each is validated on its own, so one bad event does not sink the batch. */
  e: z.array(z.unknown()).min(1).max(50),
});
export type Beacon = z.infer<typeof beaconSchema>;

const SEARCH = /(^|\.)(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia|qwant|startpage)\./;
const SOCIAL = /(^|\.)(linkedin|facebook|instagram|xing|reddit)\.|^(x\.com|t\.co|twitter\.com|lnkd\.in)$/;
const MAIL = /(^|\.)(mail|outlook|webmail)\./;

/** The class of a referrer host (the host itself is not kept). */
export function classifyReferrer(host: string | undefined, utmMedium: string | undefined, siteHost: string | undefined): ReferrerClass {
  // Internal first: the session's campaign rides along on every page of the visit.
  if (host && host === siteHost) return 'internal';
  if (utmMedium && /^e-?mail$/i.test(utmMedium)) return 'email';
  if (!host) return 'direct';
  if (SEARCH.test(host)) return 'search';
  if (SOCIAL.test(host)) return 'social';
  if (MAIL.test(host)) return 'email';
  return 'other';
}

/** One row of the conversion log. */
export const logRowSchema = z.object({
  id: z.string(),
  /** Server time the collector received the event, ms since the epoch. */
  receivedAt: z.number().int(),
  /** Client time, ms since the epoch. */
  t: z.number().int(),
  type: eventType,
  account: z.string(),
  persona: z.string().nullable(),
  piece: z.string().nullable(),
  /** Stakeholder id, only from a verified personal-link token. */
  stakeholder: z.string().nullable(),
  visitor: z.string().nullable(),
  session: z.string().nullable(),
  path: z.string(),
  ref: referrerClass.nullable(),
  value: z.number().nullable(),
  label: z.string().nullable(),
  /** The campaign the visit came in by, `source/medium/campaign` from its UTM parameters; null without one. */
  campaign: z.string().nullable().optional(),
});
export type LogRow = z.infer<typeof logRowSchema>;

/**
 * A beacon's campaign as stored: `source/medium/campaign`, each part reduced to plain characters
 * (like labels) and at most 60 of them; null when all three are empty.
 */
export function campaignOf(g: string | undefined): string | null {
  if (!g) return null;
  const parts = g.split('|').slice(0, 3).map((part) => part.toLowerCase().replace(/[^\w .:-]/g, '').trim().slice(0, 60));
  while (parts.length < 3) parts.push('');
  return parts.some(Boolean) ? parts.join('/') : null;
}

/** Column order of the log, shared by the SQLite and D1 adapters and the exports. */
export const LOG_COLUMNS = [
  'id',
  'receivedAt',
  't',
  'type',
  'account',
  'persona',
  'piece',
  'stakeholder',
  'visitor',
  'session',
  'path',
  'ref',
  'value',
  'label',
  'campaign',
] as const satisfies readonly (keyof LogRow)[];
