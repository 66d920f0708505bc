/**
 * The content guard of the build, as an Astro integration:
 * - before `astro build` starts, the whole of `npm run check` runs and any error stops the build
 *   with the same messages, so the two always agree;
 * - every .mdx module Vite compiles (build and dev) is held to the safe MDX subset first;
 * - a build without TAILOR_SITE_URL says loudly that it is for local preview only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { z } from 'zod';
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { checkContent } from './checkContent.ts';
import { readFrontMatter, YamlError } from './yaml.ts';
import { pieceSchema } from '../schemas/piece.ts';
import { formatBodyProblems, inspectPiece } from './safeMdx.ts';
import { svgProblem } from './images.ts';
import { formatProblem } from '../lib/crossref.ts';
import { LOCAL_SITE_URL } from '../lib/siteUrl.ts';

type VitePlugin = {
  name: string;
  enforce: 'pre';
  transform(this: { error(message: string): never }, code: string, id: string): { code: string; map: null } | undefined;
};

/** The fields a piece's front matter may have: the piece schema's, nothing else. */
const pieceCheck = pieceSchema(z.string());

/**
 * Problems of a piece's front matter that the build must refuse by itself: what no other plugin
 * may see. A field outside the schema (`layout:` would make the MDX compiler import that path: a
 * file published raw, or a module run at build), front matter over its limits, or TOML.
 */
export function frontMatterProblems(source: string, file: string): string[] {
  let data: Record<string, unknown> | undefined;
  try {
    data = readFrontMatter(source, file).data;
  } catch (error) {
    return [error instanceof YamlError ? error.message : `${file}: not valid front matter: ${(error as Error).message.split('\n')[0]}`];
  }
  if (!data) return [];
  const parsed = pieceCheck.safeParse(data);
  return (parsed.error?.issues ?? [])
    .filter((issue) => issue.code === 'unrecognized_keys')
    .flatMap((issue) => (issue as { keys: string[] }).keys.map((key) => `${file}: ${[...issue.path, key].join('.')}: unknown field: not part of the schema, so not allowed`));
}

/**
 * Holds every .mdx module Vite compiles (build and dev) to the safe MDX subset, reading the file
 * itself (not another plugin's output), and hands the MDX compiler the body alone: the front matter
 * is blanked (lines and columns kept), so no front-matter field reaches it or any later plugin.
 * Pages read a piece's fields from the content layer, through the schema.
 */
export function safeMdxPlugin(root: string): VitePlugin {
  const base = path.resolve(root);
  return {
    name: 'tailor:safe-mdx',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0]!;
      if (id.startsWith('\0')) return undefined;
      const relative = path.relative(base, file).split(path.sep).join('/');
      if (/^(content|accounts)\//.test(relative)) {
        // Content is data: only pieces and images from these folders may become modules. A script
        // named as a cover or a body image would otherwise be bundled and run while pages render.
        if (!/\.(mdx|svg|png|jpe?g|webp|avif|gif)$/i.test(file)) this.error(`unsafe module, not built: ${relative}: only pieces (.mdx) and images are read from content/ and accounts/; nothing there is code`);
        if (file.endsWith('.svg')) {
          // Published as it is (src/components/Img.astro): the same rules as `npm run check`.
          const problem = svgProblem(readFileSync(file, 'utf8'));
          if (problem) this.error(`unsafe image, not built: ${relative}: ${problem}`);
          return undefined;
        }
      }
      if (!file.endsWith('.mdx')) return undefined;
      const source = readFileSync(file, 'utf8');
      const keys = frontMatterProblems(source, relative);
      if (keys.length > 0) this.error(`unsafe piece, not built:\n${keys.join('\n')}`);
      const { problems, images } = inspectPiece(source, relative);
      // Check reads each image's bytes; here, without the file system's help, its kind by name.
      for (const image of images) {
        if (!/\.(svg|png|jpe?g|webp|avif|gif)$/i.test(image.url.split(/[?#]/)[0] ?? '')) problems.push({ line: image.line, column: image.column, message: `image "${image.url}": not an image file (svg, png, jpeg, webp, avif, gif)` });
      }
      if (problems.length > 0) this.error(`unsafe piece, not built:\n${formatBodyProblems(relative, problems)}`);
      return { code: parseFrontmatter(code, { frontmatter: 'empty-with-spaces' }).content, map: null };
    },
  };
}

export function tailorContent(): AstroIntegration {
  const root = process.env.TAILOR_CONTENT_ROOT ?? '.';
  return {
    name: 'tailor:content',
    hooks: {
      'astro:config:setup': async ({ command, updateConfig, logger }) => {
        updateConfig({ vite: { plugins: [safeMdxPlugin(root)] } });
        // The second switch exists for the tests that prove the build's own guards hold without the check.
        if (command !== 'build' || process.env.TAILOR_BUILD_WITHOUT_CHECK === '1') return;
        const started = performance.now();
        const report = await checkContent(root);
        if (report.errors.length > 0) {
          stop(logger, report.errors.map(formatProblem), `${report.errors.length} content error(s) above; \`npm run check\` lists them without building`);
        }
        const { accounts, drafts, pieces } = report.counts;
        logger.info(
          `content checked in ${Math.round(performance.now() - started)} ms: ${accounts} account(s), ${pieces} piece(s), ${drafts} draft(s) not published, ${report.warnings.length} warning(s) (\`npm run check\` lists them)`,
        );
        if (!process.env.TAILOR_SITE_URL) logger.warn(localBuildWarning());
      },
      'astro:build:done': ({ logger }) => {
        if (!process.env.TAILOR_SITE_URL) logger.warn(localBuildWarning());
      },
    },
  };
}

/** Ends the build with the problems alone: a stack trace from Astro's hook runner would only bury them. */
function stop(logger: { error(message: string): void }, problems: string[], summary: string): never {
  for (const problem of problems) logger.error(problem);
  logger.error(`Build stopped: ${summary}.`);
  process.exit(1);
}

function localBuildWarning(): string {
  return [
    `LOCAL PREVIEW BUILD: TAILOR_SITE_URL is not set, so social cards (og:image) and personal links point at ${LOCAL_SITE_URL}.`,
    '  Do not publish this dist/. To publish, build with the public origin: TAILOR_SITE_URL=https://abm.example.com npm run build',
  ].join('\n');
}
