// @ts-check
import { defineConfig, fontProviders } from 'astro/config';
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
import { keepOutputIntegration } from './src/deploy/keepOutput.ts';
import { siteHeadersIntegration } from './src/deploy/siteHeaders.ts';

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
  // siteHeadersIntegration: dist/_headers with the Content-Security-Policy (before keepOutput lists dist/).
  // keepOutputIntegration: dist/ is kept between incremental builds and pruned of what is stale.
  // precompressIntegration last: it compresses what the others wrote.
  integrations: [tailorContent(), mdx(), trackerIntegration(), devIndexIntegration(), siteHeadersIntegration(), keepOutputIntegration(), precompressIntegration()],
  build: {
    format: 'directory',
    // Pages render in parallel; measured in bench/ (see docs/benchmarks.md).
    concurrency: Number(process.env.TAILOR_BUILD_CONCURRENCY ?? 4),
  },
  // Typography: Public Sans, a variable font (OFL), self-hosted from its npm package. Latin is one
  // 27 KB file preloaded on every page; Latin Extended and Vietnamese are a second family that
  // Vietnamese pages preload and others fetch only if a character needs it. `optional`: a page
  // never re-lays out when the font arrives (no layout shift); a slow first visit keeps the
  // metric-matched fallback.
  fonts: [
    {
      provider: fontProviders.local(),
      name: 'Public Sans',
      cssVariable: '--font-body',
      fallbacks: ['system-ui', 'sans-serif'],
      display: 'optional',
      options: {
        variants: [
          {
            src: ['@fontsource-variable/public-sans/files/public-sans-latin-wght-normal.woff2'],
            weight: '100 900',
            style: 'normal',
            unicodeRange: ['U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD'],
          },
        ],
      },
    },
    {
      provider: fontProviders.local(),
      name: 'Public Sans Extended',
      cssVariable: '--font-extended',
      fallbacks: [],
      optimizedFallbacks: false,
      display: 'optional',
      options: {
        variants: [
          {
            src: ['@fontsource-variable/public-sans/files/public-sans-vietnamese-wght-normal.woff2'],
            weight: '100 900',
            style: 'normal',
            unicodeRange: ['U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB'],
          },
          {
            src: ['@fontsource-variable/public-sans/files/public-sans-latin-ext-wght-normal.woff2'],
            weight: '100 900',
            style: 'normal',
            unicodeRange: ['U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF'],
          },
        ],
      },
    },
  ],
  // Incremental builds: a page whose cacheKey (src/lib/pageKeys.ts) and code are unchanged is
  // restored from the previous build (kept in cacheDir) instead of rendered again.
  experimental: { incrementalBuild: process.env.TAILOR_INCREMENTAL !== '0' },
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
