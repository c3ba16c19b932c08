/**
 * Lot intake and grading rules: pure functions over plain values, shared by
 * the API, the seed and the tests. See docs/lots.md.
 */
import { Dec, canonical, dec, decimalSyntaxError, scaleOf } from './decimal.js';
import { type IssueCode, IssueList } from './errors.js';
import { hasControlCharacters, isInFuture } from './input.js';
import { localDateOf } from './time.js';
import { parseKgToGrams } from './units.js';

export { hasControlCharacters } from './input.js';

export const DEFAULT_MOISTURE_LIMIT_PCT = '12.5';
/** A single delivery above this is almost surely a typing error (a full truck is ~30 t). */
export const MAX_LOT_GROSS_G = 50_000_000;
export const MAX_BAGS = 2_000;
export const MAX_NOTES_LENGTH = 2_000;
/** SCA: a cup score of 80 points or more is specialty coffee. */
export const SPECIALTY_MIN_CUP_SCORE = '80';

export type ProductForm = 'dried_parchment' | 'green' | 'cherry';

export interface IntakeInput {
  receivedAt: Date;
  bags: number;
  grossKg: string;
  tareKg: string;
  moisturePercent: string;
  notes?: string | null;
}

export interface CampaignWindow {
  startsOn: string;
  endsOn: string;
}

export interface ValidIntake {
  receivedAt: string;
  /** Local calendar date of receipt, in the consortium's time zone. */
  receivedOn: string;
  bags: number;
  grossG: number;
  tareG: number;
  netG: number;
  moisturePct: string;
  notes: string | null;
}

/**
 * Checks an intake and converts it to stored units. Throws InvalidInputError
 * listing every problem found (with its input path), so a tablet can show
 * them all at once.
 */
export function validateIntake(
  input: IntakeInput,
  ctx: { campaign: CampaignWindow; timeZone: string; now: Date },
  path: string[] = ['input'],
): ValidIntake {
  const issues = new IssueList();
  const at = (f: string) => [...path, f];

  if (!Number.isSafeInteger(input.bags) || input.bags < 1) {
    issues.add(at('bags'), 'NOT_POSITIVE', 'must be at least 1 bag');
  } else if (input.bags > MAX_BAGS) {
    issues.add(at('bags'), 'TOO_LARGE', `must be at most ${MAX_BAGS} bags`);
  }

  const gross = parseKgToGrams(input.grossKg);
  const tare = parseKgToGrams(input.tareKg);
  if (!gross.ok) issues.add(at('grossKg'), codeFor(gross.reason), gross.reason);
  else if (gross.grams <= 0) issues.add(at('grossKg'), 'NOT_POSITIVE', 'must be greater than 0 kg');
  else if (gross.grams > MAX_LOT_GROSS_G) {
    issues.add(at('grossKg'), 'TOO_LARGE', `must be at most ${MAX_LOT_GROSS_G / 1000} kg for one lot`);
  }
  if (!tare.ok) issues.add(at('tareKg'), codeFor(tare.reason), tare.reason);
  else if (tare.grams < 0) issues.add(at('tareKg'), 'NEGATIVE', 'must not be negative');
  if (gross.ok && tare.ok && gross.grams > 0 && tare.grams >= 0 && tare.grams >= gross.grams) {
    issues.add(
      at('tareKg'),
      'TARE_NOT_BELOW_GROSS',
      'must be less than the gross weight (net weight must be positive)',
    );
  }

  const moisture = checkPercent(input.moisturePercent, 2);
  if (moisture) issues.add(at('moisturePercent'), moisture.code, moisture.message);

  const receivedAt = input.receivedAt;
  let day = '';
  if (Number.isNaN(receivedAt.getTime())) {
    issues.add(at('receivedAt'), 'INVALID_DATETIME', 'is not a valid instant');
  } else {
    day = localDateOf(receivedAt, ctx.timeZone);
    if (day < ctx.campaign.startsOn || day > ctx.campaign.endsOn) {
      issues.add(
        at('receivedAt'),
        'OUTSIDE_CAMPAIGN',
        `falls on ${day} (${ctx.timeZone}), outside the campaign ${ctx.campaign.startsOn} to ${ctx.campaign.endsOn}`,
      );
    }
    if (isInFuture(receivedAt, ctx.now)) {
      issues.add(at('receivedAt'), 'IN_FUTURE', 'is in the future');
    }
  }

  const notes = input.notes?.trim() ? input.notes.trim() : null;
  if (notes && notes.length > MAX_NOTES_LENGTH) {
    issues.add(at('notes'), 'TOO_LONG', `must be at most ${MAX_NOTES_LENGTH} characters`);
  }
  if (notes && hasControlCharacters(notes)) {
    issues.add(at('notes'), 'CONTROL_CHARACTERS', 'must not contain control characters');
  }

  issues.throwIfAny();
  const grossG = (gross as { grams: number }).grams;
  const tareG = (tare as { grams: number }).grams;
  return {
    receivedAt: receivedAt.toISOString(),
    receivedOn: day,
    bags: input.bags,
    grossG,
    tareG,
    netG: grossG - tareG,
    moisturePct: canonical(dec(input.moisturePercent)),
    notes,
  };
}

