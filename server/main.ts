/**
 * `npm start`: opens (creating and migrating) the database, seeds the demo
 * campaign into a new demo database, and serves the API.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:https';
import pino from 'pino';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { migrationStatus } from '../db/migration-status.js';
import { writeCheckedBackup } from './services/backup.js';
import { consortium } from '../db/schema.js';
import { seedDemo } from '../db/seed/demo.js';
import { createApp } from './app.js';
import { loadConfig, loadEnvFile } from './config.js';
import { DEFAULT_LIMITS, storageFailure } from './limits.js';
import { verifyAudit } from './services/audit.js';
import { Lifecycle, shutdown } from './lifecycle.js';
import { Metrics } from './metrics.js';
import { loadSigningKey } from './services/audit-signing.js';
import { ensureWebBuild } from './web-build.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(
    'npm start | npm run start:prod\n\nServes the API. Settings come from the environment and from .env (or ENV_FILE);\nsee README "Configuration" and docs/deploy.md.\n',
  );
  process.exit(0);
}
let config: ReturnType<typeof loadConfig>;
try {
  // .env first: a variable already set in the environment wins over the file.
  loadEnvFile();
  config = loadConfig();
} catch (e) {
  process.stderr.write(`cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
// Synchronous writes keep log lines and the printed demo tokens in order.
const logger = pino(
  { level: config.logLevel, redact: ['req.headers.authorization'] },
  pino.destination({ sync: true }),
);

const isNew = !existsSync(config.databasePath);
let db: ReturnType<typeof openDatabase>;
try {
  db = openDatabase(config.databasePath);
} catch (e) {
  const reason = storageFailure(e) ?? (e instanceof Error ? e.message : String(e));
  logger.fatal({ database: config.databasePath, reason }, 'cannot open the database');
  process.stderr.write(`cannot open the database ${config.databasePath}: ${reason}\n`);
  process.exit(1);
}

// Safe upgrades (docs/operations.md, "Upgrades"): before pending migrations touch an existing database, a verified
// backup; a database newer than this code is not started; a failed migration leaves the database as it was.
let migrations: ReturnType<typeof migrationStatus>;
try {
  migrations = migrationStatus(db.$client);
} catch (e) {
  // A corrupt file or one the server cannot read: say which and why, without a stack trace.
  const reason = storageFailure(e) ?? (e instanceof Error ? e.message : String(e));
  logger.fatal({ database: config.databasePath, reason }, 'cannot open the database');
  process.stderr.write(`cannot open the database ${config.databasePath}: ${reason}\n`);
  process.exit(1);
}
if (migrations.unknown.length > 0) {
  const reason = `the database has migrations this code does not know (${migrations.unknown.join(', ')}): it is newer than the code; start the newer version, or restore the pre-upgrade backup (docs/operations.md, "Upgrades")`;
  logger.fatal({ database: config.databasePath, unknown: migrations.unknown }, reason);
  process.stderr.write(`cannot start: ${reason}\n`);
  process.exit(1);
}
let preUpgradeBackup: string | null = null;
if (migrations.pending.length > 0 && migrations.applied.length > 0) {
  preUpgradeBackup = join(config.backupDir, `pre-upgrade-${new Date().toISOString().replace(/[:.]/g, '-')}.db`);
  try {
    const r = await writeCheckedBackup(config.databasePath, preUpgradeBackup);
    logger.info(
      { backup: preUpgradeBackup, pending: migrations.pending, auditHead: r.auditHead },
      'verified backup taken before migrating',
    );
  } catch (e) {
    const reason = storageFailure(e) ?? (e instanceof Error ? e.message : String(e));
    logger.fatal({ backup: preUpgradeBackup, reason }, 'no verified backup before migrating: not migrating');
    process.stderr.write(
      `cannot start: the backup before migrating failed (${reason}); the database was not changed. Fix the backup (BACKUP_DIR) and start again.\n`,
    );
    process.exit(1);
  }
}
try {
  migrateDatabase(db);
} catch (e) {
  const after = migrationStatus(db.$client);
  const unchanged = after.applied.length === migrations.applied.length;
  // drizzle's message holds the whole failing statement; its first line and SQLite's own reason say enough.
  const cause = (e as { cause?: { message?: string } }).cause?.message;
  const reason =
    storageFailure(e) ?? [e instanceof Error ? e.message.split('\n')[0] : String(e), cause].filter(Boolean).join(' — ');
  logger.fatal(
    { database: config.databasePath, pending: migrations.pending, reason, unchanged, backup: preUpgradeBackup },
    'migration failed',
  );
  process.stderr.write(
    `cannot start: migrating ${config.databasePath} failed: ${reason}\n` +
      (unchanged
        ? 'The migrations run in one transaction, which was rolled back: the database is as it was.\n'
        : 'The database may be partly migrated: restore the pre-upgrade backup.\n') +
      (preUpgradeBackup ? `The verified backup taken before it: ${preUpgradeBackup}\n` : ''),
  );
  process.exit(1);
}
logger.info({ database: config.databasePath, created: isNew }, 'database ready');

// The audit signing key, outside the database (docs/audit.md, "Signed heads"); the demo makes its own.
try {
  const key = loadSigningKey(db.$client, config.auditKeyPath, config.demo);
  if (key) logger.info({ keyFile: config.auditKeyPath, keyId: key.keyId }, 'audit entries are signed');
  else
    logger.error(
      { keyFile: config.auditKeyPath },
      'no audit signing key: new audit entries will not be signed (run `npm run setup`, or set AUDIT_SIGNING_KEY_FILE)',
    );
} catch (e) {
  logger.fatal(
    { keyFile: config.auditKeyPath, reason: e instanceof Error ? e.message : String(e) },
    'cannot read the audit signing key',
  );
  process.exit(1);
}

if (config.demo && db.select().from(consortium).limit(1).get() === undefined) {
  logger.info('seeding the demo campaign (first start only; takes a few seconds)...');
  const started = Date.now();
  const result = seedDemo(db, undefined, undefined, { payouts: true });
  writeFileSync(config.demoTokensPath, `${JSON.stringify(result.tokens, null, 2)}\n`, { mode: 0o600 });
  logger.info({ ...result.counts, ms: Date.now() - started, tokens: config.demoTokensPath }, 'demo seeded');
}

// The audit trail is verified on every start; a broken chain or a record edited outside the application is
// reported loudly, and the server still starts so that auditors can investigate through the API.
let auditVerified = false;
{
  const started = Date.now();
  const report = verifyAudit(db);
  auditVerified = report.ok;
  if (report.ok) {
    logger.info({ entries: report.entries, head: report.head, ms: Date.now() - started }, 'audit trail verified');
  } else {
    logger.error(
      { firstBreak: report.firstBreak, problems: report.problems.slice(0, 10), ms: Date.now() - started },
      'AUDIT TRAIL BROKEN',
    );
    process.stderr.write(
      `\n*** WARNING: the audit trail of ${config.databasePath} does not verify ***\n${report.problems
        .slice(0, 10)
        .map((p) => `  - ${p}`)
        .join('\n')}\n` +
        'Records were changed outside the application. Run `npm run audit:verify` for the full report (docs/audit.md).\n\n',
    );
  }
}

const lifecycle = new Lifecycle();
const metrics = new Metrics({
  databasePath: config.databasePath,
  backupDir: config.backupDir,
  lifecycle,
  token: config.metricsToken,
});
metrics.auditOk.set(auditVerified ? 1 : 0);
// The web app is built by `npm install` (prepare); a checkout without a build gets one now, once.
await ensureWebBuild(logger);

const { app } = createApp({
  db,
  lifecycle,
  metrics,
  logger,
  persistedOnlyRoles: config.persistedOnlyRoles,
  exposeErrors: config.exposeErrors,
  businessDate: config.businessDate,
  limits: { ratePerMinute: config.ratePerMinute, exportsPerMinute: DEFAULT_LIMITS.exportsPerMinute },
  trustProxy: config.trustProxy,
});
const tls = config.tls;
const server = tls
  ? createTlsServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, app)
  : createServer(app);
server.listen(config.port, config.host, () => {
  const url = `${tls ? 'https' : 'http'}://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}/graphql`;
  logger.info({ url }, 'serving the GraphQL API (GraphiQL: open the URL in a browser)');
  if (config.demo && existsSync(config.demoTokensPath)) {
    // Printed, not logged: the demo tokens are meant to be copied into GraphiQL.
    process.stdout.write(`\nDemo tokens (role -> token), from ${config.demoTokensPath}:\n`);
    process.stdout.write(readFileSync(config.demoTokensPath, 'utf8'));
  }
});

// SIGTERM (systemd, docker) or SIGINT (Ctrl-C): stop accepting, end subscriptions with a final message, let
// in-flight requests finish within SHUTDOWN_TIMEOUT_MS, checkpoint the WAL, close the database, exit. A second
// signal while draining cuts the remaining connections at once.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: closing every connection now');
      server.closeAllConnections();
      return;
    }
    stopping = true;
    logger.info(
      { signal, openSubscriptions: lifecycle.openSubscriptions, inFlight: lifecycle.inFlight },
      'shutting down',
    );
    shutdown({
      server,
      lifecycle,
      logger,
      timeoutMs: config.shutdownTimeoutMs,
      closeDatabase: () => {
        // Fold the WAL into the database file: a copy of the file alone is then the whole database.
        db.$client.pragma('wal_checkpoint(TRUNCATE)');
        db.$client.close();
      },
    }).then(
      (inTime) => process.exit(inTime ? 0 : 1),
      (e) => {
        logger.fatal({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
