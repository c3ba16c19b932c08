/** Cooperatives, farmers, plots and certifications. */
import { sql } from 'drizzle-orm';
import { cooperatives as cooperativesTable, farmers as farmersTable } from '../db/schema.js';
import { canSeeCooperative, canSeeFarmer, cooperativeScope, farmerScope, lotScope } from '../server/auth/policy.js';
import { cooperativeConditions, farmerConditions, lotConditions } from '../server/queries/filters.js';
import { type Context, builder } from './builder.js';
import { CertificationSchemeEnum, DocumentTypeEnum, GenderEnum, MembershipEnum } from './common.js';
import { optionalId, principalOf, todayOf } from './helpers.js';
import { squareMetresToHectares } from '../server/domain/units.js';
import { encodeId } from '../server/lib/global-id.js';

/** Where an optional filter adds no condition. */
export const sqlTrue = sql`1`;

export const CooperativeCertification = builder.drizzleObject('cooperativeCertifications', {
  name: 'CooperativeCertification',
  fields: (t) => ({
    id: t.id({
      description: 'Its ID, for renewCooperativeCertification and revokeCooperativeCertification.',
      resolve: (c) => encodeId('CooperativeCertification', c.id),
    }),
    scheme: t.field({ type: CertificationSchemeEnum, resolve: (c) => c.scheme }),
    certificateNumber: t.exposeString('certificateNumber', { nullable: true }),
    validFrom: t.field({ type: 'Date', resolve: (c) => c.validFrom }),
    validTo: t.field({ type: 'Date', resolve: (c) => c.validTo }),
    revokedOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'Revoked from this day on: it does not count on or after it.',
      resolve: (c) => c.revokedOn,
    }),
    revokeReason: t.exposeString('revokeReason', { nullable: true }),
    validToday: t.boolean({
      resolve: (c, _a, ctx) => {
        const today = todayOf(ctx);
        return c.validFrom <= today && today <= c.validTo && (c.revokedOn == null || today < c.revokedOn);
      },
    }),
  }),
});

export const FarmerCertification = builder.drizzleObject('farmerCertifications', {
  name: 'FarmerCertification',
  fields: (t) => ({
    id: t.id({
      description: 'Its ID, for revokeFarmerCertification.',
      resolve: (c) => encodeId('FarmerCertification', c.id),
    }),
    scheme: t.field({ type: CertificationSchemeEnum, resolve: (c) => c.scheme }),
    certificateNumber: t.exposeString('certificateNumber', { nullable: true }),
    validFrom: t.field({ type: 'Date', resolve: (c) => c.validFrom }),
    validTo: t.field({ type: 'Date', resolve: (c) => c.validTo }),
    revokedOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'Revoked from this day on: it does not count on or after it.',
      resolve: (c) => c.revokedOn,
    }),
  }),
});

export const Plot = builder.drizzleObject('plots', {
  name: 'Plot',
  fields: (t) => ({
    id: t.id({ description: 'Its ID, for updatePlot.', resolve: (p) => encodeId('Plot', p.id) }),
    name: t.exposeString('name'),
    areaHectares: t.field({
      type: 'Decimal',
      description: 'Area in hectares (stored in square metres).',
      resolve: (p) => squareMetresToHectares(p.areaM2),
    }),
    altitudeMeters: t.exposeInt('altitudeM'),
  }),
});

export const FarmerFilterInput = builder.inputType('FarmerFilter', {
  fields: (t) => ({
    cooperativeId: t.id(),
    gender: t.field({ type: GenderEnum }),
    certification: t.field({
      type: CertificationSchemeEnum,
      description: 'Farmers holding this certification on `certifiedOn`.',
    }),
    certifiedOn: t.field({ type: 'Date', description: 'Defaults to today.' }),
    search: t.string({ description: 'Part of the name, or the exact national ID.' }),
  }),
});

export const Cooperative = builder.drizzleNode('cooperatives', {
  name: 'Cooperative',
  description: 'A producer cooperative delivering its farmers\u2019 coffee to the consortium.',
  id: { column: (c) => c.id },
  authScopes: (c, ctx) => ctx.principal !== null && canSeeCooperative(ctx.principal, c),
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    region: t.exposeString('region'),
    membership: t.field({ type: MembershipEnum, resolve: (c) => c.membership }),
    active: t.exposeBoolean('active', { description: 'An inactive cooperative takes no new farmers.' }),
    certifications: t.relation('certifications', { query: { orderBy: { validFrom: 'asc', id: 'asc' } } }),
    farmers: t.relatedConnection('farmers', {
      description: 'The cooperative\u2019s farmers, by name.',
      totalCount: true,
      query: (_args, ctx) => ({
        where: { RAW: (f) => farmerConditions(f, farmerScope(principalOf(ctx)), { certifiedOn: '' }) ?? sqlTrue },
        orderBy: { fullName: 'asc', id: 'asc' },
      }),
    }),
    lots: t.relatedConnection('lots', {
      description: 'Lots the cooperative delivered, newest first.',
      totalCount: true,
      query: (_args, ctx) => ({
        where: { RAW: (l) => lotConditions(l, lotScope(principalOf(ctx)), {}) ?? sqlTrue },
        orderBy: { receivedAt: 'desc', id: 'desc' },
      }),
    }),
  }),
});

