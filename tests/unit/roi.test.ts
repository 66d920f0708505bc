import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeRoi, formatRoi, WORKING_WEEKS } from '../../src/lib/roi.ts';

const words = { months: 'months', noPayback: 'Does not pay back' };

test('ROI from hand-computed figures', () => {
  const r = computeRoi({ users: 100, hourlyCost: 50, hoursSavedPerWeek: 2, pricePerUser: 1000 });
  assert.equal(r.annualSavings, 100 * 2 * WORKING_WEEKS * 50); // 460,000
  assert.equal(r.annualCost, 100_000);
  assert.equal(r.roiPercent, 360);
  assert.equal(r.paybackMonths?.toFixed(2), '2.61');
});

test('nonsense input gives zeros, not NaN', () => {
  const r = computeRoi({ users: Number.NaN, hourlyCost: -5, hoursSavedPerWeek: 2, pricePerUser: 0 });
  assert.deepEqual(r, { annualSavings: 0, annualCost: 0, roiPercent: null, paybackMonths: null });
  assert.deepEqual(formatRoi(r, 'en', 'EUR', words), { annualSavings: '€0', annualCost: '€0', roi: '–', payback: '–' });
});

test('formatting follows the account locale and currency', () => {
  const shown = formatRoi(computeRoi({ users: 10, hourlyCost: 40, hoursSavedPerWeek: 1, pricePerUser: 100 }), 'fi-FI', 'EUR', { months: 'kuukautta', noPayback: 'Ei maksa itseään takaisin' });
  assert.equal(shown.annualSavings.replace(/\s/g, ' '), '18 400 €');
  assert.match(shown.payback, /kuukautta$/);
});

test('a negative return says it does not pay back, never a payback time', () => {
  // Savings of 53 % of the cost: -47 %, which once showed "Payback 22.7 months".
  const r = computeRoi({ users: 100, hourlyCost: 50, hoursSavedPerWeek: 0.5, pricePerUser: 2170 });
  assert.ok(r.roiPercent! < 0);
  const shown = formatRoi(r, 'en-GB', 'EUR', words);
  assert.equal(shown.roi, '-47%');
  assert.equal(shown.payback, 'Does not pay back');
  // Nothing saved at a cost: it does not pay back either.
  assert.equal(formatRoi(computeRoi({ users: 10, hourlyCost: 50, hoursSavedPerWeek: 0, pricePerUser: 100 }), 'en', 'EUR', words).payback, 'Does not pay back');
  // Break-even pays back in exactly twelve months.
  assert.equal(formatRoi(computeRoi({ users: 1, hourlyCost: 10, hoursSavedPerWeek: 1, pricePerUser: 460 }), 'en', 'EUR', words).payback, '12 months');
});

test('each figure keeps to one digit system and the locale’s own percent sign', () => {
  const shown = formatRoi(computeRoi({ users: 520, hourlyCost: 2_800_000, hoursSavedPerWeek: 0.5, pricePerUser: 48_000_000 }), 'fa-IR', 'IRR', { months: 'ماه', noPayback: 'سرمایه بازنمی‌گردد' });
  assert.equal(shown.roi, '۳۴٪');
  for (const text of Object.values(shown)) assert.doesNotMatch(text, /[0-9%]/, text);
  assert.match(shown.payback, /^[۰-۹٫]+ ماه$/);
  assert.equal(formatRoi(computeRoi({ users: 10, hourlyCost: 40, hoursSavedPerWeek: 1, pricePerUser: 100 }), 'fi-FI', 'EUR', words).roi.replace(/\s/g, ' '), '1 740 %');
});
