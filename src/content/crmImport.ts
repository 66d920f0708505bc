/**
 * CRM import: turns HubSpot / Salesforce company and contact exports (or any CSV with `--map`)
 * into account files. CRM-owned fields are set; everything written by hand (goals, proposition,
 * personas, comments, the Markdown body) is kept. New accounts go to `accounts/drafts/`, which the
 * build ignores until a marketer completes them and moves them to `accounts/`.
 * Plans changes without touching the disk; the CLI writes them (or prints the diff on a dry run).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { applyPatch, structuredPatch } from 'diff';
import matter from 'gray-matter';
import { isMap, isNode, isSeq, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { INDUSTRIES, type Industry } from '../schemas/vocabulary.ts';
import { slugify } from './scaffold.ts';

export const COMPANY_FIELDS = ['id', 'name', 'domain', 'industry', 'employees', 'owner', 'country'] as const;
export const CONTACT_FIELDS = ['contact.id', 'contact.first', 'contact.last', 'contact.email', 'contact.title', 'contact.companyId', 'contact.company'] as const;
type Field = (typeof COMPANY_FIELDS)[number] | (typeof CONTACT_FIELDS)[number];

/** Column names of the standard exports, per field. */
const KNOWN_COLUMNS: Record<string, { system: string; kind: 'company' | 'contact'; columns: Partial<Record<Field, string[]>> }> = {
  'hubspot-companies': {
    system: 'hubspot',
    kind: 'company',
    columns: {
      id: ['Record ID', 'Company ID'],
      name: ['Company name', 'Name'],
      domain: ['Company Domain Name', 'Website URL'],
      industry: ['Industry'],
      employees: ['Number of Employees'],
      owner: ['Company owner'],
      country: ['Country/Region', 'Country'],
    },
  },
  'hubspot-contacts': {
    system: 'hubspot',
    kind: 'contact',
    columns: {
      'contact.id': ['Record ID', 'Contact ID'],
      'contact.first': ['First Name'],
      'contact.last': ['Last Name'],
      'contact.email': ['Email'],
      'contact.title': ['Job Title'],
      'contact.companyId': ['Associated Company ID', 'Associated Company IDs', 'Associated Company IDs (Primary)'],
      'contact.company': ['Associated Company', 'Company Name'],
    },
  },
  'salesforce-accounts': {
    system: 'salesforce',
    kind: 'company',
    columns: {
      id: ['Account ID'],
      name: ['Account Name'],
      domain: ['Website'],
      industry: ['Industry'],
      employees: ['Employees'],
      owner: ['Account Owner'],
      country: ['Billing Country'],
    },
  },
  'salesforce-contacts': {
    system: 'salesforce',
    kind: 'contact',
    columns: {
      'contact.id': ['Contact ID'],
      'contact.first': ['First Name'],
      'contact.last': ['Last Name'],
      'contact.email': ['Email'],
      'contact.title': ['Title'],
      'contact.companyId': ['Account ID'],
      'contact.company': ['Account Name'],
    },
  },
};

/** CRM industry labels (HubSpot enums, Salesforce picklist, LinkedIn-style names) to ours. */
const INDUSTRY_WORDS: [RegExp, Industry][] = [
  [/telecom|wireless/i, 'telecom'],
  [/chemical|petrochem|plastics/i, 'chemicals'],
  [/construction|civil.engineering|engineering|architecture/i, 'engineering-construction'],
  [/government|public.(sector|administration|policy)|military|defen[cs]e/i, 'public-sector'],
  [/non.?profit|ngo|philanthrop|charit|humanitarian|fund.?raising/i, 'ngo'],
  [/information.technology|it.services|software|computer|internet|technology/i, 'it-services'],
  [/manufactur|machinery|industrial|automotive|electronic|mechanical/i, 'manufacturing'],
  [/bank|financ|insurance|investment|capital/i, 'financial-services'],
  [/energy|oil|utilit|renewable|power/i, 'energy'],
  [/health|hospital|medical|pharma|biotech/i, 'healthcare'],
  [/retail|consumer|wholesale/i, 'retail'],
  [/logistic|transport|shipping|freight|supply.chain/i, 'logistics'],
];

export function mapIndustry(label: string): Industry | undefined {
  const key = label.trim().toLowerCase().replace(/[_\s]+/g, '-');
  if ((INDUSTRIES as readonly string[]).includes(key)) return key as Industry;
  return INDUSTRY_WORDS.find(([re]) => re.test(label))?.[1];
}

