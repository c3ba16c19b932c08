/**
 * Buyers, export contracts and deliveries in GraphQL. Thin: pricing rules in
 * server/domain/pricing.ts, writes in server/services/sales.ts.
 */
import { sql } from 'drizzle-orm';
import type { greenGrades } from '../db/schema.js';
import { ForbiddenError } from '../server/domain/errors.js';
import { type Currency, minorFromText, splitAmount } from '../server/domain/money.js';
import { poundsOf } from '../server/domain/pricing.js';
import { fixed } from '../server/domain/decimal.js';
import type { MutationOutcome } from '../server/services/mutation.js';
import {
  type ContractRef,
  type DeliveryRef,
  createBuyer,
  createDomesticContract,
  createSalesContract,
  recordDomesticDelivery,
  recordSaleDelivery,
} from '../server/services/sales.js';
import { type Context, builder } from './builder.js';
import { WeightRef, dbEnumOf } from './common.js';
import { Cooperative } from './cooperative.js';
import { MUTATION_ERRORS } from './errors.js';
import { principalOf } from './helpers.js';
import { CurrencyEnum, MoneyRef } from './ledger.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './lot-mutations.js';
import { Lot } from './lot.js';
import { GreenGradeEnum, managerHolds } from './plant.js';

/** Contracts and deliveries: admins and auditors; plant staff their plant's deliveries; managers deliveries of their coffee. */
function readsSales(ctx: Context): boolean {
  return ctx.principal?.role === 'admin' || ctx.principal?.role === 'auditor';
}

function canSeeDelivery(ctx: Context, d: { id: number; plantId: number }): boolean | Promise<boolean> {
  const p = ctx.principal;
  if (!p) return false;
  if (p.role === 'admin' || p.role === 'auditor') return true;
  if (p.role === 'plant_staff') return p.plantId === d.plantId;
  if (p.role === 'cooperative_manager') return managerHolds(ctx, 'delivery', d.id);
  return false;
}

export const Buyer = builder.drizzleNode('buyers', {
  name: 'Buyer',
  id: { column: (b) => b.id },
  authScopes: (_b, ctx) => readsSales(ctx),
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    country: t.exposeString('country'),
  }),
});

const PricingEnum = dbEnumOf(
  'ContractPricing',
  ['fixed', 'differential', 'per_unit'] as const,
  'Export: FIXED per lb, or a reference market price plus a DIFFERENTIAL fixed at delivery. Domestic: PER_UNIT, a price list by SKU.',
);
const MarketEnum = dbEnumOf(
  'SalesMarket',
  ['export', 'domestic'] as const,
  'EXPORT: green coffee in USD per lb. DOMESTIC: packed roasted coffee in PEN per unit.',
);

builder.drizzleObject('contractUnitPrices', {
  name: 'UnitPrice',
  description: 'One SKU of a domestic contract\u2019s price list.',
  fields: (t) => ({
    sku: t.exposeString('sku'),
    unitSize: t.field({ type: WeightRef, resolve: (u) => u.unitSizeG }),
    unitPrice: t.field({
      type: MoneyRef,
      resolve: (u) => ({ currency: 'PEN' as Currency, minor: minorFromText(u.unitPriceMinor) }),
    }),
  }),
});
const ReferenceMarketEnum = dbEnumOf(
  'ReferenceMarket',
  ['ny_c'] as const,
  'NY_C: ICE New York "C" Arabica futures, USD/lb.',
);

