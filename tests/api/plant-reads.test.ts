/**
 * The plant's read side through real GraphQL over HTTP: stock positions, the
 * mass balance, throughput and backlog, the traces of a batch and of a lot
 * (and the SQL they cost), and the live `lotActivity` feed over SSE.
 *
 * beforeAll records its own lots and runs at Planta La Merced with figures
 * chosen so that every split is exact (docs/plant.md: outputs are owned in
 * proportion to expected green, largest remainder), on days (2020-01-02..13)
 * the demo has no runs on. Stock and balances are compared as deltas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, TEST_NOW, type TestServer, demoIds, startServer } from '../support/server.js';

let s: TestServer;
let ids: Awaited<ReturnType<typeof demoIds>>;
let wh: Record<string, string>;
let hullingCapG: number;

interface Farmer {
  id: string;
  fullName: string;
  coop: 'CAC-PAN' | 'CAC-SAT';
}
interface MyLot {
  id: string;
  code: string;
  farmer: Farmer;
  netG: number;
}
interface Batch {
  id: string;
  code: string;
  form: string;
  grade: string | null;
  sku: string | null;
  quantity: { grams: number };
}
interface Run {
  id: string;
  code: string;
  flagged: boolean;
  outputs: Batch[];
}

let keySeq = 0;
const newKey = () => `plant-reads-${String(++keySeq).padStart(6, '0')}`;

const RUN_FIELDS = `run { id code flagged outputs { id code form grade sku quantity { grams } } }`;
const MUTATIONS = {
  recordLotIntake: `mutation($i: RecordLotIntakeInput!) { recordLotIntake(input: $i) { __typename
    ... on RecordLotIntakePayload { replayed lot { id code } } ... on Error { message } } }`,
  gradeLot: `mutation($i: GradeLotInput!) { gradeLot(input: $i) { __typename ... on GradeLotPayload { lot { id code } } ... on Error { message } } }`,
  recordHullingRun: `mutation($i: RecordHullingRunInput!) { recordHullingRun(input: $i) { __typename
    ... on RecordHullingRunPayload { ${RUN_FIELDS} } ... on Error { message } ... on InvalidInputError { issues { path code message } } } }`,
  recordRoastingBatch: `mutation($i: RecordRoastingBatchInput!) { recordRoastingBatch(input: $i) { __typename
    ... on RecordRoastingBatchPayload { ${RUN_FIELDS} } ... on Error { message } ... on InvalidInputError { issues { path code message } } } }`,
  recordPackingRun: `mutation($i: RecordPackingRunInput!) { recordPackingRun(input: $i) { __typename
    ... on RecordPackingRunPayload { ${RUN_FIELDS} } ... on Error { message } ... on InvalidInputError { issues { path code message } } } }`,
};

/** Runs a mutation as plant staff; throws (failing the hook or test) unless it succeeded. */
async function mutate(
  name: keyof typeof MUTATIONS,
  input: Record<string, unknown>,
  role: Role = 'plant_staff',
): Promise<any> {
  const r = await s.gql(role, MUTATIONS[name], { i: input });
  const out = r.data?.[name];
  if (r.errors || !out?.__typename?.endsWith('Payload')) throw new Error(`${name} failed: ${JSON.stringify(r)}`);
  return out;
}

function intakeInput(farmer: Farmer, netKg: number, plantId = ids.plantLaMerced) {
  return {
    idempotencyKey: newKey(),
    plantId,
    farmerId: farmer.id,
    campaignId: ids.campaign2019,
    receivedAt: '2019-12-02T09:00:00-05:00',
    bags: 4,
    grossKg: String(netKg + 1),
    tareKg: '1',
    moisturePercent: '11.5',
  };
}

async function newLot(farmer: Farmer, netKg: number, yieldPct: string): Promise<MyLot> {
  const { lot } = await mutate('recordLotIntake', intakeInput(farmer, netKg));
  await mutate('gradeLot', {
    idempotencyKey: newKey(),
    lotId: lot.id,
    gradedAt: '2019-12-03T10:00:00-05:00',
    exportableYieldPercent: yieldPct,
    category1Defects: 0,
    category2Defects: 3,
    organic: false,
  });
  return { id: lot.id, code: lot.code, farmer, netG: netKg * 1000 };
}

const times = (day: string) => ({ startedAt: `${day}T08:00:00-05:00`, finishedAt: `${day}T16:00:00-05:00` });

async function hull(day: string, inputs: [MyLot, number][], outputs: [string, number][], huskKg: number): Promise<Run> {
  const p = await mutate('recordHullingRun', {
    idempotencyKey: newKey(),
    plantId: ids.plantLaMerced,
    warehouseId: wh.VERDE,
    ...times(day),
    inputs: inputs.map(([l, kg]) => ({ lotId: l.id, kg: String(kg) })),
    outputs: outputs.map(([grade, kg]) => ({ grade, kg: String(kg) })),
    huskKg: String(huskKg),
  });
  return p.run;
}

