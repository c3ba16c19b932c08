/**
 * The ledger through real GraphQL: advance prices, the advance posted at
 * intake (and recovered on rejection), farmer statements, the trial balance,
 * the journal and manual reversals. Amounts are compared as exact strings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, type TestServer, demoIds, startServer } from '../support/server.js';

let s: TestServer;
let ids: Awaited<ReturnType<typeof demoIds>>;

beforeAll(async () => {
  s = await startServer();
  ids = await demoIds(s);
});
afterAll(() => s.close());

let keySeq = 0;
const newKey = () => `ledger-key-${String(++keySeq).padStart(6, '0')}`;
/** The row id inside a Relay global ID ("Farmer:12", base64). */
const rawId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);
/** Minor units as the API writes major units: 303875n → "3038.75". */
const fmt = (minor: bigint) =>
  `${minor < 0n ? '-' : ''}${(minor < 0n ? -minor : minor) / 100n}.${String((minor < 0n ? -minor : minor) % 100n).padStart(2, '0')}`;
const pen = (amount: string, minorUnits: string) => ({ currency: 'PEN', amount, minorUnits });

const MONEY = '{ currency amount minorUnits }';
const LOT = `id code status receivedOn netWeight { grams kg } advancePaid ${MONEY}`;
const ENTRY = `id kind occurredOn description sourceType reverses { id kind } reversedBy { id }
  lines { amount ${MONEY} memo lot { id } account { code ownerType ownerId purpose currency } }`;

const RECORD = `mutation($i: RecordLotIntakeInput!) { recordLotIntake(input: $i) {
  __typename ... on RecordLotIntakePayload { replayed lot { ${LOT} } } ... on Error { message } } }`;
const REJECT = `mutation($i: RejectLotInput!) { rejectLot(input: $i) {
  __typename ... on RejectLotPayload { replayed lot { ${LOT} } } ... on Error { message } ... on ConflictError { code } } }`;
const SET_PRICE = `mutation($i: SetAdvancePriceInput!) { setAdvancePrice(input: $i) {
  __typename
  ... on SetAdvancePricePayload { replayed advancePrice { pricePerKg currency effectiveFrom cooperative { code } campaign { code } } }
  ... on Error { message } ... on InvalidInputError { issues { path code } } ... on ConflictError { code } } }`;
const REVERSE = `mutation($i: ReverseJournalEntryInput!) { reverseJournalEntry(input: $i) {
  __typename
  ... on ReverseJournalEntryPayload { replayed reversal { ${ENTRY} reverses { id reversedBy { id } } } }
  ... on Error { message } ... on InvalidInputError { issues { path code } } ... on ConflictError { code } ... on NotFoundError { path } } }`;
const ENTRIES = `query($kind: String, $from: Date, $to: Date, $first: Int) {
  journalEntries(kind: $kind, from: $from, to: $to, first: $first) { nodes { ${ENTRY} } } }`;
const LOT_NODE = `query($id: ID!) { node(id: $id) { ... on Lot { ${LOT} } } }`;
const TRIAL = `query($asOf: Date) { trialBalance(asOf: $asOf) { asOf balanced
  currencies { currency balanced debits ${MONEY} credits ${MONEY} }
  accounts { code ownerType ownerId purpose balance ${MONEY} debits { minorUnits } credits { minorUnits } } } }`;
const STATEMENT = `query($f: ID!, $c: ID!, $to: Date) { node(id: $f) { ... on Farmer { statement(campaignId: $c, to: $to) {
  from to delivered { grams kg }
  deliveries { id status receivedOn netWeight { grams } advancePaid ${MONEY} }
  currencies { currency openingOwedToFarmer ${MONEY} advancesPaid ${MONEY} closingOwedToFarmer ${MONEY}
    lines { occurredOn kind description lot { id } paidToFarmer ${MONEY} creditedToFarmer ${MONEY} owedToFarmer ${MONEY} } } } } } }`;

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

async function recordLot(overrides: Record<string, unknown> = {}) {
  const r = await s.gql('plant_staff', RECORD, { i: intake(overrides) });
  expect(r.errors).toBeUndefined();
  expect(r.data.recordLotIntake.__typename).toBe('RecordLotIntakePayload');
  return r.data.recordLotIntake.lot;
}

async function rejectLot(lotId: string, extra: Record<string, unknown> = {}) {
  return s.gql('plant_staff', REJECT, {
    i: { idempotencyKey: newKey(), lotId, reason: 'moisture 13.4% above the 12.5% limit', ...extra },
  });
}

async function entries(vars: Record<string, unknown>) {
  const r = await s.gql('admin', ENTRIES, vars);
  expect(r.errors).toBeUndefined();
  return r.data.journalEntries.nodes as any[];
}

/** The newest advance entry of a day: the one just posted for a lot received that day. */
async function advanceEntryOn(day: string) {
  const [e] = await entries({ kind: 'farmer_advance', from: day, to: day, first: 1 });
  return e;
}

const lotNode = async (id: string) => (await s.gql('admin', LOT_NODE, { id })).data.node;

const LEDGER = ['journal_entries', 'journal_lines', 'ledger_accounts', 'idempotency_keys'];
const ledgerSnapshot = () => LEDGER.map((t) => s.count(t));

