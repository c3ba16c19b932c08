/**
 * The ledger in GraphQL: money values, journal entries and their lines, the
 * trial balance, farmer statements, advance prices. Thin: the rules are in
 * server/domain/ledger.ts, money.ts and advances.ts; reads in
 * server/queries/ledger.ts; writes in server/services/ledger.ts and advances.ts.
 */
import { sql } from 'drizzle-orm';
import { type Currency, CURRENCIES, formatAmount, minorFromText } from '../server/domain/money.js';
import { ACCOUNT_PURPOSES, type AccountPurpose } from '../server/domain/ledger.js';
import { ForbiddenError, InvalidInputError } from '../server/domain/errors.js';
import { isCalendarDate } from '../server/domain/time.js';
import {
  NETTING_RULES,
  type NettingRule,
  type OwedSplit,
  farmerMovement,
  owedSplit,
} from '../server/domain/farmer-balance.js';
import { nettingRuleOf } from '../server/queries/farmer-balances.js';
import { type AccountBalance, type StatementLine, accountBalances, farmerMovements } from '../server/queries/ledger.js';
import type { MutationOutcome } from '../server/services/mutation.js';
import { type AdvancePriceRef, setAdvancePrice } from '../server/services/advances.js';
import { type EntryRef, reverseJournalEntry } from '../server/services/ledger.js';
import { decodeId } from '../server/lib/global-id.js';
import { type Context, builder } from './builder.js';
import { WeightRef, dbEnumOf } from './common.js';
import { Farmer } from './cooperative.js';
import { MUTATION_ERRORS } from './errors.js';
import { principalOf, todayOf } from './helpers.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './lot-mutations.js';
import { Lot } from './lot.js';
import { HarvestCampaign } from './organizations.js';

export const CurrencyEnum = builder.enumType('Currency', {
  description: 'ISO 4217 currency.',
  values: Object.fromEntries(Object.keys(CURRENCIES).map((c) => [c, { value: c }])) as Record<
    Currency,
    { value: Currency }
  >,
});

export interface MoneyValue {
  currency: Currency;
  minor: bigint;
}

export const MoneyRef = builder.objectRef<MoneyValue>('Money').implement({
  description:
    'An amount of money: integer minor units (cents, céntimos) with its currency. `amount` is exact, with the currency\u2019s decimals; never a float.',
  fields: (t) => ({
    currency: t.field({ type: CurrencyEnum, resolve: (m) => m.currency }),
    amount: t.field({
      type: 'Decimal',
      description: 'Major units, e.g. "4005.62".',
      resolve: (m) => formatAmount(m.minor, m.currency),
    }),
    minorUnits: t.string({
      description: 'Integer minor units as text (may exceed 32 bits).',
      resolve: (m) => m.minor.toString(),
    }),
  }),
});

export const NettingRuleEnum = dbEnumOf(
  'FarmerNettingRule',
  NETTING_RULES,
  'How a cooperative nets a farmer\u2019s earlier debt against a campaign\u2019s credits (docs/settlement.md).',
);

const OwnerTypeEnum = dbEnumOf(
  'AccountOwnerType',
  ['consortium', 'cooperative', 'farmer', 'lender', 'buyer'] as const,
  'Who a ledger account belongs to.',
);
const PurposeEnum = dbEnumOf(
  'AccountPurpose',
  Object.keys(ACCOUNT_PURPOSES) as AccountPurpose[],
  'What a ledger account is for (docs/ledger.md).',
);

/** Journals are the books: admins and auditors read them; others read statements. */
function readsBooks(ctx: Context): boolean {
  return ctx.principal?.role === 'admin' || ctx.principal?.role === 'auditor';
}

export const LedgerAccount = builder.drizzleObject('ledgerAccounts', {
  name: 'LedgerAccount',
  fields: (t) => ({
    code: t.exposeString('code', { description: '`<owner type>:<owner id>:<purpose>:<currency>`.' }),
    ownerType: t.field({ type: OwnerTypeEnum, resolve: (a) => a.ownerType }),
    ownerId: t.exposeInt('ownerId', {
      nullable: true,
      description: 'The owner\u2019s row id; null for the consortium.',
    }),
    purpose: t.field({ type: PurposeEnum, resolve: (a) => a.purpose as AccountPurpose }),
    currency: t.field({ type: CurrencyEnum, resolve: (a) => a.currency as Currency }),
  }),
});

