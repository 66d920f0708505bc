/**
 * `npm run log`: tail or export the conversion log.
 *   npm run log                          last 20 events, as a table
 *   npm run log -- --follow              ... and keep printing new ones
 *   npm run log -- --since 2026-11-01 --until 2026-12-01 --format csv > nov.csv   (--until is exclusive)
 *   npm run log -- --since 7d --account lumivaara --format ndjson
 *   npm run log -- --backup backups/conversions-2026-11-25.db   a consistent copy while the server runs
 *   npm run log -- --format parquet --out exports/log.parquet [--since ... --until ... --account ...]
 *                                        the whole range as one typed Parquet file (streamed; see src/export/parquet.ts)
 *   npm run log -- --stats [--since 30d] [--local | --remote]
 *                                        events stored and dropped by reason (bots, origins, limits...),
 *                                        from the local log or from D1 (the Worker's)
 * Times are ISO dates/times or a duration back from now (30m, 12h, 7d).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CONTROL_CHARACTERS, LOG_COLUMNS, type LogRow } from '../events/schema.ts';
import { SqliteLog } from '../collector/sqliteLog.ts';
import { exportParquet, ParquetOutputError } from '../export/parquet.ts';
import { logFile } from '../lib/state.ts';
import { csvLine } from './links.ts';
import { sqliteRunner } from '../alerts/sql.ts';
import { collectorStats, formatCollectorStats } from '../collector/drops.ts';
import { chosenD1, d1CliRunner, D1_OPTIONS, describeD1 } from '../deploy/d1Cli.ts';

export function parseTime(value: string, now = Date.now()): number {
  const ago = /^(\d+)(m|h|d)$/.exec(value);
  if (ago) return now - Number(ago[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[ago[2] as 'm' | 'h' | 'd'];
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`"${value}" is not a time: use an ISO date such as 2026-11-01, or 30m, 12h, 7d`);
  return t;
}

const EVERY_CONTROL_CHARACTER = new RegExp(CONTROL_CHARACTERS.source, 'g');

/**
 * Text safe to print: each control character (CONTROL_CHARACTERS) as a visible `\u001b`, JSON's
 * own escape, so that an NDJSON line still parses back to the stored text. The collector stores
 * none, but a log written before it refused them (or pulled from one) may hold some, and printed
 * raw they would move the cursor, recolour or clear the terminal, or make text read backwards.
 */
