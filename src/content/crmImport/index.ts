/**
 * CRM import, one file per concept: columns (what each export calls each field), vocabulary
 * (industries, personas, locales), names, values (amounts, dates, statuses), CSV reading, the
 * account file edited with comments kept, and planning (rows to file changes, pure).
 */
export { COMPANY_FIELDS, CONTACT_FIELDS, DEAL_FIELDS, parseMap, type Field } from './columns.ts';
export { mapIndustry, personaForTitle } from './vocabulary.ts';
export { personName } from './names.ts';
export { dealStatusOf, domainOf, parseAmount, parseCloseDate, type DateOrder } from './values.ts';
export type { ImportFile, Rejection } from './csv.ts';
export { AccountDoc } from './accountDoc.ts';
export { planImport, type DealChange, type ExistingAccount, type ImportPlan, type Note, type PlannedChange, type PlanOptions } from './plan.ts';
