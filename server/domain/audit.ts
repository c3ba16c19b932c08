/**
 * The audit trail's hashing rules, pure. Every applied mutation appends one
 * audit entry; each entry's hash covers its own fields and the previous
 * entry's hash, so editing or deleting any entry breaks every link after it
 * (Formance's log, TigerBeetle's "write every guarantee down"). Each entry
 * also records a digest of the ledger entries and lots the mutation wrote,
 * so a row of either edited directly in the database file no longer matches
 * the trail. docs/audit.md states what is and is not detected.
 */
import { createHash } from 'node:crypto';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** A record a mutation wrote, and the digest of its content right after (the first format, kept for its tests). */
export interface WrittenRecord {
  table: string;
  id: number;
  digest: string;
}

/**
 * One row a mutation inserted, updated or deleted, in the `wrote` of its
 * audit entry (format 2, docs/audit.md "Coverage"): table, rowid, the digest
 * of the row right after (null: deleted), and 8 hex digits per column (in
 * the order of the entry's column list) so that verification can say which
 * columns differ.
 */
export type RowRecord = [table: string, rowid: number, digest: string | null, columns: string];

/** The `wrote` of a format-2 entry: the column list of each table it wrote, and its rows. */
export interface WroteV2 {
  v: 2;
  cols: Record<string, string[]>;
  rows: RowRecord[];
}

/** The digest of one row: its table, rowid and the named columns' values. */
export function rowDigest(
  table: string,
  rowid: number,
  columns: readonly string[],
  row: Record<string, unknown>,
): string {
  const values: Record<string, unknown> = {};
  for (const c of columns) values[c] = row[c] === undefined ? null : row[c];
  return sha256(canonical({ t: table, k: rowid, v: values }));
}

/** 8 hex digits per column: enough to name the columns that differ (the row digest is what proves it). */
export function columnDigests(columns: readonly string[], row: Record<string, unknown>): string {
  let out = '';
  for (const c of columns) out += sha256(canonical(row[c] === undefined ? null : row[c])).slice(0, 8);
  return out;
}

/** The names of the columns whose 8-digit digests differ. */
export function differingColumns(columns: readonly string[], recorded: string, row: Record<string, unknown>): string[] {
  const now = columnDigests(columns, row);
  return columns.filter((_c, i) => now.slice(i * 8, i * 8 + 8) !== recorded.slice(i * 8, i * 8 + 8));
}

export interface AuditFields {
  seq: number;
  occurredAt: string;
  /** Null for the system (setup, the demo seed, command-line scripts). */
  userId: number | null;
  role: string;
  operation: string;
  inputDigest: string;
  resultType: string;
  resultId: number;
  /** Canonical JSON of what it wrote: format 2 (`WroteV2`), or the first format's WrittenRecord list. */
  wrote: string;
  outcome: string;
  prevHash: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON with object keys sorted at every level; bigints as decimal text. Arrays keep their order. */
export function canonical(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The digest of a record's content: its row and the rows that belong to it, canonical JSON. */
export function recordDigest(content: unknown): string {
  return sha256(canonical(content));
}

/** The canonical `wrote` text of a mutation's written records. */
export function wroteText(records: readonly WrittenRecord[]): string {
  const unique = new Map(records.map((r) => [`${r.table}:${r.id}`, r]));
  return canonical(
    [...unique.values()].sort((a, b) => (a.table !== b.table ? (a.table < b.table ? -1 : 1) : a.id - b.id)),
  );
}

/** An entry's hash: SHA-256 over its fields (canonical JSON), the previous hash among them. */
export function auditHash(f: AuditFields): string {
  return sha256(canonical(f));
}

export type ChainBreak =
  | { seq: number; kind: 'edited'; reason: string }
  | { seq: number; kind: 'link'; reason: string };

/**
 * Walks a chain in order and returns the first broken link, or null. An
 * entry whose hash does not match its fields was edited; an entry whose
 * `prev_hash` is not the hash before it follows a deleted, inserted or
 * reordered entry.
 */
export function firstBreak(entries: readonly (AuditFields & { hash: string })[]): ChainBreak | null {
  let prev = GENESIS_HASH;
  let expectedSeq = entries[0]?.seq ?? 1;
  for (const e of entries) {
    if (e.prevHash !== prev) {
      return {
        seq: e.seq,
        kind: 'link',
        reason: `audit entry ${e.seq} does not follow the entry before it (an entry before it was deleted, inserted or edited)`,
      };
    }
    if (e.seq !== expectedSeq) {
      return { seq: e.seq, kind: 'link', reason: `audit entry ${expectedSeq} is missing: the next is ${e.seq}` };
    }
    const { hash, ...fields } = e;
    if (auditHash(fields) !== hash)
      return { seq: e.seq, kind: 'edited', reason: `audit entry ${e.seq} does not match its hash: it was edited` };
    prev = hash;
    expectedSeq = e.seq + 1;
  }
  return null;
}
