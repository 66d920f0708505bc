/**
 * What is stored about one person, and its deletion (GDPR articles 15 and 17): their rows in the
 * conversion log (by stakeholder id, and the anonymous rows of every visitor id seen with it, in
 * any account: their browser before the personal link identified them), the instant alerts about
 * them (the outbox keeps each message, with their name), their plan updates, and their line in the
 * people table instant alerts read. A browser is not always one person's (a forwarded link, a
 * seller trying links): rows of that browser identified as someone else stay theirs, and are
 * counted so the command can say so. The same SQL runs on the local SQLite log and on D1
 * (src/deploy/d1Cli.ts); tables a store does not have are skipped.
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
  { table: 'plan_pull_handled', what: 'plan update(s) marked as handled by plan:pull', where: (p) => ({ sql: 'account = ? AND stakeholder = ?', params: [p.account, p.stakeholder] }), order: 'handled_at' },
  { table: 'tailor_people', what: 'people-table entry (names for alerts)', where: (p) => ({ sql: 'account = ? AND id = ?', params: [p.account, p.stakeholder] }), order: 'id' },
  {
    table: 'alert_outbox',
    what: 'instant alert(s)',
    where: (p) => ({ sql: `(account = ? AND stakeholder = ?) OR (stakeholder IS NULL AND visitor IN (${VISITORS}))`, params: [p.account, p.stakeholder, p.account, p.stakeholder] }),
    order: 'created_at',
  },
  {
    table: 'events',
    what: 'event(s) in the conversion log',
    where: (p) => ({ sql: `(account = ? AND stakeholder = ?) OR (stakeholder IS NULL AND visitor IN (${VISITORS}))`, params: [p.account, p.stakeholder, p.account, p.stakeholder] }),
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

export interface PersonCounts {
  counts: PersonCount[];
  /** Visitor ids seen with their stakeholder id. */
  visitors: number;
  /** Other people identified on those visitor ids (a shared browser, a forwarded link): their rows are kept. */
  others: number;
}

/** How many rows each table holds about the person, how many visitor ids were seen with them, and who else used those, in one query. */
export async function countPerson(sql: SqlRunner, person: Person, tables?: Set<string>): Promise<PersonCounts> {
  const present = tables ?? (await tablesOf(sql));
  if (!present.has('events')) return { counts: [], visitors: 0, others: 0 };
  const parts = PERSON_TABLES.filter((t) => present.has(t.table)).map((t) => ({ t, where: t.where(person) }));
  const [row] = await sql.all<Record<string, number>>(
    `SELECT (SELECT count(DISTINCT visitor) FROM (${VISITORS})) AS visitors, ` +
      `(SELECT count(DISTINCT account || '/' || stakeholder) FROM events WHERE stakeholder IS NOT NULL AND NOT (account = ? AND stakeholder = ?) AND visitor IN (${VISITORS})) AS others, ` +
      parts.map(({ t, where }) => `(SELECT count(*) FROM ${t.table} WHERE ${where.sql}) AS ${t.table}`).join(', '),
    person.account,
    person.stakeholder,
    person.account,
    person.stakeholder,
    person.account,
    person.stakeholder,
    ...parts.flatMap(({ where }) => where.params),
  );
  return { counts: parts.map(({ t }) => ({ table: t.table, what: t.what, rows: Number(row?.[t.table] ?? 0) })), visitors: Number(row?.visitors ?? 0), others: Number(row?.others ?? 0) };
}

/**
 * Deletes every row stored about the person, in one transaction (D1: one batch, so one wrangler
 * call); what went from each table, counted just before. Safe to repeat.
 */
export async function forgetPerson(sql: SqlRunner, person: Person): Promise<PersonCounts> {
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
  // Their name as a whole name: forgetting "Ann" leaves "Annika" alone.
  const name = person.name ? new RegExp(`(?<![\\p{L}\\p{N}])${person.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu') : undefined;
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
    const unnamed = (value: unknown) => (typeof value === 'string' && name ? value.replace(name, FORGOTTEN) : value);
    const scrubbed = { ...alert, id: unnamed((alert as { id?: unknown }).id), reason: unnamed((alert as { reason?: unknown }).reason), contacts };
    const text = JSON.stringify(scrubbed);
    if (text === JSON.stringify(alert)) return line;
    alerts++;
    return text;
  });
  return { text: lines.join('\n'), alerts };
}

/** A personal-links CSV (`npm run links`: account, stakeholder, title, ..., name, e-mail, link) without the person's rows. */
export function scrubLinksCsv(text: string, person: Person, parse: (text: string) => string[][], line: (cells: string[]) => string): { text: string; removed: number } {
  const [header, ...rows] = parse(text);
  if (!header) return { text, removed: 0 };
  const kept = rows.filter((r) => !(r[0] === person.account && r[1] === person.stakeholder));
  return { text: line(header) + kept.map(line).join(''), removed: rows.length - kept.length };
}
