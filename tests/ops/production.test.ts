/**
 * Production start (docs/deploy.md): the server refuses to serve tokens over
 * plain HTTP to a network unless told TLS is handled elsewhere, serves HTTPS
 * itself given a certificate, and, behind a trusted proxy, limits and logs by
 * the client's address from X-Forwarded-For (and never believes that header
 * from anyone else).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { freePort, ROOT, sleep } from '../../scripts/lib/harness.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coop-prod-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('listening', () => {
  it('refuses a network address without TLS or the acknowledgement, and accepts loopback, TLS or the acknowledgement', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/plain HTTP.*TLS_CERT_FILE.*ALLOW_PLAIN_HTTP=1/);
    expect(() => loadConfig({ HOST: '::' })).toThrow(/plain HTTP/);
    expect(() => loadConfig({ HOST: '192.0.2.10' })).toThrow(/plain HTTP/);
    expect(loadConfig({ HOST: '0.0.0.0', ALLOW_PLAIN_HTTP: '1' }).host).toBe('0.0.0.0');
    for (const host of ['127.0.0.1', '127.0.0.5', 'localhost', '::1'])
      expect(loadConfig({ HOST: host }).host).toBe(host);
    expect(() => loadConfig({ TLS_CERT_FILE: '/etc/hostname' })).toThrow(/set both or neither/);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/would believe any X-Forwarded-For/);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({}).trustProxy).toBe(false);
  });

  it('the real server exits 2 with the reason, without a stack, on HOST=0.0.0.0 without TLS', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, HOST: '0.0.0.0', PORT: '0', DATABASE_PATH: join(dir, 'never.db'), DEMO_SEED: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cannot start: HOST=0\.0\.0\.0 would serve API tokens over plain HTTP/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('serves HTTPS itself with TLS_CERT_FILE and TLS_KEY_FILE', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
        ],
        { stdio: 'ignore' },
      );
    } catch {
      console.warn('openssl is not available: HTTPS not tested');
      return;
    }
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_PATH: join(dir, 'tls.db'),
        DEMO_SEED: '0',
        TLS_CERT_FILE: cert,
        TLS_KEY_FILE: key,
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    try {
      let answer: { status: number; body: string } | null = null;
      for (let i = 0; i < 400 && !answer; i++) {
        answer = await new Promise((resolve) => {
          get(`https://localhost:${port}/healthz`, { ca: readFileSync(cert) }, (res) => {
            let body = '';
            res.on('data', (c) => {
              body += c;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          }).on('error', () => resolve(null));
        });
        if (!answer) await sleep(100);
      }
      expect(answer).toEqual({ status: 200, body: '{"status":"ok"}' });
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});

describe('behind a reverse proxy', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  async function serve(trustProxy: string | false): Promise<string> {
    const db = openDatabase(join(dir, `proxy-${servers.length}.db`));
    migrateDatabase(db);
    const lines: { ip?: string }[] = [];
    const logger = {
      info: (o: { ip?: string }) => lines.push(o),
      warn() {},
      error() {},
      child() {
        return logger;
      },
    };
    const { app } = createApp({ db, limits: { ratePerMinute: 2 }, trustProxy, logger: logger as never });
    const server = createServer(app);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    (server as unknown as { lines: typeof lines }).lines = lines;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }
  const ask = (url: string, client: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: '{"query":"{ __typename }"}',
    }).then((r) => r.status);

  it('with TRUST_PROXY=loopback, each client behind the proxy has its own rate-limit bucket and is logged by its address', async () => {
    const url = await serve('loopback');
    expect([await ask(url, '203.0.113.1'), await ask(url, '203.0.113.1'), await ask(url, '203.0.113.1')]).toEqual([
      200, 200, 429,
    ]);
    expect(await ask(url, '203.0.113.2')).toBe(200);
    const lines = (servers.at(-1) as unknown as { lines: { ip?: string }[] }).lines;
    expect(lines.map((l) => l.ip)).toEqual(['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2']);
  });

  it('without it, a client cannot get a fresh budget by sending its own X-Forwarded-For', async () => {
    const url = await serve(false);
    expect([await ask(url, '203.0.113.1'), await ask(url, '203.0.113.2'), await ask(url, '203.0.113.3')]).toEqual([
      200, 200, 429,
    ]);
  });
});
