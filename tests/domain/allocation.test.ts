import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { allocate, allocateGrams, type Weighted } from '../../server/domain/allocation.js';
import { Dec } from '../../server/domain/decimal.js';

/** The amounts of a result, in input order. */
const amounts = <K extends string | number>(parts: { key: K; amount: bigint }[]): bigint[] =>
  parts.map((p) => p.amount);

const w = <K extends string | number>(key: K, weight: string | Dec): Weighted<K> => ({ key, weight });

/** A decimal literal from an integer of units and a scale: (1234n, 2) → "12.34", (5n, 2) → "0.05". */
function decimalText(units: bigint, scale: number): string {
  if (scale === 0) return units.toString();
  const s = units.toString().padStart(scale + 1, '0');
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
}

/** A weight drawn as an exact rational units / 10^scale, with its text. */
interface DrawnWeight {
  units: bigint;
  scale: number;
  text: string;
}
const weightArb: fc.Arbitrary<DrawnWeight> = fc
  .record({
    units: fc.oneof(fc.bigInt({ min: 0n, max: 10n }), fc.bigInt({ min: 0n, max: 10n ** 12n })),
    scale: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ units, scale }) => ({ units, scale, text: decimalText(units, scale) }));

/** Weights as integers over one common denominator 10^maxScale (an independent re-derivation). */
function commonUnits(ws: readonly DrawnWeight[]): bigint[] {
  const scale = Math.max(0, ...ws.map((x) => x.scale));
  return ws.map((x) => x.units * 10n ** BigInt(scale - x.scale));
}

const abs = (x: bigint) => (x < 0n ? -x : x);

