/**
 * /metrics (server/metrics.ts, docs/operations.md "Metrics and alerts"): requests by operation and status, latency,
 * errors by code, rate-limit refusals, open subscriptions, database, WAL and last-backup gauges; served to loopback
 * or with METRICS_TOKEN, never to a request forwarded by a proxy without the token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { createApp } from '../../server/app.js';
import { Lifecycle } from '../../server/lifecycle.js';
import { Metrics } from '../../server/metrics.js';
import { backupNameAt, writeCheckedBackup } from '../../server/services/backup.js';

let dir: string;
let server: Server;
let base: string;
let metrics: Metrics;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coop-metrics-'));
  const dbPath = join(dir, 'm.db');
  const db = openDatabase(dbPath);
  migrateDatabase(db);
  const lifecycle = new Lifecycle();
  metrics = new Metrics({ databasePath: dbPath, backupDir: join(dir, 'backups'), lifecycle, token: 'metrics-secret' });
  metrics.auditOk.set(1);
  const { app } = createApp({ db, lifecycle, metrics, limits: { ratePerMinute: 3 } });
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const post = (query: string, operationName?: string) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, operationName }),
  });
const scrape = (headers: Record<string, string> = {}) => fetch(`${base}/metrics`, { headers });

describe('/metrics', () => {
  it('counts requests per operation and status, errors by code and rate-limit refusals, with the gauges', async () => {
    expect((await post('query Probe { __typename }', 'Probe')).status).toBe(200);
    await post('query Broken { noSuchField }');
    await post('{ __typename }');
    expect((await post('{ __typename }')).status).toBe(429);
    const res = await scrape();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('coop_http_requests_total{route="/graphql",operation="Probe",status="200"} 1');
    expect(text).toContain('coop_http_requests_total{route="/graphql",operation="anonymous",status="429"} 1');
    expect(text).toMatch(
      /coop_http_request_duration_seconds_bucket\{le="[0-9.]+",route="\/graphql",operation="Probe"\} 1/,
    );
    expect(text).toContain('coop_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1');
    expect(text).toContain('coop_rate_limited_total 1');
    expect(text).toContain('coop_open_subscriptions 0');
    expect(text).toContain('coop_audit_verified 1');
    expect(text).toContain('coop_last_backup_age_seconds -1');
    expect(Number(/coop_database_bytes (\d+)/.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/coop_database_wal_bytes \d+/);
  });

  it('reports the age of the newest checked backup', async () => {
    await writeCheckedBackup(join(dir, 'm.db'), join(dir, 'backups', backupNameAt(new Date())));
    const text = await (await scrape()).text();
    const age = Number(/coop_last_backup_age_seconds (-?\d+)/.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
  });

  it('refuses a request forwarded by a proxy without the token, and accepts the token', async () => {
    expect((await scrape({ 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await scrape({ 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer wrong-secret!' })).status).toBe(
      403,
    );
    expect((await scrape({ 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer metrics-secret' })).status).toBe(
      200,
    );
  });
});
