/**
 * The operator's scripts behave (scripts/lib/cli.ts, docs/operations.md
 * "Scripts"): each answers --help, a wrong call gets one line and exit 2
 * (never a stack trace), data goes to stdout or --out and messages to stderr,
 * the CSV can carry a byte-order mark for Excel, and settings come from a
 * .env file as well as the environment (the environment wins).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase, ROOT } from '../../scripts/lib/harness.js';

let dir: string;
let dbPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coop-scripts-'));
  dbPath = join(dir, 'demo.db');
  prepareDatabase(dbPath, 20, { loans: false });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbPath, DEMO_SEED: '0', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK = /\n\s+at /;
const SCRIPTS = [
  'audit-verify',
  'create-user',
  'db-backup',
  'export-settlements',
  'seed',
  'setup',
  'print-schema',
  'crash-test',
  'load-test',
];

describe('scripts', () => {
  it.each(SCRIPTS)('%s answers --help with its usage and exit 0', (script) => {
    const r = run(script, ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^npm run /);
  });

  it('refuses an unknown option with one line and exit 2', () => {
    const r = run('export-settlements', ['--cooperativ', 'CAC-PAN']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown option '--cooperativ'");
    expect(r.stderr).not.toMatch(STACK);
  });

  it('answers a duplicate email with one line and exit 2, and prints a token alone on stdout', () => {
    const first = run('create-user', ['--name', 'Ana', '--email', 'ana@example.org', '--role', 'admin']);
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toMatch(/^cct_[A-Za-z0-9_-]+$/);
    const again = run('create-user', ['--name', 'Ana', '--email', 'ana@example.org', '--role', 'admin']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect(again.stderr).not.toMatch(STACK);
    expect(again.stdout).toBe('');
  });

  it('answers an unknown cooperative with exit 2 and no stack', () => {
    const r = run('export-settlements', ['--cooperative', 'NOPE', '--campaign', 'C2019']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toBe('');
  });

  it('writes the CSV to --out, with a byte-order mark when asked for Excel, and nothing on stdout', () => {
    const plain = join(dir, 'plain.csv');
    const excel = join(dir, 'excel.csv');
    const a = run('export-settlements', ['--cooperative', 'CAC-PAN', '--campaign', 'C2019', '--out', plain]);
    const b = run('export-settlements', ['--cooperative', 'CAC-PAN', '--campaign', 'C2019', '--out', excel, '--excel']);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.stdout + b.stdout).toBe('');
    const p = readFileSync(plain);
    const e = readFileSync(excel);
    expect(p.subarray(0, 11).toString()).toBe('national_id');
    expect([...e.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(e.subarray(3).equals(p)).toBe(true);
  });

  it('reads settings from a .env file (ENV_FILE), the environment winning over the file', () => {
    const other = join(dir, 'from-env-file.db');
    const envFile = join(dir, 'test.env');
    writeFileSync(envFile, `# settings\nDATABASE_PATH="${other}"\nDEMO_SEED=0\n`);
    const setup = ['--name', 'Café Ñuñoa', '--country', 'PE', '--currency', 'PEN', '--time-zone', 'America/Lima'];
    // DATABASE_PATH comes only from the file here.
    const env = { ...process.env, ENV_FILE: envFile } as Record<string, string>;
    delete env.DATABASE_PATH;
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/setup.ts', ...setup], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(other);
    // The environment's DATABASE_PATH (the demo copy, already set up) wins over the file's.
    const both = run('setup', setup, { ENV_FILE: envFile });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(`${dbPath} already has its consortium`);
    // A named file that is not there is an error, not silently ignored.
    const missing = run('audit-verify', [], { ENV_FILE: join(dir, 'nope.env') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does not exist');
  });
});
