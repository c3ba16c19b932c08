/**
 * The tamper matrix (issue 14): the database file is edited the way an
 * insider with write access would (server stopped, raw SQL, foreign keys
 * off), in every way the attacker's report listed, and in the mirror images
 * (delete, insert, reorder). Each edit must be reported by verification
 * with its table, row, the columns that differ and the audit entry; an
 * appended, well-chained forgery without the signing key is "not yet
 * signed"; a rewritten history is caught against a saved signed head.
 * (The same `verifyAudit` runs at start-up, in `npm run audit:verify` and in
 * `auditVerification`; tests/api/audit-api.test.ts drives the last two.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/client.js';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { seedDemo } from '../../db/seed/demo.js';
import { auditHash, canonical, columnDigests, rowDigest } from '../../server/domain/audit.js';
import { type AuditReport, latestSignedHead, verifyAudit } from '../../server/services/audit.js';
import { COVERED } from '../../server/services/audit-coverage.js';
import { type SignedHead, type SigningKey, createKeyFile, useSigningKey } from '../../server/services/audit-signing.js';
import { withCopyOf } from '../support/template-db.js';

let dir: string;
let template: string;
let key: SigningKey;
let savedHead: SignedHead;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coop-tamper-'));
  template = join(dir, 'template.db');
  key = createKeyFile(join(dir, 'keys', 'audit-signing.key'));
  const db = openDatabase(template);
  useSigningKey(db.$client, key);
  migrateDatabase(db);
  seedDemo(db, 2019, 30, { loans: true });
  savedHead = latestSignedHead(db)!;
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verify(db: DB, heads?: SignedHead[]): AuditReport {
  return verifyAudit(db, { publicKey: key.publicKey, heads });
}

/** Tampers a copy with raw SQL, as someone editing the file would, and verifies it with the trusted key. */
function tampered(statements: string, heads?: SignedHead[]): AuditReport {
  return withCopyOf(template, dir, (db) => {
    db.$client.pragma('foreign_keys = OFF');
    db.$client.exec(statements);
    return verify(db, heads);
  });
}

function one(sql: string): Record<string, any> {
  return withCopyOf(template, dir, (db) => db.$client.prepare(sql).get() as Record<string, any>);
}

describe('the untouched file', () => {
  it('verifies, every entry signed', () => {
    const r = withCopyOf(template, dir, (db) => verify(db, [savedHead]));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.notYetSigned).toBe(0);
    expect(r.signedThrough).toBe(r.entries);
    expect(r.tablesChecked).toBe(Object.keys(COVERED).length);
  });
});

