/**
 * `npm run audit:verify [-- --expect-head <hash>] [--heads FILE] [--public-key FILE]`: walks the audit chain
 * of the configured database, checks the latest signed head and every row of every covered table against it
 * (docs/audit.md). `--heads FILE`: a JSON list of signed heads saved earlier (from the `auditHead` query);
 * today's chain must extend each. `--public-key FILE`: the trusted key (default: the signing key file,
 * AUDIT_SIGNING_KEY_FILE). Prints a report; exits 1 when anything is found, 2 when the file cannot be
 * read as a database at all (a report, never a stack trace).
 */
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openDatabase } from '../db/client.js';
import { loadConfig } from '../server/config.js';
import { storageFailure } from '../server/limits.js';
import { type AuditReport, verifyAudit } from '../server/services/audit.js';
import { type SignedHead, readKeyFile } from '../server/services/audit-signing.js';
import { command, fail } from './lib/cli.js';

const { values } = command({
  name: 'audit:verify',
  usage: `
npm run audit:verify [-- --heads FILE] [--public-key FILE] [--expect-head HASH]

Walks the audit chain of DATABASE_PATH, checks its latest signed head and every row of every covered table
against it (docs/audit.md).
  --heads FILE         a JSON list of signed heads you saved (the auditHead query's answers): today's chain
                       must extend each, or history was rewritten or cut
  --public-key FILE    the trusted key (default AUDIT_SIGNING_KEY_FILE; a lender uses the .pub file)
  --expect-head HASH   the chain must contain this head (one you kept, e.g. printed by db:backup)
Exit 0: intact and signed; 1: something found, or the file cannot be read as a database (the report says
what); 2: called wrongly.`,
  options: {
    'expect-head': { type: 'string' },
    heads: { type: 'string' },
    'public-key': { type: 'string' },
  },
});
const config = loadConfig();

/** The file cannot be judged: a one-line report and exit 1 (a check that did not pass), never a stack. */
function refuse(reason: string): never {
  console.log(`${config.databasePath}: CANNOT VERIFY: ${reason}`);
  process.exit(1);
}

let heads: SignedHead[] | undefined;
if (values.heads) {
  try {
    const parsed = JSON.parse(readFileSync(values.heads, 'utf8')) as unknown;
    const list = (Array.isArray(parsed) ? parsed : [parsed]) as SignedHead[];
    for (const h of list)
      if (typeof h?.seq !== 'number' || typeof h.hash !== 'string' || typeof h.signature !== 'string')
        throw new Error('each head needs seq, hash, signedAt and signature (as the auditHead query answers)');
    heads = list;
  } catch (e) {
    fail(`--heads ${values.heads} is not a list of signed heads: ${e instanceof Error ? e.message : String(e)}`);
  }
}
const keyFile = values['public-key'] ?? config.auditKeyPath;
let trusted: ReturnType<typeof readKeyFile> | null = null;
if (existsSync(keyFile)) {
  try {
    trusted = readKeyFile(keyFile);
  } catch (e) {
    fail(`the key file ${keyFile} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
} else if (values['public-key']) fail(`no key file ${keyFile}`);

if (!existsSync(config.databasePath)) refuse('no such file');
let report: AuditReport;
const started = Date.now();
try {
  // Read-only and without migrating: verification never changes the file it judges.
  const check = new Database(config.databasePath, { readonly: true, fileMustExist: true });
  const integrity = check.pragma('quick_check', { simple: true });
  check.close();
  if (integrity !== 'ok')
    refuse(
      `SQLite finds the file damaged (${String(integrity)}); restore the latest checked backup (docs/operations.md)`,
    );
  const db = openDatabase(config.databasePath);
  try {
    report = verifyAudit(db, {
      heads,
      publicKey: trusted?.publicKey,
      keyId: trusted?.keyId,
      expectHead: values['expect-head'],
    });
  } finally {
    db.$client.close();
  }
} catch (e) {
  refuse(storageFailure(e) ?? (e instanceof Error ? e.message : String(e)));
}
console.log(
  `${config.databasePath}: ${report.entries} audit entries; ${report.rowsChecked} rows of ${report.tablesChecked} covered tables checked in ${Date.now() - started} ms`,
);
console.log(`head: ${report.head ?? '(empty chain)'}`);
console.log(
  report.keyId
    ? `signed through entry ${report.signedThrough ?? 0} (key ${report.keyId})${report.notYetSigned ? `; ${report.notYetSigned} entries NOT YET SIGNED` : ''}`
    : `signatures NOT CHECKED: no key file ${keyFile} (pass --public-key FILE)`,
);
if (heads) console.log(`${heads.length} saved heads checked`);
if (report.ok) {
  console.log(`OK: the chain is intact${report.keyId ? ', signed' : ''} and every covered row matches it`);
} else {
  console.log(`BROKEN: ${report.firstBreak ? report.firstBreak.reason : 'see below'}`);
  for (const p of report.problems) console.log(`- ${p}`);
  if (report.problemCount > report.problems.length)
    console.log(`… and ${report.problemCount - report.problems.length} more`);
  process.exitCode = 1;
}
