/**
 * Campaign loans and the investor's credit line, on the ledger. The rules
 * (interest, the waterfall, aging, endorsement release) are pure functions in
 * server/domain/loans.ts and interest.ts; this file loads a loan's history,
 * asks them, and posts what they answer, each mutation in one transaction.
 *
 * A loan is its terms (`campaign_loans`) and its events (`loan_events`), each
 * posted by one ledger entry. An event counts while its entry stands: a
 * correction reverses the entry, never edits the row. See docs/loans.md.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import {
  campaignLoans,
  cooperatives,
  creditLineEvents,
  creditLines,
  endorsementLimits,
  exchangeRates,
  harvestCampaigns,
  lenderEquity,
  lenders,
  loanEventReversals,
  loanEvents,
  loanInstalments,
  loanRequestDecisions,
  loanRequests,
} from '../../db/schema.js';
import { ConflictError, ForbiddenError, InvalidInputError, IssueList, NotFoundError } from '../domain/errors.js';
import { amount, date, requireAdmin, text } from '../domain/input.js';
import { type InterestConvention, INTEREST_CONVENTIONS, interestRateError } from '../domain/interest.js';
import type { LineSpec } from '../domain/ledger.js';
import {
  type Components,
  type ExchangeRate,
  type Loan,
  type LoanEvent,
  type LoanRepayment,
  allocateRepayment,
  dueOf,
  endorsementHeldAsOf,
  loanArrears,
  loanPosition,
  payInOrder,
} from '../domain/loans.js';
import { type Currency, formatAmount, isCurrency, minorFromText } from '../domain/money.js';
import { isCalendarDate, localDateOf } from '../domain/time.js';
import { decodeId } from '../lib/global-id.js';
import type { ServiceContext } from './context.js';
import { type Poster, postEntry, reverseEntry } from './ledger.js';
import { settings } from '../queries/consortium.js';
import { checkCode, checkName } from '../domain/identity.js';
import { mustBeDistinct } from './master-data.js';
import { type MutationOutcome, runMutation } from './mutation.js';

type LoanRow = typeof campaignLoans.$inferSelect;
type EventRow = typeof loanEvents.$inferSelect;

function mustBeAdmin(ctx: ServiceContext, what: string): void {
  requireAdmin(ctx.principal, what);
}

function today(ctx: ServiceContext, tx: Queryable): string {
  return localDateOf(ctx.clock.now(), settings(tx).timeZone);
}

const amountIn = amount;
const dateIn = date;

// ---------------------------------------------------------------------------------------------- reading a loan

/** A loan's live events, in the order they happened (date, then id). */
export function liveEventsOf(db: Queryable, loanId: number): EventRow[] {
  return db.all<EventRow>(sql`
    select e.id, e.loan_id as loanId, e.kind, e.occurred_on as occurredOn, e.ordinal, e.amount_minor as amountMinor, e.fees_minor as feesMinor,
      e.interest_minor as interestMinor, e.principal_minor as principalMinor, e.interest_charged_minor as interestChargedMinor,
      e.source, e.payment_id as paymentId, e.request_id as requestId, e.paid_minor as paidMinor, e.paid_currency as paidCurrency,
      e.exchange_rate_id as exchangeRateId, e.note, e.entry_id as entryId, e.recorded_by as recordedBy, e.created_at as createdAt
    from loan_events e
    where e.loan_id = ${loanId} and not exists (select 1 from journal_entries r where r.reverses_entry_id = e.entry_id)
    order by e.occurred_on, e.ordinal, e.id`);
}

/** An event as the domain sees it: repayments, guarantee calls and write-offs all take fees, interest and principal off. */
function domainEvent(e: EventRow): LoanEvent {
  if (e.kind === 'disbursement' || e.kind === 'fee')
    return { kind: e.kind, date: e.occurredOn, amount: minorFromText(e.amountMinor) };
  return {
    kind: 'repayment',
    date: e.occurredOn,
    fees: minorFromText(e.feesMinor),
    interest: minorFromText(e.interestMinor),
    principal: minorFromText(e.principalMinor),
  };
}

/** The domain model of a loan: its terms, instalments and live events (optionally only those passing `keep`). */
export function loanModel(
  db: Queryable,
  row: LoanRow,
  keep: (e: EventRow) => boolean = () => true,
): Loan & { rows: EventRow[] } {
  const rows = liveEventsOf(db, row.id).filter(keep);
  const instalments = db
    .select()
    .from(loanInstalments)
    .where(eq(loanInstalments.loanId, row.id))
    .orderBy(loanInstalments.dueOn)
    .all()
    .map((i) => ({ due: i.dueOn, principal: minorFromText(i.principalMinor) }));
  return {
    id: row.id,
    code: row.code,
    lenderId: row.lenderId,
    currency: row.currency as Currency,
    convention: row.convention,
    ratePct: row.ratePct,
    maturity: row.maturity,
    instalments,
    events: rows.map(domainEvent),
    rows,
  };
}

export type LoanModel = ReturnType<typeof loanModel>;

/**
 * The consortium's endorsement still held as of a date: released pro rata as
 * the principal is repaid (the domain's rule), and nothing once it was called.
 */
export function endorsementHeldOn(loan: LoanRow, model: LoanModel, asOf: string): bigint {
  if (model.rows.some((e) => e.kind === 'guarantee_call' && e.occurredOn <= asOf)) return 0n;
  return endorsementHeldAsOf(model, minorFromText(loan.endorsedMinor), asOf);
}

function loanRow(tx: Queryable, id: number, path: string[], raw: string): LoanRow {
  const row = tx.select().from(campaignLoans).where(eq(campaignLoans.id, id)).get();
  if (!row) throw new NotFoundError(path, raw, 'campaign loan');
  return row;
}

// ---------------------------------------------------------------------------------------------- posting an event

interface EventSpec {
  /**
   * The live events that come before this one. Default: every live event
   * dated on or before it (the normal case: events are appended in date
   * order). Given when an event is posted again in the middle of the history.
   */
  prior?: ReadonlySet<number>;
  /** The place among the same day's events (default: after every event recorded so far). */
  ordinal?: number;
  kind: EventRow['kind'];
  occurredOn: string;
  /** The date the entry counts on (defaults to occurredOn; later when an event is posted again after a correction). */
  postedOn?: string;
  amount: bigint;
  parts?: Components;
  source: EventRow['source'];
  paymentId?: number | null;
  requestId?: number | null;
  paid?: { minor: bigint; currency: Currency; exchangeRateId: number | null } | null;
  note: string;
}

/**
 * Posts one loan event and its entry: the interest accrued since the last
 * posting is charged first (rounded once, half-even, by the domain), then the
 * event's own movement on the lender's loan_receivable and the cooperative's
 * loan_payable. A guarantee call also pays the lender from the consortium's
 * cash and books what the cooperative now owes the consortium.
 */
