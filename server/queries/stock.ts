/**
 * Reads over the plant's stock: what is left of batches and lots, stock by
 * form, place and owner, the chain of batches behind a batch, the batches a
 * lot went into, and the mass balance. Each function is a fixed number of SQL
 * statements, whatever the number of rows or the depth of the chain.
 *
 * Stock is never stored as a running figure: it is always what came in minus
 * what runs and sales took (`run_inputs` for parchment, the `batch_takes`
 * view for batches), so it cannot drift from the records.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import type { Principal, StockScope } from '../auth/policy.js';
import { lotScope, stockScope } from '../auth/policy.js';
import { batchCompliantSql, lotCompliantSql } from './eudr.js';

const and = (parts: (SQL | undefined)[]) => {
  const kept = parts.filter((p): p is SQL => p !== undefined);
  return kept.length === 0 ? sql`1` : sql.join(kept, sql` and `);
};

/** Grams left in each batch (what its owners hold minus what runs took). */
export function batchRemaining(db: Queryable, batchIds: readonly number[]): Map<number, number> {
  if (batchIds.length === 0) return new Map();
  const rows = db.all<{ id: number; left: number }>(sql`
    select b.id as id, b.quantity_g - coalesce((select sum(t.grams) from batch_takes t where t.batch_id = b.id), 0) as left
    from stock_batches b where b.id in (${sql.join(
      batchIds.map((i) => sql`${i}`),
      sql`, `,
    )})`);
  return new Map(rows.map((r) => [r.id, r.left]));
}

/** Parchment left of each lot: its net weight minus what hulling took; 0 for a rejected lot. */
export function lotParchmentLeft(db: Queryable, lotIds: readonly number[]): Map<number, number> {
  if (lotIds.length === 0) return new Map();
  const rows = db.all<{ id: number; left: number }>(sql`
    select l.id as id, case when l.status = 'rejected' then 0 else
      l.net_g - coalesce((select sum(ri.grams) from run_inputs ri where ri.lot_id = l.id and ri.batch_id is null), 0) end as left
    from lots l where l.id in (${sql.join(
      lotIds.map((i) => sql`${i}`),
      sql`, `,
    )})`);
  return new Map(rows.map((r) => [r.id, r.left]));
}

export interface ShareRow {
  batchId: number;
  lotId: number;
  farmerId: number;
  cooperativeId: number;
  /** Grams of the lot's coffee the batch was made with. */
  grams: number;
  /** Of which still in the batch. */
  leftGrams: number;
}

/** A manager sees only their cooperative's shares of a batch; who sees the batch sees all its owners. */
function ownSharesOnly(scope: StockScope): SQL {
  if ('none' in scope) return sql`0`;
  if ('column' in scope && scope.column === 'cooperativeId') return sql`s.cooperative_id = ${scope.value}`;
  return sql`1`;
}

/** The owners of some batches, per lot, restricted to what the principal may see. */
export function batchOwners(db: Queryable, p: Principal, batchIds: readonly number[]): ShareRow[] {
  if (batchIds.length === 0) return [];
  const scope = stockScope(p);
  return db.all<ShareRow>(sql`
    select s.batch_id as batchId, s.lot_id as lotId, l.farmer_id as farmerId, s.cooperative_id as cooperativeId,
      s.grams as grams,
      s.grams - coalesce((select sum(t.grams) from batch_takes t where t.batch_id = s.batch_id and t.lot_id = s.lot_id), 0) as leftGrams
    from batch_shares s join lots l on l.id = s.lot_id
    where s.batch_id in (${sql.join(
      batchIds.map((i) => sql`${i}`),
      sql`, `,
    )})
      and ${ownSharesOnly(scope)}
    order by s.batch_id, s.grams desc, s.lot_id`);
}

/**
 * The chain behind a batch, as a subquery of batch ids: every batch upstream
 * of it (the green a roast was made of, the roast a pack was filled from...).
 * One recursive CTE, whatever the depth; callers embed it in their statement.
 */
export function upstreamBatchIds(batchId: number): SQL {
  return sql`with recursive up(batch_id) as (
      select ${batchId}
      union
      select ri.batch_id
      from up join stock_batches b on b.id = up.batch_id
      join run_inputs ri on ri.run_id = b.run_id and ri.batch_id is not null
    )
    select batch_id from up where batch_id <> ${batchId}`;
}

