/**
 * Checks an image a content file points at (an account's logo, a piece's cover) before Astro and
 * sharp read it: inside the folder it belongs to, present, and really an image. Each failure is a
 * sentence for the author; the build would otherwise stop with a message that names no file.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { PLACEHOLDER_IMAGE_MARK } from './scaffold.ts';

/** Formats the site's image pipeline reads (Astro assets and the social card). */
export const IMAGE_FORMATS = ['svg', 'png', 'jpeg', 'webp', 'avif', 'gif'] as const;

export interface ImageInspection {
  /** Why the image cannot be used; undefined when it can. */
  problem?: string | undefined;
  /** One of the placeholder images `npm run new` makes (they carry a mark). */
  placeholder: boolean;
}

/**
 * Inspects the image at `value` (relative to `fromFile`, both from the content root); `within` is
 * the folder (from the content root) it must stay inside.
 */
export async function inspectImage(root: string, fromFile: string, value: string, within: string): Promise<ImageInspection> {
  const refuse = (problem: string): ImageInspection => ({ problem, placeholder: false });
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) return refuse(`"${value}" is an address; use a file in ${within}/`);
  if (path.posix.isAbsolute(value) || path.isAbsolute(value)) return refuse(`"${value}" is an absolute path; use a path relative to ${fromFile}, inside ${within}/`);
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), value));
  if (!resolved.startsWith(`${within}/`)) return refuse(`"${value}" resolves to ${resolved}, outside ${within}/ (each file keeps its images in its own folder)`);
  const file = path.join(root, resolved);
  const handle = await open(file).catch(() => undefined);
  if (!handle) return refuse(`file not found: ${resolved}`);
  let head: string;
  try {
    if (!(await handle.stat()).isFile()) return refuse(`file not found: ${resolved}`);
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    head = buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
  if (/<svg[\s>]/i.test(head)) return { placeholder: head.includes(PLACEHOLDER_IMAGE_MARK) };
  const format = await sharp(file)
    .metadata()
    .then((m) => (m.format === 'heif' && m.compression === 'av1' ? 'avif' : m.format))
    .catch(() => undefined);
  if (!format || format === 'svg') return refuse(`${resolved} is not an image (expected ${IMAGE_FORMATS.join(', ')})`);
  if (!(IMAGE_FORMATS as readonly string[]).includes(format)) return refuse(`${resolved} is a ${format} image; use ${IMAGE_FORMATS.join(', ')}`);
  return { placeholder: false };
}
