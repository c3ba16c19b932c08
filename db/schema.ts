/**
 * The database schema: one drizzle table per record kind.
 *
 * Conventions (see docs/data-model.md):
 * - weights are integer grams (`*_g`), areas integer square metres;
 * - rates and percentages are canonical decimal strings (`"12.5"`), never floats;
 * - dates are `YYYY-MM-DD` text, instants are fixed-width UTC ISO-8601 text
 *   (`2019-07-01T14:05:00.000Z`) so that text order is time order;
 * - rows that record facts are append-only; a lot's `status` is the only
 *   column a mutation moves forward, and every move is also an event row.
 */
import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const consortium = sqliteTable('consortium', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  country: text('country').notNull(),
  baseCurrency: text('base_currency').notNull(),
  timeZone: text('time_zone').notNull(),
  /** Lots above this moisture % may be rejected; campaigns may override it. */
  defaultMoistureLimitPct: text('default_moisture_limit_pct').notNull().default('12.5'),
  createdAt: createdAt(),
});

/** Banks, savings-and-credit cooperatives (COPACs) and social investors. */
export const lenders = sqliteTable(
  'lenders',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['bank', 'copac', 'social_investor'] }).notNull(),
    country: text('country').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('lenders_kind_ck', sql`${t.kind} in ('bank','copac','social_investor')`)],
);

export const cooperatives = sqliteTable(
  'cooperatives',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    region: text('region').notNull(),
    membership: text('membership', { enum: ['shareholder', 'affiliated'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('cooperatives_membership_ck', sql`${t.membership} in ('shareholder','affiliated')`),
  ],
);

/** A stake in the consortium, held by a cooperative or by an investor. */
export const shareholdings = sqliteTable(
  'shareholdings',
  {
    id: integer('id').primaryKey(),
    consortiumId: integer('consortium_id')
      .notNull()
      .references(() => consortium.id),
    cooperativeId: integer('cooperative_id').references(() => cooperatives.id),
    lenderId: integer('lender_id').references(() => lenders.id),
    stakePct: text('stake_pct').notNull(),
    since: text('since').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      'shareholdings_one_holder_ck',
      sql`(${t.cooperativeId} is null) <> (${t.lenderId} is null)`,
    ),
  ],
);

export const certificationSchemes = [
  'organic',
  'fairtrade',
  'rainforest_alliance',
  'cafe_practices',
  'bird_friendly',
] as const;

export const cooperativeCertifications = sqliteTable(
  'cooperative_certifications',
  {
    id: integer('id').primaryKey(),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    scheme: text('scheme', { enum: certificationSchemes }).notNull(),
    certificateNumber: text('certificate_number'),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('coop_cert_coop_idx').on(t.cooperativeId),
    check('coop_cert_dates_ck', sql`${t.validFrom} <= ${t.validTo}`),
  ],
);

export const farmers = sqliteTable(
  'farmers',
  {
    id: integer('id').primaryKey(),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    nationalId: text('national_id').notNull().unique(),
    fullName: text('full_name').notNull(),
    gender: text('gender', { enum: ['female', 'male', 'other'] }),
    joinedOn: text('joined_on'),
    createdAt: createdAt(),
  },
  (t) => [
    index('farmers_coop_idx').on(t.cooperativeId),
    check('farmers_gender_ck', sql`${t.gender} is null or ${t.gender} in ('female','male','other')`),
  ],
);

export const plots = sqliteTable(
  'plots',
  {
    id: integer('id').primaryKey(),
    farmerId: integer('farmer_id')
      .notNull()
      .references(() => farmers.id),
    name: text('name').notNull(),
    areaM2: integer('area_m2').notNull(),
    altitudeM: integer('altitude_m').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('plots_farmer_idx').on(t.farmerId),
    check('plots_area_ck', sql`${t.areaM2} > 0`),
  ],
);

export const farmerCertifications = sqliteTable(
  'farmer_certifications',
  {
    id: integer('id').primaryKey(),
    farmerId: integer('farmer_id')
      .notNull()
      .references(() => farmers.id),
    scheme: text('scheme', { enum: certificationSchemes }).notNull(),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('farmer_cert_farmer_idx').on(t.farmerId, t.scheme),
    check('farmer_cert_dates_ck', sql`${t.validFrom} <= ${t.validTo}`),
  ],
);

export const harvestCampaigns = sqliteTable(
  'harvest_campaigns',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    /** Overrides the consortium's default moisture limit for this campaign. */
    moistureLimitPct: text('moisture_limit_pct'),
    createdAt: createdAt(),
  },
  (t) => [check('campaign_dates_ck', sql`${t.startsOn} <= ${t.endsOn}`)],
);

/** The processing plant and the collection centres where lots are received. */
export const plants = sqliteTable(
  'plants',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['plant', 'collection_center'] }).notNull(),
    region: text('region').notNull(),
    /** Daily capacities; null where the site does not do that step (a collection centre hulls nothing). */
    hullingCapacityGPerDay: integer('hulling_capacity_g_per_day'),
    roastingCapacityGPerDay: integer('roasting_capacity_g_per_day'),
    packingCapacityUnitsPerDay: integer('packing_capacity_units_per_day'),
    createdAt: createdAt(),
  },
  // No CHECK on the capacities: SQLite cannot add one to an existing table
  // without rebuilding it, and a rebuild of a referenced table fails on a
  // populated database. Capacities are validated where they are written.
  (t) => [check('plants_kind_ck', sql`${t.kind} in ('plant','collection_center')`)],
);

