/**
 * Graceful shutdown of the real server process (server/lifecycle.ts,
 * docs/operations.md "Stopping"): SIGTERM with a subscription open and a
 * write whose body is still arriving. The write completes and is answered,
 * the subscription gets a final SERVER_SHUTTING_DOWN message and is closed,
 * new connections are refused, the process exits 0 within the bound, and the
 * WAL has been folded into the database file.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gid,
  prepareDatabase,
  type ServerProcess,
  sleep,
  startServer,
  withDatabase,
} from '../../scripts/lib/harness.js';

let dir: string;
let dbPath: string;
let tokens: Record<string, string>;
let server: ServerProcess | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coop-shutdown-'));
  dbPath = join(dir, 'live.db');
  tokens = prepareDatabase(dbPath, 20, { loans: false }).tokens;
}, 120_000);
afterAll(async () => {
  await server?.crash();
  rmSync(dir, { recursive: true, force: true });
});

const INTAKE = `mutation($input: RecordLotIntakeInput!) { recordLotIntake(input: $input) {
  __typename ... on RecordLotIntakePayload { lot { code } } ... on Error { message } } }`;

describe('SIGTERM', () => {
  it('finishes the in-flight write, ends the subscription with a final message, checkpoints and exits in time', async () => {
    server = await startServer({ databasePath: dbPath, env: { LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '10000' } });
    const s = server;
    const ids = withDatabase(dbPath, (db) =>
      db.$client
        .prepare(
          "select (select id from plants where code = 'PLT-LM') as plant, (select id from farmers order by id limit 1) as farmer, (select id from harvest_campaigns where code = 'C2019') as campaign",
        )
        .get(),
    ) as { plant: number; farmer: number; campaign: number };

    // The subscription: server-sent events, read until the server ends the stream.
    const sse = await fetch(s.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${tokens.plant_staff}`,
      },
      body: JSON.stringify({
        query: `subscription { lotActivity(plantId: "${gid('Plant', ids.plant)}") { kind lot { code } } }`,
      }),
    });
    expect(sse.status).toBe(200);
    const streamed = (async () => {
      let text = '';
      const decoder = new TextDecoder();
      const reader = sse.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return text;
        text += decoder.decode(value, { stream: true });
      }
    })();
    await sleep(200);

    // The write: headers and half the body now, the rest after SIGTERM.
    const body = JSON.stringify({
      query: INTAKE,
      variables: {
        input: {
          idempotencyKey: 'shutdown-in-flight-1',
          plantId: gid('Plant', ids.plant),
          farmerId: gid('Farmer', ids.farmer),
          campaignId: gid('HarvestCampaign', ids.campaign),
          receivedAt: '2019-12-02T14:00:00Z',
          bags: 3,
          grossKg: '150.5',
          tareKg: '1.5',
          moisturePercent: '11.5',
        },
      },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${s.base}/graphql`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${tokens.plant_staff}`,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 40));
      setTimeout(() => req.end(body.slice(40)), 700);
    });
    await sleep(200);

    const signalled = Date.now();
    s.child.kill('SIGTERM');
    await sleep(150);
    // No new connection once draining.
    const late = await fetch(`${s.base}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      () => 'answered',
      () => 'refused',
    );
    expect(late).toBe('refused');

    const reply = await answered;
    expect(reply.status).toBe(200);
    const payload = JSON.parse(reply.text).data.recordLotIntake;
    expect(payload.__typename).toBe('RecordLotIntakePayload');

    const events = await streamed;
    expect(events).toContain('SERVER_SHUTTING_DOWN');
    expect(events).toContain('event: complete');

    await s.exited;
    const took = Date.now() - signalled;
    expect(s.exitCode).toBe(0);
    expect(took).toBeLessThan(10_000);
    expect(s.output).toContain('"msg":"stopped"');

    // Checkpointed and closed: no WAL left beside the file, and the answered lot is in it.
    expect(!existsSync(`${dbPath}-wal`) || statSync(`${dbPath}-wal`).size === 0).toBe(true);
    const lot = withDatabase(dbPath, (db) =>
      db.$client.prepare('select code from lots where code = ?').get(payload.lot.code),
    ) as { code: string } | undefined;
    expect(lot?.code).toBe(payload.lot.code);
  }, 60_000);
});