export function postLoanEvent(poster: Poster, loan: LoanRow, spec: EventSpec): number {
  const { tx } = poster;
  const currency = loan.currency as Currency;
  const prior = spec.prior;
  const model = loanModel(tx, loan, prior ? (e) => prior.has(e.id) : (e) => e.occurredOn <= spec.occurredOn);
  const accrued = loanPosition(model, spec.occurredOn).interestAccrued;
  const chargedBefore = model.rows.reduce((a, e) => a + minorFromText(e.interestChargedMinor), 0n);
  const charge = accrued - chargedBefore;
  const parts = spec.parts ?? { fees: 0n, interest: 0n, principal: 0n };
  // Net movement on the lender's receivable (the cooperative's payable mirrors it).
  const charged = charge + (spec.kind === 'disbursement' || spec.kind === 'fee' ? spec.amount : 0n);
  const taken = spec.kind === 'disbursement' || spec.kind === 'fee' ? 0n : spec.amount;
  const net = charged - taken;
  const acc = (
    ownerType: LineSpec['account']['ownerType'],
    ownerId: number | null,
    purpose: LineSpec['account']['purpose'],
  ) => ({ ownerType, ownerId, purpose, currency });
  const lines: LineSpec[] = [];
  if (net !== 0n) {
    lines.push({
      account: acc('lender', loan.lenderId, 'loan_receivable'),
      minor: net,
      memo: `${loan.code}: ${spec.kind}${charge !== 0n ? `, interest charged ${formatAmount(charge, currency)}` : ''}`,
    });
    lines.push({
      account: acc('cooperative', loan.cooperativeId, 'loan_payable'),
      minor: -net,
      memo: `${loan.code}: ${spec.kind}`,
    });
  }
  if (spec.kind === 'guarantee_call') {
    lines.push({
      account: acc('cooperative', loan.cooperativeId, 'guarantee_recovery'),
      minor: spec.amount,
      memo: `${loan.code}: paid to the lender under the endorsement`,
    });
    lines.push({
      account: acc('consortium', null, 'cash'),
      minor: -spec.amount,
      memo: `${loan.code}: guarantee call paid to the lender`,
    });
  }
  if (lines.length === 0) {
    // A repayment exactly equal to the interest charged with it moves nothing net: record the two movements gross.
    lines.push({
      account: acc('lender', loan.lenderId, 'loan_receivable'),
      minor: charge,
      memo: `${loan.code}: interest charged`,
    });
    lines.push({
      account: acc('cooperative', loan.cooperativeId, 'loan_payable'),
      minor: -charge,
      memo: `${loan.code}: interest charged`,
    });
    lines.push({
      account: acc('lender', loan.lenderId, 'loan_receivable'),
      minor: -taken,
      memo: `${loan.code}: ${spec.kind}`,
    });
    lines.push({
      account: acc('cooperative', loan.cooperativeId, 'loan_payable'),
      minor: taken,
      memo: `${loan.code}: ${spec.kind}`,
    });
  }
  const entryId = postEntry(poster, {
    kind: `loan_${spec.kind}`,
    occurredOn: spec.postedOn ?? spec.occurredOn,
    description: `${loan.code}: ${spec.note}`,
    source: { type: 'campaign_loan', id: loan.id },
    lines: lines.filter((l) => l.minor !== 0n),
  });
  const ordinal =
    spec.ordinal ??
    tx.get<{ n: number }>(sql`select coalesce(max(ordinal), 0) + 1 as n from loan_events where loan_id = ${loan.id}`).n;
  return tx
    .insert(loanEvents)
    .values({
      loanId: loan.id,
      kind: spec.kind,
      occurredOn: spec.occurredOn,
      ordinal,
      amountMinor: spec.amount.toString(),
      feesMinor: parts.fees.toString(),
      interestMinor: parts.interest.toString(),
      principalMinor: parts.principal.toString(),
      interestChargedMinor: charge.toString(),
      source: spec.source,
      paymentId: spec.paymentId ?? null,
      requestId: spec.requestId ?? null,
      paidMinor: spec.paid ? spec.paid.minor.toString() : null,
      paidCurrency: spec.paid ? spec.paid.currency : null,
      exchangeRateId: spec.paid?.exchangeRateId ?? null,
      note: spec.note,
      entryId,
      recordedBy: poster.userId,
    })
    .returning({ id: loanEvents.id })
    .get().id;
}

// ---------------------------------------------------------------------------------------------- the settlement seam

export interface SaleRepayments {
  /** Per cooperative, the waterfall over its loans (rows with nothing paid included, for the explanation). */
  byCooperative: Map<number, LoanRepayment[]>;
  rate: ExchangeRate | null;
  rateId: number | null;
}

/**
 * The lenders' part of a payment's settlement (docs/loans.md): for each
 * cooperative whose coffee was sold, its campaign loans for the contract's
 * campaign, oldest first disbursement first, each paid fees, interest to
 * the payment date, then principal, from what is left of its share after
 * the consortium's charges. Returns a callback for the settlement's
 * `repayLoans` seam that records what it allocated.
 */
export function saleRepayments(
  tx: Tx,
  p: {
    campaignId: number;
    currency: Currency;
    date: string;
    rate: { base: Currency; quote: Currency; rate: string; id: number } | null;
  },
): {
  repayLoans: (cooperativeId: number, available: bigint) => { loanId: number; lenderId: number; amount: bigint }[];
  result: SaleRepayments;
} {
  const result: SaleRepayments = { byCooperative: new Map(), rate: p.rate, rateId: p.rate?.id ?? null };
  const repayLoans = (cooperativeId: number, available: bigint) => {
    const rows = tx
      .select()
      .from(campaignLoans)
      .where(and(eq(campaignLoans.cooperativeId, cooperativeId), eq(campaignLoans.campaignId, p.campaignId)))
      .all();
    if (rows.length === 0) return [];
    const loans = rows.map((r) => loanModel(tx, r));
    let rate: ExchangeRate | null = p.rate;
    const foreign = loans.find((l) => l.currency !== p.currency && l.events.length > 0);
    if (foreign && (!rate || ![rate.base, rate.quote].includes(foreign.currency))) {
      // A loan in another currency than the payment and the farmers: the day's recorded rate.
      const r = tx
        .select()
        .from(exchangeRates)
        .where(
          and(
            eq(exchangeRates.ratedOn, p.date),
            sql`((${exchangeRates.base} = ${foreign.currency} and ${exchangeRates.quote} = ${p.currency}) or (${exchangeRates.base} = ${p.currency} and ${exchangeRates.quote} = ${foreign.currency}))`,
          ),
        )
        .orderBy(sql`${exchangeRates.id} desc`)
        .get();
      if (!r) {
        throw InvalidInputError.single(
          ['input', 'receivedOn'],
          'NO_EXCHANGE_RATE',
          `loan ${rows.find((x) => x.id === foreign.id)!.code} is in ${foreign.currency}: record the ${foreign.currency}/${p.currency} rate for ${p.date} first (recordExchangeRate)`,
        );
      }
      rate = { base: r.base as Currency, quote: r.quote as Currency, rate: r.rate };
      result.rateId = r.id;
      result.rate = rate;
    }
    const later = loans.flatMap((l) => l.rows.filter((e) => e.occurredOn > p.date).map((e) => ({ l, e })))[0];
    if (later) {
      throw new ConflictError(
        'LATER_LOAN_EVENTS',
        `loan ${rows.find((x) => x.id === later.l.id)!.code} has a ${later.e.kind} on ${later.e.occurredOn}, after ${p.date}: a loan's events are recorded in date order`,
      );
    }
    const allocation = allocateRepayment({ date: p.date, currency: p.currency, available, rate, loans });
    result.byCooperative.set(cooperativeId, allocation.loans);
    return allocation.loans
      .filter((l) => l.paid > 0n)
      .map((l) => ({ loanId: l.loanId, lenderId: l.lenderId, amount: l.paid }));
  };
  return { repayLoans, result };
}

/** Posts a settled payment's loan repayments as loan events (each with its own entry). */
export function postSaleRepayments(
  poster: Poster,
  paymentId: number,
  date: string,
  postedOn: string,
  currency: Currency,
  r: SaleRepayments,
): void {
  for (const rows of r.byCooperative.values()) {
    for (const row of rows) {
      if (row.paidInLoanCurrency === 0n) continue;
      const loan = poster.tx.select().from(campaignLoans).where(eq(campaignLoans.id, row.loanId)).get()!;
      postLoanEvent(poster, loan, {
        kind: 'repayment',
        occurredOn: date,
        postedOn,
        amount: row.paidInLoanCurrency,
        parts: { fees: row.fees, interest: row.interest, principal: row.principal },
        source: 'sale',
        paymentId,
        paid: { minor: row.paid, currency, exchangeRateId: row.loanCurrency === currency ? null : r.rateId },
        note: row.why,
      });
    }
  }
}

