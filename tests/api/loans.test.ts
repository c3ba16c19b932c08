/**
 * Campaign loans through real GraphQL against a real server seeded without
 * loans: every loan here is created by this file. Covered: setting a loan up
 * (lenders, endorsement limits, four-eyes disbursements and every typed
 * refusal), interest per convention to the cent, repayment from a sale's
 * settlement (USD and PEN payments, loans in both currencies, oldest first,
 * partial coverage, overpayment going on to the cooperative, the rate of the
 * day), manual repayments and their reversal, sale-payment reversal, the
 * guarantee call, write-off and its undo, idempotency, concurrent requests and
 * the portfolio's aging and PAR30.
 *
 * Every figure is worked out here independently: bigint for the simple
 * conventions and the conversions (half-even, ceilings), decimal.js at 80
 * significant digits for TEA, and a small replay of each loan's history.
 * (Access, the credit line and exposure: tests/api/loans-access.test.ts.)
 */
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, demoIds, startServer } from '../support/server.js';
import { fixtures, keyMaker, once } from '../support/fixtures.js';
import { cents, centsOf, fmt, gid, halfEven, min, pctOf, perKg, rowId } from '../support/exact.js';

let s: TestServer;
let ids: Awaited<ReturnType<typeof demoIds>>;
let wh: Record<string, string>;

const TODAY = '2020-01-15'; // TEST_NOW in tests/support/server.ts, in Lima

beforeAll(async () => {
  s = await startServer({});
  ids = await demoIds(s);
  const r = await s.gql('admin', '{ plants { code warehouses { id code } } }');
  wh = Object.fromEntries(
    r.data.plants.flatMap((p: any) => (p.code === 'PLT-LM' ? p.warehouses.map((w: any) => [w.code, w.id]) : [])),
  );
});
afterAll(() => s.close());

// ---------------------------------------------------------------- exact arithmetic (independent of the server's)

const scaled = (p: string): [bigint, bigint] => {
  const neg = p.startsWith('-');
  const [i, f = ''] = (neg ? p.slice(1) : p).split('.');
  return [(neg ? -1n : 1n) * BigInt(i! + f), 10n ** BigInt(f.length)];
};
/** n ÷ d rounded up (n ≥ 0, d > 0). */
const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d;
const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);
/** Largest remainder over integer weights, in input order; equal remainders go to the smaller id. */
function split(total: bigint, parts: { id: number; w: bigint }[]): bigint[] {
  const all = parts.reduce((a, p) => a + p.w, 0n);
  const xs = parts.map((p, i) => ({ i, id: p.id, q: (total * p.w) / all, r: (total * p.w) % all }));
  let left = total - xs.reduce((a, x) => a + x.q, 0n);
  for (const x of [...xs].sort((a, b) => (a.r === b.r ? a.id - b.id : a.r > b.r ? -1 : 1))) {
    if (left === 0n) break;
    x.q += 1n;
    left -= 1n;
  }
  return xs.map((x) => x.q);
}
const usd = (minor: bigint) => ({ currency: 'USD', amount: fmt(minor) });
const pen = (minor: bigint) => ({ currency: 'PEN', amount: fmt(minor) });
const money = (minor: bigint, currency: Cur) => ({ currency, amount: fmt(minor) });

/** Actual days from `a` (counted) to `b` (not counted), on UTC calendar dates. */
const days = (a: string, b: string) => {
  const at = (x: string) => Date.UTC(Number(x.slice(0, 4)), Number(x.slice(5, 7)) - 1, Number(x.slice(8, 10)));
  return (at(b) - at(a)) / 86_400_000;
};

// ---------------------------------------------------------------- a loan's history, replayed here

type Cur = 'PEN' | 'USD';
type Convention = 'simple_act_360' | 'simple_act_365' | 'tea_360';
type Ev =
  | { kind: 'disb'; date: string; amount: bigint }
  | { kind: 'fee'; date: string; amount: bigint }
  | { kind: 'rep'; date: string; fees: bigint; interest: bigint; principal: bigint };
interface Model {
  code: string;
  /** Row id: breaks ties between loans first disbursed the same day. */
  id: number;
  currency: Cur;
  convention: Convention;
  rate: string;
  maturity: string;
  instalments: { due: string; principal: bigint }[];
  events: Ev[];
}
const P = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN });

/** Interest in minor units over principal segments: exact (a Decimal of minor units) and rounded once, half-even. */
function interestOn(
  m: Pick<Model, 'convention' | 'rate'>,
  segs: { p: bigint; from: string; to: string }[],
): { exact: Decimal; minor: bigint } {
  if (m.convention === 'tea_360') {
    const growth = new P(m.rate).div(100).plus(1);
    const exact = segs.reduce(
      (a, s) => a.plus(new P(s.p.toString()).times(growth.pow(new P(days(s.from, s.to)).div(360)).minus(1))),
      new P(0),
    );
    return { exact, minor: BigInt(exact.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toFixed(0)) };
  }
  const year = m.convention === 'simple_act_360' ? 360n : 365n;
  const [n, d] = scaled(m.rate);
  const num = segs.reduce((a, s) => a + s.p * BigInt(days(s.from, s.to)), 0n) * n;
  const den = d * 100n * year;
  return { exact: new P(num.toString()).div(den.toString()), minor: halfEven(num, den) };
}

interface Pos {
  disbursed: bigint;
  repaid: bigint;
  outstanding: bigint;
  accrued: bigint;
  exact: Decimal;
  interestPaid: bigint;
  interestDue: bigint;
  feesCharged: bigint;
  feesDue: bigint;
  totalDue: bigint;
  first: string | null;
}
const ORDER = { disb: 0, fee: 1, rep: 2 } as const;
/** The loan's events up to `asOf`, in date order (same day: disbursements, fees, repayments); segments cut where principal changes. */
function position(m: Model, asOf: string): Pos {
  const evs = m.events
    .filter((e) => e.date <= asOf)
    .map((e, i) => ({ e, i }))
    .sort((a, b) =>
      a.e.date !== b.e.date ? (a.e.date < b.e.date ? -1 : 1) : ORDER[a.e.kind] - ORDER[b.e.kind] || a.i - b.i,
    )
    .map((x) => x.e);
  const segs: { p: bigint; from: string; to: string }[] = [];
  let principal = 0n,
    from: string | null = null,
    disbursed = 0n,
    repaid = 0n,
    feesCharged = 0n,
    feesPaid = 0n,
    interestPaid = 0n;
  let first: string | null = null;
  for (const e of evs) {
    const before = principal;
    if (e.kind === 'disb') {
      principal += e.amount;
      disbursed += e.amount;
      first ??= e.date;
    } else if (e.kind === 'fee') feesCharged += e.amount;
    else {
      principal -= e.principal;
      repaid += e.principal;
      feesPaid += e.fees;
      interestPaid += e.interest;
    }
    if (principal !== before) {
      if (before > 0n && from !== null && from < e.date) segs.push({ p: before, from, to: e.date });
      from = principal > 0n ? e.date : null;
    }
  }
  if (principal > 0n && from !== null && from < asOf) segs.push({ p: principal, from, to: asOf });
  const { exact, minor } = interestOn(m, segs);
  const feesDue = feesCharged - feesPaid;
  return {
    disbursed,
    repaid,
    outstanding: principal,
    accrued: minor,
    exact,
    interestPaid,
    interestDue: minor - interestPaid,
    feesCharged,
    feesDue,
    totalDue: feesDue + minor - interestPaid + principal,
    first,
  };
}
/** Fees, then interest, then principal, each up to what is due. */
function inOrder(amount: bigint, p: Pos) {
  const fees = min(amount, p.feesDue);
  const interest = min(amount - fees, p.interestDue);
  return { fees, interest, principal: amount - fees - interest };
}
/** Days past due: the oldest unpaid instalment (principal repaid pays them oldest first) or maturity with anything owed. */
function daysPastDue(m: Model, asOf: string): number {
  const p = position(m, asOf);
  const late: string[] = [];
  let scheduled = 0n;
  if (p.outstanding > 0n) {
    for (const i of [...m.instalments].sort((a, b) => a.due.localeCompare(b.due))) {
      scheduled += i.principal;
      if (scheduled > p.repaid) {
        if (i.due < asOf) late.push(i.due);
        break;
      }
    }
  }
  if (p.totalDue > 0n && m.maturity < asOf) late.push(m.maturity);
  return late.length ? days(late.sort()[0]!, asOf) : 0;
}
const bucketOf = (d: number) =>
  d === 0 ? 'CURRENT' : d <= 30 ? 'DAYS_1_30' : d <= 60 ? 'DAYS_31_60' : d <= 90 ? 'DAYS_61_90' : 'OVER_90';
