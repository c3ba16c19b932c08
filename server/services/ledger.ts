/**
 * Posting to the ledger, inside the caller's transaction. Every money
 * movement goes through `postEntry`, which refuses an unbalanced entry
 * (a bug, never user input); corrections go through `reverseEntry`.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { journalEntries, journalLines, ledgerAccounts } from '../../db/schema.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../domain/errors.js';
import { type AccountKey, type LineSpec, accountCode, reversalLines, unbalancedReason } from '../domain/ledger.js';
import { hasControlCharacters } from '../domain/lot.js';
import { type Currency, minorFromText } from '../domain/money.js';
import { isCalendarDate, localDateOf } from '../domain/time.js';
import { decodeId } from '../lib/global-id.js';
import { noteWrite } from './audit.js';
import type { ServiceContext } from './context.js';
import { settings } from '../queries/consortium.js';
import { type MutationOutcome, runMutation } from './mutation.js';

/** The account's id, creating the account on first use. */
export function accountId(tx: Tx, key: AccountKey): number {
  const code = accountCode(key);
  const found = tx.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(eq(ledgerAccounts.code, code)).get();
  if (found) return found.id;
  return tx
    .insert(ledgerAccounts)
    .values({ code, ownerType: key.ownerType, ownerId: key.ownerId, purpose: key.purpose, currency: key.currency })
    .returning({ id: ledgerAccounts.id })
    .get().id;
}

export interface EntrySpec {
  kind: string;
  occurredOn: string;
  description: string;
  source?: { type: string; id: number } | null;
  lines: LineSpec[];
  reversesEntryId?: number | null;
}

export interface Poster {
  tx: Tx;
  userId: number;
  now: Date;
}

/** Writes a balanced entry and its lines; returns the entry id. */
export function postEntry(p: Poster, e: EntrySpec): number {
  const why = unbalancedReason(e.lines);
  if (why) throw new Error(`refusing to post an unbalanced ${e.kind} entry: ${why}`);
  const entry = p.tx
    .insert(journalEntries)
    .values({
      kind: e.kind,
      occurredOn: e.occurredOn,
      postedAt: p.now.toISOString(),
      description: e.description,
      sourceType: e.source?.type ?? null,
      sourceId: e.source?.id ?? null,
      reversesEntryId: e.reversesEntryId ?? null,
      recordedBy: p.userId,
    })
    .returning({ id: journalEntries.id })
    .get();
  p.tx
    .insert(journalLines)
    .values(
      e.lines.map((l) => ({
        entryId: entry.id,
        accountId: accountId(p.tx, l.account),
        currency: l.account.currency,
        amountMinor: l.minor.toString(),
        memo: l.memo ?? null,
        lotId: l.lotId ?? null,
      })),
    )
    .run();
  noteWrite('journal_entries', entry.id);
  return entry.id;
}

/** An entry's lines as specs, to reverse them. */
function linesOf(tx: Tx, entryId: number): LineSpec[] {
  const rows = tx
    .select({ line: journalLines, account: ledgerAccounts })
    .from(journalLines)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, journalLines.accountId))
    .where(eq(journalLines.entryId, entryId))
    .orderBy(journalLines.id)
    .all();
  return rows.map(({ line, account }) => ({
    account: {
      ownerType: account.ownerType,
      ownerId: account.ownerId,
      purpose: account.purpose as AccountKey['purpose'],
      currency: account.currency as Currency,
    },
    minor: minorFromText(line.amountMinor),
    memo: line.memo ?? undefined,
    lotId: line.lotId,
  }));
}

/**
 * Posts the reversal of an entry, dated `occurredOn`. Refuses to reverse a
 * reversal (REVERSAL_OF_REVERSAL) or an entry already reversed
 * (ALREADY_REVERSED): a reversal is final; post a new entry instead.
 */
