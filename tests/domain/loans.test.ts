/**
 * Campaign loans on the worked example of docs/loans.md, number for number:
 * the positions of its two loans, the waterfall of a 7,000.00 USD and a
 * 15,000.00 USD payment, arrears and aging, PAR30, the endorsement and the
 * coverage ratio; then the waterfall's invariants as properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, ROUND_HALF_EVEN } from '../../server/domain/decimal.js';
import { INTEREST_CONVENTIONS, addDays } from '../../server/domain/interest.js';
import {
  AGING_BUCKETS,
  type ExchangeRate,
  type Loan,
  type LoanEvent,
  REPAYMENT_ORDER,
  agingBucket,
  allocateRepayment,
  convertExact,
  coverageRatio,
  daysPastDue,
  endorsementHeld,
  endorsementHeldAsOf,
  loanArrears,
  loanPosition,
  par30,
  portfolioAtRisk,
  repaymentEvent,
} from '../../server/domain/loans.js';
import { type Currency, formatAmount, toMinor } from '../../server/domain/money.js';
import { valueOf } from '../../server/domain/pricing.js';

const usd = (m: bigint) => formatAmount(m, 'USD');
const pen = (m: bigint) => formatAmount(m, 'PEN');
const rate: ExchangeRate = { base: 'USD', quote: 'PEN', rate: '3.75' };

/** Loan 1: 10,000.00 USD at TEA 12 %, three principal instalments; 287.37 interest and 4,000.00 principal repaid on 30 May. */
const loan1: Loan = {
  id: 1,
  lenderId: 10,
  currency: 'USD',
  convention: 'tea_360',
  ratePct: '12',
  maturity: '2024-08-31',
  instalments: [
    { due: '2024-05-31', principal: 400_000n },
    { due: '2024-06-28', principal: 300_000n },
    { due: '2024-08-31', principal: 300_000n },
  ],
  events: [
    { kind: 'disbursement', date: '2024-03-01', amount: 1_000_000n },
    { kind: 'repayment', date: '2024-05-30', fees: 0n, interest: 28_737n, principal: 400_000n },
  ],
};

/** Loan 2: 50,000.00 PEN at 18.5 % simple ACT/360, a 500.00 fee; repaid in part on 14 June; a 150.00 late fee on 16 July. */
const loan2: Loan = {
  id: 2,
  lenderId: 20,
  currency: 'PEN',
  convention: 'simple_act_360',
  ratePct: '18.5',
  maturity: '2024-07-15',
  events: [
    { kind: 'disbursement', date: '2024-04-15', amount: 5_000_000n },
    { kind: 'fee', date: '2024-04-15', amount: 50_000n },
    { kind: 'repayment', date: '2024-06-14', fees: 50_000n, interest: 154_167n, principal: 2_000_000n },
    { kind: 'fee', date: '2024-07-16', amount: 15_000n },
  ],
};

const withEvents = (loan: Loan, ...events: LoanEvent[]): Loan => ({ ...loan, events: [...loan.events, ...events] });

