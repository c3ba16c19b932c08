/**
 * The demo's campaign loans and the investor's line, recorded through the
 * real services (two admins for every disbursement) so they behave exactly
 * as API ones. Before the sales: endorsement limits, four loans from two
 * COPACs and a bank, their disbursements, the rates domestic sales need to
 * repay dollar loans, and SIDI's 2019 marketing line, drawn twice. After the
 * sales (which repay the loans in the settlement): the guarantee called on
 * the loan that fell behind, a repayment of the line, and SIDI's equity.
 *
 * What the sales do to them (docs/loans.md, "The demo"):
 * - COOPAC Santa María → Pangoa, PEN, TEA: repaid in full by the sales;
 * - Banco Andino → Jaén, USD, ACT/360: repaid in full by the sales;
 * - Banco Andino → Chanchamayo, USD, ACT/360: partly repaid, late after maturity;
 * - COOPAC Los Andes → San Ignacio, PEN, ACT/365 with an instalment it
 *   missed: guarantee called, the rest still owed.
 */
import { eq } from 'drizzle-orm';
import type { Principal } from '../../server/auth/policy.js';
import { fixedClock } from '../../server/domain/time.js';
import { encodeId } from '../../server/lib/global-id.js';
import type { ServiceContext } from '../../server/services/context.js';
import { auditedTransaction } from '../../server/services/audit.js';
import {
  callGuarantee,
  createCampaignLoan,
  createCreditLine,
  decideLoanRequest,
  drawCreditLine,
  repayCreditLine,
  requestLoanDisbursement,
  setEndorsementLimit,
} from '../../server/services/loans.js';
import { recordExchangeRate } from '../../server/services/settlement.js';
import type { DB } from '../client.js';
import { cooperatives, lenderEquity, lenders } from '../schema.js';

export interface SeedLoansOptions {
  maker: Principal;
  checker: Principal;
  campaignId: number;
}

