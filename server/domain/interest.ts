/**
 * Interest on campaign loans: the day count and the three conventions a loan
 * may be written under. Pure; docs/loans.md works each convention through by
 * hand and tests/domain/interest.test.ts checks the same numbers.
 *
 * - `simple_act_360`, `simple_act_365`: a simple nominal annual rate;
 *   interest = principal × rate × days ÷ 360 (or 365).
 * - `tea_360`: an effective annual rate (TEA, tasa efectiva anual, as Peruvian
 *   lenders quote it) on a 360-day year;
 *   interest = principal × ((1 + TEA)^(days ÷ 360) − 1).
 *
 * Rates are percent strings, like every other rate of the platform
 * ("18" is 18 % a year, "18.5" is 18.5 %).
 *
 * Days are actual calendar days between two `YYYY-MM-DD` dates, the first
 * day counted and the last not (a loan disbursed on 1 March and repaid on
 * 2 March bears one day). They are computed from UTC calendar dates, never
 * from local time, so leap years and daylight saving cannot shift them.
 *
 * Interest is computed on the principal outstanding over segments where that
 * principal is constant, summed unrounded, and rounded ONCE, half-even, to the
 * currency's minor unit where it is posted (`accruedInterest`). The unrounded
 * sum (`accruedInterestExact`) is there for rules that compose it further.
 * Interest never bears interest: segments carry principal only.
 */
import { Decimal } from 'decimal.js';
import { Dec, decimalSyntaxError, scaleOf } from './decimal.js';
import { type Currency, toMajor, toMinor } from './money.js';
import { isCalendarDate } from './time.js';

/** The interest conventions a loan may be written under. */
export const INTEREST_CONVENTIONS = ['simple_act_360', 'simple_act_365', 'tea_360'] as const;
export type InterestConvention = (typeof INTEREST_CONVENTIONS)[number];

/** The year each convention divides the actual days by. */
export const DAYS_IN_YEAR: Readonly<Record<InterestConvention, 360 | 365>> = {
  simple_act_360: 360,
  simple_act_365: 365,
  tea_360: 360,
};

export function isInterestConvention(value: string): value is InterestConvention {
  return (INTEREST_CONVENTIONS as readonly string[]).includes(value);
}

/** Places an annual rate may have (e.g. 18.123456 %). */
export const RATE_DECIMALS = 6;
/** A sanity ceiling on an annual rate, in percent. */
export const MAX_RATE_PCT = '1000';

/** Why an annual rate in percent is not acceptable, or null. */
export function interestRateError(ratePct: string): string | null {
  const why = decimalSyntaxError(ratePct);
  if (why) return why;
  if (scaleOf(ratePct) > RATE_DECIMALS) return `has more than ${RATE_DECIMALS} decimals`;
  const r = new Dec(ratePct);
  if (r.lt('0')) return 'must not be negative';
  if (r.gt(MAX_RATE_PCT)) return `must be at most ${MAX_RATE_PCT} %`;
  return null;
}

export interface InterestTerms {
  convention: InterestConvention;
  /** Annual rate in percent: nominal for the simple conventions, effective (TEA) for `tea_360`. */
  ratePct: string;
}

/** Principal (minor units) outstanding from `from` (counted) to `to` (not counted). */
export interface PrincipalSegment {
  principal: bigint;
  from: string;
  to: string;
}

export interface AccrualInput extends InterestTerms {
  segments: readonly PrincipalSegment[];
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a calendar date, in UTC. */
function epochDay(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`"${date.slice(0, 20)}" is not a calendar date YYYY-MM-DD`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

/**
 * Actual days from `from` (counted) to `to` (not counted): 2020-02-01 to
 * 2020-03-01 is 29 days, 2019-02-01 to 2019-03-01 is 28. Refuses `to` before `from`.
 */
export function daysBetween(from: string, to: string): number {
  const days = epochDay(to) - epochDay(from);
  if (days < 0) throw new RangeError(`${to} is before ${from}`);
  return days;
}

/** The date `days` calendar days after `date` (UTC calendar arithmetic). */
export function addDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return new Date((epochDay(date) + days) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Significant digits of the fractional power of `tea_360`. */
export const TEA_PRECISION = 40;
const Precise = Decimal.clone({
  precision: TEA_PRECISION,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
/** The fractional power is slow (about half a millisecond): its results are kept, per rate and days. */
const TEA_CACHE_SIZE = 10_000;
const teaFactors = new Map<string, string>();

function checkRate(ratePct: string): void {
  const why = interestRateError(ratePct);
  if (why) throw new RangeError(`interest rate "${ratePct.slice(0, 40)}" ${why}`);
}

/**
 * The interest on 1 unit of principal over `days` days, unrounded:
 * rate × days ÷ year for the simple conventions, (1 + TEA)^(days ÷ 360) − 1
 * for `tea_360` (to 40 significant digits; exact when days is a multiple of 360).
 */
export function interestFactor(terms: InterestTerms, days: number): Dec {
  checkRate(terms.ratePct);
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, got ${days}`);
  const year = DAYS_IN_YEAR[terms.convention];
  if (terms.convention !== 'tea_360') {
    return new Dec(terms.ratePct).times(String(days)).div(String(100 * year));
  }
  const key = `${terms.ratePct}|${days}`;
  let factor = teaFactors.get(key);
  if (factor === undefined) {
    const growth = new Precise(terms.ratePct)
      .div('100')
      .plus('1')
      .pow(new Precise(String(days)).div(String(year)));
    factor = growth.minus('1').toFixed();
    if (teaFactors.size >= TEA_CACHE_SIZE) teaFactors.clear();
    teaFactors.set(key, factor);
  }
  return new Dec(factor);
}

function checkSegments(segments: readonly PrincipalSegment[]): number[] {
  return segments.map((s) => {
    if (s.principal < 0n) throw new RangeError('a segment\u2019s principal is not negative');
    return daysBetween(s.from, s.to);
  });
}

/**
 * The interest accrued over the segments, in major units of `currency`,
 * unrounded (to 40 decimal places). Simple interest is Σ principal × days,
 * times the rate, divided once by 100 × the year; TEA interest is
 * Σ principal × factor(days) per segment.
 */
export function accruedInterestExact(input: AccrualInput, currency: Currency): Dec {
  checkRate(input.ratePct);
  const days = checkSegments(input.segments);
  if (input.convention !== 'tea_360') {
    const principalDays = input.segments.reduce((acc, s, i) => acc + s.principal * BigInt(days[i]!), 0n);
    return toMajor(principalDays, currency)
      .times(input.ratePct)
      .div(String(100 * DAYS_IN_YEAR[input.convention]));
  }
  return input.segments.reduce(
    (acc, s, i) =>
      s.principal === 0n || days[i] === 0
        ? acc
        : acc.plus(toMajor(s.principal, currency).times(interestFactor(input, days[i]!))),
    new Dec('0'),
  );
}

/** The interest accrued over the segments, rounded once, half-even, to minor units. */
export function accruedInterest(input: AccrualInput, currency: Currency): bigint {
  return toMinor(accruedInterestExact(input, currency), currency);
}
