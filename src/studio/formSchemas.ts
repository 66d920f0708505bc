/**
 * The studio's forms come from the zod schemas (src/schemas/), never restated: each kind of file
 * names its schema and where it lives, and zod's JSON Schema output drives the form. Defaults are
 * moved into the field's description so that a form never writes a value the author did not give
 * (the file keeps meaning the default by leaving the field out).
 */
import { z } from 'astro/zod';
import { accountSchema } from '../schemas/account.ts';
import { personaSchema } from '../schemas/persona.ts';
import { pieceSchema } from '../schemas/piece.ts';
import { planSchema } from '../schemas/plan.ts';
import { proofSchema } from '../schemas/proof.ts';
import { siteSettingsSchema } from '../schemas/vendor.ts';
import { pieceComponentProps, PIECE_COMPONENTS } from '../components/mdx/props.ts';
import { readFieldDocs, topOf, type FieldDocs } from './fieldDocs.ts';

/** A file kind the studio edits: its schema, its folder and extension, and the part of the file a form edits. */
export interface FormKind {
  schema: z.ZodType;
  /** Folder of its files under the content root; `file` for a single settings file. */
  dir?: string;
  file?: string;
  ext: string;
  /** The form edits this field of the file (a plan is the `plan` of an account file). */
  at?: string[];
  /** The name of the schema in src/schemas/, where the fields' documentation is read. */
  docs: string;
}

const accountCheck = accountSchema(z.string());

export const FORM_KINDS = {
  account: { schema: accountCheck, dir: 'accounts', ext: '.yaml', docs: topOf(accountSchema.name) },
  draft: { schema: accountCheck, dir: 'accounts/drafts', ext: '.yaml', docs: topOf(accountSchema.name) },
  plan: { schema: planSchema, dir: 'accounts', ext: '.yaml', at: ['plan'], docs: 'plan' },
  persona: { schema: personaSchema, dir: 'content/personas', ext: '.yaml', docs: topOf('personaSchema') },
  proof: { schema: proofSchema(z.string()), dir: 'content/proof', ext: '.yaml', docs: topOf(proofSchema.name) },
  piece: { schema: pieceSchema(z.string()), dir: 'content/pieces', ext: '.mdx', docs: topOf(pieceSchema.name) },
  site: { schema: siteSettingsSchema, file: 'content/site.yaml', ext: '.yaml', docs: topOf('siteSettingsSchema') },
} as const satisfies Record<string, FormKind>;
export type FormKindName = keyof typeof FORM_KINDS;
export const isFormKind = (kind: string): kind is FormKindName => Object.hasOwn(FORM_KINDS, kind);

type JsonSchema = { [key: string]: unknown };

let docs: FieldDocs | undefined;

/**
 * Moves `default` into the description, adds each field's JSDoc from the schema's source as its
 * description, and drops what a form cannot use. `field` and `parent` name the property this
 * node is the schema of.
 */
function formable(node: unknown, field?: string, parent?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => formable(n, field, parent));
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'default' || key === '$schema') continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, formable(schema, name, field)]));
    } else if (key === 'items' || key === 'anyOf' || key === 'oneOf' || key === 'additionalProperties') {
      // A list's items and a union's options are the same field.
      out[key] = formable(value, field, parent);
    } else {
      out[key] = formable(value);
    }
  }
  const doc = field && parent && (node as JsonSchema).type !== undefined ? (docs ??= readFieldDocs()).of(field, parent) : undefined;
  if (doc && out.description === undefined) out.description = doc;
  const given = (node as JsonSchema).default;
  if (given !== undefined && !(typeof given === 'object' && given !== null && Object.keys(given).length === 0)) {
    const said = typeof out.description === 'string' ? `${out.description} ` : '';
    out.description = `${said}Default: ${JSON.stringify(given)}.`;
  }
  return out;
}

/**
 * The JSON Schema of what an author writes (zod's input side), ready for a generated form. `within`
 * names where the fields' documentation is: the field the schema is the value of (a plan is an
 * account's `plan`), or the schema's own name (`topOf('personaSchema')`).
 */
export function jsonSchemaOf(schema: z.ZodType, within: string): JsonSchema {
  return formable(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'inline' }), within) as JsonSchema;
}

export const formSchemaOf = (kind: FormKindName) => jsonSchemaOf(FORM_KINDS[kind].schema, FORM_KINDS[kind].docs);

/** The piece components and their props, for the piece editor's blocks: exactly the allowed ones. */
export function componentSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(PIECE_COMPONENTS.map((name) => [name, jsonSchemaOf(pieceComponentProps[name], name)]));
}