/** Persona from a job title, in the source languages too. */
const PERSONA_WORDS: [RegExp, string][] = [
  [/\bceo\b|chief executive|managing director|\bpresident\b|toimitusjohtaja|tổng giám đốc|giám đốc điều hành|مدیرعامل|مدیر عامل/i, 'ceo'],
  [/\bcfo\b|chief financial|financ|controller|talous|tài chính|مالی/i, 'cfo'],
  [/\bcto\b|\bcio\b|chief (technology|information|digital)|\bit\b|technolog|architect|teknolog|tietohallinto|công nghệ|فناوری|فن‌آوری/i, 'cto'],
  [/sales|revenue|commercial|myynti|kinh doanh|فروش/i, 'head-of-sales'],
];

export function personaForTitle(title: string, known: ReadonlySet<string>, fallback: string): string {
  const hit = PERSONA_WORDS.find(([re, id]) => known.has(id) && re.test(title))?.[1];
  return hit ?? (known.has('end-user') ? 'end-user' : fallback);
}

const LOCALES: [RegExp, string][] = [
  [/^(fi|finland|suomi)$/i, 'fi-FI'],
  [/^(vn|vietnam|viet nam|việt nam)$/i, 'vi-VN'],
  [/^(ir|iran|ایران)$/i, 'fa-IR'],
  [/^(us|usa|united states.*)$/i, 'en-US'],
];
const localeFor = (country: string | undefined) => LOCALES.find(([re]) => re.test((country ?? '').trim()))?.[1] ?? 'en-GB';

