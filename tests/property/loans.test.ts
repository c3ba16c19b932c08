/**
 * Property: whatever random sequence of campaign-loan activity happens —
 * disbursements (four eyes: one admin asks, a second approves), manual
 * repayments (within what is due or above it), sales whose settlement repays
 * the cooperatives' loans (USD payments at any PEN/USD rate, repaying PEN and
 * USD loans), reversals of manual repayments and of sale payments, guarantee
 * calls, write-offs and their undoing, the business date moving on, and
 * retries with the same idempotency key — every loan stays a loan the domain
 * accepts, and the books say exactly what the loans say.
 *
 * Real SQLite through the real migrations and the real services (in-process,
 * no HTTP, no mocks). The template is the small demo without its loans
 * (`seedDemo(db, 2019, 30, { loans: false })`) plus, made here through the
 * services: three cooperatives' green coffee (two lots each, hulled into one
 * export batch per cooperative), a fixed-price export contract, endorsement
 * limits and five campaign loans from two lenders (a bank and a COPAC), in PEN
 * and USD, under the three interest conventions, with and without an opening
 * fee, one with an instalment and a partial endorsement; three of them partly
 * disbursed. Every fast-check run works on its own copy of the template.
 *
 * Every command is dated on the business date (`today`, the clock of every
 * call), which only moves forward (the `advance` command), so a loan's events
 * are always recorded in date order. Each command is predicted to succeed or
 * to be refused with given codes (the in-test rules below, read from the
 * database through the services' own `loanModel` and the domain), and:
 * - a refusal must be a typed domain error with those codes and must change
 *   nothing: every row count and every balance as before;
 * - a replay (same key, same input) answers the first result and writes
 *   nothing; the same key with other input is refused (IDEMPOTENCY_KEY_REUSED).
 *
 * After EVERY command (balances summed as bigint from the text
 * `journal_lines.amount_minor`, never SQL SUM, never a JS number):
 * 1. every loan's position (`loanModel` + `loanPosition` as of today) replays
 *    without error, and has outstanding principal, interest due and fees due
 *    ≥ 0, and principal repaid ≤ principal disbursed; its live disbursements
 *    are exactly the approved ones (disbursements are never taken back), and
 *    its opening fee is charged once, with the first disbursement;
 * 2. every live repayment-like event (repayment, guarantee call, write-off)
 *    paid at most what was due at its date, component by component,
 *    recomputed by the domain from the live events before it (date, then id);
 *    its amount is its fees + interest + principal; what each day's
 *    repayments took together is the waterfall's split (fees, then interest,
 *    then principal) of their total against what was due that day (a
 *    write-off: everything left) — per day, since the split of a day's total
 *    does not depend on the order its events are listed in; a sale repayment
 *    in another currency was paid at most the rounded-up due in the payment's
 *    currency and credited at most what that payment was worth (half-even);
 * 3. the trial balance of every currency is exactly zero;
 * 4. per lender and currency, `lender:<id>:loan_receivable:<CUR>` is Σ over
 *    its loans' live events of disbursed + fees charged + interest charged −
 *    repaid (repayments, guarantee calls, write-offs), and per cooperative
 *    `loan_payable` is exactly minus the same over its loans (the mirror);
 *    the interest charged so far is the domain's interest accrued to the last
 *    posting (so the ledger owes what the domain says was owed then); the
 *    cooperative's `guarantee_recovery` is Σ its live guarantee calls; every
 *    live payment's `loan_repayment` settlement lines are the loan events it
 *    posted;
 * 5. reversing the LAST manual repayment of a loan (no later live events)
 *    moves every balance by exactly minus what the repayment moved, gives the
 *    loan back exactly the live events it had before the repayment (so the
 *    same position), and — when nothing else moved money in between — leaves
 *    every account exactly at its balance before the repayment; the same for
 *    the last live payment of a delivery;
 * 6. a refused command changes nothing (above); a replay writes nothing.
 * At the end of every run, GraphQL's `campaignLoans { position }` says what the
 * domain says.
 *
 * Regression properties follow for the bugs this file found: four were fixed
 * in the services while it was written (their counterexamples are kept with
 * them); bug 5 (a reposted event stored after same-day events worked out
 * after it) was fixed with an explicit same-day ordinal, and the main
 * property issues those corrections too.
 *
 * A last property records two settlements back to back for the same
 * cooperative (SQLite serialises writers, so true concurrency cannot happen;
 * back to back is the interleaving that can): the second one sees the first,
 * and no loan is ever paid more than it owed.
 *
 * LOANS_RUNS=300 LOANS_COMMANDS=30 LOANS_SEED=7 npx vitest run tests/property/loans.test.ts  — a deeper search.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCopyOf } from '../support/template-db.js';
import { type DB, migrateDatabase, openDatabase } from '../../db/client.js';
import { campaignLoans } from '../../db/schema.js';
import { seedDemo } from '../../db/seed/demo.js';
import { schema } from '../../schema/index.js';
import type { Principal } from '../../server/auth/policy.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../server/domain/errors.js';
import { type Components, type Loan, REPAYMENT_ORDER, loanArrears, loanPosition } from '../../server/domain/loans.js';
import { fixedClock } from '../../server/domain/time.js';
import { createEvents } from '../../server/events.js';
import { encodeId } from '../../server/lib/global-id.js';
import type { ServiceContext } from '../../server/services/context.js';
import {
  callGuarantee,
  createCampaignLoan,
  decideLoanRequest,
  endorsementHeldOn,
  loanModel,
  recordLoanRepayment,
  requestLoanDisbursement,
  requestLoanWriteOff,
  reverseLoanEvent,
  setEndorsementLimit,
} from '../../server/services/loans.js';
import { gradeLot, recordLotIntake, settings } from '../../server/services/lots.js';
import type { MutationOutcome, RecordRef } from '../../server/services/mutation.js';
import { recordHullingRun } from '../../server/services/processing.js';
import { createBuyer, createSalesContract, recordSaleDelivery } from '../../server/services/sales.js';
import { recordSalePayment, reverseSalePayment } from '../../server/services/settlement.js';
import { principalForToken } from '../../server/services/users.js';

// ---------------------------------------------------------------- constants

/** The first business date of every run. */
const START = '2020-02-10';
const DAY_MS = 86_400_000;

/** LOANS_RUNS / LOANS_COMMANDS / LOANS_SEED for a deeper search; the defaults keep the file around 20 s. */
const NUM_RUNS = Number(process.env.LOANS_RUNS ?? 25);
const MAX_COMMANDS = Number(process.env.LOANS_COMMANDS ?? 16);
const BACK_TO_BACK_RUNS = Number(process.env.LOANS_RUNS ?? 15);
const SEED = process.env.LOANS_SEED ? { seed: Number(process.env.LOANS_SEED) } : {};

