/**
 * Processing runs: hulling, roasting and packing. Each is one `runMutation`
 * (one transaction, idempotent). A run takes coffee from stock (a lot's
 * parchment, or a batch), writes what it took per owner lot, produces new
 * batches whose owners are the lots that went in (server/domain/processing.ts
 * attributes them), and writes each lot's loss so that every lot balances.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  batchShares,
  batchTakes,
  lotGradings,
  lots,
  plants,
  processingRuns,
  runInputs,
  type runKinds,
  runLotLosses,
  stockBatches,
  warehouses,
} from '../../db/schema.js';
import { assertCanRunPlant, canSeeLot } from '../auth/policy.js';
import { ForbiddenError, InvalidInputError, IssueList, NotFoundError } from '../domain/errors.js';
import { instant, notInFuture, text } from '../domain/input.js';
import {
  type Contribution,
  type GreenGrade,
  type LotShare,
  attribute,
  expectedGreen,
  hullingYield,
  isRetailUnitSize,
  roastLoss,
  takeProportionally,
} from '../domain/processing.js';
import { localDateOf } from '../domain/time.js';
import { parseKgToGrams } from '../domain/units.js';
import { decodeId } from '../lib/global-id.js';
import { compliantLots } from '../queries/eudr.js';
import type { ServiceContext } from './context.js';
import { settings } from '../queries/consortium.js';
import { type MutationOutcome, runMutation } from './mutation.js';

export type RunRef = { type: 'ProcessingRun'; id: number };
type RunKind = (typeof runKinds)[number];

/** Most input lines one run may take (a day's hulling is tens of lots). */
export const MAX_RUN_INPUTS = 500;
export const MAX_RUN_OUTPUTS = 20;
/** Runs may be recorded up to this long after they finished, not before they happened. */

interface RunTimes {
  startedAt: Date;
  finishedAt: Date;
}

interface CommonRunInput extends RunTimes {
  idempotencyKey: string;
  plantId: string;
  /** Where the outputs are stored: a warehouse of the plant. */
  warehouseId: string;
  notes?: string | null;
  /** EUDR: the run is meant to make deforestation-free coffee; flagged if some input is not (docs/eudr.md). */
  eudrIntended?: boolean | null;
}

export interface HullingRunInput extends CommonRunInput {
  inputs: { lotId: string; kg: string }[];
  outputs: { grade: GreenGrade; kg: string }[];
  huskKg: string;
}

export interface RoastingBatchInput extends CommonRunInput {
  inputs: { batchId: string; kg: string }[];
  profile: string;
  roastedKg: string;
}

export interface PackingRunInput extends CommonRunInput {
  inputs: { batchId: string; kg: string }[];
  outputs: { brand: string; sku: string; unitSizeGrams: number; units: number }[];
}

/** What a run takes from one source (a lot's parchment, or a batch), per owner lot. */
interface Take {
  batchId: number | null;
  shares: (LotShare & { cooperativeId: number })[];
}

interface OutputSpec {
  form: 'green' | 'roasted' | 'packed';
  grams: number;
  grade?: GreenGrade;
  brand?: string;
  sku?: string;
  unitSizeG?: number;
  units?: number;
}

function kgField(issues: IssueList, path: string[], kg: string, allowZero = false): number {
  const parsed = parseKgToGrams(kg);
  if (!parsed.ok) {
    issues.add(path, 'INVALID_WEIGHT', parsed.reason);
    return 0;
  }
  if (parsed.grams < 0 || (!allowZero && parsed.grams === 0)) {
    issues.add(
      path,
      allowZero ? 'NEGATIVE' : 'NOT_POSITIVE',
      allowZero ? 'must not be negative' : 'must be more than 0 kg',
    );
    return 0;
  }
  return parsed.grams;
}

function checkTimes(issues: IssueList, t: RunTimes, now: Date): void {
  instant(issues, ['input', 'startedAt'], t.startedAt);
  instant(issues, ['input', 'finishedAt'], t.finishedAt);
  if (t.finishedAt < t.startedAt) issues.add(['input', 'finishedAt'], 'BEFORE_START', 'must not be before startedAt');
  notInFuture(issues, ['input', 'finishedAt'], t.finishedAt, now, 'a run is recorded after it finished, not before');
}

