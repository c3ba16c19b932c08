/**
 * Receiving a payment for a delivery and settling it, in one transaction:
 * the payment, the exchange rate used, the settlement lines, and one ledger
 * entry that moves the money from the buyer's receivable to every party the
 * waterfall names (server/domain/settlement.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  cooperativeRetention,
  cooperatives,
  exchangeRates,
  harvestCampaigns,
  lots,
  saleDeliveries,
  salePaymentReversals,
  salePayments,
  saleTakes,
  salesContracts,
  settlementLines,
  settlementTerms,
} from '../../db/schema.js';
import { Dec, decimalSyntaxError, scaleOf } from '../domain/decimal.js';
import { ConflictError, ForbiddenError, InvalidInputError, IssueList, NotFoundError } from '../domain/errors.js';
import type { LineSpec } from '../domain/ledger.js';
import {
  type Currency,
  amountSyntaxError,
  formatAmount,
  isCurrency,
  minorFromText,
  parseAmount,
} from '../domain/money.js';
import { type Settlement, type SettlementTerms, settlePayment } from '../domain/settlement.js';
import { hasControlCharacters } from '../domain/lot.js';
import { isCalendarDate, localDateOf } from '../domain/time.js';
import { decodeId } from '../lib/global-id.js';
import type { ServiceContext } from './context.js';
import { type Poster, postEntry, reverseEntry } from './ledger.js';
import { type SaleRepayments, postSaleRepayments, reverseSaleRepayments, saleRepayments } from './loans.js';
import { settings } from '../queries/consortium.js';
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
  if (!isCalendarDate(input.receivedOn))
    issues.add(['input', 'receivedOn'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  if (!isCurrency(input.currency)) issues.add(['input', 'currency'], 'UNKNOWN_CURRENCY', 'must be PEN or USD');
  else {
    const why = amountSyntaxError(input.amount, input.currency);
    if (why) issues.add(['input', 'amount'], 'INVALID_AMOUNT', why);
    else if (parseAmount(input.amount, input.currency) <= 0n)
      issues.add(['input', 'amount'], 'NOT_POSITIVE', 'must be more than 0');
  }
  if (input.exchangeRate) {
    const r = input.exchangeRate.rate;
    const why = decimalSyntaxError(r);
    if (why) issues.add(['input', 'exchangeRate', 'rate'], 'INVALID_RATE', why);
    else if (scaleOf(r) > 6 || !new Dec(r).gt('0'))
      issues.add(['input', 'exchangeRate', 'rate'], 'INVALID_RATE', 'must be more than 0, at most 6 decimals');
    const src = input.exchangeRate.source.trim();
    if (src.length < 2 || src.length > 120 || hasControlCharacters(src)) {
      issues.add(
        ['input', 'exchangeRate', 'source'],
        'INVALID_TEXT',
        'name the source of the rate (2 to 120 printable characters)',
      );
    }
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
      throw InvalidInputError.single(
        ['input', 'currency'],
        'WRONG_CURRENCY',
        `the contract is paid in ${delivery.currency}`,
      );
    }
    const today = localDateOf(now, settings(tx).timeZone);
    if (input.receivedOn > today)
      throw InvalidInputError.single(['input', 'receivedOn'], 'IN_FUTURE', `must not be after today (${today})`);
    if (input.receivedOn < delivery.deliveredOn) {
      throw InvalidInputError.single(
        ['input', 'receivedOn'],
        'BEFORE_DELIVERY',
        `the delivery left on ${delivery.deliveredOn}`,
      );
    }
    const value = minorFromText(delivery.valueMinor);
    const premium = minorFromText(delivery.premiumMinor);
    const paidBefore = tx
      .all<{ amount: string }>(
        sql`select amount_minor as amount from live_sale_payments where delivery_id = ${delivery.id}`,
      )
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
        throw InvalidInputError.single(
          ['input', 'exchangeRate'],
          'RATE_REQUIRED',
          `farmers are paid in ${toCurrency}: give the ${currency}→${toCurrency} rate and its source`,
        );
      }
      rate = input.exchangeRate.rate;
      rateId = tx
        .insert(exchangeRates)
        .values({
          base: currency,
          quote: toCurrency,
          rate,
          ratedOn: input.receivedOn,
          source: input.exchangeRate.source.trim(),
          recordedBy: ctx.principal.userId,
        })
        .returning({ id: exchangeRates.id })
        .get().id;
    } else if (input.exchangeRate) {
      throw InvalidInputError.single(
        ['input', 'exchangeRate'],
        'NOT_APPLICABLE',
        'no currency changes: leave the rate out',
      );
    }
    const poster = { tx, userId: ctx.principal.userId, now };
    const settled = settle(tx, delivery, contract, { amount, rate, rateId, date: input.receivedOn, before: null });
    const entryId = postSettlement(
      poster,
      settled,
      input.receivedOn,
      `Payment of ${formatAmount(amount, currency)} ${currency} for ${delivery.code}, settled to ${settled.plan.coops.length} cooperative(s)${rate ? ` at ${rate} ${toCurrency}/${currency}` : ''}`,
    );
    const payment = tx
      .insert(salePayments)
      .values({
        deliveryId: delivery.id,
        receivedOn: input.receivedOn,
        currency,
        amountMinor: amount.toString(),
        exchangeRateId: rateId,
        entryId,
        recordedBy: ctx.principal.userId,
      })
      .returning({ id: salePayments.id })
      .get();
    writeSettlementLines(tx, payment.id, entryId, settled);
    postSaleRepayments(poster, payment.id, input.receivedOn, input.receivedOn, currency, settled.loans);
    return { type: 'SalePayment', id: payment.id };
  });
}

type Delivery = typeof saleDeliveries.$inferSelect;
type Contract = typeof salesContracts.$inferSelect;

/** A payment's settlement, computed: the plan and what it was computed from. */
interface Settled {
  delivery: Delivery;
  contract: Contract;
  currency: Currency;
  toCurrency: Currency;
  amount: bigint;
  rate: string | null;
  takes: { cooperativeId: number; farmerId: number; grams: number }[];
  plan: Settlement;
  loans: SaleRepayments;
}