/**
 * Reverses the live loan events a payment's settlement posted (when the
 * payment is reversed or settled again), then works out again each loan's
 * later events (`rederiveLater`), which were split against the loan as the
 * reversed repayment had left it.
 */
export function reverseSaleRepayments(poster: Poster, paymentId: number, on: string, reason: string): void {
  const rows = poster.tx.all<{
    id: number;
    loanId: number;
    eventOn: string;
    ordinal: number;
    entryId: number;
    postedOn: string;
  }>(sql`
    select e.id as id, e.loan_id as loanId, e.occurred_on as eventOn, e.ordinal as ordinal, e.entry_id as entryId, j.occurred_on as postedOn
    from live_loan_events e join journal_entries j on j.id = e.entry_id
    where e.payment_id = ${paymentId} order by e.id`);
  for (const r of rows) {
    reverseEntry(poster, r.entryId, reason, r.postedOn > on ? r.postedOn : on);
    const loan = poster.tx.select().from(campaignLoans).where(eq(campaignLoans.id, r.loanId)).get()!;
    const after = liveEventsOf(poster.tx, r.loanId).filter(
      (e) => e.occurredOn > r.eventOn || (e.occurredOn === r.eventOn && e.ordinal > r.ordinal),
    );
    const closing = after.find((e) => e.kind === 'guarantee_call' || e.kind === 'write_off');
    if (closing)
      throw new ConflictError(
        'LOAN_CLOSED',
        `${loan.code} had a ${closing.kind.replace('_', ' ')} on ${closing.occurredOn} after this repayment: undo it first`,
      );
    if (after.length > 0) rederiveLater(poster, loan, after, on, reason);
  }
}

// ---------------------------------------------------------------------------------------------- lenders and terms

export interface CreateLenderInput {
  idempotencyKey: string;
  code: string;
  name: string;
  kind: 'bank' | 'copac' | 'social_investor';
  country: string;
}

export function createLender(
  ctx: ServiceContext,
  input: CreateLenderInput,
): MutationOutcome<{ type: 'Lender'; id: number }> {
  mustBeAdmin(ctx, 'records lenders');
  const { idempotencyKey, ...payload } = input;
  const issues = new IssueList();
  const code = checkCode(issues, ['input', 'code'], input.code);
  const name = checkName(issues, ['input', 'name'], input.name, 2, 160);
  if (!/^[A-Z]{2}$/.test(input.country))
    issues.add(['input', 'country'], 'INVALID_COUNTRY', 'must be a two-letter ISO 3166 code');
  issues.throwIfAny();
  return runMutation(ctx, 'createLender', idempotencyKey, payload, (tx) => {
    const all = tx.select({ id: lenders.id, code: lenders.code, name: lenders.name }).from(lenders).all();
    mustBeDistinct(
      ['input', 'code'],
      code,
      all.map((l) => ({ id: l.id, value: l.code })),
      'lender with code',
    );
    mustBeDistinct(
      ['input', 'name'],
      name,
      all.map((l) => ({ id: l.id, value: l.name })),
      'lender named',
    );
    const row = tx
      .insert(lenders)
      .values({ code, name, kind: input.kind, country: input.country })
      .returning({ id: lenders.id })
      .get();
    return { type: 'Lender', id: row.id };
  });
}

export interface SetEndorsementLimitInput {
  idempotencyKey: string;
  cooperativeId: string;
  campaignId: string;
  currency: string;
  limit: string;
}

/** The most the consortium will endorse for a cooperative's loans in a campaign (admins; once per currency). */
export function setEndorsementLimit(
  ctx: ServiceContext,
  input: SetEndorsementLimitInput,
): MutationOutcome<{ type: 'EndorsementLimit'; id: number }> {
  mustBeAdmin(ctx, 'sets endorsement limits');
  const { idempotencyKey, ...payload } = input;
  const cooperativeId = decodeId(input.cooperativeId, 'Cooperative', ['input', 'cooperativeId']);
  const campaignId = decodeId(input.campaignId, 'HarvestCampaign', ['input', 'campaignId']);
  const issues = new IssueList();
  if (!isCurrency(input.currency)) issues.add(['input', 'currency'], 'UNKNOWN_CURRENCY', 'must be PEN or USD');
  const limit = amountIn(issues, ['input', 'limit'], input.limit, input.currency);
  issues.throwIfAny();
  return runMutation(ctx, 'setEndorsementLimit', idempotencyKey, payload, (tx) => {
    if (!tx.select({ id: cooperatives.id }).from(cooperatives).where(eq(cooperatives.id, cooperativeId)).get())
      throw new NotFoundError(['input', 'cooperativeId'], input.cooperativeId, 'cooperative');
    if (!tx.select({ id: harvestCampaigns.id }).from(harvestCampaigns).where(eq(harvestCampaigns.id, campaignId)).get())
      throw new NotFoundError(['input', 'campaignId'], input.campaignId, 'harvest campaign');
    const exists = tx
      .select({ id: endorsementLimits.id })
      .from(endorsementLimits)
      .where(
        and(
          eq(endorsementLimits.cooperativeId, cooperativeId),
          eq(endorsementLimits.campaignId, campaignId),
          eq(endorsementLimits.currency, input.currency),
        ),
      )
      .get();
    if (exists)
      throw new ConflictError(
        'LIMIT_SET',
        `the endorsement limit in ${input.currency} is already set for this cooperative and campaign`,
      );
    const row = tx
      .insert(endorsementLimits)
      .values({
        cooperativeId,
        campaignId,
        currency: input.currency,
        limitMinor: limit.toString(),
        setBy: ctx.principal.userId,
      })
      .returning({ id: endorsementLimits.id })
      .get();
    return { type: 'EndorsementLimit', id: row.id };
  });
}

export interface CreateCampaignLoanInput {
  idempotencyKey: string;
  code: string;
  lenderId: string;
  cooperativeId: string;
  campaignId: string;
  currency: string;
  principal: string;
  convention: InterestConvention;
  ratePercent: string;
  fee?: string | null;
  /** Defaults to the principal. */
  endorsed?: string | null;
  signedOn: string;
  maturity: string;
  instalments?: { dueOn: string; principal: string }[] | null;
}

export type LoanRef = { type: 'CampaignLoan'; id: number };

/**
 * Records a signed campaign loan and the consortium's endorsement of it
 * (admins). Its endorsement, with the cooperative's other loans in the
 * campaign and currency, stays within the cooperative's endorsement limit.
 * Nothing is disbursed yet: a disbursement needs two admins.
 */
