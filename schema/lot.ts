/** Lots: intake, grading, rejection; and the lot list with its filters. */
import { lots as lotsTable } from '../db/schema.js';
import { canSeeLot, lotScope } from '../server/auth/policy.js';
import { isAboveMoistureLimit, isSpecialty } from '../server/domain/lot.js';
import { moistureLimit } from '../server/services/lots.js';
import { type LotFilter, lotConditions } from '../server/queries/filters.js';
import { type Context, builder } from './builder.js';
import { CertificationSchemeEnum, CupProtocolEnum, LotStatusEnum, ProductFormEnum, WeightRef } from './common.js';
import { sqlTrue } from './cooperative.js';
import { optionalId, settingsOf } from './helpers.js';

export const LotGrading = builder.drizzleObject('lotGradings', {
  name: 'LotGrading',
  description: 'One grading of a lot. Gradings are never edited: a re-grade adds a new one.',
  fields: (t) => ({
    gradedAt: t.field({ type: 'DateTime', resolve: (g) => g.gradedAt }),
    exportableYieldPercent: t.field({
      type: 'Decimal',
      description: 'Exportable green coffee as a % of the parchment sample (\u201crendimiento exportable\u201d).',
      resolve: (g) => g.exportableYieldPct,
    }),
    category1Defects: t.exposeInt('category1Defects', { description: 'Full category-1 defects in the sample.' }),
    category2Defects: t.exposeInt('category2Defects', { description: 'Full category-2 defects in the sample.' }),
    cupScore: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Cup score, 0\u2013100.',
      resolve: (g) => g.cupScore,
    }),
    cupProtocol: t.field({ type: CupProtocolEnum, nullable: true, resolve: (g) => g.cupProtocol }),
    specialty: t.boolean({ description: 'Cup score of 80 or more (SCA).', resolve: (g) => isSpecialty(g.cupScore) }),
    organic: t.exposeBoolean('organic'),
    grade: t.exposeString('grade', { nullable: true }),
  }),
});

export const LotRejection = builder.drizzleObject('lotRejections', {
  name: 'LotRejection',
  fields: (t) => ({
    rejectedAt: t.field({ type: 'DateTime', resolve: (r) => r.rejectedAt }),
    reason: t.exposeString('reason'),
  }),
});

export const Lot = builder.drizzleNode('lots', {
  name: 'Lot',
  description: 'A delivery of coffee by one farmer, weighed and graded at the plant.',
  id: { column: (l) => l.id },
  authScopes: (l, ctx) => ctx.principal !== null && canSeeLot(ctx.principal, l),
  fields: (t) => ({
    code: t.exposeString('code'),
    campaign: t.relation('campaign'),
    plant: t.relation('plant'),
    farmer: t.relation('farmer'),
    cooperative: t.relation('cooperative', {
      description: 'The cooperative the farmer delivered through; the coffee is its until sold.',
    }),
    receivedAt: t.field({ type: 'DateTime', resolve: (l) => l.receivedAt }),
    receivedOn: t.field({
      type: 'Date',
      description: 'The day of receipt in the consortium\u2019s time zone.',
      resolve: (l) => l.receivedOn,
    }),
    productForm: t.field({ type: ProductFormEnum, resolve: (l) => l.productForm }),
    bags: t.exposeInt('bags'),
    grossWeight: t.field({ type: WeightRef, resolve: (l) => l.grossG }),
    tareWeight: t.field({ type: WeightRef, resolve: (l) => l.tareG }),
    netWeight: t.field({ type: WeightRef, resolve: (l) => l.netG }),
    moisturePercent: t.field({ type: 'Decimal', resolve: (l) => l.moisturePct }),
    aboveMoistureLimit: t.boolean({
      description: 'Wetter than the campaign\u2019s moisture limit: the lot may be rejected.',
      select: { with: { campaign: { columns: { moistureLimitPct: true } } } },
      resolve: (l, _a, ctx) =>
        isAboveMoistureLimit(
          l.moisturePct,
          moistureLimit(l.campaign.moistureLimitPct, settingsOf(ctx).defaultMoistureLimitPct),
        ),
    }),
    status: t.field({ type: LotStatusEnum, resolve: (l) => l.status }),
    notes: t.exposeString('notes', { nullable: true }),
    grading: t.relation('grading', { nullable: true, description: 'The grading in force (the latest).' }),
    gradings: t.relation('gradings', {
      description: 'Every grading, oldest first.',
      query: { orderBy: { id: 'asc' } },
    }),
    rejection: t.relation('rejection', { nullable: true }),
  }),
});

export const LotFilterInput = builder.inputType('LotFilter', {
  fields: (t) => ({
    campaignId: t.id(),
    cooperativeId: t.id(),
    farmerId: t.id(),
    plantId: t.id(),
    status: t.field({ type: [LotStatusEnum] }),
    productForm: t.field({ type: ProductFormEnum }),
    receivedFrom: t.field({ type: 'Date', description: 'First day of receipt, inclusive (consortium time zone).' }),
    receivedTo: t.field({ type: 'Date', description: 'Last day of receipt, inclusive.' }),
    certification: t.field({
      type: CertificationSchemeEnum,
      description: 'Lots whose farmer held this certification on the day of delivery.',
    }),
    organic: t.boolean({ description: 'Lots graded organic (true) or conventional (false).' }),
  }),
});

function lotFilter(f: typeof LotFilterInput.$inferInput | null | undefined): LotFilter {
  if (!f) return {};
  const p = (name: string) => ['filter', name];
  return {
    ...f,
    campaignId: optionalId(f.campaignId, 'HarvestCampaign', p('campaignId')),
    cooperativeId: optionalId(f.cooperativeId, 'Cooperative', p('cooperativeId')),
    farmerId: optionalId(f.farmerId, 'Farmer', p('farmerId')),
    plantId: optionalId(f.plantId, 'Plant', p('plantId')),
  };
}

function lotWhere(ctx: Context & { principal: NonNullable<Context['principal']> }, f: LotFilter) {
  return lotConditions(lotsTable, lotScope(ctx.principal), f);
}

builder.queryFields((t) => ({
  lots: t.withAuth({ authenticated: true }).drizzleConnection(
    {
      type: 'lots',
      description: 'Lots, newest first. Managers see their cooperative\u2019s, plant staff their plant\u2019s.',
      args: { filter: t.arg({ type: LotFilterInput }) },
      totalCount: (_p, args, ctx) => ctx.db.$count(lotsTable, lotWhere(ctx, lotFilter(args.filter))),
      resolve: (query, _p, args, ctx) => {
        const f = lotFilter(args.filter);
        return ctx.db.query.lots.findMany(
          query({
            where: { RAW: (l) => lotConditions(l, lotScope(ctx.principal), f) ?? sqlTrue },
            orderBy: { receivedAt: 'desc', id: 'desc' },
          }),
        );
      },
    },
    { name: 'LotConnection' },
    { name: 'LotEdge' },
  ),
}));
