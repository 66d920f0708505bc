/**
 * The conversion log as one Parquet file (`npm run log -- --format parquet --out <file>`), for
 * DuckDB, pandas/Polars, Spark or a warehouse.
 *
 * Streams: rows come out of SQLite through one cursor in arrival order (rowid) and go out as row
 * groups of `rowGroupRows` rows through hyparquet-writer (pure JavaScript), so memory holds one row
 * group whatever the size of the log. The whole export reads one snapshot of the log (one read
 * transaction: in WAL mode the collector keeps writing meanwhile). The file is written under a
 * temporary name in the target's directory and renamed into place once complete and synced: the
 * target never exists half-written, and a failed or interrupted export removes its temporary file.
 *
 * The Parquet schema is derived from LOG_COLUMNS (order) and logRowSchema (types, nullability):
 * strings and enums are UTF8 strings, whole numbers INT64 except the times (TIME_COLUMNS), which are
 * TIMESTAMP_MILLIS (INT64 milliseconds since the epoch, UTC), other numbers DOUBLE; nullable or
 * optional fields are OPTIONAL columns, the others REQUIRED.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { LOG_COLUMNS, logRowSchema } from '../events/schema.ts';
import { SELECT_SQL } from '../collector/logSql.ts';

type LogColumn = (typeof LOG_COLUMNS)[number];
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/** Log columns that hold a time in ms since the epoch: written as timestamps, not plain numbers. */
export const TIME_COLUMNS: ReadonlySet<LogColumn> = new Set<LogColumn>(['receivedAt', 't']);

export type ParquetKind = 'string' | 'timestamp' | 'int64' | 'double';

export interface ParquetColumn {
  name: LogColumn;
  kind: ParquetKind;
  nullable: boolean;
}

/** The log's columns as Parquet columns, in LOG_COLUMNS order, typed from logRowSchema. */
export function parquetColumns(): ParquetColumn[] {
  return LOG_COLUMNS.map((name) => {
    let field: z.ZodType = logRowSchema.shape[name];
    let nullable = false;
    while (field instanceof z.ZodNullable || field instanceof z.ZodOptional) {
      nullable = true;
      field = field.unwrap() as z.ZodType;
    }
    let kind: ParquetKind;
    if (field instanceof z.ZodString || field instanceof z.ZodEnum) kind = 'string';
    else if (field instanceof z.ZodNumber) kind = field.format === 'safeint' || field.format === 'int32' ? (TIME_COLUMNS.has(name) ? 'timestamp' : 'int64') : 'double';
    else throw new Error(`log column "${name}" has a type the Parquet export does not map (${field.def.type}): extend src/export/parquet.ts`);
    if (TIME_COLUMNS.has(name) && kind !== 'timestamp') throw new Error(`log column "${name}" is listed as a time but is not a whole number in logRowSchema`);
    return { name, kind, nullable };
  });
}

function schemaElement({ name, kind, nullable }: ParquetColumn): SchemaElement {
  const repetition_type = nullable ? 'OPTIONAL' : 'REQUIRED';
  if (kind === 'string') return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
  if (kind === 'timestamp') return { name, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type };
  if (kind === 'int64') return { name, type: 'INT64', repetition_type };
  return { name, type: 'DOUBLE', repetition_type };
}

/** Whether a value read from SQLite fits its Parquet column (SQLite itself does not enforce types). */
function accepts({ kind, nullable }: ParquetColumn): (value: unknown) => boolean {
  const fits = kind === 'string' ? (v: unknown) => typeof v === 'string' : kind === 'double' ? (v: unknown) => typeof v === 'number' : (v: unknown) => Number.isSafeInteger(v);
  return nullable ? (v) => v === null || fits(v) : fits;
}

/** Output that cannot be written (the target's directory, the temporary file, the rename). */
export class ParquetOutputError extends Error {}

