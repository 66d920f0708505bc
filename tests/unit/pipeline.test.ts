/** Pipeline figures from deals: open, won, lost per currency, slipped open deals, totals; hand-computed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyPipeline, pipelineOf, sumPipelines, type PipelineDeal } from '../../src/scoring/pipeline.ts';

const deal = (status: PipelineDeal['status'], amount: number, currency: string | undefined, closeDate: string): PipelineDeal => ({ status, amount, currency, closeDate });

test('open, won and lost deals are counted and summed per currency, never converted', () => {
  const deals = [
    deal('open', 186000, 'EUR', '2026-12-18'),
    deal('open', 0.1, 'EUR', '2026-12-19'),
    deal('open', 0.2, 'EUR', '2026-12-20'),
    deal('open', 240000, 'GBP', '2026-12-11'),
    deal('won', 42500, 'EUR', '2026-06-30'),
    deal('won', 1850000000, 'VND', '2026-08-31'),
    deal('lost', 64000, 'GBP', '2026-08-14'),
  ];
  assert.deepEqual(pipelineOf(deals, '2026-10-01'), {
    open: { amount: { EUR: 186000.3, GBP: 240000 }, count: 4, overdue: { amount: {}, count: 0 } },
    won: { amount: { EUR: 42500, VND: 1850000000 }, count: 2 },
    lost: { amount: { GBP: 64000 }, count: 1 },
  });
});

test('open deals past their close date are overdue; the close date itself is not', () => {
  const deals = [deal('open', 100, 'EUR', '2026-10-14'), deal('open', 200, 'EUR', '2026-10-15'), deal('open', 300, 'USD', '2026-09-01'), deal('won', 50, 'EUR', '2026-01-01')];
  const p = pipelineOf(deals, '2026-10-15');
  assert.deepEqual(p.open, { amount: { EUR: 300, USD: 300 }, count: 3, overdue: { amount: { EUR: 100, USD: 300 }, count: 2 } });
  // A Date is read as its UTC day.
  assert.deepEqual(pipelineOf(deals, new Date('2026-10-15T23:30:00Z')), p);
  assert.throws(() => pipelineOf(deals, '15.10.2026'), /today must be a date as YYYY-MM-DD/);
  assert.throws(() => pipelineOf(deals, new Date('nope')), /today must be a date/);
});

test('a deal without a currency is in the default currency (the account numbers.currency)', () => {
  const deals = [deal('open', 54000, undefined, '2027-03-31'), deal('open', 1000, 'EUR', '2027-03-31')];
  assert.deepEqual(pipelineOf(deals, '2026-10-01', 'USD').open.amount, { EUR: 1000, USD: 54000 });
  assert.deepEqual(pipelineOf(deals, '2026-10-01').open.amount, { EUR: 55000 });
});

test('no deals: zero counts, no amounts; totals add accounts up per currency', () => {
  assert.deepEqual(pipelineOf([], '2026-10-01'), emptyPipeline());
  const a = pipelineOf([deal('open', 135000, 'EUR', '2026-11-27'), deal('won', 48000, 'EUR', '2026-05-29')], '2026-12-01');
  const b = pipelineOf([deal('open', 72000, 'USD', '2027-01-15'), deal('lost', 96000, 'USD', '2026-09-18'), deal('open', 15000, 'EUR', '2027-02-01')], '2026-12-01');
  assert.deepEqual(sumPipelines([a, b, pipelineOf([], '2026-12-01')]), {
    open: { amount: { EUR: 150000, USD: 72000 }, count: 3, overdue: { amount: { EUR: 135000 }, count: 1 } },
    won: { amount: { EUR: 48000 }, count: 1 },
    lost: { amount: { USD: 96000 }, count: 1 },
  });
  assert.deepEqual(sumPipelines([]), emptyPipeline());
});
