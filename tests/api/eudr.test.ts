/**
 * The EU deforestation regulation over real GraphQL (docs/eudr.md): plot
 * geolocation and evidence, lots from plots, segregation through the plant,
 * the EU contract's check, the due-diligence file and its numbers. Every bad
 * input of issue 17 is refused with a typed error and writes nothing.
 *
 * The server's clock is 2026-12-01: assessments are made after the
 * 2020-12-31 cut-off, of plots whose 2019 coffee is still in the plant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, demoIds, startServer } from '../support/server.js';

const NOW = '2026-12-01T15:00:00.000Z';
let s: TestServer;
let ids: Awaited<ReturnType<typeof demoIds>>;
let verde: string;
let keySeq = 0;
const key = () => `eudr-test-${String(++keySeq).padStart(6, '0')}`;

/** Tables an EUDR write touches: a refusal must leave every count as it was. */
const TABLES = [
  'plots',
  'plot_geolocations',
  'plot_deforestation_assessments',
  'plot_tenure_documents',
  'lots',
  'lot_plots',
  'processing_runs',
  'stock_batches',
  'sale_deliveries',
  'sale_takes',
  'sales_contracts',
  'delivery_due_diligence',
  'journal_entries',
  'idempotency_keys',
  'audit_log',
];
const snapshot = () => ({
  counts: Object.fromEntries(TABLES.map((t) => [t, s.count(t)])),
  geometries: s.db.$client.prepare("select group_concat(coalesce(geometry, '-'), '|') as g from plots").get(),
});

async function mutate(
  role: 'admin' | 'cooperative_manager' | 'plant_staff' | 'cooperative_manager_other',
  name: string,
  input: object,
  sel = '',
) {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const r = await s.gql(
    role,
    `mutation($i: ${inputType}!) { ${name}(input: $i) { __typename
      ... on InvalidInputError { issues { path code message } } ... on ConflictError { code } ... on Error { message } ${sel} } }`,
    { i: { idempotencyKey: key(), ...input } },
  );
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data[name];
}

const codes = (r: any) => (r.issues ?? []).map((i: any) => i.code);

/** Farmers of a cooperative with their plots. */
async function farmersOf(coopId: string) {
  const r = await s.gql(
    'admin',
    `query($c: ID!) { node(id: $c) { ... on Cooperative { farmers(first: 100) { nodes { id fullName plots { id areaHectares } } } } } }`,
    { c: coopId },
  );
  return r.data.node.farmers.nodes as { id: string; fullName: string; plots: { id: string; areaHectares: string }[] }[];
}

let pointSeq = 0;
/** A distinct point near Pangoa, Junín, with 6 decimals. */
function pangoaPoint() {
  pointSeq++;
  return { latitude: (-11.43 - pointSeq * 0.0013).toFixed(6), longitude: (-74.49 + pointSeq * 0.0011).toFixed(6) };
}

async function makeCompliant(plotId: string) {
  expect((await mutate('cooperative_manager', 'setPlotGeolocation', { plotId, ...pangoaPoint() })).__typename).toBe(
    'SetPlotGeolocationPayload',
  );
  expect(
    (
      await mutate('cooperative_manager', 'recordDeforestationAssessment', {
        plotId,
        source: 'MINAM Geobosques forest loss 2021-2025',
        assessedOn: '2026-10-01',
        result: 'NO_DEFORESTATION',
        evidenceReference: 'GEOBOSQUES-2026-PAN-0001',
      })
    ).__typename,
  ).toBe('RecordDeforestationAssessmentPayload');
  expect(
    (
      await mutate('cooperative_manager', 'recordLandTenure', {
        plotId,
        kind: 'POSSESSION_CERTIFICATE',
        reference: 'CP-2017-0042',
      })
    ).__typename,
  ).toBe('RecordLandTenurePayload');
}

