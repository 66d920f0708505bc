/**
 * Pieces are a safe subset of MDX. A piece may use Markdown, a short list of plain HTML elements
 * and the piece components (src/components/mdx/props.ts), whose props must be literal values.
 * Nothing in a piece can import a module, read a variable, run a script or reach the account file:
 * the components are its whole surface. Enforced on every .mdx module at build (tailorContent's
 * Vite plugin) and by `npm run check`, with the same code, parsed by the same MDX parser (satteri)
 * that Astro compiles pieces with. Pure.
 */
import path from 'node:path';
import { parse as parseJs, type Expression, type Node as JsNode } from 'acorn';
import { mdxToMdast, type MdastNode } from 'satteri';
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { pieceComponentProps, PIECE_COMPONENTS, type PieceComponentName } from '../components/mdx/props.ts';
import { accountField, PersonalisationError, whenMatches, type PersonalisableAccount, type WhenConditions } from '../lib/personalise.ts';
import { suggest } from '../lib/crossref.ts';
import { addressProblem } from '../schemas/url.ts';

export interface BodyProblem {
  line: number;
  column: number;
  message: string;
}

/** One `<Account field>` in a piece, with the `<When>` blocks around it (it renders only when all match). */
export interface AccountFieldUse {
  field: string;
  line: number;
  column: number;
  when: WhenConditions[];
}

export interface PieceInspection {
  problems: BodyProblem[];
  fields: AccountFieldUse[];
  /** Relative Markdown images (inside content/), which the build imports: to check on disk. */
  images: { url: string; line: number; column: number }[];
}

/** Plain HTML a piece may use besides Markdown: prose, tables, figures. No scripts, frames, forms or embeds. */
export const PIECE_HTML_ELEMENTS = new Set(
  'a abbr aside b blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp section small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr'.split(' '),
);
/** Attributes any prose element may carry (case-insensitive). `name` and `form` are not among them: they can override document properties the tracking snippet reads. */
const GLOBAL_ATTRIBUTES = new Set(['id', 'class', 'classname', 'title', 'lang', 'dir', 'style', 'role', 'tabindex']);
/** More attributes per element. */
const ELEMENT_ATTRIBUTES: Record<string, Set<string>> = {
  a: new Set(['href', 'rel', 'target', 'hreflang']),
  img: new Set(['src', 'alt', 'width', 'height', 'loading', 'decoding']),
  td: new Set(['colspan', 'rowspan', 'align']),
  th: new Set(['colspan', 'rowspan', 'scope', 'align']),
  col: new Set(['span']),
  colgroup: new Set(['span']),
  ol: new Set(['start', 'reversed', 'type']),
  li: new Set(['value']),
  time: new Set(['datetime']),
  q: new Set(['cite']),
  blockquote: new Set(['cite']),
  del: new Set(['cite', 'datetime']),
  ins: new Set(['cite', 'datetime']),
  details: new Set(['open']),
};
const allowedAttribute = (element: string, attr: string) => GLOBAL_ATTRIBUTES.has(attr) || attr.startsWith('aria-') || ELEMENT_ATTRIBUTES[element]?.has(attr) === true;
/** Attributes holding a URL: checked for their scheme. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite']);
const LINK_SCHEMES = ['mailto', 'tel'];
const COMPONENT_LIST = PIECE_COMPONENTS.map((c) => `<${c}>`).join(', ');

type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };
type LiteralResult = { ok: true; value: Literal | undefined } | { ok: false; why: string };

/** The value of a JavaScript expression that is a plain literal; anything else is refused. */
export function literalValue(code: string): LiteralResult {
  let program;
  try {
    program = parseJs(code, { ecmaVersion: 'latest', sourceType: 'module' });
  } catch {
    program = undefined;
  }
  // Only comments: MDX's way of writing a comment, `{/* ... */}`.
  if (program && program.body.length === 0) return { ok: true, value: undefined };
  let expression: Expression;
  try {
    // Parenthesised so that `{ a: 1 }` reads as an object, not a block.
    const wrapped = parseJs(`(${code}\n)`, { ecmaVersion: 'latest', sourceType: 'module' });
    const statement = wrapped.body[0];
    if (wrapped.body.length !== 1 || statement?.type !== 'ExpressionStatement') return { ok: false, why: 'not a single value' };
    expression = statement.expression;
  } catch (error) {
    return { ok: false, why: `not valid JavaScript (${(error as Error).message.replace(/ \(\d+:\d+\)$/, '')})` };
  }
  try {
    return { ok: true, value: evaluate(expression) };
  } catch (error) {
    return { ok: false, why: (error as Error).message };
  }
}