describe('the worked example: positions as of 30 July 2024', () => {
  it('loan 1 (TEA): 6,000.00 principal, 403.70 accrued − 287.37 paid = 116.33 interest, 6,116.33 due', () => {
    const p = loanPosition(loan1, '2024-07-30');
    expect(p.segments).toEqual([
      { principal: 1_000_000n, from: '2024-03-01', to: '2024-05-30' },
      { principal: 600_000n, from: '2024-05-30', to: '2024-07-30' },
    ]);
    expect(p.interestAccruedExact.slice(0, 12)).toBe('403.70431515');
    expect([
      usd(p.outstandingPrincipal),
      usd(p.interestAccrued),
      usd(p.interestPaid),
      usd(p.interestDue),
      usd(p.feesDue),
      usd(p.totalDue),
    ]).toEqual(['6000.00', '403.70', '287.37', '116.33', '0.00', '6116.33']);
    expect(p.firstDisbursement).toBe('2024-03-01');
  });

  it('loan 2 (ACT/360): 30,000.00 principal, 2,250.83 accrued − 1,541.67 paid = 709.16, fees 150.00, 30,859.16 due', () => {
    const p = loanPosition(loan2, '2024-07-30');
    expect([pen(p.outstandingPrincipal), pen(p.interestAccrued), pen(p.interestPaid), pen(p.interestDue)]).toEqual([
      '30000.00',
      '2250.83',
      '1541.67',
      '709.16',
    ]);
    expect([pen(p.feesCharged), pen(p.feesPaid), pen(p.feesDue), pen(p.totalDue)]).toEqual([
      '650.00',
      '500.00',
      '150.00',
      '30859.16',
    ]);
  });

  it('loan 2 under ACT/365 instead would owe 2,220.00 − 1,520.55 = 699.45 interest', () => {
    const act365: Loan = {
      ...loan2,
      convention: 'simple_act_365',
      events: loan2.events.map((e) => (e.kind === 'repayment' ? { ...e, interest: 152_055n } : e)),
    };
    const p = loanPosition(act365, '2024-07-30');
    expect([pen(p.interestAccrued), pen(p.interestDue)]).toEqual(['2220.00', '699.45']);
  });

  it('ignores events after the as-of date, and a disbursement bears interest from its own day', () => {
    const p = loanPosition(loan2, '2024-04-15');
    expect([p.outstandingPrincipal, p.interestAccrued, p.feesDue]).toEqual([5_000_000n, 0n, 50_000n]);
    // one day later: 50,000.00 × 18.5 % / 360 = 25.694… → 25.69
    expect(pen(loanPosition(loan2, '2024-04-16').interestDue)).toBe('25.69');
    expect(loanPosition(loan1, '2024-02-29').firstDisbursement).toBeNull();
  });

  it('does not cut a segment where only interest or fees were paid', () => {
    const paidInterest = withEvents(loan1, {
      kind: 'repayment',
      date: '2024-07-01',
      fees: 0n,
      interest: 5_000n,
      principal: 0n,
    });
    const p = loanPosition(paidInterest, '2024-07-30');
    expect(p.segments.length).toBe(2);
    expect([usd(p.interestAccrued), usd(p.interestDue)]).toEqual(['403.70', '66.33']);
  });

  it('refuses a history that repays more than was owed', () => {
    expect(() =>
      loanPosition(
        withEvents(loan1, { kind: 'repayment', date: '2024-06-01', fees: 0n, interest: 0n, principal: 600_001n }),
        '2024-07-30',
      ),
    ).toThrow(/more principal/);
    expect(() =>
      loanPosition(
        withEvents(loan1, { kind: 'repayment', date: '2024-06-01', fees: 1n, interest: 0n, principal: 0n }),
        '2024-07-30',
      ),
    ).toThrow(/more fees/);
    // by 1 June, 287.37 + 6,000.00 × (1.12^(2/360) − 1) = 287.37 + 3.78 had accrued: 3.79 more is too much
    expect(() =>
      loanPosition(
        withEvents(loan1, { kind: 'repayment', date: '2024-06-01', fees: 0n, interest: 379n, principal: 0n }),
        '2024-07-30',
      ),
    ).toThrow(/more interest/);
    expect(() =>
      loanPosition(
        withEvents(loan1, { kind: 'repayment', date: '2024-06-01', fees: 0n, interest: 378n, principal: 0n }),
        '2024-07-30',
      ),
    ).not.toThrow();
    expect(() =>
      loanPosition(withEvents(loan1, { kind: 'disbursement', date: '2024-06-01', amount: 0n }), '2024-07-30'),
    ).toThrow(RangeError);
    expect(() => loanPosition({ ...loan1, ratePct: '-1' }, '2024-07-30')).toThrow(RangeError);
  });
});

