/**
 * Buyers, export contracts and deliveries against them. A delivery takes
 * green coffee from the plant's batches (from each batch's owners in
 * proportion to what they hold), records per owner lot what was sold, prices
 * it, and invoices the buyer on the ledger, all in one transaction.
 */
import { and, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  batchShares,
  batchTakes,
  buyers,
  certificationTerms,
  contractUnitPrices,
  cooperativeCertifications,
  cooperatives,
  harvestCampaigns,
  lotGradings,
  lots,
  plants,
  saleDeliveries,
  saleDeliveryLines,
  saleTakes,
  salesContracts,
  stockBatches,
} from '../../db/schema.js';
import { Dec } from '../domain/decimal.js';
import { ConflictError, ForbiddenError, InvalidInputError, IssueList, NotFoundError } from '../domain/errors.js';
import { instant, notInFuture, requireAdmin, text } from '../domain/input.js';
import {
  type Currency,
  amountSyntaxError,
  formatAmount,
  isCurrency,
  minorFromText,
  parseAmount,
  splitAmount,
} from '../domain/money.js';
import {
  type CertificationTermsInForce,
  EXPORT_BAG_KG,
  deliveryPrice,
  pricePerLbError,
  valueOf,
} from '../domain/pricing.js';
import { type LotShare, RETAIL_UNIT_SIZES_G, isRetailUnitSize, takeProportionally } from '../domain/processing.js';
import { checkCode, checkName } from '../domain/identity.js';
import { isCalendarDate, localDateOf } from '../domain/time.js';
import { gramsToKg, parseKgToGrams } from '../domain/units.js';
import { decodeId } from '../lib/global-id.js';
import { lotEudr } from '../queries/eudr.js';
import { isEuDestination } from '../domain/eudr.js';
import type { ServiceContext } from './context.js';
import { type Poster, postEntry } from './ledger.js';
import { settings } from '../queries/consortium.js';
import { mustBeDistinct } from './master-data.js';
import { type MutationOutcome, runMutation } from './mutation.js';

/** The national market's currency: domestic contracts are in PEN. */
const DOMESTIC_CURRENCY: Currency = 'PEN';

function mustBeAdmin(ctx: ServiceContext, what: string): void {
  requireAdmin(ctx.principal, what);
}

export interface CreateBuyerInput {
  idempotencyKey: string;
  code: string;
  name: string;
  country: string;
}

export function createBuyer(
  ctx: ServiceContext,
  input: CreateBuyerInput,
): MutationOutcome<{ type: 'Buyer'; id: number }> {
  mustBeAdmin(ctx, 'records buyers');
  const { idempotencyKey, ...payload } = input;
  const issues = new IssueList();
  const code = checkCode(issues, ['input', 'code'], input.code);
  const name = checkName(issues, ['input', 'name'], input.name, 2, 120);
  if (!/^[A-Z]{2}$/.test(input.country))
    issues.add(['input', 'country'], 'INVALID_COUNTRY', 'must be a two-letter ISO 3166 code');
  issues.throwIfAny();
  return runMutation(ctx, 'createBuyer', idempotencyKey, payload, (tx) => {
    const all = tx.select({ id: buyers.id, code: buyers.code, name: buyers.name }).from(buyers).all();
    mustBeDistinct(
      ['input', 'code'],
      code,
      all.map((b) => ({ id: b.id, value: b.code })),
      'buyer with code',
    );
    mustBeDistinct(
      ['input', 'name'],
      name,
      all.map((b) => ({ id: b.id, value: b.name })),
      'buyer named',
    );
    const row = tx.insert(buyers).values({ code, name, country: input.country }).returning({ id: buyers.id }).get();
    return { type: 'Buyer', id: row.id };
  });
}

/** What any new contract needs: its buyer and campaign exist, and its code is free. */
function checkNewContract(
  tx: Tx,
  ids: { buyerId: number; campaignId: number; code: string },
  raw: { buyerId: string; campaignId: string },
): void {
  if (!tx.select({ id: buyers.id }).from(buyers).where(eq(buyers.id, ids.buyerId)).get()) {
    throw new NotFoundError(['input', 'buyerId'], raw.buyerId, 'buyer');
  }
  if (
    !tx.select({ id: harvestCampaigns.id }).from(harvestCampaigns).where(eq(harvestCampaigns.id, ids.campaignId)).get()
  ) {
    throw new NotFoundError(['input', 'campaignId'], raw.campaignId, 'harvest campaign');
  }
  if (tx.select({ id: salesContracts.id }).from(salesContracts).where(eq(salesContracts.code, ids.code)).get()) {
    throw new ConflictError('DUPLICATE_CODE', `a contract with code ${ids.code} exists`);
  }
}

