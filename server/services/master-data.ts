/**
 * Master data through the API (issue 12, docs/onboarding.md): cooperatives
 * and their certifications, farmers, plots and farmer certifications,
 * plants, warehouses and harvest campaigns. Each write is one `runMutation`
 * (one transaction, idempotent, audited); the identity rules are in
 * server/domain/identity.ts.
 *
 * Access: admins everything; a cooperative manager the farmers, plots and
 * farmer certifications of their own cooperative; a foreign farmer, plot or
 * cooperative answers NotFoundError exactly like a missing one.
 */
import { and, eq, max, min, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  type certificationSchemes,
  consortium,
  cooperativeCertifications,
  cooperatives,
  farmerCertifications,
  farmerTransfers,
  farmers,
  harvestCampaigns,
  lots,
  plants,
  plots,
  warehouses,
} from '../../db/schema.js';
import type { Principal } from '../auth/policy.js';
import { ConflictError, ForbiddenError, InvalidInputError, IssueList, NotFoundError } from '../domain/errors.js';
import {
  type DocumentType,
  checkCode,
  checkName,
  checkNationalId,
  checkText,
  confusableWith,
} from '../domain/identity.js';
import { checkPercent } from '../domain/lot.js';
import { isCalendarDate, localDateOf } from '../domain/time.js';
import { M2_PER_HECTARE, parseKgToGrams } from '../domain/units.js';
import { decodeId } from '../lib/global-id.js';
import type { ServiceContext } from './context.js';
import { type MutationOutcome, runMutation } from './mutation.js';

type Scheme = (typeof certificationSchemes)[number];
type Ref<T extends string> = MutationOutcome<{ type: T; id: number }>;
const P = (...rest: string[]) => ['input', ...rest];

export function mustBeAdmin(p: Principal, what: string): void {
  if (p.role !== 'admin') throw new ForbiddenError(`only an admin ${what}`);
}

/** Farmers, plots and farmer certifications: admins, and the cooperative's own manager. */
function mustEditFarmers(p: Principal): void {
  if (p.role !== 'admin' && p.role !== 'cooperative_manager')
    throw new ForbiddenError(`a ${p.role.replace('_', ' ')} cannot edit farmers, plots or their certifications`);
}

/** The cooperative a farmer edit is for; a manager's foreign cooperative reads as missing. */
function cooperativeForFarmerEdit(ctx: ServiceContext, tx: Tx, raw: string, path: string[]) {
  const id = decodeId(raw, 'Cooperative', path);
  const coop = tx.select().from(cooperatives).where(eq(cooperatives.id, id)).get();
  const p = ctx.principal;
  if (!coop || (p.role === 'cooperative_manager' && p.cooperativeId !== coop.id))
    throw new NotFoundError(path, raw, 'cooperative');
  return coop;
}

function farmerForEdit(ctx: ServiceContext, tx: Tx, raw: string, path = P('farmerId')) {
  const id = decodeId(raw, 'Farmer', path);
  const farmer = tx.select().from(farmers).where(eq(farmers.id, id)).get();
  const p = ctx.principal;
  if (!farmer || (p.role === 'cooperative_manager' && p.cooperativeId !== farmer.cooperativeId))
    throw new NotFoundError(path, raw, 'farmer');
  return farmer;
}

function date(issues: IssueList, path: string[], value: string | null | undefined): string | null {
  if (value == null) return null;
  if (!isCalendarDate(value)) issues.add(path, 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  return value;
}

function country(tx: Tx): string {
  return tx.select({ country: consortium.country }).from(consortium).get()?.country ?? 'PE';
}

/**
 * Refuses a code or name equal to one already in use (ConflictError
 * DUPLICATE_CODE / DUPLICATE_NAME) or confusable with one (InvalidInputError
 * CONFUSABLE: the same UTS #39 skeleton).
 */
export function mustBeDistinct(
  path: string[],
  value: string,
  existing: { id: number; value: string }[],
  what: string,
  selfId?: number,
): void {
  const others = existing.filter((e) => e.id !== selfId).map((e) => e.value);
  const kind = path[path.length - 1] === 'code' ? 'DUPLICATE_CODE' : 'DUPLICATE_NAME';
  if (others.includes(value)) throw new ConflictError(kind, `a ${what} ${value} exists`);
  const like = confusableWith(value, others);
  if (like)
    throw InvalidInputError.single(
      path,
      'CONFUSABLE',
      `looks like the existing ${what} "${like}" (same Unicode skeleton): choose a distinct one`,
    );
}

// -------------------------------------------------------------------------------------- hectares and capacities

/** Hectares as a decimal string with at most 4 decimals: exactly an integer number of square metres. */
export function hectaresToSquareMetres(issues: IssueList, path: string[], raw: string): number {
  const m = /^([0-9]{1,6})(?:\.([0-9]{1,4}))?$/.exec(raw.trim());
  if (!m) {
    issues.add(path, 'INVALID_AREA', 'must be hectares as a decimal with at most 4 decimals (1 m²), e.g. "1.25"');
    return 0;
  }
  const m2 = Number(m[1]) * M2_PER_HECTARE + Number((m[2] ?? '').padEnd(4, '0'));
  if (m2 <= 0) issues.add(path, 'INVALID_AREA', 'must be more than 0 hectares');
  return m2;
}

function altitude(issues: IssueList, path: string[], value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 6000)
    issues.add(path, 'OUT_OF_RANGE', 'must be whole metres above sea level, 0 to 6000');
  return value;
}

