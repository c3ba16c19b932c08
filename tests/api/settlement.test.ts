/**
 * Payments received and their settlement through real GraphQL: the waterfall
 * per cooperative and farmer worked out exactly (bigint, half-even, largest
 * remainder) and compared to the cent, instalments and the processing fee,
 * the ledger entry, the farmer's statement, every typed refusal, retries,
 * who may write and read, and the trial balance. All coffee sold here comes
 * from lots this file receives, grades and hulls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, type TestServer, demoIds, startServer } from '../support/server.js';
import { fixtures, keyMaker, once } from '../support/fixtures.js';
import { cents, centsOf, fmt, gid, min, pctOf, perKg, rowId, scaled, split, toPen } from '../support/exact.js';

let s: TestServer;
let ids: Awaited<ReturnType<typeof demoIds>>;
let wh: Record<string, string>;
/** Every account's balance before this file recorded any payment. */
let booksBefore: Map<string, bigint>;

const BOOKS =
  '{ trialBalance { balanced accounts { code balance { minorUnits } } currencies { currency balanced debits { minorUnits } credits { minorUnits } } } }';
const books = async () => (await s.gql('admin', BOOKS)).data.trialBalance;
const balances = (tb: any) =>
  new Map<string, bigint>(tb.accounts.map((a: any) => [a.code, BigInt(a.balance.minorUnits)]));

beforeAll(async () => {
  s = await startServer();
  ids = await demoIds(s);
  const r = await s.gql('admin', '{ plants { code warehouses { id code } } }');
  wh = Object.fromEntries(
    r.data.plants.flatMap((p: any) => (p.code === 'PLT-LM' ? p.warehouses.map((w: any) => [w.code, w.id]) : [])),
  );
  booksBefore = balances(await books());
});
afterAll(() => s.close());

// ---------------------------------------------------------------- exact arithmetic (independent of the server's)

const usd = (minor: bigint) => ({ currency: 'USD', amount: fmt(minor) });
const pen = (minor: bigint) => ({ currency: 'PEN', amount: fmt(minor) });

/** The C2019 USD terms the demo seed sets. */
const TERMS = {
  SHAREHOLDER: { fee: '0.08', commission: '1.5', retention: '3' },
  AFFILIATED: { fee: '0.12', commission: '2.5', retention: '3' },
} as const;
type Membership = keyof typeof TERMS;

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