function evaluate(node: JsNode): Literal {
  switch (node.type) {
    case 'Literal': {
      const literal = node as JsNode & { value: unknown; regex?: unknown; bigint?: unknown };
      if (literal.regex || literal.bigint) break;
      return literal.value as string | number | boolean | null;
    }
    case 'TemplateLiteral': {
      const template = node as JsNode & { expressions: unknown[]; quasis: { value: { cooked: string | null } }[] };
      if (template.expressions.length > 0) throw new Error('a template string with ${...} is code, not a value');
      return template.quasis[0]?.value.cooked ?? '';
    }
    case 'UnaryExpression': {
      const unary = node as JsNode & { operator: string; argument: JsNode };
      const value = unary.argument.type === 'Literal' ? (unary.argument as JsNode & { value: unknown }).value : undefined;
      if ((unary.operator === '-' || unary.operator === '+') && typeof value === 'number') return unary.operator === '-' ? -value : value;
      break;
    }
    case 'ArrayExpression':
      return (node as JsNode & { elements: (JsNode | null)[] }).elements.map((element) => {
        if (!element || element.type === 'SpreadElement') throw new Error('arrays may only hold values');
        return evaluate(element);
      });
    case 'ObjectExpression': {
      const result: Record<string, Literal> = {};
      for (const property of (node as JsNode & { properties: JsNode[] }).properties) {
        const p = property as JsNode & { kind?: string; method?: boolean; shorthand?: boolean; computed?: boolean; key: JsNode & { name?: string; value?: unknown }; value: JsNode };
        if (p.type !== 'Property' || p.kind !== 'init' || p.method || p.shorthand || p.computed) throw new Error('objects may only hold "key: value" pairs of values');
        const key = p.key.type === 'Identifier' ? p.key.name : p.key.value;
        if ((typeof key !== 'string' && typeof key !== 'number') || key === '__proto__') throw new Error('objects may only hold "key: value" pairs of values');
        result[String(key)] = evaluate(p.value);
      }
      return result;
    }
  }
  const what: Record<string, string> = {
    Identifier: 'a variable',
    MemberExpression: 'a property read',
    CallExpression: 'a function call',
    ImportExpression: 'an import',
    MetaProperty: 'import.meta',
    ArrowFunctionExpression: 'a function',
    FunctionExpression: 'a function',
    AwaitExpression: 'await',
    TaggedTemplateExpression: 'a function call',
    NewExpression: 'a constructor call',
    AssignmentExpression: 'an assignment',
    JSXElement: 'JSX inside braces',
  };
  throw new Error(`${what[node.type] ?? `a ${node.type.replace(/Expression$/, '').toLowerCase()} expression`} is code, not a value`);
}

const preview = (code: string) => {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
};

/** What a link in a piece may point at: the web, mail, phone, the site and the page itself (src/schemas/url.ts). */
const linkProblem = (url: string) => addressProblem(url, { schemes: LINK_SCHEMES, paths: true, relative: true });

/**
 * Why an image URL is refused, if it is: images come from the repo's content/ folder (relative to
 * the piece) or the site's public/ folder (`/...`); remote images would make visitors' browsers
 * call third parties, and paths outside content/ could publish other files (another account's logo).
 */
