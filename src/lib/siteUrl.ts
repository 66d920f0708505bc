/**
 * The public origin of the microsites (TAILOR_SITE_URL): social cards and personal links need
 * absolute URLs. Without it a build is a local preview on LOCAL_SITE_URL. Pure.
 */

export const LOCAL_SITE_URL = 'http://localhost:4321';

/** Why a TAILOR_SITE_URL value cannot be used, or undefined when it can (or is unset). */
export function siteUrlProblem(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an absolute URL; use the public origin, e.g. https://abm.example.com`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${value}" must start with https://`;
  if (url.pathname !== '/' || url.search || url.hash) return `"${value}" must be an origin only (no path, query or #): the microsites live at its root`;
  return undefined;
}

/** The origin pages and links are made for: TAILOR_SITE_URL, else the local preview address. */
export function siteUrl(): string {
  return process.env.TAILOR_SITE_URL ? new URL(process.env.TAILOR_SITE_URL).origin : LOCAL_SITE_URL;
}
