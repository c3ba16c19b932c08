/**
 * A cooperative's statement and a campaign's money summary: what was sold,
 * received, charged, and passed on to cooperatives, funds and farmers.
 * Thin over server/queries/settlement-summary.ts and farmer-settlements.ts.
 */
import { ForbiddenError } from '../server/domain/errors.js';
import type { Currency } from '../server/domain/money.js';
import { farmerSettlementList } from '../server/queries/farmer-settlements.js';
import type { NettingRule } from '../server/domain/farmer-balance.js';
import {
  type InvoiceTotals,
  advanceTotals,
  invoiceTotals,
  settlementTotals,
} from '../server/queries/settlement-summary.js';
import { decodeId } from '../server/lib/global-id.js';
import { type Context, builder } from './builder.js';
import { WeightRef } from './common.js';
import { Cooperative } from './cooperative.js';
import { asOfArg, principalOf } from './helpers.js';
import { CurrencyEnum, MoneyRef, NettingRuleEnum } from './ledger.js';
import { HarvestCampaign } from './organizations.js';

interface Breakdown {
  currency: Currency;
  t: Map<string, bigint>;
}

const m = (b: Breakdown, kind: string) => ({ currency: b.currency, minor: b.t.get(kind) ?? 0n });

const BreakdownRef = builder.objectRef<Breakdown>('SettlementBreakdown').implement({
  description:
    'Settled payments summed by waterfall step, in one currency (the farmers\u2019 credit is before conversion).',
  fields: (t) => ({
    currency: t.field({ type: CurrencyEnum, resolve: (b) => b.currency }),
    coffee: t.field({
      type: MoneyRef,
      description: 'The cooperatives\u2019 shares of the coffee.',
      resolve: (b) => m(b, 'share'),
    }),
    premium: t.field({
      type: MoneyRef,
      description: 'Fairtrade premium, to premium funds.',
      resolve: (b) => m(b, 'premium'),
    }),
    processingFees: t.field({ type: MoneyRef, resolve: (b) => m(b, 'processing_fee') }),
    commissions: t.field({ type: MoneyRef, resolve: (b) => m(b, 'commission') }),
    loanRepayments: t.field({
      type: MoneyRef,
      description: 'Paid to lenders (the campaign-loans issue).',
      resolve: (b) => m(b, 'loan_repayment'),
    }),
    retention: t.field({
      type: MoneyRef,
      description: 'To the cooperatives\u2019 own funds.',
      resolve: (b) => m(b, 'retention'),
    }),
    toFarmers: t.field({
      type: MoneyRef,
      description: 'Left for the farmers, before conversion.',
      resolve: (b) => m(b, 'farmers'),
    }),
  }),
});

interface Summary {
  asOf: string;
  gramsSold: number;
  payments: number;
  breakdowns: Breakdown[];
  farmersCredited: Breakdown[];
  advances: Map<Currency, bigint>;
  invoices: InvoiceTotals[] | null;
  farmerTotals: {
    toPay: bigint;
    carriedDebt: bigint;
    opening: bigint;
    payouts: bigint;
    balance: bigint;
    currency: Currency;
    rule: NettingRule;
  } | null;
}

function summary(ctx: Context, campaignId: number, asOf: string, cooperativeId: number | null): Summary {
  const totals = settlementTotals(ctx.db, campaignId, asOf, cooperativeId);
  const all = [...totals.byKind.entries()].map(([currency, t]) => ({ currency, t }));
  let farmerTotals: Summary['farmerTotals'] = null;
  if (cooperativeId !== null) {
    // The settlement list's figures, summed: the same rows as the CSV (one source, farmerBalances).
    const list = farmerSettlementList(ctx.db, cooperativeId, campaignId, asOf);
    const total = (f: (r: (typeof list.rows)[number]) => bigint) => list.rows.reduce((a, r) => a + f(r), 0n);
    farmerTotals = {
      currency: list.currency,
      rule: list.rule,
      toPay: total((r) => r.toPay),
      carriedDebt: total((r) => r.carriedDebt),
      opening: total((r) => r.opening),
      payouts: total((r) => r.payouts),
      balance: total((r) => r.balance),
    };
  }
  return {
    asOf,
    gramsSold: totals.gramsSold,
    payments: totals.payments,
    breakdowns: all.filter((b) => b.t.has('share')),
    farmersCredited: all.filter((b) => b.t.has('farmer')),
    advances: advanceTotals(ctx.db, campaignId, asOf, cooperativeId),
    invoices: cooperativeId === null ? invoiceTotals(ctx.db, campaignId, asOf) : null,
    farmerTotals,
  };
}

const moneyList = (map: Map<Currency, bigint>) => [...map.entries()].map(([currency, minor]) => ({ currency, minor }));

