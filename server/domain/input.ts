/**
 * The input-and-error kit: every check a mutation makes on what it is sent,
 * written once. Each check adds a typed issue (server/domain/codes.ts) to an
 * IssueList and returns the value it read, so a service collects every
 * problem of a request and throws them together (`issues.throwIfAny()`).
 *
 * Use these rather than writing a check again: the codes, messages and
 * limits (one clock-skew allowance, one notion of printable text) are then
 * the same in every mutation. Pure: no database, no clock (`now` and `today`
 * are passed in).
 */
import { isCalendarDate } from './time.js';
import { dec, decimalSyntaxError, scaleOf } from './decimal.js';
import { type IssueCode, ForbiddenError, InvalidInputError, type IssueList } from './errors.js';
import { type Currency, amountSyntaxError, isCurrency, parseAmount } from './money.js';
import { parseKgToGrams } from './units.js';

export { IssueList } from './errors.js';

/**
 * How far ahead of the server's clock an instant may be (a tablet's or a
 * scale's clock drifts): the one allowance for every "not in the future" check
 * on an instant (lot intake, grading, rejection, runs, deliveries). Dates
 * (YYYY-MM-DD) have none: they may be today, not tomorrow.
 */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

// ------------------------------------------------------------------------------------------------ text and codes

// C0 controls except tab/newline/carriage return, DEL and C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point of this check
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Bidirectional overrides and isolates (they make text display in another order than it is stored) and U+FFFD, what invalid UTF-8 decodes to. */
const INVISIBLE_RE = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFFFD]/;

/**
 * Text a person did not type as it reads: control characters, bidirectional
 * overrides, lone UTF-16 surrogates (which cannot be stored as UTF-8) and
 * the replacement character (invalid UTF-8 in the request). Every free-text
 * field refuses it.
 */
export function hasControlCharacters(s: string): boolean {
  return CONTROL_RE.test(s) || INVISIBLE_RE.test(s) || LONE_SURROGATE_RE.test(s);
}

/**
 * Text of `min` to `max` printable characters once trimmed (no control
 * characters, bidirectional overrides or lone surrogates). Returns it trimmed.
 */
export function text(
  issues: IssueList,
  path: string[],
  value: string,
  min: number,
  max: number,
  code: IssueCode = 'INVALID_TEXT',
): string {
  const v = value.trim();
  if (v.length < min || v.length > max || hasControlCharacters(v))
    issues.add(path, code, `must be ${min} to ${max} printable characters`);
  return v;
}

/** A reason for a correction or a refusal: 3 to 500 printable characters (INVALID_REASON). */
export function reason(issues: IssueList, path: string[], value: string): string {
  return text(issues, path, value, 3, 500, 'INVALID_REASON');
}

// ------------------------------------------------------------------------------------- amounts, weights, rates

/**
 * An amount of money in `currency` as a decimal string, to minor units.
 * INVALID_AMOUNT when it is not one; NOT_POSITIVE when zero (unless
 * `allowZero`) or negative. An unknown currency is reported where the
 * currency is read, so this returns 0n silently for one.
 */
export function amount(issues: IssueList, path: string[], value: string, currency: string, allowZero = false): bigint {
  if (!isCurrency(currency)) return 0n;
  const why = amountSyntaxError(value, currency);
  if (why) {
    issues.add(path, 'INVALID_AMOUNT', why);
    return 0n;
  }
  const minor = parseAmount(value, currency);
  if (minor < 0n || (!allowZero && minor === 0n))
    issues.add(path, 'NOT_POSITIVE', allowZero ? 'must not be negative' : 'must be more than 0');
  return minor;
}

/** A currency the consortium keeps (UNKNOWN_CURRENCY otherwise). */
export function currency(issues: IssueList, path: string[], value: string): Currency | null {
  if (isCurrency(value)) return value;
  issues.add(path, 'UNKNOWN_CURRENCY', 'must be PEN or USD');
  return null;
}

/**
 * A positive weight in kg with at most 3 decimals, to integer grams
 * (INVALID_WEIGHT otherwise). Returns 0 when refused.
 */
