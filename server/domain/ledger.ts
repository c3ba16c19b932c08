/**
 * Double-entry bookkeeping rules, as pure functions. A journal entry is a
 * set of lines, each an amount in minor units on one account: positive for a
 * debit, negative for a credit. An entry is valid only if, for every
 * currency it touches, its lines sum to zero. Entries are never edited: a
 * correction is a reversal entry whose lines are the original's, negated.
 * docs/ledger.md describes the accounts and every posting the platform makes.
 */
import type { Currency } from './money.js';

/** Who an account belongs to. The consortium is the one owner without an id. */
export type OwnerType = 'consortium' | 'cooperative' | 'farmer' | 'lender' | 'buyer';

/**
 * What an account is for. Debit-normal accounts hold what the owner has or is
 * owed; credit-normal ones what it owes or earned.
 */
export const ACCOUNT_PURPOSES = {
  cash: { normal: 'debit', description: 'Money held (bank and cash).' },
  farmer_balance: {
    normal: 'credit',
    description:
      'What a cooperative owes one of its farmers: credited with the farmer\u2019s share of settlements, debited with advances and payouts. A debit balance is what the farmer owes.',
  },
  receivable: { normal: 'debit', description: 'Owed to the owner by another party.' },
  payable: { normal: 'credit', description: 'Owed by the owner to another party.' },
  fee_income: { normal: 'credit', description: 'Processing fees earned.' },
  commission_income: { normal: 'credit', description: 'Marketing commissions earned.' },
  retention_fund: { normal: 'credit', description: 'A cooperative\u2019s own fund, from its retention on sales.' },
  premium_fund: {
    normal: 'credit',
    description: 'Fairtrade premium, held for the cooperative\u2019s premium committee.',
  },
  exchange: { normal: 'debit', description: 'Currency exchange position.' },
  proceeds_to_settle: {
    normal: 'credit',
    description:
      'The consortium\u2019s clearing account for sales invoiced but not yet settled to the cooperatives whose coffee was sold.',
  },
  loan_receivable: {
    normal: 'debit',
    description:
      'A lender\u2019s campaign loans to cooperatives: principal disbursed, fees and interest charged, less repayments. A memorandum account, mirrored by the cooperatives\u2019 loan_payable: the consortium endorses these loans and repays them from sales, so it keeps them on its books.',
  },
  loan_payable: {
    normal: 'credit',
    description:
      'What a cooperative owes its lenders on campaign loans (the mirror of the lenders\u2019 loan_receivable).',
  },
  guarantee_recovery: {
    normal: 'debit',
    description:
      'What a cooperative owes the consortium after the consortium paid its lender under the endorsement (a guarantee call).',
  },
  credit_line: {
    normal: 'credit',
    description:
      'What the consortium owes an investor on its credit line: drawdowns and interest charged, less repayments.',
  },
  interest_expense: {
    normal: 'debit',
    description: 'Interest the consortium pays on its own borrowing (the investor\u2019s credit line).',
  },
  premium_to_settle: {
    normal: 'credit',
    description:
      'Fairtrade premium invoiced, to be settled to the premium funds of the cooperatives whose coffee was sold.',
  },
} as const;
export type AccountPurpose = keyof typeof ACCOUNT_PURPOSES;

export interface AccountKey {
  ownerType: OwnerType;
  /** Null for the consortium. */
  ownerId: number | null;
  purpose: AccountPurpose;
  currency: Currency;
}

/** The unique code of an account, e.g. `farmer:941:farmer_balance:PEN`. */
export function accountCode(a: AccountKey): string {
  return `${a.ownerType}:${a.ownerId ?? '-'}:${a.purpose}:${a.currency}`;
}

export interface LineSpec {
  account: AccountKey;
  /** Debit positive, credit negative; never zero. */
  minor: bigint;
  memo?: string;
  /** The lot the amount is about, when there is one (traceability). */
  lotId?: number | null;
}

/**
 * Why these lines cannot form an entry, or null: fewer than two lines, a
 * zero line, or a currency whose lines do not sum to zero (a line's currency
 * is its account's, so lines cannot disagree with their accounts). Called on
 * every posting; a failure is a bug in the caller, never the user's input.
 */
export function unbalancedReason(lines: readonly LineSpec[]): string | null {
  if (lines.length < 2) return 'an entry needs at least two lines';
  const totals = new Map<Currency, bigint>();
  for (const l of lines) {
    if (l.minor === 0n) return `a zero line on ${accountCode(l.account)}`;
    totals.set(l.account.currency, (totals.get(l.account.currency) ?? 0n) + l.minor);
  }
  for (const [currency, total] of totals) {
    if (total !== 0n) return `${currency} lines sum to ${total}, not 0`;
  }
  return null;
}

/** The lines of the entry that undoes `lines`. */
export function reversalLines(lines: readonly LineSpec[]): LineSpec[] {
  return lines.map((l) => ({ ...l, minor: -l.minor, memo: l.memo ? `reversal: ${l.memo}` : 'reversal' }));
}

export interface CurrencyTotals {
  currency: Currency;
  debits: bigint;
  credits: bigint;
}

/** Σ debits and Σ credits per currency; a sound ledger has them equal. */
export function trialTotals(lines: readonly { currency: Currency; minor: bigint }[]): CurrencyTotals[] {
  const m = new Map<Currency, CurrencyTotals>();
  for (const l of lines) {
    const t = m.get(l.currency) ?? { currency: l.currency, debits: 0n, credits: 0n };
    if (l.minor > 0n) t.debits += l.minor;
    else t.credits -= l.minor;
    m.set(l.currency, t);
  }
  return [...m.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
