/**
 * The one decimal type of the platform: a big.js constructor of our own, in
 * strict mode (it refuses JS numbers, so no float ever becomes a decimal) and
 * rounding half-even (banker's rounding) unless a rule asks otherwise.
 *
 * Every business rule that computes with fractions imports `Dec` from here.
 */
import BigModule from 'big.js';

const Big = BigModule as unknown as typeof BigModule;

export const Dec = Big();
Dec.strict = true;
Dec.DP = 40;
Dec.RM = Big.roundHalfEven;

export type Dec = InstanceType<typeof Dec>;

/** big.js rounding modes: 0 down, 1 half-up, 2 half-even, 3 up. */
type RoundingModeConst = 0 | 1 | 2 | 3;
export const ROUND_DOWN: RoundingModeConst = Big.roundDown;
export const ROUND_HALF_UP: RoundingModeConst = Big.roundHalfUp;
export const ROUND_HALF_EVEN: RoundingModeConst = Big.roundHalfEven;

/** A plain decimal literal: optional minus, digits, optional fraction. No exponent. */
const DECIMAL_RE = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const MAX_DECIMAL_LENGTH = 40;

/** Why a string is not a decimal, or null when it is one. */
export function decimalSyntaxError(value: string): string | null {
  if (value.length === 0) return 'is empty';
  if (value.length > MAX_DECIMAL_LENGTH) return `is longer than ${MAX_DECIMAL_LENGTH} characters`;
  if (!DECIMAL_RE.test(value)) {
    return 'is not a plain decimal number (digits, optional "-" and one "."; no exponent, no spaces, no thousands separators)';
  }
  return null;
}

export function isDecimalString(value: string): boolean {
  return decimalSyntaxError(value) === null;
}

/** Parses a decimal literal that has already passed `decimalSyntaxError`. */
export function dec(value: string): Dec {
  const why = decimalSyntaxError(value);
  if (why) throw new RangeError(`"${value.slice(0, 50)}" ${why}`);
  return new Dec(value);
}

/** Number of digits after the point. */
export function scaleOf(value: string): number {
  const dot = value.indexOf('.');
  return dot === -1 ? 0 : value.length - dot - 1;
}

/** Canonical text of a decimal: no trailing zeros, no "-0". */
export function canonical(d: Dec): string {
  const s = d.toFixed();
  if (!s.includes('.')) return s === '-0' ? '0' : s;
  const trimmed = s.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

/** `d` rounded to `dp` places, half-even unless told, as fixed text. */
export type RoundingMode = RoundingModeConst;

export function fixed(d: Dec, dp: number, rm: RoundingMode = ROUND_HALF_EVEN): string {
  return d.round(dp, rm).toFixed(dp);
}
