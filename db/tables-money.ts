/**
 * What a cooperative owes its farmers across campaigns, and what it paid
 * them (docs/settlement.md, "What the cooperative owes a farmer" and
 * "Paying farmers"). Append-only: a payout is corrected by its reversal.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { cooperatives, farmers, harvestCampaigns, journalEntries, users } from './schema.js';

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const nettingRules = ['all_open_balances', 'campaign_only'] as const;

/**
 * How a cooperative nets its farmers' earlier debt against a campaign's
 * credits (set once per cooperative and campaign; without a row the rule is
 * `all_open_balances`).
 */
export const farmerNettingRules = sqliteTable(
  'farmer_netting_rules',
  {
    id: integer('id').primaryKey(),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => harvestCampaigns.id),
    rule: text('rule', { enum: nettingRules }).notNull(),
    setBy: integer('set_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('farmer_netting_rules_uq').on(t.cooperativeId, t.campaignId)],
);

export const payoutMethods = [
  'cash',
  'cash_via_collector',
  'bank_transfer',
  'mobile_money',
  'cheque',
  'offset',
] as const;
export const payoutPurposes = ['advance', 'settlement_instalment', 'premium'] as const;

/** A payout run: one cooperative paying many farmers from its settlement list, all or nothing. */
export const farmerPayoutRuns = sqliteTable('farmer_payout_runs', {
  id: integer('id').primaryKey(),
  cooperativeId: integer('cooperative_id')
    .notNull()
    .references(() => cooperatives.id),
  campaignId: integer('campaign_id')
    .notNull()
    .references(() => harvestCampaigns.id),
  paidOn: text('paid_on').notNull(),
  recordedBy: integer('recorded_by')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
});

/**
 * Money handed to a farmer (or set off against a debt), clearing what the
 * cooperative owes them: one `farmer_payout` ledger entry each.
 */
export const farmerPayouts = sqliteTable(
  'farmer_payouts',
  {
    id: integer('id').primaryKey(),
    farmerId: integer('farmer_id')
      .notNull()
      .references(() => farmers.id),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    /** The campaign whose settlement list it pays from (the netting rule is that campaign's). */
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => harvestCampaigns.id),
    runId: integer('run_id').references(() => farmerPayoutRuns.id),
    paidOn: text('paid_on').notNull(),
    currency: text('currency').notNull(),
    amountMinor: text('amount_minor').notNull(),
    method: text('method', { enum: payoutMethods }).notNull(),
    purpose: text('purpose', { enum: payoutPurposes }).notNull(),
    /** The bank or mobile-money transaction id, the cheque number, the collector's receipt. */
    reference: text('reference'),
    /** Who handed the money over (a cashier, a collector), as written on the receipt. */
    paidBy: text('paid_by').notNull(),
    entryId: integer('entry_id')
      .notNull()
      .references(() => journalEntries.id),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('farmer_payouts_farmer_idx').on(t.farmerId, t.paidOn),
    index('farmer_payouts_run_idx').on(t.runId),
    check('farmer_payouts_amount_ck', sql`${t.amountMinor} glob '[1-9]*' and ${t.amountMinor} not glob '*[^0-9]*'`),
  ],
);

/** A payout taken back (a returned transfer, a bounced cheque), with why. At most one per payout. */
export const farmerPayoutReversals = sqliteTable('farmer_payout_reversals', {
  id: integer('id').primaryKey(),
  payoutId: integer('payout_id')
    .notNull()
    .unique()
    .references(() => farmerPayouts.id),
  reversedOn: text('reversed_on').notNull(),
  reason: text('reason').notNull(),
  entryId: integer('entry_id')
    .notNull()
    .references(() => journalEntries.id),
  recordedBy: integer('recorded_by')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
});