/** A ratio rounded half-even to 4 places, trailing zeros dropped ("0.4286", "1", "0"). */
function ratio4(n: bigint, d: bigint): string {
  if (d === 0n) return '0';
  const q = halfEven(n * 10_000n, d);
  const whole = q / 10_000n;
  const frac = String(q % 10_000n)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

interface Row {
  code: string;
  due: Pos;
  dueInPay: bigint;
  paid: bigint;
  credited: bigint;
  fees: bigint;
  interest: bigint;
  principal: bigint;
}
/**
 * The lenders' step for one cooperative: its loans by first disbursement (then id), each owed amount converted at
 * `rate` (PEN per USD) and rounded up; a loan covered is credited in full, else it takes what is left converted back
 * half-even and capped. Returns the rows and the remainder (in the payment's currency).
 */
function waterfallLoans(
  loans: Model[],
  date: string,
  currency: Cur,
  available: bigint,
  rate: string | null,
): { rows: Row[]; remainder: bigint } {
  const [rn, rd] = rate ? scaled(rate) : [1n, 1n];
  const toPay = (minor: bigint, from: Cur, up: boolean) =>
    from === currency
      ? minor
      : from === 'PEN'
        ? up
          ? ceilDiv(minor * rd, rn)
          : halfEven(minor * rd, rn)
        : up
          ? ceilDiv(minor * rn, rd)
          : halfEven(minor * rn, rd);
  const back = (minor: bigint, to: Cur) =>
    to === currency ? minor : to === 'USD' ? halfEven(minor * rd, rn) : halfEven(minor * rn, rd);
  const ordered = loans
    .map((m) => ({ m, p: position(m, date) }))
    .filter((x) => x.p.first !== null)
    .sort((a, b) => (a.p.first !== b.p.first ? (a.p.first! < b.p.first! ? -1 : 1) : a.m.id - b.m.id));
  let left = available;
  const rows = ordered.map(({ m, p }): Row => {
    const dueInPay = p.totalDue === 0n ? 0n : toPay(p.totalDue, m.currency, true);
    let paid = 0n,
      credited = 0n;
    if (p.totalDue === 0n) {
      /* nothing */
    } else if (left >= dueInPay) {
      paid = dueInPay;
      credited = p.totalDue;
    } else {
      credited = min(back(left, m.currency), p.totalDue);
      paid = credited === 0n ? 0n : left;
    }
    left -= paid;
    return { code: m.code, due: p, dueInPay, paid, credited, ...inOrder(credited, p) };
  });
  return { rows, remainder: left };
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
const LOAN_FIELDS = `id code currency principal ${MONEY} convention ratePercent fee ${MONEY} endorsed ${MONEY} signedOn maturity
  instalments { dueOn principal ${MONEY} } lender { code } cooperative { code } campaign { code }`;
// requestedBy / decidedBy are checked in 'names who asked and who decided' below.
const REQUEST_FIELDS = `id kind status amount ${MONEY} effectiveOn reason loan { code }`;
const EVENT_FIELDS = `id kind source occurredOn amount ${MONEY} fees ${MONEY} interest ${MONEY} principal ${MONEY} interestCharged ${MONEY}
  paid ${MONEY} exchangeRate { base quote rate ratedOn } why reversed reversal { reversedOn reason } loan { code }`;
const CREATE_LENDER = mutation(
  'createLender',
  'CreateLenderInput',
  'CreateLenderPayload',
  'lender { id code name kind country }',
);
const SET_LIMIT = mutation('setEndorsementLimit', 'SetEndorsementLimitInput', 'RecordedPayload', '');
const CREATE_LOAN = mutation(
  'createCampaignLoan',
  'CreateCampaignLoanInput',
  'CampaignLoanPayload',
  `loan { ${LOAN_FIELDS} }`,
);
const REQUEST = mutation(
  'requestLoanDisbursement',
  'RequestLoanDisbursementInput',
  'LoanRequestPayload',
  `request { ${REQUEST_FIELDS} }`,
);
const REQUEST_WRITE_OFF = mutation(
  'requestLoanWriteOff',
  'RequestLoanWriteOffInput',
  'LoanRequestPayload',
  `request { ${REQUEST_FIELDS} }`,
);
const DECIDE = mutation(
  'decideLoanRequest',
  'DecideLoanRequestInput',
  'LoanRequestPayload',
  `request { ${REQUEST_FIELDS} }`,
);
const REPAY = mutation(
  'recordLoanRepayment',
  'RecordLoanRepaymentInput',
  'LoanEventPayload',
  `event { ${EVENT_FIELDS} }`,
);
const REVERSE = mutation('reverseLoanEvent', 'ReverseLoanEventInput', 'LoanEventPayload', `event { ${EVENT_FIELDS} }`);
const CALL = mutation('callGuarantee', 'CallGuaranteeInput', 'LoanEventPayload', `event { ${EVENT_FIELDS} }`);
const RATE = mutation('recordExchangeRate', 'RecordExchangeRateInput', 'RecordedPayload', '');
const SETTLEMENT = `settlement { cooperative { code } share ${MONEY} processingFee ${MONEY} commission ${MONEY} loanRepayments ${MONEY}
  retention ${MONEY} toFarmers ${MONEY} farmers { farmer { id } amount ${MONEY} } loans { ${EVENT_FIELDS} } }`;
const PAY = mutation(
  'recordSalePayment',
  'RecordSalePaymentInput',
  'RecordSalePaymentPayload',
  `payment { id receivedOn exchangeRate { rate ratedOn } ${SETTLEMENT} }`,
);
const REVERSE_PAY = mutation(
  'reverseSalePayment',
  'ReverseSalePaymentInput',
  'RecordSalePaymentPayload',
  'payment { id reversal { reversedOn } }',
);
const POSITION = `position(asOf: $asOf) { asOf principalDisbursed ${MONEY} principalRepaid ${MONEY} outstandingPrincipal ${MONEY}
  interestAccrued ${MONEY} interestAccruedExact interestPaid ${MONEY} interestDue ${MONEY} feesCharged ${MONEY} feesDue ${MONEY}
  totalDue ${MONEY} daysPastDue lateSince agingBucket endorsementHeld ${MONEY} }`;
const LOAN_NODE = `query($id: ID!, $asOf: Date) { node(id: $id) { ... on CampaignLoan { code ${POSITION}
  events { ${EVENT_FIELDS} } repayments { ${EVENT_FIELDS} sale { receivedOn payment ${MONEY} exchangeRate deliveryCode contractCode
  cooperativeWeight { grams } lots { lotCode weight { grams } } } } } } }`;
const BOOKS = '{ trialBalance { balanced accounts { code balance { minorUnits } } currencies { currency balanced } } }';

// ---------------------------------------------------------------- helpers

const newKey = keyMaker('loans-test');
const { send, ok, newLot } = fixtures(
  () => s,
  () => ids,
  newKey,
);
const TABLES = [
  'campaign_loans',
  'loan_instalments',
  'loan_events',
  'loan_requests',
  'loan_request_decisions',
  'loan_event_reversals',
  'endorsement_limits',
  'lenders',
  'journal_entries',
  'journal_lines',
  'idempotency_keys',
  'sale_payments',
  'settlement_lines',
  'exchange_rates',
];
const counts = (): Record<string, number> => Object.fromEntries(TABLES.map((t) => [t, s.count(t)]));

const issue = (path: string[], code: string) => ({ __typename: 'InvalidInputError', issues: [{ path, code }] });
const conflict = (code: string) => ({ __typename: 'ConflictError', code });
async function books() {
  const r = await s.gql('admin', BOOKS);
  expect(r.errors).toBeUndefined();
  const tb = r.data.trialBalance;
  return { tb, bal: new Map<string, bigint>(tb.accounts.map((a: any) => [a.code, BigInt(a.balance.minorUnits)])) };
}
const expectBalanced = async () => {
  const { tb } = await books();
  expect(tb.balanced).toBe(true);
  for (const c of tb.currencies) expect(c.balanced, c.currency).toBe(true);
};

/** A loan's position through the API, as bigints. */
const POSITION_NODE = `query($id: ID!, $asOf: Date) { node(id: $id) { ... on CampaignLoan { ${POSITION} } } }`;
async function apiPosition(loanId: string, asOf: string) {
  const r = await s.gql('admin', POSITION_NODE, { id: loanId, asOf });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  const p = r.data.node.position;
  return {
    raw: p,
    disbursed: cents(p.principalDisbursed.amount),
    repaid: cents(p.principalRepaid.amount),
    outstanding: cents(p.outstandingPrincipal.amount),
    accrued: cents(p.interestAccrued.amount),
    exact: p.interestAccruedExact as string,
    interestPaid: cents(p.interestPaid.amount),
    interestDue: cents(p.interestDue.amount),
    feesCharged: cents(p.feesCharged.amount),
    feesDue: cents(p.feesDue.amount),
    totalDue: cents(p.totalDue.amount),
    dpd: p.daysPastDue as number,
    lateSince: p.lateSince as string | null,
    bucket: p.agingBucket as string,
    held: cents(p.endorsementHeld.amount),
  };
}
async function loanNode(loanId: string, asOf = TODAY) {
  const r = await s.gql('admin', LOAN_NODE, { id: loanId, asOf });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.node;
}
/** The API position against ours, field by field. */
async function expectPosition(loanId: string, m: Model, asOf: string) {
  const a = await apiPosition(loanId, asOf);
  const e = position(m, asOf);
  expect(
    {
      d: a.disbursed,
      r: a.repaid,
      o: a.outstanding,
      acc: a.accrued,
      ip: a.interestPaid,
      id: a.interestDue,
      fc: a.feesCharged,
      fd: a.feesDue,
      t: a.totalDue,
    },
    `${m.code} on ${asOf}`,
  ).toEqual({
    d: e.disbursed,
    r: e.repaid,
    o: e.outstanding,
    acc: e.accrued,
    ip: e.interestPaid,
    id: e.interestDue,
    fc: e.feesCharged,
    fd: e.feesDue,
    t: e.totalDue,
  });
  // The unrounded interest, in major units, agrees with ours far below a cent.
  expect(
    new P(a.exact).minus(e.exact.div(100)).abs().lt('1e-30'),
    `${m.code} exact ${a.exact} vs ${e.exact.div(100).toFixed(40)}`,
  ).toBe(true);
  return a;
}

// ---------------------------------------------------------------- the world: lenders, cooperatives, limits, loans

const coops = once(async () => {
  const r = await s.gql(
    'admin',
    '{ cooperatives(first: 50) { nodes { id code membership farmers(first: 3) { nodes { id } } } } lenders { id code kind } }',
  );
  const byCode = Object.fromEntries(
    r.data.cooperatives.nodes.map((c: any) => [
      c.code,
      {
        id: c.id as string,
        membership: c.membership as string,
        farmers: c.farmers.nodes.map((f: any) => f.id as string),
      },
    ]),
  );
  const lenders = Object.fromEntries(r.data.lenders.map((l: any) => [l.code, l.id as string]));
  return { c: byCode as Record<string, { id: string; membership: string; farmers: string[] }>, lenders };
});

const lendersFixture = once(async () => {
  const mk = async (code: string, name: string, kind: string) =>
    (await ok('admin', CREATE_LENDER, { idempotencyKey: newKey(), code, name, kind, country: 'PE' })).lender;
  const bank = await mk('BTEST', 'Banco de Prueba SA', 'BANK');
  const copac = await mk('CTEST', 'COOPAC de Prueba', 'COPAC');
  const other = await mk('XTEST', 'COOPAC Tercera', 'COPAC');
  return { bank: bank.id as string, copac: copac.id as string, other: other.id as string, bankRow: bank };
});

const limitsDone = new Set<string>();
async function limit(coop: string, campaign: string, currency: Cur, amount: string) {
  const key = `${coop}|${campaign}|${currency}`;
  if (limitsDone.has(key)) return;
  limitsDone.add(key);
  await ok('admin', SET_LIMIT, {
    idempotencyKey: newKey(),
    cooperativeId: coop,
    campaignId: campaign,
    currency,
    limit: amount,
  });
}

interface LoanSpec {
  code: string;
  lender: string;
  coop: string;
  campaign: string;
  currency: Cur;
  principal: string;
  convention: Convention;
  rate: string;
  fee?: string;
  endorsed?: string;
  signedOn: string;
  maturity: string;
  instalments?: { dueOn: string; principal: string }[];
}
const CONVENTION_ENUM = {
  simple_act_360: 'SIMPLE_ACT_360',
  simple_act_365: 'SIMPLE_ACT_365',
  tea_360: 'TEA_360',
} as const;
const loanInput = (l: LoanSpec) => ({
  idempotencyKey: newKey(),
  code: l.code,
  lenderId: l.lender,
  cooperativeId: l.coop,
  campaignId: l.campaign,
  currency: l.currency,
  principal: l.principal,
  convention: CONVENTION_ENUM[l.convention],
  ratePercent: l.rate,
  fee: l.fee ?? null,
  endorsed: l.endorsed ?? null,
  signedOn: l.signedOn,
  maturity: l.maturity,
  instalments: l.instalments ?? null,
});
async function createLoan(l: LoanSpec): Promise<{ id: string; m: Model }> {
  const loan = (await ok('admin', CREATE_LOAN, loanInput(l))).loan;
  const m: Model = {
    code: l.code,
    id: rowId(loan.id),
    currency: l.currency,
    convention: l.convention,
    rate: l.rate,
    maturity: l.maturity,
    instalments: (l.instalments ?? []).map((i) => ({ due: i.dueOn, principal: cents(i.principal) })),
    events: [],
  };
  return { id: loan.id, m };
}
/** Four eyes: admin asks, admin2 approves. Adds the disbursement (and the opening fee with the first) to the model. */
async function disburse(loan: { id: string; m: Model }, amount: string, on: string, fee = 0n) {
  const req = (
    await ok('admin', REQUEST, {
      idempotencyKey: newKey(),
      loanId: loan.id,
      amount,
      disbursedOn: on,
      reason: `transfer ${loan.m.code} ${on}`,
    })
  ).request;
  const d = await ok('admin2', DECIDE, { idempotencyKey: newKey(), requestId: req.id, approve: true });
  expect(d.request.status).toBe('APPROVED');
  const first = !loan.m.events.some((e) => e.kind === 'disb');
  loan.m.events.push({ kind: 'disb', date: on, amount: cents(amount) });
  if (first && fee > 0n) loan.m.events.push({ kind: 'fee', date: on, amount: fee });
  return req.id as string;
}
const addRepayment = (m: Model, date: string, parts: { fees: bigint; interest: bigint; principal: bigint }) =>
  m.events.push({ kind: 'rep', date, ...parts });
const evParts = (e: any) => ({
  fees: cents(e.fees.amount),
  interest: cents(e.interest.amount),
  principal: cents(e.principal.amount),
});

// ---------------------------------------------------------------- 1. setting a loan up

describe('setting a loan up', () => {
  it('records lenders (admins), refusing a duplicate code and a bad country', async () => {
    const { bankRow } = await lendersFixture();
    expect(bankRow).toMatchObject({ code: 'BTEST', name: 'Banco de Prueba SA', kind: 'BANK', country: 'PE' });
    const before = counts();
    expect(
      await send('admin', CREATE_LENDER, {
        idempotencyKey: newKey(),
        code: 'BTEST',
        name: 'Otro',
        kind: 'BANK',
        country: 'PE',
      }),
    ).toMatchObject(conflict('DUPLICATE_CODE'));
    expect(
      await send('admin', CREATE_LENDER, {
        idempotencyKey: newKey(),
        code: 'ZTEST',
        name: 'Otro',
        kind: 'BANK',
        country: 'Peru',
      }),
    ).toMatchObject(issue(['input', 'country'], 'INVALID_COUNTRY'));
    expect(counts()).toEqual(before);
  });

  it('sets an endorsement limit once per cooperative, campaign and currency (LIMIT_SET the second time)', async () => {
    const { c } = await coops();
    const input = {
      idempotencyKey: newKey(),
      cooperativeId: c['CAC-PER']!.id,
      campaignId: ids.campaign2020,
      currency: 'PEN',
      limit: '500000.00',
    };
    expect(await ok('admin', SET_LIMIT, input)).toEqual({ __typename: 'RecordedPayload', replayed: false });
    limitsDone.add(`${c['CAC-PER']!.id}|${ids.campaign2020}|PEN`);
    const before = counts();
    expect(await send('admin', SET_LIMIT, { ...input, idempotencyKey: newKey(), limit: '900000.00' })).toMatchObject(
      conflict('LIMIT_SET'),
    );
    expect(await send('admin2', SET_LIMIT, { ...input, idempotencyKey: newKey() })).toMatchObject(
      conflict('LIMIT_SET'),
    );
    expect(counts()).toEqual(before);
  });

  const base = async (): Promise<LoanSpec> => {
    const { c } = await coops();
    const { bank } = await lendersFixture();
    return {
      code: 'PER-BAD',
      lender: bank,
      coop: c['CAC-PER']!.id,
      campaign: ids.campaign2020,
      currency: 'PEN',
      principal: '100000.00',
      convention: 'simple_act_360',
      rate: '12',
      signedOn: '2019-05-20',
      maturity: '2020-06-30',
    };
  };
  const refusals: [string, (b: LoanSpec) => Promise<LoanSpec>, Record<string, unknown>][] = [
    [
      'a USD loan where only a PEN limit is set',
      async (b) => ({ ...b, currency: 'USD' }),
      conflict('NO_ENDORSEMENT_LIMIT'),
    ],
    [
      'an endorsement above the limit',
      async (b) => ({ ...b, principal: '500000.01' }),
      issue(['input', 'endorsed'], 'ABOVE_ENDORSEMENT_LIMIT'),
    ],
    [
      'a loan from a social investor (SIDI)',
      async (b) => ({ ...b, lender: (await coops()).lenders.SIDI! }),
      issue(['input', 'lenderId'], 'NOT_A_CAMPAIGN_LENDER'),
    ],
    [
      'a rate above 1000 %',
      async (b) => ({ ...b, rate: '1000.000001' }),
      issue(['input', 'ratePercent'], 'INVALID_RATE'),
    ],
    [
      'a rate with 7 decimals',
      async (b) => ({ ...b, rate: '12.1234567' }),
      issue(['input', 'ratePercent'], 'INVALID_RATE'),
    ],
    ['a negative rate', async (b) => ({ ...b, rate: '-0.5' }), issue(['input', 'ratePercent'], 'INVALID_RATE')],
    [
      'maturity before signing',
      async (b) => ({ ...b, maturity: '2019-05-19' }),
      issue(['input', 'maturity'], 'BEFORE_SIGNED'),
    ],
    [
      'maturity on the signing day',
      async (b) => ({ ...b, maturity: '2019-05-20' }),
      issue(['input', 'maturity'], 'BEFORE_SIGNED'),
    ],
    [
      'an endorsement above the principal',
      async (b) => ({ ...b, endorsed: '100000.01' }),
      issue(['input', 'endorsed'], 'ABOVE_PRINCIPAL'),
    ],
    [
      'an instalment on the signing day',
      async (b) => ({ ...b, instalments: [{ dueOn: '2019-05-20', principal: '1000.00' }] }),
      issue(['input', 'instalments', '0', 'dueOn'], 'OUTSIDE_TERM'),
    ],
    [
      'an instalment after maturity',
      async (b) => ({
        ...b,
        instalments: [
          { dueOn: '2019-07-01', principal: '1000.00' },
          { dueOn: '2020-07-01', principal: '1000.00' },
        ],
      }),
      issue(['input', 'instalments', '1', 'dueOn'], 'OUTSIDE_TERM'),
    ],
    [
      'instalments above the principal',
      async (b) => ({
        ...b,
        instalments: [
          { dueOn: '2019-07-01', principal: '60000.00' },
          { dueOn: '2019-08-01', principal: '40000.01' },
        ],
      }),
      issue(['input', 'instalments'], 'ABOVE_PRINCIPAL'),
    ],
    [
      'an opening fee in tenths of a céntimo',
      async (b) => ({ ...b, fee: '1.001' }),
      issue(['input', 'fee'], 'INVALID_AMOUNT'),
    ],
  ];
  for (const [name, make, expected] of refusals) {
    it(`refuses ${name}: ${(expected as any).code ?? (expected as any).issues[0].code}, writing nothing`, async () => {
      await coops();
      const before = counts();
      const res = await send('admin', CREATE_LOAN, loanInput(await make(await base())));
      expect(res, JSON.stringify(res)).toMatchObject(expected);
      if ((expected as any).issues) expect(res.issues).toEqual((expected as any).issues);
      expect(counts()).toEqual(before);
    });
  }
});

/** Loans on CAC-PER in 2020, for interest and four eyes: 4 × 100,000.00 PEN under the 500,000.00 limit, and one of 10,000.00. */
const perLoans = once(async () => {
  const { c } = await coops();
  const { bank } = await lendersFixture();
  const base = {
    lender: bank,
    coop: c['CAC-PER']!.id,
    campaign: ids.campaign2020,
    currency: 'PEN' as Cur,
    principal: '100000.00',
    signedOn: '2019-05-20',
    maturity: '2020-06-30',
  };
  const l360 = await createLoan({ ...base, code: 'PER-360', convention: 'simple_act_360', rate: '12', fee: '500.00' });
  const l365 = await createLoan({ ...base, code: 'PER-365', convention: 'simple_act_365', rate: '12' });
  const tea = await createLoan({ ...base, code: 'PER-TEA', convention: 'tea_360', rate: '12' });
  const tea2 = await createLoan({
    ...base,
    code: 'PER-TEA2',
    convention: 'tea_360',
    rate: '14.25',
    endorsed: '80000.00',
  });
  const req = await createLoan({
    ...base,
    code: 'PER-REQ',
    convention: 'simple_act_360',
    rate: '15',
    principal: '10000.00',
    fee: '100.00',
  });
  await disburse(l365, '100000.00', '2019-06-01');
  await disburse(tea, '100000.00', '2019-06-01');
  await disburse(tea2, '60000.00', '2019-06-01');
  await disburse(tea2, '40000.00', '2019-09-01');
  return { l360, l365, tea, tea2, req };
});

describe('disbursement needs two admins', () => {
  it('refuses the admin who asked (four eyes), then a second admin disburses it with the opening fee', async () => {
    const { l360 } = await perLoans();
    const req = (
      await ok('admin', REQUEST, {
        idempotencyKey: newKey(),
        loanId: l360.id,
        amount: '100000.00',
        disbursedOn: '2019-06-01',
        reason: 'BTEST transfer 0001',
      })
    ).request;
    expect(req).toMatchObject({
      kind: 'disbursement',
      status: 'PENDING',
      amount: pen(10_000_000n),
      effectiveOn: '2019-06-01',
      reason: 'BTEST transfer 0001',
      loan: { code: 'PER-360' },
    });
    const before = counts();
    const same = await send('admin', DECIDE, { idempotencyKey: newKey(), requestId: req.id, approve: true });
    expect(same.__typename).toBe('ForbiddenError');
    expect(same.message).toMatch(/four eyes/);
    expect(counts()).toEqual(before);
    const ok2 = await ok('admin2', DECIDE, { idempotencyKey: newKey(), requestId: req.id, approve: true });
    expect(ok2.request).toMatchObject({ status: 'APPROVED' });
    const after = counts();
    expect([
      after.loan_events! - before.loan_events!,
      after.loan_request_decisions! - before.loan_request_decisions!,
      after.journal_entries! - before.journal_entries!,
    ]).toEqual([2, 1, 2]);
    l360.m.events.push(
      { kind: 'disb', date: '2019-06-01', amount: 10_000_000n },
      { kind: 'fee', date: '2019-06-01', amount: 50_000n },
    );
    const node = await loanNode(l360.id);
    expect(node.events.map((e: any) => [e.kind, e.source, e.occurredOn, e.amount, e.reversed])).toEqual([
      ['DISBURSEMENT', 'REQUEST', '2019-06-01', pen(10_000_000n), false],
      ['FEE', 'REQUEST', '2019-06-01', pen(50_000n), false],
    ]);
    const pos = await expectPosition(l360.id, l360.m, '2019-06-01');
    expect([pos.totalDue, pos.held, pos.bucket]).toEqual([10_050_000n, 10_000_000n, 'CURRENT']);
  });

  it('needs a reason to reject; refuses a second decision (ALREADY_DECIDED); counts pending requests against the principal (ABOVE_PRINCIPAL)', async () => {
    const { req: loan } = await perLoans();
    const ask = async (amount: string, on: string) =>
      send('admin', REQUEST, {
        idempotencyKey: newKey(),
        loanId: loan.id,
        amount,
        disbursedOn: on,
        reason: `tramo ${amount}`,
      });
    await disburse(loan, '6000.00', '2019-07-01', 10_000n);
    const pending = (await ask('3000.00', '2019-08-01')).request;
    const before = counts();
    // 10,000.00 − 6,000.00 disbursed − 3,000.00 awaiting approval leaves 1,000.00.
    const above = await ask('1000.01', '2019-08-01');
    expect(above).toMatchObject(issue(['input', 'amount'], 'ABOVE_PRINCIPAL'));
    expect(above.message).toContain(
      '1000.00 PEN of the principal is left to disburse (disbursed 6000.00, awaiting approval 3000.00)',
    );
    expect(
      await send('admin2', DECIDE, { idempotencyKey: newKey(), requestId: pending.id, approve: false }),
    ).toMatchObject(issue(['input', 'reason'], 'REQUIRED'));
    expect(counts()).toEqual(before);
    const rejected = await ok('admin2', DECIDE, {
      idempotencyKey: newKey(),
      requestId: pending.id,
      approve: false,
      reason: 'the lender has not transferred it',
    });
    expect(rejected.request).toMatchObject({ status: 'REJECTED' });
    const mid = counts();
    expect(mid.loan_events).toBe(before.loan_events);
    for (const [role, approve] of [
      ['admin2', true],
      ['admin2', false],
      ['admin', true],
    ] as const) {
      const again = await send(role, DECIDE, {
        idempotencyKey: newKey(),
        requestId: pending.id,
        approve,
        reason: approve ? null : 'changed my mind',
      });
      // The requester is refused as ever (four eyes comes first); another admin is told it was decided.
      expect(again, role).toMatchObject(
        role === 'admin' ? { __typename: 'ForbiddenError' } : conflict('ALREADY_DECIDED'),
      );
    }
    expect(counts()).toEqual(mid);
    // Rejected, the 3,000.00 no longer counts: 4,000.00 may be asked for.
    expect((await ask('4000.00', '2019-08-01')).__typename).toBe('LoanRequestPayload');
    expect(await ask('0.01', '2019-08-01')).toMatchObject(issue(['input', 'amount'], 'ABOVE_PRINCIPAL'));
  });

  it('refuses to approve a disbursement before its date (NOT_YET), leaving the request pending and the loan untouched', async () => {
    const { tea2 } = await perLoans();
    const { req: loan } = await perLoans();
    // PER-REQ has 4,000.00 awaiting approval: reject it, then ask for it dated after today.
    const list = await s.gql('admin', `{ loanRequests(pending: true) { ${REQUEST_FIELDS} } }`);
    const open = list.data.loanRequests.filter((r: any) => r.loan.code === 'PER-REQ');
    expect(open.map((r: any) => [r.amount.amount, r.status])).toEqual([['4000.00', 'PENDING']]);
    await ok('admin2', DECIDE, {
      idempotencyKey: newKey(),
      requestId: open[0].id,
      approve: false,
      reason: 'asked again with its date',
    });
    const future = (
      await ok('admin', REQUEST, {
        idempotencyKey: newKey(),
        loanId: loan.id,
        amount: '4000.00',
        disbursedOn: '2020-01-16',
        reason: 'tramo final',
      })
    ).request;
    const before = counts();
    expect(
      await send('admin2', DECIDE, { idempotencyKey: newKey(), requestId: future.id, approve: true }),
    ).toMatchObject(issue(['input', 'requestId'], 'NOT_YET'));
    expect(counts()).toEqual(before);
    const r = await s.gql('admin', `query($id: ID!) { node(id: $id) { ... on LoanRequest { status } } }`, {
      id: future.id,
    });
    expect(r.data.node).toEqual({ status: 'PENDING' });
    // Disbursed in two tranches, the second after interest had accrued: no second opening fee.
    const events = (await loanNode(tea2.id)).events;
    expect(events.map((e: any) => [e.kind, e.occurredOn, e.amount.amount])).toEqual([
      ['DISBURSEMENT', '2019-06-01', '60000.00'],
      ['DISBURSEMENT', '2019-09-01', '40000.00'],
    ]);
    // The second disbursement's entry charges the interest accrued to its date: 60,000.00 × (1.1425^(92/360) − 1).
    expect(cents(events[1].interestCharged.amount)).toBe(
      interestOn(tea2.m, [{ p: 6_000_000n, from: '2019-06-01', to: '2019-09-01' }]).minor,
    );
  });
  // BUG: LoanRequest.requestedBy and LoanRequest.decidedBy read `users.display_name`, a column the users table does not have
  // (it is `name`, db/schema.ts): selecting either fails the field with INTERNAL_SERVER_ERROR ("Unexpected error."),
  // and the mutation payloads with them. Expected: the admins' names, "Ana Admin" and "Bruno Segundo".
  it('names who asked and who decided (requestedBy, decidedBy)', async () => {
    await perLoans();
    const list = await s.gql('admin', `{ loanRequests { loan { code } status requestedBy decidedBy } }`);
    expect(list.errors, JSON.stringify(list.errors)).toBeUndefined();
    const decided = list.data.loanRequests.filter((r: any) => r.loan.code === 'PER-REQ' && r.status !== 'PENDING');
    expect(decided.length).toBeGreaterThan(0);
    for (const r of decided) expect([r.requestedBy, r.decidedBy]).toEqual(['Ana Admin', 'Bruno Segundo']);
  });
});

// ---------------------------------------------------------------- 2. interest per convention

describe('interest to the cent, per convention', () => {
  const DATES = [
    '2019-06-01',
    '2019-06-02',
    '2019-07-01',
    '2019-09-01',
    '2019-12-31',
    '2020-02-28',
    '2020-02-29',
    '2020-03-01',
    '2020-05-26',
    '2020-06-01',
  ];

  it('simple ACT/360: 100,000.00 at 12 % bears 1,000.00 in 30 days and 12,200.00 in the 366 days to 1 June 2020', async () => {
    const { l360 } = await perLoans();
    for (const d of DATES) await expectPosition(l360.id, l360.m, d);
    const p = await apiPosition(l360.id, '2020-06-01');
    expect([p.accrued, p.exact, p.totalDue]).toEqual([1_220_000n, '12200', 10_000_000n + 50_000n + 1_220_000n]);
    expect((await apiPosition(l360.id, '2019-07-01')).accrued).toBe(100_000n);
    // The leap day is one more day: 28 Feb → 1 Mar 2020 is 2 days, 2 × 33.333… = 66.67 (rounded once on the running total).
    const feb28 = await apiPosition(l360.id, '2020-02-28');
    const mar1 = await apiPosition(l360.id, '2020-03-01');
    expect([feb28.accrued, mar1.accrued]).toEqual([
      halfEven(10_000_000n * 272n * 12n, 36_000n),
      halfEven(10_000_000n * 274n * 12n, 36_000n),
    ]);
    expect([feb28.accrued, mar1.accrued]).toEqual([906_667n, 913_333n]);
  });

  it('simple ACT/365: the year stays 365 days in 2020; 1 Jun 2019 → 1 Jun 2020 (366 days) bears 12,032.88', async () => {
    const { l365 } = await perLoans();
    for (const d of DATES) await expectPosition(l365.id, l365.m, d);
    expect((await apiPosition(l365.id, '2020-06-01')).accrued).toBe(1_203_288n);
    // 29 Feb 2020 counts: the day before and the day after differ by 2 days of 32.876… each.
    const a = await apiPosition(l365.id, '2020-02-28');
    const b = await apiPosition(l365.id, '2020-03-01');
    expect([a.accrued, b.accrued]).toEqual([
      halfEven(10_000_000n * 272n * 12n, 36_500n),
      halfEven(10_000_000n * 274n * 12n, 36_500n),
    ]);
  });

  it('TEA 360: 360 days bear exactly the TEA (12,000.00); 366 days bear 100,000.00 × (1.12^(366/360) − 1) = 12,211.75', async () => {
    const { tea } = await perLoans();
    for (const d of DATES) await expectPosition(tea.id, tea.m, d);
    const y = await apiPosition(tea.id, '2020-05-26');
    expect([y.accrued, y.exact]).toEqual([1_200_000n, '12000']);
    expect((await apiPosition(tea.id, '2020-06-01')).accrued).toBe(1_221_175n);
    // The factor 1.12^(366/360) − 1 = 0.1221174679…, computed here at 80 digits.
    expect(new P('1.12').pow(new P(366).div(360)).minus(1).toFixed(10)).toBe('0.1221174679');
  });

  it('TEA 360 with two tranches: each segment compounds on its own principal, summed unrounded and rounded once', async () => {
    const { tea2 } = await perLoans();
    for (const d of DATES) await expectPosition(tea2.id, tea2.m, d);
    const asOf = '2020-03-01';
    const segs = [
      { p: 6_000_000n, from: '2019-06-01', to: '2019-09-01' },
      { p: 10_000_000n, from: '2019-09-01', to: asOf },
    ];
    const whole = interestOn(tea2.m, segs);
    const each = segs.map((x) => interestOn(tea2.m, [x]).minor);
    expect((await apiPosition(tea2.id, asOf)).accrued).toBe(whole.minor);
    // Rounded once: within half a cent of the exact sum (rounding per segment could drift by a cent).
    expect(new P(whole.minor.toString()).minus(whole.exact).abs().lte('0.5')).toBe(true);
    expect(sum(each) - whole.minor).toBeGreaterThanOrEqual(-1n);
    // Endorsed 80,000.00 of 100,000.00: all of it held while nothing is repaid.
    expect((await apiPosition(tea2.id, asOf)).held).toBe(8_000_000n);
  });

  it('bears no interest before the first disbursement, nor on the disbursement day itself', async () => {
    const { l360, tea } = await perLoans();
    for (const [loan, fees] of [
      [l360, 50_000n],
      [tea, 0n],
    ] as const) {
      const before = await apiPosition(loan.id, '2019-05-31');
      expect([before.disbursed, before.totalDue, before.accrued, before.held]).toEqual([0n, 0n, 0n, 10_000_000n]);
      const day0 = await apiPosition(loan.id, '2019-06-01');
      expect([day0.accrued, day0.totalDue]).toEqual([0n, 10_000_000n + fees]);
    }
  });
});

// ---------------------------------------------------------------- coffee to sell

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
const PRICE = '1.8375';
const DELIVER = mutation(
  'recordSaleDelivery',
  'RecordSaleDeliveryInput',
  'RecordSaleDeliveryPayload',
  'delivery { id code value { minorUnits } lots { lot { id code } cooperative { code } weight { grams } } }',
);
/** Green of one cooperative's farmers per batch, and one fixed-price export contract in C2019. */
const coffee = once(async () => {
  const { c } = await coops();
  const lot = async (code: string, i: number, kg: number) => ({
    id: await newLot(c[code]!.farmers[i]!, kg, '78'),
    farmer: c[code]!.farmers[i]!,
  });
  const pan = [await lot('CAC-PAN', 0, 1000), await lot('CAC-PAN', 1, 600)];
  const sat = [await lot('CAC-SAT', 0, 500)];
  const vri = [await lot('CAC-VRI', 0, 700)];
  const per = [await lot('CAC-PER', 0, 300)];
  const batch = {
    PAN: await hull(
      pan.map((l, i) => ({ lotId: l.id, kg: i === 0 ? '1000' : '600' })),
      '1200',
      '350',
    ),
    SAT: await hull([{ lotId: sat[0]!.id, kg: '500' }], '380', '110'),
    VRI: await hull([{ lotId: vri[0]!.id, kg: '700' }], '530', '150'),
    PER: await hull([{ lotId: per[0]!.id, kg: '300' }], '230', '65'),
  };
  const buyer = (
    await ok('admin', mutation('createBuyer', 'CreateBuyerInput', 'CreateBuyerPayload', 'buyer { id }'), {
      idempotencyKey: newKey(),
      code: 'BUY-LOAN',
      name: 'Loan Test Roasters',
      country: 'NL',
    })
  ).buyer.id as string;
  const contract = (
    await ok(
      'admin',
      mutation('createSalesContract', 'CreateSalesContractInput', 'CreateSalesContractPayload', 'contract { id }'),
      {
        idempotencyKey: newKey(),
        code: 'SC-LOAN-1',
        buyerId: buyer,
        campaignId: ids.campaign2019,
        currency: 'USD',
        grade: 'EXPORT',
        quantityKg: '5000',
        pricePerLb: PRICE,
        fairtrade: false,
        organic: false,
        signedOn: '2019-12-01',
      },
    )
  ).contract.id as string;
  const farmerOf = new Map([...pan, ...sat, ...vri, ...per].map((l) => [l.id, l.farmer]));
  return { batch, contract, farmerOf };
});
async function deliver(batch: 'PAN' | 'SAT' | 'VRI' | 'PER', kg: string) {
  const w = await coffee();
  const d = (
    await ok('admin', DELIVER, {
      idempotencyKey: newKey(),
      contractId: w.contract,
      plantId: ids.plantLaMerced,
      deliveredAt: '2020-01-10T15:00:00Z',
      inputs: [{ batchId: w.batch[batch], kg }],
    })
  ).delivery;
  const grams = BigInt(d.lots.reduce((a: number, l: any) => a + l.weight.grams, 0));
  const value = centsOf(grams, PRICE);
  expect(BigInt(d.value.minorUnits)).toBe(value);
  const farmers = d.lots.map((l: any) => ({
    id: w.farmerOf.get(l.lot.id)!,
    grams: BigInt(l.weight.grams),
    lot: l.lot.code as string,
  }));
  return {
    id: d.id as string,
    code: d.code as string,
    grams,
    value,
    farmers: farmers as { id: string; grams: bigint; lot: string }[],
  };
}
const payInput = (
  deliveryId: string,
  receivedOn: string,
  amount: string,
  rate: string | null,
  currency: Cur = 'USD',
) => ({
  idempotencyKey: newKey(),
  deliveryId,
  receivedOn,
  amount,
  currency,
  ...(rate ? { exchangeRate: { rate, source: `SBS compra ${receivedOn}` } } : {}),
});

// ---------------------------------------------------------------- 3. repayment at a sale

/**
 * CAC-PAN (shareholder: 0.08 USD/kg, 1.5 %, retention 3 %) borrowed from CTEST in 2019, created in this order:
 * PAN-USD (TEA, first disbursed 1 Oct), PAN-PEN (ACT/360, first disbursed 2 Sep: repaid first), PAN-USD2 (ACT/365, 15 Nov),
 * PAN-UND (never disbursed: left out). One delivery of 1,000 kg, paid 2,500.00 on 13 Jan and the rest on 14 Jan.
 */
const panLoans = once(async () => {
  const { c } = await coops();
  const { copac } = await lendersFixture();
  const coop = c['CAC-PAN']!.id;
  await limit(coop, ids.campaign2019, 'PEN', '5000.00');
  await limit(coop, ids.campaign2019, 'USD', '2000.00');
  const base = { lender: copac, coop, campaign: ids.campaign2019 };
  const usdLoan = await createLoan({
    ...base,
    code: 'PAN-USD',
    currency: 'USD',
    principal: '1500.00',
    convention: 'tea_360',
    rate: '12',
    fee: '15.00',
    signedOn: '2019-09-01',
    maturity: '2020-03-31',
  });
  const penLoan = await createLoan({
    ...base,
    code: 'PAN-PEN',
    currency: 'PEN',
    principal: '5000.00',
    convention: 'simple_act_360',
    rate: '18.5',
    fee: '50.00',
    signedOn: '2019-08-20',
    maturity: '2020-03-31',
  });
  const usd2 = await createLoan({
    ...base,
    code: 'PAN-USD2',
    currency: 'USD',
    principal: '300.00',
    convention: 'simple_act_365',
    rate: '10',
    signedOn: '2019-11-01',
    maturity: '2020-04-30',
  });
  const und = await createLoan({
    ...base,
    code: 'PAN-UND',
    currency: 'USD',
    principal: '200.00',
    convention: 'simple_act_360',
    rate: '10',
    signedOn: '2019-11-01',
    maturity: '2020-04-30',
  });
  await disburse(usdLoan, '1500.00', '2019-10-01', 1_500n);
  await disburse(penLoan, '5000.00', '2019-09-02', 5_000n);
  await disburse(usd2, '300.00', '2019-11-15');
  return { usdLoan, penLoan, usd2, und, all: [usdLoan, penLoan, usd2, und] };
});

interface CoopSettled {
  share: bigint;
  fee: bigint;
  commission: bigint;
  available: bigint;
  loans: ReturnType<typeof waterfallLoans>;
  retention: bigint;
  toFarmers: bigint;
  pen: bigint;
  farmers: bigint[];
}
/** One cooperative alone in a USD delivery: share = payment; fee, commission to date, the lenders, retention, the farmers at `rate`. */
function settleOne(o: {
  amount: bigint;
  grams: bigint;
  feePerKg: string;
  feePaid: bigint;
  commissionPct: string;
  shareBefore: bigint;
  commissionBefore: bigint;
  retentionPct: string;
  loans: Model[];
  date: string;
  currency: Cur;
  rate: string | null;
  farmers: { id: string; grams: bigint }[];
}): CoopSettled {
  const share = o.amount;
  const fee = min(perKg(o.grams, o.feePerKg) - o.feePaid, share);
  const commission = min(pctOf(o.shareBefore + share, o.commissionPct) - o.commissionBefore, share - fee);
  const available = share - fee - commission;
  const loans = waterfallLoans(o.loans, o.date, o.currency, available, o.rate);
  const left = loans.remainder;
  const retention = pctOf(left, o.retentionPct);
  const toFarmers = left - retention;
  const [rn, rd] = o.rate ? scaled(o.rate) : [1n, 1n];
  const penTotal = o.currency === 'PEN' ? toFarmers : halfEven(toFarmers * rn, rd);
  const farmers = split(
    penTotal,
    o.farmers.map((f) => ({ id: rowId(f.id), w: f.grams })),
  );
  return { share, fee, commission, available, loans, retention, toFarmers, pen: penTotal, farmers };
}

const panSale = once(async () => {
  const loans = await panLoans();
  const d = await deliver('PAN', '1000');
  const { bal: booksBefore } = await books();
  const base = {
    grams: d.grams,
    feePerKg: '0.08',
    commissionPct: '1.5',
    retentionPct: '3',
    loans: loans.all.map((l) => l.m),
    currency: 'USD' as Cur,
    farmers: d.farmers
      .reduce((acc: { id: string; grams: bigint }[], f) => {
        const x = acc.find((a) => a.id === f.id);
        if (x) x.grams += f.grams;
        else acc.push({ id: f.id, grams: f.grams });
        return acc;
      }, [])
      .sort((a, b) => rowId(a.id) - rowId(b.id)),
  };
  const positionsBefore = await Promise.all(loans.all.map((l) => apiPosition(l.id, '2020-01-13')));
  const p1Plan = settleOne({
    ...base,
    amount: 250_000n,
    feePaid: 0n,
    shareBefore: 0n,
    commissionBefore: 0n,
    date: '2020-01-13',
    rate: '3.3735',
  });
  const p1 = (await ok('admin', PAY, payInput(d.id, '2020-01-13', '2500.00', '3.3735'))).payment;
  for (const r of p1Plan.loans.rows)
    if (r.credited > 0n) addRepayment(loans.all.find((l) => l.m.code === r.code)!.m, '2020-01-13', r);
  const mid = await Promise.all(loans.all.map((l) => apiPosition(l.id, '2020-01-13')));
  const rest = d.value - 250_000n;
  const p2Plan = settleOne({
    ...base,
    amount: rest,
    feePaid: p1Plan.fee,
    shareBefore: 250_000n,
    commissionBefore: p1Plan.commission,
    date: '2020-01-14',
    rate: '3.3801',
  });
  const p2 = (await ok('admin', PAY, payInput(d.id, '2020-01-14', fmt(rest), '3.3801'))).payment;
  for (const r of p2Plan.loans.rows)
    if (r.credited > 0n) addRepayment(loans.all.find((l) => l.m.code === r.code)!.m, '2020-01-14', r);
  return { loans, d, p1, p2, p1Plan, p2Plan, positionsBefore, mid, booksBefore };
});

const expectedSettlement = (plan: CoopSettled, code: string) => ({
  cooperative: { code },
  share: usd(plan.share),
  processingFee: usd(plan.fee),
  commission: usd(plan.commission),
  loanRepayments: plan.loans.rows.filter((r) => r.paid > 0n).map((r) => usd(r.paid)),
  retention: usd(plan.retention),
  toFarmers: usd(plan.toFarmers),
});

describe('repayment from a sale, in the settlement', () => {
  it('pays the oldest first disbursement first: PAN-PEN (2 Sep) in full from USD at 3.3735, rounded up; PAN-USD (1 Oct) in part; PAN-USD2 nothing left', async () => {
    const { p1, p1Plan, loans } = await panSale();
    const rows = p1Plan.loans.rows;
    // The loans' order is by first disbursement, not by id (PAN-USD was created first); PAN-UND was never disbursed.
    expect(rows.map((r) => r.code)).toEqual(['PAN-PEN', 'PAN-USD', 'PAN-USD2']);
    expect(loans.usdLoan.m.id).toBeLessThan(loans.penLoan.m.id);
    const [penRow, usdRow, usd2Row] = rows as [Row, Row, Row];
    // PAN-PEN: 5,000.00 from 2 Sep to 13 Jan = 133 days at 18.5 % ACT/360 = 341.736… → 341.74; + 50.00 fee.
    expect(days('2019-09-02', '2020-01-13')).toBe(133);
    expect(penRow.due.interestDue).toBe(halfEven(500_000n * 133n * 185n, 360n * 1000n));
    expect(penRow.due.totalDue).toBe(5_000n + 34_174n + 500_000n);
    expect(penRow.dueInPay).toBe(ceilDiv(penRow.due.totalDue * 10_000n, 33_735n));
    expect([penRow.paid, penRow.credited]).toEqual([penRow.dueInPay, penRow.due.totalDue]);
    // The lender gets at least the debt's value, and less than a cent more.
    expect(penRow.paid * 33_735n).toBeGreaterThanOrEqual(penRow.due.totalDue * 10_000n);
    expect((penRow.paid - 1n) * 33_735n).toBeLessThan(penRow.due.totalDue * 10_000n);
    expect(p1Plan.available - penRow.paid).toBeLessThan(usdRow.due.totalDue);
    expect([usdRow.paid, usdRow.credited, usd2Row.paid]).toEqual([
      p1Plan.available - penRow.paid,
      p1Plan.available - penRow.paid,
      0n,
    ]);
    expect(p1Plan.loans.remainder).toBe(0n);
    expect([p1Plan.retention, p1Plan.toFarmers]).toEqual([0n, 0n]);

    const coop = p1.settlement[0];
    expect(p1.settlement).toHaveLength(1);
    expect(coop).toMatchObject(expectedSettlement(p1Plan, 'CAC-PAN'));
    expect(coop.farmers.map((f: any) => f.amount)).toEqual(p1Plan.farmers.map(() => pen(0n)));
    const f = (m: bigint) => fmt(m);
    expect(
      coop.loans.map((e: any) => [
        e.loan.code,
        e.kind,
        e.source,
        e.occurredOn,
        e.amount,
        e.paid,
        e.exchangeRate?.rate ?? null,
        evParts(e),
      ]),
    ).toEqual([
      [
        'PAN-PEN',
        'REPAYMENT',
        'SALE',
        '2020-01-13',
        pen(penRow.credited),
        usd(penRow.paid),
        '3.3735',
        { fees: 5_000n, interest: 34_174n, principal: 500_000n },
      ],
      [
        'PAN-USD',
        'REPAYMENT',
        'SALE',
        '2020-01-13',
        usd(usdRow.credited),
        usd(usdRow.paid),
        null,
        { fees: usdRow.fees, interest: usdRow.interest, principal: usdRow.principal },
      ],
    ]);
    expect(usdRow.fees).toBe(1_500n);
    expect(usdRow.interest).toBe(usdRow.due.interestDue);
    expect(coop.loans[0].why).toBe(
      `PAN-PEN (PEN, first disbursed 2019-09-02): ${f(penRow.due.totalDue)} PEN due (fees 50.00, interest 341.74 to 2020-01-13, principal 5000.00) = ` +
        `${f(penRow.dueInPay)} USD at 3.3735 PEN per USD, rounded up to the USD minor unit; paid in full with ${f(penRow.paid)} USD`,
    );
    expect(coop.loans[1].why).toBe(
      `PAN-USD (USD, first disbursed 2019-10-01): ${f(usdRow.due.totalDue)} USD due (fees 15.00, interest ${f(usdRow.due.interestDue)} to 2020-01-13, principal 1500.00): ` +
        `only ${f(usdRow.paid)} USD left, paid in order (fees 15.00, interest ${f(usdRow.interest)}, principal ${f(usdRow.principal)}); ` +
        `${f(usdRow.due.totalDue - usdRow.credited)} USD remains due`,
    );
  });

  it('leaves the rest of a partly paid loan outstanding, interest running on it', async () => {
    const { mid, loans, p1Plan } = await panSale();
    const [usdPos, penPos, usd2Pos, undPos] = mid;
    const usdRow = p1Plan.loans.rows[1]!;
    expect(penPos!.totalDue).toBe(0n);
    expect(penPos!.held).toBe(0n);
    expect(usdPos!.totalDue).toBe(usdRow.due.totalDue - usdRow.credited);
    expect(usdPos!.outstanding).toBe(150_000n - usdRow.principal);
    // Endorsement released pro rata, rounded up.
    expect(usdPos!.held).toBe(ceilDiv(150_000n * usdPos!.outstanding, 150_000n));
    expect(usd2Pos!.totalDue).toBe(position(loans.usd2.m, '2020-01-13').totalDue);
    expect(undPos!.totalDue).toBe(0n);
    for (const l of loans.all) await expectPosition(l.id, l.m, '2020-01-13');
  });

  it('on the second payment, clears what is left and passes the excess on to retention and the farmers', async () => {
    const { p2, p2Plan, d } = await panSale();
    const rows = p2Plan.loans.rows;
    expect(rows.map((r) => [r.code, r.due.totalDue === 0n])).toEqual([
      ['PAN-PEN', true],
      ['PAN-USD', false],
      ['PAN-USD2', false],
    ]);
    expect(rows.slice(1).every((r) => r.credited === r.due.totalDue && r.paid === r.due.totalDue)).toBe(true);
    // PAN-USD2: 300.00 at 10 % ACT/365 from 15 Nov to 14 Jan = 60 days = 4.93.
    expect(rows[2]!.due.interestDue).toBe(halfEven(30_000n * 60n * 10n, 36_500n));
    expect(p2Plan.loans.remainder).toBeGreaterThan(0n);
    expect(p2Plan.fee).toBe(0n); // the whole processing fee was taken by the first payment
    const coop = p2.settlement[0];
    expect(coop).toMatchObject(expectedSettlement(p2Plan, 'CAC-PAN'));
    expect(coop.loans.map((e: any) => [e.loan.code, e.amount, e.paid])).toEqual(
      rows.slice(1).map((r) => [r.code, usd(r.credited), usd(r.paid)]),
    );
    expect(coop.loans[1].why).toMatch(
      /^PAN-USD2 \(USD, first disbursed 2019-11-15\): 304\.93 USD due \(fees 0\.00, interest 4\.93 to 2020-01-14, principal 300\.00\): paid in full$/,
    );
    // The cooperative's part drops by exactly what the lenders took: retention + farmers = available − Σ paid.
    const paid = sum(rows.map((r) => r.paid));
    expect(cents(coop.retention.amount) + cents(coop.toFarmers.amount)).toBe(p2Plan.available - paid);
    expect(cents(coop.retention.amount)).toBe(pctOf(p2Plan.available - paid, '3'));
    // And the farmers, in PEN at 3.3801, get exactly that converted (largest remainder by grams).
    const credited = coop.farmers.map((f: any) => cents(f.amount.amount));
    expect(sum(credited)).toBe(p2Plan.pen);
    expect([...credited].sort()).toEqual([...p2Plan.farmers].sort());
    // Without the loans, the farmers would have had (available − 3 %) converted: they are short by the loans less the retention on them.
    const without = p2Plan.available - pctOf(p2Plan.available, '3');
    expect(without - p2Plan.toFarmers).toBe(paid - (pctOf(p2Plan.available, '3') - p2Plan.retention));
    expect(d.value - 250_000n).toBe(p2Plan.share);
  });

  it("shows on each loan the sale that repaid it, with the cooperative's lots; all paid loans owe 0.00", async () => {
    const { loans, d, p1Plan, p2Plan } = await panSale();
    const node = await loanNode(loans.usdLoan.id);
    expect(
      node.repayments.map((e: any) => [
        e.occurredOn,
        e.source,
        e.sale.receivedOn,
        e.sale.deliveryCode,
        e.sale.contractCode,
        e.sale.cooperativeWeight.grams,
      ]),
    ).toEqual([
      ['2020-01-13', 'SALE', '2020-01-13', d.code, 'SC-LOAN-1', Number(d.grams)],
      ['2020-01-14', 'SALE', '2020-01-14', d.code, 'SC-LOAN-1', Number(d.grams)],
    ]);
    expect(node.repayments[0].sale.payment).toEqual(usd(250_000n));
    expect(node.repayments[1].sale.exchangeRate).toBe('3.3801');
    expect(node.repayments[0].sale.lots.map((l: any) => l.lotCode).sort()).toEqual(
      [...new Set(d.farmers.map((f) => f.lot))].sort(),
    );
    expect(sum(node.repayments.map((e: any) => cents(e.amount.amount)))).toBe(
      p1Plan.loans.rows[1]!.credited + p2Plan.loans.rows[1]!.credited,
    );
    for (const l of loans.all) {
      const p = await expectPosition(l.id, l.m, TODAY);
      expect(p.totalDue, l.m.code).toBe(0n);
    }
  });

  it('moves the books exactly: the lender is paid, the cooperative owes nothing, balanced in PEN and in USD', async () => {
    const { p1Plan, p2Plan, booksBefore } = await panSale();
    const { bal, tb } = await books();
    expect(tb.balanced).toBe(true);
    for (const c of tb.currencies) expect(c.balanced, c.currency).toBe(true);
    const { copac } = await lendersFixture();
    const { c } = await coops();
    const coop = rowId(c['CAC-PAN']!.id);
    for (const cur of ['PEN', 'USD']) {
      expect(bal.get(`lender:${rowId(copac)}:loan_receivable:${cur}`) ?? 0n, cur).toBe(0n);
      expect(bal.get(`cooperative:${coop}:loan_payable:${cur}`) ?? 0n, cur).toBe(0n);
    }
    // Cash in USD: +2,500.00 and the rest received, − what went out to the USD loans, − what was changed for the PEN loan and the farmers.
    const delta = (code: string) => (bal.get(code) ?? 0n) - (booksBefore.get(code) ?? 0n);
    const penRow = p1Plan.loans.rows[0]!;
    expect(delta('consortium:-:cash:PEN')).toBe(-penRow.credited);
    expect(delta(`cooperative:${coop}:retention_fund:USD`)).toBe(-(p1Plan.retention + p2Plan.retention));
  });
});

// ---------------------------------------------------------------- a PEN sale repaying a USD loan: the rate of the day

/** CAC-MOY (affiliated, own retention 5 %; domestic terms 1.40 PEN/kg, 2.5 %) has the demo's unpaid domestic delivery SMA-2019-D3. */
const moy = once(async () => {
  const { c } = await coops();
  const { bank } = await lendersFixture();
  const coop = c['CAC-MOY']!.id;
  await limit(coop, ids.campaign2019, 'USD', '600.00');
  const loan = await createLoan({
    code: 'MOY-USD',
    lender: bank,
    coop,
    campaign: ids.campaign2019,
    currency: 'USD',
    principal: '600.00',
    convention: 'simple_act_360',
    rate: '10',
    signedOn: '2019-11-20',
    maturity: '2020-05-31',
  });
  await disburse(loan, '600.00', '2019-12-02');
  const r = await s.gql(
    'admin',
    `{ salesContracts(first: 20) { nodes { code deliveries { id code owed ${MONEY} lots { cooperative { code } weight { grams } } } } } }`,
  );
  const d = r.data.salesContracts.nodes
    .find((x: any) => x.code === 'SMA-2019')
    .deliveries.find((x: any) => x.code === 'SMA-2019-D3');
  expect(d.owed).toEqual(pen(309_000n));
  expect([...new Set(d.lots.map((l: any) => l.cooperative.code))]).toEqual(['CAC-MOY']);
  const grams = BigInt(d.lots.reduce((a: number, l: any) => a + l.weight.grams, 0));
  return { loan, delivery: d.id as string, grams };
});

describe('a PEN payment repaying a USD loan', () => {
  it('is refused without a USD/PEN rate recorded for its day (NO_EXCHANGE_RATE), writing nothing', async () => {
    const { delivery } = await moy();
    const before = counts();
    const res = await send('admin', PAY, payInput(delivery, '2020-01-09', '2000.00', null, 'PEN'));
    expect(res).toMatchObject(issue(['input', 'receivedOn'], 'NO_EXCHANGE_RATE'));
    expect(res.message).toContain('MOY-USD is in USD: record the USD/PEN rate for 2020-01-09 first');
    expect(counts()).toEqual(before);
  });

  it('after recordExchangeRate, takes what it can: 1,880.35 PEN converted back half-even at 3.365 (a partial payment)', async () => {
    const { delivery, loan, grams } = await moy();
    expect(
      await ok('admin', RATE, {
        idempotencyKey: newKey(),
        base: 'USD',
        quote: 'PEN',
        rate: '3.365',
        ratedOn: '2020-01-09',
        source: 'SBS compra 2020-01-09',
      }),
    ).toEqual({ __typename: 'RecordedPayload', replayed: false });
    const plan = settleOne({
      amount: 200_000n,
      grams,
      feePerKg: '1.40',
      feePaid: 0n,
      commissionPct: '2.5',
      shareBefore: 0n,
      commissionBefore: 0n,
      retentionPct: '5',
      loans: [loan.m],
      date: '2020-01-09',
      currency: 'PEN',
      rate: '3.365',
      farmers: [],
    });
    // 49.75 kg × 1.40 = 69.65; 2.5 % of 2,000.00 = 50.00; 1,880.35 left for the lender.
    expect([plan.fee, plan.commission, plan.available]).toEqual([6_965n, 5_000n, 188_035n]);
    const row = plan.loans.rows[0]!;
    // 600.00 USD + 38 days at 10 % ACT/360 = 6.33 → 606.33 USD = 2,040.30045 PEN → 2,040.31 up; 1,880.35 PEN ÷ 3.365 = 558.796… → 558.80 USD.
    expect([row.due.totalDue, row.dueInPay, row.paid, row.credited]).toEqual([60_633n, 204_031n, 188_035n, 55_880n]);
    expect([row.fees, row.interest, row.principal]).toEqual([0n, 633n, 55_247n]);
    const p = (await ok('admin', PAY, payInput(delivery, '2020-01-09', '2000.00', null, 'PEN'))).payment;
    addRepayment(loan.m, '2020-01-09', row);
    const coop = p.settlement[0];
    expect(coop).toMatchObject({
      cooperative: { code: 'CAC-MOY' },
      share: pen(200_000n),
      processingFee: pen(6_965n),
      commission: pen(5_000n),
      loanRepayments: [pen(188_035n)],
      retention: pen(0n),
      toFarmers: pen(0n),
    });
    expect(coop.loans).toHaveLength(1);
    expect(coop.loans[0]).toMatchObject({
      amount: usd(55_880n),
      paid: pen(188_035n),
      exchangeRate: { base: 'USD', quote: 'PEN', rate: '3.365', ratedOn: '2020-01-09' },
    });
    expect(coop.loans[0].why).toBe(
      'MOY-USD (USD, first disbursed 2019-12-02): 606.33 USD due (fees 0.00, interest 6.33 to 2020-01-09, principal 600.00) = ' +
        '2040.31 PEN at 3.365 PEN per USD, rounded up; only 1880.35 PEN left, = 558.80 USD (half-even), paid in order (fees 0.00, interest 6.33, principal 552.47); 47.53 USD remains due',
    );
    await expectPosition(loan.id, loan.m, '2020-01-09');
    await expectBalanced();
  });

  it('the rest of the invoice clears the loan (rounded up in PEN) and the excess goes to the cooperative', async () => {
    const { delivery, loan, grams } = await moy();
    await ok('admin', RATE, {
      idempotencyKey: newKey(),
      base: 'USD',
      quote: 'PEN',
      rate: '3.37',
      ratedOn: '2020-01-12',
      source: 'SBS compra 2020-01-12',
    });
    const plan = settleOne({
      amount: 109_000n,
      grams,
      feePerKg: '1.40',
      feePaid: 6_965n,
      commissionPct: '2.5',
      shareBefore: 200_000n,
      commissionBefore: 5_000n,
      retentionPct: '5',
      loans: [loan.m],
      date: '2020-01-12',
      currency: 'PEN',
      rate: '3.37',
      farmers: [],
    });
    const row = plan.loans.rows[0]!;
    // 47.53 USD + interest: the running total 6.3333… + 47.53 × 10 % × 3 ÷ 360 = 6.3729… → 6.37, so 0.04 due: 47.57 USD = 160.3109 PEN → 160.32.
    expect([plan.fee, plan.commission, row.due.interestDue, row.due.totalDue, row.dueInPay]).toEqual([
      0n,
      2_725n,
      4n,
      4_757n,
      16_032n,
    ]);
    const p = (await ok('admin', PAY, payInput(delivery, '2020-01-12', '1090.00', null, 'PEN'))).payment;
    addRepayment(loan.m, '2020-01-12', row);
    const left = 109_000n - 2_725n - 16_032n;
    expect(p.settlement[0]).toMatchObject({
      loanRepayments: [pen(16_032n)],
      retention: pen(pctOf(left, '5')),
      toFarmers: pen(left - pctOf(left, '5')),
    });
    expect(p.settlement[0].loans[0]).toMatchObject({
      amount: usd(4_757n),
      paid: pen(16_032n),
      exchangeRate: { rate: '3.37', ratedOn: '2020-01-12' },
    });
    const pos = await expectPosition(loan.id, loan.m, TODAY);
    expect([pos.totalDue, pos.held]).toEqual([0n, 0n]);
    await expectBalanced();
  });
});

// ---------------------------------------------------------------- 4. manual repayments and their reversal

/** CAC-OXA's 2020 loans from BTEST, for manual repayments, guarantee calls and write-offs. */
const oxa = once(async () => {
  const { c } = await coops();
  const coop = c['CAC-OXA']!.id;
  await limit(coop, ids.campaign2020, 'PEN', '200000.00');
  await limit(coop, ids.campaign2020, 'USD', '50000.00');
  return coop;
});
const manual = once(async () => {
  const coop = await oxa();
  const { bank } = await lendersFixture();
  const loan = await createLoan({
    code: 'OXA-MAN',
    lender: bank,
    coop,
    campaign: ids.campaign2020,
    currency: 'PEN',
    principal: '10000.00',
    convention: 'simple_act_360',
    rate: '18',
    fee: '100.00',
    signedOn: '2019-09-15',
    maturity: '2020-06-30',
  });
  const undisbursed = await createLoan({
    code: 'OXA-UND',
    lender: bank,
    coop,
    campaign: ids.campaign2020,
    currency: 'PEN',
    principal: '1000.00',
    convention: 'simple_act_360',
    rate: '18',
    signedOn: '2019-09-15',
    maturity: '2020-06-30',
  });
  await disburse(loan, '10000.00', '2019-10-01', 10_000n);
  return { loan, undisbursed };
});
const repay = (loanId: string, amount: string, paidOn: string, key = newKey()) =>
  send('admin', REPAY, { idempotencyKey: key, loanId, amount, paidOn });

describe('manual repayments', () => {
  it('split fees, interest to the day, then principal; interest posts as the difference of rounded running totals', async () => {
    const { loan } = await manual();
    // 1 Dec: fees 100.00; 61 days × 10,000.00 × 18 % ÷ 360 = 305.00; principal 595.00.
    const r1 = await repay(loan.id, '1000.00', '2019-12-01');
    expect(r1.__typename).toBe('LoanEventPayload');
    expect([r1.event.kind, r1.event.source, evParts(r1.event), r1.event.interestCharged, r1.event.paid]).toEqual([
      'REPAYMENT',
      'MANUAL',
      { fees: 10_000n, interest: 30_500n, principal: 59_500n },
      pen(30_500n),
      pen(100_000n),
    ]);
    addRepayment(loan.m, '2019-12-01', evParts(r1.event));
    // 31 Dec: 9,405.00 × 18 % × 30 ÷ 360 = 141.075; the running total 446.075 rounds (half-even) to 446.08, so 141.08 is due.
    const r2 = await repay(loan.id, '500.00', '2019-12-31');
    expect(evParts(r2.event)).toEqual({ fees: 0n, interest: 14_108n, principal: 35_892n });
    expect(halfEven(1_000_000n * 61n * 18n + 940_500n * 30n * 18n, 36_000n)).toBe(44_608n);
    addRepayment(loan.m, '2019-12-31', evParts(r2.event));
    await expectPosition(loan.id, loan.m, '2019-12-31');
    await expectPosition(loan.id, loan.m, TODAY);
  });

  it('refuses ABOVE_DUE, NOT_DISBURSED, BEFORE_LAST_EVENT, IN_FUTURE and LOAN_REPAID, writing nothing', async () => {
    const { loan, undisbursed } = await manual();
    const due = position(loan.m, '2020-01-10').totalDue;
    const before = counts();
    expect(await repay(loan.id, fmt(due + 1n), '2020-01-10')).toMatchObject(issue(['input', 'amount'], 'ABOVE_DUE'));
    expect(await repay(undisbursed.id, '1.00', '2020-01-10')).toMatchObject(conflict('NOT_DISBURSED'));
    expect(await repay(loan.id, '1.00', '2019-09-30')).toMatchObject(conflict('NOT_DISBURSED'));
    expect(await repay(loan.id, '1.00', '2019-12-15')).toMatchObject(issue(['input', 'paidOn'], 'BEFORE_LAST_EVENT'));
    expect(await repay(loan.id, '1.00', '2020-01-16')).toMatchObject(issue(['input', 'paidOn'], 'IN_FUTURE'));
    expect(await repay(loan.id, '0', '2020-01-10')).toMatchObject(issue(['input', 'amount'], 'NOT_POSITIVE'));
    expect(await repay(gid('CampaignLoan', 999_999), '1.00', '2020-01-10')).toMatchObject({
      __typename: 'NotFoundError',
      path: ['input', 'loanId'],
    });
    expect(counts()).toEqual(before);
    // A loan repaid in full (PAN-PEN, at a sale) refuses any more.
    const { loans } = await panSale();
    expect(await repay(loans.penLoan.id, '0.01', TODAY)).toMatchObject(conflict('LOAN_REPAID'));
    expect(counts()).toEqual(before);
  });

  /** A fresh OXA loan (lender XTEST, so the portfolio tests do not depend on these) with two manual repayments. */
  const twoRepayments = async (code: string) => {
    const coop = await oxa();
    const { other } = await lendersFixture();
    const loan = await createLoan({
      code,
      lender: other,
      coop,
      campaign: ids.campaign2020,
      currency: 'PEN',
      principal: '10000.00',
      convention: 'simple_act_360',
      rate: '18',
      fee: '100.00',
      signedOn: '2019-09-15',
      maturity: '2020-06-30',
    });
    await disburse(loan, '10000.00', '2019-10-01', 10_000n);
    const r1 = await repay(loan.id, '1000.00', '2019-12-01');
    const r2 = await repay(loan.id, '500.00', '2019-12-31');
    for (const [r, on] of [
      [r1, '2019-12-01'],
      [r2, '2019-12-31'],
    ] as const) {
      expect(r.__typename).toBe('LoanEventPayload');
      addRepayment(loan.m, on, evParts(r.event));
    }
    return { loan, r1: r1.event.id as string, r2: r2.event.id as string };
  };

  it("refuses reversals it never carries out: NOT_REVERSIBLE (a disbursement), REVERSE_THE_PAYMENT (a sale's), BEFORE_ORIGINAL, IN_FUTURE, writing nothing", async () => {
    const { loan } = await manual();
    const { p1 } = await panSale();
    const node = await loanNode(loan.id);
    const disb = node.events.find((e: any) => e.kind === 'DISBURSEMENT').id;
    const r2 = node.repayments.find((e: any) => e.occurredOn === '2019-12-31').id;
    const before = counts();
    expect(
      await send('admin', REVERSE, { idempotencyKey: newKey(), eventId: disb, reason: 'not this one' }),
    ).toMatchObject(conflict('NOT_REVERSIBLE'));
    expect(
      await send('admin', REVERSE, {
        idempotencyKey: newKey(),
        eventId: p1.settlement[0].loans[0].id,
        reason: 'not this one',
      }),
    ).toMatchObject(conflict('REVERSE_THE_PAYMENT'));
    expect(
      await send('admin', REVERSE, {
        idempotencyKey: newKey(),
        eventId: r2,
        reason: 'not this one',
        reversedOn: '2019-12-30',
      }),
    ).toMatchObject(issue(['input', 'reversedOn'], 'BEFORE_ORIGINAL'));
    expect(
      await send('admin', REVERSE, {
        idempotencyKey: newKey(),
        eventId: r2,
        reason: 'not this one',
        reversedOn: '2020-01-16',
      }),
    ).toMatchObject(issue(['input', 'reversedOn'], 'IN_FUTURE'));
    expect(await send('admin', REVERSE, { idempotencyKey: newKey(), eventId: r2, reason: 'x' })).toMatchObject(
      issue(['input', 'reason'], 'INVALID_TEXT'),
    );
    expect(counts()).toEqual(before);
  });

  // BUG: reverseLoanEvent cannot reverse anything. Once past its checks it runs
  //   select occurred_on as on from journal_entries where id = ?      (server/services/loans.ts, reverseLoanEvent, twice)
  // and ON is an SQLite keyword: "near "on": syntax error". The mutation answers INTERNAL_SERVER_ERROR ("Unexpected error.")
  // for every manual repayment and every write-off; nothing is written (the transaction rolls back).
  // Input: OXA-REV1, 200.00 repaid on 10 Jan 2020, reverseLoanEvent(eventId, reason "cheque bounced").
  // Expected: the event reversed, the position as of 15 Jan exactly as before the repayment; ALREADY_REVERSED the second time.
  it('takes a manual repayment back exactly: the position is what it was before; ALREADY_REVERSED the second time', async () => {
    const { loan } = await twoRepayments('OXA-REV1');
    const before = (await apiPosition(loan.id, TODAY)).raw;
    const r3 = await repay(loan.id, '200.00', '2020-01-10');
    expect(r3.__typename).toBe('LoanEventPayload');
    expect((await apiPosition(loan.id, TODAY)).raw).not.toEqual(before);
    const rev = await send('admin', REVERSE, {
      idempotencyKey: newKey(),
      eventId: r3.event.id,
      reason: 'cheque bounced',
    });
    expect(rev).toMatchObject({
      __typename: 'LoanEventPayload',
      event: { id: r3.event.id, reversed: true, reversal: { reversedOn: TODAY, reason: 'cheque bounced' } },
    });
    expect((await apiPosition(loan.id, TODAY)).raw).toEqual(before);
    await expectPosition(loan.id, loan.m, TODAY);
    expect(
      await send('admin', REVERSE, { idempotencyKey: newKey(), eventId: r3.event.id, reason: 'again' }),
    ).toMatchObject(conflict('ALREADY_REVERSED'));
    await expectBalanced();
  });

  // BUG (the same SQL error): the later repayments are never split again, because no reversal goes through.
  // Input: OXA-REV2, 1,000.00 repaid 1 Dec 2019 (fees 100.00, interest 305.00, principal 595.00) and 500.00 on 31 Dec
  // (interest 141.08, principal 358.92); reverse the first. Expected: 31 Dec's 500.00 split again as fees 100.00 + interest
  // 400.00 (of the 455.00 accrued over 91 days), principal 0.00; the old split reversed; 10,130.00 due on 15 Jan 2020.
  it('splits later repayments again when an earlier one is taken back (same amounts, new split)', async () => {
    const { loan, r1, r2 } = await twoRepayments('OXA-REV2');
    const rev = await send('admin2', REVERSE, {
      idempotencyKey: newKey(),
      eventId: r1,
      reason: 'recorded on the wrong loan',
    });
    expect(rev.__typename, JSON.stringify(rev)).toBe('LoanEventPayload');
    loan.m.events = loan.m.events.filter((e) => e.kind !== 'rep');
    addRepayment(loan.m, '2019-12-31', { fees: 10_000n, interest: 40_000n, principal: 0n });
    const after = await loanNode(loan.id);
    expect(after.repayments.map((e: any) => [e.occurredOn, e.amount.amount, evParts(e), e.reversed])).toEqual([
      ['2019-12-31', '500.00', { fees: 10_000n, interest: 40_000n, principal: 0n }, false],
    ]);
    expect(after.repayments[0].id).not.toBe(r2);
    expect(after.repayments[0].why).toContain('split again after event');
    const old = after.events.find((e: any) => e.id === r2);
    expect([old.reversed, old.reversal]).toEqual([true, null]);
    expect((await apiPosition(loan.id, TODAY)).totalDue).toBe(1_013_000n);
    await expectPosition(loan.id, loan.m, TODAY);
    expect(await send('admin', REVERSE, { idempotencyKey: newKey(), eventId: r1, reason: 'again' })).toMatchObject(
      conflict('ALREADY_REVERSED'),
    );
    expect(
      await send('admin', REVERSE, { idempotencyKey: newKey(), eventId: r2, reason: 'the old split' }),
    ).toMatchObject(conflict('ALREADY_REVERSED'));
    await expectBalanced();
  });

  it('leaves the loan untouched when a reversal fails (the failed reversal writes nothing)', async () => {
    const { loan, r1 } = await twoRepayments('OXA-REV3');
    const before = counts();
    const pos = (await apiPosition(loan.id, TODAY)).raw;
    const r = await s.gql('admin', REVERSE, {
      i: { idempotencyKey: newKey(), eventId: r1, reason: 'recorded on the wrong loan' },
    });
    if (r.errors)
      expect(counts()).toEqual(before); // see the it.fails above: the reversal errors and rolls back
    else expect(r.data.reverseLoanEvent.__typename).toBe('LoanEventPayload');
    if (r.errors) expect((await apiPosition(loan.id, TODAY)).raw).toEqual(pos);
  });

  // BUG (latent behind the SQL error above): reverseLoanEvent re-splits EVERY later live event as if it were a repayment,
  // without looking at its kind. A second disbursement after the reversed repayment is reversed and posted again as a
  // REPAYMENT of its amount. Input: OXA-2D, 3,000.00 PEN disbursed 1 Oct 2019, 500.00 repaid 1 Nov, 3,000.00 more disbursed
  // 1 Dec; reverse the repayment. Expected: both disbursements stand: 6,000.00 disbursed and outstanding, nothing repaid.
  // Actual today: INTERNAL_SERVER_ERROR (the SQL error). With that one statement fixed (checked outside the repo), the
  // 1 Dec disbursement is reversed and re-posted as a REPAYMENT (source REQUEST) of 3,000.00 = interest 91.50 + principal
  // 2,908.50: the loan shows 3,000.00 disbursed, 91.50 outstanding, 93.56 due.
  it('takes back a repayment followed by a second disbursement, leaving the disbursement alone', async () => {
    const coop = await oxa();
    const { other } = await lendersFixture();
    const loan = await createLoan({
      code: 'OXA-2D',
      lender: other,
      coop,
      campaign: ids.campaign2020,
      currency: 'PEN',
      principal: '6000.00',
      convention: 'simple_act_360',
      rate: '18',
      signedOn: '2019-09-15',
      maturity: '2020-06-30',
    });
    await disburse(loan, '3000.00', '2019-10-01');
    const r = await repay(loan.id, '500.00', '2019-11-01');
    expect(r.__typename).toBe('LoanEventPayload');
    await disburse(loan, '3000.00', '2019-12-01');
    const rev = await send('admin', REVERSE, {
      idempotencyKey: newKey(),
      eventId: r.event.id,
      reason: 'recorded twice',
    });
    expect(rev.__typename).toBe('LoanEventPayload');
    const node = await s.gql(
      'admin',
      `query($id: ID!) { node(id: $id) { ... on CampaignLoan { events { kind occurredOn amount ${MONEY} reversed } } } }`,
      { id: loan.id },
    );
    expect(
      node.data.node.events.filter((e: any) => !e.reversed).map((e: any) => [e.kind, e.occurredOn, e.amount.amount]),
    ).toEqual([
      ['DISBURSEMENT', '2019-10-01', '3000.00'],
      ['DISBURSEMENT', '2019-12-01', '3000.00'],
    ]);
    await expectPosition(loan.id, loan.m, TODAY);
  });

  // BUG (latent behind the SQL error above): when an earlier repayment is taken back, two later repayments on the SAME day
  // are re-split one by one, but the second one's "before" keeps only same-day events with a smaller id, and the first one,
  // posted again, has a larger id. So the second is split as if the first had not been made: the fee is paid twice and the
  // loan's history no longer replays. Today it fails on the SQL error first; checked outside the repo with that statement
  // fixed: the 150.00 is re-split as fees 100.00 + interest 50.00 (the fee paid a second time), and `position` then fails
  // with INTERNAL_SERVER_ERROR (the domain refuses a history that "pays more fees than were charged").
  // Input: OXA-SD, 5,000.00 PEN (fee 100.00) disbursed 1 Oct 2019; repayments 300.00 on 1 Nov, 200.00 and 150.00 on 1 Dec;
  // reverse 1 Nov. Expected 1 Dec: 200.00 = fees 100.00 + interest 100.00; 150.00 = interest 52.50 + principal 97.50.
  it('splits two later repayments of the same day in turn when an earlier one is taken back', async () => {
    const coop = await oxa();
    const { other } = await lendersFixture();
    const loan = await createLoan({
      code: 'OXA-SD',
      lender: other,
      coop,
      campaign: ids.campaign2020,
      currency: 'PEN',
      principal: '5000.00',
      convention: 'simple_act_360',
      rate: '18',
      fee: '100.00',
      signedOn: '2019-09-15',
      maturity: '2020-06-30',
    });
    await disburse(loan, '5000.00', '2019-10-01', 10_000n);
    const a = await repay(loan.id, '300.00', '2019-11-01');
    await repay(loan.id, '200.00', '2019-12-01');
    await repay(loan.id, '150.00', '2019-12-01');
    const rev = await send('admin', REVERSE, {
      idempotencyKey: newKey(),
      eventId: a.event.id,
      reason: 'recorded twice',
    });
    expect(rev.__typename).toBe('LoanEventPayload');
    addRepayment(loan.m, '2019-12-01', { fees: 10_000n, interest: 10_000n, principal: 0n });
    addRepayment(loan.m, '2019-12-01', { fees: 0n, interest: 5_250n, principal: 9_750n });
    const r = await s.gql(
      'admin',
      `query($id: ID!) { node(id: $id) { ... on CampaignLoan { repayments { occurredOn fees ${MONEY} interest ${MONEY} principal ${MONEY} } } } }`,
      { id: loan.id },
    );
    expect(r.data.node.repayments.map((e: any) => evParts(e))).toEqual([
      { fees: 10_000n, interest: 10_000n, principal: 0n },
      { fees: 0n, interest: 5_250n, principal: 9_750n },
    ]);
    await expectPosition(loan.id, loan.m, TODAY);
  });
});

describe('reversing a sale payment takes its loan repayments back', () => {
  it('restores the loan to its position before the sale', async () => {
    const { c } = await coops();
    const { bank } = await lendersFixture();
    const coop = c['CAC-SAT']!.id;
    await limit(coop, ids.campaign2019, 'USD', '800.00');
    const loan = await createLoan({
      code: 'SAT-USD',
      lender: bank,
      coop,
      campaign: ids.campaign2019,
      currency: 'USD',
      principal: '800.00',
      convention: 'simple_act_360',
      rate: '12',
      signedOn: '2019-10-20',
      maturity: '2020-04-30',
    });
    await disburse(loan, '800.00', '2019-11-01');
    const d = await deliver('SAT', '300');
    const before13 = (await apiPosition(loan.id, '2020-01-13')).raw;
    const beforeToday = (await apiPosition(loan.id, TODAY)).raw;
    const { bal: booksBefore } = await books();
    const p = (await ok('admin', PAY, payInput(d.id, '2020-01-13', '500.00', '3.3735'))).payment;
    const ev = p.settlement[0].loans;
    expect(ev.map((e: any) => [e.loan.code, e.source])).toEqual([['SAT-USD', 'SALE']]);
    // 500.00 − 300 kg × 0.08 − 1.5 % = 468.50 for the lender: 800.00 + 73 days at 12 % ACT/360 (19.47) is more.
    expect(cents(ev[0].paid.amount)).toBe(50_000n - perKg(300_000n, '0.08') - pctOf(50_000n, '1.5'));
    expect((await apiPosition(loan.id, TODAY)).raw).not.toEqual(beforeToday);
    expect(
      await send('admin', REVERSE, { idempotencyKey: newKey(), eventId: ev[0].id, reason: 'wrong' }),
    ).toMatchObject(conflict('REVERSE_THE_PAYMENT'));
    const rev = await ok('admin', REVERSE_PAY, {
      idempotencyKey: newKey(),
      paymentId: p.id,
      reason: 'the bank returned the transfer',
    });
    expect(rev.payment.reversal).toEqual({ reversedOn: TODAY });
    expect((await apiPosition(loan.id, '2020-01-13')).raw).toEqual(before13);
    expect((await apiPosition(loan.id, TODAY)).raw).toEqual(beforeToday);
    await expectPosition(loan.id, loan.m, TODAY);
    const node = await loanNode(loan.id);
    expect(node.repayments).toEqual([]);
    expect(node.events.find((e: any) => e.id === ev[0].id).reversed).toBe(true);
    // The books are back where they were, account by account.
    const { bal } = await books();
    for (const k of new Set([...bal.keys(), ...booksBefore.keys()]))
      expect(bal.get(k) ?? 0n, k).toBe(booksBefore.get(k) ?? 0n);
  });

  // BUG: reverseSalePayment takes the sale's loan repayments back but, unlike reverseLoanEvent, leaves the loan's LATER
  // repayments as they were: neither their split (fees, interest, principal) nor the interest charged with them is worked out
  // again. Input: PER-SALE, 2,000.00 PEN at 12 % ACT/360 (lender YTEST) disbursed 1 Nov 2019; a 60 kg CAC-PER delivery paid
  // in full on 13 Jan 2020 at 3.3735 (the loan takes 791.46 PEN: interest 48.67, principal 742.79); 100.00 repaid manually on
  // 14 Jan (interest 0.42, principal 99.58); then the sale payment reversed.
  // Expected: 14 Jan's 100.00 split again as if the sale had not been: interest 49.33 (74 days), principal 50.67; 1,949.33
  // outstanding, nothing else due; the lender's receivable equal to the 1,949.33 owed.
  // Actual: the 100.00 keeps interest 0.42 / principal 99.58 (principal paid while 48.91 of interest was due), the loan shows
  // 1,900.42 outstanding and 48.91 interest due, and YTEST's loan_receivable stands at 1,900.42: 48.91 short of what is owed.
  it('splits a later manual repayment again when the sale payment before it is reversed', async () => {
    const { c } = await coops();
    const coop = c['CAC-PER']!.id;
    const lender = (
      await ok('admin', CREATE_LENDER, {
        idempotencyKey: newKey(),
        code: 'YTEST',
        name: 'Banco Ypsilon',
        kind: 'BANK',
        country: 'PE',
      })
    ).lender.id as string;
    await limit(coop, ids.campaign2019, 'PEN', '2000.00');
    const loan = await createLoan({
      code: 'PER-SALE',
      lender,
      coop,
      campaign: ids.campaign2019,
      currency: 'PEN',
      principal: '2000.00',
      convention: 'simple_act_360',
      rate: '12',
      signedOn: '2019-10-20',
      maturity: '2020-04-30',
    });
    await disburse(loan, '2000.00', '2019-11-01');
    const d = await deliver('PER', '60');
    const p = (await ok('admin', PAY, payInput(d.id, '2020-01-13', fmt(d.value), '3.3735'))).payment;
    const available = d.value - perKg(d.grams, '0.08') - pctOf(d.value, '1.5');
    const [rn, rd] = scaled('3.3735');
    const credited = halfEven(available * rn, rd);
    expect(p.settlement[0].loans.map((e: any) => [e.amount, evParts(e)])).toEqual([
      [pen(credited), { fees: 0n, interest: 4_867n, principal: credited - 4_867n }],
    ]);
    const m = await repay(loan.id, '100.00', '2020-01-14');
    expect(evParts(m.event).interest).toBe(
      halfEven((200_000n * 73n + (200_000n - credited + 4_867n) * 1n) * 12n, 36_000n) - 4_867n,
    );
    await ok('admin', REVERSE_PAY, {
      idempotencyKey: newKey(),
      paymentId: p.id,
      reason: 'the bank returned the transfer',
    });
    const node = await loanNode(loan.id, '2020-01-14');
    expect(node.repayments.map((e: any) => [e.occurredOn, e.source, evParts(e)])).toEqual([
      ['2020-01-14', 'MANUAL', { fees: 0n, interest: 4_933n, principal: 5_067n }],
    ]);
    addRepayment(loan.m, '2020-01-14', { fees: 0n, interest: 4_933n, principal: 5_067n });
    const pos = await expectPosition(loan.id, loan.m, '2020-01-14');
    expect([pos.outstanding, pos.interestDue, pos.totalDue]).toEqual([194_933n, 0n, 194_933n]);
    const { bal } = await books();
    expect(bal.get(`lender:${rowId(lender)}:loan_receivable:PEN`)).toBe(194_933n);
  });
});

// ---------------------------------------------------------------- 5. guarantee call, write-off

/**
 * OXA-GUA: 20,000.00 PEN at 16 % ACT/365, 15,000.00 endorsed, 10,000.00 due 31 Aug 2019, maturity 15 Oct 2019, disbursed 3 Jun.
 * 4,000.00 repaid 15 Aug; the instalment is missed: late from 31 Aug.
 */
const gua = once(async () => {
  const coop = await oxa();
  const { bank } = await lendersFixture();
  const loan = await createLoan({
    code: 'OXA-GUA',
    lender: bank,
    coop,
    campaign: ids.campaign2020,
    currency: 'PEN',
    principal: '20000.00',
    convention: 'simple_act_365',
    rate: '16',
    endorsed: '15000.00',
    signedOn: '2019-06-01',
    maturity: '2019-10-15',
    instalments: [{ dueOn: '2019-08-31', principal: '10000.00' }],
  });
  await disburse(loan, '20000.00', '2019-06-03');
  const r = await repay(loan.id, '4000.00', '2019-08-15');
  // 73 days × 20,000.00 × 16 % ÷ 365 = 640.00.
  expect(evParts(r.event)).toEqual({ fees: 0n, interest: 64_000n, principal: 336_000n });
  addRepayment(loan.m, '2019-08-15', evParts(r.event));
  return loan;
});
const call = (loanId: string, calledOn: string, key = newKey()) =>
  send('admin', CALL, { idempotencyKey: key, loanId, calledOn });

describe('the guarantee call', () => {
  it('is refused before 90 days past due (NOT_LATE_ENOUGH on day 89), after today (IN_FUTURE) and before the last event', async () => {
    const loan = await gua();
    const p = await apiPosition(loan.id, '2019-11-28');
    expect([p.lateSince, p.dpd, p.bucket]).toEqual(['2019-08-31', 89, 'DAYS_61_90']);
    expect(daysPastDue(loan.m, '2019-11-28')).toBe(89);
    const before = counts();
    const early = await call(loan.id, '2019-11-28');
    expect(early).toMatchObject(conflict('NOT_LATE_ENOUGH'));
    expect(early.message).toContain('89 days past due on 2019-11-28; the endorsement is called from 90 days');
    expect(await call(loan.id, '2020-01-16')).toMatchObject(issue(['input', 'calledOn'], 'IN_FUTURE'));
    expect(await call(loan.id, '2019-08-14')).toMatchObject(issue(['input', 'calledOn'], 'BEFORE_LAST_EVENT'));
    expect(counts()).toEqual(before);
  });

  it('on day 90 pays the lender up to the endorsement still held (released pro rata); the rest stays owed', async () => {
    const loan = await gua();
    const { bal: b0 } = await books();
    const pre = await apiPosition(loan.id, '2019-11-29');
    // Held: 15,000.00 × 16,640.00 ÷ 20,000.00 = 12,480.00. Due: 16,640.00 + interest 773.19 (running total 640 + 773.1901… → 1,413.19).
    expect(pre.held).toBe(ceilDiv(1_500_000n * 1_664_000n, 2_000_000n));
    expect(pre.held).toBe(1_248_000n);
    const mine = position(loan.m, '2019-11-29');
    expect([mine.interestDue, mine.totalDue]).toEqual([
      halfEven(2_000_000n * 73n * 16n + 1_664_000n * 106n * 16n, 36_500n) - 64_000n,
      1_664_000n + 77_319n,
    ]);
    expect(pre.totalDue).toBe(mine.totalDue);
    const res = await call(loan.id, '2019-11-29');
    expect(res.__typename, JSON.stringify(res)).toBe('LoanEventPayload');
    const pay = 1_248_000n;
    const parts = inOrder(pay, mine);
    expect(parts).toEqual({ fees: 0n, interest: 77_319n, principal: 1_170_681n });
    expect([res.event.kind, res.event.source, res.event.amount, evParts(res.event), res.event.paid]).toEqual([
      'GUARANTEE_CALL',
      'GUARANTEE',
      pen(pay),
      parts,
      pen(pay),
    ]);
    expect(res.event.why).toContain('guarantee called 90 days past due: 17413.19 PEN due, endorsement held 12480.00');
    expect(res.event.why).toContain('4933.19 beyond the endorsement stays owed to the lender');
    addRepayment(loan.m, '2019-11-29', parts);
    const post = await expectPosition(loan.id, loan.m, '2019-11-29');
    expect([post.totalDue, post.outstanding, post.held]).toEqual([
      mine.totalDue - pay,
      1_664_000n - parts.principal,
      0n,
    ]);
    const later = await expectPosition(loan.id, loan.m, TODAY);
    expect(later.held).toBe(0n);
    // The call's principal paid the 31 Aug instalment (principal repaid pays instalments oldest first): late from maturity now.
    expect([later.lateSince, later.dpd]).toEqual(['2019-10-15', days('2019-10-15', TODAY)]);
    expect(later.dpd).toBe(daysPastDue(loan.m, TODAY));
    // The consortium's PEN cash paid the lender; the cooperative now owes the consortium that amount.
    const { bal } = await books();
    const d = (code: string) => (bal.get(code) ?? 0n) - (b0.get(code) ?? 0n);
    const { c } = await coops();
    expect(d('consortium:-:cash:PEN')).toBe(-pay);
    expect(d(`cooperative:${rowId(c['CAC-OXA']!.id)}:guarantee_recovery:PEN`)).toBe(pay);
    await expectBalanced();
  });

  it('is called once (ALREADY_CALLED), and a replay of the call writes nothing', async () => {
    const loan = await gua();
    // 15 Jan 2020 is 92 days after maturity: late enough, so the second call meets ALREADY_CALLED.
    expect((await apiPosition(loan.id, TODAY)).dpd).toBe(92);
    const before = counts();
    expect(await call(loan.id, TODAY)).toMatchObject(conflict('ALREADY_CALLED'));
    expect(counts()).toEqual(before);
  });

  // BUG (minor): a second call is checked for lateness before it is checked for having been called. The first call's
  // principal paid the missed 31 Aug instalment, so the loan is now late only from maturity (15 Oct): on 10 Jan 2020 it is
  // 87 days late and the second call is answered NOT_LATE_ENOUGH ("the endorsement is called from 90 days"), which invites
  // trying again later, instead of ALREADY_CALLED. Nothing is paid twice either way.
  it('answers ALREADY_CALLED to any second call, whatever the date', async () => {
    const loan = await gua();
    expect(await call(loan.id, '2020-01-10')).toMatchObject(conflict('ALREADY_CALLED'));
    expect(await call(loan.id, '2019-11-29')).toMatchObject(conflict('ALREADY_CALLED'));
  });
});

describe('write-off (four eyes) and its undo', () => {
  const woLoan = once(async () => {
    const coop = await oxa();
    const { bank } = await lendersFixture();
    const loan = await createLoan({
      code: 'OXA-WO',
      lender: bank,
      coop,
      campaign: ids.campaign2020,
      currency: 'USD',
      principal: '3000.00',
      convention: 'simple_act_360',
      rate: '12',
      fee: '30.00',
      signedOn: '2019-07-01',
      maturity: '2019-12-31',
    });
    await disburse(loan, '3000.00', '2019-07-15', 3_000n);
    const before = await expectPosition(loan.id, loan.m, TODAY);
    return { loan, before };
  });

  it('writes off everything due when a second admin approves (never the admin who asked)', async () => {
    const { loan, before } = await woLoan();
    // 184 days at 12 % on 3,000.00 = 184.00: 3,214.00 due, 15 days late.
    expect([before.totalDue, before.dpd, before.bucket]).toEqual([321_400n, 15, 'DAYS_1_30']);
    const req = (
      await ok('admin', REQUEST_WRITE_OFF, {
        idempotencyKey: newKey(),
        loanId: loan.id,
        writtenOffOn: '2020-01-10',
        reason: 'cooperative in liquidation',
      })
    ).request;
    expect(req).toMatchObject({ kind: 'write_off', status: 'PENDING', amount: null, effectiveOn: '2020-01-10' });
    expect(
      await send('admin', REQUEST_WRITE_OFF, {
        idempotencyKey: newKey(),
        loanId: loan.id,
        writtenOffOn: '2020-01-10',
        reason: 'again',
      }),
    ).toMatchObject(conflict('ALREADY_REQUESTED'));
    const c0 = counts();
    expect(
      (await send('admin', DECIDE, { idempotencyKey: newKey(), requestId: req.id, approve: true })).__typename,
    ).toBe('ForbiddenError');
    expect(counts()).toEqual(c0);
    await ok('admin2', DECIDE, { idempotencyKey: newKey(), requestId: req.id, approve: true });
    const node = await loanNode(loan.id);
    const wo = node.events.find((e: any) => e.kind === 'WRITE_OFF');
    // 3,000.00 + 30.00 + 179 days (179.00) on 10 Jan.
    expect([wo.source, wo.occurredOn, wo.amount, evParts(wo)]).toEqual([
      'REQUEST',
      '2020-01-10',
      usd(320_900n),
      { fees: 3_000n, interest: 17_900n, principal: 300_000n },
    ]);
    const gone = await apiPosition(loan.id, TODAY);
    expect([gone.totalDue, gone.outstanding, gone.held, gone.dpd]).toEqual([0n, 0n, 0n, 0]);
    // Nothing is left to write off, to repay or to call.
    expect(
      await send('admin', REQUEST_WRITE_OFF, {
        idempotencyKey: newKey(),
        loanId: loan.id,
        writtenOffOn: TODAY,
        reason: 'again',
      }),
    ).toMatchObject(conflict('NOTHING_DUE'));
    expect(await repay(loan.id, '1.00', TODAY)).toMatchObject(conflict('LOAN_REPAID'));
    await expectBalanced();
  });

  // BUG: the undo goes through reverseLoanEvent, which fails with the SQL syntax error described above
  // (INTERNAL_SERVER_ERROR). Input: OXA-WO written off on 10 Jan 2020 (3,209.00 USD); reverseLoanEvent(write-off).
  // Expected: the write-off reversed and the position as of 15 Jan exactly as before it (3,214.00 USD due, 15 days late).
  it('undoes the write-off with reverseLoanEvent: the position is restored exactly', async () => {
    const { loan, before } = await woLoan();
    const wo = (await loanNode(loan.id)).events.find((e: any) => e.kind === 'WRITE_OFF');
    const rev = await send('admin', REVERSE, {
      idempotencyKey: newKey(),
      eventId: wo.id,
      reason: 'the cooperative was refinanced',
    });
    expect(rev.__typename, JSON.stringify(rev)).toBe('LoanEventPayload');
    expect(rev.event.reversed).toBe(true);
    expect((await apiPosition(loan.id, TODAY)).raw).toEqual(before.raw);
    await expectBalanced();
  });
});

// ---------------------------------------------------------------- 8. idempotency

describe('idempotency', () => {
  it('createCampaignLoan: a replay returns the same loan and writes nothing; the key with another input is refused', async () => {
    const coop = await oxa();
    const { bank } = await lendersFixture();
    const input = loanInput({
      code: 'OXA-IDEM',
      lender: bank,
      coop,
      campaign: ids.campaign2020,
      currency: 'PEN',
      principal: '1000.00',
      convention: 'simple_act_360',
      rate: '10',
      signedOn: '2019-09-15',
      maturity: '2020-06-30',
    });
    const first = await ok('admin', CREATE_LOAN, input);
    const before = counts();
    expect(await ok('admin', CREATE_LOAN, input)).toEqual({ ...first, replayed: true });
    expect(await send('admin', CREATE_LOAN, { ...input, principal: '1000.01' })).toMatchObject(
      conflict('IDEMPOTENCY_KEY_REUSED'),
    );
    expect(counts()).toEqual(before);
  });

  it('decideLoanRequest: a replayed approval disburses once', async () => {
    const coop = await oxa();
    const { bank } = await lendersFixture();
    const loan = await createLoan({
      code: 'OXA-IDEM2',
      lender: bank,
      coop,
      campaign: ids.campaign2020,
      currency: 'PEN',
      principal: '2000.00',
      convention: 'simple_act_360',
      rate: '10',
      fee: '20.00',
      signedOn: '2019-09-15',
      maturity: '2020-06-30',
    });
    const req = (
      await ok('admin', REQUEST, {
        idempotencyKey: newKey(),
        loanId: loan.id,
        amount: '2000.00',
        disbursedOn: '2019-10-01',
        reason: 'tramo único',
      })
    ).request;
    const input = { idempotencyKey: newKey(), requestId: req.id, approve: true };
    const first = await ok('admin2', DECIDE, input);
    const before = counts();
    expect(await ok('admin2', DECIDE, input)).toEqual({ ...first, replayed: true });
    expect(await send('admin2', DECIDE, { ...input, approve: false, reason: 'changed my mind' })).toMatchObject(
      conflict('IDEMPOTENCY_KEY_REUSED'),
    );
    expect(counts()).toEqual(before);
    expect((await loanNode(loan.id)).events.map((e: any) => e.kind)).toEqual(['DISBURSEMENT', 'FEE']);
  });

  it('recordLoanRepayment: a replay returns the same event and the position does not move', async () => {
    const { loan } = await manual();
    const key = newKey();
    const first = await repay(loan.id, '100.00', '2020-01-11', key);
    expect(first.__typename).toBe('LoanEventPayload');
    addRepayment(loan.m, '2020-01-11', evParts(first.event));
    const pos = (await apiPosition(loan.id, TODAY)).raw;
    const before = counts();
    expect(await repay(loan.id, '100.00', '2020-01-11', key)).toEqual({ ...first, replayed: true });
    expect(await repay(loan.id, '100.01', '2020-01-11', key)).toMatchObject(conflict('IDEMPOTENCY_KEY_REUSED'));
    expect(counts()).toEqual(before);
    expect((await apiPosition(loan.id, TODAY)).raw).toEqual(pos);
    await expectPosition(loan.id, loan.m, TODAY);
  });

  it('callGuarantee: a replay returns the same call; the key for another date is refused (not ALREADY_CALLED)', async () => {
    const coop = await oxa();
    const { bank } = await lendersFixture();
    const loan = await createLoan({
      code: 'OXA-IDEM3',
      lender: bank,
      coop,
      campaign: ids.campaign2020,
      currency: 'USD',
      principal: '1000.00',
      convention: 'simple_act_360',
      rate: '10',
      endorsed: '500.00',
      signedOn: '2019-06-01',
      maturity: '2019-09-30',
    });
    await disburse(loan, '1000.00', '2019-06-10');
    const key = newKey();
    const first = await call(loan.id, '2020-01-05', key);
    expect(first.__typename, JSON.stringify(first)).toBe('LoanEventPayload');
    expect(first.event.amount).toEqual(usd(50_000n));
    const before = counts();
    expect(await call(loan.id, '2020-01-05', key)).toEqual({ ...first, replayed: true });
    expect(await call(loan.id, '2020-01-06', key)).toMatchObject(conflict('IDEMPOTENCY_KEY_REUSED'));
    expect(counts()).toEqual(before);
  });
});

// ---------------------------------------------------------------- 9. concurrency

describe('concurrent requests against one loan', () => {
  it('manual repayments fired together never pay the loan twice', async () => {
    const coop = await oxa();
    const { bank } = await lendersFixture();
    const loan = await createLoan({
      code: 'OXA-CONC',
      lender: bank,
      coop,
      campaign: ids.campaign2020,
      currency: 'PEN',
      principal: '1000.00',
      convention: 'simple_act_360',
      rate: '12',
      signedOn: '2019-09-15',
      maturity: '2020-06-30',
    });
    await disburse(loan, '1000.00', '2019-10-01');
    const due = position(loan.m, TODAY).totalDue; // 1,000.00 + 106 days = 35.33
    expect(due).toBe(100_000n + halfEven(100_000n * 106n * 12n, 36_000n));
    const share = (due * 40n) / 100n;
    const results = await Promise.all(Array.from({ length: 6 }, () => repay(loan.id, fmt(share), TODAY)));
    const accepted = results.filter((r) => r.__typename === 'LoanEventPayload');
    expect(accepted).toHaveLength(2);
    for (const r of results.filter((x) => x.__typename !== 'LoanEventPayload'))
      expect(r).toMatchObject(issue(['input', 'amount'], 'ABOVE_DUE'));
    const p = await apiPosition(loan.id, TODAY);
    expect(p.totalDue).toBe(due - 2n * share);
    expect(sum(accepted.map((r) => cents(r.event.amount.amount)))).toBe(2n * share);
    // The rest, fired together: one clears it, the others find nothing due.
    const last = await Promise.all(Array.from({ length: 4 }, () => repay(loan.id, fmt(due - 2n * share), TODAY)));
    expect(last.filter((r) => r.__typename === 'LoanEventPayload')).toHaveLength(1);
    for (const r of last.filter((x) => x.__typename !== 'LoanEventPayload'))
      expect(r).toMatchObject(conflict('LOAN_REPAID'));
    const end = await apiPosition(loan.id, TODAY);
    expect([end.totalDue, end.outstanding, end.interestDue, end.feesDue]).toEqual([0n, 0n, 0n, 0n]);
    await expectBalanced();
  });

  it('sale payments and a manual repayment fired together: the loan is paid at most what it owed, never below zero', async () => {
    const { c } = await coops();
    const { bank } = await lendersFixture();
    const coop = c['CAC-VRI']!.id;
    await limit(coop, ids.campaign2019, 'USD', '500.00');
    const loan = await createLoan({
      code: 'VRI-USD',
      lender: bank,
      coop,
      campaign: ids.campaign2019,
      currency: 'USD',
      principal: '500.00',
      convention: 'simple_act_360',
      rate: '12',
      signedOn: '2019-11-20',
      maturity: '2020-05-31',
    });
    await disburse(loan, '500.00', '2019-12-01');
    const due = position(loan.m, TODAY).totalDue;
    expect(due).toBe(50_000n + 750n); // 45 days at 12 % ACT/360 = 7.50
    const ds = [
      await deliver('VRI', '120'),
      await deliver('VRI', '120'),
      await deliver('VRI', '120'),
      await deliver('VRI', '120'),
    ];
    const results = await Promise.all([
      ...ds.map((d) => send('admin', PAY, payInput(d.id, TODAY, fmt(d.value), '3.36'))),
      repay(loan.id, '100.00', TODAY),
    ]);
    const payments = results.slice(0, 4);
    for (const p of payments) expect(p.__typename, JSON.stringify(p)).toBe('RecordSalePaymentPayload');
    const manualOk = results[4].__typename === 'LoanEventPayload';
    if (!manualOk) expect(['ABOVE_DUE', 'LOAN_REPAID']).toContain(results[4].code ?? results[4].issues?.[0]?.code);
    const saleCredits = payments.flatMap((p) => p.payment.settlement[0].loans.map((e: any) => cents(e.amount.amount)));
    const total = sum(saleCredits) + (manualOk ? 10_000n : 0n);
    expect(total).toBe(due);
    const end = await apiPosition(loan.id, TODAY);
    expect([end.totalDue, end.outstanding]).toEqual([0n, 0n]);
    // Every settlement's cooperative part is exactly its available amount less what its lender took.
    for (const p of payments) {
      const st = p.payment.settlement[0];
      const took = sum(st.loanRepayments.map((m: any) => cents(m.amount)));
      expect(cents(st.retention.amount) + cents(st.toFarmers.amount)).toBe(
        cents(st.share.amount) - cents(st.processingFee.amount) - cents(st.commission.amount) - took,
      );
    }
    const node = await loanNode(loan.id);
    for (const e of node.repayments) {
      expect(cents(e.fees.amount) + cents(e.interest.amount) + cents(e.principal.amount)).toBe(cents(e.amount.amount));
      expect(cents(e.amount.amount)).toBeGreaterThan(0n);
    }
    expect(sum(node.repayments.map((e: any) => cents(e.amount.amount)))).toBe(due);
    await expectBalanced();
  });
});

// ---------------------------------------------------------------- 10. the portfolio

describe('the portfolio: aging buckets and PAR30 per currency', () => {
  const PORTFOLIO = `query($asOf: Date, $f: LoanFilter) { loanPortfolio(asOf: $asOf, filter: $f) { asOf
    currencies { currency loans principalDisbursed ${MONEY} outstandingPrincipal ${MONEY} interestDue ${MONEY} feesDue ${MONEY} totalDue ${MONEY} repaid ${MONEY} par30
      aging { bucket loans outstandingPrincipal ${MONEY} } }
    loans { loan { code currency } daysPastDue agingBucket outstandingPrincipal ${MONEY} totalDue ${MONEY} } } }`;
  const LIST = `query($f: LoanFilter, $asOf: Date) { campaignLoans(first: 100, filter: $f) { totalCount nodes { code currency position(asOf: $asOf) {
    daysPastDue agingBucket outstandingPrincipal ${MONEY} principalDisbursed ${MONEY} principalRepaid ${MONEY} interestDue ${MONEY} interestPaid ${MONEY}
    feesDue ${MONEY} feesCharged ${MONEY} totalDue ${MONEY} } } } }`;

  for (const asOf of ['2019-12-15', '2020-01-15', '2020-02-10', '2020-04-15']) {
    it(`matches its own loans' positions on ${asOf} (BTEST, 2020 campaign)`, async () => {
      await Promise.all([perLoans(), gua(), manual()]);
      const { bank } = await lendersFixture();
      const f = { lenderId: bank, campaignId: ids.campaign2020 };
      const r = await s.gql('admin', PORTFOLIO, { asOf, f });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      const list = await s.gql('admin', LIST, { f, asOf });
      expect(list.errors, JSON.stringify(list.errors)).toBeUndefined();
      const loans: any[] = list.data.campaignLoans.nodes;
      expect(loans.length).toBe(list.data.campaignLoans.totalCount);
      expect(loans.length).toBeGreaterThan(8);
      const book = r.data.loanPortfolio;
      expect(book.asOf).toBe(asOf);
      expect(book.currencies.map((c: any) => c.currency)).toEqual([...new Set(loans.map((l) => l.currency))].sort());
      for (const cur of book.currencies) {
        const mine = loans.filter((l) => l.currency === cur.currency);
        const amt = (l: any, k: string) => cents(l.position[k].amount);
        const tot = (k: string) => sum(mine.map((l) => amt(l, k)));
        // The bucket from the days: 0 current, 1-30, 31-60, 61-90, over 90.
        for (const l of mine) expect(l.position.agingBucket, l.code).toBe(bucketOf(l.position.daysPastDue));
        expect(cur.loans).toBe(mine.length);
        expect([cur.principalDisbursed, cur.outstandingPrincipal, cur.interestDue, cur.feesDue, cur.totalDue]).toEqual([
          money(tot('principalDisbursed'), cur.currency),
          money(tot('outstandingPrincipal'), cur.currency),
          money(tot('interestDue'), cur.currency),
          money(tot('feesDue'), cur.currency),
          money(tot('totalDue'), cur.currency),
        ]);
        expect(cur.repaid).toEqual(
          money(tot('principalRepaid') + tot('interestPaid') + (tot('feesCharged') - tot('feesDue')), cur.currency),
        );
        const withPrincipal = mine.filter((l) => amt(l, 'outstandingPrincipal') > 0n);
        expect(cur.aging).toEqual(
          ['CURRENT', 'DAYS_1_30', 'DAYS_31_60', 'DAYS_61_90', 'OVER_90'].map((b) => {
            const inIt = withPrincipal.filter((l) => l.position.agingBucket === b);
            return {
              bucket: b,
              loans: inIt.length,
              outstandingPrincipal: money(sum(inIt.map((l) => amt(l, 'outstandingPrincipal'))), cur.currency),
            };
          }),
        );
        const atRisk = sum(mine.filter((l) => l.position.daysPastDue > 30).map((l) => amt(l, 'outstandingPrincipal')));
        expect(cur.par30, cur.currency).toBe(ratio4(atRisk, tot('outstandingPrincipal')));
      }
    });
  }

  it('ages the loans this file knows the schedule of, from their due dates', async () => {
    const loan = await gua();
    const { loan: man } = await manual();
    const { l360 } = await perLoans();
    // Late from the missed 31 Aug instalment until the call; then from maturity (15 Oct), the call having paid the instalment.
    for (const [asOf, d] of [
      ['2019-08-31', 0],
      ['2019-09-01', 1],
      ['2019-09-30', 30],
      ['2019-10-01', 31],
      ['2019-10-31', 61],
      ['2019-11-28', 89],
      ['2019-11-29', 45],
      [TODAY, 92],
    ] as const) {
      const p = await apiPosition(loan.id, asOf);
      expect([asOf, p.dpd, p.bucket]).toEqual([asOf, d, bucketOf(d)]);
      expect(daysPastDue(loan.m, asOf)).toBe(d);
    }
    expect((await apiPosition(man.id, '2020-07-01')).dpd).toBe(1);
    expect((await apiPosition(l360.id, '2020-06-30')).dpd).toBe(0);
    // The PEN book of BTEST in 2020 on 15 Jan: OXA-GUA alone is more than 30 days late.
    const { bank } = await lendersFixture();
    const r = await s.gql('admin', PORTFOLIO, { asOf: TODAY, f: { lenderId: bank, campaignId: ids.campaign2020 } });
    const penBook = r.data.loanPortfolio.currencies.find((c: any) => c.currency === 'PEN');
    const gp = await apiPosition(loan.id, TODAY);
    expect(penBook.par30).toBe(ratio4(gp.outstanding, cents(penBook.outstandingPrincipal.amount)));
    expect(penBook.aging.find((a: any) => a.bucket === 'OVER_90')).toEqual({
      bucket: 'OVER_90',
      loans: 1,
      outstandingPrincipal: pen(gp.outstanding),
    });
  });
});

describe('the books after everything', () => {
  it('are balanced in every currency', async () => {
    await Promise.all([panSale(), gua(), manual()]);
    await expectBalanced();
  });
});