describe('the waterfall: 7,000.00 USD on 30 July 2024 at 3.75 PEN per USD', () => {
  const a = allocateRepayment({
    date: '2024-07-30',
    currency: 'USD',
    available: 700_000n,
    rate,
    loans: [loan2, loan1],
  });
  const [first, second] = a.loans as [(typeof a.loans)[0], (typeof a.loans)[0]];

  it('names its order', () => {
    expect(REPAYMENT_ORDER).toEqual(['fees', 'interest', 'principal']);
  });

  it('takes loan 1 first (first disbursed 1 March), whatever order it is given in', () => {
    expect(a.loans.map((l) => l.loanId)).toEqual([1, 2]);
  });

  it('pays loan 1 in full: 6,116.33 USD (interest 116.33, principal 6,000.00)', () => {
    expect([
      usd(first.paid),
      usd(first.paidInLoanCurrency),
      usd(first.fees),
      usd(first.interest),
      usd(first.principal),
      first.fullyPaid,
    ]).toEqual(['6116.33', '6116.33', '0.00', '116.33', '6000.00', true]);
    expect(first.why).toBe(
      'loan 1 (USD, first disbursed 2024-03-01): 6116.33 USD due (fees 0.00, interest 116.33 to 2024-07-30, principal 6000.00): paid in full',
    );
  });

  it('pays loan 2 with the 883.67 USD left = 3,313.76 PEN: fees 150.00, interest 709.16, principal 2,454.60', () => {
    expect([usd(second.dueInPaymentCurrency), usd(second.paid), pen(second.paidInLoanCurrency)]).toEqual([
      '8229.11',
      '883.67',
      '3313.76',
    ]);
    expect([pen(second.fees), pen(second.interest), pen(second.principal), second.fullyPaid]).toEqual([
      '150.00',
      '709.16',
      '2454.60',
      false,
    ]);
    expect(second.why).toBe(
      'loan 2 (PEN, first disbursed 2024-04-15): 30859.16 PEN due (fees 150.00, interest 709.16 to 2024-07-30, principal 30000.00) ' +
        '= 8229.11 USD at 3.75 PEN per USD, rounded up; only 883.67 USD left, = 3313.76 PEN (half-even), ' +
        'paid in order (fees 150.00, interest 709.16, principal 2454.60); 27545.40 PEN remains due',
    );
  });

  it('leaves nothing over, and every cent is accounted for', () => {
    expect(a.remainder).toBe(0n);
    expect(first.paid + second.paid + a.remainder).toBe(700_000n);
  });

  it('leaves loan 2 with 27,545.40 principal, which bears 14.16 interest the next day', () => {
    const after = withEvents(loan2, repaymentEvent(second, '2024-07-30')!);
    const p = loanPosition(after, '2024-07-31');
    expect([pen(p.outstandingPrincipal), pen(p.interestDue), pen(p.feesDue)]).toEqual(['27545.40', '14.16', '0.00']);
  });
});

describe('the waterfall: had the payment been 15,000.00 USD', () => {
  const a = allocateRepayment({
    date: '2024-07-30',
    currency: 'USD',
    available: 1_500_000n,
    rate,
    loans: [loan1, loan2],
  });
  const second = a.loans[1]!;

  it('pays loan 2 in full with 30,859.16 PEN ÷ 3.75 = 8,229.1093… → 8,229.11 USD, rounded up', () => {
    expect([usd(second.paid), pen(second.paidInLoanCurrency), second.fullyPaid]).toEqual(['8229.11', '30859.16', true]);
    expect(second.why).toContain(
      '= 8229.11 USD at 3.75 PEN per USD, rounded up to the USD minor unit; paid in full with 8229.11 USD',
    );
  });

  it('returns 15,000.00 − 6,116.33 − 8,229.11 = 654.56 USD to the cooperative', () => {
    expect(usd(a.remainder)).toBe('654.56');
  });

  it('leaves no residue on either loan', () => {
    const l1 = withEvents(loan1, repaymentEvent(a.loans[0]!, '2024-07-30')!);
    const l2 = withEvents(loan2, repaymentEvent(second, '2024-07-30')!);
    expect(loanPosition(l1, '2024-07-30').totalDue).toBe(0n);
    expect(loanPosition(l2, '2024-07-30').totalDue).toBe(0n);
    // and nothing accrues after: a fully repaid loan stays at 0
    expect(loanPosition(l2, '2024-12-31').totalDue).toBe(0n);
  });

  it('8,229.10 USD would not have been enough: 30,859.125 PEN, half a céntimo short → 30,859.12', () => {
    const b = allocateRepayment({
      date: '2024-07-30',
      currency: 'USD',
      available: 611_633n + 822_910n,
      rate,
      loans: [loan1, loan2],
    });
    expect([pen(b.loans[1]!.paidInLoanCurrency), b.loans[1]!.fullyPaid, b.remainder]).toEqual(['30859.12', false, 0n]);
  });
});

