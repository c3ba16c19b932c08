import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { STAKE_DECIMALS, stakeRefusal, totalStake } from '../../server/domain/stakes.js';
import { fixedClock, isCalendarDate, localDateOf, systemClock, toInstant } from '../../server/domain/time.js';
import {
  Dec,
  ROUND_DOWN,
  ROUND_HALF_EVEN,
  ROUND_HALF_UP,
  canonical,
  dec,
  decimalSyntaxError,
  fixed,
  isDecimalString,
  scaleOf,
} from '../../server/domain/decimal.js';

describe('stakeRefusal', () => {
  it('accepts 49.23 + 5 × 10.154 = 100 exactly, one stake at a time', () => {
    const held: string[] = [];
    expect(stakeRefusal(held, '49.23')).toBeNull();
    held.push('49.23');
    for (let i = 0; i < 5; i++) {
      expect(stakeRefusal(held, '10.154')).toBeNull();
      held.push('10.154');
    }
    expect(totalStake(held)).toBe('100');
    // anything more pushes the total above 100
    expect(stakeRefusal(held, '0.0001')).toBe('stakes would sum to 100.0001%, above 100%');
    expect(stakeRefusal(held, '1')).toBe('stakes would sum to 101%, above 100%');
  });

  it('sums exactly, not in floating point', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004
    expect(stakeRefusal(['0.1', '0.2'], '99.7')).toBeNull();
    expect(stakeRefusal(['33.3333', '33.3333', '33.3333'], '0.0001')).toBeNull();
    expect(stakeRefusal(['33.3333', '33.3333', '33.3333'], '0.0002')).toBe('stakes would sum to 100.0001%, above 100%');
  });

  it('accepts a single stake of 100 and refuses 100.0001', () => {
    expect(stakeRefusal([], '100')).toBeNull();
    expect(stakeRefusal([], '100.0000')).toBeNull();
    expect(stakeRefusal([], '100.0001')).toBe('stake must be between 0 and 100 percent');
    expect(stakeRefusal(['100'], '0.0001')).toMatch(/above 100%/);
  });

  it.each([['0'], ['0.0000'], ['-0']])('refuses a zero stake %j', (s) => {
    expect(stakeRefusal([], s)).toBe('stake must be greater than 0');
  });

  it.each([['-1'], ['-0.0001']])('refuses a negative stake %j', (s) => {
    expect(stakeRefusal([], s)).toBe('stake must be between 0 and 100 percent');
  });

  it('allows 4 decimals and refuses 5', () => {
    expect(STAKE_DECIMALS).toBe(4);
    expect(stakeRefusal([], '0.0001')).toBeNull();
    expect(stakeRefusal([], '12.3456')).toBeNull();
    expect(stakeRefusal([], '12.34567')).toBe('stake has more than 4 decimals');
    expect(stakeRefusal([], '12.34560')).toBe('stake has more than 4 decimals');
  });

  it.each([['1e1'], ['10%'], [' 10'], ['1,5'], ['']])('refuses the malformed stake %j', (s) => {
    expect(stakeRefusal([], s)).toMatch(/^stake is/);
  });

  it('refuses exactly when the exact total exceeds 100 (property)', () => {
    const stake = fc.integer({ min: 1, max: 1_000_000 }); // in ten-thousandths of a percent
    const text = (n: number) => `${Math.floor(n / 10_000)}.${String(n % 10_000).padStart(4, '0')}`;
    fc.assert(
      fc.property(fc.array(stake, { maxLength: 6 }), stake, (held, added) => {
        const total = held.reduce((a, b) => a + b, added); // integers: exact
        const refusal = stakeRefusal(held.map(text), text(added));
        expect(refusal === null).toBe(total <= 1_000_000);
      }),
      { numRuns: 200 },
    );
  });
});

describe('totalStake', () => {
  it('sums stakes canonically', () => {
    expect(totalStake([])).toBe('0');
    expect(totalStake(['49.23', '10.154'])).toBe('59.384');
    expect(totalStake(['50.00', '50.00'])).toBe('100');
    expect(totalStake(['0.1', '0.2'])).toBe('0.3');
  });
});