/**
 * Computes the settlement of `amount` received for a delivery, given what the
 * delivery's earlier payments settled: every live payment when `before` is
 * null (a new payment), else the live payments recorded before payment
 * `before` (settling it again). Order is the order payments were recorded.
 */
function settle(
  tx: Tx,
  delivery: Delivery,
  contract: Contract,
  p: { amount: bigint; rate: string | null; rateId: number | null; date: string; before: number | null },
): Settled {
  const currency = delivery.currency as Currency;
  const toCurrency = farmerCurrency(tx);
  // Who sold what in the delivery: per cooperative (with its membership) and per farmer.
  const takes = tx
    .select({
      cooperativeId: saleTakes.cooperativeId,
      farmerId: lots.farmerId,
      grams: sql<number>`sum(${saleTakes.grams})`,
    })
    .from(saleTakes)
    .innerJoin(lots, eq(lots.id, saleTakes.lotId))
    .where(eq(saleTakes.deliveryId, delivery.id))
    .groupBy(saleTakes.cooperativeId, lots.farmerId)
    .orderBy(saleTakes.cooperativeId, lots.farmerId)
    .all();
  const coopIds = [...new Set(takes.map((t) => t.cooperativeId))];
  // Domestic deliveries carry each take's value (SKUs differ in price): cooperatives are paid pro rata to it.
  const values = new Map<number, bigint>();
  for (const r of tx.all<{ coop: number; v: string }>(
    sql`select cooperative_id as coop, value_minor as v from sale_takes where delivery_id = ${delivery.id} and value_minor is not null`,
  )) {
    values.set(r.coop, (values.get(r.coop) ?? 0n) + minorFromText(r.v));
  }
  const membership = new Map(
    tx
      .select({ id: cooperatives.id, m: cooperatives.membership })
      .from(cooperatives)
      .all()
      .map((c) => [c.id, c.m]),
  );
  const termsRows = tx
    .select()
    .from(settlementTerms)
    .where(and(eq(settlementTerms.campaignId, contract.campaignId), eq(settlementTerms.currency, currency)))
    .all();
  const ownRetention = new Map(
    tx
      .select({ coop: cooperativeRetention.cooperativeId, pct: cooperativeRetention.retentionPct })
      .from(cooperativeRetention)
      .where(eq(cooperativeRetention.campaignId, contract.campaignId))
      .all()
      .map((r) => [r.coop, r.pct]),
  );
  const termsFor = (coopId: number): SettlementTerms => {
    const t = termsRows.find((r) => r.membership === membership.get(coopId));
    if (!t)
      throw new ConflictError(
        'NO_SETTLEMENT_TERMS',
        `no ${membership.get(coopId)} settlement terms in ${currency} for the contract's campaign`,
      );
    return {
      processingFeePerKg: t.processingFeePerKg,
      commissionPct: t.commissionPct,
      retentionPct: ownRetention.get(coopId) ?? t.retentionPct,
    };
  };
  // What earlier payments of this delivery settled (and still count), per cooperative and kind.
  const earlier = tx.all<{ coop: number; kind: string; amount: string }>(sql`
    select sl.cooperative_id as coop, sl.kind as kind, sl.amount_minor as amount
    from live_settlement_lines sl join live_sale_payments p on p.id = sl.payment_id
    where p.delivery_id = ${delivery.id} and ${p.before === null ? sql`1` : sql`p.id < ${p.before}`}`);
  const settledBefore = (coop: number, kind: string) =>
    earlier.filter((r) => r.coop === coop && r.kind === kind).reduce((a, r) => a + minorFromText(r.amount), 0n);
  // The lenders' seam: each cooperative's campaign loans, paid from its share after the consortium's charges.
  const lenders = saleRepayments(tx, {
    campaignId: contract.campaignId,
    currency,
    date: p.date,
    rate: p.rate === null ? null : { base: currency, quote: toCurrency, rate: p.rate, id: p.rateId! },
  });
  const plan = settlePayment({
    currency,
    invoiceValue: minorFromText(delivery.valueMinor),
    invoicePremium: minorFromText(delivery.premiumMinor),
    amount: p.amount,
    farmerCurrency: toCurrency,
    exchangeRate: p.rate,
    coops: coopIds.map((id) => {
      const own = takes.filter((t) => t.cooperativeId === id);
      return {
        cooperativeId: id,
        grams: own.reduce((a, t) => a + t.grams, 0),
        ...(values.size > 0 ? { value: values.get(id) ?? 0n } : {}),
        terms: termsFor(id),
        feeAlreadyPaid: settledBefore(id, 'processing_fee'),
        shareAlreadyPaid: settledBefore(id, 'share'),
        commissionAlreadyPaid: settledBefore(id, 'commission'),
        farmers: own.map((t) => ({ farmerId: t.farmerId, grams: t.grams })),
      };
    }),
    repayLoans: lenders.repayLoans,
  });
  return {
    delivery,
    contract,
    currency,
    toCurrency,
    amount: p.amount,
    rate: p.rate,
    takes,
    plan,
    loans: lenders.result,
  };
}