// The attacker's list (issue 14), each as [what, SQL, table, rowid of the row that must be named, columns].
const EDITS: [string, string, string, string, string[]][] = [
  [
    "a loan's rate 12 % -> 13 %",
    "update campaign_loans set rate_pct = '13' where id = 1",
    'campaign_loans',
    '1',
    ['rate_pct'],
  ],
  [
    "a loan's principal halved",
    'update campaign_loans set principal_minor = cast(cast(principal_minor as integer) / 2 as text) where id = 2',
    'campaign_loans',
    '2',
    ['principal_minor'],
  ],
  [
    'an exchange rate used by a payment',
    "update exchange_rates set rate = '9.999' where id = (select min(exchange_rate_id) from sale_payments)",
    'exchange_rates',
    'select min(exchange_rate_id) from sale_payments',
    ['rate'],
  ],
  [
    'a settlement line raised by 1,000.00',
    'update settlement_lines set amount_minor = cast(cast(amount_minor as integer) + 100000 as text) where id = 7',
    'settlement_lines',
    '7',
    ['amount_minor'],
  ],
  [
    'a payment amount doubled',
    'update sale_payments set amount_minor = cast(cast(amount_minor as integer) * 2 as text) where id = 1',
    'sale_payments',
    '1',
    ['amount_minor'],
  ],
  [
    "a contract's price and differential",
    "update sales_contracts set differential_per_lb = '0.99', price_per_lb = '3.10' where id = 1",
    'sales_contracts',
    '1',
    ['price_per_lb', 'differential_per_lb'],
  ],
  [
    "a contract's unit price",
    "update contract_unit_prices set unit_price_minor = '1' where id = 1",
    'contract_unit_prices',
    '1',
    ['unit_price_minor'],
  ],
  [
    'an advance price',
    "update advance_prices set price_per_kg = '9.00' where id = 3",
    'advance_prices',
    '3',
    ['price_per_kg'],
  ],
  [
    'settlement terms',
    "update settlement_terms set commission_pct = '0.5' where id = 1",
    'settlement_terms',
    '1',
    ['commission_pct'],
  ],
  ['a shareholding', "update shareholdings set stake_pct = '60.00' where id = 1", 'shareholdings', '1', ['stake_pct']],
  [
    'a farmer moved to another cooperative',
    'update farmers set cooperative_id = cooperative_id % 14 + 1 where id = 5',
    'farmers',
    '5',
    ['cooperative_id'],
  ],
  [
    'a farmer given another national ID',
    "update farmers set national_id = '99999999' where id = 6",
    'farmers',
    '6',
    ['national_id'],
  ],
  [
    'plant staff turned into admin',
    "update users set role = 'admin', plant_id = null where role = 'plant_staff' and id = 5",
    'users',
    '5',
    ['role', 'plant_id'],
  ],
  [
    'a token hash replaced',
    "update api_tokens set token_hash = 'x' || substr(token_hash, 2) where id = 3",
    'api_tokens',
    '3',
    ['token_hash'],
  ],
  [
    'a four-eyes decision re-attributed to its requester',
    'update loan_request_decisions set decided_by = (select requested_by from loan_requests r where r.id = request_id) where id = 1',
    'loan_request_decisions',
    '1',
    ['decided_by'],
  ],
  [
    'an idempotency row re-pointed',
    'update idempotency_keys set result_id = result_id + 1 where rowid = 10',
    'idempotency_keys',
    '10',
    ['result_id'],
  ],
  [
    'batch ownership shifted between lots',
    'update batch_shares set lot_id = lot_id + 1 where rowid = 4',
    'batch_shares',
    '4',
    ['lot_id'],
  ],
  [
    'a journal line',
    "update journal_lines set amount_minor = '1' where id = 12",
    'journal_lines',
    '12',
    ['amount_minor'],
  ],
  ['a lot', "update lots set moisture_pct = '10.0' where id = 3", 'lots', '3', ['moisture_pct']],
  [
    'a grading',
    "update lot_gradings set exportable_yield_pct = '90.0' where id = 2",
    'lot_gradings',
    '2',
    ['exportable_yield_pct'],
  ],
  ['a loan event', "update loan_events set amount_minor = '1' where id = 1", 'loan_events', '1', ['amount_minor']],
  [
    'a loan instalment',
    "update loan_instalments set principal_minor = '1' where id = 1",
    'loan_instalments',
    '1',
    ['principal_minor'],
  ],
];

describe('every edit in the attacker’s list is reported with its table, row, columns and audit entry', () => {
  for (const [what, statement, table, rowidOrSql, columns] of EDITS) {
    it(what, () => {
      const rowid = /^\d+$/.test(rowidOrSql) ? Number(rowidOrSql) : (Object.values(one(rowidOrSql))[0] as number);
      const r = tampered(statement);
      expect(r.ok).toBe(false);
      const f = r.findings.find((x) => x.table === table && x.rowid === rowid);
      expect(f, `${what}: ${r.problems.slice(0, 5).join(' | ')}`).toBeDefined();
      expect(f!.kind).toBe('edited');
      expect(f!.columns.sort()).toEqual([...columns].sort());
      expect(f!.auditSeq).toBeGreaterThan(0);
      expect(f!.message).toMatch(
        new RegExp(`\\[?${table} #${rowid}\\]? differs from what audit entry ${f!.auditSeq} recorded`),
      );
    });
  }

  it('an extra admin token inserted', () => {
    const r = tampered(
      "insert into api_tokens (id, user_id, token_hash, prefix, label) values (9999, 1, 'f00d', 'coop_f00d', 'backdoor')",
    );
    expect(r.findings).toContainEqual(
      expect.objectContaining({ table: 'api_tokens', rowid: 9999, kind: 'unrecorded' }),
    );
    expect(r.problems).toContain('api_tokens #9999 is not in the audit trail: it was written outside the application');
  });
});

