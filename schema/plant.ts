/**
 * The plant's runs and stock: processing runs, stock batches and their
 * owners, stock positions, the mass balance, throughput and traces.
 * Thin: the rules are in server/domain/processing.ts and throughput.ts, the
 * reads in server/queries/stock.ts and throughput.ts.
 */
import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import {
  batchForms,
  greenGrades,
  processingRuns as runsTable,
  runKinds,
  stockBatches as batchesTable,
} from '../db/schema.js';
import { stockScope } from '../server/auth/policy.js';
import { ForbiddenError, InvalidInputError } from '../server/domain/errors.js';
import { type Period, backlogDays, daysBetween, rollUp } from '../server/domain/throughput.js';
import { batchConditions, runConditions } from '../server/queries/filters.js';
import {
  type BalanceLine,
  type MassBalance,
  type ShareRow,
  type StockPosition,
  batchOwners,
  batchRemaining,
  lotParchmentLeft,
  massBalance,
  stockPositions,
  upstreamBatchIds,
} from '../server/queries/stock.js';
import { type Backlog, plantBacklog, plantDays } from '../server/queries/throughput.js';
import { type Context, builder } from './builder.js';
import { EudrStatusEnum, WeightRef, dbEnumOf } from './common.js';
import { Cooperative, sqlTrue } from './cooperative.js';
import { optionalId, principalOf } from './helpers.js';
import { Lot } from './lot.js';
import { Plant, Warehouse } from './organizations.js';

const dbEnum = dbEnumOf;

export const RunKindEnum = dbEnum(
  'RunKind',
  runKinds,
  'HULLING parchment into green, ROASTING green, PACKING roasted coffee.',
);
export const BatchFormEnum = dbEnum('BatchForm', batchForms, 'What a stock batch holds.');
export const GreenGradeEnum = dbEnum(
  'GreenGrade',
  greenGrades,
  'Green coffee out of the huller: EXPORT grade, SECOND (lower grades), PASILLA (defective beans, sold locally).',
);
export const StockFormEnum = dbEnum(
  'StockForm',
  ['parchment', 'green', 'roasted', 'packed'] as const,
  'The form coffee is held in: parchment (in its lots), green, roasted or packed.',
);
export const PeriodEnum = dbEnum(
  'Period',
  ['day', 'week'] as const,
  'A calendar day, or an ISO week (Monday to Sunday).',
);

/** Where each kind of record says which cooperatives' coffee it holds. */
const HOLDERS = {
  batch: { table: 'batch_shares', id: 'batch_id' },
  run: { table: 'run_inputs', id: 'run_id' },
  delivery: { table: 'sale_takes', id: 'delivery_id' },
  payment: { table: 'settlement_lines', id: 'payment_id' },
} as const;
export type HolderKind = keyof typeof HOLDERS;

/**
 * Per request, batched: which of some batches, runs, deliveries or payments
 * hold coffee of the manager's cooperative. A manager's access check on every
 * such object of a response costs one statement per kind and level of the
 * response, not one per object.
 */
const holdsCoffeeOf = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, boolean>(async (keys) => {
      const coop = principalOf(ctx).cooperativeId!;
      const held = new Set<string>();
      for (const [kind, h] of Object.entries(HOLDERS)) {
        const ids = keys.filter((k) => k.startsWith(`${kind}:`)).map((k) => Number(k.slice(kind.length + 1)));
        if (ids.length === 0) continue;
        for (const r of ctx.db.all<{ id: number }>(sql`select distinct ${sql.raw(h.id)} as id from ${sql.raw(h.table)}
            where cooperative_id = ${coop} and ${sql.raw(h.id)} in (${sql.join(
              ids.map((x) => sql`${x}`),
              sql`, `,
            )})`)) {
          held.add(`${kind}:${r.id}`);
        }
      }
      return keys.map((k) => held.has(k));
    }),
);

/** Does a manager's cooperative hold coffee in this record? Batched per request. */
export function managerHolds(ctx: Context, kind: HolderKind, id: number): Promise<boolean> {
  return holdsCoffeeOf(ctx).load(`${kind}:${id}`);
}