export function seedLoans(db: DB, o: SeedLoansOptions): { loans: number } {
  const as = (p: Principal, iso: string): ServiceContext => ({ db, principal: p, clock: fixedClock(iso) });
  const campaign = encodeId('HarvestCampaign', o.campaignId);
  const coop = (code: string) =>
    encodeId(
      'Cooperative',
      db.select({ id: cooperatives.id }).from(cooperatives).where(eq(cooperatives.code, code)).get()!.id,
    );
  const lender = (code: string) =>
    encodeId('Lender', db.select({ id: lenders.id }).from(lenders).where(eq(lenders.code, code)).get()!.id);

  const limits = [
    ['CAC-PAN', 'PEN', '150000.00'],
    ['CAC-JAE', 'USD', '10000.00'],
    ['CAC-CHA', 'USD', '60000.00'],
    ['CAC-SIG', 'PEN', '40000.00'],
  ] as const;
  for (const [c, currency, limit] of limits) {
    setEndorsementLimit(as(o.maker, '2019-04-20T15:00:00Z'), {
      idempotencyKey: `demo-limit-${c}-${currency}`,
      cooperativeId: coop(c),
      campaignId: campaign,
      currency,
      limit,
    });
  }

  const loans = [
    {
      code: 'CSM-PAN-2019',
      lender: 'COOPAC-SM',
      coop: 'CAC-PAN',
      currency: 'PEN',
      principal: '120000.00',
      convention: 'tea_360',
      rate: '14',
      fee: '600.00',
      signedOn: '2019-05-02',
      maturity: '2020-01-31',
      disbursements: [
        ['2019-05-06', '80000.00'],
        ['2019-07-01', '40000.00'],
      ],
    },
    {
      code: 'BAF-JAE-2019',
      lender: 'BAF',
      coop: 'CAC-JAE',
      currency: 'USD',
      principal: '8000.00',
      convention: 'simple_act_360',
      rate: '11.5',
      fee: '80.00',
      signedOn: '2019-06-14',
      maturity: '2020-02-28',
      disbursements: [['2019-06-20', '8000.00']],
    },
    {
      code: 'BAF-CHA-2019',
      lender: 'BAF',
      coop: 'CAC-CHA',
      currency: 'USD',
      principal: '60000.00',
      convention: 'simple_act_360',
      rate: '12',
      fee: '300.00',
      signedOn: '2019-05-10',
      maturity: '2019-12-31',
      disbursements: [['2019-05-15', '60000.00']],
    },
    {
      code: 'CLA-SIG-2019',
      lender: 'COOPAC-LA',
      coop: 'CAC-SIG',
      currency: 'PEN',
      principal: '45000.00',
      convention: 'simple_act_365',
      rate: '16',
      fee: '0',
      signedOn: '2019-06-01',
      maturity: '2019-10-31',
      endorsed: '36000.00',
      instalments: [{ dueOn: '2019-08-31', principal: '20000.00' }],
      disbursements: [['2019-06-03', '45000.00']],
    },
  ] as const;
  for (const l of loans) {
    const loan = createCampaignLoan(as(o.maker, `${l.signedOn}T16:00:00Z`), {
      idempotencyKey: `demo-loan-${l.code}`,
      code: l.code,
      lenderId: lender(l.lender),
      cooperativeId: coop(l.coop),
      campaignId: campaign,
      currency: l.currency,
      principal: l.principal,
      convention: l.convention,
      ratePercent: l.rate,
      fee: l.fee,
      endorsed: 'endorsed' in l ? l.endorsed : null,
      signedOn: l.signedOn,
      maturity: l.maturity,
      instalments: 'instalments' in l ? [...l.instalments] : null,
    }).result.id;
    // Four eyes: Ana asks, Bruno approves.
    for (const [on, amount] of l.disbursements) {
      const request = requestLoanDisbursement(as(o.maker, `${on}T14:00:00Z`), {
        idempotencyKey: `demo-disburse-${l.code}-${on}`,
        loanId: encodeId('CampaignLoan', loan),
        amount,
        disbursedOn: on,
        reason: `${l.lender} transfer to ${l.coop}, ${on}`,
      }).result.id;
      decideLoanRequest(as(o.checker, `${on}T16:30:00Z`), {
        idempotencyKey: `demo-approve-${l.code}-${on}`,
        requestId: encodeId('LoanRequest', request),
        approve: true,
      });
    }
  }

  // Domestic sales are paid in PEN; the dollar loans they repay convert at the day's SBS rate.
  for (const [on, rate] of [
    ['2019-11-04', '3.3790'],
    ['2019-12-05', '3.3880'],
  ] as const) {
    recordExchangeRate(as(o.maker, `${on}T13:00:00Z`), {
      idempotencyKey: `demo-rate-${on}`,
      base: 'USD',
      quote: 'PEN',
      rate,
      ratedOn: on,
      source: `SBS tipo de cambio compra ${on}`,
    });
  }

  // SIDI's 2019 marketing-campaign line: 400,000 USD, drawn as the harvest came in.
  const line = createCreditLine(as(o.maker, '2019-04-25T15:00:00Z'), {
    idempotencyKey: 'demo-line-SIDI-2019',
    code: 'SIDI-2019',
    lenderId: lender('SIDI'),
    currency: 'USD',
    limit: '400000.00',
    convention: 'simple_act_360',
    ratePercent: '7.5',
    opensOn: '2019-05-01',
    maturesOn: '2020-04-30',
  }).result.id;
  for (const [on, amount] of [
    ['2019-05-15', '250000.00'],
    ['2019-09-02', '150000.00'],
  ] as const) {
    drawCreditLine(as(o.maker, `${on}T15:00:00Z`), {
      idempotencyKey: `demo-draw-SIDI-${on}`,
      lineId: encodeId('CreditLine', line),
      amount,
      on,
    });
  }
  return { loans: loans.length };
}

/** After the sales: San Ignacio's guarantee is called, the line is partly repaid, SIDI's equity is valued. */
export function seedLoanAftermath(db: DB, o: SeedLoansOptions): void {
  const as = (p: Principal, iso: string): ServiceContext => ({ db, principal: p, clock: fixedClock(iso) });
  const sig = db.get<{ id: number }>(`select id from campaign_loans where code = 'CLA-SIG-2019'`);
  if (sig)
    callGuarantee(as(o.maker, '2020-02-14T15:00:00Z'), {
      idempotencyKey: 'demo-call-CLA-SIG-2019',
      loanId: encodeId('CampaignLoan', sig.id),
      calledOn: '2020-02-14',
    });
  const line = db.get<{ id: number }>(`select id from credit_lines where code = 'SIDI-2019'`);
  if (line)
    repayCreditLine(as(o.maker, '2020-01-20T15:00:00Z'), {
      idempotencyKey: 'demo-repay-SIDI-2020-01-20',
      lineId: encodeId('CreditLine', line.id),
      amount: '200000.00',
      on: '2020-01-20',
    });
  const sidi = db.select({ id: lenders.id }).from(lenders).where(eq(lenders.code, 'SIDI')).get();
  if (sidi) {
    auditedTransaction(db, 'seedDemo:lenderEquity', (tx) =>
      tx
        .insert(lenderEquity)
        .values({
          lenderId: sidi.id,
          currency: 'USD',
          amountMinor: '100000000',
          valuedOn: '2019-12-31',
          source: 'SIDI\u2019s equity in the consortium at book value, 31 Dec 2019 (demo figure)',
        })
        .run(),
    );
  }
}
