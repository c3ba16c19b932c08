/**
 * Receiving a payment for a delivery and settling it, in one transaction:
 * the payment, the exchange rate used, the settlement lines, and one ledger
 * entry that moves the money from the buyer's receivable to every party the
 * waterfall names (server/domain/settlement.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  cooperatives,
  exchangeRates,
  harvestCampaigns,
  lots,
  saleDeliveries,
  salePayments,
  saleTakes,
  salesContracts,
  settlementLines,
  settlementTerms,
} from '../../db/schema.js';
import { Dec, decimalSyntaxError, scaleOf } from '../domain/decimal.js';
import { ConflictError, ForbiddenError, InvalidInputError, IssueList, NotFoundError } from '../domain/errors.js';
import type { LineSpec } from '../domain/ledger.js';
import { type Currency, amountSyntaxError, formatAmount, isCurrency, minorFromText, parseAmount } from '../domain/money.js';
import { type SettlementTerms, settlePayment } from '../domain/settlement.js';
import { isCalendarDate, localDateOf } from '../domain/time.js';
import { decodeId } from '../lib/global-id.js';
import type { ServiceContext } from './context.js';
import { postEntry } from './ledger.js';
import { settings } from './lots.js';
import { type MutationOutcome, runMutation } from './mutation.js';

/** Farmers are paid in the consortium's base currency. */
function farmerCurrency(tx: Tx): Currency {
  const c = settings(tx).baseCurrency;
  if (!isCurrency(c)) throw new Error(`the consortium's base currency ${c} is not supported`);
  return c;
}

export interface RecordSalePaymentInput {
  idempotencyKey: string;
  deliveryId: string;
  receivedOn: string;
  amount: string;
  currency: string;
  /** Needed when the payment's currency is not the farmers' (PEN): units of PEN per 1 unit of the payment's currency. */
  exchangeRate?: { rate: string; source: string } | null;
}

export type PaymentRef = { type: 'SalePayment'; id: number };

