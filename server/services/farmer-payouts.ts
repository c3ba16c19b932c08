/**
 * Paying farmers what the cooperative owes them (docs/settlement.md, "Paying
 * farmers"): the netting rule, a single payout, a payout run (all or
 * nothing), and a payout's reversal. Each payout is one `farmer_payout`
 * ledger entry: debit the farmer's balance (clearing what is owed), credit
 * the cooperative's cash (or, set off against a debt, its receivable).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { cooperatives, farmers, harvestCampaigns } from '../../db/schema.js';
import {
  farmerNettingRules,
  farmerPayoutReversals,
  farmerPayoutRuns,
  farmerPayouts,
  payoutMethods,
  payoutPurposes,
} from '../../db/tables-money.js';
import type { Principal } from '../auth/policy.js';
import { ConflictError, ForbiddenError, InvalidInputError, IssueList, NotFoundError } from '../domain/errors.js';
import { NETTING_RULES, type NettingRule } from '../domain/farmer-balance.js';
import { hasControlCharacters } from '../domain/lot.js';
import { type Currency, amountSyntaxError, formatAmount, parseAmount } from '../domain/money.js';
import { isCalendarDate, localDateOf } from '../domain/time.js';
import { decodeId } from '../lib/global-id.js';
import { farmerBalances, nettingRuleOf, owedOn } from '../queries/farmer-balances.js';
import type { ServiceContext } from './context.js';
import { type Poster, postEntry, reverseEntry } from './ledger.js';
import { settings } from '../queries/consortium.js';
import { type MutationOutcome, runMutation } from './mutation.js';

export type PayoutMethod = (typeof payoutMethods)[number];
export type PayoutPurpose = (typeof payoutPurposes)[number];
export type PayoutRef = { type: 'FarmerPayout'; id: number };
export type PayoutRunRef = { type: 'FarmerPayoutRun'; id: number };
export type NettingRuleRef = { type: 'FarmerNettingRule'; id: number };

/** Methods whose payment leaves a trace the receipt must name. */
const NEEDS_REFERENCE: readonly PayoutMethod[] = ['bank_transfer', 'mobile_money', 'cheque'];

/** Admins any cooperative; a manager their own. Others are refused outright. */
function assertPaysFor(p: Principal, cooperativeId: number | null): void {
  if (p.role === 'admin') return;
  if (p.role === 'cooperative_manager' && (cooperativeId === null || p.cooperativeId === cooperativeId)) return;
  throw new ForbiddenError('farmer payouts are recorded by an admin or the cooperative\u2019s own manager');
}

function checkText(issues: IssueList, path: string[], value: string | null | undefined, what: string, max: number) {
  if (value == null) return null;
  const v = value.normalize('NFC').trim();
  if (v.length < 1 || v.length > max || hasControlCharacters(v))
    issues.add(path, 'INVALID_TEXT', `${what} must be 1 to ${max} printable characters`);
  return v;
}

// ---------------------------------------------------------------------------
// The netting rule
// ---------------------------------------------------------------------------

export interface SetNettingRuleInput {
  idempotencyKey: string;
  cooperativeId: string;
  campaignId: string;
  rule: string;
}

/**
 * A cooperative chooses, once per campaign and before its first payout in it,
 * how earlier farmer debt is netted (`RULE_SET`, `ALREADY_PAID`).
 */