describe('the waterfall: edge cases', () => {
  const penLoan = (id: number, date: string, amount: bigint): Loan => ({
    id,
    lenderId: 1,
    currency: 'PEN',
    convention: 'simple_act_360',
    ratePct: '0',
    maturity: '2025-12-31',
    events: [{ kind: 'disbursement', date, amount }],
  });

  it('same currency, partial: fees, then interest, then principal', () => {
    const a = allocateRepayment({
      date: '2024-07-30',
      currency: 'PEN',
      available: 50_000n,
      rate: null,
      loans: [loan2],
    });
    const l = a.loans[0]!;
    expect([pen(l.fees), pen(l.interest), pen(l.principal), pen(a.remainder)]).toEqual([
      '150.00',
      '350.00',
      '0.00',
      '0.00',
    ]);
    expect(l.why).toContain(
      'only 500.00 PEN left, paid in order (fees 150.00, interest 350.00, principal 0.00); 30359.16 PEN remains due',
    );
  });

  it('breaks a tie of first disbursement dates by loan id, and reports a loan nothing reaches', () => {
    const a = allocateRepayment({
      date: '2024-07-30',
      currency: 'PEN',
      available: 10_000n,
      rate: null,
      loans: [penLoan(9, '2024-05-01', 10_000n), penLoan(4, '2024-05-01', 10_000n)],
    });
    expect(a.loans.map((l) => [l.loanId, l.paid])).toEqual([
      [4, 10_000n],
      [9, 0n],
    ]);
    expect(a.loans[1]!.why).toContain('nothing left to pay it; 100.00 PEN remains due');
  });

  it('leaves out loans not disbursed by the payment date, shows fully repaid ones as nothing to pay', () => {
    const repaid = withEvents(penLoan(5, '2024-05-01', 10_000n), {
      kind: 'repayment',
      date: '2024-06-01',
      fees: 0n,
      interest: 0n,
      principal: 10_000n,
    });
    const a = allocateRepayment({
      date: '2024-07-30',
      currency: 'PEN',
      available: 10_000n,
      rate: null,
      loans: [repaid, { ...penLoan(6, '2024-05-01', 1n), events: [] }],
    });
    expect(a.loans.map((l) => [l.loanId, l.paid, l.why.endsWith('nothing to pay')])).toEqual([[5, 0n, true]]);
    expect(a.remainder).toBe(10_000n);
  });

  it('clears a loan when what is left converts back, half-even, to all that is due', () => {
    // 10.00 PEN due = 2.9411… USD → 2.95 rounded up; 2.94 USD × 3.40 = 9.996 → 10.00 PEN
    const a = allocateRepayment({
      date: '2024-07-30',
      currency: 'USD',
      available: 294n,
      rate: { base: 'USD', quote: 'PEN', rate: '3.40' },
      loans: [penLoan(1, '2024-05-01', 1_000n)],
    });
    const l = a.loans[0]!;
    expect([l.dueInPaymentCurrency, l.paid, l.paidInLoanCurrency, l.fullyPaid, a.remainder]).toEqual([
      295n,
      294n,
      1_000n,
      true,
      0n,
    ]);
  });

  it('pays nothing for no credit: 0.01 PEN is worth 0.0027 USD, which rounds to 0.00', () => {
    const usdLoan: Loan = { ...penLoan(1, '2024-05-01', 1_000n), currency: 'USD' };
    const a = allocateRepayment({
      date: '2024-07-30',
      currency: 'PEN',
      available: 1n,
      rate,
      loans: [usdLoan, penLoan(2, '2024-06-01', 1_000n)],
    });
    expect(a.loans.map((l) => [l.loanId, l.paid, l.paidInLoanCurrency])).toEqual([
      [1, 0n, 0n],
      [2, 1n, 1n],
    ]);
    expect(a.loans[0]!.why).toContain('worth less than half a USD minor unit');
  });

  it('converts a USD loan paid in PEN: 10.00 USD = 37.50 PEN exactly', () => {
    const usdLoan: Loan = { ...penLoan(1, '2024-05-01', 1_000n), currency: 'USD' };
    const a = allocateRepayment({ date: '2024-07-30', currency: 'PEN', available: 5_000n, rate, loans: [usdLoan] });
    expect([a.loans[0]!.paid, a.loans[0]!.paidInLoanCurrency, a.remainder]).toEqual([3_750n, 1_000n, 1_250n]);
  });

  it('refuses a missing or foreign rate, a negative amount, later events and a loan listed twice', () => {
    const usdLoan: Loan = { ...penLoan(1, '2024-05-01', 1_000n), currency: 'USD' };
    expect(() =>
      allocateRepayment({ date: '2024-07-30', currency: 'PEN', available: 1n, rate: null, loans: [usdLoan] }),
    ).toThrow(/needs an exchange rate/);
    expect(() =>
      allocateRepayment({
        date: '2024-07-30',
        currency: 'PEN',
        available: 1n,
        rate: { base: 'PEN', quote: 'PEN', rate: '1' },
        loans: [usdLoan],
      }),
    ).toThrow(/cannot convert/);
    expect(() =>
      allocateRepayment({ date: '2024-07-30', currency: 'PEN', available: -1n, rate: null, loans: [] }),
    ).toThrow(RangeError);
    expect(() =>
      allocateRepayment({ date: '2024-07-10', currency: 'PEN', available: 1n, rate: null, loans: [loan2] }),
    ).toThrow(/a fee on 2024-07-16, after the payment date/);
    expect(() =>
      allocateRepayment({ date: '2024-07-30', currency: 'PEN', available: 1n, rate: null, loans: [loan2, loan2] }),
    ).toThrow(/twice/);
  });
});

