/**
 * The studio writes content files, so only its own page on this machine may talk to it: the Host
 * must be its loopback address (no DNS rebinding), a browser request must come from its own origin
 * (Origin and Sec-Fetch-Site), and every API call must carry the session's token, which only the
 * page opened through the printed link learns. Pure: headers in, a reason to refuse out.
 */
import { timingSafeEqual } from 'node:crypto';

export interface StudioAddress {
  port: number;
  token: string;
}

export const TOKEN_HEADER = 'x-tailor-studio-token';

const sameToken = (given: string, token: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Why a request is refused, or undefined when it may go on. */
export function refusal(method: string, url: URL, headers: Record<string, string | string[] | undefined>, studio: StudioAddress): string | undefined {
  const one = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const hosts = [`127.0.0.1:${studio.port}`, `localhost:${studio.port}`];
  const host = one('host') ?? '';
  if (!hosts.includes(host)) return `host ${host || '(none)'} is not the studio's loopback address`;
  const site = one('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `a ${site} request`;
  const origin = one('origin');
  if (origin !== undefined && origin !== `http://${host}`) return `origin ${origin} is not the studio`;
  if (method !== 'GET' && method !== 'HEAD' && origin === undefined) return 'a write without an Origin header';
  const isPage = method === 'GET' && (url.pathname === '/' || url.pathname.startsWith('/assets/'));
  const given = isPage ? (url.searchParams.get('token') ?? cookieToken(one('cookie'))) : one(TOKEN_HEADER);
  if (!given || !sameToken(given, studio.token)) return 'no or wrong session token (open the link the studio printed)';
  return undefined;
}

export const TOKEN_COOKIE = 'tailor_studio';
function cookieToken(cookie: string | undefined): string | undefined {
  return cookie?.split(/;\s*/).find((c) => c.startsWith(`${TOKEN_COOKIE}=`))?.slice(TOKEN_COOKIE.length + 1);
}
