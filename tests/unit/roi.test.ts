import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeRoi, formatRoi, WORKING_WEEKS } from '../../src/lib/roi.ts';

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
  assert.deepEqual(formatRoi(r, 'en', 'EUR', 'months'), { annualSavings: '€0', annualCost: '€0', roi: '–', payback: '–' });
});

test('formatting follows the account locale and currency', () => {
  const shown = formatRoi(computeRoi({ users: 10, hourlyCost: 40, hoursSavedPerWeek: 1, pricePerUser: 100 }), 'fi-FI', 'EUR', 'kuukautta');
  assert.equal(shown.annualSavings.replace(/\s/g, ' '), '18 400 €');
  assert.match(shown.payback, /kuukautta$/);
});
