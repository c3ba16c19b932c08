/**
 * Campaign loans, the lender's portfolio and the investor's credit line in
 * GraphQL. Thin: interest, the waterfall, aging and PAR30 are the domain's
 * (server/domain/loans.ts), writes are server/services/loans.ts.
 *
 * Who sees what: admins and auditors every loan; a lender its own loans and
 * credit lines only (by list and by `node(id:)`); a cooperative manager the
 * loans of their own cooperative; plant staff none. Figures that depend on a
 * date (interest, aging, endorsement held) are computed as of `asOf`, the
 * business date, default today in the consortium's time zone.
 */
import { type SQL, and, eq, sql } from 'drizzle-orm';
import { campaignLoans, creditLines } from '../db/schema.js';
import type { Principal } from '../server/auth/policy.js';
import { Dec } from '../server/domain/decimal.js';
import { ForbiddenError, InvalidInputError } from '../server/domain/errors.js';
import { INTEREST_CONVENTIONS } from '../server/domain/interest.js';
import {
  AGING_BUCKETS,
  type AgingBucket,
  type ExchangeRate,
  coverageRatio,
  loanArrears,
  loanPosition,
  par30,
} from '../server/domain/loans.js';
import { type Currency, minorFromText } from '../server/domain/money.js';
import { pricePerLbError, valueOf } from '../server/domain/pricing.js';
import {
  callGuarantee,
  createCampaignLoan,
  createCreditLine,
  createLender,
  creditLineModel,
  decideLoanRequest,
  drawCreditLine,
  endorsementHeldOn,
  equityOf,
  type LoanModel,
  loanModel,
  recordLoanRepayment,
  repayCreditLine,
  requestLoanDisbursement,
  requestLoanWriteOff,
  reverseLoanEvent,
  setEndorsementLimit,
} from '../server/services/loans.js';
import type { MutationOutcome } from '../server/services/mutation.js';
import { recordExchangeRate } from '../server/services/settlement.js';
import { type AuthedContext, type Context, builder } from './builder.js';
import { LenderKindEnum, WeightRef, dbEnumOf } from './common.js';
import { Cooperative } from './cooperative.js';
import { MUTATION_ERRORS } from './errors.js';
import { asOfArg, optionalId, principalOf } from './helpers.js';
import { CurrencyEnum, JournalEntry, MoneyRef } from './ledger.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './lot-mutations.js';
import { Lender } from './organizations.js';
import { CoopSettlementRef, ExchangeRateRef } from './settlement.js';

type LoanRow = typeof campaignLoans.$inferSelect;

export function canSeeLoan(p: Principal | null, l: { lenderId: number; cooperativeId: number }): boolean {
  if (!p) return false;
  if (p.role === 'admin' || p.role === 'auditor') return true;
  if (p.role === 'lender') return p.lenderId === l.lenderId;
  if (p.role === 'cooperative_manager') return p.cooperativeId === l.cooperativeId;
  return false;
}

type LoansTable = typeof campaignLoans;

/** The loans a principal may list, as a condition on `campaign_loans` (or its alias in a relational query). */
function loanScope(p: Principal, l: LoansTable = campaignLoans): SQL | undefined {
  if (p.role === 'admin' || p.role === 'auditor') return undefined;
  if (p.role === 'lender') return eq(l.lenderId, p.lenderId!);
  if (p.role === 'cooperative_manager') return eq(l.cooperativeId, p.cooperativeId!);
  return sql`0`;
}

function readsLenderBooks(p: Principal, lenderId: number): boolean {
  return p.role === 'admin' || p.role === 'auditor' || (p.role === 'lender' && p.lenderId === lenderId);
}

const money = (minor: bigint, currency: string) => ({ currency: currency as Currency, minor });

const ConventionEnum = dbEnumOf(
  'InterestConvention',
  INTEREST_CONVENTIONS,
  'SIMPLE_ACT_360 / SIMPLE_ACT_365: a simple nominal annual rate on actual days over a 360- or 365-day year. TEA_360: an effective annual rate (TEA) on a 360-day year, (1 + TEA)^(days/360) − 1.',
);
const EventKindEnum = dbEnumOf(
  'LoanEventKind',
  ['disbursement', 'fee', 'repayment', 'guarantee_call', 'write_off'] as const,
  'What happened to a loan.',
);
const EventSourceEnum = dbEnumOf(
  'LoanEventSource',
  ['sale', 'manual', 'guarantee', 'request'] as const,
  'SALE: repaid from a sale payment\u2019s settlement. MANUAL: repaid by the cooperative outside a sale. GUARANTEE: the consortium honoured its endorsement. REQUEST: a disbursement or write-off approved by a second admin.',
);
const AgingBucketEnum = builder.enumType('AgingBucket', {
  description:
    'Days past due, as named ranges (both ends counted): CURRENT 0, DAYS_1_30, DAYS_31_60, DAYS_61_90, OVER_90.',
  values: {
    CURRENT: { value: 'current' },
    DAYS_1_30: { value: '1-30' },
    DAYS_31_60: { value: '31-60' },
    DAYS_61_90: { value: '61-90' },
    OVER_90: { value: 'over-90' },
  } as const,
});

// ---------------------------------------------------------------------------------------------- position

interface PositionValue {
  loan: LoanRow;
  model: LoanModel;
  asOf: string;
}

const LoanPositionRef = builder.objectRef<PositionValue>('LoanPosition').implement({
  description:
    'What a loan owes as of a date: principal outstanding, interest accrued at full precision and rounded once (half-even), fees, and how late it is. Computed from its events, not stored.',
  fields: (t) => {
    const pos = (v: PositionValue) => loanPosition(v.model, v.asOf);
    const m = (f: (p: ReturnType<typeof loanPosition>) => bigint) => (v: PositionValue) =>
      money(f(pos(v)), v.loan.currency);
    return {
      asOf: t.field({ type: 'Date', resolve: (v) => v.asOf }),
      principalDisbursed: t.field({ type: MoneyRef, resolve: m((p) => p.principalDisbursed) }),
      principalRepaid: t.field({ type: MoneyRef, resolve: m((p) => p.principalRepaid) }),
      outstandingPrincipal: t.field({ type: MoneyRef, resolve: m((p) => p.outstandingPrincipal) }),
      interestAccrued: t.field({
        type: MoneyRef,
        description: 'Since the first disbursement, rounded once.',
        resolve: m((p) => p.interestAccrued),
      }),
      interestAccruedExact: t.field({
        type: 'Decimal',
        description: 'The same before rounding, in major units.',
        resolve: (v) => pos(v).interestAccruedExact,
      }),
      interestPaid: t.field({ type: MoneyRef, resolve: m((p) => p.interestPaid) }),
      interestDue: t.field({ type: MoneyRef, resolve: m((p) => p.interestDue) }),
      feesCharged: t.field({ type: MoneyRef, resolve: m((p) => p.feesCharged) }),
      feesDue: t.field({ type: MoneyRef, resolve: m((p) => p.feesDue) }),
      totalDue: t.field({
        type: MoneyRef,
        description: 'Fees + interest + principal due.',
        resolve: m((p) => p.totalDue),
      }),
      daysPastDue: t.int({ resolve: (v) => loanArrears(v.model, v.asOf).daysPastDue }),
      lateSince: t.field({
        type: 'Date',
        nullable: true,
        description: 'The oldest due date still unpaid.',
        resolve: (v) => loanArrears(v.model, v.asOf).since,
      }),
      agingBucket: t.field({ type: AgingBucketEnum, resolve: (v) => loanArrears(v.model, v.asOf).bucket }),
      endorsementHeld: t.field({
        type: MoneyRef,
        description:
          'The consortium\u2019s endorsement still held: endorsed × outstanding ÷ disbursed, rounded up; released as the loan is repaid; nothing once called.',
        resolve: (v) => money(endorsementHeldOn(v.loan, v.model, v.asOf), v.loan.currency),
      }),
    };
  },
});

