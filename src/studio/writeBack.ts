/**
 * A form's values written back into the file they came from, as an author would edit it by hand:
 * only the fields whose values changed are touched, through the yaml Document API (the import's
 * AccountDoc), so comments, key order, flow style and the body under a front matter stay as they
 * were. Pure: text in, text out.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import matter from 'gray-matter';
import { AccountDoc } from '../content/crmImport/accountDoc.ts';

type Path = (string | number)[];
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether a form value says something: a generated form sends undefined or '' for an empty input,
 * and {} or [] for an optional object or list the author never opened.
 */
function given(value: unknown): boolean {
  const pruned = prune(value);
  if (pruned === undefined || pruned === '') return false;
  if (Array.isArray(pruned)) return pruned.length > 0;
  return !isRecord(pruned) || Object.keys(pruned).length > 0;
}

function apply(doc: AccountDoc, path: Path, before: unknown, after: unknown): void {
  if (isDeepStrictEqual(before, after)) return;
  if (isRecord(before) && isRecord(after)) {
    // A field emptied in the form goes; an empty string the file already had stays.
    for (const key of Object.keys(before)) if (after[key] === undefined || (after[key] === '' && before[key] !== '')) doc.doc.deleteIn([...path, key]);
    for (const [key, value] of Object.entries(after)) if (before[key] !== undefined ? value !== undefined && value !== '' : given(value)) apply(doc, [...path, key], before[key], value);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) apply(doc, [...path, i], before[i], after[i]);
    for (let i = before.length - 1; i >= after.length; i--) doc.doc.deleteIn([...path, i]);
    for (const item of after.slice(common)) doc.doc.addIn(path, doc.doc.createNode(prune(item)));
    return;
  }
  doc.set(path, isRecord(after) || Array.isArray(after) ? prune(after) : after);
}

/** A new value without the empty fields a form leaves in it. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter(given).map(prune);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).filter(([, v]) => given(v)).map(([k, v]) => [k, prune(v)]));
  if (typeof value === 'number' && Number.isNaN(value)) return undefined;
  return value;
}

/** The values a form shows for a file: its YAML (or front matter), at `at`. */
export function formValues(text: string, file: string, at: Path = []): unknown {
  const yaml = /\.mdx?$/.test(file) ? matter(text, {}).matter : text;
  const all = parseDocument(yaml).toJS() ?? {};
  return at.reduce<unknown>((value, key) => (isRecord(value) ? value[key as string] : undefined), all);
}

/**
 * The file with the form's values written in at `at` (the whole file by default) and, for a piece,
 * its new body. `text` is the file as it is on disk.
 */
export function writeForm(text: string, file: string, values: unknown, options: { at?: Path; body?: string } = {}): string {
  const doc = new AccountDoc(file, text);
  const at = options.at ?? [];
  apply(doc, at, formValues(text, file, at), values);
  if (options.body !== undefined) doc.setBody(options.body);
  return doc.text();
}