function capacityGrams(issues: IssueList, path: string[], kg: string | null | undefined): number | null {
  if (kg == null) return null;
  const g = parseKgToGrams(kg);
  if (!g.ok) issues.add(path, 'INVALID_WEIGHT', g.reason);
  else if (g.grams <= 0) issues.add(path, 'OUT_OF_RANGE', 'must be more than 0 kg a day');
  return g.ok ? g.grams : null;
}

// ---------------------------------------------------------------------------------------------- cooperatives

export interface CreateCooperativeInput {
  idempotencyKey: string;
  code: string;
  name: string;
  region: string;
  membership: 'shareholder' | 'affiliated';
}

function coopNames(tx: Tx) {
  const rows = tx.select({ id: cooperatives.id, code: cooperatives.code, name: cooperatives.name }).from(cooperatives);
  const all = rows.all();
  return {
    codes: all.map((r) => ({ id: r.id, value: r.code })),
    names: all.map((r) => ({ id: r.id, value: r.name })),
  };
}

export function createCooperative(ctx: ServiceContext, input: CreateCooperativeInput): Ref<'Cooperative'> {
  mustBeAdmin(ctx.principal, 'records cooperatives');
  const { idempotencyKey, ...payload } = input;
  const issues = new IssueList();
  const code = checkCode(issues, P('code'), input.code);
  const name = checkName(issues, P('name'), input.name);
  const region = checkText(issues, P('region'), input.region, 2, 80);
  issues.throwIfAny();
  return runMutation(ctx, 'createCooperative', idempotencyKey, payload, (tx) => {
    const existing = coopNames(tx);
    mustBeDistinct(P('code'), code, existing.codes, 'cooperative code');
    mustBeDistinct(P('name'), name, existing.names, 'cooperative named');
    const row = tx
      .insert(cooperatives)
      .values({ code, name, region, membership: input.membership })
      .returning({ id: cooperatives.id })
      .get();
    return { type: 'Cooperative', id: row.id };
  });
}

export interface UpdateCooperativeInput {
  idempotencyKey: string;
  cooperativeId: string;
  code?: string | null;
  name?: string | null;
  region?: string | null;
  membership?: 'shareholder' | 'affiliated' | null;
  active?: boolean | null;
}

export function updateCooperative(ctx: ServiceContext, input: UpdateCooperativeInput): Ref<'Cooperative'> {
  mustBeAdmin(ctx.principal, 'edits cooperatives');
  const { idempotencyKey, ...payload } = input;
  const id = decodeId(input.cooperativeId, 'Cooperative', P('cooperativeId'));
  const issues = new IssueList();
  const code = input.code == null ? null : checkCode(issues, P('code'), input.code);
  const name = input.name == null ? null : checkName(issues, P('name'), input.name);
  const region = input.region == null ? null : checkText(issues, P('region'), input.region, 2, 80);
  issues.throwIfAny();
  return runMutation(ctx, 'updateCooperative', idempotencyKey, payload, (tx) => {
    const coop = tx.select().from(cooperatives).where(eq(cooperatives.id, id)).get();
    if (!coop) throw new NotFoundError(P('cooperativeId'), input.cooperativeId, 'cooperative');
    const existing = coopNames(tx);
    if (code) mustBeDistinct(P('code'), code, existing.codes, 'cooperative code', id);
    if (name) mustBeDistinct(P('name'), name, existing.names, 'cooperative named', id);
    tx.update(cooperatives)
      .set({
        ...(code ? { code } : {}),
        ...(name ? { name } : {}),
        ...(region ? { region } : {}),
        ...(input.membership ? { membership: input.membership } : {}),
        ...(input.active != null ? { active: input.active } : {}),
      })
      .where(eq(cooperatives.id, id))
      .run();
    return { type: 'Cooperative', id };
  });
}

// ---------------------------------------------------------------------------------------------- certifications

interface Validity {
  validFrom: string;
  validTo: string;
  certificateNumber?: string | null;
}

