/**
 * The audit trail, on a seeded database (the small demo, through the real
 * services): it verifies as written; every kind of tampering with audit,
 * ledger and lot rows directly in the file is reported, with the first
 * broken link; a cut tail is caught against a recorded head.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { seedDemo } from '../../db/seed/demo.js';
import { GENESIS_HASH, auditHash, firstBreak } from '../../server/domain/audit.js';
import { verifyAudit } from '../../server/services/audit.js';
import { withCopyOf } from '../support/template-db.js';

let dir: string;
let template: string;
let head: string;
let entries: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coop-audit-'));
  template = join(dir, 'template.db');
  const db = openDatabase(template);
  migrateDatabase(db);
  seedDemo(db, 2019, 30, { loans: true });
  const r = verifyAudit(db);
  head = r.head!;
  entries = r.entries;
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Tampers a copy with raw SQL (foreign keys off, as someone editing the file would) and verifies it. */
function tampered(statements: string, options: { expectHead?: string } = {}) {
  return withCopyOf(template, dir, (db) => {
    db.$client.pragma('foreign_keys = OFF');
    db.$client.exec(statements);
    return verifyAudit(db, options);
  });
}

describe('the audit trail as written', () => {
  it('verifies: the chain is intact and every ledger entry and lot matches it', () => {
    const r = withCopyOf(template, dir, (db) => verifyAudit(db));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.entries).toBeGreaterThan(300);
    expect(r.journalEntriesChecked).toBeGreaterThanOrEqual(r.lotsChecked);
    expect(r.lotsChecked).toBeGreaterThan(50);
  });

  it('has one entry per applied mutation, chained from the genesis hash', () => {
    withCopyOf(template, dir, (db) => {
      const first = db.$client.prepare('select * from audit_log order by seq limit 1').get() as {
        prev_hash: string;
        seq: number;
      };
      expect(first).toMatchObject({ seq: 1, prev_hash: GENESIS_HASH });
      const keys = (db.$client.prepare('select count(*) as n from idempotency_keys').get() as { n: number }).n;
      // Besides one entry per applied mutation, the system's own writes (migrations' reference rows, the seed's
      // master data) have entries of their own, by no user.
      const system = (
        db.$client.prepare("select count(*) as n from audit_log where role = 'system' and user_id is null").get() as {
          n: number;
        }
      ).n;
      expect(system).toBeGreaterThan(0);
      expect(entries).toBe(keys + system);
    });
  });

  it('records who did what, and what it wrote with digests', () => {
    withCopyOf(template, dir, (db) => {
      const pay = db.$client
        .prepare("select * from audit_log where operation = 'recordSalePayment' order by seq limit 1")
        .get() as Record<string, string>;
      expect(pay.role).toBe('admin');
      const wrote = JSON.parse(pay.wrote!) as {
        v: number;
        cols: Record<string, string[]>;
        rows: [string, number, string][];
      };
      expect(wrote.v).toBe(2);
      expect(wrote.rows.some((w) => w[0] === 'journal_entries')).toBe(true);
      expect(wrote.rows.some((w) => w[0] === 'journal_lines')).toBe(true);
      expect(wrote.rows.some((w) => w[0] === 'sale_payments')).toBe(true);
      expect(wrote.rows.some((w) => w[0] === 'idempotency_keys')).toBe(true);
      for (const w of wrote.rows) expect(w[2]).toMatch(/^[0-9a-f]{64}$/);
    });
  });
});

