/**
 * Shared by `scripts/crash-test.ts` and `scripts/load-test.ts`
 * (docs/resilience.md): a database prepared through the real migrations and
 * demo seed, the REAL server started as a child process on it
 * (`node --import tsx server/main.ts`, configured only through its
 * environment, as in production), GraphQL over HTTP with a role's token, and
 * the invariants read straight from the database file: the audit trail, every
 * currency's trial balance, the mass balance, and SQL checks that no write was
 * half applied.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DB, migrateDatabase, openDatabase } from '../../db/client.js';
import { seedDemo } from '../../db/seed/demo.js';
import type { Principal } from '../../server/auth/policy.js';
import { massBalance } from '../../server/queries/stock.js';
import type { AuditReport } from '../../server/services/audit.js';
import { checkDatabase } from '../../server/services/backup.js';

/** The repository root (the server is started from there). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// ------------------------------------------------------------------------------------------ the database

/** Creates, migrates and seeds the demo at `farmers` farmers (seed 2019); returns the role tokens. */
export function prepareDatabase(
  path: string,
  farmers: number,
  options: { loans?: boolean } = {},
): { tokens: Record<string, string>; ms: number } {
  const started = Date.now();
  const db = openDatabase(path);
  try {
    migrateDatabase(db);
    const { tokens } = seedDemo(db, 2019, farmers, { loans: options.loans ?? true });
    // Fold the WAL into the file, so that a copy of the file alone is the whole database.
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    return { tokens, ms: Date.now() - started };
  } finally {
    db.$client.close();
  }
}

/** Opens the database file for reading checks (a connection of its own, beside the server's). */
export function withDatabase<T>(path: string, fn: (db: DB) => T): T {
  const db = openDatabase(path);
  try {
    // One read transaction: every check sees the same snapshot.
    db.$client.exec('BEGIN');
    try {
      return fn(db);
    } finally {
      db.$client.exec('COMMIT');
    }
  } finally {
    db.$client.close();
  }
}

// ------------------------------------------------------------------------------------------ the server

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface StartOptions {
  databasePath: string;
  /** Extra environment (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
  /** Run as another user (the read-only scenario, when we are root). */
  uid?: number;
  gid?: number;
  /** What "up" means: /readyz (can take a write; the default) or /healthz (answers). */
  waitFor?: '/readyz' | '/healthz';
  timeoutMs?: number;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  // Never leave a server behind, whatever happened.
  for (const child of live) child.kill('SIGKILL');
});

export class ServerProcess {
  readonly base: string;
  readonly url: string;
  /** Everything the server printed (stdout and stderr), capped. */
  output = '';
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  readonly exited: Promise<void>;
  readonly startedAt = Date.now();
  readyMs = 0;

  constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.base = `http://127.0.0.1:${port}`;
    this.url = `${this.base}/graphql`;
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString();
      if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolveExit) => {
      child.on('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        live.delete(child);
        resolveExit();
      });
    });
  }

  get running(): boolean {
    return this.exitCode === null && this.exitSignal === null;
  }

  /** SIGKILL: no shutdown handler runs, as in a crash or a power cut of the process. */
  async crash(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the server's own shutdown (closes the listener and the database). */
  async stop(): Promise<void> {
    if (this.running) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** The server reported a broken audit trail at start-up (it verifies it on every start). */
  get auditBrokenAtStart(): boolean {
    return this.output.includes('AUDIT TRAIL BROKEN') || this.output.includes('does not verify');
  }
}

/** Starts the real server (`node --import tsx server/main.ts`) and waits until it is up. */
export async function startServer(o: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_PATH: o.databasePath,
      DEMO_SEED: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(o.uid !== undefined ? { uid: o.uid, gid: o.gid ?? o.uid } : {}),
  });
  live.add(child);
  const server = new ServerProcess(child, port);
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  const path = o.waitFor ?? '/readyz';
  for (;;) {
    if (!server.running) {
      throw new Error(
        `the server exited before it was up (code ${server.exitCode}, signal ${server.exitSignal}):\n${server.output.slice(-3000)}`,
      );
    }
    try {
      const res = await fetch(`${server.base}${path}`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.crash();
      throw new Error(
        `the server was not up on ${path} within ${o.timeoutMs ?? 60_000} ms:\n${server.output.slice(-3000)}`,
      );
    }
    await sleep(25);
  }
  server.readyMs = Date.now() - server.startedAt;
  return server;
}

