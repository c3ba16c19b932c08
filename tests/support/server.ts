/**
 * A real server for API tests: a fresh SQLite database migrated with the
 * committed migrations, the demo seed at a small size, the express app
 * listening on a loopback port, and a client that sends real GraphQL with a
 * role's bearer token. Every SQL statement drizzle sends is recorded in
 * `statements`, so tests can count them.
 *
 * Two things make it cheap (docs/performance.md, "The test suite"):
 * - the seeded database is built once per test run and per kind of seed
 *   (tests/support/templates.ts) and each server works on its own copy;
 * - `gql` hands the request to the app's GraphQL handler in-process
 *   (yoga's `fetch`: the real schema, context, error masking, CSRF and armor
 *   plugins, the real database), not over a socket. A server started with
 *   `limits` or `logger` (what the express layer in front adds: body and rate
 *   limits, request logs) or `http: true` sends real HTTP instead; `url` is a
 *   real loopback server either way, for tests that speak HTTP themselves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DB, openDatabase } from '../../db/client.js';
import type { Limits } from '../../server/limits.js';
import type { Logger } from 'pino';
import { createApp } from '../../server/app.js';
import { fixedClock } from '../../server/domain/time.js';
import { copyOfTemplate } from './templates.js';

export type Role =
  | 'admin'
  | 'admin2'
  | 'cooperative_manager'
  | 'cooperative_manager_other'
  | 'plant_staff'
  | 'plant_staff_satipo'
  | 'lender'
  | 'lender_copac'
  | 'investor'
  | 'auditor';

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface TestServer {
  url: string;
  db: DB;
  tokens: Record<string, string>;
  statements: string[];
  gql<T = any>(role: Role | null, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  /** Row count of a table, to prove a refused request wrote nothing. */
  count(table: string): number;
  close(): Promise<void>;
}

/** The clock tests run at: after the 2019 campaign. */
export const TEST_NOW = '2020-01-15T15:00:00.000Z';

/**
 * A real server on loopback over a fresh database seeded with a smaller demo
 * (60 farmers). Campaign loans are off unless asked for: most sales tests
 * work out the waterfall without lenders.
 */
export async function startServer(
  options: {
    farmers?: number;
    loans?: boolean;
    /** The demo's January 2020 farmer payouts (default without). */
    payouts?: boolean;
    limits?: Partial<Limits>;
    logger?: Logger;
    businessDate?: string;
    /** Send `gql` over real HTTP even without `limits` or `logger`. */
    http?: boolean;
    /** The server's clock; TEST_NOW unless given (EUDR tests need a date after 2020-12-31). */
    now?: string;
  } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'coop-test-'));
  const statements: string[] = [];
  const path = join(dir, 'test.db');
  const { tokens } = copyOfTemplate(
    { farmers: options.farmers ?? 60, loans: options.loans ?? false, payouts: options.payouts ?? false },
    path,
  );
  const db = openDatabase(path, { onQuery: (q) => statements.push(q) });
  const { app, yoga } = createApp({
    db,
    clock: fixedClock(options.now ?? TEST_NOW),
    limits: options.limits,
    logger: options.logger,
    businessDate: options.businessDate ?? null,
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const overHttp = options.http === true || options.limits !== undefined || options.logger !== undefined;
  const send = (init: RequestInit) => (overHttp ? fetch(url, init) : yoga.fetch(url, init));

  return {
    url,
    db,
    tokens,
    statements,
    async gql(role, query, variables) {
      const res = await send({
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as Omit<GqlResponse, 'status'>;
      return { status: res.status, ...body };
    },
    count(table) {
      return (db.$client.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Global IDs of demo records, looked up through the API as a client would. */
export async function demoIds(s: TestServer) {
  const r = await s.gql(
    'admin',
    `{ harvestCampaigns { id code } plants { id code }
       cooperatives(first: 20) { nodes { id code farmers(first: 3) { nodes { id } } } } }`,
  );
  const campaigns = Object.fromEntries(r.data.harvestCampaigns.map((c: any) => [c.code, c.id]));
  const plants = Object.fromEntries(r.data.plants.map((p: any) => [p.code, p.id]));
  const coops = Object.fromEntries(r.data.cooperatives.nodes.map((c: any) => [c.code, c]));
  return {
    campaign2019: campaigns.C2019 as string,
    campaign2020: campaigns.C2020 as string,
    plantLaMerced: plants['PLT-LM'] as string,
    plantSatipo: plants['CC-SAT'] as string,
    /** The demo manager's cooperative (CAC-PAN) and another (CAC-SAT). */
    ownCoop: coops['CAC-PAN'].id as string,
    otherCoop: coops['CAC-SAT'].id as string,
    ownFarmer: coops['CAC-PAN'].farmers.nodes[0].id as string,
    otherFarmer: coops['CAC-SAT'].farmers.nodes[0].id as string,
  };
}
