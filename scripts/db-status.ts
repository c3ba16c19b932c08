/**
 * `npm run db:status`: which migrations DATABASE_PATH has applied and which this code would apply at its next
 * start (docs/operations.md, "Upgrades"). Opens the database read-only: it changes nothing.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrationStatus } from '../db/migration-status.js';
import { loadConfig } from '../server/config.js';
import { newestCheckedBackup } from '../server/services/backup.js';
import { command, fail } from './lib/cli.js';

command({
  name: 'db:status',
  usage: `
npm run db:status

Lists the migrations DATABASE_PATH has applied and those pending (applied at the next start, after a verified
backup). Read-only. Exit 0: up to date; 1: migrations pending, or the database is newer than this code; 2: no database.`,
  options: {},
});
const config = loadConfig();
if (!existsSync(config.databasePath)) fail(`${config.databasePath} does not exist (the first start creates it)`);
const sqlite = new Database(config.databasePath, { readonly: true, fileMustExist: true });
const s = migrationStatus(sqlite);
sqlite.close();
console.log(`${config.databasePath}`);
console.log(`applied (${s.applied.length}):`);
for (const a of s.applied) console.log(`  ${a.name}${a.appliedAt ? `  applied ${a.appliedAt}` : ''}`);
console.log(`pending (${s.pending.length}):${s.pending.length ? '' : ' none'}`);
for (const p of s.pending) console.log(`  ${p}`);
if (s.unknown.length) {
  console.log(
    `NOT IN THIS CODE (${s.unknown.length}): the database is newer than the code; do not start it with this version:`,
  );
  for (const u of s.unknown) console.log(`  ${u}`);
}
const last = newestCheckedBackup(config.backupDir);
console.log(
  `last checked backup in ${config.backupDir}: ${last ? `${last.name} (${last.checkedAt.toISOString()})` : 'none'}`,
);
process.exitCode = s.pending.length || s.unknown.length ? 1 : 0;