async function intake(farmerId: string, kg: string, plotIds?: string[]) {
  const r = await mutate(
    'plant_staff',
    'recordLotIntake',
    {
      plantId: ids.plantLaMerced,
      farmerId,
      campaignId: ids.campaign2019,
      receivedAt: '2019-12-19T14:00:00Z',
      bags: 10,
      grossKg: kg,
      tareKg: '0',
      moisturePercent: '11.5',
      ...(plotIds ? { plotIds } : {}),
    },
    '... on RecordLotIntakePayload { lot { id code eudr { status reasons { code message } } plots { id } } }',
  );
  return r;
}

async function gradedLot(farmerId: string, kg: string, plotIds?: string[]) {
  const r = await intake(farmerId, kg, plotIds);
  expect(r.__typename).toBe('RecordLotIntakePayload');
  const g = await mutate('plant_staff', 'gradeLot', {
    lotId: r.lot.id,
    gradedAt: '2019-12-19T16:00:00Z',
    exportableYieldPercent: '80',
    category1Defects: 0,
    category2Defects: 3,
    organic: false,
  });
  expect(g.__typename).toBe('GradeLotPayload');
  return r.lot as { id: string; code: string };
}

async function hull(lots: { id: string; kg: string }[], eudrIntended: boolean) {
  const total = lots.reduce((a, l) => a + Number(l.kg), 0);
  return mutate(
    'plant_staff',
    'recordHullingRun',
    {
      plantId: ids.plantLaMerced,
      warehouseId: verde,
      startedAt: '2019-12-19T17:00:00Z',
      finishedAt: '2019-12-19T20:00:00Z',
      inputs: lots.map((l) => ({ lotId: l.id, kg: l.kg })),
      outputs: [{ grade: 'EXPORT', kg: String(total * 0.78) }],
      huskKg: String(total * 0.18),
      eudrIntended,
    },
    '... on RecordHullingRunPayload { run { code eudrIntended eudrFlagged outputs { id code eudr quantity { grams } } } }',
  );
}

let compliantFarmers: { id: string; plots: { id: string }[] }[];
let otherCoopPlot: string;

beforeAll(async () => {
  s = await startServer({ now: NOW, farmers: 200 });
  ids = await demoIds(s);
  const r = await s.gql('admin', `query($p: ID!) { node(id: $p) { ... on Plant { warehouses { id code } } } }`, {
    p: ids.plantLaMerced,
  });
  verde = r.data.node.warehouses.find((w: any) => w.code === 'VERDE').id;
  const pan = await farmersOf(ids.ownCoop);
  compliantFarmers = pan.filter((f) => f.plots.length === 1).slice(0, 3);
  for (const f of compliantFarmers) await makeCompliant(f.plots[0]!.id);
  otherCoopPlot = (await farmersOf(ids.otherCoop))[0]!.plots[0]!.id;
}, 120_000);
afterAll(() => s?.close());

