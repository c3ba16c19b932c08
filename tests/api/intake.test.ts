/**
 * Lot intake, grading and rejection through real GraphQL: what plant staff
 * send from the tablet, including retries and every kind of bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, demoIds, startServer } from '../support/server.js';

let s: TestServer;
let ids: Awaited<ReturnType<typeof demoIds>>;

beforeAll(async () => {
  s = await startServer();
  ids = await demoIds(s);
});
afterAll(() => s.close());

const RECORD = `mutation($i: RecordLotIntakeInput!) {
  recordLotIntake(input: $i) {
    __typename
    ... on RecordLotIntakePayload { replayed lot { id code status bags netWeight { grams kg quintals } grossWeight { kg } tareWeight { kg }
      moisturePercent aboveMoistureLimit receivedOn productForm farmer { id } cooperative { code } plant { code } grading { cupScore } } }
    ... on Error { message }
    ... on InvalidInputError { issues { path code message } }
    ... on NotFoundError { path id }
    ... on ConflictError { code }
  }
}`;

const GRADE = `mutation($i: GradeLotInput!) {
  gradeLot(input: $i) {
    __typename
    ... on GradeLotPayload { replayed lot { id status grading { exportableYieldPercent cupScore cupProtocol specialty organic grade category1Defects } gradings { cupScore } } }
    ... on Error { message }
    ... on InvalidInputError { issues { path code } }
    ... on ConflictError { code }
  }
}`;

const REJECT = `mutation($i: RejectLotInput!) {
  rejectLot(input: $i) {
    __typename
    ... on RejectLotPayload { replayed lot { status rejection { reason rejectedAt } } }
    ... on Error { message }
    ... on InvalidInputError { issues { path code } }
    ... on ConflictError { code }
  }
}`;

let keySeq = 0;
const newKey = () => `test-key-${String(++keySeq).padStart(6, '0')}`;

function intake(overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: newKey(),
    plantId: ids.plantLaMerced,
    farmerId: ids.ownFarmer,
    campaignId: ids.campaign2019,
    receivedAt: '2019-09-10T09:30:00-05:00',
    bags: 12,
    grossKg: '555.5',
    tareKg: '3',
    moisturePercent: '11.8',
    ...overrides,
  };
}

/** Tables a lot mutation may write: none of them may change on a refusal. */
const WRITTEN = ['lots', 'lot_gradings', 'lot_rejections', 'idempotency_keys'];
const snapshot = () => WRITTEN.map((t) => s.count(t));

