/**
 * No N+1: the number of SQL statements a request runs must not grow with the
 * number of rows it returns. Two servers with different amounts of data
 * answer the same nested query (14 cooperatives × their lots × each lot's
 * farmer); both must run the same, small number of statements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server.js';

let small: TestServer;
let large: TestServer;

beforeAll(async () => {
  [small, large] = await Promise.all([startServer({ farmers: 30 }), startServer({ farmers: 120 })]);
});
afterAll(async () => {
  await Promise.all([small.close(), large.close()]);
});

async function run(s: TestServer, query: string, variables?: Record<string, unknown>) {
  s.statements.length = 0;
  const r = await s.gql('admin', query, variables);
  expect(r.errors).toBeUndefined();
  // The token lookup is one statement per request; the rest is the query.
  return { data: r.data, statements: [...s.statements] };
}

const NESTED = `{
  cooperatives(first: 14) {
    totalCount
    nodes {
      code
      lots(first: 100) {
        totalCount
        nodes { code netWeight { kg } farmer { fullName nationalId cooperative { code } } grading { cupScore } }
      }
    }
  }
}`;

describe('SQL statements per request', () => {
  it('14 cooperatives × their lots × each farmer: the same few statements for 30 or 120 farmers', async () => {
    const a = await run(small, NESTED);
    const b = await run(large, NESTED);
    const lotsA = a.data.cooperatives.nodes.reduce((n: number, c: any) => n + c.lots.nodes.length, 0);
    const lotsB = b.data.cooperatives.nodes.reduce((n: number, c: any) => n + c.lots.nodes.length, 0);
    expect(a.data.cooperatives.nodes).toHaveLength(14);
    expect(lotsB).toBeGreaterThan(lotsA * 2);
    expect(b.statements.length).toBe(a.statements.length);
    // One for the token, one for the page (every nested level folded in), one for totalCount.
    expect(b.statements.length).toBeLessThanOrEqual(3);
  });

  it('campaign summaries of every cooperative are one batched statement', async () => {
    const campaign = (await small.gql('admin', '{ harvestCampaigns { id code } }')).data.harvestCampaigns.find(
      (c: any) => c.code === 'C2019',
    ).id;
    const q = `query($c: ID!) { cooperatives(first: 14) { nodes { code campaignSummary(campaignId: $c) { lotCount delivered { kg } } } } }`;
    const a = await run(small, q, { c: campaign });
    const b = await run(large, q, { c: campaign });
    expect(a.data.cooperatives.nodes.every((c: any) => c.campaignSummary.lotCount > 0)).toBe(true);
    expect(b.statements.length).toBe(a.statements.length);
    expect(b.statements.filter((sql) => sql.includes('"lot_gradings"')).length).toBe(1);
  });

  it('a deep node(id:) refetch stays a constant number of statements', async () => {
    const ids = (await large.gql('admin', '{ lots(first: 50) { nodes { id } } }')).data.lots.nodes.map(
      (n: any) => n.id,
    );
    const q = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Lot { code farmer { fullName cooperative { code } } campaign { code } grading { cupScore } } } }`;
    const five = await run(large, q, { ids: ids.slice(0, 5) });
    const fifty = await run(large, q, { ids });
    expect(fifty.statements.length).toBe(five.statements.length);
  });
});