function checkValidity(issues: IssueList, v: Validity): string | null {
  date(issues, P('validFrom'), v.validFrom);
  date(issues, P('validTo'), v.validTo);
  if (isCalendarDate(v.validFrom) && isCalendarDate(v.validTo) && v.validTo < v.validFrom)
    issues.add(P('validTo'), 'BEFORE_START', 'must not be before validFrom');
  return v.certificateNumber == null ? null : checkText(issues, P('certificateNumber'), v.certificateNumber, 1, 60);
}

export interface AddCooperativeCertificationInput extends Validity {
  idempotencyKey: string;
  cooperativeId: string;
  scheme: Scheme;
}

export function addCooperativeCertification(
  ctx: ServiceContext,
  input: AddCooperativeCertificationInput,
): Ref<'CooperativeCertification'> {
  mustBeAdmin(ctx.principal, 'records cooperative certifications');
  const { idempotencyKey, ...payload } = input;
  const id = decodeId(input.cooperativeId, 'Cooperative', P('cooperativeId'));
  const issues = new IssueList();
  const certificateNumber = checkValidity(issues, input);
  issues.throwIfAny();
  return runMutation(ctx, 'addCooperativeCertification', idempotencyKey, payload, (tx) => {
    if (!tx.select({ id: cooperatives.id }).from(cooperatives).where(eq(cooperatives.id, id)).get())
      throw new NotFoundError(P('cooperativeId'), input.cooperativeId, 'cooperative');
    const row = tx
      .insert(cooperativeCertifications)
      .values({
        cooperativeId: id,
        scheme: input.scheme,
        certificateNumber,
        validFrom: input.validFrom,
        validTo: input.validTo,
      })
      .returning({ id: cooperativeCertifications.id })
      .get();
    return { type: 'CooperativeCertification', id: row.id };
  });
}

export interface RenewCooperativeCertificationInput extends Validity {
  idempotencyKey: string;
  certificationId: string;
}

/** A renewal is a new certification row that names the one it renews; the earlier row is left as it was. */
export function renewCooperativeCertification(
  ctx: ServiceContext,
  input: RenewCooperativeCertificationInput,
): Ref<'CooperativeCertification'> {
  mustBeAdmin(ctx.principal, 'renews cooperative certifications');
  const { idempotencyKey, ...payload } = input;
  const id = decodeId(input.certificationId, 'CooperativeCertification', P('certificationId'));
  const issues = new IssueList();
  const certificateNumber = checkValidity(issues, input);
  issues.throwIfAny();
  return runMutation(ctx, 'renewCooperativeCertification', idempotencyKey, payload, (tx) => {
    const old = tx.select().from(cooperativeCertifications).where(eq(cooperativeCertifications.id, id)).get();
    if (!old) throw new NotFoundError(P('certificationId'), input.certificationId, 'certification');
    if (old.revokedOn) throw new ConflictError('CERTIFICATION_REVOKED', 'a revoked certification cannot be renewed');
    if (input.validFrom <= old.validFrom)
      throw InvalidInputError.single(
        P('validFrom'),
        'NOT_A_RENEWAL',
        `must be after the renewed certification's start (${old.validFrom})`,
      );
    const row = tx
      .insert(cooperativeCertifications)
      .values({
        cooperativeId: old.cooperativeId,
        scheme: old.scheme,
        certificateNumber: certificateNumber ?? old.certificateNumber,
        validFrom: input.validFrom,
        validTo: input.validTo,
        renewsId: old.id,
      })
      .returning({ id: cooperativeCertifications.id })
      .get();
    return { type: 'CooperativeCertification', id: row.id };
  });
}

export interface RevokeCertificationInput {
  idempotencyKey: string;
  certificationId: string;
  revokedOn: string;
  reason: string;
}

/** A revoked certification does not count on or after `revokedOn` (organic gradings, Fairtrade terms, filters). */
export function revokeCooperativeCertification(
  ctx: ServiceContext,
  input: RevokeCertificationInput,
): Ref<'CooperativeCertification'> {
  mustBeAdmin(ctx.principal, 'revokes cooperative certifications');
  const { idempotencyKey, ...payload } = input;
  const id = decodeId(input.certificationId, 'CooperativeCertification', P('certificationId'));
  const issues = new IssueList();
  date(issues, P('revokedOn'), input.revokedOn);
  const reason = checkText(issues, P('reason'), input.reason, 3, 500);
  issues.throwIfAny();
  return runMutation(ctx, 'revokeCooperativeCertification', idempotencyKey, payload, (tx) => {
    const c = tx.select().from(cooperativeCertifications).where(eq(cooperativeCertifications.id, id)).get();
    if (!c) throw new NotFoundError(P('certificationId'), input.certificationId, 'certification');
    if (c.revokedOn) throw new ConflictError('ALREADY_REVOKED', `the certification was revoked on ${c.revokedOn}`);
    tx.update(cooperativeCertifications)
      .set({ revokedOn: input.revokedOn, revokeReason: reason })
      .where(eq(cooperativeCertifications.id, id))
      .run();
    return { type: 'CooperativeCertification', id };
  });
}

