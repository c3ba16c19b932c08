/**
 * What a cooperative owes each of its farmers, for its settlement list of a
 * campaign: delivered kg of the campaign, and the farmer's account (across
 * every campaign) from the campaign's first day to the date: the opening
 * balance earlier campaigns left, advances, sale credits and payouts since,
 * the balance, split into what to pay and what the farmer still owes under
 * the cooperative's netting rule. Derived from `farmerBalances`, the one
 * source (docs/settlement.md); money as bigint.
 */
import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { harvestCampaigns } from '../../db/schema.js';
import type { NettingRule } from '../domain/farmer-balance.js';
import type { Currency } from '../domain/money.js';
import { settings } from './consortium.js';
import {
  type FarmerBalance,
  cooperativeFarmers,
  farmerBalances,
  nettingRuleOf,
  zeroBalance,
} from './farmer-balances.js';

export interface FarmerSettlementRow {
  farmerId: number;
  nationalId: string;
  fullName: string;
  deliveredG: number;
  lots: number;
  /** Owed to the farmer before the campaign's first day (negative: a debt carried in). */
  opening: bigint;
  advances: bigint;
  credits: bigint;
  payouts: bigint;
  other: bigint;
  /** Owed to the farmer as of the date, across every campaign: the ledger's balance. */
  balance: bigint;
  toPay: bigint;
  carriedDebt: bigint;
}

export interface FarmerSettlementList {
  currency: Currency;
  rule: NettingRule;
  rows: FarmerSettlementRow[];
}

export function farmerSettlementList(
  db: Queryable,
  cooperativeId: number,
  campaignId: number,
  asOf: string,
): FarmerSettlementList {
  const campaign = db.select().from(harvestCampaigns).where(eq(harvestCampaigns.id, campaignId)).get();
  if (!campaign) throw new Error(`harvest campaign ${campaignId} not found`);
  const currency = settings(db).baseCurrency as Currency;
  const rule = nettingRuleOf(db, cooperativeId, campaignId);
  const farmers = db.all<{
    farmerId: number;
    nationalId: string;
    fullName: string;
    deliveredG: number;
    lots: number;
  }>(sql`
    select f.id as farmerId, f.national_id as nationalId, f.full_name as fullName,
      coalesce(sum(case when l.status <> 'rejected' and l.received_on <= ${asOf} then l.net_g end), 0) as deliveredG,
      count(case when l.status <> 'rejected' and l.received_on <= ${asOf} then l.id end) as lots
    from farmers f left join lots l on l.farmer_id = f.id and l.campaign_id = ${campaignId}
    where f.cooperative_id = ${cooperativeId}
    group by f.id order by f.full_name, f.id`);
  const balances = farmerBalances(db, cooperativeFarmers(cooperativeId), campaign.startsOn, asOf, currency, rule);
  return {
    currency,
    rule,
    rows: farmers.map((f) => {
      const b: FarmerBalance = balances.get(f.farmerId) ?? zeroBalance(f.farmerId, currency);
      return {
        ...f,
        opening: b.opening,
        advances: b.advances,
        credits: b.saleCredits,
        payouts: b.payouts,
        other: b.other,
        balance: b.balance,
        toPay: b.toPay,
        carriedDebt: b.carriedDebt,
      };
    }),
  };
}

/** The rows of `farmerSettlementList`. */
export function farmerSettlements(
  db: Queryable,
  cooperativeId: number,
  campaignId: number,
  asOf: string,
): FarmerSettlementRow[] {
  return farmerSettlementList(db, cooperativeId, campaignId, asOf).rows;
}
