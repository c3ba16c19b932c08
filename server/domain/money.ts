/**
 * Money. An amount is an integer number of minor units (cents, céntimos)
 * with its currency; it never passes through a JS number: amounts are
 * bigint in code, canonical integer text in the database, and every
 * computation with fractions goes through big.js (`Dec`).
 *
 * Rounding happens once, where a rule says so, half-even unless that rule
 * documents otherwise (docs/ledger.md lists each point). Splits use the
 * largest-remainder method so their parts sum exactly to the whole.
 */
import { allocate } from './allocation.js';
import { Dec, ROUND_HALF_EVEN, type RoundingMode, decimalSyntaxError, scaleOf } from './decimal.js';

/** ISO 4217 currencies the platform handles, with their minor-unit exponent. */
export const CURRENCIES = { PEN: 2, USD: 2 } as const;
export type Currency = keyof typeof CURRENCIES;

export function isCurrency(code: string): code is Currency {
  return Object.hasOwn(CURRENCIES, code);
}

export interface Money {
  currency: Currency;
  /** Integer minor units; negative for a credit in a ledger line. */
  minor: bigint;
}

const MINOR_RE = /^-?(0|[1-9]\d*)$/;

/** Parses stored minor units (canonical integer text). */
export function minorFromText(text: string): bigint {
  if (!MINOR_RE.test(text) || text === '-0')
    throw new RangeError(`"${text.slice(0, 40)}" is not canonical minor units`);
  return BigInt(text);
}

/** Why a major-unit decimal string is not an amount of this currency, or null. */
export function amountSyntaxError(amount: string, currency: Currency): string | null {
  const why = decimalSyntaxError(amount);
  if (why) return why;
  if (scaleOf(amount) > CURRENCIES[currency]) {
    return `has more than ${CURRENCIES[currency]} decimals: ${currency} amounts are in whole ${minorName(currency)}`;
  }
  return null;
}

function minorName(currency: Currency): string {
  return currency === 'PEN' ? 'céntimos' : 'cents';
}

/** "1234.5" USD → 123450n. Exact: refuses more decimals than the currency has. */
export function parseAmount(amount: string, currency: Currency): bigint {
  const why = amountSyntaxError(amount, currency);
  if (why) throw new RangeError(`"${amount.slice(0, 40)}" ${why}`);
  return BigInt(new Dec(amount).times(new Dec('10').pow(CURRENCIES[currency])).toFixed(0));
}

/** 123450n USD → "1234.50": always the currency's number of decimals. */
export function formatAmount(minor: bigint, currency: Currency): string {
  const exp: number = CURRENCIES[currency];
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(exp + 1, '0');
  const text = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return neg ? `-${text}` : text;
}

/** A decimal quantity of major units rounded once to minor units (half-even unless told). */
export function toMinor(major: Dec, currency: Currency, rm: RoundingMode = ROUND_HALF_EVEN): bigint {
  return BigInt(major.times(new Dec('10').pow(CURRENCIES[currency])).round(0, rm).toFixed(0));
}

/** Minor units as an exact decimal of major units, for further computation. */
export function toMajor(minor: bigint, currency: Currency): Dec {
  return new Dec(minor.toString()).div(new Dec('10').pow(CURRENCIES[currency]));
}

/**
 * Converts at a recorded rate (`rate` units of `to` per 1 unit of `from`),
 * rounding once, half-even, to the target's minor units.
 */
export function convert(minor: bigint, from: Currency, to: Currency, rate: string): bigint {
  if (from === to) return minor;
  const why = decimalSyntaxError(rate);
  if (why || new Dec(rate).lte('0')) throw new RangeError(`exchange rate "${rate}" must be a positive decimal`);
  return toMinor(toMajor(minor, from).times(rate), to);
}

/** Splits an amount over weights so the parts sum exactly to it (largest remainder, ties to the smaller key). */
export function splitAmount<K extends string | number>(
  minor: bigint,
  weights: readonly { key: K; weight: string | Dec }[],
): { key: K; minor: bigint }[] {
  const negative = minor < 0n;
  const parts = allocate(negative ? -minor : minor, weights);
  return parts.map((p) => ({ key: p.key, minor: negative ? -p.amount : p.amount }));
}

/** Σ of bigints. */
export function sum(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}