// ---------------------------------------------------------------------------------------------- farmers

export interface CreateFarmerInput {
  idempotencyKey: string;
  cooperativeId: string;
  nationalId: string;
  documentType?: DocumentType | null;
  fullName: string;
  gender?: 'female' | 'male' | 'other' | null;
  joinedOn?: string | null;
}

export function createFarmer(ctx: ServiceContext, input: CreateFarmerInput): Ref<'Farmer'> {
  mustEditFarmers(ctx.principal);
  const { idempotencyKey, ...payload } = input;
  return runMutation(ctx, 'createFarmer', idempotencyKey, payload, (tx) => {
    const coop = cooperativeForFarmerEdit(ctx, tx, input.cooperativeId, P('cooperativeId'));
    const issues = new IssueList();
    const documentType = input.documentType ?? 'dni';
    const nationalId = checkNationalId(issues, P('nationalId'), input.nationalId, country(tx), documentType);
    const fullName = checkName(issues, P('fullName'), input.fullName, 3, 160);
    const joinedOn = date(issues, P('joinedOn'), input.joinedOn);
    issues.throwIfAny();
    if (!coop.active) throw new ConflictError('COOPERATIVE_INACTIVE', `cooperative ${coop.code} is inactive`);
    if (tx.select({ id: farmers.id }).from(farmers).where(eq(farmers.nationalId, nationalId)).get())
      throw new ConflictError('DUPLICATE_NATIONAL_ID', `a farmer with national ID ${nationalId} exists`);
    const row = tx
      .insert(farmers)
      .values({
        cooperativeId: coop.id,
        nationalId,
        documentType,
        fullName,
        gender: input.gender ?? null,
        joinedOn,
      })
      .returning({ id: farmers.id })
      .get();
    return { type: 'Farmer', id: row.id };
  });
}

export interface UpdateFarmerInput {
  idempotencyKey: string;
  farmerId: string;
  nationalId?: string | null;
  documentType?: DocumentType | null;
  fullName?: string | null;
  gender?: 'female' | 'male' | 'other' | null;
  joinedOn?: string | null;
}

export function updateFarmer(ctx: ServiceContext, input: UpdateFarmerInput): Ref<'Farmer'> {
  mustEditFarmers(ctx.principal);
  const { idempotencyKey, ...payload } = input;
  return runMutation(ctx, 'updateFarmer', idempotencyKey, payload, (tx) => {
    const farmer = farmerForEdit(ctx, tx, input.farmerId);
    const issues = new IssueList();
    const documentType = input.documentType ?? farmer.documentType;
    const nationalId =
      input.nationalId != null || input.documentType != null
        ? checkNationalId(issues, P('nationalId'), input.nationalId ?? farmer.nationalId, country(tx), documentType)
        : farmer.nationalId;
    const fullName =
      input.fullName == null ? farmer.fullName : checkName(issues, P('fullName'), input.fullName, 3, 160);
    const joinedOn = input.joinedOn === undefined ? farmer.joinedOn : date(issues, P('joinedOn'), input.joinedOn);
    issues.throwIfAny();
    if (
      nationalId !== farmer.nationalId &&
      tx
        .select({ id: farmers.id })
        .from(farmers)
        .where(and(eq(farmers.nationalId, nationalId), ne(farmers.id, farmer.id)))
        .get()
    )
      throw new ConflictError('DUPLICATE_NATIONAL_ID', `a farmer with national ID ${nationalId} exists`);
    tx.update(farmers)
      .set({
        nationalId,
        documentType,
        fullName,
        joinedOn,
        gender: input.gender === undefined ? farmer.gender : input.gender,
      })
      .where(eq(farmers.id, farmer.id))
      .run();
    return { type: 'Farmer', id: farmer.id };
  });
}

export interface TransferFarmerInput {
  idempotencyKey: string;
  farmerId: string;
  toCooperativeId: string;
  effectiveOn: string;
  reason?: string | null;
}

/**
 * Moves a farmer to another cooperative from a date (admins: it touches two
 * cooperatives). Lots already delivered keep their cooperative; the date may
 * not fall on or before the farmer's last delivery, nor after today (a lot
 * takes the farmer's cooperative at intake).
 */