function badImage(url: string, file: string): string | undefined {
  if (url.includes('\\')) return 'no backslashes in image paths (browsers read "/\\" as "//", another host)';
  if (/^[a-z][a-z0-9+.-]*:/i.test(url.replace(/[\u0000-\u0020\u007f]+/g, '')) || url.startsWith('//')) return 'images must be files in the repository (content/...) or under public/ (/...), not remote addresses';
  if (url.startsWith('/')) return undefined;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(url.split(/[?#]/)[0] ?? '')));
  return resolved.startsWith('content/') ? undefined : `image path leaves the content/ folder (resolves to ${resolved})`;
}

/** Largest piece file: a long white paper is about 60 KB of MDX; a 30 MB piece grew dist/ by 850 MB. */
export const MAX_PIECE_BYTES = 512_000;
/** Deepest nest of brackets ( [ { in a piece: prose never needs more than a few. */
export const MAX_BRACKET_DEPTH = 64;
/** Deepest nest of elements and components (<When> in <When>...) or of blockquote markers. */
export const MAX_ELEMENT_DEPTH = 32;

const kb = (bytes: number) => `${Math.round(bytes / 1000).toLocaleString('en')} KB`;

/**
 * The first limit the piece passes, as a problem at its place: its size, its deepest nest of
 * brackets, elements or quotes. A lexical scan, before any parser sees the text.
 */
function boundProblem(source: string): BodyProblem | undefined {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > MAX_PIECE_BYTES) return { line: 1, column: 1, message: `the piece is ${kb(bytes)}; the limit is ${kb(MAX_PIECE_BYTES)} (split it into several pieces, and keep images as files)` };
  let line = 1;
  let column = 1;
  let brackets = 0;
  let lineStart = true;
  let quotes = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\n') {
      line++;
      column = 1;
      lineStart = true;
      quotes = 0;
      continue;
    }
    if (lineStart && c === '>') {
      if (++quotes > MAX_ELEMENT_DEPTH) return { line, column, message: `blockquotes nested deeper than ${MAX_ELEMENT_DEPTH} levels; the limit keeps the parser safe` };
    } else if (lineStart && c !== ' ' && c !== '\t') lineStart = false;
    if (c === '(' || c === '[' || c === '{') {
      if (++brackets > MAX_BRACKET_DEPTH) return { line, column, message: `brackets nested deeper than ${MAX_BRACKET_DEPTH} levels ( ( [ { ); the limit keeps the parser safe` };
    } else if ((c === ')' || c === ']' || c === '}') && brackets > 0) brackets--;
    column++;
  }
  // Elements: an opening tag that is not self-closing goes one deeper, a closing tag one back.
  let depth = 0;
  for (const match of source.matchAll(/<(\/?)[A-Za-z][\w.:-]*(?:\s[^<>]*?)?(\/?)>/g)) {
    if (match[1]) depth = Math.max(0, depth - 1);
    else if (!match[2] && ++depth > MAX_ELEMENT_DEPTH) {
      const before = source.slice(0, match.index);
      const at = before.split('\n');
      return { line: at.length, column: at.at(-1)!.length + 1, message: `elements nested deeper than ${MAX_ELEMENT_DEPTH} levels (such as <When> inside <When>); the limit keeps the parser safe` };
    }
  }
  return undefined;
}

/** Every <Account> field in a complete account that personalisation could read, for the static check. */
const anyAccount: PersonalisableAccount = {
  name: 'x',
  domain: 'x',
  industry: 'telecom',
  tier: 'key',
  stage: 'awareness',
  goals: new Proxy([], { get: (target, key) => (typeof key === 'string' && /^\d+$/.test(key) ? 'x' : Reflect.get(target, key)) }),
  pains: new Proxy([], { get: (target, key) => (typeof key === 'string' && /^\d+$/.test(key) ? 'x' : Reflect.get(target, key)) }),
  proposition: { summary: 'x' },
  owner: { name: 'x' },
  numbers: new Proxy({}, { get: () => 1 }),
};

const stripPrefix = (message: string) => message.replace(/^<Account field="[^"]*" \/>: /, '');

/**
 * Parses a piece and reports everything the safe subset forbids, with line and column, plus the
 * `<Account>` fields it reads (to check against each account that gets it). `file` is the piece's
 * path from the project root (`content/pieces/x.mdx`); image paths are resolved against it.
 */
