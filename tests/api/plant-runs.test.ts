/**
 * Processing runs through real GraphQL: hulling, roasting and packing as the
 * plant records them, with yields, owners, retries, every typed refusal and
 * who may record and read them. Every figure is worked out by hand from lots
 * this file receives and grades itself (the demo seed's own runs are ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, type TestServer, demoIds, startServer } from '../support/server.js';

let s: TestServer;
let ids: Awaited<ReturnType<typeof demoIds>>;
/** Warehouse ids by code: PLT-LM's PERG, VERDE, TOST, PT; CC-SAT's ACOPIO. */
let wh: Record<string, string>;

beforeAll(async () => {
  s = await startServer();
  ids = await demoIds(s);
  const r = await s.gql('admin', '{ plants { code warehouses { id code } } }');
  wh = Object.fromEntries(
    r.data.plants.flatMap((p: any) =>
      p.code === 'PLT-LM' || p.code === 'CC-SAT' ? p.warehouses.map((w: any) => [w.code, w.id]) : [],
    ),
  );
});
afterAll(() => s.close());

// ---------------------------------------------------------------- documents

const RUN = `id code kind finishedOn flagged roastProfile roastLossPercent unitsPacked
  expectedExportYieldPercent actualExportYieldPercent totalBeanYieldPercent yieldTolerancePercent
  inputWeight { grams kg } outputWeight { grams kg } huskWeight { grams kg } lossWeight { grams kg }
  outputs { id form grade sku unitSizeGrams units unitsRemaining quantity { grams kg } remaining { grams kg }
    owners { lot { id } cooperative { code } weight { grams } } }`;

const doc = (field: string, input: string, payload: string) => `mutation($i: ${input}!) {
  ${field}(input: $i) {
    __typename
    ... on ${payload} { replayed run { ${RUN} } }
    ... on Error { message }
    ... on InvalidInputError { issues { path code } }
    ... on NotFoundError { path id }
    ... on ConflictError { code }
  }
}`;
const HULL = doc('recordHullingRun', 'RecordHullingRunInput', 'RecordHullingRunPayload');
const ROAST = doc('recordRoastingBatch', 'RecordRoastingBatchInput', 'RecordRoastingBatchPayload');
const PACK = doc('recordPackingRun', 'RecordPackingRunInput', 'RecordPackingRunPayload');

const INTAKE = `mutation($i: RecordLotIntakeInput!) { recordLotIntake(input: $i) {
  __typename ... on RecordLotIntakePayload { lot { id } } ... on Error { message } } }`;
const GRADE = `mutation($i: GradeLotInput!) { gradeLot(input: $i) {
  __typename ... on GradeLotPayload { lot { status } } ... on Error { message } } }`;
const REJECT = `mutation($i: RejectLotInput!) { rejectLot(input: $i) {
  __typename ... on RejectLotPayload { lot { status } } ... on Error { message } } }`;
const BATCH = `query($id: ID!) { node(id: $id) { ... on StockBatch { id form quantity { grams } remaining { grams kg }
  owners { lot { id } cooperative { code } weight { grams } }
  cooperativeShares { cooperative { code } weight { grams } } upstream { id form } } } }`;
const PARCHMENT = `query($id: ID!) { node(id: $id) { ... on Lot { parchmentRemaining { grams kg } } } }`;

// ---------------------------------------------------------------- helpers

let keySeq = 0;
const newKey = () => `plant-runs-${String(++keySeq).padStart(6, '0')}`;

const TABLES = ['processing_runs', 'run_inputs', 'stock_batches', 'batch_shares', 'run_lot_losses', 'idempotency_keys'];
const snapshot = () => Object.fromEntries(TABLES.map((t) => [t, s.count(t)]));

/** Memoised fixture: made by the first test that needs it, shared by the rest. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= make());
}

interface LotSpec {
  netKg: number;
  yieldPct?: string;
  farmer?: 'own' | 'other';
  receivedAt?: string;
  atSatipo?: boolean;
  moisture?: string;
}

/** Receives a lot (gross = net + 5 kg of sacks) and grades it when a yield is given. */
async function newLot(spec: LotSpec): Promise<string> {
  const role: Role = spec.atSatipo ? 'plant_staff_satipo' : 'plant_staff';
  const receivedAt = spec.receivedAt ?? '2019-11-20T09:00:00-05:00';
  const r = await s.gql(role, INTAKE, {
    i: {
      idempotencyKey: newKey(),
      plantId: spec.atSatipo ? ids.plantSatipo : ids.plantLaMerced,
      farmerId: spec.farmer === 'other' ? ids.otherFarmer : ids.ownFarmer,
      campaignId: ids.campaign2019,
      receivedAt,
      bags: 10,
      grossKg: String(spec.netKg + 5),
      tareKg: '5',
      moisturePercent: spec.moisture ?? '11.5',
    },
  });
  expect(r.data?.recordLotIntake?.__typename, JSON.stringify(r)).toBe('RecordLotIntakePayload');
  const lotId: string = r.data.recordLotIntake.lot.id;
  if (spec.yieldPct) {
    const g = await s.gql(role, GRADE, {
      i: {
        idempotencyKey: newKey(),
        lotId,
        gradedAt: new Date(new Date(receivedAt).getTime() + 3_600_000).toISOString(),
        exportableYieldPercent: spec.yieldPct,
        category1Defects: 0,
        category2Defects: 5,
        organic: false,
      },
    });
    expect(g.data?.gradeLot?.lot?.status, JSON.stringify(g)).toBe('GRADED');
  }
  return lotId;
}

