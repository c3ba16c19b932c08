/**
 * Master data mutations (issue 12): cooperatives, certifications, farmers,
 * plots, plants, warehouses, harvest campaigns, users and tokens. Every one
 * takes a client idempotency key and answers its record, or a typed error.
 * Rules and access: docs/onboarding.md and docs/authorization.md.
 */
import type { apiTokens, users } from '../db/schema.js';
import { encodeId } from '../server/lib/global-id.js';
import {
  type CreateUserInput,
  deactivateUser,
  type IssuedToken,
  createUserFromApi,
  issueTokenFromApi,
  revokeToken,
} from '../server/services/accounts.js';
import {
  addCooperativeCertification,
  addFarmerCertification,
  createCooperative,
  createFarmer,
  createHarvestCampaign,
  createPlant,
  createPlot,
  createWarehouse,
  deactivateFarmer,
  renewCooperativeCertification,
  revokeCooperativeCertification,
  revokeFarmerCertification,
  transferFarmer,
  updateCooperative,
  updateFarmer,
  updateHarvestCampaign,
  updatePlant,
  updatePlot,
} from '../server/services/master-data.js';
import type { MutationOutcome, RecordRef } from '../server/services/mutation.js';
import { type Context, builder } from './builder.js';
import {
  CertificationSchemeEnum,
  DocumentTypeEnum,
  GenderEnum,
  MembershipEnum,
  PlantKindEnum,
  RoleEnum,
} from './common.js';
import { Cooperative, CooperativeCertification, Farmer, FarmerCertification, Plot } from './cooperative.js';
import { MUTATION_ERRORS } from './errors.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './lot-mutations.js';
import { HarvestCampaign, Plant, Warehouse } from './organizations.js';

type UserRow = typeof users.$inferSelect;
type TokenRow = typeof apiTokens.$inferSelect;

export const UserRef = builder.objectRef<UserRow>('User').implement({
  description: 'A person who signs in with API tokens; bound to the organisation their role acts for.',
  fields: (t) => ({
    id: t.id({ resolve: (u) => encodeId('User', u.id) }),
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    role: t.field({ type: RoleEnum, resolve: (u) => u.role }),
    active: t.exposeBoolean('active'),
    cooperative: t.field({
      type: Cooperative,
      nullable: true,
      resolve: (u, _a, ctx) =>
        u.cooperativeId == null ? null : ctx.db.query.cooperatives.findFirst({ where: { id: u.cooperativeId } }),
    }),
    plant: t.field({
      type: Plant,
      nullable: true,
      resolve: (u, _a, ctx) => (u.plantId == null ? null : ctx.db.query.plants.findFirst({ where: { id: u.plantId } })),
    }),
  }),
});

