/**
 * A piece's body in a rich editor (MDXEditor) that never shows MDX: text is formatted with the
 * toolbar, and the only blocks are the allowed components, each shown as a small form of its
 * props (from their zod schemas, src/components/mdx/props.ts). Safe-MDX problems, checked by the
 * server while typing, are shown in the block they concern.
 */
import { memo, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import {
  BlockTypeSelect,
  BoldItalicUnderlineToggles,
  headingsPlugin,
  insertJsx$,
  jsxPlugin,
  linkPlugin,
  listsPlugin,
  ListsToggle,
  markdownShortcutPlugin,
  MDXEditor,
  NestedLexicalEditor,
  quotePlugin,
  Separator,
  thematicBreakPlugin,
  toolbarPlugin,
  UndoRedo,
  useMdastNodeUpdater,
  usePublisher,
  type JsxComponentDescriptor,
  type JsxEditorProps,
  type MDXEditorMethods,
} from '@mdxeditor/editor';

type PropSchema = { type?: string; enum?: string[]; description?: string };
export type ComponentSchemas = Record<string, { properties?: Record<string, PropSchema>; required?: string[] }>;

/** Problems per component block, published by the editor after each check. */
const problemStore = (() => {
  let byComponent = new Map<number, string[]>();
  const listeners = new Set<() => void>();
  return {
    set(next: Map<number, string[]>) {
      byComponent = next;
      listeners.forEach((l) => l());
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: () => byComponent,
  };
})();

/** Which block this is among the editor's component blocks, in document order. */
function useBlockIndex(ref: React.RefObject<HTMLElement | null>): number {
  const [index, setIndex] = useState(-1);
  const problems = useSyncExternalStore(problemStore.subscribe, problemStore.get);
  useLayoutEffect(() => {
    const element = ref.current;
    const all = element?.closest('.mdxeditor')?.querySelectorAll('[data-piece-component]');
    setIndex(all && element ? Array.prototype.indexOf.call(all, element) : -1);
  }, [problems, ref]);
  return index;
}

const LABELS: Record<string, string> = { Account: 'Account field', When: 'Only when', RoiCalculator: 'ROI calculator', Video: 'Video' };

function ComponentBlock({ mdastNode, descriptor, schemas }: JsxEditorProps & { schemas: ComponentSchemas }) {
  const update = useMdastNodeUpdater();
  const ref = useRef<HTMLFieldSetElement>(null);
  const index = useBlockIndex(ref);
  const problems = useSyncExternalStore(problemStore.subscribe, problemStore.get).get(index) ?? [];
  const name = mdastNode.name ?? '';
  const props = schemas[name]?.properties ?? {};
  const required = new Set(schemas[name]?.required ?? []);
  const attributes = mdastNode.attributes.filter((a): a is Extract<typeof a, { type: 'mdxJsxAttribute' }> => a.type === 'mdxJsxAttribute');
  // Two props edited in a row: the second edit starts from the first, not from the last render.
  const latest = useRef(attributes);
  const seen = useRef(mdastNode);
  if (seen.current !== mdastNode) {
    seen.current = mdastNode;
    latest.current = attributes;
  }
  const valueOf = (prop: string) => {
    const attribute = attributes.find((a) => a.name === prop);
    if (!attribute) return undefined;
    if (attribute.value === null || attribute.value === undefined) return true;
    return typeof attribute.value === 'string' ? attribute.value : attribute.value.value;
  };
  const set = (prop: string, value: string | boolean) => {
    const type = props[prop]?.type;
    const rest = latest.current.filter((a) => a.name !== prop);
    const next =
      value === '' || value === false
        ? rest
        : [
            ...rest,
            type === 'boolean'
              ? { type: 'mdxJsxAttribute' as const, name: prop, value: null }
              : type === 'number' || type === 'integer'
                ? { type: 'mdxJsxAttribute' as const, name: prop, value: { type: 'mdxJsxAttributeValueExpression' as const, value: String(value) } }
                : { type: 'mdxJsxAttribute' as const, name: prop, value: String(value) },
          ];
    // Props keep the order of the schema, as an author would write them.
    const order = Object.keys(props);
    next.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    latest.current = next;
    update({ attributes: next });
  };
  const inline = descriptor.kind === 'text';
  return (
    <fieldset ref={ref} className={`piece-component ${inline ? 'inline' : 'block'}`} data-piece-component={name} contentEditable={false}>
      <legend>{LABELS[name] ?? name}</legend>
      {Object.entries(props).map(([prop, schema]) => {
        const value = valueOf(prop);
        const id = `${name}-${index}-${prop}`;
        return (
          <label key={prop} htmlFor={id} className="prop" title={schema.description}>
            <span>
              {prop}
              {required.has(prop) ? ' *' : ''}
            </span>
            {schema.type === 'boolean' ? (
              <input id={id} name={prop} type="checkbox" checked={value === true} onChange={(e) => set(prop, e.target.checked)} />
            ) : (
              <input
                id={id}
                name={prop}
                type={schema.type === 'number' || schema.type === 'integer' ? 'number' : 'text'}
                defaultValue={value === undefined || value === true ? '' : String(value)}
                onBlur={(e) => set(prop, e.target.value)}
                onKeyDown={(e) => e.stopPropagation()}
              />
            )}
          </label>
        );
      })}
      {descriptor.hasChildren ? (
        <div className="children">
          <NestedLexicalEditor block getContent={(node) => (node as unknown as { children: never[] }).children} getUpdatedMdastNode={(node, children) => ({ ...node, children }) as never} />
        </div>
      ) : null}
      {problems.length > 0 ? (
        <ul className="block-errors" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

function InsertButtons({ schemas }: { schemas: ComponentSchemas }) {
  const insert = usePublisher(insertJsx$);
  return (
    <>
      {Object.keys(schemas).map((name) => (
        <button
          key={name}
          type="button"
          className="insert"
          data-insert={name}
          onClick={() =>
            insert(
              name === 'Account'
                ? { kind: 'text', name, props: { field: 'name' } }
                : name === 'When'
                  ? { kind: 'flow', name, props: { industry: 'telecom' }, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Text for these accounts only.' }] }] }
                  : { kind: 'flow', name, props: {} },
            )
          }
        >
          + {LABELS[name] ?? name}
        </button>
      ))}
    </>
  );
}

/**
 * Memoised, with its blocks' editor made once: a re-render with new descriptors would remount
 * every block and lose what the author is typing in it.
 */
export const PieceBody = memo(function PieceBody(props: { initial: string; schemas: ComponentSchemas; onChange: (markdown: string, edited: boolean) => void; editorRef: React.RefObject<MDXEditorMethods | null> }) {
  const { schemas, onChange } = props;
  const plugins = useMemo(() => {
    const Block = (editorProps: JsxEditorProps) => <ComponentBlock {...editorProps} schemas={schemas} />;
    const descriptors: JsxComponentDescriptor[] = Object.keys(schemas).map((name) => ({
      name,
      kind: name === 'Account' ? 'text' : 'flow',
      props: Object.entries(schemas[name]?.properties ?? {}).map(([prop, s]) => ({ name: prop, type: s.type === 'number' || s.type === 'integer' ? 'expression' : 'string' })),
      hasChildren: name === 'When',
      Editor: Block,
    }));
    return [
      headingsPlugin({ allowedHeadingLevels: [2, 3, 4] }),
      listsPlugin(),
      quotePlugin(),
      linkPlugin(),
      thematicBreakPlugin(),
      markdownShortcutPlugin(),
      jsxPlugin({ jsxComponentDescriptors: descriptors }),
      toolbarPlugin({
        toolbarContents: () => (
          <>
            <UndoRedo />
            <Separator />
            <BoldItalicUnderlineToggles />
            <ListsToggle />
            <BlockTypeSelect />
            <Separator />
            <InsertButtons schemas={schemas} />
          </>
        ),
      }),
    ];
  }, [schemas]);
  return (
    <MDXEditor
      ref={props.editorRef}
      className="piece-editor"
      contentEditableClassName="piece-prose"
      markdown={props.initial}
      // The editor's first change is its own normalising of the file: not an edit.
      onChange={(markdown, initialMarkdownNormalize) => onChange(markdown, !initialMarkdownNormalize)}
      onError={({ error }) => onChange(`__error__${error}`, false)}
      plugins={plugins}
    />
  );
});

export const setBlockProblems = (byComponent: Map<number, string[]>) => problemStore.set(byComponent);
