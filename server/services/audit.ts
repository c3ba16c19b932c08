/**
 * Writing and verifying the audit trail (docs/audit.md).
 *
 * Capture: every covered table (server/services/audit-coverage.ts) gets
 * temporary SQLite triggers on each connection that record the (table,
 * rowid) of every insert, update and delete made inside an audited
 * transaction (`runMutation`, or `auditedTransaction` for the system's own
 * writes). A service cannot forget to note what it wrote: the database does
 * it. When the transaction appends its audit entry, each captured row is read
 * back and its digest (or its deletion) is bound into the entry, which is
 * hash-chained to the one before and signed with the key kept outside the
 * database (server/services/audit-signing.ts).
 *
 * Verification walks the chain, checks the latest signed head, and
 * recomputes the digest of every row of every covered table against the
 * latest audit entry that wrote it.
 */
import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DB, Queryable, Tx } from '../../db/client.js';
import {
  type AuditFields,
  type ChainBreak,
  GENESIS_HASH,
  type RowRecord,
  type WroteV2,
  auditHash,
  canonical,
  columnDigests,
  differingColumns,
  firstBreak,
  rowDigest,
} from '../domain/audit.js';
import { coveredTables } from './audit-coverage.js';
import { type SignedHead, headSignatureValid, signHead, signerOf, verifierOf } from './audit-signing.js';

type Sqlite = Database.Database;
type Row = Record<string, unknown>;

/** Kept for callers of the first format: the triggers now capture every write, so noting one is a no-op. */
export function noteWrite(_table: string, _id: number): void {}

/** Kept for callers of the first format: runs `fn` (the triggers capture its writes). */
export function collectWrites<T>(fn: () => T): { value: T; written: { table: string; id: number }[] } {
  return { value: fn(), written: [] };
}

// ---------------------------------------------------------------- capture

const installedAt = new WeakMap<Sqlite, number>();
const columnsCache = new WeakMap<Sqlite, { version: number; cols: Map<string, string[]> }>();

function schemaVersion(sqlite: Sqlite): number {
  return sqlite.pragma('main.schema_version', { simple: true }) as number;
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`audit: unexpected table name ${name}`);
  return `"${name}"`;
}

/**
 * Installs (once per connection and schema version) the temporary triggers
 * that capture writes to the covered tables. Temporary: they live in the
 * connection, not in the file, so they follow the registry without a
 * migration, and an edit of the file by another program is not captured —
 * which is what verification then finds.
 */
