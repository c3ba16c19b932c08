/**
 * Campaign loans: what a loan owes as of a date, the repayment waterfall a
 * cooperative's share pays its lenders through at a sale, arrears and their
 * aging, PAR30, the release of an endorsement, and the coverage ratio. Pure:
 * the services feed these rules a loan's history and post what they return.
 * docs/loans.md works every rule through by hand, and
 * tests/domain/loans.test.ts checks the same numbers.
 *
 * A loan is its terms and its history of events (disbursements, fees charged,
 * repayments split into fees, interest and principal). Its position as of a
 * date replays the events up to that date:
 * - the principal outstanding is disbursed − repaid;
 * - the interest accrued is computed on the principal outstanding over the
 *   segments where it stayed constant (split only where the principal
 *   changed), summed unrounded and rounded once, half-even (interest.ts);
 *   what is due is that, minus the interest paid. Unpaid interest bears no
 *   interest, and neither do fees.
 *
 * The waterfall (`allocateRepayment`) takes the loans in order of first
 * disbursement (ties: the smaller loan id), and pays each in the order
 * `REPAYMENT_ORDER`: fees, then interest accrued to the payment date, then
 * principal. What it cannot use is returned as the remainder; it never pays
 * more than is due.
 *
 * Currency: a loan may be in another currency than the payment. What is due
 * is converted to the payment's currency and rounded UP to its minor unit, so
 * a loan paid in full is never left with a residue and its lender receives at
 * least its value; a partial payment is converted back to the loan's currency
 * half-even and capped at what is due.
 */
import { Dec, ROUND_HALF_EVEN, type RoundingMode, canonical, decimalSyntaxError } from './decimal.js';
import {
  type AccrualInput,
  type InterestConvention,
  type PrincipalSegment,
  accruedInterestExact,
  daysBetween,
  interestRateError,
  isInterestConvention,
} from './interest.js';
import { type Currency, type Money, formatAmount, isCurrency, toMajor, toMinor } from './money.js';
import { isCalendarDate } from './time.js';

/** big.js `roundUp`: away from zero (a ceiling, for the positive amounts it is used on). */
const ROUND_UP: RoundingMode = 3;

// ---------------------------------------------------------------------------
// Loans and their history
// ---------------------------------------------------------------------------

/** One event of a loan's history. Amounts are minor units of the loan's currency. */
export type LoanEvent =
  | { kind: 'disbursement'; date: string; amount: bigint }
  | { kind: 'fee'; date: string; amount: bigint }
  | { kind: 'repayment'; date: string; fees: bigint; interest: bigint; principal: bigint };

/** A scheduled principal instalment. */
export interface Instalment {
  due: string;
  principal: bigint;
}

export interface Loan {
  id: number;
  /** How the loan is named in explanations (default "loan <id>"). */
  code?: string;
  lenderId: number;
  currency: Currency;
  convention: InterestConvention;
  /** Annual rate in percent (nominal for the simple conventions, TEA for `tea_360`). */
  ratePct: string;
  /** Everything still owed is due on this date. */
  maturity: string;
  /** Optional principal instalments before maturity (whatever they leave is due at maturity). */
  instalments?: readonly Instalment[];
  events: readonly LoanEvent[];
}

/** What a loan owes as of a date, in minor units of its currency. */
export interface LoanPosition {
  loanId: number;
  currency: Currency;
  asOf: string;
  /** Date of the first disbursement on or before `asOf`, or null. */
  firstDisbursement: string | null;
  principalDisbursed: bigint;
  principalRepaid: bigint;
  outstandingPrincipal: bigint;
  /** Interest accrued since the first disbursement, unrounded, major units (canonical text). */
  interestAccruedExact: string;
  /** The same, rounded once, half-even, to minor units. */
  interestAccrued: bigint;
  interestPaid: bigint;
  /** interestAccrued − interestPaid. */
  interestDue: bigint;
  feesCharged: bigint;
  feesPaid: bigint;
  feesDue: bigint;
  /** feesDue + interestDue + outstandingPrincipal. */
  totalDue: bigint;
  /** The principal segments interest accrued on, split only where the principal changed. */
  segments: PrincipalSegment[];
}

/** Same-day events apply in this order: money out first, then what is charged, then what is repaid. */
const SAME_DAY_ORDER: Readonly<Record<LoanEvent['kind'], number>> = { disbursement: 0, fee: 1, repayment: 2 };