describe('allocate: worked examples', () => {
  it('splits 10 by 1, 1, 1 into 4, 3, 3 (the tie goes to the smallest key)', () => {
    // Each share is 10/3 = 3.333…; floors 3+3+3 = 9; the 1 leftover goes to the
    // smallest key among equal remainders.
    expect(allocate(10n, [w('a', '1'), w('b', '1'), w('c', '1')])).toEqual([
      { key: 'a', amount: 4n },
      { key: 'b', amount: 3n },
      { key: 'c', amount: 3n },
    ]);
  });

  it('breaks ties by key, not by input position', () => {
    expect(amounts(allocate(10n, [w('c', '1'), w('b', '1'), w('a', '1')]))).toEqual([3n, 3n, 4n]);
    expect(amounts(allocate(11n, [w('c', '1'), w('b', '1'), w('a', '1')]))).toEqual([3n, 4n, 4n]);
  });

  it('compares numeric keys as numbers (9 < 10), string keys as strings ("10" < "9")', () => {
    expect(allocate(1n, [w(10, '1'), w(9, '1')])).toEqual([
      { key: 10, amount: 0n },
      { key: 9, amount: 1n },
    ]);
    expect(allocate(1n, [w('10', '1'), w('9', '1')])).toEqual([
      { key: '10', amount: 1n },
      { key: '9', amount: 0n },
    ]);
  });

  it('splits 100 g by "76.5", "80", "0" into 49, 51, 0', () => {
    /*
     * Scaled by 10: 765, 800, 0; Σ = 1565.
     *   100 × 765 / 1565 = 76500 / 1565 = 48 rem 1380
     *   100 × 800 / 1565 = 80000 / 1565 = 51 rem 185
     *   100 ×   0 / 1565 = 0 rem 0
     * floors 48 + 51 + 0 = 99; the leftover gram goes to the largest remainder (1380).
     */
    expect(allocate(100n, [w(1, '76.5'), w(2, '80'), w(3, '0')])).toEqual([
      { key: 1, amount: 49n },
      { key: 2, amount: 51n },
      { key: 3, amount: 0n },
    ]);
  });

  it('gives the leftover to the largest remainder even when its key is larger', () => {
    // 7 by 1 and 2: shares 2.333… and 4.666…; floors 2 + 4 = 6; leftover → key "z" (remainder 2/3).
    expect(amounts(allocate(7n, [w('a', '1'), w('z', '2')]))).toEqual([2n, 5n]);
  });

  it('gives a zero weight nothing, even with leftovers to hand out', () => {
    // 5 by 0, 1, 1: shares 0, 2.5, 2.5; the leftover goes to "b" (the smaller of the tied keys), never to "a".
    expect(amounts(allocate(5n, [w('a', '0'), w('b', '1'), w('c', '1')]))).toEqual([0n, 3n, 2n]);
  });

  it('returns zeros when the whole and all the weights are zero', () => {
    expect(allocate(0n, [w('a', '0'), w('b', '0.00')])).toEqual([
      { key: 'a', amount: 0n },
      { key: 'b', amount: 0n },
    ]);
  });

  it('returns zeros for a zero whole with positive weights', () => {
    expect(amounts(allocate(0n, [w('a', '3'), w('b', '7')]))).toEqual([0n, 0n]);
  });

  it('returns nothing for no weights and a zero whole', () => {
    expect(allocate(0n, [])).toEqual([]);
  });

  it('refuses a positive whole over weights that are all zero', () => {
    expect(() => allocate(1n, [w('a', '0'), w('b', '0')])).toThrow(RangeError);
    expect(() => allocate(1n, [w('a', '0'), w('b', '0')])).toThrow('cannot allocate by weights that sum to zero');
    expect(() => allocate(5n, [])).toThrow(RangeError);
  });

  it('refuses a negative whole', () => {
    expect(() => allocate(-1n, [w('a', '1')])).toThrow(RangeError);
    expect(() => allocate(-1n, [w('a', '1')])).toThrow('cannot allocate a negative amount');
  });

  it('refuses a negative weight, as a string or a Dec', () => {
    expect(() => allocate(10n, [w('a', '1'), w('b', '-1')])).toThrow(RangeError);
    expect(() => allocate(10n, [w('a', '1'), w('b', '-1')])).toThrow('weight "-1" is negative');
    expect(() => allocate(10n, [w('a', '2'), w('b', '-0.5')])).toThrow(RangeError);
    expect(() => allocate(10n, [w('a', new Dec('-3'))])).toThrow(RangeError);
  });

  it.each(['', '1e3', ' 1', '1,000', '.5', '01', '1.', 'NaN', '0x10'])('refuses the weight %j', (bad) => {
    expect(() => allocate(10n, [w('a', '1'), w('b', bad)])).toThrow(RangeError);
  });

  it('splits exactly by weights of different scales ("0.5" and "2")', () => {
    // Scaled by 10: 5 and 20; Σ = 25.
    expect(amounts(allocate(10n, [w('a', '0.5'), w('b', '2')]))).toEqual([2n, 8n]);
    // 7: 35/25 = 1 rem 10, 140/25 = 5 rem 15 → leftover to "b".
    expect(amounts(allocate(7n, [w('a', '0.5'), w('b', '2')]))).toEqual([1n, 6n]);
    // 0.1 and 0.2 (no float error): 3 → 1 and 2 exactly.
    expect(amounts(allocate(3n, [w('a', '0.1'), w('b', '0.2')]))).toEqual([1n, 2n]);
    // "0.001" against "1000": 1000001 → 1 and 1000000 exactly (1e6 + 1 parts of 1/1000 each).
    expect(amounts(allocate(1_000_001n, [w('a', '0.001'), w('b', '1000')]))).toEqual([1n, 1_000_000n]);
  });

  it('treats "1.50" and "1.5" alike, and a Dec like its text', () => {
    const byText = allocate(10n, [w('a', '1.5'), w('b', '1'), w('c', '0.25')]);
    // Σ = 2.75: 10 × 1.5 / 2.75 = 5.4545…, 10 / 2.75 = 3.6363…, 2.5 / 2.75 = 0.9090…
    // floors 5 + 3 + 0 = 8; leftovers to the two largest remainders: c (0.909) then b (0.636).
    expect(amounts(byText)).toEqual([5n, 4n, 1n]);
    expect(allocate(10n, [w('a', '1.50'), w('b', '1.000'), w('c', '0.25')])).toEqual(byText);
    expect(allocate(10n, [w('a', new Dec('1.5')), w('b', new Dec('1')), w('c', new Dec('0.25'))])).toEqual(byText);
  });

  it('splits whole numbers far beyond 2^53 exactly', () => {
    const whole = 10n ** 30n + 1n;
    // Shares: (10^30 + 1)/3 = 333…333.666… and 2(10^30 + 1)/3 = 666…667.333…
    const third = (10n ** 30n + 1n) / 3n;
    expect(amounts(allocate(whole, [w('a', '1'), w('b', '2')]))).toEqual([third + 1n, whole - third - 1n]);
  });

  it('returns the parts in input order', () => {
    expect(allocate(6n, [w('z', '1'), w('a', '2'), w('m', '3')]).map((p) => p.key)).toEqual(['z', 'a', 'm']);
  });
});

