/**
 * Proof point: one customer result the microsites may show (`content/proof/<id>.yaml`): who the
 * customer is, what changed in figures, and what they said. Chosen per account by industry and,
 * on persona tracks, by persona (src/lib/proof.ts). Only publish what the customer agreed to.
 */
import { z } from 'astro/zod';
import { industry } from './vocabulary.ts';

/** One result in figures, e.g. `{ value: "-38 %", label: "time to close the month" }`. */
export const proofResultSchema = z.strictObject({
  /** The figure as shown, short: "-38 %", "4.2x", "€1.1M", "9 days". */
  value: z.string().min(1).max(16),
  /** What the figure measures, one line, e.g. "time to close the month". */
  label: z.string().min(1).max(90),
});

/** The customer's words: a quote and who said it. */
const quoteSchema = z.strictObject({
  /** The words, without quotation marks (the page adds the right ones for its language). */
  text: z.string().min(1).max(400),
  /** Who said it, as the customer agreed to be named: a title ("CFO") or a name and title. */
  by: z.string().min(1),
});

/**
 * Text of a proof point in one more language. A page in that language shows the card in it when
 * `results` (and, for a quoted one, `quote`) are translated; else the original, marked with its
 * language. `npm run check` lists what each language still lacks.
 */
const proofTranslationSchema = z.strictObject({
  /** The quote in that language. */
  quote: z.string().min(1).max(400).optional(),
  /** Who said it, in that language, as agreed with the customer, e.g. "Talousjohtaja". Left out, the original's is shown, marked with its language. */
  by: z.string().min(1).optional(),
  /** The results in that language, in the same order and number as the original's. */
  results: z.array(proofResultSchema).optional(),
});

/** Builds the proof point schema; `logo` is whatever image helper the caller has (Astro's `image()`). */
export function proofSchema<Logo extends z.ZodType>(logo: Logo) {
  return z
    .strictObject({
      /** `true` while the proof point is being written or awaits the customer's approval: never shown. */
      draft: z.boolean().default(false),
      /** The customer's name, as they agreed to be named, e.g. "Harrowgate Freight". */
      customer: z.string().min(1),
      /** Relative path to the customer's logo inside content/ (SVG, PNG, JPEG or WebP), e.g. `./logos/harrowgate.svg`. */
      logo: logo.optional(),
      /** Text alternative of the logo; defaults to the customer's name. */
      logoAlt: z.string().optional(),
      /** The customer's industry; accounts in it see this proof point first. */
      industry,
      /** More industries it is relevant to (same process, same regulation...). */
      alsoFor: z.array(industry).default([]),
      /** Persona ids it speaks to (a CFO's result, a CTO's); leave out for every persona. */
      personas: z.array(z.string().min(1)).min(1).optional(),
      /** One to three results in figures. */
      results: z.array(proofResultSchema).min(1).max(3),
      /** The customer's words. */
      quote: quoteSchema.optional(),
      /** Language of the texts (BCP 47 language, e.g. `en`). */
      lang: z.string().regex(/^[a-z]{2,3}$/, 'use a language code such as "en"').default('en'),
      /** Tie-breaker: lower comes first among equally relevant proof points. */
      order: z.number().default(100),
      /** Translations keyed by language (`fi`, `vi`, `fa`...). */
      translations: z.record(z.string().regex(/^[a-z]{2,3}$/, 'use a language code such as "fi"'), proofTranslationSchema).default({}),
    })
    .superRefine((proof, ctx) => {
      for (const [lang, tr] of Object.entries(proof.translations)) {
        if (tr.results && tr.results.length !== proof.results.length) {
          ctx.addIssue({
            code: 'custom',
            path: ['translations', lang, 'results'],
            message: `has ${tr.results.length} result(s) where the original has ${proof.results.length}; translate each one, in the same order`,
          });
        }
        if (tr.quote && !proof.quote) {
          ctx.addIssue({ code: 'custom', path: ['translations', lang, 'quote'], message: 'translates a quote the original does not have' });
        }
        if (tr.by && !proof.quote) {
          ctx.addIssue({ code: 'custom', path: ['translations', lang, 'by'], message: 'translates the attribution of a quote the original does not have' });
        }
      }
    });
}
export type ProofData = z.infer<ReturnType<typeof proofSchema<z.ZodString>>>;