/** Receives a payment for a delivery and settles it (admins). */
export function recordSalePayment(ctx: ServiceContext, input: RecordSalePaymentInput): MutationOutcome<PaymentRef> {
  if (ctx.principal.role !== 'admin') throw new ForbiddenError('only an admin records payments received');
  const { idempotencyKey, ...payload } = input;
  const deliveryId = decodeId(input.deliveryId, 'SaleDelivery', ['input', 'deliveryId']);
  const issues = new IssueList();
  if (!isCalendarDate(input.receivedOn)) issues.add(['input', 'receivedOn'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  if (!isCurrency(input.currency)) issues.add(['input', 'currency'], 'UNKNOWN_CURRENCY', 'must be PEN or USD');
  else {
    const why = amountSyntaxError(input.amount, input.currency);
    if (why) issues.add(['input', 'amount'], 'INVALID_AMOUNT', why);
    else if (parseAmount(input.amount, input.currency) <= 0n) issues.add(['input', 'amount'], 'NOT_POSITIVE', 'must be more than 0');
  }
  if (input.exchangeRate) {
    const r = input.exchangeRate.rate;
    const why = decimalSyntaxError(r);
    if (why) issues.add(['input', 'exchangeRate', 'rate'], 'INVALID_RATE', why);
    else if (scaleOf(r) > 6 || !new Dec(r).gt('0')) issues.add(['input', 'exchangeRate', 'rate'], 'INVALID_RATE', 'must be more than 0, at most 6 decimals');
    const src = input.exchangeRate.source.trim();
    if (src.length < 2 || src.length > 120) issues.add(['input', 'exchangeRate', 'source'], 'INVALID_TEXT', 'name the source of the rate (2 to 120 characters)');
  }
  issues.throwIfAny();
  const currency = input.currency as Currency;
  const amount = parseAmount(input.amount, currency);
  const now = ctx.clock.now();

  return runMutation(ctx, 'recordSalePayment', idempotencyKey, payload, (tx) => {
    const delivery = tx.select().from(saleDeliveries).where(eq(saleDeliveries.id, deliveryId)).get();
    if (!delivery) throw new NotFoundError(['input', 'deliveryId'], input.deliveryId, 'sale delivery');
    const contract = tx.select().from(salesContracts).where(eq(salesContracts.id, delivery.contractId)).get()!;
    if (currency !== delivery.currency) {
      throw InvalidInputError.single(['input', 'currency'], 'WRONG_CURRENCY', `the contract is paid in ${delivery.currency}`);
    }
    const today = localDateOf(now, settings(tx).timeZone);
    if (input.receivedOn > today) throw InvalidInputError.single(['input', 'receivedOn'], 'IN_FUTURE', `must not be after today (${today})`);
    if (input.receivedOn < delivery.deliveredOn) {
      throw InvalidInputError.single(['input', 'receivedOn'], 'BEFORE_DELIVERY', `the delivery left on ${delivery.deliveredOn}`);
    }
    const value = minorFromText(delivery.valueMinor);
    const premium = minorFromText(delivery.premiumMinor);
    const paidBefore = tx
      .select({ amount: salePayments.amountMinor })
      .from(salePayments)
      .where(eq(salePayments.deliveryId, delivery.id))
      .all()
      .reduce((a, p) => a + minorFromText(p.amount), 0n);
    const owed = value + premium - paidBefore;
    if (amount > owed) {
      throw InvalidInputError.single(
        ['input', 'amount'],
        'ABOVE_OWED',
        `the buyer owes ${formatAmount(owed, currency)} ${currency} on ${delivery.code}; ${input.amount} is more`,
      );
    }
    const toCurrency = farmerCurrency(tx);
    let rateId: number | null = null;
    let rate: string | null = null;
    if (currency !== toCurrency) {
      if (!input.exchangeRate) {
        throw InvalidInputError.single(['input', 'exchangeRate'], 'RATE_REQUIRED', `farmers are paid in ${toCurrency}: give the ${currency}→${toCurrency} rate and its source`);
      }
      rate = input.exchangeRate.rate;
      rateId = tx
        .insert(exchangeRates)
        .values({ base: currency, quote: toCurrency, rate, ratedOn: input.receivedOn, source: input.exchangeRate.source.trim(), recordedBy: ctx.principal.userId })
        .returning({ id: exchangeRates.id })
        .get().id;
    } else if (input.exchangeRate) {
      throw InvalidInputError.single(['input', 'exchangeRate'], 'NOT_APPLICABLE', 'no currency changes: leave the rate out');
    }

    // Who sold what in the delivery: per cooperative (with its membership) and per farmer.
    const takes = tx
      .select({ cooperativeId: saleTakes.cooperativeId, farmerId: lots.farmerId, grams: sql<number>`sum(${saleTakes.grams})` })
      .from(saleTakes)
      .innerJoin(lots, eq(lots.id, saleTakes.lotId))
      .where(eq(saleTakes.deliveryId, delivery.id))
      .groupBy(saleTakes.cooperativeId, lots.farmerId)
      .orderBy(saleTakes.cooperativeId, lots.farmerId)
      .all();
    const coopIds = [...new Set(takes.map((t) => t.cooperativeId))];
    const membership = new Map(tx.select({ id: cooperatives.id, m: cooperatives.membership }).from(cooperatives).all().map((c) => [c.id, c.m]));
    const termsRows = tx.select().from(settlementTerms).where(and(eq(settlementTerms.campaignId, contract.campaignId), eq(settlementTerms.currency, currency))).all();
    const termsFor = (coopId: number): SettlementTerms => {
      const t = termsRows.find((r) => r.membership === membership.get(coopId));
      if (!t) throw new ConflictError('NO_SETTLEMENT_TERMS', `no ${membership.get(coopId)} settlement terms in ${currency} for the contract's campaign`);
      return { processingFeePerKg: t.processingFeePerKg, commissionPct: t.commissionPct, retentionPct: t.retentionPct };
    };
    // What earlier payments of this delivery already settled, per cooperative and kind.
    const earlier = tx
      .select({ coop: settlementLines.cooperativeId, kind: settlementLines.kind, amount: settlementLines.amountMinor })
      .from(settlementLines)
      .innerJoin(salePayments, eq(salePayments.id, settlementLines.paymentId))
      .where(eq(salePayments.deliveryId, delivery.id))
      .all();
    const settledBefore = (coop: number, kind: string) =>
      earlier.filter((r) => r.coop === coop && r.kind === kind).reduce((a, r) => a + minorFromText(r.amount), 0n);
    const plan = settlePayment({
      currency,
      invoiceValue: value,
      invoicePremium: premium,
      amount,
      farmerCurrency: toCurrency,
      exchangeRate: rate,
      coops: coopIds.map((id) => {
        const own = takes.filter((t) => t.cooperativeId === id);
        return {
          cooperativeId: id,
          grams: own.reduce((a, t) => a + t.grams, 0),
          terms: termsFor(id),
          feeAlreadyPaid: settledBefore(id, 'processing_fee'),
          shareAlreadyPaid: settledBefore(id, 'share'),
          commissionAlreadyPaid: settledBefore(id, 'commission'),
          farmers: own.map((t) => ({ farmerId: t.farmerId, grams: t.grams })),
        };
      }),
      // The campaign-loans issue plugs its waterfall in here.
      repayLoans: () => [],
    });

    // One entry: cash in, receivable down; the clearing accounts emptied into every party's account.
    const acc = (ownerType: LineSpec['account']['ownerType'], ownerId: number | null, purpose: LineSpec['account']['purpose'], cur: Currency = currency) => ({ ownerType, ownerId, purpose, currency: cur });
    const lines: LineSpec[] = [
      { account: acc('consortium', null, 'cash'), minor: amount, memo: `payment for ${delivery.code}` },
      { account: acc('buyer', contract.buyerId, 'receivable'), minor: -amount, memo: `payment for ${delivery.code}` },
    ];
    if (plan.coffee > 0n) lines.push({ account: acc('consortium', null, 'proceeds_to_settle'), minor: plan.coffee, memo: 'coffee settled' });
    if (plan.premium > 0n) lines.push({ account: acc('consortium', null, 'premium_to_settle'), minor: plan.premium, memo: 'premium settled' });
    for (const c of plan.coops) {
      if (c.premium > 0n) lines.push({ account: acc('cooperative', c.cooperativeId, 'premium_fund'), minor: -c.premium, memo: 'Fairtrade premium' });
      if (c.processingFee > 0n) lines.push({ account: acc('consortium', null, 'fee_income'), minor: -c.processingFee, memo: `processing fee, cooperative ${c.cooperativeId}` });
      if (c.commission > 0n) lines.push({ account: acc('consortium', null, 'commission_income'), minor: -c.commission, memo: `commission, cooperative ${c.cooperativeId}` });
      for (const l of c.loans) lines.push({ account: acc('lender', l.lenderId, 'receivable'), minor: -l.amount, memo: `repays loan ${l.loanId}` });
      if (c.retention > 0n) lines.push({ account: acc('cooperative', c.cooperativeId, 'retention_fund'), minor: -c.retention, memo: 'retention' });
      if (c.farmersTotal > 0n) {
        if (currency === toCurrency) {
          for (const f of c.farmers) if (f.amount > 0n) lines.push({ account: acc('farmer', f.farmerId, 'farmer_balance'), minor: -f.amount, memo: `share of ${delivery.code}` });
        } else {
          lines.push({ account: acc('consortium', null, 'exchange'), minor: -c.farmersTotal, memo: `to ${toCurrency} at ${rate}` });
          lines.push({ account: acc('consortium', null, 'exchange', toCurrency), minor: c.farmersTotalConverted, memo: `from ${currency} at ${rate}` });
          for (const f of c.farmers) if (f.amount > 0n) lines.push({ account: acc('farmer', f.farmerId, 'farmer_balance', toCurrency), minor: -f.amount, memo: `share of ${delivery.code}` });
        }
      }
    }
    const entryId = postEntry(
      { tx, userId: ctx.principal.userId, now },
      {
        kind: 'sale_settlement',
        occurredOn: input.receivedOn,
        description: `Payment of ${formatAmount(amount, currency)} ${currency} for ${delivery.code}, settled to ${plan.coops.length} cooperative(s)${rate ? ` at ${rate} ${toCurrency}/${currency}` : ''}`,
        source: { type: 'sale_delivery', id: delivery.id },
        lines: lines.filter((l) => l.minor !== 0n),
      },
    );
    const payment = tx
      .insert(salePayments)
      .values({ deliveryId: delivery.id, receivedOn: input.receivedOn, currency, amountMinor: amount.toString(), exchangeRateId: rateId, entryId, recordedBy: ctx.principal.userId })
      .returning({ id: salePayments.id })
      .get();
    const gramsOf = (coopId: number) => takes.filter((t) => t.cooperativeId === coopId).reduce((a, t) => a + t.grams, 0);
    const rows: (typeof settlementLines.$inferInsert)[] = [];
    for (const c of plan.coops) {
      const base = { paymentId: payment.id, cooperativeId: c.cooperativeId, currency };
      const g = gramsOf(c.cooperativeId);
      rows.push({ ...base, kind: 'share', amountMinor: c.share.toString(), grams: g });
      rows.push({ ...base, kind: 'premium', amountMinor: c.premium.toString(), grams: g });
      rows.push({ ...base, kind: 'processing_fee', amountMinor: c.processingFee.toString() });
      rows.push({ ...base, kind: 'commission', amountMinor: c.commission.toString() });
      for (const l of c.loans) rows.push({ ...base, kind: 'loan_repayment', amountMinor: l.amount.toString() });
      rows.push({ ...base, kind: 'retention', amountMinor: c.retention.toString() });
      rows.push({ ...base, kind: 'farmers', amountMinor: c.farmersTotal.toString(), grams: g });
      for (const f of c.farmers) {
        const fg = takes.find((t) => t.cooperativeId === c.cooperativeId && t.farmerId === f.farmerId)!.grams;
        rows.push({ ...base, currency: toCurrency, farmerId: f.farmerId, kind: 'farmer', amountMinor: f.amount.toString(), grams: fg });
      }
    }
    for (let i = 0; i < rows.length; i += 400) tx.insert(settlementLines).values(rows.slice(i, i + 400)).run();
    return { type: 'SalePayment', id: payment.id };
  });
}

export interface SetSettlementTermsInput {
  idempotencyKey: string;
  campaignId: string;
  membership: 'shareholder' | 'affiliated';
  currency: string;
  processingFeePerKg: string;
  commissionPercent: string;
  retentionPercent: string;
}

/**
 * Sets a campaign's charges and retention for one membership and currency
 * (admins). Once set they are not changed: payments already settled were
 * computed with them. A different deal is a new campaign's terms.
 */
export function setSettlementTerms(ctx: ServiceContext, input: SetSettlementTermsInput): MutationOutcome<{ type: 'SettlementTerms'; id: number }> {
  if (ctx.principal.role !== 'admin') throw new ForbiddenError('only an admin sets settlement terms');
  const { idempotencyKey, ...payload } = input;
  const campaignId = decodeId(input.campaignId, 'HarvestCampaign', ['input', 'campaignId']);
  const issues = new IssueList();
  if (!isCurrency(input.currency)) issues.add(['input', 'currency'], 'UNKNOWN_CURRENCY', 'must be PEN or USD');
  const dec = (path: string, v: string, max: string) => {
    const why = decimalSyntaxError(v);
    if (why) return issues.add(['input', path], 'INVALID_DECIMAL', why);
    if (scaleOf(v) > 4) return issues.add(['input', path], 'INVALID_DECIMAL', 'at most 4 decimals');
    const d = new Dec(v);
    if (d.lt('0') || d.gt(max)) issues.add(['input', path], 'OUT_OF_RANGE', `must be 0 to ${max}`);
  };
  dec('processingFeePerKg', input.processingFeePerKg, '10');
  dec('commissionPercent', input.commissionPercent, '100');
  dec('retentionPercent', input.retentionPercent, '100');
  issues.throwIfAny();
  return runMutation(ctx, 'setSettlementTerms', idempotencyKey, payload, (tx) => {
    if (!tx.select({ id: harvestCampaigns.id }).from(harvestCampaigns).where(eq(harvestCampaigns.id, campaignId)).get()) {
      throw new NotFoundError(['input', 'campaignId'], input.campaignId, 'harvest campaign');
    }
    const exists = tx
      .select({ id: settlementTerms.id })
      .from(settlementTerms)
      .where(and(eq(settlementTerms.campaignId, campaignId), eq(settlementTerms.membership, input.membership), eq(settlementTerms.currency, input.currency)))
      .get();
    if (exists) throw new ConflictError('TERMS_SET', `${input.membership} terms in ${input.currency} are already set for this campaign`);
    const row = tx
      .insert(settlementTerms)
      .values({
        campaignId,
        membership: input.membership,
        currency: input.currency,
        processingFeePerKg: input.processingFeePerKg,
        commissionPct: input.commissionPercent,
        retentionPct: input.retentionPercent,
      })
      .returning({ id: settlementTerms.id })
      .get();
    return { type: 'SettlementTerms', id: row.id };
  });
}
