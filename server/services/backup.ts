/**
 * Online backups and their check (docs/operations.md, "Backup and restore").
 * SQLite's backup API copies a consistent snapshot page by page while the
 * server keeps serving: writers are not blocked, and the copy is the database
 * as of one instant. The copy is then opened and checked: the audit chain
 * verifies and every currency's trial balance nets to zero.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

// ------------------------------------------------------------------------------------------ checked backup files

/** What a backup's check found, written beside it as `<file>.check.json` (docs/operations.md). */
export interface BackupRecord {
  file: string;
  /** SHA-256 of the file as checked: a copy changed afterwards no longer matches. */
  sha256: string;
  bytes: number;
  source: string;
  takenAt: string;
  checkedAt: string;
  ok: boolean;
  auditEntries: number;
  auditHead: string | null;
  problems: string[];
  trialBalance: { currency: string; net: string }[];
}

export const recordPathOf = (file: string) => `${file}.check.json`;

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The directory entry of a rename is durable only once the directory itself is synced (POSIX). */
function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  fsyncPath(dir);
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Test hook (crash:test): pause at a step so the process can be killed there. */
export interface BackupHooks {
  afterCopy?: () => Promise<void> | void;
  afterCheck?: () => Promise<void> | void;
}

/**
 * A backup an operator can trust: copied to `<file>.partial`, synced, checked (audit trail, trial balance), its
 * record written and synced beside it, and only then renamed to `file`. A process killed at any point leaves at
 * most a `.partial` file, never a file under the final name without its record. A copy that fails its check is
 * kept as `<file>.failed` with its record (`ok: false`), for investigation, and the call throws.
 */
