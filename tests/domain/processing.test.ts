import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_YIELD_TOLERANCE_PCT,
  RETAIL_UNIT_SIZES_G,
  TYPICAL_ROAST_LOSS_PCT,
  assertOutputsWithinInputs,
  attribute,
  expectedGreen,
  hullingYield,
  isRetailUnitSize,
  roastLoss,
  takeProportionally,
  type Attribution,
  type Contribution,
  type LotShare,
} from '../../server/domain/processing.js';
import { Dec } from '../../server/domain/decimal.js';
import { InvalidInputError } from '../../server/domain/errors.js';

/** Runs `fn`, expecting an InvalidInputError, and returns it. */
function invalidInput(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return e as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError, nothing was thrown');
}

const sum = (xs: readonly { grams: number }[]) => xs.reduce((a, x) => a + x.grams, 0);

/** Σ of a lot's shares over every output. */
function creditedTo<K>(a: Attribution<K>, lotId: number): number {
  return a.outputs.flatMap((o) => o.shares).reduce((acc, s) => acc + (s.lotId === lotId ? s.grams : 0), 0);
}

/** The invariants every successful attribution keeps. */
function expectBalanced<K>(
  a: Attribution<K>,
  contributions: readonly Contribution[],
  outputs: readonly { key: K; grams: number }[],
): void {
  expect(a.outputs.map((o) => ({ key: o.key, grams: o.grams }))).toEqual(
    outputs.map((o) => ({ key: o.key, grams: o.grams })),
  );
  for (const o of a.outputs) {
    expect(sum(o.shares)).toBe(o.grams);
    for (const s of o.shares) {
      expect(Number.isSafeInteger(s.grams)).toBe(true);
      expect(s.grams).toBeGreaterThan(0); // zero shares are dropped
    }
    // at most one share per lot in an output
    expect(new Set(o.shares.map((s) => s.lotId)).size).toBe(o.shares.length);
  }
  expect(a.lossByLot.map((l) => l.lotId)).toEqual(contributions.map((c) => c.lotId));
  for (const c of contributions) {
    const loss = a.lossByLot.find((l) => l.lotId === c.lotId)!;
    expect(Number.isSafeInteger(loss.grams)).toBe(true);
    expect(loss.grams).toBeGreaterThanOrEqual(0);
    expect(creditedTo(a, c.lotId) + loss.grams).toBe(c.grams);
  }
}

describe('expectedGreen', () => {
  it('is grams × yield % exactly', () => {
    expect(expectedGreen(60_000, '80').toFixed()).toBe('48000');
    expect(expectedGreen(40_000, '70').toFixed()).toBe('28000');
    expect(expectedGreen(1, '76.5').toFixed()).toBe('0.765');
    expect(expectedGreen(12_345, '76.25').toFixed()).toBe('9413.0625');
    expect(expectedGreen(1000, '0').eq('0')).toBe(true);
  });
});