export const SalesContract = builder.drizzleNode('salesContracts', {
  name: 'SalesContract',
  description:
    'An export contract for green coffee (USD, per lb), or a domestic supply agreement for packed roasted coffee (PEN, per unit).',
  id: { column: (c) => c.id },
  authScopes: (_c, ctx) => readsSales(ctx),
  fields: (t) => ({
    code: t.exposeString('code'),
    buyer: t.relation('buyer'),
    campaign: t.relation('campaign'),
    currency: t.field({ type: CurrencyEnum, resolve: (c) => c.currency as Currency }),
    market: t.field({ type: MarketEnum, resolve: (c) => c.market }),
    grade: t.field({
      type: GreenGradeEnum,
      nullable: true,
      description: 'Export: the green grade sold.',
      resolve: (c) => c.grade as (typeof greenGrades)[number] | null,
    }),
    quantity: t.field({
      type: WeightRef,
      nullable: true,
      description: 'Export: the quantity agreed. Domestic agreements are open.',
      resolve: (c) => c.quantityG,
    }),
    unitPrices: t.relation('unitPrices', {
      description: 'Domestic: the price list by SKU.',
      query: { orderBy: { sku: 'asc' } },
    }),
    bags: t.exposeInt('bags', { nullable: true, description: 'When agreed in bags (of `bagKg`).' }),
    bagKg: t.exposeInt('bagKg', { nullable: true }),
    pricing: t.field({ type: PricingEnum, resolve: (c) => c.pricing }),
    pricePerLb: t.field({ type: 'Decimal', nullable: true, resolve: (c) => c.pricePerLb }),
    referenceMarket: t.field({
      type: ReferenceMarketEnum,
      nullable: true,
      resolve: (c) => c.reference as 'ny_c' | null,
    }),
    differentialPerLb: t.field({ type: 'Decimal', nullable: true, resolve: (c) => c.differentialPerLb }),
    fairtrade: t.exposeBoolean('fairtrade'),
    organic: t.exposeBoolean('organic'),
    signedOn: t.field({ type: 'Date', resolve: (c) => c.signedOn }),
    destinationCountry: t.exposeString('destinationCountry', { nullable: true }),
    eudr: t.exposeBoolean('eudr', {
      description: 'Marked for the EU market: deliveries take only EUDR-compliant coffee (docs/eudr.md).',
    }),
    delivered: t.field({
      type: WeightRef,
      resolve: (c, _a, ctx) =>
        ctx.db.get<{ g: number }>(
          sql`select coalesce(sum(quantity_g), 0) as g from sale_deliveries where contract_id = ${c.id}`,
        ).g,
    }),
    deliveries: t.relation('deliveries', { query: { orderBy: { deliveredAt: 'asc', id: 'asc' } } }),
  }),
});

interface CoopSale {
  cooperativeId: number;
  grams: number;
  value: bigint;
  premium: bigint;
  currency: Currency;
}

const CooperativeSaleRef = builder.objectRef<CoopSale>('CooperativeSaleShare').implement({
  description:
    'A cooperative\u2019s part of a delivery: its grams, and the value and premium in proportion (largest remainder, to the cent).',
  fields: (t) => ({
    cooperative: t.loadable({
      type: Cooperative,
      load: (ids: number[], ctx) =>
        ctx.db.query.cooperatives
          .findMany({ where: { id: { in: ids } } })
          .then((rows) => ids.map((id) => rows.find((r) => r.id === id)!)),
      resolve: (s) => s.cooperativeId,
    }),
    weight: t.field({ type: WeightRef, resolve: (s) => s.grams }),
    value: t.field({ type: MoneyRef, resolve: (s) => ({ currency: s.currency, minor: s.value }) }),
    premium: t.field({ type: MoneyRef, resolve: (s) => ({ currency: s.currency, minor: s.premium }) }),
  }),
});