/** A hyparquet-writer sink that writes to a file descriptor in chunks of about 1 MB. */
class FileSink extends ByteWriter {
  readonly #fd: number;
  constructor(fd: number) {
    super(1 << 20);
    this.#fd = fd;
  }
  override ensure(size: number): void {
    if (this.index > 1 << 20) this.flush();
    super.ensure(size);
  }
  /** Called by ParquetWriter after every row group, and before the buffer grows past ~1 MB. */
  flush(): void {
    let done = 0;
    while (done < this.index) done += writeSync(this.#fd, new Uint8Array(this.buffer, done, this.index - done));
    this.index = 0;
  }
  override finish(): void {
    this.flush();
    fsyncSync(this.#fd);
  }
}

export interface ParquetExportOptions {
  /** Server receipt time range (ms), `to` exclusive, and an account: like `SqliteLog.rows`. */
  from?: number;
  to?: number;
  account?: string;
  /** Rows per row group (default 10,000): the rows held in memory at once. */
  rowGroupRows?: number;
  /** Called after each row group with the rows written so far and the total to write. */
  onProgress?: (written: number, total: number) => void;
  /** Aborting stops the export between row groups and removes the temporary file. */
  signal?: AbortSignal;
}

export interface ParquetExportResult {
  rows: number;
  bytes: number;
  file: string;
}

/** Writes the log's rows (in arrival order) in a range to `out` as Parquet; replaces an existing `out`. */
export async function exportParquet(db: DatabaseSync, out: string, options: ParquetExportOptions = {}): Promise<ParquetExportResult> {
  const target = path.resolve(out);
  const groupRows = options.rowGroupRows ?? 10_000;
  if (!(Number.isInteger(groupRows) && groupRows > 0)) throw new Error(`rowGroupRows must be a positive whole number (got ${groupRows})`);
  const columns = parquetColumns();
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)];

  const where: string[] = [];
  const args: (string | number)[] = [];
  if (options.from !== undefined) where.push('received_at >= ?'), args.push(options.from);
  if (options.to !== undefined) where.push('received_at < ?'), args.push(options.to);
  if (options.account !== undefined) where.push('account = ?'), args.push(options.account);
  const filter = where.length ? ' WHERE ' + where.join(' AND ') : '';

  const fail = (what: string, error: unknown): never => {
    throw new ParquetOutputError(`cannot write ${out}: ${what}${error instanceof Error ? ` (${error.message})` : ''}`);
  };
  let isDirectory = false;
  try {
    isDirectory = statSync(target).isDirectory();
  } catch {
    // Does not exist yet: the usual case.
  }
  if (isDirectory) throw new ParquetOutputError(`cannot write ${out}: it is a directory`);
  const dir = path.dirname(target);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    fail('cannot create its directory', error);
  }
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}-${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
  } catch (error) {
    fail('cannot create a file in its directory', error);
  }

  let done = false;
  let reading = false;
  let rows = 0;
  try {
    db.exec('BEGIN'); // one snapshot for the count and the rows
    reading = true;
    const total = Number((db.prepare(`SELECT count(*) AS n FROM events${filter}`).get(...args) as { n: number }).n);
    const sink = new FileSink(fd!);
    const writer = new ParquetWriter({ writer: sink, schema, createdBy: 'tailor (hyparquet-writer)' });
    const statement = db.prepare(`${SELECT_SQL}${filter} ORDER BY rowid`);
    statement.setReturnArrays(true);
    const fresh = () => columns.map(() => new Array<unknown>(groupRows));
    let data = fresh();
    let inGroup = 0;
    const writeGroup = async () => {
      const columnData = columns.map((c, i) => ({ name: c.name, data: inGroup === groupRows ? data[i]! : data[i]!.slice(0, inGroup) }));
      await writer.write({ columnData, rowGroupSize: inGroup });
      rows += inGroup;
      inGroup = 0;
      data = fresh();
      options.onProgress?.(rows, total);
      // Let signals (Ctrl-C) and timers in between row groups.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('export aborted');
    };
    const checks = columns.map(accepts);
    const idAt = LOG_COLUMNS.indexOf('id');
    for (const row of statement.iterate(...args) as IterableIterator<unknown[]>) {
      for (let i = 0; i < columns.length; i++) {
        const value = row[i];
        if (!checks[i]!(value)) {
          const { name, kind, nullable } = columns[i]!;
          throw new Error(`cannot export event ${JSON.stringify(row[idAt])}: its ${name} is ${JSON.stringify(value)}, not a ${kind === 'string' ? 'string' : kind === 'double' ? 'number' : 'whole number'}${nullable ? ' or null' : ''}`);
        }
        data[i]![inGroup] = value;
      }
      if (++inGroup === groupRows) await writeGroup();
    }
    if (inGroup > 0) await writeGroup();
    if (rows !== total) throw new Error(`read ${rows} row(s) where the log has ${total}`);
    await writer.finish();
    closeSync(fd!);
    fd = undefined;
    try {
      renameSync(temp, target);
    } catch (error) {
      fail('cannot move the finished file into place', error);
    }
    done = true;
    return { rows, bytes: statSync(target).size, file: target };
  } finally {
    if (fd !== undefined) closeSync(fd);
    if (!done) rmSync(temp, { force: true });
    if (reading) db.exec(done ? 'COMMIT' : 'ROLLBACK');
  }
}
