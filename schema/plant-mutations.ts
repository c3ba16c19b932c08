/**
 * Mutations plant staff use to record processing: hulling runs, roasting
 * batches, packing runs. Each takes an `idempotencyKey`; each is one
 * transaction that writes the whole run or nothing.
 */
import { RETAIL_UNIT_SIZES_G } from '../server/domain/processing.js';
import type { MutationOutcome } from '../server/services/mutation.js';
import { type RunRef, recordHullingRun, recordPackingRun, recordRoastingBatch } from '../server/services/processing.js';
import { builder } from './builder.js';
import { MUTATION_ERRORS } from './errors.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './lot-mutations.js';
import { GreenGradeEnum, ProcessingRun } from './plant.js';

function runPayload(name: string, description: string) {
  return builder.objectRef<MutationOutcome<RunRef>>(name).implement({
    description,
    fields: (t) => ({
      run: t.drizzleField({
        type: ProcessingRun,
        resolve: (query, o, _a, ctx) =>
          ctx.db.query.processingRuns.findFirst(query({ where: { id: o.result.id } })).then((r) => {
            if (!r) throw new Error(`run ${o.result.id} vanished`);
            return r;
          }),
      }),
      replayed: t.boolean({
        description: 'True when this answers a retry: the first request\u2019s run, nothing new written.',
        resolve: (o) => o.replayed,
      }),
    }),
  });
}

const commonFields = {
  idempotencyKey: { description: IDEMPOTENCY_KEY_DESCRIPTION },
};

const HullingInputLine = builder.inputType('HullingInputLine', {
  fields: (t) => ({
    lotId: t.id({ required: true, description: 'A graded lot held at this plant.' }),
    kg: t.field({
      type: 'Decimal',
      required: true,
      description: 'Parchment taken from the lot, kg to the gram (all or part of what is left).',
    }),
  }),
});

const HullingOutputLine = builder.inputType('HullingOutputLine', {
  fields: (t) => ({
    grade: t.field({ type: GreenGradeEnum, required: true }),
    kg: t.field({ type: 'Decimal', required: true }),
  }),
});

const RecordHullingRunInput = builder.inputType('RecordHullingRunInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, ...commonFields.idempotencyKey }),
    plantId: t.id({ required: true }),
    warehouseId: t.id({ required: true, description: 'Where the green coffee is stored (a warehouse of the plant).' }),
    eudrIntended: t.boolean({
      description:
        'EUDR: the run is meant to make deforestation-free coffee. If any input is not compliant, the outputs are not, and the run is flagged (`eudrFlagged`).',
    }),
    startedAt: t.field({ type: 'DateTime', required: true }),
    finishedAt: t.field({ type: 'DateTime', required: true }),
    inputs: t.field({ type: [HullingInputLine], required: true }),
    outputs: t.field({ type: [HullingOutputLine], required: true, description: 'Green by grade; one line per grade.' }),
    huskKg: t.field({
      type: 'Decimal',
      required: true,
      description: 'Husk (cascarilla) weighed out. The rest of the difference is loss.',
    }),
    notes: t.string(),
  }),
});

const BatchInputLine = builder.inputType('BatchInputLine', {
  fields: (t) => ({
    batchId: t.id({ required: true, description: 'A stock batch at this plant.' }),
    kg: t.field({ type: 'Decimal', required: true, description: 'Taken from the batch, kg to the gram.' }),
  }),
});

const RecordRoastingBatchInput = builder.inputType('RecordRoastingBatchInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, ...commonFields.idempotencyKey }),
    plantId: t.id({ required: true }),
    warehouseId: t.id({ required: true, description: 'Where the roasted coffee is stored.' }),
    eudrIntended: t.boolean({
      description:
        'EUDR: the run is meant to make deforestation-free coffee. If any input is not compliant, the outputs are not, and the run is flagged (`eudrFlagged`).',
    }),
    startedAt: t.field({ type: 'DateTime', required: true }),
    finishedAt: t.field({ type: 'DateTime', required: true }),
    inputs: t.field({ type: [BatchInputLine], required: true, description: 'Green coffee batches.' }),
    profile: t.string({
      required: true,
      description: 'Roast profile name, e.g. "Medium \u2013 Chanchamayo espresso".',
    }),
    roastedKg: t.field({
      type: 'Decimal',
      required: true,
      description: 'Roasted coffee out; the roast loss is the difference.',
    }),
    notes: t.string(),
  }),
});

const PackingOutputLine = builder.inputType('PackingOutputLine', {
  fields: (t) => ({
    brand: t.string({ required: true }),
    sku: t.string({ required: true }),
    unitSizeGrams: t.int({ required: true, description: `One of ${RETAIL_UNIT_SIZES_G.join(', ')}.` }),
    units: t.int({ required: true }),
  }),
});

const RecordPackingRunInput = builder.inputType('RecordPackingRunInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, ...commonFields.idempotencyKey }),
    plantId: t.id({ required: true }),
    warehouseId: t.id({ required: true, description: 'Where the packed goods are stored.' }),
    eudrIntended: t.boolean({
      description:
        'EUDR: the run is meant to make deforestation-free coffee. If any input is not compliant, the outputs are not, and the run is flagged (`eudrFlagged`).',
    }),
    startedAt: t.field({ type: 'DateTime', required: true }),
    finishedAt: t.field({ type: 'DateTime', required: true }),
    inputs: t.field({ type: [BatchInputLine], required: true, description: 'Roasted coffee batches.' }),
    outputs: t.field({ type: [PackingOutputLine], required: true, description: 'One line per SKU.' }),
    notes: t.string(),
  }),
});

const HullingPayload = runPayload('RecordHullingRunPayload', 'The hulling run, its green batches and its yield check.');
const RoastingPayload = runPayload('RecordRoastingBatchPayload', 'The roasting batch and its roast loss.');
const PackingPayload = runPayload('RecordPackingRunPayload', 'The packing run and its packed batches.');

builder.mutationFields((t) => ({
  recordHullingRun: t.withAuth({ authenticated: true }).field({
    type: HullingPayload,
    description:
      'Records a hulling run at a plant: parchment from graded lots in; green by grade, husk and loss out. Outputs are owned by the input lots in proportion to their expected green (docs/plant.md).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordHullingRunInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordHullingRun(ctx, input),
  }),
  recordRoastingBatch: t.withAuth({ authenticated: true }).field({
    type: RoastingPayload,
    description: 'Records a roasting batch: green coffee from stock batches in, roasted coffee out.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordRoastingBatchInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordRoastingBatch(ctx, input),
  }),
  recordPackingRun: t.withAuth({ authenticated: true }).field({
    type: PackingPayload,
    description: 'Records a packing run: roasted coffee in, retail units (250 g, 500 g, 1 kg) out, one batch per SKU.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordPackingRunInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordPackingRun(ctx, input),
  }),
}));
