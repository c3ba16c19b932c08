/**
 * The one answer to "what does the cooperative owe this farmer": the
 * farmer's ledger account across every campaign, as of a date. The CSV, the
 * cooperative's statement and the farmer's statement are all read from here
 * (docs/settlement.md, "What the cooperative owes a farmer"). Money is read
 * as text and summed as bigint, never with SQL SUM.
 */
import { type SQL, and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { harvestCampaigns } from '../../db/schema.js';
import { farmerNettingRules } from '../../db/tables-money.js';
import { settings } from './consortium.js';
import {
  DEFAULT_NETTING_RULE,
  type FarmerMovement,
  type NettingRule,
  type OwedSplit,
  farmerMovement,
  owedSplit,
} from '../domain/farmer-balance.js';
import { type Currency, minorFromText } from '../domain/money.js';

/** A farmer's account from a campaign's first day to a date; all "owed to the farmer" (positive: the cooperative owes). */
export interface FarmerBalance extends OwedSplit {
  farmerId: number;
  currency: Currency;
  /** Owed before the campaign's first day: what earlier campaigns left open. */
  opening: bigint;
  /** Advances paid since, net of advances recovered. */
  advances: bigint;
  /** Sale credits since, net of sale credits reversed. */
  saleCredits: bigint;
  /** Payouts since, net of payouts reversed. */
  payouts: bigint;
  /** Anything else credited since (manual corrections). */
  other: bigint;
  /** Owed as of the date: opening + saleCredits − advances − payouts + other; the ledger's balance. */
  balance: bigint;
}

/** The netting rule a cooperative chose for a campaign, or the default. */
export function nettingRuleOf(db: Queryable, cooperativeId: number, campaignId: number): NettingRule {
  const row = db
    .select({ rule: farmerNettingRules.rule })
    .from(farmerNettingRules)
    .where(and(eq(farmerNettingRules.cooperativeId, cooperativeId), eq(farmerNettingRules.campaignId, campaignId)))
    .get();
  return row?.rule ?? DEFAULT_NETTING_RULE;
}

/**
 * Every farmer's balance in `scope` (`a` is the account, `jl` the line), in one statement: lines dated on or
 * before `asOf`, split at `from`. Farmers without lines are absent (their balance is zero).
 */
export function farmerBalances(
  db: Queryable,
  scope: SQL,
  from: string,
  asOf: string,
  currency: Currency,
  rule: NettingRule,
): Map<number, FarmerBalance> {
  const rows = db.all<{
    farmerId: number;
    occurredOn: string;
    kind: string;
    reversesKind: string | null;
    amount: string;
  }>(
    sql`select a.owner_id as farmerId, e.occurred_on as occurredOn, e.kind as kind, r.kind as reversesKind,
        jl.amount_minor as amount
      from journal_lines jl join journal_entries e on e.id = jl.entry_id join ledger_accounts a on a.id = jl.account_id
      left join journal_entries r on r.id = e.reverses_entry_id
      where a.owner_type = 'farmer' and a.purpose = 'farmer_balance' and a.currency = ${currency}
        and e.occurred_on <= ${asOf} and ${scope}`,
  );
  const out = new Map<number, FarmerBalance>();
  for (const r of rows) {
    let b = out.get(r.farmerId);
    if (!b) {
      b = {
        farmerId: r.farmerId,
        currency,
        opening: 0n,
        advances: 0n,
        saleCredits: 0n,
        payouts: 0n,
        other: 0n,
        balance: 0n,
        toPay: 0n,
        carriedDebt: 0n,
      };
      out.set(r.farmerId, b);
    }
    // The account is credit-normal: a debit (positive) lowers what is owed to the farmer.
    const owed = -minorFromText(r.amount);
    b.balance += owed;
    if (r.occurredOn < from) {
      b.opening += owed;
      continue;
    }
    const m: FarmerMovement = farmerMovement(r.kind, r.reversesKind);
    if (m === 'advance' || m === 'advance_recovered') b.advances -= owed;
    else if (m === 'sale_credit' || m === 'sale_credit_reversed') b.saleCredits += owed;
    else if (m === 'payout' || m === 'payout_reversed') b.payouts -= owed;
    else b.other += owed;
  }
  for (const b of out.values()) Object.assign(b, owedSplit(rule, b.opening, b.balance));
  return out;
}

/** An empty balance, for a farmer with no lines. */
export function zeroBalance(farmerId: number, currency: Currency): FarmerBalance {
  return {
    farmerId,
    currency,
    opening: 0n,
    advances: 0n,
    saleCredits: 0n,
    payouts: 0n,
    other: 0n,
    balance: 0n,
    toPay: 0n,
    carriedDebt: 0n,
  };
}

export const cooperativeFarmers = (cooperativeId: number): SQL =>
  sql`a.owner_id in (select id from farmers where cooperative_id = ${cooperativeId})`;
export const oneFarmer = (farmerId: number): SQL => sql`a.owner_id = ${farmerId}`;

/** What the farmer's account says on `on`: owed in total and to pay now under the campaign's rule, and its latest posting. */
export function owedOn(db: Queryable, farmerId: number, cooperativeId: number, campaignId: number, on: string) {
  const campaign = db.select().from(harvestCampaigns).where(eq(harvestCampaigns.id, campaignId)).get()!;
  const currency = settings(db).baseCurrency as Currency;
  const rule = nettingRuleOf(db, cooperativeId, campaignId);
  const b = farmerBalances(db, oneFarmer(farmerId), campaign.startsOn, on, currency, rule).get(farmerId);
  const latest = db.get<{ on: string | null }>(sql`select max(e.occurred_on) as "on" from journal_lines jl
    join journal_entries e on e.id = jl.entry_id join ledger_accounts a on a.id = jl.account_id
    where a.owner_type = 'farmer' and a.owner_id = ${farmerId} and a.purpose = 'farmer_balance'`).on;
  return { currency, rule, toPay: b?.toPay ?? 0n, balance: b?.balance ?? 0n, latestPosting: latest };
}
