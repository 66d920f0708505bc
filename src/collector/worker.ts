/**
 * Cloudflare Workers entry: the same collector as the embedded server, with the conversion log on
 * D1, beside the microsites served as static assets (src/deploy/workerConfig.ts). Only `/tailor/*`
 * reaches this code: the collector at `/tailor/collect` and the booking webhooks under
 * `/tailor/hooks/`; nothing else under `/tailor/` exists at the edge (the report is never
 * published). The manifest is bundled at deploy time.
 * Env: DB (D1), ASSETS (static assets), TAILOR_LINK_SECRET, TAILOR_CALCOM_SECRET and
 * TAILOR_CALENDLY_SIGNING_KEY (secrets), TAILOR_SITE_ORIGINS.
 */
import { COLLECT_PATH, createCollector, fetchHandler } from './collect.ts';
import { D1Log, type D1Like } from './d1Log.ts';
import { createBookingHooks, HOOKS_PATH } from './bookings.ts';
import { manifestSchema } from '../events/manifest.ts';
// Replaced by the bundler with the build's .tailor/manifest.json.
import manifestJson from 'tailor:manifest';

interface Env {
  DB: D1Like;
  ASSETS?: { fetch(request: Request): Promise<Response> };
  TAILOR_LINK_SECRET?: string;
  TAILOR_SITE_ORIGINS?: string;
  TAILOR_CALCOM_SECRET?: string;
  TAILOR_CALENDLY_SIGNING_KEY?: string;
}

const manifest = manifestSchema.parse(manifestJson);
let handler: ((request: Request) => Promise<Response>) | undefined;
let hooks: ((request: Request) => Promise<Response>) | undefined;

const UNLISTED = { 'x-robots-tag': 'noindex, nofollow, noarchive', 'cache-control': 'no-store' };

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith(HOOKS_PATH)) {
      hooks ??= fetchHandler(
        createBookingHooks({
          manifest,
          log: new D1Log(env.DB),
          linkSecret: env.TAILOR_LINK_SECRET,
          calcomSecret: env.TAILOR_CALCOM_SECRET,
          calendlySigningKey: env.TAILOR_CALENDLY_SIGNING_KEY,
        }).hook,
      );
      return hooks(request);
    }
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