/** May the principal see this batch or run? Managers: if their cooperative's coffee is in it. */
function canSee(ctx: Context, kind: 'batch' | 'run', row: { id: number; plantId: number }): boolean | Promise<boolean> {
  if (!ctx.principal) return false;
  const scope = stockScope(ctx.principal);
  if ('all' in scope) return true;
  if ('none' in scope) return false;
  if (scope.column === 'plantId') return row.plantId === scope.value;
  return managerHolds(ctx, kind, row.id);
}

export const ProcessingRun = builder.drizzleNode('processingRuns', {
  name: 'ProcessingRun',
  description:
    'A hulling run, roasting batch or packing run at a plant. Its input weight always equals its outputs plus husk plus loss.',
  id: { column: (r) => r.id },
  authScopes: (r, ctx) => canSee(ctx, 'run', r),
  fields: (t) => ({
    code: t.exposeString('code'),
    kind: t.field({ type: RunKindEnum, resolve: (r) => r.kind }),
    plant: t.relation('plant'),
    startedAt: t.field({ type: 'DateTime', resolve: (r) => r.startedAt }),
    finishedAt: t.field({ type: 'DateTime', resolve: (r) => r.finishedAt }),
    finishedOn: t.field({
      type: 'Date',
      description: 'The local day the run counts on.',
      resolve: (r) => r.finishedOn,
    }),
    inputWeight: t.field({
      type: WeightRef,
      description: 'Parchment (hulling), green (roasting) or roasted coffee (packing) taken.',
      resolve: (r) => r.inputG,
    }),
    outputWeight: t.field({ type: WeightRef, description: 'All output batches together.', resolve: (r) => r.outputG }),
    huskWeight: t.field({ type: WeightRef, resolve: (r) => r.huskG }),
    lossWeight: t.field({
      type: WeightRef,
      description: 'Input − outputs − husk: moisture, dust, chaff, spills.',
      resolve: (r) => r.lossG,
    }),
    expectedExportYieldPercent: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Hulling: the export yield the input lots\u2019 gradings predict (weighted by parchment).',
      resolve: (r) => r.expectedYieldPct,
    }),
    actualExportYieldPercent: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Hulling: export-grade green ÷ parchment in.',
      resolve: (r) => r.actualYieldPct,
    }),
    totalBeanYieldPercent: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Hulling: all green grades ÷ parchment in (typically ~80 %).',
      resolve: (r) => r.totalBeanYieldPct,
    }),
    yieldTolerancePercent: t.field({ type: 'Decimal', nullable: true, resolve: (r) => r.yieldTolerancePct }),
    roastProfile: t.exposeString('roastProfile', { nullable: true }),
    roastLossPercent: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Roasting: (green − roasted) ÷ green (about 11 % light to 20 % dark).',
      resolve: (r) => r.roastLossPct,
    }),
    unitsPacked: t.exposeInt('unitsPacked', { nullable: true }),
    flagged: t.exposeBoolean('flagged', {
      description: 'Hulling yield off its expectation by more than the tolerance, or roast loss outside 11\u201320 %.',
    }),
    notes: t.exposeString('notes', { nullable: true }),
    outputs: t.relation('outputs', { query: { orderBy: { id: 'asc' } } }),
    inputs: t.relation('inputs', {
      description:
        'What the run took, per source (a lot\u2019s parchment, or a batch) and owner lot. Managers see their own lots\u2019 lines.',
      query: (_a, ctx) => {
        const s = stockScope(principalOf(ctx));
        return {
          where: 'column' in s && s.column === 'cooperativeId' ? { cooperativeId: s.value } : {},
          orderBy: { id: 'asc' },
        };
      },
    }),
  }),
});

