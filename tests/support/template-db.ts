/**
 * Property tests run many sequences, each on its own database: a template
 * is seeded once through the real migrations, and each run works on a copy.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type DB, openDatabase } from '../../db/client.js';

let seq = 0;

/** Runs `fn` on a fresh copy of `template` (in `dir`), then deletes the copy. */
export function withCopyOf<T>(template: string, dir: string, fn: (db: DB) => T): T {
  const path = join(dir, `run-${++seq}.db`);
  copyFileSync(template, path);
  const db = openDatabase(path);
  // Durability is not under test here; fsync per commit would dominate the runtime.
  db.$client.pragma('synchronous = OFF');
  try {
    return fn(db);
  } finally {
    db.$client.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
}