export function createCampaignLoan(ctx: ServiceContext, input: CreateCampaignLoanInput): MutationOutcome<LoanRef> {
  mustBeAdmin(ctx, 'records campaign loans');
  const { idempotencyKey, ...payload } = input;
  const lenderId = decodeId(input.lenderId, 'Lender', ['input', 'lenderId']);
  const cooperativeId = decodeId(input.cooperativeId, 'Cooperative', ['input', 'cooperativeId']);
  const campaignId = decodeId(input.campaignId, 'HarvestCampaign', ['input', 'campaignId']);
  const issues = new IssueList();
  const code = text(issues, ['input', 'code'], input.code, 3, 40);
  if (!isCurrency(input.currency)) issues.add(['input', 'currency'], 'UNKNOWN_CURRENCY', 'must be PEN or USD');
  const principal = amountIn(issues, ['input', 'principal'], input.principal, input.currency);
  const fee = input.fee == null ? 0n : amountIn(issues, ['input', 'fee'], input.fee, input.currency, true);
  const endorsed =
    input.endorsed == null ? principal : amountIn(issues, ['input', 'endorsed'], input.endorsed, input.currency, true);
  if (endorsed > principal)
    issues.add(['input', 'endorsed'], 'ABOVE_PRINCIPAL', 'the endorsement covers at most the principal');
  if (!(INTEREST_CONVENTIONS as readonly string[]).includes(input.convention))
    issues.add(['input', 'convention'], 'UNKNOWN_CONVENTION', `must be one of ${INTEREST_CONVENTIONS.join(', ')}`);
  const why = interestRateError(input.ratePercent);
  if (why) issues.add(['input', 'ratePercent'], 'INVALID_RATE', why);
  dateIn(issues, ['input', 'signedOn'], input.signedOn);
  dateIn(issues, ['input', 'maturity'], input.maturity);
  if (isCalendarDate(input.signedOn) && isCalendarDate(input.maturity) && input.maturity <= input.signedOn) {
    issues.add(['input', 'maturity'], 'BEFORE_SIGNED', 'matures after it is signed');
  }
  if ((input.instalments ?? []).length > 60) issues.add(['input', 'instalments'], 'TOO_MANY', 'at most 60 instalments');
  const dues = new Set<string>();
  const instalments = (input.instalments ?? []).slice(0, 61).map((i, n) => {
    if (dues.has(i.dueOn))
      issues.add(['input', 'instalments', String(n), 'dueOn'], 'DUPLICATE', 'one instalment per due date');
    dues.add(i.dueOn);
    dateIn(issues, ['input', 'instalments', String(n), 'dueOn'], i.dueOn);
    if (isCalendarDate(i.dueOn) && (i.dueOn <= input.signedOn || i.dueOn > input.maturity)) {
      issues.add(
        ['input', 'instalments', String(n), 'dueOn'],
        'OUTSIDE_TERM',
        'falls after signing and on or before maturity',
      );
    }
    return {
      dueOn: i.dueOn,
      principal: amountIn(issues, ['input', 'instalments', String(n), 'principal'], i.principal, input.currency),
    };
  });
  if (instalments.reduce((a, i) => a + i.principal, 0n) > principal)
    issues.add(['input', 'instalments'], 'ABOVE_PRINCIPAL', 'the instalments add up to more than the principal');
  issues.throwIfAny();
  return runMutation(ctx, 'createCampaignLoan', idempotencyKey, payload, (tx) => {
    const lender = tx.select().from(lenders).where(eq(lenders.id, lenderId)).get();
    if (!lender) throw new NotFoundError(['input', 'lenderId'], input.lenderId, 'lender');
    if (lender.kind === 'social_investor') {
      throw InvalidInputError.single(
        ['input', 'lenderId'],
        'NOT_A_CAMPAIGN_LENDER',
        `${lender.code} lends the consortium a credit line; campaign loans come from banks and COPACs`,
      );
    }
    if (!tx.select({ id: cooperatives.id }).from(cooperatives).where(eq(cooperatives.id, cooperativeId)).get())
      throw new NotFoundError(['input', 'cooperativeId'], input.cooperativeId, 'cooperative');
    if (!tx.select({ id: harvestCampaigns.id }).from(harvestCampaigns).where(eq(harvestCampaigns.id, campaignId)).get())
      throw new NotFoundError(['input', 'campaignId'], input.campaignId, 'harvest campaign');
    if (tx.select({ id: campaignLoans.id }).from(campaignLoans).where(eq(campaignLoans.code, code)).get())
      throw new ConflictError('DUPLICATE_CODE', `a loan with code ${code} exists`);
    const limit = tx
      .select()
      .from(endorsementLimits)
      .where(
        and(
          eq(endorsementLimits.cooperativeId, cooperativeId),
          eq(endorsementLimits.campaignId, campaignId),
          eq(endorsementLimits.currency, input.currency),
        ),
      )
      .get();
    if (!limit) {
      throw new ConflictError(
        'NO_ENDORSEMENT_LIMIT',
        `no endorsement limit in ${input.currency} is set for this cooperative and campaign (setEndorsementLimit)`,
      );
    }
    const already = tx
      .select({ e: campaignLoans.endorsedMinor })
      .from(campaignLoans)
      .where(
        and(
          eq(campaignLoans.cooperativeId, cooperativeId),
          eq(campaignLoans.campaignId, campaignId),
          eq(campaignLoans.currency, input.currency),
        ),
      )
      .all()
      .reduce((a, r) => a + minorFromText(r.e), 0n);
    const cap = minorFromText(limit.limitMinor);
    if (already + endorsed > cap) {
      const cur = input.currency as Currency;
      throw InvalidInputError.single(
        ['input', 'endorsed'],
        'ABOVE_ENDORSEMENT_LIMIT',
        `the cooperative's limit is ${formatAmount(cap, cur)} ${cur}, ${formatAmount(already, cur)} already endorsed: at most ${formatAmount(cap - already, cur)} more`,
      );
    }
    const row = tx
      .insert(campaignLoans)
      .values({
        code,
        lenderId,
        cooperativeId,
        campaignId,
        currency: input.currency,
        principalMinor: principal.toString(),
        convention: input.convention,
        ratePct: input.ratePercent,
        feeMinor: fee.toString(),
        endorsedMinor: endorsed.toString(),
        signedOn: input.signedOn,
        maturity: input.maturity,
        recordedBy: ctx.principal.userId,
      })
      .returning({ id: campaignLoans.id })
      .get();
    if (instalments.length > 0)
      tx.insert(loanInstalments)
        .values(instalments.map((i) => ({ loanId: row.id, dueOn: i.dueOn, principalMinor: i.principal.toString() })))
        .run();
    return { type: 'CampaignLoan', id: row.id };
  });
}

// ---------------------------------------------------------------------------------------------- four eyes

export interface RequestLoanDisbursementInput {
  idempotencyKey: string;
  loanId: string;
  amount: string;
  disbursedOn: string;
  reason: string;
}

export type RequestRef = { type: 'LoanRequest'; id: number };

function pendingRequests(tx: Tx, loanId: number, kind: 'disbursement' | 'write_off') {
  return tx.all<{ id: number; amount: string | null }>(sql`
    select r.id as id, r.amount_minor as amount from loan_requests r
    where r.loan_id = ${loanId} and r.kind = ${kind} and not exists (select 1 from loan_request_decisions d where d.request_id = r.id)`);
}

/** Asks for a disbursement (admins). It happens when a second, different admin approves it. */
export function requestLoanDisbursement(
  ctx: ServiceContext,
  input: RequestLoanDisbursementInput,
): MutationOutcome<RequestRef> {
  mustBeAdmin(ctx, 'requests disbursements');
  const { idempotencyKey, ...payload } = input;
  const loanId = decodeId(input.loanId, 'CampaignLoan', ['input', 'loanId']);
  const issues = new IssueList();
  dateIn(issues, ['input', 'disbursedOn'], input.disbursedOn);
  const reason = text(issues, ['input', 'reason'], input.reason, 3, 500);
  issues.throwIfAny();
  return runMutation(ctx, 'requestLoanDisbursement', idempotencyKey, payload, (tx) => {
    const loan = loanRow(tx, loanId, ['input', 'loanId'], input.loanId);
    const currency = loan.currency as Currency;
    const amount = amountIn(issues, ['input', 'amount'], input.amount, currency);
    issues.throwIfAny();
    if (input.disbursedOn < loan.signedOn)
      throw InvalidInputError.single(
        ['input', 'disbursedOn'],
        'BEFORE_SIGNED',
        `the loan was signed on ${loan.signedOn}`,
      );
    if (input.disbursedOn >= loan.maturity)
      throw InvalidInputError.single(
        ['input', 'disbursedOn'],
        'AFTER_MATURITY',
        `the loan matures on ${loan.maturity}`,
      );
    const disbursed = liveEventsOf(tx, loan.id)
      .filter((e) => e.kind === 'disbursement')
      .reduce((a, e) => a + minorFromText(e.amountMinor), 0n);
    const pending = pendingRequests(tx, loan.id, 'disbursement').reduce((a, r) => a + minorFromText(r.amount!), 0n);
    const left = minorFromText(loan.principalMinor) - disbursed - pending;
    if (amount > left) {
      throw InvalidInputError.single(
        ['input', 'amount'],
        'ABOVE_PRINCIPAL',
        `${formatAmount(left, currency)} ${currency} of the principal is left to disburse (disbursed ${formatAmount(disbursed, currency)}, awaiting approval ${formatAmount(pending, currency)})`,
      );
    }
    const row = tx
      .insert(loanRequests)
      .values({
        loanId: loan.id,
        kind: 'disbursement',
        amountMinor: amount.toString(),
        effectiveOn: input.disbursedOn,
        reason,
        requestedBy: ctx.principal.userId,
      })
      .returning({ id: loanRequests.id })
      .get();
    return { type: 'LoanRequest', id: row.id };
  });
}