/** One entry: cash in, receivable down; the clearing accounts emptied into every party's account. */
function postSettlement(poster: Poster, s: Settled, occurredOn: string, description: string): number {
  const { currency, toCurrency, plan, rate, delivery, amount } = s;
  const acc = (
    ownerType: LineSpec['account']['ownerType'],
    ownerId: number | null,
    purpose: LineSpec['account']['purpose'],
    cur: Currency = currency,
  ) => ({ ownerType, ownerId, purpose, currency: cur });
  const lines: LineSpec[] = [
    { account: acc('consortium', null, 'cash'), minor: amount, memo: `payment for ${delivery.code}` },
    { account: acc('buyer', s.contract.buyerId, 'receivable'), minor: -amount, memo: `payment for ${delivery.code}` },
  ];
  if (plan.coffee > 0n)
    lines.push({ account: acc('consortium', null, 'proceeds_to_settle'), minor: plan.coffee, memo: 'coffee settled' });
  if (plan.premium > 0n)
    lines.push({ account: acc('consortium', null, 'premium_to_settle'), minor: plan.premium, memo: 'premium settled' });
  for (const c of plan.coops) {
    if (c.premium > 0n)
      lines.push({
        account: acc('cooperative', c.cooperativeId, 'premium_fund'),
        minor: -c.premium,
        memo: 'Fairtrade premium',
      });
    if (c.processingFee > 0n)
      lines.push({
        account: acc('consortium', null, 'fee_income'),
        minor: -c.processingFee,
        memo: `processing fee, cooperative ${c.cooperativeId}`,
      });
    if (c.commission > 0n)
      lines.push({
        account: acc('consortium', null, 'commission_income'),
        minor: -c.commission,
        memo: `commission, cooperative ${c.cooperativeId}`,
      });
    // The consortium pays each lender directly from the proceeds, in the loan's currency (converted at the payment's rate).
    for (const l of s.loans.byCooperative.get(c.cooperativeId) ?? []) {
      if (l.paid === 0n) continue;
      if (l.loanCurrency === currency) {
        lines.push({
          account: acc('consortium', null, 'cash'),
          minor: -l.paid,
          memo: `paid to lender ${l.lenderId} for loan ${l.loanId}`,
        });
      } else {
        lines.push({
          account: acc('consortium', null, 'exchange'),
          minor: -l.paid,
          memo: `loan ${l.loanId}: to ${l.loanCurrency}`,
        });
        lines.push({
          account: acc('consortium', null, 'exchange', l.loanCurrency),
          minor: l.paidInLoanCurrency,
          memo: `loan ${l.loanId}: from ${currency}`,
        });
        lines.push({
          account: acc('consortium', null, 'cash', l.loanCurrency),
          minor: -l.paidInLoanCurrency,
          memo: `paid to lender ${l.lenderId} for loan ${l.loanId}`,
        });
      }
    }
    if (c.retention > 0n)
      lines.push({
        account: acc('cooperative', c.cooperativeId, 'retention_fund'),
        minor: -c.retention,
        memo: 'retention',
      });
    if (c.farmersTotal > 0n) {
      if (currency === toCurrency) {
        for (const f of c.farmers)
          if (f.amount > 0n)
            lines.push({
              account: acc('farmer', f.farmerId, 'farmer_balance'),
              minor: -f.amount,
              memo: `share of ${delivery.code}`,
            });
      } else {
        lines.push({
          account: acc('consortium', null, 'exchange'),
          minor: -c.farmersTotal,
          memo: `to ${toCurrency} at ${rate}`,
        });
        lines.push({
          account: acc('consortium', null, 'exchange', toCurrency),
          minor: c.farmersTotalConverted,
          memo: `from ${currency} at ${rate}`,
        });
        for (const f of c.farmers)
          if (f.amount > 0n)
            lines.push({
              account: acc('farmer', f.farmerId, 'farmer_balance', toCurrency),
              minor: -f.amount,
              memo: `share of ${delivery.code}`,
            });
      }
    }
  }
  return postEntry(poster, {
    kind: 'sale_settlement',
    occurredOn,
    description,
    source: { type: 'sale_delivery', id: delivery.id },
    lines: lines.filter((l) => l.minor !== 0n),
  });
}