export function weight(issues: IssueList, path: string[], kg: string, code: IssueCode = 'INVALID_WEIGHT'): number {
  const parsed = parseKgToGrams(kg);
  if (!parsed.ok) {
    issues.add(path, code, parsed.reason);
    return 0;
  }
  if (parsed.grams <= 0) {
    issues.add(path, code, 'must be more than 0 kg');
    return 0;
  }
  return parsed.grams;
}

/**
 * A rate as a decimal string: at most `maxScale` decimals, strictly between
 * `min` (exclusive unless `minInclusive`) and at most `max` when given
 * (INVALID_RATE otherwise). Returns the string as given when accepted.
 */
export function rate(
  issues: IssueList,
  path: string[],
  value: string,
  opts: { maxScale: number; min?: string; minInclusive?: boolean; max?: string; code?: IssueCode },
): string {
  const code = opts.code ?? 'INVALID_RATE';
  const why = decimalSyntaxError(value);
  const min = opts.min ?? '0';
  if (why) issues.add(path, code, `must be a decimal number: ${why}`);
  else if (scaleOf(value) > opts.maxScale) issues.add(path, code, `at most ${opts.maxScale} decimals`);
  else if (opts.minInclusive ? dec(value).lt(min) : dec(value).lte(min))
    issues.add(path, code, opts.minInclusive ? `must be at least ${min}` : `must be more than ${min}`);
  else if (opts.max != null && dec(value).gt(opts.max)) issues.add(path, code, `must be at most ${opts.max}`);
  return value;
}

// ----------------------------------------------------------------------------------------------- dates and time

/** A calendar date YYYY-MM-DD (INVALID_DATE otherwise). */
export function date(issues: IssueList, path: string[], value: string): string {
  if (!isCalendarDate(value)) issues.add(path, 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  return value;
}

/** A valid instant (INVALID_DATETIME otherwise). Returns whether it is one. */
export function instant(issues: IssueList, path: string[], value: Date): boolean {
  if (!Number.isNaN(value.getTime())) return true;
  issues.add(path, 'INVALID_DATETIME', 'is not a valid instant');
  return false;
}

/**
 * Whether an instant is later than now by more than the clock-skew allowance.
 * Used by `notInFuture`, and by rules that need the answer without an issue.
 */
export function isInFuture(at: Date, now: Date): boolean {
  return at.getTime() > now.getTime() + CLOCK_SKEW_MS;
}

/** An instant not later than now, beyond CLOCK_SKEW_MS (IN_FUTURE otherwise). */
export function notInFuture(
  issues: IssueList,
  path: string[],
  at: Date,
  now: Date,
  message = 'is in the future',
): void {
  if (isInFuture(at, now)) issues.add(path, 'IN_FUTURE', message);
}

/** A date not after today (in the consortium's time zone): throws IN_FUTURE. */
export function assertNotAfterToday(path: string[], on: string, today: string): void {
  if (on > today) throw InvalidInputError.single(path, 'IN_FUTURE', `must not be after today (${today})`);
}

/**
 * Events of one record (a loan, a credit line) are recorded in date order: a
 * new one may share the latest one's date but not come before it. Throws
 * `code` (BEFORE_LAST_EVENT unless given) naming the latest event.
 */
export function assertInDateOrder(
  path: string[],
  on: string,
  latest: { on: string; what: string } | null | undefined,
  code: IssueCode = 'BEFORE_LAST_EVENT',
): void {
  if (latest && on < latest.on)
    throw InvalidInputError.single(path, code, `${latest.what} on ${latest.on}: events are recorded in date order`);
}

// -------------------------------------------------------------------------------------------------- role guards

/**
 * Refuses (ForbiddenError) a caller whose role is not among `roles`.
 * `what` finishes the sentence "only an admin ...", e.g. "records buyers".
 */
export function requireRole<R extends string>(
  principal: { role: R },
  roles: readonly NoInfer<R>[],
  what: string,
): void {
  if (roles.includes(principal.role)) return;
  const who = roles.map((r) => `${/^[aeiou]/.test(r) ? 'an' : 'a'} ${r.replace('_', ' ')}`).join(' or ');
  throw new ForbiddenError(`only ${who} ${what}`);
}

/** Refuses every caller but an admin: "only an admin <what>". */
export function requireAdmin(principal: { role: string }, what: string): void {
  requireRole<string>(principal, ['admin'], what);
}
