/**
 * Wires the data model (src/schemas/) to Astro's content layer. The schemas are the single source
 * of truth; this file only says where each collection lives.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { accountSchema } from './schemas/account.ts';
import { personaSchema } from './schemas/persona.ts';
import { pieceSchema } from './schemas/piece.ts';
import { proofSchema } from './schemas/proof.ts';

/** Where accounts/ and content/ live: the repo by default; tests and the bench point it elsewhere. */
const root = process.env.TAILOR_CONTENT_ROOT ?? '.';

const accounts = defineCollection({
  // Top-level files only: `accounts/<id>/` folders hold each account's images.
  loader: glob({ pattern: '*.{yaml,yml,md}', base: `${root}/accounts`, retainBody: false }),
  schema: ({ image }) => accountSchema(image()),
});

const personas = defineCollection({
  loader: glob({ pattern: '*.{yaml,yml}', base: `${root}/content/personas` }),
  schema: personaSchema,
});

const pieces = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: `${root}/content/pieces` }),
  schema: ({ image }) => pieceSchema(image()),
});

const proof = defineCollection({
  loader: glob({ pattern: '*.{yaml,yml}', base: `${root}/content/proof` }),
  schema: ({ image }) => proofSchema(image()),
});

export const collections = { accounts, personas, pieces, proof };
