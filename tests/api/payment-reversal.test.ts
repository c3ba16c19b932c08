/**
 * Taking a payment back (`reverseSalePayment`) and a cooperative's own
 * retention (`setCooperativeRetention`), through real GraphQL against a real
 * server. The waterfall is worked out here independently (bigint, half-even,
 * largest remainder, as in tests/api/settlement.test.ts) and compared to the
 * cent: the reversed payment's entry is reversed (never edited), the later
 * payments of the delivery are settled again without it and must equal a
 * fresh sequence of only those payments on an identical delivery, the books
 * return exactly to where they were, and the reports (cooperative statement,
 * campaign summary, farmer-settlements CSV) drop the credits from the
 * reversal date on while still showing them as of an earlier date.
 * All coffee paid for here comes from lots this file receives, grades and hulls.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, type TestServer, demoIds, startServer } from '../support/server.js';
import { fixtures, keyMaker, once } from '../support/fixtures.js';
import { cents, centsOf, fmt, gid, min, pctOf, perKg, rowId, scaled, split, toPen } from '../support/exact.js';

let s: TestServer;
let ids: Awaited<ReturnType<typeof demoIds>>;
let wh: Record<string, string>;

const TODAY = '2020-01-15'; // TEST_NOW in tests/support/server.ts, in Lima
const BOOKS = '{ trialBalance { balanced accounts { code balance { minorUnits } } } }';
const BOOKS_ON = 'query($on: Date) { trialBalance(asOf: $on) { balanced accounts { code balance { minorUnits } } } }';
async function books(on?: string): Promise<Map<string, bigint>> {
  const r = on ? await s.gql('admin', BOOKS_ON, { on }) : await s.gql('admin', BOOKS);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  expect(r.data.trialBalance.balanced).toBe(true);
  return new Map<string, bigint>(r.data.trialBalance.accounts.map((a: any) => [a.code, BigInt(a.balance.minorUnits)]));
}
/** Two sets of balances as one comparable object: every account in either, a missing one counting 0, zeros left out. */
const nonZero = (m: Map<string, bigint>) =>
  Object.fromEntries([...m].filter(([, v]) => v !== 0n).map(([k, v]) => [k, String(v)]));
/** after − before, per account, zeros left out. */
function delta(before: Map<string, bigint>, after: Map<string, bigint>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const d = (after.get(k) ?? 0n) - (before.get(k) ?? 0n);
    if (d !== 0n) out[k] = String(d);
  }
  return out;
}

beforeAll(async () => {
  s = await startServer();
  ids = await demoIds(s);
  const r = await s.gql('admin', '{ plants { code warehouses { id code } } }');
  wh = Object.fromEntries(
    r.data.plants.flatMap((p: any) => (p.code === 'PLT-LM' ? p.warehouses.map((w: any) => [w.code, w.id]) : [])),
  );
});
afterAll(() => s.close());

// ---------------------------------------------------------------- exact arithmetic (independent of the server's)

const usd = (minor: bigint) => ({ currency: 'USD', amount: fmt(minor) });
const pen = (minor: bigint) => ({ currency: 'PEN', amount: fmt(minor) });

/** The C2019 USD terms the demo seed sets; `retentionOf` holds the retention overrides this file sets. */
const TERMS = {
  SHAREHOLDER: { fee: '0.08', commission: '1.5', retention: '3' },
  AFFILIATED: { fee: '0.12', commission: '2.5', retention: '3' },
} as const;
type Membership = keyof typeof TERMS;
const retentionOf = new Map<string, string>(); // cooperative global id → its own C2019 retention % (the seed's and this file's)

interface Seller {
  coop: string;
  code: string;
  membership: Membership;
  farmers: { id: string; grams: bigint }[];
}
interface CoopPlan {
  coop: string;
  code: string;
  grams: bigint;
  share: bigint;
  fee: bigint;
  commission: bigint;
  retention: bigint;
  toFarmers: bigint;
  pen: bigint;
  farmers: { id: string; grams: bigint; amount: bigint }[];
}
type Plan = CoopPlan[];

/**
 * The waterfall of one payment (no premium), given what the delivery's earlier LIVE payments settled (`earlier`):
 * the fee is due once per delivery, the commission is due to date on the sum of the shares.
 */
function waterfall(amount: bigint, sellers: Seller[], rate: string, earlier: Plan[] = []): Plan {
  const coops = [...sellers].sort((a, b) => rowId(a.coop) - rowId(b.coop));
  const gramsOf = (c: Seller) => c.farmers.reduce((a, f) => a + f.grams, 0n);
  const shares = split(
    amount,
    coops.map((c) => ({ id: rowId(c.coop), w: gramsOf(c) })),
  );
  const before = (coop: string, k: 'share' | 'fee' | 'commission') =>
    earlier
      .flat()
      .filter((e) => e.coop === coop)
      .reduce((a, e) => a + e[k], 0n);
  return coops.map((c, i) => {
    const t = TERMS[c.membership];
    const grams = gramsOf(c);
    const share = shares[i]!;
    let left = share;
    const due = perKg(grams, t.fee) - before(c.coop, 'fee');
    const fee = due > 0n ? min(due, left) : 0n;
    left -= fee;
    const commissionDue = pctOf(before(c.coop, 'share') + share, t.commission) - before(c.coop, 'commission');
    const commission = commissionDue > 0n ? min(commissionDue, left) : 0n;
    left -= commission;
    const retention = pctOf(left, retentionOf.get(c.coop) ?? t.retention);
    left -= retention;
    const converted = toPen(left, rate);
    const farmers = [...c.farmers].sort((a, b) => rowId(a.id) - rowId(b.id));
    const parts = split(
      converted,
      farmers.map((f) => ({ id: rowId(f.id), w: f.grams })),
    );
    return {
      coop: c.coop,
      code: c.code,
      grams,
      share,
      fee,
      commission,
      retention,
      toFarmers: left,
      pen: converted,
      farmers: farmers.map((f, j) => ({ id: f.id, grams: f.grams, amount: parts[j]! })),
    };
  });
}
/** A sequence of payments settled one after the other. */
function sequence(payments: { amount: bigint; rate: string }[], sellers: Seller[]): Plan[] {
  const plans: Plan[] = [];
  for (const p of payments) plans.push(waterfall(p.amount, sellers, p.rate, plans));
  return plans;
}
/** What `SalePayment.settlement` should answer for a plan. */
const settlementOf = (plan: Plan) =>
  plan.map((c) => ({
    cooperative: { id: c.coop, code: c.code },
    weight: { grams: Number(c.grams) },
    share: usd(c.share),
    premium: usd(0n),
    processingFee: usd(c.fee),
    commission: usd(c.commission),
    loanRepayments: [],
    retention: usd(c.retention),
    toFarmers: usd(c.toFarmers),
    farmers: [...c.farmers]
      .sort((a, b) => (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : 0))
      .map((f) => ({ farmer: { id: f.id }, weight: { grams: Number(f.grams) }, amount: pen(f.amount) })),
  }));
/** The ledger lines a settlement entry should hold, as sorted "code amount" strings. */
function entryLinesOf(amount: bigint, buyer: string, plan: Plan): string[] {
  const l: [string, bigint][] = [
    ['consortium:-:cash:USD', amount],
    [`buyer:${rowId(buyer)}:receivable:USD`, -amount],
    ['consortium:-:proceeds_to_settle:USD', amount],
  ];
  for (const c of plan) {
    l.push(
      ['consortium:-:fee_income:USD', -c.fee],
      ['consortium:-:commission_income:USD', -c.commission],
      [`cooperative:${rowId(c.coop)}:retention_fund:USD`, -c.retention],
    );
    l.push(['consortium:-:exchange:USD', -c.toFarmers], ['consortium:-:exchange:PEN', c.pen]);
    for (const f of c.farmers) l.push([`farmer:${rowId(f.id)}:farmer_balance:PEN`, -f.amount]);
  }
  return l
    .filter(([, m]) => m !== 0n)
    .map(([c, m]) => `${c} ${m}`)
    .sort();
}
const linesOf = (entry: any) => entry.lines.map((l: any) => `${l.account.code} ${l.amount.minorUnits}`).sort();
const negated = (lines: string[]) =>
  lines
    .map((l) => {
      const [code, m] = l.split(' ');
      return `${code} ${-BigInt(m!)}`;
    })
    .sort();
