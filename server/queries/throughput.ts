/** A plant's daily figures and backlog, read in a fixed number of statements. */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { Dec } from '../domain/decimal.js';
import type { DayFigures } from '../domain/throughput.js';

const empty = (date: string): DayFigures => ({
  date,
  receivedLots: 0,
  rejectedLots: 0,
  receivedG: 0,
  hulledG: 0,
  greenOutG: 0,
  exportGreenG: 0,
  expectedExportGreenG: '0',
  roastedInG: 0,
  roastedOutG: 0,
  packedUnits: 0,
  packedG: 0,
  runs: 0,
  flaggedRuns: 0,
});

/** Per local day in [from, to]: lots received (by day of receipt) and runs (by the day they finished). Two statements. */
export function plantDays(db: Queryable, plantId: number, from: string, to: string): DayFigures[] {
  const days = new Map<string, DayFigures>();
  const day = (date: string) => {
    let x = days.get(date);
    if (!x) days.set(date, (x = empty(date)));
    return x;
  };
  for (const r of db.all<{ date: string; lots: number; rejected: number; grams: number }>(sql`
    select received_on as date, count(*) as lots, sum(status = 'rejected') as rejected, sum(net_g) as grams
    from lots where plant_id = ${plantId} and received_on between ${from} and ${to} group by received_on`)) {
    Object.assign(day(r.date), { receivedLots: r.lots, rejectedLots: r.rejected, receivedG: r.grams });
  }
  for (const r of db.all<{
    date: string;
    kind: 'hulling' | 'roasting' | 'packing';
    inputG: number;
    outputG: number;
    exportG: number;
    expectedPct: string | null;
    units: number | null;
    flagged: number;
  }>(sql`
    select r.finished_on as date, r.kind as kind, r.input_g as inputG, r.output_g as outputG,
      coalesce((select sum(b.quantity_g) from stock_batches b where b.run_id = r.id and b.grade = 'export'), 0) as exportG,
      r.expected_yield_pct as expectedPct, r.units_packed as units, r.flagged as flagged
    from processing_runs r where r.plant_id = ${plantId} and r.finished_on between ${from} and ${to}`)) {
    const x = day(r.date);
    x.runs += 1;
    x.flaggedRuns += r.flagged ? 1 : 0;
    if (r.kind === 'hulling') {
      x.hulledG += r.inputG;
      x.greenOutG += r.outputG;
      x.exportGreenG += r.exportG;
      // The run's expected yield is kept to 2 decimals: expected green = input × that % (exact).
      x.expectedExportGreenG = new Dec(x.expectedExportGreenG)
        .plus(new Dec(String(r.inputG)).times(r.expectedPct ?? '0').div('100'))
        .toFixed();
    } else if (r.kind === 'roasting') {
      x.roastedInG += r.inputG;
      x.roastedOutG += r.outputG;
    } else {
      x.packedUnits += r.units ?? 0;
      x.packedG += r.outputG;
    }
  }
  return [...days.values()];
}

export interface Backlog {
  gradedLots: number;
  gradedG: number;
  ungradedLots: number;
  ungradedG: number;
}

/** Parchment at a site waiting for the huller: graded (ready) and not yet graded. One statement. */
export function plantBacklog(db: Queryable, plantId: number): Backlog {
  return db.get<Backlog>(sql`
    select coalesce(sum(status = 'graded' and left_g > 0), 0) as gradedLots,
      coalesce(sum(case when status = 'graded' then left_g else 0 end), 0) as gradedG,
      coalesce(sum(status = 'received'), 0) as ungradedLots,
      coalesce(sum(case when status = 'received' then left_g else 0 end), 0) as ungradedG
    from (select l.status, l.net_g - coalesce((select sum(ri.grams) from run_inputs ri
            where ri.lot_id = l.id and ri.batch_id is null), 0) as left_g
          from lots l where l.plant_id = ${plantId} and l.status <> 'rejected')`);
}
