/**
 * The demo's export sales: the campaign's settlement terms, two buyers, a
 * fixed-price and a differential contract, three container deliveries and
 * their payments (one paid in full, one in two instalments, one still owed),
 * recorded through the real services so they settle exactly as API ones.
 */
import { and, desc, eq, lte } from 'drizzle-orm';
import type { Principal } from '../../server/auth/policy.js';
import { fixedClock } from '../../server/domain/time.js';
import { gramsToKg } from '../../server/domain/units.js';
import { encodeId } from '../../server/lib/global-id.js';
import type { ServiceContext } from '../../server/services/context.js';
import { createBuyer, createSalesContract, recordSaleDelivery } from '../../server/services/sales.js';
import { recordSalePayment, setSettlementTerms } from '../../server/services/settlement.js';
import { batchRemaining } from '../../server/queries/stock.js';
import type { DB } from '../client.js';
import { saleDeliveries, stockBatches } from '../schema.js';

export interface SeedSalesOptions {
  admin: Principal;
  campaignId: number;
  plantId: number;
}

export function seedSales(db: DB, o: SeedSalesOptions): { deliveries: number; payments: number } {
  const at = (iso: string): ServiceContext => ({ db, principal: o.admin, clock: fixedClock(iso) });
  const campaign = encodeId('HarvestCampaign', o.campaignId);
  const plant = encodeId('Plant', o.plantId);

  // Shareholders pay a lower processing fee and commission than affiliated cooperatives.
  for (const [membership, fee, commission] of [['shareholder', '0.08', '1.5'], ['affiliated', '0.12', '2.5']] as const) {
    setSettlementTerms(at('2019-06-01T12:00:00Z'), {
      idempotencyKey: `demo-terms-${membership}`,
      campaignId: campaign,
      membership,
      currency: 'USD',
      processingFeePerKg: fee,
      commissionPercent: commission,
      retentionPercent: '3',
    });
  }

  const buyer = (code: string, name: string, country: string) =>
    encodeId('Buyer', createBuyer(at('2019-09-01T12:00:00Z'), { idempotencyKey: `demo-buyer-${code}`, code, name, country }).result.id);
  const northern = buyer('NRC', 'Northern Roasters Cooperative (demo)', 'US');
  const hamburg = buyer('HGT', 'Hamburg Green Traders (demo)', 'DE');

  const contract = (code: string, buyerId: string, signedOn: string, terms: { pricePerLb?: string; differentialPerLb?: string }, bags: number) =>
    createSalesContract(at(`${signedOn}T15:00:00Z`), {
      idempotencyKey: `demo-contract-${code}`,
      code,
      buyerId,
      campaignId: campaign,
      currency: 'USD',
      grade: 'export',
      bags,
      ...(terms.pricePerLb ? { pricePerLb: terms.pricePerLb } : { referenceMarket: 'ny_c' as const, differentialPerLb: terms.differentialPerLb! }),
      fairtrade: false,
      organic: false,
      signedOn,
    }).result.id;
  const fixedContract = contract('NRC-2019-01', northern, '2019-10-15', { pricePerLb: '1.38' }, 275);
  const diffContract = contract('HGT-2019-01', hamburg, '2019-10-20', { differentialPerLb: '0.22' }, 550);

  /** A container of up to `bags` × 69 kg from the freshest export batches produced before it left. */
  const deliver = (key: string, contractId: number, leftAt: string, bags: number, reference: string | null) => {
    const candidates = db
      .select({ id: stockBatches.id })
      .from(stockBatches)
      .where(and(eq(stockBatches.plantId, o.plantId), eq(stockBatches.grade, 'export'), lte(stockBatches.producedAt, leftAt)))
      .orderBy(desc(stockBatches.producedAt), desc(stockBatches.id))
      .limit(20)
      .all()
      .map((b) => b.id);
    const left = batchRemaining(db, candidates);
    let need = bags * 69_000;
    const inputs: { batchId: string; kg: string }[] = [];
    for (const id of candidates) {
      const take = Math.min(need, (left.get(id) ?? 0) - 5_000); // leave samples in every batch
      if (take <= 0) continue;
      inputs.push({ batchId: encodeId('StockBatch', id), kg: gramsToKg(take) });
      need -= take;
      if (need === 0) break;
    }
    if (inputs.length === 0) return null;
    return recordSaleDelivery(at(leftAt), {
      idempotencyKey: `demo-delivery-${key}`,
      contractId: encodeId('SalesContract', contractId),
      plantId: plant,
      deliveredAt: new Date(leftAt),
      inputs,
      referencePricePerLb: reference,
    }).result.id;
  };
  const d1 = deliver('NRC-1', fixedContract, '2019-12-02T14:00:00Z', 275, null);
  const d2 = deliver('HGT-1', diffContract, '2019-12-16T14:00:00Z', 275, '1.3155');
  const d3 = deliver('HGT-2', diffContract, '2019-12-30T14:00:00Z', 275, '1.2810');

  const owedOn = (deliveryId: number) => {
    const d = db.select().from(saleDeliveries).where(eq(saleDeliveries.id, deliveryId)).get()!;
    return BigInt(d.valueMinor) + BigInt(d.premiumMinor);
  };
  const cents = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
  let payments = 0;
  const pay = (key: string, deliveryId: number | null, receivedOn: string, minor: bigint, rate: string, source: string) => {
    if (deliveryId === null || minor <= 0n) return;
    recordSalePayment(at(`${receivedOn}T16:00:00Z`), {
      idempotencyKey: `demo-payment-${key}`,
      deliveryId: encodeId('SaleDelivery', deliveryId),
      receivedOn,
      amount: cents(minor),
      currency: 'USD',
      exchangeRate: { rate, source },
    });
    payments++;
  };
  if (d1 !== null) pay('NRC-1', d1, '2019-12-20', owedOn(d1), '3.3735', 'SBS tipo de cambio compra 2019-12-20');
  if (d2 !== null) {
    const first = (owedOn(d2) * 80n) / 100n;
    pay('HGT-1a', d2, '2019-12-27', first, '3.3510', 'SBS tipo de cambio compra 2019-12-27');
    pay('HGT-1b', d2, '2020-01-10', owedOn(d2) - first, '3.3180', 'SBS tipo de cambio compra 2020-01-10');
  }
  return { deliveries: [d1, d2, d3].filter((d) => d !== null).length, payments };
}
