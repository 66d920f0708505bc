/** The conversion log on Cloudflare D1: each beacon's rows go in one batch (one round trip). */
import type { LogRow } from '../events/schema.ts';
import { CREATE_LOG_SQL, INSERT_SQL, LOG_MIGRATIONS, rowValues, statements, type ConversionLog } from './logSql.ts';

/** The part of D1's binding this adapter uses. */
export interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): unknown; all(): Promise<{ results: unknown[] }> };
  batch(statements: unknown[]): Promise<unknown>;
}

export class D1Log implements ConversionLog {
  readonly #db: D1Like;
  #ready: Promise<unknown> | undefined;

  constructor(db: D1Like) {
    this.#db = db;
  }

  /**
   * Creates the table on first use and brings it up to date (migrations/ does the same for
   * wrangler): index changes on every first use, since they are idempotent; added columns only
   * where nobody runs wrangler's migrations.
   */
  #schema() {
    this.#ready ??= this.#db
      .batch(CREATE_LOG_SQL.map((sql) => this.#db.prepare(sql.replace(/\s+/g, ' '))))
      .then(async () => {
        // A database wrangler migrates (npm run deploy applies migrations/ first) gets its columns
        // from there: adding them here too would make wrangler's next migration fail. Only a
        // database nobody migrates (a bare test binding) gets them here. Index changes apply
        // everywhere: should an older Worker still running during a deploy re-create a dropped
        // index, the new one drops it again.
        const managed = await this.#db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'd1_migrations'").all();
        const { results } = await this.#db.prepare('PRAGMA table_info(events)').all();
        const columns = new Set((results as { name: string }[]).map((c) => c.name));
        for (const m of LOG_MIGRATIONS) {
          if (m.column !== undefined && (managed.results.length > 0 || columns.has(m.column))) continue;
          await this.#db.batch(statements(m.sql).map((sql) => this.#db.prepare(sql)));
        }
      })
      .catch((error: unknown) => {
        this.#ready = undefined; // try again on the next beacon
        throw error;
      });
    return this.#ready;
  }

  async append(rows: LogRow[]): Promise<void> {
    await this.#schema();
    const insert = this.#db.prepare(INSERT_SQL);
    await this.#db.batch(rows.map((row) => insert.bind(...rowValues(row))));
  }
}
