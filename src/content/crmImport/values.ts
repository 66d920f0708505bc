/** Values: reading a CSV cell as a domain, a yes/no flag, a deal status, an amount or a date. */
import { isIsoDate, type DealStatus } from '../../schemas/deal.ts';

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
export function evidentDateOrder(values: string[]): DateOrder | undefined {
  const seen = new Set<DateOrder>();
  for (const value of values) {
    const m = /^(\d{1,2})\/(\d{1,2})\/\d{4}\b/.exec(value.trim());
    if (m && Number(m[1]) > 12) seen.add('dmy');
    if (m && Number(m[2]) > 12) seen.add('mdy');
  }
  return seen.size === 1 ? [...seen][0] : undefined;
}