export function escapeControls(text: string): string {
  return text.replace(EVERY_CONTROL_CHARACTER, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatRows(rows: LogRow[], format: 'ndjson' | 'csv' | 'table', header: boolean): string {
  const text = (value: unknown) => escapeControls(String(value ?? ''));
  // JSON.stringify escapes C0 controls itself; the rest (DEL, C1, bidi marks) only occur inside strings.
  if (format === 'ndjson') return rows.map((r) => escapeControls(JSON.stringify(r)) + '\n').join('');
  if (format === 'csv') {
    return (header ? csvLine([...LOG_COLUMNS]) : '') + rows.map((r) => csvLine(LOG_COLUMNS.map((c) => text(r[c])))).join('');
  }
  return rows
    .map((r) =>
      [new Date(r.receivedAt).toISOString(), text(r.type).padEnd(20), text(r.account), text(r.persona ?? '-'), text(r.piece ?? '-'), text(r.stakeholder ?? '-'), text(r.value)].join('  ') + '\n',
    )
    .join('');
}

/** A consistent copy of the log (SQLite's VACUUM INTO: safe while the collector writes). */
function backup(target: string) {
  if (existsSync(target)) throw new Error(`${target} exists; choose a new file name (a backup never overwrites)`);
  mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const log = new SqliteLog(logFile());
  try {
    const rows = log.count();
    log.db.prepare('VACUUM INTO ?').run(path.resolve(target));
    console.log(`Backed up ${rows.toLocaleString('en')} event(s) from ${logFile()} to ${target}.`);
  } finally {
    log.close();
  }
}

/** `--format parquet --out <file>`: the range as one Parquet file, progress on stderr. */
async function parquet(out: string, range: { from?: number; to?: number; account?: string }) {
  const log = new SqliteLog(logFile());
  const abort = new AbortController();
  const stop = (signal: NodeJS.Signals) => abort.abort(new Error(`interrupted (${signal}): nothing written to ${out}`));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const started = performance.now();
  let reported = started;
  try {
    const result = await exportParquet(log.db, out, {
      ...range,
      signal: abort.signal,
      onProgress(written, total) {
        const now = performance.now();
        if (now - reported < 2000 || written === total) return;
        reported = now;
        const percent = total ? Math.floor((written / total) * 100) : 100;
        process.stderr.write(`tailor log: ${written.toLocaleString('en')} of ${total.toLocaleString('en')} event(s) written (${percent}%)\n`);
      },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Exported ${result.rows.toLocaleString('en')} event(s) from ${logFile()} to ${out} (${(result.bytes / 2 ** 20).toFixed(1)} MB, ${seconds} s).`);
  } catch (error) {
    if (error instanceof ParquetOutputError) throw new Error(`--out: ${error.message}`);
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    log.close();
  }
}

/** A time option's value, or an error naming the option. */
function timeOption(flag: string, value: string): number {
  try {
    return parseTime(value);
  } catch (error) {
    throw new Error(`--${flag}: ${(error as Error).message}`);
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      since: { type: 'string' },
      until: { type: 'string' },
      account: { type: 'string' },
      format: { type: 'string', default: 'table' },
      follow: { type: 'boolean', short: 'f', default: false },
      limit: { type: 'string' },
      backup: { type: 'string' },
      out: { type: 'string' },
      stats: { type: 'boolean', default: false },
      ...D1_OPTIONS,
    },
  });
  if (values.backup) return backup(values.backup);
  if ((values.local || values.remote) && !values.stats) throw new Error('--local and --remote go with --stats (npm run log:pull brings D1\'s events home to read them here)');
  if (values.stats) {
    const since = timeOption('since', values.since ?? '7d');
    const target = chosenD1(values);
    if (target) {
      const name = describeD1(target);
      return void process.stdout.write(formatCollectorStats(name[0]!.toUpperCase() + name.slice(1), await collectorStats(d1CliRunner(target), since)));
    }
    const log = new SqliteLog(logFile());
    try {
      return void process.stdout.write(formatCollectorStats(`Local log ${logFile()}`, await collectorStats(sqliteRunner(log.db), since)));
    } finally {
      log.close();
    }
  }
  const format = values.format as 'ndjson' | 'csv' | 'table' | 'parquet';
  if (!['ndjson', 'csv', 'table', 'parquet'].includes(format)) throw new Error(`--format must be ndjson, csv, table or parquet (got "${format}")`);
  const range = {
    ...(values.since ? { from: timeOption('since', values.since) } : {}),
    ...(values.until ? { to: timeOption('until', values.until) } : {}),
    ...(values.account ? { account: values.account } : {}),
  };
  if (format === 'parquet') {
    if (!values.out) throw new Error('--format parquet needs --out <file> (a Parquet file is not written to standard output)');
    if (values.follow) throw new Error('--follow does not apply to --format parquet (an export is a file; run it again for newer events)');
    if (values.limit !== undefined) throw new Error('--limit does not apply to --format parquet (it exports the whole range: narrow it with --since, --until, --account)');
    return parquet(values.out, range);
  }
  if (values.out !== undefined) throw new Error(`--out is for --format parquet (--format ${format} writes to standard output: redirect it with >)`);
  const log = new SqliteLog(logFile());
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error(`--limit must be a positive whole number (got "${values.limit}")`);
  // Without a range, a tail: the 20 (or --limit) rows stored last, read as such from SQLite.
  const tail = limit ?? (values.since || values.until ? undefined : 20);
  // --follow then prints the rows stored after these (rowid order is arrival order), from the same snapshot.
  const first = log.snapshot(() => ({ rows: log.rows(tail === undefined ? range : { ...range, last: tail }), cursor: log.end() }));
  process.stdout.write(formatRows(first.rows, format, true));
  if (!values.follow) return log.close();
  let cursor = first.cursor;
  setInterval(() => {
    const fresh = log.rowsAfter(cursor, range);
    cursor = fresh.cursor;
    if (fresh.rows.length > 0) process.stdout.write(formatRows(fresh.rows, format, false));
  }, 1000);
}

if (import.meta.main) {
  main().catch((error: Error) => {
    console.error(`tailor log: ${error.message}`);
    process.exit(1);
  });
}
