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

/** The visitor ids seen with the person (none once forgotten). */
export async function visitorsOf(sql: SqlRunner, person: Person): Promise<string[]> {
  if (!(await tablesOf(sql)).has('events')) return [];
  return (await sql.all<{ visitor: string }>(`SELECT DISTINCT visitor FROM (${VISITORS}) ORDER BY visitor`, person.account, person.stakeholder)).map((r) => r.visitor);
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

/** Deletes every row stored about the person; how many went from each table. Safe to repeat. */
export async function forgetPerson(sql: SqlRunner, person: Person): Promise<PersonCount[]> {
  const tables = await tablesOf(sql);
  const counts: PersonCount[] = [];
  for (const t of PERSON_TABLES) {
    if (!tables.has(t.table)) continue;
    const where = t.where(person);
    const { changes } = await sql.run(`DELETE FROM ${t.table} WHERE ${where.sql}`, ...where.params);
    counts.push({ table: t.table, what: t.what, rows: changes });
  }
  return counts;
}

/**
 * The report's alert log (`.tailor/alerts.ndjson`, one alert a line) without the person: they are
 * taken out of each alert's contacts (the alert itself is about the account and stays). Lines it
 * cannot read are kept as they are.
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
    if (alert.account !== person.account || !Array.isArray(alert.contacts)) return line;
    const contacts = alert.contacts.filter((c) => c?.stakeholder !== person.stakeholder);
    if (contacts.length === alert.contacts.length) return line;
    alerts++;
    return JSON.stringify({ ...alert, contacts });
  });
  return { text: lines.join('\n'), alerts };
}
