/**
 * An account file (or any YAML data file, or a piece's front matter) opened for editing through
 * the yaml Document API: values are set by path and the file is written back with the author's
 * comments, formatting and Markdown/MDX body kept. The import and the studio both write this way.
 */
import { applyPatch, structuredPatch } from 'diff';
import matter from 'gray-matter';
import { isMap, isNode, parseDocument, type Document } from 'yaml';

/** An account file opened for editing with comments and body kept. */
export class AccountDoc {
  readonly file: string;
  readonly before: string | undefined;
  readonly doc: Document;
  #body: string | undefined;
  /** The YAML as the author wrote it (front matter only for .md). */
  readonly #yaml: string;

  constructor(file: string, text: string | undefined) {
    this.file = file;
    this.before = text;
    if (/\.mdx?$/.test(file) && text !== undefined) {
      // Options bypass gray-matter's cache, whose hits lack the raw front matter.
      const parsed = matter(text, {});
      // gray-matter gives the block without its last line break; the closing --- needs it back.
      this.#yaml = parsed.matter.replace(/^\r?\n/, '').replace(/\n?$/, '\n');
      this.doc = parseDocument(this.#yaml);
      this.#body = parsed.content;
    } else {
      this.#yaml = text ?? '';
      this.doc = parseDocument(this.#yaml);
      if (!isMap(this.doc.contents)) this.doc.contents = this.doc.createNode({});
    }
  }

  /** Replaces the Markdown/MDX body under the front matter. */
  setBody(body: string) {
    this.#body = body;
  }

  get(path: (string | number)[]): unknown {
    return this.doc.getIn(path);
  }

  /** Sets a value; keeps the node (and its comments) when it is unchanged. */
  set(path: (string | number)[], value: unknown) {
    const current = this.doc.getIn(path);
    if (current === value) return;
    this.doc.setIn(path, typeof value === 'object' && value !== null && !isNode(value) ? this.doc.createNode(value) : value);
  }

  /**
   * The edited file. The library re-renders YAML in its own style (folding, quotes), so the edit is
   * computed between two renderings and applied to the author's text: untouched lines, comments
   * and formatting stay byte for byte. Lines are matched whatever the spacing inside flow brackets,
   * and a changed line keeps the author's spacing (`[a, b]` or `[ a, b ]`). Falls back to the full
   * rendering if the patch cannot apply.
   */
  text(): string {
    const render = (doc: Document) => doc.toString({ lineWidth: 0, flowCollectionPadding: false });
    const changed = render(this.doc);
    let yaml = changed;
    if (this.before !== undefined) {
      const patch = structuredPatch('a', 'a', render(parseDocument(this.#yaml)), changed, '', '', { context: 1 });
      const authorLines = this.#yaml.split('\n');
      for (const hunk of patch.hunks) {
        let at = hunk.oldStart - 1;
        let removed: string[] = [];
        let added = 0;
        hunk.lines = hunk.lines.map((line) => {
          if (line.startsWith('-')) {
            removed.push(authorLines[at] ?? '');
            at++;
            return line;
          }
          if (line.startsWith('+')) return `+${inStyleOf(line.slice(1), removed[added++] ?? removed.at(-1) ?? this.#yaml)}`;
          at++;
          removed = [];
          added = 0;
          return line;
        });
      }
      const merged = applyPatch(this.#yaml, patch, { compareLine: (_n, line, _op, content) => unpadded(line) === unpadded(content) });
      if (merged !== false) yaml = merged;
    }
    return this.#body === undefined ? yaml : `---\n${yaml}---\n${this.#body}`;
  }
}

/** A line without the spaces inside flow brackets. */
const unpadded = (line: string | undefined) => line?.replace(/([{[]) +| +([}\]])/g, '$1$2');

/** A rendered line with the author's spacing inside `[]` and `{}`, as seen in `example`. */
function inStyleOf(line: string, example: string): string {
  let out = line;
  if (/\[ +\S/.test(example)) out = out.replace(/\[(?=[^\s\]])/g, '[ ').replace(/(?<=[^\s[])\]/g, ' ]');
  if (/\{ +\S/.test(example)) out = out.replace(/\{(?=[^\s}])/g, '{ ').replace(/(?<=[^\s{])\}/g, ' }');
  return out;
}
