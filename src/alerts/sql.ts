/**
 * The little SQL the instant alerts need (the outbox, the people table, a look back in the log),
 * written once for both runtimes: Node's built-in SQLite (synchronous) and Cloudflare D1
 * (asynchronous) behind one promise-returning face.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';

export type SqlValue = string | number | null;

export interface SqlRunner {
  all<T>(sql: string, ...params: SqlValue[]): Promise<T[]>;
  /** Runs a statement; `changes` is the number of rows it inserted, updated or deleted. */
  run(sql: string, ...params: SqlValue[]): Promise<{ changes: number }>;
  /** Runs statements in one transaction (D1: one batch). */
  batch(statements: { sql: string; params: SqlValue[] }[]): Promise<void>;
}

/** Node's SQLite (the file beside the conversion log, or the log's own connection). */
export function sqliteRunner(db: DatabaseSync): SqlRunner {
  const cache = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  const prepared = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  return {
    all: async <T>(sql: string, ...params: SqlValue[]) => prepared(sql).all(...(params as SQLInputValue[])) as T[],
    run: async (sql, ...params) => ({ changes: Number(prepared(sql).run(...(params as SQLInputValue[])).changes) }),
    batch: async (statements) => {
      db.exec('BEGIN');
      try {
        for (const s of statements) prepared(s.sql).run(...(s.params as SQLInputValue[]));
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
  };
}

/** The part of D1's binding the alerts use. */
export interface D1Database {
  prepare(sql: string): D1Statement;
  batch(statements: D1Statement[]): Promise<unknown>;
}
interface D1Statement {
  bind(...values: unknown[]): D1Statement;
  all(): Promise<{ results: unknown[] }>;
  run(): Promise<{ meta?: { changes?: number } }>;
}

export function d1Runner(db: D1Database): SqlRunner {
  return {
    all: async <T>(sql: string, ...params: SqlValue[]) => (await db.prepare(sql).bind(...params).all()).results as T[],
    run: async (sql, ...params) => ({ changes: (await db.prepare(sql).bind(...params).run()).meta?.changes ?? 0 }),
    batch: async (statements) => void (await db.batch(statements.map((s) => db.prepare(s.sql).bind(...s.params)))),
  };
}
