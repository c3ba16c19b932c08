/**
 * The settlement of one payment received for a delivery: who gets what, to
 * the cent. Pure: the service feeds it the delivery, what earlier payments
 * already settled, the terms and the exchange rate, and posts its result as
 * one ledger entry. docs/settlement.md works an example through, and
 * tests/domain/settlement.test.ts checks the same numbers.
 *
 * The waterfall, per payment:
 * 1. The payment is split between the coffee and the Fairtrade premium in
 *    proportion to the invoice (largest remainder).
 * 2. Each part is split over the cooperatives whose coffee was sold, in
 *    proportion to the value of their coffee in the delivery: for an export
 *    delivery (one price per lb) that is their grams; for a domestic one
 *    (units of several SKUs at their own prices) the value of their units.
 *    The premium goes to each cooperative's premium fund, not to farmers.
 * 3. From each cooperative's coffee share, in order:
 *    a. the consortium's processing fee: per kg of the cooperative's coffee in
 *       the delivery, due once per delivery, taken from the first payments
 *       until paid (never more than the share);
 *    b. the marketing commission: a % of the share, due to date (a commission
 *       an earlier payment could not cover is taken from the next);
 *    c. the lenders (campaign loans; the loans issue plugs in here);
 *    d. the cooperative's retention: a % of what is left, to its own fund;
 *    e. the rest to the farmers, converted at the recorded rate, split over
 *       the farmers in proportion to the grams of their lots in the delivery.
 *    A farmer's advances were debited to their balance at delivery, so the
 *    credit nets against them; a farmer whose advances exceed their share
 *    keeps a debit balance (owes it), carried, never paid out negatively.
 *
 * Rounding: every split is largest-remainder (parts sum to the whole);
 * every percentage and per-kg charge, and the conversion, is rounded once,
 * half-even, to the minor unit of its currency.
 */
import { Dec, ROUND_HALF_EVEN } from './decimal.js';
import { type Currency, convert, splitAmount, toMinor } from './money.js';

export interface SettlementTerms {
  /** Processing fee per kg of green sold, in the payment's currency (decimal string). */
  processingFeePerKg: string;
  /** Marketing commission, % of the cooperative's share. */
  commissionPct: string;
  /** Retention to the cooperative's own fund, % of what is left after charges and loans. */
  retentionPct: string;
}

export interface CoopInDelivery {
  cooperativeId: number;
  /** Grams of its coffee in the delivery. */
  grams: number;
  /**
   * The value of its coffee in the delivery, when prices differ within it (a
   * domestic delivery of several SKUs). Shares are pro rata to value; without
   * it, to grams (one price per lb: the same thing).
   */
  value?: bigint;
  terms: SettlementTerms;
  /** Processing fee already taken from earlier payments of this delivery. */
  feeAlreadyPaid: bigint;
  /** This cooperative's shares and commission from earlier payments of this delivery (default 0). */
  shareAlreadyPaid?: bigint;
  commissionAlreadyPaid?: bigint;
  /** Farmers' grams in the delivery (their lots). */
  farmers: { farmerId: number; grams: number }[];
}

export interface SettlementInput {
  currency: Currency;
  /** The delivery's invoice: coffee value and premium, in `currency`. */
  invoiceValue: bigint;
  invoicePremium: bigint;
  /** This payment. */
  amount: bigint;
  coops: CoopInDelivery[];
  /** Farmers are paid in this currency; a rate is needed when it differs. */
  farmerCurrency: Currency;
  /** Units of farmerCurrency per 1 unit of currency. */
  exchangeRate: string | null;
  /** The lenders' seam: what each cooperative's loans take from `available`, in `currency`. */
  repayLoans?: (cooperativeId: number, available: bigint) => { loanId: number; lenderId: number; amount: bigint }[];
}

export interface CoopSettlement {
  cooperativeId: number;
  share: bigint;
  premium: bigint;
  processingFee: bigint;
  commission: bigint;
  loans: { loanId: number; lenderId: number; amount: bigint }[];
  retention: bigint;
  /** To the farmers, in the payment's currency, before conversion. */
  farmersTotal: bigint;
  /** The same in the farmers' currency, and per farmer (sums exactly). */
  farmersTotalConverted: bigint;
  farmers: { farmerId: number; amount: bigint }[];
}

