/**
 * `npm run db:backup [-- --to backups/consortium-<time>.db]`: a consistent
 * online copy of the configured database, taken while the server serves,
 * then checked (audit trail and trial balance). Exits 1 if the copy fails
 * its check. Restoring is in docs/operations.md.
 */
import { join } from 'node:path';
import { loadConfig } from '../server/config.js';
import { backupDatabase, checkCopy } from '../server/services/backup.js';
import { command } from './lib/cli.js';

const { values } = command({
  name: 'db:backup',
  usage: `
npm run db:backup [-- --out FILE]

A consistent online copy of DATABASE_PATH (the server may keep serving), checked before it is trusted
(audit trail and trial balance). Default FILE: backups/consortium-<time>.db
  --out FILE   where to write the copy (--to is the same)
Exit 0: copied and checked; 1: the copy failed its check or could not be written; 2: called wrongly.`,
  options: { out: { type: 'string' }, to: { type: 'string' } },
});
const config = loadConfig();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const to = values.out ?? values.to ?? join('backups', `consortium-${stamp}.db`);
const result = await backupDatabase(config.databasePath, to);
console.log(`backed up ${config.databasePath} to ${result.path}: ${result.pages} pages in ${result.ms} ms`);
const check = checkCopy(result.path);
console.log(
  `audit trail: ${check.audit.ok ? 'verifies' : 'BROKEN'} (${check.audit.entries} entries, head ${check.audit.head ?? '-'})`,
);
for (const t of check.trialBalance)
  console.log(`trial balance ${t.currency}: ${t.net === 0n ? 'nets to zero' : `OFF BY ${t.net} minor units`}`);
if (!check.ok) {
  for (const p of check.audit.problems.slice(0, 10)) console.log(`- ${p}`);
  process.exitCode = 1;
}