// ---------------------------------------------------------------------------------------------- events

interface SaleSource {
  paymentId: number;
  cooperativeId: number;
}

const TracedLotRef = builder.objectRef<{ code: string; grams: number }>('LoanRepaymentLot').implement({
  description: 'A lot of the borrowing cooperative whose coffee was in the sale that repaid the loan.',
  fields: (t) => ({
    lotCode: t.string({ resolve: (l) => l.code }),
    weight: t.field({ type: WeightRef, resolve: (l) => l.grams }),
  }),
});

const RepaymentSaleRef = builder.objectRef<SaleSource>('LoanRepaymentSale').implement({
  description:
    'The sale that repaid a loan: the payment, the delivery, and the borrowing cooperative\u2019s coffee in it, lot by lot.',
  fields: (t) => {
    const row = (ctx: Context, s: SaleSource) =>
      ctx.db.get<{
        receivedOn: string;
        amount: string;
        currency: string;
        deliveryCode: string;
        deliveredOn: string;
        contractCode: string;
        rate: string | null;
      }>(sql`
        select p.received_on as receivedOn, p.amount_minor as amount, p.currency as currency, d.code as deliveryCode, d.delivered_on as deliveredOn,
          c.code as contractCode, x.rate as rate
        from sale_payments p join sale_deliveries d on d.id = p.delivery_id join sales_contracts c on c.id = d.contract_id
        left join exchange_rates x on x.id = p.exchange_rate_id where p.id = ${s.paymentId}`);
    const lots = (ctx: Context, s: SaleSource) =>
      ctx.db.all<{ code: string; grams: number }>(sql`
        select l.code as code, sum(st.grams) as grams from sale_takes st join lots l on l.id = st.lot_id
        join sale_payments p on p.delivery_id = st.delivery_id
        where p.id = ${s.paymentId} and st.cooperative_id = ${s.cooperativeId} group by l.id order by grams desc, l.code`);
    return {
      receivedOn: t.field({ type: 'Date', resolve: (s, _a, ctx) => row(ctx, s).receivedOn }),
      payment: t.field({
        type: MoneyRef,
        description: 'The whole payment the buyer made.',
        resolve: (s, _a, ctx) => {
          const r = row(ctx, s);
          return money(minorFromText(r.amount), r.currency);
        },
      }),
      exchangeRate: t.field({ type: 'Decimal', nullable: true, resolve: (s, _a, ctx) => row(ctx, s).rate }),
      deliveryCode: t.string({ resolve: (s, _a, ctx) => row(ctx, s).deliveryCode }),
      deliveredOn: t.field({ type: 'Date', resolve: (s, _a, ctx) => row(ctx, s).deliveredOn }),
      contractCode: t.string({ resolve: (s, _a, ctx) => row(ctx, s).contractCode }),
      cooperativeWeight: t.field({
        type: WeightRef,
        description: 'The borrowing cooperative\u2019s coffee in the delivery.',
        resolve: (s, _a, ctx) => lots(ctx, s).reduce((a, l) => a + l.grams, 0),
      }),
      lots: t.field({ type: [TracedLotRef], resolve: (s, _a, ctx) => lots(ctx, s) }),
    };
  },
});

const loansSeen = new WeakMap<Context, Map<number, LoanRow>>();

/** The loan an event (or request) belongs to, read once per request: every money field of an event needs its currency. */
function loanOfEvent(ctx: Context, e: { loanId: number }): LoanRow {
  let seen = loansSeen.get(ctx);
  if (!seen) loansSeen.set(ctx, (seen = new Map()));
  let row = seen.get(e.loanId);
  if (!row) {
    row = ctx.db.select().from(campaignLoans).where(eq(campaignLoans.id, e.loanId)).get()!;
    seen.set(e.loanId, row);
  }
  return row;
}

export const LoanEventNode = builder.drizzleNode('loanEvents', {
  name: 'LoanEvent',
  description:
    'Something that happened to a loan, posted to the ledger by one entry: a disbursement, a fee, a repayment (at a sale or manual), a guarantee call, a write-off. Never edited: a correction reverses its entry (`reversed`).',
  id: { column: (e) => e.id },
  authScopes: (e, ctx) => canSeeLoan(ctx.principal, loanOfEvent(ctx, e)),
  fields: (t) => ({
    loan: t.relation('loan'),
    kind: t.field({ type: EventKindEnum, resolve: (e) => e.kind }),
    source: t.field({ type: EventSourceEnum, resolve: (e) => e.source }),
    occurredOn: t.field({ type: 'Date', resolve: (e) => e.occurredOn }),
    amount: t.field({
      type: MoneyRef,
      description: 'In the loan\u2019s currency.',
      resolve: (e, _a, ctx) => money(minorFromText(e.amountMinor), loanOfEvent(ctx, e).currency),
    }),
    fees: t.field({
      type: MoneyRef,
      resolve: (e, _a, ctx) => money(minorFromText(e.feesMinor), loanOfEvent(ctx, e).currency),
    }),
    interest: t.field({
      type: MoneyRef,
      resolve: (e, _a, ctx) => money(minorFromText(e.interestMinor), loanOfEvent(ctx, e).currency),
    }),
    principal: t.field({
      type: MoneyRef,
      resolve: (e, _a, ctx) => money(minorFromText(e.principalMinor), loanOfEvent(ctx, e).currency),
    }),
    interestCharged: t.field({
      type: MoneyRef,
      description: 'Interest accrued since the previous posting, charged with this event (rounded once, half-even).',
      resolve: (e, _a, ctx) => money(minorFromText(e.interestChargedMinor), loanOfEvent(ctx, e).currency),
    }),
    paid: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'What the payer paid, in its own currency (a sale payment\u2019s may differ from the loan\u2019s).',
      resolve: (e) => (e.paidMinor === null ? null : money(minorFromText(e.paidMinor), e.paidCurrency!)),
    }),
    exchangeRate: t.field({
      type: ExchangeRateRef,
      nullable: true,
      resolve: (e, _a, ctx) =>
        e.exchangeRateId == null
          ? null
          : ctx.db.query.exchangeRates.findFirst({ where: { id: e.exchangeRateId } }).then((r) => r ?? null),
    }),
    why: t.string({ description: 'The rule applied, in words, with the figures.', resolve: (e) => e.note }),
    sale: t.field({
      type: RepaymentSaleRef,
      nullable: true,
      description: 'The sale whose proceeds paid it, with the cooperative\u2019s lots in it.',
      resolve: (e, _a, ctx) =>
        e.paymentId == null ? null : { paymentId: e.paymentId, cooperativeId: loanOfEvent(ctx, e).cooperativeId },
    }),
    reversed: t.boolean({
      description: 'Its entry was reversed: it no longer counts (taken back, or posted again after a correction).',
      resolve: (e, _a, ctx) =>
        ctx.db.get<{ n: number }>(sql`select count(*) as n from journal_entries where reverses_entry_id = ${e.entryId}`)
          .n > 0,
    }),
    reversal: t.field({
      type: LoanEventReversalRef,
      nullable: true,
      description: 'Set when an admin took it back, with why.',
      resolve: (e, _a, ctx) =>
        ctx.db.query.loanEventReversals.findFirst({ where: { eventId: e.id } }).then((r) => r ?? null),
    }),
    entry: t.field({
      type: JournalEntry,
      nullable: true,
      description: 'Its ledger entry (admins and auditors).',
      resolve: (e, _a, ctx) => {
        const r = principalOf(ctx).role;
        return r === 'admin' || r === 'auditor'
          ? ctx.db.query.journalEntries.findFirst({ where: { id: e.entryId } }).then((x) => x ?? null)
          : null;
      },
    }),
  }),
});