function checkCount(issues: IssueList, path: string[], n: number, max: number, what: string): void {
  if (n === 0) issues.add(path, 'EMPTY', `a run needs at least one ${what}`);
  if (n > max) issues.add(path, 'TOO_MANY', `at most ${max} ${what}s per run`);
}

function duplicates(ids: readonly string[]): number[] {
  const seen = new Set<string>();
  return ids.flatMap((id, i) => (seen.has(id) ? [i] : (seen.add(id), [])));
}

/** The plant (checked for access and for the step), and the warehouse the outputs go to. */
function site(ctx: ServiceContext, tx: Tx, input: CommonRunInput, kind: RunKind) {
  const plantId = decodeId(input.plantId, 'Plant', ['input', 'plantId']);
  const plant = tx.select().from(plants).where(eq(plants.id, plantId)).get();
  if (!plant) throw new NotFoundError(['input', 'plantId'], input.plantId, 'plant');
  assertCanRunPlant(ctx.principal, plant.id);
  const capacity = {
    hulling: plant.hullingCapacityGPerDay,
    roasting: plant.roastingCapacityGPerDay,
    packing: plant.packingCapacityUnitsPerDay,
  }[kind];
  if (capacity == null) {
    throw InvalidInputError.single(['input', 'plantId'], 'STEP_NOT_AT_PLANT', `${plant.name} has no ${kind} line`);
  }
  const warehouseId = decodeId(input.warehouseId, 'Warehouse', ['input', 'warehouseId']);
  const warehouse = tx.select().from(warehouses).where(eq(warehouses.id, warehouseId)).get();
  if (!warehouse || warehouse.plantId !== plant.id) {
    throw InvalidInputError.single(['input', 'warehouseId'], 'NOT_AT_PLANT', `is not a warehouse of ${plant.name}`);
  }
  return { plant, warehouse };
}

/** The lots a hulling run takes parchment from, checked: visible, at this plant, graded, with enough left. */
function takeFromLots(
  ctx: ServiceContext,
  tx: Tx,
  plantId: number,
  startedAt: string,
  lines: { lotId: number; grams: number; raw: string }[],
  issues: IssueList,
) {
  const ids = lines.map((l) => l.lotId);
  const rows = tx
    .select({
      id: lots.id,
      code: lots.code,
      plantId: lots.plantId,
      cooperativeId: lots.cooperativeId,
      status: lots.status,
      netG: lots.netG,
      receivedAt: lots.receivedAt,
      exportableYieldPct: lotGradings.exportableYieldPct,
      taken: sql<number>`coalesce((select sum(${runInputs.grams}) from ${runInputs}
        where ${runInputs.lotId} = ${lots.id} and ${runInputs.batchId} is null), 0)`,
    })
    .from(lots)
    .leftJoin(lotGradings, eq(lotGradings.id, lots.currentGradingId))
    .where(inArray(lots.id, ids))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const takes: Take[] = [];
  const contributions: (Contribution & { exportableYieldPct: string })[] = [];
  lines.forEach((line, i) => {
    const path = ['input', 'inputs', String(i), 'lotId'];
    const lot = byId.get(line.lotId);
    if (!lot || !canSeeLot(ctx.principal, lot)) throw new NotFoundError(path, line.raw, 'lot');
    if (lot.plantId !== plantId) {
      issues.add(path, 'STOCK_AT_OTHER_PLANT', `lot ${lot.code} is held at another plant`);
      return;
    }
    if (lot.status === 'rejected') return issues.add(path, 'LOT_REJECTED', `lot ${lot.code} was rejected`);
    if (lot.status !== 'graded' || lot.exportableYieldPct == null) {
      return issues.add(path, 'LOT_NOT_GRADED', `lot ${lot.code} is not graded yet`);
    }
    if (lot.receivedAt > startedAt) {
      issues.add(path, 'BEFORE_RECEIPT', `lot ${lot.code} was received after the run started`);
    }
    const available = lot.netG - lot.taken;
    if (line.grams > available) {
      issues.add(
        ['input', 'inputs', String(i), 'kg'],
        'INSUFFICIENT_STOCK',
        `lot ${lot.code} has ${available} g of parchment left, ${line.grams} g asked`,
      );
      return;
    }
    takes.push({ batchId: null, shares: [{ lotId: lot.id, grams: line.grams, cooperativeId: lot.cooperativeId }] });
    contributions.push({ lotId: lot.id, grams: line.grams, exportableYieldPct: lot.exportableYieldPct });
  });
  return { takes, contributions };
}

