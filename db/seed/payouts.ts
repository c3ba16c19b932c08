/**
 * The demo's farmer payouts (docs/settlement.md, "Paying farmers"): on 10
 * January 2020 each cooperative whose farmers are owed something pays them a
 * first instalment, half of what each is to be paid (rounded down to the
 * céntimo), from its C2019 settlement list in one run, in cash through the
 * cooperative's treasurer; one payout is then taken back (recorded twice by
 * mistake), so the farmer is owed it again.
 */
import { sql } from 'drizzle-orm';
import type { Principal } from '../../server/auth/policy.js';
import { encodeId } from '../../server/lib/global-id.js';
import { formatAmount } from '../../server/domain/money.js';
import { fixedClock } from '../../server/domain/time.js';
import type { ServiceContext } from '../../server/services/context.js';
import { recordFarmerPayoutRun, reverseFarmerPayout } from '../../server/services/farmer-payouts.js';
import { farmerSettlementList } from '../../server/queries/farmer-settlements.js';
import type { DB } from '../client.js';

export interface SeedPayoutsOptions {
  admin: Principal;
  campaignId: number;
}

export const DEMO_PAYOUT_DAY = '2020-01-10';

export function seedPayouts(db: DB, o: SeedPayoutsOptions): { payoutRuns: number; payouts: number } {
  const at = (iso: string): ServiceContext => ({ db, principal: o.admin, clock: fixedClock(iso) });
  const coops = db.all<{ id: number; code: string }>(sql`select id, code from cooperatives order by id`);
  let runs = 0;
  for (const c of coops) {
    const lines = farmerSettlementList(db, c.id, o.campaignId, DEMO_PAYOUT_DAY)
      .rows.filter((r) => r.toPay >= 2n)
      .map((r) => ({ farmerId: encodeId('Farmer', r.farmerId), amount: formatAmount(r.toPay / 2n, 'PEN') }));
    if (lines.length === 0) continue;
    recordFarmerPayoutRun(at('2020-01-10T20:00:00Z'), {
      idempotencyKey: `demo-payout-run-${c.code}-2020-01`,
      cooperativeId: encodeId('Cooperative', c.id),
      campaignId: encodeId('HarvestCampaign', o.campaignId),
      method: 'cash',
      purpose: 'settlement_instalment',
      paidBy: `Tesorería ${c.code}`,
      paidOn: DEMO_PAYOUT_DAY,
      lines,
    });
    runs++;
  }
  const first = db.get<{ id: number } | undefined>(sql`select id from farmer_payouts order by id limit 1`);
  if (first)
    reverseFarmerPayout(at('2020-01-13T15:00:00Z'), {
      idempotencyKey: 'demo-payout-reversal-1',
      payoutId: encodeId('FarmerPayout', first.id),
      reason: 'registrado dos veces: el productor no recibió este pago',
      reversedOn: '2020-01-13',
    });
  const payouts = db.get<{ n: number }>(sql`select count(*) as n from farmer_payouts`).n;
  return { payoutRuns: runs, payouts };
}