describe('localDateOf', () => {
  const LIMA = 'America/Lima';

  it('reads the date in Lima (UTC-5), not in UTC', () => {
    expect(localDateOf('2019-06-17T04:00:00Z', LIMA)).toBe('2019-06-16');
    expect(localDateOf('2019-06-17T04:59:59.999Z', LIMA)).toBe('2019-06-16');
    expect(localDateOf('2019-06-17T05:00:00Z', LIMA)).toBe('2019-06-17');
    expect(localDateOf(new Date('2019-06-17T04:00:00Z'), LIMA)).toBe('2019-06-16');
    expect(localDateOf('2019-06-16T23:00:00-05:00', LIMA)).toBe('2019-06-16');
  });

  it('crosses month and year boundaries', () => {
    expect(localDateOf('2020-01-01T04:30:00Z', LIMA)).toBe('2019-12-31');
    expect(localDateOf('2020-03-01T02:00:00Z', LIMA)).toBe('2020-02-29');
  });

  it('works in other zones and in UTC', () => {
    expect(localDateOf('2019-06-16T15:30:00Z', 'Asia/Tokyo')).toBe('2019-06-17');
    expect(localDateOf('2019-06-16T15:30:00Z', 'UTC')).toBe('2019-06-16');
    // the cached Lima formatter is not reused for another zone
    expect(localDateOf('2019-06-17T04:00:00Z', LIMA)).toBe('2019-06-16');
    expect(localDateOf('2019-06-17T04:00:00Z', 'UTC')).toBe('2019-06-17');
  });

  it('always answers YYYY-MM-DD, equal to the UTC date shifted by -5 h (Lima has had no DST since 1994)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2090, 0, 1) }), (ms) => {
        const d = localDateOf(new Date(ms), LIMA);
        expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(d).toBe(new Date(ms - 5 * 3600_000).toISOString().slice(0, 10));
      }),
      { numRuns: 200 },
    );
  });

  it('throws on an unknown time zone', () => {
    expect(() => localDateOf('2019-06-17T04:00:00Z', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2019-02-28', true],
    ['2019-02-29', false],
    ['2019-02-30', false],
    ['2020-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2019-04-30', true],
    ['2019-04-31', false],
    ['2019-12-31', true],
    ['2019-13-01', false],
    ['2019-00-10', false],
    ['2019-01-00', false],
    ['2019-01-32', false],
    ['2019-1-01', false],
    ['19-01-01', false],
    ['2019/01/01', false],
    ['2019-01-01T00:00:00Z', false],
    [' 2019-01-01', false],
    ['2019-01-01\n', false],
    ['', false],
  ])('%j → %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it('agrees with the ISO text of every real day', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(isCalendarDate(new Date(ms).toISOString().slice(0, 10))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('instants and clocks', () => {
  it('toInstant gives fixed-width UTC text and refuses invalid dates', () => {
    expect(toInstant(new Date('2019-07-01T09:05:00-05:00'))).toBe('2019-07-01T14:05:00.000Z');
    expect(() => toInstant(new Date('nope'))).toThrow(RangeError);
  });

  it('fixedClock always reads the same instant and hands out copies', () => {
    const clock = fixedClock('2019-07-01T14:05:00Z');
    const a = clock.now();
    a.setUTCFullYear(2000);
    expect(clock.now().toISOString()).toBe('2019-07-01T14:05:00.000Z');
    expect(clock.now()).not.toBe(clock.now());
    expect(fixedClock(new Date('2020-01-01T00:00:00Z')).now().toISOString()).toBe('2020-01-01T00:00:00.000Z');
  });

  it('systemClock reads the system time', () => {
    const before = Date.now();
    const t = systemClock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
});

describe('Dec', () => {
  it('is strict: refuses JS numbers', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new Dec(1 as any)).toThrow(TypeError);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new Dec(0.1 as any)).toThrow(TypeError);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new Dec('1').plus(2 as any)).toThrow(TypeError);
    expect(Dec.strict).toBe(true);
  });

  it('refuses an imprecise conversion back to a number', () => {
    expect(new Dec('0.5').toNumber()).toBe(0.5);
    expect(() => new Dec('0.12345678901234567890').toNumber()).toThrow();
  });

  it('rounds half-even by default', () => {
    expect(Dec.RM).toBe(ROUND_HALF_EVEN);
    expect(new Dec('0.5').round().toFixed()).toBe('0');
    expect(new Dec('1.5').round().toFixed()).toBe('2');
    expect(new Dec('2.5').round().toFixed()).toBe('2');
    expect(new Dec('3.5').round().toFixed()).toBe('4');
    expect(new Dec('-2.5').round().toFixed()).toBe('-2');
    expect(new Dec('0.125').round(2).toFixed()).toBe('0.12');
    expect(new Dec('0.135').round(2).toFixed()).toBe('0.14');
    expect(new Dec('0.1251').round(2).toFixed()).toBe('0.13');
  });

  it('divides to 40 decimals, rounding half-even', () => {
    expect(Dec.DP).toBe(40);
    expect(new Dec('1').div('3').toFixed()).toBe(`0.${'3'.repeat(40)}`);
    expect(new Dec('2').div('3').toFixed()).toBe(`0.${'6'.repeat(39)}7`);
  });

  it('adds exactly', () => {
    expect(new Dec('0.1').plus('0.2').eq('0.3')).toBe(true);
  });
});