export interface Settlement {
  coffee: bigint;
  premium: bigint;
  coops: CoopSettlement[];
}

/** `percent` % of an amount in minor units, rounded once, half-even, to the minor unit. */
export function percentOf(minor: bigint, percent: string): bigint {
  return BigInt(new Dec(minor.toString()).times(percent).div('100').round(0, ROUND_HALF_EVEN).toFixed(0));
}

/** The processing fee due for a cooperative's coffee in a delivery: kg × fee per kg, rounded once. */
export function processingFeeDue(grams: number, feePerKg: string, currency: Currency): bigint {
  // The rate is in major units per kg: grams / 1000 × rate, in major units.
  return toMinor(new Dec(String(grams)).div('1000').times(feePerKg), currency);
}

export function settlePayment(s: SettlementInput): Settlement {
  if (s.amount <= 0n) throw new RangeError('a payment is positive');
  if (s.currency !== s.farmerCurrency && s.exchangeRate === null) {
    throw new RangeError(`farmers are paid in ${s.farmerCurrency}: an exchange rate from ${s.currency} is needed`);
  }
  const invoice = s.invoiceValue + s.invoicePremium;
  const [coffeePart, premiumPart] = splitAmount(s.amount, [
    { key: 0, weight: s.invoiceValue.toString() },
    { key: 1, weight: s.invoicePremium.toString() },
  ]).map((p) => p.minor) as [bigint, bigint];
  if (invoice <= 0n) throw new RangeError('the invoice is empty');
  const byValue = s.coops.length > 0 && s.coops.every((c) => c.value !== undefined);
  const weights = s.coops.map((c) => ({
    key: c.cooperativeId,
    weight: byValue ? c.value!.toString() : String(c.grams),
  }));
  const shares = new Map(splitAmount(coffeePart, weights).map((p) => [p.key, p.minor]));
  const premiums = new Map(splitAmount(premiumPart, weights).map((p) => [p.key, p.minor]));
  const coops = s.coops.map((c): CoopSettlement => {
    const share = shares.get(c.cooperativeId)!;
    let left = share;
    const feeDue = processingFeeDue(c.grams, c.terms.processingFeePerKg, s.currency) - c.feeAlreadyPaid;
    const processingFee = feeDue > 0n ? (feeDue < left ? feeDue : left) : 0n;
    left -= processingFee;
    // Due to date, so a commission a payment could not cover (the fee took it all) is taken from the next one,
    // and the instalments' commissions add up to the commission on the whole share.
    const commissionDue =
      percentOf((c.shareAlreadyPaid ?? 0n) + share, c.terms.commissionPct) - (c.commissionAlreadyPaid ?? 0n);
    const commission = commissionDue <= 0n ? 0n : commissionDue < left ? commissionDue : left;
    left -= commission;
    const loans = (s.repayLoans?.(c.cooperativeId, left) ?? []).filter((l) => l.amount > 0n);
    const loanTotal = loans.reduce((a, l) => a + l.amount, 0n);
    if (loanTotal > left) throw new RangeError('the loans took more than was available');
    left -= loanTotal;
    const retention = percentOf(left, c.terms.retentionPct);
    left -= retention;
    const converted =
      s.currency === s.farmerCurrency ? left : convert(left, s.currency, s.farmerCurrency, s.exchangeRate!);
    const farmers = splitAmount(
      converted,
      c.farmers.map((f) => ({ key: f.farmerId, weight: String(f.grams) })),
    ).map((p) => ({ farmerId: p.key, amount: p.minor }));
    return {
      cooperativeId: c.cooperativeId,
      share,
      premium: premiums.get(c.cooperativeId)!,
      processingFee,
      commission,
      loans,
      retention,
      farmersTotal: left,
      farmersTotalConverted: converted,
      farmers,
    };
  });
  return { coffee: coffeePart, premium: premiumPart, coops };
}