export const SaleDelivery = builder.drizzleNode('saleDeliveries', {
  name: 'SaleDelivery',
  description:
    'A shipment against a contract: green coffee taken from the plant\u2019s batches, priced once, invoiced to the buyer.',
  id: { column: (d) => d.id },
  authScopes: (d, ctx) => canSeeDelivery(ctx, d),
  fields: (t) => ({
    code: t.exposeString('code'),
    contract: t.relation('contract'),
    plant: t.relation('plant'),
    deliveredAt: t.field({ type: 'DateTime', resolve: (d) => d.deliveredAt }),
    deliveredOn: t.field({ type: 'Date', resolve: (d) => d.deliveredOn }),
    quantity: t.field({ type: WeightRef, resolve: (d) => d.quantityG }),
    pounds: t.field({
      type: 'Decimal',
      description: 'The quantity in lb, 2 decimals half-even (display).',
      resolve: (d) => fixed(poundsOf(d.quantityG), 2),
    }),
    referencePricePerLb: t.field({ type: 'Decimal', nullable: true, resolve: (d) => d.referencePricePerLb }),
    pricePerLb: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Export: after the Fairtrade floor and the organic differential. Domestic: null (see `lines`).',
      resolve: (d) => d.pricePerLb,
    }),
    premiumPerLb: t.field({ type: 'Decimal', nullable: true, resolve: (d) => d.premiumPerLb }),
    lines: t.relation('lines', {
      description: 'Domestic: units per packed batch at the SKU\u2019s unit price.',
      query: { orderBy: { id: 'asc' } },
    }),
    value: t.field({
      type: MoneyRef,
      description: 'lb × price, rounded once, half-even, to the cent.',
      resolve: (d) => ({ currency: d.currency as Currency, minor: minorFromText(d.valueMinor) }),
    }),
    premium: t.field({
      type: MoneyRef,
      resolve: (d) => ({ currency: d.currency as Currency, minor: minorFromText(d.premiumMinor) }),
    }),
    cooperativeShares: t.field({
      type: [CooperativeSaleRef],
      description: 'Whose coffee was sold, per cooperative, with its value. A manager sees their own line.',
      resolve: (d, _a, ctx) => {
        const takes = ctx.db.all<{ cooperativeId: number; grams: number; value: string | null }>(sql`
          select cooperative_id as cooperativeId, grams, value_minor as value from sale_takes where delivery_id = ${d.id} order by cooperative_id, id`);
        // Per cooperative: grams, and (domestic deliveries) the value of its units, summed exactly.
        const byCoop = new Map<number, { cooperativeId: number; grams: number; taken: bigint | null }>();
        for (const r of takes) {
          const c = byCoop.get(r.cooperativeId) ?? { cooperativeId: r.cooperativeId, grams: 0, taken: null };
          c.grams += r.grams;
          if (r.value !== null) c.taken = (c.taken ?? 0n) + minorFromText(r.value);
          byCoop.set(r.cooperativeId, c);
        }
        const rows = [...byCoop.values()];
        const currency = d.currency as Currency;
        const weights = rows.map((r) => ({
          key: r.cooperativeId,
          weight: r.taken !== null ? r.taken.toString() : String(r.grams),
        }));
        const values = new Map(splitAmount(minorFromText(d.valueMinor), weights).map((v) => [v.key, v.minor]));
        const premiums = new Map(splitAmount(minorFromText(d.premiumMinor), weights).map((v) => [v.key, v.minor]));
        const p = principalOf(ctx);
        return rows
          .filter((r) => p.role !== 'cooperative_manager' || r.cooperativeId === p.cooperativeId)
          .map((r) => ({
            cooperativeId: r.cooperativeId,
            grams: r.grams,
            currency,
            value: values.get(r.cooperativeId)!,
            premium: premiums.get(r.cooperativeId)!,
          }));
      },
    }),
    lots: t.relation('takes', {
      description:
        'Traceability: the lots (hence farmers) whose coffee was sold, with grams and the batch it came from. A manager sees their own lots.',
      query: (_a, ctx) => {
        const p = principalOf(ctx);
        return {
          where: p.role === 'cooperative_manager' ? { cooperativeId: p.cooperativeId! } : {},
          orderBy: { grams: 'desc', id: 'asc' },
        };
      },
    }),
  }),
});

builder.drizzleObject('saleDeliveryLines', {
  name: 'SaleDeliveryLine',
  description: 'Domestic: units of one packed batch, at the contract\u2019s unit price for its SKU.',
  fields: (t) => ({
    batch: t.relation('batch'),
    sku: t.exposeString('sku'),
    units: t.exposeInt('units'),
    unitPrice: t.field({
      type: MoneyRef,
      resolve: (l) => ({ currency: 'PEN' as Currency, minor: minorFromText(l.unitPriceMinor) }),
    }),
    value: t.field({
      type: MoneyRef,
      description: 'units × unit price, exact.',
      resolve: (l) => ({ currency: 'PEN' as Currency, minor: minorFromText(l.valueMinor) }),
    }),
  }),
});

builder.drizzleObject('saleTakes', {
  name: 'SaleTake',
  description: 'Grams of one lot\u2019s coffee a delivery took from one batch.',
  fields: (t) => ({
    lot: t.relation('lot'),
    batch: t.relation('batch'),
    cooperative: t.relation('cooperative'),
    delivery: t.relation('delivery'),
    weight: t.field({ type: WeightRef, resolve: (s) => s.grams }),
  }),
});