/** Hulling on 28 Dec, roasting on 30 Dec, packing on 3 Jan: each after what it takes was made. */
const common = (day: string, over: Record<string, unknown>) => ({
  idempotencyKey: newKey(),
  plantId: ids.plantLaMerced,
  startedAt: `${day}T13:00:00Z`,
  finishedAt: `${day}T17:00:00Z`,
  ...over,
});
const hulling = (over: Record<string, unknown> = {}) =>
  common('2019-12-28', {
    warehouseId: wh.VERDE,
    inputs: [],
    outputs: [{ grade: 'EXPORT', kg: '1' }],
    huskKg: '0',
    ...over,
  });
const roasting = (over: Record<string, unknown> = {}) =>
  common('2019-12-30', {
    warehouseId: wh.TOST,
    inputs: [],
    profile: 'Medium \u2013 Chanchamayo espresso',
    roastedKg: '1',
    ...over,
  });
const packing = (over: Record<string, unknown> = {}) =>
  common('2020-01-03', {
    warehouseId: wh.PT,
    inputs: [],
    outputs: [{ brand: 'Caf\u00e9 Pangoa', sku: 'PAN-250', unitSizeGrams: 250, units: 1 }],
    ...over,
  });

/** Sends a run mutation and returns its result (the union member). */
async function send(role: Role, document: string, input: Record<string, unknown>) {
  const r = await s.gql(role, document, { i: input });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return Object.values(r.data as Record<string, any>)[0];
}

/** Sends a run mutation that must succeed, and returns the run. */
async function record(role: Role, document: string, input: Record<string, unknown>) {
  const res = await send(role, document, input);
  expect(res.__typename, JSON.stringify(res)).toMatch(/Payload$/);
  return res.run;
}

const kgW = (grams: number, kg: string) => ({ grams, kg });

// ---------------------------------------------------------------- fixtures

/** A: CAC-PAN, 1000 kg at 80 %; B: CAC-SAT, 500 kg at 70 %. */
const mixedLots = once(async () => ({
  A: await newLot({ netKg: 1000, yieldPct: '80' }),
  B: await newLot({ netKg: 500, yieldPct: '70', farmer: 'other' }),
}));

/** 800 kg of A + 500 kg of B → 1000 kg export, 20 kg second, 10 kg pasilla, 220 kg husk. */
const mixedHulling = once(async () => {
  const { A, B } = await mixedLots();
  return record(
    'plant_staff',
    HULL,
    hulling({
      inputs: [
        { lotId: A, kg: '800' },
        { lotId: B, kg: '500' },
      ],
      outputs: [
        { grade: 'EXPORT', kg: '1000' },
        { grade: 'SECOND', kg: '20' },
        { grade: 'PASILLA', kg: '10' },
      ],
      huskKg: '220',
    }),
  );
});
const greenExport = async () => (await mixedHulling()).outputs[0].id as string;

/** 100 kg of the export green roasted to 85 kg (15 % loss). */
const firstRoast = once(async () =>
  record('plant_staff', ROAST, roasting({ inputs: [{ batchId: await greenExport(), kg: '100' }], roastedKg: '85' })),
);
const roasted = async () => (await firstRoast()).outputs[0].id as string;

/** 80 kg of that roast packed: 100 × 250 g and 50 × 1 kg. */
const firstPacking = once(async () =>
  record(
    'plant_staff',
    PACK,
    packing({
      inputs: [{ batchId: await roasted(), kg: '80' }],
      outputs: [
        { brand: 'Caf\u00e9 Pangoa', sku: 'PAN-250', unitSizeGrams: 250, units: 100 },
        { brand: 'Caf\u00e9 Pangoa', sku: 'PAN-1000', unitSizeGrams: 1000, units: 50 },
      ],
    }),
  ),
);

/** A batch of CAC-SAT coffee only: 400 kg of a CAC-SAT lot at 72 % → 280 kg export, 100 kg husk. */
const satipoOnly = once(async () => {
  const D = await newLot({ netKg: 400, yieldPct: '72', farmer: 'other' });
  return record(
    'plant_staff',
    HULL,
    hulling({ inputs: [{ lotId: D, kg: '400' }], outputs: [{ grade: 'EXPORT', kg: '280' }], huskKg: '100' }),
  );
});

// ---------------------------------------------------------------- happy paths

