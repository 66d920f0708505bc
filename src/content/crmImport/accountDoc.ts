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
   * and formatting stay byte for byte, and lines are matched whatever the spacing inside flow
   * brackets (`{ a: 1 }` or `{a: 1}`, rendered in the author's way). Falls back to the full
   * rendering if the patch cannot apply.
   */
  text(): string {
    const padded = /[{[] +[^\s\]}]/.test(this.#yaml);
    const render = (doc: Document) => doc.toString({ lineWidth: 0, flowCollectionPadding: padded });
    const changed = render(this.doc);
    let yaml = changed;
    if (this.before !== undefined) {
      const patch = structuredPatch('a', 'a', render(parseDocument(this.#yaml)), changed, '', '', { context: 1 });
      const merged = applyPatch(this.#yaml, patch, { compareLine: (_n, line, _op, content) => unpadded(line) === unpadded(content) });
      if (merged !== false) yaml = merged;
    }
    return this.#body === undefined ? yaml : `---\n${yaml}---\n${this.#body}`;
  }
}

/** A line without the spaces inside flow brackets. */
const unpadded = (line: string | undefined) => line?.replace(/([{[]) +| +([}\]])/g, '$1$2');