async function roast(day: string, from: Batch, kg: number, roastedKg: number): Promise<Run> {
  const p = await mutate('recordRoastingBatch', {
    idempotencyKey: newKey(),
    plantId: ids.plantLaMerced,
    warehouseId: wh.TOST,
    ...times(day),
    inputs: [{ batchId: from.id, kg: String(kg) }],
    profile: 'Medium',
    roastedKg: String(roastedKg),
  });
  return p.run;
}

async function pack(day: string, from: Batch, kg: number, outputs: [string, number, number][]): Promise<Run> {
  const p = await mutate('recordPackingRun', {
    idempotencyKey: newKey(),
    plantId: ids.plantLaMerced,
    warehouseId: wh.PT,
    ...times(day),
    inputs: [{ batchId: from.id, kg: String(kg) }],
    outputs: outputs.map(([sku, unitSizeGrams, units]) => ({ brand: 'Café Perú', sku, unitSizeGrams, units })),
  });
  return p.run;
}

const STOCK = `query($f: StockFilter) { stock(filter: $f) { plant { code } warehouse { code } form grade sku cooperative { code } weight { grams } } }`;
async function stock(role: Role, f: Record<string, unknown>): Promise<any[]> {
  const r = await s.gql(role, STOCK, { f });
  expect(r.errors).toBeUndefined();
  return r.data.stock;
}
/** Positions keyed by warehouse|form|grade-or-sku|cooperative, in grams. */
const byKey = (ps: any[]) =>
  Object.fromEntries(
    ps.map((p) => [
      `${p.warehouse?.code ?? '-'}|${p.form}|${p.grade ?? p.sku ?? '-'}|${p.cooperative.code}`,
      p.weight.grams,
    ]),
  );
