/**
 * The demo's season at Planta La Merced: hulling six days a week on the
 * graded lots (oldest grading first), roasting and packing twice a week for
 * the national market. Recorded through the real services, so every run
 * obeys the same rules and balances the same way as one sent by the API.
 */
import { eq } from 'drizzle-orm';
import type { Principal } from '../../server/auth/policy.js';
import { fixedClock } from '../../server/domain/time.js';
import { gramsToKg } from '../../server/domain/units.js';
import { encodeId } from '../../server/lib/global-id.js';
import type { ServiceContext } from '../../server/services/context.js';
import { recordHullingRun, recordPackingRun, recordRoastingBatch } from '../../server/services/processing.js';
import type { DB } from '../client.js';
import { stockBatches } from '../schema.js';

export interface SeedGradedLot {
  id: number;
  netG: number;
  /** Exportable yield in tenths of a percent (76.3 % → 763). */
  yieldTenths: number;
  gradedAt: number;
}

export interface SeedRunsOptions {
  plant: { id: number; hullingGPerDay: number };
  warehouses: { green: number; roasted: number; packed: number };
  staff: Principal;
  lots: SeedGradedLot[];
  int: (min: number, max: number) => number;
  chance: (percent: number) => boolean;
  /** First and last day of processing, local (America/Lima, UTC−5). */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const LIMA_OFFSET_MS = 5 * 3_600_000;
const PROFILES = ['Medio \u2013 Chanchamayo', 'Oscuro \u2013 Espresso', 'Claro \u2013 Filtrado'];

function idiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}