const ApiTokenRef = builder.objectRef<TokenRow>('ApiToken').implement({
  description: 'An API token. The token itself is shown once, when issued; only its SHA-256 digest is kept.',
  fields: (t) => ({
    id: t.id({ description: 'Its ID, for revokeToken.', resolve: (k) => encodeId('ApiToken', k.id) }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the token, to tell tokens apart.' }),
    label: t.exposeString('label', { nullable: true }),
    createdAt: t.exposeString('createdAt'),
    revokedAt: t.exposeString('revokedAt', { nullable: true }),
  }),
});

/** A payload with the written record under `field`, and `replayed`. */
function payload(
  name: string,
  field: string,
  type: unknown,
  load: (ctx: Context, id: number) => Promise<unknown> | unknown,
) {
  return builder.objectRef<MutationOutcome<RecordRef>>(name).implement({
    fields: (t) => ({
      [field]: t.field({
        type: type as never,
        resolve: async (o, _a, ctx) => {
          const row = await load(ctx, o.result.id);
          if (!row) throw new Error(`${field} ${o.result.id} vanished`);
          return row as never;
        },
      }),
      replayed: t.boolean({
        description: 'True when this answers a retry: the first request\u2019s record, nothing new written.',
        resolve: (o) => o.replayed,
      }),
    }),
  });
}

const coop = (ctx: Context, id: number) => ctx.db.query.cooperatives.findFirst({ where: { id } });
const farmer = (ctx: Context, id: number) => ctx.db.query.farmers.findFirst({ where: { id } });
const CooperativePayload = payload('CooperativePayload', 'cooperative', Cooperative, coop);
const CooperativeCertificationPayload = payload(
  'CooperativeCertificationPayload',
  'certification',
  CooperativeCertification,
  (ctx, id) => ctx.db.query.cooperativeCertifications.findFirst({ where: { id } }),
);
const FarmerPayload = payload('FarmerPayload', 'farmer', Farmer, farmer);
const PlotPayload = payload('PlotPayload', 'plot', Plot, (ctx, id) => ctx.db.query.plots.findFirst({ where: { id } }));
const FarmerCertificationPayload = payload(
  'FarmerCertificationPayload',
  'certification',
  FarmerCertification,
  (ctx, id) => ctx.db.query.farmerCertifications.findFirst({ where: { id } }),
);
const PlantPayload = payload('PlantPayload', 'plant', Plant, (ctx, id) =>
  ctx.db.query.plants.findFirst({ where: { id } }),
);
const WarehousePayload = payload('WarehousePayload', 'warehouse', Warehouse, (ctx, id) =>
  ctx.db.query.warehouses.findFirst({ where: { id } }),
);
const HarvestCampaignPayload = payload('HarvestCampaignPayload', 'campaign', HarvestCampaign, (ctx, id) =>
  ctx.db.query.harvestCampaigns.findFirst({ where: { id } }),
);
const UserPayload = payload('UserPayload', 'user', UserRef, (ctx, id) =>
  ctx.db.query.users.findFirst({ where: { id } }),
);
const RevokeTokenPayload = payload('RevokeTokenPayload', 'apiToken', ApiTokenRef, (ctx, id) =>
  ctx.db.query.apiTokens.findFirst({ where: { id } }),
);

const IssueTokenPayload = builder.objectRef<IssuedToken>('IssueTokenPayload').implement({
  fields: (t) => ({
    token: t.string({
      nullable: true,
      description:
        'The bearer token, shown this once (store it now). Null on a replayed retry: only its digest is kept, so it cannot be shown again — revoke it and issue another if it was lost.',
      resolve: (o) => o.token,
    }),
    apiToken: t.field({
      type: ApiTokenRef,
      resolve: async (o, _a, ctx) => {
        const row = await ctx.db.query.apiTokens.findFirst({ where: { id: o.outcome.result.id } });
        if (!row) throw new Error('token vanished');
        return row;
      },
    }),
    replayed: t.boolean({ resolve: (o) => o.outcome.replayed }),
  }),
});

// ---------------------------------------------------------------------------------------------- inputs

const CreateCooperativeInput = builder.inputType('CreateCooperativeInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    code: t.string({ required: true, description: 'Upper-case ASCII letters, digits and "-", e.g. CAC-PAN.' }),
    name: t.string({ required: true }),
    region: t.string({ required: true }),
    membership: t.field({ type: MembershipEnum, required: true }),
  }),
});
const UpdateCooperativeInput = builder.inputType('UpdateCooperativeInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    cooperativeId: t.id({ required: true }),
    code: t.string(),
    name: t.string(),
    region: t.string(),
    membership: t.field({ type: MembershipEnum }),
    active: t.boolean({ description: 'False: takes no new farmers (nothing is deleted).' }),
  }),
});
const AddCooperativeCertificationInput = builder.inputType('AddCooperativeCertificationInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    cooperativeId: t.id({ required: true }),
    scheme: t.field({ type: CertificationSchemeEnum, required: true }),
    certificateNumber: t.string(),
    validFrom: t.field({ type: 'Date', required: true }),
    validTo: t.field({ type: 'Date', required: true }),
  }),
});
const RenewCooperativeCertificationInput = builder.inputType('RenewCooperativeCertificationInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    certificationId: t.id({ required: true }),
    certificateNumber: t.string({ description: 'Defaults to the renewed certificate\u2019s number.' }),
    validFrom: t.field({ type: 'Date', required: true, description: 'After the renewed certification\u2019s start.' }),
    validTo: t.field({ type: 'Date', required: true }),
  }),
});
const RevokeCooperativeCertificationInput = builder.inputType('RevokeCooperativeCertificationInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    certificationId: t.id({ required: true }),
    revokedOn: t.field({ type: 'Date', required: true, description: 'It does not count on or after this day.' }),
    reason: t.string({ required: true }),
  }),
});
const CreateFarmerInput = builder.inputType('CreateFarmerInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    cooperativeId: t.id({ required: true }),
    nationalId: t.string({ required: true, description: 'Checked against the document type\u2019s pattern.' }),
    documentType: t.field({ type: DocumentTypeEnum, description: 'Defaults to DNI.' }),
    fullName: t.string({ required: true }),
    gender: t.field({ type: GenderEnum }),
    joinedOn: t.field({ type: 'Date' }),
  }),
});
const UpdateFarmerInput = builder.inputType('UpdateFarmerInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    farmerId: t.id({ required: true }),
    nationalId: t.string(),
    documentType: t.field({ type: DocumentTypeEnum }),
    fullName: t.string(),
    gender: t.field({ type: GenderEnum }),
    joinedOn: t.field({ type: 'Date' }),
  }),
});
const TransferFarmerInput = builder.inputType('TransferFarmerInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    farmerId: t.id({ required: true }),
    toCooperativeId: t.id({ required: true }),
    effectiveOn: t.field({
      type: 'Date',
      required: true,
      description:
        'After the farmer\u2019s last delivery (those lots stay the first cooperative\u2019s) and not after today.',
    }),
    reason: t.string(),
  }),
});
const FarmerIdInput = builder.inputType('DeactivateFarmerInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    farmerId: t.id({ required: true }),
    reason: t.string({ required: true, description: 'Why the farmer left, e.g. "moved to Lima".' }),
  }),
});
const CreatePlotInput = builder.inputType('CreatePlotInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    farmerId: t.id({ required: true }),
    name: t.string({ required: true, description: 'Unique among the farmer\u2019s plots.' }),
    areaHectares: t.field({
      type: 'Decimal',
      required: true,
      description: 'At most 4 decimals (1 m\u00b2); stored exactly.',
    }),
    altitudeMeters: t.int({ required: true }),
  }),
});
const UpdatePlotInput = builder.inputType('UpdatePlotInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    plotId: t.id({ required: true }),
    name: t.string(),
    areaHectares: t.field({ type: 'Decimal' }),
    altitudeMeters: t.int(),
  }),
});
const AddFarmerCertificationInput = builder.inputType('AddFarmerCertificationInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    farmerId: t.id({ required: true }),
    scheme: t.field({ type: CertificationSchemeEnum, required: true }),
    certificateNumber: t.string(),
    validFrom: t.field({ type: 'Date', required: true }),
    validTo: t.field({ type: 'Date', required: true }),
  }),
});
const RevokeFarmerCertificationInput = builder.inputType('RevokeFarmerCertificationInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    certificationId: t.id({ required: true }),
    revokedOn: t.field({ type: 'Date', required: true }),
  }),
});
const CreatePlantInput = builder.inputType('CreatePlantInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    code: t.string({ required: true }),
    name: t.string({ required: true }),
    kind: t.field({ type: PlantKindEnum, required: true }),
    region: t.string({ required: true }),
    hullingCapacityKgPerDay: t.field({ type: 'Decimal' }),
    roastingCapacityKgPerDay: t.field({ type: 'Decimal' }),
    packingCapacityUnitsPerDay: t.int(),
  }),
});
const UpdatePlantInput = builder.inputType('UpdatePlantInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    plantId: t.id({ required: true }),
    name: t.string(),
    kind: t.field({ type: PlantKindEnum }),
    region: t.string(),
    hullingCapacityKgPerDay: t.field({ type: 'Decimal' }),
    roastingCapacityKgPerDay: t.field({ type: 'Decimal' }),
    packingCapacityUnitsPerDay: t.int(),
  }),
});
const CreateWarehouseInput = builder.inputType('CreateWarehouseInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    plantId: t.id({ required: true }),
    code: t.string({ required: true, description: 'Unique at its site.' }),
    name: t.string({ required: true }),
  }),
});
const CreateHarvestCampaignInput = builder.inputType('CreateHarvestCampaignInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    code: t.string({ required: true, description: 'Also the prefix of its lot codes, e.g. C2020.' }),
    name: t.string({ required: true }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({ type: 'Date', required: true }),
    moistureLimitPercent: t.field({ type: 'Decimal', description: 'Defaults to the consortium\u2019s.' }),
  }),
});
const UpdateHarvestCampaignInput = builder.inputType('UpdateHarvestCampaignInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    campaignId: t.id({ required: true }),
    name: t.string(),
    startsOn: t.field({ type: 'Date', description: 'May not move past the first recorded intake.' }),
    endsOn: t.field({ type: 'Date', description: 'May not move before the last recorded intake.' }),
    moistureLimitPercent: t.field({ type: 'Decimal' }),
  }),
});
const CreateUserInputRef = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    name: t.string({ required: true }),
    email: t.string({ required: true }),
    role: t.field({ type: RoleEnum, required: true }),
    cooperativeId: t.id({ description: 'Required for, and only for, a cooperative manager.' }),
    plantId: t.id({ description: 'Required for, and only for, plant staff.' }),
    lenderId: t.id({ description: 'Required for, and only for, a lender.' }),
  }),
});
const IssueTokenInput = builder.inputType('IssueTokenInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    userId: t.id({ required: true }),
    label: t.string({ description: 'What the token is for, e.g. "scale tablet 2".' }),
  }),
});
const RevokeTokenInput = builder.inputType('RevokeTokenInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    tokenId: t.id({ required: true }),
  }),
});
const DeactivateUserInput = builder.inputType('DeactivateUserInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    userId: t.id({ required: true }),
  }),
});

