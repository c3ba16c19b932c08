/**
 * Lot intake, grading and rejection: the writes plant staff make. Each is
 * one `runMutation` (one transaction, idempotent); the rules themselves are
 * in server/domain/lot.ts.
 */
import { and, eq, gt, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  farmerCertifications,
  farmers,
  harvestCampaigns,
  lotGradings,
  lotPlots,
  lotRejections,
  lots,
  plots,
  plants,
  type productForms,
  runInputs,
} from '../../db/schema.js';
import { assertCanHandleLotsAt, canSeeLot } from '../auth/policy.js';
import { ConflictError, ForbiddenError, InvalidInputError, IssueList, NotFoundError } from '../domain/errors.js';
import {
  DEFAULT_MOISTURE_LIMIT_PCT,
  type GradingInput,
  type IntakeInput,
  hasControlCharacters,
  validateGrading,
  validateIntake,
} from '../domain/lot.js';
import { isInFuture } from '../domain/input.js';
import { localDateOf } from '../domain/time.js';
import { decodeId } from '../lib/global-id.js';
import { payAdvance, recoverAdvance } from './advances.js';
import { noteWrite } from './audit.js';
import type { ServiceContext } from './context.js';
import { type MutationOutcome, runMutation } from './mutation.js';
import { settings } from '../queries/consortium.js';

export interface RecordLotIntakeInput extends IntakeInput {
  idempotencyKey: string;
  plantId: string;
  farmerId: string;
  campaignId: string;
  productForm?: (typeof productForms)[number] | null;
  /**
   * The plot or plots the coffee came from (EUDR, docs/eudr.md). Absent: the
   * farmer's only plot; a farmer with several plots must be told which, or
   * the lot has no plot and cannot be EUDR-compliant.
   */
  plotIds?: string[] | null;
}

/** The plots a lot came from: those named (each the farmer's, once), or the farmer's only plot. */
function intakePlots(tx: Tx, farmerId: number, raw: readonly string[] | null | undefined): number[] {
  const own = tx.select({ id: plots.id }).from(plots).where(eq(plots.farmerId, farmerId)).all();
  if (raw == null) return own.length === 1 ? [own[0]!.id] : [];
  const ownIds = new Set(own.map((p) => p.id));
  const issues = new IssueList();
  const seen = new Set<number>();
  const ids = raw.map((r, i) => {
    const path = ['input', 'plotIds', String(i)];
    const id = decodeId(r, 'Plot', path);
    if (!ownIds.has(id)) issues.add(path, 'NOT_FARMERS_PLOT', "is not one of the delivering farmer's plots");
    else if (seen.has(id)) issues.add(path, 'DUPLICATE', 'the same plot twice');
    seen.add(id);
    return id;
  });
  if (raw.length === 0) issues.add(['input', 'plotIds'], 'EMPTY', 'name at least one plot, or leave plotIds out');
  if (raw.length > 20) issues.add(['input', 'plotIds'], 'TOO_MANY', 'at most 20 plots per lot');
  issues.throwIfAny();
  return ids;
}

export type LotRef = { type: 'Lot'; id: number };

function mustHandleLots(ctx: ServiceContext): void {
  const role = ctx.principal.role;
  if (role !== 'admin' && role !== 'plant_staff') {
    throw new ForbiddenError(`a ${role.replace('_', ' ')} cannot record, grade or reject lots`);
  }
}

/** Moved to server/queries/consortium.ts (ledger.ts importing it from here closed an import circle). */
export { settings } from '../queries/consortium.js';

