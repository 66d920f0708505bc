/**
 * Who an alert is about and whom it goes to: each account's name, address and owner, and its
 * people (name, title, role, persona, e-mail, CRM id). Names never enter the Worker's bundle: the
 * Node collector reads them from the account files, the Worker from two D1 tables that
 * `npm run deploy` loads (`tailor_accounts`, `tailor_people`), beside the log.
 */
import type { AccountFile } from '../content/accountFiles.ts';
import type { DecisionRole } from '../schemas/vocabulary.ts';
import type { SqlRunner, SqlValue } from './sql.ts';

export interface DirectoryPerson {
  id: string;
  name: string | null;
  title: string;
  role: DecisionRole;
  persona: string;
  email: string | null;
  crmId: string | null;
}

export interface DirectoryAccount {
  id: string;
  name: string;
  /** The microsite's first path segment, e.g. `lumivaara` or `nordlake-k3f9x2q8vd`. */
  segment: string;
  crmId: string | null;
  owner: { name: string; title: string | null; email: string };
  people: Map<string, DirectoryPerson>;
}

export interface Directory {
  account(id: string): Promise<DirectoryAccount | undefined>;
}

/** The directory entry of an account file. */
export function directoryAccount(file: AccountFile): DirectoryAccount {
  const d = file.data;
  return {
    id: file.id,
    name: d.name,
    segment: file.segment,
    crmId: d.crm?.id ?? null,
    owner: { name: d.owner.name, title: d.owner.title ?? null, email: d.owner.email },
    people: new Map(
      d.buyingCommittee.map((s) => [s.id, { id: s.id, name: s.name ?? null, title: s.title, role: s.role, persona: s.persona, email: s.email ?? null, crmId: s.crmId ?? null }]),
    ),
  };
}

/** An in-memory directory (the Node collector's, from the account files). */
export function memoryDirectory(accounts: DirectoryAccount[]): Directory {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return { account: async (id) => byId.get(id) };
}

export const CREATE_DIRECTORY_SQL = [
  `CREATE TABLE IF NOT EXISTS tailor_accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    segment TEXT NOT NULL,
    crm_id TEXT,
    owner_name TEXT NOT NULL,
    owner_title TEXT,
    owner_email TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS tailor_people (
    account TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT,
    title TEXT NOT NULL,
    role TEXT NOT NULL,
    persona TEXT NOT NULL,
    email TEXT,
    crm_id TEXT,
    PRIMARY KEY (account, id)
  )`,
];

/** Statements that replace the tables' contents with `accounts` (what deploy runs on D1). */
export function directoryStatements(accounts: DirectoryAccount[]): { sql: string; params: SqlValue[] }[] {
  return [
    ...CREATE_DIRECTORY_SQL.map((sql) => ({ sql, params: [] })),
    { sql: 'DELETE FROM tailor_people', params: [] },
    { sql: 'DELETE FROM tailor_accounts', params: [] },
    ...accounts.flatMap((a) => [
      { sql: 'INSERT INTO tailor_accounts (id, name, segment, crm_id, owner_name, owner_title, owner_email) VALUES (?, ?, ?, ?, ?, ?, ?)', params: [a.id, a.name, a.segment, a.crmId, a.owner.name, a.owner.title, a.owner.email] },
      ...[...a.people.values()].map((p) => ({
        sql: 'INSERT INTO tailor_people (account, id, name, title, role, persona, email, crm_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        params: [a.id, p.id, p.name, p.title, p.role, p.persona, p.email, p.crmId],
      })),
    ]),
  ];
}

const literal = (v: SqlValue) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

/**
 * The same statements as one SQL script with the values written in (what `wrangler d1 execute
 * --file` runs). It names people: write it to a private place and remove it once run.
 */
export function directoryScript(accounts: DirectoryAccount[]): string {
  return directoryStatements(accounts)
    .map(({ sql, params }) => {
      let i = 0;
      return `${sql.replace(/\s+/g, ' ').replace(/\?/g, () => literal(params[i++] ?? null))};`;
    })
    .join('\n');
}

interface AccountRow {
  id: string;
  name: string;
  segment: string;
  crm_id: string | null;
  owner_name: string;
  owner_title: string | null;
  owner_email: string;
}
interface PersonRow {
  id: string;
  name: string | null;
  title: string;
  role: DecisionRole;
  persona: string;
  email: string | null;
  crm_id: string | null;
}

/** The directory in SQL tables (D1 on Workers); each account read once per isolate and kept a few minutes. */
export function sqlDirectory(sql: SqlRunner, options: { ttlMs?: number; now?: () => number } = {}): Directory {
  const cache = new Map<string, { at: number; value: DirectoryAccount | undefined }>();
  const ttl = options.ttlMs ?? 300_000;
  const now = options.now ?? Date.now;
  return {
    async account(id) {
      const hit = cache.get(id);
      if (hit && now() - hit.at < ttl) return hit.value;
      let value: DirectoryAccount | undefined;
      try {
        const [row] = await sql.all<AccountRow>('SELECT id, name, segment, crm_id, owner_name, owner_title, owner_email FROM tailor_accounts WHERE id = ?', id);
        if (row) {
          const people = await sql.all<PersonRow>('SELECT id, name, title, role, persona, email, crm_id FROM tailor_people WHERE account = ?', id);
          value = {
            id: row.id,
            name: row.name,
            segment: row.segment,
            crmId: row.crm_id,
            owner: { name: row.owner_name, title: row.owner_title, email: row.owner_email },
            people: new Map(people.map((p) => [p.id, { id: p.id, name: p.name, title: p.title, role: p.role, persona: p.persona, email: p.email, crmId: p.crm_id }])),
          };
        }
      } catch {
        // No tables yet (a deploy that did not load them): alerts name the account by its id.
        value = undefined;
      }
      cache.set(id, { at: now(), value });
      return value;
    },
  };
}
