/**
 * What the report and the simulation read from the content, by id: each original piece's title,
 * earliest stage, signal, talking point and what its page lets a visitor do (a calculator, the
 * kind of its call to action), and each persona's title. Read from the files (front matter and
 * YAML, through src/content/yaml.ts like every content read), not from the build's manifest, so
 * the report names things right even before the next build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadYaml, readFrontMatter } from '../content/yaml.ts';
import { earliestStage } from '../lib/track.ts';
import type { BuyingStage, CtaKind } from '../schemas/vocabulary.ts';
import { namesFrom } from '../scoring/words.ts';
import type { Names } from '../scoring/types.ts';

export interface PieceInfo {
  title: string;
  /** Earliest buying stage (its place in tracks; the scoring's stage multiplier). */
  stage: BuyingStage | undefined;
  signal: 'pricing' | 'security' | undefined;
  /** What to say to someone who just read it (for sales, never on a page). */
  talkingPoint: string | undefined;
  /** The body has the ROI calculator: only such a page can log a completed calculator. */
  calculator: boolean;
  /** The kind of the piece's own call to action (every page also offers the owner's meeting and contact buttons). */
  cta: CtaKind | undefined;
}

export interface ContentFacts {
  pieces: Record<string, PieceInfo>;
  /** Persona id to its title, e.g. "Chief Financial Officer". */
  personas: Record<string, string>;
  names: Names;
}

/** Facts of the original pieces (translations share their original's id in the log) and the personas' titles. */
export function readContentFacts(root: string): ContentFacts {
  const dir = path.join(root, 'content/pieces');
  const pieces: Record<string, PieceInfo> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.mdx')).sort()) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    const data = readFrontMatter(text, `content/pieces/${name}`).data ?? {};
    if (data.translationOf) continue;
    const stages = (data.stages ?? []) as BuyingStage[];
    const cta = data.cta as { kind?: CtaKind } | undefined;
    pieces[name.replace(/\.mdx$/, '')] = {
      title: typeof data.title === 'string' ? data.title : name.replace(/\.mdx$/, ''),
      stage: stages.length ? earliestStage(stages) : undefined,
      signal: data.signal === 'pricing' || data.signal === 'security' ? data.signal : undefined,
      talkingPoint: typeof data.talkingPoint === 'string' ? data.talkingPoint : undefined,
      // The same test the build uses for the manifest's piece facts (src/lib/site.ts).
      calculator: /<RoiCalculator\b/.test(text),
      cta: cta?.kind,
    };
  }
  const personaDir = path.join(root, 'content/personas');
  const personas: Record<string, string> = {};
  for (const name of readdirSync(personaDir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const data = loadYaml(readFileSync(path.join(personaDir, name), 'utf8'), `content/personas/${name}`) as { title?: unknown } | null;
    if (typeof data?.title === 'string') personas[name.replace(/\.ya?ml$/, '')] = data.title;
  }
  return { pieces, personas, names: namesFrom(pieces, personas) };
}

/** Earliest stage of every original piece (the scoring's `pieceStages`). */
export function stagesOf(pieces: Record<string, PieceInfo>): Record<string, BuyingStage> {
  return Object.fromEntries(Object.entries(pieces).flatMap(([id, p]) => (p.stage ? [[id, p.stage]] : [])));
}
