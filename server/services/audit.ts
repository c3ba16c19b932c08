/**
 * Writing and verifying the audit trail (docs/audit.md). `runMutation`
 * collects what a mutation wrote (ledger entries, lots) while it runs, then
 * appends the chained audit entry in the same transaction. `verifyAudit`
 * walks the chain and checks every ledger entry and lot against the digest
 * its latest audit entry recorded.
 */
import { sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import {
  type AuditFields,
  type ChainBreak,
  GENESIS_HASH,
  type WrittenRecord,
  auditHash,
  firstBreak,
  recordDigest,
  wroteText,
} from '../domain/audit.js';

type Table = WrittenRecord['table'];

// better-sqlite3 transactions are synchronous, so the records a mutation writes can be collected in a
// module-level list for the duration of its callback: no other mutation runs in between.
let collecting: { table: Table; id: number }[] | null = null;

/** Called by the code that writes a ledger entry or a lot, inside a mutation. */
export function noteWrite(table: Table, id: number): void {
  collecting?.push({ table, id });
}

/** Runs `fn`, returning what it noted it wrote. */
export function collectWrites<T>(fn: () => T): { value: T; written: { table: Table; id: number }[] } {
  const outer = collecting;
  const mine: { table: Table; id: number }[] = [];
  collecting = mine;
  try {
    return { value: fn(), written: mine };
  } finally {
    collecting = outer;
    outer?.push(...mine);
  }
}

type Row = Record<string, unknown>;

/** What a record's digest covers: a ledger entry with its lines; a lot with its gradings and rejection. */
function contentOf(row: Row, parts: Record<string, Row[]>): unknown {
  return { row, ...parts };
}

function entryContent(db: Queryable, id: number): unknown | null {
  const row = db.get<Row>(sql`select * from journal_entries where id = ${id}`);
  if (!row) return null;
  return contentOf(row, { lines: db.all<Row>(sql`select * from journal_lines where entry_id = ${id} order by id`) });
}

function lotContent(db: Queryable, id: number): unknown | null {
  const row = db.get<Row>(sql`select * from lots where id = ${id}`);
  if (!row) return null;
  return contentOf(row, {
    gradings: db.all<Row>(sql`select * from lot_gradings where lot_id = ${id} order by id`),
    rejections: db.all<Row>(sql`select * from lot_rejections where lot_id = ${id} order by rowid`),
  });
}

export interface AuditActor {
  userId: number;
  role: string;
  at: Date;
}

/** Appends the audit entry of an applied mutation (inside its transaction). */
export function appendAudit(
  tx: Tx,
  actor: AuditActor,
  m: {
    operation: string;
    inputDigest: string;
    result: { type: string; id: number };
    written: { table: Table; id: number }[];
  },
): void {
  const records: WrittenRecord[] = [];
  const seen = new Set<string>();
  for (const w of m.written) {
    const key = `${w.table}:${w.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const content = w.table === 'journal_entries' ? entryContent(tx, w.id) : lotContent(tx, w.id);
    if (content === null) throw new Error(`audit: ${key} was noted as written but does not exist`);
    records.push({ table: w.table, id: w.id, digest: recordDigest(content) });
  }
  const last = tx.get<{ seq: number; hash: string }>(sql`select seq, hash from audit_log order by seq desc limit 1`);
  const fields: AuditFields = {
    seq: (last?.seq ?? 0) + 1,
    occurredAt: actor.at.toISOString(),
    userId: actor.userId,
    role: actor.role,
    operation: m.operation,
    inputDigest: m.inputDigest,
    resultType: m.result.type,
    resultId: m.result.id,
    wrote: wroteText(records),
    outcome: 'applied',
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  tx.insert(auditLog)
    .values({ ...fields, hash: auditHash(fields) })
    .run();
}

export interface AuditReport {
  ok: boolean;
  entries: number;
  /** The hash of the last entry: record it elsewhere to detect a truncated tail later. */
  head: string | null;
  journalEntriesChecked: number;
  lotsChecked: number;
  firstBreak: ChainBreak | null;
  /** Every problem found, first ones first (at most 50). */
  problems: string[];
}

function groupBy(rows: Row[], key: string): Map<number, Row[]> {
  const m = new Map<number, Row[]>();
  for (const r of rows) {
    const k = r[key] as number;
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/**
 * Walks the chain, then checks that every ledger entry and every lot
 * recorded by the trail still has the digest its latest audit entry
 * recorded, that none recorded is missing, and that no ledger entry exists
 * that the trail never recorded. `expectHead`: the head recorded earlier
 * (detects a tail cut off the chain).
 */
export function verifyAudit(db: Queryable, options: { expectHead?: string } = {}): AuditReport {
  const problems: string[] = [];
  const chain = db.all<AuditFields & { hash: string }>(sql`
    select seq, occurred_at as occurredAt, user_id as userId, role, operation, input_digest as inputDigest,
      result_type as resultType, result_id as resultId, wrote, outcome, prev_hash as prevHash, hash
    from audit_log order by seq`);
  const broken = firstBreak(chain);
  if (broken) problems.push(broken.reason);
  const head = chain.at(-1)?.hash ?? null;
  if (options.expectHead && !chain.some((e) => e.hash === options.expectHead)) {
    problems.push(
      `the head recorded earlier (${options.expectHead.slice(0, 12)}…) is no longer in the chain: entries were cut off or rewritten`,
    );
  }

  // The latest digest the trail recorded for each record.
  const recorded = new Map<string, { digest: string; seq: number }>();
  for (const e of chain) {
    let list: WrittenRecord[] = [];
    try {
      list = JSON.parse(e.wrote) as WrittenRecord[];
    } catch {
      problems.push(`audit entry ${e.seq}: its list of records written is not readable`);
    }
    for (const w of list) recorded.set(`${w.table}:${w.id}`, { digest: w.digest, seq: e.seq });
  }

  const check = (table: Table, rows: Row[], content: (r: Row) => unknown) => {
    const present = new Set<number>();
    for (const r of rows) {
      const id = r.id as number;
      present.add(id);
      const rec = recorded.get(`${table}:${id}`);
      const what = table === 'journal_entries' ? `ledger entry ${id}` : `lot ${id}`;
      if (!rec) problems.push(`${what} is not in the audit trail: it was written outside the application`);
      else if (recordDigest(content(r)) !== rec.digest)
        problems.push(
          `${what} (or a row that belongs to it) differs from what audit entry ${rec.seq} recorded: it was edited`,
        );
    }
    for (const [key, rec] of recorded) {
      const [t, id] = key.split(':');
      if (t === table && !present.has(Number(id)))
        problems.push(
          `${table === 'journal_entries' ? 'ledger entry' : 'lot'} ${id}, recorded by audit entry ${rec.seq}, is gone: it was deleted`,
        );
    }
    return rows.length;
  };

  const entries = db.all<Row>(sql`select * from journal_entries order by id`);
  const lines = groupBy(db.all<Row>(sql`select * from journal_lines order by id`), 'entry_id');
  const journalEntriesChecked = check('journal_entries', entries, (r) =>
    contentOf(r, { lines: lines.get(r.id as number) ?? [] }),
  );
  const lotRows = db.all<Row>(sql`select * from lots order by id`);
  const gradings = groupBy(db.all<Row>(sql`select * from lot_gradings order by id`), 'lot_id');
  const rejections = groupBy(db.all<Row>(sql`select * from lot_rejections order by rowid`), 'lot_id');
  const lotsChecked = check('lots', lotRows, (r) =>
    contentOf(r, { gradings: gradings.get(r.id as number) ?? [], rejections: rejections.get(r.id as number) ?? [] }),
  );

  return {
    ok: problems.length === 0,
    entries: chain.length,
    head,
    journalEntriesChecked,
    lotsChecked,
    firstBreak: broken,
    problems: problems.slice(0, 50),
  };
}
