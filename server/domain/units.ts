/**
 * Units of weight. Stored: integer grams. Shown: decimal kilograms, and
 * quintals of 46 kg (the Peruvian coffee trade's "quintal" of parchment).
 */
import { Dec, canonical, dec, decimalSyntaxError, fixed, scaleOf } from './decimal.js';

export const GRAMS_PER_KG = 1000;
export const KG_PER_QUINTAL = 46;
export const GRAMS_PER_QUINTAL = GRAMS_PER_KG * KG_PER_QUINTAL;
/** Decimals shown for quintals; rounded half-even. */
export const QUINTAL_DECIMALS = 2;

export type KgParse = { ok: true; grams: number } | { ok: false; reason: string };

/** Converts a decimal kg string to grams. At most 3 decimals: 1 g is the smallest unit. */
export function parseKgToGrams(kg: string): KgParse {
  const why = decimalSyntaxError(kg);
  if (why) return { ok: false, reason: `kilograms ${why}` };
  if (scaleOf(kg) > 3) {
    return { ok: false, reason: 'has more than 3 decimals: weights are recorded to the gram' };
  }
  const grams = dec(kg).times(String(GRAMS_PER_KG));
  if (grams.abs().gt(new Dec(String(Number.MAX_SAFE_INTEGER)))) {
    return { ok: false, reason: 'is too large' };
  }
  // Exact: at most 3 decimals times 1000 is a whole number, and it is within the safe-integer range.
  return { ok: true, grams: Number(grams.toFixed(0)) };
}

/** Exact decimal kilograms of an integer number of grams. */
export function gramsToKg(grams: number): string {
  assertGrams(grams);
  return canonical(new Dec(String(grams)).div(String(GRAMS_PER_KG)));
}

/** Quintals of 46 kg, rounded half-even to 2 decimals (display only). */
export function gramsToQuintals(grams: number): string {
  assertGrams(grams);
  return fixed(new Dec(String(grams)).div(String(GRAMS_PER_QUINTAL)), QUINTAL_DECIMALS);
}

function assertGrams(grams: number): void {
  if (!Number.isSafeInteger(grams)) throw new RangeError(`grams must be a safe integer, got ${grams}`);
}

export const M2_PER_HECTARE = 10_000;

/** Exact hectares of an integer number of square metres. */
export function squareMetresToHectares(m2: number): string {
  if (!Number.isSafeInteger(m2)) throw new RangeError(`square metres must be a safe integer, got ${m2}`);
  return canonical(new Dec(String(m2)).div(String(M2_PER_HECTARE)));
}