describe('the advance paid at intake', () => {
  it('pays net 552.5 kg × 5.50 PEN/kg = 3038.75 PEN for a lot received on 2019-09-10', async () => {
    const [entries0, lines0] = [s.count('journal_entries'), s.count('journal_lines')];
    const lot = await recordLot();
    expect(lot.netWeight).toEqual({ grams: 552_500, kg: '552.5' });
    expect(lot.advancePaid).toEqual(pen('3038.75', '303875'));
    expect((await lotNode(lot.id)).advancePaid).toEqual(pen('3038.75', '303875'));
    expect([s.count('journal_entries'), s.count('journal_lines')]).toEqual([entries0 + 1, lines0 + 2]);
  });

  it('pays the price in force on the local delivery day: 5.20 before 2019-09-01, 5.50 from it', async () => {
    expect((await recordLot({ receivedAt: '2019-08-10T10:00:00-05:00' })).advancePaid).toEqual(
      pen('2873.00', '287300'),
    );
    // 23:30 in Lima on 31 August is already 1 September in UTC: still the old price.
    expect((await recordLot({ receivedAt: '2019-08-31T23:30:00-05:00' })).advancePaid).toEqual(
      pen('2873.00', '287300'),
    );
    expect((await recordLot({ receivedAt: '2019-09-01T00:30:00-05:00' })).advancePaid).toEqual(
      pen('3038.75', '303875'),
    );
    // 298.5 kg × 5.50 = 1641.75; 100.001 kg × 5.20 = 520.0052 → 520.01 (rounded once, to the céntimo).
    expect((await recordLot({ grossKg: '300.5', tareKg: '2' })).advancePaid).toEqual(pen('1641.75', '164175'));
    expect(
      (await recordLot({ grossKg: '101.001', tareKg: '1', receivedAt: '2019-07-02T10:00:00-05:00' })).advancePaid,
    ).toEqual(pen('520.01', '52001'));
  });

  it("posts one entry: the farmer's balance debited, the cooperative's cash credited, both on the lot", async () => {
    const lot = await recordLot();
    const e = await advanceEntryOn('2019-09-10');
    expect(e).toMatchObject({
      kind: 'farmer_advance',
      occurredOn: '2019-09-10',
      sourceType: 'lot',
      reverses: null,
      reversedBy: null,
    });
    expect(e.description).toContain(`${lot.code}: 552.5 kg \u00d7 5.50 PEN/kg = 3038.75 PEN`);
    const farmer = rawId(ids.ownFarmer);
    const coop = rawId(ids.ownCoop);
    expect(e.lines).toEqual([
      {
        amount: pen('3038.75', '303875'),
        memo: 'advance paid',
        lot: { id: lot.id },
        account: {
          code: `farmer:${farmer}:farmer_balance:PEN`,
          ownerType: 'FARMER',
          ownerId: farmer,
          purpose: 'FARMER_BALANCE',
          currency: 'PEN',
        },
      },
      {
        amount: pen('-3038.75', '-303875'),
        memo: `advance to farmer, lot ${lot.code}`,
        lot: { id: lot.id },
        account: {
          code: `cooperative:${coop}:cash:PEN`,
          ownerType: 'COOPERATIVE',
          ownerId: coop,
          purpose: 'CASH',
          currency: 'PEN',
        },
      },
    ]);
  });

  it('posts nothing when the intake is replayed with the same idempotency key', async () => {
    const input = intake({ receivedAt: '2019-09-12T08:00:00-05:00' });
    const first = await s.gql('plant_staff', RECORD, { i: input });
    const before = ledgerSnapshot();
    const retry = await s.gql('plant_staff', RECORD, { i: input });
    expect(retry.data.recordLotIntake.replayed).toBe(true);
    expect(retry.data.recordLotIntake.lot.id).toBe(first.data.recordLotIntake.lot.id);
    expect(retry.data.recordLotIntake.lot.advancePaid).toEqual(pen('3038.75', '303875'));
    expect(ledgerSnapshot()).toEqual(before);
    const e = await entries({ kind: 'farmer_advance', from: '2019-09-12', to: '2019-09-12', first: 100 });
    expect(e.filter((x) => x.lines[0].lot?.id === first.data.recordLotIntake.lot.id)).toHaveLength(1);
  });
});

