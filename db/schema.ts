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
  sqliteView,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const consortium = sqliteTable('consortium', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  country: text('country').notNull(),
  baseCurrency: text('base_currency').notNull(),
  timeZone: text('time_zone').notNull(),
  /** Lots above this moisture % may be rejected; campaigns may override it. */
  defaultMoistureLimitPct: text('default_moisture_limit_pct').notNull().default('12.5'),
  /** A hulling run whose export yield is off its lots' expectation by more than this many points is flagged. */
  yieldTolerancePct: text('yield_tolerance_pct').notNull().default('3'),
  /** A campaign loan this many days past due may have its endorsement called. */
  guaranteeCallDays: integer('guarantee_call_days').notNull().default(90),
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
    /** An inactive cooperative takes no new farmers; nothing of it is deleted. */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [check('cooperatives_membership_ck', sql`${t.membership} in ('shareholder','affiliated')`)],
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
  (t) => [check('shareholdings_one_holder_ck', sql`(${t.cooperativeId} is null) <> (${t.lenderId} is null)`)],
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
    /** The certification this one renews (the earlier row stays as it was). */
    renewsId: integer('renews_id').references((): AnySQLiteColumn => cooperativeCertifications.id),
    /** Revoked from this date on (the certification does not count from then); null while in force. */
    revokedOn: text('revoked_on'),
    revokeReason: text('revoke_reason'),
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
    /** What kind of document `national_id` is: dni, ruc, ce (Peru) or other. */
    documentType: text('document_type', { enum: ['dni', 'ruc', 'ce', 'other'] })
      .notNull()
      .default('dni'),
    fullName: text('full_name').notNull(),
    gender: text('gender', { enum: ['female', 'male', 'other'] }),
    joinedOn: text('joined_on'),
    /** A farmer who left: delivers no new lots; never deleted (their lots and balances stay). */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    deactivatedOn: text('deactivated_on'),
    deactivationReason: text('deactivation_reason'),
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
    /** The geolocation in force (EUDR): canonical GeoJSON geometry text, the latest of `plot_geolocations`. */
    geometry: text('geometry'),
    geometryKind: text('geometry_kind', { enum: ['point', 'polygon'] }),
    /** Geodesic area of the polygon(s), m²; null for a point. */
    geodesicAreaM2: integer('geodesic_area_m2'),
    createdAt: createdAt(),
  },
  (t) => [index('plots_farmer_idx').on(t.farmerId), check('plots_area_ck', sql`${t.areaM2} > 0`)],
);

