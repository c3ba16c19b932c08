/**
 * `npm run db:backup [-- --out FILE | --rotate]`: a consistent online copy of the configured database, taken while
 * the server serves, written under a temporary name, synced, checked (audit trail and trial balance), recorded
 * beside itself (`FILE.check.json`) and only then given its name (docs/operations.md, "Backup and restore").
 * `--rotate` then deletes what the retention (7 daily, 4 weekly, 12 monthly) no longer keeps.
 */
import { join } from 'node:path';
import { loadConfig } from '../server/config.js';
import {
  BackupCheckFailed,
  backupNameAt,
  DEFAULT_RETENTION,
  rotateBackups,
  writeCheckedBackup,
} from '../server/services/backup.js';
import { command, fail } from './lib/cli.js';

const { values } = command({
  name: 'db:backup',
  usage: `
npm run db:backup [-- --out FILE] [-- --rotate [--keep-daily 7 --keep-weekly 4 --keep-monthly 12]]

A consistent online copy of DATABASE_PATH (the server may keep serving): written as FILE.partial, synced, checked
(audit trail, trial balance), its record written to FILE.check.json, then renamed to FILE. Restore only with
\`npm run db:restore -- FILE\`, which refuses a copy without a good record.
Default FILE: BACKUP_DIR/consortium-<UTC time>.db (BACKUP_DIR defaults to ./backups).
  --out FILE     where to write the copy (--to is the same)
  --rotate       then delete the backups in BACKUP_DIR that the retention does not keep
Exit 0: copied and checked; 1: the copy failed its check (kept as FILE.failed) or could not be written; 2: called wrongly.`,
  options: {
    out: { type: 'string' },
    to: { type: 'string' },
    rotate: { type: 'boolean', default: false },
    'keep-daily': { type: 'string', default: String(DEFAULT_RETENTION.daily) },
    'keep-weekly': { type: 'string', default: String(DEFAULT_RETENTION.weekly) },
    'keep-monthly': { type: 'string', default: String(DEFAULT_RETENTION.monthly) },
  },
});
const config = loadConfig();
const count = (name: 'keep-daily' | 'keep-weekly' | 'keep-monthly') => {
  const n = Number(values[name]);
  if (!/^\d{1,4}$/.test(values[name]!)) fail(`--${name} must be a whole number`);
  return n;
};
const retention = { daily: count('keep-daily'), weekly: count('keep-weekly'), monthly: count('keep-monthly') };
const to = values.out ?? values.to ?? join(config.backupDir, backupNameAt(new Date()));
try {
  const r = await writeCheckedBackup(config.databasePath, to);
  console.log(`backed up ${config.databasePath} to ${to}: ${r.pages} pages, ${r.bytes} bytes in ${r.ms} ms`);
  console.log(`audit trail: verifies (${r.auditEntries} entries, head ${r.auditHead ?? '-'})`);
  for (const t of r.trialBalance) console.log(`trial balance ${t.currency}: nets to zero`);
  console.log(`check recorded in ${to}.check.json (sha256 ${r.sha256})`);
} catch (e) {
  if (!(e instanceof BackupCheckFailed)) throw e;
  console.log(`REFUSED: ${e.message}`);
  for (const p of e.record.problems.slice(0, 10)) console.log(`- ${p}`);
  for (const t of e.record.trialBalance)
    if (t.net !== '0') console.log(`- trial balance ${t.currency} off by ${t.net} minor units`);
  process.exit(1);
}
if (values.rotate) {
  const removed = rotateBackups(config.backupDir, retention);
  console.log(
    `rotation (${retention.daily} daily, ${retention.weekly} weekly, ${retention.monthly} monthly): ${removed.length ? `deleted ${removed.join(', ')}` : 'nothing to delete'}`,
  );
}
