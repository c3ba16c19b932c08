/**
 * Online backups and their check (docs/operations.md, "Backup and restore").
 * SQLite's backup API copies a consistent snapshot page by page while the
 * server keeps serving: writers are not blocked, and the copy is the database
 * as of one instant. The copy is then opened and checked: the audit chain
 * verifies and every currency's trial balance nets to zero.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type DB, openDatabase } from '../../db/client.js';
import type { Currency } from '../domain/money.js';
import { accountBalances } from '../queries/ledger.js';
import { type AuditReport, verifyAudit } from './audit.js';

export interface BackupResult {
  path: string;
  pages: number;
  ms: number;
}

/** Copies the database at `sourcePath` to `destination` with SQLite's online backup, while others keep writing. */
export async function backupDatabase(sourcePath: string, destination: string): Promise<BackupResult> {
  mkdirSync(dirname(destination), { recursive: true });
  const started = Date.now();
  // A connection of its own: the backup reads a snapshot; the server's connection keeps writing.
  const source = new Database(sourcePath, { readonly: true, fileMustExist: true });
  try {
    // A write by another connection between two steps restarts the backup, so under steady load a copy made
    // 100 pages at a time may never finish. After the first step, ask for every remaining page in one step:
    // that step reads one snapshot (WAL lets the writers go on) and completes.
    const r = await source.backup(destination, { progress: ({ totalPages }) => Math.max(totalPages, 100) * 2 });
    return { path: destination, pages: r.totalPages, ms: Date.now() - started };
  } finally {
    source.close();
  }
}

export interface CopyCheck {
  audit: AuditReport;
  /** Per currency: debits − credits over every account; all must be 0. */
  trialBalance: { currency: Currency; net: bigint }[];
  ok: boolean;
}

/** Checks a database (a backup, a restored copy): the audit trail verifies and the books balance. */
export function checkDatabase(db: DB): CopyCheck {
  const audit = verifyAudit(db);
  const net = new Map<Currency, bigint>();
  for (const a of accountBalances(db, null)) net.set(a.currency, (net.get(a.currency) ?? 0n) + a.balance);
  const trialBalance = [...net]
    .map(([currency, n]) => ({ currency, net: n }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
  return { audit, trialBalance, ok: audit.ok && trialBalance.every((t) => t.net === 0n) };
}

/** Opens a copy and checks it. */
export function checkCopy(path: string): CopyCheck {
  const db = openDatabase(path);
  try {
    return checkDatabase(db);
  } finally {
    db.$client.close();
  }
}
