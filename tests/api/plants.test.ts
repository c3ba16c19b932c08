/** Plants: capacities and stock locations, as plant staff and managers read them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ farmers: 20 });
});
afterAll(() => s.close());

describe('plants', () => {
  it('show daily capacities and warehouses; collection centres hull nothing', async () => {
    const r = await s.gql(
      'plant_staff',
      '{ plants { code kind hullingCapacityPerDay { kg } roastingCapacityPerDay { kg } packingCapacityUnitsPerDay warehouses { code } } }',
    );
    expect(r.errors).toBeUndefined();
    const byCode = Object.fromEntries(r.data.plants.map((p: any) => [p.code, p]));
    expect(byCode['PLT-LM']).toEqual({
      code: 'PLT-LM',
      kind: 'PLANT',
      hullingCapacityPerDay: { kg: '24000' },
      roastingCapacityPerDay: { kg: '1200' },
      packingCapacityUnitsPerDay: 2400,
      warehouses: [{ code: 'PERG' }, { code: 'PT' }, { code: 'TOST' }, { code: 'VERDE' }],
    });
    expect(byCode['CC-SAT']).toMatchObject({
      kind: 'COLLECTION_CENTER',
      hullingCapacityPerDay: null,
      warehouses: [{ code: 'ACOPIO' }],
    });
  });

  it('the consortium says the yield tolerance runs are judged by, and each run keeps its own', async () => {
    const r = await s.gql(
      'plant_staff',
      '{ consortium { yieldTolerancePercent } processingRuns(first: 1, filter: {kind: HULLING}) { nodes { yieldTolerancePercent } } }',
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.consortium.yieldTolerancePercent).toBe('3');
    expect(r.data.processingRuns.nodes).toEqual([{ yieldTolerancePercent: '3' }]);
  });

  it('are not readable without a token', async () => {
    const r = await s.gql(null, '{ plants { code } }');
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
