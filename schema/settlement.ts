/**
 * Payments received and their settlement in GraphQL: `recordSalePayment`,
 * `SalePayment` with its settlement detail per cooperative and farmer.
 * Thin: the waterfall is server/domain/settlement.ts, the writes
 * server/services/settlement.ts.
 */
import { sql } from 'drizzle-orm';
import { type Currency, minorFromText } from '../server/domain/money.js';
import type { MutationOutcome } from '../server/services/mutation.js';
import {
  type PaymentRef,
  recordSalePayment,
  reverseSalePayment,
  setCooperativeRetention,
  setSettlementTerms,
} from '../server/services/settlement.js';
import type { salePaymentReversals } from '../db/schema.js';
import { type Context, builder } from './builder.js';
import { WeightRef } from './common.js';
import { Cooperative, Farmer } from './cooperative.js';
import { MUTATION_ERRORS } from './errors.js';
import { principalOf } from './helpers.js';
import { CurrencyEnum, JournalEntry, MoneyRef } from './ledger.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './lot-mutations.js';
import { managerHolds } from './plant.js';
import { SaleDelivery } from './sales.js';

interface LineRow {
  cooperativeId: number;
  farmerId: number | null;
  kind: string;
  currency: Currency;
  amount: bigint;
  grams: number | null;
}

interface CoopDetail {
  paymentId: number;
  cooperativeId: number;
  lines: LineRow[];
}

const money = (l: LineRow | undefined, currency: Currency) => ({
  currency: l?.currency ?? currency,
  minor: l?.amount ?? 0n,
});

const FarmerCreditRef = builder.objectRef<LineRow>('FarmerSettlementCredit').implement({
  description:
    'A farmer\u2019s credit from a payment: their share, pro rata to the grams of their lots in the delivery.',
  fields: (t) => ({
    farmer: t.loadable({
      type: Farmer,
      load: (ids: number[], ctx) =>
        ctx.db.query.farmers
          .findMany({ where: { id: { in: ids } } })
          .then((rows) => ids.map((id) => rows.find((r) => r.id === id)!)),
      resolve: (l) => l.farmerId!,
    }),
    weight: t.field({ type: WeightRef, resolve: (l) => l.grams ?? 0 }),
    amount: t.field({ type: MoneyRef, resolve: (l) => ({ currency: l.currency, minor: l.amount }) }),
  }),
});

export const CoopSettlementRef = builder.objectRef<CoopDetail>('CooperativeSettlement').implement({
  description:
    'One cooperative\u2019s part of a payment, in waterfall order: its share of the coffee and premium, the consortium\u2019s fee and commission, loans repaid, its retention, and what its farmers were credited.',
  fields: (t) => {
    const kind = (k: string) => (d: CoopDetail) => d.lines.find((l) => l.kind === k);
    const cur = (d: CoopDetail) => d.lines[0]!.currency;
    return {
      cooperative: t.loadable({
        type: Cooperative,
        load: (ids: number[], ctx) =>
          ctx.db.query.cooperatives
            .findMany({ where: { id: { in: ids } } })
            .then((rows) => ids.map((id) => rows.find((r) => r.id === id)!)),
        resolve: (d) => d.cooperativeId,
      }),
      weight: t.field({
        type: WeightRef,
        description: 'Its coffee in the delivery.',
        resolve: (d) => kind('share')(d)?.grams ?? 0,
      }),
      share: t.field({
        type: MoneyRef,
        description: 'Its part of the coffee payment, pro rata to its coffee\u2019s value.',
        resolve: (d) => money(kind('share')(d), cur(d)),
      }),
      premium: t.field({
        type: MoneyRef,
        description: 'Fairtrade premium, to its premium fund.',
        resolve: (d) => money(kind('premium')(d), cur(d)),
      }),
      processingFee: t.field({ type: MoneyRef, resolve: (d) => money(kind('processing_fee')(d), cur(d)) }),
      commission: t.field({ type: MoneyRef, resolve: (d) => money(kind('commission')(d), cur(d)) }),
      loanRepayments: t.field({
        type: [MoneyRef],
        description: 'Campaign loans repaid from this share (the campaign-loans issue fills this in).',
        resolve: (d) =>
          d.lines.filter((l) => l.kind === 'loan_repayment').map((l) => ({ currency: l.currency, minor: l.amount })),
      }),
      retention: t.field({
        type: MoneyRef,
        description: 'To the cooperative\u2019s own fund.',
        resolve: (d) => money(kind('retention')(d), cur(d)),
      }),
      toFarmers: t.field({
        type: MoneyRef,
        description: 'What is left for the farmers, before conversion.',
        resolve: (d) => money(kind('farmers')(d), cur(d)),
      }),
      farmers: t.field({
        type: [FarmerCreditRef],
        description: 'Each farmer\u2019s credit, in the farmers\u2019 currency, largest first.',
        resolve: (d) =>
          d.lines
            .filter((l) => l.kind === 'farmer')
            .sort((a, b) => (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : 0)),
      }),
    };
  },
});