function checkDate(date: string, what: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`${what} "${date.slice(0, 20)}" is not a calendar date YYYY-MM-DD`);
}

function checkLoan(loan: Loan): void {
  if (!isCurrency(loan.currency)) throw new RangeError(`loan ${loan.id}: unknown currency "${String(loan.currency)}"`);
  if (!isInterestConvention(loan.convention))
    throw new RangeError(`loan ${loan.id}: unknown interest convention "${String(loan.convention)}"`);
  const why = interestRateError(loan.ratePct);
  if (why) throw new RangeError(`loan ${loan.id}: interest rate "${loan.ratePct.slice(0, 40)}" ${why}`);
  checkDate(loan.maturity, `loan ${loan.id}: maturity`);
  for (const i of loan.instalments ?? []) {
    checkDate(i.due, `loan ${loan.id}: instalment due date`);
    if (i.principal <= 0n) throw new RangeError(`loan ${loan.id}: an instalment is positive`);
  }
  for (const e of loan.events) {
    checkDate(e.date, `loan ${loan.id}: ${e.kind} date`);
    if (e.kind === 'repayment') {
      if (e.fees < 0n || e.interest < 0n || e.principal < 0n || e.fees + e.interest + e.principal === 0n) {
        throw new RangeError(`loan ${loan.id}: a repayment's parts are not negative and not all zero`);
      }
    } else if (e.amount <= 0n) throw new RangeError(`loan ${loan.id}: a ${e.kind} is positive`);
  }
}

function orderedEvents(loan: Loan): LoanEvent[] {
  return loan.events
    .map((e, i) => ({ e, i }))
    .sort((a, b) =>
      a.e.date !== b.e.date
        ? a.e.date < b.e.date
          ? -1
          : 1
        : SAME_DAY_ORDER[a.e.kind] - SAME_DAY_ORDER[b.e.kind] || a.i - b.i,
    )
    .map((x) => x.e);
}

/**
 * A loan's position as of `asOf`: its events on or before that date replayed
 * in date order (same day: disbursements, fees, repayments). Interest accrues
 * from a disbursement's date (counted) to a repayment's date (not counted), so
 * a repayment's date bears interest only on what it did not repay.
 *
 * Refuses a history where a repayment pays more principal than is
 * outstanding, more fees than were charged, or more interest than had accrued
 * (rounded) by its date: nothing is ever owed negatively.
 */
export function loanPosition(loan: Loan, asOf: string): LoanPosition {
  checkLoan(loan);
  checkDate(asOf, 'as-of date');
  const terms = { convention: loan.convention, ratePct: loan.ratePct };
  const accrual = (segments: PrincipalSegment[]): AccrualInput => ({ ...terms, segments });
  const segments: PrincipalSegment[] = [];
  const upTo = (date: string, principal: bigint, from: string | null): PrincipalSegment[] =>
    principal > 0n && from !== null && from < date ? [...segments, { principal, from, to: date }] : segments;

  let principal = 0n;
  let segmentStart: string | null = null;
  let disbursed = 0n;
  let repaid = 0n;
  let feesCharged = 0n;
  let feesPaid = 0n;
  let interestPaid = 0n;
  let firstDisbursement: string | null = null;

  const events = orderedEvents(loan).filter((e) => e.date <= asOf);
  let i = 0;
  while (i < events.length) {
    const date = events[i]!.date;
    const before = principal;
    let accruedByDate: bigint | null = null;
    for (; i < events.length && events[i]!.date === date; i++) {
      const e = events[i]!;
      if (e.kind === 'disbursement') {
        principal += e.amount;
        disbursed += e.amount;
        firstDisbursement ??= date;
      } else if (e.kind === 'fee') {
        feesCharged += e.amount;
      } else {
        const what = `loan ${loan.id}: the repayment of ${date}`;
        if (e.principal > principal) throw new RangeError(`${what} repays more principal than is outstanding`);
        feesPaid += e.fees;
        if (feesPaid > feesCharged) throw new RangeError(`${what} pays more fees than were charged`);
        accruedByDate ??= toMinor(
          accruedInterestExact(accrual(upTo(date, before, segmentStart)), loan.currency),
          loan.currency,
        );
        interestPaid += e.interest;
        if (interestPaid > accruedByDate) throw new RangeError(`${what} pays more interest than had accrued`);
        principal -= e.principal;
        repaid += e.principal;
      }
    }
    if (principal !== before) {
      if (before > 0n && segmentStart !== null && segmentStart < date)
        segments.push({ principal: before, from: segmentStart, to: date });
      segmentStart = principal > 0n ? date : null;
    }
  }
  const all = upTo(asOf, principal, segmentStart);
  const exact = accruedInterestExact(accrual(all), loan.currency);
  const interestAccrued = toMinor(exact, loan.currency);
  const interestDue = interestAccrued - interestPaid;
  const feesDue = feesCharged - feesPaid;
  return {
    loanId: loan.id,
    currency: loan.currency,
    asOf,
    firstDisbursement,
    principalDisbursed: disbursed,
    principalRepaid: repaid,
    outstandingPrincipal: principal,
    interestAccruedExact: canonical(exact),
    interestAccrued,
    interestPaid,
    interestDue,
    feesCharged,
    feesPaid,
    feesDue,
    totalDue: feesDue + interestDue + principal,
    segments: [...all],
  };
}