describe('allocateGrams', () => {
  it('splits grams like allocate, as numbers', () => {
    expect(allocateGrams(100, [w(1, '76.5'), w(2, '80'), w(3, '0')])).toEqual([
      { key: 1, grams: 49 },
      { key: 2, grams: 51 },
      { key: 3, grams: 0 },
    ]);
  });

  it('splits the largest safe integer exactly', () => {
    const max = Number.MAX_SAFE_INTEGER; // 9007199254740991 = 3 × 3002399751580330 + 1
    expect(allocateGrams(max, [w('a', '1'), w('b', '1'), w('c', '1')])).toEqual([
      { key: 'a', grams: 3002399751580331 },
      { key: 'b', grams: 3002399751580330 },
      { key: 'c', grams: 3002399751580330 },
    ]);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %s grams', (g) => {
    expect(() => allocateGrams(g, [w('a', '1')])).toThrow(RangeError);
  });

  it('refuses negative grams', () => {
    expect(() => allocateGrams(-1, [w('a', '1')])).toThrow(RangeError);
  });
});

describe('allocate: properties', () => {
  /** A whole and weights, with unique keys 0..n-1. */
  const caseArb = fc.record({
    whole: fc.oneof(fc.bigInt({ min: 0n, max: 100n }), fc.bigInt({ min: 0n, max: 10n ** 18n })),
    weights: fc.array(weightArb, { minLength: 1, maxLength: 25 }),
  });

  const hasWeight = (ws: readonly DrawnWeight[]) => ws.some((x) => x.units > 0n);

  it('parts always sum exactly to the whole', () => {
    fc.assert(
      fc.property(caseArb, ({ whole, weights }) => {
        fc.pre(hasWeight(weights));
        const parts = allocate(
          whole,
          weights.map((x, i) => w(i, x.text)),
        );
        expect(parts.reduce((a, p) => a + p.amount, 0n)).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('each part is the floor or the floor + 1 of its exact share: |part·W − whole·w| < W', () => {
    fc.assert(
      fc.property(caseArb, ({ whole, weights }) => {
        fc.pre(hasWeight(weights));
        const units = commonUnits(weights);
        const W = units.reduce((a, b) => a + b, 0n);
        const parts = allocate(
          whole,
          weights.map((x, i) => w(i, x.text)),
        );
        parts.forEach((p, i) => {
          const exact = whole * units[i]!; // the share is exact / W
          expect(abs(p.amount * W - exact) < W).toBe(true);
          // floor or floor + 1, never below the floor
          expect(p.amount * W >= exact - (exact % W)).toBe(true);
          expect(p.amount - exact / W === 0n || p.amount - exact / W === 1n).toBe(true);
          if (units[i] === 0n) expect(p.amount).toBe(0n);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('hands the leftover to the largest remainders, ties to the smaller key', () => {
    fc.assert(
      fc.property(
        fc.record({
          whole: fc.bigInt({ min: 0n, max: 1000n }),
          // small weights and few distinct values, so ties are common
          weights: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 12 }),
          keys: fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: 12, maxLength: 12 }),
        }),
        ({ whole, weights, keys }) => {
          fc.pre(weights.some((x) => x > 0));
          const W = BigInt(weights.reduce((a, b) => a + b, 0));
          const parts = allocate(
            whole,
            weights.map((x, i) => w(keys[i]!, String(x))),
          );
          const info = parts.map((p, i) => {
            const exact = whole * BigInt(weights[i]!);
            return { key: p.key, bumped: p.amount - exact / W === 1n, rem: exact % W };
          });
          for (const up of info.filter((x) => x.bumped)) {
            for (const down of info.filter((x) => !x.bumped)) {
              const beats = up.rem > down.rem || (up.rem === down.rem && up.key < down.key);
              expect(beats, `key ${up.key} got a leftover before key ${down.key}`).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic regardless of input order when keys are unique', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            whole: fc.bigInt({ min: 0n, max: 10n ** 9n }),
            entries: fc.uniqueArray(fc.record({ key: fc.string({ maxLength: 4 }), weight: weightArb }), {
              minLength: 1,
              maxLength: 15,
              selector: (e) => e.key,
            }),
          })
          .chain((c) =>
            fc
              .shuffledSubarray(c.entries, { minLength: c.entries.length, maxLength: c.entries.length })
              .map((shuffled) => ({ ...c, shuffled })),
          ),
        ({ whole, entries, shuffled }) => {
          fc.pre(hasWeight(entries.map((e) => e.weight)));
          const a = allocate(
            whole,
            entries.map((e) => w(e.key, e.weight.text)),
          );
          const b = allocate(
            whole,
            shuffled.map((e) => w(e.key, e.weight.text)),
          );
          // same order as each input
          expect(a.map((p) => p.key)).toEqual(entries.map((e) => e.key));
          expect(b.map((p) => p.key)).toEqual(shuffled.map((e) => e.key));
          // same amount per key
          const byKey = new Map(a.map((p) => [p.key, p.amount]));
          for (const p of b) expect(p.amount).toBe(byKey.get(p.key));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same parts for a weight as text or as a Dec', () => {
    fc.assert(
      fc.property(caseArb, ({ whole, weights }) => {
        fc.pre(hasWeight(weights));
        const byText = allocate(
          whole,
          weights.map((x, i) => w(i, x.text)),
        );
        const byDec = allocate(
          whole,
          weights.map((x, i) => w(i, new Dec(x.text))),
        );
        expect(byDec).toEqual(byText);
      }),
      { numRuns: 200 },
    );
  });

  it('scaling every weight by the same power of ten changes nothing', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 6 }), ({ whole, weights }, k) => {
        fc.pre(hasWeight(weights));
        const base = allocate(
          whole,
          weights.map((x, i) => w(i, x.text)),
        );
        const scaled = allocate(
          whole,
          weights.map((x, i) => w(i, decimalText(x.units * 10n ** BigInt(k), x.scale))),
        );
        expect(scaled).toEqual(base);
      }),
      { numRuns: 200 },
    );
  });

  it('allocateGrams agrees with allocate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.array(weightArb, { minLength: 1, maxLength: 20 }),
        (grams, weights) => {
          fc.pre(hasWeight(weights));
          const ws = weights.map((x, i) => w(i, x.text));
          const g = allocateGrams(grams, ws);
          const b = allocate(BigInt(grams), ws);
          expect(g).toEqual(b.map((p) => ({ key: p.key, grams: Number(p.amount) })));
          expect(g.every((p) => Number.isSafeInteger(p.grams))).toBe(true);
          expect(g.reduce((a, p) => a + p.grams, 0)).toBe(grams);
        },
      ),
      { numRuns: 300 },
    );
  });
});