/** What a run takes from batches of `form`, split over each batch's owners in proportion to what they hold. */
function takeFromBatches(
  tx: Tx,
  plantId: number,
  startedAt: string,
  form: 'green' | 'roasted',
  lines: { batchId: number; grams: number; raw: string }[],
  issues: IssueList,
) {
  const ids = lines.map((l) => l.batchId);
  const batches = new Map(
    tx
      .select()
      .from(stockBatches)
      .where(inArray(stockBatches.id, ids))
      .all()
      .map((b) => [b.id, b]),
  );
  const taken = sql<number>`coalesce((select sum(${batchTakes.grams}) from ${batchTakes}
    where ${batchTakes.batchId} = ${batchShares.batchId} and ${batchTakes.lotId} = ${batchShares.lotId}), 0)`;
  const holdings = tx
    .select({
      batchId: batchShares.batchId,
      lotId: batchShares.lotId,
      cooperativeId: batchShares.cooperativeId,
      grams: sql<number>`${batchShares.grams} - ${taken}`,
    })
    .from(batchShares)
    .where(inArray(batchShares.batchId, ids))
    .orderBy(batchShares.batchId, batchShares.lotId)
    .all();
  const takes: Take[] = [];
  lines.forEach((line, i) => {
    const path = ['input', 'inputs', String(i), 'batchId'];
    const batch = batches.get(line.batchId);
    // Batches are the plant's: staff of another plant learn nothing of them.
    if (!batch || batch.plantId !== plantId) {
      if (batch) return issues.add(path, 'STOCK_AT_OTHER_PLANT', 'the batch is held at another plant');
      throw new NotFoundError(path, line.raw, 'stock batch');
    }
    if (batch.form !== form) {
      return issues.add(path, 'WRONG_FORM', `batch ${batch.code} is ${batch.form} coffee; this step takes ${form}`);
    }
    if (batch.producedAt > startedAt) {
      issues.add(path, 'BEFORE_PRODUCED', `batch ${batch.code} was produced after the run started`);
    }
    const owners = holdings.filter((h) => h.batchId === batch.id && h.grams > 0);
    const available = owners.reduce((a, h) => a + h.grams, 0);
    if (line.grams > available) {
      issues.add(
        ['input', 'inputs', String(i), 'kg'],
        'INSUFFICIENT_STOCK',
        `batch ${batch.code} has ${available} g left, ${line.grams} g asked`,
      );
      return;
    }
    const coopOf = new Map(owners.map((o) => [o.lotId, o.cooperativeId]));
    takes.push({
      batchId: batch.id,
      shares: takeProportionally(owners, line.grams).map((s) => ({ ...s, cooperativeId: coopOf.get(s.lotId)! })),
    });
  });
  return takes;
}

/** Per-lot sums of what a run took, in lot id order. */
function contributionsOf(takes: readonly Take[]): (Contribution & { cooperativeId: number })[] {
  const byLot = new Map<number, { lotId: number; grams: number; cooperativeId: number }>();
  for (const t of takes) {
    for (const s of t.shares) {
      const c = byLot.get(s.lotId) ?? { lotId: s.lotId, grams: 0, cooperativeId: s.cooperativeId };
      c.grams += s.grams;
      byLot.set(s.lotId, c);
    }
  }
  return [...byLot.values()].sort((a, b) => a.lotId - b.lotId);
}

const INSERT_CHUNK = 500;
function insertChunked<T>(rows: T[], insert: (chunk: T[]) => void): void {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) insert(rows.slice(i, i + INSERT_CHUNK));
}

interface RunRecord {
  kind: RunKind;
  plant: { id: number; code: string };
  warehouseId: number;
  times: RunTimes;
  takes: Take[];
  contributions: Contribution[];
  weightOf: (c: Contribution) => string;
  outputs: OutputSpec[];
  huskG: number;
  extra: Partial<typeof processingRuns.$inferInsert>;
  notes: string | null;
  eudrIntended: boolean;
}

/**
 * EUDR segregation, decided as the run is written: its outputs are compliant
 * only if every lot whose coffee went in is compliant now and every batch it
 * took from was made compliant. One statement each.
 */