export const RunInput = builder.drizzleObject('runInputs', {
  name: 'RunInput',
  description: 'Grams a run took from one source, owned by one lot.',
  fields: (t) => ({
    lot: t.relation('lot', { description: 'The lot whose coffee this was.' }),
    batch: t.relation('batch', {
      nullable: true,
      description: 'The batch taken from; null when the lot\u2019s own parchment.',
    }),
    weight: t.field({ type: WeightRef, resolve: (i) => i.grams }),
  }),
});

/** Grams left per batch, batched over every batch in the response. */
const remainingLoader = (ctx: Context, ids: readonly number[]) => {
  const left = batchRemaining(ctx.db, ids);
  return ids.map((id) => left.get(id) ?? 0);
};

/** Per request: every batch's owners in one statement for all the batches a response touches. */
const ownersOf = createContextCache(
  (ctx: Context) =>
    new DataLoader<number, ShareRow[]>(async (ids) => {
      const rows = batchOwners(ctx.db, principalOf(ctx), ids);
      return ids.map((id) => rows.filter((r) => r.batchId === id));
    }),
);

/** Rows of a table by id, in key order: one statement for every object of a response. */
function byIds<R extends { id: number }>(rows: R[], ids: readonly number[]): (R | Error)[] {
  const m = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => m.get(id) ?? new Error(`row ${id} not found`));
}

export const StockBatch = builder.drizzleNode('stockBatches', {
  name: 'StockBatch',
  description:
    'Coffee a run produced, kept in a warehouse: green by grade, roasted, or packed retail units. It stays its owners\u2019 (lots, hence farmers and cooperatives) until sold.',
  id: { column: (b) => b.id },
  authScopes: (b, ctx) => canSee(ctx, 'batch', b),
  fields: (t) => ({
    code: t.exposeString('code'),
    form: t.field({ type: BatchFormEnum, resolve: (b) => b.form }),
    grade: t.field({ type: GreenGradeEnum, nullable: true, resolve: (b) => b.grade }),
    brand: t.exposeString('brand', { nullable: true }),
    sku: t.exposeString('sku', { nullable: true }),
    unitSizeGrams: t.exposeInt('unitSizeG', { nullable: true }),
    units: t.exposeInt('units', { nullable: true, description: 'Packed: units filled.' }),
    plant: t.relation('plant'),
    warehouse: t.relation('warehouse'),
    producedAt: t.field({ type: 'DateTime', resolve: (b) => b.producedAt }),
    producedBy: t.relation('run'),
    quantity: t.field({ type: WeightRef, description: 'What the run produced.', resolve: (b) => b.quantityG }),
    remaining: t.loadable({
      type: WeightRef,
      description: 'What is left: the quantity minus what later runs took.',
      load: async (ids: number[], ctx) => remainingLoader(ctx, ids),
      resolve: (b) => b.id,
    }),
    unitsRemaining: t.loadable({
      type: 'Int',
      nullable: true,
      description: 'Packed: whole units left.',
      load: async (keys: string[], ctx) => {
        const ids = keys.map((k) => Number(k.split(':')[0]));
        const left = remainingLoader(ctx, ids);
        return keys.map((k, i) => {
          const size = Number(k.split(':')[1]);
          return size > 0 ? (left[i]! - (left[i]! % size)) / size : null; // exact integer division of grams
        });
      },
      resolve: (b) => `${b.id}:${b.unitSizeG ?? 0}`,
    }),
    owners: t.relation('shares', {
      description:
        'Who owns the batch, per lot (hence farmer and cooperative), in grams, largest first; all of them sum to the quantity. A cooperative manager sees only their own cooperative\u2019s lots. `first` keeps the largest few.',
      args: { first: t.arg.int({ description: 'At most this many owners (1\u20131000).' }) },
      query: (args, ctx) => {
        const s = stockScope(principalOf(ctx));
        if (args.first != null && (args.first < 1 || args.first > 1000)) {
          throw InvalidInputError.single(['first'], 'OUT_OF_RANGE', 'must be 1 to 1000');
        }
        return {
          where: 'column' in s && s.column === 'cooperativeId' ? { cooperativeId: s.value } : {},
          orderBy: { grams: 'desc', lotId: 'asc' },
          ...(args.first != null ? { limit: args.first } : {}),
        };
      },
    }),
    ownerCount: t.int({
      description: 'How many lots own some of the batch (those the reader may see).',
      resolve: (b, _a, ctx) =>
        ownersOf(ctx)
          .load(b.id)
          .then((rows) => rows.length),
    }),
    cooperativeShares: t.field({
      type: [CooperativeShareRef],
      description:
        'The batch\u2019s owners summed per cooperative, largest first (a manager sees their own line only).',
      resolve: async (b, _a, ctx) => {
        const per = new Map<number, CooperativeShare>();
        for (const r of await ownersOf(ctx).load(b.id)) {
          const c = per.get(r.cooperativeId) ?? { cooperativeId: r.cooperativeId, grams: 0, leftGrams: 0 };
          c.grams += r.grams;
          c.leftGrams += r.leftGrams;
          per.set(r.cooperativeId, c);
        }
        return [...per.values()].sort((x, y) => y.grams - x.grams || x.cooperativeId - y.cooperativeId);
      },
    }),
  }),
});

