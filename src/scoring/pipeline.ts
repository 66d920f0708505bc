/**
 * Pipeline figures from an account's deals (`deals` in the account file, imported from the CRM):
 * the open pipeline, the value won and lost, each as a count and a sum per currency. Amounts in
 * different currencies are never added together or converted. Pure: the caller gives the deals
 * and the day the figures are for, so a report made twice from the same files says the same.
 */
import { isIsoDate, type Deal } from '../schemas/deal.ts';

/** A count of deals and the sum of their amounts per ISO 4217 currency, e.g. `{ EUR: 186000, GBP: 64000 }`. */
export interface PipelineBucket {
  amount: Record<string, number>;
  count: number;
}

export interface Pipeline {
  /** Open deals; `overdue` are the open deals whose close date is before `today` (they slipped). */
  open: PipelineBucket & { overdue: PipelineBucket };
  won: PipelineBucket;
  lost: PipelineBucket;
}

/** What the figures need of a deal. A deal without a currency is in `defaultCurrency`. */
export type PipelineDeal = Pick<Deal, 'amount' | 'status' | 'closeDate'> & { currency?: string | undefined };

const emptyBucket = (): PipelineBucket => ({ amount: {}, count: 0 });
export const emptyPipeline = (): Pipeline => ({ open: { ...emptyBucket(), overdue: emptyBucket() }, won: emptyBucket(), lost: emptyBucket() });

/** Sums to the cent, without float residue (0.1 + 0.2 is 0.3). */
const add = (a: number, b: number) => Math.round((a + b) * 100) / 100;

function addTo(bucket: PipelineBucket, currency: string, amount: number, count = 1) {
  bucket.amount[currency] = add(bucket.amount[currency] ?? 0, amount);
  bucket.count += count;
}

/** Currencies in alphabetical order, so that equal figures print the same. */
function sorted(bucket: PipelineBucket): PipelineBucket {
  return { amount: Object.fromEntries(Object.entries(bucket.amount).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), count: bucket.count };
}
const sortedPipeline = (p: Pipeline): Pipeline => ({ open: { ...sorted(p.open), overdue: sorted(p.open.overdue) }, won: sorted(p.won), lost: sorted(p.lost) });

/** `YYYY-MM-DD` of a day given as that string or as a Date (its UTC day). */
function dayOf(today: string | Date): string {
  const day = today instanceof Date ? (Number.isNaN(today.getTime()) ? '' : today.toISOString().slice(0, 10)) : today;
  if (!isIsoDate(day)) throw new RangeError(`pipelineOf: today must be a date as YYYY-MM-DD, got ${String(today)}`);
  return day;
}

/**
 * Open, won and lost deals of one account (or of any list of deals), by currency.
 * `defaultCurrency` is for deals written without one: pass the account's `numbers.currency`.
 */
export function pipelineOf(deals: readonly PipelineDeal[], today: string | Date, defaultCurrency = 'EUR'): Pipeline {
  const day = dayOf(today);
  const pipeline = emptyPipeline();
  for (const deal of deals) {
    const currency = deal.currency ?? defaultCurrency;
    const bucket = pipeline[deal.status];
    addTo(bucket, currency, deal.amount);
    if (deal.status === 'open' && deal.closeDate < day) addTo(pipeline.open.overdue, currency, deal.amount);
  }
  return sortedPipeline(pipeline);
}

/** Several pipelines added up (accounts into a total), still by currency. */
export function sumPipelines(pipelines: readonly Pipeline[]): Pipeline {
  const total = emptyPipeline();
  const merge = (into: PipelineBucket, from: PipelineBucket) => {
    for (const [currency, amount] of Object.entries(from.amount)) addTo(into, currency, amount, 0);
    into.count += from.count;
  };
  for (const p of pipelines) {
    merge(total.open, p.open);
    merge(total.open.overdue, p.open.overdue);
    merge(total.won, p.won);
    merge(total.lost, p.lost);
  }
  return sortedPipeline(total);
}
