/**
 * Campaign loans on the demo's seeded book (`startServer({ loans: true })`):
 * who may read and write what, the investor's credit line and a lender's
 * exposure, and the loan portfolio's aging and PAR30 against the positions.
 *
 * The demo book: CSM-PAN-2019 (COOPAC Santa María → Pangoa, PEN, TEA),
 * BAF-JAE-2019 and BAF-CHA-2019 (Banco Andino → Jaén, Chanchamayo, USD,
 * ACT/360), CLA-SIG-2019 (COOPAC Los Andes → San Ignacio, PEN, ACT/365;
 * guarantee called 14 Feb 2020), and SIDI's line SIDI-2019 (USD, ACT/360,
 * repaid in part on 20 Jan 2020) with SIDI's equity valued 31 Dec 2019.
 * Users: `lender` is Banco Andino, `lender_copac` COOPAC Santa María,
 * `investor` SIDI; `cooperative_manager` manages Pangoa, the other Satipo.
 * Figures are worked out here independently (bigint, half-even).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, type TestServer, startServer } from '../support/server.js';

let s: TestServer;
const TODAY = '2020-01-15';

beforeAll(async () => {
  s = await startServer({ loans: true });
});
afterAll(() => s.close());

// ---------------------------------------------------------------- exact arithmetic (independent of the server's)

const scaled = (p: string): [bigint, bigint] => {
  const [i, f = ''] = p.split('.');
  return [BigInt(i! + f), 10n ** BigInt(f.length)];
};
function halfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const twice = 2n * (n % d);
  return twice > d || (twice === d && q % 2n === 1n) ? q + 1n : q;
}
const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);
const fmt = (minor: bigint) =>
  `${minor < 0n ? '-' : ''}${(minor < 0n ? -minor : minor) / 100n}.${String((minor < 0n ? -minor : minor) % 100n).padStart(2, '0')}`;
const cents = (amount: string) => {
  const neg = amount.startsWith('-');
  const [n, d] = scaled(neg ? amount.slice(1) : amount);
  return ((neg ? -1n : 1n) * n * 100n) / d;
};
const usd = (minor: bigint) => ({ currency: 'USD', amount: fmt(minor) });
const money = (minor: bigint, currency: string) => ({ currency, amount: fmt(minor) });
const days = (a: string, b: string) => {
  const at = (x: string) => Date.UTC(Number(x.slice(0, 4)), Number(x.slice(5, 7)) - 1, Number(x.slice(8, 10)));
  return (at(b) - at(a)) / 86_400_000;
};
/** Simple interest (ACT/360 or ACT/365) over principal segments, rounded once, half-even. */
const simple = (rate: string, year: bigint, segs: { p: bigint; from: string; to: string }[]) => {
  const [n, d] = scaled(rate);
  return halfEven(segs.reduce((a, x) => a + x.p * BigInt(days(x.from, x.to)), 0n) * n, d * 100n * year);
};
/** A simple-interest line or loan: drawdowns and repayments (interest first); what it owes on a date. */
type LineEv = { date: string; draw?: bigint; interest?: bigint; principal?: bigint };
function lineDue(rate: string, evs: LineEv[], asOf: string) {
  const segs: { p: bigint; from: string; to: string }[] = [];
  let p = 0n,
    from = '',
    interestPaid = 0n;
  for (const e of evs.filter((x) => x.date <= asOf)) {
    const before = p;
    p += (e.draw ?? 0n) - (e.principal ?? 0n);
    interestPaid += e.interest ?? 0n;
    if (p !== before) {
      if (before > 0n && from < e.date) segs.push({ p: before, from, to: e.date });
      from = e.date;
    }
  }
  if (p > 0n && from < asOf) segs.push({ p, from, to: asOf });
  const accrued = simple(rate, 360n, segs);
  return { principal: p, accrued, interestDue: accrued - interestPaid, totalDue: p + accrued - interestPaid };
}
function ratio4(n: bigint, d: bigint): string {
  if (d === 0n) return '0';
  const q = halfEven(n * 10_000n, d);
  const frac = String(q % 10_000n)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${q / 10_000n}.${frac}` : `${q / 10_000n}`;
}
const bucketOf = (d: number) =>
  d === 0 ? 'CURRENT' : d <= 30 ? 'DAYS_1_30' : d <= 60 ? 'DAYS_31_60' : d <= 90 ? 'DAYS_61_90' : 'OVER_90';

// ---------------------------------------------------------------- documents and helpers

const MONEY = '{ currency amount }';
const mutation = (
  field: string,
  input: string,
  payload: string,
  body: string,
) => `mutation($i: ${input}!) { ${field}(input: $i) {
  __typename ... on ${payload} { replayed ${body} }
  ... on Error { message } ... on InvalidInputError { issues { path code } } ... on ConflictError { code } ... on NotFoundError { path id } } }`;
const LINE_FIELDS = `id code currency limit ${MONEY} convention ratePercent opensOn maturesOn lender { code }
  drawn(asOf: "${TODAY}") ${MONEY} interestDue(asOf: "${TODAY}") ${MONEY} available(asOf: "${TODAY}") ${MONEY} totalDue(asOf: "${TODAY}") ${MONEY}
  movements { kind occurredOn amount ${MONEY} interest ${MONEY} principal ${MONEY} }`;
const CREATE_LINE = mutation(
  'createCreditLine',
  'CreateCreditLineInput',
  'CreditLinePayload',
  `creditLine { ${LINE_FIELDS} }`,
);
const DRAW = mutation(
  'drawCreditLine',
  'CreditLineMovementInput',
  'CreditLineMovementPayload',
  `creditLine { ${LINE_FIELDS} }`,
);
const REPAY_LINE = mutation(
  'repayCreditLine',
  'CreditLineMovementInput',
  'CreditLineMovementPayload',
  `creditLine { ${LINE_FIELDS} }`,
);
const POSITION = `daysPastDue agingBucket lateSince outstandingPrincipal ${MONEY} principalDisbursed ${MONEY} principalRepaid ${MONEY} interestDue ${MONEY}
  interestPaid ${MONEY} feesDue ${MONEY} feesCharged ${MONEY} totalDue ${MONEY} endorsementHeld ${MONEY}`;
const LIST = `query($f: LoanFilter, $asOf: Date) { campaignLoans(first: 50, filter: $f) { totalCount nodes { id code currency lender { id code } cooperative { code }
  position(asOf: $asOf) { ${POSITION} } } } }`;
const EXPOSURE = `query($id: ID!, $asOf: Date) { node(id: $id) { ... on Lender { code exposure(asOf: $asOf) {
  currency creditLines ${MONEY} campaignLoans ${MONEY} equity ${MONEY} equityValuedOn total ${MONEY} } } } }`;

let keySeq = 0;
const newKey = () => `loans-access-${String(++keySeq).padStart(6, '0')}`;
const TABLES = [
  'campaign_loans',
  'loan_events',
  'loan_requests',
  'loan_request_decisions',
  'loan_event_reversals',
  'endorsement_limits',
  'lenders',
  'credit_lines',
  'credit_line_events',
  'exchange_rates',
  'journal_entries',
  'journal_lines',
  'idempotency_keys',
];
const counts = (): Record<string, number> => Object.fromEntries(TABLES.map((t) => [t, s.count(t)]));
/** Roles the support's `Role` type does not list but whose tokens the demo issues. */
const LENDER_COPAC = 'lender_copac' as Role;
const INVESTOR = 'investor' as Role;

async function send(role: Role, document: string, input: Record<string, unknown>) {
  const r = await s.gql(role, document, { i: input });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return Object.values(r.data as Record<string, any>)[0];
}
async function ok(role: Role, document: string, input: Record<string, unknown>) {
  const res = await send(role, document, input);
  expect(res.__typename, JSON.stringify(res)).toMatch(/Payload$/);
  return res;
}
async function read(role: Role | null, query: string, variables: Record<string, unknown> = {}) {
  const r = await s.gql(role, query, variables);
  expect(r.errors, `${role}: ${JSON.stringify(r.errors)}`).toBeUndefined();
  return r.data;
}
/** The repo's convention for a refused object: null in its place and a FORBIDDEN error. */
async function refused(role: Role | null, query: string, variables: Record<string, unknown> = {}, field = 'node') {
  const r = await s.gql(role, query, variables);
  expect(r.data?.[field] ?? null, `${role}: ${JSON.stringify(r.data)}`).toBeNull();
  expect(r.errors?.[0]?.extensions?.code, `${role}: ${JSON.stringify(r.errors)}`).toBe(
    // A refused nested field is FORBIDDEN; an object the caller cannot reach at all by node(id:) answers
    // NOT_FOUND, as a missing ID does (no existence oracle, issue 14).
    role === null
      ? 'UNAUTHENTICATED'
      : field === 'node' && r.errors?.[0]?.path?.length === 1
        ? 'NOT_FOUND'
        : 'FORBIDDEN',
  );
}

let book: {
  loans: Record<string, { id: string; lender: string; lenderId: string; coop: string }>;
  lenders: Record<string, string>;
  events: Record<string, string[]>;
};
beforeAll(async () => {
  const d = await read(
    'admin',
    `{ lenders { id code } campaignLoans(first: 50) { nodes { id code lender { id code } cooperative { code } events { id } } } }`,
  );
  book = {
    lenders: Object.fromEntries(d.lenders.map((l: any) => [l.code, l.id])),
    loans: Object.fromEntries(
      d.campaignLoans.nodes.map((l: any) => [
        l.code,
        { id: l.id, lender: l.lender.code, lenderId: l.lender.id, coop: l.cooperative.code },
      ]),
    ),
    events: Object.fromEntries(d.campaignLoans.nodes.map((l: any) => [l.code, l.events.map((e: any) => e.id)])),
  };
});

// ---------------------------------------------------------------- 7. who sees which loans

describe('who sees which loans', () => {
  const ALL = ['CSM-PAN-2019', 'BAF-CHA-2019', 'CLA-SIG-2019', 'BAF-JAE-2019']; // signed 2 May, 10 May, 1 Jun, 14 Jun 2019
  const cases: [Role | string, string[]][] = [
    ['admin', ALL],
    ['auditor', ALL],
    ['lender', ['BAF-CHA-2019', 'BAF-JAE-2019']],
    [LENDER_COPAC, ['CSM-PAN-2019']],
    [INVESTOR, []],
    ['cooperative_manager', ['CSM-PAN-2019']],
    ['cooperative_manager_other', []],
    ['plant_staff', []],
    ['plant_staff_satipo', []],
  ];
  it('has the demo book: four loans, oldest signed first', async () => {
    const d = await read('admin', '{ campaignLoans(first: 50) { totalCount nodes { code signedOn } } }');
    expect(d.campaignLoans.nodes.map((l: any) => l.code)).toEqual(ALL);
    expect(d.campaignLoans.totalCount).toBe(4);
  });
  for (const [role, codes] of cases) {
    it(`lists for ${role}: ${codes.join(', ') || 'none'}`, async () => {
      const d = await read(role as Role, '{ campaignLoans(first: 50) { totalCount nodes { code } } }');
      expect(d.campaignLoans.nodes.map((l: any) => l.code)).toEqual(codes);
      expect(d.campaignLoans.totalCount).toBe(codes.length);
      // A filter never widens the scope: another lender's loans stay out of reach.
      const other = await read(
        role as Role,
        'query($f: LoanFilter) { campaignLoans(first: 50, filter: $f) { totalCount nodes { code } } }',
        { f: { lenderId: book.lenders['COOPAC-LA'] } },
      );
      expect(other.campaignLoans.nodes.map((l: any) => l.code)).toEqual(codes.filter((c) => c === 'CLA-SIG-2019'));
    });
  }
  it('refuses the loan list without a token', async () => {
    const r = await s.gql(null, '{ campaignLoans(first: 5) { totalCount } }');
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.length).toBeGreaterThan(0);
  });

  const NODE = `query($id: ID!) { node(id: $id) { id ... on CampaignLoan { code position(asOf: "${TODAY}") { totalDue ${MONEY} } } } }`;
  it("refuses another lender's loan by node(id:), to each lender; a lender reads its own", async () => {
    for (const [role, own, others] of [
      ['lender', ['BAF-JAE-2019', 'BAF-CHA-2019'], ['CSM-PAN-2019', 'CLA-SIG-2019']],
      [LENDER_COPAC, ['CSM-PAN-2019'], ['BAF-JAE-2019', 'BAF-CHA-2019', 'CLA-SIG-2019']],
      [INVESTOR, [], ALL],
    ] as [Role, string[], string[]][]) {
      for (const code of own)
        expect((await read(role, NODE, { id: book.loans[code]!.id })).node.code, `${role} ${code}`).toBe(code);
      for (const code of others) await refused(role, NODE, { id: book.loans[code]!.id });
    }
  });
  it("shows a manager their cooperative's loans only; plant staff none; auditors all", async () => {
    expect((await read('cooperative_manager', NODE, { id: book.loans['CSM-PAN-2019']!.id })).node.code).toBe(
      'CSM-PAN-2019',
    );
    for (const code of ['BAF-JAE-2019', 'BAF-CHA-2019', 'CLA-SIG-2019'])
      await refused('cooperative_manager', NODE, { id: book.loans[code]!.id });
    for (const code of ALL) {
      await refused('cooperative_manager_other', NODE, { id: book.loans[code]!.id });
      await refused('plant_staff', NODE, { id: book.loans[code]!.id });
      await refused(null, NODE, { id: book.loans[code]!.id });
      expect((await read('auditor', NODE, { id: book.loans[code]!.id })).node.code).toBe(code);
    }
  });
  it("refuses a loan event of another lender's loan by node(id:); shows its own (without the ledger entry)", async () => {
    const EV = `query($id: ID!) { node(id: $id) { id ... on LoanEvent { kind loan { code } entry { kind } } } }`;
    for (const id of book.events['CSM-PAN-2019']!) {
      await refused('lender', EV, { id });
      await refused('cooperative_manager_other', EV, { id });
      await refused('plant_staff', EV, { id });
    }
    for (const id of book.events['BAF-JAE-2019']!) {
      await refused(LENDER_COPAC, EV, { id });
      const own = (await read('lender', EV, { id })).node;
      expect([own.loan.code, own.entry]).toEqual(['BAF-JAE-2019', null]);
      expect((await read('auditor', EV, { id })).node.entry).not.toBeNull();
    }
    const mgr = (await read('cooperative_manager', EV, { id: book.events['CSM-PAN-2019']![0] })).node;
    expect([mgr.loan.code, mgr.entry]).toEqual(['CSM-PAN-2019', null]);
  });
  it('keeps loan requests to admins and auditors', async () => {
    const d = await read('auditor', '{ loanRequests { id kind status loan { code } } }');
    expect(d.loanRequests.length).toBeGreaterThanOrEqual(5);
    for (const role of ['lender', LENDER_COPAC, 'cooperative_manager', 'plant_staff'] as Role[]) {
      await refused(role, '{ loanRequests { id } }', {}, 'loanRequests');
      await refused(role, 'query($id: ID!) { node(id: $id) { id } }', { id: d.loanRequests[0].id });
    }
  });
  it('lists for a lender only its own organisation, and refuses another lender by node(id:)', async () => {
    expect((await read('lender', '{ lenders { code } }')).lenders).toEqual([{ code: 'BAF' }]);
    expect((await read(INVESTOR, '{ lenders { code } }')).lenders).toEqual([{ code: 'SIDI' }]);
    await refused('lender', 'query($id: ID!) { node(id: $id) { id ... on Lender { code } } }', {
      id: book.lenders['COOPAC-SM'],
    });
  });
  it("reaches no other lender's loans through a cooperative or a lender", async () => {
    const COOP = `query($id: ID!) { node(id: $id) { ... on Cooperative { code loans { code } } } }`;
    const coopId = async (code: string) =>
      (await read('admin', `{ cooperatives(first: 50) { nodes { id code } } }`)).cooperatives.nodes.find(
        (c: any) => c.code === code,
      ).id;
    const pan = await coopId('CAC-PAN');
    const jae = await coopId('CAC-JAE');
    expect((await read('lender', COOP, { id: jae })).node.loans).toEqual([{ code: 'BAF-JAE-2019' }]);
    expect((await read('lender', COOP, { id: pan })).node.loans).toEqual([]);
    expect((await read('plant_staff', COOP, { id: jae })).node.loans).toEqual([]);
    expect((await read('cooperative_manager', COOP, { id: pan })).node.loans).toEqual([{ code: 'CSM-PAN-2019' }]);
    const LENDER = `query($id: ID!) { node(id: $id) { ... on Lender { code loans { code } creditLines { code } } } }`;
    expect((await read('cooperative_manager', LENDER, { id: book.lenders['COOPAC-SM'] })).node).toEqual({
      code: 'COOPAC-SM',
      loans: [{ code: 'CSM-PAN-2019' }],
      creditLines: [],
    });
    expect((await read('cooperative_manager', LENDER, { id: book.lenders.BAF })).node.loans).toEqual([]);
    expect((await read('cooperative_manager', LENDER, { id: book.lenders.SIDI })).node.creditLines).toEqual([]);
    expect((await read('plant_staff', LENDER, { id: book.lenders.BAF })).node.loans).toEqual([]);
    expect((await read('lender', LENDER, { id: book.lenders.BAF })).node.loans.map((l: any) => l.code)).toEqual([
      'BAF-CHA-2019',
      'BAF-JAE-2019',
    ]);
  });
});

describe('who reads portfolios and exposure', () => {
  const PF = `query($asOf: Date) { loanPortfolio(asOf: $asOf) { loans { loan { code } } currencies { currency loans } } }`;
  it('gives each reader the portfolio of what it may see', async () => {
    const codes = async (role: Role) =>
      (await read(role, PF, { asOf: TODAY })).loanPortfolio.loans.map((l: any) => l.loan.code);
    expect(await codes('admin')).toEqual(['CSM-PAN-2019', 'BAF-CHA-2019', 'CLA-SIG-2019', 'BAF-JAE-2019']);
    expect(await codes('auditor')).toEqual(['CSM-PAN-2019', 'BAF-CHA-2019', 'CLA-SIG-2019', 'BAF-JAE-2019']);
    expect(await codes('lender')).toEqual(['BAF-CHA-2019', 'BAF-JAE-2019']);
    expect(await codes(LENDER_COPAC)).toEqual(['CSM-PAN-2019']);
    expect(await codes(INVESTOR)).toEqual([]);
    expect(await codes('cooperative_manager')).toEqual(['CSM-PAN-2019']);
    expect(await codes('cooperative_manager_other')).toEqual([]);
    for (const role of ['plant_staff', 'plant_staff_satipo'] as Role[])
      await refused(role, PF, { asOf: TODAY }, 'loanPortfolio');
    const filtered = await read(
      'lender',
      `query($f: LoanFilter) { loanPortfolio(filter: $f) { loans { loan { code } } } }`,
      { f: { lenderId: book.lenders['COOPAC-SM'] } },
    );
    expect(filtered.loanPortfolio.loans).toEqual([]);
  });
  it('refuses Lender.portfolio and Lender.exposure of another lender (and to managers and plant staff)', async () => {
    const P = `query($id: ID!) { node(id: $id) { ... on Lender { code portfolio(asOf: "${TODAY}") { loans { loan { code } } } } } }`;
    const E = `query($id: ID!) { node(id: $id) { ... on Lender { code exposure(asOf: "${TODAY}") { currency } } } }`;
    for (const q of [P, E]) {
      await refused('lender', q, { id: book.lenders['COOPAC-SM'] });
      await refused('lender', q, { id: book.lenders.SIDI });
      await refused(LENDER_COPAC, q, { id: book.lenders.BAF });
      await refused(INVESTOR, q, { id: book.lenders.BAF });
      for (const role of ['cooperative_manager', 'plant_staff'] as Role[]) {
        const r = await s.gql(role, q, { id: book.lenders['COOPAC-SM'] });
        expect(r.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
        expect(r.data?.node ?? null, role).toBeNull();
      }
    }
    expect(
      (await read('lender', P, { id: book.lenders.BAF })).node.portfolio.loans.map((l: any) => l.loan.code),
    ).toEqual(['BAF-CHA-2019', 'BAF-JAE-2019']);
    expect((await read('auditor', E, { id: book.lenders.SIDI })).node.exposure.map((e: any) => e.currency)).toEqual([
      'USD',
    ]);
  });
  it('keeps credit lines to admins, auditors and their investor', async () => {
    const d = await read(INVESTOR, '{ creditLines { id code } }');
    expect(d.creditLines.map((l: any) => l.code)).toContain('SIDI-2019');
    expect((await read('lender', '{ creditLines { code } }')).creditLines).toEqual([]);
    await refused('cooperative_manager', '{ creditLines { code } }', {}, 'creditLines');
    await refused('plant_staff', '{ creditLines { code } }', {}, 'creditLines');
    const line = d.creditLines.find((l: any) => l.code === 'SIDI-2019').id;
    await refused('lender', 'query($id: ID!) { node(id: $id) { id ... on CreditLine { code } } }', { id: line });
    await refused('cooperative_manager', 'query($id: ID!) { node(id: $id) { id ... on CreditLine { code } } }', {
      id: line,
    });
  });
});

// ---------------------------------------------------------------- only admins write

describe('only admins write loans', () => {
  it('refuses every loan mutation to managers, plant staff, lenders, the investor and auditors (ForbiddenError), writing nothing', async () => {
    const req = (await read('admin', '{ loanRequests { id } }')).loanRequests[0].id;
    const line = (await read('admin', '{ creditLines { id code } }')).creditLines.find(
      (l: any) => l.code === 'SIDI-2019',
    ).id;
    const coop = (await read('admin', `{ cooperatives(first: 50) { nodes { id code } } }`)).cooperatives.nodes.find(
      (c: any) => c.code === 'CAC-PAN',
    ).id;
    const campaign = (await read('admin', '{ harvestCampaigns { id code } }')).harvestCampaigns.find(
      (c: any) => c.code === 'C2020',
    ).id;
    const loan = book.loans['CSM-PAN-2019']!.id;
    const bafLoan = book.loans['BAF-JAE-2019']!.id;
    const event = book.events['BAF-JAE-2019']![0]!;
    const ops: [string, string, Record<string, unknown>][] = [
      ['createLender', 'CreateLenderInput', { code: 'NEW', name: 'Nuevo', kind: 'BANK', country: 'PE' }],
      [
        'setEndorsementLimit',
        'SetEndorsementLimitInput',
        { cooperativeId: coop, campaignId: campaign, currency: 'PEN', limit: '1000.00' },
      ],
      [
        'createCampaignLoan',
        'CreateCampaignLoanInput',
        {
          code: 'NEW-1',
          lenderId: book.lenders.BAF,
          cooperativeId: coop,
          campaignId: campaign,
          currency: 'PEN',
          principal: '1000.00',
          convention: 'SIMPLE_ACT_360',
          ratePercent: '10',
          signedOn: '2019-12-01',
          maturity: '2020-06-30',
        },
      ],
      [
        'requestLoanDisbursement',
        'RequestLoanDisbursementInput',
        { loanId: bafLoan, amount: '1.00', disbursedOn: '2019-12-01', reason: 'more' },
      ],
      [
        'requestLoanWriteOff',
        'RequestLoanWriteOffInput',
        { loanId: bafLoan, writtenOffOn: '2020-01-10', reason: 'lost' },
      ],
      ['decideLoanRequest', 'DecideLoanRequestInput', { requestId: req, approve: true }],
      ['recordLoanRepayment', 'RecordLoanRepaymentInput', { loanId: bafLoan, amount: '1.00', paidOn: TODAY }],
      ['reverseLoanEvent', 'ReverseLoanEventInput', { eventId: event, reason: 'undo' }],
      ['callGuarantee', 'CallGuaranteeInput', { loanId: loan, calledOn: TODAY }],
      [
        'createCreditLine',
        'CreateCreditLineInput',
        {
          code: 'NEW-L',
          lenderId: book.lenders.SIDI,
          currency: 'USD',
          limit: '1000.00',
          convention: 'SIMPLE_ACT_360',
          ratePercent: '5',
          opensOn: '2020-01-01',
          maturesOn: '2020-12-31',
        },
      ],
      ['drawCreditLine', 'CreditLineMovementInput', { lineId: line, amount: '1.00', on: TODAY }],
      ['repayCreditLine', 'CreditLineMovementInput', { lineId: line, amount: '1.00', on: TODAY }],
      [
        'recordExchangeRate',
        'RecordExchangeRateInput',
        { base: 'USD', quote: 'PEN', rate: '3.35', ratedOn: TODAY, source: 'SBS' },
      ],
    ];
    const before = counts();
    for (const role of [
      'cooperative_manager',
      'cooperative_manager_other',
      'plant_staff',
      'plant_staff_satipo',
      'lender',
      LENDER_COPAC,
      INVESTOR,
      'auditor',
    ] as Role[]) {
      for (const [field, input, values] of ops) {
        const doc = `mutation($i: ${input}!) { ${field}(input: $i) { __typename ... on Error { message } } }`;
        const res = await send(role, doc, { idempotencyKey: newKey(), ...values });
        expect(res.__typename, `${role} ${field}: ${JSON.stringify(res)}`).toBe('ForbiddenError');
      }
    }
    for (const [field, input, values] of ops) {
      const r = await s.gql(null, `mutation($i: ${input}!) { ${field}(input: $i) { __typename } }`, {
        i: { idempotencyKey: newKey(), ...values },
      });
      expect(r.data?.[field] ?? null, field).toBeNull();
      expect(r.errors?.[0]?.extensions?.code, field).toBe('UNAUTHENTICATED');
    }
    expect(counts()).toEqual(before);
  });
});

// ---------------------------------------------------------------- 6. the credit line and exposure

/** SIDI-2019 as the seed drew and repaid it: 250,000.00 on 15 May, 150,000.00 on 2 Sep 2019, 200,000.00 repaid 20 Jan 2020 (7.5 % ACT/360). */
function sidi2019(asOf: string) {
  const evs: LineEv[] = [
    { date: '2019-05-15', draw: 25_000_000n },
    { date: '2019-09-02', draw: 15_000_000n },
  ];
  const at = lineDue('7.5', evs, '2020-01-20');
  const interest = at.interestDue < 20_000_000n ? at.interestDue : 20_000_000n;
  evs.push({ date: '2020-01-20', interest, principal: 20_000_000n - interest });
  return lineDue('7.5', evs, asOf);
}

describe('the credit line', () => {
  let line: string;
  const evs: LineEv[] = [];
  const draw = (amount: string, on: string, key = newKey()) =>
    send('admin', DRAW, { idempotencyKey: key, lineId: line, amount, on });
  const repay = (amount: string, on: string, key = newKey()) =>
    send('admin', REPAY_LINE, { idempotencyKey: key, lineId: line, amount, on });
  const lineInput = (over: Record<string, unknown> = {}) => ({
    idempotencyKey: newKey(),
    code: 'SIDI-TEST',
    lenderId: book.lenders.SIDI,
    currency: 'USD',
    limit: '100000.00',
    convention: 'SIMPLE_ACT_360',
    ratePercent: '8',
    opensOn: '2019-10-01',
    maturesOn: '2020-09-30',
    ...over,
  });

  it('is recorded by an admin; refused with maturity on opening, a bad rate or a taken code', async () => {
    const before = counts();
    const bad: [Record<string, unknown>, Record<string, unknown>][] = [
      [
        { maturesOn: '2019-10-01' },
        { __typename: 'InvalidInputError', issues: [{ path: ['input', 'maturesOn'], code: 'BEFORE_OPENING' }] },
      ],
      [
        { ratePercent: '1000.5' },
        { __typename: 'InvalidInputError', issues: [{ path: ['input', 'ratePercent'], code: 'INVALID_RATE' }] },
      ],
      [
        { limit: '0' },
        { __typename: 'InvalidInputError', issues: [{ path: ['input', 'limit'], code: 'NOT_POSITIVE' }] },
      ],
      [{ code: 'SIDI-2019' }, { __typename: 'ConflictError', code: 'DUPLICATE_CODE' }],
    ];
    for (const [over, expected] of bad)
      expect(await send('admin', CREATE_LINE, lineInput(over))).toMatchObject(expected);
    expect(counts()).toEqual(before);
    const created = (await ok('admin', CREATE_LINE, lineInput())).creditLine;
    line = created.id;
    expect(created).toMatchObject({
      code: 'SIDI-TEST',
      currency: 'USD',
      limit: usd(10_000_000n),
      convention: 'SIMPLE_ACT_360',
      ratePercent: '8',
      lender: { code: 'SIDI' },
      drawn: usd(0n),
      available: usd(10_000_000n),
      totalDue: usd(0n),
      movements: [],
    });
  });

  it('draws within the limit only (ABOVE_LIMIT), inside its term (OUTSIDE_TERM), in date order and not in the future', async () => {
    const before = counts();
    expect(await draw('1000.00', '2019-09-30')).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'on'], code: 'OUTSIDE_TERM' }],
    });
    expect(await draw('100000.01', '2019-10-01')).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'amount'], code: 'ABOVE_LIMIT' }],
    });
    expect(counts()).toEqual(before);
    expect((await draw('60000.00', '2019-10-01')).__typename).toBe('CreditLineMovementPayload');
    evs.push({ date: '2019-10-01', draw: 6_000_000n });
    const over = await draw('40000.01', '2019-11-01');
    expect(over).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'amount'], code: 'ABOVE_LIMIT' }],
    });
    expect(over.message).toContain('60000.00 drawn: 40000.00 available');
    const full = await draw('40000.00', '2019-11-01');
    evs.push({ date: '2019-11-01', draw: 4_000_000n });
    expect(full.creditLine.available).toEqual(usd(0n));
    const mid = counts();
    expect(await draw('0.01', '2019-11-02')).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'amount'], code: 'ABOVE_LIMIT' }],
    });
    expect(await draw('1.00', '2019-10-15')).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'on'], code: 'BEFORE_LAST_EVENT' }],
    });
    expect(await draw('1.00', '2020-01-16')).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'on'], code: 'IN_FUTURE' }],
    });
    expect(counts()).toEqual(mid);
  });

  it('charges interest to the cent and repays interest first, then principal (ABOVE_DUE refused)', async () => {
    // On 31 Dec: 60,000.00 × 31 days + 100,000.00 × 60 days at 8 % ÷ 360 = 1,746.666… → 1,746.67.
    const dec31 = lineDue('8', evs, '2019-12-31');
    expect(dec31.accrued).toBe(halfEven((6_000_000n * 31n + 10_000_000n * 60n) * 8n, 36_000n));
    expect(dec31.accrued).toBe(174_667n);
    const before = counts();
    expect(await repay(fmt(dec31.totalDue + 1n), '2019-12-31')).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ path: ['input', 'amount'], code: 'ABOVE_DUE' }],
    });
    expect(counts()).toEqual(before);
    // 1,000.00 pays interest only (the principal, and so the segment, is unchanged).
    const r1 = await repay('1000.00', '2019-12-31');
    expect(r1.creditLine.movements.at(-1)).toEqual({
      kind: 'repayment',
      occurredOn: '2019-12-31',
      amount: usd(100_000n),
      interest: usd(100_000n),
      principal: usd(0n),
    });
    evs.push({ date: '2019-12-31', interest: 100_000n, principal: 0n });
    // 10 Jan: interest to date 1,746.666… + 222.222… = 1,968.888… → 1,968.89, 968.89 of it due; 2,000.00 pays that and 1,031.11 of principal.
    const jan10 = lineDue('8', evs, '2020-01-10');
    expect([jan10.accrued, jan10.interestDue]).toEqual([196_889n, 96_889n]);
    const r2 = await repay('2000.00', '2020-01-10');
    expect(r2.creditLine.movements.at(-1)).toEqual({
      kind: 'repayment',
      occurredOn: '2020-01-10',
      amount: usd(200_000n),
      interest: usd(96_889n),
      principal: usd(103_111n),
    });
    evs.push({ date: '2020-01-10', interest: 96_889n, principal: 103_111n });
    const now = lineDue('8', evs, TODAY);
    expect(r2.creditLine).toMatchObject({
      drawn: usd(now.principal),
      interestDue: usd(now.interestDue),
      totalDue: usd(now.totalDue),
      available: usd(10_000_000n - now.principal),
    });
    expect(now.principal).toBe(10_000_000n - 103_111n);
  });

  it('refuses a repayment once the line owes nothing (LINE_REPAID)', async () => {
    const small = (
      await ok(
        'admin',
        CREATE_LINE,
        lineInput({ code: 'SIDI-TEST2', limit: '5000.00', opensOn: '2020-01-01', maturesOn: '2020-06-30' }),
      )
    ).creditLine.id;
    await ok('admin', DRAW, { idempotencyKey: newKey(), lineId: small, amount: '1000.00', on: '2020-01-02' });
    const due = lineDue('8', [{ date: '2020-01-02', draw: 100_000n }], '2020-01-14').totalDue; // 12 days: 2.67
    expect(due).toBe(100_267n);
    const paid = await ok('admin', REPAY_LINE, {
      idempotencyKey: newKey(),
      lineId: small,
      amount: fmt(due),
      on: '2020-01-14',
    });
    expect(paid.creditLine.movements.at(-1)).toMatchObject({ interest: usd(267n), principal: usd(100_000n) });
    expect(
      await send('admin', REPAY_LINE, { idempotencyKey: newKey(), lineId: small, amount: '0.01', on: TODAY }),
    ).toMatchObject({ __typename: 'ConflictError', code: 'LINE_REPAID' });
  });

  it('replays a drawdown without drawing twice', async () => {
    const key = newKey();
    const small = (await read('admin', '{ creditLines { id code } }')).creditLines.find(
      (l: any) => l.code === 'SIDI-TEST2',
    ).id;
    const first = await ok('admin', DRAW, { idempotencyKey: key, lineId: small, amount: '10.00', on: TODAY });
    const before = counts();
    expect(await ok('admin', DRAW, { idempotencyKey: key, lineId: small, amount: '10.00', on: TODAY })).toEqual({
      ...first,
      replayed: true,
    });
    expect(await send('admin', DRAW, { idempotencyKey: key, lineId: small, amount: '10.01', on: TODAY })).toMatchObject(
      { __typename: 'ConflictError', code: 'IDEMPOTENCY_KEY_REUSED' },
    );
    expect(counts()).toEqual(before);
  });

  it("gives SIDI's exposure as its lines (drawn + interest due) + its campaign loans + its equity, per date", async () => {
    const test2 = (asOf: string) =>
      lineDue(
        '8',
        [
          { date: '2020-01-02', draw: 100_000n },
          { date: '2020-01-14', interest: 267n, principal: 100_000n },
          { date: TODAY, draw: 1_000n },
        ],
        asOf,
      ).totalDue;
    for (const [asOf, equity, valuedOn] of [
      ['2019-12-30', 0n, null],
      [TODAY, 100_000_000n, '2019-12-31'],
      ['2020-01-25', 100_000_000n, '2019-12-31'],
    ] as const) {
      const lines = sidi2019(asOf).totalDue + lineDue('8', evs, asOf).totalDue + test2(asOf);
      for (const role of ['admin', 'auditor', INVESTOR] as Role[]) {
        const e = (await read(role, EXPOSURE, { id: book.lenders.SIDI, asOf })).node.exposure;
        expect(e, `${role} ${asOf}`).toEqual([
          {
            currency: 'USD',
            creditLines: usd(lines),
            campaignLoans: usd(0n),
            equity: usd(equity),
            equityValuedOn: valuedOn,
            total: usd(lines + equity),
          },
        ]);
      }
    }
    // The seed's line on its own, to the cent: 15 Jan 2020 is before its repayment of 20 Jan.
    const d = await read(
      'admin',
      `{ creditLines { code totalDue(asOf: "${TODAY}") ${MONEY} interestDue(asOf: "2020-01-25") ${MONEY} drawn(asOf: "2020-01-25") ${MONEY} } }`,
    );
    const seed = d.creditLines.find((l: any) => l.code === 'SIDI-2019');
    const at = sidi2019(TODAY);
    expect(at.accrued).toBe(
      simple('7.5', 360n, [
        { p: 25_000_000n, from: '2019-05-15', to: '2019-09-02' },
        { p: 40_000_000n, from: '2019-09-02', to: TODAY },
      ]),
    );
    expect(seed.totalDue).toEqual(usd(at.totalDue));
    expect([seed.interestDue, seed.drawn]).toEqual([
      usd(sidi2019('2020-01-25').interestDue),
      usd(sidi2019('2020-01-25').principal),
    ]);
  });

  it("gives a bank's exposure as the total due on its campaign loans", async () => {
    for (const asOf of ['2019-10-01', TODAY, '2020-03-01']) {
      const loans = (await read('admin', LIST, { f: { lenderId: book.lenders.BAF }, asOf })).campaignLoans.nodes;
      const due = sum(loans.map((l: any) => cents(l.position.totalDue.amount)));
      for (const role of ['admin', 'lender'] as Role[]) {
        const e = (await read(role, EXPOSURE, { id: book.lenders.BAF, asOf })).node.exposure;
        expect(e, `${role} ${asOf}`).toEqual([
          {
            currency: 'USD',
            creditLines: usd(0n),
            campaignLoans: usd(due),
            equity: usd(0n),
            equityValuedOn: null,
            total: usd(due),
          },
        ]);
      }
    }
  });
});

// ---------------------------------------------------------------- 10. the demo book's aging and PAR30

describe('the portfolio of the demo book', () => {
  const PORTFOLIO = `query($asOf: Date, $f: LoanFilter) { loanPortfolio(asOf: $asOf, filter: $f) { asOf
    currencies { currency loans principalDisbursed ${MONEY} outstandingPrincipal ${MONEY} interestDue ${MONEY} feesDue ${MONEY} totalDue ${MONEY} repaid ${MONEY} par30
      aging { bucket loans outstandingPrincipal ${MONEY} } }
    loans { loan { code } daysPastDue agingBucket outstandingPrincipal ${MONEY} } } }`;
  const check = (book: any, loans: any[]) => {
    const currencies = [...new Set(loans.map((l) => l.currency))].sort();
    expect(book.currencies.map((c: any) => c.currency)).toEqual(currencies);
    for (const cur of book.currencies) {
      const mine = loans.filter((l) => l.currency === cur.currency);
      const amt = (l: any, k: string) => cents(l.position[k].amount);
      const tot = (k: string) => sum(mine.map((l) => amt(l, k)));
      for (const l of mine) expect(l.position.agingBucket, l.code).toBe(bucketOf(l.position.daysPastDue));
      expect(cur.loans).toBe(mine.length);
      expect([
        cur.principalDisbursed,
        cur.outstandingPrincipal,
        cur.interestDue,
        cur.feesDue,
        cur.totalDue,
        cur.repaid,
      ]).toEqual([
        money(tot('principalDisbursed'), cur.currency),
        money(tot('outstandingPrincipal'), cur.currency),
        money(tot('interestDue'), cur.currency),
        money(tot('feesDue'), cur.currency),
        money(tot('totalDue'), cur.currency),
        money(tot('principalRepaid') + tot('interestPaid') + tot('feesCharged') - tot('feesDue'), cur.currency),
      ]);
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
      expect(cur.par30, `${cur.currency} on ${book.asOf}`).toBe(ratio4(atRisk, tot('outstandingPrincipal')));
    }
  };

  for (const asOf of ['2019-09-15', '2019-11-30', TODAY, '2020-02-10', '2020-03-15', '2020-06-01']) {
    it(`matches the positions on ${asOf}: buckets from the days past due, PAR30 per currency`, async () => {
      const loans = (await read('admin', LIST, { asOf })).campaignLoans.nodes;
      check((await read('admin', PORTFOLIO, { asOf })).loanPortfolio, loans);
      // A lender's own portfolio is the same computation on its own loans.
      const baf = loans.filter((l: any) => l.lender.code === 'BAF');
      check((await read('lender', PORTFOLIO, { asOf })).loanPortfolio, baf);
      check(
        (
          await read(
            'admin',
            `query($id: ID!, $asOf: Date) { node(id: $id) { ... on Lender { portfolio(asOf: $asOf) {
        asOf currencies { currency loans principalDisbursed ${MONEY} outstandingPrincipal ${MONEY} interestDue ${MONEY} feesDue ${MONEY} totalDue ${MONEY} repaid ${MONEY} par30
        aging { bucket loans outstandingPrincipal ${MONEY} } } } } } }`,
            { id: book.lenders.BAF, asOf },
          )
        ).node.portfolio,
        baf,
      );
    });
  }

  it('ages CLA-SIG-2019 from its missed instalment (31 Aug 2019) and BAF-CHA-2019 from its maturity (31 Dec 2019)', async () => {
    const loans = (await read('admin', LIST, { asOf: TODAY })).campaignLoans.nodes;
    const sig = loans.find((l: any) => l.code === 'CLA-SIG-2019').position;
    expect([sig.lateSince, sig.daysPastDue, sig.agingBucket]).toEqual([
      '2019-08-31',
      days('2019-08-31', TODAY),
      'OVER_90',
    ]);
    const cha = loans.find((l: any) => l.code === 'BAF-CHA-2019').position;
    if (cents(cha.totalDue.amount) > 0n)
      expect([cha.lateSince, cha.daysPastDue, cha.agingBucket]).toEqual(['2019-12-31', 15, 'DAYS_1_30']);
    // After the guarantee call of 14 Feb 2020, nothing of the endorsement is held.
    const later = (await read('admin', LIST, { asOf: '2020-02-14' })).campaignLoans.nodes.find(
      (l: any) => l.code === 'CLA-SIG-2019',
    ).position;
    expect(later.endorsementHeld).toEqual({ currency: 'PEN', amount: '0.00' });
  });
});

describe('the books', () => {
  it('are balanced in every currency after the line movements', async () => {
    const d = await read('admin', '{ trialBalance { balanced currencies { currency balanced } } }');
    expect(d.trialBalance.balanced).toBe(true);
    for (const c of d.trialBalance.currencies) expect(c.balanced, c.currency).toBe(true);
  });
});