builder.drizzleObjectField(StockBatch, 'upstream', (t) =>
  t.drizzleField({
    type: [StockBatch],
    description:
      'Every batch this one was made from, directly or not (the roast a pack was filled from, the green that roast was made of), newest first. One SQL statement (a recursive CTE) whatever the depth.',
    resolve: (query, b, _a, ctx) =>
      ctx.db.query.stockBatches.findMany(
        query({
          where: { RAW: (t) => sql`${t.id} in (${upstreamBatchIds(b.id)})` },
          orderBy: { producedAt: 'desc', id: 'desc' },
        }),
      ),
  }),
);

interface CooperativeShare {
  cooperativeId: number;
  grams: number;
  leftGrams: number;
}

const CooperativeShareRef = builder.objectRef<CooperativeShare>('CooperativeShare').implement({
  description: 'A cooperative\u2019s share of a batch or of a stock position, in grams.',
  fields: (t) => ({
    cooperative: t.loadable({
      type: Cooperative,
      load: (ids: number[], ctx) =>
        ctx.db.query.cooperatives.findMany({ where: { id: { in: ids } } }).then((rows) => byIds(rows, ids)),
      resolve: (c) => c.cooperativeId,
    }),
    weight: t.field({
      type: WeightRef,
      description: 'Grams of its coffee the batch was made with.',
      resolve: (c) => c.grams,
    }),
    remaining: t.field({ type: WeightRef, description: 'Of which still in the batch.', resolve: (c) => c.leftGrams }),
  }),
});

export const BatchShare = builder.drizzleObject('batchShares', {
  name: 'BatchShare',
  description:
    'A lot\u2019s share of a batch, in grams: the coffee of that lot (its farmer\u2019s, its cooperative\u2019s) the batch holds.',
  fields: (t) => ({
    batch: t.relation('batch'),
    lot: t.relation('lot'),
    cooperative: t.relation('cooperative'),
    weight: t.field({
      type: WeightRef,
      description: 'Grams of the lot\u2019s coffee the batch was made with.',
      resolve: (s) => s.grams,
    }),
    remaining: t.loadable({
      type: WeightRef,
      description: 'Of which still in the batch.',
      load: async (keys: string[], ctx) => {
        const pairs = keys.map((k) => k.split(':').map(Number) as [number, number]);
        const rows = ctx.db.all<{ batchId: number; lotId: number; taken: number }>(sql`
          select batch_id as batchId, lot_id as lotId, sum(grams) as taken from batch_takes
          where batch_id in (${sql.join(
            [...new Set(pairs.map((p) => p[0]))].map((b) => sql`${b}`),
            sql`, `,
          )})
          group by batch_id, lot_id`);
        const taken = new Map(rows.map((r) => [`${r.batchId}:${r.lotId}`, r.taken]));
        return keys.map((k) => Number(k.split(':')[2]) - (taken.get(k.split(':').slice(0, 2).join(':')) ?? 0));
      },
      resolve: (s) => `${s.batchId}:${s.lotId}:${s.grams}`,
    }),
  }),
});

