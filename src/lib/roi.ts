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

/** Words the formatted result needs, in the page's language. */
export interface RoiWords {
  /** After the payback figure, e.g. "months". */
  months: string;
  /** The payback when the savings do not cover the cost, e.g. "Does not pay back". */
  noPayback: string;
}

/**
 * Formats the result for a locale and currency, as shown in the calculator. Each figure uses the
 * locale's own digits and signs throughout (Persian: `۳۴٪`, never `34 %` or `۳۴ %`). When the
 * yearly savings are below the yearly cost (a negative return) the payback says it does not pay
 * back: the cost comes again every year, so a payback beyond twelve months is never reached.
 */
export function formatRoi(result: RoiResult, locale: string, currency: string, words: RoiWords) {
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const nothing = result.annualSavings === 0 && result.annualCost === 0;
  return {
    annualSavings: money.format(result.annualSavings),
    annualCost: money.format(result.annualCost),
    roi: result.roiPercent === null ? '–' : percent.format(result.roiPercent / 100),
    payback:
      nothing ? '–'
      : result.paybackMonths === null || result.annualSavings < result.annualCost ? words.noPayback
      : `${number.format(result.paybackMonths)} ${words.months}`,
  };
}