describe('recordHullingRun', () => {
  it('hulls two lots: weights, weighted yields, owners per lot by expected green, parchment left', async () => {
    const { A, B } = await mixedLots();
    const run = await mixedHulling();
    expect(run).toMatchObject({
      kind: 'HULLING',
      inputWeight: kgW(1_300_000, '1300'),
      outputWeight: kgW(1_030_000, '1030'),
      huskWeight: kgW(220_000, '220'),
      lossWeight: kgW(50_000, '50'),
      // (800 × 80 + 500 × 70) ÷ 1300 = 76.1538… ; 1000 ÷ 1300 = 76.923… ; 1030 ÷ 1300 = 79.2307…
      expectedExportYieldPercent: '76.15',
      actualExportYieldPercent: '76.92',
      totalBeanYieldPercent: '79.23',
      yieldTolerancePercent: '3',
      flagged: false,
      roastLossPercent: null,
      unitsPacked: null,
    });
    expect(run.code).toMatch(/^PLT-LM-H\d{5}$/);
    expect(run.finishedOn).toBe('2019-12-28');
    // Credits: 1 030 000 g by expected green 640 000 : 350 000 → A 665 858.58…, B 364 141.41… → A 665 859, B 364 141.
    // Then each output by the credit left, largest remainder: export A 646 465 / B 353 535,
    // second A 12 929 / B 7 071, pasilla A 6 465 / B 3 535.
    const owners = (a: number, b: number) => [
      { lot: { id: A }, cooperative: { code: 'CAC-PAN' }, weight: { grams: a } },
      { lot: { id: B }, cooperative: { code: 'CAC-SAT' }, weight: { grams: b } },
    ];
    expect(run.outputs).toEqual([
      {
        id: expect.any(String),
        form: 'GREEN',
        grade: 'EXPORT',
        sku: null,
        unitSizeGrams: null,
        units: null,
        unitsRemaining: null,
        quantity: kgW(1_000_000, '1000'),
        remaining: kgW(1_000_000, '1000'),
        owners: owners(646_465, 353_535),
      },
      {
        id: expect.any(String),
        form: 'GREEN',
        grade: 'SECOND',
        sku: null,
        unitSizeGrams: null,
        units: null,
        unitsRemaining: null,
        quantity: kgW(20_000, '20'),
        remaining: kgW(20_000, '20'),
        owners: owners(12_929, 7_071),
      },
      {
        id: expect.any(String),
        form: 'GREEN',
        grade: 'PASILLA',
        sku: null,
        unitSizeGrams: null,
        units: null,
        unitsRemaining: null,
        quantity: kgW(10_000, '10'),
        remaining: kgW(10_000, '10'),
        owners: owners(6_465, 3_535),
      },
    ]);
    for (const o of run.outputs) {
      expect(o.owners.reduce((a: number, w: any) => a + w.weight.grams, 0)).toBe(o.quantity.grams);
    }
    // Each lot's credit is the sum of its shares; the better-yielding lot gets more green per kg of parchment.
    const credit = (lot: string) =>
      run.outputs
        .flatMap((o: any) => o.owners)
        .filter((w: any) => w.lot.id === lot)
        .reduce((a: number, w: any) => a + w.weight.grams, 0);
    expect([credit(A), credit(B)]).toEqual([665_859, 364_141]);
    expect(credit(A) / 800_000).toBeGreaterThan(credit(B) / 500_000);
    const left = await Promise.all([A, B].map((id) => s.gql('admin', PARCHMENT, { id })));
    expect(left.map((r) => r.data.node.parchmentRemaining)).toEqual([kgW(200_000, '200'), kgW(0, '0')]);
  });

  it('flags a run off its expected yield by more than 3 points, not one exactly 3 points off', async () => {
    const C = await newLot({ netKg: 600, yieldPct: '75' });
    const off = await record(
      'plant_staff',
      HULL,
      hulling({
        inputs: [{ lotId: C, kg: '600' }],
        outputs: [
          { grade: 'EXPORT', kg: '400' },
          { grade: 'SECOND', kg: '50' },
        ],
        huskKg: '120',
      }),
    );
    expect(off).toMatchObject({
      inputWeight: kgW(600_000, '600'),
      outputWeight: kgW(450_000, '450'),
      huskWeight: kgW(120_000, '120'),
      lossWeight: kgW(30_000, '30'),
      expectedExportYieldPercent: '75.00',
      actualExportYieldPercent: '66.67',
      totalBeanYieldPercent: '75.00',
      flagged: true,
    });
    expect(off.outputs.map((o: any) => o.owners)).toEqual([
      [{ lot: { id: C }, cooperative: { code: 'CAC-PAN' }, weight: { grams: 400_000 } }],
      [{ lot: { id: C }, cooperative: { code: 'CAC-PAN' }, weight: { grams: 50_000 } }],
    ]);
    const E = await newLot({ netKg: 1000, yieldPct: '80' });
    // Finished at 22:30 in Lima on the 28th: the run counts on that local day.
    const edge = await record(
      'plant_staff',
      HULL,
      hulling({
        inputs: [{ lotId: E, kg: '1000' }],
        outputs: [{ grade: 'EXPORT', kg: '770' }],
        huskKg: '200',
        finishedAt: '2019-12-29T03:30:00Z',
      }),
    );
    expect(edge).toMatchObject({
      expectedExportYieldPercent: '80.00',
      actualExportYieldPercent: '77.00',
      flagged: false,
      lossWeight: kgW(30_000, '30'),
      finishedOn: '2019-12-28',
    });
  });

  it('rounds yields half-even to 2 decimals', async () => {
    const F = await newLot({ netKg: 100, yieldPct: '76.01' });
    const G = await newLot({ netKg: 100, yieldPct: '76' });
    // expected (76.01 + 76) ÷ 2 = 76.005 → 76.00; export 152.01 ÷ 200 = 76.005 → 76.00; all green 152.05 ÷ 200 = 76.025 → 76.02.
    const run = await record(
      'plant_staff',
      HULL,
      hulling({
        inputs: [
          { lotId: F, kg: '100' },
          { lotId: G, kg: '100' },
        ],
        outputs: [
          { grade: 'EXPORT', kg: '152.01' },
          { grade: 'SECOND', kg: '0.04' },
        ],
        huskKg: '40',
      }),
    );
    expect(run).toMatchObject({
      expectedExportYieldPercent: '76.00',
      actualExportYieldPercent: '76.00',
      totalBeanYieldPercent: '76.02',
      outputWeight: kgW(152_050, '152.05'),
      lossWeight: kgW(7_950, '7.95'),
      finishedOn: '2019-12-28',
    });
  });
});

