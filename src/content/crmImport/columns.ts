/**
 * Columns: the fields an import knows, the column names of HubSpot's and Salesforce's standard
 * exports for each, `--map` for any other CSV, and telling which kind of export a file is.
 */
export const COMPANY_FIELDS = ['id', 'name', 'domain', 'industry', 'employees', 'owner', 'country'] as const;
export const CONTACT_FIELDS = ['contact.id', 'contact.first', 'contact.last', 'contact.email', 'contact.title', 'contact.companyId', 'contact.company', 'contact.owner'] as const;
export const DEAL_FIELDS = ['deal.id', 'deal.name', 'deal.amount', 'deal.currency', 'deal.stage', 'deal.closeDate', 'deal.owner', 'deal.companyId', 'deal.company', 'deal.closed', 'deal.won'] as const;
export type Field = (typeof COMPANY_FIELDS)[number] | (typeof CONTACT_FIELDS)[number] | (typeof DEAL_FIELDS)[number];
export const ALL_FIELDS: readonly Field[] = [...COMPANY_FIELDS, ...CONTACT_FIELDS, ...DEAL_FIELDS];
export type Kind = 'company' | 'contact' | 'deal';

/** Column names of the standard exports, per field. */
export const KNOWN_COLUMNS: Record<string, { system: string; kind: Kind; columns: Partial<Record<Field, string[]>> }> = {
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

export interface Source {
  system: string;
  kind: Kind;
  columns: Partial<Record<Field, string[]>>;
}

/** The column that tells a kind of export apart: a company's name, a contact's last name, a deal's name. */
export const KEY_FIELD: Record<Kind, Field> = { company: 'name', contact: 'contact.last', deal: 'deal.name' };

export function detect(headers: string[], map: Partial<Record<Field, string[]>> | undefined, system: string | undefined): Source | undefined {
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
