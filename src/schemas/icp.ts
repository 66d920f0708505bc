/**
 * Ideal customer profile (`content/icp.yaml`): the weighted criteria that make an account worth
 * account-based effort. Every account and every imported draft gets a fit score (0-100) with its
 * reasons; `npm run check` ranks the drafts by it and suggests a tier; the report sets fit
 * against engagement.
 */
import { z } from 'astro/zod';

/** A range of a number field and the share of the criterion's weight it earns, e.g. `{ min: 1000, score: 1 }`. */
const range = z
  .object({
    /** Lowest value in the range (inclusive); leave out for "up to max". */
    min: z.number().optional(),
    /** Highest value (exclusive); leave out for "min and above". */
    max: z.number().optional(),
    /** Share of the weight, 0 to 1. */
    score: z.number().min(0).max(1),
  })
  .strict();

/** One criterion: a field of the account and what its values are worth. */
const criterion = z
  .object({
    /** Shown in the reasons, e.g. "Industry we serve best". */
    name: z.string().min(1),
    /** The account field: `industry`, `tier`, `country` (from the locale, e.g. FI), `language` (e.g. fi), or `numbers.<name>` such as `numbers.employees`. */
    field: z.string().regex(/^(industry|tier|country|language|numbers\.[A-Za-z]\w*)$/, 'use industry, tier, country, language or numbers.<name>'),
    /** Points the criterion is worth when fully met (weights are relative to each other). */
    weight: z.number().positive(),
    /** For text fields: the share of the weight each value earns (0 to 1); values not listed earn 0. */
    values: z.record(z.string(), z.number().min(0).max(1)).optional(),
    /** For number fields: ranges and the share each earns; the first range that holds counts. */
    ranges: z.array(range).min(1).optional(),
  })
  .strict()
  .refine((c) => (c.values === undefined) !== (c.ranges === undefined), { message: 'give either values (text fields) or ranges (number fields)' })
  .refine((c) => (c.field.startsWith('numbers.') ? c.ranges !== undefined : c.values !== undefined), { message: 'numbers.* fields take ranges; the others take values' });

export const icpSchema = z
  .object({
    /** The criteria, each worth its weight. */
    criteria: z.array(criterion).min(1),
    /** Lowest fit (0-100) for each suggested tier; below `key`, the suggestion is `scale`. */
    tiers: z.object({ strategic: z.number().min(0).max(100), key: z.number().min(0).max(100) }).strict().default({ strategic: 75, key: 50 }),
  })
  .strict();
export type Icp = z.infer<typeof icpSchema>;
