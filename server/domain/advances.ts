/**
 * Farmer advances: what a cooperative pays a farmer when a lot is delivered,
 * against the farmer's share of the sale to come. The price is per kg of net
 * weight, set by the cooperative per campaign.
 */
import { Dec, decimalSyntaxError, scaleOf } from './decimal.js';
import { type Currency, toMinor } from './money.js';
import { GRAMS_PER_KG } from './units.js';

/** Places a price per kg may have (e.g. 7.4550 PEN/kg). */
export const PRICE_DECIMALS = 4;
/** A sanity ceiling on an advance price, in major units per kg. */
export const MAX_ADVANCE_PRICE_PER_KG = '1000';

/** Why a price per kg is not acceptable, or null. */
export function advancePriceError(price: string): string | null {
  const why = decimalSyntaxError(price);
  if (why) return why;
  if (scaleOf(price) > PRICE_DECIMALS) return `has more than ${PRICE_DECIMALS} decimals`;
  const p = new Dec(price);
  if (p.lte('0')) return 'must be more than 0';
  if (p.gt(MAX_ADVANCE_PRICE_PER_KG)) return `must be at most ${MAX_ADVANCE_PRICE_PER_KG} per kg`;
  return null;
}

/**
 * The advance for a delivery: net kg × price per kg, rounded once, half-even,
 * to the currency's minor unit. 552.5 kg × 7.25 PEN/kg = 4005.625 → 4005.62 PEN.
 */
export function advanceAmount(netGrams: number, pricePerKg: string, currency: Currency): bigint {
  if (!Number.isSafeInteger(netGrams) || netGrams <= 0)
    throw new RangeError(`net grams must be a positive integer, got ${netGrams}`);
  return toMinor(new Dec(String(netGrams)).div(String(GRAMS_PER_KG)).times(pricePerKg), currency);
}
