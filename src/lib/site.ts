/**
 * Loads the content collections once per build, checks what the schemas cannot, and gives pages
 * the model they render. The only module besides the pages that talks to `astro:content`.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { accountSegment, checkAccountPaths, checkCrossReferences, checkFileIds, formatProblem, type Problem } from './crossref.ts';
import { paletteFor, type Palette } from './palette.ts';
import { directionOf, languageOf } from './i18n.ts';
import { assembleTrack, indexTranslations, type TrackStep } from './track.ts';
import { DECISION_ROLES } from '../schemas/vocabulary.ts';
import type { Manifest } from '../events/manifest.ts';
import { linkSecret, writeStateFile } from './state.ts';
import { contactKey } from '../events/personalLink.ts';
import { PROOF_ON_LANDING, PROOF_ON_TRACK, selectProof, type ShownProof } from './proof.ts';
import { resolvePlan, type ShownPlan } from './plan.ts';

export type AccountEntry = CollectionEntry<'accounts'>;
export type PersonaEntry = CollectionEntry<'personas'>;
export type PieceEntry = CollectionEntry<'pieces'>;
export type ProofEntry = CollectionEntry<'proof'>;

export interface PersonaTrack {
  persona: PersonaEntry;
  /** Persona title and message in the account's language (falling back to the default). */
  title: string;
  message: string;
  /** What we promise this persona in this account, if the account says. */
  proposition?: string | undefined;
  steps: TrackStep<PieceEntry>[];
  /** Proof points for this persona in this account's industry, most relevant first. */
  proof: ShownProof<ProofEntry>[];
}

export interface AccountSite {
  entry: AccountEntry;
  id: string;
  /** URL segment: `/<segment>/`. */
  segment: string;
  language: string;
  dir: 'ltr' | 'rtl';
  palette: Palette;
  /** One track per persona of the buying committee, decision makers first. */
  tracks: PersonaTrack[];
  /** Proof points for the landing page, most relevant first. */
  proof: ShownProof<ProofEntry>[];
  /** The mutual action plan, when the account has one: `/<segment>/plan/`. */
  plan?: ShownPlan<PieceEntry> | undefined;
}

export class ContentError extends Error {
  override name = 'ContentError';
}

let loaded: Promise<AccountSite[]> | undefined;

/** All account sites, validated. Throws ContentError listing every broken reference. */
export function loadSites(): Promise<AccountSite[]> {
  // In `astro dev` content changes while the server runs: rebuild the model on each request.
  if (import.meta.env.DEV) return build();
  loaded ??= build();
  return loaded;
}