describe('arrears and aging', () => {
  it('names its buckets as ranges of days', () => {
    expect(AGING_BUCKETS.map((b) => b.name)).toEqual(['current', '1-30', '31-60', '61-90', 'over-90']);
    expect([0, 1, 30, 31, 60, 61, 90, 91, 1000].map(agingBucket)).toEqual([
      'current',
      '1-30',
      '1-30',
      '31-60',
      '31-60',
      '61-90',
      '61-90',
      'over-90',
      'over-90',
    ]);
    expect(() => agingBucket(-1)).toThrow(RangeError);
  });

  it('loan 1 is 32 days late on 30 July: its 28 June instalment is unpaid (31-60)', () => {
    expect(loanArrears(loan1, '2024-07-30')).toEqual({
      loanId: 1,
      asOf: '2024-07-30',
      since: '2024-06-28',
      daysPastDue: 32,
      bucket: '31-60',
      outstandingPrincipal: 600_000n,
    });
    // the 31 May instalment was paid on 30 May; on the 28 June due date itself it is not late yet
    expect(daysPastDue(loan1, '2024-06-28')).toBe(0);
    expect(daysPastDue(loan1, '2024-06-29')).toBe(1);
  });

  it('loan 2 is 15 days late on 30 July: it matured on 15 July (1-30)', () => {
    expect(loanArrears(loan2, '2024-07-30')).toMatchObject({ since: '2024-07-15', daysPastDue: 15, bucket: '1-30' });
    expect(daysPastDue(loan2, '2024-07-15')).toBe(0);
    expect(daysPastDue(loan2, '2024-10-14')).toBe(91);
    expect(loanArrears(loan2, '2024-10-14').bucket).toBe('over-90');
  });

  it('counts interest or fees left after maturity as late too, and a repaid loan as current', () => {
    const onlyInterestLeft = withEvents(loan2, {
      kind: 'repayment',
      date: '2024-07-30',
      fees: 15_000n,
      interest: 0n,
      principal: 3_000_000n,
    });
    expect(loanArrears(onlyInterestLeft, '2024-08-01')).toMatchObject({ daysPastDue: 17, outstandingPrincipal: 0n });
    const a = allocateRepayment({
      date: '2024-07-30',
      currency: 'USD',
      available: 1_500_000n,
      rate,
      loans: [loan1, loan2],
    });
    const l1 = withEvents(loan1, repaymentEvent(a.loans[0]!, '2024-07-30')!);
    expect(loanArrears(l1, '2024-09-30')).toMatchObject({ since: null, daysPastDue: 0, bucket: 'current' });
  });
});

