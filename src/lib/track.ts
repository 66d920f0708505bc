/**
 * Track assembly: which pieces a persona of an account gets, in which order, in which language.
 * Pure: takes plain data, returns plain data.
 */
import { BUYING_STAGES, type BuyingStage, type Industry } from '../schemas/vocabulary.ts';
import { languageOf } from './i18n.ts';

/**
 * What an account's pages do with a piece that has no translation into the account's language:
 * `mark` shows the original, marked with its own `lang` and `dir` and an "In English" note;
 * `hide` leaves it out, so the visitor sees only pieces in their language.
 */
export type Untranslated = 'mark' | 'hide';

/** The fields of a piece that track assembly reads. */
export interface TrackPieceInput {
  id: string;
  data: {
    title: string;
    personas?: string[] | undefined;
    stages?: BuyingStage[] | undefined;
    industries?: Industry[] | undefined;
    order: number;
    lang: string;
    translationOf?: string | undefined;
  };
}

export interface TrackStep<P extends TrackPieceInput> {
  /** Id of the original piece: the URL segment of the step. */
  pieceId: string;
  /** The file to render: the translation in the account's language if there is one, else the original. */
  piece: P;
  /** Earliest buying stage the piece serves. */
  stage: BuyingStage;
  /** True for the first step of the track: where the reader starts. */
  startHere: boolean;
}

const stageIndex = (stage: BuyingStage) => BUYING_STAGES.indexOf(stage);

export function earliestStage(stages: readonly BuyingStage[]): BuyingStage {
  return [...stages].sort((a, b) => stageIndex(a) - stageIndex(b))[0] as BuyingStage;
}

/** Translations by original id, then by language. */
export function indexTranslations<P extends TrackPieceInput>(pieces: readonly P[]): Map<string, Map<string, P>> {
  const index = new Map<string, Map<string, P>>();
  for (const piece of pieces) {
    const original = piece.data.translationOf;
    if (!original) continue;
    let byLang = index.get(original);
    if (!byLang) index.set(original, (byLang = new Map()));
    byLang.set(piece.data.lang, piece);
  }
  return index;
}

/**
 * The ordered track of one persona for one account: original pieces that name the persona and
 * whose industry filter (if any) includes the account's, ordered by earliest stage, then `order`,
 * then title; each swapped for its translation into `language` where one exists. With
 * `untranslated: 'hide'`, a piece in neither `language` nor a translation into it is left out.
 * The first step is marked "start here": the path is read from its beginning, whatever stage the
 * account is at (marking the first piece of its current stage put "start here" on the last item
 * of a late-stage account's path).
 */
export function assembleTrack<P extends TrackPieceInput>(
  account: { industry: Industry; language: string; untranslated?: Untranslated | undefined },
  personaId: string,
  pieces: readonly P[],
  translations: Map<string, Map<string, P>> = indexTranslations(pieces),
): TrackStep<P>[] {
  const steps = pieces
    .filter((p) => !p.data.translationOf)
    .filter((p) => p.data.personas?.includes(personaId))
    .filter((p) => !p.data.industries || p.data.industries.length === 0 || p.data.industries.includes(account.industry))
    .map((p) => ({
      pieceId: p.id,
      original: p,
      stage: earliestStage(p.data.stages ?? ['awareness']),
    }))
    .sort(
      (a, b) =>
        stageIndex(a.stage) - stageIndex(b.stage) ||
        a.original.data.order - b.original.data.order ||
        a.original.data.title.localeCompare(b.original.data.title, 'en'),
    );
  return steps
    .map((s) => ({ pieceId: s.pieceId, piece: translations.get(s.pieceId)?.get(account.language) ?? s.original, stage: s.stage }))
    .filter((s) => account.untranslated !== 'hide' || isInLanguage(s.piece, account.language))
    .map((s, i) => ({ ...s, startHere: i === 0 }));
}

/** Whether a piece (original or translation) is written in `language`. */
export function isInLanguage(piece: TrackPieceInput, language: string): boolean {
  return languageOf(piece.data.lang) === language;
}

/** The step a track starts with: its "start here" step (the first). */
export function firstStep<S extends { startHere: boolean }>(steps: readonly S[]): S | undefined {
  return steps.find((s) => s.startHere) ?? steps[0];
}

/** Previous and next steps around `pieceId` in a track. */
export function neighbours<S extends { pieceId: string }>(track: readonly S[], pieceId: string) {
  const i = track.findIndex((s) => s.pieceId === pieceId);
  return { index: i, previous: i > 0 ? track[i - 1] : undefined, next: i >= 0 ? track[i + 1] : undefined };
}