export const ExchangeRateRef = builder
  .objectRef<{ base: string; quote: string; rate: string; ratedOn: string; source: string }>('ExchangeRate')
  .implement({
    description: 'A rate recorded when money changed currency: `rate` units of `quote` per 1 `base`.',
    fields: (t) => ({
      base: t.field({ type: CurrencyEnum, resolve: (r) => r.base as Currency }),
      quote: t.field({ type: CurrencyEnum, resolve: (r) => r.quote as Currency }),
      rate: t.field({ type: 'Decimal', resolve: (r) => r.rate }),
      ratedOn: t.field({ type: 'Date', resolve: (r) => r.ratedOn }),
      source: t.string({ resolve: (r) => r.source }),
    }),
  });

function canSeePayment(ctx: Context): boolean {
  const r = ctx.principal?.role;
  return r === 'admin' || r === 'auditor' || r === 'cooperative_manager';
}

const SalePaymentReversalRef = builder
  .objectRef<typeof salePaymentReversals.$inferSelect>('SalePaymentReversal')
  .implement({
    description:
      'A payment taken back: its settlement was reversed and the delivery\u2019s later payments settled again without it.',
    fields: (t) => ({
      reversedOn: t.field({ type: 'Date', resolve: (r) => r.reversedOn }),
      reason: t.exposeString('reason'),
      entry: t.field({
        type: JournalEntry,
        nullable: true,
        description: 'The reversal entry (admins and auditors).',
        resolve: (r, _a, ctx) => {
          const role = principalOf(ctx).role;
          if (role !== 'admin' && role !== 'auditor') return null;
          return ctx.db.query.journalEntries.findFirst({ where: { id: r.entryId } }).then((e) => e ?? null);
        },
      }),
    }),
  });

