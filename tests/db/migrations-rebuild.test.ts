/**
 * The `_domestic_sales` migration REBUILDS `sales_contracts` and
 * `sale_deliveries` (create new, copy, drop, rename) while other tables
 * (deliveries, takes, payments, settlement lines, reversals) reference them.
 * `migrateDatabase` turns foreign keys off around the migrator and runs
 * `foreign_key_check` after it. Here: a database at the version just before
 * that migration, filled by raw SQL with the simplest valid chain from the
 * consortium to settled (and reversed) export payments, is migrated; every
 * row survives with its values, the references still hold and are enforced
 * again; and a database with a broken reference makes the migration refuse.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { type DB, MIGRATIONS_FOLDER, migrateDatabase, openDatabase } from '../../db/client.js';

const dir = mkdtempSync(join(tmpdir(), 'coop-rebuild-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const migrations = readdirSync(MIGRATIONS_FOLDER)
  .filter((m) => !m.startsWith('.'))
  .sort();
const rebuild = migrations.findIndex((m) => m.endsWith('_domestic_sales'));
/** The migrations before `_domestic_sales`, in a folder of their own. */
const before = join(dir, 'before-domestic-sales');
mkdirSync(before);
for (const m of migrations.slice(0, Math.max(rebuild, 0)))
  cpSync(join(MIGRATIONS_FOLDER, m), join(before, m), { recursive: true });

let dbSeq = 0;
/** A database migrated up to just before `_domestic_sales` (foreign keys on, as openDatabase sets them). */
function olderDatabase(): DB {
  const db = openDatabase(join(dir, `db-${++dbSeq}.db`));
  migrate(db, { migrationsFolder: before });
  return db;
}

/**
 * The simplest valid chain down to settled payments, as the schema before
 * `_domestic_sales` knew it: two cooperatives' lots hulled into one green
 * batch; a fixed and a differential (Fairtrade) export contract; a delivery on
 * each with its takes and invoice; the first paid in full and settled (with an
 * exchange rate), the second paid and that payment reversed. Every INSERT runs
 * with foreign keys ON, so the chain is valid before migrating.
 */