builder.drizzleObject('journalLines', {
  name: 'JournalLine',
  fields: (t) => ({
    account: t.relation('account'),
    amount: t.field({
      type: MoneyRef,
      description: 'Signed: positive is a debit, negative a credit.',
      resolve: (l) => ({ currency: l.currency as Currency, minor: minorFromText(l.amountMinor) }),
    }),
    memo: t.exposeString('memo', { nullable: true }),
    lot: t.relation('lot', { nullable: true, description: 'The lot the amount is about.' }),
  }),
});

export const JournalEntry = builder.drizzleNode('journalEntries', {
  name: 'JournalEntry',
  description: 'A balanced journal entry: per currency its lines sum to zero. Never edited; corrected by a reversal.',
  id: { column: (e) => e.id },
  authScopes: (_e, ctx) => readsBooks(ctx),
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'farmer_advance, reversal, ... (docs/ledger.md).' }),
    occurredOn: t.field({ type: 'Date', resolve: (e) => e.occurredOn }),
    postedAt: t.field({ type: 'DateTime', resolve: (e) => e.postedAt }),
    description: t.exposeString('description'),
    sourceType: t.exposeString('sourceType', { nullable: true }),
    lines: t.relation('lines', { query: { orderBy: { id: 'asc' } } }),
    reverses: t.relation('reverses', { nullable: true, description: 'The entry this one reverses.' }),
    reversedBy: t.relation('reversedBy', { nullable: true, description: 'The entry that reversed this one, if any.' }),
  }),
});

const CurrencyTotalsRef = builder
  .objectRef<{ currency: Currency; debits: bigint; credits: bigint }>('CurrencyTrialTotals')
  .implement({
    fields: (t) => ({
      currency: t.field({ type: CurrencyEnum, resolve: (c) => c.currency }),
      debits: t.field({ type: MoneyRef, resolve: (c) => ({ currency: c.currency, minor: c.debits }) }),
      credits: t.field({ type: MoneyRef, resolve: (c) => ({ currency: c.currency, minor: c.credits }) }),
      balanced: t.boolean({ description: 'Debits equal credits.', resolve: (c) => c.debits === c.credits }),
    }),
  });

const AccountBalanceRef = builder.objectRef<AccountBalance>('AccountBalance').implement({
  fields: (t) => ({
    code: t.string({ resolve: (a) => a.code }),
    ownerType: t.field({ type: OwnerTypeEnum, resolve: (a) => a.ownerType }),
    ownerId: t.int({ nullable: true, resolve: (a) => a.ownerId }),
    purpose: t.field({ type: PurposeEnum, resolve: (a) => a.purpose }),
    debits: t.field({ type: MoneyRef, resolve: (a) => ({ currency: a.currency, minor: a.debits }) }),
    credits: t.field({ type: MoneyRef, resolve: (a) => ({ currency: a.currency, minor: a.credits }) }),
    balance: t.field({
      type: MoneyRef,
      description: 'Debits − credits (negative: a credit balance).',
      resolve: (a) => ({ currency: a.currency, minor: a.balance }),
    }),
  }),
});

interface TrialBalance {
  asOf: string | null;
  accounts: AccountBalance[];
}

const TrialBalanceRef = builder.objectRef<TrialBalance>('TrialBalance').implement({
  description: 'Every account\u2019s balance as of a date, and per currency Σ debits = Σ credits.',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', nullable: true, resolve: (b) => b.asOf }),
    balanced: t.boolean({
      description: 'True when, in every currency, the balances net to zero.',
      resolve: (b) => totalsOf(b.accounts).every((c) => c.debits === c.credits),
    }),
    currencies: t.field({ type: [CurrencyTotalsRef], resolve: (b) => totalsOf(b.accounts) }),
    accounts: t.field({ type: [AccountBalanceRef], resolve: (b) => b.accounts }),
  }),
});

