/**
 * Which committed migrations a database has applied and which are pending (`npm run db:status`, and the
 * pre-upgrade backup at start-up: docs/operations.md, "Upgrades"). Read from drizzle's own bookkeeping table.
 */
import type Database from 'better-sqlite3';
import { migrationFolders } from './client.js';

export interface MigrationStatus {
  applied: { name: string; appliedAt: string | null }[];
  pending: string[];
  /** Applied migrations this code does not have: the database is newer than the code (a downgrade). */
  unknown: string[];
}

export function migrationStatus(sqlite: Database.Database): MigrationStatus {
  const folders = migrationFolders().sort();
  const hasTable = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  const applied = hasTable
    ? (sqlite.prepare('select name, applied_at as appliedAt from __drizzle_migrations order by id').all() as {
        name: string;
        appliedAt: string | null;
      }[])
    : [];
  const names = new Set(applied.map((a) => a.name));
  const known = new Set(folders);
  return {
    applied,
    pending: folders.filter((f) => !names.has(f)),
    unknown: applied.map((a) => a.name).filter((n) => !known.has(n)),
  };
}
