/**
 * `npm run deploy`: publishes the microsites and the collector to Cloudflare as one Worker with
 * static assets and a D1 conversion log (src/deploy/workerConfig.ts).
 *   TAILOR_SITE_URL=https://abm.example.com npm run deploy            build, migrate D1, deploy
 *   TAILOR_SITE_URL=https://abm.example.com npm run deploy -- --dry-run   everything but the upload
 * Needs a Cloudflare login (`npx wrangler login`, or CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID).
 * The personal-link secret goes to the Worker as a secret when TAILOR_LINK_SECRET is set; it is
 * never written into the repo, the config or the bundle.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWorker } from '../collector/bundleWorker.ts';
import { siteUrlProblem } from '../lib/siteUrl.ts';
import { stateDir } from '../lib/state.ts';
import { ASSET_FILE_LIMITS, D1_DATABASE, writeWorkerConfig } from '../deploy/workerConfig.ts';
import { credentialsProblem, wrangler, wranglerJson, wranglerRelay } from '../deploy/wrangler.ts';
import { loadPeople } from '../deploy/people.ts';
import { completeBuildFiles } from '../deploy/buildListing.ts';
import { build } from './build.ts';

/** Files the asset upload counts: the build's site files except the host's rules. */
export function assetFiles(siteFiles: string[]): string[] {
  return siteFiles.filter((f) => f !== '_headers' && f !== '_redirects');
}
export const assetFileCount = (siteFiles: string[]) => assetFiles(siteFiles).length;

/** Bytes as people read them: 1.4 MB, 820 KB. */
export const megabytes = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`);

/**
 * What wrangler's dry run says it would upload, beside Tailor's own count. Wrangler's "Read N
 * files" counts every entry under dist/ before its .assetsignore (folders, the compressed copies
 * `npm run serve` keeps); its "Total Upload" is the Worker's script.
 */
export function dryRunSummary(wranglerOutput: string, files: number, bytes: number): string[] {
  const read = /Read (\d+) files? from the assets directory/.exec(wranglerOutput)?.[1];
  const upload = /Total Upload: ([\d.]+ \w+) \/ gzip: ([\d.]+ \w+)/.exec(wranglerOutput);
  return [
    `    Assets: ${files.toLocaleString('en')} files, ${megabytes(bytes)} in all (the build's listed files; wrangler read ${read ?? '?'} entries under dist/, folders and the copies .assetsignore leaves out included).`,
    `    Worker: ${upload ? `${upload[1]} (gzip ${upload[2]})` : 'size not reported'}, with the collector, the manifest and the alert settings; no names or e-mails.`,
  ];
}

/** What the file count means for the plans; throws past the largest. */
export function checkAssetLimits(files: number): string | undefined {
  if (files > ASSET_FILE_LIMITS.paid) {
    throw new Error(
      `dist/ has ${files.toLocaleString('en')} files; a Worker version takes at most ${ASSET_FILE_LIMITS.paid.toLocaleString('en')} (Workers Paid). ` +
        'Split the accounts over several sites (one TAILOR_CONTENT_ROOT and Worker name each), or publish dist/ to a CDN without a file limit and deploy the collector alone.',
    );
  }
  if (files > ASSET_FILE_LIMITS.free) {
    return `dist/ has ${files.toLocaleString('en')} files: more than Workers Free allows (${ASSET_FILE_LIMITS.free.toLocaleString('en')} per version); the upload needs Workers Paid (up to ${ASSET_FILE_LIMITS.paid.toLocaleString('en')}).`;
  }
  return undefined;
}

/** The D1 database's id: TAILOR_D1_DATABASE_ID, else the one named tailor-conversions, created if missing. */
function databaseId(): string {
  if (process.env.TAILOR_D1_DATABASE_ID) return process.env.TAILOR_D1_DATABASE_ID;
  const list = wranglerJson<{ name: string; uuid: string }[]>(wrangler(['d1', 'list', '--json'], { quiet: true }));
  const existing = list.find((d) => d.name === D1_DATABASE);
  if (existing) return existing.uuid;
  console.log(`Creating the D1 database ${D1_DATABASE}...`);
  const created = wrangler(['d1', 'create', D1_DATABASE], { quiet: true });
  const id = /"?database_id"?\s*[:=]\s*"([0-9a-f-]{36})"/.exec(created)?.[1];
  if (!id) throw new Error(`could not read the new database's id from wrangler:\n${created}`);
  return id;
}