export function inspectPiece(source: string, file: string): PieceInspection {
  const problems: BodyProblem[] = [];
  const fields: AccountFieldUse[] = [];
  const images: PieceInspection['images'] = [];
  // Bounds first: the parsers below recurse, and a deep enough nest crashes the process (a
  // segmentation fault at 20,000 parentheses, a stack overflow at 5,000 nested <When>).
  const bound = boundProblem(source);
  if (bound) return { problems: [bound], fields, images };
  let tree: MdastNode;
  try {
    // The front matter is cut off exactly as Astro's MDX integration cuts it (blanked, so lines and
    // columns stay), and the rest parsed as the build parses it: satteri alone would end the front
    // matter elsewhere (at "---" only, where Astro also ends it at "----" or "---x") and let a
    // body that the build compiles pass as front matter.
    tree = mdxToMdast(parseFrontmatter(source, { frontmatter: 'empty-with-spaces' }).content);
  } catch (error) {
    const message = (error as Error).message;
    const at = /^(\d+):(\d+):\s*/.exec(message);
    problems.push({ line: Number(at?.[1] ?? 1), column: Number(at?.[2] ?? 1), message: `not valid MDX: ${message.slice(at?.[0].length ?? 0).replace(/\s*\(mdx[^)]*\)$/, '')}` });
    return { problems, fields, images };
  }

  type Node = MdastNode & { children?: Node[]; position?: { start: { line: number; column: number } } };
  const report = (node: Node, message: string) => problems.push({ line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1, message });

  const definitions = new Map<string, { url: string }>();
  const imageRefs = new Set<string>();
  const collect = (node: Node) => {
    if (node.type === 'definition') definitions.set((node as unknown as { identifier: string }).identifier, node as unknown as { url: string });
    if (node.type === 'imageReference') imageRefs.add((node as unknown as { identifier: string }).identifier);
    node.children?.forEach(collect);
  };
  collect(tree as Node);

  const visit = (node: Node, when: WhenConditions[]) => {
    let inner = when;
    switch (node.type) {
      case 'mdxjsEsm':
        report(node, `"${preview(String((node as unknown as { value: string }).value).split('\n')[0] ?? '')}": import and export are not allowed in a piece; the components ${COMPONENT_LIST} are available without import`);
        break;
      case 'mdxFlowExpression':
      case 'mdxTextExpression': {
        const code = String((node as unknown as { value: string }).value);
        const result = literalValue(code);
        if (!result.ok || (result.value !== undefined && typeof result.value === 'object')) {
          report(node, `{${preview(code)}}: expressions are not allowed in a piece (${result.ok ? 'only text or a number' : result.why}); write the text itself, or use ${COMPONENT_LIST}`);
        }
        break;
      }
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        inner = element(node, when);
        break;
      }
      case 'link':
      case 'definition': {
        const url = String((node as unknown as { url: string }).url);
        const problem = linkProblem(url);
        if (problem) report(node, `link to "${preview(url)}": ${problem}`);
        const identifier = (node as unknown as { identifier?: string }).identifier;
        if (node.type === 'definition' && identifier && imageRefs.has(identifier)) {
          const why = badImage(url, file) ?? (url.startsWith('/') ? undefined : 'reference-style images are not processed by the build: write ![alt](./covers/x.svg) inline, or use a /public path');
          if (why) report(node, `image "${preview(url)}": ${why}`);
        }
        break;
      }
      case 'image': {
        const url = String((node as unknown as { url: string }).url);
        const why = badImage(url, file);
        if (why) report(node, `image "${preview(url)}": ${why}`);
        // The build imports it: check (with the file system) that it is there and an image.
        else if (!url.startsWith('/')) images.push({ url, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });
        break;
      }
      case 'imageReference': {
        const identifier = (node as unknown as { identifier: string }).identifier;
        if (!definitions.has(identifier)) report(node, `image reference [${identifier}] has no definition`);
        break;
      }
    }
    node.children?.forEach((child) => visit(child, inner));
  };

  /** Checks one JSX element; returns the `<When>` stack its children render under. */
  const element = (node: Node, when: WhenConditions[]): WhenConditions[] => {
    const el = node as unknown as { name: string | null; attributes: { type: string; name?: string; value?: unknown }[] };
    if (el.name === null) return when; // a fragment, <>...</>
    const name = el.name;
    const props: Record<string, Literal | undefined> = {};
    let usable = true;
    for (const attribute of el.attributes) {
      if (attribute.type === 'mdxJsxExpressionAttribute') {
        report(node, `<${name} {${preview(String(attribute.value))}}>: spread attributes are not allowed in a piece`);
        usable = false;
        continue;
      }
      const attr = String(attribute.name);
      const lower = attr.toLowerCase();
      const html = !(PIECE_COMPONENTS as readonly string[]).includes(name) && /^[a-z]/.test(name);
      if (html && !/^on/i.test(attr) && !allowedAttribute(name.toLowerCase(), lower)) {
        report(node, `<${name} ${attr}>: "${attr}" is not allowed on <${name.toLowerCase()}> in a piece`);
        usable = false;
        continue;
      }
      if (/^on/i.test(attr)) {
        report(node, `<${name} ${attr}>: event handler attributes (on...) are not allowed in a piece`);
        usable = false;
        continue;
      }
      if (attr.includes(':') || attr === 'dangerouslySetInnerHTML' || attr === 'srcdoc') {
        report(node, `<${name} ${attr}>: "${attr}" is not allowed in a piece`);
        usable = false;
        continue;
      }
      let value: Literal | undefined;
      if (attribute.value === null || attribute.value === undefined) value = true;
      else if (typeof attribute.value === 'string') value = attribute.value;
      else {
        const code = String((attribute.value as { value: string }).value);
        const result = literalValue(code);
        if (!result.ok) {
          report(node, `<${name} ${attr}={${preview(code)}}>: only literal values (text, numbers, true/false, lists and objects of them) are allowed in props; ${result.why}`);
          usable = false;
          continue;
        }
        value = result.value;
      }
      props[attr] = value;
      if (html && lower === 'style') {
        // Astro renders an object or a list as CSS too: only a plain string can be checked.
        if (typeof value !== 'string') report(node, `<${name} style>: write the style as text, e.g. style="color: #333"`);
        else if (/url\s*\(|image-set\s*\(|expression\s*\(|@import|\\/i.test(value)) report(node, `<${name} style>: url(), image-set(), expression(), @import and backslash escapes are not allowed in a style`);
      }
      if (html && typeof value === 'string' && URL_ATTRIBUTES.has(lower)) {
        const problem = linkProblem(value);
        if (problem) report(node, `<${name} ${attr}="${preview(value)}">: ${problem}`);
        else if (name.toLowerCase() === 'img' && lower === 'src') {
          const why = badImage(value, file) ?? (value.startsWith('/') ? undefined : 'an <img> in a piece takes a /public path; for an image in content/, write it as Markdown: ![alt](./covers/x.svg)');
          if (why) report(node, `<img src="${preview(value)}">: ${why}`);
        }
      }
    }
    if (PIECE_COMPONENTS.includes(name as PieceComponentName)) {
      const component = name as PieceComponentName;
      if (!usable) return when;
      const parsed = pieceComponentProps[component].safeParse(props);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const prop = issue.path.length ? `${issue.path.join('.')}: ` : '';
          const message = issue.code === 'unrecognized_keys' ? `unknown prop(s) ${issue.keys.join(', ')}` : issue.code === 'invalid_type' && props[String(issue.path[0])] === undefined ? `required (${issue.expected})` : issue.message;
          report(node, `<${component}> ${prop}${message}`);
        }
        return when;
      }
      if (component === 'Account') {
        const field = (parsed.data as { field: string }).field;
        try {
          accountField(anyAccount, field);
          fields.push({ field, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1, when });
        } catch (error) {
          if (!(error instanceof PersonalisationError)) throw error;
          report(node, `<Account field="${field}">: ${stripPrefix(error.message)}`);
        }
      }
      if (component === 'When') return [...when, parsed.data as WhenConditions];
      return when;
    }
    if (/^[A-Z]/.test(name) || name.includes('.')) {
      const hint = suggest(name, PIECE_COMPONENTS);
      report(node, `<${name}>: unknown component` + (hint ? ` (did you mean <${hint}>?)` : '') + `; a piece can use ${COMPONENT_LIST}`);
    } else if (!PIECE_HTML_ELEMENTS.has(name.toLowerCase())) {
      report(node, `<${name}>: this HTML element is not allowed in a piece (allowed: Markdown, ${COMPONENT_LIST} and plain prose elements such as <p>, <strong>, <table>, <figure>)`);
    }
    return when;
  };

  visit(tree as Node, []);
  return { problems, fields, images };
}

/** The `<Account>` fields a piece reads that this account cannot give (skipping blocks that do not show for it). */
export function accountFieldProblems(fields: readonly AccountFieldUse[], account: PersonalisableAccount): BodyProblem[] {
  const problems: BodyProblem[] = [];
  for (const use of fields) {
    if (!use.when.every((w) => whenMatches(account, w))) continue;
    try {
      accountField(account, use.field);
    } catch (error) {
      if (!(error instanceof PersonalisationError)) throw error;
      let message = stripPrefix(error.message).replace(/\. Allowed fields: .*$/, '');
      const number = /^numbers\.(.+)$/.exec(use.field)?.[1];
      if (number) {
        const hint = suggest(number, Object.keys(account.numbers).filter((k) => account.numbers[k] !== undefined));
        if (hint) message += ` (did you mean numbers.${hint}? names are case-sensitive)`;
      }
      problems.push({ line: use.line, column: use.column, message: `<Account field="${use.field}">: ${message}` });
    }
  }
  return problems;
}

/** A build error for an unsafe piece: every problem as `file:line:column: message`. */
export function formatBodyProblems(file: string, problems: readonly BodyProblem[]): string {
  return problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join('\n');
}
