/**
 * The audit coverage registry (server/services/audit-coverage.ts) names every
 * table of the live schema, after all migrations, as covered or exempt with a
 * reason: a table added without choosing fails here, with the line to add.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { COVERED, EXEMPT } from '../../server/services/audit-coverage.js';

const db = openDatabase(':memory:');
migrateDatabase(db);
afterAll(() => db.$client.close());

/** The tables SQLite holds after the migrations (its own internal tables aside). */
const liveTables = (
  db.$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as {
    name: string;
  }[]
)
  .map((r) => r.name)
  .sort();

describe('audit coverage registry', () => {
  it('names every table of the live schema as covered or exempt', () => {
    const missing = liveTables.filter((t) => !(t in COVERED) && !(t in EXEMPT));
    const message = missing
      .map(
        (t) =>
          `table "${t}" is in neither list of server/services/audit-coverage.ts. If its rows affect money, weight, ` +
          `identity or access, add to COVERED:\n    ${t}: 'what its rows hold',\n` +
          `otherwise add to EXEMPT:\n    ${t}: 'why a quiet edit of its rows cannot move money, weight, identity or access',`,
      )
      .join('\n');
    expect(missing, message).toEqual([]);
  });

  it('names no table twice and no table that does not exist', () => {
    const both = Object.keys(COVERED).filter((t) => t in EXEMPT);
    expect(both, `these tables are both COVERED and EXEMPT in server/services/audit-coverage.ts: ${both}`).toEqual([]);
    const stale = [...Object.keys(COVERED), ...Object.keys(EXEMPT)].filter((t) => !liveTables.includes(t));
    expect(
      stale,
      `server/services/audit-coverage.ts names tables the migrated schema does not have (renamed or dropped?): ${stale}`,
    ).toEqual([]);
  });

  it('gives every exemption a reason and every covered table a description', () => {
    for (const [t, why] of [...Object.entries(COVERED), ...Object.entries(EXEMPT)])
      expect(why.trim().length, `${t} needs a reason in server/services/audit-coverage.ts`).toBeGreaterThan(10);
  });

  it('covers the tables that move money, weight, identity or access', () => {
    for (const t of ['journal_lines', 'campaign_loans', 'exchange_rates', 'users', 'api_tokens', 'farmers', 'lots'])
      expect(COVERED[t], t).toBeDefined();
  });
});
