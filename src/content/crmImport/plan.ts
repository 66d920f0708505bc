/**
 * CRM import: turns HubSpot / Salesforce company, contact and deal (opportunity) exports (or any
 * CSV with `--map`) into account files. CRM-owned fields are set; everything written by hand
 * (goals, proposition, personas, deal notes, comments, the Markdown body) is kept. New accounts go
 * to `accounts/drafts/`, which the build ignores until a marketer completes them and moves them to
 * `accounts/`. Deals go into the `deals` list of the account they belong to.
 * Plans changes without touching the disk; the CLI writes them (or prints the diff on a dry run).
 */
import { isMap, isSeq, type YAMLSeq } from 'yaml';
import { z } from 'zod';
import { slugify } from '../scaffold.ts';
import { AccountDoc } from './accountDoc.ts';
import { detect, type Field, type Kind, type Source } from './columns.ts';
import { footerStart, readCsv, rowsOf, type ImportFile, type Rejection, type Row } from './csv.ts';
import { personName, sameWords } from './names.ts';
import { dealStatusOf, domainOf, evidentDateOrder, parseAmount, parseCloseDate, type DateOrder } from './values.ts';
import { DEFAULT_LOCALE, localeFor, mapIndustry, personaForTitle } from './vocabulary.ts';

/** Something skipped on purpose, worth a line in the report but not a rejected row. */
export interface Note {
  file: string;
  line: number;
  message: string;
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
