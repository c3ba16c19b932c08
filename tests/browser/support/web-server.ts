/**
 * The real server for browser tests: the express app (API and the built web app) on a random loopback port,
 * over a copy of a demo database seeded once per machine (a template in the temp directory, keyed by the
 * migrations and the seed code, so a change to either seeds a new one). Plant staff are held to persisted
 * operations, as a production plant would be configured, so every browser test also proves the web app
 * sends only registered operations.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DB, migrateDatabase, openDatabase } from '../../../db/client.js';
import { seedDemo } from '../../../db/seed/demo.js';
import { createApp } from '../../../server/app.js';
import { fixedClock } from '../../../server/domain/time.js';
import { WEB_DIST } from '../../../server/web.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

function templateKey(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(p.slice(ROOT.length)).update(readFileSync(p));
    }
  };
  walk(join(ROOT, 'db'));
  return h.digest('hex').slice(0, 16);
}

/** The seeded template (60 farmers, with the campaign loans) and its tokens, made once. */
function template(): { path: string; tokens: Record<string, string> } {
  const base = join(tmpdir(), `coop-web-template-${templateKey()}`);
  if (!existsSync(`${base}.db`)) {
    const dir = mkdtempSync(join(tmpdir(), 'coop-web-seed-'));
    const db = openDatabase(join(dir, 'seed.db'));
    migrateDatabase(db);
    const { tokens } = seedDemo(db, 2019, 60, { loans: true });
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    db.$client.close();
    writeFileSync(`${base}.tokens.json`, JSON.stringify(tokens));
    // Atomic: a parallel test file sees either no template or a whole one.
    renameSync(join(dir, 'seed.db'), `${base}.db`);
    rmSync(dir, { recursive: true, force: true });
  }
  return { path: `${base}.db`, tokens: JSON.parse(readFileSync(`${base}.tokens.json`, 'utf8')) };
}

export interface WebServer {
  origin: string;
  db: DB;
  tokens: Record<string, string>;
  count(table: string): number;
  close(): Promise<void>;
}

/** The server's clock: 18 December 2019, 17:00 UTC (noon in Lima), two days before the 2019 campaign ends. */
export const SERVER_NOW = '2019-12-18T17:00:00.000Z';

export async function startWebServer(): Promise<WebServer> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error('web/dist is missing: `npm test` builds it in its pretest step (or run `npm run web:build`)');
  }
  const t = template();
  const dir = mkdtempSync(join(tmpdir(), 'coop-web-'));
  copyFileSync(t.path, join(dir, 'test.db'));
  const db = openDatabase(join(dir, 'test.db'));
  db.$client.pragma('synchronous = OFF');
  const { app } = createApp({ db, clock: fixedClock(SERVER_NOW), persistedOnlyRoles: ['plant_staff'] });
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    db,
    tokens: t.tokens,
    count: (table) => (db.$client.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