// ---------------------------------------------------------------------------------------------- mutations

const E = { types: MUTATION_ERRORS };

builder.mutationFields((t) => ({
  createCooperative: t.withAuth({ authenticated: true }).field({
    type: CooperativePayload,
    description: 'Records a cooperative (admins).',
    errors: E,
    args: { input: t.arg({ type: CreateCooperativeInput, required: true }) },
    resolve: (_r, { input }, ctx) => createCooperative(ctx, input),
  }),
  updateCooperative: t.withAuth({ authenticated: true }).field({
    type: CooperativePayload,
    description: 'Edits a cooperative\u2019s code, name, region, membership or active flag (admins).',
    errors: E,
    args: { input: t.arg({ type: UpdateCooperativeInput, required: true }) },
    resolve: (_r, { input }, ctx) => updateCooperative(ctx, input),
  }),
  addCooperativeCertification: t.withAuth({ authenticated: true }).field({
    type: CooperativeCertificationPayload,
    description: 'Records a cooperative\u2019s certificate (admins: it decides Fairtrade terms of sales).',
    errors: E,
    args: { input: t.arg({ type: AddCooperativeCertificationInput, required: true }) },
    resolve: (_r, { input }, ctx) => addCooperativeCertification(ctx, input),
  }),
  renewCooperativeCertification: t.withAuth({ authenticated: true }).field({
    type: CooperativeCertificationPayload,
    description: 'Records the renewal of a certificate as a new certification that names the one it renews (admins).',
    errors: E,
    args: { input: t.arg({ type: RenewCooperativeCertificationInput, required: true }) },
    resolve: (_r, { input }, ctx) => renewCooperativeCertification(ctx, input),
  }),
  revokeCooperativeCertification: t.withAuth({ authenticated: true }).field({
    type: CooperativeCertificationPayload,
    description: 'Revokes a certificate from a day on (admins).',
    errors: E,
    args: { input: t.arg({ type: RevokeCooperativeCertificationInput, required: true }) },
    resolve: (_r, { input }, ctx) => revokeCooperativeCertification(ctx, input),
  }),
  createFarmer: t.withAuth({ authenticated: true }).field({
    type: FarmerPayload,
    description: 'Records a farmer (admins, or the cooperative\u2019s own manager).',
    errors: E,
    args: { input: t.arg({ type: CreateFarmerInput, required: true }) },
    resolve: (_r, { input }, ctx) => createFarmer(ctx, input),
  }),
  updateFarmer: t.withAuth({ authenticated: true }).field({
    type: FarmerPayload,
    description: 'Edits a farmer (admins, or the cooperative\u2019s own manager).',
    errors: E,
    args: { input: t.arg({ type: UpdateFarmerInput, required: true }) },
    resolve: (_r, { input }, ctx) => updateFarmer(ctx, input),
  }),
  transferFarmer: t.withAuth({ authenticated: true }).field({
    type: FarmerPayload,
    description:
      'Moves a farmer to another cooperative from a date; delivered lots stay their first cooperative\u2019s (admins).',
    errors: E,
    args: { input: t.arg({ type: TransferFarmerInput, required: true }) },
    resolve: (_r, { input }, ctx) => transferFarmer(ctx, input),
  }),
  deactivateFarmer: t.withAuth({ authenticated: true }).field({
    type: FarmerPayload,
    description:
      'Deactivates a farmer who left: no new lots; never deleted (admins, or the cooperative\u2019s own manager).',
    errors: E,
    args: { input: t.arg({ type: FarmerIdInput, required: true }) },
    resolve: (_r, { input }, ctx) => deactivateFarmer(ctx, input),
  }),
  createPlot: t.withAuth({ authenticated: true }).field({
    type: PlotPayload,
    description: 'Records a farmer\u2019s plot (admins, or the cooperative\u2019s own manager).',
    errors: E,
    args: { input: t.arg({ type: CreatePlotInput, required: true }) },
    resolve: (_r, { input }, ctx) => createPlot(ctx, input),
  }),
  updatePlot: t.withAuth({ authenticated: true }).field({
    type: PlotPayload,
    description: 'Edits a plot\u2019s name, area or altitude (admins, or the cooperative\u2019s own manager).',
    errors: E,
    args: { input: t.arg({ type: UpdatePlotInput, required: true }) },
    resolve: (_r, { input }, ctx) => updatePlot(ctx, input),
  }),
  addFarmerCertification: t.withAuth({ authenticated: true }).field({
    type: FarmerCertificationPayload,
    description: 'Records a farmer\u2019s certificate (admins, or the cooperative\u2019s own manager).',
    errors: E,
    args: { input: t.arg({ type: AddFarmerCertificationInput, required: true }) },
    resolve: (_r, { input }, ctx) => addFarmerCertification(ctx, input),
  }),
  revokeFarmerCertification: t.withAuth({ authenticated: true }).field({
    type: FarmerCertificationPayload,
    description: 'Revokes a farmer\u2019s certificate from a day on (admins, or the cooperative\u2019s own manager).',
    errors: E,
    args: { input: t.arg({ type: RevokeFarmerCertificationInput, required: true }) },
    resolve: (_r, { input }, ctx) => revokeFarmerCertification(ctx, input),
  }),
  createPlant: t.withAuth({ authenticated: true }).field({
    type: PlantPayload,
    description: 'Records a plant or collection centre with its capacities (admins).',
    errors: E,
    args: { input: t.arg({ type: CreatePlantInput, required: true }) },
    resolve: (_r, { input }, ctx) => createPlant(ctx, input),
  }),
  updatePlant: t.withAuth({ authenticated: true }).field({
    type: PlantPayload,
    description: 'Edits a plant\u2019s name, kind, region or capacities (admins).',
    errors: E,
    args: { input: t.arg({ type: UpdatePlantInput, required: true }) },
    resolve: (_r, { input }, ctx) => updatePlant(ctx, input),
  }),
  createWarehouse: t.withAuth({ authenticated: true }).field({
    type: WarehousePayload,
    description: 'Records a stock location at a site (admins).',
    errors: E,
    args: { input: t.arg({ type: CreateWarehouseInput, required: true }) },
    resolve: (_r, { input }, ctx) => createWarehouse(ctx, input),
  }),
  createHarvestCampaign: t.withAuth({ authenticated: true }).field({
    type: HarvestCampaignPayload,
    description: 'Opens a harvest campaign (admins).',
    errors: E,
    args: { input: t.arg({ type: CreateHarvestCampaignInput, required: true }) },
    resolve: (_r, { input }, ctx) => createHarvestCampaign(ctx, input),
  }),
  updateHarvestCampaign: t.withAuth({ authenticated: true }).field({
    type: HarvestCampaignPayload,
    description:
      'Edits a campaign\u2019s name, dates or moisture limit; the dates may not shrink past a recorded intake (admins).',
    errors: E,
    args: { input: t.arg({ type: UpdateHarvestCampaignInput, required: true }) },
    resolve: (_r, { input }, ctx) => updateHarvestCampaign(ctx, input),
  }),
  createUser: t.withAuth({ authenticated: true }).field({
    type: UserPayload,
    description: 'Creates a user with a role and its scope (admins). Issue a token with issueToken.',
    errors: E,
    args: { input: t.arg({ type: CreateUserInputRef, required: true }) },
    resolve: (_r, { input }, ctx) => createUserFromApi(ctx, input as CreateUserInput),
  }),
  issueToken: t.withAuth({ authenticated: true }).field({
    type: IssueTokenPayload,
    description: 'Issues an API token for a user; the token is in this answer only (admins).',
    errors: E,
    args: { input: t.arg({ type: IssueTokenInput, required: true }) },
    resolve: (_r, { input }, ctx) => issueTokenFromApi(ctx, input),
  }),
  revokeToken: t.withAuth({ authenticated: true }).field({
    type: RevokeTokenPayload,
    description: 'Revokes a token: refused from the next request on; its open subscriptions end (admins).',
    errors: E,
    args: { input: t.arg({ type: RevokeTokenInput, required: true }) },
    resolve: (_r, { input }, ctx) => revokeToken(ctx, input),
  }),
  deactivateUser: t.withAuth({ authenticated: true }).field({
    type: UserPayload,
    description:
      'Deactivates a user and revokes their tokens: refused from the next request on; open subscriptions end (admins).',
    errors: E,
    args: { input: t.arg({ type: DeactivateUserInput, required: true }) },
    resolve: (_r, { input }, ctx) => deactivateUser(ctx, input),
  }),
}));
