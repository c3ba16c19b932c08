/**
 * The plant's processing rules, as pure functions: what a hulling run,
 * a roasting batch and a packing run may record, how their outputs are
 * attributed to the lots that went in, and how yields are judged.
 * docs/plant.md explains each rule with figures.
 */
import { type Weighted, allocateGrams } from './allocation.js';
import { Dec, fixed } from './decimal.js';
import { InvalidInputError, type IssueList } from './errors.js';

/** Grades of green coffee out of the huller. */
export const GREEN_GRADES = ['export', 'second', 'pasilla'] as const;
export type GreenGrade = (typeof GREEN_GRADES)[number];

/** Retail unit sizes the packing line fills, in grams. */
export const RETAIL_UNIT_SIZES_G = [250, 500, 1000] as const;

/** Default tolerance of a hulling run's yield against its lots' expectation, in percentage points. */
export const DEFAULT_YIELD_TOLERANCE_PCT = '3';
/** Roast loss outside this range (percent of green) is flagged for a look: light roasts lose ~11 %, dark ~20 %. */
export const TYPICAL_ROAST_LOSS_PCT = { min: '11', max: '20' } as const;

const d = (n: number) => new Dec(String(n));

/** One lot's contribution to a run, with the weight its outputs are attributed by. */
export interface Contribution {
  lotId: number;
  grams: number;
}

export interface LotShare {
  lotId: number;
  grams: number;
}

/** The expected green of a lot's parchment: grams × exportable yield % (exact). */
export function expectedGreen(grams: number, exportableYieldPct: string): Dec {
  return d(grams).times(exportableYieldPct).div('100');
}

export interface Attribution<K> {
  /** Each output's grams split over the contributing lots (zero shares dropped). */
  outputs: { key: K; grams: number; shares: LotShare[] }[];
  /** Per lot: grams consumed minus grams credited in outputs (husk and loss). */
  lossByLot: LotShare[];
}

/**
 * Attributes a run's outputs to its contributing lots in proportion to
 * `weightOf(lot)`, in two largest-remainder steps so that every sum is exact:
 *
 * 1. the run's total output is split over the lots by weight: each lot's credit;
 * 2. each output in turn is split over the lots in proportion to the credit
 *    they have left, so the last output takes exactly what remains.
 *
 * Each output's shares then sum to the output, each lot's shares to its
 * credit, and each lot's loss (husk and loss) is what it gave minus its
 * credit. An attribution that would credit a lot with more coffee than it
 * gave is refused (OUTPUT_EXCEEDS_LOT): the run's figures are not believable.
 * With weights equal to the grams given, that cannot happen while the outputs
 * weigh no more than the inputs.
 */
export function attribute<K>(
  contributions: readonly Contribution[],
  outputs: readonly { key: K; grams: number }[],
  weightOf: (c: Contribution) => string | Dec,
): Attribution<K> {
  let weights: Weighted<number>[] = contributions.map((c) => ({ key: c.lotId, weight: weightOf(c) }));
  // If no lot is expected to yield anything, the lots own the run by what they gave.
  if (weights.every((w) => new Dec(typeof w.weight === 'string' ? w.weight : w.weight.toFixed()).eq('0'))) {
    weights = contributions.map((c) => ({ key: c.lotId, weight: String(c.grams) }));
  }
  const totalOut = outputs.reduce((a, o) => a + o.grams, 0);
  const credit = new Map(allocateGrams(totalOut, weights).map((s) => [s.key, s.grams]));
  const lossByLot = contributions.map((c) => ({ lotId: c.lotId, grams: c.grams - credit.get(c.lotId)! }));
  const over = lossByLot.filter((l) => l.grams < 0);
  if (over.length > 0) {
    throw InvalidInputError.single(
      ['input', 'outputs'],
      'OUTPUT_EXCEEDS_LOT',
      `the outputs would credit ${over.length} lot(s) with more coffee than they gave (first: lot ${over[0]!.lotId}, ${-over[0]!.grams} g over); check the weights`,
    );
  }
  const left = new Map(credit);
  const out = outputs.map((o) => {
    const shares = allocateGrams(
      o.grams,
      contributions.map((c) => ({ key: c.lotId, weight: String(left.get(c.lotId)!) })),
    )
      .filter((s) => s.grams > 0)
      .map((s) => ({ lotId: s.key, grams: s.grams }));
    for (const s of shares) left.set(s.lotId, left.get(s.lotId)! - s.grams);
    return { key: o.key, grams: o.grams, shares };
  });
  return { outputs: out, lossByLot };
}