/** "https://www.Nordlake.fi/about" -> "nordlake.fi". */
export function domainOf(value: string): string | undefined {
  const trimmed = value.trim().toLowerCase();
  if (!trimmed) return undefined;
  try {
    const host = new URL(/^https?:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`).hostname.replace(/^www\./, '');
    return /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

export interface Rejection {
  file: string;
  line: number;
  reason: string;
}

export interface ImportFile {
  /** Path for messages. */
  name: string;
  text: string;
}

export interface ExistingAccount {
  /** Path relative to the content root, e.g. `accounts/nordlake.yaml` or `accounts/drafts/x.yaml`. */
  file: string;
  text: string;
}

export interface PlannedChange {
  file: string;
  before: string | undefined;
  after: string;
  /** Account id and CRM row lines behind the change, for the report. */
  account: string;
}

export interface ImportPlan {
  changes: PlannedChange[];
  created: string[];
  updated: string[];
  unchanged: string[];
  rejected: Rejection[];
  rows: number;
}

/** `"Col A=name,Col B=contact.email"` -> mapping. */
export function parseMap(spec: string): Partial<Record<Field, string[]>> {
  const map: Partial<Record<Field, string[]>> = {};
  for (const pair of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.lastIndexOf('=');
    const column = pair.slice(0, eq).trim();
    const field = pair.slice(eq + 1).trim() as Field;
    if (eq <= 0 || ![...COMPANY_FIELDS, ...CONTACT_FIELDS].includes(field)) {
      throw new Error(`--map "${pair}": use "CSV column=field" with field one of ${[...COMPANY_FIELDS, ...CONTACT_FIELDS].join(', ')}`);
    }
    (map[field] ??= []).push(column);
  }
  return map;
}

interface Source {
  system: string;
  kind: 'company' | 'contact';
  columns: Partial<Record<Field, string[]>>;
}

function detect(headers: string[], map: Partial<Record<Field, string[]>> | undefined, system: string | undefined): Source | undefined {
  if (map) {
    const kind = Object.keys(map).some((f) => f.startsWith('contact.')) ? 'contact' : 'company';
    return { system: system ?? 'crm', kind, columns: map };
  }
  const has = (names: string[] | undefined) => names?.some((n) => headers.includes(n)) ?? false;
  let best: { score: number; source: Source } | undefined;
  for (const source of Object.values(KNOWN_COLUMNS)) {
    const key = source.kind === 'company' ? source.columns.name : source.columns['contact.last'];
    if (!has(key)) continue;
    const score = Object.values(source.columns).filter((names) => has(names)).length;
    if (!best || score > best.score) best = { score, source };
  }
  return best?.source;
}

interface Row {
  line: number;
  get(field: Field): string;
}

function readRows(file: ImportFile, source: Source, rejected: Rejection[]): Row[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(file.text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    rejected.push({ file: file.name, line, reason: `not valid CSV: ${(error as Error).message}` });
    return [];
  }
  let previousEnd = 1;
  return records.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    return {
      line,
      get: (field: Field) => {
        for (const column of source.columns[field] ?? []) {
          const value = record[column];
          if (value !== undefined && value !== '') return value.trim();
        }
        return '';
      },
    };
  });
}

/** An account file opened for editing with comments and body kept. */
class AccountDoc {
  readonly file: string;
  readonly before: string | undefined;
  readonly doc: Document;
  readonly #body: string | undefined;
  /** The YAML as the author wrote it (front matter only for .md). */
  readonly #yaml: string;

  constructor(file: string, text: string | undefined) {
    this.file = file;
    this.before = text;
    if (file.endsWith('.md') && text !== undefined) {
      // Options bypass gray-matter's cache, whose hits lack the raw front matter.
      const parsed = matter(text, {});
      // gray-matter gives the block without its last line break; the closing --- needs it back.
      this.#yaml = parsed.matter.replace(/^\r?\n/, '').replace(/\n?$/, '\n');
      this.doc = parseDocument(this.#yaml);
      this.#body = parsed.content;
    } else {
      this.#yaml = text ?? '';
      this.doc = parseDocument(this.#yaml);
      if (!isMap(this.doc.contents)) this.doc.contents = this.doc.createNode({});
    }
  }

  get(path: (string | number)[]): unknown {
    return this.doc.getIn(path);
  }

  /** Sets a value; keeps the node (and its comments) when it is unchanged. */
  set(path: (string | number)[], value: unknown) {
    const current = this.doc.getIn(path);
    if (current === value) return;
    this.doc.setIn(path, typeof value === 'object' && value !== null && !isNode(value) ? this.doc.createNode(value) : value);
  }

  /**
   * The edited file. The library re-renders YAML in its own style (folding, quotes), so the edit is
   * computed between two renderings and applied to the author's text: untouched lines, comments
   * and formatting stay byte for byte. Falls back to the full rendering if the patch cannot apply.
   */
  text(): string {
    const render = (doc: Document) => doc.toString({ lineWidth: 0 });
    const changed = render(this.doc);
    let yaml = changed;
    if (this.before !== undefined) {
      const patch = structuredPatch('a', 'a', render(parseDocument(this.#yaml)), changed, '', '', { context: 1 });
      const merged = applyPatch(this.#yaml, patch);
      if (merged !== false) yaml = merged;
    }
    return this.#body === undefined ? yaml : `---\n${yaml}---\n${this.#body}`;
  }
}

export interface PlanOptions {
  /** Persona ids in the repo and their decision roles. */
  personas: Map<string, string>;
  map?: Partial<Record<Field, string[]>> | undefined;
  system?: string | undefined;
}

export function planImport(files: ImportFile[], existing: ExistingAccount[], options: PlanOptions): ImportPlan {
  const rejected: Rejection[] = [];
  const docs = new Map<string, AccountDoc>();
  const byCrmId = new Map<string, AccountDoc>();
  const byDomain = new Map<string, AccountDoc>();
  const byName = new Map<string, AccountDoc>();
  const index = (doc: AccountDoc) => {
    const system = doc.get(['crm', 'system']);
    const id = doc.get(['crm', 'id']);
    if (system && id) byCrmId.set(`${system}:${id}`, doc);
    const domain = doc.get(['domain']);
    if (typeof domain === 'string') byDomain.set(domain.toLowerCase(), doc);
    const name = doc.get(['name']);
    if (typeof name === 'string') byName.set(name.trim().toLowerCase(), doc);
  };
  for (const e of existing) {
    const doc = new AccountDoc(e.file, e.text);
    docs.set(e.file, doc);
    index(doc);
  }
  const usedIds = new Set(existing.map((e) => e.file.split('/').pop()!.replace(/\.(ya?ml|md)$/, '')));
  const knownPersonas = new Set(options.personas.keys());
  const fallbackPersona = [...knownPersonas].sort()[0] ?? 'end-user';
  let rows = 0;
  const touched = new Set<AccountDoc>();

  const sources = files.map((file) => {
    const headers = (parseCsv(file.text, { to_line: 1, bom: true, relax_column_count: true }) as string[][])[0] ?? [];
    const source = detect(headers.map((h) => h.trim()), options.map, options.system);
    if (!source) rejected.push({ file: file.name, line: 1, reason: `unrecognised columns (${headers.join(', ')}); use --map "Column=field,..."` });
    return { file, source };
  });

  // Companies first, so that contacts in the same run find their accounts.
  for (const { file, source } of [...sources].sort((a, b) => (a.source?.kind === 'company' ? -1 : 0) - (b.source?.kind === 'company' ? -1 : 0))) {
    if (!source) continue;
    const seen = new Map<string, number>();
    for (const row of readRows(file, source, rejected)) {
      rows++;
      const reject = (reason: string) => rejected.push({ file: file.name, line: row.line, reason });
      if (source.kind === 'company') {
        const crmId = row.get('id');
        const name = row.get('name');
        const rawDomain = row.get('domain');
        const domain = domainOf(rawDomain);
        if (!crmId) { reject('company id is empty'); continue; }
        if (!name) { reject('company name is empty'); continue; }
        if (!rawDomain) { reject(`"${name}": domain is empty`); continue; }
        if (!domain) { reject(`"${name}": "${rawDomain}" is not a web domain`); continue; }
        const key = `${source.system}:${crmId}`;
        if (seen.has(key)) { reject(`duplicate of line ${seen.get(key)} (same company id ${crmId})`); continue; }
        seen.set(key, row.line);
        let doc = byCrmId.get(key) ?? byDomain.get(domain);
        if (!doc) {
          const base = slugify(name) || slugify(domain.split('.')[0] ?? '') || `account-${slugify(crmId)}`;
          let id = base;
          for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
          usedIds.add(id);
          doc = new AccountDoc(`accounts/drafts/${id}.yaml`, undefined);
          doc.doc.commentBefore = ` Imported from ${source.system} (${file.name.split(/[\\/]/).pop()}). A draft: the build ignores it until you fill in\n the missing fields (npm run check lists them) and move it to accounts/.`;
          doc.set(['name'], name);
          doc.set(['domain'], domain);
          doc.set(['locale'], localeFor(row.get('country')));
          doc.set(['buyingCommittee'], []);
          docs.set(doc.file, doc);
        }
        doc.set(['name'], name);
        doc.set(['domain'], domain);
        const industry = mapIndustry(row.get('industry'));
        if (industry) doc.set(['industry'], industry);
        const employees = Number(row.get('employees').replace(/[\s,]/g, ''));
        if (Number.isFinite(employees) && employees > 0) doc.set(['numbers', 'employees'], employees);
        if (doc.get(['crm', 'system']) !== source.system || doc.get(['crm', 'id']) !== crmId) {
          doc.set(['crm'], { system: source.system, id: crmId });
        }
        index(doc);
        touched.add(doc);
      } else {
        const crmId = row.get('contact.id');
        const first = row.get('contact.first');
        const last = row.get('contact.last');
        const title = row.get('contact.title');
        const email = row.get('contact.email');
        if (!crmId) { reject('contact id is empty'); continue; }
        if (!first && !last) { reject('contact name is empty'); continue; }
        if (!title) { reject(`"${first} ${last}": job title is empty (it decides the persona)`); continue; }
        if (email && !z.email().safeParse(email).success) { reject(`"${first} ${last}": "${email}" is not an e-mail address`); continue; }
        const key = `${source.system}:${crmId}`;
        if (seen.has(key)) { reject(`duplicate of line ${seen.get(key)} (same contact id ${crmId})`); continue; }
        seen.set(key, row.line);
        const companyId = row.get('contact.companyId').split(/[;,]/)[0]?.trim();
        const companyName = row.get('contact.company');
        // By CRM id; by exact company name only when the export carries no company id at all.
        const doc = companyId ? byCrmId.get(`${source.system}:${companyId}`) : companyName ? byName.get(companyName.toLowerCase()) : undefined;
        if (!doc) { reject(`"${first} ${last}": company ${companyId || companyName || '(none)'} is not an imported or existing account`); continue; }
        touched.add(doc);
        const committee = doc.get(['buyingCommittee']);
        if (!isSeq(committee)) doc.set(['buyingCommittee'], []);
        const list = doc.get(['buyingCommittee']) as { items: unknown[] };
        const items = list.items.map((item, i) => ({ i, js: (item as { toJSON(): Record<string, unknown> }).toJSON?.() ?? {} }));
        const match = items.find((s) => s.js.crmId === crmId) ?? (email ? items.find((s) => typeof s.js.email === 'string' && s.js.email.toLowerCase() === email.toLowerCase()) : undefined);
        const name = [first, last].filter(Boolean).join(' ');
        if (match) {
          doc.set(['buyingCommittee', match.i, 'title'], title);
          doc.set(['buyingCommittee', match.i, 'name'], name);
          if (email) doc.set(['buyingCommittee', match.i, 'email'], email);
          doc.set(['buyingCommittee', match.i, 'crmId'], crmId);
        } else {
          const persona = personaForTitle(title, knownPersonas, fallbackPersona);
          const ids = new Set(items.map((s) => s.js.id));
          let n = 1;
          while (ids.has(`${persona}-${n}`)) n++;
          const stakeholder: Record<string, string> = { id: `${persona}-${n}`, title, persona, role: options.personas.get(persona) ?? 'influencer', name };
          if (email) stakeholder.email = email;
          stakeholder.crmId = crmId;
          list.items.push(doc.doc.createNode(stakeholder));
        }
      }
    }
  }

  const plan: ImportPlan = { changes: [], created: [], updated: [], unchanged: [], rejected, rows };
  for (const doc of touched) {
    const after = doc.text();
    const account = doc.file.split('/').pop()!.replace(/\.(ya?ml|md)$/, '');
    if (doc.before === after) {
      plan.unchanged.push(doc.file);
      continue;
    }
    plan.changes.push({ file: doc.file, before: doc.before, after, account });
    (doc.before === undefined ? plan.created : plan.updated).push(doc.file);
  }
  return plan;
}
