/**
 * Limits keyed on identity (issue 14 item 4), through real HTTP: the rate
 * limit counts a token whatever the spelling of its Authorization header;
 * CSV exports have their own limit; open subscriptions are capped per token
 * and in all, and a closed one gives its place back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({
    farmers: 30,
    limits: { ratePerMinute: 12, exportsPerMinute: 3, streamsPerToken: 2, streamsTotal: 3 },
  });
});
afterAll(() => s.close());

const post = (authorization: string) =>
  fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: '{ viewer { role } }' }),
  });

describe('the rate limit is keyed on the token, not on the header’s spelling', () => {
  it('bearer T, Bearer  T, BEARER<tab>T and Bearer T share one budget', async () => {
    const t = s.tokens.auditor!;
    const spellings = [`Bearer ${t}`, `bearer ${t}`, `Bearer  ${t}`, `BEARER\t${t}`, `Bearer ${t} `, `bEaReR ${t}`];
    const statuses: number[] = [];
    for (let i = 0; i < 18; i++) statuses.push((await post(spellings[i % spellings.length]!)).status);
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill(200));
    expect(statuses.slice(12)).toEqual(Array(6).fill(429));
    // Another token keeps its own budget.
    expect((await post(`Bearer ${s.tokens.admin}`)).status).toBe(200);
  });
});

describe('CSV exports have a limit of their own', () => {
  it('answers 429 with Retry-After past 3 a minute for one token', async () => {
    const url = `${s.url.replace('/graphql', '')}/exports/farmer-settlements.csv?cooperative=CAC-PAN&campaign=C2019&asOf=2020-01-15`;
    const get = (spelling: string) =>
      fetch(url, { headers: { authorization: `${spelling} ${s.tokens.cooperative_manager}` } });
    const statuses = [];
    for (const sp of ['Bearer', 'bearer', 'BEARER', 'Bearer', 'bearer']) statuses.push((await get(sp)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await get('Bearer');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});

describe('open subscriptions are capped per token and in all', () => {
  const SUB = 'subscription($p: ID!) { lotActivity(plantId: $p) { kind } }';
  let plantId: string;
  beforeAll(async () => {
    const r = await s.gql('admin', '{ plants { id } }');
    plantId = r.data.plants[0].id;
  });

  async function open(role: 'admin' | 'cooperative_manager') {
    const ctrl = new AbortController();
    const res = await fetch(s.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${s.tokens[role]}`,
      },
      body: JSON.stringify({ query: SUB, variables: { p: plantId } }),
      signal: ctrl.signal,
    });
    const reader = res.body!.getReader();
    // The first chunk: either the stream's keep-alive/first event, or the refusal.
    const first = await Promise.race([
      reader.read().then((r) => new TextDecoder().decode(r.value)),
      new Promise<string>((r) => setTimeout(() => r(''), 300)),
    ]);
    return { first, close: () => ctrl.abort() };
  }

  it('refuses a third stream for one token with TOO_MANY_SUBSCRIPTIONS, the fourth in all, and frees a place on close', async () => {
    const a1 = await open('admin');
    const a2 = await open('admin');
    const a3 = await open('admin');
    expect(a1.first).not.toMatch(/TOO_MANY_SUBSCRIPTIONS/);
    expect(a2.first).not.toMatch(/TOO_MANY_SUBSCRIPTIONS/);
    expect(a3.first).toMatch(/TOO_MANY_SUBSCRIPTIONS/);
    const b1 = await open('cooperative_manager');
    expect(b1.first).not.toMatch(/TOO_MANY_SUBSCRIPTIONS/);
    const b2 = await open('cooperative_manager');
    expect(b2.first).toMatch(/the server holds its limit of 3 open subscriptions/);
    a1.close();
    await new Promise((r) => setTimeout(r, 200));
    const b3 = await open('cooperative_manager');
    expect(b3.first).not.toMatch(/TOO_MANY_SUBSCRIPTIONS/);
    for (const x of [a2, a3, b1, b2, b3]) x.close();
  });
});