type Cur = 'PEN' | 'USD';
type Row = typeof campaignLoans.$inferSelect;
type LoanRow = ReturnType<typeof loanModel>['rows'][number];

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** 12:00 in Lima (UTC−5, no DST) on a business date: the clock of every command of that day. */
const noonOf = (day: string) => `${day}T17:00:00.000Z`;
const iso = (ms: number) => new Date(ms).toISOString();
/** Grams as an exact kg decimal string. */
const kg = (g: number) => `${Math.trunc(g / 1000)}.${String(g % 1000).padStart(3, '0')}`;
/** Minor units (2 decimals, PEN and USD) as an amount string. */
const money = (minor: bigint) => {
  const a = minor < 0n ? -minor : minor;
  return `${minor < 0n ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
};
/** A rate in millionths as a decimal string with 6 decimals. */
const rateText = (micro: number) => `${Math.trunc(micro / 1_000_000)}.${String(micro % 1_000_000).padStart(6, '0')}`;
/** A non-negative decimal string as numerator and power-of-ten denominator. */
function scaled(p: string): [bigint, bigint] {
  const [i, f = ''] = p.split('.');
  return [BigInt(i! + f), 10n ** BigInt(f.length)];
}
/** n ÷ d rounded half to even (n ≥ 0, d > 0). */
function halfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const twice = 2n * (n % d);
  return twice > d || (twice === d && q % 2n === 1n) ? q + 1n : q;
}
const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d;
const minB = (a: bigint, b: bigint) => (a < b ? a : b);

/** Stringify with bigints and maps (for messages). */
const show = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Map ? Object.fromEntries(x) : x));
const nonZero = (m: Map<string, bigint>) =>
  Object.fromEntries([...m].filter(([, v]) => v !== 0n).sort(([a], [b]) => a.localeCompare(b)));
function addTo(m: Map<string, bigint>, code: string, minor: bigint): void {
  m.set(code, (m.get(code) ?? 0n) + minor);
}
function diff(after: Map<string, bigint>, before: Map<string, bigint>): Map<string, bigint> {
  const d = new Map<string, bigint>();
  for (const code of new Set([...after.keys(), ...before.keys()])) {
    const x = (after.get(code) ?? 0n) - (before.get(code) ?? 0n);
    if (x !== 0n) d.set(code, x);
  }
  return d;
}
const negate = (m: Map<string, bigint>) => new Map([...m].map(([k, v]) => [k, -v]));

const receivableOf = (lenderId: number, cur: string) => `lender:${lenderId}:loan_receivable:${cur}`;
const payableOf = (coopId: number, cur: string) => `cooperative:${coopId}:loan_payable:${cur}`;
const recoveryOf = (coopId: number, cur: string) => `cooperative:${coopId}:guarantee_recovery:${cur}`;

/** The waterfall inside one loan: `amount` over fees, interest, principal, each up to what is due. */
function inOrder(amount: bigint, due: Components): Components {
  const paid: Components = { fees: 0n, interest: 0n, principal: 0n };
  let left = amount;
  for (const c of REPAYMENT_ORDER) {
    paid[c] = minB(left, due[c]);
    left -= paid[c];
  }
  return paid;
}

type DomainErr = InvalidInputError | ConflictError | NotFoundError | ForbiddenError;
function isDomainError(e: unknown): e is DomainErr {
  return (
    e instanceof InvalidInputError ||
    e instanceof ConflictError ||
    e instanceof NotFoundError ||
    e instanceof ForbiddenError
  );
}
function codesOf(e: DomainErr): string[] {
  if (e instanceof InvalidInputError) return [...new Set(e.issues.map((i) => i.code))].sort();
  if (e instanceof ConflictError) return [e.code];
  if (e instanceof NotFoundError) return ['NOT_FOUND'];
  return ['FORBIDDEN'];
}

// ---------------------------------------------------------------- fixture

interface LoanFx {
  id: number;
  code: string;
  lenderId: number;
  coopId: number;
  currency: Cur;
  principal: bigint;
  fee: bigint;
  maturity: string;
}
interface Fixture {
  template: string;
  admin: Principal;
  admin2: Principal;
  plantId: number;
  contractId: number;
  guaranteeDays: number;
  /** The three cooperatives (shareholder, affiliated, shareholder). */
  coops: number[];
  /** Each cooperative's export batch, and the grams it holds at the start. */
  batchOf: Map<number, number>;
  green: Map<number, number>;
  loans: LoanFx[];
  /** Principal disbursed in the template, by loan id. */
  disbursed: Map<number, bigint>;
}

let dir: string;
let fx: Fixture;

/** [cooperative index, lender, currency, principal, convention, rate %, fee, maturity, disbursed in the template, endorsed, instalment] */
const LOANS = [
  {
    code: 'PROP-A-PEN',
    coop: 0,
    lender: 'COOPAC-SM',
    currency: 'PEN',
    principal: '6000.00',
    convention: 'tea_360',
    rate: '14',
    fee: '60.00',
    maturity: '2020-06-30',
    disburse: [['2019-12-05', '3000.00']],
  },
  {
    code: 'PROP-A-USD',
    coop: 0,
    lender: 'BAF',
    currency: 'USD',
    principal: '1500.00',
    convention: 'simple_act_360',
    rate: '12',
    fee: '15.00',
    maturity: '2020-04-30',
    disburse: [],
  },
  {
    code: 'PROP-B-USD',
    coop: 1,
    lender: 'BAF',
    currency: 'USD',
    principal: '2000.00',
    convention: 'simple_act_365',
    rate: '16.5',
    fee: '0',
    maturity: '2020-01-20',
    endorsed: '1500.00',
    instalments: [{ dueOn: '2019-12-20', principal: '1000.00' }],
    disburse: [['2019-12-05', '2000.00']],
  },
  {
    code: 'PROP-B-PEN',
    coop: 1,
    lender: 'COOPAC-SM',
    currency: 'PEN',
    principal: '4000.00',
    convention: 'simple_act_360',
    rate: '18.5',
    fee: '40.00',
    maturity: '2020-05-31',
    disburse: [],
  },
  {
    code: 'PROP-C-PEN',
    coop: 2,
    lender: 'COOPAC-SM',
    currency: 'PEN',
    principal: '2500.00',
    convention: 'tea_360',
    rate: '20.25',
    fee: '0',
    maturity: '2020-03-31',
    disburse: [['2019-12-20', '1000.00']],
  },
] as const;

function buildTemplate(template: string): Fixture {
  const db = openDatabase(template);
  migrateDatabase(db);
  const { tokens } = seedDemo(db, 2019, 30, { loans: false });
  const admin = principalForToken(db, tokens.admin!);
  const admin2 = principalForToken(db, tokens.admin2!);
  const staff = principalForToken(db, tokens.plant_staff!);
  if (!admin || !admin2 || !staff) throw new Error('the demo seed made no admins or plant staff');
  const c = db.$client;
  const one = <T>(q: string, ...args: unknown[]) => c.prepare(q).get(...args) as T;
  const at = (who: Principal, instant: string): ServiceContext => ({ db, principal: who, clock: fixedClock(instant) });
  const plantId = one<{ id: number }>("select id from plants where code = 'PLT-LM'").id;
  const verde = one<{ id: number }>("select id from warehouses where plant_id = ? and code = 'VERDE'", plantId).id;
  const campaignId = one<{ id: number }>("select id from harvest_campaigns where code = 'C2019'").id;
  const campaign = encodeId('HarvestCampaign', campaignId);
  const plant = encodeId('Plant', plantId);
  const coops = ['CAC-PAN', 'CAC-PIC', 'CAC-OXA'].map(
    (code) => one<{ id: number }>('select id from cooperatives where code = ?', code).id,
  );
  const lender = (code: string) => one<{ id: number }>('select id from lenders where code = ?', code).id;
  if ((one<{ n: number }>('select count(*) as n from campaign_loans').n ?? 0) !== 0)
    throw new Error('the template is meant to start without loans');

  // Green coffee: two lots per cooperative received on 10 December, graded the next day, hulled per cooperative on 4 January.
  const LOTS: [number, number][] = [
    [900_137, 700_291],
    [800_003, 650_777],
    [750_450, 600_001],
  ];
  const batchOf = new Map<number, number>();
  coops.forEach((coopId, ci) => {
    const farmers = (
      c.prepare('select id from farmers where cooperative_id = ? order by id').all(coopId) as { id: number }[]
    ).map((r) => r.id);
    const lots = LOTS[ci]!.map((netG, li) => {
      const receivedAt = iso(Date.parse('2019-12-10T14:00:00.000Z') + (ci * 2 + li) * 600_000);
      const lotId = recordLotIntake(at(staff, iso(Date.parse(receivedAt) + 60_000)), {
        idempotencyKey: `loans-fixture-intake-${ci}-${li}`,
        plantId: plant,
        farmerId: encodeId('Farmer', farmers[li % farmers.length]!),
        campaignId: campaign,
        receivedAt: new Date(receivedAt),
        bags: 10,
        grossKg: kg(netG + 2_500),
        tareKg: '2.5',
        moisturePercent: '11.5',
      }).result.id;
      gradeLot(at(staff, '2019-12-11T16:00:00.000Z'), {
        idempotencyKey: `loans-fixture-grade-${ci}-${li}`,
        lotId: encodeId('Lot', lotId),
        gradedAt: new Date('2019-12-11T15:00:00.000Z'),
        exportableYieldPercent: '76',
        category1Defects: 0,
        category2Defects: 5,
        organic: false,
      });
      return { lotId, netG };
    });
    const parchment = lots.reduce((a, l) => a + l.netG, 0);
    const started = Date.parse('2020-01-04T13:00:00.000Z') + ci * 3_600_000;
    const run = recordHullingRun(at(staff, '2020-01-04T23:00:00.000Z'), {
      idempotencyKey: `loans-fixture-hull-${ci}`,
      plantId: plant,
      warehouseId: encodeId('Warehouse', verde),
      startedAt: new Date(started),
      finishedAt: new Date(started + 50 * 60_000),
      inputs: lots.map((l) => ({ lotId: encodeId('Lot', l.lotId), kg: kg(l.netG) })),
      outputs: [
        { grade: 'export', kg: kg(Math.floor(parchment * 0.75)) },
        { grade: 'second', kg: kg(Math.floor(parchment * 0.03)) },
      ],
      huskKg: kg(Math.floor(parchment * 0.2)),
    }).result.id;
    batchOf.set(
      coopId,
      one<{ id: number }>("select id from stock_batches where run_id = ? and grade = 'export'", run).id,
    );
  });
  const green = new Map<number, number>();
  for (const b of batchOf.values()) {
    const r = one<{ g: number }>(
      'select sum(bs.grams) - coalesce((select sum(t.grams) from batch_takes t where t.batch_id = ?), 0) as g from batch_shares bs where bs.batch_id = ?',
      b,
      b,
    );
    green.set(b, r.g);
  }

  // A buyer and a fixed-price export contract of the 2019 campaign (the loans' campaign: its sales repay them).
  const buyerId = createBuyer(at(admin, '2020-01-02T14:00:00.000Z'), {
    idempotencyKey: 'loans-fixture-buyer',
    code: 'PLN-BUY',
    name: 'Property Loans Buyer',
    country: 'NL',
  }).result.id;
  const contractId = createSalesContract(at(admin, '2020-01-02T15:00:00.000Z'), {
    idempotencyKey: 'loans-fixture-contract',
    code: 'PLN-FIX-1',
    buyerId: encodeId('Buyer', buyerId),
    campaignId: campaign,
    currency: 'USD',
    grade: 'export',
    quantityKg: '20000.000',
    pricePerLb: '1.45',
    fairtrade: false,
    organic: false,
    signedOn: '2020-01-02',
  }).result.id;

  // Endorsement limits, loans, and the template's disbursements (four eyes: Ana asks, Bruno approves).
  for (const [ci, currency] of [
    [0, 'PEN'],
    [0, 'USD'],
    [1, 'USD'],
    [1, 'PEN'],
    [2, 'PEN'],
  ] as const) {
    setEndorsementLimit(at(admin, '2019-11-20T15:00:00Z'), {
      idempotencyKey: `loans-fixture-limit-${ci}-${currency}`,
      cooperativeId: encodeId('Cooperative', coops[ci]!),
      campaignId: campaign,
      currency,
      limit: '10000.00',
    });
  }
  const loans: LoanFx[] = [];
  const disbursed = new Map<number, bigint>();
  for (const l of LOANS) {
    const id = createCampaignLoan(at(admin, '2019-12-02T16:00:00Z'), {
      idempotencyKey: `loans-fixture-loan-${l.code}`,
      code: l.code,
      lenderId: encodeId('Lender', lender(l.lender)),
      cooperativeId: encodeId('Cooperative', coops[l.coop]!),
      campaignId: campaign,
      currency: l.currency,
      principal: l.principal,
      convention: l.convention,
      ratePercent: l.rate,
      fee: l.fee,
      endorsed: 'endorsed' in l ? l.endorsed : null,
      signedOn: '2019-12-02',
      maturity: l.maturity,
      instalments: 'instalments' in l ? [...l.instalments] : null,
    }).result.id;
    let out = 0n;
    for (const [on, amount] of l.disburse) {
      const request = requestLoanDisbursement(at(admin, `${on}T14:00:00Z`), {
        idempotencyKey: `loans-fixture-disburse-${l.code}-${on}`,
        loanId: encodeId('CampaignLoan', id),
        amount,
        disbursedOn: on,
        reason: `transfer to the cooperative, ${on}`,
      }).result.id;
      decideLoanRequest(at(admin2, `${on}T16:30:00Z`), {
        idempotencyKey: `loans-fixture-approve-${l.code}-${on}`,
        requestId: encodeId('LoanRequest', request),
        approve: true,
      });
      out += scaled(amount)[0];
    }
    disbursed.set(id, out);
    loans.push({
      id,
      code: l.code,
      lenderId: lender(l.lender),
      coopId: coops[l.coop]!,
      currency: l.currency,
      principal: scaled(l.principal)[0],
      fee: scaled(l.fee)[0] * (100n / scaled(l.fee)[1]),
      maturity: l.maturity,
    });
  }
  const guaranteeDays = settings(db).guaranteeCallDays;
  c.close(); // checkpoints the WAL into the file: the template is one self-contained file
  return { template, admin, admin2, plantId, contractId, guaranteeDays, coops, batchOf, green, loans, disbursed };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coop-loans-property-'));
  fx = buildTemplate(join(dir, 'template.db'));
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const withFreshDb = <T>(fn: (db: DB) => T): T => withCopyOf(fx.template, dir, fn);

let asyncRuns = 0;
/** `withCopyOf` for a run that awaits (GraphQL resolves its relations asynchronously): the copy lives until it settles. */
async function withFreshDbAsync<T>(fn: (db: DB) => Promise<T>): Promise<T> {
  const path = join(dir, `async-run-${++asyncRuns}.db`);
  copyFileSync(fx.template, path);
  const db = openDatabase(path);
  db.$client.pragma('synchronous = OFF');
  try {
    return await fn(db);
  } finally {
    db.$client.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
}

// ---------------------------------------------------------------- reading the database (own SQL)

const COUNTED = [
  'journal_entries',
  'journal_lines',
  'ledger_accounts',
  'loan_events',
  'loan_requests',
  'loan_request_decisions',
  'loan_event_reversals',
  'sale_deliveries',
  'sale_takes',
  'sale_payments',
  'sale_payment_reversals',
  'settlement_lines',
  'exchange_rates',
  'idempotency_keys',
] as const;
type Counts = Record<(typeof COUNTED)[number], number>;

interface State {
  counts: Counts;
  /** Every account's balance, summed as bigint from the text amounts. */
  balances: Map<string, bigint>;
  /** Σ lines per currency (the trial balance). */
  perCurrency: Map<string, bigint>;
}

function readState(db: DB): State {
  const counts = db.$client
    .prepare(`select ${COUNTED.map((t) => `(select count(*) from ${t}) as ${t}`).join(', ')}`)
    .get() as Counts;
  const balances = new Map<string, bigint>();
  const perCurrency = new Map<string, bigint>();
  for (const r of db.$client
    .prepare(
      'select a.code, l.currency as cur, l.amount_minor as a from journal_lines l join ledger_accounts a on a.id = l.account_id',
    )
    .all() as {
    code: string;
    cur: string;
    a: string;
  }[]) {
    if (typeof r.a !== 'string' || !/^-?[1-9]\d*$/.test(r.a))
      throw new Error(`journal line amount ${String(r.a)} on ${r.code} is not canonical non-zero integer text`);
    const m = BigInt(r.a);
    addTo(balances, r.code, m);
    addTo(perCurrency, r.cur, m);
  }
  return { counts, balances, perCurrency };
}

interface EventRec {
  id: number;
  loanId: number;
  kind: string;
  amount: string;
  source: string;
  occurredOn: string;
  paymentId: number | null;
  live: boolean;
  reversed: boolean;
}
function allEvents(db: DB): EventRec[] {
  return (
    db.$client
      .prepare(
        `select e.id, e.loan_id as loanId, e.kind, e.amount_minor as amount, e.source, e.occurred_on as occurredOn, e.payment_id as paymentId,
           not exists (select 1 from journal_entries r where r.reverses_entry_id = e.entry_id) as live,
           exists (select 1 from loan_event_reversals v where v.event_id = e.id) as reversed
         from loan_events e order by e.id`,
      )
      .all() as (Omit<EventRec, 'live' | 'reversed'> & { live: number; reversed: number })[]
  ).map((e) => ({ ...e, live: e.live === 1, reversed: e.reversed === 1 }));
}

const loanRows = (db: DB): Row[] => db.select().from(campaignLoans).all();
const eventKey = (r: LoanRow) =>
  `${r.id}|${r.kind}|${r.occurredOn}|${r.amountMinor}|${r.feesMinor}|${r.interestMinor}|${r.principalMinor}|${r.interestChargedMinor}`;
/** Repayment-like events take fees, interest and principal off the loan. */
const takesOff = (kind: string) => kind === 'repayment' || kind === 'guarantee_call' || kind === 'write_off';

// ---------------------------------------------------------------- op descriptors (generated)

type AmountSpec =
  | { k: 'part'; permille: number }
  | { k: 'full' }
  | { k: 'over'; cents: number }
  | { k: 'tiny'; cents: number };
type Op =
  | { t: 'advance'; days: number }
  | { t: 'disburse'; loan: number; amount: AmountSpec; sameAdmin: boolean }
  | { t: 'repay'; loan: number; anyLoan: boolean; amount: AmountSpec }
  | { t: 'sale'; takes: { coop: number; permille: number }[]; amount: AmountSpec; rateMicro: number }
  | { t: 'pay'; pick: number; amount: AmountSpec; rateMicro: number }
  | { t: 'reverseRepayment'; pool: 'last' | 'live' | 'any'; pick: number; dated: boolean }
  | { t: 'reverseSale'; pool: 'live' | 'any'; pick: number }
  | { t: 'guarantee'; loan: number; anyLoan: boolean }
  | { t: 'writeOff'; loan: number; approve: boolean }
  | { t: 'undoWriteOff'; pick: number }
  | { t: 'retry'; pick: number; mutate: boolean };

const weighted = <T>(...xs: [number, fc.Arbitrary<T>][]) =>
  fc.oneof(...xs.map(([weight, arbitrary]) => ({ weight, arbitrary })));
const rare = (percent: number) => fc.integer({ min: 1, max: 100 }).map((n) => n <= percent);

const amountArb: fc.Arbitrary<AmountSpec> = weighted<AmountSpec>(
  [6, fc.record({ k: fc.constant('part' as const), permille: fc.integer({ min: 1, max: 999 }) })],
  [2, fc.constant({ k: 'full' as const })],
  [
    2,
    fc.record({
      k: fc.constant('over' as const),
      cents: weighted([2, fc.constant(1)], [1, fc.integer({ min: 1, max: 500_000 })]),
    }),
  ],
  [1, fc.record({ k: fc.constant('tiny' as const), cents: fc.integer({ min: 1, max: 300 }) })],
);
/** Mostly a realistic 3.2–3.9 PEN/USD with up to 6 decimals; sometimes anything from 0.000001 to 99.999999. */
const rateArb = weighted(
  [6, fc.integer({ min: 3_200_000, max: 3_900_000 })],
  [1, fc.integer({ min: 1, max: 99_999_999 })],
);

const opArb: fc.Arbitrary<Op> = weighted<Op>(
  [
    4,
    fc.record({
      t: fc.constant('advance' as const),
      days: weighted(
        [3, fc.integer({ min: 1, max: 7 })],
        [2, fc.integer({ min: 8, max: 45 })],
        [2, fc.integer({ min: 46, max: 120 })],
      ),
    }),
  ],
  [
    4,
    fc.record({
      t: fc.constant('disburse' as const),
      loan: fc.nat(),
      amount: weighted<AmountSpec>(
        [5, fc.record({ k: fc.constant('part' as const), permille: fc.integer({ min: 1, max: 1000 }) })],
        [1, fc.constant({ k: 'full' as const })],
        [1, fc.record({ k: fc.constant('over' as const), cents: fc.integer({ min: 1, max: 1000 }) })],
      ),
      sameAdmin: rare(20),
    }),
  ],
  [7, fc.record({ t: fc.constant('repay' as const), loan: fc.nat(), anyLoan: rare(15), amount: amountArb })],
  [
    5,
    fc.record({
      t: fc.constant('sale' as const),
      takes: fc.array(
        fc.record({
          coop: fc.nat(),
          permille: weighted([3, fc.integer({ min: 20, max: 300 })], [1, fc.integer({ min: 1, max: 1000 })]),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      amount: weighted<AmountSpec>(
        [3, fc.constant({ k: 'full' as const })],
        [4, fc.record({ k: fc.constant('part' as const), permille: fc.integer({ min: 1, max: 999 }) })],
        [1, fc.record({ k: fc.constant('over' as const), cents: fc.integer({ min: 1, max: 1000 }) })],
      ),
      rateMicro: rateArb,
    }),
  ],
  [3, fc.record({ t: fc.constant('pay' as const), pick: fc.nat(), amount: amountArb, rateMicro: rateArb })],
  [
    5,
    fc.record({
      t: fc.constant('reverseRepayment' as const),
      pool: weighted<'last' | 'live' | 'any'>(
        [3, fc.constant('last')],
        [2, fc.constant('live')],
        [2, fc.constant('any')],
      ),
      pick: fc.nat(),
      dated: fc.boolean(),
    }),
  ],
  [
    3,
    fc.record({
      t: fc.constant('reverseSale' as const),
      pool: weighted<'live' | 'any'>([3, fc.constant('live')], [2, fc.constant('any')]),
      pick: fc.nat(),
    }),
  ],
  [2, fc.record({ t: fc.constant('guarantee' as const), loan: fc.nat(), anyLoan: rare(30) })],
  [1, fc.record({ t: fc.constant('writeOff' as const), loan: fc.nat(), approve: rare(85) })],
  [1, fc.record({ t: fc.constant('undoWriteOff' as const), pick: fc.nat() })],
  [3, fc.record({ t: fc.constant('retry' as const), pick: fc.nat(), mutate: rare(30) })],
);
const scenarioArb = fc.array(opArb, { minLength: 1, maxLength: MAX_COMMANDS, size: 'max' });

// ---------------------------------------------------------------- the world: the database and what the test knows of it

type Actor = 'admin' | 'admin2';
type Expect = { type: 'ok' } | { type: 'refuse'; codes: string[] } | { type: 'replay'; id: number };
interface Call {
  /** For the outcome tally and the log. */
  tag: string;
  actor: Actor;
  run: (ctx: ServiceContext, input: never) => MutationOutcome<RecordRef>;
  input: { idempotencyKey: string } & Record<string, unknown>;
  /** Other input under the same key (a retry that must be refused). */
  variant: Record<string, unknown>;
}
interface PaymentRec {
  id: number;
  deliveryId: number;
  receivedOn: string;
  before: State;
  version: number;
}
interface RepaymentRec {
  eventId: number;
  loanId: number;
  entryId: number;
  before: State;
  after: State;
  /** The loan's live events just before it. */
  eventsBefore: string[];
  version: number;
}

class World {
  today = START;
  readonly disbursed: Map<number, bigint>;
  readonly green: Map<number, number>;
  readonly deliveries: { id: number; coops: number[] }[] = [];
  readonly payments: PaymentRec[] = [];
  readonly repayments = new Map<number, RepaymentRec>();
  readonly calls: (Call & { resultId: number })[] = [];
  /** Bumped by every command that wrote a journal entry. */
  version = 0;
  seq = 0;
  state: State;
  readonly log: string[] = [];
  readonly outcomes: string[] = [];

  constructor(
    readonly db: DB,
    /** Take back events even where KNOWN BUG 5 leaves later ones stale (`storedAheadOfWorkedOut`): off in the main property. */
    readonly reordered = true,
  ) {
    this.disbursed = new Map(fx.disbursed);
    this.green = new Map(fx.green);
    this.state = readState(db);
  }

  ctx(actor: Actor): ServiceContext {
    return { db: this.db, principal: actor === 'admin' ? fx.admin : fx.admin2, clock: fixedClock(noonOf(this.today)) };
  }
  key(what: string): string {
    return `prop-loans-${what}-${++this.seq}`;
  }
  row(loanId: number): Row {
    return this.db
      .select()
      .from(campaignLoans)
      .all()
      .find((r) => r.id === loanId)!;
  }
  model(loanId: number) {
    return loanModel(this.db, this.row(loanId));
  }
  tally(o: string): void {
    this.outcomes.push(o);
  }

  /**
   * Calls a service and checks the outcome against the prediction: a success writes (and bumps the version if it
   * posted), a refusal is a typed error with the predicted codes and changes nothing, a replay writes nothing.
   */
  exec(call: Call, expected: Expect): number | null {
    const before = this.state;
    let outcome: MutationOutcome<RecordRef>;
    const said = `${call.tag} by ${call.actor} ${show(call.input)}`;
    try {
      outcome = call.run(this.ctx(call.actor), call.input as never);
    } catch (e) {
      if (!isDomainError(e)) {
        this.log.push(`${said} → INTERNAL ERROR ${(e as Error).message}`);
        throw new Error(`${said}: not a typed refusal but ${(e as Error)?.stack ?? String(e)}`);
      }
      const codes = codesOf(e);
      this.log.push(`${said} → refused ${codes.join(',')}: ${e.message}`);
      this.tally(`${call.tag}:${codes.join(',')}`);
      if (expected.type !== 'refuse')
        throw new Error(`${said}: expected ${expected.type}, refused ${codes.join(',')}: ${e.message}`);
      expect(codes, `${said}: refusal codes (${e.message})`).toEqual([...expected.codes].sort());
      const after = readState(this.db);
      expect(after.counts, `${said}: a refusal writes no row`).toEqual(before.counts);
      expect(nonZero(diff(after.balances, before.balances)), `${said}: a refusal moves no balance`).toEqual({});
      return null;
    }
    const after = readState(this.db);
    this.state = after;
    this.log.push(`${said} → ${outcome.replayed ? 'replayed ' : ''}${outcome.result.type} ${outcome.result.id}`);
    if (expected.type === 'refuse')
      throw new Error(`${said}: expected refusal ${expected.codes.join(',')}, got ${show(outcome)}`);
    if (expected.type === 'replay') {
      this.tally(`${call.tag}:replayed`);
      expect(outcome, `${said}: a retry with the same key answers the first result`).toEqual({
        result: { type: outcome.result.type, id: expected.id },
        replayed: true,
      });
      expect(after.counts, `${said}: a replay writes nothing`).toEqual(before.counts);
      expect(nonZero(diff(after.balances, before.balances)), `${said}: a replay moves no balance`).toEqual({});
      return outcome.result.id;
    }
    expect(outcome.replayed, `${said}: a first request is not a replay`).toBe(false);
    this.tally(`${call.tag}:ok`);
    if (after.counts.journal_entries !== before.counts.journal_entries) this.version++;
    this.calls.push({ ...call, resultId: outcome.result.id });
    return outcome.result.id;
  }

  // ------------------------------------------------ commands

  advance(days: number): void {
    this.today = addDays(this.today, days);
    this.log.push(`advance ${days} days → ${this.today}`);
  }

  /** Request (admin) and approval (admin2; first by the same admin, refused, when `sameAdmin`). */
  disburse(loan: LoanFx, spec: AmountSpec, sameAdmin: boolean): void {
    const left = loan.principal - this.disbursed.get(loan.id)!;
    const amount =
      spec.k === 'full'
        ? left
        : spec.k === 'over'
          ? left + BigInt(spec.cents)
          : spec.k === 'tiny'
            ? BigInt(spec.cents)
            : (left * BigInt(spec.permille)) / 1000n;
    const amountOk = amount > 0n ? amount : 1n;
    const input = {
      idempotencyKey: this.key('disburse'),
      loanId: encodeId('CampaignLoan', loan.id),
      amount: money(amountOk),
      disbursedOn: this.today,
      reason: `transfer ${this.seq}`,
    };
    const expected: Expect =
      this.today >= loan.maturity
        ? { type: 'refuse', codes: ['AFTER_MATURITY'] }
        : amountOk > left
          ? { type: 'refuse', codes: ['ABOVE_PRINCIPAL'] }
          : { type: 'ok' };
    const requestId = this.exec(
      {
        tag: 'disburse-request',
        actor: 'admin',
        run: requestLoanDisbursement,
        input,
        variant: { ...input, reason: `${input.reason} (again)` },
      },
      expected,
    );
    if (requestId === null) return;
    const decide = (actor: Actor, exp: Expect) => {
      const d = { idempotencyKey: this.key('approve'), requestId: encodeId('LoanRequest', requestId), approve: true };
      return this.exec(
        {
          tag: 'disburse-approve',
          actor,
          run: decideLoanRequest,
          input: d,
          variant: { ...d, reason: 'double-checked' },
        },
        exp,
      );
    };
    if (sameAdmin) decide('admin', { type: 'refuse', codes: ['FORBIDDEN'] });
    decide('admin2', { type: 'ok' });
    this.disbursed.set(loan.id, this.disbursed.get(loan.id)! + amountOk);
  }

  repay(loan: LoanFx, spec: AmountSpec): void {
    const model = this.model(loan.id);
    const pos = loanPosition(model, this.today);
    const due = pos.totalDue;
    const raw =
      spec.k === 'full'
        ? due
        : spec.k === 'over'
          ? due + BigInt(spec.cents)
          : spec.k === 'tiny'
            ? BigInt(spec.cents)
            : (due * BigInt(spec.permille)) / 1000n;
    const amount = raw > 0n ? raw : 1n;
    const expected: Expect = !model.rows.some((e) => e.kind === 'disbursement')
      ? { type: 'refuse', codes: ['NOT_DISBURSED'] }
      : due === 0n
        ? { type: 'refuse', codes: ['LOAN_REPAID'] }
        : amount > due
          ? { type: 'refuse', codes: ['ABOVE_DUE'] }
          : { type: 'ok' };
    const input = {
      idempotencyKey: this.key('repay'),
      loanId: encodeId('CampaignLoan', loan.id),
      amount: money(amount),
      paidOn: this.today,
    };
    const before = this.state;
    const id = this.exec(
      {
        tag: 'repay',
        actor: 'admin',
        run: recordLoanRepayment,
        input,
        variant: { ...input, amount: money(amount + 1n) },
      },
      expected,
    );
    if (id === null) return;
    if (amount === due) this.tally('repay:paid-in-full');
    const entryId = (
      this.db.$client.prepare('select entry_id as e from loan_events where id = ?').get(id) as { e: number }
    ).e;
    this.repayments.set(id, {
      eventId: id,
      loanId: loan.id,
      entryId,
      before,
      after: this.state,
      eventsBefore: model.rows.map(eventKey),
      version: this.version,
    });
  }

  /** A delivery of some of the cooperatives' green (whole kg, within stock), or null when there is nothing to take. */
  deliver(takes: { coop: number; permille: number }[]): number | null {
    const inputs: { batchId: number; grams: number }[] = [];
    for (const t of takes) {
      const coopId = fx.coops[t.coop % fx.coops.length]!;
      const batchId = fx.batchOf.get(coopId)!;
      if (inputs.some((i) => i.batchId === batchId)) continue;
      const left = this.green.get(batchId)!;
      const grams = Math.min(left, Math.max(1, Math.floor((left * t.permille) / 1000 / 1000)) * 1000);
      if (grams < 1000) continue;
      inputs.push({ batchId, grams });
    }
    if (inputs.length === 0) return null;
    const input = {
      idempotencyKey: this.key('deliver'),
      contractId: encodeId('SalesContract', fx.contractId),
      plantId: encodeId('Plant', fx.plantId),
      deliveredAt: new Date(`${this.today}T15:00:00.000Z`),
      inputs: inputs.map((i) => ({ batchId: encodeId('StockBatch', i.batchId), kg: kg(i.grams) })),
      referencePricePerLb: null,
    };
    const id = this.exec(
      {
        tag: 'deliver',
        actor: 'admin',
        run: recordSaleDelivery,
        input,
        variant: { ...input, deliveredAt: new Date(`${this.today}T15:01:00.000Z`) },
      },
      { type: 'ok' },
    );
    if (id === null) return null;
    for (const i of inputs) this.green.set(i.batchId, this.green.get(i.batchId)! - i.grams);
    const coops = (
      this.db.$client
        .prepare('select distinct cooperative_id as c from sale_takes where delivery_id = ? order by 1')
        .all(id) as { c: number }[]
    ).map((r) => r.c);
    this.deliveries.push({ id, coops });
    if (coops.length > 1) this.tally('deliver:several-cooperatives');
    return id;
  }

  owed(deliveryId: number): bigint {
    const d = this.db.$client
      .prepare('select value_minor as v, premium_minor as p from sale_deliveries where id = ?')
      .get(deliveryId) as { v: string; p: string };
    const paid = (
      this.db.$client
        .prepare('select amount_minor as a from live_sale_payments where delivery_id = ?')
        .all(deliveryId) as { a: string }[]
    ).reduce((a, r) => a + BigInt(r.a), 0n);
    return BigInt(d.v) + BigInt(d.p) - paid;
  }

  pay(deliveryId: number, spec: AmountSpec, rateMicro: number): number | null {
    const owed = this.owed(deliveryId);
    const raw =
      spec.k === 'full'
        ? owed
        : spec.k === 'over'
          ? owed + BigInt(spec.cents)
          : spec.k === 'tiny'
            ? BigInt(spec.cents)
            : (owed * BigInt(spec.permille)) / 1000n;
    const amount = raw > 0n ? raw : 1n;
    const input = {
      idempotencyKey: this.key('pay'),
      deliveryId: encodeId('SaleDelivery', deliveryId),
      receivedOn: this.today,
      amount: money(amount),
      currency: 'USD',
      exchangeRate: { rate: rateText(rateMicro), source: `SBS compra ${this.today}` },
    };
    const before = this.state;
    const loansBefore = this.state.counts.loan_events;
    const id = this.exec(
      {
        tag: 'pay',
        actor: 'admin',
        run: recordSalePayment,
        input,
        variant: { ...input, exchangeRate: { rate: input.exchangeRate.rate, source: 'BCRP venta, second quote' } },
      },
      amount > owed ? { type: 'refuse', codes: ['ABOVE_OWED'] } : { type: 'ok' },
    );
    if (id === null) return null;
    if (this.state.counts.loan_events > loansBefore) this.tally('pay:repaid-loans');
    const sale = this.db.$client
      .prepare(
        'select l.currency as cur, e.paid_minor as paid, e.amount_minor as amount from loan_events e join campaign_loans l on l.id = e.loan_id where e.payment_id = ?',
      )
      .all(id) as { cur: string; paid: string; amount: string }[];
    if (sale.some((s) => s.cur === 'PEN')) this.tally('pay:repaid-PEN-loan-in-USD');
    if (sale.some((s) => s.cur === 'USD')) this.tally('pay:repaid-USD-loan');
    this.payments.push({ id, deliveryId, receivedOn: this.today, before, version: this.version });
    return id;
  }

  /** The rules of reverseLoanEvent, from the database. */
  predictReverseEvent(eventId: number): Expect {
    const all = allEvents(this.db);
    const ev = all.find((e) => e.id === eventId)!;
    if (ev.reversed) return { type: 'refuse', codes: ['ALREADY_REVERSED'] };
    if (ev.source === 'sale') return { type: 'refuse', codes: ['REVERSE_THE_PAYMENT'] };
    if (ev.kind !== 'repayment' && ev.kind !== 'write_off') return { type: 'refuse', codes: ['NOT_REVERSIBLE'] };
    if (!ev.live) return { type: 'refuse', codes: ['ALREADY_REVERSED'] };
    const later = all.filter(
      (e) =>
        e.loanId === ev.loanId &&
        e.live &&
        (e.occurredOn > ev.occurredOn || (e.occurredOn === ev.occurredOn && e.id > ev.id)),
    );
    if (later.some((e) => e.kind === 'guarantee_call' || e.kind === 'write_off'))
      return { type: 'refuse', codes: ['LOAN_CLOSED'] };
    return { type: 'ok' };
  }

  /**
   * KNOWN BUG 5: was this live event posted again by a correction (a non-live twin — same loan, day, kind, source,
   * payment and amount — has a smaller id, and was not taken back by an admin), with same-day events recorded after
   * the twin now stored before it? Those were worked out after it, and taking it back would leave them as they are.
   */
  storedAheadOfWorkedOut(ev: EventRec, all: EventRec[]): boolean {
    const twins = all.filter(
      (e) =>
        !e.live &&
        !e.reversed &&
        e.id < ev.id &&
        e.loanId === ev.loanId &&
        e.occurredOn === ev.occurredOn &&
        e.kind === ev.kind &&
        e.source === ev.source &&
        e.paymentId === ev.paymentId &&
        e.amount === ev.amount,
    );
    if (twins.length === 0) return false;
    const first = Math.min(...twins.map((e) => e.id));
    return all.some(
      (e) => e.live && e.loanId === ev.loanId && e.occurredOn === ev.occurredOn && e.id > first && e.id < ev.id,
    );
  }

  reverseEvent(eventId: number, dated: boolean, tag: string): void {
    const all = allEvents(this.db);
    const ev = all.find((e) => e.id === eventId)!;
    const expected = this.predictReverseEvent(eventId);
    if (expected.type === 'ok' && !this.reordered && this.storedAheadOfWorkedOut(ev, all)) {
      this.tally(`${tag}:skipped-known-bug-5`);
      return;
    }
    const laterLive = all.filter(
      (e) =>
        e.loanId === ev.loanId &&
        e.live &&
        e.id !== ev.id &&
        (e.occurredOn > ev.occurredOn || (e.occurredOn === ev.occurredOn && e.id > ev.id)),
    );
    const input = {
      idempotencyKey: this.key('reverse-event'),
      eventId: encodeId('LoanEvent', eventId),
      reason: 'the transfer bounced',
      reversedOn: dated ? this.today : null,
    };
    const before = this.state;
    const id = this.exec(
      {
        tag,
        actor: 'admin',
        run: reverseLoanEvent,
        input,
        variant: { ...input, reason: 'the transfer bounced (confirmed)' },
      },
      expected,
    );
    if (id === null) return;
    if (laterLive.some((e) => takesOff(e.kind))) this.tally(`${tag}:later-events-split-again`);
    // 5. Reversing the last manual repayment of a loan restores it exactly.
    const rec = this.repayments.get(eventId);
    if (rec && laterLive.length === 0) {
      const moved = diff(this.state.balances, before.balances);
      expect(
        nonZero(moved),
        `reversal of the last repayment ${eventId}: every balance moves by minus what the repayment moved`,
      ).toEqual(nonZero(negate(diff(rec.after.balances, rec.before.balances))));
      const now = this.model(rec.loanId).rows.map(eventKey);
      const others = new Set(now.map((k) => k.split('|')[0]));
      const sameHistory =
        rec.eventsBefore.length === now.length && rec.eventsBefore.every((k) => others.has(k.split('|')[0]));
      if (sameHistory) {
        this.tally(`${tag}:loan-restored`);
        expect(now, `reversal of the last repayment ${eventId}: the loan's live events are those before it`).toEqual(
          rec.eventsBefore,
        );
      }
      if (rec.version === this.version - 1) {
        this.tally(`${tag}:restored-exactly`);
        expect(
          nonZero(this.state.balances),
          `reversal of the last repayment ${eventId}: every balance as before the repayment`,
        ).toEqual(nonZero(rec.before.balances));
      }
    }
  }

  /**
   * The rules of reverseSalePayment, from the database: the payment's loan repayments are taken back (refused,
   * LOAN_CLOSED, when a guarantee call or write-off came after one of them), then the delivery's later payments
   * are settled again in id order, each after its own repayments are taken back (LOAN_CLOSED again), and refused
   * (LATER_LOAN_EVENTS) when a loan of the delivery's cooperatives has a live event dated after it.
   */
  predictReverseSale(paymentId: number): Expect {
    const c = this.db.$client;
    if (c.prepare('select 1 from sale_payment_reversals where payment_id = ?').get(paymentId))
      return { type: 'refuse', codes: ['ALREADY_REVERSED'] };
    const p = c.prepare('select delivery_id as d from sale_payments where id = ?').get(paymentId) as { d: number };
    const later = c
      .prepare('select id, received_on as on_ from live_sale_payments where delivery_id = ? and id > ? order by id')
      .all(p.d, paymentId) as { id: number; on_: string }[];
    const coops = new Set(
      (
        c.prepare('select distinct cooperative_id as c from sale_takes where delivery_id = ?').all(p.d) as {
          c: number;
        }[]
      ).map((r) => r.c),
    );
    const loans = new Set(fx.loans.filter((l) => coops.has(l.coopId)).map((l) => l.id));
    const live = allEvents(this.db).filter((e) => e.live);
    const after = (a: EventRec, b: EventRec) =>
      a.occurredOn > b.occurredOn || (a.occurredOn === b.occurredOn && a.id > b.id);
    const closes = (pid: number) =>
      live.some(
        (r) =>
          r.paymentId === pid &&
          live.some(
            (e) => e.loanId === r.loanId && (e.kind === 'guarantee_call' || e.kind === 'write_off') && after(e, r),
          ),
      );
    if (closes(paymentId)) return { type: 'refuse', codes: ['LOAN_CLOSED'] };
    const events = live.filter((e) => loans.has(e.loanId));
    const gone = new Set([paymentId]);
    for (const q of later) {
      if (closes(q.id)) return { type: 'refuse', codes: ['LOAN_CLOSED'] };
      gone.add(q.id);
      if (events.some((e) => e.occurredOn > q.on_ && !(e.paymentId !== null && gone.has(e.paymentId))))
        return { type: 'refuse', codes: ['LATER_LOAN_EVENTS'] };
    }
    return { type: 'ok' };
  }

  reverseSale(paymentId: number): void {
    const rec = this.payments.find((p) => p.id === paymentId)!;
    const expected = this.predictReverseSale(paymentId);
    if (expected.type === 'ok' && !this.reordered) {
      const all = allEvents(this.db);
      const s = new Set([
        paymentId,
        ...(
          this.db.$client
            .prepare('select id from live_sale_payments where delivery_id = ? and id > ?')
            .all(rec.deliveryId, paymentId) as { id: number }[]
        ).map((r) => r.id),
      ]);
      const inS = (e: EventRec) => e.paymentId !== null && s.has(e.paymentId);
      const after = (a: EventRec, b: EventRec) =>
        a.occurredOn > b.occurredOn || (a.occurredOn === b.occurredOn && a.id > b.id);
      // The same within this one command: the later payments' repayments may be posted again (taking the payment's
      // back), then taken back themselves to settle those payments again, past events stored before them.
      const resettledAmongOthers = fx.loans.some((l) => {
        const own = all.filter((e) => e.live && e.loanId === l.id);
        const ofS = own.filter(inS);
        return ofS.some((e) => e.paymentId !== paymentId) && own.some((e) => !inS(e) && ofS.some((x) => after(e, x)));
      });
      if (resettledAmongOthers || all.some((e) => e.live && inS(e) && this.storedAheadOfWorkedOut(e, all))) {
        this.tally('reverse-sale:skipped-known-bug-5');
        return;
      }
    }
    const liveOfDelivery = (
      this.db.$client
        .prepare('select id from live_sale_payments where delivery_id = ? order by id')
        .all(rec.deliveryId) as { id: number }[]
    ).map((r) => r.id);
    const input = {
      idempotencyKey: this.key('reverse-sale'),
      paymentId: encodeId('SalePayment', paymentId),
      reason: 'the bank returned the transfer',
      reversedOn: null,
    };
    const id = this.exec(
      {
        tag: 'reverse-sale',
        actor: 'admin',
        run: reverseSalePayment,
        input,
        variant: { ...input, reason: 'the bank returned the transfer (confirmed)' },
      },
      expected,
    );
    if (id === null) return;
    if (liveOfDelivery.some((x) => x > paymentId)) this.tally('reverse-sale:later-payments-settled-again');
    const stillLive = this.db.$client
      .prepare('select count(*) as n from live_loan_events where payment_id = ?')
      .get(paymentId) as { n: number };
    expect(stillLive.n, `payment ${paymentId} reversed: none of its loan repayments counts any more`).toBe(0);
    if (liveOfDelivery.at(-1) === paymentId && rec.version === this.version - 1) {
      this.tally('reverse-sale:restored-exactly');
      expect(
        nonZero(this.state.balances),
        `reversal of the last payment ${paymentId}: every balance as before it`,
      ).toEqual(nonZero(rec.before.balances));
    }
  }

  guarantee(loan: LoanFx): void {
    const row = this.row(loan.id);
    const model = loanModel(this.db, row);
    const arrears = loanArrears(model, this.today);
    const pos = loanPosition(model, this.today);
    const held = endorsementHeldOn(row, model, this.today);
    const expected: Expect = model.rows.some((e) => e.kind === 'guarantee_call')
      ? { type: 'refuse', codes: ['ALREADY_CALLED'] }
      : arrears.daysPastDue < fx.guaranteeDays
        ? { type: 'refuse', codes: ['NOT_LATE_ENOUGH'] }
        : minB(pos.totalDue, held) === 0n
          ? { type: 'refuse', codes: ['NOTHING_TO_CALL'] }
          : { type: 'ok' };
    const input = {
      idempotencyKey: this.key('guarantee'),
      loanId: encodeId('CampaignLoan', loan.id),
      calledOn: this.today,
    };
    this.exec(
      {
        tag: 'guarantee',
        actor: 'admin',
        run: callGuarantee,
        input,
        variant: { ...input, calledOn: addDays(this.today, -1) },
      },
      expected,
    );
  }

  writeOff(loan: LoanFx, approve: boolean): void {
    const pos = loanPosition(this.model(loan.id), this.today);
    const input = {
      idempotencyKey: this.key('write-off'),
      loanId: encodeId('CampaignLoan', loan.id),
      writtenOffOn: this.today,
      reason: 'the cooperative dissolved',
    };
    const expected: Expect = pos.totalDue === 0n ? { type: 'refuse', codes: ['NOTHING_DUE'] } : { type: 'ok' };
    const requestId = this.exec(
      {
        tag: 'write-off-request',
        actor: 'admin',
        run: requestLoanWriteOff,
        input,
        variant: { ...input, reason: 'the cooperative dissolved (confirmed)' },
      },
      expected,
    );
    if (requestId === null) return;
    const d = {
      idempotencyKey: this.key('decide-write-off'),
      requestId: encodeId('LoanRequest', requestId),
      approve,
      reason: approve ? null : 'the cooperative will pay',
    };
    this.exec(
      {
        tag: approve ? 'write-off-approve' : 'write-off-reject',
        actor: 'admin2',
        run: decideLoanRequest,
        input: d,
        variant: { ...d, approve: !approve, reason: 'changed my mind' },
      },
      { type: 'ok' },
    );
  }

  retry(pick: number, mutate: boolean): void {
    if (this.calls.length === 0) return;
    const c = this.calls[pick % this.calls.length]!;
    const input = mutate ? { ...c.input, ...c.variant } : c.input;
    this.exec(
      { ...c, tag: `retry-${c.tag}`, input },
      mutate ? { type: 'refuse', codes: ['IDEMPOTENCY_KEY_REUSED'] } : { type: 'replay', id: c.resultId },
    );
  }

  /** Interprets a generated op against the current state (null: nothing to do). */
  apply(op: Op): void {
    const loanOf = (n: number) => fx.loans[n % fx.loans.length]!;
    switch (op.t) {
      case 'advance':
        return this.advance(op.days);
      case 'disburse':
        return this.disburse(loanOf(op.loan), op.amount, op.sameAdmin);
      case 'repay': {
        // Mostly a loan with something disbursed (else NOT_DISBURSED, sometimes on purpose).
        const out = fx.loans.filter((l) => this.disbursed.get(l.id)! > 0n);
        return this.repay(op.anyLoan || out.length === 0 ? loanOf(op.loan) : out[op.loan % out.length]!, op.amount);
      }
      case 'sale': {
        const d = this.deliver(op.takes);
        if (d !== null) this.pay(d, op.amount, op.rateMicro);
        return;
      }
      case 'pay': {
        const open = this.deliveries.filter((d) => this.owed(d.id) > 0n);
        if (open.length === 0) return;
        this.pay(open[op.pick % open.length]!.id, op.amount, op.rateMicro);
        return;
      }
      case 'reverseRepayment': {
        const all = allEvents(this.db);
        let pool: EventRec[];
        if (op.pool === 'any') {
          // Any event: the latest of each kind first (a sale repayment, a disbursement or fee, a guarantee call, one that no longer counts), then all.
          const latest = [
            (e: EventRec) => e.source === 'sale',
            (e: EventRec) => e.kind === 'disbursement' || e.kind === 'fee',
            (e: EventRec) => e.kind === 'guarantee_call',
            (e: EventRec) => !e.live,
          ];
          pool = [...latest.map((f) => all.filter(f).at(-1)).filter((e): e is EventRec => e !== undefined), ...all];
        } else if (op.pool === 'live')
          pool = all.filter((e) => e.live && e.source === 'manual' && e.kind === 'repayment');
        else {
          pool = fx.loans
            .map((l) =>
              all
                .filter((e) => e.loanId === l.id && e.live)
                .sort((a, b) => (a.occurredOn === b.occurredOn ? a.id - b.id : a.occurredOn < b.occurredOn ? -1 : 1))
                .at(-1),
            )
            .filter((e): e is EventRec => e !== undefined && e.source === 'manual' && e.kind === 'repayment');
        }
        if (pool.length === 0) return;
        this.reverseEvent(
          pool[op.pick % pool.length]!.id,
          op.dated,
          op.pool === 'any' ? 'reverse-event' : 'reverse-repayment',
        );
        return;
      }
      case 'reverseSale': {
        const pool =
          op.pool === 'any'
            ? this.payments
            : this.payments.filter(
                (p) => !this.db.$client.prepare('select 1 from sale_payment_reversals where payment_id = ?').get(p.id),
              );
        if (pool.length === 0) return;
        this.reverseSale(pool[op.pick % pool.length]!.id);
        return;
      }
      case 'guarantee': {
        // Mostly a loan late enough for its endorsement to be called (else NOT_LATE_ENOUGH, sometimes on purpose).
        const late = fx.loans.filter((l) => loanArrears(this.model(l.id), this.today).daysPastDue >= fx.guaranteeDays);
        return this.guarantee(op.anyLoan || late.length === 0 ? loanOf(op.loan) : late[op.loan % late.length]!);
      }
      case 'writeOff':
        return this.writeOff(loanOf(op.loan), op.approve);
      case 'undoWriteOff': {
        const pool = allEvents(this.db).filter((e) => e.kind === 'write_off');
        if (pool.length === 0) return;
        this.reverseEvent(pool[op.pick % pool.length]!.id, false, 'undo-write-off');
        return;
      }
      case 'retry':
        return this.retry(op.pick, op.mutate);
    }
  }

  // ------------------------------------------------ invariants

  check(): void {
    const today = this.today;
    const s = this.state;
    // 3. The trial balance: every currency nets to exactly zero.
    for (const [cur, total] of s.perCurrency) expect(total, `trial balance in ${cur}`).toBe(0n);

    const receivable = new Map<string, bigint>();
    const payable = new Map<string, bigint>();
    const recovery = new Map<string, bigint>();
    const loansByPayment = new Map<string, bigint>();
    for (const row of loanRows(this.db)) {
      const fxl = fx.loans.find((l) => l.id === row.id)!;
      const where = `${row.code} as of ${today}`;
      const model = loanModel(this.db, row);
      let pos: ReturnType<typeof loanPosition>;
      try {
        pos = loanPosition(model, today);
      } catch (e) {
        throw new Error(
          `${where}: the live history is not one the domain accepts: ${(e as Error).message}\n${model.rows.map(eventKey).join('\n')}`,
        );
      }
      // 1. The position.
      expect(
        pos.outstandingPrincipal >= 0n && pos.interestDue >= 0n && pos.feesDue >= 0n,
        `${where}: nothing owed below zero ${show(pos)}`,
      ).toBe(true);
      expect(pos.principalRepaid <= pos.principalDisbursed, `${where}: principal repaid ≤ disbursed`).toBe(true);
      expect(pos.principalDisbursed, `${where}: the live disbursements are the approved ones`).toBe(
        this.disbursed.get(row.id),
      );
      expect(pos.feesCharged, `${where}: the opening fee, charged once with the first disbursement`).toBe(
        pos.principalDisbursed > 0n ? fxl.fee : 0n,
      );
      // 2. Each repayment-like event against what was due at its date, from the live events before it.
      let charged = 0n;
      let ledger = 0n;
      const days = new Map<string, { amount: bigint; parts: Components }>();
      model.rows.forEach((e, i) => {
        charged += BigInt(e.interestChargedMinor);
        const amount = BigInt(e.amountMinor);
        if (!takesOff(e.kind)) {
          ledger += amount + BigInt(e.interestChargedMinor);
          return;
        }
        ledger += BigInt(e.interestChargedMinor) - amount;
        const what = `${where}: live ${e.source} ${e.kind} ${e.id} of ${e.occurredOn}`;
        const prior: Loan = { ...model, events: model.events.slice(0, i) };
        const p = loanPosition(prior, e.occurredOn);
        const due: Components = { fees: p.feesDue, interest: p.interestDue, principal: p.outstandingPrincipal };
        const parts: Components = {
          fees: BigInt(e.feesMinor),
          interest: BigInt(e.interestMinor),
          principal: BigInt(e.principalMinor),
        };
        expect(
          parts.fees <= due.fees && parts.interest <= due.interest && parts.principal <= due.principal,
          `${what} paid more than was due ${show({ parts, due })}`,
        ).toBe(true);
        expect(parts.fees + parts.interest + parts.principal, `${what}: its amount is its parts`).toBe(amount);
        const day = days.get(e.occurredOn) ?? { amount: 0n, parts: { fees: 0n, interest: 0n, principal: 0n } };
        days.set(e.occurredOn, day);
        day.amount += amount;
        for (const c of REPAYMENT_ORDER) day.parts[c] += parts[c];
        if (e.source === 'sale') {
          const paid = BigInt(e.paidMinor!);
          addTo(loansByPayment, `${e.paymentId}|${row.cooperativeId}`, paid);
          if (e.paidCurrency === row.currency) expect(paid, `${what}: paid in the loan's currency`).toBe(amount);
          else {
            const rate = this.db.$client
              .prepare('select base, quote, rate from exchange_rates where id = ?')
              .get(e.exchangeRateId) as { base: string; quote: string; rate: string };
            const [n, d] = scaled(rate.rate);
            // From the payment currency (base) to the loan's (quote): × rate. Both currencies have 2 decimals.
            expect([rate.base, rate.quote], `${what}: the rate converts ${e.paidCurrency} to ${row.currency}`).toEqual([
              e.paidCurrency,
              row.currency,
            ]);
            const dueInPayment = ceilDiv(p.totalDue * d, n);
            expect(
              paid <= dueInPayment,
              `${what}: paid ${paid} ${e.paidCurrency}, more than the ${dueInPayment} due rounded up`,
            ).toBe(true);
            expect(
              amount <= halfEven(paid * n, d),
              `${what}: credited ${amount} ${row.currency}, more than the ${paid} ${e.paidCurrency} paid is worth`,
            ).toBe(true);
          }
        }
      });
      // 2. The split: what a day's repayments took (a write-off: everything left) is the waterfall's — fees, then interest,
      // then principal — against what was due that day. Per day, not per event: the waterfall is additive, so the
      // day's total split does not depend on the order its repayments are listed in (a repayment posted again after a
      // correction gets a new id, and so a new place among its day's events; see the report on same-day order).
      for (const [day, g] of days) {
        const prior: Loan = {
          ...model,
          events: model.events.filter((x) => x.date < day || (x.date === day && x.kind !== 'repayment')),
        };
        const p = loanPosition(prior, day);
        const due: Components = { fees: p.feesDue, interest: p.interestDue, principal: p.outstandingPrincipal };
        expect(
          g.parts,
          `${where}: the repayments of ${day} split fees, interest, principal against what was due`,
        ).toEqual(inOrder(g.amount, due));
      }
      // 4. The ledger: interest charged is the domain's accrual to the last posting; receivable and payable mirror the events.
      const last = model.rows.at(-1);
      if (last)
        expect(charged, `${where}: interest charged = interest accrued to the last posting (${last.occurredOn})`).toBe(
          loanPosition(model, last.occurredOn).interestAccrued,
        );
      addTo(receivable, receivableOf(row.lenderId, row.currency), ledger);
      addTo(payable, payableOf(row.cooperativeId, row.currency), -ledger);
      for (const e of model.rows)
        if (e.kind === 'guarantee_call')
          addTo(recovery, recoveryOf(row.cooperativeId, row.currency), BigInt(e.amountMinor));
    }
    const ledgerOf = (prefix: RegExp) => new Map([...s.balances].filter(([k]) => prefix.test(k)));
    expect(
      nonZero(ledgerOf(/^lender:\d+:loan_receivable:/)),
      'every lender\u2019s loan_receivable is its loans\u2019 live events',
    ).toEqual(nonZero(receivable));
    expect(
      nonZero(ledgerOf(/^cooperative:\d+:loan_payable:/)),
      'every cooperative\u2019s loan_payable mirrors its loans\u2019 live events',
    ).toEqual(nonZero(payable));
    expect(
      nonZero(ledgerOf(/^cooperative:\d+:guarantee_recovery:/)),
      'guarantee_recovery is the live guarantee calls',
    ).toEqual(nonZero(recovery));
    // Every live payment's loan lines are the loan events it posted.
    const lines = new Map<string, bigint>();
    for (const r of this.db.$client
      .prepare(
        `select sl.payment_id as p, sl.cooperative_id as c, sl.amount_minor as a from live_settlement_lines sl join live_sale_payments lp on lp.id = sl.payment_id
         where sl.kind = 'loan_repayment'`,
      )
      .all() as { p: number; c: number; a: string }[]) {
      addTo(lines, `${r.p}|${r.c}`, BigInt(r.a));
    }
    expect(nonZero(lines), 'live settlement loan lines = the live loan events of each payment').toEqual(
      nonZero(loansByPayment),
    );
  }

  /** GraphQL says what the domain says. */
  async checkGraphql(): Promise<void> {
    const res = await graphql({
      schema,
      source: `query($asOf: Date) { campaignLoans(first: 50) { nodes { code position(asOf: $asOf) {
        outstandingPrincipal { minorUnits } interestDue { minorUnits } feesDue { minorUnits } totalDue { minorUnits } principalRepaid { minorUnits } } } } }`,
      variableValues: { asOf: this.today },
      contextValue: {
        db: this.db,
        principal: fx.admin,
        clock: fixedClock(noonOf(this.today)),
        requestId: 'loans-property',
        events: createEvents(),
      },
    });
    expect(res.errors, show(res.errors)).toBeUndefined();
    const nodes = (
      res.data as { campaignLoans: { nodes: { code: string; position: Record<string, { minorUnits: string }> }[] } }
    ).campaignLoans.nodes;
    for (const row of loanRows(this.db)) {
      const p = loanPosition(loanModel(this.db, row), this.today);
      const n = nodes.find((x) => x.code === row.code)!;
      expect(
        Object.fromEntries(Object.entries(n.position).map(([k, v]) => [k, BigInt(v.minorUnits)])),
        `${row.code}: GraphQL position`,
      ).toEqual({
        outstandingPrincipal: p.outstandingPrincipal,
        interestDue: p.interestDue,
        feesDue: p.feesDue,
        totalDue: p.totalDue,
        principalRepaid: p.principalRepaid,
      });
    }
  }
}

