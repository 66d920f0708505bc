/**
 * Which proof points an account sees, and in which language. Pure: plain data in, plain data out.
 *
 * Relevance: the customer's own industry matching the account's counts most, an `alsoFor`
 * industry next; on a persona's track, a proof point naming that persona comes before one for
 * every persona, and one naming only other personas is left out. A proof point relevant to no
 * industry of the account is never shown: a chemicals CFO is not persuaded by a charity.
 */
import type { Industry } from '../schemas/vocabulary.ts';

/** The fields of a proof point that selection and display read. */
export interface ProofInput {
  id: string;
  data: {
    draft: boolean;
    customer: string;
    industry: Industry;
    alsoFor: Industry[];
    personas?: string[] | undefined;
    results: { value: string; label: string }[];
    quote?: { text: string; by: string } | undefined;
    lang: string;
    order: number;
    translations: Record<string, { quote?: string | undefined; by?: string | undefined; results?: { value: string; label: string }[] | undefined }>;
  };
}

/** A proof point as a page shows it: texts in the page's language where translated. */
export interface ShownProof<P extends ProofInput> {
  proof: P;
  results: { value: string; label: string }[];
  quote?: { text: string; by: string } | undefined;
  /** Language of the results and the quote: the page's when translated, else the original's. */
  lang: string;
  /** Language of the quote's attribution (`by`), when it differs from `lang`: a translated card whose attribution is not translated. */
  byLang?: string | undefined;
}

/** How many proof points the landing page and a track show at most. */
export const PROOF_ON_LANDING = 3;
export const PROOF_ON_TRACK = 2;

function relevance(proof: ProofInput, industry: Industry, persona: string | undefined): number | undefined {
  const industryScore = proof.data.industry === industry ? 4 : proof.data.alsoFor.includes(industry) ? 2 : 0;
  if (industryScore === 0) return undefined;
  const personas = proof.data.personas;
  if (persona === undefined || personas === undefined) return industryScore;
  return personas.includes(persona) ? industryScore + 1 : undefined;
}

/**
 * The proof points for an account's landing page (no persona) or one persona's track, most
 * relevant first, then by `order`, then by customer name; drafts never.
 */
export function selectProof<P extends ProofInput>(
  proofs: readonly P[],
  target: { industry: Industry; persona?: string | undefined; language: string; untranslated?: 'mark' | 'hide' | undefined },
  limit: number,
): ShownProof<P>[] {
  return proofs
    .filter((p) => !p.data.draft)
    .map((proof) => ({ proof, score: relevance(proof, target.industry, target.persona) }))
    .filter((c): c is { proof: P; score: number } => c.score !== undefined)
    .sort((a, b) => b.score - a.score || a.proof.data.order - b.proof.data.order || a.proof.data.customer.localeCompare(b.proof.data.customer, 'en'))
    .map(({ proof }) => localise(proof, target.language))
    // An account that hides untranslated content sees only proof points in its language.
    .filter((shown) => target.untranslated !== 'hide' || shown.lang === target.language)
    .slice(0, limit);
}

/**
 * The proof point's texts in `language` where it has a translation, else in its own language.
 * A card is in one language: the translation's results and quote together, or the original's.
 * A translated card whose quote's attribution has no translation keeps the original `by`,
 * marked with its language (`byLang`).
 */
export function localise<P extends ProofInput>(proof: P, language: string): ShownProof<P> {
  const translation = language === proof.data.lang ? undefined : proof.data.translations[language];
  const original = proof.data.quote;
  if (translation?.results && (!original || translation.quote)) {
    const quote = original && { text: translation.quote ?? original.text, by: translation.by ?? original.by };
    return { proof, results: translation.results, quote, lang: language, ...(original && !translation.by ? { byLang: proof.data.lang } : {}) };
  }
  return { proof, results: proof.data.results, quote: original, lang: proof.data.lang };
}

/** What a proof point lacks to be shown in `language` in full: `results`, `quote`, `by` (empty when complete or written in it). */
export function missingProofTranslation(proof: ProofInput, language: string): string[] {
  if (language === proof.data.lang) return [];
  const translation = proof.data.translations[language];
  const missing: string[] = [];
  if (!translation?.results) missing.push('results');
  if (proof.data.quote && !translation?.quote) missing.push('quote');
  if (proof.data.quote && !translation?.by) missing.push('by');
  return missing;
}
