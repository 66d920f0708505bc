// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { trackerIntegration } from './src/tracker/integration.ts';
import { tailorContent } from './src/content/integration.ts';
import { LOCAL_SITE_URL, siteUrlProblem } from './src/lib/siteUrl.ts';

// Astro's own check of `site` says only "Invalid URL"; say what is wrong and what to write.
const siteProblem = siteUrlProblem(process.env.TAILOR_SITE_URL);
if (siteProblem) {
  console.error(`[tailor] TAILOR_SITE_URL: ${siteProblem}`);
  process.exit(1);
}
import { devIndexIntegration } from './src/dev/integration.ts';
import { precompressIntegration } from './src/deploy/precompress.ts';

export default defineConfig({
  // Absolute origin of the published microsites (og:image needs absolute URLs).
  // Without it the build is a local preview, and says so (src/content/integration.ts).
  site: process.env.TAILOR_SITE_URL || LOCAL_SITE_URL,
  output: 'static',
  // Tests and the bench build other content sets side by side; each gets its own output and cache.
  outDir: process.env.TAILOR_OUT_DIR ?? './dist',
  cacheDir: process.env.TAILOR_ASTRO_CACHE ?? './node_modules/.astro',
  trailingSlash: 'always',
  // tailorContent first: its check runs before anything else is set up.
  // precompressIntegration last: it compresses what the others wrote.
  integrations: [tailorContent(), mdx(), trackerIntegration(), devIndexIntegration(), precompressIntegration()],
  build: {
    format: 'directory',
    // Pages render in parallel; measured in bench/ (see docs/benchmarks.md).
    concurrency: Number(process.env.TAILOR_BUILD_CONCURRENCY ?? 4),
  },
  devToolbar: { enabled: false },
  vite: {
    server: {
      // Generated output and benchmark sets are not sources; watching them exhausts inotify.
      watch: { ignored: ['**/bench/out/**', '**/.tailor/**', '**/dist/**', '**/test-results/**'] },
    },
    build: {
      rolldownOptions: {
        onwarn(warning, warn) {
          // Every .mdx module carries a harmless "use strict"-style directive warning.
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
  },
});