// ------------------------------------------------------------------------------------------ GraphQL over HTTP

export type Reply =
  | {
      ok: true;
      status: number;
      body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
      ms: number;
    }
  | { ok: false; error: string; ms: number };

/** One POST to /graphql. `ok: false` when no complete HTTP answer came back (refused, reset, timed out). */
export async function graphql(
  url: string,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
  timeoutMs = 15_000,
): Promise<Reply> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
    }
    return { ok: true, status: res.status, body, ms: performance.now() - started };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    return { ok: false, error: err.cause?.code ?? err.cause?.message ?? err.message, ms: performance.now() - started };
  }
}

/** Global IDs, as the API encodes them ("Lot:17" in base64). */
export const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
export const rowId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

// ------------------------------------------------------------------------------------------ invariants

export interface Invariants {
  audit: AuditReport;
  trialBalance: { currency: string; net: bigint }[];
  trialBalanceZero: boolean;
  massBalanced: boolean;
  massDifferences: { subject: string; code: string; differenceGrams: number }[];
  /** SQL checks for half-applied writes and broken structure; each entry is one problem. */
  structural: string[];
  ms: number;
}

const AUDITOR: Principal = {
  userId: 0,
  name: 'resilience check',
  role: 'auditor',
  cooperativeId: null,
  plantId: null,
  lenderId: null,
};

/** Checks that must hold on every database the application wrote, whatever happened to the process. */
const STRUCTURAL: { name: string; sql: string }[] = [
  {
    name: 'SQLite integrity_check',
    sql: `select integrity_check as problem from pragma_integrity_check where integrity_check <> 'ok'`,
  },
  {
    name: 'foreign keys',
    sql: `select "table" || ' row ' || rowid || ' -> ' || parent as problem from pragma_foreign_key_check`,
  },
  {
    name: 'a lot without its advance (its cooperative had a price that day)',
    sql: `select 'lot ' || l.id as problem from lots l
      where exists (select 1 from advance_prices p where p.cooperative_id = l.cooperative_id and p.campaign_id = l.campaign_id and p.effective_from <= l.received_on)
        and not exists (select 1 from journal_entries j where j.kind = 'farmer_advance' and j.source_type = 'lot' and j.source_id = l.id)`,
  },
  {
    name: 'a graded lot whose current grading is missing',
    sql: `select 'lot ' || l.id as problem from lots l where l.status = 'graded'
      and not exists (select 1 from lot_gradings g where g.id = l.current_grading_id and g.lot_id = l.id)`,
  },
  {
    name: 'a journal entry with fewer than two lines',
    sql: `select 'entry ' || j.id as problem from journal_entries j where (select count(*) from journal_lines l where l.entry_id = j.id) < 2`,
  },
  {
    name: 'a journal entry that does not balance in a currency',
    sql: `select 'entry ' || entry_id || ' ' || currency as problem from journal_lines group by entry_id, currency having sum(cast(amount_minor as integer)) <> 0`,
  },
  {
    name: 'a processing run whose inputs do not add up',
    sql: `select 'run ' || r.id as problem from processing_runs r
      where r.input_g <> coalesce((select sum(i.grams) from run_inputs i where i.run_id = r.id), 0)
         or not exists (select 1 from stock_batches b where b.run_id = r.id)`,
  },
  {
    name: 'a delivery without its invoice or whose takes do not add up',
    sql: `select 'delivery ' || d.id as problem from sale_deliveries d
      where not exists (select 1 from journal_entries j where j.kind = 'sale_invoice' and j.source_type = 'sale_delivery' and j.source_id = d.id)
         or d.quantity_g <> coalesce((select sum(t.grams) from sale_takes t where t.delivery_id = d.id), 0)`,
  },
  {
    name: 'a payment without its settlement entry lines or settlement lines',
    sql: `select 'payment ' || p.id as problem from sale_payments p
      where not exists (select 1 from journal_lines l where l.entry_id = p.entry_id)
         or not exists (select 1 from settlement_lines s where s.payment_id = p.id)`,
  },
  {
    name: 'a loan or credit-line event without its ledger lines',
    sql: `select 'loan event ' || e.id as problem from loan_events e where not exists (select 1 from journal_lines l where l.entry_id = e.entry_id)
      union all
      select 'credit line event ' || e.id from credit_line_events e where not exists (select 1 from journal_lines l where l.entry_id = e.entry_id)`,
  },
  {
    name: 'an applied mutation without its audit entry, or the reverse',
    sql: `select 'idempotency keys ' || (select count(*) from idempotency_keys) || ' vs audit entries ' || (select count(*) from audit_log) as problem
      where (select count(*) from idempotency_keys) <> (select count(*) from audit_log)`,
  },
  {
    name: 'an idempotency key whose result is missing',
    sql: `select 'key ' || k.key || ' -> ' || k.result_type || ' ' || k.result_id as problem from idempotency_keys k
      where (k.result_type = 'Lot' and not exists (select 1 from lots x where x.id = k.result_id))
         or (k.result_type = 'ProcessingRun' and not exists (select 1 from processing_runs x where x.id = k.result_id))
         or (k.result_type = 'SaleDelivery' and not exists (select 1 from sale_deliveries x where x.id = k.result_id))
         or (k.result_type = 'SalePayment' and not exists (select 1 from sale_payments x where x.id = k.result_id))
         or (k.result_type = 'LoanEvent' and not exists (select 1 from loan_events x where x.id = k.result_id))
         or (k.result_type = 'CreditLineEvent' and not exists (select 1 from credit_line_events x where x.id = k.result_id))
         or (k.result_type = 'SalesContract' and not exists (select 1 from sales_contracts x where x.id = k.result_id))`,
  },
];