describe('the mirror images: delete, insert, reorder', () => {
  const tables = Object.keys(COVERED);
  it('deleting the last row of every covered table that has rows is reported as deleted', () => {
    for (const table of tables) {
      const last = one(`select max(rowid) as k from ${table}`).k as number | null;
      if (last === null) continue;
      const r = tampered(`delete from ${table} where rowid = ${last}`);
      expect(
        r.findings.find((f) => f.table === table && f.rowid === last && f.kind === 'deleted'),
        `${table} #${last}: ${r.problems.slice(0, 3).join(' | ')}`,
      ).toBeDefined();
    }
  });

  it('a row copied in under a new rowid (an insert) is reported for every covered table with rows', () => {
    for (const table of tables) {
      const last = one(`select max(rowid) as k from ${table}`).k as number | null;
      if (last === null) continue;
      // The copy moves the row's rowid; with unique constraints it may collide, so the original is deleted.
      const r = tampered(
        `create temp table c as select * from ${table} where rowid = ${last}; delete from ${table} where rowid = ${last};
         insert into ${table} select * from c; update ${table} set rowid = ${last + 1000} where rowid = (select max(rowid) from ${table});`,
      );
      expect(
        r.findings.find((f) => f.table === table && f.rowid === last + 1000 && f.kind === 'unrecorded'),
        `${table}: ${r.problems.slice(0, 3).join(' | ')}`,
      ).toBeDefined();
    }
  });

  it('two farmers swapped (a reorder: each row under the other’s id) names both rows', () => {
    const swap = tampered(`
      update farmers set id = -1 where id = 1; update farmers set id = 1 where id = 2; update farmers set id = 2 where id = -1;`);
    expect(swap.findings.filter((f) => f.table === 'farmers').map((f) => [f.rowid, f.kind])).toEqual([
      [1, 'edited'],
      [2, 'edited'],
    ]);
  });

  it('two audit entries swapped (a reorder) breaks the chain', () => {
    const r = tampered(`
      update audit_log set seq = -1 where seq = 40; update audit_log set seq = 40 where seq = 41; update audit_log set seq = 41 where seq = -1;`);
    expect(r.firstBreak?.seq).toBe(40);
  });
});

/** What a careful forger computes: the rows' digests and a well-chained audit entry, all without the key. */
function appendForgery(db: DB): void {
  const c = db.$client;
  c.pragma('foreign_keys = OFF');
  const entry = c
    .prepare(
      "insert into journal_entries (kind, occurred_on, posted_at, description, recorded_by) values ('manual', '2019-12-31', '2019-12-31T00:00:00Z', 'consulting', 1) returning rowid as k",
    )
    .get() as { k: number };
  const l1 = c
    .prepare(
      "insert into journal_lines (entry_id, account_id, currency, amount_minor) values (?, 1, 'USD', '5000000') returning rowid as k",
    )
    .get(entry.k) as { k: number };
  const l2 = c
    .prepare(
      "insert into journal_lines (entry_id, account_id, currency, amount_minor) values (?, 2, 'USD', '-5000000') returning rowid as k",
    )
    .get(entry.k) as { k: number };
  const cols = (t: string) =>
    (c.prepare('select name from pragma_table_info(?) order by cid').all(t) as { name: string }[]).map((r) => r.name);
  const rec = (t: string, k: number) => {
    const row = c.prepare(`select * from ${t} where rowid = ?`).get(k) as Record<string, unknown>;
    return [t, k, rowDigest(t, k, cols(t), row), columnDigests(cols(t), row)];
  };
  const wrote = canonical({
    v: 2,
    cols: { journal_entries: cols('journal_entries'), journal_lines: cols('journal_lines') },
    rows: [rec('journal_entries', entry.k), rec('journal_lines', l1.k), rec('journal_lines', l2.k)],
  });
  const last = c.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as {
    seq: number;
    hash: string;
  };
  const f = {
    seq: last.seq + 1,
    occurredAt: '2020-01-10T12:00:00.000Z',
    userId: 1,
    role: 'admin',
    operation: 'postManualEntry',
    inputDigest: 'f'.repeat(64),
    resultType: 'JournalEntry',
    resultId: entry.k,
    wrote,
    outcome: 'applied',
    prevHash: last.hash,
  };
  c.prepare(
    'insert into audit_log (seq, occurred_at, user_id, role, operation, input_digest, result_type, result_id, wrote, outcome, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?)',
  ).run(
    f.seq,
    f.occurredAt,
    f.userId,
    f.role,
    f.operation,
    f.inputDigest,
    f.resultType,
    f.resultId,
    f.wrote,
    f.outcome,
    f.prevHash,
    auditHash(f),
  );
}

