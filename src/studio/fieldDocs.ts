/**
 * The schemas' own documentation as the forms' help text: every field in src/schemas/ has a JSDoc
 * comment written for the author; this reads them from the source (TypeScript's parser), so the
 * forms explain each field in the schema's words and nothing is restated. A comment is found by
 * its field and the field it is in (`brand.primary`, `owner.name`), following the schemas that a
 * field reuses by name (`buyingCommittee: z.array(stakeholderSchema)`, `...ownerFields`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SOURCES = [fileURLToPath(new URL('../schemas/', import.meta.url)), fileURLToPath(new URL('../components/mdx/props.ts', import.meta.url))];
/** The parent of the top-level fields of the schema (or object of fields) named `name`. */
export const topOf = (name: string) => `@${name}`;

export interface FieldDocs {
  /** The comment of `key` inside the field `parent` (or `topOf(schema)` at the top of a form), if known. */
  of(key: string, parent: string): string | undefined;
}

type Field = ts.PropertyAssignment | ts.ShorthandPropertyAssignment;
const isField = (node: ts.Node): node is Field => ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node);
const nameOf = (node: Field) => (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : undefined);

export function readFieldDocs(): FieldDocs {
  const byChain = new Map<string, string>();
  /** Top-level fields of a named schema (or object of fields), by that name. */
  const byVariable = new Map<string, { key: string; doc: string }[]>();
  /** Where each named schema is used: the field it is in, or ROOT. */
  const usedIn = new Map<string, Set<string>>();
  const files = SOURCES.flatMap((source) => (source.endsWith('.ts') ? [source] : readdirSync(source).filter((f) => f.endsWith('.ts')).map((f) => path.join(source, f))));
  const trees = files.map((file) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
  for (const tree of trees) {
    const visit = (node: ts.Node) => {
      const key = isField(node) ? nameOf(node) : undefined;
      if (isField(node) && key) {
        const doc = ts
          .getJSDocCommentsAndTags(node)
          .filter(ts.isJSDoc)
          .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim();
        let parent: string | undefined;
        let holder: string | undefined;
        for (let up: ts.Node | undefined = node.parent; up; up = up.parent) {
          if (isField(up) && parent === undefined) parent = nameOf(up);
          if ((ts.isVariableDeclaration(up) || ts.isFunctionDeclaration(up)) && up.name && ts.isIdentifier(up.name)) {
            holder = up.name.text;
            break;
          }
        }
        if (doc && parent !== undefined) byChain.set(`${parent}.${key}`, doc);
        else if (doc && holder) {
          byVariable.set(holder, [...(byVariable.get(holder) ?? []), { key, doc }]);
          byChain.set(`${topOf(holder)}.${key}`, doc);
        }
      }
      // A named schema used inside a field, or spread at the top of another.
      if (ts.isIdentifier(node) && !(ts.isVariableDeclaration(node.parent) && node.parent.name === node) && !ts.isImportSpecifier(node.parent)) {
        let field: string | undefined;
        let inType = false;
        for (let up: ts.Node | undefined = node.parent; up; up = up.parent) {
          if (ts.isTypeNode(up)) {
            inType = true;
            break;
          }
          if (isField(up)) {
            field = nameOf(up);
            break;
          }
          // Spread at the top of another schema: its fields are that schema's.
          if ((ts.isVariableDeclaration(up) || ts.isFunctionDeclaration(up)) && up.name && ts.isIdentifier(up.name)) {
            field = topOf(up.name.text);
            break;
          }
        }
        if (!inType && field) usedIn.set(node.text, (usedIn.get(node.text) ?? new Set()).add(field));
      }
      ts.forEachChild(node, visit);
    };
    visit(tree);
  }
  for (const [variable, fields] of byVariable) {
    for (const parent of usedIn.get(variable) ?? []) for (const { key, doc } of fields) if (!byChain.has(`${parent}.${key}`)) byChain.set(`${parent}.${key}`, doc);
  }
  return { of: (key, parent) => byChain.get(`${parent}.${key}`) };
}
