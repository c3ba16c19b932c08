/**
 * Advance prices and the advances paid at delivery. A cooperative sets its
 * price per kg for a campaign; every lot recorded afterwards is paid its
 * advance in the same transaction as the intake, as one ledger entry:
 * debit the farmer's balance (the farmer now owes it against the sale to
 * come), credit the cooperative's cash. Rejecting the lot reverses it.
 */
import { and, desc, eq, lte } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { advancePrices, cooperatives, harvestCampaigns, type lots } from '../../db/schema.js';
import { advanceAmount, advancePriceError } from '../domain/advances.js';
import { ForbiddenError, InvalidInputError, IssueList, NotFoundError } from '../domain/errors.js';
import { type Currency, formatAmount, isCurrency } from '../domain/money.js';
import { isCalendarDate } from '../domain/time.js';
import { gramsToKg } from '../domain/units.js';
import { decodeId } from '../lib/global-id.js';
import type { ServiceContext } from './context.js';
import { type Poster, liveEntriesOf, postEntry, reverseEntry } from './ledger.js';
import { type MutationOutcome, runMutation } from './mutation.js';

export interface SetAdvancePriceInput {
  idempotencyKey: string;
  cooperativeId: string;
  campaignId: string;
  pricePerKg: string;
  currency: string;
  effectiveFrom: string;
}

export type AdvancePriceRef = { type: 'AdvancePrice'; id: number };

/** A cooperative's manager sets their own cooperative's price; an admin any. */
export function setAdvancePrice(ctx: ServiceContext, input: SetAdvancePriceInput): MutationOutcome<AdvancePriceRef> {
  const p = ctx.principal;
  if (p.role !== 'admin' && p.role !== 'cooperative_manager') {
    throw new ForbiddenError(`a ${p.role.replace('_', ' ')} cannot set advance prices`);
  }
  const { idempotencyKey, ...payload } = input;
  const coopId = decodeId(input.cooperativeId, 'Cooperative', ['input', 'cooperativeId']);
  const campaignId = decodeId(input.campaignId, 'HarvestCampaign', ['input', 'campaignId']);
  if (p.role === 'cooperative_manager' && p.cooperativeId !== coopId) {
    throw new ForbiddenError('a cooperative manager sets their own cooperative\u2019s advance price only');
  }
  const issues = new IssueList();
  const why = advancePriceError(input.pricePerKg);
  if (why) issues.add(['input', 'pricePerKg'], 'INVALID_PRICE', why);
  if (!isCurrency(input.currency)) issues.add(['input', 'currency'], 'UNKNOWN_CURRENCY', 'must be PEN or USD');
  if (!isCalendarDate(input.effectiveFrom))
    issues.add(['input', 'effectiveFrom'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  issues.throwIfAny();
  return runMutation(ctx, 'setAdvancePrice', idempotencyKey, payload, (tx) => {
    if (!tx.select({ id: cooperatives.id }).from(cooperatives).where(eq(cooperatives.id, coopId)).get()) {
      throw new NotFoundError(['input', 'cooperativeId'], input.cooperativeId, 'cooperative');
    }
    const campaign = tx.select().from(harvestCampaigns).where(eq(harvestCampaigns.id, campaignId)).get();
    if (!campaign) throw new NotFoundError(['input', 'campaignId'], input.campaignId, 'harvest campaign');
    if (input.effectiveFrom < campaign.startsOn || input.effectiveFrom > campaign.endsOn) {
      throw InvalidInputError.single(
        ['input', 'effectiveFrom'],
        'OUTSIDE_CAMPAIGN',
        `must fall in the campaign, ${campaign.startsOn} to ${campaign.endsOn}`,
      );
    }
    const row = tx
      .insert(advancePrices)
      .values({
        cooperativeId: coopId,
        campaignId,
        currency: input.currency,
        pricePerKg: input.pricePerKg,
        effectiveFrom: input.effectiveFrom,
        setBy: p.userId,
      })
      .returning({ id: advancePrices.id })
      .get();
    return { type: 'AdvancePrice', id: row.id };
  });
}

/** The price in force for a cooperative's delivery on a day: the latest effective on or before it. */
export function advancePriceOn(tx: Tx, cooperativeId: number, campaignId: number, day: string) {
  return tx
    .select()
    .from(advancePrices)
    .where(
      and(
        eq(advancePrices.cooperativeId, cooperativeId),
        eq(advancePrices.campaignId, campaignId),
        lte(advancePrices.effectiveFrom, day),
      ),
    )
    .orderBy(desc(advancePrices.effectiveFrom), desc(advancePrices.id))
    .get();
}

type LotRow = typeof lots.$inferSelect;

/** Pays a new lot's advance, if its cooperative has a price for the day. Returns the entry id or null. */
export function payAdvance(p: Poster, lot: LotRow): number | null {
  const price = advancePriceOn(p.tx, lot.cooperativeId, lot.campaignId, lot.receivedOn);
  if (!price) return null;
  const currency = price.currency as Currency;
  const amount = advanceAmount(lot.netG, price.pricePerKg, currency);
  if (amount === 0n) return null;
  return postEntry(p, {
    kind: 'farmer_advance',
    occurredOn: lot.receivedOn,
    description: `Advance on lot ${lot.code}: ${gramsToKg(lot.netG)} kg \u00d7 ${price.pricePerKg} ${currency}/kg = ${formatAmount(amount, currency)} ${currency}`,
    source: { type: 'lot', id: lot.id },
    lines: [
      {
        account: { ownerType: 'farmer', ownerId: lot.farmerId, purpose: 'farmer_balance', currency },
        minor: amount,
        lotId: lot.id,
        memo: 'advance paid',
      },
      {
        account: { ownerType: 'cooperative', ownerId: lot.cooperativeId, purpose: 'cash', currency },
        minor: -amount,
        lotId: lot.id,
        memo: `advance to farmer, lot ${lot.code}`,
      },
    ],
  });
}

/** A rejected lot's advance comes back: its entry is reversed on the day of rejection. */
export function recoverAdvance(p: Poster, lot: LotRow, rejectedOn: string): void {
  for (const id of liveEntriesOf(p.tx, 'lot', [lot.id], 'farmer_advance')) {
    reverseEntry(
      p,
      id,
      `lot ${lot.code} rejected: advance recovered`,
      rejectedOn < lot.receivedOn ? lot.receivedOn : rejectedOn,
    );
  }
}