describe('recordRoastingBatch and recordPackingRun', () => {
  it('roasts part of a green batch: roast loss, owners carried, green left', async () => {
    const { A, B } = await mixedLots();
    const run = await firstRoast();
    expect(run).toMatchObject({
      kind: 'ROASTING',
      roastProfile: 'Medium \u2013 Chanchamayo espresso',
      inputWeight: kgW(100_000, '100'),
      outputWeight: kgW(85_000, '85'),
      huskWeight: kgW(0, '0'),
      lossWeight: kgW(15_000, '15'),
      roastLossPercent: '15.00',
      flagged: false,
      expectedExportYieldPercent: null,
    });
    expect(run.code).toMatch(/^PLT-LM-R\d{5}$/);
    // Taken from the green by holdings 646 465 : 353 535 → A 64 646.5, B 35 353.5; the tie goes to the lower lot id (A).
    // Roasted 85 000 by 64 647 : 35 353 → A 54 949.95, B 30 050.05 → A 54 950, B 30 050.
    expect(run.outputs).toEqual([
      expect.objectContaining({
        form: 'ROASTED',
        grade: null,
        quantity: kgW(85_000, '85'),
        remaining: kgW(85_000, '85'),
        owners: [
          { lot: { id: A }, cooperative: { code: 'CAC-PAN' }, weight: { grams: 54_950 } },
          { lot: { id: B }, cooperative: { code: 'CAC-SAT' }, weight: { grams: 30_050 } },
        ],
      }),
    ]);
    const green = await s.gql('admin', BATCH, { id: await greenExport() });
    expect(green.data.node.remaining).toEqual(kgW(900_000, '900'));
  });

  it('flags a roast loss outside 11–20 %, not one at either bound', async () => {
    const green = await greenExport();
    const roast = (kgIn: string, out: string) =>
      record('plant_staff', ROAST, roasting({ inputs: [{ batchId: green, kg: kgIn }], roastedKg: out }));
    expect(await roast('50', '35')).toMatchObject({ roastLossPercent: '30.00', flagged: true });
    expect(await roast('20', '17.9')).toMatchObject({ roastLossPercent: '10.50', flagged: true });
    expect(await roast('20', '17.8')).toMatchObject({ roastLossPercent: '11.00', flagged: false });
    expect(await roast('20', '16')).toMatchObject({ roastLossPercent: '20.00', flagged: false });
  });

  it('packs roasted coffee into two SKUs; a pack traces back to its roast and green', async () => {
    const { A, B } = await mixedLots();
    const run = await firstPacking();
    expect(run).toMatchObject({
      kind: 'PACKING',
      unitsPacked: 150,
      inputWeight: kgW(80_000, '80'),
      outputWeight: kgW(75_000, '75'),
      lossWeight: kgW(5_000, '5'),
      roastLossPercent: null,
      flagged: false,
    });
    expect(run.code).toMatch(/^PLT-LM-P\d{5}$/);
    // Taken from the roast by 54 950 : 30 050 → A 51 718, B 28 282; credit 75 000 → A 48 486, B 26 514;
    // 25 000 g of 250 g packs → A 16 162, B 8 838; the kilo packs take the rest → A 32 324, B 17 676.
    const own = (a: number, b: number) => [
      { lot: { id: A }, cooperative: { code: 'CAC-PAN' }, weight: { grams: a } },
      { lot: { id: B }, cooperative: { code: 'CAC-SAT' }, weight: { grams: b } },
    ];
    expect(run.outputs).toEqual([
      {
        id: expect.any(String),
        form: 'PACKED',
        grade: null,
        sku: 'PAN-250',
        unitSizeGrams: 250,
        units: 100,
        unitsRemaining: 100,
        quantity: kgW(25_000, '25'),
        remaining: kgW(25_000, '25'),
        owners: own(16_162, 8_838),
      },
      {
        id: expect.any(String),
        form: 'PACKED',
        grade: null,
        sku: 'PAN-1000',
        unitSizeGrams: 1000,
        units: 50,
        unitsRemaining: 50,
        quantity: kgW(50_000, '50'),
        remaining: kgW(50_000, '50'),
        owners: own(32_324, 17_676),
      },
    ]);
    const roast = await s.gql('admin', BATCH, { id: await roasted() });
    expect(roast.data.node.remaining).toEqual(kgW(5_000, '5'));
    const pack = await s.gql('admin', BATCH, { id: run.outputs[1].id });
    expect(pack.data.node.upstream).toEqual([
      { id: await roasted(), form: 'ROASTED' },
      { id: await greenExport(), form: 'GREEN' },
    ]);
  });
});

// ---------------------------------------------------------------- idempotency