describe('PAR30', () => {
  it('as of 30 July: 6,000.00 USD at risk of 6,000.00 USD + 30,000.00 PEN: 22,500 / 52,500 = 0.428571… → 0.4286', () => {
    expect(par30([loan1, loan2], '2024-07-30', { currency: 'PEN', rate })).toBe('0.4286');
    expect(par30([loan1, loan2], '2024-07-30', { currency: 'USD', rate })).toBe('0.4286');
  });

  it('counts only loans more than 30 days late', () => {
    expect(par30([loan2], '2024-08-14')).toBe('0'); // 30 days
    expect(par30([loan2], '2024-08-15')).toBe('1'); // 31 days
    expect(portfolioAtRisk([loan1, loan2], '2024-07-30', { overDays: 10, currency: 'USD', rate })).toBe('1');
  });

  it('is "0" when nothing is outstanding, and refuses to mix currencies without a reporting currency', () => {
    expect(par30([], '2024-07-30')).toBe('0');
    expect(par30([loan1], '2024-02-01')).toBe('0');
    expect(() => par30([loan1, loan2], '2024-07-30')).toThrow(/reporting currency/);
  });
});

describe('endorsement release', () => {
  it('loan 2, endorsed for 20,000.00 PEN, after the 7,000.00 USD payment: 20,000.00 × 27,545.40 / 50,000.00 = 11,018.16', () => {
    const a = allocateRepayment({
      date: '2024-07-30',
      currency: 'USD',
      available: 700_000n,
      rate,
      loans: [loan1, loan2],
    });
    const after = withEvents(loan2, repaymentEvent(a.loans[1]!, '2024-07-30')!);
    expect(pen(endorsementHeldAsOf(after, 2_000_000n, '2024-07-31'))).toBe('11018.16');
    expect(pen(endorsementHeldAsOf(loan2, 2_000_000n, '2024-07-30'))).toBe('12000.00');
    expect(pen(endorsementHeldAsOf(loan2, 2_000_000n, '2024-04-01'))).toBe('20000.00');
  });

  it('rounds up: 10,000.00 × 10,000.00 / 30,000.00 = 3,333.333… → 3,333.34 held', () => {
    expect(pen(endorsementHeld(1_000_000n, 3_000_000n, 1_000_000n))).toBe('3333.34');
    expect(pen(endorsementHeld(1_000_000n, 3_000_000n, 1n))).toBe('0.01');
    expect(endorsementHeld(1_000_000n, 3_000_000n, 0n)).toBe(0n);
    expect(endorsementHeld(1_000_000n, 3_000_000n, 3_000_000n)).toBe(1_000_000n);
    expect(() => endorsementHeld(-1n, 1n, 1n)).toThrow(RangeError);
  });
});

