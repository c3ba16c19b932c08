/**
 * Opening the database: one SQLite file, configured for a small server that
 * handles money. See docs/operations.md ("Durability") for why each pragma.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { auditedMigration } from '../server/services/audit.js';
import { relations } from './relations.js';

export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenOptions {
  /** Called with every SQL statement drizzle sends (tests count them). */
  onQuery?: (query: string, params: unknown[]) => void;
  /** Milliseconds a writer waits for another writer's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

export function openDatabase(path: string, options: OpenOptions = {}) {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk (WAL fsynced) before the API acknowledges it,
  // so an acknowledged intake survives power loss, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  cacheStatements(sqlite);
  const onQuery = options.onQuery;
  const db = drizzle({
    client: sqlite,
    relations,
    logger: onQuery ? { logQuery: (query, params) => onQuery(query, params) } : false,
  });
  return db;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * drizzle asks better-sqlite3 to compile every statement it runs, and that
 * compiling is most of the cost of a small write (see docs/performance.md).
 * Keep the last 500 compiled statements by SQL text and hand them back
 * reset to row-object mode (drizzle switches a statement to array mode with
 * `raw()` and never back).
 */
function cacheStatements(sqlite: Database.Database): void {
  const compile = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source); // re-insert: the Map's order is the recency order
      if (stmt.reader) stmt.raw(false);
    } else {
      stmt = compile(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}

/** The committed migrations, one folder each. */
export function migrationFolders(): string[] {
  return readdirSync(MIGRATIONS_FOLDER, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name);
}

export type DB = ReturnType<typeof openDatabase>;
/** The handle a transaction callback receives; it has the same query API. */
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];
/** Either the database or an open transaction. */
export type Queryable = DB | Tx;

/**
 * Applies every committed migration not yet applied, in one transaction.
 * Idempotent.
 *
 * Foreign keys are off while it runs: a migration that rebuilds a table
 * (SQLite's way to change a column or a CHECK: create the new table, copy,
 * drop the old one, rename) would otherwise fail on the drop, and the
 * `PRAGMA foreign_keys` lines drizzle-kit writes are no-ops inside the
 * migrator's transaction. This is the procedure SQLite documents for schema
 * changes (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table
 * Schema Changes"): afterwards `foreign_key_check` must find nothing, or
 * start-up stops.
 */
export function migrateDatabase(db: DB): void {
  const sqlite = db.$client;
  // Checked before too: drizzle commits the migrations before the check after them can run, so a database
  // already broken is refused untouched rather than migrated and then refused.
  const before = sqlite.pragma('foreign_key_check') as unknown[];
  if (before.length > 0)
    throw new Error(
      `before migrating, ${before.length} rows break foreign keys: ${JSON.stringify(before.slice(0, 5))}`,
    );
  sqlite.pragma('foreign_keys = OFF');
  try {
    // What the migrations write to covered tables goes into the audit trail (docs/audit.md, "Coverage").
    auditedMigration(db, migrationFolders().length, () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }));
    const broken = sqlite.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0)
      throw new Error(
        `after migrating, ${broken.length} rows break foreign keys: ${JSON.stringify(broken.slice(0, 5))}`,
      );
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}
