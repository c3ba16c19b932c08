/**
 * Reads over the ledger: account balances and the trial balance as of a
 * date, a farmer's statement. Amounts are read as text and summed as bigint:
 * money never becomes a JS number, not even inside SQL (no SUM over money).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import type { AccountPurpose, OwnerType } from '../domain/ledger.js';
import { type Currency, minorFromText } from '../domain/money.js';

export interface AccountBalance {
  accountId: number;
  code: string;
  ownerType: OwnerType;
  ownerId: number | null;
  purpose: AccountPurpose;
  currency: Currency;
  debits: bigint;
  credits: bigint;
  /** debits − credits: positive is a debit balance. */
  balance: bigint;
}

/** Balances of every account with lines dated on or before `asOf` (all, when null). */
export function accountBalances(db: Queryable, asOf: string | null, where?: SQL): AccountBalance[] {
  const rows = db.all<{
    accountId: number;
    code: string;
    ownerType: OwnerType;
    ownerId: number | null;
    purpose: AccountPurpose;
    currency: Currency;
    amount: string;
  }>(sql`
    select a.id as accountId, a.code as code, a.owner_type as ownerType, a.owner_id as ownerId, a.purpose as purpose,
      a.currency as currency, l.amount_minor as amount
    from journal_lines l join journal_entries e on e.id = l.entry_id join ledger_accounts a on a.id = l.account_id
    where ${asOf ? sql`e.occurred_on <= ${asOf}` : sql`1`} and ${where ?? sql`1`}`);
  const byId = new Map<number, AccountBalance>();
  for (const r of rows) {
    let b = byId.get(r.accountId);
    if (!b) {
      const { amount: _a, ...account } = r;
      b = { ...account, debits: 0n, credits: 0n, balance: 0n };
      byId.set(r.accountId, b);
    }
    const m = minorFromText(r.amount);
    if (m > 0n) b.debits += m;
    else b.credits -= m;
    b.balance += m;
  }
  return [...byId.values()].sort((a, b) => a.currency.localeCompare(b.currency) || a.code.localeCompare(b.code));
}

export interface StatementLine {
  entryId: number;
  kind: string;
  /** For a reversal: the kind of the entry it reverses. */
  reversesKind: string | null;
  occurredOn: string;
  description: string;
  lotId: number | null;
  currency: Currency;
  /** Signed, on the farmer's account: positive debit (advance, payout), negative credit (share of a sale). */
  minor: bigint;
}

/** The movements on a farmer's balance accounts dated in [from, to], and the balance before `from`, per currency. */
export function farmerMovements(db: Queryable, farmerId: number, from: string, to: string) {
  const rows = db.all<{
    entryId: number;
    kind: string;
    reversesKind: string | null;
    occurredOn: string;
    description: string;
    lotId: number | null;
    currency: Currency;
    amount: string;
  }>(sql`
    select e.id as entryId, e.kind as kind, r.kind as reversesKind, e.occurred_on as occurredOn, e.description as description,
      l.lot_id as lotId, l.currency as currency, l.amount_minor as amount
    from journal_lines l join journal_entries e on e.id = l.entry_id join ledger_accounts a on a.id = l.account_id
    left join journal_entries r on r.id = e.reverses_entry_id
    where a.owner_type = 'farmer' and a.owner_id = ${farmerId} and a.purpose = 'farmer_balance' and e.occurred_on <= ${to}
    order by e.occurred_on, e.id, l.id`);
  const opening = new Map<Currency, bigint>();
  const lines: StatementLine[] = [];
  for (const r of rows) {
    const minor = minorFromText(r.amount);
    if (r.occurredOn < from) opening.set(r.currency, (opening.get(r.currency) ?? 0n) + minor);
    else {
      const { amount: _a, ...line } = r;
      lines.push({ ...line, minor });
    }
  }
  return { opening, lines };
}