export interface RequestLoanWriteOffInput {
  idempotencyKey: string;
  loanId: string;
  writtenOffOn: string;
  reason: string;
}

/** Asks to write a loan off (admins): what it owes leaves the portfolio when a second admin approves. */
export function requestLoanWriteOff(ctx: ServiceContext, input: RequestLoanWriteOffInput): MutationOutcome<RequestRef> {
  mustBeAdmin(ctx, 'requests write-offs');
  const { idempotencyKey, ...payload } = input;
  const loanId = decodeId(input.loanId, 'CampaignLoan', ['input', 'loanId']);
  const issues = new IssueList();
  dateIn(issues, ['input', 'writtenOffOn'], input.writtenOffOn);
  const reason = text(issues, ['input', 'reason'], input.reason, 3, 500);
  issues.throwIfAny();
  return runMutation(ctx, 'requestLoanWriteOff', idempotencyKey, payload, (tx) => {
    const loan = loanRow(tx, loanId, ['input', 'loanId'], input.loanId);
    const t = today(ctx, tx);
    if (input.writtenOffOn > t)
      throw InvalidInputError.single(
        ['input', 'writtenOffOn'],
        'IN_FUTURE',
        `a write-off takes effect today (${t}) at the latest`,
      );
    if (pendingRequests(tx, loan.id, 'write_off').length > 0)
      throw new ConflictError('ALREADY_REQUESTED', 'a write-off of this loan is already awaiting approval');
    const pos = loanPosition(loanModel(tx, loan), input.writtenOffOn);
    if (pos.totalDue === 0n)
      throw new ConflictError('NOTHING_DUE', `nothing is due on ${loan.code} on ${input.writtenOffOn}`);
    const row = tx
      .insert(loanRequests)
      .values({
        loanId: loan.id,
        kind: 'write_off',
        amountMinor: null,
        effectiveOn: input.writtenOffOn,
        reason,
        requestedBy: ctx.principal.userId,
      })
      .returning({ id: loanRequests.id })
      .get();
    return { type: 'LoanRequest', id: row.id };
  });
}

export interface DecideLoanRequestInput {
  idempotencyKey: string;
  requestId: string;
  approve: boolean;
  reason?: string | null;
}

/**
 * Approves or rejects a disbursement or write-off request. The approver is an
 * admin other than the requester (FOUR_EYES); approving carries it out in the
 * same transaction.
 */
export function decideLoanRequest(ctx: ServiceContext, input: DecideLoanRequestInput): MutationOutcome<RequestRef> {
  mustBeAdmin(ctx, 'approves loan requests');
  const { idempotencyKey, ...payload } = input;
  const requestId = decodeId(input.requestId, 'LoanRequest', ['input', 'requestId']);
  const issues = new IssueList();
  const reason = input.reason == null ? null : text(issues, ['input', 'reason'], input.reason, 3, 500);
  if (!input.approve && reason === null) issues.add(['input', 'reason'], 'REQUIRED', 'say why the request is rejected');
  issues.throwIfAny();
  const now = ctx.clock.now();
  return runMutation(ctx, 'decideLoanRequest', idempotencyKey, payload, (tx) => {
    const request = tx.select().from(loanRequests).where(eq(loanRequests.id, requestId)).get();
    if (!request) throw new NotFoundError(['input', 'requestId'], input.requestId, 'loan request');
    if (request.requestedBy === ctx.principal.userId) {
      throw new ForbiddenError(
        'four eyes: a request is approved or rejected by an admin other than the one who made it',
      );
    }
    const decided = tx.select().from(loanRequestDecisions).where(eq(loanRequestDecisions.requestId, requestId)).get();
    if (decided)
      throw new ConflictError(
        'ALREADY_DECIDED',
        `the request was already ${decided.approved ? 'approved' : 'rejected'}`,
      );
    tx.insert(loanRequestDecisions)
      .values({ requestId, approved: input.approve, reason, decidedBy: ctx.principal.userId })
      .run();
    if (!input.approve) return { type: 'LoanRequest', id: requestId };
    const on = request.effectiveOn;
    if (on > today(ctx, tx))
      throw InvalidInputError.single(
        ['input', 'requestId'],
        'NOT_YET',
        `the request takes effect on ${on}; approve it on or after that day`,
      );
    const loan = tx.select().from(campaignLoans).where(eq(campaignLoans.id, request.loanId)).get()!;
    const currency = loan.currency as Currency;
    const poster = { tx, userId: ctx.principal.userId, now };
    const model = loanModel(tx, loan);
    const last = model.rows.at(-1);
    if (last && last.occurredOn > on)
      throw new ConflictError(
        'LATER_LOAN_EVENTS',
        `${loan.code} has a ${last.kind} on ${last.occurredOn}, after ${on}`,
      );
    if (request.kind === 'disbursement') {
      const amount = minorFromText(request.amountMinor!);
      const first = !model.rows.some((e) => e.kind === 'disbursement');
      postLoanEvent(poster, loan, {
        kind: 'disbursement',
        occurredOn: on,
        amount,
        source: 'request',
        requestId,
        note: `disbursed ${formatAmount(amount, currency)} ${currency} to the cooperative (requested by user ${request.requestedBy}, approved by user ${ctx.principal.userId})`,
      });
      const fee = minorFromText(loan.feeMinor);
      if (first && fee > 0n) {
        postLoanEvent(poster, loan, {
          kind: 'fee',
          occurredOn: on,
          amount: fee,
          source: 'request',
          requestId,
          note: `opening fee ${formatAmount(fee, currency)} ${currency}, charged with the first disbursement`,
        });
      }
    } else {
      const pos = loanPosition(model, on);
      if (pos.totalDue === 0n) throw new ConflictError('NOTHING_DUE', `nothing is due on ${loan.code} on ${on}`);
      postLoanEvent(poster, loan, {
        kind: 'write_off',
        occurredOn: on,
        amount: pos.totalDue,
        parts: dueOf(pos),
        source: 'request',
        requestId,
        note: `written off: ${formatAmount(pos.totalDue, currency)} ${currency} (fees ${formatAmount(pos.feesDue, currency)}, interest ${formatAmount(pos.interestDue, currency)}, principal ${formatAmount(pos.outstandingPrincipal, currency)}); ${request.reason}`,
      });
    }
    return { type: 'LoanRequest', id: requestId };
  });
}

// ---------------------------------------------------------------------------------------------- repayments outside a sale

export interface RecordLoanRepaymentInput {
  idempotencyKey: string;
  loanId: string;
  amount: string;
  paidOn: string;
}

export type EventRef = { type: 'LoanEvent'; id: number };

/**
 * A repayment the cooperative made to its lender outside a sale (from its
 * own funds, or a prepayment before maturity), in the loan's currency: fees,
 * then interest to the day, then principal. Refused above what is due
 * (ABOVE_DUE) and on a loan with nothing due (LOAN_REPAID).
 */