const LoanEventReversalRef = builder.objectRef<{ reversedOn: string; reason: string }>('LoanEventReversal').implement({
  fields: (t) => ({
    reversedOn: t.field({ type: 'Date', resolve: (r) => r.reversedOn }),
    reason: t.string({ resolve: (r) => r.reason }),
  }),
});

const LoanRequestStatusEnum = dbEnumOf(
  'LoanRequestStatus',
  ['pending', 'approved', 'rejected'] as const,
  'A four-eyes request awaits a second admin, or was decided.',
);

export const LoanRequest = builder.drizzleNode('loanRequests', {
  name: 'LoanRequest',
  description:
    'A disbursement or write-off asked for by one admin, carried out only when a second, different admin approves it.',
  id: { column: (r) => r.id },
  authScopes: (_r, ctx) => ctx.principal?.role === 'admin' || ctx.principal?.role === 'auditor',
  fields: (t) => ({
    loan: t.relation('loan'),
    kind: t.string({ description: 'disbursement or write_off.', resolve: (r) => r.kind }),
    amount: t.field({
      type: MoneyRef,
      nullable: true,
      resolve: (r, _a, ctx) =>
        r.amountMinor === null ? null : money(minorFromText(r.amountMinor), loanOfEvent(ctx, r).currency),
    }),
    effectiveOn: t.field({ type: 'Date', resolve: (r) => r.effectiveOn }),
    reason: t.exposeString('reason'),
    requestedBy: t.string({ resolve: (r, _a, ctx) => userName(ctx, r.requestedBy) }),
    status: t.field({
      type: LoanRequestStatusEnum,
      select: { with: { decision: { columns: { approved: true } } } },
      resolve: (r) => (r.decision == null ? 'pending' : r.decision.approved ? 'approved' : 'rejected'),
    }),
    decidedBy: t.string({
      nullable: true,
      select: { with: { decision: { columns: { decidedBy: true } } } },
      resolve: (r, _a, ctx) => (r.decision == null ? null : userName(ctx, r.decision.decidedBy)),
    }),
  }),
});

function userName(ctx: Context, userId: number): string {
  return ctx.db.get<{ n: string }>(sql`select name as n from users where id = ${userId}`)?.n ?? `user ${userId}`;
}

// ---------------------------------------------------------------------------------------------- the loan

const InstalmentRef = builder
  .objectRef<{ dueOn: string; principal: bigint; currency: Currency }>('LoanInstalment')
  .implement({
    fields: (t) => ({
      dueOn: t.field({ type: 'Date', resolve: (i) => i.dueOn }),
      principal: t.field({ type: MoneyRef, resolve: (i) => money(i.principal, i.currency) }),
    }),
  });

interface CoverageValue {
  asOf: string;
  greenGrams: number;
  value: { currency: Currency; minor: bigint };
  owed: { currency: Currency; minor: bigint }[];
  ratio: string | null;
  referencePricePerLb: string;
}

const CoverageRef = builder.objectRef<CoverageValue>('LoanCoverage').implement({
  description:
    'How well the borrowing cooperative\u2019s unsold coffee covers what it owes on its campaign loans: the green it holds (green batches, plus parchment at its graded exportable yield) valued at a reference price per lb, divided by the total due on its loans in the campaign (for a lender, on its own loans).',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (c) => c.asOf }),
    referencePricePerLb: t.field({ type: 'Decimal', resolve: (c) => c.referencePricePerLb }),
    unsoldGreen: t.field({ type: WeightRef, resolve: (c) => c.greenGrams }),
    unsoldValue: t.field({ type: MoneyRef, resolve: (c) => c.value }),
    owed: t.field({ type: [MoneyRef], resolve: (c) => c.owed }),
    ratio: t.field({
      type: 'Decimal',
      nullable: true,
      description: '4 decimals, half-even; null when nothing is owed.',
      resolve: (c) => c.ratio,
    }),
  }),
});

/** Green equivalent a cooperative holds unsold now: its green in batches, and its parchment left × the graded exportable yield. */
function unsoldGreenOf(ctx: Context, cooperativeId: number): number {
  const green = ctx.db.get<{ g: number }>(sql`
    select coalesce(sum(bs.grams - coalesce((select sum(t.grams) from batch_takes t where t.batch_id = bs.batch_id and t.lot_id = bs.lot_id), 0)), 0) as g
    from batch_shares bs join stock_batches b on b.id = bs.batch_id where b.form = 'green' and bs.cooperative_id = ${cooperativeId}`).g;
  const parchment = ctx.db.all<{ left: number; yieldPct: string }>(sql`
    select l.net_g - coalesce((select sum(ri.grams) from run_inputs ri where ri.lot_id = l.id and ri.batch_id is null), 0) as left,
      g.exportable_yield_pct as yieldPct
    from lots l join lot_gradings g on g.id = l.current_grading_id where l.cooperative_id = ${cooperativeId} and l.status = 'graded'`);
  const fromParchment = parchment.reduce(
    (a, p) => a + Number(new Dec(String(p.left)).times(p.yieldPct).div('100').round(0, 0).toFixed(0)),
    0,
  );
  return green + fromParchment;
}