export const SalePayment = builder.drizzleNode('salePayments', {
  name: 'SalePayment',
  description: 'A payment received from a buyer for a delivery, settled in the same transaction.',
  id: { column: (p) => p.id },
  authScopes: (p, ctx) => {
    if (!canSeePayment(ctx)) return false;
    if (ctx.principal!.role !== 'cooperative_manager') return true;
    return managerHolds(ctx, 'payment', p.id);
  },
  fields: (t) => ({
    delivery: t.relation('delivery'),
    receivedOn: t.field({ type: 'Date', resolve: (p) => p.receivedOn }),
    amount: t.field({
      type: MoneyRef,
      resolve: (p) => ({ currency: p.currency as Currency, minor: minorFromText(p.amountMinor) }),
    }),
    exchangeRate: t.field({
      type: ExchangeRateRef,
      nullable: true,
      resolve: (p, _a, ctx) =>
        p.exchangeRateId == null
          ? null
          : ctx.db.query.exchangeRates.findFirst({ where: { id: p.exchangeRateId } }).then((r) => r ?? null),
    }),
    entry: t.field({
      type: JournalEntry,
      nullable: true,
      description:
        'The ledger entry that settles it now: the first, or the latest after an earlier payment\u2019s reversal settled it again (admins and auditors).',
      resolve: (p, _a, ctx) => {
        const role = principalOf(ctx).role;
        if (role !== 'admin' && role !== 'auditor') return null;
        const latest = ctx.db.get<{ id: number | null }>(
          sql`select max(entry_id) as id from settlement_lines where payment_id = ${p.id}`,
        );
        return ctx.db.query.journalEntries.findFirst({ where: { id: latest?.id ?? p.entryId } }).then((e) => e ?? null);
      },
    }),
    reversal: t.field({
      type: SalePaymentReversalRef,
      nullable: true,
      description: 'Set when the payment was taken back; it then counts for nothing.',
      resolve: (p, _a, ctx) =>
        ctx.db.query.salePaymentReversals.findFirst({ where: { paymentId: p.id } }).then((r) => r ?? null),
    }),
    settlement: t.field({
      type: [CoopSettlementRef],
      description:
        'Per cooperative, the waterfall of this payment as it stands (after any re-settlement; for a reversed payment, as it stood when reversed). A manager sees their own cooperative.',
      resolve: (p, _a, ctx) => {
        const who = principalOf(ctx);
        const rows = ctx.db.all<{
          cooperativeId: number;
          farmerId: number | null;
          kind: string;
          currency: Currency;
          amount: string;
          grams: number | null;
        }>(sql`
          select cooperative_id as cooperativeId, farmer_id as farmerId, kind, currency, amount_minor as amount, grams
          from settlement_lines where payment_id = ${p.id}
            and entry_id = (select max(entry_id) from settlement_lines where payment_id = ${p.id})
          order by cooperative_id, id`);
        const byCoop = new Map<number, CoopDetail>();
        for (const r of rows) {
          if (who.role === 'cooperative_manager' && r.cooperativeId !== who.cooperativeId) continue;
          const d = byCoop.get(r.cooperativeId) ?? { paymentId: p.id, cooperativeId: r.cooperativeId, lines: [] };
          d.lines.push({ ...r, amount: minorFromText(r.amount) });
          byCoop.set(r.cooperativeId, d);
        }
        return [...byCoop.values()];
      },
    }),
  }),
});

builder.drizzleObjectFields(SaleDelivery, (t) => ({
  payments: t.relation('payments', { query: { orderBy: { receivedOn: 'asc', id: 'asc' } } }),
  owed: t.field({
    type: MoneyRef,
    description: 'What the buyer still owes: value + premium − payments not reversed.',
    resolve: (d, _a, ctx) => {
      const paid = ctx.db
        .all<{ a: string }>(sql`select amount_minor as a from live_sale_payments where delivery_id = ${d.id}`)
        .reduce((acc, r) => acc + minorFromText(r.a), 0n);
      return {
        currency: d.currency as Currency,
        minor: minorFromText(d.valueMinor) + minorFromText(d.premiumMinor) - paid,
      };
    },
  }),
}));

const ExchangeRateInput = builder.inputType('ExchangeRateInput', {
  fields: (t) => ({
    rate: t.field({
      type: 'Decimal',
      required: true,
      description: 'Units of the farmers\u2019 currency (PEN) per 1 unit of the payment\u2019s, at most 6 decimals.',
    }),
    source: t.string({
      required: true,
      description: 'Where the rate comes from, e.g. "SBS compra 2019-12-02" or the bank\u2019s operation number.',
    }),
  }),
});

const RecordSalePaymentInput = builder.inputType('RecordSalePaymentInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    deliveryId: t.id({ required: true }),
    receivedOn: t.field({ type: 'Date', required: true }),
    amount: t.field({
      type: 'Decimal',
      required: true,
      description: 'In the contract\u2019s currency; at most what is still owed.',
    }),
    currency: t.field({ type: CurrencyEnum, required: true }),
    exchangeRate: t.field({
      type: ExchangeRateInput,
      description: 'Required when the farmers\u2019 currency differs.',
    }),
  }),
});

const RecordSalePaymentPayload = builder.objectRef<MutationOutcome<PaymentRef>>('RecordSalePaymentPayload').implement({
  fields: (t) => ({
    payment: t.field({
      type: SalePayment,
      resolve: (o, _a, ctx) => ctx.db.query.salePayments.findFirst({ where: { id: o.result.id } }).then((p) => p!),
    }),
    replayed: t.boolean({ resolve: (o) => o.replayed }),
  }),
});

