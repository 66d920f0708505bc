/**
 * One rule for every address a content file gives (booking links, the vendor's links, a call to
 * action's href, links in a piece's body): what a browser will do with it, not what it looks like.
 * Browsers read `\` as `/` (so `/\evil.example/x` is another host), drop tabs and newlines inside
 * a scheme (`java\tscript:`), and take `//host` as another host. Pure.
 */
import { z } from 'astro/zod';

export interface AddressRules {
  /** Schemes allowed besides http and https, e.g. `mailto`, `tel`. */
  schemes?: readonly string[];
  /** A path on the site (`/files/guide.pdf`) is allowed. */
  paths?: boolean;
  /** A relative link or fragment (`#pricing`, `./other/`) is allowed: in a piece's body. */
  relative?: boolean;
}

const SITE = 'https://site.invalid';

/** Why `value` is not an address these rules allow, in a sentence; undefined when it is. */
export function addressProblem(value: string, rules: AddressRules = {}): string | undefined {
  const what = rules.paths ? 'an https:// address or a path starting with /' : 'a full address starting with https://';
  // The scheme as a browser reads it: leading and trailing controls and spaces, tabs and newlines dropped.
  const read = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(read)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https' && !rules.schemes?.includes(scheme)) {
    const allowed = ['https', ...(rules.schemes ?? [])].map((s) => `${s}:`).join(', ');
    return `"${scheme}:" addresses are not allowed (use ${allowed}${rules.paths || rules.relative ? ' or a path' : ''})`;
  }
  // Spaces, controls and invisible bidi marks: none belongs in an address.
  if (/[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/.test(value)) return 'no spaces or control characters in an address';
  if (value.includes('\\')) return 'no backslashes in an address (browsers read "\\" as "/": "/\\evil.example" is another host)';
  if (value.startsWith('/')) {
    if (!rules.paths && !rules.relative) return `use ${what}`;
    if (value.startsWith('//')) return 'a path starts with a single "/" ("//host" is another site)';
    return new URL(value, SITE).origin === SITE ? undefined : `"${value}" leaves the site`;
  }
  if (!scheme) return rules.relative ? undefined : `use ${what}`;
  if (scheme === 'http' || scheme === 'https') {
    if (!URL.canParse(value) || !/^https?:\/\/[^/]/i.test(value)) return `not a valid address; use ${what}`;
    const url = new URL(value);
    if (!url.hostname) return `no host in the address; use ${what}`;
    if (url.username || url.password) return 'no user name or password in an address';
  }
  return undefined;
}

/** A zod string holding an address these rules allow. */
export const address = (rules: AddressRules = {}) =>
  z.string().superRefine((value, ctx) => {
    const problem = addressProblem(value, rules);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A web page elsewhere: `https://...` (or http). */
export const webAddress = address();
/** A web page elsewhere or a path on the site, e.g. a call to action's `/files/guide.pdf`. */
export const linkAddress = address({ paths: true });
