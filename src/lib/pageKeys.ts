/**
 * Cache keys for incremental builds (`experimental.incrementalBuild`): Astro restores a page from
 * the previous build when its key and its code (the module graph of its route: layouts,
 * components, src/lib, UI strings) are unchanged. So each key must cover every piece of *data* the
 * page renders, and nothing more, so that one account's change re-renders that account's pages
 * only, and one piece's change only the pages that show it.
 *
 * What each page shows, hence what its key holds:
 * - every page: the site-wide parts (vendor settings from content/site.yaml, the tracker's hashed
 *   file name, the collector URL) and the account's own data (name, logo, colours, owner...);
 * - landing: each track's persona, its proposition, its pieces (count) and the cover of the piece it
 *   starts with; the proof points shown; the plan's progress (in the account data);
 * - track: its persona; title, summary, cover, format and stage of each of its pieces; its proof;
 * - piece: its persona, the piece (front matter and body, or the translation shown), the titles of
 *   the previous and next pieces and the number of steps;
 * - plan: the plan (in the account data) and the title, language and track of each linked piece;
 * - og.png: the account data and the vendor name.
 * Entries are keyed by their content digest and their data as the build sees it (image fields hold
 * the content-hashed asset URL, so a changed logo or cover changes the key).
 */
import { createHash } from 'node:crypto';
import type { AccountSite, PersonaTrack } from './site.ts';
import { siteSettings } from './vendor.ts';
import { trackerFile } from '../tracker/bundle.ts';
import { firstStep, neighbours } from './track.ts';

/** Bump when what a page renders changes in a way its code hash cannot see. */
const KEY_VERSION = 1;

interface Keyed {
  id: string;
  digest?: string | number | undefined;
  data: unknown;
}

let globalPart: unknown[] | undefined;
function global(): unknown[] {
  globalPart ??= [KEY_VERSION, siteSettings(), trackerFile().url, process.env.TAILOR_COLLECTOR_URL ?? null];
  return globalPart;
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 32);

/**
 * JSON of key parts. An imported image is read through its copy (`clone`): reading a field of the
 * image itself marks its original file as used, and Astro then publishes the original too.
 */
const json = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && 'src' in v && 'width' in v && 'format' in v ? ((v as { clone?: unknown }).clone ?? v) : v));

/**
 * An entry as key material, serialised once per entry object: pieces, personas and proof points
 * are shared by thousands of accounts' pages, JSON with a replacer (above) walks every value in
 * JavaScript, and every build computes the keys of all pages (270,000 at 10,000 accounts).
 */
const entryJson = new WeakMap<object, string>();
function entry(e: Keyed): string {
  let text = entryJson.get(e);
  if (text === undefined) entryJson.set(e, (text = json([e.id, e.digest ?? null, e.data])));
  return text;
}

/** The site-wide parts and the account's own data, hashed once per account (each has ~27 pages). */
const accountParts = new WeakMap<AccountSite, string>();
function accountPart(site: AccountSite): string {
  let part = accountParts.get(site);
  if (part === undefined) accountParts.set(site, (part = hash(json([global(), entry(site.entry)]))));
  return part;
}

function key(site: AccountSite, ...parts: unknown[]): string {
  return hash(accountPart(site) + json(parts));
}

const persona = (track: PersonaTrack) => entry(track.persona);

export function landingKey(site: AccountSite): string {
  return key(site, 'landing', site.tracks.map((track) => {
    return [persona(track), track.steps.length, firstStep(track.steps)?.piece.data.cover ?? null];
  }), site.proof.map((p) => [entry(p.proof), p.lang]));
}

export function trackKey(site: AccountSite, track: PersonaTrack): string {
  return key(site, 'track', persona(track), track.steps.map((s) => [s.pieceId, s.stage, s.startHere, entry(s.piece)]), track.proof.map((p) => [entry(p.proof), p.lang]));
}

export function pieceKey(site: AccountSite, track: PersonaTrack, pieceId: string): string {
  const { index, previous, next } = neighbours(track.steps, pieceId);
  const step = track.steps[index]!;
  const title = (s: typeof step | undefined) => (s ? [s.pieceId, s.piece.data.title, s.piece.data.lang] : null);
  return key(site, 'piece', persona(track), track.steps.length, index, step.stage, entry(step.piece), title(previous), title(next));
}

export function planKey(site: AccountSite): string {
  return key(site, 'plan', site.plan?.milestones.map((m) => m.pieces.map((p) => [p.href, p.piece.data.title, p.piece.data.lang])) ?? null);
}

export function cardKey(site: AccountSite): string {
  return key(site, 'og');
}