describe('a forgery appended without the key', () => {
  it('chains and matches its rows, but is reported as not yet signed', () => {
    const r = withCopyOf(template, dir, (db) => {
      appendForgery(db);
      return verify(db);
    });
    expect(r.firstBreak).toBeNull();
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(false);
    expect(r.notYetSigned).toBe(1);
    expect(r.signedThrough).toBe(r.entries - 1);
    expect(r.problems.join('\n')).toMatch(new RegExp(`audit entries ${r.entries} are not yet signed`));
  });

  it('with a made-up signature, the signature is reported as forged', () => {
    const r = withCopyOf(template, dir, (db) => {
      appendForgery(db);
      const last = db.$client.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as {
        seq: number;
        hash: string;
      };
      db.$client
        .prepare("insert into audit_signatures values (?, ?, '2020-01-10T12:00:00.000Z', ?, ?)")
        .run(last.seq, last.hash, key.keyId, Buffer.alloc(64, 7).toString('base64'));
      return verify(db);
    });
    expect(r.problems.join('\n')).toMatch(/signed head recorded for audit entry \d+ does not verify/);
    expect(r.notYetSigned).toBe(1);
  });
});

describe('a rewritten history', () => {
  /** Edits an old entry's time and recomputes every hash after it, dropping the signatures it cannot redo. */
  function rewrite(db: DB, fromSeq: number): void {
    const c = db.$client;
    const rows = c
      .prepare(
        `select seq, occurred_at as occurredAt, user_id as userId, role, operation, input_digest as inputDigest,
          result_type as resultType, result_id as resultId, wrote, outcome, prev_hash as prevHash, hash from audit_log where seq >= ? order by seq`,
      )
      .all(fromSeq) as Record<string, any>[];
    let prev = rows[0]!.prevHash as string;
    for (const r of rows) {
      const { hash: _h, ...f } = r;
      if (r.seq === fromSeq) f.occurredAt = '2019-06-01T00:00:00.000Z';
      f.prevHash = prev;
      const hash = auditHash(f as never);
      c.prepare('update audit_log set occurred_at = ?, prev_hash = ?, hash = ? where seq = ?').run(
        f.occurredAt,
        prev,
        `tmp-${r.seq}`,
        r.seq,
      );
      c.prepare('update audit_log set hash = ? where seq = ?').run(hash, r.seq);
      prev = hash;
    }
    c.prepare('delete from audit_signatures where seq >= ?').run(fromSeq);
  }

  it('is caught against a saved signed head, and its tail is never reported as verified', () => {
    const r = withCopyOf(template, dir, (db) => {
      rewrite(db, 100);
      return verify(db, [savedHead]);
    });
    expect(r.firstBreak).toBeNull();
    expect(r.problems.join('\n')).toMatch(
      new RegExp(`saved head for audit entry ${savedHead.seq} .* is not in today's chain: history was rewritten`),
    );
    expect(r.signedThrough).toBe(99);
    expect(r.notYetSigned).toBe(r.entries - 99);
  });

  it('a cut tail is caught against a saved signed head', () => {
    const r = tampered(
      `delete from audit_log where seq > ${savedHead.seq - 3}; delete from audit_signatures where seq > ${savedHead.seq - 3};`,
      [savedHead],
    );
    expect(r.problems.join('\n')).toMatch(/beyond today's chain .*: history was truncated/);
  });

  it('a saved head that this key did not sign is refused as evidence', () => {
    const r = withCopyOf(template, dir, (db) => verify(db, [{ ...savedHead, signedAt: '2030-01-01T00:00:00.000Z' }]));
    expect(r.problems.join('\n')).toMatch(/has no valid signature/);
  });
});
