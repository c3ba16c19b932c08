/**
 * No existence oracle (issue 14 item 6): node(id:) and nodes(ids:) answer a
 * well-formed ID of a row that does not exist exactly as they answer one the
 * caller may not see — null with NOT_FOUND and the same message — and such
 * an ID nulls its own entry of `nodes`, not the list. `nodes` takes at most
 * 100 IDs (item 3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../server/lib/global-id.js';
import { type TestServer, startServer } from '../support/server.js';

let s: TestServer;
let own: string;
let foreign: string;
const missing = encodeId('Lot', 999_999);
beforeAll(async () => {
  s = await startServer({ farmers: 30 });
  const coop = (
    s.db.$client
      .prepare("select cooperative_id as c from users where role = 'cooperative_manager' order by id limit 1")
      .get() as { c: number }
  ).c;
  const lotOf = (op: string) =>
    (
      s.db.$client
        .prepare(
          `select l.id from lots l join farmers f on f.id = l.farmer_id where f.cooperative_id ${op} ? order by l.id limit 1`,
        )
        .get(coop) as { id: number }
    ).id;
  own = encodeId('Lot', lotOf('='));
  foreign = encodeId('Lot', lotOf('<>'));
});
afterAll(() => s.close());

const NODE = 'query($id: ID!) { node(id: $id) { id } }';
const NODES = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';

describe('node(id:)', () => {
  it('answers a missing ID and a foreign one alike: null, NOT_FOUND, the same message', async () => {
    const a = await s.gql('cooperative_manager', NODE, { id: missing });
    const b = await s.gql('cooperative_manager', NODE, { id: foreign });
    expect(a.data).toEqual({ node: null });
    expect(b.data).toEqual({ node: null });
    expect(a.errors?.map((e) => [e.extensions?.code, e.message, e.path])).toEqual(
      b.errors?.map((e) => [e.extensions?.code, e.message, e.path]),
    );
    expect(a.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(a.status).toBe(b.status);
  });
});

describe('nodes(ids:)', () => {
  it('nulls only the missing entry, and the foreign one, keeping the others', async () => {
    const r = await s.gql('cooperative_manager', NODES, { ids: [own, missing, own, foreign] });
    expect(r.data?.nodes).toEqual([{ id: own }, null, { id: own }, null]);
    expect(r.errors?.map((e) => [e.path, e.extensions?.code])).toEqual(
      expect.arrayContaining([
        [['nodes', 1], 'NOT_FOUND'],
        [['nodes', 3], 'NOT_FOUND'],
      ]),
    );
    const messages = new Set(r.errors?.map((e) => e.message));
    expect(messages.size).toBe(1);
  });

  it('refuses more than 100 IDs with QUERY_LIMIT_EXCEEDED, and takes 100', async () => {
    const many = await s.gql('admin', NODES, { ids: Array(101).fill(own) });
    expect(many.errors?.[0]?.extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
    expect(many.errors?.[0]?.message).toMatch(/at most 100 IDs/);
    const ok = await s.gql('admin', NODES, { ids: Array(100).fill(own) });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.nodes).toHaveLength(100);
  });
});