builder.mutationFields((t) => ({
  recordSalePayment: t.withAuth({ authenticated: true }).field({
    type: RecordSalePaymentPayload,
    description:
      'Receives a payment for a delivery and settles it in the same transaction: pro rata to the cooperatives, the consortium\u2019s fee and commission, loans, retention, premium funds, and the farmers net of their advances (admins).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordSalePaymentInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordSalePayment(ctx, input),
  }),
}));

const MembershipTermsEnum = builder.enumType('SettlementMembership', {
  values: { SHAREHOLDER: { value: 'shareholder' }, AFFILIATED: { value: 'affiliated' } } as const,
});

const SetSettlementTermsInput = builder.inputType('SetSettlementTermsInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    campaignId: t.id({ required: true }),
    membership: t.field({ type: MembershipTermsEnum, required: true }),
    currency: t.field({ type: CurrencyEnum, required: true }),
    processingFeePerKg: t.field({
      type: 'Decimal',
      required: true,
      description: 'Per kg of green sold, in `currency`.',
    }),
    commissionPercent: t.field({
      type: 'Decimal',
      required: true,
      description: 'Marketing commission, % of the cooperative\u2019s share.',
    }),
    retentionPercent: t.field({
      type: 'Decimal',
      required: true,
      description: 'To the cooperative\u2019s own fund, % of what is left after charges and loans.',
    }),
  }),
});

const SetSettlementTermsPayload = builder
  .objectRef<MutationOutcome<{ type: string; id: number }>>('SetSettlementTermsPayload')
  .implement({
    fields: (t) => ({
      replayed: t.boolean({ resolve: (o) => o.replayed }),
    }),
  });

builder.mutationFields((t) => ({
  setSettlementTerms: t.withAuth({ authenticated: true }).field({
    type: SetSettlementTermsPayload,
    description:
      'Sets a campaign\u2019s processing fee, commission and retention for shareholder or affiliated cooperatives (admins; once).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: SetSettlementTermsInput, required: true }) },
    resolve: (_r, { input }, ctx) => setSettlementTerms(ctx, input),
  }),
}));

const ReverseSalePaymentInput = builder.inputType('ReverseSalePaymentInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    paymentId: t.id({ required: true }),
    reason: t.string({
      required: true,
      description: 'Why, for the auditors (3 to 500 characters), e.g. "transfer returned by the bank".',
    }),
    reversedOn: t.field({ type: 'Date', description: 'Defaults to today; not before the payment, not in the future.' }),
  }),
});

builder.mutationFields((t) => ({
  reverseSalePayment: t.withAuth({ authenticated: true }).field({
    type: RecordSalePaymentPayload,
    description:
      'Takes back a payment (admins): reverses its settlement and settles the delivery\u2019s later payments again without it, in one transaction. The buyer owes the amount again. Reversing twice is refused.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: ReverseSalePaymentInput, required: true }) },
    resolve: (_r, { input }, ctx) => reverseSalePayment(ctx, input),
  }),
}));

const SetCooperativeRetentionInput = builder.inputType('SetCooperativeRetentionInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    campaignId: t.id({ required: true }),
    cooperativeId: t.id({ required: true }),
    retentionPercent: t.field({
      type: 'Decimal',
      required: true,
      description:
        '0 to 100, at most 4 decimals: % of what is left after charges and loans, to the cooperative\u2019s own fund.',
    }),
  }),
});

builder.mutationFields((t) => ({
  setCooperativeRetention: t.withAuth({ authenticated: true }).field({
    type: SetSettlementTermsPayload,
    description:
      'Sets one cooperative\u2019s retention % for a campaign, overriding its membership\u2019s (admins, or the cooperative\u2019s manager; once, before its first settlement).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: SetCooperativeRetentionInput, required: true }) },
    resolve: (_r, { input }, ctx) => setCooperativeRetention(ctx, input),
  }),
}));
