import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CURRENCIES,
  type Currency,
  amountSyntaxError,
  convert,
  formatAmount,
  isCurrency,
  minorFromText,
  parseAmount,
  splitAmount,
  sum,
  toMajor,
  toMinor,
} from '../../server/domain/money.js';
import {
  type AccountKey,
  type LineSpec,
  accountCode,
  reversalLines,
  trialTotals,
  unbalancedReason,
} from '../../server/domain/ledger.js';
import { advanceAmount, advancePriceError } from '../../server/domain/advances.js';
import { Dec, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP } from '../../server/domain/decimal.js';

// ---------------------------------------------------------------------------
// Helpers (independent re-derivations, bigint only)
// ---------------------------------------------------------------------------

/** A decimal literal from an integer of units and a scale: (1234n, 2) → "12.34", (-5n, 2) → "-0.05". */
function decimalText(units: bigint, scale: number): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  let s: string;
  if (scale === 0) s = abs.toString();
  else {
    const padded = abs.toString().padStart(scale + 1, '0');
    s = `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  }
  return neg ? `-${s}` : s;
}

const absB = (x: bigint): bigint => (x < 0n ? -x : x);

/** n / d rounded half-even, for d > 0 (exact bigint reference). */
function divHalfEven(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new Error('d must be positive');
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  const r2 = (a % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) q += 1n;
  return neg ? -q : q;
}

const currencyArb: fc.Arbitrary<Currency> = fc.constantFrom('PEN', 'USD');

// ---------------------------------------------------------------------------
// money.ts
// ---------------------------------------------------------------------------

describe('CURRENCIES / isCurrency', () => {
  it('lists PEN and USD with two minor digits', () => {
    expect(CURRENCIES).toEqual({ PEN: 2, USD: 2 });
  });

  it('accepts exactly the listed codes', () => {
    expect(isCurrency('PEN')).toBe(true);
    expect(isCurrency('USD')).toBe(true);
    for (const bad of ['EUR', 'pen', 'usd', '', ' PEN', 'toString', 'hasOwnProperty', '__proto__', 'constructor']) {
      expect(isCurrency(bad), bad).toBe(false);
    }
  });
});

describe('minorFromText', () => {
  it('parses canonical integer text, negatives included', () => {
    expect(minorFromText('0')).toBe(0n);
    expect(minorFromText('-5')).toBe(-5n);
    expect(minorFromText('123450')).toBe(123450n);
    expect(minorFromText('12345678901234567899')).toBe(12345678901234567899n);
  });

  it.each(['-0', '01', '-01', '1.0', 'abc', '', ' 1', '1 ', '+1', '1e3', '0x10', '--1', '1,000'])(
    'refuses non-canonical %j',
    (text) => {
      expect(() => minorFromText(text)).toThrow(RangeError);
    },
  );

  it('round-trips any bigint through its text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (m) => {
        expect(minorFromText(m.toString())).toBe(m);
      }),
    );
  });
});

describe('parseAmount / formatAmount / amountSyntaxError', () => {
  it('"1234.5" USD → 123450n → "1234.50"', () => {
    expect(parseAmount('1234.5', 'USD')).toBe(123450n);
    expect(formatAmount(123450n, 'USD')).toBe('1234.50');
  });

  it('"0.01" → 1n → "0.01"', () => {
    expect(parseAmount('0.01', 'USD')).toBe(1n);
    expect(formatAmount(1n, 'USD')).toBe('0.01');
  });

  it('"-3.2" PEN → -320n → "-3.20"', () => {
    expect(parseAmount('-3.2', 'PEN')).toBe(-320n);
    expect(formatAmount(-320n, 'PEN')).toBe('-3.20');
  });

  it('formats zero and small values with the full number of decimals', () => {
    expect(formatAmount(0n, 'USD')).toBe('0.00');
    expect(formatAmount(0n, 'PEN')).toBe('0.00');
    expect(formatAmount(5n, 'PEN')).toBe('0.05');
    expect(formatAmount(-1n, 'USD')).toBe('-0.01');
    expect(formatAmount(-99n, 'USD')).toBe('-0.99');
    expect(formatAmount(100n, 'USD')).toBe('1.00');
    expect(formatAmount(-100n, 'USD')).toBe('-1.00');
  });

  it('parses integers, zero and signed zero', () => {
    expect(parseAmount('7', 'USD')).toBe(700n);
    expect(parseAmount('0', 'USD')).toBe(0n);
    expect(parseAmount('0.00', 'PEN')).toBe(0n);
    expect(parseAmount('-0', 'PEN')).toBe(0n);
  });

  it('round-trips huge values beyond 2^53 exactly', () => {
    expect(parseAmount('123456789012345678.99', 'USD')).toBe(12345678901234567899n);
    expect(formatAmount(12345678901234567899n, 'USD')).toBe('123456789012345678.99');
    expect(parseAmount('-9007199254740993.01', 'PEN')).toBe(-900719925474099301n);
    expect(formatAmount(-900719925474099301n, 'PEN')).toBe('-9007199254740993.01');
  });

  it.each([
    '1.234',
    '1e3',
    '',
    ' 1',
    '1 ',
    '1,000',
    '+1',
    '.5',
    '1.',
    'abc',
    '1.2.3',
    '--1',
    '0x10',
    'NaN',
    'Infinity',
  ])('refuses %j with a RangeError', (text) => {
    expect(() => parseAmount(text, 'USD')).toThrow(RangeError);
    expect(amountSyntaxError(text, 'USD')).not.toBeNull();
  });

  it('refuses over-long input (more than 40 characters)', () => {
    const long = '1'.repeat(41);
    expect(amountSyntaxError(long, 'USD')).toMatch(/longer than 40/);
    expect(() => parseAmount(long, 'USD')).toThrow(RangeError);
    expect(parseAmount('1'.repeat(40), 'USD')).toBe(BigInt('1'.repeat(40)) * 100n);
  });

  it('explains too many decimals with the currency’s minor unit', () => {
    expect(amountSyntaxError('1.234', 'USD')).toBe('has more than 2 decimals: USD amounts are in whole cents');
    expect(amountSyntaxError('1.234', 'PEN')).toBe('has more than 2 decimals: PEN amounts are in whole céntimos');
    expect(amountSyntaxError('1.23', 'PEN')).toBeNull();
    expect(amountSyntaxError('-1.2', 'USD')).toBeNull();
  });

  it('property: formatAmount then parseAmount is the identity', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 35n), max: 10n ** 35n }), currencyArb, (m, c) => {
        const text = formatAmount(m, c);
        expect(text).toMatch(/^-?(0|[1-9]\d*)\.\d\d$/);
        expect(parseAmount(text, c)).toBe(m);
      }),
    );
  });

  it('property: parseAmount of units/10^scale (scale ≤ 2) is units × 10^(2−scale)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 2 }),
        currencyArb,
        (u, scale, c) => {
          expect(parseAmount(decimalText(u, scale), c)).toBe(u * 10n ** BigInt(2 - scale));
        },
      ),
    );
  });
});

describe('toMinor / toMajor', () => {
  it('rounds half-even by default', () => {
    expect(toMinor(new Dec('0.005'), 'USD')).toBe(0n);
    expect(toMinor(new Dec('0.015'), 'USD')).toBe(2n);
    expect(toMinor(new Dec('0.025'), 'USD')).toBe(2n);
    expect(toMinor(new Dec('0.035'), 'USD')).toBe(4n);
    expect(toMinor(new Dec('-0.015'), 'USD')).toBe(-2n);
    expect(toMinor(new Dec('-0.025'), 'PEN')).toBe(-2n);
    expect(toMinor(new Dec('-0.005'), 'PEN')).toBe(0n);
  });

  it('rounds non-ties to the nearest', () => {
    expect(toMinor(new Dec('0.0051'), 'USD')).toBe(1n);
    expect(toMinor(new Dec('0.0149'), 'USD')).toBe(1n);
    expect(toMinor(new Dec('-0.0051'), 'USD')).toBe(-1n);
    expect(toMinor(new Dec('1234.5'), 'USD')).toBe(123450n);
  });

  it('honours an explicit rounding mode', () => {
    expect(toMinor(new Dec('0.005'), 'USD', ROUND_HALF_UP)).toBe(1n);
    expect(toMinor(new Dec('0.025'), 'USD', ROUND_HALF_UP)).toBe(3n);
    expect(toMinor(new Dec('0.025'), 'USD', ROUND_HALF_EVEN)).toBe(2n);
    expect(toMinor(new Dec('0.019'), 'USD', ROUND_DOWN)).toBe(1n);
    expect(toMinor(new Dec('-0.019'), 'USD', ROUND_DOWN)).toBe(-1n);
  });

  it('toMajor gives the exact decimal of major units', () => {
    expect(toMajor(123450n, 'USD').toFixed()).toBe('1234.5');
    expect(toMajor(-1n, 'PEN').toFixed()).toBe('-0.01');
    expect(toMajor(0n, 'PEN').eq('0')).toBe(true);
    expect(toMajor(12345678901234567899n, 'USD').toFixed()).toBe('123456789012345678.99');
  });

  it('property: toMinor(toMajor(m)) === m', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), currencyArb, (m, c) => {
        expect(toMinor(toMajor(m, c), c)).toBe(m);
      }),
    );
  });

  it('property: toMinor of units/10^scale matches a bigint half-even reference', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 8 }),
        currencyArb,
        (u, scale, c) => {
          // major = u / 10^scale; minor = u × 100 / 10^scale
          const expected = divHalfEven(u * 100n, 10n ** BigInt(scale));
          expect(toMinor(new Dec(decimalText(u, scale)), c)).toBe(expected);
        },
      ),
    );
  });
});

describe('convert', () => {
  it('100.00 USD at 3.3725 PEN/USD is 337.25 PEN exactly', () => {
    expect(convert(10000n, 'USD', 'PEN', '3.3725')).toBe(33725n);
    expect(convert(-10000n, 'USD', 'PEN', '3.3725')).toBe(-33725n);
  });

  it('0.01 USD at 3.3725 is 0.03 PEN (0.033725 rounds to 0.03)', () => {
    expect(convert(1n, 'USD', 'PEN', '3.3725')).toBe(3n);
  });

  it('rounds ties half-even', () => {
    // 0.01 × 0.5 = 0.005 → 0.00; 0.03 × 0.5 = 0.015 → 0.02; 0.05 × 0.5 = 0.025 → 0.02
    expect(convert(1n, 'USD', 'PEN', '0.5')).toBe(0n);
    expect(convert(3n, 'USD', 'PEN', '0.5')).toBe(2n);
    expect(convert(5n, 'USD', 'PEN', '0.5')).toBe(2n);
    expect(convert(7n, 'PEN', 'USD', '0.5')).toBe(4n); // 0.035 → 0.04
    expect(convert(-5n, 'PEN', 'USD', '0.5')).toBe(-2n);
    // 1.00 PEN at 0.2965 = 0.2965 → 0.30; 0.10 PEN at 0.25 = 0.025 → 0.02
    expect(convert(100n, 'PEN', 'USD', '0.2965')).toBe(30n);
    expect(convert(10n, 'PEN', 'USD', '0.25')).toBe(2n);
  });

  it('returns the input unchanged for the same currency', () => {
    expect(convert(12345n, 'USD', 'USD', '3.3725')).toBe(12345n);
    expect(convert(-7n, 'PEN', 'PEN', '1')).toBe(-7n);
  });

  it.each(['0', '0.0000', '-1', '-0.5', 'abc', '', '1e3', ' 3.37', '3,37'])('refuses rate %j', (rate) => {
    expect(() => convert(10000n, 'USD', 'PEN', rate)).toThrow(RangeError);
  });

  it('property: matches a bigint half-even reference', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.integer({ min: 0, max: 6 }),
        (m, rateUnits, rateScale) => {
          const rate = decimalText(rateUnits, rateScale);
          // m/100 USD × rateUnits/10^s PEN/USD × 100 = m × rateUnits / 10^s
          expect(convert(m, 'USD', 'PEN', rate)).toBe(divHalfEven(m * rateUnits, 10n ** BigInt(rateScale)));
        },
      ),
    );
  });
});

describe('splitAmount', () => {
  it('100.00 USD by 1, 1, 1 → 33.34, 33.33, 33.33 (the tie goes to the smaller key)', () => {
    expect(
      splitAmount(10000n, [
        { key: 'a', weight: '1' },
        { key: 'b', weight: '1' },
        { key: 'c', weight: '1' },
      ]),
    ).toEqual([
      { key: 'a', minor: 3334n },
      { key: 'b', minor: 3333n },
      { key: 'c', minor: 3333n },
    ]);
    expect(
      splitAmount(10000n, [
        { key: 3, weight: '1' },
        { key: 2, weight: '1' },
        { key: 1, weight: '1' },
      ]).map((p) => p.minor),
    ).toEqual([3333n, 3333n, 3334n]);
  });

  it('splits a negative whole into negatives that sum exactly', () => {
    const parts = splitAmount(-10000n, [
      { key: 'a', weight: '1' },
      { key: 'b', weight: '1' },
      { key: 'c', weight: '1' },
    ]);
    expect(parts).toEqual([
      { key: 'a', minor: -3334n },
      { key: 'b', minor: -3333n },
      { key: 'c', minor: -3333n },
    ]);
    expect(sum(parts.map((p) => p.minor))).toBe(-10000n);

    const p2 = splitAmount(-101n, [
      { key: 'x', weight: '0.7' },
      { key: 'y', weight: '0.3' },
    ]);
    // exact shares −70.7 and −30.3 → −71, −30
    expect(p2).toEqual([
      { key: 'x', minor: -71n },
      { key: 'y', minor: -30n },
    ]);
  });

  it('splits zero into zeros and refuses negative weights', () => {
    expect(splitAmount(0n, [{ key: 'a', weight: '0' }]).map((p) => p.minor)).toEqual([0n]);
    expect(() => splitAmount(100n, [{ key: 'a', weight: '-1' }])).toThrow(RangeError);
    expect(() => splitAmount(100n, [{ key: 'a', weight: '0' }])).toThrow(RangeError);
  });

  it('property: parts sum to the whole, are within one unit of the exact share, and share its sign', () => {
    const weightArb = fc
      .record({ units: fc.bigInt({ min: 1n, max: 10n ** 6n }), scale: fc.integer({ min: 0, max: 3 }) })
      .map(({ units, scale }) => ({ units, scale, text: decimalText(units, scale) }));
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n })),
        fc.array(weightArb, { minLength: 1, maxLength: 20 }),
        (whole, ws) => {
          const parts = splitAmount(
            whole,
            ws.map((w, i) => ({ key: i, weight: w.text })),
          );
          expect(parts.map((p) => p.key)).toEqual(ws.map((_, i) => i));
          expect(sum(parts.map((p) => p.minor))).toBe(whole);
          const scale = Math.max(...ws.map((w) => w.scale));
          const units = ws.map((w) => w.units * 10n ** BigInt(scale - w.scale));
          const total = sum(units);
          parts.forEach((p, i) => {
            // |part − whole × wᵢ / W| < 1  ⇔  |part × W − whole × wᵢ| < W
            expect(absB(p.minor * total - whole * units[i]!) < total).toBe(true);
            if (whole > 0n) expect(p.minor >= 0n).toBe(true);
            else if (whole < 0n) expect(p.minor <= 0n).toBe(true);
            else expect(p.minor).toBe(0n);
          });
        },
      ),
    );
  });
});

describe('sum', () => {
  it('sums bigints exactly', () => {
    expect(sum([])).toBe(0n);
    expect(sum([1n, 2n, -3n])).toBe(0n);
    expect(sum([10n ** 30n, 1n])).toBe(10n ** 30n + 1n);
    expect(sum([-5n])).toBe(-5n);
  });
});

// ---------------------------------------------------------------------------
// advances.ts
// ---------------------------------------------------------------------------

describe('advancePriceError', () => {
  it.each(['5.2', '0.0001', '1000', '1000.0000', '7.455', '999.9999'])('accepts %j', (p) => {
    expect(advancePriceError(p)).toBeNull();
  });

  it.each(['0', '0.0000', '-0', '-1', '1000.0001', '1001', '1.23456', 'abc', '', '1e2', ' 5'])('refuses %j', (p) => {
    expect(advancePriceError(p)).not.toBeNull();
  });

  it('explains why', () => {
    expect(advancePriceError('0')).toBe('must be more than 0');
    expect(advancePriceError('1000.0001')).toBe('must be at most 1000 per kg');
    expect(advancePriceError('1.23456')).toBe('has more than 4 decimals');
  });
});

describe('advanceAmount', () => {
  it('552.5 kg × 7.25 PEN/kg = 4005.625 → 4005.62 (half-even)', () => {
    expect(advanceAmount(552500, '7.25', 'PEN')).toBe(400562n);
  });

  it('1 kg × 5.2 = 5.20', () => {
    expect(advanceAmount(1000, '5.2', 'PEN')).toBe(520n);
  });

  it('rounds up when half-even says so', () => {
    // 1 kg × 0.635 = 0.635 → 0.64 (tie, to even upward)
    expect(advanceAmount(1000, '0.635', 'PEN')).toBe(64n);
    // 1 kg × 0.6351 = 0.6351 → 0.64 (above the half)
    expect(advanceAmount(1000, '0.6351', 'USD')).toBe(64n);
    // 0.001 kg × 5 = 0.005 → 0.00 (tie to even downward)
    expect(advanceAmount(1, '5', 'PEN')).toBe(0n);
    // 0.003 kg × 5 = 0.015 → 0.02
    expect(advanceAmount(3, '5', 'PEN')).toBe(2n);
  });

  it.each([0, -1000, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %s grams', (g) => {
    expect(() => advanceAmount(g, '5.2', 'PEN')).toThrow(RangeError);
  });

  it('property: equals toMinor(kg × price) computed with Dec from strings, and a bigint reference', () => {
    const priceArb = fc
      .record({ units: fc.bigInt({ min: 1n, max: 10_000_000n }), scale: fc.integer({ min: 0, max: 4 }) })
      .map(({ units, scale }) => ({ units, scale, text: decimalText(units, scale) }))
      .filter((p) => advancePriceError(p.text) === null);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), priceArb, currencyArb, (grams, price, c) => {
        const kg = decimalText(BigInt(grams), 3);
        expect(advanceAmount(grams, price.text, c)).toBe(toMinor(new Dec(kg).times(price.text), c));
        // grams/1000 × units/10^s × 100 = grams × units / (10 × 10^s)
        expect(advanceAmount(grams, price.text, c)).toBe(
          divHalfEven(BigInt(grams) * price.units, 10n * 10n ** BigInt(price.scale)),
        );
      }),
    );
  });
});

// ---------------------------------------------------------------------------
// ledger.ts
// ---------------------------------------------------------------------------

const farmerPen: AccountKey = { ownerType: 'farmer', ownerId: 941, purpose: 'farmer_balance', currency: 'PEN' };
const coopCashPen: AccountKey = { ownerType: 'cooperative', ownerId: 3, purpose: 'cash', currency: 'PEN' };
const consortiumCashUsd: AccountKey = { ownerType: 'consortium', ownerId: null, purpose: 'cash', currency: 'USD' };
const buyerRecvUsd: AccountKey = { ownerType: 'buyer', ownerId: 12, purpose: 'receivable', currency: 'USD' };

describe('accountCode', () => {
  it('joins owner type, id, purpose and currency', () => {
    expect(accountCode(farmerPen)).toBe('farmer:941:farmer_balance:PEN');
  });

  it('writes "-" for the consortium', () => {
    expect(accountCode(consortiumCashUsd)).toBe('consortium:-:cash:USD');
  });

  it('keeps an id of 0', () => {
    expect(accountCode({ ownerType: 'lender', ownerId: 0, purpose: 'payable', currency: 'USD' })).toBe(
      'lender:0:payable:USD',
    );
  });
});

describe('unbalancedReason', () => {
  it('accepts a balanced two-line entry', () => {
    expect(
      unbalancedReason([
        { account: farmerPen, minor: 5000n },
        { account: coopCashPen, minor: -5000n },
      ]),
    ).toBeNull();
  });

  it('accepts a balanced two-currency four-line entry', () => {
    expect(
      unbalancedReason([
        { account: farmerPen, minor: 33725n },
        { account: coopCashPen, minor: -33725n },
        { account: consortiumCashUsd, minor: -10000n },
        { account: buyerRecvUsd, minor: 10000n },
      ]),
    ).toBeNull();
  });

  it('refuses fewer than two lines', () => {
    expect(unbalancedReason([])).toBe('an entry needs at least two lines');
    expect(unbalancedReason([{ account: farmerPen, minor: 100n }])).toBe('an entry needs at least two lines');
  });

  it('refuses a zero line even when the entry balances', () => {
    const why = unbalancedReason([
      { account: farmerPen, minor: 100n },
      { account: coopCashPen, minor: -100n },
      { account: buyerRecvUsd, minor: 0n },
    ]);
    expect(why).toBe('a zero line on buyer:12:receivable:USD');
  });

  it('refuses a PEN imbalance even when USD balances', () => {
    const why = unbalancedReason([
      { account: consortiumCashUsd, minor: 10000n },
      { account: buyerRecvUsd, minor: -10000n },
      { account: farmerPen, minor: 33725n },
      { account: coopCashPen, minor: -33720n },
    ]);
    expect(why).toBe('PEN lines sum to 5, not 0');
  });

  it('refuses lines that cancel across currencies', () => {
    expect(
      unbalancedReason([
        { account: farmerPen, minor: 100n },
        { account: buyerRecvUsd, minor: -100n },
      ]),
    ).not.toBeNull();
  });
});

describe('reversalLines', () => {
  const original: LineSpec[] = [
    { account: farmerPen, minor: 33725n, memo: 'advance', lotId: 7 },
    { account: coopCashPen, minor: -33725n },
    { account: consortiumCashUsd, minor: -10000n, lotId: null },
    { account: buyerRecvUsd, minor: 10000n, memo: 'sale' },
  ];

  it('negates every amount, keeps accounts and lots, marks memos', () => {
    const snapshot = structuredClone(original);
    const rev = reversalLines(original);
    expect(rev).toEqual([
      { account: farmerPen, minor: -33725n, memo: 'reversal: advance', lotId: 7 },
      { account: coopCashPen, minor: 33725n, memo: 'reversal' },
      { account: consortiumCashUsd, minor: 10000n, lotId: null, memo: 'reversal' },
      { account: buyerRecvUsd, minor: -10000n, memo: 'reversal: sale' },
    ]);
    expect(original).toEqual(snapshot); // the input is not mutated
    expect(unbalancedReason(rev)).toBeNull();
  });

  it('nets to zero per account with the original', () => {
    const nets = new Map<string, bigint>();
    for (const l of [...original, ...reversalLines(original)]) {
      const code = accountCode(l.account);
      nets.set(code, (nets.get(code) ?? 0n) + l.minor);
    }
    expect(nets.size).toBe(4);
    for (const [code, net] of nets) expect(net, code).toBe(0n);
  });
});

describe('trialTotals', () => {
  it('sums debits and credits per currency, sorted by currency', () => {
    expect(
      trialTotals([
        { currency: 'USD', minor: 10000n },
        { currency: 'PEN', minor: 500n },
        { currency: 'USD', minor: -2500n },
        { currency: 'PEN', minor: -700n },
        { currency: 'USD', minor: -7500n },
        { currency: 'PEN', minor: 200n },
      ]),
    ).toEqual([
      { currency: 'PEN', debits: 700n, credits: 700n },
      { currency: 'USD', debits: 10000n, credits: 10000n },
    ]);
  });

  it('reports unequal totals as they are, and nothing for no lines', () => {
    expect(trialTotals([{ currency: 'USD', minor: -3n }])).toEqual([{ currency: 'USD', debits: 0n, credits: 3n }]);
    expect(trialTotals([])).toEqual([]);
  });
});

describe('ledger properties', () => {
  const accountArb: fc.Arbitrary<AccountKey> = fc.record({
    ownerType: fc.constantFrom('cooperative', 'farmer', 'lender', 'buyer') as fc.Arbitrary<AccountKey['ownerType']>,
    ownerId: fc.integer({ min: 0, max: 5 }),
    purpose: fc.constantFrom('cash', 'farmer_balance', 'receivable', 'payable', 'fee_income') as fc.Arbitrary<
      AccountKey['purpose']
    >,
    currency: currencyArb,
  });
  const nonZero = fc
    .oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }))
    .filter((m) => m !== 0n);

  /** Random lines, then one balancing line per currency whose sum is not already zero. */
  const entryArb: fc.Arbitrary<LineSpec[]> = fc
    .array(fc.record({ account: accountArb, minor: nonZero }), { minLength: 1, maxLength: 12 })
    .map((lines) => {
      const out: LineSpec[] = [...lines];
      for (const currency of ['PEN', 'USD'] as const) {
        const total = sum(lines.filter((l) => l.account.currency === currency).map((l) => l.minor));
        if (total !== 0n) {
          out.push({
            account: { ownerType: 'consortium', ownerId: null, purpose: 'exchange', currency },
            minor: -total,
          });
        }
      }
      return out;
    });

  const flat = (entries: readonly LineSpec[][]) =>
    entries.flat().map((l) => ({ currency: l.account.currency, minor: l.minor }));

  it('every balanced entry passes unbalancedReason, and its trial totals balance per currency', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 5 }), (entries) => {
        for (const e of entries) expect(unbalancedReason(e)).toBeNull();
        const totals = trialTotals(flat(entries));
        const currencies = [...new Set(entries.flat().map((l) => l.account.currency))].sort();
        expect(totals.map((t) => t.currency)).toEqual(currencies);
        for (const t of totals) {
          expect(t.debits).toBe(t.credits);
          const ofCurrency = entries.flat().filter((l) => l.account.currency === t.currency);
          expect(t.debits).toBe(sum(ofCurrency.filter((l) => l.minor > 0n).map((l) => l.minor)));
          expect(t.credits).toBe(-sum(ofCurrency.filter((l) => l.minor < 0n).map((l) => l.minor)));
        }
      }),
    );
  });

  it('breaking one line of a balanced entry makes it unbalanced', () => {
    fc.assert(
      fc.property(entryArb, fc.nat(), nonZero, (entry, pick, delta) => {
        const i = pick % entry.length;
        const broken = entry.map((l, j) => (j === i ? { ...l, minor: l.minor + delta } : l));
        expect(unbalancedReason(broken)).not.toBeNull();
      }),
    );
  });

  it('entries plus their reversals leave every account at zero', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 5 }), (entries) => {
        const reversals = entries.map((e) => reversalLines(e));
        for (const r of reversals) expect(unbalancedReason(r)).toBeNull();
        const nets = new Map<string, bigint>();
        for (const l of [...entries.flat(), ...reversals.flat()]) {
          const code = accountCode(l.account);
          nets.set(code, (nets.get(code) ?? 0n) + l.minor);
        }
        for (const [code, net] of nets) expect(net, code).toBe(0n);
        for (const t of trialTotals(flat([...entries, ...reversals]))) expect(t.debits).toBe(t.credits);
      }),
    );
  });
});