export type StockForm = 'parchment' | 'green' | 'roasted' | 'packed';

export interface StockFilter {
  plantId?: number | null;
  cooperativeId?: number | null;
  form?: StockForm | null;
  /** EUDR: only compliant (true) or only non-compliant (false) coffee. */
  eudrCompliant?: boolean | null;
}

export interface StockPosition {
  plantId: number;
  warehouseId: number | null;
  form: StockForm;
  grade: string | null;
  sku: string | null;
  cooperativeId: number;
  grams: number;
  /** Parchment only: of which not graded yet. */
  ungradedGrams: number;
  /** EUDR: the coffee is compliant (parchment: its lots; batches: made compliant, lots still so). */
  eudrCompliant: boolean;
}

function scopeOn(scope: StockScope, plantCol: SQL, coopCol: SQL): SQL | undefined {
  if ('all' in scope) return undefined;
  if ('none' in scope) return sql`0`;
  return scope.column === 'plantId' ? sql`${plantCol} = ${scope.value}` : sql`${coopCol} = ${scope.value}`;
}

/**
 * Stock by plant, warehouse, form (and grade or SKU) and owner cooperative,
 * in grams; only positions with coffee left. Parchment sits in the lots
 * (location: the site that received it; warehouse null).
 */
export function stockPositions(db: Queryable, p: Principal, f: StockFilter): StockPosition[] {
  const scope = stockScope(p);
  const parchment =
    f.form && f.form !== 'parchment'
      ? []
      : db.all<StockPosition>(sql`
    select l.plant_id as plantId, null as warehouseId, 'parchment' as form, null as grade, null as sku,
      l.cooperative_id as cooperativeId,
      sum(l.net_g - coalesce(t.taken, 0)) as grams,
      sum(case when l.status = 'received' then l.net_g else 0 end) as ungradedGrams,
      ${lotCompliantSql(sql`l.id`)} as eudrCompliant
    from lots l
    left join (select lot_id, sum(grams) as taken from run_inputs where batch_id is null group by lot_id) t on t.lot_id = l.id
    where l.status <> 'rejected'
      and ${and([
        scopeOn(scope, sql`l.plant_id`, sql`l.cooperative_id`),
        f.plantId != null ? sql`l.plant_id = ${f.plantId}` : undefined,
        f.cooperativeId != null ? sql`l.cooperative_id = ${f.cooperativeId}` : undefined,
        f.eudrCompliant != null ? sql`${lotCompliantSql(sql`l.id`)} = ${f.eudrCompliant ? 1 : 0}` : undefined,
      ])}
    group by l.plant_id, l.cooperative_id, eudrCompliant
    having grams > 0`);
  const batches =
    f.form === 'parchment'
      ? []
      : db.all<StockPosition>(sql`
    select b.plant_id as plantId, b.warehouse_id as warehouseId, b.form as form, b.grade as grade, b.sku as sku,
      s.cooperative_id as cooperativeId,
      sum(s.grams - coalesce(t.taken, 0)) as grams, 0 as ungradedGrams, e.compliant as eudrCompliant
    from batch_shares s join stock_batches b on b.id = s.batch_id
    join (select b2.id as batch_id, ${batchCompliantSql(sql`b2`)} as compliant from stock_batches b2) e on e.batch_id = b.id
    left join (select batch_id, lot_id, sum(grams) as taken from batch_takes group by batch_id, lot_id) t
      on t.batch_id = s.batch_id and t.lot_id = s.lot_id
    where ${and([
      scopeOn(scope, sql`b.plant_id`, sql`s.cooperative_id`),
      f.plantId != null ? sql`b.plant_id = ${f.plantId}` : undefined,
      f.cooperativeId != null ? sql`s.cooperative_id = ${f.cooperativeId}` : undefined,
      f.form ? sql`b.form = ${f.form}` : undefined,
      f.eudrCompliant != null ? sql`e.compliant = ${f.eudrCompliant ? 1 : 0}` : undefined,
    ])}
    group by b.plant_id, b.warehouse_id, b.form, b.grade, b.sku, s.cooperative_id, e.compliant
    having grams > 0`);
  const formOrder: Record<StockForm, number> = { parchment: 0, green: 1, roasted: 2, packed: 3 };
  return [...parchment, ...batches]
    .sort(
      (a, b) =>
        a.plantId - b.plantId ||
        formOrder[a.form] - formOrder[b.form] ||
        (a.grade ?? a.sku ?? '').localeCompare(b.grade ?? b.sku ?? '') ||
        (a.warehouseId ?? 0) - (b.warehouseId ?? 0) ||
        a.cooperativeId - b.cooperativeId ||
        Number(b.eudrCompliant) - Number(a.eudrCompliant),
    )
    .map((r) => ({ ...r, eudrCompliant: Boolean(r.eudrCompliant) }));
}