builder.drizzleObjectFields(Lot, (t) => ({
  parchmentRemaining: t.loadable({
    type: WeightRef,
    description: 'Parchment of this lot not yet hulled (zero once rejected).',
    load: async (ids: number[], ctx) => {
      const left = lotParchmentLeft(ctx.db, ids);
      return ids.map((id) => left.get(id) ?? 0);
    },
    resolve: (l) => l.id,
  }),
  usedIn: t.relation('batchShares', {
    description:
      'Forward trace: every batch holding some of this lot\u2019s coffee (green, roasted, packed), with the lot\u2019s grams in each, oldest first. Owners are carried at every step, so this is one indexed lookup however long the chain.',
    query: { orderBy: { batchId: 'asc' } },
  }),
}));

const StockPositionRef = builder.objectRef<StockPosition>('StockPosition').implement({
  description: 'Coffee in stock at one place, in one form, owned by one cooperative.',
  fields: (t) => ({
    plant: t.loadable({
      type: Plant,
      load: (ids: number[], ctx) =>
        ctx.db.query.plants.findMany({ where: { id: { in: ids } } }).then((r) => byIds(r, ids)),
      resolve: (p) => p.plantId,
    }),
    warehouse: t.loadable({
      type: Warehouse,
      nullable: true,
      description: 'Null for parchment: it is held in its lots where they were received.',
      load: (ids: number[], ctx) =>
        ctx.db.query.warehouses.findMany({ where: { id: { in: ids } } }).then((r) => byIds(r, ids)),
      resolve: (p) => p.warehouseId,
    }),
    form: t.field({ type: StockFormEnum, resolve: (p) => p.form }),
    eudr: t.field({
      type: EudrStatusEnum,
      description: 'EUDR: compliant coffee is kept apart from the rest (docs/eudr.md).',
      resolve: (p) => (p.eudrCompliant ? 'compliant' : 'non_compliant'),
    }),
    grade: t.field({
      type: GreenGradeEnum,
      nullable: true,
      resolve: (p) => p.grade as 'export' | 'second' | 'pasilla' | null,
    }),
    sku: t.string({ nullable: true, resolve: (p) => p.sku }),
    cooperative: t.loadable({
      type: Cooperative,
      load: (ids: number[], ctx) =>
        ctx.db.query.cooperatives.findMany({ where: { id: { in: ids } } }).then((r) => byIds(r, ids)),
      resolve: (p) => p.cooperativeId,
    }),
    weight: t.field({ type: WeightRef, resolve: (p) => p.grams }),
    ungradedWeight: t.field({
      type: WeightRef,
      description: 'Parchment: of which not graded yet.',
      resolve: (p) => p.ungradedGrams,
    }),
  }),
});

const BalanceSubjectEnum = dbEnum(
  'BalanceSubject',
  ['lot', 'cooperative', 'run', 'batch'] as const,
  'What a mass-balance line is about.',
);

const BalanceLineRef = builder.objectRef<BalanceLine>('MassBalanceLine').implement({
  description: 'One subject\u2019s balance: in = out + loss + stock, and the difference when it does not hold.',
  fields: (t) => ({
    subject: t.field({ type: BalanceSubjectEnum, resolve: (l) => l.subject }),
    code: t.string({ description: 'The lot, cooperative, run or batch code.', resolve: (l) => l.code }),
    in: t.field({ type: WeightRef, resolve: (l) => l.inGrams }),
    out: t.field({
      type: WeightRef,
      description: 'Sold (lots), or taken by later runs (batches), or output (runs).',
      resolve: (l) => l.outGrams,
    }),
    loss: t.field({ type: WeightRef, resolve: (l) => l.lossGrams }),
    stock: t.field({ type: WeightRef, resolve: (l) => l.stockGrams }),
    differenceGrams: t.field({ type: 'SafeInt', resolve: (l) => l.differenceGrams }),
  }),
});

