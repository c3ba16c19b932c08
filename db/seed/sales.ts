/**
 * The demo's sales: the campaign's settlement terms (and the own
 * retention of one cooperative), two export buyers with a fixed-price and a differential
 * contract, three container deliveries and their payments (one paid in full,
 * one in two instalments, one still owed); a Fairtrade organic container of
 * Pangoa's coffee, hulled on its own; and the national market: a supermarket
 * chain's price list and three monthly deliveries of packed coffee, two paid.
 * Recorded through the real services so they settle exactly as API ones.
 */
import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { Principal } from '../../server/auth/policy.js';
import { Dec, ROUND_DOWN } from '../../server/domain/decimal.js';
import { fixedClock } from '../../server/domain/time.js';
import { gramsToKg } from '../../server/domain/units.js';
import { encodeId } from '../../server/lib/global-id.js';
import type { ServiceContext } from '../../server/services/context.js';
import {
  createBuyer,
  createDomesticContract,
  createSalesContract,
  recordDomesticDelivery,
  recordSaleDelivery,
} from '../../server/services/sales.js';
import { recordHullingRun } from '../../server/services/processing.js';
import { recordSalePayment, setCooperativeRetention, setSettlementTerms } from '../../server/services/settlement.js';
import { batchRemaining } from '../../server/queries/stock.js';
import type { DB } from '../client.js';
import { cooperatives, saleDeliveries, stockBatches } from '../schema.js';

export interface SeedSalesOptions {
  admin: Principal;
  /** Plant staff, who hull the certified lots on their own. */
  staff?: Principal;
  greenWarehouseId: number;
  campaignId: number;
  plantId: number;
}