const POPULATE = `
  insert into consortium (id, name, country, base_currency, time_zone) values (1, 'Consorcio', 'PE', 'PEN', 'America/Lima');
  insert into cooperatives (id, code, name, region, membership) values (1, 'C-ONE', 'Coop One', 'Junín', 'shareholder'), (2, 'C-TWO', 'Coop Two', 'Pasco', 'affiliated');
  insert into farmers (id, cooperative_id, national_id, full_name, gender) values (1, 1, '10000001', 'Farmer One', 'female'), (2, 2, '10000002', 'Farmer Two', null);
  insert into plants (id, code, name, kind, region, hulling_capacity_g_per_day, roasting_capacity_g_per_day, packing_capacity_units_per_day)
    values (1, 'P-ONE', 'Plant One', 'plant', 'Junín', 20000000, 2000000, 5000);
  insert into warehouses (id, plant_id, code, name) values (1, 1, 'VERDE', 'Green store');
  insert into harvest_campaigns (id, code, name, starts_on, ends_on) values (1, 'C2019', 'Campaign 2019', '2019-04-01', '2020-03-31');
  insert into users (id, name, email, role, plant_id) values (1, 'Admin', 'admin@example.org', 'admin', null), (2, 'Staff', 'staff@example.org', 'plant_staff', 1);
  insert into lots (id, code, campaign_id, number, plant_id, farmer_id, cooperative_id, received_at, received_on, product_form, bags, gross_g, tare_g, net_g, moisture_pct, recorded_by)
    values (1, 'C2019-00001', 1, 1, 1, 1, 1, '2019-11-20T14:00:00.000Z', '2019-11-20', 'dried_parchment', 10, 1005000, 5000, 1000000, '11.5', 2),
           (2, 'C2019-00002', 1, 2, 1, 2, 2, '2019-11-20T14:30:00.000Z', '2019-11-20', 'dried_parchment', 5, 505000, 5000, 500000, '11.8', 2);
  insert into lot_gradings (id, lot_id, graded_at, graded_by, exportable_yield_pct, category1_defects, category2_defects, organic)
    values (1, 1, '2019-11-20T15:00:00.000Z', 2, '80', 0, 5, 0), (2, 2, '2019-11-20T15:30:00.000Z', 2, '70', 0, 7, 0);
  update lots set current_grading_id = id, status = 'graded';
  insert into processing_runs (id, code, plant_id, kind, number, started_at, finished_at, finished_on, input_g, output_g, husk_g, loss_g,
      expected_yield_pct, actual_yield_pct, total_bean_yield_pct, yield_tolerance_pct, flagged, recorded_by)
    values (1, 'P-ONE-H00001', 1, 'hulling', 1, '2019-12-28T13:00:00.000Z', '2019-12-28T17:00:00.000Z', '2019-12-28', 1300000, 1000000, 250000, 50000,
      '76.15', '76.92', '76.92', '3', 0, 2);
  insert into run_inputs (id, run_id, batch_id, lot_id, cooperative_id, grams) values (1, 1, null, 1, 1, 800000), (2, 1, null, 2, 2, 500000);
  insert into stock_batches (id, code, run_id, plant_id, warehouse_id, form, grade, quantity_g, produced_at)
    values (1, 'P-ONE-H00001-1', 1, 1, 1, 'green', 'export', 1000000, '2019-12-28T17:00:00.000Z');
  insert into batch_shares (batch_id, lot_id, cooperative_id, grams) values (1, 1, 1, 646465), (1, 2, 2, 353535);
  insert into run_lot_losses (run_id, lot_id, cooperative_id, grams) values (1, 1, 1, 30769), (1, 2, 2, 19231);
  insert into buyers (id, code, name, country) values (1, 'BUY-HH', 'Hamburg Green Coffee GmbH', 'DE');
  insert into sales_contracts (id, code, buyer_id, campaign_id, currency, grade, quantity_g, bag_kg, bags, pricing, price_per_lb, reference, differential_per_lb,
      fairtrade, organic, signed_on, recorded_by, created_at)
    values (1, 'SC-FIX-185', 1, 1, 'USD', 'export', 690000, 69, 10, 'fixed', '1.85', null, null, 0, 0, '2019-12-01', 1, '2019-12-01T15:00:00.000Z'),
           (2, 'SC-FT-010', 1, 1, 'USD', 'export', 2000000, null, null, 'differential', null, 'ny_c', '0.10', 1, 0, '2019-12-02', 1, '2019-12-02T15:00:00.000Z');
  insert into sale_deliveries (id, code, contract_id, plant_id, delivered_at, delivered_on, quantity_g, reference_price_per_lb, price_per_lb, premium_per_lb,
      currency, value_minor, premium_minor, recorded_by, created_at)
    values (1, 'SC-FIX-185-D1', 1, 1, '2020-01-10T15:00:00.000Z', '2020-01-10', 200000, null, '1.85', '0', 'USD', '81571', '0', 1, '2020-01-10T15:01:00.000Z'),
           (2, 'SC-FT-010-D1', 2, 1, '2020-01-11T15:00:00.000Z', '2020-01-11', 100000, '1.00', '1.4', '0.2', 'USD', '30865', '4409', 2, '2020-01-11T15:01:00.000Z');
  insert into sale_takes (id, delivery_id, batch_id, lot_id, cooperative_id, grams)
    values (1, 1, 1, 1, 1, 129293), (2, 1, 1, 2, 2, 70707), (3, 2, 1, 1, 1, 64647), (4, 2, 1, 2, 2, 35353);
  insert into ledger_accounts (id, code, owner_type, owner_id, purpose, currency) values
    (1, 'buyer:1:receivable:USD', 'buyer', 1, 'receivable', 'USD'),
    (2, 'consortium:-:proceeds_to_settle:USD', 'consortium', null, 'proceeds_to_settle', 'USD'),
    (3, 'consortium:-:premium_to_settle:USD', 'consortium', null, 'premium_to_settle', 'USD'),
    (4, 'consortium:-:cash:USD', 'consortium', null, 'cash', 'USD'),
    (5, 'consortium:-:fee_income:USD', 'consortium', null, 'fee_income', 'USD'),
    (6, 'consortium:-:exchange:USD', 'consortium', null, 'exchange', 'USD'),
    (7, 'consortium:-:exchange:PEN', 'consortium', null, 'exchange', 'PEN'),
    (8, 'farmer:1:farmer_balance:PEN', 'farmer', 1, 'farmer_balance', 'PEN'),
    (9, 'farmer:2:farmer_balance:PEN', 'farmer', 2, 'farmer_balance', 'PEN');
  insert into journal_entries (id, kind, occurred_on, posted_at, description, source_type, source_id, reverses_entry_id, recorded_by) values
    (1, 'sale_invoice', '2020-01-10', '2020-01-10T15:01:00.000Z', 'Delivery SC-FIX-185-D1', 'sale_delivery', 1, null, 1),
    (2, 'sale_invoice', '2020-01-11', '2020-01-11T15:01:00.000Z', 'Delivery SC-FT-010-D1', 'sale_delivery', 2, null, 2),
    (3, 'sale_settlement', '2020-01-13', '2020-01-13T16:00:00.000Z', 'Payment for SC-FIX-185-D1', 'sale_delivery', 1, null, 1),
    (4, 'sale_settlement', '2020-01-14', '2020-01-14T16:00:00.000Z', 'Payment for SC-FT-010-D1', 'sale_delivery', 2, null, 1),
    (5, 'reversal', '2020-01-15', '2020-01-15T16:00:00.000Z', 'payment reversed: bounced', 'sale_delivery', 2, 4, 1);
  insert into journal_lines (id, entry_id, account_id, currency, amount_minor, memo, lot_id) values
    (1, 1, 1, 'USD', '81571', 'invoice SC-FIX-185-D1', null), (2, 1, 2, 'USD', '-81571', 'coffee sold', null),
    (3, 2, 1, 'USD', '35274', 'invoice SC-FT-010-D1', null), (4, 2, 2, 'USD', '-30865', 'coffee sold', null), (5, 2, 3, 'USD', '-4409', 'premium', null),
    (6, 3, 4, 'USD', '81571', 'payment', null), (7, 3, 1, 'USD', '-81571', 'payment', null), (8, 3, 2, 'USD', '81571', 'coffee settled', null),
    (9, 3, 5, 'USD', '-1600', 'processing fee', null), (10, 3, 6, 'USD', '-79971', 'to PEN', null), (11, 3, 7, 'PEN', '269782', 'from USD', null),
    (12, 3, 8, 'PEN', '-176369', 'share', 1), (13, 3, 9, 'PEN', '-93413', 'share', 2),
    (14, 4, 4, 'USD', '1000', 'payment', null), (15, 4, 1, 'USD', '-1000', 'payment', null), (16, 4, 2, 'USD', '1000', 'coffee settled', null), (17, 4, 5, 'USD', '-1000', 'fee', null),
    (18, 5, 4, 'USD', '-1000', 'reversal', null), (19, 5, 1, 'USD', '1000', 'reversal', null), (20, 5, 2, 'USD', '-1000', 'reversal', null), (21, 5, 5, 'USD', '1000', 'reversal', null);
  insert into exchange_rates (id, base, quote, rate, rated_on, source, recorded_by) values (1, 'USD', 'PEN', '3.3735', '2020-01-13', 'SBS compra 2020-01-13', 1);
  insert into sale_payments (id, delivery_id, received_on, currency, amount_minor, exchange_rate_id, entry_id, recorded_by, created_at) values
    (1, 1, '2020-01-13', 'USD', '81571', 1, 3, 1, '2020-01-13T16:00:00.000Z'),
    (2, 2, '2020-01-14', 'USD', '1000', null, 4, 1, '2020-01-14T16:00:00.000Z');
  insert into sale_payment_reversals (id, payment_id, reversed_on, reason, entry_id, recorded_by) values (1, 2, '2020-01-15', 'bounced', 5, 1);
  insert into settlement_terms (id, campaign_id, membership, currency, processing_fee_per_kg, commission_pct, retention_pct)
    values (1, 1, 'shareholder', 'USD', '0.08', '1.5', '3'), (2, 1, 'affiliated', 'USD', '0.12', '2.5', '3');
  insert into cooperative_retention (id, campaign_id, cooperative_id, retention_pct, set_by) values (1, 1, 2, '5', 1);
  insert into settlement_lines (id, payment_id, cooperative_id, farmer_id, kind, currency, amount_minor, grams, entry_id) values
    (1, 1, 1, null, 'share', 'USD', '52733', 129293, 3), (2, 1, 1, null, 'processing_fee', 'USD', '1034', null, 3),
    (3, 1, 1, 1, 'farmer', 'PEN', '176369', 129293, 3),
    (4, 1, 2, null, 'share', 'USD', '28838', 70707, 3), (5, 1, 2, null, 'processing_fee', 'USD', '566', null, 3),
    (6, 1, 2, 2, 'farmer', 'PEN', '93413', 70707, 3),
    (7, 2, 1, null, 'share', 'USD', '647', 64647, 4), (8, 2, 2, null, 'share', 'USD', '353', 35353, 4);
  insert into idempotency_keys (user_id, key, operation, request_hash, result_type, result_id) values
    (1, 'key-delivery-0001', 'recordSaleDelivery', 'hash-1', 'SaleDelivery', 1), (1, 'key-contract-0001', 'createSalesContract', 'hash-2', 'SalesContract', 2);
`;
/** Every table the chain fills, and how many rows it puts in each. */
const FILLED: Record<string, number> = {
  consortium: 1,
  cooperatives: 2,
  farmers: 2,
  plants: 1,
  warehouses: 1,
  harvest_campaigns: 1,
  users: 2,
  lots: 2,
  lot_gradings: 2,
  processing_runs: 1,
  run_inputs: 2,
  stock_batches: 1,
  batch_shares: 2,
  run_lot_losses: 2,
  buyers: 1,
  sales_contracts: 2,
  sale_deliveries: 2,
  sale_takes: 4,
  ledger_accounts: 9,
  journal_entries: 5,
  journal_lines: 21,
  exchange_rates: 1,
  sale_payments: 2,
  sale_payment_reversals: 1,
  settlement_terms: 2,
  cooperative_retention: 1,
  settlement_lines: 8,
  idempotency_keys: 2,
};

