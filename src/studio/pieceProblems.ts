/**
 * Safe-MDX problems placed on the piece editor's blocks: the editor never shows MDX, so a problem
 * at a line and column of the piece's body is shown on the component block it falls in (the n-th
 * allowed component in document order), or under the editor when it is in plain text. Pure.
 */
import { PIECE_COMPONENTS } from '../components/mdx/props.ts';

export interface Located {
  line: number;
  column: number;
  message: string;
}

/** Where each allowed component's tag starts in `body`, in document order; not in code, where a tag is text. */
export function componentTags(body: string): { name: string; line: number; column: number }[] {
  const tags: { name: string; line: number; column: number }[] = [];
  const pattern = new RegExp(`<(${PIECE_COMPONENTS.join('|')})\\b`, 'g');
  let fenced = false;
  body.split('\n').forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced) return;
    for (const m of text.matchAll(pattern)) {
      const inCode = (text.slice(0, m.index).match(/`/g)?.length ?? 0) % 2 === 1;
      if (!inCode) tags.push({ name: m[1]!, line: i + 1, column: m.index + 1 });
    }
  });
  return tags;
}

/** The editor's Markdown as an author writes it: at most one blank line between blocks (code left as is). */
export function tidyBody(markdown: string): string {
  const parts = markdown.trim().split(/(^```[\s\S]*?^```$)/m);
  return `\n${parts.map((part, i) => (i % 2 === 1 ? part : part.replace(/\n{3,}/g, '\n\n'))).join('')}\n`;
}

/** Problems by component index (its place among the tags), and the rest. */
export function placeProblems(body: string, problems: readonly Located[]): { byComponent: Map<number, string[]>; elsewhere: Located[] } {
  const tags = componentTags(body);
  const byComponent = new Map<number, string[]>();
  const elsewhere: Located[] = [];
  for (const problem of problems) {
    let at = -1;
    tags.forEach((tag, i) => {
      if (tag.line === problem.line && tag.column <= problem.column) at = i;
    });
    if (at < 0) elsewhere.push(problem);
    else byComponent.set(at, [...(byComponent.get(at) ?? []), problem.message]);
  }
  return { byComponent, elsewhere };
}