export const farmerCertifications = sqliteTable(
  'farmer_certifications',
  {
    id: integer('id').primaryKey(),
    farmerId: integer('farmer_id')
      .notNull()
      .references(() => farmers.id),
    scheme: text('scheme', { enum: certificationSchemes }).notNull(),
    certificateNumber: text('certificate_number'),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to').notNull(),
    revokedOn: text('revoked_on'),
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
    check('lot_gradings_cup_ck', sql`(${t.cupScore} is null) = (${t.cupProtocol} is null)`),
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

export const runKinds = ['hulling', 'roasting', 'packing'] as const;
export const batchForms = ['green', 'roasted', 'packed'] as const;
export const greenGrades = ['export', 'second', 'pasilla'] as const;

/**
 * A processing run at a plant: hulling (parchment → green by grade, husk,
 * loss), roasting (green → roasted) or packing (roasted → retail units).
 * Append-only. `input_g = output_g + husk_g + loss_g` always.
 */
export const processingRuns = sqliteTable(
  'processing_runs',
  {
    id: integer('id').primaryKey(),
    /** `<plant code>-<H|R|P><number>`, e.g. `PLT-LM-H00042`. */
    code: text('code').notNull().unique(),
    plantId: integer('plant_id')
      .notNull()
      .references(() => plants.id),
    kind: text('kind', { enum: runKinds }).notNull(),
    number: integer('number').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at').notNull(),
    /** The local calendar date the run finished: the day its throughput counts on. */
    finishedOn: text('finished_on').notNull(),
    inputG: integer('input_g').notNull(),
    outputG: integer('output_g').notNull(),
    huskG: integer('husk_g').notNull().default(0),
    lossG: integer('loss_g').notNull(),
    /** Hulling: expected (from the lots' gradings) and actual export yields, total bean yield, the tolerance applied. */
    expectedYieldPct: text('expected_yield_pct'),
    actualYieldPct: text('actual_yield_pct'),
    totalBeanYieldPct: text('total_bean_yield_pct'),
    yieldTolerancePct: text('yield_tolerance_pct'),
    /** Roasting: the profile and the roast loss. */
    roastProfile: text('roast_profile'),
    roastLossPct: text('roast_loss_pct'),
    /** Packing: retail units filled. */
    unitsPacked: integer('units_packed'),
    /** Off its expectation: yield outside the tolerance, or roast loss outside the typical range. */
    flagged: integer('flagged', { mode: 'boolean' }).notNull().default(false),
    /** EUDR: the run was meant to make deforestation-free coffee (docs/eudr.md). */
    eudrIntended: integer('eudr_intended', { mode: 'boolean' }).notNull().default(false),
    /** EUDR: meant to be compliant, but some input was not: the outputs are not compliant. */
    eudrFlagged: integer('eudr_flagged', { mode: 'boolean' }).notNull().default(false),
    notes: text('notes'),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('runs_plant_kind_number_uq').on(t.plantId, t.kind, t.number),
    index('runs_plant_day_idx').on(t.plantId, t.finishedOn),
    check('runs_kind_ck', sql`${t.kind} in ('hulling','roasting','packing')`),
    check('runs_mass_ck', sql`${t.inputG} > 0 and ${t.outputG} >= 0 and ${t.huskG} >= 0 and ${t.lossG} >= 0`),
    check('runs_balance_ck', sql`${t.inputG} = ${t.outputG} + ${t.huskG} + ${t.lossG}`),
    check('runs_times_ck', sql`${t.startedAt} <= ${t.finishedAt}`),
  ],
);

/**
 * Coffee a run produced and where it is kept: green by grade, roasted, or
 * packed retail units. Its owners are in `batch_shares`; what is left of it
 * is `quantity_g` minus what later runs (and sales) took.
 */
export const stockBatches = sqliteTable(
  'stock_batches',
  {
    id: integer('id').primaryKey(),
    /** `<run code>-<n>`, e.g. `PLT-LM-H00042-1`. */
    code: text('code').notNull().unique(),
    runId: integer('run_id')
      .notNull()
      .references(() => processingRuns.id),
    plantId: integer('plant_id')
      .notNull()
      .references(() => plants.id),
    warehouseId: integer('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    form: text('form', { enum: batchForms }).notNull(),
    /** Green only. */
    grade: text('grade', { enum: greenGrades }),
    /** Packed only: the brand, SKU, unit size and unit count. */
    brand: text('brand'),
    sku: text('sku'),
    unitSizeG: integer('unit_size_g'),
    units: integer('units'),
    quantityG: integer('quantity_g').notNull(),
    producedAt: text('produced_at').notNull(),
    /** EUDR: every gram that went in came from a compliant lot, decided when the run was recorded. */
    eudrCompliant: integer('eudr_compliant', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('batches_run_idx').on(t.runId),
    index('batches_plant_form_idx').on(t.plantId, t.form),
    check('batches_form_ck', sql`${t.form} in ('green','roasted','packed')`),
    check('batches_quantity_ck', sql`${t.quantityG} > 0`),
    check('batches_grade_ck', sql`(${t.form} = 'green') = (${t.grade} is not null)`),
    check(
      'batches_packed_ck',
      sql`(${t.form} = 'packed') = (${t.units} is not null)
        and (${t.units} is null or (${t.units} > 0 and ${t.unitSizeG} > 0 and ${t.units} * ${t.unitSizeG} = ${t.quantityG}))`,
    ),
  ],
);

/** Who owns a batch: grams per contributing lot (and its cooperative); they sum to the batch's quantity. */
export const batchShares = sqliteTable(
  'batch_shares',
  {
    batchId: integer('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    lotId: integer('lot_id')
      .notNull()
      .references(() => lots.id),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    grams: integer('grams').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.lotId] }),
    index('batch_shares_lot_idx').on(t.lotId),
    index('batch_shares_coop_idx').on(t.cooperativeId),
    check('batch_shares_grams_ck', sql`${t.grams} > 0`),
  ],
);

/**
 * What a run took, per owner lot: from the lot's own parchment
 * (`batch_id` null) or from a batch.
 */
export const runInputs = sqliteTable(
  'run_inputs',
  {
    id: integer('id').primaryKey(),
    runId: integer('run_id')
      .notNull()
      .references(() => processingRuns.id),
    batchId: integer('batch_id').references(() => stockBatches.id),
    lotId: integer('lot_id')
      .notNull()
      .references(() => lots.id),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    grams: integer('grams').notNull(),
  },
  (t) => [
    index('run_inputs_run_idx').on(t.runId),
    index('run_inputs_batch_idx').on(t.batchId, t.lotId),
    index('run_inputs_lot_idx').on(t.lotId),
    check('run_inputs_grams_ck', sql`${t.grams} > 0`),
  ],
);

/** Per run and lot: what the lot lost in the run (husk and loss), so every lot balances. */
export const runLotLosses = sqliteTable(
  'run_lot_losses',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => processingRuns.id),
    lotId: integer('lot_id')
      .notNull()
      .references(() => lots.id),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    grams: integer('grams').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.lotId] }),
    index('run_lot_losses_lot_idx').on(t.lotId),
    check('run_lot_losses_grams_ck', sql`${t.grams} >= 0`),
  ],
);

/**
 * Ledger accounts, created on first use. `code` is
 * `<owner type>:<owner id or ->:<purpose>:<currency>` (server/domain/ledger.ts).
 * Purposes are checked in code, not by a CHECK, so new ones need no table rebuild.
 */
export const ledgerAccounts = sqliteTable(
  'ledger_accounts',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull().unique(),
    ownerType: text('owner_type', { enum: ['consortium', 'cooperative', 'farmer', 'lender', 'buyer'] }).notNull(),
    ownerId: integer('owner_id'),
    purpose: text('purpose').notNull(),
    currency: text('currency').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('ledger_accounts_owner_idx').on(t.ownerType, t.ownerId),
    check('ledger_accounts_owner_ck', sql`(${t.ownerType} = 'consortium') = (${t.ownerId} is null)`),
  ],
);

/**
 * A journal entry: a balanced set of lines (per currency, they sum to zero).
 * Never edited or deleted; a correction is another entry that `reverses` it
 * (at most one per entry, and never of a reversal).
 */