/** The settlement's lines, as `settlementDetail` shows them and the CSV exports them. */
function settlementRows(paymentId: number, entryId: number, s: Settled): (typeof settlementLines.$inferInsert)[] {
  const { plan, takes, currency, toCurrency } = s;
  const gramsOf = (coopId: number) => takes.filter((t) => t.cooperativeId === coopId).reduce((a, t) => a + t.grams, 0);
  const rows: (typeof settlementLines.$inferInsert)[] = [];
  for (const c of plan.coops) {
    const base = { paymentId, entryId, cooperativeId: c.cooperativeId, currency };
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
      rows.push({
        ...base,
        currency: toCurrency,
        farmerId: f.farmerId,
        kind: 'farmer',
        amountMinor: f.amount.toString(),
        grams: fg,
      });
    }
  }
  return rows;
}

function writeSettlementLines(tx: Tx, paymentId: number, entryId: number, s: Settled): void {
  const rows = settlementRows(paymentId, entryId, s);
  for (let i = 0; i < rows.length; i += 400)
    tx.insert(settlementLines)
      .values(rows.slice(i, i + 400))
      .run();
}

/** The entry whose lines are a payment's settlement now (its latest, not reversed), and its date. */
function currentSettlementEntry(
  tx: Tx,
  paymentId: number,
): {
  entryId: number;
  occurredOn: string;
  lines: { cooperativeId: number; farmerId: number | null; kind: string; currency: string; amount: string }[];
} {
  const lines = tx.all<{
    entryId: number;
    occurredOn: string;
    cooperativeId: number;
    farmerId: number | null;
    kind: string;
    currency: string;
    amount: string;
  }>(sql`
    select sl.entry_id as entryId, e.occurred_on as occurredOn, sl.cooperative_id as cooperativeId, sl.farmer_id as farmerId, sl.kind as kind,
      sl.currency as currency, sl.amount_minor as amount
    from live_settlement_lines sl join journal_entries e on e.id = sl.entry_id where sl.payment_id = ${paymentId} order by sl.id`);
  if (lines.length === 0) throw new Error(`payment ${paymentId} has no live settlement`);
  return { entryId: lines[0]!.entryId, occurredOn: lines[0]!.occurredOn, lines };
}

