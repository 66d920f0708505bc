/**
 * The studio in the browser: the account list, forms generated from the schemas (rjsf over zod's
 * JSON Schema), the piece editor, the live preview, CSV import and publishing. Thin: every rule
 * (validation, safe MDX, import planning, the check) runs on the server, in the project's cores.
 */
import { Component, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import Form from '@rjsf/core';
import validator from '@rjsf/validator-ajv8';
import type { MDXEditorMethods } from '@mdxeditor/editor';
import '@mdxeditor/editor/style.css';
import './studio.css';
import { call, errorSchema, stream, type AccountRow, type FieldError } from './api.ts';
import { PieceBody, setBlockProblems, type ComponentSchemas } from './PieceBody.tsx';
import { placeProblems, tidyBody, type Located } from '../pieceProblems.ts';

type View = { name: 'accounts' } | { name: 'edit'; kind: string; id: string } | { name: 'import' } | { name: 'publish' };

interface FormAnswer {
  file: string;
  schema: Record<string, unknown>;
  values: Record<string, unknown>;
  body?: string;
}
interface SaveAnswer {
  saved: boolean;
  errors?: FieldError[];
  /** An imported draft's fields still to fill in. */
  todo?: FieldError[];
  previewMs?: number;
  checkedMs?: number;
}

function Preview({ origin, path, version }: { origin: string | undefined; path: string | undefined; version: number }) {
  const [ready, setReady] = useState<string>();
  const key = `${path}#${version}`;
  useEffect(() => {
    if (!origin || !path) return;
    let live = true;
    void call<{ status: number }>('GET', `/api/preview?path=${encodeURIComponent(path)}`).then(() => live && setReady(key));
    return () => {
      live = false;
    };
  }, [origin, path, key]);
  if (!origin) return <p className="muted">Preview off (started with --no-preview).</p>;
  if (!path) return <p className="muted">No preview for this file: imported drafts and settings show on the accounts' pages.</p>;
  if (ready !== key) return <p className="muted" aria-busy="true">Preparing the preview…</p>;
  return <iframe title="Preview" className="preview" key={key} src={`${origin}${path}`} data-path={path} data-version={version} />;
}

function Accounts({ open, onChanged }: { open: (view: View) => void; onChanged: number }) {
  const [rows, setRows] = useState<AccountRow[]>();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState('');
  useEffect(() => {
    call<{ accounts: AccountRow[] }>('GET', '/api/accounts').then(
      ({ data }) => setRows(data.accounts),
      (error: Error) => setProblem(`Could not list the accounts: ${error.message}`),
    );
  }, [onChanged]);
  const create = async (kind: 'account' | 'piece' | 'persona') => {
    const { status, data } = await call<{ id: string; error?: string }>('POST', '/api/new', { kind, name });
    if (status !== 201) return setProblem(data.error ?? 'could not create');
    open({ name: 'edit', kind, id: data.id });
  };
  return (
    <section>
      <h1>Accounts</h1>
      {rows === undefined ? <p aria-busy="true">Checking the content…</p> : null}
      <table className="accounts">
        <thead>
          <tr>
            <th>Account</th>
            <th>Status</th>
            <th>Language</th>
            <th>Translation</th>
            <th>Fit</th>
            <th>Problems</th>
            <th>Last change</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows?.map((row) => (
            <tr key={row.file} data-account={row.id} data-status={row.status}>
              <td>
                <button type="button" className="link" onClick={() => open({ name: 'edit', kind: row.status === 'imported' ? 'draft' : 'account', id: row.id })}>
                  {row.name}
                </button>
                <div className="muted">{row.file}</div>
              </td>
              <td className="status">{row.status}</td>
              <td>{row.locale}</td>
              <td className="coverage">{row.coverage ?? 'complete'}</td>
              <td className="fit">{row.fit ?? ''}</td>
              <td className="problems">{row.errors ? `${row.errors} error(s)` : ''} {row.warnings ? `${row.warnings} warning(s)` : ''}</td>
              <td className="changed">
                <time dateTime={row.changed}>{new Date(row.changed).toLocaleString()}</time>
              </td>
              <td>{row.status !== 'imported' ? <button type="button" onClick={() => open({ name: 'edit', kind: 'plan', id: row.id })}>Plan</button> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>New</h2>
      <div className="new">
        <label>
          Name <input name="new-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Nordlake Telecom Oy" />
        </label>
        <button type="button" onClick={() => void create('account')}>New account</button>
        <button type="button" onClick={() => void create('piece')}>New piece</button>
        <button type="button" onClick={() => void create('persona')}>New persona</button>
        {problem ? <p role="alert" className="error">{problem}</p> : null}
      </div>
      <OtherContent open={open} />
      <h2>Settings</h2>
      <button type="button" onClick={() => open({ name: 'edit', kind: 'site', id: 'site' })}>Site settings</button>
    </section>
  );
}

const CONTENT_KINDS = [
  ['piece', 'Pieces'],
  ['persona', 'Personas'],
  ['proof', 'Proof points'],
] as const;

function OtherContent({ open }: { open: (view: View) => void }) {
  const [files, setFiles] = useState<Record<string, string[]>>();
  useEffect(() => {
    void call<Record<string, string[]>>('GET', '/api/files').then(({ data }) => setFiles(data));
  }, []);
  return (
    <div className="content-lists">
      {CONTENT_KINDS.map(([kind, title]) => (
        <section key={kind} data-kind={kind}>
          <h2>{title}</h2>
          <ul>
            {(files?.[kind] ?? []).map((id) => (
              <li key={id}>
                <button type="button" className="link" onClick={() => open({ name: 'edit', kind, id })}>
                  {id}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function Editor({ kind, id, origin, accounts, components }: { kind: string; id: string; origin: string | undefined; accounts: AccountRow[]; components: ComponentSchemas }) {
  const [form, setForm] = useState<FormAnswer>();
  const [loadError, setLoadError] = useState('');
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState('');
  const [version, setVersion] = useState(0);
  const [bodyProblems, setBodyProblems] = useState<Located[]>([]);
  const body = useRef<string | undefined>(undefined);
  /** Whether the author changed the body: an untouched body is not rewritten in the editor's style. */
  const bodyEdited = useRef(false);
  const editor = useRef<MDXEditorMethods | null>(null);
  const account = accounts.find((a) => a.id === id) ?? accounts.find((a) => a.segment);
  const [chosenAccount, setPreviewAccount] = useState<string>();
  const previewAccount = chosenAccount ?? account?.id;
  const [persona, setPersona] = useState('');
  useEffect(() => {
    call<FormAnswer & { error?: string }>('GET', `/api/form?kind=${kind}&id=${encodeURIComponent(id)}`).then(
      ({ status, data }) => {
        if (status !== 200) return setLoadError(data.error ?? `the studio answered ${status}`);
        setForm(data);
        setValues(data.values);
        body.current = data.body;
      },
      (error: Error) => setLoadError(error.message),
    );
  }, [kind, id]);

  const shown = accounts.find((a) => a.id === previewAccount && a.segment);
  const piecePersonas = kind === 'piece' && Array.isArray(values.personas) ? (values.personas as string[]) : [];
  // A piece shows on a persona's track; a persona on its own track; the rest on the landing page.
  const personaShown = kind === 'piece' ? persona || piecePersonas[0] || shown?.personas[0] : kind === 'persona' ? persona || id : persona;
  const path = !shown
    ? undefined
    : kind === 'piece'
      ? `/${shown.segment}/${personaShown}/${id}/`
      : kind === 'plan'
        ? `/${shown.segment}/plan/`
        : personaShown
          ? `/${shown.segment}/${personaShown}/`
          : `/${shown.segment}/`;

  const check = useCallback(
    (markdown: string, edited: boolean) => {
      if (edited) bodyEdited.current = true;
      window.clearTimeout((check as unknown as { timer?: number }).timer);
      (check as unknown as { timer?: number }).timer = window.setTimeout(async () => {
        const { data } = await call<Located[]>('POST', `/api/piece/check?id=${encodeURIComponent(id)}`, { body: markdown });
        const placed = placeProblems(markdown, data);
        setBlockProblems(placed.byComponent);
        setBodyProblems(placed.elsewhere);
      }, 250);
    },
    [id],
  );

  const save = async () => {
    setStatus('Saving…');
    // A prop typed just before Save reaches the editor's state when its input loses focus.
    await new Promise((r) => setTimeout(r, 50));
    const markdown = kind === 'piece' && bodyEdited.current ? editor.current?.getMarkdown() : undefined;
    const started = performance.now();
    const { data } = await call<SaveAnswer>('POST', `/api/form?kind=${kind}&id=${encodeURIComponent(id)}`, {
      values,
      ...(markdown !== undefined ? { body: tidyBody(markdown) } : {}),
      preview: path,
    });
    if (!data.saved) {
      setErrors(data.errors ?? []);
      const located = (data.errors ?? []).filter((e) => e.line !== undefined) as Located[];
      if (located.length && markdown !== undefined) setBlockProblems(placeProblems(markdown, located).byComponent);
      setStatus(`Not saved: ${(data.errors ?? []).length} problem(s), shown at their fields.`);
      return;
    }
    setErrors(data.todo ?? []);
    setVersion((v) => v + 1);
    // The dev server had not shown the change yet (a busy machine): look again shortly.
    if (data.previewMs === undefined) window.setTimeout(() => setVersion((v) => v + 1), 2_000);
    setStatus(
      data.todo?.length
        ? `Saved as a draft; ${data.todo.length} field(s) still to fill in, shown at their fields.`
        : `Saved; the preview shows it (${Math.round(performance.now() - started)} ms).`,
    );
  };

  if (loadError) return <p role="alert" className="error">Could not open {kind} {id}: {loadError}</p>;
  if (!form) return <p aria-busy="true">Loading…</p>;
  const unplaced = errors.filter((e) => e.path.length === 0 && e.line === undefined);
  return (
    <div className="editor">
      <section className="form">
        <h1>
          {kind} <code>{form.file}</code>
        </h1>
        <Form
          schema={form.schema}
          formData={values}
          validator={validator}
          noValidate
          experimental_defaultFormStateBehavior={{ arrayMinItems: { populate: 'never' }, emptyObjectFields: 'skipEmptyDefaults' }}
          showErrorList={false}
          extraErrors={errorSchema(errors.filter((e) => e.path.length > 0)) as never}
          onChange={(e) => setValues(e.formData as Record<string, unknown>)}
          onSubmit={() => void save()}
          uiSchema={{ 'ui:submitButtonOptions': { norender: true } }}
        />
        {kind === 'piece' ? (
          <>
            <h2>Body</h2>
            <PieceBody initial={(body.current ?? '').trim()} schemas={components} onChange={check} editorRef={editor} />
            {bodyProblems.length > 0 ? (
              <ul className="errors body-errors" role="alert">
                {bodyProblems.map((p) => (
                  <li key={`${p.line}:${p.column}:${p.message}`}>
                    Paragraph at line {p.line}: {p.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
        {unplaced.length > 0 ? (
          <ul className="errors" role="alert">
            {unplaced.map((e) => (
              <li key={e.message}>{e.message}</li>
            ))}
          </ul>
        ) : null}
        <div className="actions">
          <button type="button" className="primary" onClick={() => void save()}>
            Save
          </button>
          <output className="save-status">{status}</output>
        </div>
      </section>
      <section className="side">
        <div className="preview-bar">
          <label>
            As account{' '}
            <select name="preview-account" value={previewAccount} onChange={(e) => setPreviewAccount(e.target.value)}>
              {accounts.filter((a) => a.segment).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            persona{' '}
            <select name="preview-persona" value={persona} onChange={(e) => setPersona(e.target.value)}>
              <option value="">{kind === 'piece' ? '(first)' : '(landing page)'}</option>
              {(shown?.personas ?? []).map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
        </div>
        <Preview origin={origin} path={path} version={version} />
      </section>
    </div>
  );
}

function Import({ done }: { done: () => void }) {
  const [files, setFiles] = useState<{ name: string; text: string }[]>([]);
  const [plan, setPlan] = useState<{ rows: number; created: string[]; updated: string[]; rejected: { file: string; line: number; reason: string }[]; diffs: { file: string; diff: string }[] }>();
  const [applied, setApplied] = useState(false);
  const take = async (list: FileList | null) => {
    const read = await Promise.all([...(list ?? [])].map(async (f) => ({ name: f.name, text: await f.text() })));
    setFiles(read);
    setApplied(false);
    const { data } = await call<NonNullable<typeof plan>>('POST', '/api/import/plan', { files: read });
    setPlan(data);
  };
  return (
    <section>
      <h1>Import from the CRM</h1>
      <label
        className="drop"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          void take(e.dataTransfer.files);
        }}
      >
        Drop HubSpot or Salesforce CSV exports here, or choose them:
        <input type="file" name="csv" accept=".csv,text/csv" multiple onChange={(e) => void take(e.target.files)} />
      </label>
      {plan ? (
        <div className="plan">
          <p className="summary">
            {applied ? 'Imported' : 'Would import'} {plan.rows} row(s) from {files.map((f) => f.name).join(', ')}: {plan.created.length} account(s) created, {plan.updated.length} updated, {plan.rejected.length} row(s) rejected.
          </p>
          {plan.rejected.map((r) => (
            <p key={`${r.file}:${r.line}`} className="error">
              {r.file}:{r.line}: {r.reason}
            </p>
          ))}
          {plan.diffs.map((d) => (
            <details key={d.file} open>
              <summary>{d.file}</summary>
              <pre className="diff">{d.diff}</pre>
            </details>
          ))}
          {!applied && plan.diffs.length > 0 ? (
            <button
              type="button"
              className="primary"
              onClick={async () => {
                const { data } = await call<NonNullable<typeof plan>>('POST', '/api/import/apply', { files });
                setPlan(data);
                setApplied(true);
                done();
              }}
            >
              Accept these changes
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function Publish() {
  const [log, setLog] = useState('');
  const [running, setRunning] = useState(false);
  return (
    <section>
      <h1>Publish</h1>
      <p>Checks the content, builds the microsites and, when publishing is configured (TAILOR_SITE_URL and a Cloudflare token), deploys them.</p>
      <button
        type="button"
        className="primary"
        disabled={running}
        onClick={async () => {
          setRunning(true);
          setLog('');
          await stream('/api/publish', (text) => setLog((l) => l + text));
          setRunning(false);
        }}
      >
        Check, build and publish
      </button>
      <pre className="progress" aria-live="polite">
        {log}
      </pre>
    </section>
  );
}

/** A screen that fails to draw says so, and the rest of the studio stays usable. */
class Boundary extends Component<{ children: ReactNode; reset: () => void }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <section role="alert" className="error">
        <h1>This screen could not be shown</h1>
        <p>{this.state.error.message}</p>
        <button type="button" onClick={this.props.reset}>
          Back to the accounts
        </button>
      </section>
    );
  }
}

function App() {
  const [view, setView] = useState<View>({ name: 'accounts' });
  const [accounts, setAccounts] = useState<AccountRow[]>([]);
  const [origin, setOrigin] = useState<string>();
  const [components, setComponents] = useState<ComponentSchemas>();
  const [changed, setChanged] = useState(0);
  useEffect(() => {
    void call<{ accounts: AccountRow[]; preview?: string }>('GET', '/api/accounts').then(({ data }) => {
      setAccounts(data.accounts);
      setOrigin(data.preview);
    });
    void call<ComponentSchemas>('GET', '/api/components').then(({ data }) => setComponents(data));
  }, [changed]);
  const go = (next: View) => {
    setView(next);
    setChanged((c) => c + 1);
  };
  return (
    <>
      <nav className="top">
        <strong>Tailor studio</strong>
        <button type="button" onClick={() => go({ name: 'accounts' })}>Accounts</button>
        <button type="button" onClick={() => go({ name: 'import' })}>Import</button>
        <button type="button" onClick={() => go({ name: 'publish' })}>Publish</button>
      </nav>
      <main>
        <Boundary key={JSON.stringify(view)} reset={() => go({ name: 'accounts' })}>
          {view.name === 'accounts' ? <Accounts open={go} onChanged={changed} /> : null}
          {view.name === 'edit' && components ? <Editor key={`${view.kind}/${view.id}`} kind={view.kind} id={view.id} origin={origin} accounts={accounts} components={components} /> : null}
          {view.name === 'import' ? <Import done={() => setChanged((c) => c + 1)} /> : null}
          {view.name === 'publish' ? <Publish /> : null}
        </Boundary>
      </main>
    </>
  );
}

createRoot(document.getElementById('studio')!).render(<App />);