export function recordLoanRepayment(ctx: ServiceContext, input: RecordLoanRepaymentInput): MutationOutcome<EventRef> {
  mustBeAdmin(ctx, 'records loan repayments');
  const { idempotencyKey, ...payload } = input;
  const loanId = decodeId(input.loanId, 'CampaignLoan', ['input', 'loanId']);
  const issues = new IssueList();
  dateIn(issues, ['input', 'paidOn'], input.paidOn);
  issues.throwIfAny();
  const now = ctx.clock.now();
  return runMutation(ctx, 'recordLoanRepayment', idempotencyKey, payload, (tx) => {
    const loan = loanRow(tx, loanId, ['input', 'loanId'], input.loanId);
    const currency = loan.currency as Currency;
    const amount = amountIn(issues, ['input', 'amount'], input.amount, currency);
    issues.throwIfAny();
    if (input.paidOn > today(ctx, tx))
      throw InvalidInputError.single(['input', 'paidOn'], 'IN_FUTURE', `must not be after today (${today(ctx, tx)})`);
    const model = loanModel(tx, loan);
    const last = model.rows.at(-1);
    if (!model.rows.some((e) => e.kind === 'disbursement' && e.occurredOn <= input.paidOn)) {
      throw new ConflictError('NOT_DISBURSED', `${loan.code} had nothing disbursed by ${input.paidOn}`);
    }
    if (last && last.occurredOn > input.paidOn) {
      throw InvalidInputError.single(
        ['input', 'paidOn'],
        'BEFORE_LAST_EVENT',
        `${loan.code} has a ${last.kind} on ${last.occurredOn}: repayments are recorded in date order`,
      );
    }
    const pos = loanPosition(model, input.paidOn);
    if (pos.totalDue === 0n) throw new ConflictError('LOAN_REPAID', `nothing is due on ${loan.code}: it is repaid`);
    if (amount > pos.totalDue) {
      throw InvalidInputError.single(
        ['input', 'amount'],
        'ABOVE_DUE',
        `${formatAmount(pos.totalDue, currency)} ${currency} is due on ${loan.code} on ${input.paidOn}; ${input.amount} is more`,
      );
    }
    const row = allocateRepayment({ date: input.paidOn, currency, available: amount, rate: null, loans: [model] })
      .loans[0]!;
    const id = postLoanEvent({ tx, userId: ctx.principal.userId, now }, loan, {
      kind: 'repayment',
      occurredOn: input.paidOn,
      amount: row.paidInLoanCurrency,
      parts: { fees: row.fees, interest: row.interest, principal: row.principal },
      source: 'manual',
      paid: { minor: amount, currency, exchangeRateId: null },
      note: `repaid by the cooperative outside a sale: ${row.why}`,
    });
    return { type: 'LoanEvent', id };
  });
}

/**
 * After an event was taken back, works the loan's later events out again in
 * the order they happened (date, then the order they were recorded): each
 * keeps its kind and amount (the money moved), a repayment's split into
 * fees, interest and principal is taken again against what was then due, and
 * every event's interest charged is recomputed. An event whose figures
 * change has its entry reversed and is posted again (dated `on`, or its own
 * entry's date if later); the others are left alone.
 */
export function rederiveLater(
  poster: Poster,
  loan: LoanRow,
  later: readonly EventRow[],
  on: string,
  why: string,
): void {
  const { tx } = poster;
  const currency = loan.currency as Currency;
  const laterIds = new Set(later.map((e) => e.id));
  // The events before the first later one, as they now stand; each later event joins once worked out.
  const prior = new Set(
    liveEventsOf(tx, loan.id)
      .filter((e) => !laterIds.has(e.id))
      .map((e) => e.id),
  );
  for (const event of later) {
    const model = loanModel(tx, loan, (e) => prior.has(e.id));
    const pos = loanPosition(model, event.occurredOn);
    const amount = minorFromText(event.amountMinor);
    const parts: Components =
      event.kind === 'repayment' ? payInOrder(amount, dueOf(pos)) : { fees: 0n, interest: 0n, principal: 0n };
    const charge = pos.interestAccrued - model.rows.reduce((a, e) => a + minorFromText(e.interestChargedMinor), 0n);
    const same =
      parts.fees === minorFromText(event.feesMinor) &&
      parts.interest === minorFromText(event.interestMinor) &&
      parts.principal === minorFromText(event.principalMinor) &&
      charge === minorFromText(event.interestChargedMinor);
    if (same) {
      prior.add(event.id);
      continue;
    }
    const posted = tx.get<{ postedOn: string }>(
      sql`select occurred_on as postedOn from journal_entries where id = ${event.entryId}`,
    );
    const at = posted.postedOn > on ? posted.postedOn : on;
    reverseEntry(poster, event.entryId, `${why}: ${event.kind} of ${event.occurredOn} worked out again`, at);
    const f = (m: bigint) => formatAmount(m, currency);
    const id = postLoanEvent(poster, loan, {
      prior: new Set(prior),
      ordinal: event.ordinal,
      kind: event.kind,
      occurredOn: event.occurredOn,
      postedOn: at,
      amount,
      parts,
      source: event.source,
      paymentId: event.paymentId,
      requestId: event.requestId,
      paid: event.paidMinor
        ? {
            minor: minorFromText(event.paidMinor),
            currency: event.paidCurrency as Currency,
            exchangeRateId: event.exchangeRateId,
          }
        : null,
      note:
        event.kind === 'repayment'
          ? `${event.note} — split again after ${why}: fees ${f(parts.fees)}, interest ${f(parts.interest)}, principal ${f(parts.principal)}`
          : `${event.note} — posted again after ${why} (interest charged ${f(charge)})`,
    });
    prior.add(id);
  }
}

export interface ReverseLoanEventInput {
  idempotencyKey: string;
  eventId: string;
  reason: string;
  reversedOn?: string | null;
}

/**
 * Takes back a manual repayment, or undoes a write-off (admins). The event's
 * entry is reversed; the loan's later repayments keep their amounts, and
 * their split into fees, interest and principal (and the interest charged
 * with them) is worked out again in date order: each one that changes is
 * reversed and posted again. A repayment made at a sale is corrected by
 * reversing the sale payment (REVERSE_THE_PAYMENT). Reversing twice is
 * refused (ALREADY_REVERSED).
 */
export function reverseLoanEvent(ctx: ServiceContext, input: ReverseLoanEventInput): MutationOutcome<EventRef> {
  mustBeAdmin(ctx, 'reverses loan events');
  const { idempotencyKey, ...payload } = input;
  const eventId = decodeId(input.eventId, 'LoanEvent', ['input', 'eventId']);
  const issues = new IssueList();
  const reason = text(issues, ['input', 'reason'], input.reason, 3, 500);
  if (input.reversedOn != null) dateIn(issues, ['input', 'reversedOn'], input.reversedOn);
  issues.throwIfAny();
  const now = ctx.clock.now();
  return runMutation(ctx, 'reverseLoanEvent', idempotencyKey, payload, (tx) => {
    const event = tx.select().from(loanEvents).where(eq(loanEvents.id, eventId)).get();
    if (!event) throw new NotFoundError(['input', 'eventId'], input.eventId, 'loan event');
    const done = tx.select().from(loanEventReversals).where(eq(loanEventReversals.eventId, eventId)).get();
    if (done) throw new ConflictError('ALREADY_REVERSED', `the event was already reversed on ${done.reversedOn}`);
    if (event.source === 'sale')
      throw new ConflictError(
        'REVERSE_THE_PAYMENT',
        'a repayment made at a sale is corrected by reversing the sale payment (reverseSalePayment)',
      );
    if (!(event.kind === 'repayment' || event.kind === 'write_off')) {
      throw new ConflictError(
        'NOT_REVERSIBLE',
        `a ${event.kind} is not taken back; disbursements and fees are corrected with the lender, and a guarantee call with the cooperative`,
      );
    }
    const live = liveEventsOf(tx, event.loanId);
    if (!live.some((e) => e.id === eventId))
      throw new ConflictError('ALREADY_REVERSED', 'the event no longer counts: it was settled again or reversed');
    const t = today(ctx, tx);
    const on = input.reversedOn ?? t;
    if (on > t) throw InvalidInputError.single(['input', 'reversedOn'], 'IN_FUTURE', `must not be after today (${t})`);
    if (on < event.occurredOn)
      throw InvalidInputError.single(
        ['input', 'reversedOn'],
        'BEFORE_ORIGINAL',
        `the event happened on ${event.occurredOn}`,
      );
    const after = live.filter(
      (e) => e.occurredOn > event.occurredOn || (e.occurredOn === event.occurredOn && e.ordinal > event.ordinal),
    );
    const closing = after.find((e) => e.kind === 'guarantee_call' || e.kind === 'write_off');
    if (closing)
      throw new ConflictError(
        'LOAN_CLOSED',
        `a later ${closing.kind.replace('_', ' ')} (${closing.occurredOn}) closed the loan: undo it first`,
      );
    const poster = { tx, userId: ctx.principal.userId, now };
    const loan = tx.select().from(campaignLoans).where(eq(campaignLoans.id, event.loanId)).get()!;
    const entry = tx.get<{ postedOn: string }>(
      sql`select occurred_on as postedOn from journal_entries where id = ${event.entryId}`,
    );
    const reversal = reverseEntry(
      poster,
      event.entryId,
      `${event.kind.replace('_', ' ')} taken back: ${reason}`,
      entry.postedOn > on ? entry.postedOn : on,
    );
    tx.insert(loanEventReversals)
      .values({ eventId, reversedOn: on, reason, entryId: reversal, recordedBy: ctx.principal.userId })
      .run();
    // Later events keep their amounts; a repayment's split and every event's interest are worked out again.
    rederiveLater(poster, loan, after, on, `event ${eventId} taken back`);
    return { type: 'LoanEvent', id: eventId };
  });
}