describe('tampering is reported', () => {
  it('an audit entry edited: its own hash fails, named as the first break', () => {
    const r = tampered("update audit_log set role = 'auditor' where seq = 50");
    expect(r.ok).toBe(false);
    expect(r.firstBreak).toMatchObject({ seq: 50, kind: 'edited' });
  });

  it('an audit entry deleted: the next one no longer follows', () => {
    const r = tampered('delete from audit_log where seq = 77');
    expect(r.firstBreak).toMatchObject({ seq: 78, kind: 'link' });
  });

  it('an audit entry forged in the middle: the link after it breaks', () => {
    const r = tampered("update audit_log set prev_hash = '" + '1'.repeat(64) + "' where seq = 120");
    expect(r.firstBreak?.seq).toBe(120);
  });

  it('a journal line edited (an amount moved between two lines of one entry, still balanced)', () => {
    const r = tampered(`
      update journal_lines set amount_minor = cast(cast(amount_minor as integer) + 100 as text) where id = (select min(id) from journal_lines where cast(amount_minor as integer) > 0);
      update journal_lines set amount_minor = cast(cast(amount_minor as integer) - 100 as text)
        where id = (select min(l2.id) from journal_lines l2 where l2.entry_id = (select entry_id from journal_lines where id = (select min(id) from journal_lines where cast(amount_minor as integer) > 0)) and cast(l2.amount_minor as integer) < 0);`);
    expect(r.ok).toBe(false);
    expect(r.firstBreak).toBeNull();
    expect(r.problems.some((p) => /ledger entry \d+ .* differs/.test(p))).toBe(true);
  });

  it('a journal entry deleted with its lines', () => {
    const r = tampered('delete from journal_lines where entry_id = 10; delete from journal_entries where id = 10;');
    expect(r.problems).toContainEqual(expect.stringMatching(/ledger entry 10, recorded by audit entry \d+, is gone/));
  });

  it('a journal entry inserted outside the application', () => {
    const r = tampered(`
      insert into journal_entries (id, kind, occurred_on, posted_at, description, recorded_by) values (999999, 'manual', '2019-12-31', '2019-12-31T00:00:00Z', 'forged', 1);
      insert into journal_lines (entry_id, account_id, currency, amount_minor) values (999999, 1, 'PEN', '100'), (999999, 2, 'PEN', '-100');`);
    expect(r.problems).toContainEqual(
      'ledger entry 999999 is not in the audit trail: it was written outside the application',
    );
  });

  it('a lot edited, and a lot deleted', () => {
    expect(tampered("update lots set moisture_pct = '10.0' where id = 3").problems).toContainEqual(
      expect.stringMatching(/^lot 3 .* differs/),
    );
    expect(tampered('delete from lots where id = 4').problems).toContainEqual(
      expect.stringMatching(/^lot 4, recorded by audit entry \d+, is gone/),
    );
  });

  it('a grading edited (it belongs to its lot)', () => {
    const r = tampered(
      "update lot_gradings set exportable_yield_pct = '90.0' where id = (select min(id) from lot_gradings)",
    );
    expect(r.problems.some((p) => /^lot \d+ .* differs/.test(p))).toBe(true);
  });

  it('a cut tail is invisible to the chain alone, and caught against a head recorded before', () => {
    const cut = `delete from audit_log where seq > ${entries - 5}`;
    const alone = tampered(cut);
    expect(alone.firstBreak).toBeNull();
    const withHead = tampered(cut, { expectHead: head });
    expect(withHead.ok).toBe(false);
    expect(withHead.problems.join('\n')).toMatch(/head recorded earlier .* is no longer in the chain/);
  });
});

describe('the chain rule (pure)', () => {
  const entry = (seq: number, prevHash: string) => {
    const fields = {
      seq,
      occurredAt: '2020-01-01T00:00:00.000Z',
      userId: 1,
      role: 'admin',
      operation: 'x',
      inputDigest: 'd',
      resultType: 'T',
      resultId: seq,
      wrote: '[]',
      outcome: 'applied',
      prevHash,
    };
    return { ...fields, hash: auditHash(fields) };
  };
  it('accepts a chain built link by link and names the first entry out of order', () => {
    const a = entry(1, GENESIS_HASH);
    const b = entry(2, a.hash);
    const c = entry(3, b.hash);
    expect(firstBreak([a, b, c])).toBeNull();
    expect(firstBreak([a, c])).toMatchObject({ seq: 3, kind: 'link' });
    expect(firstBreak([b, c])).toMatchObject({ seq: 2, kind: 'link' });
    expect(firstBreak([a, { ...b, role: 'auditor' }, c])).toMatchObject({ seq: 2, kind: 'edited' });
  });
});
