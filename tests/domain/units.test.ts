import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  GRAMS_PER_QUINTAL,
  gramsToKg,
  gramsToQuintals,
  parseKgToGrams,
  squareMetresToHectares,
} from '../../server/domain/units.js';
import { Dec, ROUND_HALF_UP } from '../../server/domain/decimal.js';

function grams(kg: string): number {
  const r = parseKgToGrams(kg);
  if (!r.ok) throw new Error(`expected "${kg}" to parse, got: ${r.reason}`);
  return r.grams;
}

function refusal(kg: string): string {
  const r = parseKgToGrams(kg);
  if (r.ok) throw new Error(`expected "${kg}" to be refused, got ${r.grams} g`);
  return r.reason;
}

describe('parseKgToGrams', () => {
  it.each([
    ['0', 0],
    ['1', 1000],
    ['1.5', 1500],
    ['1.50', 1500],
    ['1.500', 1500],
    ['0.001', 1],
    ['0.010', 10],
    ['1234.567', 1234567],
    ['69.000', 69000],
    ['-1.5', -1500],
  ])('converts %s kg to %i g exactly', (kg, g) => {
    expect(parseKgToGrams(kg)).toEqual({ ok: true, grams: g });
  });

  it('accepts 3 decimals but refuses a 4th, even a trailing zero', () => {
    expect(grams('12.345')).toBe(12345);
    expect(refusal('12.3456')).toMatch(/more than 3 decimals/);
    expect(refusal('12.3450')).toMatch(/more than 3 decimals/);
    expect(refusal('0.0001')).toMatch(/more than 3 decimals/);
  });

  it.each([
    ['1e3'],
    ['1E3'],
    ['1e-3'],
    ['NaN'],
    ['Infinity'],
    ['-Infinity'],
    [''],
    [' 1'],
    ['1 '],
    [' '],
    ['1 000'],
    ['1,000'],
    ['1,5'],
    ['1.000,5'],
    ['1_000'],
    ['+1'],
    ['.5'],
    ['5.'],
    ['01'],
    ['00.5'],
    ['0x10'],
    ['--1'],
    ['-'],
    ['1.2.3'],
    ['１２'], // full-width digits
    ['12kg'],
  ])('refuses the non-plain decimal %j', (kg) => {
    expect(refusal(kg)).toMatch(/^kilograms /);
  });

  it('treats "-0" as a syntactically valid zero (it is never negative grams)', () => {
    // decimal.ts accepts "-0" as a plain decimal; it parses to 0 g, and
    // validateIntake then refuses it as a gross weight (see lot.test.ts).
    const r = parseKgToGrams('-0');
    expect(r).toEqual({ ok: true, grams: 0 });
    expect(r.ok && Object.is(r.grams, -0)).toBe(false);
  });

  it('refuses strings longer than 40 characters before parsing them', () => {
    expect(refusal('1'.repeat(41))).toMatch(/longer than 40/);
  });

  it('handles values up to Number.MAX_SAFE_INTEGER grams and refuses beyond', () => {
    expect(grams('9007199254740.991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(grams('-9007199254740.991')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(refusal('9007199254740.992')).toBe('is too large');
    expect(refusal('-9007199254740.992')).toBe('is too large');
    expect(refusal('99999999999999999999')).toBe('is too large');
    // a large value well inside the range keeps every gram
    expect(grams('123456789012.345')).toBe(123456789012345);
  });
});

describe('gramsToKg', () => {
  it.each([
    [0, '0'],
    [1, '0.001'],
    [10, '0.01'],
    [999, '0.999'],
    [1000, '1'],
    [1500, '1.5'],
    [1230, '1.23'],
    [1234567, '1234.567'],
    [-1500, '-1.5'],
    [-0, '0'],
    [Number.MAX_SAFE_INTEGER, '9007199254740.991'],
  ])('%i g is exactly %s kg', (g, kg) => {
    expect(gramsToKg(g)).toBe(kg);
  });

  it.each([[1.5], [Number.NaN], [Number.POSITIVE_INFINITY], [Number.MAX_SAFE_INTEGER + 1]])(
    'refuses %d grams (not a safe integer)',
    (g) => {
      expect(() => gramsToKg(g)).toThrow(RangeError);
    },
  );

  it('round-trips through parseKgToGrams for any integer grams 0..10^12', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }).map(Number), (g) => {
        expect(parseKgToGrams(gramsToKg(g))).toEqual({ ok: true, grams: g });
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips negative grams too', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000, max: 0 }), (g) => {
        const r = parseKgToGrams(gramsToKg(g));
        expect(r.ok && r.grams === g).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('gramsToQuintals (46 kg, 2 decimals, half-even)', () => {
  it('uses a 46 kg quintal', () => {
    expect(GRAMS_PER_QUINTAL).toBe(46_000);
    expect(gramsToQuintals(46_000)).toBe('1.00');
    expect(gramsToQuintals(92_000)).toBe('2.00');
    expect(gramsToQuintals(0)).toBe('0.00');
  });

  // Each value below is 46 kg × q where q has an exact 5 in the third decimal,
  // so the rounding mode alone decides the second decimal.
  it.each([
    // grams,  exact quintals, half-even, (half-up would give)
    [230, '0.005', '0.00', '0.01'], // 46 × 0.005 kg = 0.23 kg
    [690, '0.015', '0.02', '0.02'], // 46 × 0.015 kg = 0.69 kg
    [1_150, '0.025', '0.02', '0.03'], // 46 × 0.025 kg = 1.15 kg
    [51_750, '1.125', '1.12', '1.13'], // 46 × 1.125 kg = 51.75 kg
    [52_210, '1.135', '1.14', '1.14'], // 46 × 1.135 kg = 52.21 kg
    [97_750, '2.125', '2.12', '2.13'], // 46 × 2.125 kg = 97.75 kg
    [4_600_230, '100.005', '100.00', '100.01'], // 46 × 100.005 kg = 4600.23 kg
  ])('%i g = %s q → %s (half-up would be %s)', (g, exact, halfEven, halfUp) => {
    // the test data is right: g / 46000 is exactly the tie
    expect(new Dec(String(g)).div('46000').eq(exact)).toBe(true);
    expect(new Dec(exact).round(2, ROUND_HALF_UP).toFixed(2)).toBe(halfUp);
    expect(gramsToQuintals(g)).toBe(halfEven);
  });

  it('rounds non-ties to nearest', () => {
    expect(gramsToQuintals(229)).toBe('0.00'); // 0.004978…
    expect(gramsToQuintals(231)).toBe('0.01'); // 0.005021…
    expect(gramsToQuintals(1_149)).toBe('0.02'); // 0.024978…
    expect(gramsToQuintals(1_151)).toBe('0.03'); // 0.025021…
    expect(gramsToQuintals(1_000_000)).toBe('21.74'); // 21.7391…
  });

  it('refuses non-integer grams', () => {
    expect(() => gramsToQuintals(0.5)).toThrow(RangeError);
  });
});

describe('squareMetresToHectares', () => {
  it.each([
    [0, '0'],
    [1, '0.0001'],
    [100, '0.01'],
    [10_000, '1'],
    [12_345, '1.2345'],
    [25_000, '2.5'],
    [1_000_000, '100'],
  ])('%i m² is %s ha', (m2, ha) => {
    expect(squareMetresToHectares(m2)).toBe(ha);
  });

  it('refuses non-integer square metres', () => {
    expect(() => squareMetresToHectares(1.5)).toThrow(RangeError);
    expect(() => squareMetresToHectares(Number.NaN)).toThrow(RangeError);
  });
});