export function seedRuns(db: DB, o: SeedRunsOptions): { hulling: number; roasting: number; packing: number } {
  const { int, chance } = o;
  const ctxAt = (at: number): ServiceContext => ({
    db,
    principal: o.staff,
    clock: fixedClock(new Date(at + 10 * 60_000)),
  });
  const plantId = encodeId('Plant', o.plant.id);
  const queue = [...o.lots].sort((a, b) => a.gradedAt - b.gradedAt || a.id - b.id);
  const left = new Map(queue.map((l) => [l.id, l.netG]));
  const green: { id: number; grade: string; left: number; day: number }[] = [];
  let next = 0;
  const counts = { hulling: 0, roasting: 0, packing: 0 };
  const outputsOf = (runId: number) =>
    db.select().from(stockBatches).where(eq(stockBatches.runId, runId)).orderBy(stockBatches.id).all();

  for (let day = Date.parse(`${o.from}T00:00:00Z`); day <= Date.parse(`${o.to}T00:00:00Z`); day += DAY_MS) {
    const date = new Date(day);
    const weekday = date.getUTCDay();
    if (weekday === 0) continue; // Sundays off
    const start = day + 7 * 3_600_000 + LIMA_OFFSET_MS;
    const finish = day + 17 * 3_600_000 + LIMA_OFFSET_MS;
    const stamp = date.toISOString().slice(0, 10);

    // Hulling: the graded lots waiting, oldest first, up to 78–96 % of capacity; the last one may be taken in part.
    const target = idiv(o.plant.hullingGPerDay * int(78, 96), 100);
    const inputs: { lot: SeedGradedLot; grams: number }[] = [];
    let taken = 0;
    while (next < queue.length && taken < target) {
      const lot = queue[next]!;
      if (lot.gradedAt >= start) break;
      const grams = Math.min(left.get(lot.id)!, target - taken);
      inputs.push({ lot, grams });
      taken += grams;
      left.set(lot.id, left.get(lot.id)! - grams);
      if (left.get(lot.id) === 0) next++;
    }
    if (inputs.length > 0) {
      const expected = inputs.reduce((a, i) => a + idiv(i.grams * i.lot.yieldTenths, 1000), 0);
      // Within a few points of the gradings' prediction; about one run in twenty well below it.
      const perMille = chance(5) ? int(-75, -55) : int(-25, 15);
      const exportG = expected + idiv(expected * (perMille + 1000), 1000) - expected;
      const secondG = idiv(taken * int(30, 40), 1000);
      const pasillaG = idiv(taken * int(8, 15), 1000);
      const lossG = idiv(taken * int(8, 18), 1000);
      const huskG = taken - exportG - secondG - pasillaG - lossG;
      const run = recordHullingRun(ctxAt(finish), {
        idempotencyKey: `demo-hull-${stamp}`,
        plantId,
        warehouseId: encodeId('Warehouse', o.warehouses.green),
        startedAt: new Date(start),
        finishedAt: new Date(finish),
        inputs: inputs.map((i) => ({ lotId: encodeId('Lot', i.lot.id), kg: gramsToKg(i.grams) })),
        outputs: [
          { grade: 'export', kg: gramsToKg(exportG) },
          { grade: 'second', kg: gramsToKg(secondG) },
          { grade: 'pasilla', kg: gramsToKg(pasillaG) },
        ],
        huskKg: gramsToKg(huskG),
      });
      counts.hulling++;
      for (const b of outputsOf(run.result.id))
        if (b.grade !== 'pasilla') green.push({ id: b.id, grade: b.grade!, left: b.quantityG, day });
    }

    // Roasting for the national market on Tuesdays and Fridays from August, packed the same afternoon.
    if ((weekday === 2 || weekday === 5) && stamp >= '2019-08-01') {
      for (let r = 0; r < 2; r++) {
        // The freshest green of the grade hulled before today: the national market gets this season's coffee.
        const source = green.findLast(
          (g) => g.day < day && g.grade === (r === 0 ? 'second' : 'export') && g.left >= 130_000,
        );
        if (!source) continue;
        const greenG = int(60, 120) * 1000 + int(0, 999);
        source.left -= greenG;
        const roastedG = idiv(greenG * (1000 - int(130, 180)), 1000);
        const at = day + (8 + r) * 3_600_000 + LIMA_OFFSET_MS;
        const roast = recordRoastingBatch(ctxAt(at + 3_600_000), {
          idempotencyKey: `demo-roast-${stamp}-${r}`,
          plantId,
          warehouseId: encodeId('Warehouse', o.warehouses.roasted),
          startedAt: new Date(at),
          finishedAt: new Date(at + 3_600_000),
          inputs: [{ batchId: encodeId('StockBatch', source.id), kg: gramsToKg(greenG) }],
          profile: PROFILES[int(0, PROFILES.length - 1)]!,
          roastedKg: gramsToKg(roastedG),
        });
        counts.roasting++;
        const roasted = outputsOf(roast.result.id)[0]!;
        // A little roasted coffee stays in bulk (samples, cupping); the filling line loses a few grams.
        const packInG = idiv(roastedG * 995, 1000);
        const units250 = idiv(idiv(packInG * 6, 10), 250);
        const units500 = idiv(idiv(packInG * 985, 1000) - units250 * 250, 500);
        const packAt = day + (14 + r) * 3_600_000 + LIMA_OFFSET_MS;
        const line = r === 0 ? 'Tradicional' : 'Selecci\u00f3n';
        const sku = r === 0 ? 'TRA' : 'SEL';
        recordPackingRun(ctxAt(packAt + 3_600_000), {
          idempotencyKey: `demo-pack-${stamp}-${r}`,
          plantId,
          warehouseId: encodeId('Warehouse', o.warehouses.packed),
          startedAt: new Date(packAt),
          finishedAt: new Date(packAt + 3_600_000),
          inputs: [{ batchId: encodeId('StockBatch', roasted.id), kg: gramsToKg(packInG) }],
          outputs: [
            { brand: `Caf\u00e9 Per\u00fa ${line}`, sku: `CP-${sku}-250`, unitSizeGrams: 250, units: units250 },
            { brand: `Caf\u00e9 Per\u00fa ${line}`, sku: `CP-${sku}-500`, unitSizeGrams: 500, units: units500 },
          ],
        });
        counts.packing++;
      }
    }
  }
  return counts;
}