/** The amount in one currency of a list of Money (0 if absent), and a USD breakdown's field. */
const cur = (list: { currency: string; amount: string }[], currency: string) =>
  cents(list.find((m) => m.currency === currency)?.amount ?? '0');
const usdOf = (settled: any[], field: string) =>
  cents(settled.find((b) => b.currency === 'USD')?.[field].amount ?? '0');
/** Σ of a plan's farmer credits per farmer. */
function creditsOf(plans: Plan[]): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const f of plans.flat().flatMap((c) => c.farmers)) m.set(f.id, (m.get(f.id) ?? 0n) + f.amount);
  return m;
}

// ---------------------------------------------------------------- documents

const MONEY = '{ currency amount }';
const mutation = (
  field: string,
  input: string,
  payload: string,
  body: string,
) => `mutation($i: ${input}!) { ${field}(input: $i) {
  __typename ... on ${payload} { replayed ${body} }
  ... on Error { message } ... on InvalidInputError { issues { path code } } ... on ConflictError { code } ... on NotFoundError { path id } } }`;
const LINES = 'lines { account { code } amount { currency amount minorUnits } }';
const ENTRY = `entry { id kind occurredOn reversedBy { id } ${LINES} }`;
const SETTLEMENT = `settlement { cooperative { id code } weight { grams } share ${MONEY} premium ${MONEY} processingFee ${MONEY} commission ${MONEY}
  loanRepayments ${MONEY} retention ${MONEY} toFarmers ${MONEY} farmers { farmer { id } weight { grams } amount ${MONEY} } }`;
const REVERSAL = `reversal { reversedOn reason entry { id kind occurredOn reverses { id } ${LINES} } }`;
const PAYMENT = `id receivedOn amount ${MONEY} delivery { id owed ${MONEY} } ${SETTLEMENT} ${ENTRY} ${REVERSAL}`;
const PAY = mutation(
  'recordSalePayment',
  'RecordSalePaymentInput',
  'RecordSalePaymentPayload',
  `payment { ${PAYMENT} }`,
);
const REVERSE = mutation(
  'reverseSalePayment',
  'ReverseSalePaymentInput',
  'RecordSalePaymentPayload',
  `payment { ${PAYMENT} }`,
);
const RETAIN = mutation('setCooperativeRetention', 'SetCooperativeRetentionInput', 'SetSettlementTermsPayload', '');
const DELIVER = mutation(
  'recordSaleDelivery',
  'RecordSaleDeliveryInput',
  'RecordSaleDeliveryPayload',
  'delivery { id deliveredOn value { minorUnits } premium { minorUnits } lots { lot { id } cooperative { code } weight { grams } } }',
);
const PAYMENT_NODE = `query($id: ID!) { node(id: $id) { ... on SalePayment { ${PAYMENT} } } }`;
const ENTRY_NODE = `query($id: ID!) { node(id: $id) { ... on JournalEntry { id kind occurredOn reversedBy { id kind occurredOn } ${LINES} } } }`;
const DELIVERY_NODE = `query($id: ID!) { node(id: $id) { ... on SaleDelivery { owed ${MONEY} payments { id reversal { reversedOn } } } } }`;
const STATEMENT_FIELDS = `asOf paymentsSettled settled { currency coffee ${MONEY} processingFees ${MONEY} commissions ${MONEY} retention ${MONEY} toFarmers ${MONEY} }
  creditedToFarmers ${MONEY} advancesPaid ${MONEY}`;
const COOP_STATEMENT = `query($id: ID!, $c: ID!, $on: Date) { node(id: $id) { ... on Cooperative { statement(campaignId: $c, asOf: $on) {
  ${STATEMENT_FIELDS} farmersToPay ${MONEY} farmersCarriedDebt ${MONEY} } } } }`;
const SUMMARY = `query($c: ID!, $on: Date) { node(id: $c) { ... on HarvestCampaign { moneySummary(asOf: $on) {
  ${STATEMENT_FIELDS} revenue { currency invoiced ${MONEY} received ${MONEY} outstanding ${MONEY} } } } } }`;
const FARMER_STATEMENT = `query($id: ID!, $c: ID!, $to: Date) { node(id: $id) { ... on Farmer { statement(campaignId: $c, to: $to) { currencies {
  currency closingOwedToFarmer { minorUnits } } } } } }`;

// ---------------------------------------------------------------- helpers

const newKey = keyMaker('reversal-test');
const { send, ok, newLot } = fixtures(
  () => s,
  () => ids,
  newKey,
);
const TABLES = [
  'sale_payments',
  'sale_payment_reversals',
  'settlement_lines',
  'exchange_rates',
  'journal_entries',
  'journal_lines',
  'idempotency_keys',
  'cooperative_retention',
];
const counts = (): Record<string, number> => Object.fromEntries(TABLES.map((t) => [t, s.count(t)]));
const grew = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(TABLES.map((t) => [t, after[t]! - before[t]!]).filter(([, n]) => n !== 0));

