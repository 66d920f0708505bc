/**
 * Validates all content without building the site (`npm run check`): the same schemas and
 * cross-reference rules as the build, the safe-MDX rules, every piece evaluated against every
 * account that gets it, images, placeholders and drafts. The build runs this same check before it
 * starts (src/content/integration.ts), so check passing and the build passing agree.
 * Messages name the file, the field (or line and column), what was expected, and a suggestion for
 * near-misses; never a stakeholder's name or e-mail.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { accountSchema } from '../schemas/account.ts';
import { personaSchema } from '../schemas/persona.ts';
import { pieceSchema } from '../schemas/piece.ts';
import { proofSchema } from '../schemas/proof.ts';
import { resolvePlan } from '../lib/plan.ts';
import { accountSegment, checkAccountPaths, checkCrossReferences, checkFileIds, suggest, type Problem } from '../lib/crossref.ts';
import { assembleTrack, indexTranslations } from '../lib/track.ts';
import { paletteFor } from '../lib/palette.ts';
import { languageOf } from '../lib/i18n.ts';
import { translationCoverage } from './coverage.ts';
import { accountFieldProblems, inspectPiece, type AccountFieldUse } from './safeMdx.ts';
import { describeIssue, fieldPath, loadDataFile, loadIcp, readData } from './dataFile.ts';
import { inspectImage } from './images.ts';
import { isPlaceholder, placeholderFields } from './scaffold.ts';
import { siteSettingsSchema } from '../schemas/vendor.ts';
import { SITE_SETTINGS_FILE } from '../lib/vendor.ts';
import { fitOf, type Fit, type FitInput } from '../scoring/fit.ts';

const accountCheck = accountSchema(z.string());
const pieceCheck = pieceSchema(z.string());
const proofCheck = proofSchema(z.string());

export interface RankedDraft {
  file: string;
  fit: Fit;
}

export interface CheckReport {
  errors: Problem[];
  warnings: Problem[];
  counts: { accounts: number; drafts: number; personas: number; pieces: number; proof: number };
  /** Draft and imported accounts by fit to content/icp.yaml, best first (empty without the file). */
  drafts: RankedDraft[];
}

type Loaded<T> = { id: string; file: string; data: T };

/** Unwraps optional, default, refinements and pipes down to the schema that holds the value. */
function unwrap(schema: unknown): unknown {
  let s = schema;
  for (let i = 0; i < 8 && s && !(s instanceof z.ZodObject) && !(s instanceof z.ZodArray) && !(s instanceof z.ZodRecord); i++) {
    const def = (s as { def?: { in?: unknown; innerType?: unknown } }).def;
    s = def?.in ?? def?.innerType;
  }
  return s;
}

/** The fields of the object at `at` in `schema` (for "unknown field" suggestions); [] when it is not one object. */
function fieldsAt(schema: z.ZodType, at: readonly PropertyKey[] = []): string[] {
  let s = unwrap(schema);
  for (const key of at) {
    if (s instanceof z.ZodArray && typeof key === 'number') s = unwrap(s.element);
    else if (s instanceof z.ZodRecord) s = unwrap(s.valueType);
    else if (s instanceof z.ZodObject && typeof key === 'string') s = unwrap(s.shape[key]);
    else return [];
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** A field path, with the stakeholder's id when the path is inside the buying committee. */
function fieldLabel(p: readonly PropertyKey[], raw: Record<string, unknown>): string {
  const label = fieldPath(p);
  if (p[0] !== 'buyingCommittee' || typeof p[1] !== 'number') return label;
  const committee = raw['buyingCommittee'];
  const id = Array.isArray(committee) ? (committee[p[1]] as { id?: unknown } | undefined)?.id : undefined;
  return typeof id === 'string' ? `${label} (stakeholder ${id})` : label;
}

async function listFiles(dir: string, pattern: RegExp, recursive = false): Promise<string[]> {
  try {
    const names = await readdir(dir, { recursive, encoding: 'utf8' });
    return names.map((n) => n.split(path.sep).join('/')).filter((f) => pattern.test(f)).sort();
  } catch {
    return [];
  }
}

/** `fn` over `items` with at most `limit` running at once; results in the order of `items`. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Files' texts, read in parallel (a repo of 10,000 accounts is I/O-bound read one by one). */
const readTexts = (root: string, files: readonly string[]) => mapLimit(files, 64, (file) => readFile(path.join(root, file), 'utf8'));

/**
 * The file's data through its schema. Every object in the schemas is strict: a field the schema
 * does not define is an error naming it (front matter is data, and only the schema's fields reach
 * Astro or any plugin; a `layout:` key would make the MDX compiler import that path).
 */
function validate<T>(schema: z.ZodType<T>, file: string, raw: Record<string, unknown>, problems: Problem[]): T | undefined {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = fieldsAt(schema, issue.path);
      for (const key of issue.keys) {
        const hint = suggest(key, known);
        const field = fieldLabel([...issue.path, key], raw);
        // Already said with more to say (misspelt numbers: "names are case-sensitive").
        if (problems.some((p) => p.file === file && p.field === field)) continue;
        problems.push({ file, field, message: 'unknown field: not part of the schema, so not allowed' + (hint ? ` (did you mean "${hint}"?)` : known.length ? ` (known: ${known.join(', ')})` : '') });
      }
      continue;
    }
    problems.push({ file, field: fieldLabel(issue.path, raw), message: describeIssue(issue) });
  }
  return undefined;
}

