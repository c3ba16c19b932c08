/**
 * Migrations: applied on start, idempotent, and a database migrated step by
 * step from any older version ends with the same schema as a fresh one.
 * Also checks the pragmas a money-handling server depends on.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, migrateDatabase, openDatabase } from '../../db/client.js';

const dir = mkdtempSync(join(tmpdir(), 'coop-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The schema as SQLite stores it, ignoring the migrations journal. */
function schemaOf(path: string): string[] {
  const db = openDatabase(path);
  const rows = db.$client
    .prepare(
      "select type, name, sql from sqlite_master where name not like '%drizzle%' and name not like 'sqlite_%' order by type, name",
    )
    .all() as { type: string; name: string; sql: string | null }[];
  db.$client.close();
  return rows.map((r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ')}`);
}

const migrations = readdirSync(MIGRATIONS_FOLDER)
  .filter((m) => !m.startsWith('.'))
  .sort();

describe('migrations', () => {
  it('exist and are applied idempotently', () => {
    expect(migrations.length).toBeGreaterThan(0);
    const path = join(dir, 'twice.db');
    const db = openDatabase(path);
    migrateDatabase(db);
    migrateDatabase(db);
    const applied = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(migrations.length);
    db.$client.close();
  });

  it('bring a database at every older version to the same schema as a fresh one', () => {
    const fresh = join(dir, 'fresh.db');
    migrateDatabase(openDatabase(fresh));
    const expected = schemaOf(fresh);
    expect(expected.some((l) => l.startsWith('table lots:'))).toBe(true);
    for (let k = 1; k < migrations.length; k++) {
      const partial = join(dir, `partial-${k}`);
      mkdirSync(partial);
      for (const m of migrations.slice(0, k)) cpSync(join(MIGRATIONS_FOLDER, m), join(partial, m), { recursive: true });
      const path = join(dir, `older-${k}.db`);
      const db = openDatabase(path);
      migrate(db, { migrationsFolder: partial });
      migrateDatabase(db);
      db.$client.close();
      expect(schemaOf(path)).toEqual(expected);
    }
  });

  it('carry a populated database at the first version forward, keeping its rows', () => {
    const first = join(dir, 'first-only');
    mkdirSync(first);
    cpSync(join(MIGRATIONS_FOLDER, migrations[0]!), join(first, migrations[0]!), { recursive: true });
    const path = join(dir, 'populated.db');
    const db = openDatabase(path);
    migrate(db, { migrationsFolder: first });
    // Rows as the first version's schema knew them: a rebuild of a referenced
    // table (DROP TABLE under foreign keys) would fail here.
    db.$client.exec(`
      insert into consortium (id, name, country, base_currency, time_zone) values (1, 'C', 'PE', 'PEN', 'America/Lima');
      insert into cooperatives (id, code, name, region, membership) values (1, 'C1', 'Coop', 'Junín', 'affiliated');
      insert into farmers (id, cooperative_id, national_id, full_name) values (1, 1, '12345678', 'F');
      insert into plants (id, code, name, kind, region) values (1, 'P1', 'Plant', 'plant', 'Junín');
      insert into harvest_campaigns (id, code, name, starts_on, ends_on) values (1, 'C2019', '2019', '2019-06-01', '2019-12-31');
      insert into users (id, name, email, role, plant_id) values (1, 'U', 'u@x', 'plant_staff', 1);
      insert into lots (code, campaign_id, number, plant_id, farmer_id, cooperative_id, received_at, received_on, product_form, bags, gross_g, tare_g, net_g, moisture_pct, recorded_by)
        values ('C2019-00001', 1, 1, 1, 1, 1, '2019-07-01T15:00:00.000Z', '2019-07-01', 'dried_parchment', 2, 100000, 500, 99500, '11.5', 1);
    `);
    migrateDatabase(db);
    const lot = db.$client.prepare('select net_g, plant_id from lots').get();
    db.$client.close();
    expect(lot).toEqual({ net_g: 99500, plant_id: 1 });
    const fresh = join(dir, 'fresh-2.db');
    migrateDatabase(openDatabase(fresh));
    expect(schemaOf(path)).toEqual(schemaOf(fresh));
  });

  it('open SQLite with WAL, foreign keys, a busy timeout and full synchronous commits', () => {
    const db = openDatabase(join(dir, 'pragmas.db'));
    const p = (name: string) => db.$client.pragma(name, { simple: true });
    expect(p('journal_mode')).toBe('wal');
    expect(p('foreign_keys')).toBe(1);
    expect(p('busy_timeout')).toBe(5000);
    expect(p('synchronous')).toBe(2); // FULL
    db.$client.close();
  });

  it('let the database itself refuse a lot whose net weight is not gross minus tare', () => {
    const db = openDatabase(join(dir, 'checks.db'));
    migrateDatabase(db);
    db.$client.pragma('foreign_keys = OFF'); // isolate the CHECK from the missing parents
    expect(() =>
      db.$client
        .prepare(
          `insert into lots (code, campaign_id, number, plant_id, farmer_id, cooperative_id, received_at, received_on, product_form, bags, gross_g, tare_g, net_g, moisture_pct, recorded_by)
           values ('x', 1, 1, 1, 1, 1, '2019-07-01T00:00:00.000Z', '2019-07-01', 'dried_parchment', 1, 1000, 100, 901, '11', 1)`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed: lots_net_ck/);
    db.$client.close();
  });
});
