/**
 * Shared test fixtures: what API test files used to copy (newKey, send, ok,
 * newLot). Each takes the file's server and demo IDs through getters, since
 * files start their server in `beforeAll`.
 *
 *   const newKey = keyMaker('settlement-test');
 *   const { send, ok, newLot } = fixtures(() => s, () => ids, newKey);
 */
import { expect } from 'vitest';
import type { Role, TestServer, demoIds } from './server.js';

/** Idempotency keys `<prefix>-000001`, `<prefix>-000002`, ... (unique within a file's database). */
export function keyMaker(prefix: string): () => string {
  let seq = 0;
  return () => `${prefix}-${String(++seq).padStart(6, '0')}`;
}

/** Memoises an async fixture: made on first use, shared after. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= make());
}

type Ids = Awaited<ReturnType<typeof demoIds>>;

export function fixtures(server: () => TestServer, ids: () => Ids, newKey: () => string) {
  /** Sends a mutation with `{ i: input }` and returns its result (the first root field); no GraphQL errors allowed. */
  async function send(role: Role, document: string, input: Record<string, unknown>) {
    const r = await server().gql(role, document, { i: input });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return Object.values(r.data as Record<string, any>)[0];
  }
  /** As `send`, and the result must be the mutation's payload, not an error. */
  async function ok(role: Role, document: string, input: Record<string, unknown>) {
    const res = await send(role, document, input);
    expect(res.__typename, JSON.stringify(res)).toMatch(/Payload$/);
    return res;
  }
  /** A lot of `netKg` received at La Merced from `farmer` on 2019-11-20 and graded at `yieldPct` (not organic). */
  async function newLot(farmer: string, netKg: number, yieldPct: string): Promise<string> {
    const s = server();
    const r = await s.gql(
      'plant_staff',
      `mutation($i: RecordLotIntakeInput!) { recordLotIntake(input: $i) {
    __typename ... on RecordLotIntakePayload { lot { id } } ... on Error { message } } }`,
      {
        i: {
          idempotencyKey: newKey(),
          plantId: ids().plantLaMerced,
          farmerId: farmer,
          campaignId: ids().campaign2019,
          receivedAt: '2019-11-20T09:00:00-05:00',
          bags: 10,
          grossKg: String(netKg + 5),
          tareKg: '5',
          moisturePercent: '11.5',
        },
      },
    );
    expect(r.data?.recordLotIntake?.__typename, JSON.stringify(r)).toBe('RecordLotIntakePayload');
    const lotId: string = r.data.recordLotIntake.lot.id;
    const g = await s.gql(
      'plant_staff',
      `mutation($i: GradeLotInput!) { gradeLot(input: $i) { __typename ... on Error { message } } }`,
      {
        i: {
          idempotencyKey: newKey(),
          lotId,
          gradedAt: '2019-11-20T15:00:00Z',
          exportableYieldPercent: yieldPct,
          category1Defects: 0,
          category2Defects: 5,
          organic: false,
        },
      },
    );
    expect(g.data?.gradeLot?.__typename, JSON.stringify(g)).toBe('GradeLotPayload');
    return lotId;
  }
  return { send, ok, newLot };
}
