/**
 * Per-account social cards (1200x630 PNG, logo + name on the brand colour), rendered with sharp
 * and cached by content hash: a rebuild renders only cards whose inputs changed.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
/** Bump when the card's look changes, so cached cards are rendered again. */
const CARD_VERSION = 2;

export interface CardInput {
  name: string;
  /** Background and text colours (already contrast-checked). */
  primary: string;
  onPrimary: string;
  accent: string;
  /** Logo file bytes (SVG or bitmap); without one the card shows the name only. */
  logo: Buffer | undefined;
  /** Text direction of the name. */
  dir: 'ltr' | 'rtl';
  /** Who the microsite is from (content/site.yaml), in small type under the name. */
  vendor?: string | undefined;
}

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);

/** Splits a long name over at most two lines of roughly `width` characters. */
function nameLines(name: string, width = 26): string[] {
  if (name.length <= width) return [name];
  const words = name.split(/\s+/);
  const lines: string[] = [''];
  for (const word of words) {
    const current = lines[lines.length - 1] as string;
    if (current && (current + ' ' + word).length > width && lines.length < 2) lines.push(word);
    else lines[lines.length - 1] = current ? `${current} ${word}` : word;
  }
  return lines;
}

export function cardKey(input: CardInput): string {
  return createHash('sha256')
    .update(JSON.stringify({ v: CARD_VERSION, name: input.name, p: input.primary, o: input.onPrimary, a: input.accent, d: input.dir, vendor: input.vendor ?? '' }))
    .update(input.logo ?? '')
    .digest('hex')
    .slice(0, 32);
}

/** Renders the card; no cache. */
export async function renderCard(input: CardInput): Promise<Buffer> {
  const logo = input.logo
    ? await sharp(input.logo, { density: 144 }).resize({ width: 420, height: 190, fit: 'inside' }).png().toBuffer({ resolveWithObject: true })
    : undefined;
  const boxX = input.dir === 'rtl' ? CARD_WIDTH - 60 - 480 : 60;
  const lines = nameLines(input.name);
  const anchor = input.dir === 'rtl' ? 'end' : 'start';
  const x = input.dir === 'rtl' ? CARD_WIDTH - 80 : 80;
  const text = lines
    .map((line, i) => `<text x="${x}" y="${430 + i * 70}" text-anchor="${anchor}">${escapeXml(line)}</text>`)
    .join('');
  const overlay = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}">` +
      (logo ? `<rect x="${boxX}" y="60" width="480" height="250" rx="24" fill="#ffffff"/>` : '') +
      `<rect x="0" y="${CARD_HEIGHT - 24}" width="${CARD_WIDTH}" height="24" fill="${input.accent}"/>` +
      `<g font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="60" font-weight="bold" fill="${input.onPrimary}">${text}</g>` +
      (input.vendor ? `<text x="${x}" y="${CARD_HEIGHT - 60}" text-anchor="${anchor}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="30" fill="${input.onPrimary}">${escapeXml(input.vendor)}</text>` : '') +
      `</svg>`,
  );
  const layers: OverlayOptions[] = [{ input: overlay, left: 0, top: 0 }];
  if (logo) {
    const left = boxX + Math.round((480 - logo.info.width) / 2);
    const top = 60 + Math.round((250 - logo.info.height) / 2);
    layers.push({ input: logo.data, left, top });
  }
  return sharp({ create: { width: CARD_WIDTH, height: CARD_HEIGHT, channels: 3, background: input.primary } })
    .composite(layers)
    .png({ compressionLevel: 6 })
    .toBuffer();
}

export interface CardCache {
  dir: string;
  /** Counts for the build summary and the bench. */
  stats: { rendered: number; cached: number };
}

export function cardCache(dir = process.env.TAILOR_CACHE_DIR ?? path.resolve('node_modules/.cache/tailor/social-cards')): CardCache {
  return { dir, stats: { rendered: 0, cached: 0 } };
}

/** The card from the cache, or rendered and stored there. `label` names the account in the log. */
export async function cachedCard(cache: CardCache, input: CardInput, label: string): Promise<Buffer> {
  const file = path.join(cache.dir, `${cardKey(input)}.png`);
  try {
    const hit = await readFile(file);
    cache.stats.cached++;
    return hit;
  } catch {
    // Not cached yet.
  }
  const png = await renderCard(input);
  await mkdir(cache.dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, png);
  await rename(tmp, file);
  cache.stats.rendered++;
  console.log(`[tailor] social card rendered: ${label}`);
  return png;
}
