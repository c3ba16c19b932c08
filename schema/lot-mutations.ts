/**
 * Mutations plant staff use at the scale. Each takes a client-generated
 * `idempotencyKey` (a UUID is fine): a retry returns the first result with
 * `replayed: true`; the same key with other input is a ConflictError.
 */
import { gradeLot, recordLotIntake, rejectLot } from '../server/services/lots.js';
import type { MutationOutcome, RecordRef } from '../server/services/mutation.js';
import { eq } from 'drizzle-orm';
import { lots } from '../db/schema.js';
import type { LotEventKind } from '../server/events.js';
import { type Context, builder } from './builder.js';
import { CupProtocolEnum, ProductFormEnum } from './common.js';
import { MUTATION_ERRORS } from './errors.js';
import { Lot } from './lot.js';

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Client-generated, 8\u2013128 characters (e.g. a UUID). Reuse it for retries of this request only.';

/** A mutation payload carrying one lot. */
function lotPayload(name: string, description: string) {
  return builder.objectRef<MutationOutcome<RecordRef>>(name).implement({
    description,
    fields: (t) => ({
      lot: t.drizzleField({
        type: Lot,
        resolve: (query, o, _a, ctx) =>
          ctx.db.query.lots.findFirst(query({ where: { id: o.result.id } })).then((l) => {
            if (!l) throw new Error(`lot ${o.result.id} vanished`);
            return l;
          }),
      }),
      replayed: t.boolean({
        description: 'True when this answers a retry: the first request\u2019s lot, nothing new written.',
        resolve: (o) => o.replayed,
      }),
    }),
  });
}

/** Tells the plant's live feed, once the change is committed (a replayed retry changed nothing). */
function publishLotEvent<O extends MutationOutcome<RecordRef>>(ctx: Context, kind: LotEventKind, outcome: O): O {
  if (!outcome.replayed) {
    const lot = ctx.db
      .select({ plantId: lots.plantId, cooperativeId: lots.cooperativeId })
      .from(lots)
      .where(eq(lots.id, outcome.result.id))
      .get();
    if (lot) {
      ctx.events.publish('lotActivity', lot.plantId, {
        kind,
        lotId: outcome.result.id,
        ...lot,
        at: ctx.clock.now().toISOString(),
      });
    }
  }
  return outcome;
}

const RecordLotIntakeInput = builder.inputType('RecordLotIntakeInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    plantId: t.id({ required: true, description: 'Where the lot is received (the user\u2019s own plant).' }),
    farmerId: t.id({ required: true, description: 'The delivering farmer; the cooperative follows from them.' }),
    campaignId: t.id({ required: true }),
    receivedAt: t.field({
      type: 'DateTime',
      required: true,
      description: 'Must fall in the campaign (consortium time zone).',
    }),
    productForm: t.field({ type: ProductFormEnum, description: 'Defaults to DRIED_PARCHMENT.' }),
    bags: t.int({ required: true }),
    grossKg: t.field({
      type: 'Decimal',
      required: true,
      description: 'Gross weight in kg, to the gram (\u2264 3 decimals).',
    }),
    tareKg: t.field({ type: 'Decimal', required: true, description: 'Weight of the sacks, in kg; below the gross.' }),
    moisturePercent: t.field({ type: 'Decimal', required: true, description: '0\u2013100, at most 2 decimals.' }),
    notes: t.string(),
    plotIds: t.idList({
      description:
        'EUDR: the plot(s) the coffee came from, the farmer\u2019s. Left out: the farmer\u2019s only plot; a farmer with several plots must be told which, or the lot cannot be EUDR-compliant (docs/eudr.md).',
    }),
  }),
});

const GradeLotInput = builder.inputType('GradeLotInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    lotId: t.id({ required: true }),
    gradedAt: t.field({ type: 'DateTime', description: 'Defaults to now.' }),
    exportableYieldPercent: t.field({
      type: 'Decimal',
      required: true,
      description: 'Exportable green as % of parchment.',
    }),
    category1Defects: t.int({ required: true }),
    category2Defects: t.int({ required: true }),
    cupScore: t.field({ type: 'Decimal', description: '0\u2013100, at most 2 decimals; needs cupProtocol.' }),
    cupProtocol: t.field({ type: CupProtocolEnum }),
    organic: t.boolean({
      required: true,
      description: 'Organic needs the farmer\u2019s organic certificate valid on the delivery day.',
    }),
    grade: t.string({ description: 'The plant\u2019s grade label, e.g. "Grade 1".' }),
  }),
});

const RejectLotInput = builder.inputType('RejectLotInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    lotId: t.id({ required: true }),
    reason: t.string({ required: true, description: 'Why, e.g. "moisture 14.2% above the 12.5% limit".' }),
    rejectedAt: t.field({ type: 'DateTime', description: 'Defaults to now.' }),
  }),
});

const RecordLotIntakePayload = lotPayload('RecordLotIntakePayload', 'The lot recorded.');
const GradeLotPayload = lotPayload('GradeLotPayload', 'The lot, with its new grading in force.');
const RejectLotPayload = lotPayload('RejectLotPayload', 'The rejected lot.');

builder.mutationType({});

builder.mutationFields((t) => ({
  recordLotIntake: t.withAuth({ authenticated: true }).field({
    type: RecordLotIntakePayload,
    description: 'Records a lot weighed in at a plant or collection centre (plant staff of that plant, or an admin).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordLotIntakeInput, required: true }) },
    resolve: (_r, { input }, ctx) => publishLotEvent(ctx, 'received', recordLotIntake(ctx, input)),
  }),
  gradeLot: t.withAuth({ authenticated: true }).field({
    type: GradeLotPayload,
    description: 'Records a grading of a received or graded lot; the newest grading is the one in force.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: GradeLotInput, required: true }) },
    resolve: (_r, { input }, ctx) => publishLotEvent(ctx, 'graded', gradeLot(ctx, input)),
  }),
  rejectLot: t.withAuth({ authenticated: true }).field({
    type: RejectLotPayload,
    description: 'Rejects a lot with a reason (e.g. above the moisture limit).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RejectLotInput, required: true }) },
    resolve: (_r, { input }, ctx) => publishLotEvent(ctx, 'rejected', rejectLot(ctx, input)),
  }),
}));
