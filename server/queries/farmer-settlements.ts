/**
 * What a cooperative owes each of its farmers for a campaign: delivered kg,
 * advances paid (net of recoveries), credits from settled sales, and the
 * balance, split into what to pay and what the farmer still owes (carried,
 * never paid negatively). Read in three statements; money as bigint.
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { minorFromText } from '../domain/money.js';
import { settlementLineCountsOn } from './settlement-summary.js';

export interface FarmerSettlementRow {
  farmerId: number;
  nationalId: string;
  fullName: string;
  deliveredG: number;
  lots: number;
  advances: bigint;
  credits: bigint;
  /** credits − advances: positive is owed to the farmer. */
  balance: bigint;
  toPay: bigint;
  carriedDebt: bigint;
}

export function farmerSettlements(
  db: Queryable,
  cooperativeId: number,
  campaignId: number,
  asOf: string,
): FarmerSettlementRow[] {
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
  // Advances: the farmer_balance lines of advance entries (and their reversals) on the campaign's lots.
  const advances = db.all<{ farmerId: number; amount: string }>(sql`
    select a.owner_id as farmerId, jl.amount_minor as amount
    from journal_lines jl join journal_entries e on e.id = jl.entry_id join ledger_accounts a on a.id = jl.account_id
    join lots l on l.id = jl.lot_id
    left join journal_entries r on r.id = e.reverses_entry_id
    where a.purpose = 'farmer_balance' and a.owner_type = 'farmer' and l.cooperative_id = ${cooperativeId}
      and l.campaign_id = ${campaignId} and e.occurred_on <= ${asOf}
      and (e.kind = 'farmer_advance' or r.kind = 'farmer_advance')`);
  // Credits: the farmers' lines of settlements of the campaign's contracts.
  const credits = db.all<{ farmerId: number; amount: string }>(sql`
    select sl.farmer_id as farmerId, sl.amount_minor as amount
    from settlement_lines sl join sale_payments p on p.id = sl.payment_id
    join sale_deliveries d on d.id = p.delivery_id join sales_contracts c on c.id = d.contract_id
    where sl.kind = 'farmer' and sl.cooperative_id = ${cooperativeId} and c.campaign_id = ${campaignId} and ${settlementLineCountsOn(asOf)}`);
  const sumBy = (rows: { farmerId: number; amount: string }[]) => {
    const m = new Map<number, bigint>();
    for (const r of rows) m.set(r.farmerId, (m.get(r.farmerId) ?? 0n) + minorFromText(r.amount));
    return m;
  };
  const adv = sumBy(advances);
  const cred = sumBy(credits);
  return farmers.map((f) => {
    const a = adv.get(f.farmerId) ?? 0n;
    const c = cred.get(f.farmerId) ?? 0n;
    const balance = c - a;
    return {
      ...f,
      advances: a,
      credits: c,
      balance,
      toPay: balance > 0n ? balance : 0n,
      carriedDebt: balance < 0n ? -balance : 0n,
    };
  });
}