export const journalEntries = sqliteTable(
  'journal_entries',
  {
    id: integer('id').primaryKey(),
    kind: text('kind').notNull(),
    /** The business date the entry counts on (balances "as of" a date use it). */
    occurredOn: text('occurred_on').notNull(),
    postedAt: text('posted_at').notNull(),
    description: text('description').notNull(),
    /** What the entry is about, e.g. `lot` 17, `sale_payment` 3. */
    sourceType: text('source_type'),
    sourceId: integer('source_id'),
    reversesEntryId: integer('reverses_entry_id').references((): AnySQLiteColumn => journalEntries.id),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('journal_entries_reverses_uq').on(t.reversesEntryId),
    index('journal_entries_source_idx').on(t.sourceType, t.sourceId),
    index('journal_entries_date_idx').on(t.occurredOn),
  ],
);

/**
 * One line of an entry. `amount_minor` is integer minor units as canonical
 * text (never a float, never through a JS number): positive debit, negative
 * credit, never zero.
 */
export const journalLines = sqliteTable(
  'journal_lines',
  {
    id: integer('id').primaryKey(),
    entryId: integer('entry_id')
      .notNull()
      .references(() => journalEntries.id),
    accountId: integer('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    currency: text('currency').notNull(),
    amountMinor: text('amount_minor').notNull(),
    memo: text('memo'),
    lotId: integer('lot_id').references(() => lots.id),
  },
  (t) => [
    index('journal_lines_entry_idx').on(t.entryId),
    index('journal_lines_account_idx').on(t.accountId, t.entryId),
    index('journal_lines_lot_idx').on(t.lotId),
    check(
      'journal_lines_amount_ck',
      sql`(${t.amountMinor} glob '[1-9]*' and ${t.amountMinor} not glob '*[^0-9]*')
        or (${t.amountMinor} glob '-[1-9]*' and substr(${t.amountMinor}, 2) not glob '*[^0-9]*')`,
    ),
  ],
);

/**
 * The advance a cooperative pays its farmers at delivery, per kg of net
 * weight, for a campaign. Append-only: a new row from a later date supersedes
 * the earlier one from that date on.
 */
export const advancePrices = sqliteTable(
  'advance_prices',
  {
    id: integer('id').primaryKey(),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => harvestCampaigns.id),
    currency: text('currency').notNull(),
    /** Major units per kg, a decimal string with at most 4 places (e.g. "7.25"). */
    pricePerKg: text('price_per_kg').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    setBy: integer('set_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('advance_prices_coop_campaign_idx').on(t.cooperativeId, t.campaignId, t.effectiveFrom)],
);

/** Who buys the consortium's coffee: importers abroad, roasters and distributors at home. */
export const buyers = sqliteTable('buyers', {
  id: integer('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  country: text('country').notNull(),
  createdAt: createdAt(),
});

/**
 * Certification terms as data, with validity: Fairtrade's minimum price and
 * premium, the organic differential, per lb of green coffee.
 */
export const certificationTerms = sqliteTable(
  'certification_terms',
  {
    id: integer('id').primaryKey(),
    /** fairtrade_minimum, fairtrade_premium, organic_differential */
    term: text('term').notNull(),
    currency: text('currency').notNull(),
    perLb: text('per_lb').notNull(),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to'),
    source: text('source').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('certification_terms_idx').on(t.term, t.validFrom)],
);

/**
 * An export contract for green coffee: quantity, price (fixed per lb, or a
 * reference price such as the New York "C" plus a differential, fixed at
 * delivery), and certification terms.
 */
export const salesContracts = sqliteTable(
  'sales_contracts',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull().unique(),
    buyerId: integer('buyer_id')
      .notNull()
      .references(() => buyers.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => harvestCampaigns.id),
    currency: text('currency').notNull(),
    /** `export`: green coffee in USD per lb. `domestic`: packed roasted coffee in PEN per unit (`contract_unit_prices`). */
    market: text('market', { enum: ['export', 'domestic'] })
      .notNull()
      .default('export'),
    /** Export only: the green grade sold. */
    grade: text('grade', { enum: greenGrades }),
    /** Export only: the quantity agreed. A domestic supply agreement is open (a price list). */
    quantityG: integer('quantity_g'),
    /** When agreed in bags: the bag size (69 kg for Peru) and count. */
    bagKg: integer('bag_kg'),
    bags: integer('bags'),
    pricing: text('pricing', { enum: ['fixed', 'differential', 'per_unit'] }).notNull(),
    /** Fixed: the price per lb. */
    pricePerLb: text('price_per_lb'),
    /** Differential: the reference market (`ny_c`) and the differential per lb (may be negative). */
    reference: text('reference'),
    differentialPerLb: text('differential_per_lb'),
    fairtrade: integer('fairtrade', { mode: 'boolean' }).notNull(),
    organic: integer('organic', { mode: 'boolean' }).notNull(),
    /** Where the coffee goes (ISO 3166-1 alpha-2); the buyer's country when not given. */
    destinationCountry: text('destination_country'),
    /** EUDR: the destination is in the EU, so every delivery must be deforestation-free with a due-diligence file. */
    eudr: integer('eudr', { mode: 'boolean' }).notNull().default(false),
    signedOn: text('signed_on').notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('sales_contracts_buyer_idx').on(t.buyerId),
    check('sales_contracts_quantity_ck', sql`${t.quantityG} is null or ${t.quantityG} > 0`),
    check(
      'sales_contracts_market_ck',
      sql`(${t.market} = 'export' and ${t.grade} is not null and ${t.quantityG} is not null and ${t.pricing} <> 'per_unit')
        or (${t.market} = 'domestic' and ${t.grade} is null and ${t.quantityG} is null and ${t.pricing} = 'per_unit' and not ${t.fairtrade} and not ${t.organic})`,
    ),
    check(
      'sales_contracts_pricing_ck',
      sql`(${t.pricing} = 'fixed' and ${t.pricePerLb} is not null and ${t.reference} is null)
        or (${t.pricing} = 'differential' and ${t.reference} is not null and ${t.differentialPerLb} is not null and ${t.pricePerLb} is null)
        or (${t.pricing} = 'per_unit' and ${t.pricePerLb} is null and ${t.reference} is null and ${t.differentialPerLb} is null)`,
    ),
  ],
);

/**
 * A shipment against a contract: green coffee taken from the plant's batches
 * (per owner lot in `sale_takes`), at the price in force for it, rounded once
 * to the cent: `value_minor` (the coffee) and `premium_minor` (the Fairtrade
 * premium, which goes to the cooperatives' premium funds).
 */
export const saleDeliveries = sqliteTable(
  'sale_deliveries',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull().unique(),
    contractId: integer('contract_id')
      .notNull()
      .references(() => salesContracts.id),
    plantId: integer('plant_id')
      .notNull()
      .references(() => plants.id),
    deliveredAt: text('delivered_at').notNull(),
    deliveredOn: text('delivered_on').notNull(),
    quantityG: integer('quantity_g').notNull(),
    /** Differential contracts: the reference price the delivery was fixed at. */
    referencePricePerLb: text('reference_price_per_lb'),
    /** Export: the price per lb charged for the coffee (after the Fairtrade floor and organic differential). Domestic: null (see `sale_delivery_lines`). */
    pricePerLb: text('price_per_lb'),
    premiumPerLb: text('premium_per_lb'),
    currency: text('currency').notNull(),
    valueMinor: text('value_minor').notNull(),
    premiumMinor: text('premium_minor').notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('sale_deliveries_contract_idx').on(t.contractId),
    check('sale_deliveries_quantity_ck', sql`${t.quantityG} > 0`),
    check('sale_deliveries_price_ck', sql`(${t.pricePerLb} is null) = (${t.premiumPerLb} is null)`),
  ],
);

/**
 * A domestic contract's price list: per SKU (brand, unit size), the price of
 * one unit in the contract's currency, in minor units as text.
 */
export const contractUnitPrices = sqliteTable(
  'contract_unit_prices',
  {
    id: integer('id').primaryKey(),
    contractId: integer('contract_id')
      .notNull()
      .references(() => salesContracts.id),
    sku: text('sku').notNull(),
    unitSizeG: integer('unit_size_g').notNull(),
    unitPriceMinor: text('unit_price_minor').notNull(),
  },
  (t) => [
    uniqueIndex('contract_unit_prices_uq').on(t.contractId, t.sku),
    check('contract_unit_prices_size_ck', sql`${t.unitSizeG} > 0`),
  ],
);

/**
 * A domestic delivery's invoice lines: units of a packed batch at the
 * contract's unit price, and their value (units × price, exact).
 */
export const saleDeliveryLines = sqliteTable(
  'sale_delivery_lines',
  {
    id: integer('id').primaryKey(),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => saleDeliveries.id),
    batchId: integer('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    sku: text('sku').notNull(),
    units: integer('units').notNull(),
    unitPriceMinor: text('unit_price_minor').notNull(),
    valueMinor: text('value_minor').notNull(),
  },
  (t) => [
    index('sale_delivery_lines_delivery_idx').on(t.deliveryId),
    check('sale_delivery_lines_units_ck', sql`${t.units} > 0`),
  ],
);

/** What a delivery took from each batch, per owner lot: the coffee sold, traceable to farmers. */
export const saleTakes = sqliteTable(
  'sale_takes',
  {
    id: integer('id').primaryKey(),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => saleDeliveries.id),
    batchId: integer('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    lotId: integer('lot_id')
      .notNull()
      .references(() => lots.id),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    grams: integer('grams').notNull(),
    /**
     * Domestic deliveries: the value of this owner lot's part of the line
     * (the line's value split by grams, largest remainder), so cooperatives
     * are settled pro rata to the value of their coffee when SKUs differ in
     * price. Null for export deliveries, where one price per lb makes value
     * proportional to grams.
     */
    valueMinor: text('value_minor'),
  },
  (t) => [
    index('sale_takes_delivery_idx').on(t.deliveryId),
    index('sale_takes_batch_idx').on(t.batchId, t.lotId),
    index('sale_takes_lot_idx').on(t.lotId),
    check('sale_takes_grams_ck', sql`${t.grams} > 0`),
  ],
);

/**
 * Everything taken out of batches, by runs and by sales, per owner lot: the
 * one definition of "taken" that stock, traces and the mass balance use.
 */
export const batchTakes = sqliteView('batch_takes', {
  batchId: integer('batch_id').notNull(),
  lotId: integer('lot_id').notNull(),
  cooperativeId: integer('cooperative_id').notNull(),
  grams: integer('grams').notNull(),
}).as(
  sql`select batch_id, lot_id, cooperative_id, grams from run_inputs where batch_id is not null
    union all select batch_id, lot_id, cooperative_id, grams from sale_takes`,
);

/** Exchange rates recorded whenever money changes currency: units of `quote` per 1 `base`, on a date, from a source. */
export const exchangeRates = sqliteTable(
  'exchange_rates',
  {
    id: integer('id').primaryKey(),
    base: text('base').notNull(),
    quote: text('quote').notNull(),
    rate: text('rate').notNull(),
    ratedOn: text('rated_on').notNull(),
    /** Where the rate comes from, e.g. "SBS compra", or the bank's contract number. */
    source: text('source').notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('exchange_rates_pair_idx').on(t.base, t.quote, t.ratedOn)],
);

/**
 * The consortium's charges and the cooperatives' retention for a campaign,
 * per membership (shareholder cooperatives may pay less than affiliated ones).
 */
export const settlementTerms = sqliteTable(
  'settlement_terms',
  {
    id: integer('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => harvestCampaigns.id),
    membership: text('membership', { enum: ['shareholder', 'affiliated'] }).notNull(),
    currency: text('currency').notNull(),
    processingFeePerKg: text('processing_fee_per_kg').notNull(),
    commissionPct: text('commission_pct').notNull(),
    retentionPct: text('retention_pct').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('settlement_terms_uq').on(t.campaignId, t.membership, t.currency)],
);

/** A payment received from a buyer for a delivery; settled in the same transaction (`entry_id`). */
export const salePayments = sqliteTable(
  'sale_payments',
  {
    id: integer('id').primaryKey(),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => saleDeliveries.id),
    receivedOn: text('received_on').notNull(),
    currency: text('currency').notNull(),
    amountMinor: text('amount_minor').notNull(),
    exchangeRateId: integer('exchange_rate_id').references(() => exchangeRates.id),
    entryId: integer('entry_id')
      .notNull()
      .references(() => journalEntries.id),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('sale_payments_delivery_idx').on(t.deliveryId)],
);

/**
 * The settlement of a payment, line by line: each cooperative's share and
 * premium, the charges, loans, retention, and each farmer's credit. What
 * `settlementDetail` shows and the CSV exports.
 */
export const settlementLines = sqliteTable(
  'settlement_lines',
  {
    id: integer('id').primaryKey(),
    paymentId: integer('payment_id')
      .notNull()
      .references(() => salePayments.id),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    farmerId: integer('farmer_id').references(() => farmers.id),
    /** share, premium, processing_fee, commission, loan_repayment, retention, farmers, farmer */
    kind: text('kind').notNull(),
    currency: text('currency').notNull(),
    amountMinor: text('amount_minor').notNull(),
    /** Grams behind the line (the cooperative's or the farmer's coffee in the delivery). */
    grams: integer('grams'),
    /**
     * The ledger entry that posted this line. A payment is settled again when an
     * earlier payment of its delivery is reversed: the old entry is reversed and
     * its lines stop counting (`live_settlement_lines`).
     */
    entryId: integer('entry_id').references(() => journalEntries.id),
  },
  (t) => [
    index('settlement_lines_payment_idx').on(t.paymentId),
    index('settlement_lines_farmer_idx').on(t.farmerId),
    index('settlement_lines_coop_idx').on(t.cooperativeId, t.kind),
    index('settlement_lines_entry_idx').on(t.entryId),
  ],
);

/**
 * A payment taken back (a bounced transfer, a payment recorded against the
 * wrong delivery): its settlement entry is reversed by `entry_id`, and the
 * delivery's later payments are settled again without it. At most one per
 * payment; a reversal is final.
 */
export const salePaymentReversals = sqliteTable('sale_payment_reversals', {
  id: integer('id').primaryKey(),
  paymentId: integer('payment_id')
    .notNull()
    .unique()
    .references(() => salePayments.id),
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

/** Payments that count: not reversed. */
export const liveSalePayments = sqliteView('live_sale_payments', {
  id: integer('id').notNull(),
  deliveryId: integer('delivery_id').notNull(),
  receivedOn: text('received_on').notNull(),
  currency: text('currency').notNull(),
  amountMinor: text('amount_minor').notNull(),
}).as(
  sql`select p.id, p.delivery_id, p.received_on, p.currency, p.amount_minor from sale_payments p
    where not exists (select 1 from sale_payment_reversals r where r.payment_id = p.id)`,
);

/** Settlement lines that count: their entry is not reversed (neither by a payment's reversal nor by a re-settlement). */
export const liveSettlementLines = sqliteView('live_settlement_lines', {
  id: integer('id').notNull(),
  paymentId: integer('payment_id').notNull(),
  cooperativeId: integer('cooperative_id').notNull(),
  farmerId: integer('farmer_id'),
  kind: text('kind').notNull(),
  currency: text('currency').notNull(),
  amountMinor: text('amount_minor').notNull(),
  grams: integer('grams'),
  entryId: integer('entry_id'),
}).as(
  sql`select sl.id, sl.payment_id, sl.cooperative_id, sl.farmer_id, sl.kind, sl.currency, sl.amount_minor, sl.grams, sl.entry_id
    from settlement_lines sl where not exists (select 1 from journal_entries r where r.reverses_entry_id = sl.entry_id)`,
);

/**
 * A cooperative's own retention % for a campaign, set by its assembly;
 * overrides the membership's `settlement_terms.retention_pct`. Set once.
 */
export const cooperativeRetention = sqliteTable(
  'cooperative_retention',
  {
    id: integer('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => harvestCampaigns.id),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    retentionPct: text('retention_pct').notNull(),
    setBy: integer('set_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('cooperative_retention_uq').on(t.campaignId, t.cooperativeId)],
);

// ---------------------------------------------------------------------------
// Campaign loans, endorsements and the investor's credit line (docs/loans.md)
// ---------------------------------------------------------------------------

/** The most the consortium endorses for a cooperative's campaign loans in a campaign, per currency. Set once. */
export const endorsementLimits = sqliteTable(
  'endorsement_limits',
  {
    id: integer('id').primaryKey(),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => harvestCampaigns.id),
    currency: text('currency').notNull(),
    limitMinor: text('limit_minor').notNull(),
    setBy: integer('set_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('endorsement_limits_uq').on(t.cooperativeId, t.campaignId, t.currency)],
);

/**
 * A campaign loan: a lender (bank or COPAC) lends a cooperative for one
 * campaign, endorsed by the consortium, which repays it from the sale of the
 * cooperative's coffee. Terms only; what happened to it is in `loan_events`.
 */
export const campaignLoans = sqliteTable(
  'campaign_loans',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull().unique(),
    lenderId: integer('lender_id')
      .notNull()
      .references(() => lenders.id),
    cooperativeId: integer('cooperative_id')
      .notNull()
      .references(() => cooperatives.id),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => harvestCampaigns.id),
    currency: text('currency').notNull(),
    /** The principal agreed: disbursements never exceed it. */
    principalMinor: text('principal_minor').notNull(),
    /** simple_act_360, simple_act_365 or tea_360 (server/domain/interest.ts). */
    convention: text('convention', { enum: ['simple_act_360', 'simple_act_365', 'tea_360'] }).notNull(),
    /** Annual rate in percent: nominal, or the TEA. */
    ratePct: text('rate_pct').notNull(),
    /** The lender's opening fee, charged with the first disbursement (0 if none). */
    feeMinor: text('fee_minor').notNull(),
    /** What the consortium endorses of it, at most the principal. */
    endorsedMinor: text('endorsed_minor').notNull(),
    signedOn: text('signed_on').notNull(),
    maturity: text('maturity').notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('campaign_loans_lender_idx').on(t.lenderId),
    index('campaign_loans_coop_idx').on(t.cooperativeId, t.campaignId),
    check('campaign_loans_dates_ck', sql`${t.signedOn} <= ${t.maturity}`),
  ],
);

/** Scheduled principal instalments of a loan, if it has any before maturity. */
export const loanInstalments = sqliteTable(
  'loan_instalments',
  {
    id: integer('id').primaryKey(),
    loanId: integer('loan_id')
      .notNull()
      .references(() => campaignLoans.id),
    dueOn: text('due_on').notNull(),
    principalMinor: text('principal_minor').notNull(),
  },
  (t) => [index('loan_instalments_loan_idx').on(t.loanId, t.dueOn)],
);

/**
 * Four eyes: a disbursement or a write-off is requested by one admin and
 * carried out only when a second, different admin approves it.
 */
export const loanRequests = sqliteTable(
  'loan_requests',
  {
    id: integer('id').primaryKey(),
    loanId: integer('loan_id')
      .notNull()
      .references(() => campaignLoans.id),
    kind: text('kind', { enum: ['disbursement', 'write_off'] }).notNull(),
    /** Disbursements: the amount, in the loan's currency. */
    amountMinor: text('amount_minor'),
    /** The business date it takes effect on. */
    effectiveOn: text('effective_on').notNull(),
    reason: text('reason').notNull(),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('loan_requests_loan_idx').on(t.loanId)],
);

/** The decision on a request: one per request, by an admin other than the one who asked. */
export const loanRequestDecisions = sqliteTable('loan_request_decisions', {
  id: integer('id').primaryKey(),
  requestId: integer('request_id')
    .notNull()
    .unique()
    .references(() => loanRequests.id),
  approved: integer('approved', { mode: 'boolean' }).notNull(),
  reason: text('reason'),
  decidedBy: integer('decided_by')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
});

/**
 * What happened to a loan, append-only, each with the ledger entry that
 * posted it: disbursements, fees, repayments (at a sale, or manual), a
 * guarantee call, a write-off. An event counts while its entry is not
 * reversed (`live_loan_events`); a correction reverses the entry and, where
 * later events depended on it, posts them again as new events.
 */
export const loanEvents = sqliteTable(
  'loan_events',
  {
    id: integer('id').primaryKey(),
    loanId: integer('loan_id')
      .notNull()
      .references(() => campaignLoans.id),
    kind: text('kind', { enum: ['disbursement', 'fee', 'repayment', 'guarantee_call', 'write_off'] }).notNull(),
    occurredOn: text('occurred_on').notNull(),
    /**
     * Its place among the loan's events of the same day: the order they were
     * recorded in. An event posted again after a correction keeps the place of
     * the one it replaces (its id is new, its place is not).
     */
    ordinal: integer('ordinal').notNull().default(0),
    /** Disbursement or fee: the amount. Repayment, call, write-off: fees + interest + principal. Loan currency. */
    amountMinor: text('amount_minor').notNull(),
    feesMinor: text('fees_minor').notNull().default('0'),
    interestMinor: text('interest_minor').notNull().default('0'),
    principalMinor: text('principal_minor').notNull().default('0'),
    /** Interest accrued since the last posting, charged to the cooperative with this event (rounded once). */
    interestChargedMinor: text('interest_charged_minor').notNull().default('0'),
    /** sale (a sale payment's settlement), manual, guarantee, request (an approved request). */
    source: text('source', { enum: ['sale', 'manual', 'guarantee', 'request'] }).notNull(),
    paymentId: integer('payment_id').references(() => salePayments.id),
    requestId: integer('request_id').references(() => loanRequests.id),
    /** What the payer paid, in its currency (a sale payment's may differ from the loan's), and the rate used. */
    paidMinor: text('paid_minor'),
    paidCurrency: text('paid_currency'),
    exchangeRateId: integer('exchange_rate_id').references(() => exchangeRates.id),
    /** The rule applied, in words, with the figures. */
    note: text('note').notNull(),
    entryId: integer('entry_id')
      .notNull()
      .references(() => journalEntries.id),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('loan_events_loan_idx').on(t.loanId, t.occurredOn, t.ordinal),
    index('loan_events_payment_idx').on(t.paymentId),
    index('loan_events_entry_idx').on(t.entryId),
  ],
);

/** Loan events that count: their entry is not reversed. */
export const liveLoanEvents = sqliteView('live_loan_events', {
  id: integer('id').notNull(),
  loanId: integer('loan_id').notNull(),
  kind: text('kind').notNull(),
  occurredOn: text('occurred_on').notNull(),
  ordinal: integer('ordinal').notNull(),
  amountMinor: text('amount_minor').notNull(),
  feesMinor: text('fees_minor').notNull(),
  interestMinor: text('interest_minor').notNull(),
  principalMinor: text('principal_minor').notNull(),
  interestChargedMinor: text('interest_charged_minor').notNull(),
  source: text('source').notNull(),
  paymentId: integer('payment_id'),
  entryId: integer('entry_id').notNull(),
}).as(
  sql`select e.id, e.loan_id, e.kind, e.occurred_on, e.ordinal, e.amount_minor, e.fees_minor, e.interest_minor, e.principal_minor,
      e.interest_charged_minor, e.source, e.payment_id, e.entry_id
    from loan_events e where not exists (select 1 from journal_entries r where r.reverses_entry_id = e.entry_id)`,
);

/** A manual repayment or a write-off taken back, with why. At most one per event. */
export const loanEventReversals = sqliteTable('loan_event_reversals', {
  id: integer('id').primaryKey(),
  eventId: integer('event_id')
    .notNull()
    .unique()
    .references(() => loanEvents.id),
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

/** A social investor's yearly marketing-campaign credit line to the consortium. */
export const creditLines = sqliteTable(
  'credit_lines',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull().unique(),
    lenderId: integer('lender_id')
      .notNull()
      .references(() => lenders.id),
    currency: text('currency').notNull(),
    limitMinor: text('limit_minor').notNull(),
    convention: text('convention', { enum: ['simple_act_360', 'simple_act_365', 'tea_360'] }).notNull(),
    ratePct: text('rate_pct').notNull(),
    opensOn: text('opens_on').notNull(),
    maturesOn: text('matures_on').notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [check('credit_lines_dates_ck', sql`${t.opensOn} <= ${t.maturesOn}`)],
);

/** Drawdowns and repayments of a credit line, each with its ledger entry. */
export const creditLineEvents = sqliteTable(
  'credit_line_events',
  {
    id: integer('id').primaryKey(),
    lineId: integer('line_id')
      .notNull()
      .references(() => creditLines.id),
    kind: text('kind', { enum: ['drawdown', 'repayment'] }).notNull(),
    occurredOn: text('occurred_on').notNull(),
    amountMinor: text('amount_minor').notNull(),
    interestMinor: text('interest_minor').notNull().default('0'),
    principalMinor: text('principal_minor').notNull().default('0'),
    interestChargedMinor: text('interest_charged_minor').notNull().default('0'),
    entryId: integer('entry_id')
      .notNull()
      .references(() => journalEntries.id),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('credit_line_events_line_idx').on(t.lineId, t.occurredOn)],
);

/** An investor's equity in the consortium, valued on a date (for its exposure report). */
export const lenderEquity = sqliteTable(
  'lender_equity',
  {
    id: integer('id').primaryKey(),
    lenderId: integer('lender_id')
      .notNull()
      .references(() => lenders.id),
    currency: text('currency').notNull(),
    amountMinor: text('amount_minor').notNull(),
    valuedOn: text('valued_on').notNull(),
    source: text('source').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('lender_equity_idx').on(t.lenderId, t.valuedOn)],
);

/**
 * The audit trail: one entry per applied mutation, in the same transaction
 * as its effects, hash-chained (server/domain/audit.ts, docs/audit.md).
 * Append-only; `npm run audit:verify` walks it.
 */
export const auditLog = sqliteTable('audit_log', {
  /** The entry's position in the chain, from 1. */
  seq: integer('seq').primaryKey(),
  occurredAt: text('occurred_at').notNull(),
  /** Null: the system (setup, the demo seed, a command-line script); `role` is then `system`. */
  userId: integer('user_id').references(() => users.id),
  role: text('role').notNull(),
  operation: text('operation').notNull(),
  /** SHA-256 of the operation and its input (the idempotency request hash). */
  inputDigest: text('input_digest').notNull(),
  resultType: text('result_type').notNull(),
  resultId: integer('result_id').notNull(),
  /** Canonical JSON: the ledger entries and lots it wrote, each with the digest of its content after. */
  wrote: text('wrote').notNull(),
  outcome: text('outcome').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull().unique(),
});

/**
 * Signed heads of the audit chain (server/services/audit-signing.ts): the
 * Ed25519 signature, by the key kept outside the database, of an entry's
 * hash, written in the transaction that appends the entry. Not covered by
 * the trail: each row proves itself against the public key.
 */
export const auditSignatures = sqliteTable('audit_signatures', {
  seq: integer('seq').primaryKey(),
  hash: text('hash').notNull(),
  signedAt: text('signed_at').notNull(),
  keyId: text('key_id').notNull(),
  signature: text('signature').notNull(),
});

/**
 * One row that /readyz rewrites (a committed write, the only proof the file
 * takes writes: taking the lock alone succeeds on a read-only file).
 */
export const readinessProbe = sqliteTable('readiness_probe', {
  id: integer('id').primaryKey(),
  checkedAt: text('checked_at').notNull(),
});

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
    createdAt: createdAt(),
  },
  (t) => [
    index('farmer_transfers_farmer_idx').on(t.farmerId, t.effectiveOn),
    check('farmer_transfers_other_ck', sql`${t.fromCooperativeId} <> ${t.toCooperativeId}`),
  ],
);

/**
 * The EU deforestation regulation's records (docs/eudr.md): where each plot
 * is (history of its geolocation; the plot row carries the one in force),
 * the deforestation-free assessments and land-tenure documents of each plot,
 * the plots each lot came from, and the due-diligence statements filed for
 * export deliveries. All append-only.
 */

export const geometryKinds = ['point', 'polygon'] as const;
export const assessmentResults = ['no_deforestation', 'deforestation', 'inconclusive'] as const;
export const tenureKinds = ['title', 'possession_certificate', 'lease', 'community_title', 'other'] as const;

/** Every geolocation a plot was given, in order; `plots.geometry` is the latest. */
export const plotGeolocations = sqliteTable(
  'plot_geolocations',
  {
    id: integer('id').primaryKey(),
    plotId: integer('plot_id')
      .notNull()
      .references(() => plots.id),
    kind: text('kind', { enum: geometryKinds }).notNull(),
    /** Canonical GeoJSON geometry text, the numbers as written (server/domain/geo.ts). */
    geometry: text('geometry').notNull(),
    geodesicAreaM2: integer('geodesic_area_m2'),
    /** The declared area the geometry was checked against. */
    declaredAreaM2: integer('declared_area_m2').notNull(),
    source: text('source').notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('plot_geolocations_plot_idx').on(t.plotId),
    check('plot_geolocations_kind_ck', sql`${t.kind} in ('point','polygon')`),
  ],
);

/** A deforestation-free assessment of a plot: who or what checked it, when, and with what result. */
export const plotDeforestationAssessments = sqliteTable(
  'plot_deforestation_assessments',
  {
    id: integer('id').primaryKey(),
    plotId: integer('plot_id')
      .notNull()
      .references(() => plots.id),
    /** E.g. "Global Forest Watch integrated alerts", "MINAM Geobosques forest loss map 2001-2023". */
    source: text('source').notNull(),
    assessedOn: text('assessed_on').notNull(),
    /** The cut-off the assessment looked after: 2020-12-31 under the regulation. */
    cutoffOn: text('cutoff_on').notNull(),
    result: text('result', { enum: assessmentResults }).notNull(),
    /** Where the evidence is: a report number, a file name, a URL. */
    evidenceReference: text('evidence_reference').notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('plot_assessments_plot_idx').on(t.plotId, t.assessedOn),
    check('plot_assessments_result_ck', sql`${t.result} in ('no_deforestation','deforestation','inconclusive')`),
  ],
);

/** The farmer's right to use the plot: a title, a possession certificate... by reference. */
export const plotTenureDocuments = sqliteTable(
  'plot_tenure_documents',
  {
    id: integer('id').primaryKey(),
    plotId: integer('plot_id')
      .notNull()
      .references(() => plots.id),
    kind: text('kind', { enum: tenureKinds }).notNull(),
    reference: text('reference').notNull(),
    issuedOn: text('issued_on'),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('plot_tenure_plot_idx').on(t.plotId)],
);

/** The plot or plots a lot's coffee came from, fixed at intake. */
export const lotPlots = sqliteTable(
  'lot_plots',
  {
    lotId: integer('lot_id')
      .notNull()
      .references(() => lots.id),
    plotId: integer('plot_id')
      .notNull()
      .references(() => plots.id),
  },
  (t) => [primaryKey({ columns: [t.lotId, t.plotId] }), index('lot_plots_plot_idx').on(t.plotId)],
);

/**
 * A due-diligence statement filed in the EU information system for (part of)
 * an export delivery: its reference and verification numbers. A delivery
 * over the system's limits is filed as several statements, numbered from 1.
 */
export const deliveryDueDiligence = sqliteTable(
  'delivery_due_diligence',
  {
    id: integer('id').primaryKey(),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => saleDeliveries.id),
    statementNumber: integer('statement_number').notNull(),
    referenceNumber: text('reference_number').notNull(),
    verificationNumber: text('verification_number').notNull(),
    /** SHA-256 of the geolocation file the statement was filed with. */
    fileDigest: text('file_digest').notNull(),
    filedAt: text('filed_at').notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('delivery_dds_statement_uq').on(t.deliveryId, t.statementNumber),
    uniqueIndex('delivery_dds_reference_uq').on(t.referenceNumber),
    check('delivery_dds_statement_ck', sql`${t.statementNumber} > 0`),
  ],
);
