/**
 * Reading the content's data files (YAML, or an MDX file's front matter) as the build reads them,
 * with problems that name the file and the field: shared by `npm run check` and the commands that
 * read a settings file (`npm run report` reads content/icp.yaml). Light: no MDX or image code.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { suggest, type Problem } from '../lib/crossref.ts';
import { icpSchema, type Icp } from '../schemas/icp.ts';
import { loadYaml, readFrontMatter, YamlError } from './yaml.ts';

/** Stakeholder fields whose values are personal data: messages never repeat them. */
const PERSONAL = new Set(['name', 'email']);

export function describeIssue(issue: z.core.$ZodIssue): string {
  const got = 'input' in issue && issue.input !== undefined ? issue.input : undefined;
  const personal = issue.path[0] === 'buyingCommittee' && PERSONAL.has(String(issue.path.at(-1)));
  // Whole objects and lists are not repeated either: they can hold a buying committee.
  const shown = got === undefined || personal || typeof got === 'object' ? '' : typeof got === 'string' ? `"${got}"` : JSON.stringify(got);
  if (issue.code === 'invalid_value' && typeof got === 'string') {
    const options = issue.values.map(String);
    const hint = suggest(got, options);
    return `expected one of ${options.join(', ')}; got ${shown}` + (hint ? ` (did you mean "${hint}"?)` : '');
  }
  if (issue.code === 'invalid_type' && got === undefined) return `required (${issue.expected})`;
  return shown ? `${issue.message}; got ${shown}` : issue.message;
}

export const fieldPath = (p: readonly PropertyKey[]) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('') || '(file)';

/**
 * Parses YAML or front matter (src/content/yaml.ts: Astro's reading, with size and alias limits),
 * reporting syntax errors with their line.
 */
export function readData(text: string, file: string, problems: Problem[]): { data: Record<string, unknown>; text: string } | undefined {
  const frontMatter = /\.(md|mdx)$/.test(file);
  try {
    const data = frontMatter ? (readFrontMatter(text, file).data ?? {}) : (loadYaml(text, file) ?? {});
    if (typeof data !== 'object' || Array.isArray(data)) {
      problems.push({ file, field: '(file)', message: 'expected fields (name: value), not a single value or a list' });
      return undefined;
    }
    return { data: data as Record<string, unknown>, text };
  } catch (error) {
    if (error instanceof YamlError) {
      problems.push({ file, field: error.line ? `line ${error.line}` : '(file)', message: error.reason });
      return undefined;
    }
    const { mark, reason } = error as { mark?: { line?: number }; reason?: string };
    const what = frontMatter ? 'front matter' : 'YAML';
    problems.push({ file, field: mark?.line !== undefined ? `line ${mark.line + 1}` : '(file)', message: `not valid ${what}: ${reason ?? (error as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

/**
 * A settings file validated by `schema`; undefined when it is missing or broken (its problems,
 * each naming the field, are added to `errors`).
 */
export async function loadDataFile<T>(root: string, file: string, schema: z.ZodType<T>, errors: Problem[]): Promise<T | undefined> {
  const text = await readFile(path.join(root, file), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const read = readData(text, file, errors);
  if (!read) return undefined;
  const parsed = schema.safeParse(read.data, { reportInput: true });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : describeIssue(issue);
    errors.push({ file, field: fieldPath(issue.path), message });
  }
  return undefined;
}

/** content/icp.yaml, validated; undefined when there is none. */
export const loadIcp = (root: string, errors: Problem[]): Promise<Icp | undefined> => loadDataFile(root, 'content/icp.yaml', icpSchema, errors);