async function build(): Promise<AccountSite[]> {
  const [accounts, personas, pieces, proofs] = await Promise.all([
    getCollection('accounts'),
    getCollection('personas'),
    getCollection('pieces'),
    getCollection('proof'),
  ]);
  const fileOf = (e: { filePath?: string | undefined; id: string }, dir: string) => e.filePath ?? `${dir}/${e.id}`;
  const problems: Problem[] = [
    ...checkCrossReferences({
      accounts: accounts.map((a) => ({ id: a.id, file: fileOf(a, 'accounts'), data: a.data })),
      personas: personas.map((p) => ({ id: p.id, file: fileOf(p, 'content/personas') })),
      pieces: pieces.map((p) => ({ id: p.id, file: fileOf(p, 'content/pieces'), data: p.data })),
      proofs: proofs.map((p) => ({ file: fileOf(p, 'content/proof'), data: p.data })),
    }),
    ...checkAccountPaths(accounts.map((a) => ({ id: a.id, file: fileOf(a, 'accounts'), segment: accountSegment(a.id, a.data.url) }))),
    // The loader's id must be the file name itself (it lowercases and slugs otherwise).
    ...checkFileIds(
      [...accounts, ...personas, ...pieces, ...proofs].map((e) => {
        const file = e.filePath ?? e.id;
        return { file, id: file.split('/').pop()!.replace(/\.(ya?ml|md|mdx)$/, '') };
      }),
    ),
  ];
  if (problems.length > 0) {
    throw new ContentError(`${problems.length} broken reference(s) in content:\n` + problems.map((p) => '  ' + formatProblem(p)).join('\n'));
  }

  // Drafts are previewed in `astro dev` only: a build publishes neither draft accounts nor draft pieces.
  const preview = import.meta.env.DEV;
  const publishedPieces = preview ? pieces : pieces.filter((p) => !p.data.draft);
  const personaById = new Map(personas.map((p) => [p.id, p]));
  const translations = indexTranslations(publishedPieces);
  const roleRank = (role: string) => DECISION_ROLES.indexOf(role as (typeof DECISION_ROLES)[number]);

  const planProblems: Problem[] = [];
  const sites = accounts
    .filter((entry) => preview || !entry.data.draft)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((entry) => {
      const file = fileOf(entry, 'accounts');
      const { palette, warning } = paletteFor(entry.data.brand);
      if (warning) console.warn(`[tailor] warning: ${file}: brand: ${warning}`);
      const language = languageOf(entry.data.locale);
      const committeePersonas = [...new Set(entry.data.buyingCommittee.map((s) => s.persona))]
        .map((id) => personaById.get(id) as PersonaEntry)
        .sort((a, b) => roleRank(a.data.role) - roleRank(b.data.role) || a.id.localeCompare(b.id));
      const tracks = committeePersonas.map((persona) => {
        const translated = persona.data.translations[language];
        const steps = assembleTrack(
          { industry: entry.data.industry, language, untranslated: entry.data.untranslated },
          persona.id,
          publishedPieces,
          translations,
        );
        if (steps.length === 0) {
          const why = entry.data.untranslated === 'hide' ? `industry, or in its language (untranslated: hide)` : 'industry';
          console.warn(`[tailor] warning: ${file}: persona "${persona.id}" has no pieces for this account's ${why}`);
        }
        return {
          persona,
          title: translated?.title ?? persona.data.title,
          message: translated?.message ?? persona.data.message,
          proposition: entry.data.proposition.byPersona[persona.id],
          steps,
          proof: selectProof(proofs, { industry: entry.data.industry, persona: persona.id, language, untranslated: entry.data.untranslated }, PROOF_ON_TRACK),
        };
      });
      const segment = accountSegment(entry.id, entry.data.url);
      let plan: ShownPlan<PieceEntry> | undefined;
      if (entry.data.plan) {
        const resolved = resolvePlan(
          entry.data.plan,
          entry.data.buyingCommittee,
          tracks.map((t) => ({ personaId: t.persona.id, steps: t.steps })),
          `/${segment}/`,
          entry.data.locale,
        );
        planProblems.push(...resolved.problems.map((p) => ({ file, ...p })));
        plan = resolved.plan;
      }
      return {
        entry,
        id: entry.id,
        segment,
        language,
        dir: directionOf(entry.data.locale),
        palette,
        tracks,
        proof: selectProof(proofs, { industry: entry.data.industry, language, untranslated: entry.data.untranslated }, PROOF_ON_LANDING),
        plan,
      };
    });
  if (planProblems.length > 0) {
    throw new ContentError(`${planProblems.length} broken reference(s) in content:\n` + planProblems.map((p) => '  ' + formatProblem(p)).join('\n'));
  }
  // Public facts for instant alerts: of the original pieces (translations inherit their talking point).
  const pieceFacts: NonNullable<Manifest['pieces']> = Object.fromEntries(
    publishedPieces
      .filter((p) => !p.data.translationOf)
      .map((p) => [
        p.id,
        {
          title: p.data.title,
          ...(p.data.signal ? { signal: p.data.signal } : {}),
          ...(p.data.talkingPoint ? { talkingPoint: p.data.talkingPoint } : {}),
          ...(/<RoiCalculator\b/.test(p.body ?? '') ? { calculator: true } : {}),
        },
      ]),
  );
  const personaTitles = Object.fromEntries(personas.map((p) => [p.id, p.data.title]));
  writeStateFile('manifest.json', JSON.stringify({ ...(await collectorManifest(sites, linkSecret())), pieces: pieceFacts, personas: personaTitles }));
  return sites;
}

/**
 * What the collector may accept events about: ids only, no names; stakeholders' e-mails only as
 * keys under the link secret (for booking webhooks), accounts' domains as they are.
 */
export async function collectorManifest(sites: AccountSite[], secret: string): Promise<Manifest> {
  const contacts: NonNullable<Manifest['contacts']> = {};
  for (const site of sites) {
    for (const s of site.entry.data.buyingCommittee) {
      if (s.email) contacts[await contactKey(secret, s.email)] = { a: site.id, s: s.id, p: s.persona };
    }
  }
  return {
    version: 1,
    accounts: Object.fromEntries(
      sites.map((site) => [
        site.id,
        {
          personas: Object.fromEntries(site.tracks.map((t) => [t.persona.id, t.steps.map((s) => s.pieceId)])),
          stakeholders: site.entry.data.buyingCommittee.map((s) => s.id),
          ...(site.plan ? { plan: `/${site.segment}/plan/`, steps: site.plan.milestones.map((m) => m.milestone.title) } : {}),
        },
      ]),
    ),
    contacts,
    domains: Object.fromEntries(sites.map((site) => [site.entry.data.domain.toLowerCase(), site.id])),
  };
}