describe('attribute', () => {
  const yields: Record<number, string> = { 1: '80', 2: '70' };
  const byExpectedGreen = (c: Contribution) => expectedGreen(c.grams, yields[c.lotId]!);
  const parchment: Contribution[] = [
    { lotId: 1, grams: 60_000 },
    { lotId: 2, grams: 40_000 },
  ];
  const hulled = [
    { key: 'export', grams: 70_000 },
    { key: 'second', grams: 5_000 },
  ];

  it('attributes a hulling run by expected green (worked example)', () => {
    /*
     * Lot 1: 60 000 g parchment at 80 % → 48 000 g expected green
     * Lot 2: 40 000 g parchment at 70 % → 28 000 g expected green; Σ 76 000
     * Outputs: export 70 000 g + second 5 000 g = 75 000 g
     *
     * Step 1, credit by expected green:
     *   lot 1: 75 000 × 48 000 / 76 000 = 900 000 / 19 = 47 368.42…
     *   lot 2: 75 000 × 28 000 / 76 000 = 525 000 / 19 = 27 631.57…
     *   floors 47 368 + 27 631 = 74 999; the leftover gram → lot 2 (.57 > .42)
     *   credit: lot 1 47 368, lot 2 27 632; loss: 12 632 and 12 368
     * Step 2, export 70 000 by remaining credit (47 368 : 27 632, Σ 75 000):
     *   lot 1: 70 000 × 47 368 / 75 000 = 44 210.13…
     *   lot 2: 70 000 × 27 632 / 75 000 = 25 789.86…  → leftover gram → lot 2
     *   export: lot 1 44 210, lot 2 25 790
     * Step 3, second takes what is left: lot 1 3 158, lot 2 1 842
     */
    const a = attribute(parchment, hulled, byExpectedGreen);
    expect(a).toEqual({
      outputs: [
        {
          key: 'export',
          grams: 70_000,
          shares: [
            { lotId: 1, grams: 44_210 },
            { lotId: 2, grams: 25_790 },
          ],
        },
        {
          key: 'second',
          grams: 5_000,
          shares: [
            { lotId: 1, grams: 3_158 },
            { lotId: 2, grams: 1_842 },
          ],
        },
      ],
      lossByLot: [
        { lotId: 1, grams: 12_632 },
        { lotId: 2, grams: 12_368 },
      ],
    });
    expectBalanced(a, parchment, hulled);
  });

  it('credits the better-yielding lot with more than its parchment share of the green', () => {
    const a = attribute(parchment, hulled, byExpectedGreen);
    // Lot 1 gave 60 % of the parchment; 60 % of 75 000 g green would be 45 000 g.
    const lot1 = creditedTo(a, 1);
    expect(lot1).toBe(47_368);
    expect(lot1).toBeGreaterThan(45_000);
    expect(creditedTo(a, 2)).toBe(27_632);
    expect(creditedTo(a, 2)).toBeLessThan(30_000);
    // By grams instead, the split would be exactly 60 : 40.
    const byGrams = attribute(parchment, hulled, (c) => String(c.grams));
    expect(creditedTo(byGrams, 1)).toBe(45_000);
    expect(creditedTo(byGrams, 2)).toBe(30_000);
  });

  it('gives the last output exactly what each lot has left', () => {
    const outputs = [
      { key: 'a', grams: 1 },
      { key: 'b', grams: 1 },
      { key: 'c', grams: 1 },
    ];
    const contributions = [
      { lotId: 7, grams: 2 },
      { lotId: 3, grams: 1 },
    ];
    const a = attribute(contributions, outputs, (c) => String(c.grams));
    expect(a.lossByLot).toEqual([
      { lotId: 7, grams: 0 },
      { lotId: 3, grams: 0 },
    ]);
    expectBalanced(a, contributions, outputs);
  });

  it('refuses to credit a lot with more than it gave (OUTPUT_EXCEEDS_LOT)', () => {
    /*
     * Lot 1: 50 000 g at 90 % → 45 000 expected; lot 2: 50 000 g at 1 % → 500; Σ 45 500.
     * 95 000 g out: lot 1's credit = 95 000 × 45 000 / 45 500 ≈ 93 956 g > 50 000 g given.
     */
    const y: Record<number, string> = { 1: '90', 2: '1' };
    const err = invalidInput(() =>
      attribute(
        [
          { lotId: 1, grams: 50_000 },
          { lotId: 2, grams: 50_000 },
        ],
        [{ key: 'export', grams: 95_000 }],
        (c) => expectedGreen(c.grams, y[c.lotId]!),
      ),
    );
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]!.code).toBe('OUTPUT_EXCEEDS_LOT');
    expect(err.issues[0]!.path).toEqual(['input', 'outputs']);
    expect(err.issues[0]!.message).toContain('lot 1');
  });

  it('accepts the same skewed weights when the outputs stay within each lot', () => {
    // 50 000 g out: lot 1 credit = 50 000 × 45 000 / 45 500 = 49 450.54… → 49 451 (≤ 50 000).
    const y: Record<number, string> = { 1: '90', 2: '1' };
    const contributions = [
      { lotId: 1, grams: 50_000 },
      { lotId: 2, grams: 50_000 },
    ];
    const outputs = [{ key: 'export', grams: 50_000 }];
    const a = attribute(contributions, outputs, (c) => expectedGreen(c.grams, y[c.lotId]!));
    expect(a.outputs[0]!.shares).toEqual([
      { lotId: 1, grams: 49_451 },
      { lotId: 2, grams: 549 },
    ]);
    expectBalanced(a, contributions, outputs);
  });

  it('falls back to the grams given when every weight is zero', () => {
    const outputs = [{ key: 'export', grams: 50_000 }];
    for (const zero of ['0', '0.00', new Dec('0')]) {
      const a = attribute(parchment, outputs, () => zero);
      expect(a.outputs[0]!.shares).toEqual([
        { lotId: 1, grams: 30_000 },
        { lotId: 2, grams: 20_000 },
      ]);
      expect(a.lossByLot).toEqual([
        { lotId: 1, grams: 30_000 },
        { lotId: 2, grams: 20_000 },
      ]);
    }
  });

  it('credits a lot of zero weight with nothing (not in any share), its loss is all it gave', () => {
    const y: Record<number, string> = { 1: '80', 2: '0' };
    const outputs = [{ key: 'export', grams: 40_000 }];
    const a = attribute(parchment, outputs, (c) => expectedGreen(c.grams, y[c.lotId]!));
    expect(a.outputs[0]!.shares).toEqual([{ lotId: 1, grams: 40_000 }]);
    expect(a.lossByLot).toEqual([
      { lotId: 1, grams: 20_000 },
      { lotId: 2, grams: 40_000 },
    ]);
  });

  it('gives an output of 0 g no shares, and no outputs loses everything', () => {
    const a = attribute(parchment, [{ key: 'pasilla', grams: 0 }], byExpectedGreen);
    expect(a.outputs).toEqual([{ key: 'pasilla', grams: 0, shares: [] }]);
    expect(a.lossByLot).toEqual([
      { lotId: 1, grams: 60_000 },
      { lotId: 2, grams: 40_000 },
    ]);
    expect(attribute(parchment, [], byExpectedGreen)).toEqual({
      outputs: [],
      lossByLot: [
        { lotId: 1, grams: 60_000 },
        { lotId: 2, grams: 40_000 },
      ],
    });
  });

  /** 1..30 lots with unique ids, and outputs whose total is at most the total input. */
  const runArb = fc
    .uniqueArray(
      fc.record({ lotId: fc.integer({ min: 1, max: 1_000_000 }), grams: fc.integer({ min: 1, max: 100_000 }) }),
      {
        minLength: 1,
        maxLength: 30,
        selector: (c) => c.lotId,
      },
    )
    .chain((contributions) => {
      const total = sum(contributions);
      // Cut points in [0, total]: consecutive differences are the outputs, summing to the largest cut.
      return fc
        .array(fc.oneof(fc.integer({ min: 0, max: total }), fc.constant(total)), { minLength: 1, maxLength: 6 })
        .map((cuts) => {
          const sorted = [...cuts].sort((a, b) => a - b);
          const outputs = sorted.map((c, i) => ({ key: `out${i}`, grams: c - (i === 0 ? 0 : sorted[i - 1]!) }));
          return { contributions, outputs };
        });
    });

  it('property: weighted by grams, never throws and balances every lot and output', () => {
    fc.assert(
      fc.property(runArb, ({ contributions, outputs }) => {
        expect(sum(outputs)).toBeLessThanOrEqual(sum(contributions));
        const a = attribute(contributions, outputs, (c) => String(c.grams));
        expectBalanced(a, contributions, outputs);
      }),
      { numRuns: 300 },
    );
  });

  it('property: weighted by expected green, either balances or refuses with OUTPUT_EXCEEDS_LOT', () => {
    fc.assert(
      fc.property(
        runArb.chain((run) =>
          fc
            .array(
              fc.oneof(
                fc.integer({ min: 0, max: 100 }).map(String),
                fc.integer({ min: 5000, max: 8500 }).map((n) => (n / 100).toFixed(2)),
              ),
              { minLength: run.contributions.length, maxLength: run.contributions.length },
            )
            .map((ys) => ({ ...run, yields: new Map(run.contributions.map((c, i) => [c.lotId, ys[i]!])) })),
        ),
        ({ contributions, outputs, yields }) => {
          const weightOf = (c: Contribution) => expectedGreen(c.grams, yields.get(c.lotId)!);
          let a: Attribution<string>;
          try {
            a = attribute(contributions, outputs, weightOf);
          } catch (e) {
            expect(e).toBeInstanceOf(InvalidInputError);
            expect((e as InvalidInputError).issues[0]!.code).toBe('OUTPUT_EXCEEDS_LOT');
            return;
          }
          expectBalanced(a, contributions, outputs);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('takeProportionally', () => {
  const holdings: LotShare[] = [
    { lotId: 1, grams: 3000 },
    { lotId: 2, grams: 2000 },
    { lotId: 3, grams: 1000 },
  ];

  it('takes from each owner in proportion to what they hold (worked example)', () => {
    // 1000 of 6000: 500, 333.33…, 166.66… → floors 999; the leftover gram → lot 3 (.67 > .33).
    expect(takeProportionally(holdings, 1000)).toEqual([
      { lotId: 1, grams: 500 },
      { lotId: 2, grams: 333 },
      { lotId: 3, grams: 167 },
    ]);
  });

  it('takes everything when asked for all of it, and nothing for 0 g', () => {
    expect(takeProportionally(holdings, 6000)).toEqual(holdings);
    expect(takeProportionally(holdings, 0)).toEqual([]);
  });

  it('drops owners whose share rounds to zero, and owners who hold nothing', () => {
    expect(
      takeProportionally(
        [
          { lotId: 1, grams: 999 },
          { lotId: 2, grams: 0 },
          { lotId: 3, grams: 1 },
        ],
        10,
      ),
    ).toEqual([{ lotId: 1, grams: 10 }]);
  });

  it('refuses to take more than is held', () => {
    expect(() => takeProportionally(holdings, 6001)).toThrow(RangeError);
    expect(() => takeProportionally(holdings, 6001)).toThrow('cannot take 6001 g from 6000 g');
    expect(() => takeProportionally([], 1)).toThrow(RangeError);
  });

  it('property: sums exactly, never takes more than a holding, each take within a gram of its exact share', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(fc.record({ lotId: fc.nat(1000), grams: fc.integer({ min: 0, max: 1_000_000 }) }), {
            minLength: 1,
            maxLength: 20,
            selector: (h) => h.lotId,
          })
          .chain((hs) => fc.record({ hs: fc.constant(hs), grams: fc.integer({ min: 0, max: sum(hs) }) })),
        ({ hs, grams }) => {
          const available = sum(hs);
          fc.pre(available > 0);
          const taken = takeProportionally(hs, grams);
          expect(sum(taken)).toBe(grams);
          for (const t of taken) {
            const h = hs.find((x) => x.lotId === t.lotId)!;
            expect(t.grams).toBeGreaterThan(0);
            expect(t.grams).toBeLessThanOrEqual(h.grams);
            // |taken × available − grams × held| < available (exact, in bigint)
            const diff = BigInt(t.grams) * BigInt(available) - BigInt(grams) * BigInt(h.grams);
            expect(diff < BigInt(available) && -diff < BigInt(available)).toBe(true);
          }
          // takes come back in holding order
          const order = hs.map((h) => h.lotId).filter((id) => taken.some((t) => t.lotId === id));
          expect(taken.map((t) => t.lotId)).toEqual(order);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: asking for more than is held always throws', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ lotId: fc.nat(), grams: fc.integer({ min: 0, max: 100_000 }) }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 1000 }),
        (hs, extra) => {
          expect(() => takeProportionally(hs, sum(hs) + extra)).toThrow(RangeError);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('hullingYield', () => {
  // 100 kg parchment: lot A 60 000 g at 80 %, lot B 40 000 g at 70 % → expected (48 000 + 28 000) / 100 000 = 76 %.
  const inputs = [
    { grams: 60_000, exportableYieldPct: '80' },
    { grams: 40_000, exportableYieldPct: '70' },
  ];

  it('a run on its expectation is not flagged', () => {
    expect(hullingYield(inputs, 76_000, 80_000, DEFAULT_YIELD_TOLERANCE_PCT)).toEqual({
      parchmentGrams: 100_000,
      exportGreenGrams: 76_000,
      totalGreenGrams: 80_000,
      actualExportYieldPct: '76.00',
      totalBeanYieldPct: '80.00',
      expectedExportYieldPct: '76.00',
      deviationPct: '0.00',
      tolerancePct: '3',
      flagged: false,
    });
  });

  it('a run 6 points under is flagged', () => {
    const y = hullingYield(inputs, 70_000, 75_000, '3');
    expect(y.actualExportYieldPct).toBe('70.00');
    expect(y.expectedExportYieldPct).toBe('76.00');
    expect(y.deviationPct).toBe('-6.00');
    expect(y.totalBeanYieldPct).toBe('75.00');
    expect(y.flagged).toBe(true);
    // a wide enough tolerance lets it pass
    expect(hullingYield(inputs, 70_000, 75_000, '6').flagged).toBe(false);
    expect(hullingYield(inputs, 70_000, 75_000, '5.99').flagged).toBe(true);
  });

  it('a deviation exactly at the tolerance is not flagged; one gram past it is', () => {
    const atPlus = hullingYield(inputs, 79_000, 80_000, '3');
    expect(atPlus.deviationPct).toBe('3.00');
    expect(atPlus.flagged).toBe(false);

    const overPlus = hullingYield(inputs, 79_001, 80_000, '3');
    // 79.001 − 76 = +3.001: rounds to "3.00" but compared exactly, so flagged
    expect(overPlus.actualExportYieldPct).toBe('79.00');
    expect(overPlus.deviationPct).toBe('3.00');
    expect(overPlus.flagged).toBe(true);

    const atMinus = hullingYield(inputs, 73_000, 80_000, '3');
    expect(atMinus.deviationPct).toBe('-3.00');
    expect(atMinus.flagged).toBe(false);

    const overMinus = hullingYield(inputs, 72_999, 80_000, '3');
    expect(overMinus.deviationPct).toBe('-3.00');
    expect(overMinus.flagged).toBe(true);
  });

  it('compares exactly with a decimal tolerance', () => {
    // 77 500 → +1.5 points
    expect(hullingYield(inputs, 77_500, 80_000, '1.5').flagged).toBe(false);
    expect(hullingYield(inputs, 77_500, 80_000, '1.49').flagged).toBe(true);
    expect(hullingYield(inputs, 76_000, 80_000, '0').flagged).toBe(false);
    expect(hullingYield(inputs, 76_001, 80_000, '0').flagged).toBe(true);
  });

  it('rounds the percentages half-even to 2 decimals', () => {
    // 76 125 / 100 000 = 76.125 % → "76.12" (half-even); 80 135 → 80.135 → "80.14"
    const y = hullingYield(inputs, 76_125, 80_135, '3');
    expect(y.actualExportYieldPct).toBe('76.12');
    expect(y.totalBeanYieldPct).toBe('80.14');
    expect(y.deviationPct).toBe('0.12');
  });

  it('weights the expected yield by grams, with non-round figures', () => {
    /*
     * 30 000 g at 76.5 % → 22 950; 15 000 g at 81 % → 12 150; 45 000 g parchment.
     * expected = 35 100 / 45 000 = 78 %; 33 000 g export → 73.333… % → "73.33", deviation −4.666… → "-4.67"
     * total green 36 001 → 80.0022… → "80.00"
     */
    const y = hullingYield(
      [
        { grams: 30_000, exportableYieldPct: '76.5' },
        { grams: 15_000, exportableYieldPct: '81' },
      ],
      33_000,
      36_001,
      '3',
    );
    expect(y.parchmentGrams).toBe(45_000);
    expect(y.expectedExportYieldPct).toBe('78.00');
    expect(y.actualExportYieldPct).toBe('73.33');
    expect(y.deviationPct).toBe('-4.67');
    expect(y.totalBeanYieldPct).toBe('80.00');
    expect(y.flagged).toBe(true);
  });

  it('refuses a run with no parchment', () => {
    expect(() => hullingYield([], 0, 0, '3')).toThrow(RangeError);
    expect(() => hullingYield([{ grams: 0, exportableYieldPct: '80' }], 0, 0, '3')).toThrow(RangeError);
  });
});

describe('roastLoss', () => {
  it.each([
    [10_000, 8_500, '15.00', false],
    [10_000, 9_500, '5.00', true],
    [10_000, 7_000, '30.00', true],
    [10_000, 8_900, '11.00', false], // exactly the minimum
    [10_000, 8_000, '20.00', false], // exactly the maximum
    [10_000, 8_901, '10.99', true],
    [10_000, 7_999, '20.01', true],
    [10_000, 10_000, '0.00', true],
    [10_000, 10_500, '-5.00', true],
    [3, 2, '33.33', true],
    [8, 7, '12.50', false],
  ])('%i g green → %i g roasted: loss %s %%, flagged %s', (green, roasted, pct, flagged) => {
    expect(roastLoss(green, roasted)).toEqual({ lossPct: pct, flagged });
  });

  it('is flagged by the exact loss, not the rounded one', () => {
    // 100 000 → 89 001: 10.999 % rounds to "11.00" but is below 11
    expect(roastLoss(100_000, 89_001)).toEqual({ lossPct: '11.00', flagged: true });
    // 100 000 → 79 999: 20.001 % rounds to "20.00" but is above 20
    expect(roastLoss(100_000, 79_999)).toEqual({ lossPct: '20.00', flagged: true });
  });

  it('uses the typical range 11–20 %', () => {
    expect(TYPICAL_ROAST_LOSS_PCT).toEqual({ min: '11', max: '20' });
  });

  it('refuses a roast with no green in', () => {
    expect(() => roastLoss(0, 0)).toThrow(RangeError);
    expect(() => roastLoss(-1, 0)).toThrow(RangeError);
  });
});

describe('assertOutputsWithinInputs', () => {
  it('accepts outputs equal to or lighter than the inputs', () => {
    expect(() => assertOutputsWithinInputs(1000, 1000, ['input', 'outputs'])).not.toThrow();
    expect(() => assertOutputsWithinInputs(1000, 999, ['input', 'outputs'])).not.toThrow();
    expect(() => assertOutputsWithinInputs(0, 0, ['input', 'outputs'])).not.toThrow();
  });

  it('refuses outputs heavier than the inputs, at the given path', () => {
    const err = invalidInput(() => assertOutputsWithinInputs(1000, 1001, ['input', 'roastedKg']));
    expect(err.issues).toEqual([
      {
        path: ['input', 'roastedKg'],
        code: 'OUTPUTS_EXCEED_INPUTS',
        message: 'outputs weigh 1001 g but only 1000 g went in',
      },
    ]);
  });
});

describe('isRetailUnitSize', () => {
  it('accepts 250 g, 500 g and 1 kg only', () => {
    expect(RETAIL_UNIT_SIZES_G).toEqual([250, 500, 1000]);
    for (const g of [250, 500, 1000]) expect(isRetailUnitSize(g)).toBe(true);
    for (const g of [0, 1, 249, 251, 250.5, 340, 454, 750, 999, 1001, 2000, -250])
      expect(isRetailUnitSize(g)).toBe(false);
  });
});
