/**
 * A cooperative's deliveries in a campaign, summarised the way its manager
 * reads them. Rejected lots are counted apart and weigh nothing.
 */
import { Dec, fixed } from './decimal.js';
import { isSpecialty } from './lot.js';
import { gramsToKg, gramsToQuintals } from './units.js';

export interface DeliveredLot {
  status: 'received' | 'graded' | 'rejected';
  netG: number;
  /** Cup score of the lot's latest grading, if it was cupped. */
  cupScore: string | null;
}

export interface DeliverySummary {
  lotCount: number;
  rejectedLotCount: number;
  deliveredGrams: number;
  deliveredKg: string;
  deliveredQuintals: string;
  cuppedLotCount: number;
  /** Mean cup score of the cupped lots, 2 decimals half-even; null when none was cupped. */
  averageCupScore: string | null;
  /** Cupped lots scoring 80 or more, as a % of cupped lots (2 decimals, half-even). */
  specialtyLotSharePercent: string | null;
  /** Net weight of specialty lots as a % of the net weight of cupped lots. */
  specialtyWeightSharePercent: string | null;
}

export function summarizeDeliveries(lots: readonly DeliveredLot[]): DeliverySummary {
  let lotCount = 0;
  let rejected = 0;
  let grams = 0;
  let cupped = 0;
  let specialty = 0;
  let cuppedGrams = 0;
  let specialtyGrams = 0;
  let scoreSum = new Dec('0');
  for (const lot of lots) {
    if (lot.status === 'rejected') {
      rejected++;
      continue;
    }
    lotCount++;
    grams += lot.netG;
    if (lot.cupScore != null) {
      cupped++;
      cuppedGrams += lot.netG;
      scoreSum = scoreSum.plus(lot.cupScore);
      if (isSpecialty(lot.cupScore)) {
        specialty++;
        specialtyGrams += lot.netG;
      }
    }
  }
  const pct = (part: number, whole: number) =>
    whole === 0 ? null : fixed(new Dec(String(part)).times('100').div(String(whole)), 2);
  return {
    lotCount,
    rejectedLotCount: rejected,
    deliveredGrams: grams,
    deliveredKg: gramsToKg(grams),
    deliveredQuintals: gramsToQuintals(grams),
    cuppedLotCount: cupped,
    averageCupScore: cupped === 0 ? null : fixed(scoreSum.div(String(cupped)), 2),
    specialtyLotSharePercent: pct(specialty, cupped),
    specialtyWeightSharePercent: pct(specialtyGrams, cuppedGrams),
  };
}