/** Per currency: Σ debit balances and Σ credit balances of the accounts. */
function totalsOf(accounts: readonly AccountBalance[]) {
  const m = new Map<Currency, { currency: Currency; debits: bigint; credits: bigint }>();
  for (const a of accounts) {
    const c = m.get(a.currency) ?? { currency: a.currency, debits: 0n, credits: 0n };
    if (a.balance > 0n) c.debits += a.balance;
    else c.credits -= a.balance;
    m.set(a.currency, c);
  }
  return [...m.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

function checkDate(value: string | null | undefined, path: string[]): string | null {
  if (value == null) return null;
  if (!isCalendarDate(value))
    throw InvalidInputError.single(path, 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  return value;
}

export const FarmerMovementEnum = dbEnumOf(
  'FarmerMovement',
  [
    'advance',
    'advance_recovered',
    'sale_credit',
    'sale_credit_reversed',
    'payout',
    'payout_reversed',
    'other',
  ] as const,
  'What a line on a farmer\u2019s account is: an advance or its recovery, a sale credit or its reversal, a payout or its reversal.',
);

const StatementLineRef = builder.objectRef<StatementLine & { balance: bigint }>('FarmerStatementLine').implement({
  fields: (t) => ({
    occurredOn: t.field({ type: 'Date', resolve: (l) => l.occurredOn }),
    kind: t.string({ resolve: (l) => l.kind }),
    movement: t.field({ type: FarmerMovementEnum, resolve: (l) => farmerMovement(l.kind, l.reversesKind) }),
    change: t.field({
      type: MoneyRef,
      description: 'What this line changes in what is owed to the farmer (negative: it lowers it).',
      resolve: (l) => ({ currency: l.currency, minor: -l.minor }),
    }),
    reversedCredit: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'A sale credit taken back (its payment was reversed): no money left the cooperative.',
      resolve: (l) =>
        farmerMovement(l.kind, l.reversesKind) === 'sale_credit_reversed'
          ? { currency: l.currency, minor: l.minor }
          : null,
    }),
    description: t.string({ resolve: (l) => l.description }),
    lot: t.drizzleField({
      type: Lot,
      nullable: true,
      resolve: (query, l, _a, ctx) =>
        l.lotId == null ? null : ctx.db.query.lots.findFirst(query({ where: { id: l.lotId } })).then((x) => x ?? null),
    }),
    paidToFarmer: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        'Money the farmer received (an advance, a payout). A sale credit taken back is `reversedCredit`, never this.',
      resolve: (l) =>
        l.minor > 0n && farmerMovement(l.kind, l.reversesKind) !== 'sale_credit_reversed'
          ? { currency: l.currency, minor: l.minor }
          : null,
    }),
    creditedToFarmer: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'The farmer\u2019s share of a settled sale, an advance given back, or a payout taken back.',
      resolve: (l) => (l.minor < 0n ? { currency: l.currency, minor: -l.minor } : null),
    }),
    owedToFarmer: t.field({
      type: MoneyRef,
      description:
        'The running balance after this line: what the cooperative owes the farmer (negative: the farmer owes).',
      resolve: (l) => ({ currency: l.currency, minor: l.balance }),
    }),
  }),
});

interface Statement {
  farmerId: number;
  rule: NettingRule;
  campaign: { id: number; startsOn: string };
  from: string;
  to: string;
  currencies: {
    currency: Currency;
    opening: bigint;
    lines: (StatementLine & { balance: bigint })[];
    closing: bigint;
    split: OwedSplit;
  }[];
}