export function setFarmerNettingRule(ctx: ServiceContext, input: SetNettingRuleInput): MutationOutcome<NettingRuleRef> {
  const { idempotencyKey, ...payload } = input;
  const coopId = decodeId(input.cooperativeId, 'Cooperative', ['input', 'cooperativeId']);
  const campaignId = decodeId(input.campaignId, 'HarvestCampaign', ['input', 'campaignId']);
  assertPaysFor(ctx.principal, coopId);
  if (!(NETTING_RULES as readonly string[]).includes(input.rule))
    throw InvalidInputError.single(['input', 'rule'], 'UNKNOWN_RULE', `must be one of ${NETTING_RULES.join(', ')}`);
  return runMutation(ctx, 'setFarmerNettingRule', idempotencyKey, payload, (tx) => {
    if (!tx.select({ id: cooperatives.id }).from(cooperatives).where(eq(cooperatives.id, coopId)).get())
      throw new NotFoundError(['input', 'cooperativeId'], input.cooperativeId, 'cooperative');
    if (!tx.select({ id: harvestCampaigns.id }).from(harvestCampaigns).where(eq(harvestCampaigns.id, campaignId)).get())
      throw new NotFoundError(['input', 'campaignId'], input.campaignId, 'harvest campaign');
    const prior = tx
      .select()
      .from(farmerNettingRules)
      .where(and(eq(farmerNettingRules.cooperativeId, coopId), eq(farmerNettingRules.campaignId, campaignId)))
      .get();
    if (prior) throw new ConflictError('RULE_SET', `the netting rule for this campaign is already ${prior.rule}`);
    const paid = tx
      .select({ id: farmerPayouts.id })
      .from(farmerPayouts)
      .where(and(eq(farmerPayouts.cooperativeId, coopId), eq(farmerPayouts.campaignId, campaignId)))
      .get();
    if (paid)
      throw new ConflictError(
        'ALREADY_PAID',
        'farmers were already paid under the default rule in this campaign; the rule is chosen before the first payout',
      );
    const row = tx
      .insert(farmerNettingRules)
      .values({ cooperativeId: coopId, campaignId, rule: input.rule as NettingRule, setBy: ctx.principal.userId })
      .returning({ id: farmerNettingRules.id })
      .get();
    return { type: 'FarmerNettingRule', id: row.id };
  });
}

// ---------------------------------------------------------------------------
// Payouts
// ---------------------------------------------------------------------------

export interface PayoutCommon {
  campaignId: string;
  method: string;
  purpose: string;
  paidBy: string;
  /** Defaults to today (consortium time zone). */
  paidOn?: string | null;
}

export interface RecordFarmerPayoutInput extends PayoutCommon {
  idempotencyKey: string;
  farmerId: string;
  amount: string;
  reference?: string | null;
}

export interface PayoutRunLineInput {
  farmerId: string;
  /** Default: all the farmer is owed (to_pay) on the day. */
  amount?: string | null;
  reference?: string | null;
}

export interface RecordFarmerPayoutRunInput extends PayoutCommon {
  idempotencyKey: string;
  cooperativeId: string;
  /** Default: every farmer the settlement list says is owed, each their whole to_pay. */
  lines?: PayoutRunLineInput[] | null;
}

interface CheckedCommon {
  campaignId: number;
  method: PayoutMethod;
  purpose: PayoutPurpose;
  paidBy: string;
  paidOn: string | null;
}