export function recordLotIntake(ctx: ServiceContext, input: RecordLotIntakeInput): MutationOutcome<LotRef> {
  mustHandleLots(ctx);
  const { idempotencyKey, ...payload } = input;
  const plantId = decodeId(input.plantId, 'Plant', ['input', 'plantId']);
  const farmerId = decodeId(input.farmerId, 'Farmer', ['input', 'farmerId']);
  const campaignId = decodeId(input.campaignId, 'HarvestCampaign', ['input', 'campaignId']);

  return runMutation(ctx, 'recordLotIntake', idempotencyKey, payload, (tx) => {
    const plant = tx.select().from(plants).where(eq(plants.id, plantId)).get();
    if (!plant) throw new NotFoundError(['input', 'plantId'], input.plantId, 'plant');
    assertCanHandleLotsAt(ctx.principal, plant.id);
    const farmer = tx.select().from(farmers).where(eq(farmers.id, farmerId)).get();
    if (!farmer) throw new NotFoundError(['input', 'farmerId'], input.farmerId, 'farmer');
    if (!farmer.active)
      throw new ConflictError('FARMER_INACTIVE', 'the farmer is deactivated and delivers no new lots');
    const campaign = tx.select().from(harvestCampaigns).where(eq(harvestCampaigns.id, campaignId)).get();
    if (!campaign) throw new NotFoundError(['input', 'campaignId'], input.campaignId, 'harvest campaign');

    const conf = settings(tx);
    const valid = validateIntake(input, { campaign, timeZone: conf.timeZone, now: ctx.clock.now() });
    const next = tx
      .select({ n: sql<number>`coalesce(max(${lots.number}), 0) + 1` })
      .from(lots)
      .where(eq(lots.campaignId, campaign.id))
      .get()!.n;
    const row = tx
      .insert(lots)
      .values({
        code: `${campaign.code}-${String(next).padStart(5, '0')}`,
        campaignId: campaign.id,
        number: next,
        plantId: plant.id,
        farmerId: farmer.id,
        cooperativeId: farmer.cooperativeId,
        productForm: input.productForm ?? 'dried_parchment',
        recordedBy: ctx.principal.userId,
        status: 'received',
        ...valid,
      })
      .returning()
      .get();
    const plotIds = intakePlots(tx, farmer.id, input.plotIds);
    if (plotIds.length > 0)
      tx.insert(lotPlots)
        .values(plotIds.map((plotId) => ({ lotId: row.id, plotId })))
        .run();
    noteWrite('lots', row.id);
    payAdvance({ tx, userId: ctx.principal.userId, now: ctx.clock.now() }, row);
    return { type: 'Lot', id: row.id };
  });
}

/** Loads a lot for a change, answering NotFound for lots the caller may not see. */
function lotForChange(ctx: ServiceContext, tx: Tx, rawId: string) {
  const id = decodeId(rawId, 'Lot', ['input', 'lotId']);
  const lot = tx.select().from(lots).where(eq(lots.id, id)).get();
  if (!lot || !canSeeLot(ctx.principal, lot)) throw new NotFoundError(['input', 'lotId'], rawId, 'lot');
  assertCanHandleLotsAt(ctx.principal, lot.plantId);
  return lot;
}

export interface GradeLotInput extends Omit<GradingInput, 'gradedAt'> {
  idempotencyKey: string;
  lotId: string;
  /** Defaults to now. */
  gradedAt?: Date | null;
}

/** Was the farmer organic-certified on this date? */
function organicCertified(tx: Tx, farmerId: number, onDate: string): boolean {
  const row = tx
    .select({ id: farmerCertifications.id })
    .from(farmerCertifications)
    .where(
      and(
        eq(farmerCertifications.farmerId, farmerId),
        eq(farmerCertifications.scheme, 'organic'),
        lte(farmerCertifications.validFrom, onDate),
        gte(farmerCertifications.validTo, onDate),
        or(isNull(farmerCertifications.revokedOn), gt(farmerCertifications.revokedOn, onDate)),
      ),
    )
    .get();
  return row !== undefined;
}

