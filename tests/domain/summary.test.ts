import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { summarizeDeliveries, type DeliveredLot } from '../../server/domain/summary.js';
import { gramsToKg, gramsToQuintals } from '../../server/domain/units.js';

const lot = (status: DeliveredLot['status'], netG: number, cupScore: string | null = null): DeliveredLot => ({
  status,
  netG,
  cupScore,
});

describe('summarizeDeliveries', () => {
  it('summarises a worked example', () => {
    /*
     * Lots (rejected lot D weighs nothing and is not cupped):
     *   A graded    46 000 g  cup 84.25  specialty
     *   B graded    23 000 g  cup 79.99
     *   C received  17 250 g  not cupped
     *   D rejected  99 999 g  cup 90.00  (ignored)
     *   E graded    11 500 g  cup 80     specialty (80 is the boundary)
     *
     * lotCount 4, rejectedLotCount 1
     * deliveredGrams = 46000 + 23000 + 17250 + 11500 = 97750 g = 97.75 kg
     * quintals = 97.75 / 46 = 2.125 exactly → half-even "2.12" (half-up would say 2.13)
     * cupped = A, B, E = 3
     * average = (84.25 + 79.99 + 80) / 3 = 244.24 / 3 = 81.41333… → "81.41"
     * specialty lot share = 2 / 3 = 66.666…% → "66.67"
     * specialty weight share = (46000 + 11500) / (46000 + 23000 + 11500)
     *                        = 57500 / 80500 = 0.7142857… → "71.43"
     */
    const summary = summarizeDeliveries([
      lot('graded', 46_000, '84.25'),
      lot('graded', 23_000, '79.99'),
      lot('received', 17_250),
      lot('rejected', 99_999, '90.00'),
      lot('graded', 11_500, '80'),
    ]);
    expect(summary).toEqual({
      lotCount: 4,
      rejectedLotCount: 1,
      deliveredGrams: 97_750,
      deliveredKg: '97.75',
      deliveredQuintals: '2.12',
      cuppedLotCount: 3,
      averageCupScore: '81.41',
      specialtyLotSharePercent: '66.67',
      specialtyWeightSharePercent: '71.43',
    });
  });

  it('summarises nothing as zeros and nulls', () => {
    expect(summarizeDeliveries([])).toEqual({
      lotCount: 0,
      rejectedLotCount: 0,
      deliveredGrams: 0,
      deliveredKg: '0',
      deliveredQuintals: '0.00',
      cuppedLotCount: 0,
      averageCupScore: null,
      specialtyLotSharePercent: null,
      specialtyWeightSharePercent: null,
    });
  });

  it('excludes rejected lots from weight, counts and cup statistics', () => {
    const s = summarizeDeliveries([lot('rejected', 50_000, '88'), lot('rejected', 1_000), lot('received', 2_500)]);
    expect(s.lotCount).toBe(1);
    expect(s.rejectedLotCount).toBe(2);
    expect(s.deliveredGrams).toBe(2_500);
    expect(s.deliveredKg).toBe('2.5');
    expect(s.cuppedLotCount).toBe(0);
    expect(s.averageCupScore).toBeNull();
  });

  it('gives null shares and average when no delivered lot was cupped', () => {
    const s = summarizeDeliveries([lot('received', 1_000), lot('graded', 2_000, null), lot('rejected', 3_000, '85')]);
    expect(s.cuppedLotCount).toBe(0);
    expect(s.averageCupScore).toBeNull();
    expect(s.specialtyLotSharePercent).toBeNull();
    expect(s.specialtyWeightSharePercent).toBeNull();
    expect(s.deliveredGrams).toBe(3_000);
  });

  it.each([
    // scores, exact mean, half-even result (half-up would differ on the first and third)
    [['80.00', '80.01'], '80.005', '80.00'],
    [['80.01', '80.02'], '80.015', '80.02'],
    [['80.02', '80.03'], '80.025', '80.02'],
    [['86.25', '86.5', '86'], '86.25', '86.25'],
    [['84.125'], '84.125', '84.12'],
    [['84.135'], '84.135', '84.14'],
  ])('averages cup scores %j (mean %s) half-even to %s', (scores, _exact, expected) => {
    const s = summarizeDeliveries(scores.map((c) => lot('graded', 1_000, c)));
    expect(s.averageCupScore).toBe(expected);
  });

  it('always shows two decimals for the average and shares', () => {
    const s = summarizeDeliveries([lot('graded', 1_000, '85'), lot('graded', 3_000, '75')]);
    expect(s.averageCupScore).toBe('80.00');
    expect(s.specialtyLotSharePercent).toBe('50.00');
    expect(s.specialtyWeightSharePercent).toBe('25.00');
  });

  it('rounds the weight share half-even', () => {
    // 1 g specialty of 800 g cupped = 0.125 % exactly → "0.12" (half-up would say 0.13)
    const s = summarizeDeliveries([lot('graded', 1, '90'), lot('graded', 799, '70')]);
    expect(s.specialtyLotSharePercent).toBe('50.00');
    expect(s.specialtyWeightSharePercent).toBe('0.12');
    // 3 g of 800 g = 0.375 % → "0.38"
    const s2 = summarizeDeliveries([lot('graded', 3, '90'), lot('graded', 797, '70')]);
    expect(s2.specialtyWeightSharePercent).toBe('0.38');
    // 1 specialty lot of 3 = 33.333… % → "33.33"; 2 of 3 → "66.67"
    const s3 = summarizeDeliveries([lot('graded', 1, '90'), lot('graded', 1, '70'), lot('graded', 1, '70')]);
    expect(s3.specialtyLotSharePercent).toBe('33.33');
  });

  it('shows 100 % when every cupped lot is specialty', () => {
    const s = summarizeDeliveries([lot('graded', 5_000, '80'), lot('graded', 5_000, '92.5'), lot('received', 10)]);
    expect(s.specialtyLotSharePercent).toBe('100.00');
    expect(s.specialtyWeightSharePercent).toBe('100.00');
  });

  const lotArb = fc.record({
    status: fc.constantFrom<DeliveredLot['status']>('received', 'graded', 'rejected'),
    netG: fc.integer({ min: 0, max: 50_000_000 }),
    cupScore: fc.option(
      fc.integer({ min: 0, max: 10_000 }).map((n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`),
    ),
  });

  it('counts every lot once and weighs exactly the non-rejected ones', () => {
    fc.assert(
      fc.property(fc.array(lotArb, { maxLength: 40 }), (lots) => {
        const s = summarizeDeliveries(lots);
        const kept = lots.filter((l) => l.status !== 'rejected');
        const sum = kept.reduce((a, l) => a + l.netG, 0);
        expect(s.lotCount + s.rejectedLotCount).toBe(lots.length);
        expect(s.rejectedLotCount).toBe(lots.length - kept.length);
        expect(s.deliveredGrams).toBe(sum);
        expect(s.deliveredKg).toBe(gramsToKg(sum));
        expect(s.deliveredQuintals).toBe(gramsToQuintals(sum));
        expect(s.cuppedLotCount).toBe(kept.filter((l) => l.cupScore != null).length);
        expect(s.averageCupScore === null).toBe(s.cuppedLotCount === 0);
        expect(s.specialtyLotSharePercent === null).toBe(s.cuppedLotCount === 0);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the average between the lowest and highest cup score', () => {
    fc.assert(
      fc.property(fc.array(lotArb, { minLength: 1, maxLength: 30 }), (lots) => {
        const scores = lots.filter((l) => l.status !== 'rejected' && l.cupScore != null).map((l) => Number(l.cupScore));
        const s = summarizeDeliveries(lots);
        if (scores.length === 0) {
          expect(s.averageCupScore).toBeNull();
          return;
        }
        const avg = Number(s.averageCupScore);
        expect(avg).toBeGreaterThanOrEqual(Math.min(...scores));
        expect(avg).toBeLessThanOrEqual(Math.max(...scores));
        const share = Number(s.specialtyLotSharePercent);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(100);
      }),
      { numRuns: 200 },
    );
  });
});