// ---------------------------------------------------------------------------
// Currency
// ---------------------------------------------------------------------------

/** A recorded rate: `rate` units of `quote` per 1 unit of `base` (e.g. 3.75 PEN per 1 USD). */
export interface ExchangeRate {
  base: Currency;
  quote: Currency;
  rate: string;
}

/**
 * An amount converted at a recorded rate, exactly (to 40 decimal places), in
 * major units of `to`: × rate from base to quote, ÷ rate from quote to base.
 */
export function convertExact(minor: bigint, from: Currency, to: Currency, rate: ExchangeRate | null): Dec {
  const major = toMajor(minor, from);
  if (from === to) return major;
  if (!rate) throw new RangeError(`converting ${from} to ${to} needs an exchange rate`);
  const why = decimalSyntaxError(rate.rate);
  if (why || new Dec(rate.rate).lte('0'))
    throw new RangeError(`exchange rate "${rate.rate.slice(0, 40)}" must be a positive decimal`);
  if (from === rate.base && to === rate.quote) return major.times(rate.rate);
  if (from === rate.quote && to === rate.base) return major.div(rate.rate);
  throw new RangeError(`a ${rate.base}/${rate.quote} rate cannot convert ${from} to ${to}`);
}

// ---------------------------------------------------------------------------
// The repayment waterfall
// ---------------------------------------------------------------------------

/** The order each loan's due amounts are paid in. */
export const REPAYMENT_ORDER = ['fees', 'interest', 'principal'] as const;
export type RepaymentComponent = (typeof REPAYMENT_ORDER)[number];
export type Components = Record<RepaymentComponent, bigint>;

export interface RepaymentInput {
  /** The payment date: interest is accrued to it. No loan may have events after it. */
  date: string;
  /** The payment's currency and the amount available for the lenders, in its minor units. */
  currency: Currency;
  available: bigint;
  /** The payment's recorded rate; needed when a loan is in another currency. */
  rate: ExchangeRate | null;
  loans: readonly Loan[];
}

export interface LoanRepayment {
  loanId: number;
  lenderId: number;
  loanCurrency: Currency;
  /** What was due before this payment, in the loan's currency. */
  due: Components;
  /** The same in the payment's currency (converted, rounded up). */
  dueInPaymentCurrency: bigint;
  /** Paid to this loan's lender, in the payment's currency. */
  paid: bigint;
  /** What the loan is credited with, in its own currency: fees + interest + principal. */
  paidInLoanCurrency: bigint;
  fees: bigint;
  interest: bigint;
  principal: bigint;
  /** Nothing is left due on the loan after this payment. */
  fullyPaid: boolean;
  /** The rule, in words, with the figures. */
  why: string;
}

export interface RepaymentAllocation {
  date: string;
  currency: Currency;
  available: bigint;
  /** In waterfall order; loans not disbursed by the payment date are left out. */
  loans: LoanRepayment[];
  /** What no loan took, in the payment's currency: it goes on to the cooperative. */
  remainder: bigint;
}

function money(minor: bigint, currency: Currency): string {
  return `${formatAmount(minor, currency)} ${currency}`;
}

function rateText(rate: ExchangeRate): string {
  return `${rate.rate} ${rate.quote} per ${rate.base}`;
}

/** What a position has due, by component. */
export function dueOf(pos: LoanPosition): Components {
  return { fees: pos.feesDue, interest: pos.interestDue, principal: pos.outstandingPrincipal };
}