/** Records a grading; a later grading of the same lot supersedes it (both are kept). */
export function gradeLot(ctx: ServiceContext, input: GradeLotInput): MutationOutcome<LotRef> {
  mustHandleLots(ctx);
  const { idempotencyKey, ...payload } = input;
  decodeId(input.lotId, 'Lot', ['input', 'lotId']);
  const now = ctx.clock.now();
  // A grading without a time is taken now; the hash must not see that default,
  // or a retry a second later would count as a different request.
  return runMutation(ctx, 'gradeLot', idempotencyKey, payload, (tx) => {
    const lot = lotForChange(ctx, tx, input.lotId);
    if (lot.status === 'rejected') {
      throw new ConflictError('LOT_REJECTED', `lot ${lot.code} was rejected and cannot be graded`);
    }
    const valid = validateGrading(
      { ...input, gradedAt: input.gradedAt ?? now },
      {
        receivedAt: lot.receivedAt,
        now,
        organicCertified: organicCertified(tx, lot.farmerId, lot.receivedOn),
      },
    );
    const grading = tx
      .insert(lotGradings)
      .values({ lotId: lot.id, gradedBy: ctx.principal.userId, ...valid })
      .returning({ id: lotGradings.id })
      .get();
    tx.update(lots).set({ status: 'graded', currentGradingId: grading.id }).where(eq(lots.id, lot.id)).run();
    noteWrite('lots', lot.id);
    return { type: 'Lot', id: lot.id };
  });
}

export interface RejectLotInput {
  idempotencyKey: string;
  lotId: string;
  reason: string;
  rejectedAt?: Date | null;
}

export const MIN_REASON_LENGTH = 3;
export const MAX_REASON_LENGTH = 500;

/** Rejects a received or graded lot, with a reason (too wet, mouldy, contaminated...). */
export function rejectLot(ctx: ServiceContext, input: RejectLotInput): MutationOutcome<LotRef> {
  mustHandleLots(ctx);
  const { idempotencyKey, ...payload } = input;
  decodeId(input.lotId, 'Lot', ['input', 'lotId']);
  const reason = input.reason.trim();
  if (reason.length < MIN_REASON_LENGTH || reason.length > MAX_REASON_LENGTH || hasControlCharacters(reason)) {
    throw InvalidInputError.single(
      ['input', 'reason'],
      'INVALID_REASON',
      `must be ${MIN_REASON_LENGTH} to ${MAX_REASON_LENGTH} printable characters`,
    );
  }
  const now = ctx.clock.now();
  return runMutation(ctx, 'rejectLot', idempotencyKey, payload, (tx) => {
    const lot = lotForChange(ctx, tx, input.lotId);
    if (lot.status === 'rejected') {
      throw new ConflictError('LOT_ALREADY_REJECTED', `lot ${lot.code} is already rejected`);
    }
    const hulled = tx
      .select({ grams: sql<number>`coalesce(sum(${runInputs.grams}), 0)` })
      .from(runInputs)
      .where(eq(runInputs.lotId, lot.id))
      .get()!.grams;
    if (hulled > 0) {
      throw new ConflictError(
        'LOT_ALREADY_PROCESSED',
        `lot ${lot.code} has already been hulled (${hulled} g); its coffee is in the plant's batches and cannot be sent back`,
      );
    }
    const at = input.rejectedAt ?? now;
    if (Number.isNaN(at.getTime()) || at.toISOString() < lot.receivedAt) {
      throw InvalidInputError.single(
        ['input', 'rejectedAt'],
        'BEFORE_RECEIPT',
        'must not be before the lot was received',
      );
    }
    if (isInFuture(at, now)) {
      throw InvalidInputError.single(
        ['input', 'rejectedAt'],
        'IN_FUTURE',
        'a lot is rejected after the fact, not ahead of time',
      );
    }
    tx.insert(lotRejections)
      .values({ lotId: lot.id, rejectedAt: at.toISOString(), rejectedBy: ctx.principal.userId, reason })
      .run();
    tx.update(lots).set({ status: 'rejected' }).where(eq(lots.id, lot.id)).run();
    noteWrite('lots', lot.id);
    recoverAdvance({ tx, userId: ctx.principal.userId, now }, lot, localDateOf(at, settings(tx).timeZone));
    return { type: 'Lot', id: lot.id };
  });
}

/** The moisture limit in force for a campaign. */
export function moistureLimit(campaignLimit: string | null, consortiumDefault: string | undefined): string {
  return campaignLimit ?? consortiumDefault ?? DEFAULT_MOISTURE_LIMIT_PCT;
}