export type BalanceSubject = 'lot' | 'cooperative' | 'run' | 'batch';

export interface BalanceLine {
  subject: BalanceSubject;
  id: number;
  code: string;
  inGrams: number;
  outGrams: number;
  lossGrams: number;
  stockGrams: number;
  /** in − out − loss − stock; zero when the subject balances. */
  differenceGrams: number;
}

export interface MassBalance {
  lots: number;
  cooperatives: number;
  runs: number;
  batches: number;
  totals: Omit<BalanceLine, 'subject' | 'id' | 'code' | 'differenceGrams'>;
  /** Every subject whose difference is not zero, or whose stock went negative. */
  differences: BalanceLine[];
}

/**
 * The mass balance, computed term by term from the records so that it can
 * catch what a bug or a tampered row would break:
 *
 * - per lot: net weight in = out (returned to the farmer when rejected, and
 *   sold) + loss (its share of the husk and loss of every run it
 *   went through) + stock (parchment left and its share of every batch, less
 *   what later runs took);
 * - per cooperative: the same over its lots;
 * - per run: grams taken = grams of its output batches + husk + loss, and
 *   the recorded totals agree with the rows;
 * - per batch: its owners' grams sum to its quantity, and nothing (run or
 *   sale) took more than a batch or a lot held.
 *
 * A fixed number of statements (five), whatever the data.
 */