const CurrencyStatementRef = builder.objectRef<Statement['currencies'][number]>('FarmerStatementCurrency').implement({
  fields: (t) => ({
    currency: t.field({ type: CurrencyEnum, resolve: (c) => c.currency }),
    openingOwedToFarmer: t.field({ type: MoneyRef, resolve: (c) => ({ currency: c.currency, minor: c.opening }) }),
    lines: t.field({ type: [StatementLineRef], resolve: (c) => c.lines }),
    advancesPaid: t.field({
      type: MoneyRef,
      description: 'Advances paid in the period, net of advances recovered.',
      resolve: (c) => ({
        currency: c.currency,
        minor: c.lines
          .filter((l) => l.kind === 'farmer_advance' || l.reversesKind === 'farmer_advance')
          .reduce((a, l) => a + l.minor, 0n),
      }),
    }),
    closingOwedToFarmer: t.field({
      type: MoneyRef,
      description:
        'What the cooperative owes the farmer at the end of the period; negative: what the farmer owes (carried, never paid negatively).',
      resolve: (c) => ({ currency: c.currency, minor: c.closing }),
    }),
    payoutsPaid: t.field({
      type: MoneyRef,
      description: 'Payouts in the period, net of payouts reversed.',
      resolve: (c) => ({
        currency: c.currency,
        minor: c.lines
          .filter((l) => l.kind === 'farmer_payout' || l.reversesKind === 'farmer_payout')
          .reduce((a, l) => a + l.minor, 0n),
      }),
    }),
    toPay: t.field({
      type: MoneyRef,
      description:
        'What the cooperative is to pay the farmer now under its netting rule: the same figure as the settlement CSV\u2019s to_pay.',
      resolve: (c) => ({ currency: c.currency, minor: c.split.toPay }),
    }),
    carriedDebt: t.field({
      type: MoneyRef,
      description: 'What the farmer still owes, carried (toPay − carriedDebt = closingOwedToFarmer).',
      resolve: (c) => ({ currency: c.currency, minor: c.split.carriedDebt }),
    }),
  }),
});

const StatementRef = builder.objectRef<Statement>('FarmerStatement').implement({
  description:
    'What a farmer would be handed: deliveries in the campaign, and every movement on their account with the running balance.',
  fields: (t) => ({
    from: t.field({ type: 'Date', resolve: (s) => s.from }),
    to: t.field({ type: 'Date', resolve: (s) => s.to }),
    nettingRule: t.field({
      type: NettingRuleEnum,
      description: 'How the cooperative nets earlier debt against this campaign (docs/settlement.md).',
      resolve: (s) => s.rule,
    }),
    deliveries: t.drizzleField({
      type: [Lot],
      description: 'The farmer\u2019s lots in the campaign received up to the statement\u2019s end, oldest first.',
      resolve: (query, s, _a, ctx) =>
        ctx.db.query.lots.findMany(
          query({
            where: { farmerId: s.farmerId, campaignId: s.campaign.id, receivedOn: { lte: s.to } },
            orderBy: { receivedAt: 'asc', id: 'asc' },
          }),
        ),
    }),
    delivered: t.field({
      type: WeightRef,
      description:
        'Net weight of the campaign\u2019s lots received up to the statement\u2019s end, rejected ones excluded.',
      resolve: (s, _a, ctx) =>
        ctx.db.get<{ g: number }>(sql`select coalesce(sum(net_g), 0) as g from lots where farmer_id = ${s.farmerId}
          and campaign_id = ${s.campaign.id} and status <> 'rejected' and received_on <= ${s.to}`).g,
    }),
    currencies: t.field({ type: [CurrencyStatementRef], resolve: (s) => s.currencies }),
  }),
});