describe('decimal helpers', () => {
  it.each([['0'], ['-0'], ['1'], ['-1'], ['10'], ['0.5'], ['-0.5'], ['1234.5678'], ['1.000'], ['9'.repeat(40)]])(
    'accepts the plain decimal %j',
    (v) => {
      expect(decimalSyntaxError(v)).toBeNull();
      expect(isDecimalString(v)).toBe(true);
    },
  );

  it.each([
    ['', 'is empty'],
    ['9'.repeat(41), 'is longer than 40 characters'],
    ['1e3', 'is not a plain decimal'],
    ['NaN', 'is not a plain decimal'],
    ['Infinity', 'is not a plain decimal'],
    ['+1', 'is not a plain decimal'],
    ['01', 'is not a plain decimal'],
    ['-01', 'is not a plain decimal'],
    ['.5', 'is not a plain decimal'],
    ['5.', 'is not a plain decimal'],
    ['1 000', 'is not a plain decimal'],
    ['1,000', 'is not a plain decimal'],
    ['1.5 ', 'is not a plain decimal'],
    ['1.5\n', 'is not a plain decimal'],
    ['٣', 'is not a plain decimal'], // Arabic-Indic digit
  ])('refuses %j: %s', (v, why) => {
    expect(decimalSyntaxError(v)).toMatch(new RegExp(`^${why}`));
    expect(isDecimalString(v)).toBe(false);
  });

  it('dec parses plain decimals and throws RangeError on anything else', () => {
    expect(dec('12.50').eq(new Dec('12.5'))).toBe(true);
    expect(() => dec('1e3')).toThrow(RangeError);
    expect(() => dec('')).toThrow('"" is empty');
    expect(() => dec('1'.repeat(60))).toThrow(`"${'1'.repeat(50)}" is longer than 40 characters`);
  });

  it.each([
    ['1', 0],
    ['1.5', 1],
    ['1.500', 3],
    ['-0.25', 2],
    ['0.0001', 4],
  ])('scaleOf(%j) = %i', (v, n) => {
    expect(scaleOf(v)).toBe(n);
  });

  it.each([
    ['-0', '0'],
    ['-0.000', '0'],
    ['0.00', '0'],
    ['1.500', '1.5'],
    ['100', '100'],
    ['100.0', '100'],
    ['-12.340', '-12.34'],
    ['0.0000001', '0.0000001'], // never exponent notation
    ['1' + '0'.repeat(25), '1' + '0'.repeat(25)],
  ])('canonical(%j) = %j', (v, c) => {
    expect(canonical(new Dec(v))).toBe(c);
  });

  it('fixed pads and rounds, half-even unless told', () => {
    expect(fixed(new Dec('1'), 2)).toBe('1.00');
    expect(fixed(new Dec('0.125'), 2)).toBe('0.12');
    // fixed()'s `rm` parameter is typed `typeof ROUND_HALF_EVEN` (the literal 2),
    // so other modes need a cast to compile; at run time they are honoured.
    expect(fixed(new Dec('0.125'), 2, ROUND_HALF_UP)).toBe('0.13');
    expect(fixed(new Dec('0.129'), 2, ROUND_DOWN)).toBe('0.12');
    expect(fixed(new Dec('-0.125'), 2)).toBe('-0.12');
  });

  it('canonical text parses back to an equal decimal (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }), (n, scale) => {
        const abs = (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
        const text = `${n < 0n ? '-' : ''}${scale === 0 ? abs : `${abs.slice(0, -scale)}.${abs.slice(-scale)}`}`;
        const c = canonical(dec(text));
        expect(isDecimalString(c)).toBe(true);
        expect(dec(c).eq(dec(text))).toBe(true);
        expect(c).not.toMatch(/\.\d*0$|^-0$/);
      }),
      { numRuns: 200 },
    );
  });
});
