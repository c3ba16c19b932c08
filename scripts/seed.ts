/**
 * `npm run seed`: regenerates the demo database from scratch (deterministic),
 * and writes the demo users' tokens to data/demo-tokens.json.
 * Refuses to touch a database other than the demo one unless FORCE=1.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { seedDemo } from '../db/seed/demo.js';
import { DEMO_DATABASE_PATH, loadConfig } from '../server/config.js';
import { command, fail } from './lib/cli.js';

command({
  name: 'seed',
  usage: `
npm run seed

Deletes and regenerates the demo database (data/demo.db; deterministic data, new tokens in data/demo-tokens.json).
Refuses another DATABASE_PATH unless FORCE=1. Exit 0: seeded; 2: refused.`,
  options: {},
});
const config = loadConfig();
if (process.env.DATABASE_PATH && process.env.DATABASE_PATH !== DEMO_DATABASE_PATH && process.env.FORCE !== '1') {
  fail(`refusing to overwrite ${config.databasePath}: set FORCE=1 to seed demo data into it`);
}
for (const suffix of ['', '-wal', '-shm']) rmSync(config.databasePath + suffix, { force: true });
const db = openDatabase(config.databasePath);
migrateDatabase(db);
const started = Date.now();
const result = seedDemo(db, undefined, undefined, { payouts: true });
writeFileSync(config.demoTokensPath, `${JSON.stringify(result.tokens, null, 2)}\n`, { mode: 0o600 });
db.$client.close();
console.log(`seeded ${config.databasePath} in ${Date.now() - started} ms:`, result.counts);
console.log(`tokens written to ${config.demoTokensPath}`);