export const CampaignLoan = builder.drizzleNode('campaignLoans', {
  name: 'CampaignLoan',
  description:
    'A harvest-campaign loan from a bank or COPAC to a cooperative, endorsed by the consortium and repaid by it from the sale of the cooperative\u2019s coffee (docs/loans.md).',
  id: { column: (l) => l.id },
  authScopes: (l, ctx) => canSeeLoan(ctx.principal, l),
  fields: (t) => ({
    code: t.exposeString('code'),
    lender: t.relation('lender'),
    cooperative: t.relation('cooperative'),
    campaign: t.relation('campaign'),
    currency: t.field({ type: CurrencyEnum, resolve: (l) => l.currency as Currency }),
    principal: t.field({
      type: MoneyRef,
      description: 'As agreed; disbursements never exceed it.',
      resolve: (l) => money(minorFromText(l.principalMinor), l.currency),
    }),
    convention: t.field({ type: ConventionEnum, resolve: (l) => l.convention }),
    ratePercent: t.field({ type: 'Decimal', description: 'Annual: nominal, or the TEA.', resolve: (l) => l.ratePct }),
    fee: t.field({
      type: MoneyRef,
      description: 'Opening fee, charged with the first disbursement.',
      resolve: (l) => money(minorFromText(l.feeMinor), l.currency),
    }),
    endorsed: t.field({
      type: MoneyRef,
      description: 'What the consortium endorses of it.',
      resolve: (l) => money(minorFromText(l.endorsedMinor), l.currency),
    }),
    signedOn: t.field({ type: 'Date', resolve: (l) => l.signedOn }),
    maturity: t.field({ type: 'Date', resolve: (l) => l.maturity }),
    instalments: t.field({
      type: [InstalmentRef],
      select: { with: { instalments: true } },
      resolve: (l) =>
        l.instalments
          .map((i) => ({
            dueOn: i.dueOn,
            principal: minorFromText(i.principalMinor),
            currency: l.currency as Currency,
          }))
          .sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
    }),
    position: t.field({
      type: LoanPositionRef,
      args: { asOf: t.arg({ type: 'Date', description: 'The business date; default today.' }) },
      resolve: (l, args, ctx) => ({ loan: l, model: loanModel(ctx.db, l), asOf: asOfArg(ctx, args.asOf) }),
    }),
    events: t.relation('events', {
      description: 'Its history, oldest first, including events that no longer count (`reversed`).',
      query: { orderBy: { occurredOn: 'asc', ordinal: 'asc', id: 'asc' } },
    }),
    repayments: t.relation('events', {
      description:
        'Repayments that count, oldest first: at sales (with the coffee that paid them), manual, and guarantee calls.',
      query: {
        where: {
          kind: { in: ['repayment', 'guarantee_call'] },
          RAW: (e) => sql`not exists (select 1 from journal_entries r where r.reverses_entry_id = ${e.entryId})`,
        },
        orderBy: { occurredOn: 'asc', ordinal: 'asc', id: 'asc' },
      },
    }),
    coverage: t.field({
      type: CoverageRef,
      args: {
        referencePricePerLb: t.arg({
          type: 'Decimal',
          required: true,
          description: 'USD per lb of green, e.g. the NY "C" plus the cooperative\u2019s usual differential.',
        }),
        exchangeRate: t.arg({ type: 'Decimal', description: 'PEN per USD, needed when the cooperative owes in PEN.' }),
        asOf: t.arg({ type: 'Date' }),
      },
      resolve: (l, args, ctx) => {
        const why = pricePerLbError(args.referencePricePerLb, false);
        if (why) throw InvalidInputError.single(['referencePricePerLb'], 'INVALID_PRICE', why);
        const asOf = asOfArg(ctx, args.asOf);
        // A lender weighs the cooperative's coffee against its own loans only: other lenders' loans are not its to see.
        const p = principalOf(ctx);
        const loans = ctx.db
          .select()
          .from(campaignLoans)
          .where(
            and(
              eq(campaignLoans.cooperativeId, l.cooperativeId),
              eq(campaignLoans.campaignId, l.campaignId),
              p.role === 'lender' ? eq(campaignLoans.lenderId, p.lenderId!) : undefined,
            ),
          )
          .all();
        const owed = new Map<Currency, bigint>();
        for (const r of loans) {
          const due = loanPosition(loanModel(ctx.db, r), asOf).totalDue;
          owed.set(r.currency as Currency, (owed.get(r.currency as Currency) ?? 0n) + due);
        }
        const owedList = [...owed].map(([currency, minor]) => ({ currency, minor })).filter((o) => o.minor > 0n);
        const rate: ExchangeRate | null = args.exchangeRate
          ? { base: 'USD', quote: 'PEN', rate: args.exchangeRate }
          : null;
        if (!rate && owedList.some((o) => o.currency !== 'USD'))
          throw InvalidInputError.single(
            ['exchangeRate'],
            'RATE_REQUIRED',
            'the cooperative owes in PEN: give the PEN per USD rate',
          );
        const greenGrams = unsoldGreenOf(ctx, l.cooperativeId);
        const value = { currency: 'USD' as Currency, minor: valueOf(greenGrams, args.referencePricePerLb, 'USD') };
        return {
          asOf,
          greenGrams,
          value,
          owed: owedList,
          ratio: coverageRatio(value, owedList, rate),
          referencePricePerLb: args.referencePricePerLb,
        };
      },
    }),
  }),
});

// ---------------------------------------------------------------------------------------------- portfolio

interface PortfolioValue {
  asOf: string;
  loans: { row: LoanRow; model: LoanModel }[];
}

interface CurrencyBook {
  currency: Currency;
  asOf: string;
  loans: { row: LoanRow; model: LoanModel }[];
}

const AgingLineRef = builder
  .objectRef<{ bucket: AgingBucket; loans: number; outstanding: bigint; currency: Currency }>('AgingLine')
  .implement({
    fields: (t) => ({
      bucket: t.field({ type: AgingBucketEnum, resolve: (a) => a.bucket }),
      loans: t.int({ resolve: (a) => a.loans }),
      outstandingPrincipal: t.field({ type: MoneyRef, resolve: (a) => money(a.outstanding, a.currency) }),
    }),
  });

