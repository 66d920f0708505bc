/**
 * The studio's HTTP server: loopback only, every request guarded (src/studio/guard.ts), a small
 * JSON API over the content root, and the browser app (src/studio/client/) bundled with esbuild
 * when the studio starts. Never part of a build: nothing here is imported by Astro.
 * The cores it calls stay where they are: schemas, the check, safe MDX, the import's planning,
 * the scaffolds of `npm run new`; this file only routes to them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTwoFilesPatch } from 'diff';
import { build } from 'esbuild';
import type { z } from 'astro/zod';
import { checkContent } from '../content/checkContent.ts';
import { inspectPiece } from '../content/safeMdx.ts';
import { loadYaml, readFrontMatter } from '../content/yaml.ts';
import { planImport, type ImportPlan } from '../content/crmImport/index.ts';
import { existingAccounts, personaRoles, writePlan } from '../cli/import.ts';
import { scaffold } from '../cli/new.ts';
import { listAccounts } from './accountList.ts';
import { componentSchemas, formSchemaOf, FORM_KINDS, isFormKind, type FormKind, type FormKindName } from './formSchemas.ts';
import { refusal, TOKEN_COOKIE, TOKEN_HEADER } from './guard.ts';
import { gitChanges, publish } from './publish.ts';
import type { Preview } from './preview.ts';
import { formValues, writeForm } from './writeBack.ts';

export interface StudioOptions {
  root: string;
  port: number;
  token: string;
  preview?: Preview | undefined;
}

/** A problem placed at a form field (`path`) or at a line of a piece's body. */
export interface FieldError {
  path: (string | number)[];
  message: string;
  line?: number | undefined;
  column?: number | undefined;
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PIECE_ID = /^(?:[a-z]{2,3}(?:-[A-Za-z0-9]+)?\/)?[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CLIENT_ENTRY = fileURLToPath(new URL('./client/main.tsx', import.meta.url));

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** The file a kind and id stand for, relative to the root; refuses anything but a plain id. */
export function fileOf(kind: FormKindName, id: string): string {
  const spec: FormKind = FORM_KINDS[kind];
  if (spec.file) return spec.file;
  if (!(kind === 'piece' ? PIECE_ID : ID).test(id)) throw new HttpError(400, `"${id}" is not an id (lowercase letters, digits and dashes)`);
  return `${spec.dir}/${id}${spec.ext}`;
}

/** `buyingCommittee[0].persona` -> ['buyingCommittee', 0, 'persona']. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .split(/\.|\[(\d+)\]/)
    .filter((part) => part !== undefined && part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function dataOf(text: string, file: string): unknown {
  return file.endsWith('.mdx') ? readFrontMatter(text, file).data ?? {} : loadYaml(text, file);
}

function zodErrors(schema: z.ZodType, data: unknown, at: (string | number)[]): FieldError[] {
  const parsed = schema.safeParse(data);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const full = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const inside = at.every((key, i) => full[i] === key);
    return { path: inside ? full.slice(at.length) : [], message: issue.message };
  });
}

async function bundleClient(): Promise<{ js: string; css: string }> {
  const result = await build({
    entryPoints: [CLIENT_ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    outdir: 'studio-out',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    loader: { '.svg': 'dataurl' },
  });
  const out = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: out('.js'), css: out('.css') };
}

const SHELL = (token: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="tailor-studio-token" content="${token}">
<title>Tailor studio</title><link rel="stylesheet" href="/assets/studio.css"></head>
<body><div id="studio"></div><script type="module" src="/assets/studio.js"></script></body></html>`;

export async function createStudio(options: StudioOptions): Promise<Server> {
  const { root, port, token, preview } = options;
  const client = await bundleClient();
  /** Files the studio wrote this session, for the publish screen's "what changed". */
  const written = new Set<string>();

  const readBody = async (req: IncomingMessage, limit = 20_000_000): Promise<unknown> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new HttpError(413, 'request too large');
      chunks.push(chunk);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      throw new HttpError(400, 'expected JSON');
    }
  };

  /**
   * Writes whole or not at all: a temporary file renamed over the old one, so that astro dev's
   * watcher never reads a half-written file (it would keep that and miss the rest).
   */
  const write = async (file: string, text: string) => {
    const target = path.join(root, file);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.studio-tmp`);
    await writeFile(temporary, text);
    await rename(temporary, target);
    written.add(file);
  };

  /** The preview page a file shows on, to wait for it after a save. */
  const previewPath = async (kind: FormKindName, id: string, at?: string): Promise<string | undefined> => {
    if (at) return at;
    if (kind === 'account' || kind === 'plan') {
      const row = (await listAccounts(root, { errors: [], warnings: [], counts: { accounts: 0, drafts: 0, personas: 0, pieces: 0, proof: 0 }, drafts: [] })).find((a) => a.id === id && a.segment);
      return row ? `/${row.segment}/${kind === 'plan' ? 'plan/' : ''}` : undefined;
    }
    return undefined;
  };

  const save = async (kind: FormKindName, id: string, body: { values?: unknown; body?: string; preview?: string }) => {
    const spec: FormKind = FORM_KINDS[kind];
    const file = fileOf(kind, id);
    const before = await readFile(path.join(root, file), 'utf8').catch(() => {
      throw new HttpError(404, `${file} does not exist`);
    });
    const at = spec.at ?? [];
    const text = writeForm(before, file, body.values ?? {}, { at, ...(body.body !== undefined ? { body: body.body } : {}) });
    const fileSchema = kind === 'plan' ? FORM_KINDS.account.schema : spec.schema;
    let errors: FieldError[];
    try {
      errors = zodErrors(fileSchema, dataOf(text, file), at);
    } catch (error) {
      errors = [{ path: [], message: (error as Error).message }];
    }
    // An imported draft is completed over several sittings: what it still lacks is shown, not refused
    // (the check lists it too, as a to-do, until the draft is moved to accounts/).
    const todo = kind === 'draft' ? errors : [];
    if (errors.length > 0 && kind !== 'draft') return { status: 422, json: { saved: false, errors } };
    const page = await previewPath(kind, id, body.preview);
    const fingerprint = preview && page ? await preview.fingerprint(page) : undefined;
    const started = performance.now();
    await write(file, text);
    // The check and the preview's reload run side by side; what the build would reject is not
    // kept: the file goes back as it was, the errors to their fields.
    // Handled here, not only where it is awaited: a rejection while the check runs would otherwise be
    // unhandled, and stop the studio.
    const previewed = preview && page ? preview.waitForChange(page, fingerprint, 5_000).catch(() => undefined) : Promise.resolve(undefined);
    const report = await checkContent(root);
    const checkedMs = Math.round(performance.now() - started);
    const problems = report.errors.filter((p) => p.file === file);
    if (problems.length > 0) {
      await write(file, before);
      written.delete(file);
      const prefix = at.join('.');
      return {
        status: 422,
        json: {
          saved: false,
          errors: problems.map((p) => {
            const full = p.line ? [] : fieldPath(p.field);
            return { path: prefix && p.field.startsWith(prefix) ? full.slice(at.length) : full, message: p.field.startsWith('<') ? `${p.field}: ${p.message}` : p.message, line: p.line, column: p.column };
          }),
        },
      };
    }
    const previewMs = await previewed;
    return { status: 200, json: { saved: true, todo, file, text, checkedMs, previewMs: previewMs === undefined ? undefined : Math.round(performance.now() - started), warnings: report.warnings.filter((p) => p.file === file) } };
  };

  const importPlan = async (files: { name: string; text: string }[]): Promise<ImportPlan> => {
    if (!Array.isArray(files) || files.some((f) => typeof f?.name !== 'string' || typeof f.text !== 'string')) throw new HttpError(400, 'files: [{ name, text }]');
    return planImport(files, await existingAccounts(root), { personas: await personaRoles(root) });
  };
  const planView = (plan: ImportPlan) => ({
    rows: plan.rows,
    created: plan.created,
    updated: plan.updated,
    unchanged: plan.unchanged,
    rejected: plan.rejected,
    notes: plan.notes,
    deals: plan.deals.filter((d) => d.action !== 'unchanged'),
    diffs: plan.changes.map((c) => ({ file: c.file, diff: createTwoFilesPatch(c.before === undefined ? '/dev/null' : c.file, c.file, c.before ?? '', c.after, '', '', { context: 2 }) })),
  });

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<{ status: number; json: unknown } | undefined> {
    const route = `${req.method} ${url.pathname}`;
    const kindParam = url.searchParams.get('kind') ?? '';
    const id = url.searchParams.get('id') ?? '';
    switch (route) {
      case 'GET /api/accounts':
        return { status: 200, json: { accounts: await listAccounts(root), preview: preview?.origin } };
      case 'GET /api/preview': {
        // The page is framed once the dev server serves it: it errs for a moment while content syncs.
        const page = url.searchParams.get('path') ?? '/';
        if (!preview || !page.startsWith('/')) return { status: 200, json: { status: 0 } };
        return { status: 200, json: { status: await preview.waitForPage(page) } };
      }
      case 'GET /api/files': {
        const ids = async (dir: string, pattern: RegExp, deep = false) =>
          (await readdir(path.join(root, dir), { recursive: deep }).catch(() => [] as string[]))
            .map(String)
            .filter((name) => pattern.test(name))
            .map((name) => name.replace(pattern, ''))
            .sort();
        return { status: 200, json: { persona: await ids('content/personas', /\.ya?ml$/), proof: await ids('content/proof', /\.ya?ml$/), piece: await ids('content/pieces', /\.mdx$/, true) } };
      }
      case 'GET /api/components':
        return { status: 200, json: componentSchemas() };
      case 'GET /api/form': {
        if (!isFormKind(kindParam)) throw new HttpError(400, `unknown kind "${kindParam}"`);
        const file = fileOf(kindParam, id);
        const text = await readFile(path.join(root, file), 'utf8').catch(() => {
          throw new HttpError(404, `${file} does not exist`);
        });
        const body = kindParam === 'piece' ? text.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '') : undefined;
        return { status: 200, json: { file, schema: formSchemaOf(kindParam), values: formValues(text, file, (FORM_KINDS[kindParam] as FormKind).at) ?? {}, body } };
      }
      case 'POST /api/form': {
        if (!isFormKind(kindParam)) throw new HttpError(400, `unknown kind "${kindParam}"`);
        return save(kindParam, id, (await readBody(req)) as { values?: unknown; body?: string });
      }
      case 'POST /api/new': {
        const { kind, name } = (await readBody(req)) as { kind?: string; name?: string };
        if (kind !== 'account' && kind !== 'piece' && kind !== 'persona') throw new HttpError(400, 'kind: account, piece or persona');
        if (!name?.trim()) throw new HttpError(400, 'give a name');
        const files = await scaffold(kind, name.trim(), { root }).catch((error: Error) => {
          throw new HttpError(409, error.message);
        });
        files.forEach((f) => written.add(f));
        return { status: 201, json: { id: path.basename(files[0]!).replace(/\.\w+$/, ''), files } };
      }
      case 'POST /api/piece/check': {
        const { body } = (await readBody(req)) as { body?: string };
        return { status: 200, json: inspectPiece(body ?? '', `content/pieces/${id || 'new'}.mdx`).problems };
      }
      case 'POST /api/import/plan':
        return { status: 200, json: planView(await importPlan(((await readBody(req)) as { files: { name: string; text: string }[] }).files)) };
      case 'POST /api/import/apply': {
        const plan = await importPlan(((await readBody(req)) as { files: { name: string; text: string }[] }).files);
        await writePlan(root, plan);
        plan.changes.forEach((c) => written.add(c.file));
        return { status: 200, json: planView(plan) };
      }
      case 'POST /api/publish': {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
        const say = (line: string) => res.write(`${line}\n`);
        say(`What changed: ${[...written].join(', ') || 'nothing saved in the studio this session'}`);
        for (const line of await gitChanges(root)) say(`  git: ${line}`);
        const ok = await publish(root, say);
        res.end(ok ? 'PUBLISHED\n' : 'FAILED\n');
        return undefined;
      }
      default:
        throw new HttpError(404, `no ${route}`);
    }
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const security = { 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };
    const refused = refusal(req.method ?? 'GET', url, req.headers, { port, token });
    if (refused) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', ...security });
      res.end(`Refused: ${refused}.\n`);
      return;
    }
    try {
      if (req.method === 'GET' && url.pathname === '/') {
        // 'unsafe-eval': the form library's JSON Schema validator (ajv) compiles schemas into functions.
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          'content-security-policy': `default-src 'self'; script-src 'self' 'unsafe-eval'; frame-src ${preview?.origin ?? "'none'"}; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; connect-src 'self'`,
          ...security,
        });
        res.end(SHELL(token));
        return;
      }
      if (req.method === 'GET' && (url.pathname === '/assets/studio.js' || url.pathname === '/assets/studio.css')) {
        const js = url.pathname.endsWith('.js');
        res.writeHead(200, { 'content-type': js ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8', ...security });
        res.end(js ? client.js : client.css);
        return;
      }
      if (!url.pathname.startsWith('/api/')) throw new HttpError(404, 'not found');
      const answer = await api(req, res, url);
      if (!answer) return;
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...security });
      res.end(JSON.stringify(answer.json));
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...security });
      res.end(JSON.stringify({ error: (error as Error).message }));
    }
  });
  return server;
}

export { TOKEN_HEADER };