export function massBalance(
  db: Queryable,
  p: Principal,
  f: { plantId?: number | null; cooperativeId?: number | null },
): MassBalance {
  const lotScopeSql = (() => {
    const s = lotScope(p);
    if ('all' in s) return undefined;
    if ('none' in s) return sql`0`;
    return s.column === 'plantId' ? sql`l.plant_id = ${s.value}` : sql`l.cooperative_id = ${s.value}`;
  })();
  const lotWhere = and([
    lotScopeSql,
    f.plantId != null ? sql`l.plant_id = ${f.plantId}` : undefined,
    f.cooperativeId != null ? sql`l.cooperative_id = ${f.cooperativeId}` : undefined,
  ]);
  // A rejected lot went back to the farmer whole (rejection is refused once
  // hulling took any of it): out = its net weight, no parchment in stock. If
  // a rejected lot shows processing anyway, its difference is what was taken.
  const lotLines = db.all<BalanceLine & { cooperativeId: number; minHolding: number }>(sql`
    select 'lot' as subject, l.id as id, l.code as code, l.cooperative_id as cooperativeId,
      l.net_g as inGrams,
      case when l.status = 'rejected' then l.net_g else 0 end + coalesce(sold.g, 0) as outGrams,
      coalesce(ls.g, 0) as lossGrams,
      case when l.status = 'rejected' then 0 else l.net_g - coalesce(pt.g, 0) end + coalesce(h.g, 0) as stockGrams,
      min(case when l.status = 'rejected' then 0 else l.net_g - coalesce(pt.g, 0) end, coalesce(h.minLeft, 0)) as minHolding
    from lots l
    left join (select lot_id, sum(grams) g from run_inputs where batch_id is null group by lot_id) pt on pt.lot_id = l.id
    left join (select lot_id, sum(grams) g from run_lot_losses group by lot_id) ls on ls.lot_id = l.id
    left join (select lot_id, sum(grams) g from sale_takes group by lot_id) sold on sold.lot_id = l.id
    left join (
      select s.lot_id, sum(s.grams - coalesce(bt.g, 0)) g, min(s.grams - coalesce(bt.g, 0)) minLeft
      from batch_shares s
      left join (select batch_id, lot_id, sum(grams) g from batch_takes group by batch_id, lot_id) bt
        on bt.batch_id = s.batch_id and bt.lot_id = s.lot_id
      group by s.lot_id
    ) h on h.lot_id = l.id
    where ${lotWhere}
    order by l.id`);

  const seesRuns = p.role === 'admin' || p.role === 'auditor' || p.role === 'plant_staff';
  const runWhere = and([
    p.role === 'plant_staff' ? sql`r.plant_id = ${p.plantId}` : undefined,
    f.plantId != null ? sql`r.plant_id = ${f.plantId}` : undefined,
  ]);
  const runLines =
    !seesRuns || f.cooperativeId != null
      ? []
      : db.all<BalanceLine & { recordedIn: number; recordedOut: number; lotLoss: number }>(sql`
    select 'run' as subject, r.id as id, r.code as code,
      coalesce((select sum(grams) from run_inputs where run_id = r.id), 0) as inGrams,
      coalesce((select sum(quantity_g) from stock_batches where run_id = r.id), 0) as outGrams,
      r.husk_g + r.loss_g as lossGrams, 0 as stockGrams,
      r.input_g as recordedIn, r.output_g as recordedOut,
      coalesce((select sum(grams) from run_lot_losses where run_id = r.id), 0) as lotLoss
    from processing_runs r where ${runWhere} order by r.id`);
  const batchLines =
    !seesRuns || f.cooperativeId != null
      ? []
      : db.all<BalanceLine>(sql`
    select 'batch' as subject, b.id as id, b.code as code, b.quantity_g as inGrams,
      coalesce((select sum(grams) from batch_takes where batch_id = b.id), 0) as outGrams, 0 as lossGrams,
      b.quantity_g - coalesce((select sum(grams) from batch_takes where batch_id = b.id), 0) as stockGrams,
      b.quantity_g - coalesce((select sum(grams) from batch_shares where batch_id = b.id), 0) as differenceGrams
    from stock_batches b join processing_runs r on r.id = b.run_id where ${runWhere} order by b.id`);

  const differences: BalanceLine[] = [];
  const coops = new Map<number, BalanceLine>();
  const codes = new Map(
    db.all<{ id: number; code: string }>(sql`select id, code from cooperatives`).map((c) => [c.id, c.code]),
  );
  const totals = { inGrams: 0, outGrams: 0, lossGrams: 0, stockGrams: 0 };
  for (const l of lotLines) {
    const line: BalanceLine = {
      subject: 'lot',
      id: l.id,
      code: l.code,
      inGrams: l.inGrams,
      outGrams: l.outGrams,
      lossGrams: l.lossGrams,
      stockGrams: l.stockGrams,
      differenceGrams: l.inGrams - l.outGrams - l.lossGrams - l.stockGrams,
    };
    if (line.differenceGrams !== 0 || l.minHolding < 0) differences.push(line);
    for (const k of ['inGrams', 'outGrams', 'lossGrams', 'stockGrams'] as const) totals[k] += line[k];
    const c = coops.get(l.cooperativeId) ?? {
      subject: 'cooperative' as const,
      id: l.cooperativeId,
      code: codes.get(l.cooperativeId) ?? String(l.cooperativeId),
      inGrams: 0,
      outGrams: 0,
      lossGrams: 0,
      stockGrams: 0,
      differenceGrams: 0,
    };
    for (const k of ['inGrams', 'outGrams', 'lossGrams', 'stockGrams', 'differenceGrams'] as const) c[k] += line[k];
    coops.set(l.cooperativeId, c);
  }
  for (const c of coops.values()) if (c.differenceGrams !== 0) differences.push(c);
  for (const r of runLines) {
    const diff = r.inGrams - r.outGrams - r.lossGrams;
    const bad = diff !== 0 || r.recordedIn !== r.inGrams || r.recordedOut !== r.outGrams || r.lotLoss !== r.lossGrams;
    const { recordedIn: _i, recordedOut: _o, lotLoss: _l, ...line } = r;
    if (bad)
      differences.push({
        ...line,
        differenceGrams:
          diff !== 0 ? diff : r.recordedIn - r.inGrams || r.lotLoss - r.lossGrams || r.recordedOut - r.outGrams,
      });
  }
  for (const b of batchLines) if (b.differenceGrams !== 0 || b.stockGrams < 0) differences.push(b);
  return {
    lots: lotLines.length,
    cooperatives: coops.size,
    runs: runLines.length,
    batches: batchLines.length,
    totals,
    differences,
  };
}