builder.drizzleObjectFields(Lot, (t) => ({
  soldIn: t.relation('saleTakes', {
    description: 'Forward trace to the sales: every delivery that sold some of this lot\u2019s coffee, with grams.',
    query: { orderBy: { id: 'asc' } },
  }),
}));

builder.queryFields((t) => ({
  buyers: t.withAuth({ authenticated: true }).drizzleField({
    type: [Buyer],
    resolve: (query, _r, _a, ctx) => {
      if (!readsSales(ctx)) throw new ForbiddenError('buyers and contracts are for admins and auditors');
      return ctx.db.query.buyers.findMany(query({ orderBy: { code: 'asc' } }));
    },
  }),
  salesContracts: t.withAuth({ authenticated: true }).drizzleConnection(
    {
      type: 'salesContracts',
      description: 'Export contracts, newest first. Admins and auditors.',
      resolve: (query, _r, _a, ctx) => {
        if (!readsSales(ctx)) throw new ForbiddenError('buyers and contracts are for admins and auditors');
        return ctx.db.query.salesContracts.findMany(query({ orderBy: { signedOn: 'desc', id: 'desc' } }));
      },
    },
    { name: 'SalesContractConnection' },
    { name: 'SalesContractEdge' },
  ),
}));

const CreateBuyerInput = builder.inputType('CreateBuyerInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    code: t.string({ required: true }),
    name: t.string({ required: true }),
    country: t.string({ required: true, description: 'ISO 3166 two-letter code.' }),
  }),
});

const CreateSalesContractInput = builder.inputType('CreateSalesContractInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    code: t.string({ required: true }),
    buyerId: t.id({ required: true }),
    campaignId: t.id({ required: true }),
    currency: t.field({ type: CurrencyEnum, required: true, description: 'USD.' }),
    grade: t.field({ type: GreenGradeEnum, required: true }),
    quantityKg: t.field({ type: 'Decimal', description: 'Either this, or `bags` of 69 kg.' }),
    bags: t.int(),
    pricePerLb: t.field({
      type: 'Decimal',
      description: 'A fixed price; or give referenceMarket and differentialPerLb.',
    }),
    referenceMarket: t.field({ type: ReferenceMarketEnum }),
    differentialPerLb: t.field({ type: 'Decimal', description: 'Added to the reference price; may be negative.' }),
    fairtrade: t.boolean({ required: true }),
    organic: t.boolean({
      required: true,
      description: 'Organic Fairtrade: the organic differential applies; every lot sold must be graded organic.',
    }),
    destinationCountry: t.string({
      description: 'Where the coffee goes, ISO 3166-1 alpha-2 (e.g. DE). Defaults to the buyer\u2019s country.',
    }),
    eudr: t.boolean({
      description:
        'Marked for the EU market: every delivery must hold only EUDR-compliant coffee and gets a due-diligence file (docs/eudr.md). Needs an EU destination.',
    }),
    signedOn: t.field({ type: 'Date', required: true }),
  }),
});

const DeliveryInputLine = builder.inputType('DeliveryInputLine', {
  fields: (t) => ({
    batchId: t.id({ required: true }),
    kg: t.field({ type: 'Decimal', required: true }),
  }),
});

const RecordSaleDeliveryInput = builder.inputType('RecordSaleDeliveryInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    contractId: t.id({ required: true }),
    plantId: t.id({ required: true }),
    deliveredAt: t.field({ type: 'DateTime', required: true }),
    inputs: t.field({
      type: [DeliveryInputLine],
      required: true,
      description: 'Green batches of the contract\u2019s grade at the plant.',
    }),
    referencePricePerLb: t.field({
      type: 'Decimal',
      description: 'Differential contracts: the reference price fixed for this delivery.',
    }),
  }),
});