const NUMBER_FIELDS = ['users', 'hourlyCost', 'pricePerUser', 'currency'];

/** `numbers.hourlycost` beside the documented `hourlyCost`: calculators would silently ignore it. */
function misspeltNumbers(file: string, raw: Record<string, unknown>): Problem[] {
  const numbers = raw['numbers'];
  if (!numbers || typeof numbers !== 'object') return [];
  return Object.keys(numbers)
    .filter((key) => !NUMBER_FIELDS.includes(key))
    .flatMap((key) => {
      const hint = NUMBER_FIELDS.find((k) => k.toLowerCase() === key.toLowerCase()) ?? suggest(key, NUMBER_FIELDS);
      return hint ? [{ file, field: `numbers.${key}`, message: `did you mean "${hint}"? (names are case-sensitive; as written, calculators ignore it)` }] : [];
    });
}

/** Lines of a piece's body that still hold scaffold placeholder text. */
function placeholderLines(text: string): number[] {
  const lines = text.split('\n');
  const start = lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && l.trim() === '---') + 1 : 0;
  const found: number[] = [];
  for (let i = start; i < lines.length; i++) if (isPlaceholder(lines[i]!)) found.push(i + 1);
  return found;
}

export async function checkContent(root = process.env.TAILOR_CONTENT_ROOT ?? '.'): Promise<CheckReport> {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];

  type AccountData = z.infer<typeof accountCheck>;
  const accounts: (Loaded<AccountData> & { placeholders: string[] })[] = [];
  // Accounts that failed validation still get their persona references checked, from the raw data.
  const rawRefs: { id: string; file: string; data: { buyingCommittee: { persona: string }[]; proposition: { byPersona: Record<string, string> } } }[] = [];
  const accountFiles = await listFiles(path.join(root, 'accounts'), /^[^/]+\.(ya?ml|md)$/);
  const accountTexts = await readTexts(root, accountFiles.map((name) => `accounts/${name}`));
  for (const [index, name] of accountFiles.entries()) {
    const file = `accounts/${name}`;
    const id = name.replace(/\.(ya?ml|md)$/, '');
    const read = readData(accountTexts[index]!, file, errors);
    if (!read) continue;
    errors.push(...misspeltNumbers(file, read.data));
    // The note under an account's front matter is never published, but Astro's Markdown renderer
    // would still import the images it names (another account's logo, any file) into the build.
    if (name.endsWith('.md') && /!\[[^\]]*\][([]/.test(accountTexts[index]!.replace(/^[\s\S]*?\n---[^\n]*\n/, ''))) {
      errors.push({ file, field: '(note)', message: 'images are not allowed in an account\'s note (it is never published, and the build would import them); link to them instead' });
    }
    const data = validate(accountCheck, file, read.data, errors);
    if (!data) {
      const raw = read.data as { buyingCommittee?: unknown; proposition?: { byPersona?: unknown } };
      const committee = Array.isArray(raw.buyingCommittee) ? raw.buyingCommittee : [];
      rawRefs.push({
        id,
        file,
        data: {
          buyingCommittee: committee.map((s) => ({ persona: typeof s?.persona === 'string' ? s.persona : '' })).filter((s) => s.persona),
          proposition: { byPersona: typeof raw.proposition?.byPersona === 'object' && raw.proposition.byPersona ? (raw.proposition.byPersona as Record<string, string>) : {} },
        },
      });
      continue;
    }
    const placeholders = placeholderFields(read.data).filter((f) => f !== 'logo');
    if (!data.logo) warnings.push({ file, field: 'logo', message: 'no logo: the header and social card show the name only' });
    const { warning } = paletteFor(data.brand);
    if (warning) warnings.push({ file, field: 'brand', message: warning });
    accounts.push({ id, file, data, placeholders });
  }
  // Logos: read from disk, so in parallel.
  const logos = await mapLimit(accounts, 32, (a) => (a.data.logo ? inspectImage(root, a.file, a.data.logo, `accounts/${a.id}`) : Promise.resolve(undefined)));
  const photos = await mapLimit(accounts, 32, (a) => (a.data.owner.photo ? inspectImage(root, a.file, a.data.owner.photo, `accounts/${a.id}`) : Promise.resolve(undefined)));
  accounts.forEach((account, i) => {
    const logo = logos[i];
    if (logo?.problem) errors.push({ file: account.file, field: 'logo', message: logo.problem });
    if (logo?.placeholder) account.placeholders.push('logo');
    const photo = photos[i];
    if (photo?.problem) errors.push({ file: account.file, field: 'owner.photo', message: photo.problem });
    if (photo?.placeholder) account.placeholders.push('owner.photo');
  });
  const draftData: { file: string; data: FitInput }[] = [];
  const importDrafts = await listFiles(path.join(root, 'accounts', 'drafts'), /\.(ya?ml|md)$/);
  const draftTexts = await readTexts(root, importDrafts.map((name) => `accounts/drafts/${name}`));
  for (const [index, name] of importDrafts.entries()) {
    const file = `accounts/drafts/${name}`;
    const read = readData(draftTexts[index]!, file, errors);
    if (!read) continue;
    draftData.push({ file, data: read.data as FitInput });
    const missing = accountCheck.safeParse(read.data).error?.issues.map((i) => fieldPath(i.path)) ?? [];
    warnings.push({
      file,
      field: '(draft)',
      message: missing.length
        ? `draft, not published; to publish, fill in ${[...new Set(missing)].join(', ')} and move it to accounts/`
        : 'draft, complete: move it to accounts/ to publish it',
    });
  }

  const personas: (Loaded<z.infer<typeof personaSchema>> & { placeholders: string[] })[] = [];
  // Ids of files that exist but failed validation: references to them are not reported again.
  const brokenPersonas: { id: string }[] = [];
  const personaFiles = await listFiles(path.join(root, 'content/personas'), /\.ya?ml$/);
  const personaTexts = await readTexts(root, personaFiles.map((name) => `content/personas/${name}`));
  for (const [index, name] of personaFiles.entries()) {
    const file = `content/personas/${name}`;
    const id = name.replace(/\.ya?ml$/, '');
    const read = readData(personaTexts[index]!, file, errors);
    const data = read && validate(personaSchema, file, read.data, errors);
    if (data && read) personas.push({ id, file, data, placeholders: placeholderFields(read.data) });
    else brokenPersonas.push({ id });
  }

  type PieceData = z.infer<typeof pieceCheck>;
  const pieces: (Loaded<PieceData> & { fields: AccountFieldUse[]; placeholders: string[] })[] = [];
  const brokenPieces: { id: string; file: string; data: { lang: string } }[] = [];
  const pieceFiles = await listFiles(path.join(root, 'content/pieces'), /\.mdx$/, true);
  const pieceTexts = await readTexts(root, pieceFiles.map((name) => `content/pieces/${name}`));
  for (const [index, name] of pieceFiles.entries()) {
    const file = `content/pieces/${name}`;
    const id = name.split('/').pop()!.replace(/\.mdx$/, '');
    const read = readData(pieceTexts[index]!, file, errors);
    if (!read) continue;
    const body = inspectPiece(read.text, file);
    for (const p of body.problems) errors.push({ file, field: '', message: p.message, line: p.line, column: p.column });
    for (const image of body.images) {
      const found = await inspectImage(root, file, decodeURI(image.url.split(/[?#]/)[0] ?? ''), 'content');
      if (found.problem) errors.push({ file, field: '', message: `image: ${found.problem}`, line: image.line, column: image.column });
    }
    const data = validate(pieceCheck, file, read.data, errors);
    if (!data) {
      brokenPieces.push({ id, file, data: { lang: 'en' } });
      continue;
    }
    const placeholders = [...placeholderFields(read.data).filter((f) => f !== 'cover'), ...placeholderLines(read.text).map((line) => `line ${line}`)];
    const cover = await inspectImage(root, file, data.cover, 'content');
    if (cover.problem) errors.push({ file, field: 'cover', message: cover.problem });
    if (cover.placeholder) placeholders.push('cover');
    pieces.push({ id, file, data, fields: body.fields, placeholders });
  }

  // Proof points: customer results, shown by industry and persona.
  const proofs: Loaded<z.infer<typeof proofCheck>>[] = [];
  const proofFiles = await listFiles(path.join(root, 'content/proof'), /^[^/]+\.ya?ml$/);
  const proofTexts = await readTexts(root, proofFiles.map((name) => `content/proof/${name}`));
  for (const [index, name] of proofFiles.entries()) {
    const file = `content/proof/${name}`;
    const read = readData(proofTexts[index]!, file, errors);
    const data = read && validate(proofCheck, file, read.data, errors);
    if (!data) continue;
    if (data.logo) {
      const logo = await inspectImage(root, file, data.logo, 'content');
      if (logo.problem) errors.push({ file, field: 'logo', message: logo.problem });
    }
    proofs.push({ id: name.replace(/\.ya?ml$/, ''), file, data });
  }

  const ids = (dir: string, names: string[], ext: RegExp) => names.map((n) => ({ file: `${dir}/${n}`, id: n.split('/').pop()!.replace(ext, '') }));
  errors.push(
    ...checkFileIds([
      ...ids('accounts', accountFiles, /\.(ya?ml|md)$/),
      ...ids('content/personas', personaFiles, /\.ya?ml$/),
      ...ids('content/pieces', pieceFiles, /\.mdx$/),
      ...ids('content/proof', proofFiles, /\.ya?ml$/),
    ]),
  );
  const crossRefs = checkCrossReferences({ accounts: [...accounts, ...rawRefs], personas: [...personas, ...brokenPersonas], pieces: [...pieces, ...brokenPieces], proofs });
  const brokenFiles = new Set(brokenPieces.map((p) => p.file));
  errors.push(...crossRefs.filter((p) => !brokenFiles.has(p.file)));
  errors.push(...checkAccountPaths(accounts.map((a) => ({ id: a.id, file: a.file, segment: accountSegment(a.id, a.data.url) }))));

  // What the build publishes: accounts and pieces that are not drafts.
  const published = accounts.filter((a) => !a.data.draft);
  const publishedPieces = pieces.filter((p) => !p.data.draft);
  const translations = indexTranslations(publishedPieces);

  // Every piece against every account that gets it, as the build renders them.
  const personaById = new Map(personas.map((p) => [p.id, p]));
  const reached = new Set<string>();
  const usedPersonas = new Set<string>();
  const fieldFailures = new Map<string, { problem: Problem; accounts: string[] }>();
  for (const account of published) {
    const language = languageOf(account.data.locale);
    const committee = [...new Set(account.data.buyingCommittee.map((s) => s.persona))];
    const rendered = new Set<(typeof pieces)[number]>();
    const tracks: { personaId: string; steps: { pieceId: string; piece: unknown }[] }[] = [];
    for (const personaId of committee) {
      const persona = personaById.get(personaId);
      if (!persona) continue;
      usedPersonas.add(personaId);
      const track = assembleTrack({ industry: account.data.industry, language, untranslated: account.data.untranslated }, personaId, publishedPieces, translations);
      tracks.push({ personaId, steps: track });
      for (const step of track) {
        reached.add(step.pieceId);
        rendered.add(step.piece);
      }
      if (track.length === 0) {
        const who = persona.data.role === 'decision-maker' ? 'decision-maker persona' : 'persona';
        warnings.push({ file: account.file, field: 'buyingCommittee', message: `${who} "${personaId}" has no pieces for this account (industry ${account.data.industry}): its track is empty` });
      }
    }
    if (account.data.plan) {
      for (const p of resolvePlan(account.data.plan, account.data.buyingCommittee, tracks, '/').problems) errors.push({ file: account.file, ...p });
    }
    if (!proofs.some((p) => !p.data.draft && (p.data.industry === account.data.industry || p.data.alsoFor.includes(account.data.industry)))) {
      warnings.push({ file: account.file, field: 'industry', message: `no proof point in content/proof/ is for ${account.data.industry}: the landing page shows none` });
    }
    for (const piece of rendered) {
      for (const p of accountFieldProblems(piece.fields, account.data)) {
        const key = `${piece.file}:${p.line}:${p.column}:${p.message}`;
        const entry = fieldFailures.get(key) ?? { problem: { file: piece.file, field: '', message: p.message, line: p.line, column: p.column }, accounts: [] };
        entry.accounts.push(account.file);
        fieldFailures.set(key, entry);
      }
    }
  }
  for (const { problem, accounts: files } of fieldFailures.values()) {
    const shown = files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', ');
    errors.push({ ...problem, message: `${problem.message}, for ${shown} (the piece is in ${files.length > 1 ? 'their tracks' : 'its track'})` });
  }
  for (const piece of publishedPieces) {
    if (!piece.data.translationOf && !reached.has(piece.id) && published.length > 0) {
      warnings.push({ file: piece.file, field: 'personas', message: 'no account reaches this piece (no committee has its personas in a matching industry)' });
    }
  }

  // What each account language lacks in translations (src/content/coverage.ts).
  warnings.push(...translationCoverage(published, personas, publishedPieces, proofs));

  // Nothing unfinished goes live: placeholders are errors outside drafts, a to-do list inside them.
  const unfinished = (file: string, draft: boolean, fields: string[], what: string) => {
    if (draft) {
      const todo = fields.length ? `; placeholders still to replace: ${fields.join(', ')}` : '; set draft: false to publish it';
      warnings.push({ file, field: 'draft', message: `draft, not published${todo}` });
    } else {
      for (const field of fields) errors.push({ file, field, message: `still the placeholder text or image from \`npm run new\`; replace it before the ${what} is published (or set draft: true)` });
    }
  };
  for (const account of accounts) unfinished(account.file, account.data.draft, account.placeholders, 'account');
  for (const piece of pieces) unfinished(piece.file, piece.data.draft, piece.placeholders, 'piece');
  for (const persona of personas) {
    if (persona.placeholders.length === 0) continue;
    if (usedPersonas.has(persona.id)) {
      for (const field of persona.placeholders) errors.push({ file: persona.file, field, message: 'still the placeholder text from `npm run new`; a published account uses this persona' });
    } else {
      warnings.push({ file: persona.file, field: '(placeholders)', message: `placeholders still to replace: ${persona.placeholders.join(', ')} (no published account uses this persona yet)` });
    }
  }

  // Who the microsites are from: every page shows it.
  const settings = await loadDataFile(root, SITE_SETTINGS_FILE, siteSettingsSchema, errors);
  if (settings === undefined && !errors.some((e) => e.file === SITE_SETTINGS_FILE)) {
    errors.push({ file: SITE_SETTINGS_FILE, field: '(file)', message: 'missing: every page names who it is from; create it with vendor.name, vendor.website and vendor.privacyUrl (see docs/content.md)' });
  }
  const logo = settings?.vendor.logo;
  if (logo) {
    // A path in public/, checked like any image: inside public/, present, an image.
    const found = await inspectImage('.', 'public/(site)', `.${logo}`, 'public');
    if (found.problem) errors.push({ file: SITE_SETTINGS_FILE, field: 'vendor.logo', message: found.problem });
  }

  // Which drafts to finish first: by fit to the ideal customer profile.
  const icp = await loadIcp(root, errors);
  const ranked: RankedDraft[] = icp
    ? [...accounts.filter((a) => a.data.draft).map((a) => ({ file: a.file, data: a.data as FitInput })), ...draftData]
        .map((d) => ({ file: d.file, fit: fitOf(d.data, icp) }))
        .sort((a, b) => b.fit.score - a.fit.score || a.file.localeCompare(b.file))
    : [];

  // One file's problems together, in the order the checks found them.
  const byFile = (a: Problem, b: Problem) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  errors.sort(byFile);
  warnings.sort(byFile);
  const drafts = importDrafts.length + accounts.filter((a) => a.data.draft).length;
  return { errors, warnings, counts: { accounts: published.length, drafts, personas: personas.length, pieces: pieces.length, proof: proofs.length }, drafts: ranked };
}