export async function writeCheckedBackup(
  sourcePath: string,
  file: string,
  hooks: BackupHooks = {},
): Promise<BackupRecord & { pages: number; ms: number }> {
  const started = Date.now();
  const partial = `${file}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  const takenAt = new Date().toISOString();
  const copy = await backupDatabase(sourcePath, partial);
  fsyncPath(partial);
  await hooks.afterCopy?.();
  const check = checkCopy(partial);
  await hooks.afterCheck?.();
  const record: BackupRecord = {
    file: basename(file),
    sha256: sha256Of(partial),
    bytes: statSync(partial).size,
    source: sourcePath,
    takenAt,
    checkedAt: new Date().toISOString(),
    ok: check.ok,
    auditEntries: check.audit.entries,
    auditHead: check.audit.head,
    problems: check.audit.problems.slice(0, 20),
    trialBalance: check.trialBalance.map((t) => ({ currency: t.currency, net: String(t.net) })),
  };
  const target = check.ok ? file : `${file}.failed`;
  const recordPath = recordPathOf(target);
  writeFileSync(`${recordPath}.partial`, `${JSON.stringify({ ...record, file: basename(target) }, null, 2)}\n`);
  fsyncPath(`${recordPath}.partial`);
  renameSync(`${recordPath}.partial`, recordPath);
  renameSync(partial, target);
  fsyncDirectory(dirname(file));
  if (!check.ok) throw new BackupCheckFailed(target, record);
  return { ...record, pages: copy.pages, ms: Date.now() - started };
}

export class BackupCheckFailed extends Error {
  constructor(
    readonly path: string,
    readonly record: BackupRecord,
  ) {
    super(
      `the copy failed its check (kept as ${path}): ${record.problems[0] ?? 'the trial balance does not net to zero'}`,
    );
  }
}

/**
 * Why a file must not be restored, or null when it may: it has its record, the record says it checked, and the file
 * is still the one that was checked (same SHA-256).
 */
export function refusalToRestore(file: string): string | null {
  if (!existsSync(file)) return `${file} does not exist`;
  const recordPath = recordPathOf(file);
  if (!existsSync(recordPath))
    return `${file} has no check record (${basename(recordPath)}): it was never checked, or its backup was interrupted`;
  let record: BackupRecord;
  try {
    record = JSON.parse(readFileSync(recordPath, 'utf8')) as BackupRecord;
  } catch {
    return `${recordPath} is not a readable check record`;
  }
  if (!record.ok) return `${file} failed its check when it was taken: ${record.problems[0] ?? 'books off balance'}`;
  if (sha256Of(file) !== record.sha256) return `${file} has changed since it was checked (its SHA-256 differs)`;
  return null;
}

/**
 * Restores a checked backup over `target` (the server stopped): refuses a copy without a good record, checks it
 * again, moves the current database and every side file (`-wal`, `-shm`, `-journal`) aside to
 * `<target>.before-restore-<time>`, and puts the copy in place. Returns where the old files went.
 */
export function restoreBackup(file: string, target: string): { movedAside: string[]; record: BackupRecord } {
  const refusal = refusalToRestore(file);
  if (refusal) throw new RestoreRefused(refusal);
  const staging = `${target}.restoring`;
  for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, { force: true });
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, staging);
  fsyncPath(staging);
  const check = checkCopy(staging);
  if (!check.ok) {
    rmSync(staging, { force: true });
    throw new RestoreRefused(`${file} does not check now: ${check.audit.problems[0] ?? 'books off balance'}`);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const movedAside: string[] = [];
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (existsSync(target + suffix)) {
      const aside = `${target}.before-restore-${stamp}${suffix}`;
      renameSync(target + suffix, aside);
      movedAside.push(aside);
    }
  }
  for (const suffix of ['-wal', '-shm']) rmSync(staging + suffix, { force: true });
  renameSync(staging, target);
  fsyncDirectory(dirname(target));
  return { movedAside, record: JSON.parse(readFileSync(recordPathOf(file), 'utf8')) as BackupRecord };
}

export class RestoreRefused extends Error {}

// ------------------------------------------------------------------------------------------ rotation

export interface Retention {
  daily: number;
  weekly: number;
  monthly: number;
}

export const DEFAULT_RETENTION: Retention = { daily: 7, weekly: 4, monthly: 12 };

/** `consortium-2020-01-15T12-00-00-000Z.db`: the name db:backup gives, and the time it encodes. */
const BACKUP_NAME = /^consortium-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.db$/;

export function backupTimeOf(name: string): Date | null {
  const m = BACKUP_NAME.exec(name);
  return m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : null;
}

export const backupNameAt = (at: Date) => `consortium-${at.toISOString().replace(/[:.]/g, '-')}.db`;

/** ISO week of a date (UTC), e.g. 2020-W03. */
function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * Grandfather-father-son: the newest backup of each of the last `daily` days, `weekly` ISO weeks and `monthly`
 * months (UTC) that have one is kept; every other is to be deleted. Returns the names to keep and to delete.
 */
export function selectRetained(names: readonly string[], keep: Retention): { keep: string[]; remove: string[] } {
  const dated = names
    .map((name) => ({ name, at: backupTimeOf(name) }))
    .filter((b): b is { name: string; at: Date } => b.at !== null)
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  const kept = new Set<string>();
  const bucket = (key: (d: Date) => string, count: number) => {
    const seen = new Set<string>();
    for (const b of dated) {
      const k = key(b.at);
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      kept.add(b.name);
    }
  };
  bucket((d) => d.toISOString().slice(0, 10), keep.daily);
  bucket(isoWeek, keep.weekly);
  bucket((d) => d.toISOString().slice(0, 7), keep.monthly);
  return {
    keep: dated.filter((b) => kept.has(b.name)).map((b) => b.name),
    remove: dated.filter((b) => !kept.has(b.name)).map((b) => b.name),
  };
}

/** Deletes the backups (and their records) in `dir` that the retention does not keep; returns the names deleted. */
export function rotateBackups(dir: string, keep: Retention): string[] {
  if (!existsSync(dir)) return [];
  const { remove } = selectRetained(readdirSync(dir), keep);
  for (const name of remove) {
    rmSync(join(dir, name), { force: true });
    rmSync(recordPathOf(join(dir, name)), { force: true });
  }
  return remove;
}

/** The newest backup in `dir` whose record says it checked, for the metrics (last backup age). */
export function newestCheckedBackup(dir: string): { name: string; checkedAt: Date } | null {
  if (!existsSync(dir)) return null;
  let best: { name: string; checkedAt: Date } | null = null;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.db.check.json')) continue;
    try {
      const r = JSON.parse(readFileSync(join(dir, name), 'utf8')) as BackupRecord;
      const at = new Date(r.checkedAt);
      if (r.ok && (!best || at > best.checkedAt)) best = { name: r.file, checkedAt: at };
    } catch {
      // not a record
    }
  }
  return best;
}