const latest = (...dates: string[]) => dates.reduce((a, b) => (b > a ? b : a));

const lineKey = (l: {
  cooperativeId: number;
  farmerId: number | null;
  kind: string;
  currency: string;
  amount: string;
}) => `${l.cooperativeId}|${l.farmerId ?? '-'}|${l.kind}|${l.currency}|${l.amount}`;

export interface ReverseSalePaymentInput {
  idempotencyKey: string;
  paymentId: string;
  reason: string;
  /** Defaults to today (consortium time zone). */
  reversedOn?: string | null;
}

/**
 * Takes back a payment (admins): reverses its settlement entry, and settles
 * the delivery's later payments again without it — each whose figures change
 * (a processing fee or commission the reversed payment had taken is now due
 * from them) gets its entry reversed and a new one posted, all in one
 * transaction and dated `reversedOn` (or the later payment's date, if later).
 * The buyer owes the amount again. A reversal is final: reversing twice is
 * refused (ALREADY_REVERSED).
 */
export function reverseSalePayment(ctx: ServiceContext, input: ReverseSalePaymentInput): MutationOutcome<PaymentRef> {
  if (ctx.principal.role !== 'admin') throw new ForbiddenError('only an admin reverses payments');
  const { idempotencyKey, ...payload } = input;
  const paymentId = decodeId(input.paymentId, 'SalePayment', ['input', 'paymentId']);
  const issues = new IssueList();
  const reason = input.reason.trim();
  if (reason.length < 3 || reason.length > 500 || hasControlCharacters(reason))
    issues.add(['input', 'reason'], 'INVALID_REASON', 'must be 3 to 500 printable characters');
  if (input.reversedOn != null && !isCalendarDate(input.reversedOn))
    issues.add(['input', 'reversedOn'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  issues.throwIfAny();
  const now = ctx.clock.now();
  return runMutation(ctx, 'reverseSalePayment', idempotencyKey, payload, (tx) => {
    const payment = tx.select().from(salePayments).where(eq(salePayments.id, paymentId)).get();
    if (!payment) throw new NotFoundError(['input', 'paymentId'], input.paymentId, 'sale payment');
    const done = tx
      .select({ on: salePaymentReversals.reversedOn })
      .from(salePaymentReversals)
      .where(eq(salePaymentReversals.paymentId, paymentId))
      .get();
    if (done)
      throw new ConflictError('ALREADY_REVERSED', `payment ${input.paymentId} was already reversed on ${done.on}`);
    const today = localDateOf(now, settings(tx).timeZone);
    const on = input.reversedOn ?? today;
    if (on > today)
      throw InvalidInputError.single(['input', 'reversedOn'], 'IN_FUTURE', `must not be after today (${today})`);
    if (on < payment.receivedOn)
      throw InvalidInputError.single(
        ['input', 'reversedOn'],
        'BEFORE_ORIGINAL',
        `the payment was received on ${payment.receivedOn}`,
      );
    const poster = { tx, userId: ctx.principal.userId, now };
    const delivery = tx.select().from(saleDeliveries).where(eq(saleDeliveries.id, payment.deliveryId)).get()!;
    const contract = tx.select().from(salesContracts).where(eq(salesContracts.id, delivery.contractId)).get()!;
    const own = currentSettlementEntry(tx, paymentId);
    if (on < own.occurredOn) {
      throw InvalidInputError.single(
        ['input', 'reversedOn'],
        'BEFORE_ORIGINAL',
        `the payment's settlement was last posted on ${own.occurredOn}; reverse it on or after that day`,
      );
    }
    const reversal = reverseEntry(poster, own.entryId, `payment reversed: ${reason}`, on);
    reverseSaleRepayments(poster, paymentId, on, `payment ${paymentId} reversed: ${reason}`);
    tx.insert(salePaymentReversals)
      .values({ paymentId, reversedOn: on, reason, entryId: reversal, recordedBy: ctx.principal.userId })
      .run();
    // The delivery's later payments, settled again in the order they were recorded.
    const later = tx.all<{
      id: number;
      receivedOn: string;
      amount: string;
      rate: string | null;
      rateId: number | null;
    }>(sql`
      select p.id as id, p.received_on as receivedOn, p.amount_minor as amount, x.rate as rate, x.id as rateId
      from live_sale_payments p join sale_payments sp on sp.id = p.id left join exchange_rates x on x.id = sp.exchange_rate_id
      where p.delivery_id = ${delivery.id} and p.id > ${paymentId} order by p.id`);
    for (const p of later) {
      const current = currentSettlementEntry(tx, p.id);
      // Its loan repayments depend on the loans' state, which the reversal changed: take them back before settling again.
      const repaidLoans =
        tx.get<{ n: number }>(sql`select count(*) as n from live_loan_events where payment_id = ${p.id}`).n > 0;
      const at = latest(on, p.receivedOn, current.occurredOn); // never before the entry it replaces
      if (repaidLoans)
        reverseSaleRepayments(poster, p.id, at, `payment ${paymentId} reversed: payment ${p.id} settled again`);
      const settled = settle(tx, delivery, contract, {
        amount: minorFromText(p.amount),
        rate: p.rate,
        rateId: p.rateId,
        date: p.receivedOn,
        before: p.id,
      });
      const fresh = settlementRows(p.id, 0, settled).map((r) =>
        lineKey({
          cooperativeId: r.cooperativeId,
          farmerId: r.farmerId ?? null,
          kind: r.kind,
          currency: r.currency,
          amount: r.amountMinor,
        }),
      );
      if (!repaidLoans && fresh.join('\n') === current.lines.map(lineKey).join('\n')) continue; // nothing it settled depended on the reversed payment
      reverseEntry(poster, current.entryId, `payment ${paymentId} reversed: payment ${p.id} settled again`, at);
      const entryId = postSettlement(
        poster,
        settled,
        at,
        `Payment of ${formatAmount(settled.amount, settled.currency)} ${settled.currency} for ${delivery.code} settled again after payment ${paymentId} was reversed`,
      );
      writeSettlementLines(tx, p.id, entryId, settled);
      postSaleRepayments(poster, p.id, p.receivedOn, at, settled.currency, settled.loans);
    }
    return { type: 'SalePayment', id: paymentId };
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
export function setSettlementTerms(
  ctx: ServiceContext,
  input: SetSettlementTermsInput,
): MutationOutcome<{ type: 'SettlementTerms'; id: number }> {
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
    if (
      !tx.select({ id: harvestCampaigns.id }).from(harvestCampaigns).where(eq(harvestCampaigns.id, campaignId)).get()
    ) {
      throw new NotFoundError(['input', 'campaignId'], input.campaignId, 'harvest campaign');
    }
    const exists = tx
      .select({ id: settlementTerms.id })
      .from(settlementTerms)
      .where(
        and(
          eq(settlementTerms.campaignId, campaignId),
          eq(settlementTerms.membership, input.membership),
          eq(settlementTerms.currency, input.currency),
        ),
      )
      .get();
    if (exists)
      throw new ConflictError(
        'TERMS_SET',
        `${input.membership} terms in ${input.currency} are already set for this campaign`,
      );
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

export interface SetCooperativeRetentionInput {
  idempotencyKey: string;
  campaignId: string;
  cooperativeId: string;
  retentionPercent: string;
}

/**
 * A cooperative's own retention % for a campaign (its assembly's decision),
 * overriding its membership's retention in the settlement terms. Set by an
 * admin or the cooperative's manager, once, before its first payment is
 * settled: settlements already made used the membership's figure.
 */
export function setCooperativeRetention(
  ctx: ServiceContext,
  input: SetCooperativeRetentionInput,
): MutationOutcome<{ type: 'CooperativeRetention'; id: number }> {
  const { role } = ctx.principal;
  if (role !== 'admin' && role !== 'cooperative_manager')
    throw new ForbiddenError('only an admin or the cooperative\u2019s manager sets its retention');
  const { idempotencyKey, ...payload } = input;
  const campaignId = decodeId(input.campaignId, 'HarvestCampaign', ['input', 'campaignId']);
  const cooperativeId = decodeId(input.cooperativeId, 'Cooperative', ['input', 'cooperativeId']);
  if (role === 'cooperative_manager' && ctx.principal.cooperativeId !== cooperativeId) {
    throw new ForbiddenError('a manager sets the retention of their own cooperative only');
  }
  const why = decimalSyntaxError(input.retentionPercent);
  if (why) throw InvalidInputError.single(['input', 'retentionPercent'], 'INVALID_DECIMAL', why);
  if (scaleOf(input.retentionPercent) > 4)
    throw InvalidInputError.single(['input', 'retentionPercent'], 'INVALID_DECIMAL', 'at most 4 decimals');
  const pct = new Dec(input.retentionPercent);
  if (pct.lt('0') || pct.gt('100'))
    throw InvalidInputError.single(['input', 'retentionPercent'], 'OUT_OF_RANGE', 'must be 0 to 100');
  return runMutation(ctx, 'setCooperativeRetention', idempotencyKey, payload, (tx) => {
    if (
      !tx.select({ id: harvestCampaigns.id }).from(harvestCampaigns).where(eq(harvestCampaigns.id, campaignId)).get()
    ) {
      throw new NotFoundError(['input', 'campaignId'], input.campaignId, 'harvest campaign');
    }
    if (!tx.select({ id: cooperatives.id }).from(cooperatives).where(eq(cooperatives.id, cooperativeId)).get()) {
      throw new NotFoundError(['input', 'cooperativeId'], input.cooperativeId, 'cooperative');
    }
    const exists = tx
      .select({ pct: cooperativeRetention.retentionPct })
      .from(cooperativeRetention)
      .where(
        and(eq(cooperativeRetention.campaignId, campaignId), eq(cooperativeRetention.cooperativeId, cooperativeId)),
      )
      .get();
    if (exists)
      throw new ConflictError(
        'RETENTION_SET',
        `the cooperative's retention for this campaign is already set (${exists.pct} %)`,
      );
    const settled = tx.get<{ n: number }>(sql`
      select count(*) as n from live_settlement_lines sl join sale_payments p on p.id = sl.payment_id
      join sale_deliveries d on d.id = p.delivery_id join sales_contracts c on c.id = d.contract_id
      where sl.cooperative_id = ${cooperativeId} and c.campaign_id = ${campaignId} and sl.kind = 'retention'`);
    if (settled.n > 0) {
      throw new ConflictError(
        'ALREADY_SETTLED',
        'payments for this cooperative\u2019s coffee were already settled with the membership\u2019s retention; set it before the first payment',
      );
    }
    const row = tx
      .insert(cooperativeRetention)
      .values({ campaignId, cooperativeId, retentionPct: input.retentionPercent, setBy: ctx.principal.userId })
      .returning({ id: cooperativeRetention.id })
      .get();
    return { type: 'CooperativeRetention', id: row.id };
  });
}

export interface RecordExchangeRateInput {
  idempotencyKey: string;
  base: string;
  quote: string;
  rate: string;
  ratedOn: string;
  source: string;
}

/**
 * Records a rate on a date with its source (admins): what a settlement uses
 * when a cooperative's loan is in another currency than the payment and no
 * rate came with the payment (a PEN sale repaying a USD loan).
 */
export function recordExchangeRate(
  ctx: ServiceContext,
  input: RecordExchangeRateInput,
): MutationOutcome<{ type: 'ExchangeRate'; id: number }> {
  if (ctx.principal.role !== 'admin') throw new ForbiddenError('only an admin records exchange rates');
  const { idempotencyKey, ...payload } = input;
  const issues = new IssueList();
  if (!isCurrency(input.base)) issues.add(['input', 'base'], 'UNKNOWN_CURRENCY', 'must be PEN or USD');
  if (!isCurrency(input.quote)) issues.add(['input', 'quote'], 'UNKNOWN_CURRENCY', 'must be PEN or USD');
  if (input.base === input.quote)
    issues.add(['input', 'quote'], 'SAME_CURRENCY', 'a rate converts between two currencies');
  const why = decimalSyntaxError(input.rate);
  if (why) issues.add(['input', 'rate'], 'INVALID_RATE', why);
  else if (scaleOf(input.rate) > 6 || !new Dec(input.rate).gt('0'))
    issues.add(['input', 'rate'], 'INVALID_RATE', 'must be more than 0, at most 6 decimals');
  if (!isCalendarDate(input.ratedOn))
    issues.add(['input', 'ratedOn'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  const source = input.source.trim();
  if (source.length < 2 || source.length > 120 || hasControlCharacters(source))
    issues.add(['input', 'source'], 'INVALID_TEXT', 'name the source of the rate (2 to 120 characters)');
  issues.throwIfAny();
  return runMutation(ctx, 'recordExchangeRate', idempotencyKey, payload, (tx) => {
    const today = localDateOf(ctx.clock.now(), settings(tx).timeZone);
    if (input.ratedOn > today)
      throw InvalidInputError.single(['input', 'ratedOn'], 'IN_FUTURE', `must not be after today (${today})`);
    const row = tx
      .insert(exchangeRates)
      .values({
        base: input.base,
        quote: input.quote,
        rate: input.rate,
        ratedOn: input.ratedOn,
        source,
        recordedBy: ctx.principal.userId,
      })
      .returning({ id: exchangeRates.id })
      .get();
    return { type: 'ExchangeRate', id: row.id };
  });
}