async function query(document: string, variables: Record<string, unknown>, role: Role = 'admin') {
  const r = await s.gql(role, document, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
}

const payInput = (deliveryId: string, receivedOn: string, amount: string, rate: string) => ({
  idempotencyKey: newKey(),
  deliveryId,
  receivedOn,
  amount,
  currency: 'USD',
  exchangeRate: { rate, source: `SBS tipo de cambio compra ${receivedOn}` },
});
const pay = async (deliveryId: string, receivedOn: string, amount: bigint, rate: string) =>
  (await ok('admin', PAY, payInput(deliveryId, receivedOn, fmt(amount), rate))).payment;
const reverseInput = (paymentId: string, over: Record<string, unknown> = {}) => ({
  idempotencyKey: newKey(),
  paymentId,
  reason: 'transfer returned by the bank',
  ...over,
});
const paymentNode = async (id: string) => (await query(PAYMENT_NODE, { id })).node;
const entryNode = async (id: string) => (await query(ENTRY_NODE, { id })).node;
const owedOf = async (deliveryId: string) => cents((await query(DELIVERY_NODE, { id: deliveryId })).node.owed.amount);

const HULL = mutation(
  'recordHullingRun',
  'RecordHullingRunInput',
  'RecordHullingRunPayload',
  'run { outputs { id grade } }',
);
async function hull(inputs: { lotId: string; kg: string }[], exportKg: string, huskKg: string): Promise<string> {
  const res = await ok('plant_staff', HULL, {
    idempotencyKey: newKey(),
    plantId: ids.plantLaMerced,
    warehouseId: wh.VERDE,
    startedAt: '2019-12-28T13:00:00Z',
    finishedAt: '2019-12-28T17:00:00Z',
    inputs,
    outputs: [{ grade: 'EXPORT', kg: exportKg }],
    huskKg,
  });
  return res.run.outputs[0].id;
}

/** Farmer-settlements CSV rows of a cooperative as of a date, by farmer row id → sale_credits (cents). */
async function csvCredits(coop: string, asOf: string): Promise<Map<number, bigint>> {
  const res = await fetch(
    `${s.url.replace('/graphql', '')}/exports/farmer-settlements.csv?cooperative=${coop}&campaign=C2019&asOf=${asOf}`,
    { headers: { authorization: `Bearer ${s.tokens.admin}` } },
  );
  expect(res.status).toBe(200);
  const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
  const byNationalId = new Map(rows.map((r) => [r.national_id!, cents(r.sale_credits!)]));
  const farmers = s.db.$client
    .prepare(
      'select f.id, f.national_id as nid from farmers f join cooperatives c on c.id = f.cooperative_id where c.code = ?',
    )
    .all(coop) as { id: number; nid: string }[];
  return new Map(farmers.map((f) => [f.id, byNationalId.get(f.nid)!]));
}

// ---------------------------------------------------------------- fixtures

const PRICE = '1.8375';
/**
 * Batch M: lots of two CAC-PAN farmers (F1, F2) and a CAC-SAT farmer (F3), all graded 80 %, hulled 800 + 800 + 400 kg
 * into 1,500 kg of export green, so they hold it 2 : 2 : 1 and every 100 kg delivered is 40 + 40 + 20 kg, the same each time.
 * Batch X: a lot alone of a farmer of `fresh`, a shareholder cooperative with nothing settled in C2019 and no retention of its own
 * (CAC-OXA in today's seed). The seed may give cooperatives their own retention (e.g. 5 %): read from the table, as
 * there is no query for it, so that our waterfall uses the same %.
 */
const world = once(async () => {
  const r = await s.gql(
    'admin',
    `{ cooperatives(first: 50) { nodes { id code membership farmers(first: 3) { nodes { id } } } } }`,
  );
  const coops: any[] = r.data.cooperatives.nodes;
  const byCode = (code: string) => coops.find((c) => c.code === code)!;
  const coop = Object.fromEntries(
    coops.map((c) => [c.code, { id: c.id as string, membership: c.membership as Membership }]),
  );
  const [F1, F2] = byCode('CAC-PAN').farmers.nodes.map((f: any) => f.id as string);
  const F3 = byCode('CAC-SAT').farmers.nodes[0].id as string;
  const own = s.db.$client
    .prepare(
      'select c.code as code, r.retention_pct as pct from cooperative_retention r join cooperatives c on c.id = r.cooperative_id where r.campaign_id = ?',
    )
    .all(rowId(ids.campaign2019)) as { code: string; pct: string }[];
  for (const r of own) retentionOf.set(byCode(r.code).id, r.pct);
  const settledIn2019 = async (id: string) =>
    (await query(COOP_STATEMENT, { id, c: ids.campaign2019, on: TODAY })).node.statement.paymentsSettled as number;
  let fresh: string | undefined;
  let settledCoop: string | undefined; // a cooperative with coffee settled in C2019 and no retention of its own
  for (const c of coops.filter((x) => !['CAC-PAN', 'CAC-SAT'].includes(x.code) && !retentionOf.has(x.id))) {
    const n = await settledIn2019(c.id);
    if (n === 0 && c.membership === 'SHAREHOLDER' && c.farmers.nodes.length > 0) fresh ??= c.code as string;
    if (n > 0) settledCoop ??= c.code as string;
  }
  expect(fresh, 'a shareholder cooperative with nothing settled in C2019').toBeDefined();
  expect(settledCoop, 'a cooperative settled in C2019').toBeDefined();
  const F5 = byCode(fresh!).farmers.nodes[0].id as string;
  const L1 = await newLot(F1!, 1000, '80');
  const L2 = await newLot(F2!, 1000, '80');
  const L3 = await newLot(F3, 500, '80');
  const L5 = await newLot(F5, 300, '80');
  const M = await hull(
    [
      { lotId: L1, kg: '800' },
      { lotId: L2, kg: '800' },
      { lotId: L3, kg: '400' },
    ],
    '1500',
    '400',
  );
  const X = await hull([{ lotId: L5, kg: '300' }], '225', '60');
  const buyer = (
    await ok('admin', mutation('createBuyer', 'CreateBuyerInput', 'CreateBuyerPayload', 'buyer { id }'), {
      idempotencyKey: newKey(),
      code: 'BUY-REV',
      name: 'Reversal Test Roasters',
      country: 'NL',
    })
  ).buyer.id as string;
  const contract = (
    await ok(
      'admin',
      mutation('createSalesContract', 'CreateSalesContractInput', 'CreateSalesContractPayload', 'contract { id }'),
      {
        idempotencyKey: newKey(),
        code: 'SC-REV-1',
        buyerId: buyer,
        campaignId: ids.campaign2019,
        currency: 'USD',
        grade: 'EXPORT',
        quantityKg: '2000',
        pricePerLb: PRICE,
        fairtrade: false,
        organic: false,
        signedOn: '2019-12-01',
      },
    )
  ).contract.id as string;
  return {
    coop,
    fresh: fresh!,
    settledCoop: settledCoop!,
    F1: F1!,
    F2: F2!,
    F3,
    F5,
    farmerOf: new Map([
      [L1, F1!],
      [L2, F2!],
      [L3, F3],
      [L5, F5],
    ]),
    M,
    X,
    buyer,
    contract,
  };
});

/** Delivers `kg` of a batch on 10 Jan 2020; returns it with its sellers (by lot) and value, checked against our own price arithmetic. */
async function deliver(batch: 'M' | 'X', kg: string) {
  const w = await world();
  const d = (
    await ok('admin', DELIVER, {
      idempotencyKey: newKey(),
      contractId: w.contract,
      plantId: ids.plantLaMerced,
      deliveredAt: '2020-01-10T15:00:00Z',
      inputs: [{ batchId: w[batch], kg }],
    })
  ).delivery;
  const grams = BigInt(d.lots.reduce((a: number, l: any) => a + l.weight.grams, 0));
  expect(grams).toBe(scaled(kg)[0] * (1000n / scaled(kg)[1]));
  const value = centsOf(grams, PRICE);
  expect([d.deliveredOn, BigInt(d.value.minorUnits), d.premium.minorUnits]).toEqual(['2020-01-10', value, '0']);
  const sellers = new Map<string, Seller>();
  for (const l of d.lots) {
    const code = l.cooperative.code as string;
    const c: Seller = sellers.get(code) ?? {
      coop: w.coop[code]!.id,
      code,
      membership: w.coop[code]!.membership,
      farmers: [],
    };
    c.farmers.push({ id: w.farmerOf.get(l.lot.id)!, grams: BigInt(l.weight.grams) });
    sellers.set(code, c);
  }
  return { id: d.id as string, value, sellers: [...sellers.values()] };
}
/** 100 kg of M: CAC-PAN 80 kg (F1 40, F2 40) and CAC-SAT 20 kg (F3). */
async function deliver100() {
  const w = await world();
  const d = await deliver('M', '100');
  const bySeller = d.sellers.map((c) => [c.code, c.farmers.map((f) => [f.id, f.grams]).sort()]).sort();
  expect(bySeller).toEqual([
    [
      'CAC-PAN',
      [
        [w.F1, 40_000n],
        [w.F2, 40_000n],
      ].sort(),
    ],
    ['CAC-SAT', [[w.F3, 20_000n]]],
  ]);
  return d;
}

// ---------------------------------------------------------------- 1. the only payment

describe('reversing the only payment of a delivery', () => {
  const RECEIVED = '2020-01-13';
  const REVERSED = '2020-01-14';
  const RATE = '3.3735';
  const sale = once(async () => {
    const w = await world();
    const d = await deliver100();
    const coopStatement = async (code: string, on: string) =>
      (await query(COOP_STATEMENT, { id: w.coop[code]!.id, c: ids.campaign2019, on })).node.statement;
    const summary = async (on: string) => (await query(SUMMARY, { c: ids.campaign2019, on })).node.moneySummary;
    const farmerOwed = async (f: string, to: string) =>
      BigInt(
        (await query(FARMER_STATEMENT, { id: f, c: ids.campaign2019, to })).node.statement.currencies.find(
          (c: any) => c.currency === 'PEN',
        ).closingOwedToFarmer.minorUnits,
      );
    /** Everything a report says, as of one date. */
    const reports = async (on: string) => ({
      pan: await coopStatement('CAC-PAN', on),
      sat: await coopStatement('CAC-SAT', on),
      summary: await summary(on),
      csvPan: await csvCredits('CAC-PAN', on),
      csvSat: await csvCredits('CAC-SAT', on),
      owed: { F1: await farmerOwed(w.F1, on), F2: await farmerOwed(w.F2, on), F3: await farmerOwed(w.F3, on) },
    });
    const base = {
      books: await books(),
      counts: counts(),
      today: await reports(TODAY),
      received: await reports(RECEIVED),
      reversedOn: await reports(REVERSED),
    };
    const payInputs = payInput(d.id, RECEIVED, fmt(d.value), RATE);
    const payment = (await ok('admin', PAY, payInputs)).payment;
    const paid = {
      books: await books(),
      booksOnReceived: await books(RECEIVED),
      counts: counts(),
      today: await reports(TODAY),
      received: await reports(RECEIVED),
    };
    const input = reverseInput(payment.id, { reversedOn: REVERSED });
    const res = await ok('admin', REVERSE, input);
    const reversed = {
      books: await books(),
      counts: counts(),
      today: await reports(TODAY),
      received: await reports(RECEIVED),
      reversedOn: await reports(REVERSED),
      booksOnReceived: await books(RECEIVED),
    };
    const plan = waterfall(d.value, d.sellers, RATE);
    return { w, d, payment, payInputs, plan, input, res, base, paid, reversed, reports };
  });

  it('settles the payment as the waterfall says, then takes it back: the reversal is set, the buyer owes the whole invoice again', async () => {
    const { d, payment, plan, res } = await sale();
    expect(payment.settlement).toEqual(settlementOf(plan));
    expect(payment.delivery.owed).toEqual(usd(0n));
    expect(payment.reversal).toBeNull();
    expect(res.replayed).toBe(false);
    expect(res.payment.id).toBe(payment.id);
    expect(res.payment.delivery.owed).toEqual(usd(d.value));
    expect(await owedOf(d.id)).toBe(d.value);
    expect(res.payment.reversal).toMatchObject({
      reversedOn: REVERSED,
      reason: 'transfer returned by the bank',
      entry: { kind: 'reversal', occurredOn: REVERSED, reverses: { id: payment.entry.id } },
    });
    // The settlement shown is the one that stood when it was reversed; the entry is still the (now reversed) settlement entry.
    expect(res.payment.settlement).toEqual(payment.settlement);
    expect(res.payment.entry).toMatchObject({
      id: payment.entry.id,
      kind: 'sale_settlement',
      occurredOn: RECEIVED,
      reversedBy: { id: res.payment.reversal.entry.id },
    });
    expect(await paymentNode(payment.id)).toEqual(res.payment);
    expect((await query(DELIVERY_NODE, { id: d.id })).node.payments).toEqual([
      { id: payment.id, reversal: { reversedOn: REVERSED } },
    ]);
  });

  it('posts one reversal entry, the exact negation of the settlement entry, which is left as it was', async () => {
    const { w, d, payment, plan, res, paid, reversed } = await sale();
    expect(linesOf(payment.entry)).toEqual(entryLinesOf(d.value, w.buyer, plan));
    expect(linesOf(res.payment.reversal.entry)).toEqual(negated(linesOf(payment.entry)));
    const original = await entryNode(payment.entry.id);
    expect(linesOf(original)).toEqual(linesOf(payment.entry));
    expect(original).toMatchObject({
      kind: 'sale_settlement',
      occurredOn: RECEIVED,
      reversedBy: { id: res.payment.reversal.entry.id, kind: 'reversal', occurredOn: REVERSED },
    });
    const lines = payment.entry.lines.length;
    expect(grew(paid.counts, reversed.counts)).toEqual({
      sale_payment_reversals: 1,
      journal_entries: 1,
      journal_lines: lines,
      idempotency_keys: 1,
    });
  });

  it('returns every account of the trial balance to exactly its balance before the payment; as of the payment day the payment still stands', async () => {
    const { base, paid, reversed } = await sale();
    expect(nonZero(reversed.books)).toEqual(nonZero(base.books));
    expect(delta(base.books, reversed.books)).toEqual({});
    expect(Object.keys(delta(base.books, paid.books)).length).toBeGreaterThan(5);
    expect(nonZero(reversed.booksOnReceived)).toEqual(nonZero(paid.booksOnReceived));
  });

  it("drops the farmers' credits from the cooperative statements, the campaign summary, the CSV and the farmers' balances from the reversal date on", async () => {
    const { w, d, plan, base, paid, reversed } = await sale();
    // Paying moved the reports by exactly the plan...
    const credits = creditsOf([plan]);
    for (const on of ['today', 'received'] as const) {
      for (const [coop, csv] of [
        ['CAC-PAN', 'csvPan'],
        ['CAC-SAT', 'csvSat'],
      ] as const) {
        for (const [farmer, before] of base[on][csv]) {
          expect(paid[on][csv].get(farmer)! - before, `${coop} farmer ${farmer} ${on}`).toBe(
            credits.get(gid('Farmer', farmer)) ?? 0n,
          );
        }
      }
      for (const f of ['F1', 'F2', 'F3'] as const)
        expect(paid[on].owed[f] - base[on].owed[f], f).toBe(credits.get(w[f])!);
      for (const [code, key] of [
        ['CAC-PAN', 'pan'],
        ['CAC-SAT', 'sat'],
      ] as const) {
        const c = plan.find((x) => x.code === code)!;
        const [a, b] = [base[on][key], paid[on][key]];
        expect(cur(b.creditedToFarmers, 'PEN') - cur(a.creditedToFarmers, 'PEN'), code).toBe(c.pen);
        for (const [field, want] of [
          ['coffee', c.share],
          ['processingFees', c.fee],
          ['commissions', c.commission],
          ['retention', c.retention],
          ['toFarmers', c.toFarmers],
        ] as const) {
          expect(usdOf(b.settled, field) - usdOf(a.settled, field), `${code} ${field}`).toBe(want);
        }
        expect(b.paymentsSettled).toBe(a.paymentsSettled + 1);
      }
      const received = (x: any) => cents(x.summary.revenue.find((r: any) => r.currency === 'USD').received.amount);
      expect(received(paid[on]) - received(base[on])).toBe(d.value);
    }
    // ...and the reversal puts everything back as of today and as of the reversal day, not as of the payment day.
    expect(reversed.today).toEqual(base.today);
    expect(reversed.reversedOn).toEqual(base.reversedOn);
    expect(reversed.received).toEqual(paid.received);
    expect(reversed.received).not.toEqual(base.received);
  });

  it('refuses to reverse it again (ConflictError ALREADY_REVERSED) and writes nothing', async () => {
    const { payment, reversed } = await sale();
    const before = counts();
    const tb = await books();
    for (const role of ['admin', 'admin2'] as const) {
      expect(await send(role, REVERSE, reverseInput(payment.id))).toMatchObject({
        __typename: 'ConflictError',
        code: 'ALREADY_REVERSED',
      });
    }
    expect(counts()).toEqual(before);
    expect(await books()).toEqual(tb);
    expect(nonZero(tb)).toEqual(nonZero(reversed.books));
  });

  it('replays the same request (replayed: true, nothing written) and refuses its key with another reason or date', async () => {
    const { input, res } = await sale();
    const before = counts();
    const again = await ok('admin', REVERSE, input);
    expect(again).toEqual({ ...res, replayed: true });
    expect(counts()).toEqual(before);
    for (const other of [
      { ...input, reason: 'another reason' },
      { ...input, reversedOn: TODAY },
    ]) {
      expect(await send('admin', REVERSE, other)).toMatchObject({
        __typename: 'ConflictError',
        code: 'IDEMPOTENCY_KEY_REUSED',
      });
    }
    expect(counts()).toEqual(before);
  });

  it('answers a retry of the original payment request with the reversed payment (replayed), not a new payment', async () => {
    const { d, payInputs, payment } = await sale();
    const before = counts();
    const again = await ok('admin', PAY, payInputs);
    expect(again.replayed).toBe(true);
    expect(again.payment).toMatchObject({
      id: payment.id,
      reversal: { reversedOn: REVERSED },
      delivery: { owed: usd(d.value) },
    });
    expect(counts()).toEqual(before);
  });

  it('accepts a new payment up to the owed amount again (ABOVE_OWED one cent beyond), settled with the fee due again', async () => {
    const { d } = await sale();
    const before = counts();
    expect(await send('admin', PAY, payInput(d.id, TODAY, fmt(d.value + 1n), '3.37'))).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'amount'], code: 'ABOVE_OWED' }],
    });
    expect(counts()).toEqual(before);
    const again = await pay(d.id, TODAY, d.value, '3.37');
    const plan = waterfall(d.value, d.sellers, '3.37'); // nothing earlier counts: the fee is due whole again
    for (const c of plan) expect(c.fee).toBe(perKg(c.grams, '0.08'));
    expect(again.settlement).toEqual(settlementOf(plan));
    expect(again.delivery.owed).toEqual(usd(0n));
    expect(again.reversal).toBeNull();
    expect(await send('admin', PAY, payInput(d.id, TODAY, '0.01', '3.37'))).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'amount'], code: 'ABOVE_OWED' }],
    });
  });
});