/** Every invariant, on one snapshot of the database file. */
export function checkInvariants(path: string): Invariants {
  const started = Date.now();
  return withDatabase(path, (db) => {
    const copy = checkDatabase(db);
    const mb = massBalance(db, AUDITOR, {});
    const structural: string[] = [];
    for (const c of STRUCTURAL) {
      const rows = db.$client.prepare(c.sql).all() as { problem: string }[];
      for (const r of rows.slice(0, 5)) structural.push(`${c.name}: ${r.problem}`);
      if (rows.length > 5) structural.push(`${c.name}: … and ${rows.length - 5} more`);
    }
    return {
      audit: copy.audit,
      trialBalance: copy.trialBalance,
      trialBalanceZero: copy.trialBalance.every((t) => t.net === 0n),
      massBalanced: mb.differences.length === 0,
      massDifferences: mb.differences
        .slice(0, 10)
        .map((d) => ({ subject: d.subject, code: d.code, differenceGrams: d.differenceGrams })),
      structural,
      ms: Date.now() - started,
    };
  });
}

/** The invariants' problems, in words (empty when all hold). */
export function invariantProblems(inv: Invariants): string[] {
  const p: string[] = [];
  if (!inv.audit.ok) p.push(`audit trail does not verify: ${inv.audit.problems.slice(0, 3).join('; ')}`);
  if (!inv.trialBalanceZero)
    p.push(`trial balance not zero: ${inv.trialBalance.map((t) => `${t.currency} ${t.net}`).join(', ')}`);
  if (!inv.massBalanced) p.push(`mass balance broken: ${JSON.stringify(inv.massDifferences.slice(0, 3))}`);
  p.push(...inv.structural);
  return p;
}

// ------------------------------------------------------------------------------------------ small things

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A small seeded PRNG (mulberry32): the sequence of operations is reproducible from `--seed`. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

/** The p-th percentile (0–100) of sorted values, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Grams as a kg decimal string ("552.5"). */
export function kg(grams: number): string {
  const whole = Math.trunc(grams / 1000);
  const frac = grams % 1000;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/** Minor units as a 2-decimal amount ("300.07"). */
export function amount(minor: number): string {
  return `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}
