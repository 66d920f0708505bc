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
  })
  .strict();

export const siteSettingsSchema = z
  .strictObject({
    /** Who the microsites are from. */
    vendor: vendorSchema,
  })
  .strict();
export type SiteSettings = z.infer<typeof siteSettingsSchema>;
export type Vendor = z.infer<typeof vendorSchema>;
