/**
 * CRM import: turns HubSpot / Salesforce company, contact and deal (opportunity) exports (or any
 * CSV with `--map`) into account files. CRM-owned fields are set; everything written by hand
 * (goals, proposition, personas, deal notes, comments, the Markdown body) is kept. New accounts go
 * to `accounts/drafts/`, which the build ignores until a marketer completes them and moves them to
 * `accounts/`. Deals go into the `deals` list of the account they belong to.
 * Plans changes without touching the disk; the CLI writes them (or prints the diff on a dry run).
 */
import { parse as parseCsv, type Info } from 'csv-parse/sync';
import { applyPatch, structuredPatch } from 'diff';
import matter from 'gray-matter';
import { isMap, isNode, isSeq, parseDocument, type Document, type YAMLSeq } from 'yaml';
import { z } from 'zod';
import { INDUSTRIES, type Industry } from '../schemas/vocabulary.ts';
import { isIsoDate, type DealStatus } from '../schemas/deal.ts';
import { slugify } from './scaffold.ts';

export const COMPANY_FIELDS = ['id', 'name', 'domain', 'industry', 'employees', 'owner', 'country'] as const;
export const CONTACT_FIELDS = ['contact.id', 'contact.first', 'contact.last', 'contact.email', 'contact.title', 'contact.companyId', 'contact.company', 'contact.owner'] as const;
export const DEAL_FIELDS = ['deal.id', 'deal.name', 'deal.amount', 'deal.currency', 'deal.stage', 'deal.closeDate', 'deal.owner', 'deal.companyId', 'deal.company', 'deal.closed', 'deal.won'] as const;
type Field = (typeof COMPANY_FIELDS)[number] | (typeof CONTACT_FIELDS)[number] | (typeof DEAL_FIELDS)[number];
const ALL_FIELDS: readonly Field[] = [...COMPANY_FIELDS, ...CONTACT_FIELDS, ...DEAL_FIELDS];
type Kind = 'company' | 'contact' | 'deal';