/** Pays `amount` over the components in REPAYMENT_ORDER, each up to what is due. */
export function payInOrder(amount: bigint, due: Components): Components {
  const paid: Components = { fees: 0n, interest: 0n, principal: 0n };
  let left = amount;
  for (const c of REPAYMENT_ORDER) {
    paid[c] = left < due[c] ? left : due[c];
    left -= paid[c];
  }
  return paid;
}

/**
 * The waterfall for one payment: the loans in order of first disbursement
 * (ties: loan id), each paid fees, then interest accrued to the payment
 * date, then principal, until the amount available runs out.
 *
 * For a loan in the payment's currency, it takes min(available, due).
 * For a loan in another currency:
 * - what is due is converted at the payment's rate and rounded UP to the
 *   payment currency's minor unit (`dueInPaymentCurrency`);
 * - if the amount left covers that, the loan takes it and is credited
 *   exactly what was due: no residue, and its lender receives at least the
 *   value of the debt, and less than one minor unit more;
 * - otherwise the loan takes all that is left, converted back half-even
 *   and capped at what is due, and the rest stays outstanding. If that
 *   conversion rounds to zero, the loan takes nothing (no money is paid
 *   for no credit) and the amount flows on.
 *
 * Invariants: Σ paid + remainder = available; no loan is paid more than its
 * `dueInPaymentCurrency`, nor credited more than its `due`, component by component.
 */
export function allocateRepayment(input: RepaymentInput): RepaymentAllocation {
  checkDate(input.date, 'payment date');
  if (input.available < 0n) throw new RangeError('the amount available is not negative');
  const seen = new Set<number>();
  const ordered = input.loans
    .map((loan) => {
      if (seen.has(loan.id)) throw new RangeError(`loan ${loan.id} is listed twice`);
      seen.add(loan.id);
      const later = loan.events.find((e) => e.date > input.date);
      if (later)
        throw new RangeError(
          `loan ${loan.id} has a ${later.kind} on ${later.date}, after the payment date ${input.date}`,
        );
      return { loan, pos: loanPosition(loan, input.date) };
    })
    .filter(
      (x): x is { loan: Loan; pos: LoanPosition & { firstDisbursement: string } } => x.pos.firstDisbursement !== null,
    )
    .sort((a, b) =>
      a.pos.firstDisbursement !== b.pos.firstDisbursement
        ? a.pos.firstDisbursement < b.pos.firstDisbursement
          ? -1
          : 1
        : a.loan.id - b.loan.id,
    );

  let left = input.available;
  const rows = ordered.map(({ loan, pos }): LoanRepayment => {
    const L = loan.currency;
    const P = input.currency;
    const due = dueOf(pos);
    const dueTotal = pos.totalDue;
    const same = L === P;
    const dueInPaymentCurrency =
      dueTotal === 0n || same ? dueTotal : toMinor(convertExact(dueTotal, L, P, input.rate), P, ROUND_UP);
    let paid: bigint;
    let credited: bigint;
    if (dueTotal === 0n) {
      paid = 0n;
      credited = 0n;
    } else if (left >= dueInPaymentCurrency) {
      paid = dueInPaymentCurrency;
      credited = dueTotal;
    } else if (same) {
      paid = left;
      credited = left;
    } else {
      const back = toMinor(convertExact(left, P, L, input.rate), L, ROUND_HALF_EVEN);
      credited = back < dueTotal ? back : dueTotal;
      paid = credited === 0n ? 0n : left;
    }
    const parts = payInOrder(credited, due);
    left -= paid;

    const head =
      `${loan.code ?? `loan ${loan.id}`} (${L}, first disbursed ${pos.firstDisbursement}): ${money(dueTotal, L)} due ` +
      `(fees ${formatAmount(due.fees, L)}, interest ${formatAmount(due.interest, L)} to ${input.date}, principal ${formatAmount(due.principal, L)})`;
    const split = `fees ${formatAmount(parts.fees, L)}, interest ${formatAmount(parts.interest, L)}, principal ${formatAmount(parts.principal, L)}`;
    const rest = dueTotal - credited;
    let why: string;
    if (dueTotal === 0n) why = `${head}: nothing to pay`;
    else if (credited === dueTotal) {
      why = same
        ? `${head}: paid in full`
        : `${head} = ${money(dueInPaymentCurrency, P)} at ${rateText(input.rate!)}, rounded up to the ${P} minor unit; ` +
          `paid in full with ${money(paid, P)}`;
      if (!same && paid < dueInPaymentCurrency) {
        why += ` (the ${money(paid, P)} left converts back, half-even, to the whole ${money(dueTotal, L)})`;
      }
    } else if (paid === 0n) {
      why =
        left === 0n
          ? `${head}: nothing left to pay it; ${money(rest, L)} remains due`
          : `${head}: the ${money(left, P)} left is worth less than half a ${L} minor unit; nothing paid, ${money(rest, L)} remains due`;
    } else if (same) {
      why = `${head}: only ${money(paid, P)} left, paid in order (${split}); ${money(rest, L)} remains due`;
    } else {
      why =
        `${head} = ${money(dueInPaymentCurrency, P)} at ${rateText(input.rate!)}, rounded up; only ${money(paid, P)} left, ` +
        `= ${money(credited, L)} (half-even), paid in order (${split}); ${money(rest, L)} remains due`;
    }
    return {
      loanId: loan.id,
      lenderId: loan.lenderId,
      loanCurrency: L,
      due,
      dueInPaymentCurrency,
      paid,
      paidInLoanCurrency: credited,
      ...parts,
      fullyPaid: credited === dueTotal,
      why,
    };
  });
  return { date: input.date, currency: input.currency, available: input.available, loans: rows, remainder: left };
}

