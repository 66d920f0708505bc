/**
 * Cloudflare Workers entry: the same collector as the embedded server, with the conversion log on
 * D1, beside the microsites served as static assets (src/deploy/workerConfig.ts). Only `/tailor/*`
 * reaches this code: the collector at `/tailor/collect`; nothing else under `/tailor/` exists at
 * the edge (the report is never published). The manifest is bundled at deploy time.
 * Env: DB (D1), ASSETS (static assets), TAILOR_LINK_SECRET (secret), TAILOR_SITE_ORIGINS.
 */
import { COLLECT_PATH, createCollector, fetchHandler } from './collect.ts';
import { D1Log, type D1Like } from './d1Log.ts';
import { manifestSchema } from '../events/manifest.ts';
// Replaced by the bundler with the build's .tailor/manifest.json.
import manifestJson from 'tailor:manifest';

interface Env {
  DB: D1Like;
  ASSETS?: { fetch(request: Request): Promise<Response> };
  TAILOR_LINK_SECRET?: string;
  TAILOR_SITE_ORIGINS?: string;
}

const manifest = manifestSchema.parse(manifestJson);
let handler: ((request: Request) => Promise<Response>) | undefined;

const UNLISTED = { 'x-robots-tag': 'noindex, nofollow, noarchive', 'cache-control': 'no-store' };

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname !== COLLECT_PATH) {
      if (pathname.startsWith('/tailor/') || !env.ASSETS) return Promise.resolve(new Response('Not found', { status: 404, headers: UNLISTED }));
      return env.ASSETS.fetch(request);
    }
    handler ??= fetchHandler(
      createCollector({
        manifest,
        log: new D1Log(env.DB),
        secret: env.TAILOR_LINK_SECRET,
        origins: (env.TAILOR_SITE_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
      }),
    );
    return handler(request);
  },
};
