/**
 * Abuse limits on the GraphQL endpoint, through real HTTP (docs/operations.md,
 * "Abuse limits"): depth, cost, aliases, tokens and directives each refused
 * with QUERY_LIMIT_EXCEEDED and a message that names the limit; a body over
 * the limit 413; a GET or form post without the CSRF header 403; a token over
 * its rate 429 with Retry-After, without touching other tokens; request ids;
 * logs without tokens; /healthz and /readyz; a read-only database answered
 * with STORAGE_UNAVAILABLE while the server stays up.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server.js';

let s: TestServer;
const logLines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  s = await startServer({ farmers: 30, limits: { ratePerMinute: 30 }, logger: pino({ level: 'info' }, sink) });
});
afterAll(() => s.close());

const base = () => s.url.replace(/\/graphql$/, '');

async function post(body: string, headers: Record<string, string> = {}, role: 'admin' | 'auditor' | null = 'admin') {
  const res = await fetch(s.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(role ? { authorization: `Bearer ${s.tokens[role]}` } : {}),
      ...headers,
    },
    body,
  });
  return {
    status: res.status,
    headers: res.headers,
    json: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}
const query = (q: string, role: 'admin' | 'auditor' = 'admin') => post(JSON.stringify({ query: q }), {}, role);

describe('query limits (graphql-armor)', () => {
  it('refuses a query deeper than 15 levels, and accepts one 15 deep', async () => {
    // Each round trip farmer → cooperative → farmers → nodes → lots → nodes adds 6 levels.
    const nest = (rounds: number) => {
      let q = 'code';
      for (let i = 0; i < rounds; i++)
        q = `lots(first: 1) { nodes { farmer { cooperative { farmers(first: 1) { nodes { ${q} } } } } } }`;
      return `{ cooperatives(first: 1) { nodes { farmers(first: 1) { nodes { ${q} } } } } }`;
    };
    const ok = await query(nest(1).replace('{ code }', '{ nationalId }'));
    expect(ok.json.errors).toBeUndefined();
    const deep = await query(nest(3));
    expect(deep.json.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_LIMIT_EXCEEDED' } });
    expect(deep.json.errors?.[0]?.message).toMatch(/Depth limit of 15 exceeded/i);
    expect(deep.json.data ?? null).toBeNull();
  });

  it('refuses a query whose cost (pages multiply) is over the limit, and accepts the 14 × 100 lots report', async () => {
    const ok = await query(
      '{ cooperatives(first: 14) { nodes { lots(first: 100) { nodes { code farmer { fullName } } } } } }',
    );
    expect(ok.json.errors).toBeUndefined();
    const costly = await query(
      '{ cooperatives(first: 100) { nodes { lots(first: 100) { nodes { farmer { lots(first: 100) { nodes { code } } } } } } } }',
    );
    expect(costly.json.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_LIMIT_EXCEEDED' } });
    expect(costly.json.errors?.[0]?.message).toMatch(/Cost limit of 250000 exceeded/);
  });

  it('refuses more than 20 aliases', async () => {
    const aliases = Array.from({ length: 21 }, (_, i) => `a${i}: viewer { name }`).join(' ');
    const r = await query(`{ ${aliases} }`);
    expect(r.json.errors?.[0]).toMatchObject({
      message: 'Aliases limit of 20 exceeded, found 21.',
      extensions: { code: 'QUERY_LIMIT_EXCEEDED' },
    });
    const twenty = await query(`{ ${Array.from({ length: 20 }, (_, i) => `a${i}: viewer { name }`).join(' ')} }`);
    expect(twenty.json.errors).toBeUndefined();
  });

  it('refuses a document of more than 5,000 tokens', async () => {
    const r = await query(`{ ${Array.from({ length: 1700 }, () => 'viewer { name }').join(' ')} }`);
    expect(r.json.errors?.[0]).toMatchObject({
      message: 'Token limit of 5000 exceeded.',
      extensions: { code: 'QUERY_LIMIT_EXCEEDED' },
    });
  });

  it('refuses more than 20 directives', async () => {
    const r = await query(`{ viewer { name ${Array.from({ length: 21 }, () => '@include(if: true)').join(' ')} } }`);
    expect(r.json.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_LIMIT_EXCEEDED' } });
  });

  it('still answers introspection (GraphiQL), however deep its type references go', async () => {
    const r = await query(
      '{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } } }',
    );
    expect(r.json.errors).toBeUndefined();
  });
});

describe('HTTP limits', () => {
  it('refuses a body over 1 MB with 413, by its Content-Length, before parsing it', async () => {
    const r = await post(JSON.stringify({ query: '{ viewer { name } }', variables: { pad: 'x'.repeat(1_100_000) } }));
    expect(r.status).toBe(413);
    expect(r.json.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a GET query without the CSRF header (a link or an <img> cannot run it), and accepts it with the header', async () => {
    const url = `${s.url}?query=${encodeURIComponent('{ viewer { name } }')}`;
    const without = await fetch(url, { headers: { authorization: `Bearer ${s.tokens.admin}` } });
    expect(without.status).toBe(403);
    expect(await without.text()).toMatch(/CSRF/);
    const withHeader = await fetch(url, {
      headers: { authorization: `Bearer ${s.tokens.admin}`, 'x-graphql-csrf': '1' },
    });
    expect(withHeader.status).toBe(200);
  });

  it('refuses a form post (what a cross-site form could send)', async () => {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${s.tokens.admin}` },
      body: `query=${encodeURIComponent('mutation { __typename }')}`,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('echoes the client\u2019s request id, or gives one', async () => {
    const mine = await post(
      JSON.stringify({ query: '{ viewer { name } }' }),
      { 'x-request-id': 'tablet-7:retry-2' },
      'auditor',
    );
    expect(mine.headers.get('x-request-id')).toBe('tablet-7:retry-2');
    const given = await post(JSON.stringify({ query: '{ viewer { name } }' }), {}, 'auditor');
    expect(given.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('rate limit per token', () => {
  it('answers 429 with Retry-After once a token has used its 30 requests a minute, and other tokens go on', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 40; i++) {
      const r = await post(JSON.stringify({ query: '{ viewer { name } }' }));
      statuses.push(r.status);
      if (r.status === 429) {
        retryAfter = r.headers.get('retry-after');
        expect(r.json.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      }
    }
    expect(statuses.filter((x) => x === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 10).every((x) => x === 200)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Another token has its own bucket.
    const other = await post(JSON.stringify({ query: '{ viewer { name } }' }), {}, 'auditor');
    expect(other.status).toBe(200);
  });
});

describe('health, readiness, logs and a disk that will not write', () => {
  it('/healthz answers while the process runs; /readyz while the database can take a write lock', async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('logs one line per request with its id, status and time, and never a token', async () => {
    await post(JSON.stringify({ query: '{ viewer { name } }' }), { 'x-request-id': 'log-check-1' }, 'auditor');
    const line = logLines.find((l) => l.includes('log-check-1'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      requestId: 'log-check-1',
      method: 'POST',
      path: '/graphql',
      status: 200,
    });
    const all = logLines.join('\n');
    for (const token of Object.values(s.tokens)) expect(all).not.toContain(token);
  });

  it('a read-only database: a mutation answers STORAGE_UNAVAILABLE, /readyz 503, and reads and the server go on', async () => {
    s.db.$client.pragma('query_only = ON');
    try {
      const ready = await fetch(`${base()}/readyz`);
      expect(ready.status).toBe(503);
      const r = await post(
        JSON.stringify({
          query:
            'mutation($i: CreateBuyerInput!) { createBuyer(input: $i) { __typename ... on CreateBuyerPayload { replayed } } }',
          variables: { i: { idempotencyKey: 'readonly-disk-1', code: 'RO-1', name: 'Read Only SAC', country: 'PE' } },
        }),
        {},
        'auditor',
      );
      // An auditor is refused before any write; the admin's write reaches the disk.
      expect(r.json.data).toBeDefined();
      const admin = await post(
        JSON.stringify({
          query: 'mutation($i: CreateBuyerInput!) { createBuyer(input: $i) { __typename } }',
          variables: { i: { idempotencyKey: 'readonly-disk-2', code: 'RO-2', name: 'Read Only SAC', country: 'PE' } },
        }),
        { authorization: `Bearer ${s.tokens.admin2}` },
        null,
      );
      expect(admin.status).toBeLessThan(500);
      expect(admin.json.errors?.[0]).toMatchObject({ extensions: { code: 'STORAGE_UNAVAILABLE' } });
      expect(admin.json.errors?.[0]?.message).toMatch(/read-only: nothing was recorded/);
      const read = await post(
        JSON.stringify({ query: '{ viewer { name } }' }),
        { authorization: `Bearer ${s.tokens.admin2}` },
        null,
      );
      expect(read.status).toBe(200);
    } finally {
      s.db.$client.pragma('query_only = OFF');
    }
    expect((await fetch(`${base()}/readyz`)).status).toBe(200);
  });
});

describe('storage failures are recognised however drizzle wraps them', () => {
  it('reads the SQLite code on the error or on its causes', async () => {
    const { storageFailure } = await import('../../server/limits.js');
    expect(storageFailure({ code: 'SQLITE_FULL' })).toMatch(/disk is full/);
    expect(
      storageFailure(
        Object.assign(new Error('Failed query'), {
          cause: Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }),
        }),
      ),
    ).toMatch(/read-only/);
    expect(
      storageFailure(new Error('x', { cause: new Error('y', { cause: { code: 'SQLITE_IOERR_WRITE' } }) })),
    ).toMatch(/I\/O error/);
    expect(storageFailure(new Error('a bug'))).toBeNull();
    expect(storageFailure({ code: 'SQLITE_CONSTRAINT_CHECK' })).toBeNull();
  });
});
