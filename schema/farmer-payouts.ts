/**
 * Paying farmers in GraphQL: the netting rule, payouts and payout runs,
 * their reversal, and where a payout's receipt is printed. Thin over
 * server/services/farmer-payouts.ts; the rules are in docs/settlement.md.
 */
import { payoutMethods, payoutPurposes } from '../db/tables-money.js';
import type { Principal } from '../server/auth/policy.js';
import type { Currency } from '../server/domain/money.js';
import {
  type NettingRuleRef,
  type PayoutRef,
  type PayoutRunRef,
  recordFarmerPayout,
  recordFarmerPayoutRun,
  reverseFarmerPayout,
  setFarmerNettingRule,
} from '../server/services/farmer-payouts.js';
import type { MutationOutcome } from '../server/services/mutation.js';
import { builder } from './builder.js';
import { dbEnumOf } from './common.js';
import { Farmer } from './cooperative.js';
import { MUTATION_ERRORS } from './errors.js';
import { MoneyRef, NettingRuleEnum } from './ledger.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './lot-mutations.js';

export const PayoutMethodEnum = dbEnumOf(
  'PayoutMethod',
  payoutMethods,
  'How a farmer was paid: cash, cash through a collector, bank transfer, mobile money, cheque, or set off against a debt the farmer owes the cooperative.',
);
export const PayoutPurposeEnum = dbEnumOf(
  'PayoutPurpose',
  payoutPurposes,
  'What a payout is for: an advance on the farmer\u2019s credited balance, an instalment of the settlement, the farmer\u2019s premium.',
);

/** Payouts are read by admins, auditors and the cooperative's own manager. */
export function readsPayoutsOf(p: Principal, cooperativeId: number): boolean {
  return (
    p.role === 'admin' ||
    p.role === 'auditor' ||
    (p.role === 'cooperative_manager' && p.cooperativeId === cooperativeId)
  );
}

export const FarmerPayout = builder.drizzleNode('farmerPayouts', {
  name: 'FarmerPayout',
  description: 'Money paid to a farmer (or set off against their debt), clearing what the cooperative owed them.',
  id: { column: (p) => p.id },
  authScopes: (p, ctx) => ctx.principal !== null && readsPayoutsOf(ctx.principal, p.cooperativeId),
  fields: (t) => ({
    farmer: t.relation('farmer'),
    cooperative: t.relation('cooperative'),
    campaign: t.relation('campaign'),
    paidOn: t.field({ type: 'Date', resolve: (p) => p.paidOn }),
    amount: t.field({
      type: MoneyRef,
      resolve: (p) => ({ currency: p.currency as Currency, minor: BigInt(p.amountMinor) }),
    }),
    method: t.field({ type: PayoutMethodEnum, resolve: (p) => p.method }),
    purpose: t.field({ type: PayoutPurposeEnum, resolve: (p) => p.purpose }),
    reference: t.exposeString('reference', { nullable: true }),
    paidBy: t.exposeString('paidBy', { description: 'Who handed the money over, as on the receipt.' }),
    entry: t.relation('entry'),
    reversedOn: t.field({
      type: 'Date',
      nullable: true,
      resolve: (p, _a, ctx) =>
        ctx.db.query.farmerPayoutReversals.findFirst({ where: { payoutId: p.id } }).then((r) => r?.reversedOn ?? null),
    }),
    reversalReason: t.string({
      nullable: true,
      resolve: (p, _a, ctx) =>
        ctx.db.query.farmerPayoutReversals.findFirst({ where: { payoutId: p.id } }).then((r) => r?.reason ?? null),
    }),
    receiptPath: t.string({
      description:
        'Where the printable receipt is served (HTML, Spanish by default; `?lang=en` for English), with the same bearer token.',
      resolve: (p) => `/receipts/farmer-payouts/${p.id}`,
    }),
  }),
});

const FarmerPayoutRun = builder.drizzleObject('farmerPayoutRuns', {
  name: 'FarmerPayoutRun',
  description: 'A cooperative paying many farmers at once from its settlement list: all its payouts, or none.',
  fields: (t) => ({
    paidOn: t.field({ type: 'Date', resolve: (r) => r.paidOn }),
    payouts: t.relation('payouts', { query: { orderBy: { id: 'asc' } } }),
    total: t.field({
      type: MoneyRef,
      nullable: true,
      resolve: (r, _a, ctx) =>
        ctx.db.query.farmerPayouts
          .findMany({ where: { runId: r.id } })
          .then((ps) =>
            ps.length === 0
              ? null
              : { currency: ps[0]!.currency as Currency, minor: ps.reduce((a, p) => a + BigInt(p.amountMinor), 0n) },
          ),
    }),
  }),
});

builder.drizzleObjectFields(Farmer, (t) => ({
  payouts: t.field({
    type: [FarmerPayout],
    description:
      'Payouts to the farmer, oldest first (reversed ones included, with `reversedOn`). Admins, auditors, the cooperative\u2019s manager; others get an empty list.',
    resolve: (f, _a, ctx) =>
      ctx.principal !== null && readsPayoutsOf(ctx.principal, f.cooperativeId)
        ? ctx.db.query.farmerPayouts.findMany({ where: { farmerId: f.id }, orderBy: { paidOn: 'asc', id: 'asc' } })
        : [],
  }),
}));

const payoutPayload = (name: string) =>
  builder.objectRef<MutationOutcome<PayoutRef>>(name).implement({
    fields: (t) => ({
      payout: t.drizzleField({
        type: FarmerPayout,
        resolve: (query, o, _a, ctx) =>
          ctx.db.query.farmerPayouts.findFirst(query({ where: { id: o.result.id } })).then((r) => r!),
      }),
      replayed: t.boolean({ resolve: (o) => o.replayed }),
    }),
  });