function runIsCompliant(tx: Tx, takes: readonly Take[]): boolean {
  const lotIds = [...new Set(takes.flatMap((t) => t.shares.map((s) => s.lotId)))];
  if (compliantLots(tx, lotIds).size !== lotIds.length) return false;
  const batchIds = [...new Set(takes.flatMap((t) => (t.batchId === null ? [] : [t.batchId])))];
  if (batchIds.length === 0) return true;
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(stockBatches)
      .where(and(inArray(stockBatches.id, batchIds), eq(stockBatches.eudrCompliant, false)))
      .get()!.n === 0
  );
}

/** Writes a run: its inputs, output batches with their owners, and every lot's loss. */
function writeRun(ctx: ServiceContext, tx: Tx, r: RunRecord): RunRef {
  const inputG = r.takes.reduce((a, t) => a + t.shares.reduce((b, s) => b + s.grams, 0), 0);
  const outputG = r.outputs.reduce((a, o) => a + o.grams, 0);
  const coopOf = new Map(r.takes.flatMap((t) => t.shares.map((s) => [s.lotId, s.cooperativeId] as const)));
  const attribution = attribute(
    r.contributions,
    r.outputs.map((o, i) => ({ key: i, grams: o.grams })),
    r.weightOf,
  );
  const letter = { hulling: 'H', roasting: 'R', packing: 'P' }[r.kind];
  const number = tx
    .select({ n: sql<number>`coalesce(max(${processingRuns.number}), 0) + 1` })
    .from(processingRuns)
    .where(and(eq(processingRuns.plantId, r.plant.id), eq(processingRuns.kind, r.kind)))
    .get()!.n;
  const code = `${r.plant.code}-${letter}${String(number).padStart(5, '0')}`;
  const finishedAt = r.times.finishedAt.toISOString();
  const eudrCompliant = runIsCompliant(tx, r.takes);
  const run = tx
    .insert(processingRuns)
    .values({
      code,
      plantId: r.plant.id,
      kind: r.kind,
      number,
      startedAt: r.times.startedAt.toISOString(),
      finishedAt,
      finishedOn: localDateOf(finishedAt, settings(tx).timeZone),
      inputG,
      outputG,
      huskG: r.huskG,
      lossG: inputG - outputG - r.huskG,
      notes: r.notes,
      recordedBy: ctx.principal.userId,
      eudrIntended: r.eudrIntended,
      eudrFlagged: r.eudrIntended && !eudrCompliant,
      ...r.extra,
    })
    .returning({ id: processingRuns.id })
    .get();
  insertChunked(
    r.takes.flatMap((t) => t.shares.map((s) => ({ runId: run.id, batchId: t.batchId, ...s }))),
    (chunk) => tx.insert(runInputs).values(chunk).run(),
  );
  r.outputs.forEach((o, i) => {
    const batch = tx
      .insert(stockBatches)
      .values({
        code: `${code}-${i + 1}`,
        runId: run.id,
        plantId: r.plant.id,
        warehouseId: r.warehouseId,
        form: o.form,
        grade: o.grade ?? null,
        brand: o.brand ?? null,
        sku: o.sku ?? null,
        unitSizeG: o.unitSizeG ?? null,
        units: o.units ?? null,
        quantityG: o.grams,
        producedAt: finishedAt,
        eudrCompliant,
      })
      .returning({ id: stockBatches.id })
      .get();
    insertChunked(
      attribution.outputs[i]!.shares.map((s) => ({ batchId: batch.id, cooperativeId: coopOf.get(s.lotId)!, ...s })),
      (chunk) => tx.insert(batchShares).values(chunk).run(),
    );
  });
  insertChunked(
    attribution.lossByLot.map((l) => ({ runId: run.id, cooperativeId: coopOf.get(l.lotId)!, ...l })),
    (chunk) => tx.insert(runLotLosses).values(chunk).run(),
  );
  return { type: 'ProcessingRun', id: run.id };
}

/**
 * What every run mutation does first, before any SQL: refuse roles that never
 * record runs, split off the idempotency key, and check the times and the
 * number of lines (outputs: null for a step with a single output).
 */
function begin<I extends CommonRunInput & { inputs: unknown[] }>(
  ctx: ServiceContext,
  input: I,
  inputWhat: string,
  outputCount: number | null,
) {
  const role = ctx.principal.role;
  if (role !== 'admin' && role !== 'plant_staff') {
    throw new ForbiddenError(`a ${role.replace('_', ' ')} cannot record processing runs`);
  }
  const { idempotencyKey, ...payload } = input;
  const issues = new IssueList();
  checkTimes(issues, input, ctx.clock.now());
  checkCount(issues, ['input', 'inputs'], input.inputs.length, MAX_RUN_INPUTS, inputWhat);
  if (outputCount !== null) checkCount(issues, ['input', 'outputs'], outputCount, MAX_RUN_OUTPUTS, 'output');
  return { idempotencyKey, payload, issues };
}