/** Runs one scenario on a fresh copy of the template, checking after every command. */
function runScenario(ops: readonly Op[], options: { check?: boolean } = {}): Promise<World> {
  const check = options.check ?? true;
  return withFreshDbAsync(async (db) => {
    const w = new World(db);
    try {
      if (check) w.check();
      for (const op of ops) {
        w.apply(op);
        if (check) w.check();
      }
      if (check) await w.checkGraphql();
    } catch (e) {
      // fast-check prints the ops; the log shows how they resolved and what the services answered.
      if (e instanceof Error) e.message += `\n--- commands so far:\n${w.log.join('\n')}`;
      throw e;
    }
    return w;
  });
}

// ---------------------------------------------------------------- back to back

interface BackToBack {
  coop: number;
  disburse: { loan: number; permille: number }[];
  days: number;
  sameDelivery: boolean;
  kgs: [number, number];
  amounts: [number, number];
  rates: [number, number];
  gap: number;
}
const backToBackArb: fc.Arbitrary<BackToBack> = fc.record({
  coop: fc.integer({ min: 0, max: 1 }),
  disburse: fc.array(fc.record({ loan: fc.nat(), permille: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 3 }),
  days: fc.integer({ min: 0, max: 90 }),
  sameDelivery: fc.boolean(),
  kgs: fc.tuple(fc.integer({ min: 20, max: 500 }), fc.integer({ min: 20, max: 500 })),
  amounts: fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 })),
  rates: fc.tuple(rateArb, rateArb),
  gap: weighted([3, fc.constant(0)], [1, fc.integer({ min: 1, max: 20 })]),
});