describe('recordLotIntake', () => {
  it('records a lot: grams, quintals, the cooperative from the farmer, the local day', async () => {
    const before = s.count('lots');
    const r = await s.gql('plant_staff', RECORD, { i: intake() });
    expect(r.errors).toBeUndefined();
    const p = r.data.recordLotIntake;
    expect(p.__typename).toBe('RecordLotIntakePayload');
    expect(p.replayed).toBe(false);
    expect(p.lot).toMatchObject({
      status: 'RECEIVED',
      bags: 12,
      netWeight: { grams: 552_500, kg: '552.5', quintals: '12.01' },
      grossWeight: { kg: '555.5' },
      tareWeight: { kg: '3' },
      moisturePercent: '11.8',
      aboveMoistureLimit: false,
      receivedOn: '2019-09-10',
      productForm: 'DRIED_PARCHMENT',
      farmer: { id: ids.ownFarmer },
      cooperative: { code: 'CAC-PAN' },
      plant: { code: 'PLT-LM' },
      grading: null,
    });
    expect(p.lot.code).toMatch(/^C2019-\d{5}$/);
    expect(s.count('lots')).toBe(before + 1);
  });

  it('reads the delivery day in Lima: 23:30 local is still that day', async () => {
    const r = await s.gql('plant_staff', RECORD, { i: intake({ receivedAt: '2019-09-10T23:30:00-05:00' }) });
    expect(r.data.recordLotIntake.lot.receivedOn).toBe('2019-09-10');
  });

  it('flags a lot above the moisture limit (12.5%) as rejectable', async () => {
    const r = await s.gql('plant_staff', RECORD, { i: intake({ moisturePercent: '12.51' }) });
    expect(r.data.recordLotIntake.lot.aboveMoistureLimit).toBe(true);
    const atLimit = await s.gql('plant_staff', RECORD, { i: intake({ moisturePercent: '12.5' }) });
    expect(atLimit.data.recordLotIntake.lot.aboveMoistureLimit).toBe(false);
  });

  it('answers a retry with the first lot and writes nothing', async () => {
    const input = intake();
    const first = await s.gql('plant_staff', RECORD, { i: input });
    const before = snapshot();
    // The tablet retries with the same instant written in another offset: the same request.
    const retry = await s.gql('plant_staff', RECORD, { i: { ...input, receivedAt: '2019-09-10T14:30:00Z' } });
    expect(retry.data.recordLotIntake.replayed).toBe(true);
    expect(retry.data.recordLotIntake.lot.id).toBe(first.data.recordLotIntake.lot.id);
    expect(snapshot()).toEqual(before);
  });

  it('refuses the same key with a different payload, writing nothing', async () => {
    const input = intake();
    await s.gql('plant_staff', RECORD, { i: input });
    const before = snapshot();
    const r = await s.gql('plant_staff', RECORD, { i: { ...input, grossKg: '556' } });
    expect(r.data.recordLotIntake).toMatchObject({ __typename: 'ConflictError', code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(snapshot()).toEqual(before);
  });

  it('keeps idempotency keys per user: another user may use the same key', async () => {
    const key = newKey();
    const a = await s.gql('plant_staff', RECORD, { i: intake({ idempotencyKey: key }) });
    const b = await s.gql('admin', RECORD, { i: intake({ idempotencyKey: key, grossKg: '600' }) });
    expect(b.data.recordLotIntake.__typename).toBe('RecordLotIntakePayload');
    expect(b.data.recordLotIntake.lot.id).not.toBe(a.data.recordLotIntake.lot.id);
  });

  const invalid: [string, Record<string, unknown>, string[], string][] = [
    ['zero gross weight', { grossKg: '0', tareKg: '0' }, ['input', 'grossKg'], 'NOT_POSITIVE'],
    ['negative gross weight', { grossKg: '-10' }, ['input', 'grossKg'], 'NOT_POSITIVE'],
    ['negative tare', { tareKg: '-1' }, ['input', 'tareKg'], 'NEGATIVE'],
    ['tare above gross', { grossKg: '50', tareKg: '60' }, ['input', 'tareKg'], 'TARE_NOT_BELOW_GROSS'],
    ['tare equal to gross', { grossKg: '50', tareKg: '50' }, ['input', 'tareKg'], 'TARE_NOT_BELOW_GROSS'],
    ['more decimals than grams allow', { grossKg: '100.0001' }, ['input', 'grossKg'], 'TOO_MANY_DECIMALS'],
    ['moisture below 0', { moisturePercent: '-0.5' }, ['input', 'moisturePercent'], 'OUT_OF_RANGE'],
    ['moisture above 100', { moisturePercent: '100.01' }, ['input', 'moisturePercent'], 'OUT_OF_RANGE'],
    ['moisture with 3 decimals', { moisturePercent: '11.125' }, ['input', 'moisturePercent'], 'TOO_MANY_DECIMALS'],
    ['zero bags', { bags: 0 }, ['input', 'bags'], 'NOT_POSITIVE'],
    [
      'a date before the campaign',
      { receivedAt: '2019-06-16T12:00:00-05:00' },
      ['input', 'receivedAt'],
      'OUTSIDE_CAMPAIGN',
    ],
    [
      'a date after the campaign',
      { receivedAt: '2019-12-21T08:00:00-05:00' },
      ['input', 'receivedAt'],
      'OUTSIDE_CAMPAIGN',
    ],
    [
      'a date in the future',
      { receivedAt: '2020-06-01T08:00:00Z', campaign: 2020 },
      ['input', 'receivedAt'],
      'IN_FUTURE',
    ],
    ['a malformed ID', { farmerId: 'not-an-id' }, ['input', 'farmerId'], 'MALFORMED_ID'],
    ['an ID of another type', { farmerId: 'Q29vcGVyYXRpdmU6MQ==' }, ['input', 'farmerId'], 'WRONG_ID_TYPE'],
    ['a short idempotency key', { idempotencyKey: 'abc' }, ['input', 'idempotencyKey'], 'INVALID_IDEMPOTENCY_KEY'],
    ['control characters in notes', { notes: 'ok\u0000bad' }, ['input', 'notes'], 'CONTROL_CHARACTERS'],
  ];
  for (const [name, overrides, path, code] of invalid) {
    it(`refuses ${name} with a typed error naming the field, writing nothing`, async () => {
      const before = snapshot();
      const { campaign, ...rest } = overrides;
      const input = intake({ ...rest, ...(campaign === 2020 ? { campaignId: ids.campaign2020 } : {}) });
      const r = await s.gql('plant_staff', RECORD, { i: input });
      expect(r.errors).toBeUndefined();
      expect(r.data.recordLotIntake.__typename).toBe('InvalidInputError');
      expect(r.data.recordLotIntake.issues).toContainEqual(expect.objectContaining({ path, code }));
      expect(snapshot()).toEqual(before);
    });
  }

  it('refuses an unknown farmer with NotFoundError naming the field', async () => {
    const before = snapshot();
    const r = await s.gql('plant_staff', RECORD, { i: intake({ farmerId: 'RmFybWVyOjk5OTk5OQ==' }) });
    expect(r.data.recordLotIntake).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'farmerId'] });
    expect(snapshot()).toEqual(before);
  });

  const malformed: [string, Record<string, unknown>][] = [
    ['a comma decimal', { grossKg: '12,5' }],
    ['letters', { grossKg: 'abc' }],
    ['an exponent', { grossKg: '1e3' }],
    ['a JSON number for a decimal', { grossKg: 555.5 }],
    ['NaN', { moisturePercent: 'NaN' }],
    ['Infinity', { grossKg: 'Infinity' }],
    ['an impossible date', { receivedAt: '2019-02-30T10:00:00Z' }],
    ['a date-time without offset', { receivedAt: '2019-09-10T10:00:00' }],
    ['a fractional bag count', { bags: 1.5 }],
  ];
  for (const [name, overrides] of malformed) {
    it(`refuses ${name} as BAD_USER_INPUT naming the field, writing nothing`, async () => {
      const before = snapshot();
      const r = await s.gql('plant_staff', RECORD, { i: intake(overrides) });
      expect(r.data ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message).toMatch(/at "i\.\w+"/);
      expect(JSON.stringify(r)).not.toMatch(/stack|at Object\.|\.ts:\d+/);
      expect(snapshot()).toEqual(before);
    });
  }

  it("refuses plant staff at another plant's scale", async () => {
    const before = snapshot();
    const r = await s.gql('plant_staff_satipo', RECORD, { i: intake() });
    expect(r.data.recordLotIntake.__typename).toBe('ForbiddenError');
    expect(snapshot()).toEqual(before);
  });

  it('refuses cooperative managers and lenders', async () => {
    for (const role of ['cooperative_manager', 'lender'] as const) {
      const r = await s.gql(role, RECORD, { i: intake() });
      expect(r.data.recordLotIntake.__typename).toBe('ForbiddenError');
    }
  });
});