const CurrencyBookRef = builder.objectRef<CurrencyBook>('PortfolioCurrency').implement({
  description: 'A portfolio\u2019s loans in one currency, as of a date.',
  fields: (t) => {
    const sum = (b: CurrencyBook, f: (p: ReturnType<typeof loanPosition>) => bigint) =>
      money(
        b.loans.reduce((a, l) => a + f(loanPosition(l.model, b.asOf)), 0n),
        b.currency,
      );
    return {
      currency: t.field({ type: CurrencyEnum, resolve: (b) => b.currency }),
      loans: t.int({ resolve: (b) => b.loans.length }),
      principalDisbursed: t.field({ type: MoneyRef, resolve: (b) => sum(b, (p) => p.principalDisbursed) }),
      outstandingPrincipal: t.field({
        type: MoneyRef,
        description: 'Gross outstanding portfolio.',
        resolve: (b) => sum(b, (p) => p.outstandingPrincipal),
      }),
      interestDue: t.field({
        type: MoneyRef,
        description: 'Accrued to the date and not paid.',
        resolve: (b) => sum(b, (p) => p.interestDue),
      }),
      feesDue: t.field({ type: MoneyRef, resolve: (b) => sum(b, (p) => p.feesDue) }),
      totalDue: t.field({ type: MoneyRef, resolve: (b) => sum(b, (p) => p.totalDue) }),
      repaid: t.field({
        type: MoneyRef,
        description: 'Principal, interest and fees repaid to the date.',
        resolve: (b) => sum(b, (p) => p.principalRepaid + p.interestPaid + p.feesPaid),
      }),
      par30: t.field({
        type: 'Decimal',
        description:
          'Outstanding principal of loans more than 30 days past due ÷ gross outstanding principal; 4 decimals, half-even; 0 when nothing is outstanding.',
        resolve: (b) =>
          par30(
            b.loans.map((l) => l.model),
            b.asOf,
          ),
      }),
      aging: t.field({
        type: [AgingLineRef],
        description: 'Loans with principal outstanding, by days past due.',
        resolve: (b) =>
          AGING_BUCKETS.map((k) => {
            const inIt = b.loans
              .map((l) => loanArrears(l.model, b.asOf))
              .filter((a) => a.bucket === k.name && a.outstandingPrincipal > 0n);
            return {
              bucket: k.name,
              loans: inIt.length,
              outstanding: inIt.reduce((a, x) => a + x.outstandingPrincipal, 0n),
              currency: b.currency,
            };
          }),
      }),
    };
  },
});

const PortfolioRef = builder.objectRef<PortfolioValue>('LoanPortfolio').implement({
  description:
    'Campaign loans as of a date: outstanding, interest and fees due, aging and PAR30, per currency (PAR is never mixed across currencies).',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (p) => p.asOf }),
    currencies: t.field({
      type: [CurrencyBookRef],
      resolve: (p) => {
        const by = new Map<Currency, CurrencyBook>();
        for (const l of p.loans) {
          const c = l.row.currency as Currency;
          const b = by.get(c) ?? { currency: c, asOf: p.asOf, loans: [] };
          b.loans.push(l);
          by.set(c, b);
        }
        return [...by.values()].sort((a, b) => a.currency.localeCompare(b.currency));
      },
    }),
    loans: t.field({
      type: [LoanPositionRef],
      description: 'Each loan\u2019s position, oldest signed first.',
      resolve: (p) => p.loans.map((l) => ({ loan: l.row, model: l.model, asOf: p.asOf })),
    }),
  }),
});

builder.objectFields(LoanPositionRef, (t) => ({
  loan: t.field({ type: CampaignLoan, resolve: (v) => v.loan }),
}));

function portfolio(ctx: Context, where: SQL | undefined, asOf: string): PortfolioValue {
  const rows = ctx.db.select().from(campaignLoans).where(where).orderBy(campaignLoans.signedOn, campaignLoans.id).all();
  return { asOf, loans: rows.map((row) => ({ row, model: loanModel(ctx.db, row) })) };
}

// ---------------------------------------------------------------------------------------------- credit line and exposure

type LineRow = typeof creditLines.$inferSelect;

export const CreditLine = builder.drizzleNode('creditLines', {
  name: 'CreditLine',
  description:
    'A social investor\u2019s marketing-campaign credit line to the consortium: a limit, drawdowns and repayments, interest.',
  id: { column: (l) => l.id },
  authScopes: (l, ctx) => ctx.principal !== null && readsLenderBooks(ctx.principal, l.lenderId),
  fields: (t) => {
    const at = (l: LineRow, ctx: Context, asOf: string | null | undefined) =>
      loanPosition(creditLineModel(ctx.db, l), asOfArg(ctx, asOf));
    const asOf = { asOf: t.arg({ type: 'Date' }) };
    return {
      code: t.exposeString('code'),
      lender: t.relation('lender'),
      currency: t.field({ type: CurrencyEnum, resolve: (l) => l.currency as Currency }),
      limit: t.field({ type: MoneyRef, resolve: (l) => money(minorFromText(l.limitMinor), l.currency) }),
      convention: t.field({ type: ConventionEnum, resolve: (l) => l.convention }),
      ratePercent: t.field({ type: 'Decimal', resolve: (l) => l.ratePct }),
      opensOn: t.field({ type: 'Date', resolve: (l) => l.opensOn }),
      maturesOn: t.field({ type: 'Date', resolve: (l) => l.maturesOn }),
      drawn: t.field({
        type: MoneyRef,
        description: 'Principal drawn and not repaid.',
        args: asOf,
        resolve: (l, a, ctx) => money(at(l, ctx, a.asOf).outstandingPrincipal, l.currency),
      }),
      interestDue: t.field({
        type: MoneyRef,
        args: asOf,
        resolve: (l, a, ctx) => money(at(l, ctx, a.asOf).interestDue, l.currency),
      }),
      totalDue: t.field({
        type: MoneyRef,
        args: asOf,
        resolve: (l, a, ctx) => money(at(l, ctx, a.asOf).totalDue, l.currency),
      }),
      available: t.field({
        type: MoneyRef,
        description: 'Limit − drawn.',
        args: asOf,
        resolve: (l, a, ctx) =>
          money(minorFromText(l.limitMinor) - at(l, ctx, a.asOf).outstandingPrincipal, l.currency),
      }),
      movements: t.relation('events', { query: { orderBy: { occurredOn: 'asc', id: 'asc' } } }),
    };
  },
});

builder.drizzleObject('creditLineEvents', {
  name: 'CreditLineMovement',
  fields: (t) => ({
    kind: t.string({ description: 'drawdown or repayment.', resolve: (e) => e.kind }),
    occurredOn: t.field({ type: 'Date', resolve: (e) => e.occurredOn }),
    amount: t.field({
      type: MoneyRef,
      select: { with: { line: { columns: { currency: true } } } },
      resolve: (e) => money(minorFromText(e.amountMinor), e.line.currency),
    }),
    interest: t.field({
      type: MoneyRef,
      select: { with: { line: { columns: { currency: true } } } },
      resolve: (e) => money(minorFromText(e.interestMinor), e.line.currency),
    }),
    principal: t.field({
      type: MoneyRef,
      select: { with: { line: { columns: { currency: true } } } },
      resolve: (e) => money(minorFromText(e.principalMinor), e.line.currency),
    }),
  }),
});

interface ExposureValue {
  currency: Currency;
  creditLines: bigint;
  campaignLoans: bigint;
  equity: bigint;
  equityValuedOn: string | null;
}

