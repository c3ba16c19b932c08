/**
 * Backup and restore (docs/operations.md): a copy taken with SQLite's online
 * backup while another connection keeps recording intakes is consistent —
 * its audit trail verifies and its books balance — and a restored copy opens,
 * migrates (nothing to do) and checks the same. A copy that is tampered with
 * fails the check.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { seedDemo } from '../../db/seed/demo.js';
import { fixedClock } from '../../server/domain/time.js';
import { encodeId } from '../../server/lib/global-id.js';
import { backupDatabase, checkCopy } from '../../server/services/backup.js';
import { recordLotIntake } from '../../server/services/lots.js';
import { principalForToken } from '../../server/services/users.js';

let dir: string;
let source: string;
let tokens: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coop-backup-'));
  source = join(dir, 'live.db');
  const db = openDatabase(source);
  migrateDatabase(db);
  tokens = seedDemo(db, 2019, 30, { loans: true }).tokens;
  db.$client.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lots = (path: string) => {
  const db = openDatabase(path);
  try {
    return (db.$client.prepare('select count(*) as n from lots').get() as { n: number }).n;
  } finally {
    db.$client.close();
  }
};

describe('db:backup', () => {
  it('copies a consistent snapshot while intakes keep being recorded, and the copy checks', async () => {
    const before = lots(source);
    // The "server": its own connection, recording an intake on every turn of the event loop.
    const live = openDatabase(source);
    const staff = principalForToken(live, tokens.plant_staff!)!;
    const ids = live.$client
      .prepare(
        "select (select id from plants where code = 'PLT-LM') as plant, (select id from farmers order by id limit 1) as farmer, (select id from harvest_campaigns where code = 'C2019') as campaign",
      )
      .get() as { plant: number; farmer: number; campaign: number };
    let written = 0;
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        recordLotIntake(
          { db: live, principal: staff, clock: fixedClock('2019-12-15T15:00:00Z') },
          {
            idempotencyKey: `backup-test-${written}`,
            plantId: encodeId('Plant', ids.plant),
            farmerId: encodeId('Farmer', ids.farmer),
            campaignId: encodeId('HarvestCampaign', ids.campaign),
            receivedAt: new Date('2019-12-15T14:00:00Z'),
            bags: 2,
            grossKg: '120.5',
            tareKg: '0.5',
            moisturePercent: '11.5',
          },
        );
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const copy = join(dir, 'backup.db');
    const result = await backupDatabase(source, copy);
    stop = true;
    await writer;
    live.$client.close();

    expect(written).toBeGreaterThan(0);
    expect(result.pages).toBeGreaterThan(0);
    const check = checkCopy(copy);
    expect(check.audit.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.trialBalance.map((t) => t.currency)).toEqual(['PEN', 'USD']);
    for (const t of check.trialBalance) expect(t.net).toBe(0n);
    // A snapshot of one instant: at least what was there before, at most what was written by the end.
    const inCopy = lots(copy);
    expect(inCopy).toBeGreaterThanOrEqual(before);
    expect(inCopy).toBeLessThanOrEqual(before + written);
    expect(check.audit.entries).toBeGreaterThan(0);

    // Restore: the copy put where the server's database goes, opened and migrated as on start.
    const restored = join(dir, 'restored.db');
    copyFileSync(copy, restored);
    const db = openDatabase(restored);
    migrateDatabase(db);
    db.$client.close();
    expect(checkCopy(restored).ok).toBe(true);
    expect(lots(restored)).toBe(inCopy);
  });

  it('a copy edited afterwards fails its check', async () => {
    const copy = join(dir, 'tampered.db');
    await backupDatabase(source, copy);
    const db = openDatabase(copy);
    db.$client.exec("update journal_lines set amount_minor = '1' where id = (select max(id) from journal_lines)");
    db.$client.close();
    const check = checkCopy(copy);
    expect(check.ok).toBe(false);
    expect(check.audit.ok).toBe(false);
  });
});
