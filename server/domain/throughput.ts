/**
 * A plant's throughput: daily figures rolled up into days or ISO weeks
 * (Monday to Sunday), utilisation against daily capacity, and yields.
 * Percentages are rounded once, here, half-even to 1 decimal (utilisation)
 * or 2 decimals (yields).
 */
import { Dec, fixed } from './decimal.js';

export type Period = 'day' | 'week';

/** One day's records at a plant (a day with nothing is simply absent). */
export interface DayFigures {
  date: string;
  receivedLots: number;
  rejectedLots: number;
  receivedG: number;
  /** Hulling: parchment in, all green out, export green out, expected export green (exact decimal grams). */
  hulledG: number;
  greenOutG: number;
  exportGreenG: number;
  expectedExportGreenG: string;
  /** Roasting: green in, roasted out. */
  roastedInG: number;
  roastedOutG: number;
  packedUnits: number;
  packedG: number;
  runs: number;
  flaggedRuns: number;
}

export interface Capacities {
  hullingGPerDay: number | null;
  roastingGPerDay: number | null;
  packingUnitsPerDay: number | null;
}

export interface PeriodFigures extends Omit<DayFigures, 'date' | 'expectedExportGreenG'> {
  start: string;
  end: string;
  days: number;
  hullingUtilizationPct: string | null;
  roastingUtilizationPct: string | null;
  packingUtilizationPct: string | null;
  expectedExportYieldPct: string | null;
  actualExportYieldPct: string | null;
}

const DAY_MS = 86_400_000;
const toUtc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, n: number): string {
  return fromUtc(toUtc(date) + n * DAY_MS);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS) + 1;
}

/** The Monday of the ISO week a date falls in. */
export function isoWeekStart(date: string): string {
  const weekday = (new Date(toUtc(date)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(date, -weekday);
}

/** The periods covering [from, to], clipped to the range at both ends. */
export function periodsOf(from: string, to: string, period: Period): { start: string; end: string; days: number }[] {
  const out: { start: string; end: string; days: number }[] = [];
  let start = from;
  while (start <= to) {
    const natural = period === 'day' ? start : addDays(isoWeekStart(start), 6);
    const end = natural < to ? natural : to;
    out.push({ start, end, days: daysBetween(start, end) });
    start = addDays(end, 1);
  }
  return out;
}

function pct(part: Dec, whole: Dec, dp: number): string | null {
  return whole.eq('0') ? null : fixed(part.times('100').div(whole), dp);
}

const d = (n: number) => new Dec(String(n));

/** Rolls daily figures up into periods, with utilisation and yields. */
export function rollUp(
  days: readonly DayFigures[],
  from: string,
  to: string,
  period: Period,
  cap: Capacities,
): PeriodFigures[] {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  return periodsOf(from, to, period).map((p) => {
    const inside = sorted.filter((x) => x.date >= p.start && x.date <= p.end);
    const sum = (k: keyof Omit<DayFigures, 'date' | 'expectedExportGreenG'>) => inside.reduce((a, x) => a + x[k], 0);
    const expected = inside.reduce((a, x) => a.plus(x.expectedExportGreenG), new Dec('0'));
    const hulled = sum('hulledG');
    const util = (done: number, perDay: number | null) =>
      perDay == null || perDay === 0 ? null : pct(d(done), d(perDay).times(String(p.days)), 1);
    return {
      start: p.start,
      end: p.end,
      days: p.days,
      receivedLots: sum('receivedLots'),
      rejectedLots: sum('rejectedLots'),
      receivedG: sum('receivedG'),
      hulledG: hulled,
      greenOutG: sum('greenOutG'),
      exportGreenG: sum('exportGreenG'),
      roastedInG: sum('roastedInG'),
      roastedOutG: sum('roastedOutG'),
      packedUnits: sum('packedUnits'),
      packedG: sum('packedG'),
      runs: sum('runs'),
      flaggedRuns: sum('flaggedRuns'),
      hullingUtilizationPct: util(hulled, cap.hullingGPerDay),
      roastingUtilizationPct: util(sum('roastedInG'), cap.roastingGPerDay),
      packingUtilizationPct: util(sum('packedUnits'), cap.packingUnitsPerDay),
      expectedExportYieldPct: pct(expected, d(hulled), 2),
      actualExportYieldPct: pct(d(sum('exportGreenG')), d(hulled), 2),
    };
  });
}

/** Days of hulling the graded backlog represents at full capacity (1 decimal, half-even). */
export function backlogDays(backlogG: number, hullingGPerDay: number | null): string | null {
  return hullingGPerDay == null || hullingGPerDay === 0 ? null : fixed(d(backlogG).div(d(hullingGPerDay)), 1);
}
