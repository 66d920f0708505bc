/**
 * `npm run new -- account "Nordlake Telecom"` | `persona "Chief Financial Officer"` | `piece "The cost of manual work"`
 * Scaffolds a valid file with every field commented (and placeholder images), so the next build passes.
 * Accounts and pieces start as drafts (`draft: true`): previewed by `npm run dev`, never published.
 * `--id <id>` sets the file name when the name does not make a good one (e.g. non-Latin names).
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import {
  accountTemplate,
  createFile,
  firstPersona,
  personaTemplate,
  pieceTemplate,
  placeholderCover,
  placeholderLogo,
  slugify,
} from '../content/scaffold.ts';

const USAGE = 'usage: npm run new -- account|persona|piece "<name or title>" [--id <id>]';

export async function scaffold(kind: string, name: string, options: { id?: string | undefined; root: string }): Promise<string[]> {
  const id = options.id ?? slugify(name);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) throw new Error(`cannot make a file name from "${name}": give one with --id, e.g. --id nordlake`);
  const at = (...p: string[]) => path.join(options.root, ...p);
  switch (kind) {
    case 'account': {
      const persona = await firstPersona(options.root);
      await createFile(at('accounts', `${id}.yaml`), accountTemplate(name, id, persona));
      await createFile(at('accounts', id, 'logo.svg'), placeholderLogo(name));
      return [`accounts/${id}.yaml`, `accounts/${id}/logo.svg`];
    }
    case 'persona':
      await createFile(at('content/personas', `${id}.yaml`), personaTemplate(name));
      return [`content/personas/${id}.yaml`];
    case 'piece': {
      const persona = await firstPersona(options.root);
      await createFile(at('content/pieces', `${id}.mdx`), pieceTemplate(name, id, persona));
      await createFile(at('content/pieces/covers', `${id}.svg`), placeholderCover());
      return [`content/pieces/${id}.mdx`, `content/pieces/covers/${id}.svg`];
    }
    default:
      throw new Error(`unknown kind "${kind}". ${USAGE}`);
  }
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { id: { type: 'string' } } });
  const [kind, ...words] = positionals;
  const name = words.join(' ').trim();
  try {
    if (!kind || !name) throw new Error(USAGE);
    const created = await scaffold(kind, name, { id: values.id, root: process.env.TAILOR_CONTENT_ROOT ?? '.' });
    console.log(`Created ${created.join(', ')}.`);
    if (kind !== 'persona') console.log(`It is a draft (draft: true): \`npm run dev\` previews it; builds leave it out until you set draft: false.`);
    console.log('Replace the placeholders (`npm run check` lists those left), then preview with `npm run dev`.');
  } catch (error) {
    console.error(`tailor new: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