/** The repayment event a waterfall row adds to its loan's history, or null when it paid nothing. */
export function repaymentEvent(row: LoanRepayment, date: string): LoanEvent | null {
  if (row.paidInLoanCurrency === 0n) return null;
  return { kind: 'repayment', date, fees: row.fees, interest: row.interest, principal: row.principal };
}

// ---------------------------------------------------------------------------
// Arrears, aging and PAR
// ---------------------------------------------------------------------------

/** Aging buckets: named ranges of days past due, both ends included (`toDays` null: no upper end). */
export const AGING_BUCKETS = [
  { name: 'current', fromDays: 0, toDays: 0 },
  { name: '1-30', fromDays: 1, toDays: 30 },
  { name: '31-60', fromDays: 31, toDays: 60 },
  { name: '61-90', fromDays: 61, toDays: 90 },
  { name: 'over-90', fromDays: 91, toDays: null },
] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number]['name'];

export function agingBucket(daysPastDue: number): AgingBucket {
  if (!Number.isSafeInteger(daysPastDue) || daysPastDue < 0)
    throw new RangeError(`days past due must be a non-negative integer, got ${daysPastDue}`);
  const bucket = AGING_BUCKETS.find((b) => daysPastDue >= b.fromDays && (b.toDays === null || daysPastDue <= b.toDays));
  return bucket!.name;
}

export interface Arrears {
  loanId: number;
  asOf: string;
  /** The due date of the oldest amount still unpaid, when it is before `asOf`; null when nothing is late. */
  since: string | null;
  daysPastDue: number;
  bucket: AgingBucket;
  outstandingPrincipal: bigint;
}

/**
 * How late a loan is as of a date. Due dates: each instalment's principal
 * (instalments are paid oldest first from the principal repaid), and at
 * maturity everything still owed (principal, interest and fees). The loan is
 * late from the oldest due date still unpaid, counted in actual days: the due
 * date itself is not late, the next day is 1 day past due.
 */
export function loanArrears(loan: Loan, asOf: string): Arrears {
  const pos = loanPosition(loan, asOf);
  const late: string[] = [];
  if (pos.outstandingPrincipal > 0n && loan.instalments?.length) {
    let scheduled = 0n;
    for (const inst of [...loan.instalments].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))) {
      scheduled += inst.principal;
      if (scheduled > pos.principalRepaid) {
        if (inst.due < asOf) late.push(inst.due);
        break;
      }
    }
  }
  if (pos.totalDue > 0n && loan.maturity < asOf) late.push(loan.maturity);
  const since = late.length ? late.reduce((a, b) => (a < b ? a : b)) : null;
  const days = since ? daysBetween(since, asOf) : 0;
  return {
    loanId: loan.id,
    asOf,
    since,
    daysPastDue: days,
    bucket: agingBucket(days),
    outstandingPrincipal: pos.outstandingPrincipal,
  };
}

export function daysPastDue(loan: Loan, asOf: string): number {
  return loanArrears(loan, asOf).daysPastDue;
}

