/**
 * Totals over settlements: per cooperative (its statement) and per campaign
 * (what the consortium sold, received, charged, and paid on to cooperatives
 * and farmers). Money summed as bigint from text; a fixed number of statements.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { type Currency, minorFromText } from '../domain/money.js';

export type Totals = Map<string, bigint>;

/**
 * A settlement line (alias `sl`) counts on `asOf` when the entry that posted
 * it is dated on or before it and was not reversed by then (a payment's
 * reversal, or its settling again after an earlier payment's reversal).
 * Balances as of a past date therefore show what was true then.
 */
export function settlementLineCountsOn(asOf: string): SQL {
  return sql`exists (select 1 from journal_entries se where se.id = sl.entry_id and se.occurred_on <= ${asOf})
    and not exists (select 1 from journal_entries rv where rv.reverses_entry_id = sl.entry_id and rv.occurred_on <= ${asOf})`;
}

/** A payment (alias `p`) counts on `asOf` when received by then and not reversed by then. */
export function paymentCountsOn(asOf: string): SQL {
  return sql`p.received_on <= ${asOf}
    and not exists (select 1 from sale_payment_reversals pr where pr.payment_id = p.id and pr.reversed_on <= ${asOf})`;
}

export interface SettlementTotals {
  /** Per currency, per settlement line kind (share, premium, processing_fee, commission, loan_repayment, retention, farmers, farmer). */
  byKind: Map<Currency, Totals>;
  gramsSold: number;
  payments: number;
}

/** Settlement lines of the campaign's contracts (one cooperative, or all), received on or before `asOf`. */
export function settlementTotals(
  db: Queryable,
  campaignId: number,
  asOf: string,
  cooperativeId: number | null,
): SettlementTotals {
  const rows = db.all<{ kind: string; currency: Currency; amount: string }>(sql`
    select sl.kind as kind, sl.currency as currency, sl.amount_minor as amount
    from settlement_lines sl join sale_payments p on p.id = sl.payment_id
    join sale_deliveries d on d.id = p.delivery_id join sales_contracts c on c.id = d.contract_id
    where c.campaign_id = ${campaignId} and ${settlementLineCountsOn(asOf)}
      and ${cooperativeId === null ? sql`1` : sql`sl.cooperative_id = ${cooperativeId}`}`);
  const byKind = new Map<Currency, Totals>();
  for (const r of rows) {
    const t = byKind.get(r.currency) ?? new Map<string, bigint>();
    t.set(r.kind, (t.get(r.kind) ?? 0n) + minorFromText(r.amount));
    byKind.set(r.currency, t);
  }
  const sold = db.get<{ g: number; payments: number }>(sql`
    select coalesce((select sum(st.grams) from sale_takes st join sale_deliveries d on d.id = st.delivery_id
        join sales_contracts c on c.id = d.contract_id
        where c.campaign_id = ${campaignId} and d.delivered_on <= ${asOf}
          and ${cooperativeId === null ? sql`1` : sql`st.cooperative_id = ${cooperativeId}`}), 0) as g,
      (select count(distinct p.id) from sale_payments p join sale_deliveries d on d.id = p.delivery_id
        join sales_contracts c on c.id = d.contract_id
        join settlement_lines sl on sl.payment_id = p.id
        where c.campaign_id = ${campaignId} and ${settlementLineCountsOn(asOf)}
          and ${cooperativeId === null ? sql`1` : sql`sl.cooperative_id = ${cooperativeId}`}) as payments`);
  return { byKind, gramsSold: sold.g, payments: sold.payments };
}

export interface InvoiceTotals {
  currency: Currency;
  invoiced: bigint;
  received: bigint;
}

/** What the campaign's deliveries invoiced and what buyers paid, per currency. */
export function invoiceTotals(db: Queryable, campaignId: number, asOf: string): InvoiceTotals[] {
  const deliveries = db.all<{ currency: Currency; value: string; premium: string }>(sql`
    select d.currency as currency, d.value_minor as value, d.premium_minor as premium
    from sale_deliveries d join sales_contracts c on c.id = d.contract_id
    where c.campaign_id = ${campaignId} and d.delivered_on <= ${asOf}`);
  const payments = db.all<{ currency: Currency; amount: string }>(sql`
    select p.currency as currency, p.amount_minor as amount
    from sale_payments p join sale_deliveries d on d.id = p.delivery_id join sales_contracts c on c.id = d.contract_id
    where c.campaign_id = ${campaignId} and ${paymentCountsOn(asOf)}`);
  const m = new Map<Currency, InvoiceTotals>();
  const at = (c: Currency) => m.get(c) ?? (m.set(c, { currency: c, invoiced: 0n, received: 0n }), m.get(c)!);
  for (const d of deliveries) at(d.currency).invoiced += minorFromText(d.value) + minorFromText(d.premium);
  for (const p of payments) at(p.currency).received += minorFromText(p.amount);
  return [...m.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Advances paid on the campaign's lots (one cooperative, or all), net of recoveries, per currency. */
export function advanceTotals(
  db: Queryable,
  campaignId: number,
  asOf: string,
  cooperativeId: number | null,
): Map<Currency, bigint> {
  const rows = db.all<{ currency: Currency; amount: string }>(sql`
    select jl.currency as currency, jl.amount_minor as amount
    from journal_lines jl join journal_entries e on e.id = jl.entry_id join ledger_accounts a on a.id = jl.account_id
    join lots l on l.id = jl.lot_id left join journal_entries r on r.id = e.reverses_entry_id
    where a.purpose = 'farmer_balance' and l.campaign_id = ${campaignId} and e.occurred_on <= ${asOf}
      and (e.kind = 'farmer_advance' or r.kind = 'farmer_advance')
      and ${cooperativeId === null ? sql`1` : sql`l.cooperative_id = ${cooperativeId}`}`);
  const m = new Map<Currency, bigint>();
  for (const r of rows) m.set(r.currency, (m.get(r.currency) ?? 0n) + minorFromText(r.amount));
  return m;
}
