/**
 * Seeded template databases for API tests: migrating and seeding the demo
 * takes seconds, so each kind of seed (farmers, loans) is built once per test
 * run, in the run's directory (tests/support/global-setup.ts), and every
 * server gets a copy of the file. Workers run in parallel: the first to need
 * a template builds it under an exclusive lock file; the others wait for its
 * `ready` marker.
 */
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { seedDemo } from '../../db/seed/demo.js';

export interface TemplateKind {
  farmers: number;
  loans: boolean;
  /** The demo's January 2020 farmer payouts (db/seed/payouts.ts); default without. */
  payouts?: boolean;
}

let ownDir: string | null = null;
/** The run's template directory, or one of this process's own outside a vitest run with the global setup. */
function templateDir(): string {
  let dir: string | undefined;
  try {
    dir = inject('templateDir');
  } catch {
    dir = undefined;
  }
  if (dir) return dir;
  ownDir ??= mkdtempSync(join(tmpdir(), 'coop-templates-'));
  return ownDir;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Builds (once per run) the seeded template of `kind` and returns its file and demo tokens. */
function template(kind: TemplateKind): { file: string; tokens: Record<string, string> } {
  const base = join(
    templateDir(),
    `demo-2019-f${kind.farmers}-${kind.loans ? 'loans' : 'noloans'}${kind.payouts ? '-payouts' : ''}`,
  );
  const file = `${base}.db`;
  const tokensFile = `${base}.tokens.json`;
  const ready = `${base}.ready`;
  if (!existsSync(ready)) {
    let lock: number | null = null;
    try {
      lock = openSync(`${base}.lock`, 'wx');
    } catch {
      lock = null;
    }
    if (lock !== null) {
      const db = openDatabase(file);
      migrateDatabase(db);
      const { tokens } = seedDemo(db, 2019, kind.farmers, { loans: kind.loans, payouts: kind.payouts ?? false });
      // Closing the last connection checkpoints the WAL into the file, so a plain copy is the whole database.
      db.$client.close();
      writeFileSync(tokensFile, JSON.stringify(tokens));
      writeFileSync(ready, '');
      closeSync(lock);
    } else {
      const deadline = Date.now() + 10 * 60_000;
      while (!existsSync(ready)) {
        if (Date.now() > deadline) throw new Error(`template ${base} was not built within 10 minutes`);
        sleep(100);
      }
    }
  }
  return { file, tokens: JSON.parse(readFileSync(tokensFile, 'utf8')) };
}

/** A fresh copy of the seeded template of `kind` at `path`; returns the demo tokens. */
export function copyOfTemplate(kind: TemplateKind, path: string): { tokens: Record<string, string> } {
  const t = template(kind);
  copyFileSync(t.file, path);
  return { tokens: t.tokens };
}