export function transferFarmer(ctx: ServiceContext, input: TransferFarmerInput): Ref<'Farmer'> {
  mustBeAdmin(ctx.principal, 'moves farmers between cooperatives');
  const { idempotencyKey, ...payload } = input;
  const toId = decodeId(input.toCooperativeId, 'Cooperative', P('toCooperativeId'));
  const issues = new IssueList();
  date(issues, P('effectiveOn'), input.effectiveOn);
  const reason = input.reason == null ? null : checkText(issues, P('reason'), input.reason, 3, 500);
  issues.throwIfAny();
  return runMutation(ctx, 'transferFarmer', idempotencyKey, payload, (tx) => {
    const farmer = farmerForEdit(ctx, tx, input.farmerId);
    const to = tx.select().from(cooperatives).where(eq(cooperatives.id, toId)).get();
    if (!to) throw new NotFoundError(P('toCooperativeId'), input.toCooperativeId, 'cooperative');
    if (to.id === farmer.cooperativeId)
      throw InvalidInputError.single(P('toCooperativeId'), 'SAME_COOPERATIVE', 'the farmer is already a member');
    if (!to.active) throw new ConflictError('COOPERATIVE_INACTIVE', `cooperative ${to.code} is inactive`);
    const tz = tx.select({ tz: consortium.timeZone }).from(consortium).get()?.tz ?? 'UTC';
    const today = localDateOf(ctx.clock.now(), tz);
    if (input.effectiveOn > today)
      throw InvalidInputError.single(P('effectiveOn'), 'IN_FUTURE', `must not be after today (${today})`);
    const last = tx
      .select({ on: max(lots.receivedOn) })
      .from(lots)
      .where(eq(lots.farmerId, farmer.id))
      .get()?.on;
    if (last && input.effectiveOn <= last)
      throw InvalidInputError.single(
        P('effectiveOn'),
        'BEFORE_LAST_DELIVERY',
        `must be after the farmer's last delivery (${last}): delivered lots stay their cooperative's`,
      );
    tx.insert(farmerTransfers)
      .values({
        farmerId: farmer.id,
        fromCooperativeId: farmer.cooperativeId,
        toCooperativeId: to.id,
        effectiveOn: input.effectiveOn,
        reason,
        recordedBy: ctx.principal.userId,
      })
      .run();
    tx.update(farmers).set({ cooperativeId: to.id }).where(eq(farmers.id, farmer.id)).run();
    return { type: 'Farmer', id: farmer.id };
  });
}

export interface DeactivateFarmerInput {
  idempotencyKey: string;
  farmerId: string;
  reason: string;
}

/** A farmer who leaves is deactivated, never deleted: their lots, advances and balances stay. */
export function deactivateFarmer(ctx: ServiceContext, input: DeactivateFarmerInput): Ref<'Farmer'> {
  mustEditFarmers(ctx.principal);
  const { idempotencyKey, ...payload } = input;
  return runMutation(ctx, 'deactivateFarmer', idempotencyKey, payload, (tx) => {
    const farmer = farmerForEdit(ctx, tx, input.farmerId);
    const issues = new IssueList();
    const reason = checkText(issues, P('reason'), input.reason, 3, 500);
    issues.throwIfAny();
    if (!farmer.active) throw new ConflictError('ALREADY_INACTIVE', 'the farmer is already inactive');
    const tz = tx.select({ tz: consortium.timeZone }).from(consortium).get()?.tz ?? 'UTC';
    tx.update(farmers)
      .set({ active: false, deactivatedOn: localDateOf(ctx.clock.now(), tz), deactivationReason: reason })
      .where(eq(farmers.id, farmer.id))
      .run();
    return { type: 'Farmer', id: farmer.id };
  });
}

// ---------------------------------------------------------------------------------------------- plots

export interface CreatePlotInput {
  idempotencyKey: string;
  farmerId: string;
  name: string;
  areaHectares: string;
  altitudeMeters: number;
}

export function createPlot(ctx: ServiceContext, input: CreatePlotInput): Ref<'Plot'> {
  mustEditFarmers(ctx.principal);
  const { idempotencyKey, ...payload } = input;
  return runMutation(ctx, 'createPlot', idempotencyKey, payload, (tx) => {
    const farmer = farmerForEdit(ctx, tx, input.farmerId);
    const issues = new IssueList();
    const name = checkName(issues, P('name'), input.name, 1, 120);
    const areaM2 = hectaresToSquareMetres(issues, P('areaHectares'), input.areaHectares);
    altitude(issues, P('altitudeMeters'), input.altitudeMeters);
    issues.throwIfAny();
    if (
      tx
        .select({ id: plots.id })
        .from(plots)
        .where(and(eq(plots.farmerId, farmer.id), eq(plots.name, name)))
        .get()
    )
      throw new ConflictError('DUPLICATE_NAME', `the farmer already has a plot named ${name}`);
    const row = tx
      .insert(plots)
      .values({ farmerId: farmer.id, name, areaM2, altitudeM: input.altitudeMeters })
      .returning({ id: plots.id })
      .get();
    return { type: 'Plot', id: row.id };
  });
}

export interface UpdatePlotInput {
  idempotencyKey: string;
  plotId: string;
  name?: string | null;
  areaHectares?: string | null;
  altitudeMeters?: number | null;
}