// ---------------------------------------------------------------- 2. instalments settled again

describe('reversing the first of three instalments, which had paid the processing fee', () => {
  /**
   * Delivery A and delivery B are identical (100 kg of M). A is paid 200.00 (takes the whole fee), 5.00 (less than the fee)
   * and the rest; then the first is reversed. B is paid only the second and third payments, same dates and rates: the
   * re-settled A must be B, line for line, and the books must have moved by exactly the same amounts.
   */
  const P = [
    { on: '2020-01-11', rate: '3.3742' },
    { on: '2020-01-12', rate: '3.3801' },
    { on: '2020-01-13', rate: '3.361047' },
  ];
  const sale = once(async () => {
    const A = await deliver100();
    const B = await deliver100();
    const amounts = [20_000n, 500n, A.value - 20_500n];
    const summary = async () => (await query(SUMMARY, { c: ids.campaign2019, on: TODAY })).node.moneySummary;
    const booksA0 = await books();
    const sumA0 = await summary();
    const paid: any[] = [];
    for (const [i, p] of P.entries()) paid.push(await pay(A.id, p.on, amounts[i]!, p.rate));
    const plans = sequence(
      P.map((p, i) => ({ amount: amounts[i]!, rate: p.rate })),
      A.sellers,
    );
    const before = counts();
    const oldEntries = await Promise.all(paid.map((p) => entryNode(p.entry.id)));
    const res = await ok('admin', REVERSE, reverseInput(paid[0].id));
    const after = counts();
    const now = await Promise.all(paid.map((p) => paymentNode(p.id)));
    const booksA1 = await books();
    const sumA1 = await summary();
    const replans = sequence(
      P.slice(1).map((p, i) => ({ amount: amounts[i + 1]!, rate: p.rate })),
      A.sellers,
    );
    // B: only the remaining two payments.
    const booksB0 = await books();
    const paidB: any[] = [];
    for (const i of [1, 2]) paidB.push(await pay(B.id, P[i]!.on, amounts[i]!, P[i]!.rate));
    const booksB1 = await books();
    const sumB1 = await summary();
    return {
      A,
      B,
      amounts,
      paid,
      plans,
      before,
      after,
      oldEntries,
      res,
      now,
      replans,
      paidB,
      booksA0,
      booksA1,
      booksB0,
      booksB1,
      sumA0,
      sumA1,
      sumB1,
    };
  });

  it('first settles the three as the waterfall says: the fee whole from the first, the commission due to date', async () => {
    const { A, paid, plans } = await sale();
    for (const [i, p] of paid.entries()) expect(p.settlement, `payment ${i + 1}`).toEqual(settlementOf(plans[i]!));
    for (const c of plans[0]!) expect(c.fee).toBe(perKg(c.grams, '0.08'));
    expect(plans[1]!.every((c) => c.fee === 0n)).toBe(true);
    expect(paid[2].delivery.owed).toEqual(usd(0n));
    expect(plans.flat().reduce((a, c) => a + c.share, 0n)).toBe(A.value);
  });

  it('settles the later two again without it: the second now takes all it can of the fee, the third the rest and the commission due to date', async () => {
    const { A, amounts, now, replans, res } = await sale();
    expect(res.payment.delivery.owed).toEqual(usd(amounts[0]!));
    expect(await owedOf(A.id)).toBe(amounts[0]!);
    expect(now[0].reversal).toMatchObject({ reversedOn: TODAY, reason: 'transfer returned by the bank' });
    expect(now[1].reversal).toBeNull();
    expect(now[2].reversal).toBeNull();
    const [second, third] = replans as [Plan, Plan];
    expect(now[1].settlement).toEqual(settlementOf(second));
    expect(now[2].settlement).toEqual(settlementOf(third));
    // 5.00 is less than either cooperative's fee (6.40 and 1.60): all of it goes to the fee, nothing to commission or farmers.
    for (const c of second)
      expect(c).toMatchObject({ fee: c.share, commission: 0n, retention: 0n, toFarmers: 0n, pen: 0n });
    for (const c of third) {
      const t = TERMS[A.sellers.find((x) => x.coop === c.coop)!.membership];
      const s2 = second.find((x) => x.coop === c.coop)!;
      expect(s2.fee + c.fee).toBe(perKg(c.grams, t.fee));
      expect(c.commission).toBe(pctOf(s2.share + c.share, t.commission)); // the commission the second could not pay
    }
    expect([...second, ...third].reduce((a, c) => a + c.share, 0n)).toBe(A.value - amounts[0]!);
  });

  it('equals a fresh sequence of only the remaining payments on an identical delivery, line for line, entry for entry', async () => {
    const { now, paidB, replans, A, B } = await sale();
    expect(B.value).toBe(A.value);
    expect(paidB[0].settlement).toEqual(now[1].settlement);
    expect(paidB[1].settlement).toEqual(now[2].settlement);
    expect(paidB[0].settlement).toEqual(settlementOf(replans[0]!));
    expect(linesOf(now[1].entry)).toEqual(linesOf(paidB[0].entry));
    expect(linesOf(now[2].entry)).toEqual(linesOf(paidB[1].entry));
  });

  it('moves every account by exactly what the fresh sequence moves it', async () => {
    const { booksA0, booksA1, booksB0, booksB1 } = await sale();
    expect(delta(booksA0, booksA1)).toEqual(delta(booksB0, booksB1));
  });

  it('reverses the old entries and posts new ones (never edits): 1 + 2 × 2 entries, new settlement lines carry the new entries', async () => {
    const { paid, before, after, oldEntries, now, res } = await sale();
    const newLines = (i: number) => now[i].entry.lines.length;
    const oldLines = (i: number) => oldEntries[i].lines.length;
    const settlementRows = (p: any) => p.settlement.reduce((a: number, c: any) => a + 6 + c.farmers.length, 0);
    expect(grew(before, after)).toEqual({
      sale_payment_reversals: 1,
      idempotency_keys: 1,
      journal_entries: 5,
      journal_lines: oldLines(0) + oldLines(1) + newLines(1) + oldLines(2) + newLines(2),
      settlement_lines: settlementRows(now[1]) + settlementRows(now[2]),
    });
    expect(res.payment.reversal.entry).toMatchObject({
      kind: 'reversal',
      occurredOn: TODAY,
      reverses: { id: paid[0].entry.id },
    });
    for (const i of [0, 1, 2]) {
      const old = await entryNode(paid[i].entry.id);
      expect(old.kind).toBe('sale_settlement');
      expect(old.occurredOn).toBe(P[i]!.on);
      expect(linesOf(old), `entry of payment ${i + 1} unchanged`).toEqual(linesOf(oldEntries[i]));
      expect(old.reversedBy, `entry of payment ${i + 1} reversed`).toMatchObject({
        kind: 'reversal',
        occurredOn: TODAY,
      });
      if (i > 0) {
        expect(now[i].entry.id).not.toBe(paid[i].entry.id);
        expect(now[i].entry).toMatchObject({ kind: 'sale_settlement', occurredOn: TODAY, reversedBy: null });
        expect(linesOf(await entryNode(old.reversedBy.id))).toEqual(negated(linesOf(old)));
      }
    }
    // The settlement lines: the old ones kept with their (reversed) entry, the new ones with the new entry.
    const rows = s.db.$client
      .prepare(
        'select payment_id as p, entry_id as e, count(*) as n from settlement_lines where payment_id in (?, ?, ?) group by payment_id, entry_id order by payment_id, entry_id',
      )
      .all(...paid.map((p) => rowId(p.id))) as { p: number; e: number; n: number }[];
    expect(rows.map((r) => [r.p, r.e])).toEqual([
      [rowId(paid[0].id), rowId(paid[0].entry.id)],
      [rowId(paid[1].id), rowId(paid[1].entry.id)],
      [rowId(paid[1].id), rowId(now[1].entry.id)],
      [rowId(paid[2].id), rowId(paid[2].entry.id)],
      [rowId(paid[2].id), rowId(now[2].entry.id)],
    ]);
  });

  it('moves the campaign summary (as of today) by exactly what the fresh sequence moves it: two payments settled, not three', async () => {
    const { amounts, A, sumA0, sumA1, sumB1 } = await sale();
    const rev = (x: any, k: string) => cents(x.revenue.find((r: any) => r.currency === 'USD')[k].amount);
    const moved = (a: any, b: any) => ({
      payments: b.paymentsSettled - a.paymentsSettled,
      settled: Object.fromEntries(
        ['coffee', 'processingFees', 'commissions', 'retention', 'toFarmers'].map((k) => [
          k,
          usdOf(b.settled, k) - usdOf(a.settled, k),
        ]),
      ),
      farmers: cur(b.creditedToFarmers, 'PEN') - cur(a.creditedToFarmers, 'PEN'),
      received: rev(b, 'received') - rev(a, 'received'),
      outstanding: rev(b, 'outstanding') - rev(a, 'outstanding'),
    });
    const a = moved(sumA0, sumA1);
    expect(a).toEqual(moved(sumA1, sumB1));
    expect(a.payments).toBe(2);
    expect(a.received).toBe(A.value - amounts[0]!);
    expect(a.outstanding).toBe(-(A.value - amounts[0]!));
    expect(a.settled.coffee).toBe(A.value - amounts[0]!);
  });

  it('then reverses the second, already settled again: its latest entry is reversed, and the third settled again as if paid alone', async () => {
    const { A, amounts, now } = await sale();
    const before = counts();
    const res = await ok('admin', REVERSE, reverseInput(now[1].id, { reason: 'bank recalled the transfer' }));
    expect(res.payment.reversal.entry).toMatchObject({
      kind: 'reversal',
      occurredOn: TODAY,
      reverses: { id: now[1].entry.id },
    });
    expect(linesOf(res.payment.reversal.entry)).toEqual(negated(linesOf(now[1].entry)));
    expect(res.payment.settlement).toEqual(now[1].settlement); // as it stood when reversed: the settling again
    const third = await paymentNode(now[2].id);
    const alone = waterfall(amounts[2]!, A.sellers, P[2]!.rate);
    for (const c of alone) expect(c.fee).toBe(perKg(c.grams, '0.08'));
    expect(third.settlement).toEqual(settlementOf(alone));
    expect(third.entry).toMatchObject({ kind: 'sale_settlement', occurredOn: TODAY, reversedBy: null });
    expect((await entryNode(now[2].entry.id)).reversedBy).toMatchObject({ kind: 'reversal', occurredOn: TODAY });
    expect(grew(before, counts())).toMatchObject({ sale_payment_reversals: 1, journal_entries: 3 });
    expect(await owedOf(A.id)).toBe(amounts[0]! + amounts[1]!);
  });

  it('shows the reversal to a manager of a cooperative in the payment, without the entry; to auditors with it', async () => {
    const { paid } = await sale();
    const doc = `query($id: ID!) { node(id: $id) { ... on SalePayment { reversal { reversedOn reason entry { id } } settlement { cooperative { code } } } } }`;
    const manager = await query(doc, { id: paid[0].id }, 'cooperative_manager');
    expect(manager.node).toEqual({
      reversal: { reversedOn: TODAY, reason: 'transfer returned by the bank', entry: null },
      settlement: [{ cooperative: { code: 'CAC-PAN' } }],
    });
    const auditor = await query(doc, { id: paid[0].id }, 'auditor');
    expect(auditor.node.reversal.entry).toEqual({ id: expect.any(String) });
    expect(auditor.node.settlement).toHaveLength(2);
  });
});

