/**
 * Fit: how well an account matches the ideal customer profile (src/schemas/icp.ts), 0 to 100,
 * with the reason for every point. Unknown fields earn nothing and say so (an import that lacks
 * the employee count should not look like a perfect match). Pure.
 */
import type { Icp } from '../schemas/icp.ts';
import type { Tier } from '../schemas/vocabulary.ts';

/** The account fields fit reads (accounts and imported drafts alike; drafts may lack any of them). */
export interface FitInput {
  industry?: string | undefined;
  tier?: string | undefined;
  locale?: string | undefined;
  numbers?: Record<string, unknown> | undefined;
}

export interface FitReason {
  criterion: string;
  /** The account's value, or undefined when it is not known. */
  value: string | number | undefined;
  /** Points earned of `max`, on the 0-100 scale. */
  points: number;
  max: number;
}

export interface Fit {
  score: number;
  tier: Tier;
  reasons: FitReason[];
}

function valueOf(account: FitInput, field: string): string | number | undefined {
  if (field === 'industry') return account.industry;
  if (field === 'tier') return account.tier;
  if (field === 'country') return account.locale?.split('-')[1]?.toUpperCase();
  if (field === 'language') return account.locale?.split('-')[0]?.toLowerCase();
  const n = account.numbers?.[field.slice('numbers.'.length)];
  return typeof n === 'number' ? n : undefined;
}

export function fitOf(account: FitInput, icp: Icp): Fit {
  const total = icp.criteria.reduce((sum, c) => sum + c.weight, 0);
  const reasons = icp.criteria.map((c): FitReason => {
    const max = (c.weight / total) * 100;
    const value = valueOf(account, c.field);
    let share = 0;
    if (value !== undefined && c.values) share = c.values[String(value)] ?? 0;
    if (typeof value === 'number' && c.ranges) {
      share = c.ranges.find((r) => (r.min === undefined || value >= r.min) && (r.max === undefined || value < r.max))?.score ?? 0;
    }
    return { criterion: c.name, value, points: Math.round(share * max * 10) / 10, max: Math.round(max * 10) / 10 };
  });
  const score = Math.round(reasons.reduce((sum, r) => sum + r.points, 0));
  const tier: Tier = score >= icp.tiers.strategic ? 'strategic' : score >= icp.tiers.key ? 'key' : 'scale';
  return { score, tier, reasons };
}

/** One line of reasons, e.g. "industry manufacturing 40/40, employees unknown 0/30". */
export function fitReasons(fit: Fit): string {
  return fit.reasons.map((r) => `${r.criterion} ${r.value === undefined ? 'unknown' : r.value} ${r.points}/${r.max}`).join(', ');
}
