/**
 * The shared vocabulary of the data model: closed lists that accounts, personas and pieces
 * refer to. Kept in one place so that a typo in any file is a validation error, not a silent miss.
 */
import { z } from 'astro/zod';

/** Buying stages, in the order an account moves along them. Track order follows this list. */
export const BUYING_STAGES = ['awareness', 'consideration', 'evaluation', 'decision'] as const;
export const buyingStage = z.enum(BUYING_STAGES);
export type BuyingStage = z.infer<typeof buyingStage>;

/** Account tiers: strategic accounts get the deepest treatment, scale accounts the lightest. */
export const TIERS = ['strategic', 'key', 'scale'] as const;
export const tier = z.enum(TIERS);
export type Tier = z.infer<typeof tier>;

/** A stakeholder's (or persona's) part in the buying decision. */
export const DECISION_ROLES = ['decision-maker', 'influencer', 'user'] as const;
export const decisionRole = z.enum(DECISION_ROLES);
export type DecisionRole = z.infer<typeof decisionRole>;

/** Industries the target accounts come from; pieces may filter on them. */
export const INDUSTRIES = [
  'it-services',
  'telecom',
  'chemicals',
  'engineering-construction',
  'public-sector',
  'ngo',
  'manufacturing',
  'financial-services',
  'energy',
  'healthcare',
  'retail',
  'logistics',
] as const;
export const industry = z.enum(INDUSTRIES);
export type Industry = z.infer<typeof industry>;

/** Content formats named by the ABM sources. */
export const FORMATS = [
  'case-study',
  'white-paper',
  'roi-calculator',
  'research',
  'technology-review',
  'expert-statement',
  'newsletter',
  'webinar',
  'presentation',
] as const;
export const format = z.enum(FORMATS);
export type Format = z.infer<typeof format>;

/** What a call to action asks the visitor to do; the tracker records it under this kind. */
export const CTA_KINDS = ['meeting', 'contact', 'download', 'calculator', 'register'] as const;
export const ctaKind = z.enum(CTA_KINDS);
export type CtaKind = z.infer<typeof ctaKind>;

/** A lowercase identifier usable in a URL: letters, digits and single hyphens. */
export const idString = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single hyphens, e.g. "head-of-sales"');

/** A BCP 47 language tag such as `en`, `fi-FI`, `vi` or `fa-IR`; normalised to canonical case. */
export const localeTag = z.string().transform((value, ctx) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(value.trim());
    return canonical as string;
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a BCP 47 language tag (e.g. "en", "fi-FI", "fa-IR")` });
    return z.NEVER;
  }
});

/** A colour as `#rgb` or `#rrggbb`; normalised to lowercase `#rrggbb`. */
export const hexColour = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'use a hex colour such as "#0b5fff" or "#05f"')
  .transform((value) => {
    const hex = value.slice(1).toLowerCase();
    return '#' + (hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex);
  });