const MassBalanceRef = builder.objectRef<MassBalance>('MassBalance').implement({
  description:
    'Grams in = grams out + loss + stock, for every lot, cooperative, run and batch the reader may see (docs/plant.md). `balanced` is true when no line differs.',
  fields: (t) => ({
    balanced: t.boolean({ resolve: (m) => m.differences.length === 0 }),
    lotsChecked: t.int({ resolve: (m) => m.lots }),
    cooperativesChecked: t.int({ resolve: (m) => m.cooperatives }),
    runsChecked: t.int({ resolve: (m) => m.runs }),
    batchesChecked: t.int({ resolve: (m) => m.batches }),
    in: t.field({
      type: WeightRef,
      description: 'Net weight of the lots checked (rejected lots excluded).',
      resolve: (m) => m.totals.inGrams,
    }),
    out: t.field({ type: WeightRef, resolve: (m) => m.totals.outGrams }),
    loss: t.field({ type: WeightRef, resolve: (m) => m.totals.lossGrams }),
    stock: t.field({ type: WeightRef, resolve: (m) => m.totals.stockGrams }),
    differences: t.field({ type: [BalanceLineRef], resolve: (m) => m.differences }),
  }),
});

type PeriodFiguresShape = ReturnType<typeof rollUp>[number];
const ThroughputRef = builder.objectRef<PeriodFiguresShape>('ThroughputPeriod').implement({
  description: 'What a plant did in a day or a week (clipped to the range asked), against its capacity.',
  fields: (t) => ({
    start: t.field({ type: 'Date', resolve: (p) => p.start }),
    end: t.field({ type: 'Date', resolve: (p) => p.end }),
    days: t.int({ resolve: (p) => p.days }),
    lotsReceived: t.int({ resolve: (p) => p.receivedLots }),
    lotsRejected: t.int({ resolve: (p) => p.rejectedLots }),
    received: t.field({
      type: WeightRef,
      description: 'Net weight of the lots received (rejected included).',
      resolve: (p) => p.receivedG,
    }),
    hulled: t.field({ type: WeightRef, description: 'Parchment hulled.', resolve: (p) => p.hulledG }),
    greenProduced: t.field({
      type: WeightRef,
      description: 'All green grades out of the huller.',
      resolve: (p) => p.greenOutG,
    }),
    exportGreenProduced: t.field({ type: WeightRef, resolve: (p) => p.exportGreenG }),
    roasted: t.field({ type: WeightRef, description: 'Green coffee roasted.', resolve: (p) => p.roastedInG }),
    roastedOutput: t.field({ type: WeightRef, resolve: (p) => p.roastedOutG }),
    unitsPacked: t.int({ resolve: (p) => p.packedUnits }),
    packed: t.field({ type: WeightRef, resolve: (p) => p.packedG }),
    runs: t.int({ resolve: (p) => p.runs }),
    flaggedRuns: t.int({ resolve: (p) => p.flaggedRuns }),
    hullingUtilizationPercent: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Hulled ÷ (daily capacity × days), 1 decimal.',
      resolve: (p) => p.hullingUtilizationPct,
    }),
    roastingUtilizationPercent: t.field({ type: 'Decimal', nullable: true, resolve: (p) => p.roastingUtilizationPct }),
    packingUtilizationPercent: t.field({ type: 'Decimal', nullable: true, resolve: (p) => p.packingUtilizationPct }),
    expectedExportYieldPercent: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'What the hulled lots\u2019 gradings predicted.',
      resolve: (p) => p.expectedExportYieldPct,
    }),
    actualExportYieldPercent: t.field({ type: 'Decimal', nullable: true, resolve: (p) => p.actualExportYieldPct }),
  }),
});