export function updatePlot(ctx: ServiceContext, input: UpdatePlotInput): Ref<'Plot'> {
  mustEditFarmers(ctx.principal);
  const { idempotencyKey, ...payload } = input;
  const id = decodeId(input.plotId, 'Plot', P('plotId'));
  return runMutation(ctx, 'updatePlot', idempotencyKey, payload, (tx) => {
    const plot = tx
      .select({ id: plots.id, farmerId: plots.farmerId, cooperativeId: farmers.cooperativeId })
      .from(plots)
      .innerJoin(farmers, eq(farmers.id, plots.farmerId))
      .where(eq(plots.id, id))
      .get();
    const p = ctx.principal;
    if (!plot || (p.role === 'cooperative_manager' && p.cooperativeId !== plot.cooperativeId))
      throw new NotFoundError(P('plotId'), input.plotId, 'plot');
    const issues = new IssueList();
    const name = input.name == null ? null : checkName(issues, P('name'), input.name, 1, 120);
    const areaM2 =
      input.areaHectares == null ? null : hectaresToSquareMetres(issues, P('areaHectares'), input.areaHectares);
    if (input.altitudeMeters != null) altitude(issues, P('altitudeMeters'), input.altitudeMeters);
    issues.throwIfAny();
    tx.update(plots)
      .set({
        ...(name ? { name } : {}),
        ...(areaM2 ? { areaM2 } : {}),
        ...(input.altitudeMeters != null ? { altitudeM: input.altitudeMeters } : {}),
      })
      .where(eq(plots.id, id))
      .run();
    return { type: 'Plot', id };
  });
}

// ---------------------------------------------------------------------------------------------- farmer certifications

export interface AddFarmerCertificationInput extends Validity {
  idempotencyKey: string;
  farmerId: string;
  scheme: Scheme;
}

export function addFarmerCertification(
  ctx: ServiceContext,
  input: AddFarmerCertificationInput,
): Ref<'FarmerCertification'> {
  mustEditFarmers(ctx.principal);
  const { idempotencyKey, ...payload } = input;
  return runMutation(ctx, 'addFarmerCertification', idempotencyKey, payload, (tx) => {
    const farmer = farmerForEdit(ctx, tx, input.farmerId);
    const issues = new IssueList();
    const certificateNumber = checkValidity(issues, input);
    issues.throwIfAny();
    const row = tx
      .insert(farmerCertifications)
      .values({
        farmerId: farmer.id,
        scheme: input.scheme,
        certificateNumber,
        validFrom: input.validFrom,
        validTo: input.validTo,
      })
      .returning({ id: farmerCertifications.id })
      .get();
    return { type: 'FarmerCertification', id: row.id };
  });
}

export interface RevokeFarmerCertificationInput {
  idempotencyKey: string;
  certificationId: string;
  revokedOn: string;
}

export function revokeFarmerCertification(
  ctx: ServiceContext,
  input: RevokeFarmerCertificationInput,
): Ref<'FarmerCertification'> {
  mustEditFarmers(ctx.principal);
  const { idempotencyKey, ...payload } = input;
  const id = decodeId(input.certificationId, 'FarmerCertification', P('certificationId'));
  return runMutation(ctx, 'revokeFarmerCertification', idempotencyKey, payload, (tx) => {
    const c = tx
      .select({
        id: farmerCertifications.id,
        validFrom: farmerCertifications.validFrom,
        revokedOn: farmerCertifications.revokedOn,
        cooperativeId: farmers.cooperativeId,
      })
      .from(farmerCertifications)
      .innerJoin(farmers, eq(farmers.id, farmerCertifications.farmerId))
      .where(eq(farmerCertifications.id, id))
      .get();
    const p = ctx.principal;
    if (!c || (p.role === 'cooperative_manager' && p.cooperativeId !== c.cooperativeId))
      throw new NotFoundError(P('certificationId'), input.certificationId, 'certification');
    const issues = new IssueList();
    date(issues, P('revokedOn'), input.revokedOn);
    if (input.revokedOn < c.validFrom)
      issues.add(P('revokedOn'), 'BEFORE_VALIDITY', `must not be before the certificate's start (${c.validFrom})`);
    issues.throwIfAny();
    if (c.revokedOn) throw new ConflictError('ALREADY_REVOKED', `the certification was revoked on ${c.revokedOn}`);
    tx.update(farmerCertifications).set({ revokedOn: input.revokedOn }).where(eq(farmerCertifications.id, id)).run();
    return { type: 'FarmerCertification', id };
  });
}

// ---------------------------------------------------------------------------------------------- plants, warehouses

export interface PlantFields {
  name?: string | null;
  region?: string | null;
  hullingCapacityKgPerDay?: string | null;
  roastingCapacityKgPerDay?: string | null;
  packingCapacityUnitsPerDay?: number | null;
}