/** Where stock sits at a site: a parchment store, a green coffee warehouse, a finished-goods room... */
export const warehouses = sqliteTable(
  'warehouses',
  {
    id: integer('id').primaryKey(),
    plantId: integer('plant_id')
      .notNull()
      .references(() => plants.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('warehouses_plant_code_uq').on(t.plantId, t.code)],
);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull().unique(),
    role: text('role', {
      enum: ['admin', 'cooperative_manager', 'plant_staff', 'lender', 'auditor'],
    }).notNull(),
    cooperativeId: integer('cooperative_id').references(() => cooperatives.id),
    plantId: integer('plant_id').references(() => plants.id),
    lenderId: integer('lender_id').references(() => lenders.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    // Each role is bound to exactly the organisation it acts for.
    check(
      'users_role_scope_ck',
      sql`(${t.role} = 'cooperative_manager') = (${t.cooperativeId} is not null)
        and (${t.role} = 'plant_staff') = (${t.plantId} is not null)
        and (${t.role} = 'lender') = (${t.lenderId} is not null)`,
    ),
  ],
);

/** Bearer tokens, stored as SHA-256 digests; the token itself is shown once. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, to tell tokens apart in listings. */
    prefix: text('prefix').notNull(),
    label: text('label'),
    createdAt: createdAt(),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

export const productForms = ['dried_parchment', 'green', 'cherry'] as const;
export const lotStatuses = ['received', 'graded', 'rejected'] as const;

export const lots = sqliteTable(
  'lots',
  {
    id: integer('id').primaryKey(),
    /** Human-readable lot code, unique per campaign: `<campaign code>-<number>`. */
    code: text('code').notNull().unique(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => harvestCampaigns.id),
    number: integer('number').notNull(),
    plantId: integer('plant_id')
      .notNull()
      .references(() => plants.id),
    farmerId: integer('farmer_id')
      .notNull()
      .references(() => farmers.id),
    /** The farmer's cooperative at delivery: the coffee is this cooperative's. */
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    receivedAt: text('received_at').notNull(),
    /** The calendar date of `received_at` in the consortium's time zone. */
    receivedOn: text('received_on').notNull(),
    productForm: text('product_form', { enum: productForms }).notNull(),
    bags: integer('bags').notNull(),
    grossG: integer('gross_g').notNull(),
    tareG: integer('tare_g').notNull(),
    netG: integer('net_g').notNull(),
    moisturePct: text('moisture_pct').notNull(),
    status: text('status', { enum: lotStatuses }).notNull().default('received'),
    /** The grading in force: the latest of the lot's append-only gradings. */
    currentGradingId: integer('current_grading_id').references((): AnySQLiteColumn => lotGradings.id),
    notes: text('notes'),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('lots_campaign_number_uq').on(t.campaignId, t.number),
    index('lots_coop_campaign_idx').on(t.cooperativeId, t.campaignId, t.receivedAt),
    index('lots_farmer_idx').on(t.farmerId, t.receivedAt),
    index('lots_plant_idx').on(t.plantId, t.receivedOn),
    index('lots_received_idx').on(t.receivedAt),
    index('lots_received_on_idx').on(t.receivedOn),
    check('lots_weights_ck', sql`${t.grossG} > 0 and ${t.tareG} >= 0 and ${t.netG} > 0`),
    check('lots_net_ck', sql`${t.netG} = ${t.grossG} - ${t.tareG}`),
    check('lots_bags_ck', sql`${t.bags} > 0`),
    check('lots_status_ck', sql`${t.status} in ('received','graded','rejected')`),
  ],
);

/**
 * Grading results, append-only: a re-grade adds a row, the latest one counts.
 * `cup_protocol` says how the cup score was taken (SCA, CQI Q-grading, ...).
 */
export const lotGradings = sqliteTable(
  'lot_gradings',
  {
    id: integer('id').primaryKey(),
    lotId: integer('lot_id')
      .notNull()
      .references(() => lots.id),
    gradedAt: text('graded_at').notNull(),
    gradedBy: integer('graded_by')
      .notNull()
      .references(() => users.id),
    exportableYieldPct: text('exportable_yield_pct').notNull(),
    category1Defects: integer('category1_defects').notNull(),
    category2Defects: integer('category2_defects').notNull(),
    cupScore: text('cup_score'),
    cupProtocol: text('cup_protocol', { enum: ['sca', 'cqi_q', 'coe'] }),
    organic: integer('organic', { mode: 'boolean' }).notNull(),
    grade: text('grade'),
    createdAt: createdAt(),
  },
  (t) => [
    index('lot_gradings_lot_idx').on(t.lotId, t.id),
    check('lot_gradings_defects_ck', sql`${t.category1Defects} >= 0 and ${t.category2Defects} >= 0`),
    check(
      'lot_gradings_cup_ck',
      sql`(${t.cupScore} is null) = (${t.cupProtocol} is null)`,
    ),
  ],
);

/** A lot's rejection: who, when and why. At most one per lot. */
export const lotRejections = sqliteTable('lot_rejections', {
  lotId: integer('lot_id')
    .primaryKey()
    .references(() => lots.id),
  rejectedAt: text('rejected_at').notNull(),
  rejectedBy: integer('rejected_by')
    .notNull()
    .references(() => users.id),
  reason: text('reason').notNull(),
  createdAt: createdAt(),
});

/**
 * Client-generated idempotency keys, per user. A retry with the same key and
 * the same input (same `request_hash`) replays the recorded result; the same
 * key with other input is refused.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    operation: text('operation').notNull(),
    requestHash: text('request_hash').notNull(),
    resultType: text('result_type').notNull(),
    resultId: integer('result_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
