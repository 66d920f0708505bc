/**
 * Bundles the Workers entry with the build's manifest, the instant alerts' settings (from
 * content/scoring.yaml and content/site.yaml: no names, no addresses of webhooks) and the retention
 * period (site.yaml `privacy.retentionDays`) into one ES module
 * (`npm run worker:bundle`; wrangler deploys it, tests load it into miniflare).
 */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { manifestFile, stateDir } from '../lib/state.ts';
import { loadScoringConfig } from '../scoring/config.ts';
import { siteSettings } from '../lib/vendor.ts';
import { alertSettings } from '../alerts/runtime.ts';

export async function bundleWorker(options: { manifest?: string; outfile?: string } = {}): Promise<string> {
  const manifest = options.manifest ?? manifestFile();
  const outfile = options.outfile ?? path.join(stateDir(), 'worker', 'worker.js');
  const manifestText = await readFile(manifest, 'utf8').catch(() => {
    throw new Error(`${manifest}: no manifest; run \`npm run build\` first`);
  });
  const alerts = JSON.stringify(alertSettings(loadScoringConfig(), siteSettings()));
  const settings = JSON.stringify({ retentionDays: siteSettings().privacy.retentionDays });
  await build({
    entryPoints: [path.resolve('src/collector/worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile,
    minify: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'tailor-manifest',
        setup(b) {
          b.onResolve({ filter: /^tailor:(manifest|alerts|settings)$/ }, (args) => ({ path: args.path.slice('tailor:'.length), namespace: 'tailor' }));
          b.onLoad({ filter: /.*/, namespace: 'tailor' }, (args) => ({ contents: args.path === 'alerts' ? alerts : args.path === 'settings' ? settings : manifestText, loader: 'json' }));
        },
      },
    ],
  });
  return outfile;
}

if (import.meta.main) {
  const file = await bundleWorker();
  console.log(`Worker bundled: ${file}`);
}