async function main() {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, name: { type: 'string' } } });
  const dryRun = values['dry-run'];
  const site = process.env.TAILOR_SITE_URL;
  if (!site) throw new Error('set TAILOR_SITE_URL to the public origin the microsites will live at, e.g. TAILOR_SITE_URL=https://abm.example.com npm run deploy');
  const problem = siteUrlProblem(site);
  if (problem) throw new Error(`TAILOR_SITE_URL: ${problem}`);
  const origin = new URL(site).origin;
  const dist = path.resolve(process.env.TAILOR_OUT_DIR ?? 'dist');
  const dir = path.join(stateDir(), 'worker');
  // The login is checked before the build, so a missing one costs a second, not a build.
  let id = process.env.TAILOR_D1_DATABASE_ID ?? '00000000-0000-4000-8000-000000000000';
  if (!dryRun) {
    const missing = credentialsProblem();
    if (missing) throw new Error(`${missing}; nothing was built or uploaded (npm run deploy -- --dry-run needs no login)`);
    // The first call to Cloudflare's API: a login it refuses, or no network, stops here too.
    id = databaseId();
  }

  console.log(`1/5 Building for ${origin}...`);
  // Through the wrapper of `npm run build`: a build that fails leaves nothing private in dist/.
  const status = await build([], { ...process.env, TAILOR_SITE_URL: origin, TAILOR_PRECOMPRESS: '0' });
  if (status !== 0) throw new Error('the build failed (see above); nothing was deployed');
  // Only what that build finished and listed is uploaded: a dist/ changed since (another build
  // started, a file added by hand) is refused.
  const listed = assetFiles(await completeBuildFiles(dist));
  const files = listed.length;
  const bytes = listed.reduce((n, f) => n + statSync(path.join(dist, f)).size, 0);
  const warning = checkAssetLimits(files);
  console.log(`2/5 ${files.toLocaleString('en')} files to publish.${warning ? ` Note: ${warning}` : ''}`);

  const worker = await bundleWorker({ outfile: path.join(dir, 'worker.js') });
  const config = writeWorkerConfig({ dir, distDir: dist, databaseId: id, origins: [origin], ...(values.name ? { name: values.name } : {}) });
  console.log(`3/5 Worker bundled (${path.relative('.', worker)}), config ${path.relative('.', config)}, D1 ${D1_DATABASE} (${id}).`);

  if (dryRun) {
    console.log('4/5 Dry run: D1 migrations not applied.');
    const output = wrangler(['deploy', '--dry-run', '--config', config, '--outdir', path.join(dir, 'dry-run')], { quiet: true, all: true });
    for (const line of dryRunSummary(output, files, bytes)) console.log(line);
    console.log('5/5 Dry run complete: wrangler validated the config, the Worker and the assets; nothing was uploaded.');
    return;
  }
  console.log('4/5 Applying D1 migrations...');
  await wranglerRelay(['d1', 'migrations', 'apply', D1_DATABASE, '--remote', '--config', config], { input: 'y\n' });
  // Names for instant alerts live beside the log, never in the Worker's bundle.
  const people = await loadPeople({ config, dir, where: ['--remote'] });
  console.log(`    People table loaded into D1 for instant alerts: ${people.people} people in ${people.accounts} account(s).`);
  console.log(`5/5 Deploying ${files.toLocaleString('en')} files (${megabytes(bytes)}) and the Worker...`);
  await wranglerRelay(['deploy', '--config', config]);
  for (const name of ['TAILOR_CALCOM_SECRET', 'TAILOR_CALENDLY_SIGNING_KEY']) {
    const value = process.env[name];
    if (value) wrangler(['secret', 'put', name, '--config', config], { input: value }), console.log(`${name} set on the Worker (booking webhooks).`);
  }
  for (const name of ['TAILOR_SLACK_WEBHOOK_URL', 'TAILOR_TEAMS_WEBHOOK_URL', 'TAILOR_WEBHOOK_URL', 'TAILOR_OWNER_WEBHOOKS']) {
    const value = process.env[name];
    if (value) wrangler(['secret', 'put', name, '--config', config], { input: value }), console.log(`${name} set on the Worker (instant alerts).`);
  }
  if (process.env.TAILOR_LINK_SECRET) {
    wrangler(['secret', 'put', 'TAILOR_LINK_SECRET', '--config', config], { input: process.env.TAILOR_LINK_SECRET });
    console.log('Personal-link secret set on the Worker (TAILOR_LINK_SECRET).');
  } else {
    console.warn('TAILOR_LINK_SECRET is not set: personal links will not identify anyone until you run');
    console.warn(`  npx wrangler secret put TAILOR_LINK_SECRET --config ${path.relative('.', config)}   (the same secret npm run links signs with)`);
  }
  console.log(`Deployed. Point ${new URL(origin).host} at the Worker (a custom domain in the Cloudflare dashboard), then pull the log with npm run log:pull.`);
}

if (import.meta.main) {
  main().catch((error: Error) => {
    console.error(`tailor deploy: ${error.message}`);
    process.exit(1);
  });
}