describe('rejecting a lot recovers its advance', () => {
  it('reverses the advance entry; the lot then shows 0.00 paid; a second rejection posts nothing', async () => {
    const lot = await recordLot({ receivedAt: '2019-09-10T11:00:00-05:00', moisturePercent: '13.4' });
    const advance = await advanceEntryOn('2019-09-10');
    expect(advance.lines[0].lot.id).toBe(lot.id);
    const before = [s.count('journal_entries'), s.count('journal_lines')];

    const r = await rejectLot(lot.id);
    expect(r.data.rejectLot.lot).toMatchObject({ status: 'REJECTED', advancePaid: pen('0.00', '0') });
    expect([s.count('journal_entries'), s.count('journal_lines')]).toEqual([before[0]! + 1, before[1]! + 2]);

    // Rejected now (the test clock): the reversal is dated 2020-01-15, the newest entry.
    const [reversal] = await entries({ kind: 'reversal', first: 1 });
    expect(reversal).toMatchObject({
      kind: 'reversal',
      occurredOn: '2020-01-15',
      sourceType: 'lot',
      reverses: { id: advance.id, kind: 'farmer_advance' },
    });
    expect(reversal.lines.map((l: any) => [l.account.code, l.amount.amount, l.lot.id])).toEqual([
      [advance.lines[0].account.code, '-3038.75', lot.id],
      [advance.lines[1].account.code, '3038.75', lot.id],
    ]);
    const [again] = await entries({ kind: 'farmer_advance', from: '2019-09-10', to: '2019-09-10', first: 1 });
    expect(again).toMatchObject({ id: advance.id, reversedBy: { id: reversal.id } });

    const snap = ledgerSnapshot();
    const second = await rejectLot(lot.id);
    expect(second.data.rejectLot).toMatchObject({ __typename: 'ConflictError', code: 'LOT_ALREADY_REJECTED' });
    expect(ledgerSnapshot()).toEqual(snap);
    expect((await lotNode(lot.id)).advancePaid).toEqual(pen('0.00', '0'));
  });

  it('dates the recovery on the rejection day, and a replayed rejection posts nothing', async () => {
    const lot = await recordLot({ receivedAt: '2019-10-07T09:00:00-05:00', grossKg: '200', tareKg: '2' });
    expect(lot.advancePaid).toEqual(pen('1089.00', '108900'));
    const input = {
      idempotencyKey: newKey(),
      lotId: lot.id,
      reason: 'moisture 13.0% above the limit',
      rejectedAt: '2019-10-08T10:00:00-05:00',
    };
    await s.gql('plant_staff', REJECT, { i: input });
    const snap = ledgerSnapshot();
    const retry = await s.gql('plant_staff', REJECT, { i: input });
    expect(retry.data.rejectLot).toMatchObject({ replayed: true, lot: { advancePaid: pen('0.00', '0') } });
    expect(ledgerSnapshot()).toEqual(snap);
    const [reversal] = await entries({ kind: 'reversal', from: '2019-10-08', to: '2019-10-08', first: 1 });
    expect(reversal.lines.map((l: any) => [l.amount.amount, l.lot.id])).toEqual([
      ['-1089.00', lot.id],
      ['1089.00', lot.id],
    ]);
  });
});