builder.drizzleObjectFields(Farmer, (t) => ({
  statement: t.field({
    type: StatementRef,
    description:
      'The farmer\u2019s statement for a campaign, from its first day to `to` (default today). Admins, auditors and the farmer\u2019s own cooperative manager.',
    args: { campaignId: t.arg.id({ required: true }), to: t.arg({ type: 'Date' }) },
    resolve: async (f, args, ctx) => {
      const p = principalOf(ctx);
      if (
        !(
          p.role === 'admin' ||
          p.role === 'auditor' ||
          (p.role === 'cooperative_manager' && p.cooperativeId === f.cooperativeId)
        )
      ) {
        throw new ForbiddenError('farmer statements are for admins, auditors and the farmer\u2019s cooperative');
      }
      const campaignId = decodeId(args.campaignId, 'HarvestCampaign', ['campaignId']);
      const campaign = await ctx.db.query.harvestCampaigns.findFirst({ where: { id: campaignId } });
      if (!campaign) throw InvalidInputError.single(['campaignId'], 'NOT_FOUND', 'no such harvest campaign');
      const to = checkDate(args.to, ['to']) ?? todayOf(ctx);
      if (to < campaign.startsOn) {
        throw InvalidInputError.single(
          ['to'],
          'BEFORE_CAMPAIGN',
          `must not be before the campaign\u2019s first day ${campaign.startsOn}`,
        );
      }
      const { opening, lines } = farmerMovements(ctx.db, f.id, campaign.startsOn, to);
      const currencies = [...new Set([...opening.keys(), ...lines.map((l) => l.currency)])].sort();
      const rule = nettingRuleOf(ctx.db, f.cooperativeId, campaign.id);
      return {
        farmerId: f.id,
        rule,
        campaign,
        from: campaign.startsOn,
        to,
        currencies: currencies.map((currency) => {
          // The farmer's account is credit-normal: owed to the farmer = −(debits − credits).
          let owed = -(opening.get(currency) ?? 0n);
          const start = owed;
          const own = lines.filter((l) => l.currency === currency).map((l) => ({ ...l, balance: (owed -= l.minor) }));
          return { currency, opening: start, lines: own, closing: owed, split: owedSplit(rule, start, owed) };
        }),
      };
    },
  }),
}));

const AdvancePrice = builder.drizzleObject('advancePrices', {
  name: 'AdvancePrice',
  description: 'A cooperative\u2019s advance per kg of net weight, paid to farmers at delivery, from a date.',
  fields: (t) => ({
    cooperative: t.relation('cooperative'),
    campaign: t.relation('campaign'),
    currency: t.field({ type: CurrencyEnum, resolve: (a) => a.currency as Currency }),
    pricePerKg: t.field({ type: 'Decimal', resolve: (a) => a.pricePerKg }),
    effectiveFrom: t.field({ type: 'Date', resolve: (a) => a.effectiveFrom }),
  }),
});

builder.drizzleObjectFields(Lot, (t) => ({
  advancePaid: t.loadable({
    type: MoneyRef,
    nullable: true,
    description: 'The advance paid to the farmer for this lot, net of any recovered; null when none was paid.',
    load: async (ids: number[], ctx) => {
      const rows = ctx.db.all<{ lotId: number; currency: Currency; amount: string }>(sql`
        select jl.lot_id as lotId, jl.currency as currency, jl.amount_minor as amount from journal_lines jl
        join journal_entries e on e.id = jl.entry_id join ledger_accounts a on a.id = jl.account_id
        left join journal_entries r on r.id = e.reverses_entry_id
        where jl.lot_id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )}) and a.purpose = 'farmer_balance'
          and (e.kind = 'farmer_advance' or r.kind = 'farmer_advance')`);
      return ids.map((id) => {
        const own = rows.filter((r) => r.lotId === id);
        return own.length === 0
          ? null
          : { currency: own[0]!.currency, minor: own.reduce((a, r) => a + minorFromText(r.amount), 0n) };
      });
    },
    resolve: (l) => l.id,
  }),
}));