/** Column names of the standard exports, per field. */
const KNOWN_COLUMNS: Record<string, { system: string; kind: Kind; columns: Partial<Record<Field, string[]>> }> = {
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
      'contact.owner': ['Contact owner'],
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
      'contact.owner': ['Contact Owner'],
    },
  },
  'hubspot-deals': {
    system: 'hubspot',
    kind: 'deal',
    columns: {
      'deal.id': ['Record ID', 'Deal ID'],
      'deal.name': ['Deal Name'],
      'deal.amount': ['Amount'],
      'deal.currency': ['Currency', 'Deal currency code'],
      'deal.stage': ['Deal Stage'],
      'deal.closeDate': ['Close Date'],
      'deal.owner': ['Deal owner'],
      // The primary company first: a deal associated with several companies belongs to that one.
      'deal.companyId': ['Associated Company IDs (Primary)', 'Associated Company IDs', 'Associated Company ID', 'Company ID'],
      'deal.company': ['Associated Company (Primary)', 'Associated Company', 'Associated Company Name', 'Company name', 'Company Name'],
      'deal.closed': ['Is Deal Closed?'],
      'deal.won': ['Is Closed Won'],
    },
  },
  'salesforce-opportunities': {
    system: 'salesforce',
    kind: 'deal',
    columns: {
      'deal.id': ['Opportunity ID'],
      'deal.name': ['Opportunity Name'],
      'deal.amount': ['Amount'],
      'deal.currency': ['Amount Currency', 'Opportunity Currency', 'Currency'],
      'deal.stage': ['Stage'],
      'deal.closeDate': ['Close Date'],
      'deal.owner': ['Opportunity Owner'],
      'deal.companyId': ['Account ID'],
      'deal.company': ['Account Name'],
      // Data Loader / API exports say IsClosed and IsWon; report exports say Closed and Won.
      'deal.closed': ['IsClosed', 'Closed'],
      'deal.won': ['IsWon', 'Won'],
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

/**
 * Persona from a job title: title words per persona, by language (case-insensitive). Personas are
 * tried in this order and the first match wins, so a head-of-organisation title such as "CEO and
 * founder" goes to `ceo` before any function word; titles matching none go to `end-user`.
 */
const PERSONA_WORDS: [string, Record<string, RegExp>][] = [
  ['ceo', {
    en: /\bceo\b|chief executive|(managing|executive) director|(?<!vice[- ])\bpresident\b/i,
    // "Technischer/Kaufmännischer Geschäftsführer" head technology/finance, not the company.
    de: /(?<!(technisch|kaufmännisch)e[rn]? )geschäftsführ|vorstandsvorsitz|vorsitz\S* des vorstand/i,
    fr: /\bpdg\b|direct(eur|rice) général|(?<!vice-)\bprésident/i,
    fi: /toimitusjohtaja|pääjohtaja/i,
    vi: /tổng giám đốc|giám đốc điều hành/i,
    fa: /مدیرعامل|مدیر عامل/i,
  }],
  ['cfo', {
    en: /\bcfo\b|chief financial|financ|controller/i,
    de: /finanz|kaufmännische[rn]? geschäftsführ|controlling/i,
    fr: /\bdaf\b|comptab/i,
    fi: /talous|rahoitus/i,
    vi: /tài chính/i,
    fa: /مالی/i,
  }],
  ['cto', {
    en: /\bcto\b|\bcio\b|chief (technology|information|digital)|\b(head|director|vp) of digital\b|\bit\b|technolog|architect/i,
    de: /technische[rn]? geschäftsführ|informationstechn|\bedv\b/i,
    fr: /\bdsi\b|systèmes d.information|informatique|direct(eur|rice) technique/i,
    fi: /teknolog|tietohallinto|digijohtaja/i,
    vi: /công nghệ/i,
    fa: /فناوری|فن‌آوری/i,
  }],
  ['head-of-sales', {
    en: /sales|revenue|commercial/i,
    de: /vertrieb|verkaufsleit/i,
    fr: /\bventes?\b|commercial/i,
    fi: /myynti|kaupallinen/i,
    vi: /kinh doanh/i,
    fa: /فروش/i,
  }],
];

export function personaForTitle(title: string, known: ReadonlySet<string>, fallback: string): string {
  const hit = PERSONA_WORDS.find(([id, words]) => known.has(id) && Object.values(words).some((re) => re.test(title)))?.[0];
  return hit ?? (known.has('end-user') ? 'end-user' : fallback);
}

const LOCALES: [RegExp, string][] = [
  [/^(fi|finland|suomi)$/i, 'fi-FI'],
  [/^(vn|vietnam|viet nam|việt nam)$/i, 'vi-VN'],
  [/^(ir|iran|ایران)$/i, 'fa-IR'],
  [/^(us|usa|united states.*)$/i, 'en-US'],
  [/^(gb|uk|united kingdom|great britain|england|scotland|wales|northern ireland)$/i, 'en-GB'],
  [/^(cn|china|中国)$/i, 'zh-CN'],
  [/^(tw|taiwan|台灣|台湾)$/i, 'zh-TW'],
  [/^(jp|japan|日本)$/i, 'ja-JP'],
  [/^(kr|korea|south korea|korea, republic of|republic of korea|대한민국|한국)$/i, 'ko-KR'],
  [/^(hu|hungary|magyarország)$/i, 'hu-HU'],
];
/** Locale of a CRM country; undefined when the country is empty or not in the list. */
const localeFor = (country: string) => LOCALES.find(([re]) => re.test(country.trim()))?.[1];
/** Locale of new accounts whose country is unknown. */
const DEFAULT_LOCALE = 'en-GB';

/** Languages whose names are written family name first. */
const FAMILY_NAME_FIRST = new Set(['vi', 'zh', 'ja', 'ko', 'hu']);
const VIETNAMESE_FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const nameKey = (word: string) => word.normalize('NFC').toLocaleLowerCase('vi');
/** Without diacritics too ("Nguyen"), for checks where the context is already Vietnamese. */
const foldedKey = (word: string) => nameKey(word).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
const VIETNAMESE_KEYS = new Set(VIETNAMESE_FAMILY_NAMES.map(nameKey));
const VIETNAMESE_FOLDED_KEYS = new Set(VIETNAMESE_FAMILY_NAMES.map(foldedKey));
const firstWord = (text: string) => text.split(/\s+/)[0] ?? '';

/**
 * A person's full name from the CRM's first and last name columns. Family-name-first cultures get
 * the last name (the family name) first, decided by the account's locale when it is known; when it
 * is not, a last name spelled as a common Vietnamese family name decides.
 */
export function personName(first: string, last: string, locale: string | undefined): string {
  if (!first || !last) return first || last;
  let familyFirst: boolean;
  try {
    familyFirst = locale ? FAMILY_NAME_FIRST.has(new Intl.Locale(locale).language) : VIETNAMESE_KEYS.has(nameKey(last));
  } catch {
    familyFirst = false;
  }
  // Exports often hold Vietnamese names already in order, split at the given name ("Nguyễn Thị" + "Hương").
  const alreadyInOrder = VIETNAMESE_FOLDED_KEYS.has(foldedKey(firstWord(first))) && !VIETNAMESE_FOLDED_KEYS.has(foldedKey(last));
  return familyFirst && !alreadyInOrder ? `${last} ${first}` : `${first} ${last}`;
}

/** The same words in any order: a name whose order someone corrected by hand. */
const sameWords = (a: string, b: string) => {
  const words = (name: string) => nameKey(name).split(/\s+/).filter(Boolean).sort().join(' ');
  return words(a) === words(b);
};

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

/** A yes/no cell ("true", "1", "Yes"...); undefined when empty or anything else. */
function flag(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase() ?? '';
  if (['1', 'true', 'yes', 'y'].includes(v)) return true;
  if (['0', 'false', 'no', 'n'].includes(v)) return false;
  return undefined;
}

/**
 * A deal's status from the CRM's stage label: HubSpot's internal `closedwon` / `closedlost` and the
 * labels "Closed Won" / "Closed Lost" (Salesforce's too), in any case and spacing; any other stage
 * is open. Closed / won flags, when the export has them (Salesforce IsClosed / IsWon, or Closed /
 * Won in reports; HubSpot "Is Deal Closed?" / "Is Closed Won"), win over the label, so pipelines
 * with their own closing stages are read right.
 */
export function dealStatusOf(stage: string, flags: { closed?: string | undefined; won?: string | undefined } = {}): DealStatus {
  const key = stage.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, '');
  const byStage: DealStatus = key === 'closedwon' ? 'won' : key === 'closedlost' ? 'lost' : 'open';
  const closed = flag(flags.closed);
  const won = flag(flags.won);
  if (won === true) return 'won';
  if (closed === false) return 'open';
  if (closed === true) return won === false ? 'lost' : byStage === 'won' ? 'won' : 'lost';
  // Known not won, closed unknown: the label decides between open and closed (so lost).
  if (won === false) return byStage === 'open' ? 'open' : 'lost';
  return byStage;
}

/**
 * An amount cell: `135000`, `135000.50`, `135,000.00`, `135.000,00`, `135 000,00`, with an
 * optional ISO currency code (`EUR 135,000.00`, `135000 EUR`) or symbol. A lone separator followed
 * by exactly three digits (`48,000`) is a thousands separator when it is a comma, a decimal point
 * when it is a dot.
 */
export function parseAmount(raw: string): { amount: number; currency?: string } | { error: string } {
  let text = raw.normalize('NFKC').trim();
  let currency: string | undefined;
  const code = /^([A-Za-z]{3})\s*(?=[-(\d.,])/.exec(text) ?? /(?<=[\d.,)])\s*([A-Za-z]{3})$/.exec(text);
  if (code) {
    currency = code[1]!.toUpperCase();
    text = (text.slice(0, code.index) + text.slice(code.index + code[0].length)).trim();
  }
  text = text.replace(/[€$£¥₫﷼₹₩₽₺\s']/g, '');
  if (/^-|^\(.*\)$|-$/.test(text)) return { error: 'is negative' };
  if (!/^[\d.,]*\d[\d.,]*$/.test(text)) return { error: 'is not an amount' };
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let decimal: '.' | ',' | undefined;
  if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? '.' : ',';
  else if (lastComma >= 0) decimal = /^\d{1,3}(,\d{3})+$/.test(text) ? undefined : ',';
  else if (lastDot >= 0) decimal = /^\d{1,3}(\.\d{3}){2,}$/.test(text) ? undefined : '.';
  const thousands = decimal === '.' ? ',' : decimal === ',' ? '.' : lastDot >= 0 ? '.' : ',';
  const [whole = '', fraction, extra] = text.split(decimal ?? '\u0000');
  if (extra !== undefined) return { error: 'is not an amount' };
  const digits = whole.split(thousands).join('');
  if (!/^\d+$/.test(digits) || (fraction !== undefined && !/^\d+$/.test(fraction))) return { error: 'is not an amount' };
  const amount = Number(fraction === undefined ? digits : `${digits}.${fraction}`);
  return currency ? { amount, currency } : { amount };
}

/** Order of day and month in `3/4/2026`-style dates: US `mdy` or `dmy`. */
export type DateOrder = 'mdy' | 'dmy';

const pad = (n: string) => n.padStart(2, '0');

/**
 * A close date cell as `YYYY-MM-DD`: ISO dates and date-times (`2026-11-28`, `2026-11-28 00:00`,
 * `2026-11-28T00:00:00Z`: the date part), `2026/11/28`, `28.11.2026` (day first), and `11/28/2026`
 * or `28/11/2026` in the order given (or evident from a day over 12).
 */
export function parseCloseDate(raw: string, order: DateOrder | undefined): { date: string } | { error: string } {
  const text = raw.trim();
  const done = (y: string, m: string, d: string) => {
    const date = `${y}-${pad(m)}-${pad(d)}`;
    return isIsoDate(date) ? { date } : { error: `"${text}" is not a calendar date` };
  };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: .*)?$/.exec(text);
  if (m) return done(m[1]!, m[2]!, m[3]!);
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: .*)?$/.exec(text);
  if (m) return done(m[3]!, m[2]!, m[1]!);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ ,].*)?$/.exec(text);
  if (m) {
    const [a, b, y] = [m[1]!, m[2]!, m[3]!];
    const evident = Number(a) > 12 ? 'dmy' : Number(b) > 12 || a === b ? 'mdy' : undefined;
    const use = evident ?? order;
    if (!use) return { error: `"${text}" could be day/month or month/day: give --date-order mdy or dmy (or export dates as YYYY-MM-DD)` };
    return use === 'mdy' ? done(y, a, b) : done(y, b, a);
  }
  return { error: `"${text}" is not a date (use YYYY-MM-DD)` };
}