/** Hulling: parchment from graded lots in, green by grade, husk and loss out. */
export function recordHullingRun(ctx: ServiceContext, input: HullingRunInput): MutationOutcome<RunRef> {
  const { idempotencyKey, payload, issues } = begin(ctx, input, 'input lot', input.outputs.length);
  const lines = input.inputs.map((l, i) => ({
    lotId: decodeId(l.lotId, 'Lot', ['input', 'inputs', String(i), 'lotId']),
    grams: kgField(issues, ['input', 'inputs', String(i), 'kg'], l.kg),
    raw: l.lotId,
  }));
  for (const i of duplicates(lines.map((l) => String(l.lotId)))) {
    issues.add(['input', 'inputs', String(i), 'lotId'], 'DUPLICATE', 'the same lot twice: put its kg on one line');
  }
  const outputs: OutputSpec[] = input.outputs.map((o, i) => ({
    form: 'green',
    grade: o.grade,
    grams: kgField(issues, ['input', 'outputs', String(i), 'kg'], o.kg),
  }));
  for (const i of duplicates(input.outputs.map((o) => o.grade))) {
    issues.add(['input', 'outputs', String(i), 'grade'], 'DUPLICATE', 'one output line per grade');
  }
  const huskG = kgField(issues, ['input', 'huskKg'], input.huskKg, true);
  const notes = input.notes == null ? null : text(issues, ['input', 'notes'], input.notes, 0, 1000);
  issues.throwIfAny();

  return runMutation(ctx, 'recordHullingRun', idempotencyKey, payload, (tx) => {
    const { plant, warehouse } = site(ctx, tx, input, 'hulling');
    const { takes, contributions } = takeFromLots(ctx, tx, plant.id, input.startedAt.toISOString(), lines, issues);
    const inputG = lines.reduce((a, l) => a + l.grams, 0);
    const outputG = outputs.reduce((a, o) => a + o.grams, 0);
    if (outputG + huskG > inputG) {
      issues.add(
        ['input', 'outputs'],
        'OUTPUTS_EXCEED_INPUTS',
        `green and husk weigh ${outputG + huskG} g but only ${inputG} g of parchment went in`,
      );
    }
    issues.throwIfAny();
    const yieldOf = new Map(contributions.map((c) => [c.lotId, c.exportableYieldPct]));
    const exportG = outputs.filter((o) => o.grade === 'export').reduce((a, o) => a + o.grams, 0);
    const tolerance = settings(tx).yieldTolerancePct;
    const y = hullingYield(contributions, exportG, outputG, tolerance);
    return writeRun(ctx, tx, {
      kind: 'hulling',
      plant,
      warehouseId: warehouse.id,
      times: input,
      takes,
      contributions,
      weightOf: (c) => expectedGreen(c.grams, yieldOf.get(c.lotId)!).toFixed(),
      outputs,
      huskG,
      notes,
      eudrIntended: input.eudrIntended === true,
      extra: {
        expectedYieldPct: y.expectedExportYieldPct,
        actualYieldPct: y.actualExportYieldPct,
        totalBeanYieldPct: y.totalBeanYieldPct,
        yieldTolerancePct: tolerance,
        flagged: y.flagged,
      },
    });
  });
}

function batchLines(issues: IssueList, inputs: readonly { batchId: string; kg: string }[]) {
  const lines = inputs.map((l, i) => ({
    batchId: decodeId(l.batchId, 'StockBatch', ['input', 'inputs', String(i), 'batchId']),
    grams: kgField(issues, ['input', 'inputs', String(i), 'kg'], l.kg),
    raw: l.batchId,
  }));
  for (const i of duplicates(lines.map((l) => String(l.batchId)))) {
    issues.add(['input', 'inputs', String(i), 'batchId'], 'DUPLICATE', 'the same batch twice: put its kg on one line');
  }
  return lines;
}

const byGrams = (c: Contribution) => String(c.grams);

