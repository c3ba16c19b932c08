/** The consortium, its shareholders, lenders, plants and harvest campaigns. */
import type { Principal } from '../server/auth/policy.js';
import { totalStake } from '../server/domain/stakes.js';
import { moistureLimit } from '../server/services/lots.js';
import { builder } from './builder.js';
import { LenderKindEnum, PlantKindEnum, WeightRef } from './common.js';
import { principalOf, settingsOf } from './helpers.js';

export function canSeeLender(p: Principal, lender: { id: number }): boolean {
  return p.role !== 'lender' || p.lenderId === lender.id;
}

export const Shareholding = builder.drizzleObject('shareholdings', {
  name: 'Shareholding',
  description: 'A stake in the consortium, held by a cooperative or an investor.',
  fields: (t) => ({
    holderName: t.string({
      select: { with: { cooperative: { columns: { name: true } }, lender: { columns: { name: true } } } },
      resolve: (s) => s.cooperative?.name ?? s.lender?.name ?? '',
    }),
    holderKind: t.string({
      description: 'COOPERATIVE or INVESTOR.',
      resolve: (s) => (s.cooperativeId != null ? 'COOPERATIVE' : 'INVESTOR'),
    }),
    holderCode: t.string({
      select: { with: { cooperative: { columns: { code: true } }, lender: { columns: { code: true } } } },
      resolve: (s) => s.cooperative?.code ?? s.lender?.code ?? '',
    }),
    stakePercent: t.field({ type: 'Decimal', resolve: (s) => s.stakePct }),
    since: t.field({ type: 'Date', resolve: (s) => s.since }),
  }),
});

export const Consortium = builder.drizzleObject('consortium', {
  name: 'Consortium',
  description: 'The consortium company: owned by shareholder cooperatives and investors.',
  fields: (t) => ({
    name: t.exposeString('name'),
    country: t.exposeString('country'),
    baseCurrency: t.exposeString('baseCurrency'),
    timeZone: t.exposeString('timeZone', {
      description: 'Business dates (e.g. a lot\u2019s day of receipt) are read in this zone.',
    }),
    defaultMoistureLimitPercent: t.field({ type: 'Decimal', resolve: (c) => c.defaultMoistureLimitPct }),
    yieldTolerancePercent: t.field({
      type: 'Decimal',
      description:
        'A hulling run whose export yield is off its lots\u2019 prediction by more than this many points is flagged. Set with `npm run setup -- --yield-tolerance`; each run keeps the tolerance it was judged by.',
      resolve: (c) => c.yieldTolerancePct,
    }),
    shareholdings: t.relation('shareholdings', { query: { orderBy: { id: 'asc' } } }),
    totalStakePercent: t.field({
      type: 'Decimal',
      select: { with: { shareholdings: { columns: { stakePct: true } } } },
      resolve: (c) => totalStake(c.shareholdings.map((s) => s.stakePct)),
    }),
  }),
});

export const Lender = builder.drizzleNode('lenders', {
  name: 'Lender',
  description: 'A bank, a savings-and-credit cooperative (COPAC) or a social investor.',
  id: { column: (l) => l.id },
  authScopes: (l, ctx) => ctx.principal !== null && canSeeLender(ctx.principal, l),
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    kind: t.field({ type: LenderKindEnum, resolve: (l) => l.kind }),
    country: t.exposeString('country'),
  }),
});

export const Plant = builder.drizzleNode('plants', {
  name: 'Plant',
  description: 'The processing plant, or a collection centre where lots are received.',
  id: { column: (p) => p.id },
  authScopes: { authenticated: true },
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    kind: t.field({ type: PlantKindEnum, resolve: (p) => p.kind }),
    region: t.exposeString('region'),
    hullingCapacityPerDay: t.field({
      type: WeightRef,
      nullable: true,
      description: 'Parchment the site can hull in a day; null where it does not hull.',
      resolve: (p) => p.hullingCapacityGPerDay,
    }),
    roastingCapacityPerDay: t.field({
      type: WeightRef,
      nullable: true,
      description: 'Green coffee the site can roast in a day.',
      resolve: (p) => p.roastingCapacityGPerDay,
    }),
    packingCapacityUnitsPerDay: t.exposeInt('packingCapacityUnitsPerDay', {
      nullable: true,
      description: 'Retail units the site can pack in a day.',
    }),
    warehouses: t.relation('warehouses', { query: { orderBy: { code: 'asc' } } }),
  }),
});

export const Warehouse = builder.drizzleNode('warehouses', {
  name: 'Warehouse',
  description: 'A stock location at a plant or collection centre.',
  id: { column: (w) => w.id },
  authScopes: { authenticated: true },
  fields: (t) => ({
    plant: t.relation('plant'),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
  }),
});

export const HarvestCampaign = builder.drizzleNode('harvestCampaigns', {
  name: 'HarvestCampaign',
  description: 'A harvest campaign: lots received between its first and last day belong to it.',
  id: { column: (c) => c.id },
  authScopes: { authenticated: true },
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    startsOn: t.field({ type: 'Date', resolve: (c) => c.startsOn }),
    endsOn: t.field({ type: 'Date', resolve: (c) => c.endsOn }),
    moistureLimitPercent: t.field({
      type: 'Decimal',
      description: 'Lots wetter than this may be rejected. The campaign\u2019s own limit, else the consortium default.',
      resolve: (c, _a, ctx) => moistureLimit(c.moistureLimitPct, settingsOf(ctx).defaultMoistureLimitPct),
    }),
  }),
});

builder.queryFields((t) => ({
  consortium: t.withAuth({ authenticated: true }).drizzleField({
    type: Consortium,
    resolve: (query, _r, _a, ctx) =>
      ctx.db.query.consortium.findFirst(query({})).then((c) => {
        if (!c) throw new Error('the consortium is not set up');
        return c;
      }),
  }),
  harvestCampaigns: t.withAuth({ authenticated: true }).drizzleField({
    type: [HarvestCampaign],
    description: 'All harvest campaigns, newest first.',
    resolve: (query, _r, _a, ctx) => ctx.db.query.harvestCampaigns.findMany(query({ orderBy: { startsOn: 'desc' } })),
  }),
  plants: t.withAuth({ authenticated: true }).drizzleField({
    type: [Plant],
    resolve: (query, _r, _a, ctx) => ctx.db.query.plants.findMany(query({ orderBy: { code: 'asc' } })),
  }),
  lenders: t.withAuth({ authenticated: true }).drizzleField({
    type: [Lender],
    description: 'Lenders; a lender user sees only its own organisation.',
    resolve: (query, _r, _a, ctx) => {
      const p = principalOf(ctx);
      return ctx.db.query.lenders.findMany(
        query({ where: p.role === 'lender' ? { id: p.lenderId! } : {}, orderBy: { code: 'asc' } }),
      );
    },
  }),
}));