builder.queryFields((t) => ({
  trialBalance: t.withAuth({ authenticated: true }).field({
    type: TrialBalanceRef,
    description:
      'Every account\u2019s balance as of a date (default: everything), with totals per currency. Admins and auditors.',
    args: { asOf: t.arg({ type: 'Date' }) },
    resolve: (_r, args, ctx) => {
      if (!readsBooks(ctx)) throw new ForbiddenError('the books are for admins and auditors');
      const asOf = checkDate(args.asOf, ['asOf']);
      return { asOf, accounts: accountBalances(ctx.db, asOf) };
    },
  }),
  journalEntries: t.withAuth({ authenticated: true }).drizzleConnection(
    {
      type: 'journalEntries',
      description: 'Journal entries, newest first. Admins and auditors.',
      args: { kind: t.arg.string(), from: t.arg({ type: 'Date' }), to: t.arg({ type: 'Date' }) },
      resolve: (query, _r, args, ctx) => {
        if (!readsBooks(ctx)) throw new ForbiddenError('the books are for admins and auditors');
        const from = checkDate(args.from, ['from']);
        const to = checkDate(args.to, ['to']);
        return ctx.db.query.journalEntries.findMany(
          query({
            where: {
              ...(args.kind ? { kind: args.kind } : {}),
              ...(from || to ? { occurredOn: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {}),
            },
            orderBy: { occurredOn: 'desc', id: 'desc' },
          }),
        );
      },
    },
    { name: 'JournalEntryConnection' },
    { name: 'JournalEntryEdge' },
  ),
}));

builder.drizzleObjectFields(HarvestCampaign, (t) => ({
  advancePrices: t.field({
    type: [AdvancePrice],
    description:
      'Advance prices set for the campaign, by cooperative and date. A manager sees their own cooperative\u2019s.',
    resolve: (c, _a, ctx) => {
      const p = principalOf(ctx);
      if (p.role === 'lender' || p.role === 'plant_staff') return [];
      return ctx.db.query.advancePrices.findMany({
        where: { campaignId: c.id, ...(p.role === 'cooperative_manager' ? { cooperativeId: p.cooperativeId! } : {}) },
        orderBy: { cooperativeId: 'asc', effectiveFrom: 'asc', id: 'asc' },
      });
    },
  }),
}));

const SetAdvancePriceInput = builder.inputType('SetAdvancePriceInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    cooperativeId: t.id({ required: true }),
    campaignId: t.id({ required: true }),
    pricePerKg: t.field({ type: 'Decimal', required: true, description: 'Per kg of net weight, at most 4 decimals.' }),
    currency: t.field({ type: CurrencyEnum, required: true }),
    effectiveFrom: t.field({
      type: 'Date',
      required: true,
      description: 'Lots received from this day on (within the campaign).',
    }),
  }),
});

const ReverseJournalEntryInput = builder.inputType('ReverseJournalEntryInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    entryId: t.id({ required: true }),
    reason: t.string({ required: true }),
    occurredOn: t.field({ type: 'Date', description: 'Defaults to today; not before the entry\u2019s own date.' }),
  }),
});

const SetAdvancePricePayload = builder.objectRef<MutationOutcome<AdvancePriceRef>>('SetAdvancePricePayload').implement({
  fields: (t) => ({
    advancePrice: t.field({
      type: AdvancePrice,
      resolve: (o, _a, ctx) => ctx.db.query.advancePrices.findFirst({ where: { id: o.result.id } }).then((r) => r!),
    }),
    replayed: t.boolean({ resolve: (o) => o.replayed }),
  }),
});

const ReverseJournalEntryPayload = builder
  .objectRef<MutationOutcome<EntryRef>>('ReverseJournalEntryPayload')
  .implement({
    fields: (t) => ({
      reversal: t.drizzleField({
        type: JournalEntry,
        resolve: (query, o, _a, ctx) =>
          ctx.db.query.journalEntries.findFirst(query({ where: { id: o.result.id } })).then((r) => r!),
      }),
      replayed: t.boolean({ resolve: (o) => o.replayed }),
    }),
  });

builder.mutationFields((t) => ({
  setAdvancePrice: t.withAuth({ authenticated: true }).field({
    type: SetAdvancePricePayload,
    description:
      'Sets a cooperative\u2019s advance per kg for a campaign from a date (its manager, or an admin). Lots recorded afterwards are paid it at intake.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: SetAdvancePriceInput, required: true }) },
    resolve: (_r, { input }, ctx) => setAdvancePrice(ctx, input),
  }),
  reverseJournalEntry: t.withAuth({ authenticated: true }).field({
    type: ReverseJournalEntryPayload,
    description:
      'Reverses a journal entry with a reason (admins). A reversal cannot itself be reversed, nor an entry twice.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: ReverseJournalEntryInput, required: true }) },
    resolve: (_r, { input }, ctx) => reverseJournalEntry(ctx, input),
  }),
}));