export function seedSales(db: DB, o: SeedSalesOptions): { deliveries: number; payments: number } {
  const at = (iso: string): ServiceContext => ({ db, principal: o.admin, clock: fixedClock(iso) });
  const campaign = encodeId('HarvestCampaign', o.campaignId);
  const plant = encodeId('Plant', o.plantId);

  // Shareholders pay a lower processing fee and commission than affiliated cooperatives; export sales are charged
  // per kg of green in USD, domestic ones per kg of roasted coffee in PEN (roasting and packing cost more).
  const terms = [
    ['shareholder', 'USD', '0.08', '1.5'],
    ['affiliated', 'USD', '0.12', '2.5'],
    ['shareholder', 'PEN', '1.10', '1.5'],
    ['affiliated', 'PEN', '1.40', '2.5'],
  ] as const;
  for (const [membership, currency, fee, commission] of terms) {
    setSettlementTerms(at('2019-06-01T12:00:00Z'), {
      idempotencyKey: currency === 'USD' ? `demo-terms-${membership}` : `demo-terms-${membership}-${currency}`,
      campaignId: campaign,
      membership,
      currency,
      processingFeePerKg: fee,
      commissionPercent: commission,
      retentionPercent: '3',
    });
  }
  // Moyobamba's assembly voted to keep 5 % in its own fund this campaign (the others keep their membership's 3 %).
  const moyobamba = db.select({ id: cooperatives.id }).from(cooperatives).where(eq(cooperatives.code, 'CAC-MOY')).get();
  if (moyobamba) {
    setCooperativeRetention(at('2019-06-01T12:00:00Z'), {
      idempotencyKey: 'demo-retention-CAC-MOY',
      campaignId: campaign,
      cooperativeId: encodeId('Cooperative', moyobamba.id),
      retentionPercent: '5',
    });
  }
  const pangoa = db.select({ id: cooperatives.id }).from(cooperatives).where(eq(cooperatives.code, 'CAC-PAN')).get();

  const buyer = (code: string, name: string, country: string) =>
    encodeId(
      'Buyer',
      createBuyer(at('2019-09-01T12:00:00Z'), { idempotencyKey: `demo-buyer-${code}`, code, name, country }).result.id,
    );
  const northern = buyer('NRC', 'Northern Roasters Cooperative (demo)', 'US');
  const hamburg = buyer('HGT', 'Hamburg Green Traders (demo)', 'DE');

  const contract = (
    code: string,
    buyerId: string,
    signedOn: string,
    terms: { pricePerLb?: string; differentialPerLb?: string },
    bags: number,
  ) =>
    createSalesContract(at(`${signedOn}T15:00:00Z`), {
      idempotencyKey: `demo-contract-${code}`,
      code,
      buyerId,
      campaignId: campaign,
      currency: 'USD',
      grade: 'export',
      bags,
      ...(terms.pricePerLb
        ? { pricePerLb: terms.pricePerLb }
        : { referenceMarket: 'ny_c' as const, differentialPerLb: terms.differentialPerLb! }),
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
      .where(
        and(
          eq(stockBatches.plantId, o.plantId),
          eq(stockBatches.grade, 'export'),
          lte(stockBatches.producedAt, leftAt),
        ),
      )
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
  // Payments are queued and recorded in date order at the end: the campaign loans they repay accrue interest
  // to each payment's date, and a loan's events are recorded in date order.
  const queue: {
    key: string;
    deliveryId: number;
    receivedOn: string;
    minor: bigint;
    currency: 'USD' | 'PEN';
    rate?: { rate: string; source: string };
  }[] = [];
  const pay = (
    key: string,
    deliveryId: number | null,
    receivedOn: string,
    minor: bigint,
    rate: string,
    source: string,
  ) => {
    if (deliveryId === null || minor <= 0n) return;
    queue.push({ key, deliveryId, receivedOn, minor, currency: 'USD', rate: { rate, source } });
  };
  if (d1 !== null) pay('NRC-1', d1, '2019-12-20', owedOn(d1), '3.3735', 'SBS tipo de cambio compra 2019-12-20');
  if (d2 !== null)
    pay('HGT-1a', d2, '2019-12-27', (owedOn(d2) * 80n) / 100n, '3.3510', 'SBS tipo de cambio compra 2019-12-27');

  // Fairtrade organic: Pangoa's certified organic lots waiting at the plant, hulled on their own so the green
  // keeps its certification, shipped in one container at the Fairtrade terms (floor, premium, organic differential).
  let ft: number | null = null;
  if (pangoa && o.staff) {
    const waiting = db.all<{ id: number; netG: number; yieldPct: string }>(sql`
      select l.id as id, l.net_g as netG, g.exportable_yield_pct as yieldPct from lots l join lot_gradings g on g.id = l.current_grading_id
      where l.cooperative_id = ${pangoa.id} and l.plant_id = ${o.plantId} and l.status = 'graded' and g.organic = 1
        and g.graded_at < '2019-12-18T12:00:00Z' and not exists (select 1 from run_inputs ri where ri.lot_id = l.id)
      order by g.graded_at, l.id limit 30`);
    if (waiting.length >= 5) {
      const staffAt = (iso: string): ServiceContext => ({ db, principal: o.staff!, clock: fixedClock(iso) });
      const taken = waiting.reduce((a, l) => a + l.netG, 0);
      const expected = waiting.reduce(
        (a, l) => a + Number(new Dec(String(l.netG)).times(l.yieldPct).div('100').round(0, ROUND_DOWN).toFixed(0)),
        0,
      );
      const exportG = expected - Math.trunc(expected / 100);
      const secondG = Math.trunc((taken * 35) / 1000);
      const pasillaG = Math.trunc((taken * 10) / 1000);
      const huskG = taken - exportG - secondG - pasillaG - Math.trunc((taken * 12) / 1000);
      const run = recordHullingRun(staffAt('2019-12-18T23:30:00Z'), {
        idempotencyKey: 'demo-hull-fairtrade-organic-CAC-PAN',
        plantId: plant,
        warehouseId: encodeId('Warehouse', o.greenWarehouseId),
        startedAt: new Date('2019-12-18T13:00:00Z'),
        finishedAt: new Date('2019-12-18T22:00:00Z'),
        inputs: waiting.map((l) => ({ lotId: encodeId('Lot', l.id), kg: gramsToKg(l.netG) })),
        outputs: [
          { grade: 'export', kg: gramsToKg(exportG) },
          { grade: 'second', kg: gramsToKg(secondG) },
          { grade: 'pasilla', kg: gramsToKg(pasillaG) },
        ],
        huskKg: gramsToKg(huskG),
      });
      const batch = db
        .select({ id: stockBatches.id, g: stockBatches.quantityG })
        .from(stockBatches)
        .where(and(eq(stockBatches.runId, run.result.id), eq(stockBatches.grade, 'export')))
        .get()!;
      const ftContract = createSalesContract(at('2019-11-25T15:00:00Z'), {
        idempotencyKey: 'demo-contract-NRC-2019-FTO',
        code: 'NRC-2019-FTO',
        buyerId: northern,
        campaignId: campaign,
        currency: 'USD',
        grade: 'export',
        quantityKg: gramsToKg(batch.g - 5_000),
        pricePerLb: '1.52',
        fairtrade: true,
        organic: true,
        signedOn: '2019-11-25',
      }).result.id;
      ft = recordSaleDelivery(at('2019-12-23T14:00:00Z'), {
        idempotencyKey: 'demo-delivery-NRC-FTO-1',
        contractId: encodeId('SalesContract', ftContract),
        plantId: plant,
        deliveredAt: new Date('2019-12-23T14:00:00Z'),
        inputs: [{ batchId: encodeId('StockBatch', batch.id), kg: gramsToKg(batch.g - 5_000) }],
      }).result.id;
      pay('NRC-FTO-1', ft, '2019-12-30', owedOn(ft), '3.3140', 'SBS tipo de cambio compra 2019-12-30');
    }
  }

  if (d2 !== null)
    pay(
      'HGT-1b',
      d2,
      '2020-01-10',
      owedOn(d2) - (owedOn(d2) * 80n) / 100n,
      '3.3180',
      'SBS tipo de cambio compra 2020-01-10',
    );

  // The national market: a supermarket chain's price list for the Café Perú brands, delivered monthly on 30 days' credit.
  const andinos = buyer('SMA', 'Supermercados Andinos SAC (demo)', 'PE');
  const domestic = createDomesticContract(at('2019-08-20T15:00:00Z'), {
    idempotencyKey: 'demo-contract-SMA-2019',
    code: 'SMA-2019',
    buyerId: andinos,
    campaignId: campaign,
    signedOn: '2019-08-20',
    prices: [
      { sku: 'CP-TRA-250', unitSizeG: 250, unitPrice: '11.90' },
      { sku: 'CP-TRA-500', unitSizeG: 500, unitPrice: '22.50' },
      { sku: 'CP-SEL-250', unitSizeG: 250, unitPrice: '15.90' },
      { sku: 'CP-SEL-500', unitSizeG: 500, unitPrice: '29.90' },
    ],
  }).result.id;
  const domesticDeliveries: number[] = [];
  for (const [month, leftAt] of [
    ['10', '2019-10-04T15:00:00Z'],
    ['11', '2019-11-05T15:00:00Z'],
    ['12', '2019-12-04T15:00:00Z'],
  ] as const) {
    // Of each SKU, the freshest packed batch made before the truck left: 480 units of 250 g and 240 of 500 g.
    const lines: { batchId: string; units: number }[] = [];
    for (const sku of ['CP-TRA-250', 'CP-TRA-500', 'CP-SEL-250', 'CP-SEL-500']) {
      const b = db
        .select({ id: stockBatches.id, size: stockBatches.unitSizeG })
        .from(stockBatches)
        .where(
          and(eq(stockBatches.plantId, o.plantId), eq(stockBatches.sku, sku), lte(stockBatches.producedAt, leftAt)),
        )
        .orderBy(desc(stockBatches.producedAt), desc(stockBatches.id))
        .get();
      if (!b) continue;
      const unitsLeft = Math.trunc((batchRemaining(db, [b.id]).get(b.id) ?? 0) / b.size!);
      const want = b.size === 250 ? 480 : 240;
      if (unitsLeft > 0) lines.push({ batchId: encodeId('StockBatch', b.id), units: Math.min(want, unitsLeft) });
    }
    if (lines.length === 0) continue;
    domesticDeliveries.push(
      recordDomesticDelivery(at(leftAt), {
        idempotencyKey: `demo-delivery-SMA-${month}`,
        contractId: encodeId('SalesContract', domestic),
        plantId: plant,
        deliveredAt: new Date(leftAt),
        lines,
      }).result.id,
    );
  }
  // October's and November's invoices paid at 30 days; December's is still owed.
  for (const [i, receivedOn] of [
    [0, '2019-11-04'],
    [1, '2019-12-05'],
  ] as const) {
    const d = domesticDeliveries[i];
    if (d === undefined) continue;
    queue.push({ key: `SMA-${i + 1}`, deliveryId: d, receivedOn, minor: owedOn(d), currency: 'PEN' });
  }
  queue.sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));
  for (const q of queue) {
    recordSalePayment(at(`${q.receivedOn}T16:00:00Z`), {
      idempotencyKey: `demo-payment-${q.key}`,
      deliveryId: encodeId('SaleDelivery', q.deliveryId),
      receivedOn: q.receivedOn,
      amount: cents(q.minor),
      currency: q.currency,
      ...(q.rate ? { exchangeRate: q.rate } : {}),
    });
  }
  return {
    deliveries: [d1, d2, d3, ft].filter((d) => d !== null).length + domesticDeliveries.length,
    payments: queue.length,
  };
}