describe('idempotency', () => {
  async function retryAndConflict(document: string, input: Record<string, unknown>, changed: Record<string, unknown>) {
    const first = await send('plant_staff', document, input);
    expect(first.replayed).toBe(false);
    const before = snapshot();
    const retry = await send('plant_staff', document, input);
    expect(retry.replayed).toBe(true);
    expect(retry.run.id).toBe(first.run.id);
    expect(retry.run.outputs.map((o: any) => o.id)).toEqual(first.run.outputs.map((o: any) => o.id));
    expect(snapshot()).toEqual(before);
    const other = await send('plant_staff', document, { ...input, ...changed });
    expect(other).toMatchObject({ __typename: 'ConflictError', code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(snapshot()).toEqual(before);
    return first.run;
  }

  it('replays each run mutation for the same key and input, and refuses the key with other input', async () => {
    const I = await newLot({ netKg: 300, yieldPct: '78' });
    await retryAndConflict(
      HULL,
      hulling({
        inputs: [{ lotId: I, kg: '100' }],
        outputs: [
          { grade: 'EXPORT', kg: '78' },
          { grade: 'SECOND', kg: '2' },
        ],
        huskKg: '15',
      }),
      { inputs: [{ lotId: I, kg: '101' }] },
    );
    const lot = await s.gql('admin', PARCHMENT, { id: I });
    expect(lot.data.node.parchmentRemaining).toEqual(kgW(200_000, '200'));
    const roast = await retryAndConflict(
      ROAST,
      roasting({ inputs: [{ batchId: await greenExport(), kg: '10' }], roastedKg: '8.5' }),
      { roastedKg: '8.4' },
    );
    await retryAndConflict(
      PACK,
      packing({
        inputs: [{ batchId: roast.outputs[0].id, kg: '8' }],
        outputs: [{ brand: 'Caf\u00e9 Pangoa', sku: 'PAN-250', unitSizeGrams: 250, units: 30 }],
      }),
      { outputs: [{ brand: 'Caf\u00e9 Pangoa', sku: 'PAN-250', unitSizeGrams: 250, units: 31 }] },
    );
  });

  it('leaves the key of a refused request free, and refuses a key reused for another operation', async () => {
    const key = newKey();
    const green = await greenExport();
    const before = snapshot();
    const refused = await send(
      'plant_staff',
      ROAST,
      roasting({ idempotencyKey: key, inputs: [{ batchId: green, kg: '100000' }], roastedKg: '1' }),
    );
    expect(refused.issues).toEqual([{ path: lotLine(0, 'kg'), code: 'INSUFFICIENT_STOCK' }]);
    expect(snapshot()).toEqual(before);
    const ok = await send(
      'plant_staff',
      ROAST,
      roasting({ idempotencyKey: key, inputs: [{ batchId: green, kg: '1' }], roastedKg: '0.85' }),
    );
    expect(ok).toMatchObject({
      __typename: 'RecordRoastingBatchPayload',
      replayed: false,
      run: { inputWeight: kgW(1_000, '1') },
    });
    const after = snapshot();
    const pack = await send(
      'plant_staff',
      PACK,
      packing({ idempotencyKey: key, inputs: [{ batchId: ok.run.outputs[0].id, kg: '0.8' }] }),
    );
    expect(pack).toMatchObject({ __typename: 'ConflictError', code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(snapshot()).toEqual(after);
  });
});

// ---------------------------------------------------------------- typed errors

type Case = [
  name: string,
  role: Role,
  document: string,
  input: () => Promise<Record<string, unknown>>,
  path: string[],
  code: string,
];

const lotLine = (i: number, f: string) => ['input', 'inputs', String(i), f];

/** Lots for the refusals: received-only, rejected, at Satipo, received late. */
const errorLots = once(async () => ({
  ungraded: await newLot({ netKg: 100 }),
  rejected: await (async () => {
    const id = await newLot({ netKg: 100, yieldPct: '80', moisture: '14.2' });
    const r = await s.gql('plant_staff', REJECT, {
      i: { idempotencyKey: newKey(), lotId: id, reason: 'moisture 14.2% above the limit' },
    });
    expect(r.data.rejectLot.lot.status).toBe('REJECTED');
    return id;
  })(),
  satipo: await newLot({ netKg: 100, yieldPct: '80', farmer: 'other', atSatipo: true }),
  late: await newLot({ netKg: 100, yieldPct: '80', receivedAt: '2019-12-20T10:00:00-05:00' }),
}));

const hullA =
  (kg: string, over: Record<string, unknown> = {}) =>
  async () => {
    const { A } = await mixedLots();
    await mixedHulling();
    return hulling({ inputs: [{ lotId: A, kg }], outputs: [{ grade: 'EXPORT', kg: '1' }], huskKg: '0', ...over });
  };
const hullLot =
  (which: 'ungraded' | 'rejected' | 'satipo' | 'late', over: Record<string, unknown> = {}) =>
  async () =>
    hulling({
      inputs: [{ lotId: (await errorLots())[which], kg: '50' }],
      outputs: [{ grade: 'EXPORT', kg: '40' }],
      huskKg: '8',
      ...over,
    });
const roastFrom = (batch: () => Promise<string>, kg: string, roastedKg: string) => async () =>
  roasting({ inputs: [{ batchId: await batch(), kg }], roastedKg });
const packFrom = (batch: () => Promise<string>, kg: string, unitSizeGrams: number, units: number) => async () =>
  packing({
    inputs: [{ batchId: await batch(), kg }],
    outputs: [{ brand: 'Caf\u00e9 Pangoa', sku: 'PAN-X', unitSizeGrams, units }],
  });
const pasilla = async () => (await mixedHulling()).outputs[2].id as string;
const secondGrade = async () => (await mixedHulling()).outputs[1].id as string;
const roastedLeft5kg = async () => (await firstPacking(), roasted());

const cases: Case[] = [
  [
    'more parchment than the lot has left (200 kg)',
    'plant_staff',
    HULL,
    hullA('200.001'),
    lotLine(0, 'kg'),
    'INSUFFICIENT_STOCK',
  ],
  [
    'more green than the batch has left (10 kg)',
    'plant_staff',
    ROAST,
    roastFrom(pasilla, '10.001', '9'),
    lotLine(0, 'kg'),
    'INSUFFICIENT_STOCK',
  ],
  [
    'more roasted than the batch has left (5 kg)',
    'plant_staff',
    PACK,
    packFrom(roastedLeft5kg, '5.001', 250, 4),
    lotLine(0, 'kg'),
    'INSUFFICIENT_STOCK',
  ],
  ['a lot not graded yet', 'plant_staff', HULL, hullLot('ungraded'), lotLine(0, 'lotId'), 'LOT_NOT_GRADED'],
  ['a rejected lot', 'plant_staff', HULL, hullLot('rejected'), lotLine(0, 'lotId'), 'LOT_REJECTED'],
  ['a lot held at another site', 'admin', HULL, hullLot('satipo'), lotLine(0, 'lotId'), 'STOCK_AT_OTHER_PLANT'],
  [
    'green and husk above the parchment',
    'plant_staff',
    HULL,
    hullA('100', { outputs: [{ grade: 'EXPORT', kg: '80' }], huskKg: '20.001' }),
    ['input', 'outputs'],
    'OUTPUTS_EXCEED_INPUTS',
  ],
  [
    'roasted above the green',
    'plant_staff',
    ROAST,
    roastFrom(greenExport, '10', '10.001'),
    ['input', 'roastedKg'],
    'OUTPUTS_EXCEED_INPUTS',
  ],
  [
    'units above the roasted coffee',
    'plant_staff',
    PACK,
    packFrom(roastedLeft5kg, '1', 250, 5),
    ['input', 'outputs'],
    'OUTPUTS_EXCEED_INPUTS',
  ],
  [
    'roasting a roasted batch',
    'plant_staff',
    ROAST,
    roastFrom(roasted, '1', '0.9'),
    lotLine(0, 'batchId'),
    'WRONG_FORM',
  ],
  [
    'packing a green batch',
    'plant_staff',
    PACK,
    packFrom(secondGrade, '1', 250, 1),
    lotLine(0, 'batchId'),
    'WRONG_FORM',
  ],
  [
    'the same lot twice',
    'plant_staff',
    HULL,
    async () => {
      const { A } = await mixedLots();
      return hulling({
        inputs: [
          { lotId: A, kg: '1' },
          { lotId: A, kg: '1' },
        ],
        outputs: [{ grade: 'EXPORT', kg: '1' }],
      });
    },
    lotLine(1, 'lotId'),
    'DUPLICATE',
  ],
  [
    'a 300 g unit',
    'plant_staff',
    PACK,
    packFrom(roastedLeft5kg, '1', 300, 1),
    ['input', 'outputs', '0', 'unitSizeGrams'],
    'UNKNOWN_UNIT_SIZE',
  ],
  ['no input lots', 'plant_staff', HULL, async () => hulling({ inputs: [] }), ['input', 'inputs'], 'EMPTY'],
  ['no input batches', 'plant_staff', ROAST, async () => roasting({ inputs: [] }), ['input', 'inputs'], 'EMPTY'],
  ['0 kg taken', 'plant_staff', HULL, hullA('0'), lotLine(0, 'kg'), 'NOT_POSITIVE'],
  ['-1 kg taken', 'plant_staff', HULL, hullA('-1'), lotLine(0, 'kg'), 'NOT_POSITIVE'],
  [
    '0 units',
    'plant_staff',
    PACK,
    packFrom(roastedLeft5kg, '1', 250, 0),
    ['input', 'outputs', '0', 'units'],
    'NOT_POSITIVE',
  ],
  ['0 kg roasted', 'plant_staff', ROAST, roastFrom(greenExport, '1', '0'), ['input', 'roastedKg'], 'NOT_POSITIVE'],
  ['kg below the gram', 'plant_staff', HULL, hullA('1.2345'), lotLine(0, 'kg'), 'INVALID_WEIGHT'],
  [
    'husk below the gram',
    'plant_staff',
    HULL,
    hullA('10', { huskKg: '0.0001' }),
    ['input', 'huskKg'],
    'INVALID_WEIGHT',
  ],
  [
    'hulling at a collection centre',
    'admin',
    HULL,
    async () => ({ ...(await hullLot('satipo')()), plantId: ids.plantSatipo, warehouseId: wh.ACOPIO }),
    ['input', 'plantId'],
    'STEP_NOT_AT_PLANT',
  ],
  [
    'a warehouse of another site',
    'plant_staff',
    HULL,
    async () => ({ ...(await hullA('1')()), warehouseId: wh.ACOPIO }),
    ['input', 'warehouseId'],
    'NOT_AT_PLANT',
  ],
  [
    'a finish before the start',
    'plant_staff',
    HULL,
    hullA('1', { finishedAt: '2019-12-28T12:59:59Z' }),
    ['input', 'finishedAt'],
    'BEFORE_START',
  ],
  [
    'a finish in the future',
    'plant_staff',
    ROAST,
    async () => ({ ...(await roastFrom(greenExport, '1', '0.85')()), finishedAt: '2020-01-15T15:06:00Z' }),
    ['input', 'finishedAt'],
    'IN_FUTURE',
  ],
  [
    'a start before the lot was received',
    'plant_staff',
    HULL,
    hullLot('late', { startedAt: '2019-12-20T14:59:59Z', finishedAt: '2019-12-20T18:00:00Z' }),
    lotLine(0, 'lotId'),
    'BEFORE_RECEIPT',
  ],
  [
    'a malformed lot ID',
    'plant_staff',
    HULL,
    async () => hulling({ inputs: [{ lotId: 'not-an-id', kg: '1' }] }),
    lotLine(0, 'lotId'),
    'MALFORMED_ID',
  ],
  [
    'a farmer ID for a lot',
    'plant_staff',
    HULL,
    async () => hulling({ inputs: [{ lotId: ids.ownFarmer, kg: '1' }] }),
    lotLine(0, 'lotId'),
    'WRONG_ID_TYPE',
  ],
  [
    'a lot ID for a batch',
    'plant_staff',
    ROAST,
    async () => roasting({ inputs: [{ batchId: (await mixedLots()).A, kg: '1' }] }),
    lotLine(0, 'batchId'),
    'WRONG_ID_TYPE',
  ],
];

describe('typed refusals write nothing', () => {
  for (const [name, role, document, input, path, code] of cases) {
    it(`refuses ${name}: ${code} at ${path.join('.')}`, async () => {
      const i = await input();
      const before = snapshot();
      const res = await send(role, document, i);
      expect(res.__typename, JSON.stringify(res)).toBe('InvalidInputError');
      expect(res.issues).toContainEqual({ path, code });
      expect(snapshot()).toEqual(before);
    });
  }

  it('refuses a kg that is not a decimal ("abc") as BAD_USER_INPUT, writing nothing', async () => {
    const i = await hullA('abc')();
    const before = snapshot();
    const r = await s.gql('plant_staff', HULL, { i });
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(snapshot()).toEqual(before);
  });

  it('lists every problem of a run at once', async () => {
    const i = await hullA('0', { huskKg: '-1', finishedAt: '2019-12-28T12:00:00Z', outputs: [] })();
    const before = snapshot();
    const res = await send('plant_staff', HULL, i);
    expect(snapshot()).toEqual(before);
    expect(res.issues.map((x: any) => `${x.path.join('.')}:${x.code}`).sort()).toEqual([
      'input.finishedAt:BEFORE_START',
      'input.huskKg:NEGATIVE',
      'input.inputs.0.kg:NOT_POSITIVE',
      'input.outputs:EMPTY',
    ]);
  });

  // As hulling refuses a run that starts before its lot was received (BEFORE_RECEIPT), roasting and
  // packing refuse a run that starts before its input batch was produced (BEFORE_PRODUCED).
  const timeline = once(async () => {
    const lot = await newLot({ netKg: 100, yieldPct: '80' });
    const hulled = await record(
      'plant_staff',
      HULL,
      hulling({ inputs: [{ lotId: lot, kg: '100' }], outputs: [{ grade: 'EXPORT', kg: '80' }], huskKg: '18' }),
    );
    const roast = await record(
      'plant_staff',
      ROAST,
      roasting({ inputs: [{ batchId: hulled.outputs[0].id, kg: '20' }], roastedKg: '17' }),
    );
    return { green: hulled.outputs[0].id as string, roasted: roast.outputs[0].id as string };
  });
  const early = { startedAt: '2019-12-27T13:00:00Z', finishedAt: '2019-12-27T17:00:00Z' };

  it('refuses a roast that started before its green batch was produced (green made 28 Dec 17:00Z)', async () => {
    const { green } = await timeline();
    const before = snapshot();
    const res = await send(
      'plant_staff',
      ROAST,
      roasting({ inputs: [{ batchId: green, kg: '1' }], roastedKg: '0.85', ...early }),
    );
    expect(res.__typename).toBe('InvalidInputError');
    expect(res.issues).toContainEqual(
      expect.objectContaining({ path: lotLine(0, 'batchId'), code: 'BEFORE_PRODUCED' }),
    );
    expect(snapshot()).toEqual(before);
  });

  it('refuses a packing that started before its roast was produced (roast made 30 Dec 17:00Z)', async () => {
    const { roasted: roast } = await timeline();
    const before = snapshot();
    const res = await send('plant_staff', PACK, packing({ inputs: [{ batchId: roast, kg: '1' }], ...early }));
    expect(res.__typename).toBe('InvalidInputError');
    expect(res.issues).toContainEqual(
      expect.objectContaining({ path: lotLine(0, 'batchId'), code: 'BEFORE_PRODUCED' }),
    );
    expect(snapshot()).toEqual(before);
  });

  it('refuses to reject a lot already (partly) hulled: its coffee is in the batches', async () => {
    const { A } = await mixedLots();
    await mixedHulling();
    const before = { ...snapshot(), rejections: s.count('lot_rejections') };
    const r = await s.gql(
      'plant_staff',
      `mutation($i: RejectLotInput!) { rejectLot(input: $i) {
      __typename ... on ConflictError { code message } } }`,
      { i: { idempotencyKey: newKey(), lotId: A, reason: 'found mouldy afterwards' } },
    );
    expect(r.data.rejectLot.__typename).toBe('ConflictError');
    expect(r.data.rejectLot.code).toBe('LOT_ALREADY_PROCESSED');
    expect(r.data.rejectLot.message).toMatch(/has already been hulled \(\d+ g\)/);
    expect({ ...snapshot(), rejections: s.count('lot_rejections') }).toEqual(before);
  });

  it('answers NotFoundError for an unknown lot or batch, writing nothing', async () => {
    const before = snapshot();
    const lot = await send('plant_staff', HULL, hulling({ inputs: [{ lotId: 'TG90Ojk5OTk5OQ==', kg: '1' }] })); // Lot:999999
    expect(lot).toMatchObject({ __typename: 'NotFoundError', path: lotLine(0, 'lotId'), id: 'TG90Ojk5OTk5OQ==' });
    const unknownBatch = Buffer.from('StockBatch:999999').toString('base64');
    const batch = await send('plant_staff', ROAST, roasting({ inputs: [{ batchId: unknownBatch, kg: '1' }] }));
    expect(batch).toMatchObject({ __typename: 'NotFoundError', path: lotLine(0, 'batchId'), id: unknownBatch });
    expect(snapshot()).toEqual(before);
  });
});

// ---------------------------------------------------------------- access

describe('who may record runs', () => {
  const inputs = async () => ({
    [HULL]: await hullA('1')(),
    [ROAST]: await roastFrom(greenExport, '1', '0.85')(),
    [PACK]: await packFrom(roasted, '0.25', 250, 1)(),
  });

  for (const role of ['cooperative_manager', 'cooperative_manager_other', 'lender', 'auditor'] as const) {
    it(`refuses a ${role} on each run mutation, writing nothing`, async () => {
      const all = await inputs();
      const before = snapshot();
      for (const [document, input] of Object.entries(all)) {
        const res = await send(role, document, input);
        expect(res.__typename, document.slice(0, 40)).toBe('ForbiddenError');
      }
      expect(snapshot()).toEqual(before);
    });
  }

  it("refuses plant staff of a collection centre recording at the plant's lines", async () => {
    const all = await inputs();
    const before = snapshot();
    for (const [document, input] of Object.entries(all)) {
      expect((await send('plant_staff_satipo', document, input)).__typename).toBe('ForbiddenError');
    }
    expect(snapshot()).toEqual(before);
  });
});

describe('who may read runs and batches', () => {
  const forbiddenNode = async (role: Role, id: string) => {
    const r = await s.gql(role, 'query($id: ID!) { node(id: $id) { id } }', { id });
    expect(r.data.node).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND'); // an object the caller cannot reach answers as a missing ID does (no existence oracle, issue 14)
  };
  const COUNTS = `query($p: ID) { processingRuns(filter: { plantId: $p }) { totalCount } stockBatches(filter: { plantId: $p }) { totalCount } }`;

  it('shows a lender no runs and no batches', async () => {
    await firstPacking();
    const r = await s.gql('lender', COUNTS, {});
    expect(r.data).toEqual({ processingRuns: { totalCount: 0 }, stockBatches: { totalCount: 0 } });
    await forbiddenNode('lender', await greenExport());
    await forbiddenNode('lender', (await mixedHulling()).id);
  });

  it("shows collection-centre staff none of the plant's runs or batches", async () => {
    await firstPacking();
    const r = await s.gql('plant_staff_satipo', COUNTS, { p: ids.plantLaMerced });
    expect(r.data).toEqual({ processingRuns: { totalCount: 0 }, stockBatches: { totalCount: 0 } });
    await forbiddenNode('plant_staff_satipo', await greenExport());
    await forbiddenNode('plant_staff_satipo', (await mixedHulling()).id);
  });

  it("shows a manager a blended batch with only their cooperative's lines, and not a batch of another's coffee", async () => {
    const { A } = await mixedLots();
    const r = await s.gql('cooperative_manager', BATCH, { id: await greenExport() });
    expect(r.errors).toBeUndefined();
    expect(r.data.node.owners).toEqual([
      { lot: { id: A }, cooperative: { code: 'CAC-PAN' }, weight: { grams: 646_465 } },
    ]);
    expect(r.data.node.cooperativeShares).toEqual([{ cooperative: { code: 'CAC-PAN' }, weight: { grams: 646_465 } }]);
    const run = await s.gql(
      'cooperative_manager',
      'query($id: ID!) { node(id: $id) { ... on ProcessingRun { inputs { lot { id } weight { grams } } } } }',
      {
        id: (await mixedHulling()).id,
      },
    );
    expect(run.data.node.inputs).toEqual([{ lot: { id: A }, weight: { grams: 800_000 } }]);
    const sat = await satipoOnly();
    await forbiddenNode('cooperative_manager', sat.outputs[0].id);
    await forbiddenNode('cooperative_manager', sat.id);
    const theirs = await s.gql('cooperative_manager_other', BATCH, { id: sat.outputs[0].id });
    expect(theirs.data.node.cooperativeShares).toEqual([
      { cooperative: { code: 'CAC-SAT' }, weight: { grams: 280_000 } },
    ]);
  });

  it("lists to a manager exactly the runs and batches that took or hold their cooperative's coffee", async () => {
    await firstPacking();
    await satipoOnly();
    const n = (q: string) => (s.db.$client.prepare(q).get() as { n: number }).n;
    const pan = `(select id from cooperatives where code = 'CAC-PAN')`;
    const r = await s.gql('cooperative_manager', COUNTS, {});
    expect(r.data).toEqual({
      processingRuns: {
        totalCount: n(
          `select count(*) as n from processing_runs r where exists (select 1 from run_inputs i where i.run_id = r.id and i.cooperative_id = ${pan})`,
        ),
      },
      stockBatches: {
        totalCount: n(
          `select count(*) as n from stock_batches b where exists (select 1 from batch_shares x where x.batch_id = b.id and x.cooperative_id = ${pan})`,
        ),
      },
    });
    expect(r.data.stockBatches.totalCount).toBeLessThan(s.count('stock_batches'));
  });

  it('lets an auditor read every run and batch with all owners', async () => {
    const { A, B } = await mixedLots();
    await firstPacking();
    await satipoOnly();
    const [admin, auditor] = await Promise.all([s.gql('admin', COUNTS, {}), s.gql('auditor', COUNTS, {})]);
    expect(auditor.data).toEqual(admin.data);
    expect(auditor.data).toEqual({
      processingRuns: { totalCount: s.count('processing_runs') },
      stockBatches: { totalCount: s.count('stock_batches') },
    });
    const r = await s.gql('auditor', BATCH, { id: await greenExport() });
    expect(r.data.node.owners.map((o: any) => [o.lot.id, o.weight.grams])).toEqual([
      [A, 646_465],
      [B, 353_535],
    ]);
    expect(r.data.node.cooperativeShares).toEqual([
      { cooperative: { code: 'CAC-PAN' }, weight: { grams: 646_465 } },
      { cooperative: { code: 'CAC-SAT' }, weight: { grams: 353_535 } },
    ]);
  });
});