/** after − before, for every key that changed. */
function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[k] ?? 0) - (before[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

const BALANCE = `{ massBalance { balanced lotsChecked cooperativesChecked runsChecked batchesChecked
  in { grams } out { grams } loss { grams } stock { grams } differences { subject code differenceGrams } } }`;
async function balance(role: Role): Promise<any> {
  const r = await s.gql(role, BALANCE);
  expect(r.errors).toBeUndefined();
  return r.data.massBalance;
}

const BACKLOG = `query($p: ID!) { node(id: $p) { ... on Plant { backlog { gradedLots graded { grams } ungradedLots ungraded { grams } daysOfHulling } } } }`;
async function backlog(): Promise<any> {
  const r = await s.gql('plant_staff', BACKLOG, { p: ids.plantLaMerced });
  expect(r.errors).toBeUndefined();
  return r.data.node.backlog;
}

/** round(num × 10^dp ÷ den) half-even, as a decimal string with dp decimals. */
function halfEven(num: bigint, den: bigint, dp: number): string {
  const n = num * 10n ** BigInt(dp);
  let q = n / den;
  const r2 = (n % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  const t = q.toString().padStart(dp + 1, '0');
  return `${t.slice(0, -dp)}.${t.slice(-dp)}`;
}

// The scenario. Chain A: L1 (PAN, 1200 kg, 80 %), L2 (PAN, 800 kg, 75 %), L3 (SAT, 250 kg, 80 %).
// H1 (Mon 2020-01-06) takes 1000 + 800 + 250 kg: expected green 800 : 600 : 200 kg, so the
// 1680 kg of green are credited 840 : 630 : 210; export 1600 → 800/600/200, second 80 → 40/30/10.
// R1 (01-07) roasts 120 kg of that export (60/45/15) into 102 kg (51000/38250/12750 g).
// P1 (01-08) packs 100 kg of it (50000/37500/12500) into 200 × 250 g + 48 × 1 kg = 98 kg.
// H2 (Mon 01-13) hulls L4 (PAN, 216 kg at 80 %) into 150 kg export + 20 kg second: 69.44 %, flagged.
// Statement-count chains: S1 (01-02) hulls 2 lots into one green batch; S3 (01-03) hulls 6 lots,
// roasts 120 of the 480 kg green into 102 kg and packs all of it into 384 × 250 g.
let L1: MyLot, L2: MyLot, L3: MyLot, L4: MyLot;
let S1lots: MyLot[], S3lots: MyLot[];
let H1: Run, R1: Run, P1: Run, H2: Run, HS1: Run, HS3: Run, PS3: Run;
const snap: Record<string, any> = {};

const LOTS_CREATED = 12;
const RUNS_RECORDED = 8;
const BATCHES_PRODUCED = 11;
const NET_IN_G = (1200 + 800 + 250 + 216 + 2 * 500 + 6 * 100) * 1000;
// Σ(input − output) over the eight runs: 370 + 18 + 2 + 46 + 200 + 120 + 18 + 6 kg.
const LOSS_G = 780_000;

beforeAll(async () => {
  s = await startServer();
  ids = await demoIds(s);
  const p = await s.gql(
    'admin',
    `query($p: ID!, $s: ID!) {
    lm: node(id: $p) { ... on Plant { hullingCapacityPerDay { grams } warehouses { id code } } }
    pan: node(id: $s) { ... on Cooperative { farmers(first: 6) { nodes { id fullName } } } }
    sat: cooperatives(filter: {search: "CAC-SAT"}) { nodes { farmers(first: 3) { nodes { id fullName } } } } }`,
    { p: ids.plantLaMerced, s: ids.ownCoop },
  );
  hullingCapG = p.data.lm.hullingCapacityPerDay.grams;
  wh = Object.fromEntries(p.data.lm.warehouses.map((w: any) => [w.code, w.id]));
  const pan: Farmer[] = p.data.pan.farmers.nodes.map((f: any) => ({ ...f, coop: 'CAC-PAN' }));
  const sat: Farmer[] = p.data.sat.nodes[0].farmers.nodes.map((f: any) => ({ ...f, coop: 'CAC-SAT' }));

  // Our days must be ours alone.
  const runs = await s.gql(
    'admin',
    `query($p: ID!) { processingRuns(filter: {plantId: $p, finishedFrom: "2020-01-01", finishedTo: "2020-01-15"}) { totalCount } }`,
    { p: ids.plantLaMerced },
  );
  snap.demoRunsOnOurDays = runs.data.processingRuns.totalCount;

  snap.balance0 = {
    admin: await balance('admin'),
    auditor: await balance('auditor'),
    manager: await balance('cooperative_manager'),
  };

  L1 = await newLot(pan[0]!, 1200, '80');
  L2 = await newLot(pan[1]!, 800, '75');
  L3 = await newLot(sat[0]!, 250, '80');
  L4 = await newLot(pan[2]!, 216, '80');
  S1lots = [await newLot(pan[3]!, 500, '80'), await newLot(pan[4]!, 500, '80')];
  S3lots = [];
  for (const f of [pan[0]!, pan[1]!, sat[1]!, pan[2]!, sat[2]!, pan[3]!]) S3lots.push(await newLot(f, 100, '80'));

  const stockNow = async () => ({
    green: byKey(await stock('admin', { plantId: ids.plantLaMerced, form: 'GREEN' })),
    parchment: byKey(await stock('admin', { plantId: ids.plantLaMerced, form: 'PARCHMENT' })),
    backlog: await backlog(),
  });
  snap.beforeH1 = await stockNow();
  H1 = await hull(
    '2020-01-06',
    [
      [L1, 1000],
      [L2, 800],
      [L3, 250],
    ],
    [
      ['EXPORT', 1600],
      ['SECOND', 80],
    ],
    300,
  );
  snap.afterH1 = await stockNow();
  R1 = await roast('2020-01-07', H1.outputs[0]!, 120, 102);
  P1 = await pack('2020-01-08', R1.outputs[0]!, 100, [
    ['PRT-250', 250, 200],
    ['PRT-1000', 1000, 48],
  ]);
  H2 = await hull(
    '2020-01-13',
    [[L4, 216]],
    [
      ['EXPORT', 150],
      ['SECOND', 20],
    ],
    36,
  );
  HS1 = await hull(
    '2020-01-02',
    S1lots.map((l) => [l, 500] as [MyLot, number]),
    [['EXPORT', 800]],
    180,
  );
  HS3 = await hull(
    '2020-01-03',
    S3lots.map((l) => [l, 100] as [MyLot, number]),
    [['EXPORT', 480]],
    100,
  );
  const RS3 = await roast('2020-01-04', HS3.outputs[0]!, 120, 102);
  PS3 = await pack('2020-01-05', RS3.outputs[0]!, 102, [['PRT-250', 250, 384]]);
});
afterAll(() => s?.close());

describe('setup', () => {
  it('the demo has no runs on our days, and our runs came out as designed', () => {
    expect(snap.demoRunsOnOurDays).toBe(0);
    expect(H1.outputs.map((b) => [b.form, b.grade, b.quantity.grams])).toEqual([
      ['GREEN', 'EXPORT', 1_600_000],
      ['GREEN', 'SECOND', 80_000],
    ]);
    expect(P1.outputs.map((b) => [b.sku, b.quantity.grams])).toEqual([
      ['PRT-250', 50_000],
      ['PRT-1000', 48_000],
    ]);
    expect([H1.flagged, R1.flagged, P1.flagged, H2.flagged]).toEqual([false, false, false, true]);
  });
});

describe('massBalance', () => {
  for (const role of ['admin', 'auditor'] as const) {
    it(`as ${role}: balanced after our runs; every count and total grew by exactly what we recorded`, async () => {
      const before = snap.balance0[role];
      const m = await balance(role);
      expect(m.balanced).toBe(true);
      expect(m.differences).toEqual([]);
      expect(m.in.grams).toBe(m.stock.grams + m.loss.grams + m.out.grams);
      expect({
        lots: m.lotsChecked - before.lotsChecked,
        coops: m.cooperativesChecked - before.cooperativesChecked,
        runs: m.runsChecked - before.runsChecked,
        batches: m.batchesChecked - before.batchesChecked,
        in: m.in.grams - before.in.grams,
        out: m.out.grams - before.out.grams,
        loss: m.loss.grams - before.loss.grams,
        stock: m.stock.grams - before.stock.grams,
      }).toEqual({
        lots: LOTS_CREATED,
        coops: 0,
        runs: RUNS_RECORDED,
        batches: BATCHES_PRODUCED,
        in: NET_IN_G,
        out: 0,
        loss: LOSS_G,
        stock: NET_IN_G - LOSS_G,
      });
    });
  }

  it("as a cooperative manager: checks their own cooperative's lots only, no runs or batches", async () => {
    const before = snap.balance0.manager;
    const m = await balance('cooperative_manager');
    expect(m).toMatchObject({
      balanced: true,
      differences: [],
      cooperativesChecked: 1,
      runsChecked: 0,
      batchesChecked: 0,
    });
    expect(m.in.grams).toBe(m.stock.grams + m.loss.grams + m.out.grams);
    // Our CAC-PAN lots: L1, L2, L4, S1 ×2, four of S3 = 3 616 kg; their loss 170 + 177.5 + 46 + 200 + 4 × 24 kg.
    expect({
      lots: m.lotsChecked - before.lotsChecked,
      in: m.in.grams - before.in.grams,
      loss: m.loss.grams - before.loss.grams,
      stock: m.stock.grams - before.stock.grams,
    }).toEqual({ lots: 9, in: 3_616_000, loss: 689_500, stock: 2_926_500 });
  });

  it('refuses a lender with FORBIDDEN', async () => {
    const r = await s.gql('lender', BALANCE);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('stock', () => {
  it('after the hulling run: green grows by exactly what it credited each cooperative, by grade', () => {
    expect(delta(snap.beforeH1.green, snap.afterH1.green)).toEqual({
      'VERDE|GREEN|EXPORT|CAC-PAN': 1_400_000,
      'VERDE|GREEN|EXPORT|CAC-SAT': 200_000,
      'VERDE|GREEN|SECOND|CAC-PAN': 70_000,
      'VERDE|GREEN|SECOND|CAC-SAT': 10_000,
    });
  });

  it('after the hulling run: parchment shrinks by exactly the parchment taken, per cooperative', () => {
    expect(delta(snap.beforeH1.parchment, snap.afterH1.parchment)).toEqual({
      '-|PARCHMENT|-|CAC-PAN': -1_800_000,
      '-|PARCHMENT|-|CAC-SAT': -250_000,
    });
  });

  it('filters by form: GREEN gives green positions only, in VERDE', async () => {
    const green = await stock('admin', { plantId: ids.plantLaMerced, form: 'GREEN' });
    expect(green.length).toBeGreaterThanOrEqual(4);
    expect(new Set(green.map((p) => `${p.plant.code} ${p.form} ${p.warehouse.code}`))).toEqual(
      new Set(['PLT-LM GREEN VERDE']),
    );
    const packedAll = await stock('admin', { plantId: ids.plantLaMerced, form: 'PACKED' });
    expect(new Set(packedAll.map((p) => `${p.form} ${p.warehouse.code}`))).toEqual(new Set(['PACKED PT']));
    // Our SKUs only (the demo packs its own).
    const packed = Object.fromEntries(Object.entries(byKey(packedAll)).filter(([k]) => k.includes('|PRT-')));
    // P1's packs plus S3's (all CAC-PAN lots but two of six): 250 g packs of S3 are 4 × 16 kg PAN, 2 × 16 kg SAT.
    expect(packed).toEqual({
      'PT|PACKED|PRT-1000|CAC-PAN': 42_000,
      'PT|PACKED|PRT-1000|CAC-SAT': 6_000,
      'PT|PACKED|PRT-250|CAC-PAN': 43_750 + 64_000,
      'PT|PACKED|PRT-250|CAC-SAT': 6_250 + 32_000,
    });
  });

  it("a cooperative manager sees exactly their cooperative's positions", async () => {
    const mine = await stock('cooperative_manager', { plantId: ids.plantLaMerced });
    expect(new Set(mine.map((p) => p.cooperative.code))).toEqual(new Set(['CAC-PAN']));
    expect(mine).toEqual(await stock('admin', { plantId: ids.plantLaMerced, cooperativeId: ids.ownCoop }));
    expect(new Set(mine.map((p) => p.form))).toEqual(new Set(['PARCHMENT', 'GREEN', 'ROASTED', 'PACKED']));
    expect(await stock('cooperative_manager', { plantId: ids.plantLaMerced, cooperativeId: ids.otherCoop })).toEqual(
      [],
    );
  });

  it("staff of the Satipo centre see none of La Merced's stock; a lender sees none at all", async () => {
    expect(await stock('plant_staff_satipo', { plantId: ids.plantLaMerced })).toEqual([]);
    const own = await stock('plant_staff_satipo', {});
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((p) => p.plant.code))).toEqual(new Set(['CC-SAT']));
    expect(await stock('lender', {})).toEqual([]);
    expect(await stock('lender', { plantId: ids.plantLaMerced, form: 'GREEN' })).toEqual([]);
  });
});

describe('traces', () => {
  const BATCH = `query($b: ID!) { node(id: $b) { ... on StockBatch { code quantity { grams }
    owners { lot { code cooperative { code } } weight { grams } }
    cooperativeShares { cooperative { code } weight { grams } remaining { grams } }
    upstream { code form } } } }`;
  const batch = async (role: Role, id: string) => {
    const r = await s.gql(role, BATCH, { b: id });
    expect(r.errors).toBeUndefined();
    return r.data.node;
  };
  const sum = (xs: any[]) => xs.reduce((a, x) => a + x.weight.grams, 0);

  it("Lot.usedIn lists the green, roasted and packed batches L1's coffee went into, with its grams", async () => {
    const r = await s.gql(
      'admin',
      `query($l: ID!) { node(id: $l) { ... on Lot {
      usedIn { batch { code form grade sku } weight { grams } remaining { grams } } } } }`,
      { l: L1.id },
    );
    expect(r.errors).toBeUndefined();
    const [exp, second] = H1.outputs as [Batch, Batch];
    const [p250, p1000] = P1.outputs as [Batch, Batch];
    expect(r.data.node.usedIn).toEqual([
      {
        batch: { code: exp.code, form: 'GREEN', grade: 'EXPORT', sku: null },
        weight: { grams: 800_000 },
        remaining: { grams: 740_000 },
      },
      {
        batch: { code: second.code, form: 'GREEN', grade: 'SECOND', sku: null },
        weight: { grams: 40_000 },
        remaining: { grams: 40_000 },
      },
      {
        batch: { code: R1.outputs[0]!.code, form: 'ROASTED', grade: null, sku: null },
        weight: { grams: 51_000 },
        remaining: { grams: 1_000 },
      },
      {
        batch: { code: p250.code, form: 'PACKED', grade: null, sku: 'PRT-250' },
        weight: { grams: 25_000 },
        remaining: { grams: 25_000 },
      },
      {
        batch: { code: p1000.code, form: 'PACKED', grade: null, sku: 'PRT-1000' },
        weight: { grams: 24_000 },
        remaining: { grams: 24_000 },
      },
    ]);
  });

  it('owners and cooperative shares of a packed batch sum to its quantity; upstream is roasted, then green', async () => {
    const b = await batch('admin', P1.outputs[0]!.id);
    expect(b.owners).toEqual([
      { lot: { code: L1.code, cooperative: { code: 'CAC-PAN' } }, weight: { grams: 25_000 } },
      { lot: { code: L2.code, cooperative: { code: 'CAC-PAN' } }, weight: { grams: 18_750 } },
      { lot: { code: L3.code, cooperative: { code: 'CAC-SAT' } }, weight: { grams: 6_250 } },
    ]);
    expect(sum(b.owners)).toBe(b.quantity.grams);
    expect(b.cooperativeShares).toEqual([
      { cooperative: { code: 'CAC-PAN' }, weight: { grams: 43_750 }, remaining: { grams: 43_750 } },
      { cooperative: { code: 'CAC-SAT' }, weight: { grams: 6_250 }, remaining: { grams: 6_250 } },
    ]);
    expect(sum(b.cooperativeShares)).toBe(50_000);
    expect(b.upstream).toEqual([
      { code: R1.outputs[0]!.code, form: 'ROASTED' },
      { code: H1.outputs[0]!.code, form: 'GREEN' },
    ]);
  });

  it('a green batch: owners by expected green, shares less what the roast took, nothing upstream', async () => {
    const b = await batch('admin', H1.outputs[0]!.id);
    expect(b.owners.map((o: any) => [o.lot.code, o.weight.grams])).toEqual([
      [L1.code, 800_000],
      [L2.code, 600_000],
      [L3.code, 200_000],
    ]);
    expect(sum(b.owners)).toBe(b.quantity.grams);
    expect(b.cooperativeShares).toEqual([
      { cooperative: { code: 'CAC-PAN' }, weight: { grams: 1_400_000 }, remaining: { grams: 1_295_000 } },
      { cooperative: { code: 'CAC-SAT' }, weight: { grams: 200_000 }, remaining: { grams: 185_000 } },
    ]);
    expect(b.upstream).toEqual([]);
  });

  it("a cooperative manager sees only their own cooperative's owners and share of the batch", async () => {
    const b = await batch('cooperative_manager', P1.outputs[0]!.id);
    expect(b.owners.map((o: any) => [o.lot.code, o.weight.grams])).toEqual([
      [L1.code, 25_000],
      [L2.code, 18_750],
    ]);
    expect(b.cooperativeShares).toEqual([
      { cooperative: { code: 'CAC-PAN' }, weight: { grams: 43_750 }, remaining: { grams: 43_750 } },
    ]);
  });
});

describe('SQL statements of a trace', () => {
  const TRACE = `query($b: ID!, $l: ID!) {
    batch: node(id: $b) { ... on StockBatch { code
      owners { lot { code farmer { fullName } cooperative { code } } weight { grams } }
      upstream { code } } }
    lot: node(id: $l) { ... on Lot { code usedIn { batch { code } weight { grams } } } } }`;

  async function measure(role: Role, batchId: string, lotId: string) {
    s.statements.length = 0;
    const r = await s.gql(role, TRACE, { b: batchId, l: lotId });
    const n = s.statements.length;
    expect(r.errors).toBeUndefined();
    return { n, data: r.data };
  }

  it('as admin or plant staff: the same few for 2 or 6 owner lots, and for a chain 2 or 3 batches deep', async () => {
    const counts: Record<string, number> = {};
    for (const role of ['admin', 'plant_staff'] as const) {
      const green2 = await measure(role, HS1.outputs[0]!.id, S1lots[0]!.id);
      const green6 = await measure(role, HS3.outputs[0]!.id, S3lots[0]!.id);
      const roasted = await measure(role, R1.outputs[0]!.id, L1.id);
      const packed3 = await measure(role, P1.outputs[0]!.id, L1.id);
      const packed6 = await measure(role, PS3.outputs[0]!.id, S3lots[0]!.id);
      // The shapes really differ: 2 or 6 owners, 0, 1 or 2 batches upstream, a lot in 1, 3 or 5 batches.
      expect(green2.data.batch.owners).toHaveLength(2);
      expect(green2.data.batch.upstream).toEqual([]);
      expect(green2.data.lot.usedIn).toHaveLength(1);
      expect(green6.data.batch.owners.map((o: any) => o.weight.grams)).toEqual(Array(6).fill(80_000));
      expect(roasted.data.batch.upstream).toEqual([{ code: H1.outputs[0]!.code }]);
      expect(packed3.data.batch.upstream).toEqual([{ code: R1.outputs[0]!.code }, { code: H1.outputs[0]!.code }]);
      expect(packed3.data.lot.usedIn).toHaveLength(5);
      expect(packed6.data.batch.owners.map((o: any) => o.weight.grams)).toEqual(Array(6).fill(16_000));
      expect(packed6.data.batch.owners[0].lot.farmer.fullName).toBe(S3lots[0]!.farmer.fullName);
      expect(packed6.data.batch.upstream).toHaveLength(2);
      expect(packed6.data.lot.usedIn.map((u: any) => u.weight.grams)).toEqual([80_000, 17_000, 16_000]);
      Object.assign(counts, {
        [`${role} green2`]: green2.n,
        [`${role} green6`]: green6.n,
        [`${role} roasted`]: roasted.n,
        [`${role} packed3`]: packed3.n,
        [`${role} packed6`]: packed6.n,
      });
      const msg = JSON.stringify(counts);
      expect(green6.n, msg).toBe(green2.n);
      expect([roasted.n, packed6.n], msg).toEqual([packed3.n, packed3.n]);
      expect(packed3.n, msg).toBeLessThanOrEqual(6);
    }
  });

  // `upstream` is one statement (a recursive CTE inside the batch query), empty or not.
  it('as admin: a green batch (depth 1) costs as many statements as a packed one (depth 3)', async () => {
    const depth1 = await measure('admin', HS1.outputs[0]!.id, S1lots[0]!.id);
    const depth3 = await measure('admin', PS3.outputs[0]!.id, S3lots[0]!.id);
    expect(depth3.n, JSON.stringify({ depth1: depth1.n, depth3: depth3.n })).toBe(depth1.n);
  });

  // A manager's access check on batches is batched per response level, not one statement per batch.
  it("as a cooperative manager: the count does not grow with the chain's depth or the lot's batches", async () => {
    const depth2 = await measure('cooperative_manager', R1.outputs[0]!.id, S1lots[0]!.id);
    const depth3 = await measure('cooperative_manager', P1.outputs[0]!.id, S1lots[0]!.id);
    const fiveBatches = await measure('cooperative_manager', P1.outputs[0]!.id, L1.id);
    const counts = { depth2: depth2.n, depth3: depth3.n, depth3AndLotIn5Batches: fiveBatches.n };
    expect([depth3.n, fiveBatches.n], JSON.stringify(counts)).toEqual([depth2.n, depth2.n]);
  });
});

describe('Plant.throughput and backlog', () => {
  const TP = `query($p: ID!, $from: Date!, $to: Date!, $period: Period) { node(id: $p) { ... on Plant {
    throughput(from: $from, to: $to, period: $period) { start end days hulled { grams } greenProduced { grams }
      exportGreenProduced { grams } roasted { grams } roastedOutput { grams } unitsPacked packed { grams } runs flaggedRuns
      hullingUtilizationPercent roastingUtilizationPercent packingUtilizationPercent expectedExportYieldPercent actualExportYieldPercent } } } }`;
  const throughput = (role: Role, from: string, to: string, period = 'DAY') =>
    s.gql(role, TP, { p: ids.plantLaMerced, from, to, period });
  const idle = {
    hulled: { grams: 0 },
    greenProduced: { grams: 0 },
    exportGreenProduced: { grams: 0 },
    roasted: { grams: 0 },
    roastedOutput: { grams: 0 },
    unitsPacked: 0,
    packed: { grams: 0 },
    runs: 0,
    flaggedRuns: 0,
    expectedExportYieldPercent: null,
    actualExportYieldPercent: null,
  };
  const util = (hulledG: number, days: number) =>
    halfEven(BigInt(hulledG) * 100n, BigInt(hullingCapG) * BigInt(days), 1);

  it('per DAY: what each of our runs did, against capacity', async () => {
    const r = await throughput('plant_staff', '2020-01-06', '2020-01-08');
    expect(r.errors).toBeUndefined();
    expect(util(2_050_000, 1)).toBe('8.5');
    expect(r.data.node.throughput).toEqual([
      {
        ...idle,
        start: '2020-01-06',
        end: '2020-01-06',
        days: 1,
        hulled: { grams: 2_050_000 },
        greenProduced: { grams: 1_680_000 },
        exportGreenProduced: { grams: 1_600_000 },
        runs: 1,
        hullingUtilizationPercent: util(2_050_000, 1),
        roastingUtilizationPercent: '0.0',
        packingUtilizationPercent: '0.0',
        expectedExportYieldPercent: '78.05',
        actualExportYieldPercent: '78.05',
      },
      {
        ...idle,
        start: '2020-01-07',
        end: '2020-01-07',
        days: 1,
        roasted: { grams: 120_000 },
        roastedOutput: { grams: 102_000 },
        runs: 1,
        hullingUtilizationPercent: '0.0',
        roastingUtilizationPercent: '10.0',
        packingUtilizationPercent: '0.0',
      },
      {
        ...idle,
        start: '2020-01-08',
        end: '2020-01-08',
        days: 1,
        unitsPacked: 248,
        packed: { grams: 98_000 },
        runs: 1,
        hullingUtilizationPercent: '0.0',
        roastingUtilizationPercent: '0.0',
        packingUtilizationPercent: '10.3',
      },
    ]);
  });

  it('per WEEK: ISO weeks clipped to the range (Wednesday to the next Tuesday: 5 days, then 2), half-even utilisation', async () => {
    const r = await throughput('plant_staff', '2020-01-08', '2020-01-14', 'WEEK');
    expect(r.errors).toBeUndefined();
    // 216 kg over 2 days × 24 t: 0.45 %, half-even 0.4 (half-up would say 0.5).
    expect(util(216_000, 2)).toBe('0.4');
    expect(r.data.node.throughput).toEqual([
      {
        ...idle,
        start: '2020-01-08',
        end: '2020-01-12',
        days: 5,
        unitsPacked: 248,
        packed: { grams: 98_000 },
        runs: 1,
        hullingUtilizationPercent: '0.0',
        roastingUtilizationPercent: '0.0',
        packingUtilizationPercent: halfEven(24_800n, 2400n * 5n, 1),
      },
      {
        ...idle,
        start: '2020-01-13',
        end: '2020-01-14',
        days: 2,
        hulled: { grams: 216_000 },
        greenProduced: { grams: 170_000 },
        exportGreenProduced: { grams: 150_000 },
        runs: 1,
        flaggedRuns: 1,
        hullingUtilizationPercent: util(216_000, 2),
        roastingUtilizationPercent: '0.0',
        packingUtilizationPercent: '0.0',
        expectedExportYieldPercent: '80.00',
        actualExportYieldPercent: '69.44',
      },
    ]);
  });

  it('refuses `to` before `from`, and a range over 366 days, as BAD_USER_INPUT; 366 days is fine', async () => {
    for (const [from, to, issue] of [
      ['2020-01-08', '2020-01-07', 'BEFORE_FROM'],
      ['2019-01-13', '2020-01-14', 'RANGE_TOO_LONG'],
    ]) {
      const r = await throughput('plant_staff', from!, to!);
      expect(r.data?.node ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        issues: [expect.objectContaining({ path: ['to'], code: issue })],
      });
    }
    const year = await throughput('admin', '2019-01-15', '2020-01-15', 'WEEK');
    expect(year.errors).toBeUndefined();
    expect(year.data.node.throughput.reduce((a: number, p: any) => a + p.days, 0)).toBe(366);
  });

  it("refuses the Satipo centre's staff and a cooperative manager La Merced's throughput and backlog (FORBIDDEN)", async () => {
    for (const role of ['plant_staff_satipo', 'cooperative_manager'] as const) {
      const r = await throughput(role, '2020-01-06', '2020-01-08');
      expect(r.data?.node ?? null).toBeNull();
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      const b = await s.gql(role, BACKLOG, { p: ids.plantLaMerced });
      expect(b.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    expect((await throughput('auditor', '2020-01-06', '2020-01-06')).data.node.throughput[0].hulled.grams).toBe(
      2_050_000,
    );
  });

  it('the graded backlog drops by exactly the parchment the hulling run took', () => {
    const [before, after] = [snap.beforeH1.backlog, snap.afterH1.backlog];
    expect(before.graded.grams - after.graded.grams).toBe(2_050_000);
    // L2 and L3 were used up; L1 keeps 200 kg.
    expect(before.gradedLots - after.gradedLots).toBe(2);
    expect(after.ungraded).toEqual(before.ungraded);
    expect(after.daysOfHulling).toBe(halfEven(BigInt(after.graded.grams), BigInt(hullingCapG), 1));
  });
});

describe('lotActivity over server-sent events', () => {
  const SUB = `subscription($p: ID!) { lotActivity(plantId: $p) { kind at lot { code cooperative { code } } } }`;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let farmers: { pan: Farmer; sat: Farmer };
  beforeAll(() => {
    farmers = { pan: L1.farmer, sat: L3.farmer };
  });

  async function open(role: Role, plantId: string) {
    const ctrl = new AbortController();
    const res = await fetch(s.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${s.tokens[role]}`,
      },
      body: JSON.stringify({ query: SUB, variables: { p: plantId } }),
      signal: ctrl.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
    await sleep(100);
    return {
      status: res.status,
      /** The next `event: next` payload (or { complete: true }); throws when none comes in time. */
      async next(ms = 3000): Promise<any> {
        const deadline = Date.now() + ms;
        for (;;) {
          const end = buf.indexOf('\n\n');
          if (end >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            const lines = block.split('\n');
            const event = lines
              .find((l) => l.startsWith('event:'))
              ?.slice(6)
              .trim();
            const data = lines
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trim())
              .join('\n');
            if (event === 'next') return JSON.parse(data);
            if (event === 'complete') return { complete: true };
            continue; // keep-alive comments
          }
          const left = deadline - Date.now();
          if (left <= 0) throw new Error(`no event within ${ms} ms`);
          pending ??= reader.read();
          let timer: NodeJS.Timeout | undefined;
          const r = await Promise.race([
            pending,
            new Promise<'timeout'>((ok) => (timer = setTimeout(() => ok('timeout'), left))),
          ]);
          clearTimeout(timer);
          if (r === 'timeout') throw new Error(`no event within ${ms} ms`);
          pending = null;
          if (r.done) return { complete: true, closed: true };
          buf += decoder.decode(r.value, { stream: true });
        }
      },
      close() {
        pending?.catch(() => {});
        ctrl.abort();
      },
    };
  }
  const event = (kind: string, code: string, coop: string) => ({
    data: { lotActivity: { kind, at: TEST_NOW, lot: { code, cooperative: { code: coop } } } },
  });

  it('plant staff see a lot RECEIVED, then GRADED, with its code', async () => {
    const sub = await open('plant_staff', ids.plantLaMerced);
    try {
      expect(sub.status).toBe(200);
      const { lot } = await mutate('recordLotIntake', intakeInput(farmers.pan, 300));
      expect(await sub.next()).toEqual(event('RECEIVED', lot.code, 'CAC-PAN'));
      await mutate('gradeLot', {
        idempotencyKey: newKey(),
        lotId: lot.id,
        gradedAt: '2019-12-03T10:00:00-05:00',
        exportableYieldPercent: '78',
        category1Defects: 0,
        category2Defects: 2,
        organic: false,
      });
      expect(await sub.next()).toEqual(event('GRADED', lot.code, 'CAC-PAN'));
    } finally {
      sub.close();
    }
  });

  it("a replayed intake publishes nothing, nor does another plant's intake: the next event is the next new lot", async () => {
    const sub = await open('plant_staff', ids.plantLaMerced);
    try {
      const input = intakeInput(farmers.pan, 310);
      const first = await mutate('recordLotIntake', input);
      expect(await sub.next()).toEqual(event('RECEIVED', first.lot.code, 'CAC-PAN'));
      const replay = await mutate('recordLotIntake', input);
      expect(replay).toMatchObject({ replayed: true, lot: { code: first.lot.code } });
      await mutate('recordLotIntake', intakeInput(farmers.sat, 50, ids.plantSatipo), 'plant_staff_satipo');
      const fresh = await mutate('recordLotIntake', intakeInput(farmers.pan, 320));
      expect(fresh.lot.code).not.toBe(first.lot.code);
      expect(await sub.next()).toEqual(event('RECEIVED', fresh.lot.code, 'CAC-PAN'));
    } finally {
      sub.close();
    }
  });

  it("a cooperative manager sees their cooperative's lots only", async () => {
    const sub = await open('cooperative_manager', ids.plantLaMerced);
    try {
      await mutate('recordLotIntake', intakeInput(farmers.sat, 60));
      const own = await mutate('recordLotIntake', intakeInput(farmers.pan, 70));
      expect(await sub.next()).toEqual(event('RECEIVED', own.lot.code, 'CAC-PAN'));
    } finally {
      sub.close();
    }
  });

  for (const role of ['plant_staff_satipo', 'lender'] as const) {
    it(`refuses ${role} with a FORBIDDEN error event, then completes`, async () => {
      const sub = await open(role, ids.plantLaMerced);
      try {
        const first = await sub.next();
        expect(first.data ?? null).toBeNull();
        expect(first.errors?.map((e: any) => e.extensions?.code)).toEqual(['FORBIDDEN']);
        expect(await sub.next()).toMatchObject({ complete: true });
      } finally {
        sub.close();
      }
    });
  }
});
