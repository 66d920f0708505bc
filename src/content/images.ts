/**
 * Checks an image a content file points at (an account's logo, a piece's cover) before Astro and
 * sharp read it: inside the folder it belongs to, present, and really an image. Each failure is a
 * sentence for the author; the build would otherwise stop with a message that names no file.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { PLACEHOLDER_IMAGE_MARK } from './scaffold.ts';

/** Formats the site's image pipeline reads (Astro assets and the social card). */
export const IMAGE_FORMATS = ['svg', 'png', 'jpeg', 'webp', 'avif', 'gif'] as const;

/**
 * Why the image at `value` (relative to `fromFile`, both from the content root) cannot be used,
 * or undefined when it can. `within` is the folder (from the content root) it must stay inside.
 */
export async function imageProblem(root: string, fromFile: string, value: string, within: string): Promise<string | undefined> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) return `"${value}" is an address; use a file in ${within}/`;
  if (path.posix.isAbsolute(value) || path.isAbsolute(value)) return `"${value}" is an absolute path; use a path relative to ${fromFile}, inside ${within}/`;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), value));
  if (!resolved.startsWith(`${within}/`)) return `"${value}" resolves to ${resolved}, outside ${within}/ (each file keeps its images in its own folder)`;
  const file = path.join(root, resolved);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return `file not found: ${resolved}`;
  const format = await imageFormat(file);
  if (!format) return `${resolved} is not an image (expected ${IMAGE_FORMATS.join(', ')})`;
  if (!(IMAGE_FORMATS as readonly string[]).includes(format)) return `${resolved} is a ${format} image; use ${IMAGE_FORMATS.join(', ')}`;
  return undefined;
}

/** The image format read from the file's header (sharp's probe; SVG by its root element), or undefined. */
async function imageFormat(file: string): Promise<string | undefined> {
  try {
    const metadata = await sharp(file).metadata();
    if (metadata.format === 'svg') return (await looksLikeSvg(file)) ? 'svg' : undefined;
    return metadata.format === 'heif' && metadata.compression === 'av1' ? 'avif' : metadata.format;
  } catch {
    return undefined;
  }
}

async function looksLikeSvg(file: string): Promise<boolean> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return /<svg[\s>]/i.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

/** Whether a file is one of the placeholder images `npm run new` makes (they carry a mark). */
export async function isPlaceholderImage(file: string): Promise<boolean> {
  const handle = await open(file).catch(() => undefined);
  if (!handle) return false;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').includes(PLACEHOLDER_IMAGE_MARK);
  } finally {
    await handle.close();
  }
}