const InvoiceTotalsRef = builder.objectRef<InvoiceTotals>('InvoiceTotals').implement({
  fields: (t) => ({
    currency: t.field({ type: CurrencyEnum, resolve: (i) => i.currency }),
    invoiced: t.field({ type: MoneyRef, resolve: (i) => ({ currency: i.currency, minor: i.invoiced }) }),
    received: t.field({ type: MoneyRef, resolve: (i) => ({ currency: i.currency, minor: i.received }) }),
    outstanding: t.field({
      type: MoneyRef,
      resolve: (i) => ({ currency: i.currency, minor: i.invoiced - i.received }),
    }),
  }),
});

const MoneyStatementRef = builder.objectRef<Summary>('MoneyStatement').implement({
  description:
    'A campaign\u2019s money, for one cooperative (its statement) or for the consortium (the campaign summary): coffee sold, what each settlement step took and passed on, advances, and for a cooperative what it owes its farmers.',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (s) => s.asOf }),
    sold: t.field({ type: WeightRef, description: 'Green coffee delivered to buyers.', resolve: (s) => s.gramsSold }),
    paymentsSettled: t.int({ resolve: (s) => s.payments }),
    revenue: t.field({
      type: [InvoiceTotalsRef],
      nullable: true,
      description: 'Campaign summary only: invoiced to buyers, received, outstanding.',
      resolve: (s) => s.invoices,
    }),
    settled: t.field({ type: [BreakdownRef], description: 'Per currency of payment.', resolve: (s) => s.breakdowns }),
    creditedToFarmers: t.field({
      type: [MoneyRef],
      description: 'Credited to farmers\u2019 balances, in their currency.',
      resolve: (s) => s.farmersCredited.map((b) => m(b, 'farmer')),
    }),
    advancesPaid: t.field({
      type: [MoneyRef],
      description: 'Advances paid at delivery, net of recoveries.',
      resolve: (s) => moneyList(s.advances),
    }),
    farmersToPay: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        'Cooperative statement only: Σ of positive farmer balances, what it must pay out (the CSV export lists them).',
      resolve: (s) => (s.farmerTotals ? { currency: s.farmerTotals.currency, minor: s.farmerTotals.toPay } : null),
    }),
    farmerNettingRule: t.field({
      type: NettingRuleEnum,
      nullable: true,
      description: 'Cooperative statement only: how earlier farmer debt is netted in this campaign.',
      resolve: (s) => s.farmerTotals?.rule ?? null,
    }),
    farmersOpeningBalance: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        'Cooperative statement only: Σ of what its farmers\u2019 accounts held on the campaign\u2019s first day (earlier campaigns\u2019 open balances).',
      resolve: (s) => (s.farmerTotals ? { currency: s.farmerTotals.currency, minor: s.farmerTotals.opening } : null),
    }),
    farmersPaidOut: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        'Cooperative statement only: payouts to its farmers since the campaign\u2019s first day, net of reversals.',
      resolve: (s) => (s.farmerTotals ? { currency: s.farmerTotals.currency, minor: s.farmerTotals.payouts } : null),
    }),
    farmersBalance: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        'Cooperative statement only: Σ of its farmers\u2019 balances, every campaign (the ledger); = farmersToPay − farmersCarriedDebt.',
      resolve: (s) => (s.farmerTotals ? { currency: s.farmerTotals.currency, minor: s.farmerTotals.balance } : null),
    }),
    farmersCarriedDebt: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        'Cooperative statement only: Σ of negative farmer balances, advances not yet covered by sales, carried.',
      resolve: (s) =>
        s.farmerTotals ? { currency: s.farmerTotals.currency, minor: s.farmerTotals.carriedDebt } : null,
    }),
  }),
});

builder.drizzleObjectFields(Cooperative, (t) => ({
  statement: t.field({
    type: MoneyStatementRef,
    description:
      'The cooperative\u2019s statement for a campaign, as of a date (default today). Admins, auditors and its own manager.',
    args: { campaignId: t.arg.id({ required: true }), asOf: t.arg({ type: 'Date' }) },
    resolve: (c, args, ctx) => {
      const p = principalOf(ctx);
      if (
        !(p.role === 'admin' || p.role === 'auditor' || (p.role === 'cooperative_manager' && p.cooperativeId === c.id))
      ) {
        throw new ForbiddenError('a cooperative\u2019s statement is for admins, auditors and its own manager');
      }
      return summary(ctx, decodeId(args.campaignId, 'HarvestCampaign', ['campaignId']), asOfArg(ctx, args.asOf), c.id);
    },
  }),
}));

builder.drizzleObjectFields(HarvestCampaign, (t) => ({
  moneySummary: t.field({
    type: MoneyStatementRef,
    description:
      'Revenue, charges, and what was paid on to cooperatives, funds and farmers, as of a date. Admins and auditors.',
    args: { asOf: t.arg({ type: 'Date' }) },
    resolve: (c, args, ctx) => {
      const p = principalOf(ctx);
      if (p.role !== 'admin' && p.role !== 'auditor')
        throw new ForbiddenError('the campaign\u2019s money summary is for admins and auditors');
      return summary(ctx, c.id, asOfArg(ctx, args.asOf), null);
    },
  }),
}));
