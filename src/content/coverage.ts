/**
 * Translation coverage for `npm run check` (and so the build): per language of the published
 * accounts, which pieces of their tracks, which proof points they are shown and which persona
 * texts have no translation into it, so a marketer sees the gap before publishing. Warnings, not
 * errors: an untranslated piece is shown in its own language, marked as such, or left out when
 * the account says `untranslated: hide`. Pure: takes the loaded content, returns problems.
 */
import type { Problem } from '../lib/crossref.ts';
import { DEFAULT_CONTENT_LANGUAGE, languageOf } from '../lib/i18n.ts';
import { missingProofTranslation, PROOF_ON_LANDING, PROOF_ON_TRACK, selectProof, type ProofInput } from '../lib/proof.ts';
import { assembleTrack, indexTranslations, isInLanguage, type TrackPieceInput, type Untranslated } from '../lib/track.ts';
import type { Industry } from '../schemas/vocabulary.ts';

export interface CoverageAccount {
  id: string;
  data: { locale: string; industry: Industry; untranslated: Untranslated; buyingCommittee: { persona: string }[] };
}

export interface CoveragePersona {
  id: string;
  data: { translations: Record<string, { title?: string | undefined; message?: string | undefined }> };
}

/** Lists `items` in full up to `max`, then says how many more. */
const list = (items: readonly string[], max = 40) => (items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', '));

/**
 * Warnings on what the published accounts' languages lack: one per language for pieces, proof
 * points and personas (only where something is missing), naming each untranslated item with the
 * accounts (and personas) that get it.
 */
export function translationCoverage(
  accounts: readonly CoverageAccount[],
  personas: readonly CoveragePersona[],
  pieces: readonly TrackPieceInput[],
  proofs: readonly (ProofInput & { id: string })[],
): Problem[] {
  const warnings: Problem[] = [];
  const translations = indexTranslations(pieces);
  const personaIds = new Set(personas.map((p) => p.id));
  const byLanguage = new Map<string, CoverageAccount[]>();
  for (const account of accounts) {
    const language = languageOf(account.data.locale);
    byLanguage.set(language, [...(byLanguage.get(language) ?? []), account]);
  }
  for (const [language, group] of [...byLanguage].sort(([a], [b]) => a.localeCompare(b))) {
    // Pieces: every step any account of the language gets, as if nothing were hidden.
    const gets = new Map<string, Map<string, Set<string>>>(); // piece id -> account id -> persona ids
    const missing = new Set<string>();
    const proofShown = new Map<string, { proof: ProofInput & { id: string }; accounts: Set<string> }>();
    const shownTo = (proof: ProofInput & { id: string }, accountId: string) => {
      const entry = proofShown.get(proof.id) ?? { proof, accounts: new Set<string>() };
      entry.accounts.add(accountId);
      proofShown.set(proof.id, entry);
    };
    const personaGaps = new Map<string, Set<string>>();
    for (const account of group) {
      const committee = [...new Set(account.data.buyingCommittee.map((s) => s.persona))].filter((id) => personaIds.has(id));
      for (const personaId of committee) {
        for (const step of assembleTrack({ industry: account.data.industry, language }, personaId, pieces, translations)) {
          const accountsOf = gets.get(step.pieceId) ?? new Map<string, Set<string>>();
          gets.set(step.pieceId, accountsOf);
          accountsOf.set(account.id, (accountsOf.get(account.id) ?? new Set()).add(personaId));
          if (!isInLanguage(step.piece, language)) missing.add(step.pieceId);
        }
        for (const shown of selectProof(proofs, { industry: account.data.industry, persona: personaId, language }, PROOF_ON_TRACK)) shownTo(shown.proof, account.id);
        if (language !== DEFAULT_CONTENT_LANGUAGE) {
          const persona = personas.find((p) => p.id === personaId)!;
          const gaps = (['title', 'message'] as const).filter((field) => !persona.data.translations[language]?.[field]);
          if (gaps.length > 0) personaGaps.set(personaId, new Set(gaps));
        }
      }
      for (const shown of selectProof(proofs, { industry: account.data.industry, language }, PROOF_ON_LANDING)) shownTo(shown.proof, account.id);
    }

    if (missing.size > 0) {
      const items = [...missing].sort().map((pieceId) => {
        const who = [...gets.get(pieceId)!].map(([account, personaIds]) => `${account}: ${[...personaIds].join(', ')}`);
        return `${pieceId} (${who.join('; ')})`;
      });
      const marked = group.filter((a) => a.data.untranslated === 'mark').map((a) => a.id);
      const hidden = group.filter((a) => a.data.untranslated === 'hide').map((a) => a.id);
      const what = [
        marked.length > 0 ? `${list(marked, 3)} show${marked.length === 1 ? 's' : ''} them in their original language, marked as such` : '',
        hidden.length > 0 ? `${list(hidden, 3)} leave${hidden.length === 1 ? 's' : ''} them out (untranslated: hide)` : '',
      ].filter(Boolean);
      warnings.push({
        file: `content/pieces/${language}/`,
        field: 'translations',
        message: `${missing.size} of ${gets.size} pieces that ${language} accounts get have no ${language} translation: ${list(items)}; ${what.join('; ')}`,
      });
    }

    const proofGaps = [...proofShown.values()]
      .map(({ proof, accounts: seenBy }) => ({ proof, seenBy, gaps: missingProofTranslation(proof, language) }))
      .filter((p) => p.gaps.length > 0)
      .sort((a, b) => a.proof.id.localeCompare(b.proof.id));
    if (proofGaps.length > 0) {
      warnings.push({
        file: 'content/proof/',
        field: `translations.${language}`,
        message: `${proofGaps.length} of ${proofShown.size} proof points shown to ${language} accounts lack ${language} text: ${list(proofGaps.map((p) => `${p.proof.id} (${p.gaps.join(', ')}; ${list([...p.seenBy], 3)})`))}`,
      });
    }

    if (personaGaps.size > 0) {
      warnings.push({
        file: 'content/personas/',
        field: `translations.${language}`,
        message: `${personaGaps.size} persona(s) of ${language} accounts' committees lack ${language} text, shown in ${DEFAULT_CONTENT_LANGUAGE}, marked as such: ${list([...personaGaps].sort(([a], [b]) => a.localeCompare(b)).map(([id, fields]) => `${id} (${[...fields].join(', ')})`))}`,
      });
    }
  }
  return warnings;
}
