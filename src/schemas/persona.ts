/**
 * Persona: a role in the buying committee and what it cares about (`content/personas/<id>.yaml`).
 */
import { z } from 'astro/zod';
import { decisionRole } from './vocabulary.ts';

/** Text of a persona in one more language; any field left out falls back to the default language. */
const personaTranslation = z.strictObject({
  /** Title in that language, e.g. "Talousjohtaja". */
  title: z.string().min(1).optional(),
  /** Default message in that language. */
  message: z.string().min(1).optional(),
});

export const personaSchema = z.strictObject({
  /** Display title, e.g. "Chief Financial Officer". */
  title: z.string().min(1),
  /** Usual part in the decision: `decision-maker`, `influencer` or `user`. */
  role: decisionRole,
  /** What this persona cares about, e.g. "profitability", "savings". */
  cares: z.array(z.string().min(1)).min(1),
  /** The metrics this persona is measured by, e.g. "EBIT margin". */
  metrics: z.array(z.string().min(1)).min(1),
  /** The default message for this persona, shown at the top of its track. */
  message: z.string().min(1),
  /** Translations keyed by language (`fi`, `vi`, `fa`...). */
  translations: z.record(z.string().regex(/^[a-z]{2,3}$/, 'use a language code such as "fi"'), personaTranslation).default({}),
});
export type Persona = z.infer<typeof personaSchema>;
