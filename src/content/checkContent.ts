/**
 * Validates all content without building the site (`npm run check`): the same schemas and
 * cross-reference rules as the build, plus what only a whole-repo view can see (weak spots).
 * Messages name the file, the field, what was expected, and a suggestion for near-misses.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { accountSchema } from '../schemas/account.ts';
import { personaSchema } from '../schemas/persona.ts';
import { pieceSchema } from '../schemas/piece.ts';
import { BUYING_STAGES, INDUSTRIES, TIERS } from '../schemas/vocabulary.ts';
import { accountSegment, checkAccountPaths, checkCrossReferences, checkFileIds, suggest, type Problem } from '../lib/crossref.ts';
import { accountField, PersonalisationError, unknownWhenValues, type PersonalisableAccount } from '../lib/personalise.ts';
import { assembleTrack } from '../lib/track.ts';
import { paletteFor } from '../lib/palette.ts';
import { languageOf } from '../lib/i18n.ts';

const accountCheck = accountSchema(z.string());
const pieceCheck = pieceSchema(z.string());

export interface CheckReport {
  errors: Problem[];
  warnings: Problem[];
  counts: { accounts: number; drafts: number; personas: number; pieces: number };
}

type Loaded<T> = { id: string; file: string; data: T };

/** Known top-level fields of an object schema, for "unknown field" suggestions. */
function fieldsOf(schema: z.ZodType): string[] {
  let s: unknown = schema;
  // Unwrap refinements/pipes down to the object.
  for (let i = 0; i < 5 && s && !(s instanceof z.ZodObject); i++) s = (s as { def?: { in?: unknown; innerType?: unknown; schema?: unknown } }).def?.in ?? (s as { def: { innerType?: unknown } }).def.innerType;
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const got = 'input' in issue && issue.input !== undefined ? issue.input : undefined;
  const shown = got === undefined ? '' : typeof got === 'string' ? `"${got}"` : JSON.stringify(got);
  if (issue.code === 'invalid_value' && typeof got === 'string') {
    const options = issue.values.map(String);
    const hint = suggest(got, options);
    return `expected one of ${options.join(', ')}; got ${shown}` + (hint ? ` (did you mean "${hint}"?)` : '');
  }
  if (issue.code === 'invalid_type' && got === undefined) return `required (${issue.expected})`;
  return shown ? `${issue.message}; got ${shown}` : issue.message;
}

const fieldPath = (p: PropertyKey[]) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('') || '(file)';