describe('reversing a payment the later ones do not depend on', () => {
  it('leaves the later payment\u2019s settlement and entry alone when its figures would not change', async () => {
    const d = await deliver100();
    // 200.00 takes the whole fee; 10.00 and 20.00 split 4 : 1 into shares that are multiples of 2.00 USD, so 1.5 % of them is exact
    // and the third payment's commission due to date is the same with or without the second.
    const amounts = [20_000n, 1_000n, 2_000n];
    const rates = ['3.3742', '3.3801', '3.361047'];
    const paid: any[] = [];
    for (const [i, on] of ['2020-01-11', '2020-01-12', '2020-01-13'].entries())
      paid.push(await pay(d.id, on, amounts[i]!, rates[i]!));
    const plans = sequence(
      amounts.map((amount, i) => ({ amount, rate: rates[i]! })),
      d.sellers,
    );
    const without = sequence(
      [0, 2].map((i) => ({ amount: amounts[i]!, rate: rates[i]! })),
      d.sellers,
    );
    expect(settlementOf(without[1]!)).toEqual(settlementOf(plans[2]!));
    const before = counts();
    const res = await ok('admin', REVERSE, reverseInput(paid[1].id, { reversedOn: '2020-01-12' }));
    expect(res.payment.reversal.entry).toMatchObject({ occurredOn: '2020-01-12', reverses: { id: paid[1].entry.id } });
    expect(grew(before, counts())).toEqual({
      sale_payment_reversals: 1,
      idempotency_keys: 1,
      journal_entries: 1,
      journal_lines: paid[1].entry.lines.length,
    });
    for (const i of [0, 2]) {
      const p = await paymentNode(paid[i].id);
      expect(p.entry, `payment ${i + 1}`).toEqual({ ...paid[i].entry, reversedBy: null });
      expect(p.settlement).toEqual(paid[i].settlement);
    }
    expect(await owedOf(d.id)).toBe(d.value - amounts[0]! - amounts[2]!);
  });

  /** 5.00 and 5.00 both go (mostly) to the fee, so the third payment's fee depends on both; then the second is reversed today. */
  const stacked = once(async () => {
    const d = await deliver100();
    const p1 = await pay(d.id, '2020-01-11', 500n, '3.3742');
    const p2 = await pay(d.id, '2020-01-11', 500n, '3.3801');
    const p3 = await pay(d.id, '2020-01-12', 10_000n, '3.361047');
    await ok('admin', REVERSE, reverseInput(p2.id));
    return { d, p1, p2, p3 };
  });

  it('settles a later payment again with an entry dated today when an earlier one is reversed today', async () => {
    const { d, p3 } = await stacked();
    const third = await paymentNode(p3.id);
    expect(third.entry).toMatchObject({ kind: 'sale_settlement', occurredOn: TODAY, reversedBy: null });
    expect(third.settlement).toEqual(
      settlementOf(
        sequence(
          [
            { amount: 500n, rate: '3.3742' },
            { amount: 10_000n, rate: '3.361047' },
          ],
          d.sellers,
        )[1]!,
      ),
    );
  });

  /*
   * Regression: the third payment's current entry is dated 2020-01-15 (from the second's reversal). Reversing
   * the first dated 2020-01-14 — valid for it — once failed whole with InvalidInputError BEFORE_ORIGINAL at
   * ["input", "occurredOn"] (a field this input does not have), as the third was settled again dated
   * max(receivedOn, reversedOn) = 2020-01-14, before the entry it replaced. It must be accepted, the third
   * settled again with an entry dated no earlier than the one it replaces.
   */
  it('reverses the first payment dated the day before the third was last settled again; the third\u2019s new entry is not dated earlier', async () => {
    const { d, p1, p3 } = await stacked();
    const before = counts();
    const old = (await paymentNode(p3.id)).entry;
    const res = await send('admin', REVERSE, reverseInput(p1.id, { reversedOn: '2020-01-14' }));
    expect(res.__typename, JSON.stringify(res)).toBe('RecordSalePaymentPayload');
    expect(res.payment.reversal).toMatchObject({
      reversedOn: '2020-01-14',
      entry: { occurredOn: '2020-01-14', reverses: { id: p1.entry.id } },
    });
    expect(grew(before, counts())).toMatchObject({ sale_payment_reversals: 1, journal_entries: 3 });
    const third = await paymentNode(p3.id);
    expect(third.settlement).toEqual(settlementOf(waterfall(10_000n, d.sellers, '3.361047')));
    expect(third.entry).toMatchObject({ kind: 'sale_settlement', occurredOn: TODAY, reversedBy: null });
    expect((await entryNode(old.id)).reversedBy).toMatchObject({ kind: 'reversal', occurredOn: TODAY });
    expect(await owedOf(d.id)).toBe(d.value - 10_000n);
  });

  it('refuses to reverse a payment before the day its settlement was last posted (BEFORE_ORIGINAL on reversedOn), writing nothing', async () => {
    const { p3 } = await stacked();
    // The third was received on 12 Jan but its settlement now stands from 15 Jan.
    const before = counts();
    const res = await send('admin', REVERSE, reverseInput(p3.id, { reversedOn: '2020-01-13' }));
    expect(res).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'reversedOn'], code: 'BEFORE_ORIGINAL' }],
    });
    expect(counts()).toEqual(before);
  });
});

