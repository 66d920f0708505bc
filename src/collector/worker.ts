/**
 * Cloudflare Workers entry of the collector: the same collector as the embedded server, with the
 * conversion log on D1. The manifest is bundled at deploy time (`npm run worker:bundle`).
 * Env: DB (D1 binding), TAILOR_LINK_SECRET (secret), TAILOR_SITE_ORIGINS (comma-separated).
 */
import { createCollector, fetchHandler } from './collect.ts';
import { D1Log, type D1Like } from './d1Log.ts';
import { manifestSchema } from '../events/manifest.ts';
// Replaced by the bundler with the build's .tailor/manifest.json.
import manifestJson from 'tailor:manifest';

interface Env {
  DB: D1Like;
  TAILOR_LINK_SECRET?: string;
  TAILOR_SITE_ORIGINS?: string;
}

const manifest = manifestSchema.parse(manifestJson);
let handler: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
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
