/**
 * The ROI model behind the calculator: the same function renders the static (no-JS) result at
 * build time and recomputes in the browser. Pure.
 */

export interface RoiInputs {
  /** People using the product. */
  users: number;
  /** Cost of one working hour. */
  hourlyCost: number;
  /** Hours each user saves per week. */
  hoursSavedPerWeek: number;
  /** Yearly price per user. */
  pricePerUser: number;
}

export interface RoiResult {
  annualSavings: number;
  annualCost: number;
  /** (savings - cost) / cost, as a percentage; null when the cost is zero. */
  roiPercent: number | null;
  /** Months until the savings pay the yearly cost; null when nothing is saved. */
  paybackMonths: number | null;
}

/** Working weeks in a year after holidays. */
export const WORKING_WEEKS = 46;

export function computeRoi(inputs: RoiInputs): RoiResult {
  const clean = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);
  const users = clean(inputs.users);
  const annualSavings = users * clean(inputs.hoursSavedPerWeek) * WORKING_WEEKS * clean(inputs.hourlyCost);
  const annualCost = users * clean(inputs.pricePerUser);
  return {
    annualSavings,
    annualCost,
    roiPercent: annualCost > 0 ? ((annualSavings - annualCost) / annualCost) * 100 : null,
    paybackMonths: annualSavings > 0 ? (annualCost / annualSavings) * 12 : null,
  };
}

/** Formats the result for a locale and currency, as shown in the calculator. */
export function formatRoi(result: RoiResult, locale: string, currency: string, monthsWord: string) {
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return {
    annualSavings: money.format(result.annualSavings),
    annualCost: money.format(result.annualCost),
    roi: result.roiPercent === null ? '–' : `${number.format(result.roiPercent)} %`,
    payback: result.paybackMonths === null ? '–' : `${number.format(result.paybackMonths)} ${monthsWord}`,
  };
}