const ExposureRef = builder.objectRef<ExposureValue>('LenderExposure').implement({
  description:
    'What an investor has at stake with the consortium in one currency, as of a date: its credit lines (drawn + interest due), the campaign loans it made (total due), and its equity (latest valuation).',
  fields: (t) => ({
    currency: t.field({ type: CurrencyEnum, resolve: (e) => e.currency }),
    creditLines: t.field({ type: MoneyRef, resolve: (e) => money(e.creditLines, e.currency) }),
    campaignLoans: t.field({ type: MoneyRef, resolve: (e) => money(e.campaignLoans, e.currency) }),
    equity: t.field({ type: MoneyRef, resolve: (e) => money(e.equity, e.currency) }),
    equityValuedOn: t.field({ type: 'Date', nullable: true, resolve: (e) => e.equityValuedOn }),
    total: t.field({ type: MoneyRef, resolve: (e) => money(e.creditLines + e.campaignLoans + e.equity, e.currency) }),
  }),
});

builder.drizzleObjectFields(Lender, (t) => ({
  loans: t.relation('loans', {
    description:
      'Its campaign loans (admins, auditors, the lender itself; a manager sees only those to their cooperative).',
    query: (_a, ctx) => {
      const p = principalOf(ctx);
      return {
        where:
          p.role === 'cooperative_manager'
            ? { cooperativeId: p.cooperativeId! }
            : p.role === 'plant_staff'
              ? { id: -1 }
              : {},
        orderBy: { signedOn: 'asc', id: 'asc' },
      };
    },
  }),
  creditLines: t.relation('creditLines', {
    query: (_a, ctx) => {
      const p = principalOf(ctx);
      return {
        where: p.role === 'admin' || p.role === 'auditor' || p.role === 'lender' ? {} : { id: -1 },
        orderBy: { opensOn: 'asc' },
      };
    },
  }),
  portfolio: t.field({
    type: PortfolioRef,
    description: 'Its campaign loans as of a date, with aging and PAR30 (admins, auditors and the lender itself).',
    args: { asOf: t.arg({ type: 'Date' }), campaignId: t.arg.id() },
    resolve: (l, args, ctx) => {
      if (!readsLenderBooks(principalOf(ctx), l.id))
        throw new ForbiddenError('a lender\u2019s portfolio is for admins, auditors and the lender');
      const campaignId = optionalId(args.campaignId, 'HarvestCampaign', ['campaignId']);
      return portfolio(
        ctx,
        and(
          eq(campaignLoans.lenderId, l.id),
          campaignId === null ? undefined : eq(campaignLoans.campaignId, campaignId),
        ),
        asOfArg(ctx, args.asOf),
      );
    },
  }),
  exposure: t.field({
    type: [ExposureRef],
    description: 'Drawn credit lines + campaign loans + equity, per currency (admins, auditors and the lender itself).',
    args: { asOf: t.arg({ type: 'Date' }) },
    resolve: (l, args, ctx) => {
      if (!readsLenderBooks(principalOf(ctx), l.id))
        throw new ForbiddenError('an investor\u2019s exposure is for admins, auditors and the investor');
      const asOf = asOfArg(ctx, args.asOf);
      const by = new Map<Currency, ExposureValue>();
      const at = (c: Currency) =>
        by.get(c) ??
        (by.set(c, { currency: c, creditLines: 0n, campaignLoans: 0n, equity: 0n, equityValuedOn: null }), by.get(c)!);
      for (const line of ctx.db.select().from(creditLines).where(eq(creditLines.lenderId, l.id)).all()) {
        at(line.currency as Currency).creditLines += loanPosition(creditLineModel(ctx.db, line), asOf).totalDue;
      }
      for (const row of ctx.db.select().from(campaignLoans).where(eq(campaignLoans.lenderId, l.id)).all()) {
        at(row.currency as Currency).campaignLoans += loanPosition(loanModel(ctx.db, row), asOf).totalDue;
      }
      const eq_ = equityOf(ctx.db, l.id, asOf);
      if (eq_) {
        const e = at(eq_.currency);
        e.equity = eq_.minor;
        e.equityValuedOn = eq_.valuedOn;
      }
      return [...by.values()].sort((a, b) => a.currency.localeCompare(b.currency));
    },
  }),
}));

builder.drizzleObjectFields(Cooperative, (t) => ({
  loans: t.relation('loans', {
    description: 'Its campaign loans (admins, auditors, its manager; a lender sees only its own).',
    args: { campaignId: t.arg.id() },
    query: (args, ctx) => {
      const p = principalOf(ctx);
      const campaignId = optionalId(args.campaignId, 'HarvestCampaign', ['campaignId']);
      const own = p.role === 'lender' ? { lenderId: p.lenderId! } : {};
      const allowed =
        p.role === 'admin' || p.role === 'auditor' || p.role === 'lender' || p.role === 'cooperative_manager';
      return {
        where: { ...own, ...(campaignId === null ? {} : { campaignId }), ...(allowed ? {} : { id: -1 }) },
        orderBy: { signedOn: 'asc', id: 'asc' },
      };
    },
  }),
}));

// ---------------------------------------------------------------------------------------------- settlement detail

builder.objectFields(CoopSettlementRef, (t) => ({
  loans: t.field({
    type: [LoanEventNode],
    description:
      'Each campaign loan this share repaid: fees, interest to the payment date, principal, in the loan\u2019s currency, and why.',
    resolve: (d, _a, ctx) => {
      const p = principalOf(ctx);
      const rows = ctx.db.all<{ id: number }>(sql`
        select e.id as id from loan_events e join campaign_loans l on l.id = e.loan_id
        where e.payment_id = ${d.paymentId} and l.cooperative_id = ${d.cooperativeId}
          and e.entry_id = (select max(e2.entry_id) from loan_events e2 where e2.payment_id = e.payment_id and e2.loan_id = e.loan_id)
        order by e.id`);
      if (rows.length === 0) return [];
      return ctx.db.query.loanEvents
        .findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: { id: 'asc' } })
        .then((events) => events.filter((e) => p.role !== 'lender' || loanOfEvent(ctx, e).lenderId === p.lenderId));
    },
  }),
}));

// ---------------------------------------------------------------------------------------------- queries

const LoanFilterInput = builder.inputType('LoanFilter', {
  fields: (t) => ({
    lenderId: t.id(),
    cooperativeId: t.id(),
    campaignId: t.id(),
  }),
});

function loanFilter(
  f: { lenderId?: string | null; cooperativeId?: string | null; campaignId?: string | null } | null | undefined,
  l: LoansTable = campaignLoans,
): SQL | undefined {
  const lender = optionalId(f?.lenderId, 'Lender', ['filter', 'lenderId']);
  const coop = optionalId(f?.cooperativeId, 'Cooperative', ['filter', 'cooperativeId']);
  const campaign = optionalId(f?.campaignId, 'HarvestCampaign', ['filter', 'campaignId']);
  return and(
    lender === null ? undefined : eq(l.lenderId, lender),
    coop === null ? undefined : eq(l.cooperativeId, coop),
    campaign === null ? undefined : eq(l.campaignId, campaign),
  );
}

