/**
 * Deal: one sales opportunity with an account (a HubSpot deal, a Salesforce opportunity), kept in
 * the account file's `deals` list and written there by `npm run import`. Deals are private: they
 * feed the report's pipeline figures and are never rendered on a page.
 */
import { z } from 'astro/zod';

/** Where a deal stands: `open` (in the pipeline), `won` or `lost`. */
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export const dealStatus = z.enum(DEAL_STATUSES);
export type DealStatus = z.infer<typeof dealStatus>;

/** An ISO 4217 currency code such as `EUR`, `USD`, `GBP`. */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'use an ISO 4217 code such as "EUR"');

/** Whether `YYYY-MM-DD` is a real calendar day (no 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

/**
 * A calendar day as `YYYY-MM-DD`, normalised to that string. YAML readers may turn an unquoted
 * `2026-11-28` into a date (Astro's does), so a date value is accepted too.
 */
export const isoDate = z.union([z.string(), z.date()]).transform((value, ctx) => {
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  } else if (isIsoDate(value.trim())) {
    return value.trim();
  }
  ctx.addIssue({ code: 'custom', message: 'use a date as YYYY-MM-DD, e.g. "2026-11-28"' });
  return z.NEVER;
});

/** A deal with the account, as the CRM has it; everything but `note` is set by `npm run import`. */
export const dealSchema = z.strictObject({
  /** The deal's id in the CRM (HubSpot Record ID, Salesforce Opportunity ID): how a re-import finds it. */
  crmId: z.string().min(1),
  /** The deal's name in the CRM, e.g. "Lumivaara: order automation platform". */
  name: z.string().min(1),
  /** What the deal is worth, in `currency`: a number, 0 or more, e.g. `135000`. */
  amount: z.number().min(0, 'use an amount of 0 or more'),
  /** ISO 4217 code of `amount`, e.g. `EUR`; left out, the account's `numbers.currency` (import always writes it). */
  currency: currencyCode.optional(),
  /** The CRM's stage label as exported, e.g. "Negotiation/Review" or "closedwon". */
  stage: z.string().min(1),
  /** `open`, `won` or `lost`: derived from the stage (and Salesforce's Closed/Won columns) by import. */
  status: dealStatus,
  /** Expected close date of an open deal, or the day it was won or lost, as `YYYY-MM-DD`. */
  closeDate: isoDate,
  /** Our deal owner's name in the CRM; import fills it only while it is empty. */
  owner: z.string().min(1).optional(),
  /** Your own note on the deal; import never touches it. */
  note: z.string().optional(),
});
export type Deal = z.infer<typeof dealSchema>;