function plantFields(issues: IssueList, input: PlantFields) {
  const units = input.packingCapacityUnitsPerDay;
  if (units != null && (!Number.isInteger(units) || units <= 0))
    issues.add(P('packingCapacityUnitsPerDay'), 'OUT_OF_RANGE', 'must be a whole number of units above 0');
  return {
    name: input.name == null ? null : checkName(issues, P('name'), input.name),
    region: input.region == null ? null : checkText(issues, P('region'), input.region, 2, 80),
    hulling: capacityGrams(issues, P('hullingCapacityKgPerDay'), input.hullingCapacityKgPerDay),
    roasting: capacityGrams(issues, P('roastingCapacityKgPerDay'), input.roastingCapacityKgPerDay),
  };
}

function plantNames(tx: Tx) {
  const all = tx.select({ id: plants.id, code: plants.code, name: plants.name }).from(plants).all();
  return { codes: all.map((r) => ({ id: r.id, value: r.code })), names: all.map((r) => ({ id: r.id, value: r.name })) };
}

export interface CreatePlantInput extends PlantFields {
  idempotencyKey: string;
  code: string;
  name: string;
  region: string;
  kind: 'plant' | 'collection_center';
}

export function createPlant(ctx: ServiceContext, input: CreatePlantInput): Ref<'Plant'> {
  mustBeAdmin(ctx.principal, 'records plants and collection centres');
  const { idempotencyKey, ...payload } = input;
  const issues = new IssueList();
  const code = checkCode(issues, P('code'), input.code);
  const f = plantFields(issues, input);
  issues.throwIfAny();
  return runMutation(ctx, 'createPlant', idempotencyKey, payload, (tx) => {
    const existing = plantNames(tx);
    mustBeDistinct(P('code'), code, existing.codes, 'plant code');
    mustBeDistinct(P('name'), f.name!, existing.names, 'plant named');
    const row = tx
      .insert(plants)
      .values({
        code,
        name: f.name!,
        region: f.region!,
        kind: input.kind,
        hullingCapacityGPerDay: f.hulling,
        roastingCapacityGPerDay: f.roasting,
        packingCapacityUnitsPerDay: input.packingCapacityUnitsPerDay ?? null,
      })
      .returning({ id: plants.id })
      .get();
    return { type: 'Plant', id: row.id };
  });
}

export interface UpdatePlantInput extends PlantFields {
  idempotencyKey: string;
  plantId: string;
  kind?: 'plant' | 'collection_center' | null;
}

export function updatePlant(ctx: ServiceContext, input: UpdatePlantInput): Ref<'Plant'> {
  mustBeAdmin(ctx.principal, 'edits plants and collection centres');
  const { idempotencyKey, ...payload } = input;
  const id = decodeId(input.plantId, 'Plant', P('plantId'));
  const issues = new IssueList();
  const f = plantFields(issues, input);
  issues.throwIfAny();
  return runMutation(ctx, 'updatePlant', idempotencyKey, payload, (tx) => {
    if (!tx.select({ id: plants.id }).from(plants).where(eq(plants.id, id)).get())
      throw new NotFoundError(P('plantId'), input.plantId, 'plant');
    if (f.name) mustBeDistinct(P('name'), f.name, plantNames(tx).names, 'plant named', id);
    tx.update(plants)
      .set({
        ...(f.name ? { name: f.name } : {}),
        ...(f.region ? { region: f.region } : {}),
        ...(input.kind ? { kind: input.kind } : {}),
        ...(f.hulling != null ? { hullingCapacityGPerDay: f.hulling } : {}),
        ...(f.roasting != null ? { roastingCapacityGPerDay: f.roasting } : {}),
        ...(input.packingCapacityUnitsPerDay != null
          ? { packingCapacityUnitsPerDay: input.packingCapacityUnitsPerDay }
          : {}),
      })
      .where(eq(plants.id, id))
      .run();
    return { type: 'Plant', id };
  });
}

export interface CreateWarehouseInput {
  idempotencyKey: string;
  plantId: string;
  code: string;
  name: string;
}

export function createWarehouse(ctx: ServiceContext, input: CreateWarehouseInput): Ref<'Warehouse'> {
  mustBeAdmin(ctx.principal, 'records warehouses');
  const { idempotencyKey, ...payload } = input;
  const plantId = decodeId(input.plantId, 'Plant', P('plantId'));
  const issues = new IssueList();
  const code = checkCode(issues, P('code'), input.code);
  const name = checkName(issues, P('name'), input.name);
  issues.throwIfAny();
  return runMutation(ctx, 'createWarehouse', idempotencyKey, payload, (tx) => {
    if (!tx.select({ id: plants.id }).from(plants).where(eq(plants.id, plantId)).get())
      throw new NotFoundError(P('plantId'), input.plantId, 'plant');
    const existing = tx
      .select({ id: warehouses.id, code: warehouses.code })
      .from(warehouses)
      .where(eq(warehouses.plantId, plantId))
      .all();
    mustBeDistinct(
      P('code'),
      code,
      existing.map((w) => ({ id: w.id, value: w.code })),
      'warehouse code at this site',
    );
    const row = tx.insert(warehouses).values({ plantId, code, name }).returning({ id: warehouses.id }).get();
    return { type: 'Warehouse', id: row.id };
  });
}

