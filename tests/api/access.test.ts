/** Who may read what: refusals first, then what each role is let in to. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, demoIds, startServer } from '../support/server.js';

let s: TestServer;
let ids: Awaited<ReturnType<typeof demoIds>>;

beforeAll(async () => {
  s = await startServer();
  ids = await demoIds(s);
});
afterAll(() => s.close());

describe('without a valid token', () => {
  it('reads the schema but no data', async () => {
    const intro = await s.gql(null, '{ __schema { queryType { name } } }');
    expect(intro.data.__schema.queryType.name).toBe('Query');

    const r = await s.gql(null, '{ cooperatives { totalCount } }');
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const node = await s.gql(null, 'query($id: ID!) { node(id: $id) { id } }', { id: ids.ownFarmer });
    expect(node.data?.node ?? null).toBeNull();
    expect(node.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const viewer = await s.gql(null, '{ viewer { name } }');
    expect(viewer.data.viewer).toBeNull();
  });

  it('refuses an unknown token with 401 and a malformed header too', async () => {
    for (const header of ['Bearer cct_not-a-real-token', 'Basic abc']) {
      const res = await fetch(s.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: header },
        body: JSON.stringify({ query: '{ viewer { name } }' }),
      });
      expect(res.status).toBe(401);
      const body = (await res.json()) as any;
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(body.data ?? null).toBeNull();
    }
  });

  it('cannot mutate', async () => {
    const before = s.count('lot_rejections');
    const r = await s.gql(
      null,
      'mutation { rejectLot(input: {idempotencyKey: "k-00000001", lotId: "TG90OjE=", reason: "wet"}) { __typename } }',
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.data ?? null).toBeNull();
    expect(s.count('lot_rejections')).toBe(before);
  });
});

describe('a cooperative manager', () => {
  it('sees only their own cooperative, in lists and counts', async () => {
    const r = await s.gql('cooperative_manager', '{ cooperatives { totalCount nodes { code } } }');
    expect(r.data.cooperatives).toEqual({ totalCount: 1, nodes: [{ code: 'CAC-PAN' }] });
  });

  it('lists only their own farmers, even when filtering for another cooperative', async () => {
    const own = await s.gql(
      'cooperative_manager',
      '{ farmers(first: 100) { totalCount nodes { cooperative { code } } } }',
    );
    expect(own.data.farmers.totalCount).toBeGreaterThan(0);
    expect(new Set(own.data.farmers.nodes.map((f: any) => f.cooperative.code))).toEqual(new Set(['CAC-PAN']));

    const other = await s.gql(
      'cooperative_manager',
      'query($c: ID!) { farmers(filter: {cooperativeId: $c}) { totalCount nodes { id } } }',
      {
        c: ids.otherCoop,
      },
    );
    expect(other.data.farmers).toEqual({ totalCount: 0, nodes: [] });
  });

  it("is refused another cooperative's farmer by node(id:)", async () => {
    const r = await s.gql(
      'cooperative_manager',
      'query($id: ID!) { node(id: $id) { id ... on Farmer { fullName nationalId } } }',
      {
        id: ids.otherFarmer,
      },
    );
    expect(r.data.node).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND'); // as a missing ID answers: no existence oracle (issue 14);
    expect(JSON.stringify(r)).not.toMatch(/nationalId":"\d/);

    const many = await s.gql('cooperative_manager', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [ids.ownFarmer, ids.otherFarmer],
    });
    expect(many.data.nodes[0]).toEqual({ id: ids.ownFarmer });
    expect(many.data.nodes[1]).toBeNull();
  });

  it('is refused another cooperative by node(id:), and its lots and summary with it', async () => {
    const r = await s.gql(
      'cooperative_manager',
      'query($id: ID!, $c: ID!) { node(id: $id) { ... on Cooperative { name lots { totalCount } campaignSummary(campaignId: $c) { lotCount } } } }',
      { id: ids.otherCoop, c: ids.campaign2019 },
    );
    expect(r.data.node).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND'); // as a missing ID answers: no existence oracle (issue 14);
  });

  it("sees only their own cooperative's lots, and not another's by node(id:)", async () => {
    const own = await s.gql(
      'cooperative_manager',
      '{ lots(first: 100) { totalCount nodes { id cooperative { code } farmer { cooperative { code } } } } }',
    );
    expect(own.data.lots.totalCount).toBeGreaterThan(0);
    for (const l of own.data.lots.nodes) {
      expect(l.cooperative.code).toBe('CAC-PAN');
      expect(l.farmer.cooperative.code).toBe('CAC-PAN');
    }
    const others = await s.gql(
      'admin',
      'query($c: ID!) { lots(first: 1, filter: {cooperativeId: $c}) { nodes { id } } }',
      { c: ids.otherCoop },
    );
    const foreignLot = others.data.lots.nodes[0].id;
    const r = await s.gql('cooperative_manager', 'query($id: ID!) { node(id: $id) { ... on Lot { code } } }', {
      id: foreignLot,
    });
    expect(r.data.node).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND'); // as a missing ID answers: no existence oracle (issue 14);
  });
});

describe('a lender', () => {
  it('sees no farmers and no lots, and no campaign summaries', async () => {
    const r = await s.gql('lender', '{ farmers { totalCount } lots { totalCount } }');
    expect(r.data).toEqual({ farmers: { totalCount: 0 }, lots: { totalCount: 0 } });
    const node = await s.gql('lender', 'query($id: ID!) { node(id: $id) { id } }', { id: ids.ownFarmer });
    expect(node.data.node).toBeNull();
    expect(node.errors?.[0]?.extensions?.code).toBe('NOT_FOUND'); // as a missing ID answers: no existence oracle (issue 14);
    const sum = await s.gql(
      'lender',
      'query($c: ID!) { cooperatives(first: 1) { nodes { campaignSummary(campaignId: $c) { lotCount } } } }',
      {
        c: ids.campaign2019,
      },
    );
    expect(sum.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('sees only its own organisation among lenders', async () => {
    const r = await s.gql('lender', '{ lenders { code } viewer { lender { code } } }');
    expect(r.data.lenders).toEqual([{ code: 'BAF' }]);
    expect(r.data.viewer.lender.code).toBe('BAF');
  });
});

describe('plant staff', () => {
  it("see only their own plant's lots", async () => {
    const r = await s.gql('plant_staff_satipo', '{ lots(first: 100) { totalCount nodes { plant { code } } } }');
    expect(r.data.lots.totalCount).toBeGreaterThan(0);
    expect(new Set(r.data.lots.nodes.map((l: any) => l.plant.code))).toEqual(new Set(['CC-SAT']));
  });

  it('can look up any farmer to record an intake', async () => {
    const r = await s.gql('plant_staff', 'query($id: ID!) { node(id: $id) { ... on Farmer { fullName } } }', {
      id: ids.otherFarmer,
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.node.fullName).toEqual(expect.any(String));
  });
});

describe('an auditor', () => {
  it('reads everything', async () => {
    const admin = await s.gql('admin', '{ lots { totalCount } farmers { totalCount } cooperatives { totalCount } }');
    const auditor = await s.gql(
      'auditor',
      '{ lots { totalCount } farmers { totalCount } cooperatives { totalCount } }',
    );
    expect(auditor.data).toEqual(admin.data);
    expect(auditor.data.cooperatives.totalCount).toBe(14);
  });

  it('cannot record, grade or reject a lot', async () => {
    const before = s.count('lots');
    const r = await s.gql(
      'auditor',
      `mutation($i: RecordLotIntakeInput!) { recordLotIntake(input: $i) { __typename ... on Error { message } } }`,
      {
        i: {
          idempotencyKey: 'auditor-try-1',
          plantId: ids.plantLaMerced,
          farmerId: ids.ownFarmer,
          campaignId: ids.campaign2019,
          receivedAt: '2019-08-01T10:00:00-05:00',
          bags: 1,
          grossKg: '50',
          tareKg: '0.2',
          moisturePercent: '11',
        },
      },
    );
    expect(r.data.recordLotIntake.__typename).toBe('ForbiddenError');
    expect(s.count('lots')).toBe(before);
  });
});
