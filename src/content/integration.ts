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
import { checkContent } from './checkContent.ts';
import { formatBodyProblems, inspectPiece } from './safeMdx.ts';
import { formatProblem } from '../lib/crossref.ts';
import { LOCAL_SITE_URL } from '../lib/siteUrl.ts';

type VitePlugin = { name: string; enforce: 'pre'; transform(this: { error(message: string): never }, code: string, id: string): undefined };

/** Refuses any .mdx module outside the safe subset, reading the file itself (not another plugin's output). */
export function safeMdxPlugin(root: string): VitePlugin {
  const base = path.resolve(root);
  return {
    name: 'tailor:safe-mdx',
    enforce: 'pre',
    transform(_code, id) {
      const file = id.split('?')[0]!;
      if (!file.endsWith('.mdx') || id.startsWith('\0')) return undefined;
      const relative = path.relative(base, file).split(path.sep).join('/');
      const { problems } = inspectPiece(readFileSync(file, 'utf8'), relative);
      if (problems.length > 0) this.error(`unsafe piece, not built:\n${formatBodyProblems(relative, problems)}`);
      return undefined;
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
