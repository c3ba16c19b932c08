/**
 * Splitting a whole number (grams, or later cents) into parts proportional to
 * weights, so that the parts sum exactly to the whole: the largest-remainder
 * method (Hamilton's method).
 *
 * 1. Each part's exact share is whole × weight ÷ Σweights, a rational number.
 * 2. Every part gets the floor of its share.
 * 3. The leftover units (fewer than the number of parts) go one each to the
 *    parts with the largest fractional remainders; equal remainders go to the
 *    smaller key first, so the split is deterministic.
 *
 * The arithmetic is exact: weights are decimals scaled to integers and the
 * shares are compared as integer numerators over one common denominator, in
 * bigint. No JS float is involved and nothing is rounded twice.
 */
import { type Dec, decimalSyntaxError } from './decimal.js';

export interface Weighted<K> {
  key: K;
  /** A non-negative decimal string (or a Dec). */
  weight: string | Dec;
}

export interface Part<K> {
  key: K;
  amount: bigint;
}

function scaleOf(s: string): number {
  const dot = s.indexOf('.');
  return dot === -1 ? 0 : s.length - dot - 1;
}

/** Weights as bigints over a common power of ten. */
function scaledWeights(weights: readonly (string | Dec)[]): bigint[] {
  // Strings are checked as decimal literals; a Dec is already one, of any length.
  const texts = weights.map((w) => {
    if (typeof w !== 'string') return w.toFixed();
    const why = decimalSyntaxError(w);
    if (why) throw new RangeError(`weight "${w}" ${why}`);
    return w;
  });
  for (const t of texts) {
    if (t.startsWith('-') && /[1-9]/.test(t)) throw new RangeError(`weight "${t}" is negative`);
  }
  const scale = Math.max(0, ...texts.map(scaleOf));
  return texts.map((t) => {
    const [int, frac = ''] = t.replace('-', '').split('.');
    return BigInt(int + frac.padEnd(scale, '0'));
  });
}

/**
 * Splits `whole` (a non-negative integer) by `weights`. Parts come back in
 * the order of the input. Throws when the weights sum to zero but the whole
 * is not zero (there is nothing to be proportional to).
 */
export function allocate<K extends string | number>(whole: bigint, weighted: readonly Weighted<K>[]): Part<K>[] {
  if (whole < 0n) throw new RangeError('cannot allocate a negative amount');
  const w = scaledWeights(weighted.map((x) => x.weight));
  const total = w.reduce((a, b) => a + b, 0n);
  if (total === 0n) {
    if (whole === 0n) return weighted.map((x) => ({ key: x.key, amount: 0n }));
    throw new RangeError('cannot allocate by weights that sum to zero');
  }
  const parts = weighted.map((x, i) => {
    const numerator = whole * w[i]!;
    return { key: x.key, amount: numerator / total, remainder: numerator % total, index: i };
  });
  let leftover = whole - parts.reduce((a, p) => a + p.amount, 0n);
  const order = [...parts].sort((a, b) =>
    a.remainder !== b.remainder ? (a.remainder > b.remainder ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  for (const p of order) {
    if (leftover === 0n) break;
    p.amount += 1n;
    leftover -= 1n;
  }
  return parts.map((p) => ({ key: p.key, amount: p.amount }));
}

/** `allocate` for grams, which are JS safe integers. */
export function allocateGrams<K extends string | number>(
  grams: number,
  weighted: readonly Weighted<K>[],
): { key: K; grams: number }[] {
  if (!Number.isSafeInteger(grams)) throw new RangeError(`grams must be a safe integer, got ${grams}`);
  return allocate(BigInt(grams), weighted).map((p) => ({ key: p.key, grams: Number(p.amount) }));
}
