/**
 * What is stored about one person, and its deletion (GDPR articles 15 and 17): their rows in the
 * conversion log (by stakeholder id, and by every visitor id seen with it, in any account, since
 * a visitor id is theirs too), the instant alerts about them (the outbox keeps each message, with
 * their name), their plan updates, and their line in the people table instant alerts read. The
 * same SQL runs on the local SQLite log and on D1 (src/deploy/d1Cli.ts); tables a store does not
 * have are skipped.
 */
import type { SqlRunner, SqlValue } from '../alerts/sql.ts';
import type { Person } from './person.ts';

/** Visitor ids seen with the person's stakeholder id. */
const VISITORS = 'SELECT visitor FROM events WHERE account = ? AND stakeholder = ? AND visitor IS NOT NULL';

interface PersonTable {
  table: string;
  /** What its rows are, for people. */
  what: string;
  where: (p: Person) => { sql: string; params: SqlValue[] };
  order: string;
}

/** Deleted in this order: the log last, since the others find visitor ids in it. */
export const PERSON_TABLES: readonly PersonTable[] = [
  { table: 'plan_updates', what: 'plan update(s)', where: (p) => ({ sql: 'account = ? AND stakeholder = ?', params: [p.account, p.stakeholder] }), order: 'received_at' },
  { table: 'tailor_people', what: 'people-table entry (names for alerts)', where: (p) => ({ sql: 'account = ? AND id = ?', params: [p.account, p.stakeholder] }), order: 'id' },
  {
    table: 'alert_outbox',
    what: 'instant alert(s)',
    where: (p) => ({ sql: `(account = ? AND stakeholder = ?) OR visitor IN (${VISITORS})`, params: [p.account, p.stakeholder, p.account, p.stakeholder] }),
    order: 'created_at',
  },
  {
    table: 'events',
    what: 'event(s) in the conversion log',
    where: (p) => ({ sql: `(account = ? AND stakeholder = ?) OR visitor IN (${VISITORS})`, params: [p.account, p.stakeholder, p.account, p.stakeholder] }),
    order: 't',
  },
];

async function tablesOf(sql: SqlRunner): Promise<Set<string>> {
  return new Set((await sql.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => r.name));
}

export interface PersonCount {
  table: string;
  what: string;
  rows: number;
}

/** Every row stored about the person, by table (the tables the store has). */
export async function personData(sql: SqlRunner, person: Person): Promise<Record<string, Record<string, unknown>[]>> {
  const tables = await tablesOf(sql);
  const data: Record<string, Record<string, unknown>[]> = {};
  for (const t of [...PERSON_TABLES].reverse()) {
    if (!tables.has(t.table)) continue;
    const where = t.where(person);
    data[t.table] = await sql.all<Record<string, unknown>>(`SELECT * FROM ${t.table} WHERE ${where.sql} ORDER BY ${t.order}`, ...where.params);
  }
  return data;
}

/** How many rows each table holds about the person, and how many visitor ids were seen with them, in one query. */
export async function countPerson(sql: SqlRunner, person: Person, tables?: Set<string>): Promise<{ counts: PersonCount[]; visitors: number }> {
  const present = tables ?? (await tablesOf(sql));
  if (!present.has('events')) return { counts: [], visitors: 0 };
  const parts = PERSON_TABLES.filter((t) => present.has(t.table)).map((t) => ({ t, where: t.where(person) }));
  const [row] = await sql.all<Record<string, number>>(
    `SELECT (SELECT count(DISTINCT visitor) FROM (${VISITORS})) AS visitors, ${parts.map(({ t, where }) => `(SELECT count(*) FROM ${t.table} WHERE ${where.sql}) AS ${t.table}`).join(', ')}`,
    person.account,
    person.stakeholder,
    ...parts.flatMap(({ where }) => where.params),
  );
  return { counts: parts.map(({ t }) => ({ table: t.table, what: t.what, rows: Number(row?.[t.table] ?? 0) })), visitors: Number(row?.visitors ?? 0) };
}

/**
 * Deletes every row stored about the person, in one transaction (D1: one batch, so one wrangler
 * call); what went from each table, counted just before. Safe to repeat.
 */
export async function forgetPerson(sql: SqlRunner, person: Person): Promise<{ counts: PersonCount[]; visitors: number }> {
  const tables = await tablesOf(sql);
  const counted = await countPerson(sql, person, tables);
  const statements = PERSON_TABLES.filter((t) => tables.has(t.table)).map((t) => {
    const where = t.where(person);
    return { sql: `DELETE FROM ${t.table} WHERE ${where.sql}`, params: where.params };
  });
  if (counted.counts.some((c) => c.rows > 0)) await sql.batch(statements);
  return counted;
}

/** What an alert's words say instead of a forgotten person's name. */
export const FORGOTTEN = 'a person who asked to be forgotten';

/**
 * The report's alert log (`.tailor/alerts.ndjson`, one alert a line) without the person: they are
 * taken out of each alert's contacts, and their name out of its words (the alert itself is about
 * the account and stays). Lines it cannot read are kept as they are.
 */
export function scrubAlertLog(text: string, person: Person): { text: string; alerts: number } {
  let alerts = 0;
  const lines = text.split('\n').map((line) => {
    if (!line.trim()) return line;
    let alert: { account?: unknown; contacts?: { stakeholder?: unknown }[] };
    try {
      alert = JSON.parse(line);
    } catch {
      return line;
    }
    if (alert.account !== person.account) return line;
    const contacts = Array.isArray(alert.contacts) ? alert.contacts.filter((c) => c?.stakeholder !== person.stakeholder) : alert.contacts;
    const unnamed = (value: unknown) => (typeof value === 'string' && person.name ? value.split(person.name).join(FORGOTTEN) : value);
    const scrubbed = { ...alert, id: unnamed((alert as { id?: unknown }).id), reason: unnamed((alert as { reason?: unknown }).reason), contacts };
    const text = JSON.stringify(scrubbed);
    if (text === JSON.stringify(alert)) return line;
    alerts++;
    return text;
  });
  return { text: lines.join('\n'), alerts };
}