// ---------------------------------------------------------------------------------------------- campaigns

interface CampaignFields {
  name?: string | null;
  startsOn?: string | null;
  endsOn?: string | null;
  moistureLimitPercent?: string | null;
}

function campaignFields(issues: IssueList, input: CampaignFields) {
  const name = input.name == null ? null : checkName(issues, P('name'), input.name);
  date(issues, P('startsOn'), input.startsOn);
  date(issues, P('endsOn'), input.endsOn);
  if (input.moistureLimitPercent != null) {
    const bad = checkPercent(input.moistureLimitPercent, 2);
    if (bad) issues.add(P('moistureLimitPercent'), bad.code, bad.message);
  }
  return { name };
}

export interface CreateHarvestCampaignInput extends CampaignFields {
  idempotencyKey: string;
  code: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

export function createHarvestCampaign(ctx: ServiceContext, input: CreateHarvestCampaignInput): Ref<'HarvestCampaign'> {
  mustBeAdmin(ctx.principal, 'opens harvest campaigns');
  const { idempotencyKey, ...payload } = input;
  const issues = new IssueList();
  const code = checkCode(issues, P('code'), input.code);
  const { name } = campaignFields(issues, input);
  if (isCalendarDate(input.startsOn) && isCalendarDate(input.endsOn) && input.endsOn < input.startsOn)
    issues.add(P('endsOn'), 'BEFORE_START', 'must not be before startsOn');
  issues.throwIfAny();
  return runMutation(ctx, 'createHarvestCampaign', idempotencyKey, payload, (tx) => {
    const all = tx.select({ id: harvestCampaigns.id, code: harvestCampaigns.code }).from(harvestCampaigns).all();
    mustBeDistinct(
      P('code'),
      code,
      all.map((c) => ({ id: c.id, value: c.code })),
      'campaign code',
    );
    const row = tx
      .insert(harvestCampaigns)
      .values({
        code,
        name: name!,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        moistureLimitPct: input.moistureLimitPercent ?? null,
      })
      .returning({ id: harvestCampaigns.id })
      .get();
    return { type: 'HarvestCampaign', id: row.id };
  });
}

export interface UpdateHarvestCampaignInput extends CampaignFields {
  idempotencyKey: string;
  campaignId: string;
}

/** Dates may move, but never so as to leave a recorded lot outside its campaign. */
export function updateHarvestCampaign(ctx: ServiceContext, input: UpdateHarvestCampaignInput): Ref<'HarvestCampaign'> {
  mustBeAdmin(ctx.principal, 'edits harvest campaigns');
  const { idempotencyKey, ...payload } = input;
  const id = decodeId(input.campaignId, 'HarvestCampaign', P('campaignId'));
  const issues = new IssueList();
  const { name } = campaignFields(issues, input);
  issues.throwIfAny();
  return runMutation(ctx, 'updateHarvestCampaign', idempotencyKey, payload, (tx) => {
    const c = tx.select().from(harvestCampaigns).where(eq(harvestCampaigns.id, id)).get();
    if (!c) throw new NotFoundError(P('campaignId'), input.campaignId, 'harvest campaign');
    const startsOn = input.startsOn ?? c.startsOn;
    const endsOn = input.endsOn ?? c.endsOn;
    if (endsOn < startsOn) throw InvalidInputError.single(P('endsOn'), 'BEFORE_START', 'must not be before startsOn');
    const span = tx
      .select({ first: min(lots.receivedOn), last: max(lots.receivedOn) })
      .from(lots)
      .where(eq(lots.campaignId, id))
      .get();
    const shrink = new IssueList();
    if (span?.first && startsOn > span.first)
      shrink.add(
        P('startsOn'),
        'EXCLUDES_INTAKES',
        `a lot was received on ${span.first}: the campaign must include it`,
      );
    if (span?.last && endsOn < span.last)
      shrink.add(P('endsOn'), 'EXCLUDES_INTAKES', `a lot was received on ${span.last}: the campaign must include it`);
    shrink.throwIfAny();
    tx.update(harvestCampaigns)
      .set({
        startsOn,
        endsOn,
        ...(name ? { name } : {}),
        ...(input.moistureLimitPercent != null ? { moistureLimitPct: input.moistureLimitPercent } : {}),
      })
      .where(eq(harvestCampaigns.id, id))
      .run();
    return { type: 'HarvestCampaign', id };
  });
}