const BacklogRef = builder.objectRef<Backlog & { hullingGPerDay: number | null }>('Backlog').implement({
  description: 'Parchment at a site waiting for the huller.',
  fields: (t) => ({
    gradedLots: t.int({ description: 'Graded lots with parchment left: ready to hull.', resolve: (b) => b.gradedLots }),
    graded: t.field({ type: WeightRef, resolve: (b) => b.gradedG }),
    ungradedLots: t.int({ description: 'Lots received but not graded yet.', resolve: (b) => b.ungradedLots }),
    ungraded: t.field({ type: WeightRef, resolve: (b) => b.ungradedG }),
    daysOfHulling: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'The graded backlog in days of hulling at full capacity (1 decimal).',
      resolve: (b) => backlogDays(b.gradedG, b.hullingGPerDay),
    }),
  }),
});

/** Plant figures are for admins, auditors and the plant's own staff. */
function assertSeesPlantFigures(ctx: Context, plantId: number): void {
  const s = stockScope(principalOf(ctx));
  if ('all' in s || ('column' in s && s.column === 'plantId' && s.value === plantId)) return;
  throw new ForbiddenError('only admins, auditors and the plant\u2019s own staff read its throughput');
}

const MAX_THROUGHPUT_DAYS = 366;

builder.drizzleObjectFields(Plant, (t) => ({
  throughput: t.field({
    type: [ThroughputRef],
    description: `Per day or ISO week from \`from\` to \`to\` (at most ${MAX_THROUGHPUT_DAYS} days): received, hulled, roasted, packed, utilisation and yields.`,
    args: {
      from: t.arg({ type: 'Date', required: true }),
      to: t.arg({ type: 'Date', required: true }),
      period: t.arg({ type: PeriodEnum, defaultValue: 'day' }),
    },
    resolve: (p, args, ctx) => {
      assertSeesPlantFigures(ctx, p.id);
      if (args.to < args.from) throw InvalidInputError.single(['to'], 'BEFORE_FROM', 'must not be before `from`');
      if (daysBetween(args.from, args.to) > MAX_THROUGHPUT_DAYS) {
        throw InvalidInputError.single(['to'], 'RANGE_TOO_LONG', `at most ${MAX_THROUGHPUT_DAYS} days`);
      }
      return rollUp(plantDays(ctx.db, p.id, args.from, args.to), args.from, args.to, args.period as Period, {
        hullingGPerDay: p.hullingCapacityGPerDay,
        roastingGPerDay: p.roastingCapacityGPerDay,
        packingUnitsPerDay: p.packingCapacityUnitsPerDay,
      });
    },
  }),
  backlog: t.field({
    type: BacklogRef,
    description: 'Parchment waiting for the huller now.',
    resolve: (p, _a, ctx) => {
      assertSeesPlantFigures(ctx, p.id);
      return { ...plantBacklog(ctx.db, p.id), hullingGPerDay: p.hullingCapacityGPerDay };
    },
  }),
}));

const RunFilterInput = builder.inputType('ProcessingRunFilter', {
  fields: (t) => ({
    plantId: t.id(),
    kind: t.field({ type: RunKindEnum }),
    finishedFrom: t.field({ type: 'Date' }),
    finishedTo: t.field({ type: 'Date' }),
    flagged: t.boolean({ description: 'Only runs flagged (true) or not (false).' }),
  }),
});

const BatchFilterInput = builder.inputType('StockBatchFilter', {
  fields: (t) => ({
    plantId: t.id(),
    form: t.field({ type: BatchFormEnum }),
    grade: t.field({ type: GreenGradeEnum }),
    cooperativeId: t.id({ description: 'Batches holding some of this cooperative\u2019s coffee.' }),
    inStock: t.boolean({ description: 'Only batches with coffee left (true) or used up (false).' }),
  }),
});

const StockFilterInput = builder.inputType('StockFilter', {
  fields: (t) => ({
    plantId: t.id(),
    cooperativeId: t.id(),
    form: t.field({ type: StockFormEnum }),
    eudr: t.field({ type: EudrStatusEnum, description: 'Only EUDR-compliant, or only non-compliant, coffee.' }),
  }),
});