export function reverseEntry(p: Poster, entryId: number, reason: string, occurredOn: string): number {
  const entry = p.tx.select().from(journalEntries).where(eq(journalEntries.id, entryId)).get();
  if (!entry) throw new Error(`journal entry ${entryId} not found`);
  if (entry.reversesEntryId !== null) {
    throw new ConflictError('REVERSAL_OF_REVERSAL', `entry ${entryId} is itself a reversal and cannot be reversed`);
  }
  const already = p.tx
    .select({ id: journalEntries.id })
    .from(journalEntries)
    .where(eq(journalEntries.reversesEntryId, entryId))
    .get();
  if (already)
    throw new ConflictError('ALREADY_REVERSED', `entry ${entryId} was already reversed by entry ${already.id}`);
  if (occurredOn < entry.occurredOn) {
    throw InvalidInputError.single(
      ['input', 'occurredOn'],
      'BEFORE_ORIGINAL',
      `must not be before the entry\u2019s date ${entry.occurredOn}`,
    );
  }
  return postEntry(p, {
    kind: 'reversal',
    occurredOn,
    description: `Reversal of entry ${entryId} (${entry.kind}): ${reason}`,
    source: entry.sourceType && entry.sourceId !== null ? { type: entry.sourceType, id: entry.sourceId } : null,
    lines: reversalLines(linesOf(p.tx, entryId)),
    reversesEntryId: entryId,
  });
}

/** Entries about a source that are not reversed (and are not reversals themselves). */
export function liveEntriesOf(tx: Tx, sourceType: string, sourceIds: readonly number[], kind: string): number[] {
  if (sourceIds.length === 0) return [];
  const rows = tx
    .select({ id: journalEntries.id })
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.sourceType, sourceType),
        inArray(journalEntries.sourceId, [...sourceIds]),
        eq(journalEntries.kind, kind),
      ),
    )
    .all();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const reversed = new Set(
    tx
      .select({ id: journalEntries.reversesEntryId })
      .from(journalEntries)
      .where(inArray(journalEntries.reversesEntryId, ids))
      .all()
      .map((r) => r.id),
  );
  return ids.filter((id) => !reversed.has(id));
}

export interface ReverseEntryInput {
  idempotencyKey: string;
  entryId: string;
  reason: string;
  /** Defaults to today (consortium time zone). */
  occurredOn?: string | null;
}

export type EntryRef = { type: 'JournalEntry'; id: number };

/** Entry kinds tied to a sale record; a manual reversal would leave the record saying otherwise. */
const RECORD_KINDS = new Set([
  'sale_invoice',
  'sale_settlement',
  'loan_disbursement',
  'loan_fee',
  'loan_repayment',
  'loan_guarantee_call',
  'loan_write_off',
  'credit_line_drawdown',
  'credit_line_repayment',
  'farmer_payout',
]);

/** An admin's manual correction: reverses one entry, with a reason. */
export function reverseJournalEntry(ctx: ServiceContext, input: ReverseEntryInput): MutationOutcome<EntryRef> {
  if (ctx.principal.role !== 'admin') throw new ForbiddenError('only an admin reverses journal entries');
  const { idempotencyKey, ...payload } = input;
  const id = decodeId(input.entryId, 'JournalEntry', ['input', 'entryId']);
  const reason = input.reason.trim();
  if (reason.length < 3 || reason.length > 500 || hasControlCharacters(reason)) {
    throw InvalidInputError.single(['input', 'reason'], 'INVALID_REASON', 'must be 3 to 500 printable characters');
  }
  if (input.occurredOn != null && !isCalendarDate(input.occurredOn)) {
    throw InvalidInputError.single(['input', 'occurredOn'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  }
  const now = ctx.clock.now();
  return runMutation(ctx, 'reverseJournalEntry', idempotencyKey, payload, (tx) => {
    const exists = tx
      .select({ id: journalEntries.id, kind: journalEntries.kind })
      .from(journalEntries)
      .where(eq(journalEntries.id, id))
      .get();
    if (!exists) throw new NotFoundError(['input', 'entryId'], input.entryId, 'journal entry');
    // Entries that mirror a record (an invoice, a settled payment) are corrected with that record, or the books
    // and the record would disagree (a payment still counted as received after its money was reversed).
    if (RECORD_KINDS.has(exists.kind)) {
      throw new ConflictError(
        'REVERSE_THE_RECORD',
        `a ${exists.kind} entry is corrected through its record (the sale payment or loan event), not by a manual reversal`,
      );
    }
    const today = localDateOf(now, settings(tx).timeZone);
    const on = input.occurredOn ?? today;
    if (on > today)
      throw InvalidInputError.single(['input', 'occurredOn'], 'IN_FUTURE', `must not be after today (${today})`);
    const entryId = reverseEntry({ tx, userId: ctx.principal.userId, now }, id, reason, on);
    return { type: 'JournalEntry', id: entryId };
  });
}