function runBackToBack(b: BackToBack): void {
  withFreshDb((db) => {
    const w = new World(db);
    try {
      const coopId = fx.coops[b.coop]!;
      const own = fx.loans.filter((l) => l.coopId === coopId);
      for (const d of b.disburse) w.disburse(own[d.loan % own.length]!, { k: 'part', permille: d.permille }, false);
      w.advance(b.days);
      const batchId = fx.batchOf.get(coopId)!;
      const permille = (kgs: number) => Math.max(1, Math.floor((kgs * 1_000_000) / w.green.get(batchId)!));
      const d1 = w.deliver([{ coop: b.coop, permille: permille(b.kgs[0]) }])!;
      const d2 = b.sameDelivery ? d1 : w.deliver([{ coop: b.coop, permille: permille(b.kgs[1]) }])!;
      const positions = () => new Map(own.map((l) => [l.id, loanPosition(w.model(l.id), w.today)]));
      const saleEvents = (paymentId: number) =>
        new Map(own.map((l) => [l.id, w.model(l.id).rows.find((e) => e.paymentId === paymentId)]));
      const pos0 = positions();
      const p1 = w.pay(d1, { k: 'part', permille: Math.min(b.amounts[0], 999) }, b.rates[0]);
      w.check();
      if (b.gap > 0) w.advance(b.gap);
      const pos1 = positions();
      const p2 = w.pay(d2, b.amounts[1] === 1000 ? { k: 'full' } : { k: 'part', permille: b.amounts[1] }, b.rates[1]);
      w.check();
      if (p1 === null || p2 === null) return;
      const e1 = saleEvents(p1);
      const e2 = saleEvents(p2);
      for (const l of own) {
        const what = `${l.code}: payments ${p1} and ${p2} back to back`;
        const a = e1.get(l.id);
        const c = e2.get(l.id);
        const before = pos0.get(l.id)!;
        const mid = pos1.get(l.id)!;
        const credited = (e: LoanRow | undefined) => (e ? BigInt(e.amountMinor) : 0n);
        // The first was allocated on what was due; the second on what the first left.
        if (a) expect(credited(a) <= before.totalDue, `${what}: the first paid at most what was due`).toBe(true);
        expect(mid.totalDue, `${what}: what the second saw`).toBe(
          b.gap === 0 ? before.totalDue - credited(a) : mid.totalDue,
        );
        if (c) {
          w.tally('back-to-back:second-repaid');
          const due: Components = { fees: mid.feesDue, interest: mid.interestDue, principal: mid.outstandingPrincipal };
          expect(
            { fees: BigInt(c.feesMinor), interest: BigInt(c.interestMinor), principal: BigInt(c.principalMinor) },
            `${what}: the second is split on what the first left`,
          ).toEqual(inOrder(credited(c), due));
          expect(credited(c) <= mid.totalDue, `${what}: the second paid at most what the first left`).toBe(true);
        }
        if (b.gap === 0) {
          expect(credited(a) + credited(c) <= before.totalDue, `${what}: together never more than was owed`).toBe(true);
          if (a && c) w.tally('back-to-back:both-repaid-same-day');
        }
        const after = loanPosition(w.model(l.id), w.today);
        expect(after.totalDue >= 0n && after.outstandingPrincipal >= 0n, `${what}: nothing below zero`).toBe(true);
      }
    } catch (e) {
      if (e instanceof Error) e.message += `\n--- commands so far:\n${w.log.join('\n')}`;
      throw e;
    }
  });
}

