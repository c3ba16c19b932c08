/**
 * `npm run db:restore -- FILE`: puts a checked backup in place of DATABASE_PATH, the server stopped
 * (docs/operations.md, "Backup and restore"). Refuses a copy without its check record, one whose check failed, one
 * changed since (SHA-256) or one that does not check now. The current database and its side files are moved aside.
 */
import { loadConfig } from '../server/config.js';
import { RestoreRefused, restoreBackup } from '../server/services/backup.js';
import { command, fail } from './lib/cli.js';

const { positionals } = command({
  name: 'db:restore',
  usage: `
npm run db:restore -- FILE

Restores FILE (a backup written by db:backup) as DATABASE_PATH. Stop the server first (systemctl stop consortium).
Refuses FILE unless FILE.check.json says it checked and FILE is unchanged since (SHA-256), then checks it again.
The current database and its -wal, -shm and -journal files are moved aside to DATABASE_PATH.before-restore-<time>.
Exit 0: restored; 1: refused (the reason is printed) or the disk failed; 2: called wrongly.`,
  options: {},
  positionals: true,
});
if (positionals.length !== 1) fail('give exactly one backup FILE (see --help)');
const config = loadConfig();
try {
  const { movedAside, record } = restoreBackup(positionals[0]!, config.databasePath);
  console.log(`restored ${positionals[0]} (taken ${record.takenAt}, audit head ${record.auditHead ?? '-'})`);
  console.log(`to ${config.databasePath}`);
  for (const f of movedAside) console.log(`moved aside: ${f}`);
  console.log('next: start the server; it applies any migration the copy lacks (after its own backup).');
} catch (e) {
  if (!(e instanceof RestoreRefused)) throw e;
  process.stderr.write(`db:restore: REFUSED: ${e.message}\n`);
  process.exit(1);
}