describe('setAdvancePrice', () => {
  const price = (overrides: Record<string, unknown> = {}) => ({
    idempotencyKey: newKey(),
    cooperativeId: ids.ownCoop,
    campaignId: ids.campaign2019,
    pricePerKg: '6.25',
    currency: 'PEN',
    effectiveFrom: '2019-12-01',
    ...overrides,
  });
  const snap = () => [s.count('advance_prices'), s.count('idempotency_keys')];

  it("lets the manager set their cooperative's price; later intakes are paid it (half-even rounding)", async () => {
    const r = await s.gql('cooperative_manager', SET_PRICE, { i: price() });
    expect(r.data.setAdvancePrice).toEqual({
      __typename: 'SetAdvancePricePayload',
      replayed: false,
      advancePrice: {
        pricePerKg: '6.25',
        currency: 'PEN',
        effectiveFrom: '2019-12-01',
        cooperative: { code: 'CAC-PAN' },
        campaign: { code: 'C2019' },
      },
    });
    // 552.5 kg × 6.25 = 3453.125 → 3453.12 (half-even); the day before still 5.50.
    expect((await recordLot({ receivedAt: '2019-12-05T09:00:00-05:00' })).advancePaid).toEqual(
      pen('3453.12', '345312'),
    );
    expect((await recordLot({ receivedAt: '2019-11-30T09:00:00-05:00' })).advancePaid).toEqual(
      pen('3038.75', '303875'),
    );
    // Set later but effective earlier: it governs 1 July to 31 August only (552.5 × 5.35 = 2955.875 → 2955.88).
    await s.gql('cooperative_manager', SET_PRICE, { i: price({ pricePerKg: '5.35', effectiveFrom: '2019-07-01' }) });
    expect((await recordLot({ receivedAt: '2019-07-05T09:00:00-05:00' })).advancePaid).toEqual(
      pen('2955.88', '295588'),
    );
    expect((await recordLot({ receivedAt: '2019-06-30T09:00:00-05:00' })).advancePaid).toEqual(
      pen('2873.00', '287300'),
    );
    expect((await recordLot({ receivedAt: '2019-09-10T09:00:00-05:00' })).advancePaid).toEqual(
      pen('3038.75', '303875'),
    );
    const c = await s.gql(
      'cooperative_manager',
      '{ harvestCampaigns { code advancePrices { pricePerKg effectiveFrom cooperative { code } } } }',
    );
    const c2019 = c.data.harvestCampaigns.find((x: any) => x.code === 'C2019');
    expect(c2019.advancePrices).toEqual([
      { pricePerKg: '5.20', effectiveFrom: '2019-06-17', cooperative: { code: 'CAC-PAN' } },
      { pricePerKg: '5.35', effectiveFrom: '2019-07-01', cooperative: { code: 'CAC-PAN' } },
      { pricePerKg: '5.50', effectiveFrom: '2019-09-01', cooperative: { code: 'CAC-PAN' } },
      { pricePerKg: '6.25', effectiveFrom: '2019-12-01', cooperative: { code: 'CAC-PAN' } },
    ]);
  });

  it("refuses another cooperative's price to a manager, and every price to plant staff, lenders and auditors", async () => {
    const before = snap();
    const other = await s.gql('cooperative_manager', SET_PRICE, { i: price({ cooperativeId: ids.otherCoop }) });
    expect(other.data.setAdvancePrice.__typename).toBe('ForbiddenError');
    for (const role of ['plant_staff', 'lender', 'auditor'] as const) {
      const r = await s.gql(role, SET_PRICE, { i: price() });
      expect(r.data.setAdvancePrice.__typename).toBe('ForbiddenError');
    }
    expect(snap()).toEqual(before);
  });

  const invalid: [string, Record<string, unknown>, string, string][] = [
    ['a zero price', { pricePerKg: '0' }, 'pricePerKg', 'INVALID_PRICE'],
    ['a negative price', { pricePerKg: '-1.5' }, 'pricePerKg', 'INVALID_PRICE'],
    ['five decimals', { pricePerKg: '1.23456' }, 'pricePerKg', 'INVALID_PRICE'],
    ['a price above 1000 per kg', { pricePerKg: '1000.01' }, 'pricePerKg', 'INVALID_PRICE'],
    ['a day before the campaign', { effectiveFrom: '2019-06-16' }, 'effectiveFrom', 'OUTSIDE_CAMPAIGN'],
    ['a day after the campaign', { effectiveFrom: '2019-12-21' }, 'effectiveFrom', 'OUTSIDE_CAMPAIGN'],
    ['a farmer ID for the cooperative', { cooperativeId: 'RmFybWVyOjE=' }, 'cooperativeId', 'WRONG_ID_TYPE'],
  ];
  for (const [name, overrides, field, code] of invalid) {
    it(`refuses ${name} as InvalidInputError ${code}, writing nothing`, async () => {
      const before = snap();
      const r = await s.gql('cooperative_manager', SET_PRICE, { i: price(overrides) });
      expect(r.errors).toBeUndefined();
      expect(r.data.setAdvancePrice.__typename).toBe('InvalidInputError');
      expect(r.data.setAdvancePrice.issues).toContainEqual({ path: ['input', field], code });
      expect(snap()).toEqual(before);
    });
  }

  it('refuses impossible or malformed dates and a JSON number as BAD_USER_INPUT', async () => {
    const before = snap();
    for (const bad of [
      { effectiveFrom: '2019-02-30' },
      { effectiveFrom: '2019-9-1' },
      { effectiveFrom: '2019-09-01T00:00:00Z' },
      { pricePerKg: 6.25 },
    ]) {
      const r = await s.gql('cooperative_manager', SET_PRICE, { i: price(bad) });
      expect(r.data ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(snap()).toEqual(before);
  });

  it('replays a retry, and refuses the same key with another price (IDEMPOTENCY_KEY_REUSED), writing nothing', async () => {
    const input = price({ cooperativeId: ids.otherCoop, pricePerKg: '5.95', effectiveFrom: '2019-12-15' });
    const first = await s.gql('admin', SET_PRICE, { i: input });
    expect(first.data.setAdvancePrice).toMatchObject({
      replayed: false,
      advancePrice: { pricePerKg: '5.95', cooperative: { code: 'CAC-SAT' } },
    });
    const before = snap();
    const retry = await s.gql('admin', SET_PRICE, { i: input });
    expect(retry.data.setAdvancePrice).toMatchObject({
      replayed: true,
      advancePrice: { pricePerKg: '5.95', effectiveFrom: '2019-12-15' },
    });
    const reused = await s.gql('admin', SET_PRICE, { i: { ...input, pricePerKg: '5.96' } });
    expect(reused.data.setAdvancePrice).toMatchObject({ __typename: 'ConflictError', code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(snap()).toEqual(before);
  });
});

describe('Farmer.statement', () => {
  const statementOf = (role: Role, to?: string) =>
    s.gql(role, STATEMENT, { f: ids.ownFarmer, c: ids.campaign2019, ...(to ? { to } : {}) });
  let kept: any;
  let rejected: any;

  beforeAll(async () => {
    // 552.5 kg on 2 October (3038.75), and 298 kg on 3 October rejected on the 4th (1639.00 paid, then recovered).
    await recordLot({ receivedAt: '2019-06-17T08:00:00-05:00' }); // the campaign's first day: a line, not the opening
    kept = await recordLot({ receivedAt: '2019-10-02T09:00:00-05:00' });
    rejected = await recordLot({
      receivedAt: '2019-10-03T09:00:00-05:00',
      grossKg: '300',
      tareKg: '2',
      moisturePercent: '13.6',
    });
    await rejectLot(rejected.id, { rejectedAt: '2019-10-04T09:00:00-05:00' });
  });

  it("gives the manager the farmer's deliveries, advances, recoveries and the running balance", async () => {
    const r = await statementOf('cooperative_manager');
    expect(r.errors).toBeUndefined();
    const st = r.data.node.statement;
    expect([st.from, st.to]).toEqual(['2019-06-17', '2020-01-15']);

    // Deliveries: every lot of the farmer, oldest first; delivered excludes the rejected ones.
    const lots = await s.gql(
      'admin',
      'query($f: ID!) { node(id: $f) { ... on Farmer { lots(first: 200) { nodes { id } } } } }',
      { f: ids.ownFarmer },
    );
    expect(new Set(st.deliveries.map((d: any) => d.id))).toEqual(
      new Set(lots.data.node.lots.nodes.map((l: any) => l.id)),
    );
    const days = st.deliveries.map((d: any) => d.receivedOn);
    expect(days).toEqual([...days].sort());
    expect(st.deliveries).toContainEqual(
      expect.objectContaining({ id: rejected.id, status: 'REJECTED', advancePaid: pen('0.00', '0') }),
    );
    expect(st.deliveries.some((d: any) => d.status !== 'REJECTED')).toBe(true);
    const liveGrams = st.deliveries
      .filter((d: any) => d.status !== 'REJECTED')
      .reduce((a: number, d: any) => a + d.netWeight.grams, 0);
    expect(st.delivered.grams).toBe(liveGrams);
    expect(st.delivered.grams).toBeLessThan(st.deliveries.reduce((a: number, d: any) => a + d.netWeight.grams, 0));

    expect(st.currencies.map((c: any) => c.currency)).toEqual(['PEN']);
    const c = st.currencies[0];
    expect(c.openingOwedToFarmer).toEqual(pen('0.00', '0'));
    // Each line moves the running balance by exactly its amount; every amount is well formed.
    let owed = BigInt(c.openingOwedToFarmer.minorUnits);
    for (const l of c.lines) {
      expect((l.paidToFarmer === null) !== (l.creditedToFarmer === null)).toBe(true);
      owed += l.paidToFarmer ? -BigInt(l.paidToFarmer.minorUnits) : BigInt(l.creditedToFarmer.minorUnits);
      expect(l.owedToFarmer).toEqual(pen(fmt(owed), owed.toString()));
      expect(l.occurredOn <= st.to).toBe(true);
    }
    // Advances per lot: a kept lot's single advance line is its advancePaid; a rejected lot's nets to zero.
    for (const d of st.deliveries) {
      const mine = c.lines.filter((l: any) => l.lot?.id === d.id);
      const advances = mine.filter((l: any) => l.kind === 'farmer_advance');
      expect(advances).toHaveLength(1);
      if (d.status === 'REJECTED') {
        const back = mine.filter((l: any) => l.kind === 'reversal');
        expect(back).toHaveLength(1);
        expect(back[0].paidToFarmer).toBeNull();
        expect(back[0].creditedToFarmer).toEqual(advances[0].paidToFarmer);
      } else {
        expect(mine).toHaveLength(1);
        expect(advances[0].paidToFarmer).toEqual(d.advancePaid);
      }
    }
    const paid: bigint = c.lines.reduce(
      (a: bigint, l: any) => a + (l.paidToFarmer ? BigInt(l.paidToFarmer.minorUnits) : 0n),
      0n,
    );
    const back: bigint = c.lines.reduce(
      (a: bigint, l: any) => a + (l.creditedToFarmer ? BigInt(l.creditedToFarmer.minorUnits) : 0n),
      0n,
    );
    const netAdvances: bigint = st.deliveries.reduce((a: bigint, d: any) => a + BigInt(d.advancePaid.minorUnits), 0n);
    expect(paid - back).toBe(netAdvances);
    expect(c.advancesPaid).toEqual(pen(fmt(netAdvances), netAdvances.toString()));
    expect(c.closingOwedToFarmer).toEqual(pen(fmt(-netAdvances), (-netAdvances).toString()));
    expect(c.closingOwedToFarmer.amount.startsWith('-')).toBe(true);

    // The two lots of this test, to the céntimo.
    const keptLine = c.lines.find((l: any) => l.lot?.id === kept.id);
    expect(keptLine).toMatchObject({
      occurredOn: '2019-10-02',
      kind: 'farmer_advance',
      paidToFarmer: pen('3038.75', '303875'),
      creditedToFarmer: null,
    });
    expect(
      c.lines
        .filter((l: any) => l.lot?.id === rejected.id)
        .map((l: any) => [l.occurredOn, l.kind, l.paidToFarmer?.amount, l.creditedToFarmer?.amount]),
    ).toEqual([
      ['2019-10-03', 'farmer_advance', '1639.00', undefined],
      ['2019-10-04', 'reversal', undefined, '1639.00'],
    ]);
  });

  it('stops at `to`: an advance paid on 3 October is owed, its recovery on the 4th is not in yet', async () => {
    const full = (await statementOf('cooperative_manager')).data.node.statement.currencies[0];
    const r = await statementOf('cooperative_manager', '2019-10-03');
    const st = r.data.node.statement;
    expect(st.to).toBe('2019-10-03');
    const c = st.currencies[0];
    expect(c.lines.every((l: any) => l.occurredOn <= '2019-10-03')).toBe(true);
    expect(c.lines.filter((l: any) => l.lot?.id === rejected.id).map((l: any) => l.kind)).toEqual(['farmer_advance']);
    const last = c.lines[c.lines.length - 1];
    expect(c.closingOwedToFarmer).toEqual(last.owedToFarmer);
    const untilThen = full.lines.filter((l: any) => l.occurredOn <= '2019-10-03');
    expect(c.closingOwedToFarmer).toEqual(untilThen[untilThen.length - 1].owedToFarmer);
    // Deliveries stop at `to` too: no lot received after it, and the weight counts only those.
    expect(st.deliveries.every((d: any) => d.receivedOn <= '2019-10-03')).toBe(true);
    const fullDeliveries = (await statementOf('cooperative_manager')).data.node.statement.deliveries;
    expect(st.deliveries.length).toBeLessThan(fullDeliveries.length);
    const kept = st.deliveries
      .filter((d: any) => d.status !== 'REJECTED')
      .reduce((a: number, d: any) => a + d.netWeight.grams, 0);
    expect(st.delivered.grams).toBe(kept);
  });

  it('refuses a `to` before the campaign began', async () => {
    const r = await statementOf('admin', '2019-01-01');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions?.issues?.[0]?.code).toBe('BEFORE_CAMPAIGN');
  });

  it('lets admins and auditors read it; refuses another manager, plant staff and lenders', async () => {
    const own = (await statementOf('cooperative_manager')).data.node.statement;
    for (const role of ['admin', 'auditor'] as const) {
      const r = await statementOf(role);
      expect(r.errors).toBeUndefined();
      expect(r.data.node.statement).toEqual(own);
    }
    for (const role of ['cooperative_manager_other', 'plant_staff', 'lender'] as const) {
      const r = await statementOf(role);
      expect(r.data.node).toBeNull();
      // an object the caller cannot reach answers as a missing ID does (no existence oracle, issue 14)
      expect(r.errors?.[0]?.extensions?.code).toBe(r.errors?.[0]?.path?.length === 1 ? 'NOT_FOUND' : 'FORBIDDEN');
      expect(JSON.stringify(r)).not.toContain('3038.75');
    }
    // Plant staff may see the farmer (to record intakes), not their statement.
    const staff = await s.gql('plant_staff', 'query($f: ID!) { node(id: $f) { ... on Farmer { fullName } } }', {
      f: ids.ownFarmer,
    });
    expect(staff.data.node.fullName).toEqual(expect.any(String));
    const staffStatement = await statementOf('plant_staff');
    expect(staffStatement.errors?.[0]?.path).toEqual(['node', 'statement']);
  });

  it("carries the 2019 balance into the 2020 campaign's opening", async () => {
    const y2019 = (await statementOf('cooperative_manager')).data.node.statement.currencies[0];
    const r = await s.gql('cooperative_manager', STATEMENT, {
      f: ids.ownFarmer,
      c: ids.campaign2020,
      to: '2020-04-30',
    });
    expect(r.errors).toBeUndefined();
    const st = r.data.node.statement;
    expect([st.from, st.to, st.deliveries, st.delivered.grams]).toEqual(['2020-04-01', '2020-04-30', [], 0]);
    expect(st.currencies).toEqual([
      {
        currency: 'PEN',
        openingOwedToFarmer: y2019.closingOwedToFarmer,
        advancesPaid: pen('0.00', '0'),
        closingOwedToFarmer: y2019.closingOwedToFarmer,
        lines: [],
      },
    ]);
  });

  it('refuses a bad campaign ID or date as BAD_USER_INPUT', async () => {
    const wrong = await s.gql('admin', STATEMENT, { f: ids.ownFarmer, c: ids.ownCoop });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const date = await s.gql('admin', STATEMENT, { f: ids.ownFarmer, c: ids.campaign2019, to: '2019-02-30' });
    expect(date.data ?? null).toBeNull();
    expect(date.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

async function trial(role: Role = 'admin', asOf?: string) {
  const r = await s.gql(role, TRIAL, asOf ? { asOf } : {});
  expect(r.errors).toBeUndefined();
  return r.data.trialBalance;
}
const penTotals = (tb: any) => tb.currencies.find((c: any) => c.currency === 'PEN');
const balanceOf = (tb: any, code: string) =>
  BigInt(tb.accounts.find((a: any) => a.code === code)?.balance.minorUnits ?? '0');

/** Balanced, and every total recomputed from the accounts. */
function expectConsistent(tb: any) {
  expect(tb.balanced).toBe(true);
  for (const c of tb.currencies) {
    expect(c.balanced).toBe(true);
    expect(c.debits).toEqual(c.credits);
    const mine = tb.accounts
      .filter((a: any) => a.balance.currency === c.currency)
      .map((a: any) => BigInt(a.balance.minorUnits));
    const debits = mine.filter((b: bigint) => b > 0n).reduce((a: bigint, b: bigint) => a + b, 0n);
    expect(c.debits).toEqual({ currency: c.currency, amount: fmt(debits), minorUnits: debits.toString() });
    expect(mine.reduce((a: bigint, b: bigint) => a + b, 0n)).toBe(0n);
  }
  for (const a of tb.accounts) {
    expect(BigInt(a.debits.minorUnits) - BigInt(a.credits.minorUnits)).toBe(BigInt(a.balance.minorUnits));
    expect(a.balance.amount).toBe(fmt(BigInt(a.balance.minorUnits)));
  }
}

describe('trialBalance', () => {
  it('is balanced per currency, the same for admins and auditors', async () => {
    const tb = await trial('admin');
    expect(tb.asOf).toBeNull();
    expect(penTotals(tb)).toBeDefined();
    expect(BigInt(penTotals(tb).debits.minorUnits)).toBeGreaterThan(0n);
    expectConsistent(tb);
    expect(await trial('auditor')).toEqual(tb);
    // Cooperatives paid advances out of their cash (credits); the consortium received the buyers' USD (a debit).
    for (const a of tb.accounts) {
      if (a.purpose === 'CASH' && a.ownerType === 'COOPERATIVE') expect(BigInt(a.balance.minorUnits)).toBeLessThan(0n);
      if (a.purpose === 'CASH' && a.ownerType === 'CONSORTIUM')
        expect(BigInt(a.balance.minorUnits)).toBeGreaterThan(0n);
    }
    expect(tb.accounts.some((a: any) => a.purpose === 'CASH' && a.ownerType === 'CONSORTIUM')).toBe(true);
  });

  it('as of a date counts only entries dated on or before it', async () => {
    const full = await trial('admin');
    const july = await trial('auditor', '2019-07-31');
    expect(july.asOf).toBe('2019-07-31');
    expectConsistent(july);
    expect(BigInt(penTotals(july).debits.minorUnits)).toBeGreaterThan(0n);
    expect(BigInt(penTotals(july).debits.minorUnits)).toBeLessThan(BigInt(penTotals(full).debits.minorUnits));
    const before = await trial('admin', '2019-06-16');
    expect(before).toEqual({ asOf: '2019-06-16', balanced: true, currencies: [], accounts: [] });
  });

  it('is refused to managers, plant staff and lenders, as is the journal', async () => {
    for (const role of ['cooperative_manager', 'plant_staff', 'lender'] as const) {
      const r = await s.gql(role, TRIAL, {});
      expect(r.data ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const j = await s.gql(role, ENTRIES, { first: 1 });
      expect(j.data ?? null).toBeNull();
      expect(j.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('refuses an impossible date as BAD_USER_INPUT', async () => {
    const r = await s.gql('admin', TRIAL, { asOf: '2019-02-30' });
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('reverseJournalEntry', () => {
  let target: any;
  const reverse = (role: Role, overrides: Record<string, unknown> = {}) =>
    s.gql(role, REVERSE, {
      i: { idempotencyKey: newKey(), entryId: target.id, reason: 'advance paid twice by mistake', ...overrides },
    });

  beforeAll(async () => {
    const list = await entries({ kind: 'farmer_advance', to: '2019-08-31', first: 30 });
    target = list.find((e) => e.reversedBy === null);
    expect(target).toBeDefined();
  });

  it('refuses auditors, managers, a bad reason, an unknown entry and a date before the entry, writing nothing', async () => {
    const before = ledgerSnapshot();
    for (const role of ['auditor', 'cooperative_manager', 'plant_staff'] as const) {
      expect((await reverse(role)).data.reverseJournalEntry.__typename).toBe('ForbiddenError');
    }
    const short = await reverse('admin', { reason: 'x' });
    expect(short.data.reverseJournalEntry).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'reason'], code: 'INVALID_REASON' }],
    });
    const early = await reverse('admin', { occurredOn: '2019-06-17' });
    expect(early.data.reverseJournalEntry).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'occurredOn'], code: 'BEFORE_ORIGINAL' }],
    });
    const future = await reverse('admin', { occurredOn: '2020-01-16' });
    expect(future.data.reverseJournalEntry).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'occurredOn'], code: 'IN_FUTURE' }],
    });
    const wrongType = await reverse('admin', { entryId: ids.ownFarmer });
    expect(wrongType.data.reverseJournalEntry.issues).toEqual([{ path: ['input', 'entryId'], code: 'WRONG_ID_TYPE' }]);
    const missing = await reverse('admin', { entryId: Buffer.from('JournalEntry:999999').toString('base64') });
    expect(missing.data.reverseJournalEntry).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'entryId'] });
    expect(ledgerSnapshot()).toEqual(before);
  });

  it('reverses an advance: the reversal points to it and the two accounts move back by exactly its amount', async () => {
    const amount = BigInt(target.lines[0].amount.minorUnits);
    const [farmerAccount, cashAccount] = target.lines.map((l: any) => l.account.code);
    const tb0 = await trial();
    const yesterday0 = await trial('admin', '2020-01-14');
    const [entries0, lines0] = [s.count('journal_entries'), s.count('journal_lines')];

    const r = await reverse('admin');
    const p = r.data.reverseJournalEntry;
    expect(p.__typename).toBe('ReverseJournalEntryPayload');
    expect(p.replayed).toBe(false);
    expect(p.reversal).toMatchObject({
      kind: 'reversal',
      occurredOn: '2020-01-15',
      reverses: { id: target.id, reversedBy: { id: p.reversal.id } },
    });
    expect(p.reversal.description).toContain('advance paid twice by mistake');
    expect(p.reversal.lines.map((l: any) => [l.account.code, l.amount.minorUnits])).toEqual([
      [farmerAccount, (-amount).toString()],
      [cashAccount, amount.toString()],
    ]);
    expect([s.count('journal_entries'), s.count('journal_lines')]).toEqual([entries0 + 1, lines0 + 2]);

    const tb1 = await trial();
    expect(balanceOf(tb1, farmerAccount)).toBe(balanceOf(tb0, farmerAccount) - amount);
    expect(balanceOf(tb1, cashAccount)).toBe(balanceOf(tb0, cashAccount) + amount);
    const others = (tb: any) => tb.accounts.filter((a: any) => a.code !== farmerAccount && a.code !== cashAccount);
    expect(others(tb1)).toEqual(others(tb0));
    expectConsistent(tb1);
    // Dated today: the books as of yesterday are unchanged.
    expect(await trial('admin', '2020-01-14')).toEqual(yesterday0);
    // The lot's advance now nets to zero, though the lot itself is not rejected.
    const lot = await lotNode(target.lines[0].lot.id);
    expect(lot.status).not.toBe('REJECTED');
    expect(lot.advancePaid).toEqual(pen('0.00', '0'));
  });

  it('replays a retry with the same key, writing nothing', async () => {
    const input = { idempotencyKey: newKey(), entryId: '', reason: 'duplicate advance entry' };
    const [e] = (await entries({ kind: 'farmer_advance', to: '2019-07-31', first: 30 })).filter(
      (x) => x.reversedBy === null,
    );
    input.entryId = e.id;
    const first = await s.gql('admin', REVERSE, { i: input });
    expect(first.data.reverseJournalEntry.replayed).toBe(false);
    const before = ledgerSnapshot();
    const retry = await s.gql('admin', REVERSE, { i: input });
    expect(retry.data.reverseJournalEntry).toMatchObject({
      replayed: true,
      reversal: { id: first.data.reverseJournalEntry.reversal.id },
    });
    expect(ledgerSnapshot()).toEqual(before);
  });

  it('allows a reversal dated on the entry\u2019s own day', async () => {
    const [e] = (await entries({ kind: 'farmer_advance', to: '2019-07-15', first: 30 })).filter(
      (x) => x.reversedBy === null,
    );
    const account = e.lines[0].account.code;
    const before = balanceOf(await trial('admin', e.occurredOn), account);
    const r = await s.gql('admin', REVERSE, {
      i: { idempotencyKey: newKey(), entryId: e.id, reason: 'wrong price', occurredOn: e.occurredOn },
    });
    expect(r.data.reverseJournalEntry.reversal).toMatchObject({ occurredOn: e.occurredOn, reverses: { id: e.id } });
    // asOf includes its own day: the entry and its reversal both count.
    const after = await trial('admin', e.occurredOn);
    expect(balanceOf(after, account)).toBe(before - BigInt(e.lines[0].amount.minorUnits));
    expectConsistent(after);
  });

  it('and rejection do not recover an advance twice, whichever comes first', async () => {
    const manual = await recordLot({ receivedAt: '2019-10-21T09:00:00-05:00' });
    const first = await advanceEntryOn('2019-10-21');
    await s.gql('admin', REVERSE, {
      i: { idempotencyKey: newKey(), entryId: first.id, reason: 'paid in cash already' },
    });
    const before = [s.count('journal_entries'), s.count('journal_lines')];
    const r = await rejectLot(manual.id);
    expect(r.data.rejectLot.lot).toMatchObject({ status: 'REJECTED', advancePaid: pen('0.00', '0') });
    expect([s.count('journal_entries'), s.count('journal_lines')]).toEqual(before);

    const rejected = await recordLot({ receivedAt: '2019-10-22T09:00:00-05:00' });
    const second = await advanceEntryOn('2019-10-22');
    await rejectLot(rejected.id);
    const snap = ledgerSnapshot();
    const again = await s.gql('admin', REVERSE, {
      i: { idempotencyKey: newKey(), entryId: second.id, reason: 'recover the advance' },
    });
    expect(again.data.reverseJournalEntry).toMatchObject({ __typename: 'ConflictError', code: 'ALREADY_REVERSED' });
    expect(ledgerSnapshot()).toEqual(snap);
    expect((await lotNode(rejected.id)).advancePaid).toEqual(pen('0.00', '0'));
  });

  it('refuses to reverse an entry twice, or a reversal, writing nothing; the books stay balanced', async () => {
    const [reversal] = await entries({ kind: 'reversal', first: 50 }).then((l) =>
      l.filter((e) => e.reverses?.id === target.id),
    );
    expect(reversal).toBeDefined();
    const before = ledgerSnapshot();
    const twice = await reverse('admin');
    expect(twice.data.reverseJournalEntry).toMatchObject({ __typename: 'ConflictError', code: 'ALREADY_REVERSED' });
    const ofReversal = await reverse('admin', { entryId: reversal.id });
    expect(ofReversal.data.reverseJournalEntry).toMatchObject({
      __typename: 'ConflictError',
      code: 'REVERSAL_OF_REVERSAL',
    });
    // Another admin, with their own keys, gets the same answer.
    const other = await reverse('admin2');
    expect(other.data.reverseJournalEntry).toMatchObject({ __typename: 'ConflictError', code: 'ALREADY_REVERSED' });
    expect(ledgerSnapshot()).toEqual(before);
    expectConsistent(await trial('admin'));
    expectConsistent(await trial('auditor', '2019-09-30'));
  });
});