/** The day/month order a file's slash dates show (a first part over 12 is a day), if they agree. */
function evidentDateOrder(values: string[]): DateOrder | undefined {
  const seen = new Set<DateOrder>();
  for (const value of values) {
    const m = /^(\d{1,2})\/(\d{1,2})\/\d{4}\b/.exec(value.trim());
    if (m && Number(m[1]) > 12) seen.add('dmy');
    if (m && Number(m[2]) > 12) seen.add('mdy');
  }
  return seen.size === 1 ? [...seen][0] : undefined;
}

export interface Rejection {
  file: string;
  line: number;
  reason: string;
}

/** Something skipped on purpose, worth a line in the report but not a rejected row. */
export interface Note {
  file: string;
  line: number;
  message: string;
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

/** What a deal row did to the account files. */
export interface DealChange {
  /** The account file the deal is in (after a move, the new one). */
  file: string;
  crmId: string;
  name: string;
  action: 'added' | 'updated' | 'moved' | 'unchanged';
  /** For `updated` and `moved`: each CRM field that changed, `field: before → after`; for `added`: what was written. */
  changes: string[];
}

export interface ImportPlan {
  changes: PlannedChange[];
  created: string[];
  updated: string[];
  unchanged: string[];
  rejected: Rejection[];
  notes: Note[];
  rows: number;
  /** One entry per imported deal row, in file order. */
  deals: DealChange[];
}

/** `"Col A=name,Col B=contact.email"` -> mapping. */
export function parseMap(spec: string): Partial<Record<Field, string[]>> {
  const map: Partial<Record<Field, string[]>> = {};
  for (const pair of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.lastIndexOf('=');
    const column = pair.slice(0, eq).trim();
    const field = pair.slice(eq + 1).trim() as Field;
    if (eq <= 0 || !ALL_FIELDS.includes(field)) {
      throw new Error(`--map "${pair}": use "CSV column=field" with field one of ${ALL_FIELDS.join(', ')}`);
    }
    (map[field] ??= []).push(column);
  }
  if (Object.keys(map).some((f) => f.startsWith('contact.')) && Object.keys(map).some((f) => f.startsWith('deal.'))) {
    throw new Error('--map: contact. and deal. fields in one map; import contacts and deals in two runs, each with its map');
  }
  return map;
}

interface Source {
  system: string;
  kind: Kind;
  columns: Partial<Record<Field, string[]>>;
}

/** The column that tells a kind of export apart: a company's name, a contact's last name, a deal's name. */
const KEY_FIELD: Record<Kind, Field> = { company: 'name', contact: 'contact.last', deal: 'deal.name' };

function detect(headers: string[], map: Partial<Record<Field, string[]>> | undefined, system: string | undefined): Source | undefined {
  if (map) {
    const fields = Object.keys(map);
    const kind = fields.some((f) => f.startsWith('contact.')) ? 'contact' : fields.some((f) => f.startsWith('deal.')) ? 'deal' : 'company';
    return { system: system ?? 'crm', kind, columns: map };
  }
  const has = (names: string[] | undefined) => names?.some((n) => headers.includes(n)) ?? false;
  let best: { score: number; source: Source } | undefined;
  for (const source of Object.values(KNOWN_COLUMNS)) {
    const key = source.columns[KEY_FIELD[source.kind]];
    if (!has(key)) continue;
    const score = Object.values(source.columns).filter((names) => has(names)).length;
    if (!best || score > best.score) best = { score, source };
  }
  return best?.source;
}

interface CsvRecord {
  /** Physical line the record starts on, 1-based. */
  line: number;
  /** Whether blank lines come right before it. */
  afterBlank: boolean;
  fields: string[];
}

const lineBreaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;

/** The file's records with their lines; blank lines and rows of empty cells are left out. */
function readCsv(file: ImportFile, rejected: Rejection[]): CsvRecord[] {
  let parsed: { record: string[]; info: Info }[];
  try {
    // The library's types leave out the shape `info: true` gives.
    parsed = parseCsv(file.text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as unknown as typeof parsed;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    rejected.push({ file: file.name, line, reason: `not valid CSV: ${(error as Error).message}` });
    return [];
  }
  // csv-parse's own line count drifts (a CRLF inside quotes counts twice), so lines are counted
  // here, in each record's text between the byte offsets it gives: the blank lines skipped before
  // the record, then the record.
  const bytes = Buffer.from(file.text, 'utf8');
  const records: CsvRecord[] = [];
  let offset = 0;
  let line = 1;
  let blankRowBefore = false;
  for (const { record, info } of parsed) {
    const text = bytes.subarray(offset, info.bytes).toString('utf8');
    offset = info.bytes;
    const blank = /^(?:[ \t]*(?:\r\n|\r|\n))*/.exec(text)?.[0] ?? '';
    const start = line + lineBreaks(blank);
    line += lineBreaks(text);
    if (record.every((field) => field === '')) {
      blankRowBefore = true;
      continue;
    }
    records.push({ line: start, afterBlank: blank !== '' || blankRowBefore, fields: record });
    blankRowBefore = false;
  }
  return records;
}

const SALESFORCE_FOOTER = /^(copyright .*salesforce(\.com)?,? inc\b|confidential information - do not distribute$)/i;

/**
 * Where a Salesforce report export's footer starts, if it has one: after blank lines, rows with
 * only a first cell (report title, copyright, "Confidential Information - Do Not Distribute",
 * "Generated By: ...", the org name) up to the end of the file.
 */
function footerStart(rows: CsvRecord[]): number | undefined {
  let start = rows.length;
  while (start > 0 && rows[start - 1]!.fields.slice(1).every((field) => field === '')) start--;
  const marker = rows.findIndex((row, i) => i >= start && SALESFORCE_FOOTER.test(row.fields[0] ?? ''));
  if (marker < 0) return undefined;
  for (let i = marker; i >= start; i--) if (rows[i]!.afterBlank) return i;
  return marker;
}

interface Row {
  line: number;
  get(field: Field): string;
}

function rowsOf(records: CsvRecord[], headers: string[], source: Source): Row[] {
  const column = new Map(headers.map((name, i) => [name, i]));
  return records.map(({ line, fields }) => ({
    line,
    get: (field: Field) => {
      for (const name of source.columns[field] ?? []) {
        const value = fields[column.get(name) ?? -1];
        if (value !== undefined && value !== '') return value;
      }
      return '';
    },
  }));
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
  /** How to read `3/4/2026`-style close dates when a file does not make it evident (a day over 12). */
  dateOrder?: DateOrder | undefined;
}

export function planImport(files: ImportFile[], existing: ExistingAccount[], options: PlanOptions): ImportPlan {
  const rejected: Rejection[] = [];
  const notes: Note[] = [];
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
  /** New accounts whose locale is the default, not the CRM's country. */
  const unknownLocale = new Set<AccountDoc>();
  /** Only an empty owner is filled: the rest of it (e-mail, meeting link) is written by hand for that person. */
  const fillOwner = (doc: AccountDoc, owner: string) => {
    const current = doc.get(['owner']);
    if (!owner) return;
    if (current === undefined || current === null) doc.set(['owner'], { name: owner });
    else if (isMap(current) && current.get('name') === undefined) doc.set(['owner', 'name'], owner);
  };

  const sources = files.map((file) => {
    const [header, ...records] = readCsv(file, rejected);
    if (!header) return { file, source: undefined, rows: [] };
    const headers = header.fields;
    const source = detect(headers, options.map, options.system);
    if (!source) {
      rejected.push({ file: file.name, line: header.line, reason: `unrecognised columns (${headers.join(', ')}); use --map "Column=field,..."` });
      return { file, source, rows: [] };
    }
    const footer = footerStart(records);
    if (footer !== undefined) {
      const last = records.at(-1)!.line;
      notes.push({ file: file.name, line: records[footer]!.line, message: `Salesforce report footer skipped (to line ${last}: report title, copyright, generated by)` });
    }
    return { file, source, rows: rowsOf(records.slice(0, footer), headers, source) };
  });

  const dealChanges: DealChange[] = [];
  const nameKeyOf = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  const dealList = (doc: AccountDoc): YAMLSeq | undefined => {
    const list = doc.get(['deals']);
    return isSeq(list) ? list : undefined;
  };
  const dealIdOf = (item: unknown) => {
    const id = isMap(item) ? item.get('crmId') : undefined;
    return id === undefined || id === null ? undefined : String(id);
  };
  /**
   * Accounts by name (a name may repeat) and the account each deal is in, for deal rows. Built at
   * the first deal row, after the run's companies (which may create or rename accounts).
   */
  let dealIndex: { byName: Map<string, AccountDoc[]>; home: Map<string, AccountDoc> } | undefined;
  const buildDealIndex = () => {
    const byAccountName = new Map<string, AccountDoc[]>();
    const home = new Map<string, AccountDoc>();
    for (const doc of docs.values()) {
      const name = doc.get(['name']);
      if (typeof name === 'string') byAccountName.set(nameKeyOf(name), [...(byAccountName.get(nameKeyOf(name)) ?? []), doc]);
      for (const item of dealList(doc)?.items ?? []) {
        const id = dealIdOf(item);
        if (id) home.set(id, doc);
      }
    }
    return { byName: byAccountName, home };
  };

  /**
   * The account a deal belongs to: by the company id column (any of the ids it lists, when they
   * lead to one account); when no id leads to an account, by the company name, case-insensitively,
   * among accounts that are not another record of the same CRM.
   */
  const dealAccount = (row: Row, source: Source): { doc: AccountDoc } | { error: string } => {
    const index = (dealIndex ??= buildDealIndex());
    const ids = [...new Set(row.get('deal.companyId').split(/[;,]/).map((id) => id.trim()).filter(Boolean))];
    const company = row.get('deal.company').trim();
    const byId = [...new Set(ids.map((id) => byCrmId.get(`${source.system}:${id}`)).filter((doc) => doc !== undefined))];
    if (byId.length === 1) return { doc: byId[0]! };
    if (byId.length > 1) return { error: `its companies are several accounts (${byId.map((d) => d.file).join(', ')}); set the deal's primary company in the CRM` };
    const noId = ids.length ? `no account has company id ${ids.join(', ')}` : '';
    if (!company) return { error: ids.length ? `${noId}; import the company first` : 'the row has no company id or company name' };
    let named = index.byName.get(nameKeyOf(company)) ?? [];
    // HubSpot lists several associated companies as "A;B".
    if (named.length === 0 && company.includes(';')) named = [...new Set(company.split(';').flatMap((part) => index.byName.get(nameKeyOf(part)) ?? []))];
    if (named.length === 0) return { error: `no account has ${ids.length ? `company id ${ids.join(', ')} or ` : ''}the name "${company}"; import the company first` };
    // An account that is another record of this CRM is not this company, whatever its name.
    const other = (doc: AccountDoc) => ids.length > 0 && doc.get(['crm', 'system']) === source.system && !ids.includes(String(doc.get(['crm', 'id'])));
    const candidates = named.filter((doc) => !other(doc));
    if (candidates.length === 1) return { doc: candidates[0]! };
    if (candidates.length === 0) {
      const doc = named[0]!;
      return { error: `${noId}, and "${company}" is ${doc.file}, which is ${source.system} company ${String(doc.get(['crm', 'id']))}: check the deal's company in the CRM` };
    }
    return { error: `"${company}" is the name of ${candidates.length} accounts (${candidates.map((d) => d.file).join(', ')})${noId ? ` and ${noId}` : ''}: import their companies so that deals match by company id` };
  };

  const show = (value: unknown) => (value === undefined || value === null ? '(none)' : String(value));
  const importDeal = (row: Row, source: Source, order: DateOrder | undefined, seen: Map<string, number>, reject: (reason: string) => void) => {
    const crmId = row.get('deal.id');
    if (!crmId) return reject('deal id is empty');
    const what = `deal ${crmId}`;
    const name = row.get('deal.name');
    if (!name) return reject(`${what}: deal name is empty`);
    const stage = row.get('deal.stage');
    if (!stage) return reject(`${what}: stage is empty`);
    const rawAmount = row.get('deal.amount');
    if (!rawAmount) return reject(`${what}: amount is empty`);
    const amount = parseAmount(rawAmount);
    if ('error' in amount) return reject(`${what}: amount "${rawAmount}" ${amount.error}`);
    const rawCurrency = row.get('deal.currency');
    const columnCurrency = rawCurrency.trim().toUpperCase();
    if (columnCurrency && !/^[A-Z]{3}$/.test(columnCurrency)) return reject(`${what}: currency "${rawCurrency}" is not an ISO 4217 code such as EUR`);
    if (columnCurrency && amount.currency && columnCurrency !== amount.currency) return reject(`${what}: amount "${rawAmount}" is in ${amount.currency}, the currency column says ${columnCurrency}`);
    const rawDate = row.get('deal.closeDate');
    if (!rawDate) return reject(`${what}: close date is empty`);
    const closeDate = parseCloseDate(rawDate, order);
    if ('error' in closeDate) return reject(`${what}: close date ${closeDate.error}`);
    if (seen.has(crmId)) return reject(`duplicate of line ${seen.get(crmId)} (same deal id ${crmId})`);
    seen.set(crmId, row.line);
    const found = dealAccount(row, source);
    if ('error' in found) return reject(`${what}: ${found.error}`);
    const doc = found.doc;
    const existing = doc.get(['deals']);
    if (existing !== undefined && existing !== null && !isSeq(existing)) return reject(`${what}: deals in ${doc.file} is not a list; correct the file first`);

    const index = dealIndex!;
    const home = index.home.get(crmId);
    const homeList = home && dealList(home);
    const homeAt = homeList?.items.findIndex((item) => dealIdOf(item) === crmId) ?? -1;
    if (!isSeq(existing)) doc.set(['deals'], []);
    const list = dealList(doc)!;
    // The CRM moved the deal to another company: it moves with everything written by hand.
    let movedFrom: string | undefined;
    if (home && home !== doc && homeList && homeAt >= 0) {
      list.items.push(...homeList.items.splice(homeAt, 1));
      movedFrom = home.file;
      touched.add(home);
    }
    touched.add(doc);
    index.home.set(crmId, doc);
    const currency = columnCurrency || amount.currency;
    const status = dealStatusOf(stage, { closed: row.get('deal.closed'), won: row.get('deal.won') });
    const owner = row.get('deal.owner');
    const at = list.items.findIndex((item) => dealIdOf(item) === crmId);
    if (at < 0) {
      const accountCurrency = doc.get(['numbers', 'currency']);
      const deal: Record<string, string | number> = {
        crmId,
        name,
        amount: amount.amount,
        currency: currency ?? (typeof accountCurrency === 'string' && /^[A-Z]{3}$/.test(accountCurrency) ? accountCurrency : 'EUR'),
        stage,
        status,
        closeDate: closeDate.date,
      };
      if (owner) deal.owner = owner;
      list.items.push(doc.doc.createNode(deal));
      dealChanges.push({ file: doc.file, crmId, name, action: 'added', changes: [`${deal.amount} ${deal.currency}`, `${stage} (${status})`, `closes ${closeDate.date}`] });
      return;
    }
    const before = (list.items[at] as { toJSON(): Record<string, unknown> }).toJSON();
    const changes: string[] = movedFrom ? [`account: ${movedFrom} → ${doc.file}`] : [];
    const set = (field: string, value: string | number) => {
      if (before[field] !== value) changes.push(`${field}: ${show(before[field])} → ${value}`);
      doc.set(['deals', at, field], value);
    };
    set('name', name);
    set('amount', amount.amount);
    // Without a currency in the export, the one in the file stays (it may have been written by hand).
    if (currency) set('currency', currency);
    set('stage', stage);
    set('status', status);
    set('closeDate', closeDate.date);
    // Like the account owner: filled while empty, never replaced.
    if (owner && (before.owner === undefined || before.owner === null || before.owner === '')) set('owner', owner);
    dealChanges.push({ file: doc.file, crmId, name, action: movedFrom ? 'moved' : changes.length ? 'updated' : 'unchanged', changes });
  };

  // Companies first, so that contacts and deals in the same run find their accounts.
  const rank: Record<Kind, number> = { company: 0, contact: 1, deal: 2 };
  for (const { file, source, rows: fileRows } of [...sources].sort((a, b) => (a.source ? rank[a.source.kind] : 0) - (b.source ? rank[b.source.kind] : 0))) {
    if (!source) continue;
    const seen = new Map<string, number>();
    const dateOrder = source.kind === 'deal' ? (options.dateOrder ?? evidentDateOrder(fileRows.map((row) => row.get('deal.closeDate')))) : undefined;
    for (const row of fileRows) {
      rows++;
      const reject = (reason: string) => rejected.push({ file: file.name, line: row.line, reason });
      if (source.kind === 'deal') {
        importDeal(row, source, dateOrder, seen, reject);
      } else if (source.kind === 'company') {
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
          const locale = localeFor(row.get('country'));
          doc.set(['locale'], locale ?? DEFAULT_LOCALE);
          if (!locale) unknownLocale.add(doc);
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
        fillOwner(doc, row.get('owner'));
        index(doc);
        touched.add(doc);
      } else if (source.kind === 'contact') {
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
        const crmIdOf = (js: Record<string, unknown>) => (js.crmId === undefined || js.crmId === null ? undefined : String(js.crmId));
        const byId = items.find((s) => crmIdOf(s.js) === crmId);
        const byEmail = email ? items.find((s) => typeof s.js.email === 'string' && s.js.email.toLowerCase() === email.toLowerCase()) : undefined;
        // The same e-mail under another CRM id is a duplicate contact in the CRM: merging it here would
        // overwrite the stakeholder's CRM id (or give two stakeholders one e-mail address).
        const otherCrmId = byEmail && crmIdOf(byEmail.js);
        if (byEmail && (byId ? byEmail !== byId : otherCrmId !== undefined)) {
          const holder = `stakeholder ${String(byEmail.js.id)}${otherCrmId === undefined ? '' : ` (CRM id ${otherCrmId})`}`;
          reject(`contact ${crmId}: same e-mail as ${holder} in ${doc.file}; duplicates are not merged: merge the contacts in the CRM or correct the e-mail`);
          continue;
        }
        fillOwner(doc, row.get('contact.owner'));
        const match = byId ?? byEmail;
        const locale = doc.get(['locale']);
        const name = personName(first, last, typeof locale === 'string' && !unknownLocale.has(doc) ? locale : undefined);
        if (match) {
          const current = match.js.name;
          doc.set(['buyingCommittee', match.i, 'title'], title);
          if (typeof current !== 'string' || !sameWords(current, name)) doc.set(['buyingCommittee', match.i, 'name'], name);
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

  const plan: ImportPlan = { changes: [], created: [], updated: [], unchanged: [], rejected, notes, rows, deals: dealChanges };
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