function checkCommon(input: PayoutCommon, issues: IssueList): CheckedCommon {
  const campaignId = decodeId(input.campaignId, 'HarvestCampaign', ['input', 'campaignId']);
  if (!(payoutMethods as readonly string[]).includes(input.method))
    issues.add(['input', 'method'], 'UNKNOWN_METHOD', `must be one of ${payoutMethods.join(', ')}`);
  if (!(payoutPurposes as readonly string[]).includes(input.purpose))
    issues.add(['input', 'purpose'], 'UNKNOWN_PURPOSE', `must be one of ${payoutPurposes.join(', ')}`);
  const paidBy = checkText(issues, ['input', 'paidBy'], input.paidBy, 'who paid', 200) ?? '';
  if (input.paidOn != null && !isCalendarDate(input.paidOn))
    issues.add(['input', 'paidOn'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  return {
    campaignId,
    method: input.method as PayoutMethod,
    purpose: input.purpose as PayoutPurpose,
    paidBy,
    paidOn: input.paidOn ?? null,
  };
}

interface PayoutLine {
  farmer: typeof farmers.$inferSelect;
  amount: bigint;
  reference: string | null;
}

/** Checks one line against the books on `on`; adds its problems under `path`. Returns the amount, or null. */
function checkLine(
  tx: Tx,
  issues: IssueList,
  path: string[],
  line: { farmer: typeof farmers.$inferSelect; amount: string | null; reference: string | null },
  common: CheckedCommon,
  on: string,
  alreadyInRun: bigint,
): bigint | null {
  const owed = owedOn(tx, line.farmer.id, line.farmer.cooperativeId, common.campaignId, on);
  let amount: bigint;
  if (line.amount == null) {
    amount = owed.toPay - alreadyInRun;
    if (amount <= 0n) {
      issues.add([...path, 'farmerId'], 'NOTHING_OWED', `${line.farmer.fullName} is owed nothing to pay on ${on}`);
      return null;
    }
  } else {
    const why = amountSyntaxError(line.amount, owed.currency);
    if (why) {
      issues.add([...path, 'amount'], 'INVALID_AMOUNT', why);
      return null;
    }
    amount = parseAmount(line.amount, owed.currency);
    if (amount <= 0n) {
      issues.add([...path, 'amount'], 'NON_POSITIVE_AMOUNT', 'must be more than zero');
      return null;
    }
  }
  if (owed.latestPosting && on < owed.latestPosting) {
    issues.add(
      ['input', 'paidOn'],
      'BEFORE_LATER_POSTING',
      `${line.farmer.fullName}\u2019s account has a posting on ${owed.latestPosting}; a payout is dated on or after it`,
    );
    return null;
  }
  if (amount + alreadyInRun > owed.toPay) {
    issues.add(
      [...path, 'amount'],
      'ABOVE_OWED',
      `${line.farmer.fullName} is owed ${formatAmount(owed.toPay, owed.currency)} ${owed.currency} to pay on ${on} (${owed.rule}); ${formatAmount(amount + alreadyInRun, owed.currency)} asked`,
    );
    return null;
  }
  if (NEEDS_REFERENCE.includes(common.method) && !line.reference) {
    issues.add(
      [...path, 'reference'],
      'REFERENCE_REQUIRED',
      `a ${common.method.replace('_', ' ')} needs its reference`,
    );
    return null;
  }
  return amount;
}

function postPayout(p: Poster, line: PayoutLine, common: CheckedCommon, on: string, runId: number | null): number {
  const currency = settings(p.tx).baseCurrency as Currency;
  const f = line.farmer;
  const entryId = postEntry(p, {
    kind: 'farmer_payout',
    occurredOn: on,
    // The payout row points at its entry (entries are never updated, so the entry names the farmer).
    source: { type: 'farmer', id: f.id },
    description: `Payout to ${f.fullName} (${common.purpose.replace('_', ' ')}, ${common.method.replace(/_/g, ' ')}${line.reference ? ` ${line.reference}` : ''}): ${formatAmount(line.amount, currency)} ${currency}, paid by ${common.paidBy}`,
    lines: [
      {
        account: { ownerType: 'farmer', ownerId: f.id, purpose: 'farmer_balance', currency },
        minor: line.amount,
        memo: 'paid to farmer',
      },
      {
        account: {
          ownerType: 'cooperative',
          ownerId: f.cooperativeId,
          purpose: common.method === 'offset' ? 'receivable' : 'cash',
          currency,
        },
        minor: -line.amount,
        memo: common.method === 'offset' ? `set off against ${f.fullName}\u2019s debt` : `paid to ${f.fullName}`,
      },
    ],
  });
  const row = p.tx
    .insert(farmerPayouts)
    .values({
      farmerId: f.id,
      cooperativeId: f.cooperativeId,
      campaignId: common.campaignId,
      runId,
      paidOn: on,
      currency,
      amountMinor: line.amount.toString(),
      method: common.method,
      purpose: common.purpose,
      reference: line.reference,
      paidBy: common.paidBy,
      entryId,
      recordedBy: p.userId,
    })
    .returning({ id: farmerPayouts.id })
    .get();
  return row.id;
}

function today(ctx: ServiceContext, db: Queryable): string {
  return localDateOf(ctx.clock.now(), settings(db).timeZone);
}

function checkDay(on: string, todayIs: string, campaign: { startsOn: string }) {
  if (on > todayIs)
    throw InvalidInputError.single(['input', 'paidOn'], 'IN_FUTURE', `must not be after today (${todayIs})`);
  if (on < campaign.startsOn)
    throw InvalidInputError.single(
      ['input', 'paidOn'],
      'BEFORE_CAMPAIGN',
      `a payout from this campaign\u2019s list is dated on or after its first day ${campaign.startsOn}`,
    );
}

/** One payout to one farmer. Refused above what is owed (ABOVE_OWED) or to a farmer the caller cannot pay for. */
export function recordFarmerPayout(ctx: ServiceContext, input: RecordFarmerPayoutInput): MutationOutcome<PayoutRef> {
  assertPaysFor(ctx.principal, null);
  const { idempotencyKey, ...payload } = input;
  const farmerId = decodeId(input.farmerId, 'Farmer', ['input', 'farmerId']);
  const issues = new IssueList();
  const common = checkCommon(input, issues);
  const reference = checkText(issues, ['input', 'reference'], input.reference, 'the reference', 100);
  issues.throwIfAny();
  return runMutation(ctx, 'recordFarmerPayout', idempotencyKey, payload, (tx) => {
    const farmer = tx.select().from(farmers).where(eq(farmers.id, farmerId)).get();
    // A manager asking for another cooperative's farmer learns nothing: answered as a missing one.
    const p = ctx.principal;
    if (!farmer || (p.role === 'cooperative_manager' && p.cooperativeId !== farmer.cooperativeId))
      throw new NotFoundError(['input', 'farmerId'], input.farmerId, 'farmer');
    const campaign = tx.select().from(harvestCampaigns).where(eq(harvestCampaigns.id, common.campaignId)).get();
    if (!campaign) throw new NotFoundError(['input', 'campaignId'], input.campaignId, 'harvest campaign');
    const on = common.paidOn ?? today(ctx, tx);
    checkDay(on, today(ctx, tx), campaign);
    const lineIssues = new IssueList();
    const amount = checkLine(tx, lineIssues, ['input'], { farmer, amount: input.amount, reference }, common, on, 0n);
    lineIssues.throwIfAny();
    const id = postPayout(
      { tx, userId: p.userId, now: ctx.clock.now() },
      { farmer, amount: amount!, reference },
      common,
      on,
      null,
    );
    return { type: 'FarmerPayout', id };
  });
}

/**
 * A cooperative pays many farmers at once from its settlement list. Every
 * line is checked before anything is written; one bad line refuses the whole
 * run, each problem named by its line (`["input", "lines", "3", "amount"]`).
 */
export function recordFarmerPayoutRun(
  ctx: ServiceContext,
  input: RecordFarmerPayoutRunInput,
): MutationOutcome<PayoutRunRef> {
  const { idempotencyKey, ...payload } = input;
  const coopId = decodeId(input.cooperativeId, 'Cooperative', ['input', 'cooperativeId']);
  assertPaysFor(ctx.principal, coopId);
  const issues = new IssueList();
  const common = checkCommon(input, issues);
  const lines = (input.lines ?? []).map((l, i) => ({
    farmerId: decodeId(l.farmerId, 'Farmer', ['input', 'lines', String(i), 'farmerId']),
    amount: l.amount ?? null,
    reference: checkText(issues, ['input', 'lines', String(i), 'reference'], l.reference, 'the reference', 100),
  }));
  if (input.lines && input.lines.length === 0)
    issues.add(['input', 'lines'], 'EMPTY', 'a run pays at least one farmer');
  if (lines.length > 5000) issues.add(['input', 'lines'], 'TOO_MANY', 'at most 5000 lines a run');
  issues.throwIfAny();
  return runMutation(ctx, 'recordFarmerPayoutRun', idempotencyKey, payload, (tx) => {
    if (!tx.select({ id: cooperatives.id }).from(cooperatives).where(eq(cooperatives.id, coopId)).get())
      throw new NotFoundError(['input', 'cooperativeId'], input.cooperativeId, 'cooperative');
    const campaign = tx.select().from(harvestCampaigns).where(eq(harvestCampaigns.id, common.campaignId)).get();
    if (!campaign) throw new NotFoundError(['input', 'campaignId'], input.campaignId, 'harvest campaign');
    const on = common.paidOn ?? today(ctx, tx);
    checkDay(on, today(ctx, tx), campaign);
    const own = new Map(
      tx
        .select()
        .from(farmers)
        .where(eq(farmers.cooperativeId, coopId))
        .all()
        .map((f) => [f.id, f]),
    );
    let wanted = lines;
    if (!input.lines) {
      // The settlement list: every farmer with something to pay, in its order.
      const currency = settings(tx).baseCurrency as Currency;
      const rule = nettingRuleOf(tx, coopId, common.campaignId);
      const balances = farmerBalances(
        tx,
        sql`a.owner_id in (select id from farmers where cooperative_id = ${coopId})`,
        campaign.startsOn,
        on,
        currency,
        rule,
      );
      wanted = [...own.values()]
        .filter((f) => (balances.get(f.id)?.toPay ?? 0n) > 0n)
        .sort((a, b) => a.fullName.localeCompare(b.fullName) || a.id - b.id)
        .map((f) => ({ farmerId: f.id, amount: null, reference: null }));
      if (wanted.length === 0)
        throw InvalidInputError.single(
          ['input', 'lines'],
          'NOTHING_OWED',
          `no farmer of the cooperative is owed anything on ${on}`,
        );
    }
    const lineIssues = new IssueList();
    const inRun = new Map<number, bigint>();
    const checked: PayoutLine[] = [];
    wanted.forEach((l, i) => {
      const path = ['input', 'lines', String(i)];
      const farmer = own.get(l.farmerId);
      if (!farmer) {
        lineIssues.add([...path, 'farmerId'], 'NOT_IN_COOPERATIVE', 'no farmer of this cooperative has this ID');
        return;
      }
      const before = inRun.get(farmer.id) ?? 0n;
      const amount = checkLine(
        tx,
        lineIssues,
        path,
        { farmer, amount: l.amount, reference: l.reference },
        common,
        on,
        before,
      );
      if (amount !== null) {
        inRun.set(farmer.id, before + amount);
        checked.push({ farmer, amount, reference: l.reference });
      }
    });
    lineIssues.throwIfAny();
    const run = tx
      .insert(farmerPayoutRuns)
      .values({ cooperativeId: coopId, campaignId: common.campaignId, paidOn: on, recordedBy: ctx.principal.userId })
      .returning({ id: farmerPayoutRuns.id })
      .get();
    const poster = { tx, userId: ctx.principal.userId, now: ctx.clock.now() };
    for (const line of checked) postPayout(poster, line, common, on, run.id);
    return { type: 'FarmerPayoutRun', id: run.id };
  });
}

export interface ReverseFarmerPayoutInput {
  idempotencyKey: string;
  payoutId: string;
  reason: string;
  /** Defaults to today; never before the payout. */
  reversedOn?: string | null;
}

/** A payout taken back (a returned transfer, a bounced cheque): its entry reversed; the farmer is owed it again. */
export function reverseFarmerPayout(ctx: ServiceContext, input: ReverseFarmerPayoutInput): MutationOutcome<PayoutRef> {
  assertPaysFor(ctx.principal, null);
  const { idempotencyKey, ...payload } = input;
  const payoutId = decodeId(input.payoutId, 'FarmerPayout', ['input', 'payoutId']);
  const issues = new IssueList();
  const reason = input.reason.trim();
  if (reason.length < 3 || reason.length > 500 || hasControlCharacters(reason))
    issues.add(['input', 'reason'], 'INVALID_REASON', 'must be 3 to 500 printable characters');
  if (input.reversedOn != null && !isCalendarDate(input.reversedOn))
    issues.add(['input', 'reversedOn'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  issues.throwIfAny();
  return runMutation(ctx, 'reverseFarmerPayout', idempotencyKey, payload, (tx) => {
    const payout = tx.select().from(farmerPayouts).where(eq(farmerPayouts.id, payoutId)).get();
    const p = ctx.principal;
    if (!payout || (p.role === 'cooperative_manager' && p.cooperativeId !== payout.cooperativeId))
      throw new NotFoundError(['input', 'payoutId'], input.payoutId, 'farmer payout');
    const done = tx.select().from(farmerPayoutReversals).where(eq(farmerPayoutReversals.payoutId, payoutId)).get();
    if (done)
      throw new ConflictError(
        'ALREADY_REVERSED',
        `payout ${input.payoutId} was already reversed on ${done.reversedOn}`,
      );
    const todayIs = today(ctx, tx);
    const on = input.reversedOn ?? todayIs;
    if (on > todayIs)
      throw InvalidInputError.single(['input', 'reversedOn'], 'IN_FUTURE', `must not be after today (${todayIs})`);
    if (on < payout.paidOn)
      throw InvalidInputError.single(
        ['input', 'reversedOn'],
        'BEFORE_ORIGINAL',
        `the payout was made on ${payout.paidOn}`,
      );
    const entryId = reverseEntry(
      { tx, userId: p.userId, now: ctx.clock.now() },
      payout.entryId,
      `payout reversed: ${reason}`,
      on,
    );
    tx.insert(farmerPayoutReversals).values({ payoutId, reversedOn: on, reason, entryId, recordedBy: p.userId }).run();
    return { type: 'FarmerPayout', id: payoutId };
  });
}
