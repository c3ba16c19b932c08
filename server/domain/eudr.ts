/**
 * The EU deforestation regulation's rules beyond geometry (docs/eudr.md):
 * when a plot, a lot and a destination count, and how a delivery's
 * geolocation is cut into due-diligence statements within the EU system's
 * limits. Pure functions.
 */
import { MAX_GEOJSON_FILE_BYTES } from './geo.js';

/** Land deforested after this day disqualifies its coffee (Regulation (EU) 2023/1115, art. 2(13)). */
export const EUDR_CUTOFF = '2020-12-31';
/** The Harmonized System heading of coffee. */
export const HS_CODE_COFFEE = '0901';
/** The EU information system's limits per statement. */
export const MAX_PRODUCERS_PER_COMMODITY = 1_000;
export const MAX_PRODUCERS_PER_STATEMENT = 10_000;
export { MAX_GEOJSON_FILE_BYTES };

/** The 27 member states (ISO 3166-1 alpha-2); a destination among them makes a contract an EU one. */
export const EU_MEMBER_STATES = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
] as const;

export function isEuDestination(country: string): boolean {
  return (EU_MEMBER_STATES as readonly string[]).includes(country);
}

export const assessmentResultValues = ['no_deforestation', 'deforestation', 'inconclusive'] as const;
export type AssessmentResult = (typeof assessmentResultValues)[number];

/** Why a lot is not EUDR-compliant, per plot where it is about a plot. */
export const EUDR_REASON_CODES = [
  'NO_PLOT',
  'NO_GEOLOCATION',
  'NO_ASSESSMENT',
  'DEFORESTATION',
  'INCONCLUSIVE',
  'NO_LAND_TENURE',
] as const;
export type EudrReasonCode = (typeof EUDR_REASON_CODES)[number];

export interface PlotEvidence {
  plotId: number;
  plotName: string;
  geolocated: boolean;
  /** The latest assessment's result, or null when none. */
  assessment: AssessmentResult | null;
  hasTenure: boolean;
}

export interface EudrReason {
  code: EudrReasonCode;
  plotId: number | null;
  message: string;
}

/**
 * A lot is compliant when it names at least one plot and every plot it came
 * from has a geolocation, a "no deforestation" latest assessment and a
 * land-tenure document. The same rule is written in SQL in
 * server/queries/eudr.ts (`lotCompliantSql`); tests hold the two together.
 */
export function lotEudrReasons(plots: readonly PlotEvidence[], farmerPlotCount: number): EudrReason[] {
  if (plots.length === 0) {
    return [
      {
        code: 'NO_PLOT',
        plotId: null,
        message:
          farmerPlotCount > 1
            ? `the farmer has ${farmerPlotCount} plots and the intake did not say which the coffee came from`
            : 'the farmer has no plot registered',
      },
    ];
  }
  const reasons: EudrReason[] = [];
  for (const p of plots) {
    const name = `plot "${p.plotName}"`;
    if (!p.geolocated)
      reasons.push({ code: 'NO_GEOLOCATION', plotId: p.plotId, message: `${name} has no valid geolocation` });
    if (p.assessment === null)
      reasons.push({ code: 'NO_ASSESSMENT', plotId: p.plotId, message: `${name} has no deforestation assessment` });
    else if (p.assessment === 'deforestation')
      reasons.push({
        code: 'DEFORESTATION',
        plotId: p.plotId,
        message: `${name}: deforestation after ${EUDR_CUTOFF} was found`,
      });
    else if (p.assessment === 'inconclusive')
      reasons.push({
        code: 'INCONCLUSIVE',
        plotId: p.plotId,
        message: `${name}: the latest deforestation assessment was inconclusive`,
      });
    if (!p.hasTenure)
      reasons.push({ code: 'NO_LAND_TENURE', plotId: p.plotId, message: `${name} has no land-tenure document` });
  }
  return reasons;
}

/** One producer's part of a delivery's geolocation: their plots' features and the grams of theirs shipped. */
export interface ProducerPart {
  producerId: number;
  /** The producer's features, serialized, one per plot. */
  features: string[];
  grams: number;
}

export interface StatementPlan {
  number: number;
  producers: ProducerPart[];
  grams: number;
}

const FILE_OVERHEAD_BYTES = 64;

/**
 * Cuts a delivery's producers into statements, in the order given, so that
 * each holds at most MAX_PRODUCERS_PER_COMMODITY producers (one commodity per
 * statement, so the 10,000 per statement never binds first) and a file of at
 * most `maxBytes`. A producer is never split over two statements. Throws
 * when one producer alone is over the size limit (no split can help).
 */
export function planStatements(
  producers: readonly ProducerPart[],
  limits: { maxProducers?: number; maxBytes?: number } = {},
): StatementPlan[] {
  const maxProducers = Math.min(
    limits.maxProducers ?? MAX_PRODUCERS_PER_COMMODITY,
    MAX_PRODUCERS_PER_COMMODITY,
    MAX_PRODUCERS_PER_STATEMENT,
  );
  const maxBytes = limits.maxBytes ?? MAX_GEOJSON_FILE_BYTES;
  const plans: StatementPlan[] = [];
  let current: StatementPlan | null = null;
  let bytes = 0;
  for (const p of producers) {
    const size = p.features.reduce((a, f) => a + Buffer.byteLength(f, 'utf8') + 1, 0);
    if (size + FILE_OVERHEAD_BYTES > maxBytes) {
      throw new Error(`producer ${p.producerId}'s plots alone need ${size} bytes, over the ${maxBytes} limit`);
    }
    if (!current || current.producers.length >= maxProducers || bytes + size > maxBytes) {
      current = { number: plans.length + 1, producers: [], grams: 0 };
      plans.push(current);
      bytes = FILE_OVERHEAD_BYTES;
    }
    current.producers.push(p);
    current.grams += p.grams;
    bytes += size;
  }
  return plans;
}