export const Farmer = builder.drizzleNode('farmers', {
  name: 'Farmer',
  description: 'A smallholder, member of one cooperative.',
  id: { column: (f) => f.id },
  authScopes: (f, ctx) => ctx.principal !== null && canSeeFarmer(ctx.principal, f),
  fields: (t) => ({
    nationalId: t.exposeString('nationalId', { description: 'National identity document number (DNI in Peru).' }),
    documentType: t.field({ type: DocumentTypeEnum, resolve: (f) => f.documentType }),
    active: t.exposeBoolean('active', { description: 'False once deactivated: delivers no new lots; never deleted.' }),
    fullName: t.exposeString('fullName'),
    gender: t.field({ type: GenderEnum, nullable: true, resolve: (f) => f.gender }),
    cooperative: t.relation('cooperative'),
    plots: t.relation('plots', { query: { orderBy: { id: 'asc' } } }),
    certifications: t.relation('certifications', { query: { orderBy: { validFrom: 'asc', id: 'asc' } } }),
    lots: t.relatedConnection('lots', {
      description: 'Lots the farmer delivered, newest first.',
      totalCount: true,
      query: (_args, ctx) => ({
        where: { RAW: (l) => lotConditions(l, lotScope(principalOf(ctx)), {}) ?? sqlTrue },
        orderBy: { receivedAt: 'desc', id: 'desc' },
      }),
    }),
  }),
});

export const CooperativeFilterInput = builder.inputType('CooperativeFilter', {
  fields: (t) => ({
    membership: t.field({ type: MembershipEnum }),
    region: t.string(),
    certification: t.field({ type: CertificationSchemeEnum, description: 'Cooperatives holding it on `certifiedOn`.' }),
    certifiedOn: t.field({ type: 'Date', description: 'Defaults to today.' }),
    search: t.string({ description: 'Part of the name, or the exact code.' }),
  }),
});

builder.queryFields((t) => ({
  cooperatives: t.withAuth({ authenticated: true }).drizzleConnection(
    {
      type: 'cooperatives',
      description: 'Cooperatives by code. A cooperative manager sees only their own.',
      args: { filter: t.arg({ type: CooperativeFilterInput }) },
      totalCount: (_p, args, ctx) =>
        ctx.db.$count(
          cooperativesTable,
          cooperativeConditions(
            cooperativesTable,
            cooperativeScope(ctx.principal),
            cooperativeFilter(args.filter, ctx),
          ),
        ),
      resolve: (query, _p, args, ctx) => {
        const f = cooperativeFilter(args.filter, ctx);
        return ctx.db.query.cooperatives.findMany(
          query({
            where: { RAW: (c) => cooperativeConditions(c, cooperativeScope(ctx.principal), f) ?? sqlTrue },
            orderBy: { code: 'asc' },
          }),
        );
      },
    },
    { name: 'CooperativeConnection' },
    { name: 'CooperativeEdge' },
  ),
  farmers: t.withAuth({ authenticated: true }).drizzleConnection(
    {
      type: 'farmers',
      description: 'Farmers by name. A cooperative manager sees only their cooperative\u2019s; a lender none.',
      args: { filter: t.arg({ type: FarmerFilterInput }) },
      totalCount: (_p, args, ctx) =>
        ctx.db.$count(
          farmersTable,
          farmerConditions(farmersTable, farmerScope(ctx.principal), farmerFilter(args.filter, ctx)),
        ),
      resolve: (query, _p, args, ctx) => {
        const f = farmerFilter(args.filter, ctx);
        return ctx.db.query.farmers.findMany(
          query({
            where: { RAW: (t) => farmerConditions(t, farmerScope(ctx.principal), f) ?? sqlTrue },
            orderBy: { fullName: 'asc', id: 'asc' },
          }),
        );
      },
    },
    { name: 'FarmerConnection' },
    { name: 'FarmerEdge' },
  ),
}));

/** The day a certification filter asks about: the one given, else today (read only when needed). */
function certifiedOn(
  filter: { certification?: unknown; certifiedOn?: string | null } | null | undefined,
  ctx: Context,
): string {
  return filter?.certifiedOn ?? (filter?.certification ? todayOf(ctx) : '');
}

function cooperativeFilter(filter: typeof CooperativeFilterInput.$inferInput | null | undefined, ctx: Context) {
  return { ...filter, certifiedOn: certifiedOn(filter, ctx) };
}

function farmerFilter(filter: typeof FarmerFilterInput.$inferInput | null | undefined, ctx: Context) {
  return {
    ...filter,
    cooperativeId: optionalId(filter?.cooperativeId, 'Cooperative', ['filter', 'cooperativeId']),
    certifiedOn: certifiedOn(filter, ctx),
  };
}
