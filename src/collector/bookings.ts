/**
 * Meetings booked, from the booking tools' webhooks: Cal.com (BOOKING_CREATED, signed with
 * X-Cal-Signature-256) at /tailor/hooks/calcom and Calendly (invitee.created, signed with
 * Calendly-Webhook-Signature) at /tailor/hooks/calendly. A verified booking whose attendee
 * e-mail is a stakeholder's (matched through the manifest's keyed hashes) is logged as
 * `meeting_booked` for that stakeholder; an attendee at an account's domain counts for the account.
 * Runtime-neutral, like the collector; the same answers on Node and Workers. No e-mail or name is
 * stored: the row says who by stakeholder id only.
 */
import { z } from 'zod';
import type { LogRow } from '../events/schema.ts';
import { ManifestIndex, type Manifest } from '../events/manifest.ts';
import { contactKey } from '../events/personalLink.ts';
import type { CollectRequest, CollectResponse } from './collect.ts';
import type { ConversionLog } from './logSql.ts';

export const HOOKS_PATH = '/tailor/hooks/';
/** Calendly's advice: refuse signatures older than three minutes (replays). */
export const CALENDLY_TOLERANCE_MS = 180_000;

export interface BookingHookOptions {
  manifest: Manifest;
  log: ConversionLog;
  /** The personal-link secret the manifest's contact keys were made with. */
  linkSecret?: string | undefined;
  /** Cal.com webhook secret (TAILOR_CALCOM_SECRET); without it the Cal.com hook does not exist. */
  calcomSecret?: string | undefined;
  /** Calendly webhook signing key (TAILOR_CALENDLY_SIGNING_KEY); without it the Calendly hook does not exist. */
  calendlySigningKey?: string | undefined;
  now?: () => number;
}

export type HookOutcome = 'stored' | 'ignored-event' | 'unknown-attendee' | 'bad-signature' | 'bad-payload' | 'unstored';

const calcomSchema = z.object({
  triggerEvent: z.string(),
  createdAt: z.string().optional(),
  payload: z.object({
    uid: z.string().min(1),
    startTime: z.string().optional(),
    attendees: z.array(z.object({ email: z.string() })).default([]),
  }),
});

const calendlySchema = z.object({
  event: z.string(),
  created_at: z.string().optional(),
  payload: z.object({
    uri: z.string().min(1),
    email: z.string(),
    scheduled_event: z.object({ start_time: z.string().optional() }).optional(),
  }),
});

const encoder = new TextEncoder();

async function hmacHex(key: string, text: string): Promise<string> {
  const k = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return [...new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(text)))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares in time independent of where the strings differ. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** A stable event id per booking, so a webhook retried by the tool is stored once. */
async function bookingId(provider: string, uid: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(`${provider}:${uid}`)));
  return 'mtg_' + [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const time = (iso: string | undefined, fallback: number) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : fallback;
};

export function createBookingHooks(options: BookingHookOptions) {
  const manifest = new ManifestIndex(options.manifest);
  const contacts = options.manifest.contacts ?? {};
  const now = options.now ?? Date.now;
  const outcomes: Partial<Record<HookOutcome, number>> = {};
  const count = (o: HookOutcome) => (outcomes[o] = (outcomes[o] ?? 0) + 1);
  const answer = (status: number, outcome: HookOutcome): CollectResponse => (count(outcome), { status, headers: { 'cache-control': 'no-store' } });

  /** The stakeholder (or at least the account) behind the first attendee we know. */
  async function match(emails: string[]) {
    for (const email of emails) {
      if (!options.linkSecret) break;
      const known = contacts[await contactKey(options.linkSecret, email)];
      if (known) return { account: known.a, stakeholder: known.s, persona: known.p };
    }
    for (const email of emails) {
      const account = manifest.accountOfEmail(email);
      if (account) return { account, stakeholder: null, persona: null };
    }
    return undefined;
  }

  async function store(provider: string, uid: string, createdAt: string | undefined, startTime: string | undefined, emails: string[], path: string): Promise<CollectResponse> {
    const who = await match(emails);
    // Acknowledged, so that the tool does not retry a booking that is not about a target account.
    if (!who) return answer(202, 'unknown-attendee');
    const at = now();
    const row: LogRow = {
      id: await bookingId(provider, uid),
      receivedAt: at,
      t: time(createdAt, at),
      type: 'meeting_booked',
      account: who.account,
      persona: who.persona,
      piece: null,
      stakeholder: who.stakeholder,
      visitor: null,
      session: null,
      path,
      ref: 'other',
      // When the meeting takes place, ms since the epoch.
      value: startTime ? time(startTime, at) : null,
      label: provider,
      campaign: null,
    };
    try {
      await options.log.append([row]);
    } catch {
      return answer(503, 'unstored');
    }
    return answer(204, 'stored');
  }

  async function hook(req: CollectRequest): Promise<CollectResponse> {
    const provider = req.path.slice(HOOKS_PATH.length);
    const secret = provider === 'calcom' ? options.calcomSecret : provider === 'calendly' ? options.calendlySigningKey : undefined;
    if (!secret) return { status: 404 };
    if (req.method !== 'POST') return { status: 405, headers: { allow: 'POST' } };
    const body = await req.body(256 * 1024);
    if (body === null) return answer(413, 'bad-payload');

    if (provider === 'calcom') {
      const given = (req.header('x-cal-signature-256') ?? '').trim().toLowerCase();
      if (!given || !sameHex(given, await hmacHex(secret, body))) return answer(401, 'bad-signature');
    } else {
      const header = req.header('calendly-webhook-signature') ?? '';
      const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=') as [string, string]));
      const t = Number(parts['t']);
      if (!parts['v1'] || !Number.isFinite(t)) return answer(401, 'bad-signature');
      if (Math.abs(now() - t * 1000) > CALENDLY_TOLERANCE_MS) return answer(401, 'bad-signature');
      if (!sameHex(parts['v1'].toLowerCase(), await hmacHex(secret, `${parts['t']}.${body}`))) return answer(401, 'bad-signature');
    }

    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return answer(400, 'bad-payload');
    }
    if (provider === 'calcom') {
      const parsed = calcomSchema.safeParse(json);
      if (!parsed.success) return answer(400, 'bad-payload');
      if (parsed.data.triggerEvent !== 'BOOKING_CREATED') return answer(202, 'ignored-event');
      const p = parsed.data.payload;
      return store('calcom', p.uid, parsed.data.createdAt, p.startTime, p.attendees.map((a) => a.email), req.path);
    }
    const parsed = calendlySchema.safeParse(json);
    if (!parsed.success) return answer(400, 'bad-payload');
    if (parsed.data.event !== 'invitee.created') return answer(202, 'ignored-event');
    const p = parsed.data.payload;
    return store('calendly', p.uri, parsed.data.created_at, p.scheduled_event?.start_time, [p.email], req.path);
  }

  return { hook, outcomes };
}
export type BookingHooks = ReturnType<typeof createBookingHooks>;