/** Roasting: green from batches in, roasted coffee out; the roast loss is the difference. */
export function recordRoastingBatch(ctx: ServiceContext, input: RoastingBatchInput): MutationOutcome<RunRef> {
  const { idempotencyKey, payload, issues } = begin(ctx, input, 'input batch', null);
  const lines = batchLines(issues, input.inputs);
  const roastedG = kgField(issues, ['input', 'roastedKg'], input.roastedKg);
  const profile = text(issues, ['input', 'profile'], input.profile, 1, 80);
  const notes = input.notes == null ? null : text(issues, ['input', 'notes'], input.notes, 0, 1000);
  issues.throwIfAny();

  return runMutation(ctx, 'recordRoastingBatch', idempotencyKey, payload, (tx) => {
    const { plant, warehouse } = site(ctx, tx, input, 'roasting');
    const takes = takeFromBatches(tx, plant.id, input.startedAt.toISOString(), 'green', lines, issues);
    const greenG = lines.reduce((a, l) => a + l.grams, 0);
    if (roastedG > greenG) {
      issues.add(
        ['input', 'roastedKg'],
        'OUTPUTS_EXCEED_INPUTS',
        `${roastedG} g roasted from only ${greenG} g of green`,
      );
    }
    issues.throwIfAny();
    const loss = roastLoss(greenG, roastedG);
    return writeRun(ctx, tx, {
      kind: 'roasting',
      plant,
      warehouseId: warehouse.id,
      times: input,
      takes,
      contributions: contributionsOf(takes),
      weightOf: byGrams,
      outputs: [{ form: 'roasted', grams: roastedG }],
      huskG: 0,
      notes,
      eudrIntended: input.eudrIntended === true,
      extra: { roastProfile: profile, roastLossPct: loss.lossPct, flagged: loss.flagged },
    });
  });
}

/** Packing: roasted coffee from batches in, retail units (250 g, 500 g, 1 kg) out, one batch per SKU. */
export function recordPackingRun(ctx: ServiceContext, input: PackingRunInput): MutationOutcome<RunRef> {
  const { idempotencyKey, payload, issues } = begin(ctx, input, 'input batch', input.outputs.length);
  const lines = batchLines(issues, input.inputs);
  const outputs: OutputSpec[] = input.outputs.map((o, i) => {
    const path = ['input', 'outputs', String(i)];
    if (!isRetailUnitSize(o.unitSizeGrams)) {
      issues.add([...path, 'unitSizeGrams'], 'UNKNOWN_UNIT_SIZE', 'must be 250, 500 or 1000 g');
    }
    if (!Number.isSafeInteger(o.units) || o.units <= 0 || o.units > 1_000_000) {
      issues.add([...path, 'units'], 'NOT_POSITIVE', 'must be 1 to 1,000,000 units');
    }
    return {
      form: 'packed',
      brand: text(issues, [...path, 'brand'], o.brand, 1, 80),
      sku: text(issues, [...path, 'sku'], o.sku, 1, 40),
      unitSizeG: o.unitSizeGrams,
      units: o.units,
      grams: o.unitSizeGrams * o.units,
    };
  });
  for (const i of duplicates(outputs.map((o) => o.sku!))) {
    issues.add(['input', 'outputs', String(i), 'sku'], 'DUPLICATE', 'one output line per SKU');
  }
  const notes = input.notes == null ? null : text(issues, ['input', 'notes'], input.notes, 0, 1000);
  issues.throwIfAny();

  return runMutation(ctx, 'recordPackingRun', idempotencyKey, payload, (tx) => {
    const { plant, warehouse } = site(ctx, tx, input, 'packing');
    const takes = takeFromBatches(tx, plant.id, input.startedAt.toISOString(), 'roasted', lines, issues);
    const roastedG = lines.reduce((a, l) => a + l.grams, 0);
    const packedG = outputs.reduce((a, o) => a + o.grams, 0);
    if (packedG > roastedG) {
      issues.add(
        ['input', 'outputs'],
        'OUTPUTS_EXCEED_INPUTS',
        `${packedG} g packed from only ${roastedG} g of roasted coffee`,
      );
    }
    issues.throwIfAny();
    return writeRun(ctx, tx, {
      kind: 'packing',
      plant,
      warehouseId: warehouse.id,
      times: input,
      takes,
      contributions: contributionsOf(takes),
      weightOf: byGrams,
      outputs,
      huskG: 0,
      notes,
      eudrIntended: input.eudrIntended === true,
      extra: { unitsPacked: outputs.reduce((a, o) => a + o.units!, 0) },
    });
  });
}
