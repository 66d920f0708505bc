/**
 * Every read of a content YAML file or front matter goes through here, so every one has the same
 * limits and names the file when it refuses:
 * - size: a data file over MAX_DATA_FILE_BYTES is refused before it is parsed;
 * - aliases: a "billion laughs" file (anchors whose aliases multiply) is refused, as the `yaml`
 *   package refuses it (maxAliasCount), before js-yaml builds it. js-yaml shares aliased nodes, so
 *   parsing is cheap, but whatever walks the result (zod, JSON, the data store) expands it: check
 *   took 65 s on one such file and the build died after two minutes;
 * - front matter is found exactly as Astro finds it (YAML between `---` lines, at the very start,
 *   read by js-yaml 4), so check and build see the same fields. TOML front matter (`+++`), which
 *   Astro also reads, is refused: one format, checked one way.
 * Values are read with js-yaml, as Astro's content layer reads them (dates as dates).
 */
import { extractFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { load } from 'js-yaml';
import { parseDocument } from 'yaml';

/** Largest data file (account, persona, proof point, settings) read: a CRM export row is a few KB. */
export const MAX_DATA_FILE_BYTES = 1_000_000;
/** The `yaml` package's own default: aliases times the nodes they repeat. */
export const MAX_YAML_ALIASES = 100;

/** A file refused before or while it was read; `line` is 1-based when known. */
export class YamlError extends Error {
  override name = 'YamlError';
  readonly file: string;
  readonly reason: string;
  readonly line: number | undefined;
  constructor(file: string, reason: string, line?: number) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
    this.file = file;
    this.reason = reason;
    this.line = line;
  }
}

const kb = (bytes: number) => `${Math.round(bytes / 1000).toLocaleString('en')} KB`;

/** Throws when `text` is larger than `limit` bytes; the message names the limit. */
export function assertSize(text: string, file: string, limit: number, what: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limit) throw new YamlError(file, `${what} is ${kb(bytes)}; the limit is ${kb(limit)}`);
}

/** Both an anchor (`&a`) and an alias (`*a`) appear: only then can aliases multiply. */
const MAY_ALIAS = /(^|[\s[{,:-])&[^\s[\]{},]/m;
const ALIAS = /(^|[\s[{,:-])\*[^\s[\]{},]/m;

/** Refuses YAML whose aliases would expand past MAX_YAML_ALIASES, without expanding them. */
function assertAliases(text: string, file: string): void {
  if (!MAY_ALIAS.test(text) || !ALIAS.test(text)) return;
  const doc = parseDocument(text, { prettyErrors: false });
  // Syntax errors are js-yaml's to report, with its own wording and line.
  if (doc.errors.length > 0) return;
  try {
    doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (!(error instanceof ReferenceError)) return;
    throw new YamlError(file, `too many YAML aliases (*name repeating an &name anchor): at most ${MAX_YAML_ALIASES} repeated values; write the values out`);
  }
}

/** A YAML data file's value. Throws YamlError (size, aliases) or js-yaml's YAMLException (syntax). */
export function loadYaml(text: string, file: string, limit = MAX_DATA_FILE_BYTES): unknown {
  assertSize(text, file, limit, 'the file');
  assertAliases(text, file);
  return load(text, { filename: file });
}

export interface FrontMatter {
  /** The fields, or undefined when the file has no front matter. */
  data: Record<string, unknown> | undefined;
  /** The raw YAML between the `---` lines ('' without front matter). */
  raw: string;
}

/**
 * An MDX or Markdown file's front matter as Astro reads it. `limit` bounds the front matter's
 * size (the file's own size limit is its caller's). Throws like loadYaml.
 */
export function readFrontMatter(text: string, file: string, limit = MAX_DATA_FILE_BYTES): FrontMatter {
  if (/^(\uFEFF?|\s*\n)\+\+\+/.test(text)) throw new YamlError(file, 'TOML front matter (+++) is not supported; write the fields as YAML between --- lines', 1);
  const raw = extractFrontmatter(text);
  if (raw === undefined) return { data: undefined, raw: '' };
  assertSize(raw, file, limit, 'the front matter');
  assertAliases(raw, file);
  const data = load(raw, { filename: file });
  if (data === null || data === undefined) return { data: {}, raw };
  if (typeof data !== 'object' || Array.isArray(data)) throw new YamlError(file, 'expected fields (name: value) in the front matter, not a single value or a list', 1);
  return { data: data as Record<string, unknown>, raw };
}