builder.queryFields((t) => ({
  campaignLoans: t.withAuth({ authenticated: true }).drizzleConnection(
    {
      type: 'campaignLoans',
      description:
        'Campaign loans, oldest signed first. A lender sees its own; a manager their cooperative\u2019s; plant staff none.',
      args: { filter: t.arg({ type: LoanFilterInput }) },
      totalCount: (_p, args, ctx) =>
        ctx.db.$count(campaignLoans, and(loanScope(principalOf(ctx)), loanFilter(args.filter))),
      resolve: (query, _p, args, ctx) =>
        ctx.db.query.campaignLoans.findMany(
          query({
            where: { RAW: (l) => and(loanScope(principalOf(ctx), l), loanFilter(args.filter, l)) ?? sql`1` },
            orderBy: { signedOn: 'asc', id: 'asc' },
          }),
        ),
    },
    { name: 'CampaignLoanConnection' },
    { name: 'CampaignLoanEdge' },
  ),
  loanPortfolio: t.withAuth({ authenticated: true }).field({
    type: PortfolioRef,
    description:
      'The loan book as of a date, with aging and PAR30 per currency. A lender gets its own portfolio; admins and auditors the whole book or, with a filter, part of it; a manager their cooperative\u2019s loans.',
    args: { asOf: t.arg({ type: 'Date' }), filter: t.arg({ type: LoanFilterInput }) },
    resolve: (_r, args, ctx) => {
      const p = principalOf(ctx);
      if (p.role === 'plant_staff') throw new ForbiddenError('plant staff do not read the loan book');
      return portfolio(ctx, and(loanScope(p), loanFilter(args.filter)), asOfArg(ctx, args.asOf));
    },
  }),
  loanRequests: t.withAuth({ authenticated: true }).drizzleField({
    type: [LoanRequest],
    description:
      'Four-eyes requests, oldest first; `pending: true` for the checker\u2019s inbox (admins and auditors).',
    args: { pending: t.arg.boolean() },
    resolve: (query, _r, args, ctx) => {
      const p = principalOf(ctx);
      if (p.role !== 'admin' && p.role !== 'auditor')
        throw new ForbiddenError('loan requests are for admins and auditors');
      return ctx.db.query.loanRequests.findMany(
        query({
          where: args.pending
            ? { RAW: (r) => sql`not exists (select 1 from loan_request_decisions d where d.request_id = ${r.id})` }
            : {},
          orderBy: { id: 'asc' },
        }),
      );
    },
  }),
  creditLines: t.withAuth({ authenticated: true }).drizzleField({
    type: [CreditLine],
    description: 'Investors\u2019 credit lines (admins, auditors; a lender its own).',
    resolve: (query, _r, _a, ctx) => {
      const p = principalOf(ctx);
      if (p.role !== 'admin' && p.role !== 'auditor' && p.role !== 'lender')
        throw new ForbiddenError('credit lines are for admins, auditors and their investor');
      return ctx.db.query.creditLines.findMany(
        query({ where: p.role === 'lender' ? { lenderId: p.lenderId! } : {}, orderBy: { opensOn: 'asc', id: 'asc' } }),
      );
    },
  }),
}));

// ---------------------------------------------------------------------------------------------- mutations

function payloadOf<T extends { id: number; type: string }>(
  name: string,
  field: string,
  type: unknown,
  load: (ctx: Context, id: number) => unknown,
) {
  return builder.objectRef<MutationOutcome<T>>(name).implement({
    fields: (t) => ({
      [field]: t.field({ type: type as never, resolve: (o, _a, ctx) => load(ctx, o.result.id) as never }),
      replayed: t.boolean({ resolve: (o) => o.replayed }),
    }),
  });
}

const LenderPayload = payloadOf('CreateLenderPayload', 'lender', Lender, (ctx, id) =>
  ctx.db.query.lenders.findFirst({ where: { id } }),
);
const LoanPayload = payloadOf('CampaignLoanPayload', 'loan', CampaignLoan, (ctx, id) =>
  ctx.db.query.campaignLoans.findFirst({ where: { id } }),
);
const RequestPayload = payloadOf('LoanRequestPayload', 'request', LoanRequest, (ctx, id) =>
  ctx.db.query.loanRequests.findFirst({ where: { id } }),
);
const EventPayload = payloadOf('LoanEventPayload', 'event', LoanEventNode, (ctx, id) =>
  ctx.db.query.loanEvents.findFirst({ where: { id } }),
);
const LinePayload = payloadOf('CreditLinePayload', 'creditLine', CreditLine, (ctx, id) =>
  ctx.db.query.creditLines.findFirst({ where: { id } }),
);
const AckPayload = builder.objectRef<MutationOutcome<{ type: string; id: number }>>('RecordedPayload').implement({
  description: 'A record was written (or, `replayed`, had been by the same request before).',
  fields: (t) => ({ replayed: t.boolean({ resolve: (o) => o.replayed }) }),
});
const LineMovementPayload = builder
  .objectRef<MutationOutcome<{ type: string; id: number }>>('CreditLineMovementPayload')
  .implement({
    fields: (t) => ({
      creditLine: t.field({
        type: CreditLine,
        resolve: (o, _a, ctx) => {
          const { lineId } = ctx.db.get<{ lineId: number }>(
            sql`select line_id as lineId from credit_line_events where id = ${o.result.id}`,
          );
          return ctx.db.query.creditLines.findFirst({ where: { id: lineId } }).then((l) => l!);
        },
      }),
      replayed: t.boolean({ resolve: (o) => o.replayed }),
    }),
  });

const CreateLenderInput = builder.inputType('CreateLenderInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    code: t.string({ required: true }),
    name: t.string({ required: true }),
    kind: t.field({ type: LenderKindEnum, required: true }),
    country: t.string({ required: true, description: 'ISO 3166 two-letter code.' }),
  }),
});

const SetEndorsementLimitInput = builder.inputType('SetEndorsementLimitInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    cooperativeId: t.id({ required: true }),
    campaignId: t.id({ required: true }),
    currency: t.field({ type: CurrencyEnum, required: true }),
    limit: t.field({ type: 'Decimal', required: true }),
  }),
});

const InstalmentInput = builder.inputType('LoanInstalmentInput', {
  fields: (t) => ({
    dueOn: t.field({ type: 'Date', required: true }),
    principal: t.field({ type: 'Decimal', required: true }),
  }),
});

