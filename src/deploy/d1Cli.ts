/**
 * SQL on a D1 database from this machine, through the project's wrangler (`wrangler d1 execute`):
 * the production one (`--remote`) or the one `wrangler dev` keeps (`--local`, `--persist-to`). The
 * same face as the runtimes' (src/alerts/sql.ts), so that one piece of SQL code (forget, export,
 * retention, drop counts) serves the local log and D1 alike. Parameters are written into the SQL
 * as literals (wrangler's `--command` takes none): strings quoted, numbers checked.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SqlRunner, SqlValue } from '../alerts/sql.ts';
import { stateDir } from '../lib/state.ts';
import { D1_DATABASE } from './workerConfig.ts';
import { wrangler, wranglerJson } from './wrangler.ts';

/** A value as an SQL literal. */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** `sql` with each `?` replaced by the next parameter as a literal (our statements hold no `?` in strings). */
export function inlineSql(sql: string, params: readonly SqlValue[]): string {
  let i = 0;
  const text = sql.replace(/\?/g, () => {
    if (i >= params.length) throw new Error(`too few parameters for: ${sql}`);
    return sqlLiteral(params[i++]!);
  });
  if (i !== params.length) throw new Error(`too many parameters for: ${sql}`);
  return text;
}

export interface D1Target {
  /** The generated Worker config (`.tailor/worker/wrangler.json`). */
  config: string;
  /** `--local` (with its `--persist-to` when given) or `--remote`. */
  local: boolean;
  persistTo?: string | undefined;
}

/** The command-line options that name a D1, for every command that reads or changes one. */
export const D1_OPTIONS = {
  local: { type: 'boolean', default: false },
  remote: { type: 'boolean', default: false },
  'persist-to': { type: 'string' },
  config: { type: 'string' },
} as const;

type D1Values = { local?: boolean | undefined; remote?: boolean | undefined; 'persist-to'?: string | undefined; config?: string | undefined };

/** The D1 `--local` or `--remote` names, or undefined with neither (the local log alone); both is an error. */
export function chosenD1(values: D1Values): D1Target | undefined {
  if (values.local && values.remote) throw new Error('--local and --remote: choose one D1');
  return values.local || values.remote ? d1Target(values) : undefined;
}

/** The D1 the command-line options name: `--local [--persist-to <dir>]` or the deployed one; `--config` or the deploy's. */
export function d1Target(values: D1Values): D1Target {
  const config = path.resolve(values.config ?? path.join(stateDir(), 'worker', 'wrangler.json'));
  if (!existsSync(config)) throw new Error(`${config}: no Worker config; run \`npm run deploy\` first (it writes it), or pass --config`);
  return { config, local: Boolean(values.local), persistTo: values['persist-to'] };
}

/**
 * Where a local D1 lives: `--persist-to`, else wrangler's default beside the config it was given
 * (`<config's folder>/.wrangler/state`, i.e. `.tailor/worker/.wrangler/state` for the deploy's).
 */
export function localD1State(target: D1Target): string {
  return path.resolve(target.persistTo ?? path.join(path.dirname(target.config), '.wrangler', 'state'));
}

/** How the target is named to people: "the production D1" or "the local D1 in <dir>". */
export function describeD1(target: D1Target): string {
  const dir = localD1State(target);
  const rel = path.relative('.', dir);
  return target.local ? `the local D1 in ${rel.startsWith('..') ? dir : rel || '.'}` : 'the production D1';
}

interface D1Result {
  results: Record<string, unknown>[];
  success: boolean;
  meta?: { changes?: number };
}

/** Runs SQL text (one or more statements) on the target; one result per statement. */
export function d1Execute(target: D1Target, sql: string): D1Result[] {
  const where = target.local ? ['--local', ...(target.persistTo ? ['--persist-to', target.persistTo] : [])] : ['--remote'];
  const output = wrangler(['d1', 'execute', D1_DATABASE, ...where, '--config', target.config, '--json', '--command', sql], { quiet: true });
  const results = wranglerJson<D1Result[]>(output);
  if (results.some((r) => !r.success)) throw new Error(`D1 query failed:\n${output}`);
  return results;
}

/** A SqlRunner over wrangler: each call is one `wrangler d1 execute` (about a second). */
export function d1CliRunner(target: D1Target): SqlRunner {
  return {
    all: async <T>(sql: string, ...params: SqlValue[]) => d1Execute(target, inlineSql(sql, params))[0]!.results as T[],
    run: async (sql, ...params) => ({ changes: d1Execute(target, inlineSql(sql, params))[0]!.meta?.changes ?? 0 }),
    batch: async (statements) => {
      if (statements.length) d1Execute(target, statements.map((s) => inlineSql(s.sql, s.params)).join(';\n'));
    },
  };
}