describe('gradeLot and rejectLot', () => {
  async function newLot(overrides: Record<string, unknown> = {}): Promise<string> {
    const r = await s.gql('plant_staff', RECORD, { i: intake(overrides) });
    return r.data.recordLotIntake.lot.id;
  }
  const grading = (lotId: string, overrides: Record<string, unknown> = {}) => ({
    idempotencyKey: newKey(),
    lotId,
    gradedAt: '2019-09-11T10:00:00-05:00',
    exportableYieldPercent: '78.5',
    category1Defects: 1,
    category2Defects: 8,
    cupScore: '84.25',
    cupProtocol: 'SCA',
    organic: false,
    grade: 'Specialty',
    ...overrides,
  });

  it('grades a lot; a re-grade supersedes and both are kept', async () => {
    const lotId = await newLot();
    const g1 = await s.gql('plant_staff', GRADE, { i: grading(lotId) });
    expect(g1.data.gradeLot.lot).toMatchObject({
      status: 'GRADED',
      grading: {
        exportableYieldPercent: '78.5',
        cupScore: '84.25',
        cupProtocol: 'SCA',
        specialty: true,
        organic: false,
        category1Defects: 1,
      },
    });
    const g2 = await s.gql('plant_staff', GRADE, { i: grading(lotId, { cupScore: '79.99', grade: 'Grade 1' }) });
    expect(g2.data.gradeLot.lot.grading).toMatchObject({ cupScore: '79.99', specialty: false });
    expect(g2.data.gradeLot.lot.gradings).toEqual([{ cupScore: '84.25' }, { cupScore: '79.99' }]);
  });

  it('refuses organic for a farmer without an organic certificate on the delivery day', async () => {
    // CAC-VRI is not an organic cooperative in the demo: its farmers hold no organic certificate.
    const coop = await s.gql(
      'admin',
      '{ cooperatives(filter: {search: "CAC-VRI"}) { nodes { farmers(first: 1) { nodes { id } } } } }',
    );
    const farmerId = coop.data.cooperatives.nodes[0].farmers.nodes[0].id;
    const lotId = await newLot({ farmerId });
    const before = snapshot();
    const r = await s.gql('plant_staff', GRADE, { i: grading(lotId, { organic: true }) });
    expect(r.data.gradeLot.__typename).toBe('InvalidInputError');
    expect(r.data.gradeLot.issues).toContainEqual({ path: ['input', 'organic'], code: 'NOT_CERTIFIED' });
    expect(snapshot()).toEqual(before);
  });

  it('refuses a cup score without a protocol, and out-of-range yields and scores', async () => {
    const lotId = await newLot();
    const before = snapshot();
    const r = await s.gql('plant_staff', GRADE, {
      i: grading(lotId, { cupProtocol: null, exportableYieldPercent: '0', category2Defects: -1 }),
    });
    const codes = r.data.gradeLot.issues.map((i: any) => `${i.path[1]}:${i.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'cupProtocol:REQUIRED',
        'exportableYieldPercent:NOT_POSITIVE',
        'category2Defects:NEGATIVE',
      ]),
    );
    const high = await s.gql('plant_staff', GRADE, { i: grading(lotId, { cupScore: '100.5' }) });
    expect(high.data.gradeLot.issues).toContainEqual({ path: ['input', 'cupScore'], code: 'OUT_OF_RANGE' });
    const early = await s.gql('plant_staff', GRADE, { i: grading(lotId, { gradedAt: '2019-09-01T10:00:00Z' }) });
    expect(early.data.gradeLot.issues).toContainEqual({ path: ['input', 'gradedAt'], code: 'BEFORE_RECEIPT' });
    expect(snapshot()).toEqual(before);
  });

  it('rejects a wet lot with a reason; rejecting again or grading it is a conflict', async () => {
    const lotId = await newLot({ moisturePercent: '14.2' });
    const r = await s.gql('plant_staff', REJECT, {
      i: { idempotencyKey: newKey(), lotId, reason: 'moisture 14.2% above the 12.5% limit' },
    });
    expect(r.data.rejectLot.lot).toMatchObject({
      status: 'REJECTED',
      rejection: { reason: 'moisture 14.2% above the 12.5% limit', rejectedAt: '2020-01-15T15:00:00.000Z' },
    });
    const before = snapshot();
    const again = await s.gql('plant_staff', REJECT, { i: { idempotencyKey: newKey(), lotId, reason: 'again' } });
    expect(again.data.rejectLot).toMatchObject({ __typename: 'ConflictError', code: 'LOT_ALREADY_REJECTED' });
    const graded = await s.gql('plant_staff', GRADE, { i: grading(lotId) });
    expect(graded.data.gradeLot).toMatchObject({ __typename: 'ConflictError', code: 'LOT_REJECTED' });
    expect(snapshot()).toEqual(before);
  });

  it('refuses a rejection without a usable reason, and replays a rejection retry', async () => {
    const lotId = await newLot({ moisturePercent: '13.9' });
    const before = snapshot();
    for (const reason of ['', '  x ', 'wet\u0007lot', 'x'.repeat(501)]) {
      const r = await s.gql('plant_staff', REJECT, { i: { idempotencyKey: newKey(), lotId, reason } });
      expect(r.data.rejectLot.__typename).toBe('InvalidInputError');
      expect(r.data.rejectLot.issues).toEqual([{ path: ['input', 'reason'], code: 'INVALID_REASON' }]);
    }
    expect(snapshot()).toEqual(before);
    const input = { idempotencyKey: newKey(), lotId, reason: 'moisture 13.9% above the limit' };
    const first = await s.gql('plant_staff', REJECT, { i: input });
    expect(first.data.rejectLot.replayed).toBe(false);
    const afterFirst = snapshot();
    const retry = await s.gql('plant_staff', REJECT, { i: input });
    expect(retry.data.rejectLot).toMatchObject({ replayed: true, lot: { status: 'REJECTED' } });
    expect(snapshot()).toEqual(afterFirst);
  });

  it("answers NotFound for another plant's lot, as for a lot that does not exist", async () => {
    const lotId = await newLot();
    const before = snapshot();
    const r = await s.gql('plant_staff_satipo', GRADE, { i: grading(lotId) });
    expect(r.data.gradeLot.__typename).toBe('NotFoundError');
    const none = await s.gql('plant_staff', GRADE, { i: grading('TG90Ojk5OTk5OQ==') });
    expect(none.data.gradeLot.__typename).toBe('NotFoundError');
    expect(snapshot()).toEqual(before);
  });

  it('replays a grading retry without writing a second grading', async () => {
    const lotId = await newLot();
    const input = grading(lotId);
    const first = await s.gql('plant_staff', GRADE, { i: input });
    const before = snapshot();
    const retry = await s.gql('plant_staff', GRADE, { i: input });
    expect(retry.data.gradeLot.replayed).toBe(true);
    expect(retry.data.gradeLot.lot.gradings).toEqual(first.data.gradeLot.lot.gradings);
    expect(snapshot()).toEqual(before);
  });
});