/** Places a ratio (PAR, coverage) is given to, rounded once, half-even. */
export const RATIO_DECIMALS = 4;
/** PAR30 counts loans more than this many days past due. */
export const PAR_DAYS = 30;

function ratio(numerator: Dec, denominator: Dec): string {
  return canonical(numerator.div(denominator).round(RATIO_DECIMALS, ROUND_HALF_EVEN));
}

export interface ParOptions {
  /** Loans more than this many days past due are at risk (default 30). */
  overDays?: number;
  /** Report in this currency, converting other loans exactly at `rate`. Without it, all loans must share one currency. */
  currency?: Currency;
  rate?: ExchangeRate | null;
}

/**
 * Portfolio at risk: the outstanding principal of the loans more than
 * `overDays` days past due, divided by the gross outstanding principal, as a
 * decimal ratio rounded once, half-even, to 4 places ("0.4286"); "0" when
 * nothing is outstanding. Amounts in other currencies are converted exactly.
 */
export function portfolioAtRisk(loans: readonly Loan[], asOf: string, options: ParOptions = {}): string {
  const overDays = options.overDays ?? PAR_DAYS;
  if (loans.length === 0) return '0';
  const currencies = new Set(loans.map((l) => l.currency));
  const reporting = options.currency ?? (currencies.size <= 1 ? loans[0]?.currency : undefined);
  if (!reporting)
    throw new RangeError(`loans in ${[...currencies].join(' and ')}: choose a reporting currency and a rate`);
  let gross = new Dec('0');
  let atRisk = new Dec('0');
  for (const loan of loans) {
    const a = loanArrears(loan, asOf);
    const value = convertExact(a.outstandingPrincipal, loan.currency, reporting, options.rate ?? null);
    gross = gross.plus(value);
    if (a.daysPastDue > overDays) atRisk = atRisk.plus(value);
  }
  return gross.eq('0') ? '0' : ratio(atRisk, gross);
}

/** PAR30: `portfolioAtRisk` with loans more than 30 days past due. */
export function par30(loans: readonly Loan[], asOf: string, options: Omit<ParOptions, 'overDays'> = {}): string {
  return portfolioAtRisk(loans, asOf, { ...options, overDays: PAR_DAYS });
}

// ---------------------------------------------------------------------------
// Endorsement and coverage
// ---------------------------------------------------------------------------

/**
 * The part of an endorsement (aval) still held: endorsed × outstanding ÷
 * principal, rounded UP to the minor unit (exact bigint arithmetic), so the
 * cover is never released ahead of repayment. Exactly 0 when nothing is
 * outstanding; the whole endorsement while the whole principal is; never
 * below 0 nor above the endorsement.
 */
export function endorsementHeld(endorsed: bigint, principal: bigint, outstanding: bigint): bigint {
  if (endorsed < 0n || principal < 0n || outstanding < 0n)
    throw new RangeError('endorsed, principal and outstanding are not negative');
  if (outstanding === 0n) return 0n;
  if (principal === 0n) throw new RangeError('principal outstanding on a loan of no principal');
  if (outstanding >= principal) return endorsed;
  return (endorsed * outstanding + principal - 1n) / principal;
}

/** `endorsementHeld` as of a date, with the principal disbursed by then (all of it is held before any disbursement). */
export function endorsementHeldAsOf(loan: Loan, endorsed: bigint, asOf: string): bigint {
  if (endorsed < 0n) throw new RangeError('the endorsed amount is not negative');
  const pos = loanPosition(loan, asOf);
  if (pos.principalDisbursed === 0n) return endorsed;
  return endorsementHeld(endorsed, pos.principalDisbursed, pos.outstandingPrincipal);
}

/**
 * Coverage: the value of the unsold coffee (e.g. `valueOf(grams, reference
 * price per lb, currency)`) divided by what is owed, as a decimal ratio
 * rounded once, half-even, to 4 places. What is owed in another currency is
 * converted exactly at `rate`. Null when nothing is owed.
 */
export function coverageRatio(collateral: Money, owed: readonly Money[], rate: ExchangeRate | null): string | null {
  if (collateral.minor < 0n) throw new RangeError('the collateral value is not negative');
  let total = new Dec('0');
  for (const o of owed) {
    if (o.minor < 0n) throw new RangeError('an amount owed is not negative');
    total = total.plus(convertExact(o.minor, o.currency, collateral.currency, rate));
  }
  return total.eq('0') ? null : ratio(toMajor(collateral.minor, collateral.currency), total);
}