function runFilter(f: typeof RunFilterInput.$inferInput | null | undefined) {
  return { ...f, plantId: optionalId(f?.plantId, 'Plant', ['filter', 'plantId']) };
}
function batchFilter(f: typeof BatchFilterInput.$inferInput | null | undefined) {
  return {
    ...f,
    plantId: optionalId(f?.plantId, 'Plant', ['filter', 'plantId']),
    cooperativeId: optionalId(f?.cooperativeId, 'Cooperative', ['filter', 'cooperativeId']),
  };
}

builder.queryFields((t) => ({
  processingRuns: t.withAuth({ authenticated: true }).drizzleConnection(
    {
      type: 'processingRuns',
      description:
        'Processing runs, newest first. Plant staff see their plant\u2019s; managers those that took their cooperative\u2019s coffee.',
      args: { filter: t.arg({ type: RunFilterInput }) },
      totalCount: (_p, args, ctx) =>
        ctx.db.$count(runsTable, runConditions(runsTable, stockScope(ctx.principal), runFilter(args.filter))),
      resolve: (query, _p, args, ctx) => {
        const f = runFilter(args.filter);
        return ctx.db.query.processingRuns.findMany(
          query({
            where: { RAW: (r) => runConditions(r, stockScope(ctx.principal), f) ?? sqlTrue },
            orderBy: { finishedAt: 'desc', id: 'desc' },
          }),
        );
      },
    },
    { name: 'ProcessingRunConnection' },
    { name: 'ProcessingRunEdge' },
  ),
  stockBatches: t.withAuth({ authenticated: true }).drizzleConnection(
    {
      type: 'stockBatches',
      description:
        'Stock batches, newest first. Plant staff see their plant\u2019s; managers those holding their cooperative\u2019s coffee.',
      args: { filter: t.arg({ type: BatchFilterInput }) },
      totalCount: (_p, args, ctx) =>
        ctx.db.$count(batchesTable, batchConditions(batchesTable, stockScope(ctx.principal), batchFilter(args.filter))),
      resolve: (query, _p, args, ctx) => {
        const f = batchFilter(args.filter);
        return ctx.db.query.stockBatches.findMany(
          query({
            where: { RAW: (b) => batchConditions(b, stockScope(ctx.principal), f) ?? sqlTrue },
            orderBy: { producedAt: 'desc', id: 'desc' },
          }),
        );
      },
    },
    { name: 'StockBatchConnection' },
    { name: 'StockBatchEdge' },
  ),
  stock: t.withAuth({ authenticated: true }).field({
    type: [StockPositionRef],
    description:
      'Coffee in stock by plant, warehouse, form (grade or SKU) and owner cooperative. Managers see their own coffee; plant staff their plant\u2019s; lenders nothing.',
    args: { filter: t.arg({ type: StockFilterInput }) },
    resolve: (_r, args, ctx) =>
      stockPositions(ctx.db, ctx.principal, {
        form: args.filter?.form ?? null,
        plantId: optionalId(args.filter?.plantId, 'Plant', ['filter', 'plantId']),
        cooperativeId: optionalId(args.filter?.cooperativeId, 'Cooperative', ['filter', 'cooperativeId']),
        eudrCompliant: args.filter?.eudr == null ? null : args.filter.eudr === 'compliant',
      }),
  }),
  massBalance: t.withAuth({ authenticated: true }).field({
    type: MassBalanceRef,
    description:
      'Checks grams in = out + loss + stock for every lot, cooperative, run and batch in view, and lists any that differ. Managers check their own cooperative\u2019s lots; lenders are refused.',
    args: { plantId: t.arg.id(), cooperativeId: t.arg.id() },
    resolve: (_r, args, ctx) => {
      if (ctx.principal.role === 'lender')
        throw new ForbiddenError('lenders do not read the plant\u2019s mass balance');
      return massBalance(ctx.db, ctx.principal, {
        plantId: optionalId(args.plantId, 'Plant', ['plantId']),
        cooperativeId: optionalId(args.cooperativeId, 'Cooperative', ['cooperativeId']),
      });
    },
  }),
}));