// ---------------------------------------------------------------- tests

describe('campaign loans on the ledger', () => {
  it('the template: five loans in PEN and USD, three partly disbursed, and green to sell; the books exact', async () => {
    await withFreshDbAsync(async (db) => {
      const w = new World(db);
      w.check();
      await w.checkGraphql();
      // The paths the random runs reach only now and then: four eyes, a rejected write-off, a repayment above what is due.
      const loan = fx.loans.find((l) => l.code === 'PROP-A-USD')!;
      w.disburse(loan, { k: 'part', permille: 400 }, true);
      w.check();
      const other = fx.loans.find((l) => l.code === 'PROP-C-PEN')!;
      w.repay(other, { k: 'over', cents: 1 });
      w.writeOff(other, false);
      w.repay(other, { k: 'full' });
      w.repay(other, { k: 'tiny', cents: 1 });
      w.check();
      // A sale repaying Pangoa's two loans; its repayment is corrected only by reversing the payment, once.
      const d = w.deliver([{ coop: 0, permille: 300 }])!;
      const p = w.pay(d, { k: 'full' }, 3_412_345)!;
      w.check();
      const sale = allEvents(db).filter((e) => e.paymentId === p);
      expect(
        new Set(sale.map((e) => fx.loans.find((l) => l.id === e.loanId)!.currency)),
        'the sale repaid the PEN and the USD loan',
      ).toEqual(new Set(['PEN', 'USD']));
      w.reverseEvent(sale[0]!.id, false, 'reverse-event');
      w.reverseEvent(allEvents(db).find((e) => e.kind === 'disbursement')!.id, true, 'reverse-event');
      w.reverseSale(p);
      w.check();
      w.reverseSale(p);
      for (const k of [
        'disburse-approve:FORBIDDEN',
        'disburse-approve:ok',
        'repay:ABOVE_DUE',
        'write-off-reject:ok',
        'repay:paid-in-full',
        'repay:LOAN_REPAID',
        'reverse-event:REVERSE_THE_PAYMENT',
        'reverse-event:NOT_REVERSIBLE',
        'reverse-sale:ok',
        'reverse-sale:restored-exactly',
        'reverse-sale:ALREADY_REVERSED',
      ]) {
        expect(w.outcomes, w.log.join('\n')).toContain(k);
      }
      await w.checkGraphql();
      expect(fx.loans.map((l) => l.currency).sort()).toEqual(['PEN', 'PEN', 'PEN', 'USD', 'USD']);
      expect([...fx.green.values()].every((g) => g > 500_000)).toBe(true);
      expect(fx.guaranteeDays).toBeGreaterThan(0);
    });
  });

  it(
    `keeps every loan valid and the books equal to the loans after every command of ${NUM_RUNS} random sequences of up to ${MAX_COMMANDS} commands`,
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (ops) => {
          await runScenario(ops);
        }),
        { numRuns: NUM_RUNS, ...SEED },
      );
    },
    Math.max(120_000, NUM_RUNS * 3_000),
  );

  it('the generator reaches every outcome, success and refusal alike (no vacuous pass)', async () => {
    const tally = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (ops) => {
        for (const o of (await runScenario(ops, { check: false })).outcomes) tally.set(o, (tally.get(o) ?? 0) + 1);
      }),
      { numRuns: 30, seed: 20200210 },
    );
    const seen = (k: string) => tally.get(k) ?? 0;
    const all = JSON.stringify([...tally].sort());
    for (const k of [
      'disburse-request:ok',
      'disburse-approve:ok',
      'disburse-request:ABOVE_PRINCIPAL',
      'disburse-request:AFTER_MATURITY',
      'repay:ok',
      'repay:paid-in-full',
      'repay:ABOVE_DUE',
      'repay:LOAN_REPAID',
      'repay:NOT_DISBURSED',
      'deliver:ok',
      'deliver:several-cooperatives',
      'pay:ok',
      'pay:ABOVE_OWED',
      'pay:repaid-PEN-loan-in-USD',
      'pay:repaid-USD-loan',
      'reverse-sale:ok',
      'reverse-sale:restored-exactly',
      'reverse-repayment:ok',
      'reverse-repayment:loan-restored',
      'reverse-repayment:restored-exactly',
      'reverse-event:NOT_REVERSIBLE',
      'guarantee:ok',
      'guarantee:NOT_LATE_ENOUGH',
      'write-off-request:ok',
      'write-off-approve:ok',
      'write-off-request:NOTHING_DUE',
    ]) {
      expect(seen(k), `${k} never reached: ${all}`).toBeGreaterThan(0);
    }
    expect([...tally.keys()].filter((k) => k.endsWith(':replayed')).length, all).toBeGreaterThanOrEqual(3);
    expect([...tally.keys()].filter((k) => k.endsWith(':IDEMPOTENCY_KEY_REUSED')).length, all).toBeGreaterThanOrEqual(
      1,
    );
    expect(seen('pay:repaid-loans'), all).toBeGreaterThanOrEqual(20);
  }, 120_000);

  // Regression properties, one per bug this file found (each was fixed in server/services/loans.ts while the file
  // was being written; the shrunk counterexamples are kept here). Each runs a short, targeted sequence and checks
  // every invariant after every command.

  /**
   * Was KNOWN BUG 1 (seed 577016519): [{ repay PROP-A-PEN 1.02 PEN on 2020-02-10 }, { reverseLoanEvent of it }]
   * failed with an internal error, not a typed refusal: reverseLoanEvent ran `select occurred_on as on from
   * journal_entries …`, and ON is an SQL keyword (SQLite: `near "on": syntax error`). No manual repayment could be
   * taken back and no write-off undone. The property: the reversal succeeds and invariant 5 holds.
   */
  it('taking back the last manual repayment of a loan restores the loan and every balance exactly', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        (pick, permille, days, dated) => {
          withFreshDb((db) => {
            const w = new World(db);
            try {
              const out = fx.loans.filter((l) => w.disbursed.get(l.id)! > 0n);
              w.advance(days);
              w.repay(out[pick % out.length]!, permille === 1000 ? { k: 'full' } : { k: 'part', permille });
              w.check();
              w.reverseEvent([...w.repayments.keys()].at(-1)!, dated, 'reverse-repayment');
              w.check();
              expect(w.outcomes, 'the loan and every balance restored').toContain('reverse-repayment:restored-exactly');
            } catch (e) {
              if (e instanceof Error) e.message += `\n--- commands so far:\n${w.log.join('\n')}`;
              throw e;
            }
          });
        },
      ),
      { numRuns: 8, ...SEED },
    );
  });

  /**
   * Was KNOWN BUG 3 (seed -875226960, found with bug 1's alias quoted in a scratch copy): PROP-C-PEN (1,000.00
   * disbursed): repay 0.01 on 2020-02-10, disburse 1,500.00 the same day, take the 0.01 back. The re-split of later
   * events treated every later event as a repayment: the disbursement was reversed and posted again as a REPAYMENT
   * of 1,500.00 split interest 26.00 + principal 1,000.00 — the loan "repaid in full", Σ live disbursements
   * 1,000.00 instead of 2,500.00, parts 1,026.00 ≠ amount 1,500.00, the lender's loan_receivable −474.00 PEN.
   */
  it('taking back a manual repayment keeps a later disbursement a disbursement', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 0, max: 20 }),
        (pick, repay, more, days) => {
          withFreshDb((db) => {
            const w = new World(db);
            try {
              const open = fx.loans.filter(
                (l) => l.maturity > addDays(START, 30) && w.disbursed.get(l.id)! < l.principal,
              );
              const loan = open[pick % open.length]!;
              if (w.disbursed.get(loan.id) === 0n) w.disburse(loan, { k: 'part', permille: 500 }, false);
              w.advance(days);
              w.repay(loan, { k: 'part', permille: repay });
              const id = [...w.repayments.keys()].at(-1)!;
              w.disburse(loan, { k: 'part', permille: more }, false);
              w.check();
              w.reverseEvent(id, false, 'reverse-repayment');
              w.check();
              expect(w.outcomes).toContain('reverse-repayment:ok');
            } catch (e) {
              if (e instanceof Error) e.message += `\n--- commands so far:\n${w.log.join('\n')}`;
              throw e;
            }
          });
        },
      ),
      { numRuns: 8, ...SEED },
    );
  });

  /**
   * Was KNOWN BUG 4 (seed -275548164, found with bug 1's alias quoted in a scratch copy): on PROP-A-PEN on
   * 2020-02-10, a manual repayment of 0.01, two sale payments (the second repaying 0.10 of fees), a manual
   * repayment of 62.67; the 0.01 taken back. Later events were split again one by one against "the live events
   * before it" by (date, id) — but one just posted again has a new, larger id, so the next same-day event did not
   * see it: the 0.10 was posted again as fees and the 62.67 split fees 60.00 + interest 2.67, 60.10 of fees paid on
   * 60.00 charged. The domain then refused the loan's history (`loanPosition` throws), so its position, the
   * portfolio and its next settlement failed. The property: three manual repayments on one day, the first taken back.
   */
  it('taking back a repayment splits later same-day repayments again on what the earlier ones paid', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 })),
        fc.integer({ min: 0, max: 20 }),
        (pick, [a, b, c], days) => {
          withFreshDb((db) => {
            const w = new World(db);
            try {
              const out = fx.loans.filter((l) => w.disbursed.get(l.id)! > 0n);
              const loan = out[pick % out.length]!;
              w.advance(days);
              for (const permille of [a, b, c]) w.repay(loan, { k: 'part', permille });
              w.check();
              w.reverseEvent([...w.repayments.keys()][0]!, false, 'reverse-repayment');
              w.check();
            } catch (e) {
              if (e instanceof Error) e.message += `\n--- commands so far:\n${w.log.join('\n')}`;
              throw e;
            }
          });
        },
      ),
      { numRuns: 10, ...SEED },
    );
  });

  /**
   * KNOWN BUG 5 (found by the main property, LOANS_RUNS=400 LOANS_COMMANDS=30; shrunk counterexample, seed
   * -628895608), all on PROP-A-PEN (3,000.00 PEN disbursed 2019-12-05, 60.00 fee) on 2020-02-10:
   *   manual repayment R1 0.01 (event 5, charges the 74.06 PEN of interest since 2019-12-05), manual R2 3.13 (event
   *   6, charges 0), a delivery and two part payments (the second repays 0.10 PEN: event 7, charges 0);
   *   take back R1: R2 now carries the 74.06 and is posted again as event 8 — AFTER event 7 in (date, id) order,
   *   though event 7 was worked out after it and charged 0 because of it;
   *   take back event 8, now the loan's last event by (date, id): no later event, nothing worked out again.
   * The live events then charge 0 of interest though 74.06 accrued to the last posting: the lender's
   * loan_receivable and the cooperative's loan_payable under-state the debt by 74.06 PEN (invariant 4), and had
   * event 8 paid fees that event 7 then did not, event 7's split would be left out of the waterfall's order
   * (invariant 2). Cause: `rederiveLater` works a day's events out in the order they were recorded, but an event
   * posted again gets a new, larger id, so the stored order (date, then id — what `liveEventsOf`, `reverseLoanEvent`
   * and `reverseSaleRepayments` use to find "later" events) is no longer the order the splits and charges were
   * worked out in. The property: three manual repayments on one day; the first taken back, then the loan's last.
   */
  it('was KNOWN BUG 5: taking back, one after the other, same-day repayments keeps the interest charged equal to the interest accrued', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 })),
        (pick, [a, b, c]) => {
          withFreshDb((db) => {
            const w = new World(db);
            try {
              const out = fx.loans.filter((l) => w.disbursed.get(l.id)! > 0n);
              const loan = out[pick % out.length]!;
              for (const permille of [a, b, c]) w.repay(loan, { k: 'part', permille });
              w.reverseEvent([...w.repayments.keys()][0]!, false, 'reverse-repayment');
              w.check();
              const last = allEvents(db)
                .filter((e) => e.loanId === loan.id && e.live)
                .sort((x, y) => (x.occurredOn === y.occurredOn ? x.id - y.id : x.occurredOn < y.occurredOn ? -1 : 1))
                .at(-1)!;
              w.reverseEvent(last.id, false, 'reverse-repayment');
              w.check();
            } catch (e) {
              if (e instanceof Error) e.message += `\n--- commands so far:\n${w.log.join('\n')}`;
              throw e;
            }
          });
        },
      ),
      // Expected to fail (open bug): stop at the first failure, no shrinking (the counterexample is above).
      { numRuns: 10, examples: [[0, [1, 43, 1]]], endOnFailure: true, ...SEED },
    );
  });

  /**
   * KNOWN BUG 5, within one reverseSalePayment (found by the main property, LOANS_RUNS=1000 LOANS_COMMANDS=30
   * LOANS_SEED=424242), on PROP-C-PEN (1,000.00 PEN, TEA 20.25 %) on 2020-02-10: a delivery of Oxapampa's and
   * Pangoa's green paid in two parts, P6 (1.82 USD at 3.20: repays 0.10 of interest, event 5, charging the 26.99
   * accrued) and P7 (1.78 USD at 16.062501: 26.89 interest + 0.10 principal, event 7); a second delivery paid in
   * full, P8 (63.93 USD at 3.20: 186.56 of principal, event 9); then P6 reversed. Taking P6's repayment back works
   * events 7 and 9 out again: 7 now pays the 26.99 of interest and charges it, posted again as event 10, after 9;
   * 9 is left alone (principal, worked out after 10). Settling P7 again then takes event 10 back — and finds no
   * event after it by (date, id), so 9 is not worked out again. Left: 186.56 of principal paid while 26.99 of
   * interest is due (invariant 2), and no interest charged for the 26.99 accrued (invariant 4).
   */
  it('was KNOWN BUG 5 (sale payments): reversing a payment whose delivery was paid again later keeps the loans\u2019 later events worked out', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 40 }),
        fc.integer({ min: 10, max: 60 }),
        rateArb,
        (kgs, permille, rateMicro) => {
          withFreshDb((db) => {
            const w = new World(db);
            try {
              const batch = w.green.get(fx.batchOf.get(fx.coops[2]!)!)!;
              const take = (n: number) => [{ coop: 2, permille: Math.floor((n * 1_000_000) / batch) }];
              const d1 = w.deliver(take(kgs))!;
              const p1 = w.pay(d1, { k: 'part', permille }, 3_200_000)!;
              w.pay(d1, { k: 'part', permille }, rateMicro);
              w.pay(w.deliver(take(kgs))!, { k: 'full' }, 3_200_000);
              w.check();
              w.reverseSale(p1);
              w.check();
            } catch (e) {
              if (e instanceof Error) e.message += `\n--- commands so far:\n${w.log.join('\n')}`;
              throw e;
            }
          });
        },
      ),
      { numRuns: 20, examples: [[15, 26, 24_093_751]], endOnFailure: true, ...SEED },
    );
  });

  /**
   * Was KNOWN BUG 2 (seed -952309183): on 2020-02-10, two deliveries of Pangoa's green (24 kg and 1 kg), each paid
   * in part (1.99 USD at 3.20, then 0.09 USD at 0.500001), both repaying PROP-A-PEN; then the first payment
   * reversed. reverseSalePayment took the payment's loan repayments back but left every other later event of those
   * loans as it was: the reversed repayment had charged the 74.06 PEN of interest accrued since 2019-12-05, the
   * second charged 0, so afterwards the live events charged 0 though 74.06 had accrued to the last posting —
   * loan_receivable and loan_payable under-stated the debt by 74.06 PEN (invariant 4); and a later repayment that
   * had paid principal now had done so while interest was due (invariant 2). The property: a sale, a later manual
   * repayment or sale on the same loan, then the first sale reversed.
   */
  it('reversing a sale payment works the later events of its loans out again', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 40, max: 300 }),
        fc.constantFrom<'manual' | 'sale'>('manual', 'sale'),
        fc.integer({ min: 0, max: 10 }),
        rateArb,
        (coop, kgs, later, days, rateMicro) => {
          withFreshDb((db) => {
            const w = new World(db);
            try {
              const batch = w.green.get(fx.batchOf.get(fx.coops[coop]!)!)!;
              const d = w.deliver([{ coop, permille: Math.floor((kgs * 1_000_000) / batch) }])!;
              const p = w.pay(d, { k: 'full' }, rateMicro)!;
              w.advance(days);
              const loan = fx.loans.find(
                (l) => l.coopId === fx.coops[coop] && w.model(l.id).rows.some((e) => e.paymentId === p),
              );
              if (!loan) return; // nothing repaid: nothing to work out again
              if (later === 'manual') w.repay(loan, { k: 'part', permille: 500 });
              else {
                const d2 = w.deliver([{ coop, permille: Math.floor((kgs * 1_000_000) / batch) }])!;
                w.pay(d2, { k: 'full' }, 3_500_000);
              }
              w.check();
              w.reverseSale(p);
              w.check();
              expect(w.outcomes).toContain('reverse-sale:ok');
            } catch (e) {
              if (e instanceof Error) e.message += `\n--- commands so far:\n${w.log.join('\n')}`;
              throw e;
            }
          });
        },
      ),
      { numRuns: 10, ...SEED },
    );
  });

  it(
    'two settlements back to back for one cooperative: the second sees the first, no loan is paid more than it owed',
    () => {
      fc.assert(
        fc.property(backToBackArb, (b) => {
          runBackToBack(b);
        }),
        { numRuns: BACK_TO_BACK_RUNS, ...SEED },
      );
    },
    Math.max(120_000, BACK_TO_BACK_RUNS * 3_000),
  );
});