describe('setPlotGeolocation', () => {
  it('records a point from latitude and longitude, keeps the 6 decimals, and the plot shows it', async () => {
    const plot = (await farmersOf(ids.ownCoop)).find(
      (f) => f.plots.length === 1 && !compliantFarmers.some((c) => c.id === f.id),
    )!.plots[0]!;
    const r = await mutate(
      'cooperative_manager',
      'setPlotGeolocation',
      { plotId: plot.id, latitude: '-11.400000', longitude: '-74.500000', source: 'GPS, technician visit' },
      '... on SetPlotGeolocationPayload { replayed plot { id geometry geometryKind eudr { status reasons { code } } } }',
    );
    expect(r.plot).toMatchObject({
      id: plot.id,
      geometry: '{"type":"Point","coordinates":[-74.500000,-11.400000]}',
      geometryKind: 'POINT',
      eudr: { status: 'NON_COMPLIANT', reasons: [{ code: 'NO_ASSESSMENT' }, { code: 'NO_LAND_TENURE' }] },
    });
  });

  it('records a polygon whose geodesic area matches the declared area, and measures it', async () => {
    const plot = compliantFarmers[0]!.plots[0]!;
    const ha = Number(
      (
        await s.gql('admin', `query($f: ID!) { node(id: $f) { ... on Farmer { plots { areaHectares } } } }`, {
          f: compliantFarmers[0]!.id,
        })
      ).data.node.plots[0].areaHectares,
    );
    const side = Math.sqrt(ha * 10_000);
    const lat = -11.45;
    const lon = -74.52;
    const dLat = side / 111_320;
    const dLon = side / (111_320 * Math.cos((lat * Math.PI) / 180));
    const ring = [
      [lon, lat],
      [lon + dLon, lat],
      [lon + dLon, lat + dLat],
      [lon, lat + dLat],
      [lon, lat],
    ];
    const geojson = `{"type":"Polygon","coordinates":[[${ring.map(([a, b]) => `[${a!.toFixed(7)},${b!.toFixed(7)}]`).join(',')}]]}`;
    const r = await mutate(
      'cooperative_manager',
      'setPlotGeolocation',
      { plotId: plot.id, geojson },
      '... on SetPlotGeolocationPayload { plot { geometryKind geodesicAreaHectares eudr { status } } }',
    );
    expect(r.plot.geometryKind).toBe('POLYGON');
    expect(Math.abs(Number(r.plot.geodesicAreaHectares) - ha)).toBeLessThan(ha * 0.02);
    expect(r.plot.eudr.status).toBe('COMPLIANT');
  });

  const bowTie =
    '{"type":"Polygon","coordinates":[[[-74.500000,-11.400000],[-74.490000,-11.390000],[-74.490000,-11.400000],[-74.500000,-11.390000],[-74.500000,-11.400000]]]}';
  const BAD: [string, object, string][] = [
    [
      'latitude and longitude swapped (a point outside Peru)',
      { latitude: '-74.500000', longitude: '-11.400000' },
      'OUTSIDE_COUNTRY',
    ],
    [
      'a LineString',
      { geojson: '{"type":"LineString","coordinates":[[-74.500000,-11.400000],[-74.490000,-11.390000]]}' },
      'LINESTRING_NOT_ACCEPTED',
    ],
    [
      'an open ring',
      {
        geojson:
          '{"type":"Polygon","coordinates":[[[-74.500000,-11.400000],[-74.499000,-11.400000],[-74.499000,-11.399000],[-74.500000,-11.399000]]]}',
      },
      'RING_NOT_CLOSED',
    ],
    [
      'a hole',
      {
        geojson:
          '{"type":"Polygon","coordinates":[[[-74.500000,-11.400000],[-74.499000,-11.400000],[-74.499000,-11.399000],[-74.500000,-11.399000],[-74.500000,-11.400000]],[[-74.499800,-11.399800],[-74.499800,-11.399200],[-74.499200,-11.399200],[-74.499200,-11.399800],[-74.499800,-11.399800]]]}',
      },
      'HOLE_NOT_ALLOWED',
    ],
    ['a bow-tie polygon', { geojson: bowTie }, 'SELF_INTERSECTION'],
    ['5 decimals', { latitude: '-11.40000', longitude: '-74.500000' }, 'TOO_FEW_DECIMALS'],
    [
      'an area off from the geometry\u2019s (a 1 ha square for a plot of another size)',
      {
        geojson:
          '{"type":"Polygon","coordinates":[[[-74.500000,-11.400000],[-74.499083,-11.400000],[-74.499083,-11.399102],[-74.500000,-11.399102],[-74.500000,-11.400000]]]}',
      },
      'AREA_MISMATCH',
    ],
  ];
  for (const [what, input, code] of BAD) {
    it(`refuses ${what} with ${code}, writing nothing`, async () => {
      const plot = compliantFarmers[1]!.plots[0]!;
      const ha = Number(
        (
          await s.gql('admin', `query($f: ID!) { node(id: $f) { ... on Farmer { plots { areaHectares } } } }`, {
            f: compliantFarmers[1]!.id,
          })
        ).data.node.plots[0].areaHectares,
      );
      // The 1 ha square is within tolerance only of a 0.9–1.1 ha plot; the demo's plots are 0.3–4 ha.
      if (code === 'AREA_MISMATCH') expect(Math.abs(ha - 1)).toBeGreaterThan(0.12);
      const before = snapshot();
      const r = await mutate('cooperative_manager', 'setPlotGeolocation', { plotId: plot.id, ...input });
      expect(r.__typename).toBe('InvalidInputError');
      expect(codes(r)).toContain(code);
      expect(snapshot()).toEqual(before);
    });
  }

  it('refuses a point for a plot declared at 6 ha (POLYGON_REQUIRED), writing nothing', async () => {
    // A 6 ha plot: the demo's are at most 4 ha, so one is added as the register would (issue 12 adds createPlot).
    const farmer = compliantFarmers[2]!;
    const farmerId = Number(Buffer.from(farmer.id, 'base64').toString().split(':')[1]);
    const row = s.db.$client
      .prepare(
        "insert into plots (farmer_id, name, area_m2, altitude_m) values (?, 'Parcela grande', 60000, 1400) returning id",
      )
      .get(farmerId) as { id: number };
    const before = snapshot();
    const r = await mutate('cooperative_manager', 'setPlotGeolocation', {
      plotId: Buffer.from(`Plot:${row.id}`).toString('base64'),
      latitude: '-11.410000',
      longitude: '-74.480000',
    });
    expect(r.__typename).toBe('InvalidInputError');
    expect(codes(r)).toEqual(['POLYGON_REQUIRED']);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a GeoJSON of 30 MB at the door (the request body limit), writing nothing', async () => {
    const before = snapshot();
    const big = `{"type":"Point","coordinates":[-74.500000,-11.400000],"pad":"${'x'.repeat(30 * 1024 * 1024)}"}`;
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.tokens.cooperative_manager}` },
      body: JSON.stringify({
        query: 'mutation($i: SetPlotGeolocationInput!) { setPlotGeolocation(input: $i) { __typename } }',
        variables: { i: { idempotencyKey: key(), plotId: compliantFarmers[1]!.plots[0]!.id, geojson: big } },
      }),
    });
    expect(res.status).toBe(413);
    expect(snapshot()).toEqual(before);
  });

  it('answers a plot of another cooperative as not found, and refuses plant staff', async () => {
    const before = snapshot();
    const r = await mutate('cooperative_manager', 'setPlotGeolocation', {
      plotId: otherCoopPlot,
      latitude: '-11.250000',
      longitude: '-74.630000',
    });
    expect(r.__typename).toBe('NotFoundError');
    const p = await mutate('plant_staff', 'setPlotGeolocation', {
      plotId: otherCoopPlot,
      latitude: '-11.250000',
      longitude: '-74.630000',
    });
    expect(p.__typename).toBe('ForbiddenError');
    expect(snapshot()).toEqual(before);
  });

  it('refuses an assessment before the cut-off or in the future, and empty evidence', async () => {
    const before = snapshot();
    const plotId = compliantFarmers[1]!.plots[0]!.id;
    const base = { plotId, source: 'GFW', result: 'NO_DEFORESTATION', evidenceReference: 'GFW-1' };
    expect(
      codes(await mutate('admin', 'recordDeforestationAssessment', { ...base, assessedOn: '2020-06-01' })),
    ).toEqual(['BEFORE_CUTOFF']);
    expect(
      codes(await mutate('admin', 'recordDeforestationAssessment', { ...base, assessedOn: '2027-06-01' })),
    ).toEqual(['IN_FUTURE']);
    expect(
      codes(
        await mutate('admin', 'recordDeforestationAssessment', {
          ...base,
          assessedOn: '2026-06-01',
          evidenceReference: ' ',
        }),
      ),
    ).toEqual(['INVALID_TEXT']);
    expect(snapshot()).toEqual(before);
  });
});

describe('lots from plots, and their EUDR standing', () => {
  it('defaults to the farmer\u2019s only plot; the lot is compliant when its plot is', async () => {
    const r = await intake(compliantFarmers[0]!.id, '100');
    expect(r.lot.plots).toEqual([{ id: compliantFarmers[0]!.plots[0]!.id }]);
    expect(r.lot.eudr).toEqual({ status: 'COMPLIANT', reasons: [] });
  });

  it('a farmer with several plots and none named: the lot is recorded without a plot and says why', async () => {
    const several = (await farmersOf(ids.ownCoop)).find((f) => f.plots.length > 1)!;
    const r = await intake(several.id, '100');
    expect(r.lot.plots).toEqual([]);
    expect(r.lot.eudr.status).toBe('NON_COMPLIANT');
    expect(r.lot.eudr.reasons.map((x: any) => x.code)).toEqual(['NO_PLOT']);
    const chosen = await intake(several.id, '100', [several.plots[1]!.id]);
    expect(chosen.lot.plots).toEqual([{ id: several.plots[1]!.id }]);
    expect(chosen.lot.eudr.reasons.map((x: any) => x.code)).toEqual([
      'NO_GEOLOCATION',
      'NO_ASSESSMENT',
      'NO_LAND_TENURE',
    ]);
  });

  it('refuses a plot that is not the farmer\u2019s, or the same plot twice, writing nothing', async () => {
    const before = snapshot();
    const r = await intake(compliantFarmers[0]!.id, '100', [otherCoopPlot]);
    expect(codes(r)).toEqual(['NOT_FARMERS_PLOT']);
    const p = compliantFarmers[0]!.plots[0]!.id;
    expect(codes(await intake(compliantFarmers[0]!.id, '100', [p, p]))).toEqual(['DUPLICATE']);
    expect(snapshot()).toEqual(before);
  });
});

describe('segregation through the plant, and the EU contract', () => {
  let compliantBatch: { id: string; code: string; quantity: { grams: number } };
  let mixedBatch: { id: string; code: string };
  let mixedLotCode: string;

  it('a run of compliant lots only makes compliant green; a run mixing in one other lot is flagged and is not', async () => {
    const a = await gradedLot(compliantFarmers[0]!.id, '600');
    const b = await gradedLot(compliantFarmers[2]!.id, '400', [compliantFarmers[2]!.plots[0]!.id]);
    const ok = await hull(
      [
        { id: a.id, kg: '600' },
        { id: b.id, kg: '400' },
      ],
      true,
    );
    expect(ok.run).toMatchObject({ eudrIntended: true, eudrFlagged: false, outputs: [{ eudr: 'COMPLIANT' }] });
    compliantBatch = ok.run.outputs[0];

    const c = await gradedLot(compliantFarmers[0]!.id, '300');
    const several = (await farmersOf(ids.ownCoop)).find((f) => f.plots.length > 1)!;
    const d = await gradedLot(several.id, '200');
    mixedLotCode = d.code;
    const mixed = await hull(
      [
        { id: c.id, kg: '300' },
        { id: d.id, kg: '200' },
      ],
      true,
    );
    expect(mixed.run).toMatchObject({ eudrIntended: true, eudrFlagged: true, outputs: [{ eudr: 'NON_COMPLIANT' }] });
    mixedBatch = mixed.run.outputs[0];
  });

  it('stock shows compliant coffee apart: stock(filter: {eudr: COMPLIANT})', async () => {
    const r = await s.gql(
      'admin',
      `{ stock(filter: {eudr: COMPLIANT, form: GREEN}) { form grade eudr cooperative { code } weight { grams } } }`,
    );
    expect(r.data.stock).toEqual([
      {
        form: 'GREEN',
        grade: 'EXPORT',
        eudr: 'COMPLIANT',
        cooperative: { code: 'CAC-PAN' },
        weight: { grams: 780_000 },
      },
    ]);
    const all = await s.gql('admin', `{ stock(filter: {form: GREEN}) { eudr weight { grams } } }`);
    expect(all.data.stock.some((p: any) => p.eudr === 'NON_COMPLIANT')).toBe(true);
  });

  let euContract: string;
  let usContract: string;
  it('marks a contract for the EU only with an EU destination', async () => {
    const buyers = (await s.gql('admin', '{ buyers { id code country } }')).data.buyers;
    const hgt = buyers.find((b: any) => b.code === 'HGT').id;
    const nrc = buyers.find((b: any) => b.code === 'NRC').id;
    const contract = (code: string, buyerId: string, extra: object) =>
      mutate(
        'admin',
        'createSalesContract',
        {
          code,
          buyerId,
          campaignId: ids.campaign2019,
          currency: 'USD',
          grade: 'EXPORT',
          quantityKg: '5000',
          pricePerLb: '1.60',
          fairtrade: false,
          organic: false,
          signedOn: '2019-12-10',
          ...extra,
        },
        '... on CreateSalesContractPayload { contract { id eudr destinationCountry } }',
      );
    const before = snapshot();
    expect(codes(await contract('HGT-EUDR-X', nrc, { eudr: true }))).toEqual(['NOT_EU_DESTINATION']);
    expect(snapshot()).toEqual(before);
    const eu = await contract('HGT-EUDR-T', hgt, { eudr: true });
    expect(eu.contract).toMatchObject({ eudr: true, destinationCountry: 'DE' });
    euContract = eu.contract.id;
    usContract = (await contract('NRC-PLAIN-T', nrc, {})).contract.id;
  });

  const deliver = (contractId: string, batchId: string, kg: string) =>
    mutate(
      'plant_staff',
      'recordSaleDelivery',
      { contractId, plantId: ids.plantLaMerced, deliveredAt: '2019-12-22T14:00:00Z', inputs: [{ batchId, kg }] },
      '... on RecordSaleDeliveryPayload { delivery { id code } }',
    );

  it('refuses a delivery to the EU contract holding a non-compliant lot, listing the lot and why, writing nothing', async () => {
    const before = snapshot();
    const r = await deliver(euContract, mixedBatch.id, '100');
    expect(r.__typename).toBe('InvalidInputError');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ path: ['input', 'inputs', '0', 'batchId'], code: 'NOT_EUDR_COMPLIANT' });
    expect(r.issues[0].message).toContain(mixedLotCode);
    expect(r.issues[0].message).toContain('did not say which');
    expect(snapshot()).toEqual(before);
  });

  let euDelivery: string;
  let usDelivery: string;
  it('delivers compliant coffee to the EU contract, with its due-diligence file', async () => {
    const r = await deliver(euContract, compliantBatch.id, '700');
    expect(r.__typename).toBe('RecordSaleDeliveryPayload');
    euDelivery = r.delivery.id;
    const f = await s.gql(
      'admin',
      `query($d: ID!) { node(id: $d) { ... on SaleDelivery { dueDiligence { hsCode netMass { kg } producerCount plotCount nonCompliantLotCount
        statements { number bytes sha256 producerCount netMass { kg } geojson filed { referenceNumber } } } } } }`,
      { d: euDelivery },
    );
    const file = f.data.node.dueDiligence;
    expect(file).toMatchObject({
      hsCode: '0901',
      netMass: { kg: '700' },
      producerCount: 2,
      plotCount: 2,
      nonCompliantLotCount: 0,
    });
    expect(file.statements).toHaveLength(1);
    const fc = JSON.parse(file.statements[0].geojson);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(2);
    for (const feat of fc.features) {
      expect(Object.keys(feat.properties).sort()).toEqual([
        'Area',
        'ProducerCountry',
        'ProducerName',
        'ProductionPlace',
      ]);
      expect(feat.properties.ProducerCountry).toBe('PE');
    }
    expect(file.statements[0].filed).toBeNull();
    usDelivery = (await deliver(usContract, mixedBatch.id, '50')).delivery.id;
    const us = await s.gql(
      'admin',
      `query($d: ID!) { node(id: $d) { ... on SaleDelivery { dueDiligence { hsCode } } } }`,
      {
        d: usDelivery,
      },
    );
    expect(us.data.node.dueDiligence).toBeNull();
  });

  it('records the DDS numbers on the EU delivery; they show on the delivery and its invoice', async () => {
    const r = await mutate(
      'admin',
      'recordDueDiligenceStatement',
      {
        deliveryId: euDelivery,
        referenceNumber: '26DEX7QK4PLM21',
        verificationNumber: 'KRPQDRFS',
        filedAt: '2026-11-30T10:00:00Z',
      },
      '... on RecordDueDiligenceStatementPayload { delivery { dueDiligenceReferences { referenceNumber verificationNumber statementNumber } invoice { number dueDiligenceReferences { referenceNumber verificationNumber } } } }',
    );
    expect(r.delivery.dueDiligenceReferences).toEqual([
      { referenceNumber: '26DEX7QK4PLM21', verificationNumber: 'KRPQDRFS', statementNumber: 1 },
    ]);
    expect(r.delivery.invoice.dueDiligenceReferences).toEqual([
      { referenceNumber: '26DEX7QK4PLM21', verificationNumber: 'KRPQDRFS' },
    ]);
  });

  it('refuses a DDS number on a delivery that is not for the EU, a second one, and a malformed one, writing nothing', async () => {
    const before = snapshot();
    const base = { referenceNumber: '26DEX7QK4PLM99', verificationNumber: 'KRPQDRFT', filedAt: '2026-11-30T10:00:00Z' };
    expect(codes(await mutate('admin', 'recordDueDiligenceStatement', { deliveryId: usDelivery, ...base }))).toEqual([
      'NOT_EU_DELIVERY',
    ]);
    expect((await mutate('admin', 'recordDueDiligenceStatement', { deliveryId: euDelivery, ...base })).code).toBe(
      'DDS_ALREADY_RECORDED',
    );
    expect(
      codes(
        await mutate('admin', 'recordDueDiligenceStatement', {
          deliveryId: euDelivery,
          ...base,
          referenceNumber: '26DE\u200bX7QK',
        }),
      ),
    ).toEqual(['INVALID_DDS_NUMBER']);
    expect(
      (await mutate('plant_staff', 'recordDueDiligenceStatement', { deliveryId: euDelivery, ...base })).__typename,
    ).toBe('ForbiddenError');
    expect(snapshot()).toEqual(before);
  });

  it('a later deforestation finding on a plot turns its batch non-compliant, and the EU contract refuses it', async () => {
    const plotId = compliantFarmers[2]!.plots[0]!.id;
    await mutate('admin', 'recordDeforestationAssessment', {
      plotId,
      source: 'GFW integrated alerts',
      assessedOn: '2026-11-20',
      result: 'DEFORESTATION',
      evidenceReference: 'GFW-ALERT-2026-11-771',
    });
    const b = await s.gql('admin', `query($b: ID!) { node(id: $b) { ... on StockBatch { eudr } } }`, {
      b: compliantBatch.id,
    });
    expect(b.data.node.eudr).toBe('NON_COMPLIANT');
    const before = snapshot();
    const r = await deliver(euContract, compliantBatch.id, '10');
    expect(codes(r)).toEqual(['NOT_EUDR_COMPLIANT']);
    expect(r.issues[0].message).toContain('deforestation after 2020-12-31');
    expect(snapshot()).toEqual(before);
  });
});
