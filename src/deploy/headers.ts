/**
 * The HTTP headers of the published site, from one place: the build writes them into
 * `dist/_headers` (read by Cloudflare Workers static assets, Pages, Netlify) and `npm run serve`
 * answers with the rules of that same file, so both send the same policy byte for byte. Pure.
 *
 * The Content-Security-Policy is a header, not Astro's `security.csp`: Astro 7 emits its policy
 * as a `<meta>` tag, which cannot carry `frame-ancestors` (browsers ignore it there), so a header
 * was needed anyway; two policies would both apply, each having to allow everything the other
 * allows; and a tag would add its bytes to every one of up to 290,000 pages.
 */
import { videoSource } from '../lib/video.ts';

/**
 * Origins of the players `<Video>` loads after the visitor presses play: asked of videoSource()
 * itself (one sample per provider), so that the policy follows src/lib/video.ts. A provider added
 * there needs its sample here; the e2e test of the policy presses play on the demo's video.
 */
export function playerOrigins(): string[] {
  const samples = ['https://www.youtube.com/watch?v=aqz-KE-bpKQ', 'https://vimeo.com/76979871'];
  return samples.map((s) => new URL(videoSource(s)!.playUrl).origin);
}

/**
 * Where the tracking snippet sends beacons, as `connect-src` needs it: undefined for a path on the
 * site itself (`/tailor/collect`, the default), else the origin of TAILOR_COLLECTOR_URL. Throws on
 * anything but an http(s) URL or a path: pages would send beacons nowhere.
 */
export function collectorOrigin(collectorUrl: string | undefined): string | undefined {
  if (!collectorUrl || (collectorUrl.startsWith('/') && !collectorUrl.startsWith('//'))) return undefined;
  let url: URL;
  try {
    url = new URL(collectorUrl);
  } catch {
    throw new Error(`TAILOR_COLLECTOR_URL: "${collectorUrl}" is neither a path on the site (/tailor/collect) nor an absolute http(s) URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`TAILOR_COLLECTOR_URL: "${collectorUrl}" must be an http(s) URL`);
  return url.origin;
}

export interface PolicyInputs {
  /** CSP sources (`'sha256-...'`) of the inline scripts the build put in pages. */
  scriptHashes?: string[];
  /** TAILOR_COLLECTOR_URL as the build saw it. */
  collectorUrl?: string | undefined;
}

/**
 * The microsites' Content-Security-Policy. Everything not named is refused (`default-src 'none'`):
 * - scripts: the site's own files, and the inline scripts this build emitted, by hash;
 * - styles: the site's files and inline styles: pages set the account's brand colours in a style
 *   attribute and Astro inlines small stylesheets; CSS cannot run code, and pieces cannot write
 *   HTML (safe MDX), so nothing a visitor or author controls reaches a style;
 * - images from the site and `data:`; fonts and `<Video>` files from the site;
 * - beacons to the site and to the collector's origin;
 * - frames only from the video players, and only after play is pressed;
 * - no plugins, no `<base>`, no form posts, and no framing of the microsites by anyone.
 */
export function contentSecurityPolicy(inputs: PolicyInputs = {}): string {
  const collector = collectorOrigin(inputs.collectorUrl);
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'", ...[...new Set(inputs.scriptHashes ?? [])].sort()],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    ['media-src', "'self'"],
    ['connect-src', "'self'", ...(collector ? [collector] : [])],
    ['frame-src', ...playerOrigins()],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/**
 * The conversion report's policy (served by `npm run serve` to this machine only): it runs no
 * script at all, so text from the log that escaped its escaping could still run nothing.
 */
export const REPORT_POLICY = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Headers every answer carries: the microsites are unlisted and share nothing cross-site. */
export const UNLISTED_HEADERS: Readonly<Record<string, string>> = {
  'X-Robots-Tag': 'noindex, nofollow, noarchive',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Content-Type-Options': 'nosniff',
};

/** Content-hashed assets never change under their name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** One `_headers` rule: a path pattern (exact, or ending in `*`) and the headers it adds. */
export interface HeaderRule {
  pattern: string;
  headers: Record<string, string>;
}

/** The site's rules: unlisted headers and the policy on everything, a year of caching for hashed assets. */
export function siteHeaderRules(policy: string): HeaderRule[] {
  return [
    { pattern: '/*', headers: { ...UNLISTED_HEADERS, 'Content-Security-Policy': policy } },
    // HTML and the social cards keep the host's default (revalidate on every visit), so a
    // republished page shows at once.
    { pattern: '/_astro/*', headers: { 'Cache-Control': IMMUTABLE } },
  ];
}

/** Cloudflare's limit on one `_headers` line (checked 2026-11). */
const MAX_LINE = 2000;

/** The `_headers` file of the rules; throws when a line is longer than Cloudflare reads. */
export function headersFile(rules: HeaderRule[]): string {
  const lines = [
    '# Generated by the build from src/deploy/headers.ts: `npm run serve` sends the same headers.',
    '# The microsites are unlisted: no page may be indexed, archived, framed or leak its address cross-site.',
  ];
  for (const rule of rules) {
    lines.push(rule.pattern, ...Object.entries(rule.headers).map(([name, value]) => `  ${name}: ${value}`));
  }
  const long = lines.find((l) => l.length > MAX_LINE);
  if (long) throw new Error(`_headers: a line of ${long.length} characters (Cloudflare reads at most ${MAX_LINE}): ${long.slice(0, 80)}...`);
  return lines.join('\n') + '\n';
}

/** The rules of a `_headers` file (the subset headersFile writes: exact paths and trailing `*`). */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: {} });
      continue;
    }
    const colon = line.indexOf(':');
    const rule = rules.at(-1);
    if (rule && colon > 0) rule.headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return rules;
}

/** The headers for a URL path: those of every matching rule, later rules adding to earlier ones. */
export function headersFor(rules: HeaderRule[], pathname: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of rules) {
    const matches = rule.pattern.endsWith('*') ? pathname.startsWith(rule.pattern.slice(0, -1)) : pathname === rule.pattern;
    if (matches) Object.assign(out, rule.headers);
  }
  return out;
}