/** The waterfall of one payment (no Fairtrade premium), from the rules in docs/settlement.md. */
function waterfall(
  amount: bigint,
  sellers: Seller[],
  feePaid: Map<string, bigint>,
  rate: string,
  earlier: CoopPlan[] = [],
): CoopPlan[] {
  const coops = [...sellers].sort((a, b) => rowId(a.coop) - rowId(b.coop));
  const gramsOf = (c: Seller) => c.farmers.reduce((a, f) => a + f.grams, 0n);
  const shares = split(
    amount,
    coops.map((c) => ({ id: rowId(c.coop), w: gramsOf(c) })),
  );
  return coops.map((c, i) => {
    const t = TERMS[c.membership];
    const grams = gramsOf(c);
    const share = shares[i]!;
    let left = share;
    const due = perKg(grams, t.fee) - (feePaid.get(c.coop) ?? 0n);
    const fee = due > 0n ? min(due, left) : 0n;
    left -= fee;
    // Commission is due to date: the % of all this cooperative's shares so far, less what earlier payments took.
    const before = earlier.find((e) => e.coop === c.coop);
    const commissionDue = pctOf((before?.share ?? 0n) + share, t.commission) - (before?.commission ?? 0n);
    const commission = commissionDue > 0n ? min(commissionDue, left) : 0n;
    left -= commission;
    const retention = pctOf(left, t.retention);
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
/** What `SalePayment.settlement` should answer for a plan (farmers largest first). */
const settlementOf = (plan: CoopPlan[]) =>
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
/** The ledger lines the entry should hold, as sorted "code amount" strings. */
function entryLinesOf(amount: bigint, buyer: string, plan: CoopPlan[]): string[] {
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
const ENTRY = 'entry { kind occurredOn lines { account { code } amount { currency amount minorUnits } } }';
const SETTLEMENT = `settlement { cooperative { id code } weight { grams } share ${MONEY} premium ${MONEY} processingFee ${MONEY} commission ${MONEY}
  loanRepayments ${MONEY} retention ${MONEY} toFarmers ${MONEY} farmers { farmer { id } weight { grams } amount ${MONEY} } }`;
const PAYMENT = `id receivedOn amount ${MONEY} exchangeRate { base quote rate ratedOn source } delivery { id owed ${MONEY} } ${SETTLEMENT} ${ENTRY}`;
const PAY = mutation(
  'recordSalePayment',
  'RecordSalePaymentInput',
  'RecordSalePaymentPayload',
  `payment { ${PAYMENT} }`,
);
const TERMS_DOC = mutation('setSettlementTerms', 'SetSettlementTermsInput', 'SetSettlementTermsPayload', '');
const DELIVER = mutation(
  'recordSaleDelivery',
  'RecordSaleDeliveryInput',
  'RecordSaleDeliveryPayload',
  `delivery { id deliveredOn value { minorUnits } premium { minorUnits } lots { lot { id } cooperative { code } weight { grams } } }`,
);
const DELIVERY_NODE = `query($id: ID!) { node(id: $id) { ... on SaleDelivery { owed ${MONEY} payments { id amount ${MONEY} } } } }`;
const PAYMENT_NODE = `query($id: ID!) { node(id: $id) { ... on SalePayment { id amount ${MONEY} ${SETTLEMENT} entry { kind } } } }`;
const STATEMENT = `query($id: ID!, $c: ID!, $to: Date) { node(id: $id) { ... on Farmer { statement(campaignId: $c, to: $to) { currencies {
  currency openingOwedToFarmer { minorUnits } closingOwedToFarmer { minorUnits } advancesPaid { minorUnits }
  lines { kind occurredOn lot { id } paidToFarmer ${MONEY} creditedToFarmer ${MONEY} owedToFarmer { minorUnits } } } } } } }`;

// ---------------------------------------------------------------- helpers

const newKey = keyMaker('settlement-test');
const { send, ok, newLot } = fixtures(
  () => s,
  () => ids,
  newKey,
);
const TABLES = [
  'sale_payments',
  'settlement_lines',
  'exchange_rates',
  'journal_entries',
  'journal_lines',
  'idempotency_keys',
  'settlement_terms',
];
const counts = (): Record<string, number> => Object.fromEntries(TABLES.map((t) => [t, s.count(t)]));

/** Every payment this file had accepted, USD cents, and the plans not kept by a fixture (for the books at the end). */
const accepted: bigint[] = [];
const extraPlans: CoopPlan[][] = [];
const payInput = (
  deliveryId: string,
  receivedOn: string,
  amount: string,
  rate: string | null,
  over: Record<string, unknown> = {},
) => ({
  idempotencyKey: newKey(),
  deliveryId,
  receivedOn,
  amount,
  currency: 'USD',
  ...(rate ? { exchangeRate: { rate, source: `SBS tipo de cambio compra ${receivedOn}` } } : {}),
  ...over,
});
async function pay(input: Record<string, unknown>) {
  const res = await ok('admin', PAY, input);
  if (!res.replayed) accepted.push(cents(input.amount as string));
  return res.payment;
}

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

// ---------------------------------------------------------------- fixtures

const PRICE = '1.8375';
/**
 * Lots of two CAC-PAN farmers (F1, F2) and a CAC-SAT farmer (F3) hulled together into batch M;
 * a lot of an affiliated cooperative's farmer (F4) hulled alone into batch Q. One fixed-price contract.
 */
const world = once(async () => {
  const r = await s.gql(
    'admin',
    `{ cooperatives(first: 50) { nodes { id code membership farmers(first: 3) { nodes { id } } } } }`,
  );
  const coops: any[] = r.data.cooperatives.nodes;
  const byCode = (code: string) => coops.find((c) => c.code === code)!;
  const aff = coops.find((c) => c.membership === 'AFFILIATED')!;
  const coop = Object.fromEntries(
    coops.map((c) => [c.code, { id: c.id as string, membership: c.membership as Membership }]),
  );
  const [F1, F2] = byCode('CAC-PAN').farmers.nodes.map((f: any) => f.id as string);
  const F3 = byCode('CAC-SAT').farmers.nodes[0].id as string;
  const F4 = aff.farmers.nodes[0].id as string;
  const L1 = await newLot(F1!, 1000, '80');
  const L2 = await newLot(F2!, 500, '76');
  const L3 = await newLot(F3, 800, '70');
  const L4 = await newLot(F4, 300, '75');
  const M = await hull(
    [
      { lotId: L1, kg: '700' },
      { lotId: L2, kg: '450' },
      { lotId: L3, kg: '600' },
    ],
    '1300',
    '400',
  );
  const Q = await hull([{ lotId: L4, kg: '300' }], '220', '70');
  const buyer = (
    await ok('admin', mutation('createBuyer', 'CreateBuyerInput', 'CreateBuyerPayload', 'buyer { id }'), {
      idempotencyKey: newKey(),
      code: 'BUY-STL',
      name: 'Settlement Test Roasters',
      country: 'NL',
    })
  ).buyer.id as string;
  const contract = (
    await ok(
      'admin',
      mutation('createSalesContract', 'CreateSalesContractInput', 'CreateSalesContractPayload', 'contract { id }'),
      {
        idempotencyKey: newKey(),
        code: 'SC-STL-1',
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
    aff: aff.code as string,
    F1: F1!,
    F2: F2!,
    F3,
    F4,
    farmerOf: new Map([
      [L1, F1!],
      [L2, F2!],
      [L3, F3],
      [L4, F4],
    ]),
    L1,
    M,
    Q,
    buyer,
    contract,
  };
});

/** Delivers `kg` of a batch on 10 Jan 2020; returns it with its sellers and value, checked against our own price arithmetic. */
async function deliver(batch: 'M' | 'Q', kg: string) {
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

/** Case 1: 250.5 kg of M, paid in full at 3.3735 on 13 Jan. */
const sale1 = once(async () => {
  const d = await deliver('M', '250.5');
  const before = counts();
  const input = payInput(d.id, '2020-01-13', fmt(d.value), '3.3735');
  const payment = await pay(input);
  return { d, input, payment, before, after: counts(), plan: waterfall(d.value, d.sellers, new Map(), '3.3735') };
});
/** Case 2: 180 kg of M, paid 60 % on 14 Jan at 3.3801 and the rest on 15 Jan (today) at 3.361047 (6 decimals). */
const sale2 = once(async () => {
  const d = await deliver('M', '180');
  const first = (d.value * 60n) / 100n;
  const p1 = await pay(payInput(d.id, '2020-01-14', fmt(first), '3.3801'));
  const plan1 = waterfall(first, d.sellers, new Map(), '3.3801');
  const p2 = await pay(payInput(d.id, '2020-01-15', fmt(d.value - first), '3.361047'));
  const plan2 = waterfall(d.value - first, d.sellers, new Map(plan1.map((c) => [c.coop, c.fee])), '3.361047', plan1);
  return { d, first, p1, p2, plan1, plan2 };
});
/** Case 2b: 40 kg of Q (affiliated), paid 1.00 on the delivery day (less than the fee), then the rest. */
const sale3 = once(async () => {
  const d = await deliver('Q', '40');
  const p1 = await pay(payInput(d.id, '2020-01-10', '1.00', '3.3742'));
  const plan1 = waterfall(100n, d.sellers, new Map(), '3.3742');
  const p2 = await pay(payInput(d.id, '2020-01-15', fmt(d.value - 100n), '3.37'));
  const plan2 = waterfall(d.value - 100n, d.sellers, new Map(plan1.map((c) => [c.coop, c.fee])), '3.37', plan1);
  return { d, p1, p2, plan1, plan2 };
});
/** An unpaid 10 kg delivery of M, for refusals and retries. */
const open = once(async () => deliver('M', '10'));

const owedOf = async (deliveryId: string) => (await s.gql('admin', DELIVERY_NODE, { id: deliveryId })).data.node;

// ---------------------------------------------------------------- 1. the worked case

describe('a payment in full, settled to the cent', () => {
  it('checks the sellers: two CAC-PAN farmers and a CAC-SAT one, CAC-SAT a shareholder by the API', async () => {
    const w = await world();
    const m = await s.gql(
      'admin',
      `query($id: ID!) { node(id: $id) { ... on Farmer { cooperative { code membership } } } }`,
      { id: w.F3 },
    );
    expect(m.data.node.cooperative).toEqual({ code: 'CAC-SAT', membership: w.coop['CAC-SAT']!.membership });
    expect([w.coop['CAC-PAN']!.membership, w.coop['CAC-SAT']!.membership]).toEqual(['SHAREHOLDER', 'SHAREHOLDER']);
    const { d } = await sale1();
    expect(d.sellers.map((c) => [c.code, c.farmers.map((f) => f.id).sort()]).sort()).toEqual([
      ['CAC-PAN', [w.F1, w.F2].sort()],
      ['CAC-SAT', [w.F3]],
    ]);
  });

  it('splits the payment by grams and runs fee, commission, retention and conversion for each cooperative', async () => {
    const { d, payment, plan } = await sale1();
    expect(payment.amount).toEqual(usd(d.value));
    expect(payment.exchangeRate).toEqual({
      base: 'USD',
      quote: 'PEN',
      rate: '3.3735',
      ratedOn: '2020-01-13',
      source: 'SBS tipo de cambio compra 2020-01-13',
    });
    expect(payment.settlement).toEqual(settlementOf(plan));
    // The worked numbers hold together: every cent of the payment is accounted for, the fee was taken whole.
    expect(plan.reduce((a, c) => a + c.share, 0n)).toBe(d.value);
    for (const c of plan) {
      expect(c.fee).toBe(perKg(c.grams, '0.08'));
      expect(c.fee + c.commission + c.retention + c.toFarmers).toBe(c.share);
      expect(c.farmers.reduce((a, f) => a + f.amount, 0n)).toBe(toPen(c.toFarmers, '3.3735'));
    }
    expect(payment.delivery.owed).toEqual(usd(0n));
    expect((await owedOf(d.id)).owed).toEqual(usd(0n));
  });

  it('writes one payment, one rate, its settlement lines and one balanced sale_settlement entry crediting exactly the farmers', async () => {
    const { d, payment, plan, before, after } = await sale1();
    const w = await world();
    const grew = (t: string) => after[t]! - before[t]!;
    expect(['sale_payments', 'exchange_rates', 'journal_entries'].map(grew)).toEqual([1, 1, 1]);
    expect(grew('settlement_lines')).toBe(plan.reduce((a, c) => a + 6 + c.farmers.length, 0));
    const e = payment.entry;
    expect([e.kind, e.occurredOn]).toEqual(['sale_settlement', '2020-01-13']);
    expect(e.lines.map((l: any) => `${l.account.code} ${l.amount.minorUnits}`).sort()).toEqual(
      entryLinesOf(d.value, w.buyer, plan),
    );
    for (const cur of ['USD', 'PEN']) {
      expect(
        e.lines
          .filter((l: any) => l.amount.currency === cur)
          .reduce((a: bigint, l: any) => a + BigInt(l.amount.minorUnits), 0n),
        cur,
      ).toBe(0n);
    }
    const credits = e.lines.filter((l: any) => l.amount.currency === 'PEN' && l.account.code.startsWith('farmer:'));
    expect(credits.map((l: any) => [l.account.code, l.amount.amount]).sort()).toEqual(
      plan
        .flatMap((c) => c.farmers)
        .map((f) => [`farmer:${rowId(f.id)}:farmer_balance:PEN`, fmt(-f.amount)])
        .sort(),
    );
    expect((await owedOf(d.id)).payments).toEqual([{ id: payment.id, amount: usd(d.value) }]);
  });
});

describe('half-even, where it shows', () => {
  it('rounds commission, retention and conversion ties to even: 4.20 USD of affiliated coffee at 3.325', async () => {
    const d = await deliver('Q', '5');
    const payment = await pay(payInput(d.id, '2020-01-14', '4.20', '3.325'));
    const plan = waterfall(420n, d.sellers, new Map(), '3.325');
    extraPlans.push(plan);
    // fee 5 kg × 0.12 = 0.60; commission 2.5 % × 4.20 = 0.105 → 0.10; retention 3 % × 3.50 = 0.105 → 0.10;
    // 3.40 × 3.325 = 11.305 → 11.30 PEN (half-up would give 0.11, 0.11 and 11.31).
    expect(plan[0]).toMatchObject({
      share: 420n,
      fee: 60n,
      commission: 10n,
      retention: 10n,
      toFarmers: 340n,
      pen: 1130n,
    });
    expect(payment.settlement).toEqual(settlementOf(plan));
    expect(payment.delivery.owed).toEqual(usd(d.value - 420n));
  });
});

// ---------------------------------------------------------------- 2. instalments

describe('instalments', () => {
  it('takes the processing fee from the first payment only; the shares of both payments add up to the delivery', async () => {
    const { d, first, p1, p2, plan1, plan2 } = await sale2();
    expect(p1.settlement).toEqual(settlementOf(plan1));
    expect(p2.settlement).toEqual(settlementOf(plan2));
    for (const c of plan1) expect(c.fee).toBe(perKg(c.grams, '0.08'));
    expect(p2.settlement.map((c: any) => c.processingFee)).toEqual(plan2.map(() => usd(0n)));
    expect(p1.delivery.owed).toEqual(usd(d.value - first));
    expect(p2.delivery.owed).toEqual(usd(0n));
    const shares = [...p1.settlement, ...p2.settlement].reduce((a: bigint, c: any) => a + cents(c.share.amount), 0n);
    expect(shares).toBe(d.value);
    const node = await owedOf(d.id);
    expect(node).toEqual({
      owed: usd(0n),
      payments: [
        { id: p1.id, amount: usd(first) },
        { id: p2.id, amount: usd(d.value - first) },
      ],
    });
  });

  it('takes what the first payment can of the fee when its share is smaller, and the remainder from the second', async () => {
    const { d, p1, p2, plan1, plan2 } = await sale3();
    const w = await world();
    expect(d.sellers.map((c) => [c.code, c.membership])).toEqual([[w.aff, 'AFFILIATED']]);
    const fee = perKg(40_000n, '0.12'); // 40 kg × 0.12 = 4.80 USD
    expect(fee).toBe(480n);
    // 1.00 USD, all of it to the fee: nothing for commission, retention or the farmer.
    expect(p1.settlement).toEqual(settlementOf(plan1));
    expect(plan1[0]).toMatchObject({ share: 100n, fee: 100n, commission: 0n, retention: 0n, toFarmers: 0n, pen: 0n });
    expect(p1.entry.lines.map((l: any) => `${l.account.code} ${l.amount.minorUnits}`).sort()).toEqual(
      entryLinesOf(100n, w.buyer, plan1),
    );
    expect(p1.delivery.owed).toEqual(usd(d.value - 100n));
    expect(p2.settlement).toEqual(settlementOf(plan2));
    expect(plan2[0]!.fee).toBe(fee - 100n);
    expect(p2.delivery.owed).toEqual(usd(0n));
    expect(plan1[0]!.share + plan2[0]!.share).toBe(d.value);
    // The commission the first payment could not cover is taken from the second: in all, 2.5 % of the whole share.
    expect(plan1[0]!.commission + plan2[0]!.commission).toBe(pctOf(d.value, '2.5'));
  });
});

// ---------------------------------------------------------------- 3. the farmer's statement

describe("the farmer's statement", () => {
  it('shows the advance paid at intake and the settlement credit; the balance moves by credit − advance and may stay negative', async () => {
    const w = await world();
    const { plan } = await sale1();
    const credit = plan.flatMap((c) => c.farmers).find((f) => f.id === w.F1)!.amount;
    const prices = (
      await s.gql(
        'admin',
        `query($id: ID!) { node(id: $id) { ... on HarvestCampaign { advancePrices {
      cooperative { code } currency pricePerKg effectiveFrom } } } }`,
        { id: ids.campaign2019 },
      )
    ).data.node.advancePrices
      .filter((p: any) => p.cooperative.code === 'CAC-PAN' && p.effectiveFrom <= '2019-11-20')
      .sort((a: any, b: any) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1));
    expect(prices[0].currency).toBe('PEN');
    const advance = perKg(1_000_000n, prices[0].pricePerKg);
    const lot = await s.gql('admin', `query($id: ID!) { node(id: $id) { ... on Lot { advancePaid ${MONEY} } } }`, {
      id: w.L1,
    });
    expect(lot.data.node.advancePaid).toEqual(pen(advance));

    const statement = async (to: string) => {
      const r = await s.gql('admin', STATEMENT, { id: w.F1, c: ids.campaign2019, to });
      expect(r.errors).toBeUndefined();
      return r.data.node.statement.currencies.find((c: any) => c.currency === 'PEN');
    };
    const earlier = await statement('2019-11-19');
    const opening = BigInt(earlier?.closingOwedToFarmer.minorUnits ?? '0');
    const now = await statement('2020-01-13');
    const owed = BigInt(now.closingOwedToFarmer.minorUnits);
    expect(now.lines.filter((l: any) => l.occurredOn > '2019-11-19')).toEqual([
      {
        kind: 'farmer_advance',
        occurredOn: '2019-11-20',
        lot: { id: w.L1 },
        paidToFarmer: pen(advance),
        creditedToFarmer: null,
        owedToFarmer: { minorUnits: String(opening - advance) },
      },
      {
        kind: 'sale_settlement',
        occurredOn: '2020-01-13',
        lot: null,
        paidToFarmer: null,
        creditedToFarmer: pen(credit),
        owedToFarmer: { minorUnits: String(opening - advance + credit) },
      },
    ]);
    expect(owed - opening).toBe(credit - advance);
    expect(owed).toBeLessThan(0n); // the advance exceeds this sale's credit: the farmer owes, carried
    let running = BigInt(now.openingOwedToFarmer.minorUnits);
    for (const l of now.lines) {
      running +=
        (l.creditedToFarmer ? cents(l.creditedToFarmer.amount) : 0n) -
        (l.paidToFarmer ? cents(l.paidToFarmer.amount) : 0n);
      expect(BigInt(l.owedToFarmer.minorUnits)).toBe(running);
    }
    expect(running).toBe(owed);
    const advances = now.lines
      .filter((l: any) => l.kind === 'farmer_advance')
      .reduce((a: bigint, l: any) => a + cents(l.paidToFarmer.amount), 0n);
    expect(BigInt(now.advancesPaid.minorUnits)).toBe(advances);
  });
});

// ---------------------------------------------------------------- 4. refusals

type Expect = {
  __typename: string;
  issues?: { path: string[]; code: string }[];
  code?: string;
  path?: string[];
  id?: string;
};
const issue = (path: string[], code: string): Expect => ({ __typename: 'InvalidInputError', issues: [{ path, code }] });
const AMOUNT = ['input', 'amount'];
const RATE = ['input', 'exchangeRate', 'rate'];
const paymentCases: [string, () => Promise<Record<string, unknown>>, Expect][] = [
  [
    'more than is owed',
    async () => {
      const d = await open();
      const owed = cents((await owedOf(d.id)).owed.amount);
      return payInput(d.id, '2020-01-14', fmt(owed + 1n), '3.37');
    },
    issue(AMOUNT, 'ABOVE_OWED'),
  ],
  [
    'any amount after payment in full',
    async () => payInput((await sale1()).d.id, '2020-01-14', '0.01', '3.37'),
    issue(AMOUNT, 'ABOVE_OWED'),
  ],
  [
    'PEN for a USD contract',
    async () => payInput((await open()).id, '2020-01-14', '1.00', null, { currency: 'PEN' }),
    issue(['input', 'currency'], 'WRONG_CURRENCY'),
  ],
  [
    'USD without a rate',
    async () => payInput((await open()).id, '2020-01-14', '1.00', null),
    issue(['input', 'exchangeRate'], 'RATE_REQUIRED'),
  ],
  ['a rate of 0', async () => payInput((await open()).id, '2020-01-14', '1.00', '0'), issue(RATE, 'INVALID_RATE')],
  [
    'a negative rate',
    async () => payInput((await open()).id, '2020-01-14', '1.00', '-3.37'),
    issue(RATE, 'INVALID_RATE'),
  ],
  [
    'a rate with 7 decimals',
    async () => payInput((await open()).id, '2020-01-14', '1.00', '3.3735001'),
    issue(RATE, 'INVALID_RATE'),
  ],
  [
    'a one-letter rate source',
    async () =>
      payInput((await open()).id, '2020-01-14', '1.00', null, { exchangeRate: { rate: '3.37', source: ' x ' } }),
    issue(['input', 'exchangeRate', 'source'], 'INVALID_TEXT'),
  ],
  [
    'an amount in tenths of a cent',
    async () => payInput((await open()).id, '2020-01-14', '1.001', '3.37'),
    issue(AMOUNT, 'INVALID_AMOUNT'),
  ],
  ['an amount of 0', async () => payInput((await open()).id, '2020-01-14', '0', '3.37'), issue(AMOUNT, 'NOT_POSITIVE')],
  [
    'a negative amount',
    async () => payInput((await open()).id, '2020-01-14', '-5.00', '3.37'),
    issue(AMOUNT, 'NOT_POSITIVE'),
  ],
  [
    'a payment the day before the delivery',
    async () => payInput((await open()).id, '2020-01-09', '1.00', '3.37'),
    issue(['input', 'receivedOn'], 'BEFORE_DELIVERY'),
  ],
  [
    'a payment tomorrow',
    async () => payInput((await open()).id, '2020-01-16', '1.00', '3.37'),
    issue(['input', 'receivedOn'], 'IN_FUTURE'),
  ],
  [
    'an unknown delivery',
    async () => payInput(gid('SaleDelivery', 999_999), '2020-01-14', '1.00', '3.37'),
    { __typename: 'NotFoundError', path: ['input', 'deliveryId'], id: gid('SaleDelivery', 999_999) },
  ],
  [
    'a lot ID as the delivery',
    async () => payInput((await world()).L1, '2020-01-14', '1.00', '3.37'),
    issue(['input', 'deliveryId'], 'WRONG_ID_TYPE'),
  ],
];

describe('recordSalePayment refusals write nothing', () => {
  for (const [name, input, expected] of paymentCases) {
    it(`refuses ${name}: ${expected.issues?.[0]?.code ?? expected.__typename}`, async () => {
      const i = await input();
      const before = counts();
      const res = await send('admin', PAY, i);
      expect(res, JSON.stringify(res)).toMatchObject(expected);
      if (expected.issues) expect(res.issues).toEqual(expected.issues);
      expect(counts()).toEqual(before);
    });
  }

  // A rate that is not a decimal and a date that does not exist never reach the service: the
  // Decimal and Date scalars refuse them (BAD_USER_INPUT), so INVALID_RATE / INVALID_DATE are not reachable over HTTP for them.
  it('refuses a rate "abc" and the date 2020-02-30 at the GraphQL layer (BAD_USER_INPUT)', async () => {
    const d = await open();
    const before = counts();
    for (const i of [
      payInput(d.id, '2020-01-14', '1.00', 'abc'),
      payInput(d.id, '2020-02-30', '1.00', '3.37'),
      payInput(d.id, '2020-1-14', '1.00', '3.37'),
    ]) {
      const r = await s.gql('admin', PAY, { i });
      expect(r.data ?? null, JSON.stringify(i)).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(counts()).toEqual(before);
  });
});

describe('setSettlementTerms', () => {
  const termsInput = (over: Record<string, unknown> = {}) => ({
    idempotencyKey: newKey(),
    campaignId: ids.campaign2019,
    membership: 'SHAREHOLDER',
    currency: 'USD',
    processingFeePerKg: '0.08',
    commissionPercent: '1.5',
    retentionPercent: '3',
    ...over,
  });

  it('refuses C2019 shareholder terms in USD a second time (ConflictError TERMS_SET)', async () => {
    const before = counts();
    expect(await send('admin', TERMS_DOC, termsInput({ processingFeePerKg: '0.05' }))).toMatchObject({
      __typename: 'ConflictError',
      code: 'TERMS_SET',
    });
    expect(counts()).toEqual(before);
  });

  const bad: [Record<string, unknown>, string, string][] = [
    [{ processingFeePerKg: '10.01' }, 'processingFeePerKg', 'OUT_OF_RANGE'],
    [{ commissionPercent: '100.5' }, 'commissionPercent', 'OUT_OF_RANGE'],
    [{ retentionPercent: '-1' }, 'retentionPercent', 'OUT_OF_RANGE'],
    [{ commissionPercent: '1.23456' }, 'commissionPercent', 'INVALID_DECIMAL'],
  ];
  for (const [over, field, code] of bad) {
    it(`refuses ${JSON.stringify(over)}: ${code}`, async () => {
      const before = counts();
      const res = await send('admin', TERMS_DOC, termsInput({ campaignId: ids.campaign2020, ...over }));
      expect(res).toEqual({
        __typename: 'InvalidInputError',
        message: expect.any(String),
        issues: [{ path: ['input', field], code }],
      });
      expect(counts()).toEqual(before);
    });
  }

  it('sets C2020 affiliated terms once: replays its key, then refuses them again (TERMS_SET)', async () => {
    const input = termsInput({
      campaignId: ids.campaign2020,
      membership: 'AFFILIATED',
      processingFeePerKg: '0.1',
      commissionPercent: '2.25',
      retentionPercent: '0',
    });
    const before = counts();
    expect(await ok('admin', TERMS_DOC, input)).toEqual({ __typename: 'SetSettlementTermsPayload', replayed: false });
    expect(counts()).toEqual({
      ...before,
      settlement_terms: before.settlement_terms! + 1,
      idempotency_keys: before.idempotency_keys! + 1,
    });
    const mid = counts();
    expect((await ok('admin', TERMS_DOC, input)).replayed).toBe(true);
    expect(await send('admin', TERMS_DOC, { ...input, idempotencyKey: newKey() })).toMatchObject({
      __typename: 'ConflictError',
      code: 'TERMS_SET',
    });
    expect(counts()).toEqual(mid);
  });
});

// ---------------------------------------------------------------- 5. idempotency

describe('idempotency', () => {
  it('replays a payment without settling it twice, and refuses its key for another amount', async () => {
    const d = await open();
    const input = payInput(d.id, '2020-01-14', '1.00', '3.3801');
    const before0 = counts();
    const first = await ok('admin', PAY, input);
    accepted.push(100n);
    extraPlans.push(waterfall(100n, d.sellers, new Map(), '3.3801'));
    expect(first.replayed).toBe(false);
    expect(first.payment.settlement).toEqual(settlementOf(extraPlans.at(-1)!));
    expect(first.payment.delivery.owed).toEqual(usd(d.value - 100n));
    const before = counts();
    expect(before.sale_payments).toBe(before0.sale_payments! + 1);
    const again = await ok('admin', PAY, input);
    expect(again).toEqual({ ...first, replayed: true });
    expect(counts()).toEqual(before);
    expect(await send('admin', PAY, { ...input, amount: '2.00' })).toMatchObject({
      __typename: 'ConflictError',
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(counts()).toEqual(before);
    expect((await owedOf(d.id)).payments.map((p: any) => p.id)).toEqual([first.payment.id]);
  });

  it("replays a payment in full after the delivery is paid (not ABOVE_OWED); the key is the user's own", async () => {
    const { input, payment } = await sale1();
    const before = counts();
    expect(await ok('admin', PAY, input)).toMatchObject({
      replayed: true,
      payment: { id: payment.id, settlement: payment.settlement },
    });
    expect(counts()).toEqual(before);
    // Another admin with the same key sends a new request: refused, as the delivery owes nothing.
    expect(await send('admin2', PAY, input)).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: AMOUNT, code: 'ABOVE_OWED' }],
    });
    expect(counts()).toEqual(before);
  });
});

// ---------------------------------------------------------------- 6. access

describe('who may record and read payments', () => {
  const others: Role[] = ['cooperative_manager', 'cooperative_manager_other', 'plant_staff', 'lender', 'auditor'];

  it('lets only admins record payments and set terms', async () => {
    const d = await open();
    const before = counts();
    for (const role of others) {
      expect((await send(role, PAY, payInput(d.id, '2020-01-14', '1.00', '3.37'))).__typename, role).toBe(
        'ForbiddenError',
      );
      const terms = {
        idempotencyKey: newKey(),
        campaignId: ids.campaign2020,
        membership: 'SHAREHOLDER',
        currency: 'USD',
        processingFeePerKg: '0.08',
        commissionPercent: '1.5',
        retentionPercent: '3',
      };
      expect((await send(role, TERMS_DOC, terms)).__typename, role).toBe('ForbiddenError');
    }
    expect(counts()).toEqual(before);
  });

  const read = (role: Role, id: string) => s.gql(role, PAYMENT_NODE, { id });
  const forbidden = async (role: Role, id: string) => {
    const r = await read(role, id);
    expect(r.data?.node ?? null, role).toBeNull();
    // an object the caller cannot reach answers as a missing ID does (no existence oracle, issue 14)
    expect(r.errors?.[0]?.extensions?.code, role).toBe(r.errors?.[0]?.path?.length === 1 ? 'NOT_FOUND' : 'FORBIDDEN');
  };

  it('shows admins and auditors every cooperative and the entry', async () => {
    const { payment } = await sale1();
    for (const role of ['admin', 'auditor'] as const) {
      const r = await read(role, payment.id);
      expect(r.errors, role).toBeUndefined();
      expect(r.data.node).toEqual({
        id: payment.id,
        amount: payment.amount,
        settlement: payment.settlement,
        entry: { kind: 'sale_settlement' },
      });
    }
  });

  it("shows a manager only their cooperative's line and no entry, and only on payments that settled their coffee", async () => {
    const { payment } = await sale1();
    const { p1 } = await sale3();
    for (const [role, code] of [
      ['cooperative_manager', 'CAC-PAN'],
      ['cooperative_manager_other', 'CAC-SAT'],
    ] as const) {
      const r = await read(role, payment.id);
      expect(r.errors, role).toBeUndefined();
      expect(r.data.node).toEqual({
        id: payment.id,
        amount: payment.amount,
        settlement: payment.settlement.filter((c: any) => c.cooperative.code === code),
        entry: null,
      });
      expect(r.data.node.settlement).toHaveLength(1);
      await forbidden(role, p1.id); // affiliated coffee only
    }
  });

  it('refuses payments to plant staff and lenders', async () => {
    const { payment } = await sale1();
    for (const role of ['plant_staff', 'lender'] as const) await forbidden(role, payment.id);
  });
});

// ---------------------------------------------------------------- 7. the books

describe('the trial balance after everything', () => {
  it('stays balanced in PEN and USD; cash and the farmers moved by exactly what was settled', async () => {
    const [one, two, three] = await Promise.all([sale1(), sale2(), sale3()]);
    await open();
    const tb = await books();
    expect(tb.balanced).toBe(true);
    for (const cur of ['PEN', 'USD']) {
      const c = tb.currencies.find((x: any) => x.currency === cur);
      expect(c, cur).toMatchObject({ balanced: true, credits: c.debits });
    }
    const after = balances(tb);
    const delta = (code: string) => (after.get(code) ?? 0n) - (booksBefore.get(code) ?? 0n);
    expect(delta('consortium:-:cash:USD')).toBe(accepted.reduce((a, b) => a + b, 0n));
    const w = await world();
    const plans = [one.plan, two.plan1, two.plan2, three.plan1, three.plan2, ...extraPlans];
    for (const f of [w.F2, w.F3, w.F4]) {
      const credited = plans
        .flat()
        .flatMap((c) => c.farmers)
        .filter((x) => x.id === f)
        .reduce((a, x) => a + x.amount, 0n);
      // Their lot's advance (debit) and every credit settled from it.
      const lot = [...w.farmerOf].find(([, farmer]) => farmer === f)![0];
      const adv = cents(
        (await s.gql('admin', `query($id: ID!) { node(id: $id) { ... on Lot { advancePaid ${MONEY} } } }`, { id: lot }))
          .data.node.advancePaid.amount,
      );
      expect(delta(`farmer:${rowId(f)}:farmer_balance:PEN`), f).toBe(adv - credited);
    }
  });
});
