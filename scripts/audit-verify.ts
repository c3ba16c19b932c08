/**
 * `npm run audit:verify [-- --expect-head <hash>]`: walks the audit chain of
 * the configured database and checks every ledger entry and lot against it
 * (docs/audit.md). Prints the report; exits 1 when anything is broken.
 */
import { openDatabase } from '../db/client.js';
import { loadConfig } from '../server/config.js';
import { verifyAudit } from '../server/services/audit.js';
import { command } from './lib/cli.js';

const { values } = command({
  name: 'audit:verify',
  usage: `
npm run audit:verify [-- --expect-head HASH]

Walks the audit chain of DATABASE_PATH and checks every ledger entry and lot against it (docs/audit.md).
  --expect-head HASH   the chain must contain this head (one you kept, e.g. printed by db:backup)
Exit 0: intact; 1: broken (the report says what); 2: called wrongly.`,
  options: { 'expect-head': { type: 'string' } },
});
const config = loadConfig();
const db = openDatabase(config.databasePath);
const started = Date.now();
const report = verifyAudit(db, { expectHead: values['expect-head'] });
db.$client.close();
console.log(
  `${config.databasePath}: ${report.entries} audit entries, ${report.journalEntriesChecked} ledger entries and ${report.lotsChecked} lots checked in ${Date.now() - started} ms`,
);
console.log(`head: ${report.head ?? '(empty chain)'}`);
if (report.ok) {
  console.log('OK: the chain is intact and every ledger entry and lot matches it');
} else {
  console.log(
    `BROKEN: ${report.firstBreak ? report.firstBreak.reason : 'the chain is intact, but records differ from it'}`,
  );
  for (const p of report.problems) console.log(`- ${p}`);
  process.exitCode = 1;
}