type Row = Record<string, unknown>;
const rowsOf = (db: DB, table: string): Row[] =>
  db.$client.prepare(`select * from "${table}" order by rowid`).all() as Row[];
const pragma = (db: DB, name: string) => db.$client.pragma(name) as Row[];

describe('the _domestic_sales rebuild of sales_contracts and sale_deliveries', () => {
  it('is among the committed migrations, and the older database has the tables it rebuilds but not what it adds', () => {
    expect(rebuild).toBeGreaterThan(0);
    const db = olderDatabase();
    const tables = (
      db.$client.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]
    ).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining(['sales_contracts', 'sale_deliveries', 'sale_takes', 'sale_payments', 'settlement_lines']),
    );
    expect(tables).not.toContain('contract_unit_prices');
    expect(pragma(db, 'table_info(sales_contracts)').map((c) => c.name)).not.toContain('market');
    expect((db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(
      rebuild,
    );
    db.$client.close();
  });

  it('keeps every row of a populated database with the same values; old contracts become export ones', () => {
    const db = olderDatabase();
    db.$client.exec(POPULATE);
    expect(pragma(db, 'foreign_key_check')).toEqual([]);
    const old = Object.fromEntries(Object.keys(FILLED).map((t) => [t, rowsOf(db, t)]));
    expect(Object.fromEntries(Object.entries(old).map(([t, rows]) => [t, rows.length]))).toEqual(FILLED);

    migrateDatabase(db);

    expect((db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(
      migrations.length,
    );
    for (const [table, rows] of Object.entries(old)) {
      // Every column each row had keeps its value (columns a migration adds may come along).
      expect(rowsOf(db, table), table).toEqual(rows.map((r) => expect.objectContaining(r)));
    }
    expect(rowsOf(db, 'sales_contracts').map((r) => [r.code, r.market, r.grade, r.quantity_g, r.pricing])).toEqual([
      ['SC-FIX-185', 'export', 'export', 690000, 'fixed'],
      ['SC-FT-010', 'export', 'export', 2000000, 'differential'],
    ]);
    expect(rowsOf(db, 'sale_takes').map((r) => r.value_minor)).toEqual([null, null, null, null]);
    expect(rowsOf(db, 'contract_unit_prices')).toEqual([]);
    expect(rowsOf(db, 'sale_delivery_lines')).toEqual([]);
    // The views over the rebuilt tables' children still answer.
    expect(db.$client.prepare('select sum(grams) as g from batch_takes where batch_id = 1').get()).toEqual({
      g: 300000,
    });
    expect(db.$client.prepare('select id from live_sale_payments').all()).toEqual([{ id: 1 }]);
    expect(db.$client.prepare('select count(*) as n from live_settlement_lines').get()).toEqual({ n: 6 });
    db.$client.close();
  });

  it('leaves no broken or dangling reference, no leftover table, and its indexes in place', () => {
    const db = olderDatabase();
    db.$client.exec(POPULATE);
    migrateDatabase(db);
    expect(pragma(db, 'foreign_key_check')).toEqual([]);
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.prepare("select name from sqlite_master where instr(name, '__new_') > 0").all()).toEqual([]);
    const parents = (table: string) =>
      pragma(db, `foreign_key_list(${table})`)
        .map((f) => `${f.from}->${f.table}.${f.to}`)
        .sort();
    for (const child of ['sale_takes', 'sale_payments', 'sale_delivery_lines'])
      expect(parents(child), child).toContain('delivery_id->sale_deliveries.id');
    expect(parents('sale_deliveries')).toEqual([
      'contract_id->sales_contracts.id',
      'plant_id->plants.id',
      'recorded_by->users.id',
    ]);
    expect(parents('contract_unit_prices')).toEqual(['contract_id->sales_contracts.id']);
    expect(parents('sales_contracts')).toEqual([
      'buyer_id->buyers.id',
      'campaign_id->harvest_campaigns.id',
      'recorded_by->users.id',
    ]);
    expect(parents('settlement_lines')).toContain('payment_id->sale_payments.id');
    const indexes = (
      db.$client
        .prepare(
          "select name from sqlite_master where type = 'index' and tbl_name in ('sales_contracts', 'sale_deliveries')",
        )
        .all() as { name: string }[]
    )
      .map((i) => i.name)
      .filter((n) => !n.startsWith('sqlite_autoindex'));
    expect(indexes).toEqual(expect.arrayContaining(['sale_deliveries_contract_idx', 'sales_contracts_buyer_idx']));
    db.$client.close();
  });

  it('enforces the foreign keys again afterwards, in both directions, and the new CHECKs', () => {
    const db = olderDatabase();
    db.$client.exec(POPULATE);
    migrateDatabase(db);
    const run = (sql: string) => () => db.$client.prepare(sql).run();
    // A take of a delivery that does not exist.
    expect(
      run('insert into sale_takes (delivery_id, batch_id, lot_id, cooperative_id, grams) values (999, 1, 1, 1, 10)'),
    ).toThrow(/FOREIGN KEY constraint failed/);
    // A delivery on a contract that does not exist; a price for one.
    expect(
      run(`insert into sale_deliveries (code, contract_id, plant_id, delivered_at, delivered_on, quantity_g, price_per_lb, premium_per_lb, currency, value_minor, premium_minor, recorded_by)
      values ('X-D1', 999, 1, '2020-01-12T15:00:00.000Z', '2020-01-12', 1000, '1.85', '0', 'USD', '408', '0', 1)`),
    ).toThrow(/FOREIGN KEY constraint failed/);
    expect(
      run(
        "insert into contract_unit_prices (contract_id, sku, unit_size_g, unit_price_minor) values (999, 'SKU-1', 250, '1590')",
      ),
    ).toThrow(/FOREIGN KEY constraint failed/);
    // The children hold on to the rebuilt parents: neither a delivery nor a contract with children can go.
    expect(run('delete from sale_deliveries where id = 1')).toThrow(/FOREIGN KEY constraint failed/);
    expect(run('delete from sales_contracts where id = 1')).toThrow(/FOREIGN KEY constraint failed/);
    // A domestic contract must be one (no grade, no quantity, priced per unit).
    expect(
      run(`insert into sales_contracts (code, buyer_id, campaign_id, currency, market, grade, quantity_g, pricing, fairtrade, organic, signed_on, recorded_by)
      values ('DOM-BAD', 1, 1, 'PEN', 'domestic', 'export', null, 'per_unit', 0, 0, '2020-01-02', 1)`),
    ).toThrow(/CHECK constraint failed: sales_contracts_market_ck/);
    // Valid rows of the new kind go in.
    db.$client.exec(`
      insert into sales_contracts (id, code, buyer_id, campaign_id, currency, market, grade, quantity_g, pricing, fairtrade, organic, signed_on, recorded_by)
        values (3, 'DOM-OK', 1, 1, 'PEN', 'domestic', null, null, 'per_unit', 0, 0, '2020-01-02', 1);
      insert into contract_unit_prices (contract_id, sku, unit_size_g, unit_price_minor) values (3, 'SKU-1', 250, '1590');
      insert into sale_takes (delivery_id, batch_id, lot_id, cooperative_id, grams, value_minor) values (1, 1, 1, 1, 10, '4');`);
    expect(pragma(db, 'foreign_key_check')).toEqual([]);
    db.$client.close();
  });

  it('refuses to finish over a broken reference inserted before migrating, and turns foreign keys back on', () => {
    const db = olderDatabase();
    db.$client.exec(POPULATE);
    db.$client.pragma('foreign_keys = OFF');
    db.$client.exec(`
      insert into sale_takes (id, delivery_id, batch_id, lot_id, cooperative_id, grams) values (99, 999, 1, 1, 1, 10);
      insert into sale_deliveries (id, code, contract_id, plant_id, delivered_at, delivered_on, quantity_g, price_per_lb, premium_per_lb, currency, value_minor, premium_minor, recorded_by)
        values (98, 'GHOST-D1', 999, 1, '2020-01-12T15:00:00.000Z', '2020-01-12', 1000, '1.85', '0', 'USD', '408', '0', 1);`);
    db.$client.pragma('foreign_keys = ON');
    expect(() => migrateDatabase(db)).toThrow(/2 rows break foreign keys/);
    let message = '';
    try {
      migrateDatabase(db);
    } catch (e) {
      message = (e as Error).message;
    }
    // Start-up keeps refusing while the rows are broken, naming them.
    expect(message).toMatch(/2 rows break foreign keys/);
    expect(message).toContain('"table":"sale_takes"');
    expect(message).toContain('"table":"sale_deliveries"');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    db.$client.close();
  });

  it('refuses a single broken reference into a table the migration does not rebuild too', () => {
    const db = olderDatabase();
    db.$client.exec(POPULATE);
    db.$client.pragma('foreign_keys = OFF');
    db.$client.exec(
      "insert into settlement_lines (payment_id, cooperative_id, kind, currency, amount_minor, entry_id) values (777, 1, 'share', 'USD', '1', 3)",
    );
    db.$client.pragma('foreign_keys = ON');
    expect(() => migrateDatabase(db)).toThrow(/1 rows break foreign keys: \[\{"table":"settlement_lines"/);
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    db.$client.close();
  });
});