export interface GradingInput {
  gradedAt: Date;
  exportableYieldPercent: string;
  category1Defects: number;
  category2Defects: number;
  cupScore?: string | null;
  cupProtocol?: 'sca' | 'cqi_q' | 'coe' | null;
  organic: boolean;
  grade?: string | null;
}

export interface ValidGrading {
  gradedAt: string;
  exportableYieldPct: string;
  category1Defects: number;
  category2Defects: number;
  cupScore: string | null;
  cupProtocol: 'sca' | 'cqi_q' | 'coe' | null;
  organic: boolean;
  grade: string | null;
}

export const MAX_DEFECTS = 10_000;

/**
 * Checks a grading. `organicCertified` says whether the farmer held a valid
 * organic certificate on the delivery date: a lot graded organic without one
 * is refused, since the organic premium must be earned.
 */
export function validateGrading(
  input: GradingInput,
  ctx: { receivedAt: string; now: Date; organicCertified: boolean },
  path: string[] = ['input'],
): ValidGrading {
  const issues = new IssueList();
  const at = (f: string) => [...path, f];

  const yieldIssue = checkPercent(input.exportableYieldPercent, 2);
  if (yieldIssue) issues.add(at('exportableYieldPercent'), yieldIssue.code, yieldIssue.message);
  else if (dec(input.exportableYieldPercent).lte('0')) {
    issues.add(at('exportableYieldPercent'), 'NOT_POSITIVE', 'must be greater than 0');
  }
  for (const f of ['category1Defects', 'category2Defects'] as const) {
    const v = input[f];
    if (!Number.isSafeInteger(v) || v < 0) issues.add(at(f), 'NEGATIVE', 'must be a whole number, 0 or more');
    else if (v > MAX_DEFECTS) issues.add(at(f), 'TOO_LARGE', `must be at most ${MAX_DEFECTS}`);
  }

  const hasScore = input.cupScore != null;
  if (hasScore) {
    const cup = checkPercent(input.cupScore!, 2, 'points');
    if (cup) issues.add(at('cupScore'), cup.code, cup.message);
    if (input.cupProtocol == null) {
      issues.add(at('cupProtocol'), 'REQUIRED', 'is required with a cup score: say how the cup was scored');
    }
  } else if (input.cupProtocol != null) {
    issues.add(at('cupScore'), 'REQUIRED', 'is required when a cup protocol is given');
  }

  if (input.organic && !ctx.organicCertified) {
    issues.add(
      at('organic'),
      'NOT_CERTIFIED',
      "the farmer held no valid organic certificate on the lot's delivery date",
    );
  }

  const grade = input.grade?.trim() ? input.grade.trim() : null;
  if (grade && (grade.length > 40 || hasControlCharacters(grade))) {
    issues.add(at('grade'), 'INVALID', 'must be at most 40 printable characters');
  }

  if (Number.isNaN(input.gradedAt.getTime())) {
    issues.add(at('gradedAt'), 'INVALID_DATETIME', 'is not a valid instant');
  } else {
    if (input.gradedAt.toISOString() < ctx.receivedAt) {
      issues.add(at('gradedAt'), 'BEFORE_RECEIPT', `must not be before the lot was received (${ctx.receivedAt})`);
    }
    if (isInFuture(input.gradedAt, ctx.now)) {
      issues.add(at('gradedAt'), 'IN_FUTURE', 'is in the future');
    }
  }

  issues.throwIfAny();
  return {
    gradedAt: input.gradedAt.toISOString(),
    exportableYieldPct: canonical(dec(input.exportableYieldPercent)),
    category1Defects: input.category1Defects,
    category2Defects: input.category2Defects,
    cupScore: hasScore ? canonical(dec(input.cupScore!)) : null,
    cupProtocol: hasScore ? (input.cupProtocol ?? null) : null,
    organic: input.organic,
    grade,
  };
}

/** A moisture reading above the limit makes the lot rejectable. */
export function isAboveMoistureLimit(moisturePct: string, limitPct: string): boolean {
  return dec(moisturePct).gt(dec(limitPct));
}

export function isSpecialty(cupScore: string | null): boolean {
  return cupScore != null && dec(cupScore).gte(dec(SPECIALTY_MIN_CUP_SCORE));
}

/** Checks a value in [0, 100] with at most `maxScale` decimals. */
export function checkPercent(
  value: string,
  maxScale: number,
  unit = 'percent',
): { code: IssueCode; message: string } | null {
  const why = decimalSyntaxError(value);
  if (why) return { code: 'MALFORMED_DECIMAL', message: why };
  if (scaleOf(value) > maxScale) return { code: 'TOO_MANY_DECIMALS', message: `has more than ${maxScale} decimals` };
  const d = new Dec(value);
  if (d.lt('0') || d.gt('100')) return { code: 'OUT_OF_RANGE', message: `must be between 0 and 100 ${unit}` };
  return null;
}

function codeFor(reason: string): IssueCode {
  if (reason.includes('decimals')) return 'TOO_MANY_DECIMALS';
  if (reason.includes('too large')) return 'TOO_LARGE';
  return 'MALFORMED_DECIMAL';
}
