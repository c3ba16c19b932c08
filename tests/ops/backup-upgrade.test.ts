/**
 * Backups an operator can trust and safe upgrades (docs/operations.md,
 * "Backup and restore", "Upgrades"): a backup is written under a temporary
 * name, checked and recorded before it gets its name; restore refuses a copy
 * that was never checked, failed, or changed since, and moves every SQLite
 * side file aside; rotation keeps 7 daily, 4 weekly and 12 monthly; at start,
 * pending migrations are preceded by a verified backup and a failed migration
 * leaves the database as it was, saying so; db:status lists what is pending.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase, ROOT } from '../../scripts/lib/harness.js';
import {
  backupNameAt,
  DEFAULT_RETENTION,
  recordPathOf,
  refusalToRestore,
  restoreBackup,
  selectRetained,
  writeCheckedBackup,
} from '../../server/services/backup.js';

let dir: string;
let source: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coop-backup-ops-'));
  source = join(dir, 'live.db');
  prepareDatabase(source, 20, { loans: false });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schemaOf = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return {
      tables: db.prepare("select name, sql from sqlite_master where type in ('table','index') order by name").all(),
      migrations: (db.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
};

function script(name: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, DEMO_SEED: '0', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a checked backup', () => {
  it('gets its final name only after the check, with its record beside it; a copy killed before that has no name', async () => {
    const file = join(dir, 'b1', 'copy.db');
    const r = await writeCheckedBackup(source, file);
    expect(r.ok).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const record = JSON.parse(readFileSync(recordPathOf(file), 'utf8'));
    expect(record).toMatchObject({ ok: true, file: 'copy.db', sha256: r.sha256 });
    expect(refusalToRestore(file)).toBeNull();

    // Interrupted after the copy, before its check (as a kill would): nothing under the final name.
    const killed = join(dir, 'b1', 'killed.db');
    await expect(
      writeCheckedBackup(source, killed, {
        afterCopy: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect(existsSync(killed)).toBe(false);
    expect(existsSync(`${killed}.partial`)).toBe(true);
    expect(refusalToRestore(`${killed}.partial`)).toMatch(/no check record/);
  });

  it('restore refuses a copy never checked, changed since its check, or whose check failed, and says why', async () => {
    const file = join(dir, 'b2', 'copy.db');
    await writeCheckedBackup(source, file);
    const changed = join(dir, 'b2', 'changed.db');
    copyFileSync(file, changed);
    copyFileSync(recordPathOf(file), recordPathOf(changed));
    const bytes = readFileSync(changed);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100]! + 1) % 256;
    writeFileSync(changed, bytes);
    expect(refusalToRestore(changed)).toMatch(/changed since it was checked/);

    const unchecked = join(dir, 'b2', 'unchecked.db');
    copyFileSync(file, unchecked);
    expect(refusalToRestore(unchecked)).toMatch(/no check record/);

    const failed = join(dir, 'b2', 'failed.db');
    copyFileSync(file, failed);
    const rec = JSON.parse(readFileSync(recordPathOf(file), 'utf8'));
    writeFileSync(recordPathOf(failed), JSON.stringify({ ...rec, ok: false, problems: ['audit entry 3 altered'] }));
    expect(refusalToRestore(failed)).toMatch(/failed its check.*audit entry 3 altered/);

    // The script: exit 1, the reason, no stack, the target untouched.
    const target = join(dir, 'b2', 'target.db');
    writeFileSync(target, 'current');
    const r = script('db-restore', [unchecked], { DATABASE_PATH: target });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/REFUSED: .*no check record/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(target, 'utf8')).toBe('current');
  });

  it('restore puts the copy in place and moves the database and every side file aside', async () => {
    const file = join(dir, 'b3', 'copy.db');
    await writeCheckedBackup(source, file);
    const target = join(dir, 'b3', 'prod.db');
    for (const suffix of ['', '-wal', '-shm', '-journal']) writeFileSync(target + suffix, `old${suffix}`);
    const r = script('db-restore', [file], { DATABASE_PATH: target });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const aside = readdirSync(join(dir, 'b3')).filter((n) => n.startsWith('prod.db.before-restore-'));
    expect(
      aside.map((n) => n.replace(/before-restore-[^-.]+(?:-[^-.]+)*?(?=$|-wal|-shm|-journal)/, 'X')).sort(),
    ).toEqual(['prod.db.X', 'prod.db.X-journal', 'prod.db.X-shm', 'prod.db.X-wal']);
    for (const suffix of ['-wal', '-shm', '-journal']) expect(existsSync(target + suffix)).toBe(false);
    expect(schemaOf(target).migrations).toBe(schemaOf(source).migrations);
    expect(refusalToRestore(file)).toBeNull();
    expect(() => restoreBackup(join(dir, 'b3', 'nope.db'), target)).toThrow(/does not exist/);
  });
});

describe('rotation', () => {
  it('keeps the newest of each of the last 7 days, 4 ISO weeks and 12 months, and nothing else', () => {
    // Two backups a day for 400 days, ending 2020-01-15.
    const end = Date.parse('2020-01-15T23:00:00Z');
    const names: string[] = [];
    for (let i = 0; i < 800; i++) names.push(backupNameAt(new Date(end - i * 12 * 3_600_000)));
    const { keep, remove } = selectRetained(names, DEFAULT_RETENTION);
    expect(keep.length + remove.length).toBe(800);
    const days = keep.map((n) => n.slice(11, 21));
    // The last 7 days, each by its newest backup (23:00 UTC).
    for (let d = 9; d <= 15; d++)
      expect(keep).toContain(`consortium-2020-01-${String(d).padStart(2, '0')}T23-00-00-000Z.db`);
    // 12 months: the newest of each month back to February 2019.
    expect(new Set(days.map((d) => d.slice(0, 7))).size).toBe(12);
    expect(keep.length).toBeLessThanOrEqual(7 + 4 + 12);
    expect(keep.length).toBeGreaterThanOrEqual(12 + 7);
    // Not ours (no timestamp name): never selected for deletion.
    expect(selectRetained(['notes.txt', 'pre-upgrade-x.db'], DEFAULT_RETENTION).remove).toEqual([]);
  });
});

describe('upgrades', () => {
  it('db:status lists a pending migration; the start backs up first, and a failed migration leaves the database as it was', () => {
    const db = join(dir, 'up', 'prod.db');
    const backups = join(dir, 'up', 'backups');
    rmSync(join(dir, 'up'), { recursive: true, force: true });
    prepareDatabase(db, 5, { loans: false });
    // Pretend the newest migration is not applied yet: re-running it fails (its tables exist), as a broken
    // migration would.
    const w = new Database(db);
    const last = w.prepare('select name from __drizzle_migrations order by id desc limit 1').get() as { name: string };
    w.prepare('delete from __drizzle_migrations where name = ?').run(last.name);
    w.close();
    const before = schemaOf(db);

    const status = script('db-status', [], { DATABASE_PATH: db, BACKUP_DIR: backups });
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(new RegExp(`pending \\(1\\):\\n  ${last.name}`));

    const start = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: db, BACKUP_DIR: backups, DEMO_SEED: '0', PORT: '0', LOG_LEVEL: 'info' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(start.status).toBe(1);
    expect(start.stderr).toMatch(
      /migrating .* failed: .*\nThe migrations run in one transaction, which was rolled back/,
    );
    expect(start.stderr).not.toMatch(/\n\s+at /);
    expect(schemaOf(db)).toEqual(before);
    // The verified backup taken first, with its record.
    const taken = readdirSync(backups).filter((n) => /^pre-upgrade-.*\.db$/.test(n));
    expect(taken).toHaveLength(1);
    expect(refusalToRestore(join(backups, taken[0]!))).toBeNull();
    expect(start.stderr).toContain(join(backups, taken[0]!));
  }, 120_000);
});