const CreateCampaignLoanInput = builder.inputType('CreateCampaignLoanInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    code: t.string({ required: true }),
    lenderId: t.id({ required: true }),
    cooperativeId: t.id({ required: true }),
    campaignId: t.id({ required: true }),
    currency: t.field({ type: CurrencyEnum, required: true }),
    principal: t.field({ type: 'Decimal', required: true }),
    convention: t.field({ type: ConventionEnum, required: true }),
    ratePercent: t.field({
      type: 'Decimal',
      required: true,
      description: 'Annual, in percent: "18" is 18 % a year (nominal, or the TEA).',
    }),
    fee: t.field({ type: 'Decimal', description: 'Opening fee, charged with the first disbursement.' }),
    endorsed: t.field({ type: 'Decimal', description: 'What the consortium endorses; default the principal.' }),
    signedOn: t.field({ type: 'Date', required: true }),
    maturity: t.field({ type: 'Date', required: true }),
    instalments: t.field({ type: [InstalmentInput] }),
  }),
});

const RequestDisbursementInput = builder.inputType('RequestLoanDisbursementInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    loanId: t.id({ required: true }),
    amount: t.field({ type: 'Decimal', required: true }),
    disbursedOn: t.field({ type: 'Date', required: true }),
    reason: t.string({ required: true, description: 'E.g. the lender\u2019s transfer reference.' }),
  }),
});

const RequestWriteOffInput = builder.inputType('RequestLoanWriteOffInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    loanId: t.id({ required: true }),
    writtenOffOn: t.field({ type: 'Date', required: true }),
    reason: t.string({ required: true }),
  }),
});

const DecideRequestInput = builder.inputType('DecideLoanRequestInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    requestId: t.id({ required: true }),
    approve: t.boolean({ required: true }),
    reason: t.string({ description: 'Required to reject.' }),
  }),
});

const RepaymentInput = builder.inputType('RecordLoanRepaymentInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    loanId: t.id({ required: true }),
    amount: t.field({
      type: 'Decimal',
      required: true,
      description: 'In the loan\u2019s currency; at most what is due.',
    }),
    paidOn: t.field({ type: 'Date', required: true }),
  }),
});

const ReverseEventInput = builder.inputType('ReverseLoanEventInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    eventId: t.id({ required: true, description: 'A manual repayment, or a write-off to undo.' }),
    reason: t.string({ required: true }),
    reversedOn: t.field({ type: 'Date', description: 'Default today.' }),
  }),
});

const CallGuaranteeInput = builder.inputType('CallGuaranteeInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    loanId: t.id({ required: true }),
    calledOn: t.field({ type: 'Date', required: true }),
  }),
});

const CreateCreditLineInput = builder.inputType('CreateCreditLineInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    code: t.string({ required: true }),
    lenderId: t.id({ required: true }),
    currency: t.field({ type: CurrencyEnum, required: true }),
    limit: t.field({ type: 'Decimal', required: true }),
    convention: t.field({ type: ConventionEnum, required: true }),
    ratePercent: t.field({ type: 'Decimal', required: true }),
    opensOn: t.field({ type: 'Date', required: true }),
    maturesOn: t.field({ type: 'Date', required: true }),
  }),
});

const LineMovementInput = builder.inputType('CreditLineMovementInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    lineId: t.id({ required: true }),
    amount: t.field({ type: 'Decimal', required: true }),
    on: t.field({ type: 'Date', required: true }),
  }),
});

const RecordExchangeRateInput = builder.inputType('RecordExchangeRateInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    base: t.field({ type: CurrencyEnum, required: true }),
    quote: t.field({ type: CurrencyEnum, required: true }),
    rate: t.field({
      type: 'Decimal',
      required: true,
      description: 'Units of `quote` per 1 `base`, at most 6 decimals.',
    }),
    ratedOn: t.field({ type: 'Date', required: true }),
    source: t.string({ required: true }),
  }),
});

builder.mutationFields((t) => {
  const m = <I, O>(description: string, type: unknown, input: unknown, run: (ctx: AuthedContext, input: I) => O) =>
    t.withAuth({ authenticated: true }).field({
      type: type as never,
      description,
      errors: { types: MUTATION_ERRORS },
      args: { input: t.arg({ type: input as never, required: true }) },
      resolve: (_r: unknown, args: { input: I }, ctx: AuthedContext) => run(ctx, args.input) as never,
    } as never);
  return {
    createLender: m(
      'Records a bank, COPAC or social investor (admins).',
      LenderPayload,
      CreateLenderInput,
      createLender,
    ),
    setEndorsementLimit: m(
      'Sets the most the consortium endorses for a cooperative\u2019s campaign loans in a campaign and currency (admins; once).',
      AckPayload,
      SetEndorsementLimitInput,
      setEndorsementLimit,
    ),
    createCampaignLoan: m(
      'Records a signed campaign loan and the consortium\u2019s endorsement, within the cooperative\u2019s limit (admins).',
      LoanPayload,
      CreateCampaignLoanInput,
      createCampaignLoan,
    ),
    requestLoanDisbursement: m(
      'Asks for a disbursement; a second, different admin approves it with decideLoanRequest (admins).',
      RequestPayload,
      RequestDisbursementInput,
      requestLoanDisbursement,
    ),
    requestLoanWriteOff: m(
      'Asks to write a loan off; a second, different admin approves it (admins).',
      RequestPayload,
      RequestWriteOffInput,
      requestLoanWriteOff,
    ),
    decideLoanRequest: m(
      'Approves (carrying it out) or rejects a disbursement or write-off; never by the admin who asked.',
      RequestPayload,
      DecideRequestInput,
      decideLoanRequest,
    ),
    recordLoanRepayment: m(
      'A repayment outside a sale, or a prepayment: fees, interest to the day, then principal (admins).',
      EventPayload,
      RepaymentInput,
      recordLoanRepayment,
    ),
    reverseLoanEvent: m(
      'Takes back a manual repayment or undoes a write-off; later repayments are split again in date order (admins).',
      EventPayload,
      ReverseEventInput,
      reverseLoanEvent,
    ),
    callGuarantee: m(
      'The consortium pays the lender under its endorsement once the loan is late enough, and takes a receivable on the cooperative (admins).',
      EventPayload,
      CallGuaranteeInput,
      callGuarantee,
    ),
    createCreditLine: m(
      'Records an investor\u2019s credit line to the consortium (admins).',
      LinePayload,
      CreateCreditLineInput,
      createCreditLine,
    ),
    drawCreditLine: m(
      'Draws on a credit line; refused beyond its limit (admins).',
      LineMovementPayload,
      LineMovementInput,
      drawCreditLine,
    ),
    repayCreditLine: m(
      'Repays a credit line: interest to the day, then principal (admins).',
      LineMovementPayload,
      LineMovementInput,
      repayCreditLine,
    ),
    recordExchangeRate: m(
      'Records an exchange rate with its date and source (admins), e.g. for settling loans in another currency.',
      AckPayload,
      RecordExchangeRateInput,
      recordExchangeRate,
    ),
  };
});