describe('coverage ratio', () => {
  it('12,000 kg at 2.50 USD/lb = 66,138.68 USD against 6,116.33 USD + 30,859.16 PEN owed: 4.6104', () => {
    const value = valueOf(12_000_000, '2.50', 'USD');
    expect(usd(value)).toBe('66138.68');
    const owed = [
      { currency: 'USD' as const, minor: 611_633n },
      { currency: 'PEN' as const, minor: 3_085_916n },
    ];
    expect(convertExact(3_085_916n, 'PEN', 'USD', rate).toFixed(6)).toBe('8229.109333');
    expect(coverageRatio({ currency: 'USD', minor: value }, owed, rate)).toBe('4.6104');
  });

  it('is null when nothing is owed, "0" when nothing is left to sell', () => {
    expect(coverageRatio({ currency: 'USD', minor: 100n }, [], null)).toBeNull();
    expect(coverageRatio({ currency: 'USD', minor: 100n }, [{ currency: 'USD', minor: 0n }], null)).toBeNull();
    expect(coverageRatio({ currency: 'USD', minor: 0n }, [{ currency: 'USD', minor: 100n }], null)).toBe('0');
    expect(coverageRatio({ currency: 'USD', minor: 100n }, [{ currency: 'USD', minor: 300n }], null)).toBe('0.3333');
  });
});