const RecordFarmerPayoutPayload = payoutPayload('RecordFarmerPayoutPayload');
const ReverseFarmerPayoutPayload = payoutPayload('ReverseFarmerPayoutPayload');

const RecordFarmerPayoutRunPayload = builder
  .objectRef<MutationOutcome<PayoutRunRef>>('RecordFarmerPayoutRunPayload')
  .implement({
    fields: (t) => ({
      run: t.drizzleField({
        type: FarmerPayoutRun,
        resolve: (query, o, _a, ctx) =>
          ctx.db.query.farmerPayoutRuns.findFirst(query({ where: { id: o.result.id } })).then((r) => r!),
      }),
      replayed: t.boolean({ resolve: (o) => o.replayed }),
    }),
  });

const SetFarmerNettingRulePayload = builder
  .objectRef<MutationOutcome<NettingRuleRef>>('SetFarmerNettingRulePayload')
  .implement({
    fields: (t) => ({
      rule: t.field({
        type: NettingRuleEnum,
        resolve: (o, _a, ctx) =>
          ctx.db.query.farmerNettingRules.findFirst({ where: { id: o.result.id } }).then((r) => r!.rule),
      }),
      replayed: t.boolean({ resolve: (o) => o.replayed }),
    }),
  });

const payoutCommon = {
  campaignId: { description: 'The campaign whose settlement list the payout pays from (its netting rule applies).' },
} as const;

const RecordFarmerPayoutInput = builder.inputType('RecordFarmerPayoutInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    farmerId: t.id({ required: true }),
    campaignId: t.id({ required: true, description: payoutCommon.campaignId.description }),
    amount: t.field({
      type: 'Decimal',
      required: true,
      description: 'Never more than the farmer is to be paid (toPay).',
    }),
    method: t.field({ type: PayoutMethodEnum, required: true }),
    purpose: t.field({ type: PayoutPurposeEnum, required: true }),
    reference: t.string({
      description: 'The bank or mobile-money transaction id, the cheque number; required for those methods.',
    }),
    paidBy: t.string({ required: true, description: 'Who handed the money over.' }),
    paidOn: t.field({ type: 'Date', description: 'Defaults to today; not before the farmer\u2019s latest posting.' }),
  }),
});

const PayoutRunLineInput = builder.inputType('FarmerPayoutRunLineInput', {
  fields: (t) => ({
    farmerId: t.id({ required: true }),
    amount: t.field({ type: 'Decimal', description: 'Default: all the farmer is to be paid on the day.' }),
    reference: t.string(),
  }),
});

const RecordFarmerPayoutRunInput = builder.inputType('RecordFarmerPayoutRunInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    cooperativeId: t.id({ required: true }),
    campaignId: t.id({ required: true, description: payoutCommon.campaignId.description }),
    method: t.field({ type: PayoutMethodEnum, required: true }),
    purpose: t.field({ type: PayoutPurposeEnum, required: true }),
    paidBy: t.string({ required: true }),
    paidOn: t.field({ type: 'Date' }),
    lines: t.field({
      type: [PayoutRunLineInput],
      description: 'Default: every farmer on the settlement list with something to pay, each their whole toPay.',
    }),
  }),
});

const ReverseFarmerPayoutInput = builder.inputType('ReverseFarmerPayoutInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    payoutId: t.id({ required: true }),
    reason: t.string({ required: true }),
    reversedOn: t.field({ type: 'Date', description: 'Defaults to today; not before the payout.' }),
  }),
});

const SetFarmerNettingRuleInput = builder.inputType('SetFarmerNettingRuleInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    cooperativeId: t.id({ required: true }),
    campaignId: t.id({ required: true }),
    rule: t.field({ type: NettingRuleEnum, required: true }),
  }),
});

builder.mutationFields((t) => ({
  setFarmerNettingRule: t.withAuth({ authenticated: true }).field({
    type: SetFarmerNettingRulePayload,
    description:
      'How a cooperative nets its farmers\u2019 earlier debt in a campaign (its manager or an admin); once, before its first payout in the campaign.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: SetFarmerNettingRuleInput, required: true }) },
    resolve: (_r, { input }, ctx) => setFarmerNettingRule(ctx, input),
  }),
  recordFarmerPayout: t.withAuth({ authenticated: true }).field({
    type: RecordFarmerPayoutPayload,
    description:
      'Records money paid to one farmer (the cooperative\u2019s manager or an admin): a ledger entry clearing what is owed; never more than toPay.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordFarmerPayoutInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordFarmerPayout(ctx, input),
  }),
  recordFarmerPayoutRun: t.withAuth({ authenticated: true }).field({
    type: RecordFarmerPayoutRunPayload,
    description:
      'Pays many farmers of a cooperative at once from its settlement list: all or nothing; a bad line refuses the run and is named by its path.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordFarmerPayoutRunInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordFarmerPayoutRun(ctx, input),
  }),
  reverseFarmerPayout: t.withAuth({ authenticated: true }).field({
    type: ReverseFarmerPayoutPayload,
    description:
      'Takes a payout back (a returned transfer, a bounced cheque), with a reason; the farmer is owed it again.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: ReverseFarmerPayoutInput, required: true }) },
    resolve: (_r, { input }, ctx) => reverseFarmerPayout(ctx, input),
  }),
}));
