/**
 * Writes `dist/_headers` at the end of a build (src/deploy/headers.ts), with the hashes of the
 * inline scripts this build put in pages. Astro inlines a component's `<script>` into the page
 * when it is small and imports nothing (the ROI calculator's and the video's, about 1 KB each):
 * its client build hands each such chunk to the page and deletes it from the bundle. So a plugin
 * reads every chunk before Astro's own `generateBundle` and, after it, takes the chunks that are
 * gone as the inlined ones, hashing them exactly as pages carry them (`code.trim()` between
 * `<script type="module">` tags, astro/dist/runtime/server/render/script.js). Should another Astro
 * version inline differently, the policy e2e test sees the browser refuse a script.
 */
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { collectorOrigin, contentSecurityPolicy, headersFile, siteHeaderRules } from './headers.ts';

/** A script's CSP source, as browsers compute it over the text between the tags. */
export const scriptHash = (code: string) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;

type Bundle = Record<string, { type: string; code?: string }>;

export function siteHeadersIntegration(): AstroIntegration {
  const before = new Map<string, string>();
  const inlined = new Set<string>();
  const isClient = (environment: { name: string }) => environment.name === 'client';
  const plugins = [
    {
      name: 'tailor:inline-scripts-before',
      applyToEnvironment: isClient,
      buildStart() {
        before.clear();
        inlined.clear();
      },
      generateBundle: {
        order: 'pre' as const,
        handler(_options: unknown, bundle: Bundle) {
          for (const [name, output] of Object.entries(bundle)) if (output.type === 'chunk' && output.code !== undefined) before.set(name, output.code);
        },
      },
    },
    {
      name: 'tailor:inline-scripts-after',
      applyToEnvironment: isClient,
      generateBundle: {
        order: 'post' as const,
        handler(_options: unknown, bundle: Bundle) {
          for (const [name, code] of before) if (!(name in bundle)) inlined.add(code.trim());
        },
      },
    },
  ];
  return {
    name: 'tailor:site-headers',
    hooks: {
      'astro:config:setup': ({ command, updateConfig, logger }) => {
        // A collector URL pages could not send to stops the build before anything is rendered
        // (in one line, as astro.config.mjs does for TAILOR_SITE_URL).
        try {
          collectorOrigin(process.env.TAILOR_COLLECTOR_URL);
        } catch (error) {
          logger.error((error as Error).message);
          process.exit(1);
        }
        if (command === 'build') updateConfig({ vite: { plugins } });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const scriptHashes = [...inlined].map(scriptHash);
        const policy = contentSecurityPolicy({ scriptHashes, collectorUrl: process.env.TAILOR_COLLECTOR_URL });
        await writeFile(new URL('_headers', dir), headersFile(siteHeaderRules(policy)));
        logger.info(`_headers: Content-Security-Policy with ${scriptHashes.length} inline script hash(es)`);
      },
    },
  };
}
