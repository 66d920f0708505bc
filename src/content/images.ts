/**
 * Checks an image a content file points at (an account's logo, a piece's cover) before Astro and
 * sharp read it: inside the folder it belongs to, present, and really an image. Each failure is a
 * sentence for the author; the build would otherwise stop with a message that names no file.
 */
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { optimize, type CustomPlugin } from 'svgo';
import { PLACEHOLDER_IMAGE_MARK } from './scaffold.ts';

/** Largest SVG: it is published as it is (a 5 MB logo was); a detailed illustration is ~200 KB. */
export const MAX_SVG_BYTES = 1_000_000;
/** Largest raster image: resized and re-encoded at build, but sharp reads the whole original. */
export const MAX_RASTER_BYTES = 20_000_000;

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
  let size: number;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return refuse(`file not found: ${resolved}`);
    size = info.size;
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    head = buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
  if (/<svg[\s>]/i.test(head)) {
    if (size > MAX_SVG_BYTES) return refuse(`${resolved} is ${kb(size)}; an SVG is published as it is, and the limit is ${kb(MAX_SVG_BYTES)} (simplify it, or use a PNG or JPEG)`);
    const problem = svgProblem(await readFile(file, 'utf8'));
    if (problem) return refuse(`${resolved}: ${problem}`);
    return { placeholder: head.includes(PLACEHOLDER_IMAGE_MARK) };
  }
  if (size > MAX_RASTER_BYTES) return refuse(`${resolved} is ${kb(size)}; the limit for an image is ${kb(MAX_RASTER_BYTES)}`);
  const format = await sharp(file)
    .metadata()
    .then((m) => (m.format === 'heif' && m.compression === 'av1' ? 'avif' : m.format))
    .catch(() => undefined);
  if (!format || format === 'svg') return refuse(`${resolved} is not an image (expected ${IMAGE_FORMATS.join(', ')})`);
  if (!(IMAGE_FORMATS as readonly string[]).includes(format)) return refuse(`${resolved} is a ${format} image; use ${IMAGE_FORMATS.join(', ')}`);
  return { placeholder: false };
}

const kb = (bytes: number) => `${Math.round(bytes / 1000).toLocaleString('en')} KB`;

/** Elements that run code, embed documents or handle events; none belongs in an image. */
const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'handler', 'listener']);
/** Attributes holding an address. */
const LINK_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'data']);
/** Animation elements can set an attribute: not a link or an event handler. */
const ANIMATIONS = new Set(['set', 'animate', 'animatemotion', 'animatetransform']);

/** The address's scheme as a browser reads it (tabs, newlines and leading controls dropped). */
const schemeOf = (value: string) => /^([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\u0000-\u0020\u007f]+/g, ''))?.[1]?.toLowerCase();

/**
 * Why an SVG from content or an account may not be published, if it may not: SVGs are served as
 * they are from the microsites' own origin, where a script in one, opened directly, would run with
 * the site's rights. Parsed as XML (svgo's parser, the one svgo's `removeScripts` works on, entities
 * decoded), so `&#106;avascript:` or a script in another namespace is seen for what it is. Refused:
 * a root that is not <svg> (an HTML file named .svg), scripts and foreign objects, event-handler
 * attributes (on...), links that are not to the same document, the web or an embedded image,
 * animations that set a link or handler, entity declarations and style sheets linked in.
 */
export function svgProblem(text: string): string | undefined {
  const found: string[] = [];
  let root: string | undefined;
  const inspect: CustomPlugin = {
    name: 'tailor-inspect',
    fn: () => ({
      doctype: { enter: (node) => void (/<!ENTITY/i.test(node.data.doctype) && found.push('entity declarations (<!ENTITY>) are not allowed')) },
      instruction: { enter: (node) => void (node.name.toLowerCase() !== 'xml' && found.push(`the processing instruction <?${node.name}?> is not allowed`)) },
      element: {
        enter: (node, parent) => {
          const local = (node.name.split(':').pop() ?? '').toLowerCase();
          if (parent.type === 'root') root ??= local;
          if (FORBIDDEN_ELEMENTS.has(local)) found.push(`<${node.name}> is not allowed in an image`);
          for (const [name, value] of Object.entries(node.attributes)) {
            const attr = (name.split(':').pop() ?? '').toLowerCase();
            if (attr.startsWith('on')) found.push(`<${node.name} ${name}>: event handler attributes are not allowed`);
            if (LINK_ATTRIBUTES.has(attr)) {
              const scheme = schemeOf(value);
              if (scheme && !['http', 'https'].includes(scheme) && !(scheme === 'data' && /^\s*data:image\/(png|jpeg|gif|webp|avif);/i.test(value))) {
                found.push(`<${node.name} ${name}="${value.slice(0, 40)}">: "${scheme}:" addresses are not allowed`);
              }
            }
            if (ANIMATIONS.has(local) && attr === 'attributename' && /^(.*:)?(href|on.*)$/i.test(value.trim())) found.push(`<${node.name} attributeName="${value}">: animating a link or an event handler is not allowed`);
          }
        },
      },
    }),
  };
  try {
    optimize(text, { plugins: [inspect] });
  } catch (error) {
    return `not a valid SVG file (${((error as Error).message.split('\n')[0] ?? '').slice(0, 120)})`;
  }
  if (root !== 'svg') return `not an SVG image: its root element is <${root ?? 'none'}>, not <svg>`;
  return found.length ? `${[...new Set(found)].slice(0, 3).join('; ')} (an SVG is published as it is, and opened directly it runs on the microsites' origin)` : undefined;
}
