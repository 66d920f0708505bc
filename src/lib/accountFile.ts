/**
 * Reads an account's source file directly, for the few things Astro's loaded entry does not keep
 * (the logo's file path, which the social card renderer needs as bytes).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadYaml, readFrontMatter } from '../content/yaml.ts';

/** The account's front matter or YAML document, unvalidated. */
export async function readAccountSource(file: string): Promise<Record<string, unknown>> {
  const text = await readFile(file, 'utf8');
  if (file.endsWith('.md')) return readFrontMatter(text, file).data ?? {};
  return (loadYaml(text, file) ?? {}) as Record<string, unknown>;
}

/** Absolute path of the logo named in an account file, if it names one. */
export async function logoFileOf(accountFile: string): Promise<string | undefined> {
  const data = await readAccountSource(accountFile);
  if (data.logo === undefined) return undefined;
  if (typeof data.logo !== 'string') throw new Error(`${accountFile}: logo: expected a relative path to an image`);
  return path.resolve(path.dirname(accountFile), data.logo);
}