async function exists(file: string) {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

async function listFiles(dir: string, pattern: RegExp, recursive = false): Promise<string[]> {
  try {
    const names = await readdir(dir, { recursive, encoding: 'utf8' });
    return names.filter((f) => pattern.test(f)).sort();
  } catch {
    return [];
  }
}

/** Parses YAML or front matter, reporting syntax errors with their line. */
async function readData(root: string, file: string, problems: Problem[]): Promise<{ data: Record<string, unknown>; body: string } | undefined> {
  const text = await readFile(path.join(root, file), 'utf8');
  try {
    if (/\.(md|mdx)$/.test(file)) {
      const parsed = matter(text, {});
      return { data: parsed.data, body: parsed.content };
    }
    const doc = parseDocument(text);
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      problems.push({ file, field: `line ${e.linePos?.[0]?.line ?? '?'}`, message: `not valid YAML: ${e.message.split('\n')[0]}` });
      return undefined;
    }
    return { data: (doc.toJS() ?? {}) as Record<string, unknown>, body: '' };
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    problems.push({ file, field: mark?.line !== undefined ? `line ${mark.line + 1}` : '(file)', message: `not valid front matter: ${(error as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

function validate<T>(schema: z.ZodType<T>, file: string, raw: Record<string, unknown>, problems: Problem[], warnings: Problem[]): T | undefined {
  const known = fieldsOf(schema);
  for (const key of Object.keys(raw)) {
    if (known.length && !known.includes(key)) {
      const hint = suggest(key, known);
      warnings.push({ file, field: key, message: `unknown field, ignored` + (hint ? ` (did you mean "${hint}"?)` : '') });
    }
  }
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push({ file, field: fieldPath(issue.path), message: describeIssue(issue) });
  return undefined;
}

const COMPONENT_FIELD = /<Account\s+field=["']([^"']*)["']/g;
const WHEN_TAG = /<When\b([^>]*)>/g;
const ATTR = /(industry|tier|stage)=["']([^"']*)["']/g;

/** Checks the personalisation components used in a piece body against a sample account. */
function checkBody(file: string, source: string, sample: PersonalisableAccount | undefined, problems: Problem[]) {
  // Code spans and blocks show components as text; they are not used there.
  const body = source.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  for (const m of body.matchAll(COMPONENT_FIELD)) {
    const field = m[1]!;
    if (field.startsWith('numbers.') || field.startsWith('goals.') || field.startsWith('pains.')) {
      if (!/^(numbers\.\w+|goals\.\d+|pains\.\d+)$/.test(field)) problems.push({ file, field: `<Account field="${field}">`, message: 'use numbers.<name>, goals.<n> or pains.<n>' });
      continue;
    }
    if (!sample) continue;
    try {
      accountField(sample, field);
    } catch (error) {
      if (error instanceof PersonalisationError) problems.push({ file, field: `<Account field="${field}">`, message: error.message.replace(/^<Account field="[^"]*" \/>: /, '') });
    }
  }
  for (const m of body.matchAll(WHEN_TAG)) {
    const attrs = Object.fromEntries([...m[1]!.matchAll(ATTR)].map((a) => [a[1], a[2]]));
    for (const bad of unknownWhenValues(attrs, { industry: INDUSTRIES, tier: TIERS, stage: BUYING_STAGES })) {
      problems.push({ file, field: '<When>', message: `unknown value ${bad}` });
    }
  }
}

export async function checkContent(root = process.env.TAILOR_CONTENT_ROOT ?? '.'): Promise<CheckReport> {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];

  const accounts: Loaded<z.infer<typeof accountCheck>>[] = [];
  // Accounts that failed validation still get their persona references checked, from the raw data.
  const rawRefs: { id: string; file: string; data: { buyingCommittee: { persona: string }[]; proposition: { byPersona: Record<string, string> } } }[] = [];
  const accountFiles = await listFiles(path.join(root, 'accounts'), /^[^/]+\.(ya?ml|md)$/);
  for (const name of accountFiles) {
    const file = `accounts/${name}`;
    const read = await readData(root, file, errors);
    if (!read) continue;
    const data = validate(accountCheck, file, read.data, errors, warnings);
    if (!data) {
      const raw = read.data as { buyingCommittee?: unknown; proposition?: { byPersona?: unknown } };
      const committee = Array.isArray(raw.buyingCommittee) ? raw.buyingCommittee : [];
      rawRefs.push({
        id: name,
        file,
        data: {
          buyingCommittee: committee.map((s) => ({ persona: typeof s?.persona === 'string' ? s.persona : '' })).filter((s) => s.persona),
          proposition: { byPersona: typeof raw.proposition?.byPersona === 'object' && raw.proposition.byPersona ? (raw.proposition.byPersona as Record<string, string>) : {} },
        },
      });
      continue;
    }
    accounts.push({ id: name.replace(/\.(ya?ml|md)$/, ''), file, data });
    if (!data.logo) warnings.push({ file, field: 'logo', message: 'no logo: the header and social card show the name only' });
    else if (!(await exists(path.join(root, 'accounts', data.logo)))) errors.push({ file, field: 'logo', message: `file not found: ${path.join('accounts', data.logo)}` });
    const { warning } = paletteFor(data.brand);
    if (warning) warnings.push({ file, field: 'brand', message: warning });
  }
  const drafts = await listFiles(path.join(root, 'accounts', 'drafts'), /\.(ya?ml|md)$/);
  for (const name of drafts) {
    const file = `accounts/drafts/${name}`;
    const read = await readData(root, file, errors);
    if (!read) continue;
    const missing = accountCheck.safeParse(read.data).error?.issues.map((i) => fieldPath(i.path)) ?? [];
    warnings.push({
      file,
      field: '(draft)',
      message: missing.length
        ? `draft, not published; to publish, fill in ${[...new Set(missing)].join(', ')} and move it to accounts/`
        : 'draft, complete: move it to accounts/ to publish it',
    });
  }

  const personas: Loaded<z.infer<typeof personaSchema>>[] = [];
  // Ids of files that exist but failed validation: references to them are not reported again.
  const brokenPersonas: { id: string }[] = [];
  for (const name of await listFiles(path.join(root, 'content/personas'), /\.ya?ml$/)) {
    const file = `content/personas/${name}`;
    const id = name.replace(/\.ya?ml$/, '');
    const read = await readData(root, file, errors);
    const data = read && validate(personaSchema, file, read.data, errors, warnings);
    if (data) personas.push({ id, file, data });
    else brokenPersonas.push({ id });
  }

  const pieces: (Loaded<z.infer<typeof pieceCheck>> & { body: string })[] = [];
  const brokenPieces: { id: string; file: string; data: { lang: string } }[] = [];
  const sample = accounts[0]?.data;
  for (const name of await listFiles(path.join(root, 'content/pieces'), /\.mdx$/, true)) {
    const file = `content/pieces/${name}`;
    const id = name.replace(/\.mdx$/, '');
    const read = await readData(root, file, errors);
    if (!read) continue;
    checkBody(file, read.body, sample, errors);
    const data = validate(pieceCheck, file, read.data, errors, warnings);
    if (!data) {
      brokenPieces.push({ id, file, data: { lang: 'en' } });
      continue;
    }
    pieces.push({ id, file, data, body: read.body });
    if (!(await exists(path.join(root, path.dirname(file), data.cover)))) errors.push({ file, field: 'cover', message: `file not found: ${path.join(path.dirname(file), data.cover)}` });
  }
  const ids = (dir: string, names: string[], ext: RegExp) => names.map((n) => ({ file: `${dir}/${n}`, id: n.replace(ext, '') }));
  errors.push(
    ...checkFileIds([
      ...ids('accounts', accountFiles, /\.(ya?ml|md)$/),
      ...ids('content/personas', await listFiles(path.join(root, 'content/personas'), /\.ya?ml$/), /\.ya?ml$/),
      ...ids('content/pieces', await listFiles(path.join(root, 'content/pieces'), /\.mdx$/, true), /\.mdx$/),
    ]),
  );
  const crossRefs = checkCrossReferences({ accounts: [...accounts, ...rawRefs], personas: [...personas, ...brokenPersonas], pieces: [...pieces, ...brokenPieces] });
  const brokenFiles = new Set(brokenPieces.map((p) => p.file));
  errors.push(...crossRefs.filter((p) => !brokenFiles.has(p.file)));
  errors.push(...checkAccountPaths(accounts.map((a) => ({ id: a.id, file: a.file, segment: accountSegment(a.id, a.data.url) }))));

  // Weak spots: committee personas without content, content nobody reaches.
  const personaById = new Map(personas.map((p) => [p.id, p]));
  const reached = new Set<string>();
  for (const account of accounts) {
    const language = languageOf(account.data.locale);
    const committee = [...new Set(account.data.buyingCommittee.map((s) => s.persona))];
    for (const personaId of committee) {
      const persona = personaById.get(personaId);
      if (!persona) continue;
      const track = assembleTrack({ industry: account.data.industry, stage: account.data.stage, language }, personaId, pieces);
      for (const step of track) reached.add(step.pieceId);
      if (track.length === 0) {
        const who = persona.data.role === 'decision-maker' ? 'decision-maker persona' : 'persona';
        warnings.push({ file: account.file, field: 'buyingCommittee', message: `${who} "${personaId}" has no pieces for this account (industry ${account.data.industry}): its track is empty` });
      }
    }
  }
  for (const piece of pieces) {
    if (!piece.data.translationOf && !reached.has(piece.id) && accounts.length > 0) {
      warnings.push({ file: piece.file, field: 'personas', message: 'no account reaches this piece (no committee has its personas in a matching industry)' });
    }
  }
  return { errors, warnings, counts: { accounts: accounts.length, drafts: drafts.length, personas: personas.length, pieces: pieces.length } };
}