describe('properties of the waterfall', () => {
  const currency = fc.constantFrom<Currency>('PEN', 'USD');
  const rateArb = fc
    .integer({ min: 25_000, max: 45_000 })
    .map((n): ExchangeRate => ({ base: 'USD', quote: 'PEN', rate: new Dec(String(n)).div('10000').toFixed() }));
  const loanArb = (id: number) =>
    fc
      .record({
        currency,
        convention: fc.constantFrom(...INTEREST_CONVENTIONS),
        rate: fc.integer({ min: 0, max: 4000 }),
        start: fc.integer({ min: 0, max: 60 }),
        amount: fc.bigInt({ min: 1n, max: 10_000_000n }),
        second: fc.option(
          fc.record({ day: fc.integer({ min: 0, max: 40 }), amount: fc.bigInt({ min: 1n, max: 5_000_000n }) }),
          { nil: undefined },
        ),
        fee: fc.option(
          fc.record({ day: fc.integer({ min: 0, max: 40 }), amount: fc.bigInt({ min: 1n, max: 100_000n }) }),
          { nil: undefined },
        ),
        term: fc.integer({ min: 30, max: 300 }),
      })
      .map((r): Loan => {
        const day = (n: number) => addDays('2024-01-01', n);
        const events: LoanEvent[] = [{ kind: 'disbursement', date: day(r.start), amount: r.amount }];
        if (r.second) events.push({ kind: 'disbursement', date: day(r.start + r.second.day), amount: r.second.amount });
        if (r.fee) events.push({ kind: 'fee', date: day(r.start + r.fee.day), amount: r.fee.amount });
        return {
          id,
          lenderId: id * 10,
          currency: r.currency,
          convention: r.convention,
          ratePct: new Dec(String(r.rate)).div('100').toFixed(),
          maturity: day(r.start + r.term),
          events,
        };
      });
  const portfolio = fc
    .integer({ min: 1, max: 3 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => loanArb(i + 1))));
  const payments = fc.array(
    fc.record({
      gap: fc.integer({ min: 0, max: 120 }),
      currency,
      available: fc.bigInt({ min: 0n, max: 20_000_000n }),
      rate: rateArb,
    }),
    { minLength: 1, maxLength: 4 },
  );

  it('pays nothing beyond what is due, loses no cent, never leaves a residue or a negative balance', () => {
    fc.assert(
      fc.property(portfolio, payments, (initial, pays) => {
        let loans: Loan[] = initial;
        let date = '2024-04-10'; // after every generated event
        for (const p of pays) {
          date = addDays(date, p.gap);
          const a = allocateRepayment({ date, currency: p.currency, available: p.available, rate: p.rate, loans });
          // paid + remainder = available, exactly
          expect(a.loans.reduce((s, l) => s + l.paid, 0n) + a.remainder).toBe(p.available);
          expect(a.remainder >= 0n).toBe(true);
          const firstDates = a.loans.map(
            (l) => loanPosition(loans.find((x) => x.id === l.loanId)!, date).firstDisbursement!,
          );
          expect([...firstDates].sort()).toEqual(firstDates);
          for (const l of a.loans) {
            expect(l.paid >= 0n && l.paid <= l.dueInPaymentCurrency).toBe(true);
            for (const c of REPAYMENT_ORDER) expect(l[c] >= 0n && l[c] <= l.due[c]).toBe(true);
            expect(l.fees + l.interest + l.principal).toBe(l.paidInLoanCurrency);
            // in order: interest only once fees are paid, principal only once interest is
            if (l.interest > 0n) expect(l.fees).toBe(l.due.fees);
            if (l.principal > 0n) expect(l.interest).toBe(l.due.interest);
            const dueTotal = l.due.fees + l.due.interest + l.due.principal;
            expect(l.fullyPaid).toBe(l.paidInLoanCurrency === dueTotal);
            if (l.paid === l.dueInPaymentCurrency && dueTotal > 0n) {
              // covered in currency X: converting back leaves no cent behind
              expect(l.paidInLoanCurrency).toBe(dueTotal);
              const back = toMinor(
                convertExact(l.paid, p.currency, l.loanCurrency, p.rate),
                l.loanCurrency,
                ROUND_HALF_EVEN,
              );
              expect(back >= dueTotal).toBe(true);
            }
          }
          // money reaches the cooperative only once every loan it could pay is paid
          if (a.remainder > 0n)
            for (const l of a.loans) expect(l.fullyPaid || (l.paid === 0n && l.loanCurrency !== p.currency)).toBe(true);
          loans = loans.map((loan) => {
            const row = a.loans.find((l) => l.loanId === loan.id);
            const e = row && repaymentEvent(row, date);
            return e ? withEvents(loan, e) : loan;
          });
          for (const loan of loans) {
            const row = a.loans.find((l) => l.loanId === loan.id);
            const pos = loanPosition(loan, date);
            for (const v of [pos.outstandingPrincipal, pos.interestDue, pos.feesDue, pos.totalDue])
              expect(v >= 0n).toBe(true);
            if (row?.fullyPaid) expect(pos.totalDue).toBe(0n);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the amount due, converted and rounded up, converts back to at least what is due; a minor unit less is worth less', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), currency, rateArb, (due, loanCurrency, r) => {
        const payCurrency: Currency = loanCurrency === 'PEN' ? 'USD' : 'PEN';
        const a = allocateRepayment({
          date: '2024-07-30',
          currency: payCurrency,
          available: 10n ** 14n,
          rate: r,
          loans: [
            {
              id: 1,
              lenderId: 1,
              currency: loanCurrency,
              convention: 'simple_act_360',
              ratePct: '0',
              maturity: '2024-12-31',
              events: [{ kind: 'disbursement', date: '2024-01-01', amount: due }],
            },
          ],
        });
        const l = a.loans[0]!;
        expect(l.paidInLoanCurrency).toBe(due);
        expect(toMinor(convertExact(l.paid, payCurrency, loanCurrency, r), loanCurrency, ROUND_HALF_EVEN) >= due).toBe(
          true,
        );
        expect(
          convertExact(l.paid - 1n, payCurrency, loanCurrency, r)
            .times('100')
            .lt(due.toString()),
        ).toBe(true);
        expect(l.paid + a.remainder).toBe(10n ** 14n);
      }),
      { numRuns: 200 },
    );
  });
});