// ---------------------------------------------------------------------------------------------- guarantee call

export interface CallGuaranteeInput {
  idempotencyKey: string;
  loanId: string;
  calledOn: string;
}

/**
 * The consortium honours its endorsement (admins): once the loan is at least
 * the consortium's `guarantee_call_days` past due, it pays the lender what is
 * due, up to the endorsement still held, and takes a receivable on the
 * cooperative (guarantee_recovery). What the endorsement does not cover stays
 * owed to the lender.
 */
export function callGuarantee(ctx: ServiceContext, input: CallGuaranteeInput): MutationOutcome<EventRef> {
  mustBeAdmin(ctx, 'calls guarantees');
  const { idempotencyKey, ...payload } = input;
  const loanId = decodeId(input.loanId, 'CampaignLoan', ['input', 'loanId']);
  const issues = new IssueList();
  dateIn(issues, ['input', 'calledOn'], input.calledOn);
  issues.throwIfAny();
  const now = ctx.clock.now();
  return runMutation(ctx, 'callGuarantee', idempotencyKey, payload, (tx) => {
    const loan = loanRow(tx, loanId, ['input', 'loanId'], input.loanId);
    const currency = loan.currency as Currency;
    if (input.calledOn > today(ctx, tx))
      throw InvalidInputError.single(['input', 'calledOn'], 'IN_FUTURE', `must not be after today (${today(ctx, tx)})`);
    const model = loanModel(tx, loan);
    const last = model.rows.at(-1);
    if (last && last.occurredOn > input.calledOn)
      throw InvalidInputError.single(
        ['input', 'calledOn'],
        'BEFORE_LAST_EVENT',
        `${loan.code} has a ${last.kind} on ${last.occurredOn}`,
      );
    const called = model.rows.find((e) => e.kind === 'guarantee_call');
    if (called)
      throw new ConflictError('ALREADY_CALLED', `the endorsement of ${loan.code} was called on ${called.occurredOn}`);
    const arrears = loanArrears(model, input.calledOn);
    const days = settings(tx).guaranteeCallDays;
    if (arrears.daysPastDue < days) {
      throw new ConflictError(
        'NOT_LATE_ENOUGH',
        `${loan.code} is ${arrears.daysPastDue} days past due on ${input.calledOn}; the endorsement is called from ${days} days`,
      );
    }
    const pos = loanPosition(model, input.calledOn);
    const held = endorsementHeldOn(loan, model, input.calledOn);
    const pay = pos.totalDue < held ? pos.totalDue : held;
    if (pay === 0n) throw new ConflictError('NOTHING_TO_CALL', `no endorsement is held on ${loan.code}`);
    const parts = payInOrder(pay, dueOf(pos));
    const f = (m: bigint) => formatAmount(m, currency);
    const id = postLoanEvent({ tx, userId: ctx.principal.userId, now }, loan, {
      kind: 'guarantee_call',
      occurredOn: input.calledOn,
      amount: pay,
      parts,
      source: 'guarantee',
      paid: { minor: pay, currency, exchangeRateId: null },
      note:
        `guarantee called ${arrears.daysPastDue} days past due: ${f(pos.totalDue)} ${currency} due, endorsement held ${f(held)}; ` +
        `the consortium paid the lender ${f(pay)} (fees ${f(parts.fees)}, interest ${f(parts.interest)}, principal ${f(parts.principal)})` +
        (pay < pos.totalDue ? `; ${f(pos.totalDue - pay)} beyond the endorsement stays owed to the lender` : ''),
    });
    return { type: 'LoanEvent', id };
  });
}

// ---------------------------------------------------------------------------------------------- the investor's credit line

type LineRow = typeof creditLines.$inferSelect;

export function creditLineModel(db: Queryable, line: LineRow): Loan {
  const rows = db
    .select()
    .from(creditLineEvents)
    .where(eq(creditLineEvents.lineId, line.id))
    .orderBy(creditLineEvents.occurredOn, creditLineEvents.id)
    .all();
  return {
    id: line.id,
    lenderId: line.lenderId,
    currency: line.currency as Currency,
    convention: line.convention,
    ratePct: line.ratePct,
    maturity: line.maturesOn,
    events: rows.map((e) =>
      e.kind === 'drawdown'
        ? { kind: 'disbursement' as const, date: e.occurredOn, amount: minorFromText(e.amountMinor) }
        : {
            kind: 'repayment' as const,
            date: e.occurredOn,
            fees: 0n,
            interest: minorFromText(e.interestMinor),
            principal: minorFromText(e.principalMinor),
          },
    ),
  };
}

export interface CreateCreditLineInput {
  idempotencyKey: string;
  code: string;
  lenderId: string;
  currency: string;
  limit: string;
  convention: InterestConvention;
  ratePercent: string;
  opensOn: string;
  maturesOn: string;
}

export function createCreditLine(
  ctx: ServiceContext,
  input: CreateCreditLineInput,
): MutationOutcome<{ type: 'CreditLine'; id: number }> {
  mustBeAdmin(ctx, 'records credit lines');
  const { idempotencyKey, ...payload } = input;
  const lenderId = decodeId(input.lenderId, 'Lender', ['input', 'lenderId']);
  const issues = new IssueList();
  const code = text(issues, ['input', 'code'], input.code, 3, 40);
  if (!isCurrency(input.currency)) issues.add(['input', 'currency'], 'UNKNOWN_CURRENCY', 'must be PEN or USD');
  const limit = amountIn(issues, ['input', 'limit'], input.limit, input.currency);
  if (!(INTEREST_CONVENTIONS as readonly string[]).includes(input.convention))
    issues.add(['input', 'convention'], 'UNKNOWN_CONVENTION', `must be one of ${INTEREST_CONVENTIONS.join(', ')}`);
  const why = interestRateError(input.ratePercent);
  if (why) issues.add(['input', 'ratePercent'], 'INVALID_RATE', why);
  dateIn(issues, ['input', 'opensOn'], input.opensOn);
  dateIn(issues, ['input', 'maturesOn'], input.maturesOn);
  if (isCalendarDate(input.opensOn) && isCalendarDate(input.maturesOn) && input.maturesOn <= input.opensOn)
    issues.add(['input', 'maturesOn'], 'BEFORE_OPENING', 'matures after it opens');
  issues.throwIfAny();
  return runMutation(ctx, 'createCreditLine', idempotencyKey, payload, (tx) => {
    const lender = tx.select().from(lenders).where(eq(lenders.id, lenderId)).get();
    if (!lender) throw new NotFoundError(['input', 'lenderId'], input.lenderId, 'lender');
    if (tx.select({ id: creditLines.id }).from(creditLines).where(eq(creditLines.code, code)).get())
      throw new ConflictError('DUPLICATE_CODE', `a credit line with code ${code} exists`);
    const row = tx
      .insert(creditLines)
      .values({
        code,
        lenderId,
        currency: input.currency,
        limitMinor: limit.toString(),
        convention: input.convention,
        ratePct: input.ratePercent,
        opensOn: input.opensOn,
        maturesOn: input.maturesOn,
        recordedBy: ctx.principal.userId,
      })
      .returning({ id: creditLines.id })
      .get();
    return { type: 'CreditLine', id: row.id };
  });
}