export interface CreateContractInput {
  idempotencyKey: string;
  code: string;
  buyerId: string;
  campaignId: string;
  currency: string;
  grade: 'export' | 'second' | 'pasilla';
  /** Either kg or bags of 69 kg. */
  quantityKg?: string | null;
  bags?: number | null;
  pricePerLb?: string | null;
  referenceMarket?: 'ny_c' | null;
  differentialPerLb?: string | null;
  fairtrade: boolean;
  organic: boolean;
  signedOn: string;
  /** Where the coffee goes (ISO 3166-1 alpha-2); defaults to the buyer's country. */
  destinationCountry?: string | null;
  /** Marked for the EU market: every delivery must be EUDR-compliant, with its due-diligence file (docs/eudr.md). */
  eudr?: boolean | null;
}

export type ContractRef = { type: 'SalesContract'; id: number };

export function createSalesContract(ctx: ServiceContext, input: CreateContractInput): MutationOutcome<ContractRef> {
  mustBeAdmin(ctx, 'signs sales contracts');
  const { idempotencyKey, ...payload } = input;
  const buyerId = decodeId(input.buyerId, 'Buyer', ['input', 'buyerId']);
  const campaignId = decodeId(input.campaignId, 'HarvestCampaign', ['input', 'campaignId']);
  const issues = new IssueList();
  const code = text(issues, ['input', 'code'], input.code, 3, 40);
  if (!isCurrency(input.currency) || input.currency !== 'USD') {
    issues.add(['input', 'currency'], 'UNSUPPORTED_CURRENCY', 'export contracts are in USD');
  }
  let quantityG = 0;
  if ((input.quantityKg == null) === (input.bags == null)) {
    issues.add(['input', 'quantityKg'], 'QUANTITY', 'give the quantity either in kg or in bags of 69 kg, not both');
  } else if (input.quantityKg != null) {
    const g = parseKgToGrams(input.quantityKg);
    if (!g.ok || g.grams <= 0)
      issues.add(['input', 'quantityKg'], 'INVALID_WEIGHT', g.ok ? 'must be more than 0 kg' : g.reason);
    else quantityG = g.grams;
  } else if (!Number.isSafeInteger(input.bags) || input.bags! <= 0 || input.bags! > 100_000) {
    issues.add(['input', 'bags'], 'NOT_POSITIVE', 'must be 1 to 100,000 bags');
  } else quantityG = input.bags! * EXPORT_BAG_KG * 1000;
  const fixed = input.pricePerLb != null;
  if (fixed === (input.referenceMarket != null)) {
    issues.add(
      ['input', 'pricePerLb'],
      'PRICING',
      'give either a fixed pricePerLb, or a referenceMarket with a differentialPerLb',
    );
  } else if (fixed) {
    const why = pricePerLbError(input.pricePerLb!, false);
    if (why) issues.add(['input', 'pricePerLb'], 'INVALID_PRICE', why);
  } else {
    const why =
      input.differentialPerLb == null
        ? 'is required with a referenceMarket'
        : pricePerLbError(input.differentialPerLb, true);
    if (why) issues.add(['input', 'differentialPerLb'], 'INVALID_PRICE', why);
  }
  if (input.organic && !input.fairtrade) {
    // The organic differential is a Fairtrade term; a plain organic premium belongs in the price.
    issues.add(
      ['input', 'organic'],
      'ORGANIC_NEEDS_TERMS',
      'organic without Fairtrade: put the organic premium in the price or differential',
    );
  }
  if (!isCalendarDate(input.signedOn))
    issues.add(['input', 'signedOn'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  const destination = input.destinationCountry == null ? null : input.destinationCountry.normalize('NFKC').trim();
  if (destination !== null && !/^[A-Z]{2}$/.test(destination)) {
    issues.add(['input', 'destinationCountry'], 'INVALID_COUNTRY', 'must be an ISO 3166-1 alpha-2 code, e.g. DE');
  }
  issues.throwIfAny();
  return runMutation(ctx, 'createSalesContract', idempotencyKey, payload, (tx) => {
    checkNewContract(tx, { buyerId, campaignId, code }, input);
    const destinationCountry =
      destination ?? tx.select({ c: buyers.country }).from(buyers).where(eq(buyers.id, buyerId)).get()!.c;
    if (input.eudr === true && !isEuDestination(destinationCountry)) {
      throw InvalidInputError.single(
        ['input', 'eudr'],
        'NOT_EU_DESTINATION',
        `the contract ships to ${destinationCountry}, not to an EU member state`,
      );
    }
    const row = tx
      .insert(salesContracts)
      .values({
        code,
        buyerId,
        campaignId,
        currency: input.currency,
        grade: input.grade,
        quantityG,
        bagKg: input.bags != null ? EXPORT_BAG_KG : null,
        bags: input.bags ?? null,
        pricing: fixed ? 'fixed' : 'differential',
        pricePerLb: fixed ? input.pricePerLb! : null,
        reference: fixed ? null : input.referenceMarket!,
        differentialPerLb: fixed ? null : input.differentialPerLb!,
        fairtrade: input.fairtrade,
        organic: input.organic,
        destinationCountry,
        eudr: input.eudr === true,
        signedOn: input.signedOn,
        recordedBy: ctx.principal.userId,
      })
      .returning({ id: salesContracts.id })
      .get();
    return { type: 'SalesContract', id: row.id };
  });
}

/** The Fairtrade terms in force on a day, or null if any is missing. */
export function termsOn(tx: Tx, day: string): CertificationTermsInForce | null {
  const rows = tx
    .select()
    .from(certificationTerms)
    .where(
      and(
        lte(certificationTerms.validFrom, day),
        or(isNull(certificationTerms.validTo), gte(certificationTerms.validTo, day)),
      ),
    )
    .all();
  const of = (term: string) =>
    rows.filter((r) => r.term === term).sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0]?.perLb;
  const min = of('fairtrade_minimum');
  const premium = of('fairtrade_premium');
  const organic = of('organic_differential');
  return min && premium && organic
    ? { fairtradeMinimumPerLb: min, fairtradePremiumPerLb: premium, organicDifferentialPerLb: organic }
    : null;
}

/** What each batch holds now, per owner lot (with the lot's cooperative and organic grading). */
function batchHoldings(tx: Tx, ids: number[]) {
  return tx
    .select({
      batchId: batchShares.batchId,
      lotId: batchShares.lotId,
      cooperativeId: batchShares.cooperativeId,
      grams: sql<number>`${batchShares.grams} - coalesce((select sum(${batchTakes.grams}) from ${batchTakes}
        where ${batchTakes.batchId} = ${batchShares.batchId} and ${batchTakes.lotId} = ${batchShares.lotId}), 0)`,
      organic: lotGradings.organic,
    })
    .from(batchShares)
    .innerJoin(lots, eq(lots.id, batchShares.lotId))
    .leftJoin(lotGradings, eq(lotGradings.id, lots.currentGradingId))
    .where(inArray(batchShares.batchId, ids))
    .orderBy(batchShares.batchId, batchShares.lotId)
    .all();
}

/** The next delivery code of a contract: `<contract>-D<n>`. */
function nextDeliveryCode(tx: Tx, contract: { id: number; code: string }): string {
  const n = tx
    .select({ n: sql<number>`count(*) + 1` })
    .from(saleDeliveries)
    .where(eq(saleDeliveries.contractId, contract.id))
    .get()!.n;
  return `${contract.code}-D${n}`;
}

/** The invoice: the buyer owes the coffee and the premium; both wait in clearing accounts for the settlement. */
function postInvoice(
  poster: Poster,
  d: {
    id: number;
    code: string;
    buyerId: number;
    currency: Currency;
    occurredOn: string;
    value: bigint;
    premium: bigint;
    description: string;
  },
): void {
  const { currency } = d;
  postEntry(poster, {
    kind: 'sale_invoice',
    occurredOn: d.occurredOn,
    description: d.description,
    source: { type: 'sale_delivery', id: d.id },
    lines: [
      {
        account: { ownerType: 'buyer', ownerId: d.buyerId, purpose: 'receivable', currency },
        minor: d.value + d.premium,
        memo: `invoice ${d.code}`,
      },
      {
        account: { ownerType: 'consortium', ownerId: null, purpose: 'proceeds_to_settle', currency },
        minor: -d.value,
        memo: `coffee sold, ${d.code}`,
      },
      ...(d.premium > 0n
        ? [
            {
              account: {
                ownerType: 'consortium' as const,
                ownerId: null,
                purpose: 'premium_to_settle' as const,
                currency,
              },
              minor: -d.premium,
              memo: `Fairtrade premium, ${d.code}`,
            },
          ]
        : []),
    ],
  });
}

export interface RecordDeliveryInput {
  idempotencyKey: string;
  contractId: string;
  plantId: string;
  deliveredAt: Date;
  inputs: { batchId: string; kg: string }[];
  /** Differential contracts: the reference price (e.g. NY "C" settlement) the delivery is fixed at, USD/lb. */
  referencePricePerLb?: string | null;
}

/** What every delivery checks first: who may record it, from which plant, and that it has left already. */
function deliveryPreamble(ctx: ServiceContext, input: { contractId: string; plantId: string; deliveredAt: Date }) {
  const p = ctx.principal;
  if (p.role !== 'admin' && p.role !== 'plant_staff')
    throw new ForbiddenError(`a ${p.role.replace('_', ' ')} cannot record sale deliveries`);
  const contractId = decodeId(input.contractId, 'SalesContract', ['input', 'contractId']);
  const plantId = decodeId(input.plantId, 'Plant', ['input', 'plantId']);
  if (p.role === 'plant_staff' && p.plantId !== plantId)
    throw new ForbiddenError('plant staff dispatch from their own plant only');
  const issues = new IssueList();
  if (instant(issues, ['input', 'deliveredAt'], input.deliveredAt))
    notInFuture(
      issues,
      ['input', 'deliveredAt'],
      input.deliveredAt,
      ctx.clock.now(),
      'a delivery is recorded after it left, not before',
    );
  return { contractId, plantId, issues };
}

export type DeliveryRef = { type: 'SaleDelivery'; id: number };

/**
 * A delivery against a contract marked for the EU takes only compliant
 * coffee: every owner lot of what it takes compliant now, from batches made
 * compliant (kept apart through the plant). Each offending batch is one
 * issue naming its non-compliant lots and why (docs/eudr.md).
 */
function checkEudr(
  tx: Tx,
  takes: readonly { batchId: number; shares: readonly LotShare[] }[],
  lines: readonly { batchId: number }[],
  batches: Map<number, { code: string; eudrCompliant: boolean }>,
  issues: IssueList,
): void {
  const lotIds = [...new Set(takes.flatMap((t) => t.shares.map((s) => s.lotId)))];
  const standing = lotEudr(tx, lotIds);
  const codes = new Map(
    lotIds.length === 0
      ? []
      : tx
          .select({ id: lots.id, code: lots.code })
          .from(lots)
          .where(inArray(lots.id, lotIds))
          .all()
          .map((l) => [l.id, l.code]),
  );
  for (const t of takes) {
    const i = lines.findIndex((l) => l.batchId === t.batchId);
    const path = ['input', 'inputs', String(i), 'batchId'];
    const batch = batches.get(t.batchId)!;
    const bad = t.shares.map((s) => standing.get(s.lotId)!).filter((e) => !e.compliant);
    if (bad.length > 0) {
      const shown = bad
        .slice(0, 20)
        .map((e) => `${codes.get(e.lotId)} (${e.reasons.map((r) => r.message).join('; ')})`)
        .join(', ');
      issues.add(
        path,
        'NOT_EUDR_COMPLIANT',
        `batch ${batch.code} holds coffee of ${bad.length} lot(s) that are not EUDR-compliant: ${shown}${bad.length > 20 ? ', …' : ''}`,
      );
    } else if (!batch.eudrCompliant) {
      issues.add(
        path,
        'NOT_EUDR_SEGREGATED',
        `batch ${batch.code} was made in a run that took coffee not compliant at the time: it was not kept apart`,
      );
    }
  }
}

export function recordSaleDelivery(ctx: ServiceContext, input: RecordDeliveryInput): MutationOutcome<DeliveryRef> {
  const p = ctx.principal;
  const { contractId, plantId, issues } = deliveryPreamble(ctx, input);
  const { idempotencyKey, ...payload } = input;
  if (input.inputs.length === 0) issues.add(['input', 'inputs'], 'EMPTY', 'a delivery takes from at least one batch');
  if (input.inputs.length > 200) issues.add(['input', 'inputs'], 'TOO_MANY', 'at most 200 batches per delivery');
  const lines = input.inputs.map((l, i) => {
    const g = parseKgToGrams(l.kg);
    if (!g.ok || g.grams <= 0)
      issues.add(['input', 'inputs', String(i), 'kg'], 'INVALID_WEIGHT', g.ok ? 'must be more than 0 kg' : g.reason);
    return {
      batchId: decodeId(l.batchId, 'StockBatch', ['input', 'inputs', String(i), 'batchId']),
      grams: g.ok ? g.grams : 0,
      raw: l.batchId,
    };
  });
  const seen = new Set<number>();
  lines.forEach((l, i) => {
    if (seen.has(l.batchId))
      issues.add(
        ['input', 'inputs', String(i), 'batchId'],
        'DUPLICATE',
        'the same batch twice: put its kg on one line',
      );
    seen.add(l.batchId);
  });
  if (input.referencePricePerLb != null) {
    const why = pricePerLbError(input.referencePricePerLb, false);
    if (why) issues.add(['input', 'referencePricePerLb'], 'INVALID_PRICE', why);
  }
  issues.throwIfAny();

  return runMutation(ctx, 'recordSaleDelivery', idempotencyKey, payload, (tx) => {
    const contract = tx.select().from(salesContracts).where(eq(salesContracts.id, contractId)).get();
    if (!contract) throw new NotFoundError(['input', 'contractId'], input.contractId, 'sales contract');
    const plant = tx.select().from(plants).where(eq(plants.id, plantId)).get();
    if (!plant) throw new NotFoundError(['input', 'plantId'], input.plantId, 'plant');
    const deliveredAt = input.deliveredAt.toISOString();
    const deliveredOn = localDateOf(deliveredAt, settings(tx).timeZone);
    if (contract.pricing === 'differential' && input.referencePricePerLb == null) {
      issues.add(
        ['input', 'referencePricePerLb'],
        'REQUIRED',
        'a differential contract is fixed at delivery: give the reference price',
      );
    }
    if (contract.pricing === 'fixed' && input.referencePricePerLb != null) {
      issues.add(['input', 'referencePricePerLb'], 'NOT_APPLICABLE', 'a fixed-price contract has no reference price');
    }
    if (contract.market !== 'export') {
      throw InvalidInputError.single(
        ['input', 'contractId'],
        'WRONG_MARKET',
        `${contract.code} is a domestic contract: record its deliveries with recordDomesticDelivery`,
      );
    }
    if (deliveredOn < contract.signedOn)
      issues.add(['input', 'deliveredAt'], 'BEFORE_CONTRACT', `the contract was signed on ${contract.signedOn}`);

    // What each batch holds, per owner lot (with the lot's organic grading and cooperative).
    const ids = lines.map((l) => l.batchId);
    const batches = new Map(
      tx
        .select()
        .from(stockBatches)
        .where(inArray(stockBatches.id, ids))
        .all()
        .map((b) => [b.id, b]),
    );
    const holdings = batchHoldings(tx, ids);
    const takes: { batchId: number; shares: (LotShare & { cooperativeId: number })[] }[] = [];
    lines.forEach((line, i) => {
      const path = ['input', 'inputs', String(i), 'batchId'];
      const b = batches.get(line.batchId);
      if (!b) throw new NotFoundError(path, line.raw, 'stock batch');
      if (b.plantId !== plantId)
        return issues.add(path, 'STOCK_AT_OTHER_PLANT', `batch ${b.code} is held at another plant`);
      if (b.form !== 'green' || b.grade !== contract.grade) {
        return issues.add(
          path,
          'WRONG_FORM',
          `batch ${b.code} is not ${contract.grade} green coffee, which the contract sells`,
        );
      }
      if (b.producedAt > deliveredAt)
        issues.add(path, 'BEFORE_PRODUCED', `batch ${b.code} was produced after the delivery`);
      const owners = holdings.filter((h) => h.batchId === b.id && h.grams > 0);
      const available = owners.reduce((a, h) => a + h.grams, 0);
      if (line.grams > available) {
        return issues.add(
          ['input', 'inputs', String(i), 'kg'],
          'INSUFFICIENT_STOCK',
          `batch ${b.code} has ${available} g left, ${line.grams} g asked`,
        );
      }
      const coopOf = new Map(owners.map((o) => [o.lotId, o.cooperativeId]));
      const shares = takeProportionally(owners, line.grams).map((s) => ({ ...s, cooperativeId: coopOf.get(s.lotId)! }));
      if (contract.organic) {
        const conventional = shares.filter((s) => owners.find((o) => o.lotId === s.lotId)?.organic !== true);
        if (conventional.length > 0) {
          issues.add(
            path,
            'NOT_ORGANIC',
            `batch ${b.code} holds coffee not graded organic (${conventional.length} lots); the contract is organic`,
          );
        }
      }
      takes.push({ batchId: b.id, shares });
    });
    if (contract.eudr) checkEudr(tx, takes, lines, batches, issues);
    const grams = lines.reduce((a, l) => a + l.grams, 0);
    const delivered = tx
      .select({ g: sql<number>`coalesce(sum(${saleDeliveries.quantityG}), 0)` })
      .from(saleDeliveries)
      .where(eq(saleDeliveries.contractId, contract.id))
      .get()!.g;
    if (delivered + grams > contract.quantityG!) {
      issues.add(
        ['input', 'inputs'],
        'ABOVE_CONTRACT',
        `the contract has ${contract.quantityG! - delivered} g left to deliver, ${grams} g asked`,
      );
    }
    const coopIds = [...new Set(takes.flatMap((t) => t.shares.map((s) => s.cooperativeId)))];
    if (contract.fairtrade && coopIds.length > 0) {
      const certified = new Set(
        tx
          .select({ id: cooperativeCertifications.cooperativeId })
          .from(cooperativeCertifications)
          .where(
            and(
              inArray(cooperativeCertifications.cooperativeId, coopIds),
              eq(cooperativeCertifications.scheme, 'fairtrade'),
              lte(cooperativeCertifications.validFrom, deliveredOn),
              gte(cooperativeCertifications.validTo, deliveredOn),
              or(isNull(cooperativeCertifications.revokedOn), gt(cooperativeCertifications.revokedOn, deliveredOn)),
            ),
          )
          .all()
          .map((r) => r.id),
      );
      const not = coopIds.filter((c) => !certified.has(c));
      if (not.length > 0) {
        const codes = tx
          .select({ code: cooperatives.code })
          .from(cooperatives)
          .where(inArray(cooperatives.id, not))
          .all()
          .map((r) => r.code);
        issues.add(
          ['input', 'inputs'],
          'NOT_CERTIFIED',
          `coffee of ${codes.join(', ')}, not Fairtrade certified on ${deliveredOn}, cannot be sold as Fairtrade`,
        );
      }
    }
    const terms = contract.fairtrade ? termsOn(tx, deliveredOn) : null;
    if (contract.fairtrade && !terms)
      issues.add(['input', 'deliveredAt'], 'NO_TERMS', `no Fairtrade terms are recorded for ${deliveredOn}`);
    issues.throwIfAny();

    const currency = contract.currency as Currency;
    const price = deliveryPrice(
      { ...contract, pricing: contract.pricing as 'fixed' | 'differential' },
      input.referencePricePerLb ?? null,
      terms,
    );
    if (!new Dec(price.pricePerLb).gt('0')) {
      throw InvalidInputError.single(
        ['input', 'referencePricePerLb'],
        'NON_POSITIVE_PRICE',
        `the reference ${input.referencePricePerLb} plus the differential ${contract.differentialPerLb} gives ${price.pricePerLb} per lb`,
      );
    }
    const value = valueOf(grams, price.pricePerLb, currency);
    const premium = valueOf(grams, price.premiumPerLb, currency);
    if (value === 0n) {
      throw InvalidInputError.single(
        ['input', 'inputs'],
        'BELOW_ONE_CENT',
        `${grams} g at ${price.pricePerLb} ${currency}/lb is worth less than half a cent: nothing to invoice`,
      );
    }
    const code = nextDeliveryCode(tx, contract);
    const delivery = tx
      .insert(saleDeliveries)
      .values({
        code,
        contractId: contract.id,
        plantId,
        deliveredAt,
        deliveredOn,
        quantityG: grams,
        referencePricePerLb: input.referencePricePerLb ?? null,
        pricePerLb: price.pricePerLb,
        premiumPerLb: price.premiumPerLb,
        currency,
        valueMinor: value.toString(),
        premiumMinor: premium.toString(),
        recordedBy: p.userId,
      })
      .returning({ id: saleDeliveries.id })
      .get();
    const rows = takes.flatMap((t) => t.shares.map((s) => ({ deliveryId: delivery.id, batchId: t.batchId, ...s })));
    for (let i = 0; i < rows.length; i += 500)
      tx.insert(saleTakes)
        .values(rows.slice(i, i + 500))
        .run();

    postInvoice(
      { tx, userId: p.userId, now: ctx.clock.now() },
      {
        id: delivery.id,
        code,
        buyerId: contract.buyerId,
        currency,
        occurredOn: deliveredOn,
        value,
        premium,
        description: `Delivery ${code}: ${gramsToKg(grams)} kg at ${price.pricePerLb} ${currency}/lb = ${formatAmount(value, currency)} ${currency}${
          premium > 0n ? `, Fairtrade premium ${formatAmount(premium, currency)}` : ''
        }`,
      },
    );
    return { type: 'SaleDelivery', id: delivery.id };
  });
}

export interface CreateDomesticContractInput {
  idempotencyKey: string;
  code: string;
  buyerId: string;
  campaignId: string;
  signedOn: string;
  /** The price list: per SKU, its unit size and the price of one unit in PEN. */
  prices: { sku: string; unitSizeG: number; unitPrice: string }[];
}

/**
 * A supply agreement with a buyer on the national market (a supermarket
 * chain, a distributor, a café): packed roasted coffee of the consortium's
 * brands, in PEN per unit, by SKU. Open-ended: no quantity, a price list.
 * A new price is a new contract.
 */
export function createDomesticContract(
  ctx: ServiceContext,
  input: CreateDomesticContractInput,
): MutationOutcome<ContractRef> {
  mustBeAdmin(ctx, 'signs sales contracts');
  const { idempotencyKey, ...payload } = input;
  const buyerId = decodeId(input.buyerId, 'Buyer', ['input', 'buyerId']);
  const campaignId = decodeId(input.campaignId, 'HarvestCampaign', ['input', 'campaignId']);
  const issues = new IssueList();
  const code = text(issues, ['input', 'code'], input.code, 3, 40);
  if (!isCalendarDate(input.signedOn))
    issues.add(['input', 'signedOn'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  if (input.prices.length === 0) issues.add(['input', 'prices'], 'EMPTY', 'a price list has at least one SKU');
  if (input.prices.length > 100) issues.add(['input', 'prices'], 'TOO_MANY', 'at most 100 SKUs');
  const seen = new Set<string>();
  const prices = input.prices.map((p, i) => {
    const path = ['input', 'prices', String(i)];
    const sku = text(issues, [...path, 'sku'], p.sku, 2, 40);
    if (seen.has(sku)) issues.add([...path, 'sku'], 'DUPLICATE', `${sku} is listed twice`);
    seen.add(sku);
    if (!Number.isSafeInteger(p.unitSizeG) || !isRetailUnitSize(p.unitSizeG)) {
      issues.add(
        [...path, 'unitSizeG'],
        'INVALID_UNIT_SIZE',
        `the packing line fills ${RETAIL_UNIT_SIZES_G.join(', ')} g units`,
      );
    }
    const why = amountSyntaxError(p.unitPrice, DOMESTIC_CURRENCY);
    if (why) issues.add([...path, 'unitPrice'], 'INVALID_AMOUNT', why);
    else if (parseAmount(p.unitPrice, DOMESTIC_CURRENCY) <= 0n)
      issues.add([...path, 'unitPrice'], 'NOT_POSITIVE', 'must be more than 0');
    return {
      sku,
      unitSizeG: p.unitSizeG,
      unitPriceMinor: why ? '0' : parseAmount(p.unitPrice, DOMESTIC_CURRENCY).toString(),
    };
  });
  issues.throwIfAny();
  return runMutation(ctx, 'createDomesticContract', idempotencyKey, payload, (tx) => {
    checkNewContract(tx, { buyerId, campaignId, code }, input);
    const row = tx
      .insert(salesContracts)
      .values({
        code,
        buyerId,
        campaignId,
        currency: DOMESTIC_CURRENCY,
        market: 'domestic',
        grade: null,
        quantityG: null,
        pricing: 'per_unit',
        fairtrade: false,
        organic: false,
        signedOn: input.signedOn,
        recordedBy: ctx.principal.userId,
      })
      .returning({ id: salesContracts.id })
      .get();
    tx.insert(contractUnitPrices)
      .values(prices.map((p) => ({ contractId: row.id, ...p })))
      .run();
    return { type: 'SalesContract', id: row.id };
  });
}

export interface RecordDomesticDeliveryInput {
  idempotencyKey: string;
  contractId: string;
  plantId: string;
  deliveredAt: Date;
  lines: { batchId: string; units: number }[];
}

/**
 * A domestic delivery: whole units of packed batches at the contract's unit
 * price for their SKU. Each line's units are taken from the batch's owner
 * lots in proportion to what they hold (grams = units × unit size), and the
 * line's value is split over those lots by grams (largest remainder), so the
 * settlement can pay cooperatives pro rata to the value of their coffee.
 */
export function recordDomesticDelivery(
  ctx: ServiceContext,
  input: RecordDomesticDeliveryInput,
): MutationOutcome<DeliveryRef> {
  const p = ctx.principal;
  const { contractId, plantId, issues } = deliveryPreamble(ctx, input);
  const { idempotencyKey, ...payload } = input;
  if (input.lines.length === 0) issues.add(['input', 'lines'], 'EMPTY', 'a delivery takes from at least one batch');
  if (input.lines.length > 200) issues.add(['input', 'lines'], 'TOO_MANY', 'at most 200 lines per delivery');
  const seen = new Set<number>();
  const lines = input.lines.map((l, i) => {
    if (!Number.isSafeInteger(l.units) || l.units <= 0 || l.units > 1_000_000) {
      issues.add(
        ['input', 'lines', String(i), 'units'],
        'NOT_POSITIVE',
        'must be a whole number of units, 1 to 1,000,000',
      );
    }
    const batchId = decodeId(l.batchId, 'StockBatch', ['input', 'lines', String(i), 'batchId']);
    if (seen.has(batchId))
      issues.add(
        ['input', 'lines', String(i), 'batchId'],
        'DUPLICATE',
        'the same batch twice: put its units on one line',
      );
    seen.add(batchId);
    return { batchId, units: l.units, raw: l.batchId };
  });
  issues.throwIfAny();

  return runMutation(ctx, 'recordDomesticDelivery', idempotencyKey, payload, (tx) => {
    const contract = tx.select().from(salesContracts).where(eq(salesContracts.id, contractId)).get();
    if (!contract) throw new NotFoundError(['input', 'contractId'], input.contractId, 'sales contract');
    if (contract.market !== 'domestic') {
      throw InvalidInputError.single(
        ['input', 'contractId'],
        'WRONG_MARKET',
        `${contract.code} is an export contract: record its deliveries with recordSaleDelivery`,
      );
    }
    if (!tx.select({ id: plants.id }).from(plants).where(eq(plants.id, plantId)).get())
      throw new NotFoundError(['input', 'plantId'], input.plantId, 'plant');
    const deliveredAt = input.deliveredAt.toISOString();
    const deliveredOn = localDateOf(deliveredAt, settings(tx).timeZone);
    if (deliveredOn < contract.signedOn)
      issues.add(['input', 'deliveredAt'], 'BEFORE_CONTRACT', `the contract was signed on ${contract.signedOn}`);
    const priceList = new Map(
      tx
        .select()
        .from(contractUnitPrices)
        .where(eq(contractUnitPrices.contractId, contract.id))
        .all()
        .map((r) => [r.sku, r]),
    );
    const ids = lines.map((l) => l.batchId);
    const batches = new Map(
      tx
        .select()
        .from(stockBatches)
        .where(inArray(stockBatches.id, ids))
        .all()
        .map((b) => [b.id, b]),
    );
    const holdings = batchHoldings(tx, ids);
    const priced: {
      batchId: number;
      sku: string;
      units: number;
      unitPrice: bigint;
      value: bigint;
      shares: (LotShare & { cooperativeId: number; value: bigint })[];
    }[] = [];
    lines.forEach((line, i) => {
      const path = ['input', 'lines', String(i), 'batchId'];
      const b = batches.get(line.batchId);
      if (!b) throw new NotFoundError(path, line.raw, 'stock batch');
      if (b.plantId !== plantId)
        return issues.add(path, 'STOCK_AT_OTHER_PLANT', `batch ${b.code} is held at another plant`);
      if (b.form !== 'packed')
        return issues.add(
          path,
          'WRONG_FORM',
          `batch ${b.code} is ${b.form} coffee; a domestic contract sells packed units`,
        );
      const price = priceList.get(b.sku!);
      if (!price || price.unitSizeG !== b.unitSizeG) {
        return issues.add(
          path,
          'NOT_ON_PRICE_LIST',
          `${b.sku} in ${b.unitSizeG} g units is not on ${contract.code}'s price list`,
        );
      }
      if (b.producedAt > deliveredAt)
        issues.add(path, 'BEFORE_PRODUCED', `batch ${b.code} was packed after the delivery`);
      const owners = holdings.filter((h) => h.batchId === b.id && h.grams > 0);
      const available = owners.reduce((a, h) => a + h.grams, 0);
      const unitsLeft = Math.trunc(available / b.unitSizeG!);
      if (line.units > unitsLeft) {
        return issues.add(
          ['input', 'lines', String(i), 'units'],
          'INSUFFICIENT_STOCK',
          `batch ${b.code} has ${unitsLeft} units left, ${line.units} asked`,
        );
      }
      const grams = line.units * b.unitSizeG!;
      const coopOf = new Map(owners.map((o) => [o.lotId, o.cooperativeId]));
      const unitPrice = minorFromText(price.unitPriceMinor);
      const value = unitPrice * BigInt(line.units);
      const shares = takeProportionally(owners, grams);
      const values = new Map(
        splitAmount(
          value,
          shares.map((s) => ({ key: s.lotId, weight: String(s.grams) })),
        ).map((v) => [v.key, v.minor]),
      );
      priced.push({
        batchId: b.id,
        sku: b.sku!,
        units: line.units,
        unitPrice,
        value,
        shares: shares.map((s) => ({ ...s, cooperativeId: coopOf.get(s.lotId)!, value: values.get(s.lotId)! })),
      });
    });
    issues.throwIfAny();

    const currency = contract.currency as Currency;
    const grams = priced.reduce((a, l) => a + l.shares.reduce((b, s) => b + s.grams, 0), 0);
    const value = priced.reduce((a, l) => a + l.value, 0n);
    const code = nextDeliveryCode(tx, contract);
    const delivery = tx
      .insert(saleDeliveries)
      .values({
        code,
        contractId: contract.id,
        plantId,
        deliveredAt,
        deliveredOn,
        quantityG: grams,
        referencePricePerLb: null,
        pricePerLb: null,
        premiumPerLb: null,
        currency,
        valueMinor: value.toString(),
        premiumMinor: '0',
        recordedBy: p.userId,
      })
      .returning({ id: saleDeliveries.id })
      .get();
    tx.insert(saleDeliveryLines)
      .values(
        priced.map((l) => ({
          deliveryId: delivery.id,
          batchId: l.batchId,
          sku: l.sku,
          units: l.units,
          unitPriceMinor: l.unitPrice.toString(),
          valueMinor: l.value.toString(),
        })),
      )
      .run();
    const rows = priced.flatMap((l) =>
      l.shares.map((s) => ({
        deliveryId: delivery.id,
        batchId: l.batchId,
        lotId: s.lotId,
        cooperativeId: s.cooperativeId,
        grams: s.grams,
        valueMinor: s.value.toString(),
      })),
    );
    for (let i = 0; i < rows.length; i += 500)
      tx.insert(saleTakes)
        .values(rows.slice(i, i + 500))
        .run();
    const units = priced.reduce((a, l) => a + l.units, 0);
    postInvoice(
      { tx, userId: p.userId, now: ctx.clock.now() },
      {
        id: delivery.id,
        code,
        buyerId: contract.buyerId,
        currency,
        occurredOn: deliveredOn,
        value,
        premium: 0n,
        description: `Delivery ${code}: ${units} units (${priced.map((l) => `${l.units} × ${l.sku} at ${formatAmount(l.unitPrice, currency)}`).join(', ')}) = ${formatAmount(value, currency)} ${currency}`,
      },
    );
    return { type: 'SaleDelivery', id: delivery.id };
  });
}