/**
 * Takes `grams` from a blended batch, from each owner in proportion to what
 * they still hold in it (largest remainder). The caller checks availability.
 */
export function takeProportionally(holdings: readonly LotShare[], grams: number): LotShare[] {
  const available = holdings.reduce((a, h) => a + h.grams, 0);
  if (grams > available) throw new RangeError(`cannot take ${grams} g from ${available} g`);
  return allocateGrams(
    grams,
    holdings.map((h) => ({ key: h.lotId, weight: String(h.grams) })),
  )
    .filter((s) => s.grams > 0)
    .map((s) => ({ lotId: s.key, grams: s.grams }));
}

/** Checks a weight list: positive integers; reports each bad one at its path. */
export function checkPositiveGrams(issues: IssueList, path: string[], grams: number): void {
  if (!Number.isSafeInteger(grams) || grams <= 0) issues.add(path, 'NOT_POSITIVE', 'must be more than 0 kg');
}

export interface HullingYield {
  parchmentGrams: number;
  exportGreenGrams: number;
  totalGreenGrams: number;
  /** Export green ÷ parchment, %, 2 decimals half-even. */
  actualExportYieldPct: string;
  /** All green grades ÷ parchment, %. */
  totalBeanYieldPct: string;
  /** Σ(grams × exportable yield) ÷ Σ grams over the input lots, %. */
  expectedExportYieldPct: string;
  /** actual − expected, percentage points (signed). */
  deviationPct: string;
  tolerancePct: string;
  /** |actual − expected| above the tolerance (compared exactly, before rounding). */
  flagged: boolean;
}

export function hullingYield(
  inputs: readonly { grams: number; exportableYieldPct: string }[],
  exportGreenGrams: number,
  totalGreenGrams: number,
  tolerancePct: string,
): HullingYield {
  const parchment = inputs.reduce((a, i) => a + i.grams, 0);
  if (parchment <= 0) throw new RangeError('a hulling run needs parchment in');
  const expectedG = inputs.reduce((a, i) => a.plus(expectedGreen(i.grams, i.exportableYieldPct)), new Dec('0'));
  const expected = expectedG.times('100').div(d(parchment));
  const actual = d(exportGreenGrams).times('100').div(d(parchment));
  const deviation = actual.minus(expected);
  return {
    parchmentGrams: parchment,
    exportGreenGrams,
    totalGreenGrams,
    actualExportYieldPct: fixed(actual, 2),
    totalBeanYieldPct: fixed(d(totalGreenGrams).times('100').div(d(parchment)), 2),
    expectedExportYieldPct: fixed(expected, 2),
    deviationPct: fixed(deviation, 2),
    tolerancePct,
    flagged: deviation.abs().gt(tolerancePct),
  };
}

/** Roast loss: (green in − roasted out) ÷ green in, %, 2 decimals half-even; flagged outside the typical range. */
export function roastLoss(greenGrams: number, roastedGrams: number): { lossPct: string; flagged: boolean } {
  if (greenGrams <= 0) throw new RangeError('a roast needs green coffee in');
  const pct = d(greenGrams - roastedGrams)
    .times('100')
    .div(d(greenGrams));
  return {
    lossPct: fixed(pct, 2),
    flagged: pct.lt(TYPICAL_ROAST_LOSS_PCT.min) || pct.gt(TYPICAL_ROAST_LOSS_PCT.max),
  };
}

/** Refuses outputs that weigh more than the inputs: a run cannot make coffee. */
export function assertOutputsWithinInputs(inputGrams: number, outputGrams: number, path: string[]): void {
  if (outputGrams > inputGrams) {
    throw InvalidInputError.single(
      path,
      'OUTPUTS_EXCEED_INPUTS',
      `outputs weigh ${outputGrams} g but only ${inputGrams} g went in`,
    );
  }
}

/** A retail unit size the line fills. */
export function isRetailUnitSize(grams: number): boolean {
  return (RETAIL_UNIT_SIZES_G as readonly number[]).includes(grams);
}