// ---------------------------------------------------------------- 3. refusals

describe('reverseSalePayment refusals write nothing', () => {
  /** A live payment of 1.00 received on 13 Jan, on its own delivery. */
  const live = once(async () => {
    const d = await deliver('M', '10');
    return pay(d.id, '2020-01-13', 100n, '3.37');
  });
  type Expect = {
    __typename: string;
    issues?: { path: string[]; code: string }[];
    code?: string;
    path?: string[];
    id?: string;
  };
  const issue = (path: string[], code: string): Expect => ({
    __typename: 'InvalidInputError',
    issues: [{ path, code }],
  });
  const cases: [string, () => Promise<Record<string, unknown>>, Expect][] = [
    [
      'a date before the payment',
      async () => reverseInput((await live()).id, { reversedOn: '2020-01-12' }),
      issue(['input', 'reversedOn'], 'BEFORE_ORIGINAL'),
    ],
    [
      'a date long before the payment',
      async () => reverseInput((await live()).id, { reversedOn: '2019-01-01' }),
      issue(['input', 'reversedOn'], 'BEFORE_ORIGINAL'),
    ],
    [
      'tomorrow',
      async () => reverseInput((await live()).id, { reversedOn: '2020-01-16' }),
      issue(['input', 'reversedOn'], 'IN_FUTURE'),
    ],
    [
      'a reason of two letters',
      async () => reverseInput((await live()).id, { reason: 'no' }),
      issue(['input', 'reason'], 'INVALID_REASON'),
    ],
    [
      'a reason of blanks',
      async () => reverseInput((await live()).id, { reason: '      ' }),
      issue(['input', 'reason'], 'INVALID_REASON'),
    ],
    [
      'a reason of 501 characters',
      async () => reverseInput((await live()).id, { reason: 'x'.repeat(501) }),
      issue(['input', 'reason'], 'INVALID_REASON'),
    ],
    [
      'a reason with a control character',
      async () => reverseInput((await live()).id, { reason: 'bank\u0007 returned it' }),
      issue(['input', 'reason'], 'INVALID_REASON'),
    ],
    [
      'an unknown payment',
      async () => reverseInput(gid('SalePayment', 999_999)),
      { __typename: 'NotFoundError', path: ['input', 'paymentId'], id: gid('SalePayment', 999_999) },
    ],
    [
      'a delivery ID as the payment',
      async () => reverseInput(gid('SaleDelivery', 1)),
      issue(['input', 'paymentId'], 'WRONG_ID_TYPE'),
    ],
    ['a malformed ID', async () => reverseInput('not an id!'), issue(['input', 'paymentId'], 'MALFORMED_ID')],
    [
      'a payment ID of 0',
      async () => reverseInput(gid('SalePayment', 0)),
      issue(['input', 'paymentId'], 'MALFORMED_ID'),
    ],
    [
      'a bad idempotency key',
      async () => ({ ...reverseInput((await live()).id), idempotencyKey: 'short' }),
      issue(['input', 'idempotencyKey'], 'INVALID_IDEMPOTENCY_KEY'),
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(`refuses ${name}: ${expected.issues?.[0]?.code ?? expected.__typename}`, async () => {
      const i = await input();
      const before = counts();
      const res = await send('admin', REVERSE, i);
      expect(res, JSON.stringify(res)).toMatchObject(expected);
      if (expected.issues) expect(res.issues).toEqual(expected.issues);
      expect(counts()).toEqual(before);
    });
  }

  it('refuses a date that does not exist at the GraphQL layer (BAD_USER_INPUT: INVALID_DATE is not reachable over HTTP)', async () => {
    const p = await live();
    const before = counts();
    for (const reversedOn of ['2020-02-30', '2020-1-14', 'yesterday']) {
      const r = await s.gql('admin', REVERSE, { i: reverseInput(p.id, { reversedOn }) });
      expect(r.data ?? null, reversedOn).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(counts()).toEqual(before);
  });

  it('lets only admins reverse payments (ForbiddenError for every other role, nothing written)', async () => {
    const p = await live();
    const before = counts();
    const tb = await books();
    for (const role of [
      'cooperative_manager',
      'cooperative_manager_other',
      'plant_staff',
      'plant_staff_satipo',
      'lender',
      'auditor',
    ] as const) {
      expect((await send(role, REVERSE, reverseInput(p.id))).__typename, role).toBe('ForbiddenError');
    }
    const r = await s.gql(null, REVERSE, { i: reverseInput(p.id) });
    expect(r.data?.reverseSalePayment ?? null).toBeNull();
    expect(counts()).toEqual(before);
    expect(await books()).toEqual(tb);
    expect((await paymentNode(p.id)).reversal).toBeNull();
  });

  it('accepts the reversal on the payment day itself (the earliest date allowed), and defaults to today when no date is given', async () => {
    const p = await live();
    const res = await ok('admin', REVERSE, reverseInput(p.id, { reversedOn: '2020-01-13' }));
    expect(res.payment.reversal).toMatchObject({ reversedOn: '2020-01-13', entry: { occurredOn: '2020-01-13' } });
    const d = await deliver('M', '10');
    const q = await pay(d.id, '2020-01-13', 100n, '3.37');
    const res2 = await ok('admin', REVERSE, reverseInput(q.id, { reason: '  duplicate of a transfer  ' }));
    expect(res2.payment.reversal).toMatchObject({
      reversedOn: TODAY,
      reason: 'duplicate of a transfer',
      entry: { occurredOn: TODAY },
    });
  });
});

// ---------------------------------------------------------------- 4. a cooperative's own retention

describe('setCooperativeRetention', () => {
  const retainInput = (coop: string, pct: string, over: Record<string, unknown> = {}) => ({
    idempotencyKey: newKey(),
    campaignId: ids.campaign2019,
    cooperativeId: coop,
    retentionPercent: pct,
    ...over,
  });

  it('sets a cooperative\u2019s C2019 retention before its first settlement; the next payment retains that % (exactly, 4 decimals)', async () => {
    const w = await world();
    const oxa = w.coop[w.fresh]!.id;
    const s0 = (await query(COOP_STATEMENT, { id: oxa, c: ids.campaign2019, on: TODAY })).node.statement;
    expect(s0.paymentsSettled).toBe(0);
    const input = retainInput(oxa, '7.125');
    const before = counts();
    expect(await ok('admin', RETAIN, input)).toEqual({ __typename: 'SetSettlementTermsPayload', replayed: false });
    expect(grew(before, counts())).toEqual({ cooperative_retention: 1, idempotency_keys: 1 });
    const mid = counts();
    expect(await ok('admin', RETAIN, input)).toEqual({ __typename: 'SetSettlementTermsPayload', replayed: true });
    expect(await send('admin', RETAIN, { ...input, retentionPercent: '7.5' })).toMatchObject({
      __typename: 'ConflictError',
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(await send('admin', RETAIN, retainInput(oxa, '5'))).toMatchObject({
      __typename: 'ConflictError',
      code: 'RETENTION_SET',
    });
    expect(counts()).toEqual(mid);
    retentionOf.set(oxa, '7.125');

    const d = await deliver('X', '50');
    expect(d.sellers.map((c) => c.code)).toEqual([w.fresh]);
    const amount = 5_000n;
    const p = await pay(d.id, '2020-01-14', amount, '3.3801');
    const plan = waterfall(amount, d.sellers, '3.3801');
    const c = plan[0]!;
    expect(c.retention).toBe(pctOf(c.share - c.fee - c.commission, '7.125'));
    expect(c.retention).not.toBe(pctOf(c.share - c.fee - c.commission, '3'));
    expect(p.settlement).toEqual(settlementOf(plan));
    expect(linesOf(p.entry)).toEqual(entryLinesOf(amount, w.buyer, plan));
    // Its second payment too.
    const p2 = await pay(d.id, TODAY, d.value - amount, '3.37');
    expect(p2.settlement).toEqual(settlementOf(waterfall(d.value - amount, d.sellers, '3.37', [plan])));
    // Once set (and settled), no more changes.
    expect(await send('admin', RETAIN, retainInput(oxa, '3'))).toMatchObject({
      __typename: 'ConflictError',
      code: 'RETENTION_SET',
    });
  });

  it('refuses once the cooperative\u2019s coffee in the campaign was settled (ALREADY_SETTLED), its own manager too', async () => {
    const w = await world();
    const before = counts();
    // CAC-SAT's coffee was settled by the payments above (the seed settled none of it); it has no retention of its own.
    expect(retentionOf.has(w.coop['CAC-SAT']!.id)).toBe(false);
    for (const role of ['admin', 'cooperative_manager_other'] as const) {
      expect(await send(role, RETAIN, retainInput(w.coop['CAC-SAT']!.id, '5')), role).toMatchObject({
        __typename: 'ConflictError',
        code: 'ALREADY_SETTLED',
      });
    }
    expect(await send('admin', RETAIN, retainInput(w.coop[w.settledCoop]!.id, '5'))).toMatchObject({
      __typename: 'ConflictError',
      code: 'ALREADY_SETTLED',
    });
    // Pangoa's manager is let through for Pangoa, and refused as its coffee was settled above (or its own % set by the seed).
    const pan = w.coop['CAC-PAN']!.id;
    expect(await send('cooperative_manager', RETAIN, retainInput(pan, '6'))).toMatchObject({
      __typename: 'ConflictError',
      code: retentionOf.has(pan) ? 'RETENTION_SET' : 'ALREADY_SETTLED',
    });
    expect(counts()).toEqual(before);
  });

  it('lets a manager set their own cooperative\u2019s, not another\u2019s; other roles none; another campaign\u2019s payments keep the membership %', async () => {
    const w = await world();
    const sat = w.coop['CAC-SAT']!.id;
    const before = counts();
    for (const role of ['cooperative_manager', 'plant_staff', 'lender', 'auditor'] as const) {
      expect((await send(role, RETAIN, retainInput(sat, '5', { campaignId: ids.campaign2020 }))).__typename, role).toBe(
        'ForbiddenError',
      );
    }
    expect((await send('cooperative_manager', RETAIN, retainInput(gid('Cooperative', 999_999), '5'))).__typename).toBe(
      'ForbiddenError',
    );
    expect(counts()).toEqual(before);
    expect(
      await ok('cooperative_manager_other', RETAIN, retainInput(sat, '10', { campaignId: ids.campaign2020 })),
    ).toEqual({ __typename: 'SetSettlementTermsPayload', replayed: false });
    expect(
      await ok(
        'cooperative_manager',
        RETAIN,
        retainInput(w.coop['CAC-PAN']!.id, '4.5', { campaignId: ids.campaign2020 }),
      ),
    ).toMatchObject({ replayed: false });
    expect(grew(before, counts())).toEqual({ cooperative_retention: 2, idempotency_keys: 2 });
    expect(await send('admin', RETAIN, retainInput(sat, '10', { campaignId: ids.campaign2020 }))).toMatchObject({
      __typename: 'ConflictError',
      code: 'RETENTION_SET',
    });
    // Their C2019 coffee is still retained at the C2019 % (CAC-SAT the shareholder 3 %).
    const d = await deliver100();
    const p = await pay(d.id, TODAY, 10_000n, '3.37');
    const plan = waterfall(10_000n, d.sellers, '3.37');
    const sat2019 = plan.find((c) => c.code === 'CAC-SAT')!;
    expect(sat2019.retention).toBe(pctOf(sat2019.share - sat2019.fee - sat2019.commission, '3'));
    expect(p.settlement).toEqual(settlementOf(plan));
  });

  const bad: [string, string, string][] = [
    ['100.5', 'OUT_OF_RANGE', 'more than 100'],
    ['-1', 'OUT_OF_RANGE', 'negative'],
    ['1.23456', 'INVALID_DECIMAL', '5 decimals'],
  ];
  for (const [pct, code, what] of bad) {
    it(`refuses a retention of ${pct} (${what}): ${code}`, async () => {
      const before = counts();
      const res = await send('admin', RETAIN, retainInput(ids.otherCoop, pct, { campaignId: ids.campaign2020 }));
      expect(res).toEqual({
        __typename: 'InvalidInputError',
        message: expect.any(String),
        issues: [{ path: ['input', 'retentionPercent'], code }],
      });
      expect(counts()).toEqual(before);
    });
  }

  it('refuses "abc" at the GraphQL layer, unknown cooperatives and campaigns, IDs of the wrong type', async () => {
    const before = counts();
    const r = await s.gql('admin', RETAIN, { i: retainInput(ids.otherCoop, 'abc') });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await send('admin', RETAIN, retainInput(gid('Cooperative', 999_999), '5'))).toMatchObject({
      __typename: 'NotFoundError',
      path: ['input', 'cooperativeId'],
      id: gid('Cooperative', 999_999),
    });
    expect(
      await send('admin', RETAIN, retainInput(ids.otherCoop, '5', { campaignId: gid('HarvestCampaign', 999_999) })),
    ).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'campaignId'] });
    expect(await send('admin', RETAIN, retainInput(ids.campaign2019, '5'))).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'cooperativeId'], code: 'WRONG_ID_TYPE' }],
    });
    expect(counts()).toEqual(before);
  });

  it('accepts the bounds 0 and 100', async () => {
    const w = await world();
    for (const [code, pct] of [
      ['CAC-VRI', '0'],
      ['CAC-PER', '100'],
    ] as const) {
      expect(
        await ok('admin', RETAIN, retainInput(w.coop[code]!.id, pct, { campaignId: ids.campaign2020 })),
        code,
      ).toMatchObject({ replayed: false });
    }
  });
});

// ---------------------------------------------------------------- the books

describe('the trial balance after everything', () => {
  it('stays balanced, and no journal entry was ever edited: every reversal negates its entry exactly', async () => {
    await books();
    const pairs = s.db.$client
      .prepare(
        `select r.id as r, r.reverses_entry_id as o from journal_entries r where r.reverses_entry_id is not null`,
      )
      .all() as { r: number; o: number }[];
    expect(pairs.length).toBeGreaterThan(5);
    const sum =
      s.db.$client.prepare(`select a.code as code, sum(cast(l.amount_minor as integer)) as m from journal_lines l join ledger_accounts a on a.id = l.account_id
      where l.entry_id in (?, ?) group by a.code having m <> 0`);
    for (const p of pairs) expect(sum.all(p.r, p.o), `entry ${p.r} reverses ${p.o}`).toEqual([]);
  });
});