export function ensureAuditCapture(sqlite: Sqlite): void {
  const version = schemaVersion(sqlite);
  if (installedAt.get(sqlite) === version) return;
  sqlite.exec(`
    create temp table if not exists audit_scope (depth integer not null);
    create temp table if not exists audit_writes (tbl text not null, rid integer not null, primary key (tbl, rid)) without rowid;`);
  const present = new Set(
    (sqlite.prepare("select name from main.sqlite_master where type = 'table'").all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  const statements: string[] = [];
  for (const t of coveredTables()) {
    if (!present.has(t)) continue;
    const q = quoteIdent(t);
    const when = 'when exists (select 1 from temp.audit_scope)';
    const put = (ref: 'NEW' | 'OLD') =>
      `insert or ignore into temp.audit_writes (tbl, rid) values ('${t}', ${ref}.rowid);`;
    statements.push(
      `create temp trigger if not exists "audit_capture_${t}_i" after insert on main.${q} ${when} begin ${put('NEW')} end;`,
      `create temp trigger if not exists "audit_capture_${t}_u" after update on main.${q} ${when} begin ${put('OLD')} ${put('NEW')} end;`,
      `create temp trigger if not exists "audit_capture_${t}_d" after delete on main.${q} ${when} begin ${put('OLD')} end;`,
    );
  }
  sqlite.exec(statements.join('\n'));
  installedAt.set(sqlite, version);
}

/** Opens an audited scope inside the current transaction (nested scopes stack). */
export function beginAuditScope(sqlite: Sqlite): void {
  sqlite.prepare('insert into temp.audit_scope (depth) values (1)').run();
}

function tableColumns(sqlite: Sqlite, table: string): string[] {
  const version = schemaVersion(sqlite);
  let c = columnsCache.get(sqlite);
  if (!c || c.version !== version) {
    c = { version, cols: new Map() };
    columnsCache.set(sqlite, c);
  }
  let cols = c.cols.get(table);
  if (!cols) {
    cols = (sqlite.prepare(`select name from pragma_table_info(?) order by cid`).all(table) as { name: string }[]).map(
      (r) => r.name,
    );
    c.cols.set(table, cols);
  }
  return cols;
}

/** Reads back what the scope captured, as row records, and closes the scope. */
function takeCaptured(sqlite: Sqlite): WroteV2 {
  const captured = sqlite.prepare('select tbl, rid from temp.audit_writes order by tbl, rid').all() as {
    tbl: string;
    rid: number;
  }[];
  sqlite.prepare('delete from temp.audit_writes').run();
  sqlite.prepare('delete from temp.audit_scope where rowid = (select max(rowid) from temp.audit_scope)').run();
  const byTable = new Map<string, number[]>();
  for (const c of captured) {
    const list = byTable.get(c.tbl);
    if (list) list.push(c.rid);
    else byTable.set(c.tbl, [c.rid]);
  }
  const out: WroteV2 = { v: 2, cols: {}, rows: [] };
  for (const [table, ids] of byTable) {
    const cols = tableColumns(sqlite, table);
    out.cols[table] = cols;
    const found = new Map<number, Row>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = sqlite
        .prepare(
          `select rowid as "__rowid", * from main.${quoteIdent(table)} where rowid in (${chunk.map(() => '?').join(',')})`,
        )
        .all(...chunk) as Row[];
      for (const r of rows) found.set(r.__rowid as number, r);
    }
    for (const id of ids) {
      const r = found.get(id);
      out.rows.push(r ? [table, id, rowDigest(table, id, cols, r), columnDigests(cols, r)] : [table, id, null, '']);
    }
  }
  return out;
}

export interface AuditActor {
  /** Null: the system (setup, the demo seed, a command-line script). */
  userId: number | null;
  role: string;
  at: Date;
}

function sqliteOf(db: Queryable): Sqlite {
  const client = (db as { $client?: Sqlite }).$client;
  if (!client) throw new Error('audit: the database handle has no SQLite client');
  return client;
}

/**
 * Appends the audit entry of an applied mutation inside its transaction:
 * binds the digest of every row captured since the scope began, chains it,
 * and signs its hash when this connection holds the signing key.
 */
export function appendAudit(
  tx: Tx,
  actor: AuditActor,
  m: { operation: string; inputDigest: string; result: { type: string; id: number }; written?: unknown },
  sqlite: Sqlite = sqliteOf(tx),
): { seq: number; hash: string } {
  const wrote = takeCaptured(sqlite);
  const last = sqlite.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const fields: AuditFields = {
    seq: (last?.seq ?? 0) + 1,
    occurredAt: actor.at.toISOString(),
    userId: actor.userId,
    role: actor.role,
    operation: m.operation,
    inputDigest: m.inputDigest,
    resultType: m.result.type,
    resultId: m.result.id,
    wrote: canonical(wrote),
    outcome: 'applied',
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = auditHash(fields);
  sqlite
    .prepare(
      `insert into audit_log (seq, occurred_at, user_id, role, operation, input_digest, result_type, result_id, wrote, outcome, prev_hash, hash)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      fields.seq,
      fields.occurredAt,
      fields.userId,
      fields.role,
      fields.operation,
      fields.inputDigest,
      fields.resultType,
      fields.resultId,
      fields.wrote,
      fields.outcome,
      fields.prevHash,
      hash,
    );
  const key = signerOf(sqlite);
  if (key) insertSignature(sqlite, signHead(key, fields.seq, hash, new Date().toISOString()));
  return { seq: fields.seq, hash };
}

function insertSignature(sqlite: Sqlite, h: SignedHead): void {
  sqlite
    .prepare('insert or replace into audit_signatures (seq, hash, signed_at, key_id, signature) values (?, ?, ?, ?, ?)')
    .run(h.seq, h.hash, h.signedAt, h.keyId, h.signature);
}

/**
 * One transaction of the system's own writes (setup, the demo seed, a
 * command-line script), audited like a mutation: its rows are captured and
 * bound into one audit entry by the system (no user).
 */
export function auditedTransaction<T>(db: DB, operation: string, fn: (tx: Tx) => T, at = new Date()): T {
  const sqlite = sqliteOf(db);
  ensureAuditCapture(sqlite);
  let value: T | undefined;
  db.transaction(
    (tx) => {
      beginAuditScope(sqlite);
      value = fn(tx);
      appendAudit(
        tx,
        { userId: null, role: 'system', at },
        {
          operation,
          inputDigest: createHash('sha256').update(operation).digest('hex'),
          result: { type: 'System', id: 0 },
        },
        sqlite,
      );
    },
    { behavior: 'immediate' },
  );
  return value as T;
}

/** The latest signed head, or null. */
export function latestSignedHead(db: Queryable): SignedHead | null {
  const row = sqliteOf(db)
    .prepare(
      'select seq, hash, signed_at as signedAt, key_id as keyId, signature from audit_signatures order by seq desc limit 1',
    )
    .get() as SignedHead | undefined;
  return row ?? null;
}

/**
 * Signs the current head on demand (`npm run audit:sign`), after a person has
 * reviewed the entries written without the key.
 */
export function signCurrentHead(db: Queryable, key: Parameters<typeof signHead>[0]): SignedHead | null {
  const sqlite = sqliteOf(db);
  const last = sqlite.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as
    | { seq: number; hash: string }
    | undefined;
  if (!last) return null;
  const h = signHead(key, last.seq, last.hash, new Date().toISOString());
  insertSignature(sqlite, h);
  return h;
}

/**
 * Runs the migrations through `migrate` and binds what they wrote to covered tables (reference rows a
 * migration inserts, a column it fills) into one system audit entry. Only when the trail verified
 * before: a migration must not absorb edits made to the file before it ran (those stay reported).
 */
export function auditedMigration(db: DB, migrationCount: number, migrate: () => void): void {
  const sqlite = db.$client;
  const applied = () =>
    sqlite.prepare("select 1 from sqlite_master where name = '__drizzle_migrations'").get()
      ? (sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n
      : 0;
  const hasTrail = () => !!sqlite.prepare("select 1 from sqlite_master where name = 'audit_log'").get();
  const before = applied();
  if (before >= migrationCount) {
    migrate(); // nothing pending: no check needed
    return;
  }
  const cleanBefore = !hasTrail() || verifyAudit(db, { skipSignatures: true }).problemCount === 0;
  migrate();
  const after = applied();
  if (after === before || !cleanBefore || !hasTrail()) return;
  const out: { table: string; rowid: number }[] = [];
  verifyAudit(db, { skipSignatures: true, onFinding: (f) => out.push(f) });
  if (out.length === 0) return;
  ensureAuditCapture(sqlite);
  db.transaction(
    (tx) => {
      beginAuditScope(sqlite);
      const put = sqlite.prepare('insert or ignore into temp.audit_writes (tbl, rid) values (?, ?)');
      for (const f of out) put.run(f.table, f.rowid);
      appendAudit(
        tx,
        { userId: null, role: 'system', at: new Date() },
        {
          operation: 'migrate',
          inputDigest: createHash('sha256').update(`migrate ${before}->${after}`).digest('hex'),
          result: { type: 'Migrations', id: after },
        },
        sqlite,
      );
    },
    { behavior: 'immediate' },
  );
}

// ---------------------------------------------------------------- verification

export type FindingKind = 'edited' | 'unrecorded' | 'deleted' | 'reappeared';

/** One row that does not match the trail. */
export interface RowFinding {
  table: string;
  rowid: number;
  kind: FindingKind;
  /** The audit entry that last wrote the row (null: none did). */
  auditSeq: number | null;
  /** For `edited`: the columns whose values differ from what was recorded. */
  columns: string[];
  message: string;
}

export interface AuditReport {
  /** Nothing found: the chain is intact, every covered row matches it, and (with a key) every entry is signed. */
  ok: boolean;
  entries: number;
  /** The hash of the last entry. */
  head: string | null;
  journalEntriesChecked: number;
  lotsChecked: number;
  /** Rows of covered tables checked against the trail. */
  rowsChecked: number;
  tablesChecked: number;
  firstBreak: ChainBreak | null;
  /** The last entry whose signed head verifies with the trusted key (null: none, or no key). */
  signedThrough: number | null;
  /** Entries after `signedThrough`: never reported as verified. */
  notYetSigned: number;
  /** The trusted key's id, or null when no key is configured (signatures not checked). */
  keyId: string | null;
  /** Every row that differs, first ones first (at most 200). */
  findings: RowFinding[];
  /** Every problem found, first ones first (at most 50). */
  problems: string[];
  /** How many problems there were in all. */
  problemCount: number;
}

export interface VerifyOptions {
  /** A head recorded earlier: detects a tail cut off the chain. */
  expectHead?: string;
  /** Signed heads saved by a lender or auditor: today's chain must extend each. */
  heads?: SignedHead[];
  /** The trusted public key (default: the one this connection uses). */
  publicKey?: KeyObject;
  /** Trusted key id, for the report when `publicKey` is given. */
  keyId?: string;
  /** Only the chain and the rows (the migration's own check). */
  skipSignatures?: boolean;
  /** Called with every row finding (all of them, not only the first 200). */
  onFinding?: (f: RowFinding) => void;
}

const PARENTS: Record<string, { label: string; column?: string }> = {
  journal_entries: { label: 'ledger entry' },
  journal_lines: { label: 'ledger entry', column: 'entry_id' },
  lots: { label: 'lot' },
  lot_gradings: { label: 'lot', column: 'lot_id' },
  lot_rejections: { label: 'lot', column: 'lot_id' },
};

function subject(table: string, rowid: number, row: Row | null): string {
  const p = PARENTS[table];
  if (p && !p.column) return `${p.label} ${rowid} [${table} #${rowid}]`;
  if (p?.column && row) return `${p.label} ${String(row[p.column])} [${table} #${rowid}]`;
  return `${table} #${rowid}`;
}

function shortSubject(table: string, rowid: number): string {
  const p = PARENTS[table];
  return p && !p.column ? `${p.label} ${rowid}` : `${table} #${rowid}`;
}

interface Recorded {
  seq: number;
  digest: string | null;
  cols: string[];
  colDigests: string;
}

/**
 * Walks the chain; checks the latest signed head and each saved head; then
 * recomputes the digest of every row of every covered table and compares it
 * with the latest audit entry that wrote it: a row edited, deleted, inserted
 * or moved (a rowid swapped) outside the application is reported with its
 * table, row, the columns that differ and the audit entry.
 */
export function verifyAudit(db: Queryable, options: VerifyOptions = {}): AuditReport {
  const sqlite = sqliteOf(db);
  const problems: string[] = [];
  const findings: RowFinding[] = [];
  const chain = sqlite
    .prepare(
      `select seq, occurred_at as occurredAt, user_id as userId, role, operation, input_digest as inputDigest,
        result_type as resultType, result_id as resultId, wrote, outcome, prev_hash as prevHash, hash
      from audit_log order by seq`,
    )
    .all() as (AuditFields & { hash: string })[];
  const broken = firstBreak(chain);
  if (broken) problems.push(broken.reason);
  const head = chain.at(-1)?.hash ?? null;
  const hashAt = new Map<number, string>();
  for (const e of chain) hashAt.set(e.seq, e.hash);

  if (options.expectHead && !chain.some((e) => e.hash === options.expectHead)) {
    problems.push(
      `the head recorded earlier (${options.expectHead.slice(0, 12)}…) is no longer in the chain: entries were cut off or rewritten`,
    );
  }

  // Signed heads: the latest one that verifies covers every entry up to it (each hash commits to all before).
  const publicKey = options.skipSignatures ? undefined : (options.publicKey ?? verifierOf(sqlite));
  let signedThrough: number | null = null;
  const keyId = publicKey ? (options.keyId ?? keyIdFrom(publicKey)) : null;
  if (publicKey) {
    const signatures = sqlite
      .prepare('select seq, hash, signed_at as signedAt, signature from audit_signatures order by seq desc')
      .iterate() as IterableIterator<SignedHead>;
    for (const s of signatures) {
      if (hashAt.get(s.seq) === s.hash && headSignatureValid(publicKey, s)) {
        signedThrough = s.seq;
        break;
      }
      problems.push(
        `the signed head recorded for audit entry ${s.seq} does not verify with key ${keyId}: it was forged, or the entry was rewritten`,
      );
    }
  }
  const lastSeq = chain.at(-1)?.seq ?? 0;
  const notYetSigned = publicKey ? lastSeq - (signedThrough ?? 0) : 0;
  if (notYetSigned > 0) {
    const from = (signedThrough ?? 0) + 1;
    problems.push(
      `audit entries ${from}${lastSeq > from ? `–${lastSeq}` : ''} are not yet signed: not verified (written by a process without the signing key, or appended by someone without it)`,
    );
  }
  for (const h of options.heads ?? []) {
    if (publicKey && !headSignatureValid(publicKey, h)) {
      problems.push(
        `the saved head for audit entry ${h.seq} has no valid signature with key ${keyId}: it is not a head this server signed`,
      );
      continue;
    }
    const now = hashAt.get(h.seq);
    if (now === undefined)
      problems.push(
        `the saved head for audit entry ${h.seq} (signed ${h.signedAt}) is beyond today's chain (${lastSeq} entries): history was truncated`,
      );
    else if (now !== h.hash)
      problems.push(
        `the saved head for audit entry ${h.seq} (signed ${h.signedAt}) is not in today's chain: history was rewritten`,
      );
  }

  // The latest record of every row the trail wrote.
  const recorded = new Map<string, Map<number, Recorded>>();
  for (const e of chain) {
    let w: WroteV2 | unknown[];
    try {
      w = JSON.parse(e.wrote) as WroteV2 | unknown[];
    } catch {
      problems.push(`audit entry ${e.seq}: its list of rows written is not readable`);
      continue;
    }
    if (Array.isArray(w) || w?.v !== 2) continue; // the first format (before coverage): nothing row by row
    for (const [t, k, d, c] of w.rows as RowRecord[]) {
      let m = recorded.get(t);
      if (!m) recorded.set(t, (m = new Map()));
      m.set(k, { seq: e.seq, digest: d, cols: w.cols[t] ?? [], colDigests: c });
    }
  }

  const note = (f: Omit<RowFinding, 'message'>, message: string) => {
    options.onFinding?.({ ...f, message });
    if (findings.length < 200) findings.push({ ...f, message });
    problems.push(message);
  };

  const present = new Set(
    (sqlite.prepare("select name from main.sqlite_master where type = 'table'").all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  let rowsChecked = 0;
  let tablesChecked = 0;
  const countOf: Record<string, number> = {};
  for (const table of coveredTables()) {
    const rec = recorded.get(table) ?? new Map<number, Recorded>();
    if (!present.has(table)) {
      if (rec.size > 0) problems.push(`table ${table}, written by the trail, is gone from the database`);
      continue;
    }
    tablesChecked++;
    const seen = new Set<number>();
    const rows = sqlite
      .prepare(`select rowid as "__rowid", * from main.${quoteIdent(table)}`)
      .iterate() as IterableIterator<Row>;
    let n = 0;
    for (const r of rows) {
      n++;
      const k = r.__rowid as number;
      seen.add(k);
      const x = rec.get(k);
      if (!x) {
        note(
          { table, rowid: k, kind: 'unrecorded', auditSeq: null, columns: [] },
          `${table === 'journal_entries' || table === 'lots' ? shortSubject(table, k) : subject(table, k, r)} is not in the audit trail: it was written outside the application`,
        );
      } else if (x.digest === null) {
        note(
          { table, rowid: k, kind: 'reappeared', auditSeq: x.seq, columns: [] },
          `${subject(table, k, r)} was deleted by audit entry ${x.seq} but is present: it was inserted outside the application`,
        );
      } else if (rowDigest(table, k, x.cols, r) !== x.digest) {
        const columns = differingColumns(x.cols, x.colDigests, r);
        note(
          { table, rowid: k, kind: 'edited', auditSeq: x.seq, columns },
          `${subject(table, k, r)} differs from what audit entry ${x.seq} recorded${columns.length ? ` (${columns.join(', ')})` : ''}: it was edited`,
        );
      }
    }
    rowsChecked += n;
    countOf[table] = n;
    for (const [k, x] of rec) {
      if (x.digest !== null && !seen.has(k))
        note(
          { table, rowid: k, kind: 'deleted', auditSeq: x.seq, columns: [] },
          `${shortSubject(table, k)}, recorded by audit entry ${x.seq}, is gone: it was deleted`,
        );
    }
  }

  return {
    ok: problems.length === 0,
    entries: chain.length,
    head,
    journalEntriesChecked: countOf.journal_entries ?? 0,
    lotsChecked: countOf.lots ?? 0,
    rowsChecked,
    tablesChecked,
    firstBreak: broken,
    signedThrough,
    notYetSigned,
    keyId,
    findings,
    problems: problems.slice(0, 50),
    problemCount: problems.length,
  };
}

function keyIdFrom(publicKey: KeyObject): string {
  const raw = publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}