export interface CreditLineMovementInput {
  idempotencyKey: string;
  lineId: string;
  amount: string;
  on: string;
}

function lineMovement(
  ctx: ServiceContext,
  input: CreditLineMovementInput,
  kind: 'drawdown' | 'repayment',
): MutationOutcome<{ type: 'CreditLineEvent'; id: number }> {
  mustBeAdmin(ctx, kind === 'drawdown' ? 'draws on credit lines' : 'repays credit lines');
  const { idempotencyKey, ...payload } = input;
  const lineId = decodeId(input.lineId, 'CreditLine', ['input', 'lineId']);
  const issues = new IssueList();
  dateIn(issues, ['input', 'on'], input.on);
  issues.throwIfAny();
  const now = ctx.clock.now();
  return runMutation(ctx, kind === 'drawdown' ? 'drawCreditLine' : 'repayCreditLine', idempotencyKey, payload, (tx) => {
    const line = tx.select().from(creditLines).where(eq(creditLines.id, lineId)).get();
    if (!line) throw new NotFoundError(['input', 'lineId'], input.lineId, 'credit line');
    const currency = line.currency as Currency;
    const amount = amountIn(issues, ['input', 'amount'], input.amount, currency);
    issues.throwIfAny();
    const t = today(ctx, tx);
    if (input.on > t) throw InvalidInputError.single(['input', 'on'], 'IN_FUTURE', `must not be after today (${t})`);
    const model = creditLineModel(tx, line);
    const last = model.events.at(-1);
    if (last && last.date > input.on)
      throw InvalidInputError.single(
        ['input', 'on'],
        'BEFORE_LAST_EVENT',
        `the line has a movement on ${last.date}: movements are recorded in date order`,
      );
    const pos = loanPosition(model, input.on);
    const f = (m: bigint) => formatAmount(m, currency);
    const chargedBefore = tx
      .select({ c: creditLineEvents.interestChargedMinor })
      .from(creditLineEvents)
      .where(eq(creditLineEvents.lineId, line.id))
      .all()
      .reduce((a, r) => a + minorFromText(r.c), 0n);
    const charge = pos.interestAccrued - chargedBefore;
    const acc = (
      ownerType: LineSpec['account']['ownerType'],
      ownerId: number | null,
      purpose: LineSpec['account']['purpose'],
    ) => ({ ownerType, ownerId, purpose, currency });
    const lines: LineSpec[] = [];
    if (charge !== 0n) {
      lines.push({
        account: acc('consortium', null, 'interest_expense'),
        minor: charge,
        memo: `${line.code}: interest to ${input.on}`,
      });
      lines.push({
        account: acc('lender', line.lenderId, 'credit_line'),
        minor: -charge,
        memo: `${line.code}: interest to ${input.on}`,
      });
    }
    let parts = { interest: 0n, principal: 0n };
    if (kind === 'drawdown') {
      if (input.on < line.opensOn || input.on >= line.maturesOn)
        throw InvalidInputError.single(
          ['input', 'on'],
          'OUTSIDE_TERM',
          `the line is open from ${line.opensOn} to before ${line.maturesOn}`,
        );
      const available = minorFromText(line.limitMinor) - pos.outstandingPrincipal;
      if (amount > available) {
        throw InvalidInputError.single(
          ['input', 'amount'],
          'ABOVE_LIMIT',
          `the line's limit is ${f(minorFromText(line.limitMinor))} ${currency}, ${f(pos.outstandingPrincipal)} drawn: ${f(available)} available`,
        );
      }
      lines.push({ account: acc('consortium', null, 'cash'), minor: amount, memo: `${line.code}: drawdown` });
      lines.push({
        account: acc('lender', line.lenderId, 'credit_line'),
        minor: -amount,
        memo: `${line.code}: drawdown`,
      });
    } else {
      if (pos.totalDue === 0n) throw new ConflictError('LINE_REPAID', `nothing is due on ${line.code}`);
      if (amount > pos.totalDue)
        throw InvalidInputError.single(
          ['input', 'amount'],
          'ABOVE_DUE',
          `${f(pos.totalDue)} ${currency} is due on ${line.code} on ${input.on}; ${input.amount} is more`,
        );
      const interest = amount < pos.interestDue ? amount : pos.interestDue;
      parts = { interest, principal: amount - interest };
      lines.push({
        account: acc('lender', line.lenderId, 'credit_line'),
        minor: amount,
        memo: `${line.code}: repayment`,
      });
      lines.push({ account: acc('consortium', null, 'cash'), minor: -amount, memo: `${line.code}: repayment` });
    }
    const entryId = postEntry(
      { tx, userId: ctx.principal.userId, now },
      {
        kind: `credit_line_${kind}`,
        occurredOn: input.on,
        description:
          kind === 'drawdown'
            ? `${line.code}: drew ${f(amount)} ${currency}`
            : `${line.code}: repaid ${f(amount)} ${currency} (interest ${f(parts.interest)}, principal ${f(parts.principal)})`,
        source: { type: 'credit_line', id: line.id },
        lines,
      },
    );
    const row = tx
      .insert(creditLineEvents)
      .values({
        lineId: line.id,
        kind,
        occurredOn: input.on,
        amountMinor: amount.toString(),
        interestMinor: parts.interest.toString(),
        principalMinor: parts.principal.toString(),
        interestChargedMinor: charge.toString(),
        entryId,
        recordedBy: ctx.principal.userId,
      })
      .returning({ id: creditLineEvents.id })
      .get();
    return { type: 'CreditLineEvent', id: row.id };
  });
}

/** Draws on the investor's line (admins): refused beyond the limit (ABOVE_LIMIT). */
export function drawCreditLine(ctx: ServiceContext, input: CreditLineMovementInput) {
  return lineMovement(ctx, input, 'drawdown');
}

/** Repays the investor's line (admins): interest to the day first, then principal; refused above what is due. */
export function repayCreditLine(ctx: ServiceContext, input: CreditLineMovementInput) {
  return lineMovement(ctx, input, 'repayment');
}

/** The latest valuation of each investor's equity on or before a date. */
export function equityOf(
  db: Queryable,
  lenderId: number,
  asOf: string,
): { currency: Currency; minor: bigint; valuedOn: string; source: string } | null {
  const row = db
    .select()
    .from(lenderEquity)
    .where(and(eq(lenderEquity.lenderId, lenderId), sql`${lenderEquity.valuedOn} <= ${asOf}`))
    .orderBy(sql`${lenderEquity.valuedOn} desc, ${lenderEquity.id} desc`)
    .get();
  return row
    ? {
        currency: row.currency as Currency,
        minor: minorFromText(row.amountMinor),
        valuedOn: row.valuedOn,
        source: row.source,
      }
    : null;
}
