/**
 * Who the microsites are from (`content/site.yaml`): the vendor's name, logo and links, shown on
 * every page (co-branded header, title, footer) and on the social cards.
 */
import { z } from 'astro/zod';
import { webAddress as https } from './url.ts';

export const vendorSchema = z
  .strictObject({
    /** The company name, e.g. "Kestrel Systems". Shown in the header, the page title and the social card. */
    name: z.string().min(1),
    /** The vendor's public website, linked from the header logo and the footer. */
    website: https,
    /** Logo as a path under public/, e.g. `/vendor/logo.svg` (SVG or PNG, shown about 32 px high). Without one, the name stands alone. */
    logo: z
      .string()
      .regex(/^\/(?!\/)[\w./-]+\.(svg|png|webp)$/, 'use a path to a file in public/, e.g. /vendor/logo.svg')
      .refine((p) => !p.includes('..'), 'the path may not leave public/')
      .optional(),
    /** Privacy policy: linked from every page's footer (required: the microsites measure reading). */
    privacyUrl: https,
    /** Legal notice or terms, linked from the footer. */
    legalUrl: https.optional(),
  });

/** A CRM page's address with `{id}` where the record's id goes. */
const recordAddress = https.refine((url) => url.includes('{id}') || url.includes('%7Bid%7D'), 'put {id} where the record id goes, e.g. https://app.hubspot.com/contacts/1234/record/0-2/{id}');

export const siteSettingsSchema = z.strictObject({
  /** Who the microsites are from. */
  vendor: vendorSchema,
  /** Where the CRM shows a record: instant alerts and the report link an account (its `crm.id`) and a person (their `crmId`) there. */
  crm: z
    .strictObject({
      /** A company record, e.g. `https://app.hubspot.com/contacts/1234/record/0-2/{id}`. */
      companyUrl: recordAddress,
      /** A contact record, e.g. `https://app.hubspot.com/contacts/1234/record/0-1/{id}`. */
      contactUrl: recordAddress.optional(),
    })
    .optional(),
  /** How personal data is kept (docs/privacy.md). */
  privacy: z
    .strictObject({
      /** Days an event, an instant alert or a plan update is kept after it was received: 30 to 3,650 (default 395, about 13 months). */
      retentionDays: z.number().int().min(30, 'keep at least 30 days (the scoring looks back that far)').max(3650, 'at most 3,650 days (ten years)').default(395),
    })
    .default({ retentionDays: 395 }),
});
export type SiteSettings = z.infer<typeof siteSettingsSchema>;
export type Vendor = z.infer<typeof vendorSchema>;
