/**
 * `npm run db:backup [-- --to backups/consortium-<time>.db]`: a consistent
 * online copy of the configured database, taken while the server serves,
 * then checked (audit trail and trial balance). Exits 1 if the copy fails
 * its check. Restoring is in docs/operations.md.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { backupDatabase, checkCopy } from '../server/services/backup.js';

const { values } = parseArgs({ options: { to: { type: 'string' } } });
const config = loadConfig();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const to = values.to ?? join('backups', `consortium-${stamp}.db`);
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