function payload<R extends { id: number }>(
  name: string,
  field: string,
  load: (ctx: Context, id: number) => Promise<unknown>,
  type: unknown,
) {
  return builder.objectRef<MutationOutcome<R & { type: string }>>(name).implement({
    fields: (t) => ({
      [field]: t.field({ type: type as never, resolve: (o, _a, ctx) => load(ctx, o.result.id) as never }),
      replayed: t.boolean({ resolve: (o) => o.replayed }),
    }),
  });
}

const CreateBuyerPayload = payload<{ id: number }>(
  'CreateBuyerPayload',
  'buyer',
  (ctx, id) => ctx.db.query.buyers.findFirst({ where: { id } }),
  Buyer,
);
const CreateSalesContractPayload = payload<ContractRef>(
  'CreateSalesContractPayload',
  'contract',
  (ctx, id) => ctx.db.query.salesContracts.findFirst({ where: { id } }),
  SalesContract,
);
const RecordSaleDeliveryPayload = payload<DeliveryRef>(
  'RecordSaleDeliveryPayload',
  'delivery',
  (ctx, id) => ctx.db.query.saleDeliveries.findFirst({ where: { id } }),
  SaleDelivery,
);

builder.mutationFields((t) => ({
  createBuyer: t.withAuth({ authenticated: true }).field({
    type: CreateBuyerPayload,
    description: 'Records a buyer (admins).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: CreateBuyerInput, required: true }) },
    resolve: (_r, { input }, ctx) => createBuyer(ctx, input),
  }),
  createSalesContract: t.withAuth({ authenticated: true }).field({
    type: CreateSalesContractPayload,
    description: 'Records a signed export contract (admins).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: CreateSalesContractInput, required: true }) },
    resolve: (_r, { input }, ctx) => createSalesContract(ctx, input),
  }),
  recordSaleDelivery: t.withAuth({ authenticated: true }).field({
    type: RecordSaleDeliveryPayload,
    description:
      'Records a shipment against a contract: takes green coffee from the plant\u2019s batches (owners in proportion), prices it and invoices the buyer on the ledger (admins, or staff of that plant).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordSaleDeliveryInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordSaleDelivery(ctx, input),
  }),
}));

const UnitPriceInput = builder.inputType('UnitPriceInput', {
  fields: (t) => ({
    sku: t.string({ required: true, description: 'As the packing line labels it, e.g. "CP-TOST-250".' }),
    unitSizeG: t.int({ required: true, description: 'Grams per unit: 250, 500 or 1000.' }),
    unitPrice: t.field({ type: 'Decimal', required: true, description: 'PEN per unit, at most 2 decimals.' }),
  }),
});

const CreateDomesticContractInput = builder.inputType('CreateDomesticContractInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    code: t.string({ required: true }),
    buyerId: t.id({ required: true }),
    campaignId: t.id({ required: true }),
    signedOn: t.field({ type: 'Date', required: true }),
    prices: t.field({ type: [UnitPriceInput], required: true }),
  }),
});

const DomesticLineInput = builder.inputType('DomesticDeliveryLineInput', {
  fields: (t) => ({
    batchId: t.id({ required: true, description: 'A packed batch at the plant, of a SKU on the price list.' }),
    units: t.int({ required: true }),
  }),
});

const RecordDomesticDeliveryInput = builder.inputType('RecordDomesticDeliveryInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    contractId: t.id({ required: true }),
    plantId: t.id({ required: true }),
    deliveredAt: t.field({ type: 'DateTime', required: true }),
    lines: t.field({ type: [DomesticLineInput], required: true }),
  }),
});

builder.mutationFields((t) => ({
  createDomesticContract: t.withAuth({ authenticated: true }).field({
    type: CreateSalesContractPayload,
    description:
      'Records a supply agreement on the national market: packed roasted coffee in PEN per unit, by SKU (admins).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: CreateDomesticContractInput, required: true }) },
    resolve: (_r, { input }, ctx) => createDomesticContract(ctx, input),
  }),
  recordDomesticDelivery: t.withAuth({ authenticated: true }).field({
    type: RecordSaleDeliveryPayload,
    description:
      'Records a domestic delivery: whole units of packed batches at the price list, taken from the batches\u2019 owners in proportion, invoiced to the buyer (admins, or staff of that plant).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordDomesticDeliveryInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordDomesticDelivery(ctx, input),
  }),
}));
