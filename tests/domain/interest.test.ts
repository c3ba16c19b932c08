/**
 * Interest conventions on the worked examples of docs/loans.md, number for
 * number, with the day-count regressions (a 360-day product charges 1,000.00,
 * not 1,013.89; leap years; 30- and 31-day months; 360 against 365 on the
 * same loan) and the rounding-once rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../server/domain/decimal.js';
import {
  DAYS_IN_YEAR,
  INTEREST_CONVENTIONS,
  type InterestConvention,
  type PrincipalSegment,
  accruedInterest,
  accruedInterestExact,
  addDays,
  daysBetween,
  interestFactor,
  interestRateError,
} from '../../server/domain/interest.js';
import { formatAmount, parseAmount } from '../../server/domain/money.js';

const pen = (m: bigint) => formatAmount(m, 'PEN');
const usd = (m: bigint) => formatAmount(m, 'USD');
const one = (principal: string, from: string, to: string): PrincipalSegment[] => [
  { principal: parseAmount(principal, 'PEN'), from, to },
];
const charge = (convention: InterestConvention, ratePct: string, segments: PrincipalSegment[]) =>
  pen(accruedInterest({ convention, ratePct, segments }, 'PEN'));

describe('daysBetween: actual days, the first counted, the last not', () => {
  it('counts 360 days from 1 January to 27 December 2023', () => {
    expect(daysBetween('2023-01-01', '2023-12-27')).toBe(360);
    expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
  });

  it('counts 29 February in a leap year', () => {
    expect(daysBetween('2020-02-01', '2020-03-01')).toBe(29);
    expect(daysBetween('2019-02-01', '2019-03-01')).toBe(28);
    expect(daysBetween('2019-06-01', '2020-06-01')).toBe(366);
    expect(daysBetween('2020-06-01', '2021-06-01')).toBe(365);
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2);
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2019-02-28', 1)).toBe('2019-03-01');
  });

  it('counts 30-day and 31-day months as they are', () => {
    expect(daysBetween('2024-04-01', '2024-05-01')).toBe(30);
    expect(daysBetween('2024-05-01', '2024-06-01')).toBe(31);
    expect(daysBetween('2024-01-31', '2024-03-01')).toBe(30);
  });

  it('counts the days of the worked examples', () => {
    expect(daysBetween('2024-03-01', '2024-05-30')).toBe(90);
    expect(daysBetween('2024-05-30', '2024-07-30')).toBe(61);
    expect(daysBetween('2024-04-15', '2024-06-14')).toBe(60);
    expect(daysBetween('2024-06-14', '2024-07-30')).toBe(46);
  });

  it('is 0 on the same day, refuses a period that ends before it starts or a date that is not one', () => {
    expect(daysBetween('2024-07-30', '2024-07-30')).toBe(0);
    expect(() => daysBetween('2024-07-30', '2024-07-29')).toThrow(RangeError);
    expect(() => daysBetween('2019-02-29', '2019-03-01')).toThrow(RangeError);
    expect(() => daysBetween('2024-7-1', '2024-08-01')).toThrow(RangeError);
  });

  it('agrees with addDays on any span (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 2_000 }), (start, span) => {
        const from = addDays('1990-01-01', start);
        expect(daysBetween(from, addDays(from, span))).toBe(span);
      }),
      { numRuns: 200 },
    );
  });
});

describe('regression: a 360-day product charges 1,000.00, not 1,013.89', () => {
  // 100,000.00 for exactly 360 days at 1 % a year.
  const loan = one('100000.00', '2023-01-01', '2023-12-27');

  it('simple ACT/360: 100,000.00 × 1 % × 360 / 360 = 1,000.00', () => {
    expect(charge('simple_act_360', '1', loan)).toBe('1000.00');
    expect(charge('simple_act_360', '1', loan)).not.toBe('1013.89');
  });

  it('TEA on 360 days: 100,000.00 × (1.01^(360/360) − 1) = 1,000.00', () => {
    expect(interestFactor({ convention: 'tea_360', ratePct: '1' }, 360).eq('0.01')).toBe(true);
    expect(charge('tea_360', '1', loan)).toBe('1000.00');
    expect(charge('tea_360', '1', loan)).not.toBe('1013.89');
  });

  it('1,013.89 is what counting 365 days on a 360-day year charges', () => {
    expect(charge('simple_act_360', '1', one('100000.00', '2023-01-01', '2024-01-01'))).toBe('1013.89');
  });

  it('simple ACT/365 on the same 360 days: 100,000.00 × 1 % × 360 / 365 = 986.30', () => {
    expect(charge('simple_act_365', '1', loan)).toBe('986.30');
  });
});

describe('leap years', () => {
  it('ACT/365 over a year spanning 29 February 2020 counts 366 days: 12,032.88', () => {
    // 100,000.00 × 12 % × 366 / 365 = 12,032.876… → 12,032.88
    expect(charge('simple_act_365', '12', one('100000.00', '2019-06-01', '2020-06-01'))).toBe('12032.88');
    // the next year has 365 days: exactly 12,000.00
    expect(charge('simple_act_365', '12', one('100000.00', '2020-06-01', '2021-06-01'))).toBe('12000.00');
  });

  it('February 2020 bears 29 days, February 2019 28', () => {
    // 100,000.00 × 12 % × 29 / 360 = 966.666… ; × 28 / 360 = 933.333…
    expect(charge('simple_act_360', '12', one('100000.00', '2020-02-01', '2020-03-01'))).toBe('966.67');
    expect(charge('simple_act_360', '12', one('100000.00', '2019-02-01', '2019-03-01'))).toBe('933.33');
  });

  it('TEA over the 366 days to June 2020: 100,000.00 × (1.12^(366/360) − 1) = 12,211.75', () => {
    // 1.12^(366/360) = 1.1221174679…; the actual days, not a 365-day year, go in the exponent
    expect(charge('tea_360', '12', one('100000.00', '2019-06-01', '2020-06-01'))).toBe('12211.75');
  });
});

describe('30-day and 31-day months, 360 against 365 on the same loan', () => {
  // 10,000.00 at 18 % a year.
  const april = one('10000.00', '2024-04-01', '2024-05-01');
  const may = one('10000.00', '2024-05-01', '2024-06-01');

  it('ACT/360: April 150.00, May 155.00', () => {
    expect(charge('simple_act_360', '18', april)).toBe('150.00');
    expect(charge('simple_act_360', '18', may)).toBe('155.00');
  });

  it('ACT/365: April 147.95, May 152.88', () => {
    // 10,000.00 × 18 % × 30 / 365 = 147.945…; × 31 / 365 = 152.876…
    expect(charge('simple_act_365', '18', april)).toBe('147.95');
    expect(charge('simple_act_365', '18', may)).toBe('152.88');
  });
});

describe('worked example: simple ACT/360 and ACT/365 (loan 2 of docs/loans.md)', () => {
  // 50,000.00 PEN at 18.5 % from 15 April 2024; 20,000.00 repaid on 14 June; as of 30 July.
  const segments = [
    { principal: 5_000_000n, from: '2024-04-15', to: '2024-06-14' },
    { principal: 3_000_000n, from: '2024-06-14', to: '2024-07-30' },
  ];

  it('ACT/360: 1,541.666… + 709.166… = 2,250.8333… → 2,250.83, rounded once', () => {
    expect(
      accruedInterestExact(
        { convention: 'simple_act_360', ratePct: '18.5', segments: segments.slice(0, 1) },
        'PEN',
      ).toFixed(4),
    ).toBe('1541.6667');
    expect(
      accruedInterestExact(
        { convention: 'simple_act_360', ratePct: '18.5', segments: segments.slice(1) },
        'PEN',
      ).toFixed(4),
    ).toBe('709.1667');
    expect(accruedInterestExact({ convention: 'simple_act_360', ratePct: '18.5', segments }, 'PEN').toFixed(4)).toBe(
      '2250.8333',
    );
    expect(charge('simple_act_360', '18.5', segments)).toBe('2250.83');
  });

  it('rounding each segment instead would charge a cent more: 1,541.67 + 709.17 = 2,250.84', () => {
    const perSegment = segments.map((s) =>
      accruedInterest({ convention: 'simple_act_360', ratePct: '18.5', segments: [s] }, 'PEN'),
    );
    expect(perSegment.map(pen)).toEqual(['1541.67', '709.17']);
    expect(pen(perSegment[0]! + perSegment[1]!)).toBe('2250.84');
  });

  it('ACT/365 on the same loan: (555,000 + 255,300) / 365 = 2,220.00 exactly', () => {
    expect(accruedInterestExact({ convention: 'simple_act_365', ratePct: '18.5', segments }, 'PEN').eq('2220')).toBe(
      true,
    );
    expect(charge('simple_act_365', '18.5', segments)).toBe('2220.00');
  });
});

describe('worked example: TEA on 360 days (loan 1 of docs/loans.md)', () => {
  // 10,000.00 USD at TEA 12 % from 1 March 2024; 4,000.00 repaid on 30 May; as of 30 July.
  const terms = { convention: 'tea_360', ratePct: '12' } as const;
  const segments = [
    { principal: 1_000_000n, from: '2024-03-01', to: '2024-05-30' },
    { principal: 600_000n, from: '2024-05-30', to: '2024-07-30' },
  ];

  it('1.12^(90/360) − 1 = 0.0287373447…, 1.12^(61/360) − 1 = 0.0193884779…', () => {
    expect(interestFactor(terms, 90).toFixed(20)).toBe('0.02873734472208028043');
    expect(interestFactor(terms, 61).toFixed(20)).toBe('0.01938847798841037760');
  });

  it('10,000.00 × 0.0287373… = 287.37 (to the repayment on 30 May)', () => {
    expect(usd(accruedInterest({ ...terms, segments: segments.slice(0, 1) }, 'USD'))).toBe('287.37');
  });

  it('+ 6,000.00 × 0.0193884… = 116.33: 403.7043… → 403.70 accrued to 30 July', () => {
    expect(accruedInterestExact({ ...terms, segments: segments.slice(1) }, 'USD').toFixed(4)).toBe('116.3309');
    expect(accruedInterestExact({ ...terms, segments }, 'USD').toFixed(4)).toBe('403.7043');
    expect(usd(accruedInterest({ ...terms, segments }, 'USD'))).toBe('403.70');
  });

  it('compounds within a segment: a year is exactly the TEA, two years 25.44 %', () => {
    expect(interestFactor(terms, 360).eq('0.12')).toBe(true);
    expect(interestFactor(terms, 720).eq('0.2544')).toBe(true);
    expect(interestFactor(terms, 0).eq('0')).toBe(true);
    // so cutting a constant principal in two segments would drop that compounding and charge less:
    // segments are cut only where the principal changes
    const whole = accruedInterestExact(
      { ...terms, segments: [{ principal: 1_000_000n, from: '2024-03-01', to: '2024-07-30' }] },
      'USD',
    );
    const split = accruedInterestExact(
      {
        ...terms,
        segments: [
          { principal: 1_000_000n, from: '2024-03-01', to: '2024-05-30' },
          { principal: 1_000_000n, from: '2024-05-30', to: '2024-07-30' },
        ],
      },
      'USD',
    );
    expect(split.lt(whole)).toBe(true);
  });
});

describe('rounding: once, half-even, to the minor unit', () => {
  it('rounds an exact half cent to the even cent', () => {
    // 10.00 × 18 % × 1 / 360 = 0.005 → 0.00; 30.00 → 0.015 → 0.02; 50.00 → 0.025 → 0.02
    expect(charge('simple_act_360', '18', one('10.00', '2024-01-01', '2024-01-02'))).toBe('0.00');
    expect(charge('simple_act_360', '18', one('30.00', '2024-01-01', '2024-01-02'))).toBe('0.02');
    expect(charge('simple_act_360', '18', one('50.00', '2024-01-01', '2024-01-02'))).toBe('0.02');
  });

  it('charges nothing on no principal, no days or a 0 % rate', () => {
    for (const c of INTEREST_CONVENTIONS) {
      expect(accruedInterest({ convention: c, ratePct: '18', segments: [] }, 'PEN')).toBe(0n);
      expect(
        accruedInterest({ convention: c, ratePct: '18', segments: one('0', '2024-01-01', '2024-12-31') }, 'PEN'),
      ).toBe(0n);
      expect(
        accruedInterest({ convention: c, ratePct: '18', segments: one('100.00', '2024-01-01', '2024-01-01') }, 'PEN'),
      ).toBe(0n);
      expect(
        accruedInterest({ convention: c, ratePct: '0', segments: one('100.00', '2024-01-01', '2024-12-31') }, 'PEN'),
      ).toBe(0n);
    }
  });

  it('refuses bad rates and bad segments', () => {
    expect(interestRateError('18.5')).toBeNull();
    expect(interestRateError('-1')).toBe('must not be negative');
    expect(interestRateError('1e2')).not.toBeNull();
    expect(interestRateError('1.1234567')).toBe('has more than 6 decimals');
    expect(interestRateError('1000.5')).toBe('must be at most 1000 %');
    expect(() => accruedInterest({ convention: 'tea_360', ratePct: 'x', segments: [] }, 'PEN')).toThrow(RangeError);
    expect(() =>
      accruedInterest(
        {
          convention: 'simple_act_360',
          ratePct: '1',
          segments: [{ principal: -1n, from: '2024-01-01', to: '2024-01-02' }],
        },
        'PEN',
      ),
    ).toThrow(RangeError);
    expect(() =>
      accruedInterest(
        { convention: 'simple_act_360', ratePct: '1', segments: one('1.00', '2024-01-02', '2024-01-01') },
        'PEN',
      ),
    ).toThrow(RangeError);
  });

  it('uses the years the conventions name', () => {
    expect(DAYS_IN_YEAR).toEqual({ simple_act_360: 360, simple_act_365: 365, tea_360: 360 });
  });
});

describe('properties', () => {
  const convention = fc.constantFrom(...INTEREST_CONVENTIONS);
  const rate = fc.integer({ min: 0, max: 6000 }).map((n) => new Dec(String(n)).div('100').toFixed());

  it('simple interest does not depend on how a constant principal is cut into segments', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<InterestConvention>('simple_act_360', 'simple_act_365'),
        rate,
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 800 }),
        (c, r, principal, a, b) => {
          const mid = addDays('2023-01-01', a);
          const end = addDays(mid, b);
          const whole = accruedInterestExact(
            { convention: c, ratePct: r, segments: [{ principal, from: '2023-01-01', to: end }] },
            'PEN',
          );
          const cut = accruedInterestExact(
            {
              convention: c,
              ratePct: r,
              segments: [
                { principal, from: '2023-01-01', to: mid },
                { principal, from: mid, to: end },
              ],
            },
            'PEN',
          );
          expect(cut.eq(whole)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('interest grows with the days and with the principal, never negative, within half a cent of exact', () => {
    fc.assert(
      fc.property(
        convention,
        rate,
        fc.bigInt({ min: 0n, max: 10n ** 10n }),
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 0, max: 400 }),
        (c, r, principal, days, more) => {
          const at = (p: bigint, d: number) => ({
            convention: c,
            ratePct: r,
            segments: [{ principal: p, from: '2024-01-01', to: addDays('2024-01-01', d) }],
          });
          const a = accruedInterest(at(principal, days), 'USD');
          expect(a >= 0n).toBe(true);
          expect(accruedInterest(at(principal, days + more), 'USD') >= a).toBe(true);
          expect(accruedInterest(at(principal + 1000n, days), 'USD') >= a).toBe(true);
          const exactMinor = accruedInterestExact(at(principal, days), 'USD').times('100');
          expect(exactMinor.minus(a.toString()).abs().lte('0.5')).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
