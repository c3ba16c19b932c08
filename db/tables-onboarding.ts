/**
 * Tables of the onboarding milestone (issue 12): a farmer's moves between
 * cooperatives. Master data itself lives in db/schema.ts.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { cooperatives, farmers, users } from './schema.js';

/**
 * A farmer's move to another cooperative, from a date. Lots keep the
 * cooperative they were delivered to (`lots.cooperative_id`); lots received
 * on or after `effective_on` are the new cooperative's. Append-only.
 */
export const farmerTransfers = sqliteTable(
  'farmer_transfers',
  {
    id: integer('id').primaryKey(),
    farmerId: integer('farmer_id')
      .notNull()
      .references(() => farmers.id),
    fromCooperativeId: integer('from_cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    toCooperativeId: integer('to_cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    effectiveOn: text('effective_on').notNull(),
    reason: text('reason'),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    index('farmer_transfers_farmer_idx').on(t.farmerId, t.effectiveOn),
    check('farmer_transfers_other_ck', sql`${t.fromCooperativeId} <> ${t.toCooperativeId}`),
  ],
);
