/** A cooperative's deliveries in a campaign, as its manager reads them. */
import { cooperativeScope } from '../server/auth/policy.js';
import { decodeId } from '../server/lib/global-id.js';
import type { DeliverySummary } from '../server/domain/summary.js';
import { type SummaryKey, deliverySummaries } from '../server/queries/deliveries.js';
import { cooperativeConditions } from '../server/queries/filters.js';
import { cooperatives as cooperativesTable } from '../db/schema.js';
import { builder } from './builder.js';
import { WeightRef } from './common.js';
import { Cooperative, sqlTrue } from './cooperative.js';
import { HarvestCampaign } from './organizations.js';

type CoopRow = typeof cooperativesTable.$inferSelect;
interface SummaryRow extends DeliverySummary {
  cooperative: CoopRow;
  campaignId: number;
}

const SummaryRef = builder.objectRef<SummaryRow>('CooperativeCampaignSummary').implement({
  description:
    'What a cooperative delivered in a campaign. Rejected lots are counted apart and weigh nothing. Averages and shares are over cupped lots, rounded half-even to 2 decimals.',
  fields: (t) => ({
    cooperative: t.field({ type: Cooperative, resolve: (s) => s.cooperative }),
    lotCount: t.exposeInt('lotCount', { description: 'Lots received, not rejected.' }),
    rejectedLotCount: t.exposeInt('rejectedLotCount'),
    delivered: t.field({
      type: WeightRef,
      description: 'Net weight of the lots not rejected.',
      resolve: (s) => s.deliveredGrams,
    }),
    cuppedLotCount: t.exposeInt('cuppedLotCount'),
    averageCupScore: t.field({ type: 'Decimal', nullable: true, resolve: (s) => s.averageCupScore }),
    specialtyLotSharePercent: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Cupped lots scoring 80 or more, as a % of cupped lots.',
      resolve: (s) => s.specialtyLotSharePercent,
    }),
    specialtyWeightSharePercent: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Net weight of specialty lots as a % of the net weight of cupped lots.',
      resolve: (s) => s.specialtyWeightSharePercent,
    }),
  }),
});

builder.drizzleObjectField(Cooperative, 'campaignSummary', (t) =>
  t.loadable({
    type: SummaryRef,
    args: { campaignId: t.arg.id({ required: true }) },
    description:
      'Deliveries in one campaign. Batched: a list of cooperatives costs one statement. Not for lenders (their view comes with their loans).',
    authScopes: (_c, _a, ctx) => ctx.principal !== null && ctx.principal.role !== 'lender',
    load: (rawKeys, ctx) => {
      const keys = rawKeys as (SummaryKey & { cooperative: CoopRow })[];
      return Promise.resolve(
        deliverySummaries(ctx.db, keys).map((s, i) => ({
          ...s,
          cooperative: keys[i]!.cooperative,
          campaignId: keys[i]!.campaignId,
        })),
      );
    },
    resolve: (coop, args) => ({
      cooperativeId: coop.id,
      campaignId: decodeId(args.campaignId, 'HarvestCampaign', ['campaignId']),
      cooperative: coop,
    }),
  }),
);

builder.drizzleObjectField(HarvestCampaign, 'cooperativeSummaries', (t) =>
  t.field({
    type: [SummaryRef],
    description: 'Each visible cooperative\u2019s deliveries in this campaign, by cooperative code.',
    authScopes: (_c, _a, ctx) => ctx.principal !== null && ctx.principal.role !== 'lender',
    resolve: (campaign, _a, ctx) => {
      const coops = ctx.db
        .select()
        .from(cooperativesTable)
        .where(
          cooperativeConditions(cooperativesTable, cooperativeScope(ctx.principal!), { certifiedOn: '' }) ?? sqlTrue,
        )
        .orderBy(cooperativesTable.code)
        .all();
      const keys = coops.map((c) => ({ cooperativeId: c.id, campaignId: campaign.id }));
      return deliverySummaries(ctx.db, keys).map((s, i) => ({ ...s, cooperative: coops[i]!, campaignId: campaign.id }));
    },
  }),
);
