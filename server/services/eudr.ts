/**
 * EUDR writes (docs/eudr.md): a plot's geolocation, its deforestation-free
 * assessments and land-tenure documents, and the due-diligence statements
 * filed for an export delivery. Each is one `runMutation` (one transaction,
 * idempotent); the rules are in server/domain/geo.ts and eudr.ts.
 *
 * Who: an admin, or the manager of the farmer's cooperative (the
 * cooperative keeps its farmers' register). A plot of another cooperative
 * answers NotFoundError, as a missing one does. Due-diligence numbers: admins.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  deliveryDueDiligence,
  farmers,
  plotDeforestationAssessments,
  plotGeolocations,
  plots,
  plotTenureDocuments,
  saleDeliveries,
  salesContracts,
  type tenureKinds,
} from '../../db/schema.js';
import type { Principal } from '../auth/policy.js';
import { ConflictError, ForbiddenError, InvalidInputError, IssueList, NotFoundError } from '../domain/errors.js';
import { type AssessmentResult, EUDR_CUTOFF } from '../domain/eudr.js';
import { MIN_DECIMALS, pointGeoJson, validatePlotGeometry } from '../domain/geo.js';
import { hasControlCharacters } from '../domain/lot.js';
import { isCalendarDate, localDateOf } from '../domain/time.js';
import { decodeId } from '../lib/global-id.js';
import { dueDiligenceFile } from '../queries/eudr.js';
import type { ServiceContext } from './context.js';
import { settings } from '../queries/consortium.js';
import { type MutationOutcome, runMutation } from './mutation.js';

export type PlotRef = { type: 'Plot'; id: number };
export type DeliveryRef = { type: 'SaleDelivery'; id: number };

function mustKeepRegister(p: Principal): void {
  if (p.role !== 'admin' && p.role !== 'cooperative_manager') {
    throw new ForbiddenError(`a ${p.role.replace('_', ' ')} cannot record plots' EUDR evidence`);
  }
}

/** The plot, with its farmer's cooperative; NotFound for a plot the caller may not change. */
function plotForChange(ctx: ServiceContext, tx: Tx, rawId: string) {
  const id = decodeId(rawId, 'Plot', ['input', 'plotId']);
  const row = tx
    .select({ plot: plots, cooperativeId: farmers.cooperativeId })
    .from(plots)
    .innerJoin(farmers, eq(farmers.id, plots.farmerId))
    .where(eq(plots.id, id))
    .get();
  const p = ctx.principal;
  if (!row || (p.role === 'cooperative_manager' && row.cooperativeId !== p.cooperativeId)) {
    throw new NotFoundError(['input', 'plotId'], rawId, 'plot');
  }
  return row.plot;
}

function text(issues: IssueList, path: string[], value: string, min: number, max: number): string {
  const v = value.normalize('NFC').trim();
  if (v.length < min || v.length > max || hasControlCharacters(v)) {
    issues.add(path, 'INVALID_TEXT', `must be ${min} to ${max} printable characters`);
  }
  return v;
}

const DECIMAL_RE = /^-?\d{1,3}\.\d+$/;

export interface SetPlotGeolocationInput {
  idempotencyKey: string;
  plotId: string;
  /** A GeoJSON geometry (Point, Polygon, MultiPolygon), [longitude, latitude]. */
  geojson?: string | null;
  /** Or a point, as decimal text with at least 6 decimals. */
  latitude?: string | null;
  longitude?: string | null;
  /** Where it comes from: "GPS walk by the cooperative's technician", "import of 2026-11-02"... */
  source?: string | null;
}

/** Builds the geometry text from the input: either GeoJSON or latitude and longitude, not both. */
export function geometryText(
  issues: IssueList,
  input: { geojson?: string | null; latitude?: string | null; longitude?: string | null },
  path: string[] = ['input'],
): string | null {
  const point = input.latitude != null || input.longitude != null;
  if ((input.geojson != null) === point) {
    issues.add([...path, 'geojson'], 'GEOMETRY_REQUIRED', 'give either geojson, or latitude and longitude');
    return null;
  }
  if (!point) return input.geojson!;
  let ok = true;
  for (const k of ['latitude', 'longitude'] as const) {
    const v = input[k]?.trim();
    if (v == null || !DECIMAL_RE.test(v)) {
      ok = false;
      issues.add(
        [...path, k],
        v == null ? 'REQUIRED' : 'INVALID_DECIMAL',
        v == null ? `give both latitude and longitude` : `must be a decimal with at least ${MIN_DECIMALS} decimals`,
      );
    }
  }
  return ok ? pointGeoJson(input.latitude!, input.longitude!) : null;
}

/** Validates a plot's geometry and writes it: the history row and the plot's geometry in force. */
export function writePlotGeometry(
  tx: Tx,
  userId: number,
  plot: { id: number; areaM2: number },
  geometry: string,
  source: string,
  path: string[],
): void {
  const country = settings(tx).country;
  const r = validatePlotGeometry(geometry, { declaredAreaM2: plot.areaM2, country });
  if (!r.ok) throw new InvalidInputError(r.issues.map((i) => ({ path, code: i.code, message: i.message })));
  tx.insert(plotGeolocations)
    .values({
      plotId: plot.id,
      kind: r.value.kind,
      geometry: r.value.geojson,
      geodesicAreaM2: r.value.geodesicAreaM2,
      declaredAreaM2: plot.areaM2,
      source,
      recordedBy: userId,
    })
    .run();
  tx.update(plots)
    .set({ geometry: r.value.geojson, geometryKind: r.value.kind, geodesicAreaM2: r.value.geodesicAreaM2 })
    .where(eq(plots.id, plot.id))
    .run();
}

export function setPlotGeolocation(ctx: ServiceContext, input: SetPlotGeolocationInput): MutationOutcome<PlotRef> {
  mustKeepRegister(ctx.principal);
  const { idempotencyKey, ...payload } = input;
  decodeId(input.plotId, 'Plot', ['input', 'plotId']);
  const issues = new IssueList();
  const geometry = geometryText(issues, input);
  const source = input.source == null ? 'API' : text(issues, ['input', 'source'], input.source, 2, 200);
  issues.throwIfAny();
  const path = input.geojson != null ? ['input', 'geojson'] : ['input', 'latitude'];
  return runMutation(ctx, 'setPlotGeolocation', idempotencyKey, payload, (tx) => {
    const plot = plotForChange(ctx, tx, input.plotId);
    writePlotGeometry(tx, ctx.principal.userId, plot, geometry!, source, path);
    return { type: 'Plot', id: plot.id };
  });
}

export interface RecordDeforestationAssessmentInput {
  idempotencyKey: string;
  plotId: string;
  source: string;
  assessedOn: string;
  result: AssessmentResult;
  evidenceReference: string;
}

export function recordDeforestationAssessment(
  ctx: ServiceContext,
  input: RecordDeforestationAssessmentInput,
): MutationOutcome<PlotRef> {
  mustKeepRegister(ctx.principal);
  const { idempotencyKey, ...payload } = input;
  decodeId(input.plotId, 'Plot', ['input', 'plotId']);
  const issues = new IssueList();
  const source = text(issues, ['input', 'source'], input.source, 2, 200);
  const evidence = text(issues, ['input', 'evidenceReference'], input.evidenceReference, 2, 500);
  if (!isCalendarDate(input.assessedOn)) {
    issues.add(['input', 'assessedOn'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  } else if (input.assessedOn <= EUDR_CUTOFF) {
    issues.add(
      ['input', 'assessedOn'],
      'BEFORE_CUTOFF',
      `an assessment of deforestation after ${EUDR_CUTOFF} must be made after that day`,
    );
  }
  issues.throwIfAny();
  return runMutation(ctx, 'recordDeforestationAssessment', idempotencyKey, payload, (tx) => {
    const plot = plotForChange(ctx, tx, input.plotId);
    if (input.assessedOn > localDateOf(ctx.clock.now(), settings(tx).timeZone)) {
      throw InvalidInputError.single(
        ['input', 'assessedOn'],
        'IN_FUTURE',
        'an assessment is recorded after it was made',
      );
    }
    tx.insert(plotDeforestationAssessments)
      .values({
        plotId: plot.id,
        source,
        assessedOn: input.assessedOn,
        cutoffOn: EUDR_CUTOFF,
        result: input.result,
        evidenceReference: evidence,
        recordedBy: ctx.principal.userId,
      })
      .run();
    return { type: 'Plot', id: plot.id };
  });
}

export interface RecordLandTenureInput {
  idempotencyKey: string;
  plotId: string;
  kind: (typeof tenureKinds)[number];
  reference: string;
  issuedOn?: string | null;
}

export function recordLandTenure(ctx: ServiceContext, input: RecordLandTenureInput): MutationOutcome<PlotRef> {
  mustKeepRegister(ctx.principal);
  const { idempotencyKey, ...payload } = input;
  decodeId(input.plotId, 'Plot', ['input', 'plotId']);
  const issues = new IssueList();
  const reference = text(issues, ['input', 'reference'], input.reference, 2, 200);
  if (input.issuedOn != null && !isCalendarDate(input.issuedOn)) {
    issues.add(['input', 'issuedOn'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  }
  issues.throwIfAny();
  return runMutation(ctx, 'recordLandTenure', idempotencyKey, payload, (tx) => {
    const plot = plotForChange(ctx, tx, input.plotId);
    if (input.issuedOn != null && input.issuedOn > localDateOf(ctx.clock.now(), settings(tx).timeZone)) {
      throw InvalidInputError.single(['input', 'issuedOn'], 'IN_FUTURE', 'a document is recorded after it was issued');
    }
    tx.insert(plotTenureDocuments)
      .values({
        plotId: plot.id,
        kind: input.kind,
        reference,
        issuedOn: input.issuedOn ?? null,
        recordedBy: ctx.principal.userId,
      })
      .run();
    return { type: 'Plot', id: plot.id };
  });
}

/** A DDS reference or verification number: ASCII letters and digits (upper-cased), hyphens inside. */
const DDS_NUMBER_RE = /^[A-Z0-9](?:[A-Z0-9-]{4,38})[A-Z0-9]$/;

export interface RecordDueDiligenceInput {
  idempotencyKey: string;
  deliveryId: string;
  /** Which statement of the delivery's file (1 unless the file was split); defaults to 1. */
  statementNumber?: number | null;
  referenceNumber: string;
  verificationNumber: string;
  filedAt: Date;
}

/** Records the numbers the EU information system gave a filed statement, on an EU delivery only. */
export function recordDueDiligenceStatement(
  ctx: ServiceContext,
  input: RecordDueDiligenceInput,
): MutationOutcome<DeliveryRef> {
  if (ctx.principal.role !== 'admin') {
    throw new ForbiddenError(`a ${ctx.principal.role.replace('_', ' ')} cannot record due-diligence statements`);
  }
  const { idempotencyKey, ...payload } = input;
  const deliveryId = decodeId(input.deliveryId, 'SaleDelivery', ['input', 'deliveryId']);
  const issues = new IssueList();
  const number = input.statementNumber ?? 1;
  if (!Number.isSafeInteger(number) || number < 1 || number > 1000) {
    issues.add(['input', 'statementNumber'], 'OUT_OF_RANGE', 'must be 1 to 1,000');
  }
  const norm = (k: 'referenceNumber' | 'verificationNumber') => {
    const v = input[k].normalize('NFKC').trim().toUpperCase();
    if (!DDS_NUMBER_RE.test(v)) {
      issues.add(['input', k], 'INVALID_DDS_NUMBER', 'must be 6 to 40 ASCII letters and digits (hyphens inside)');
    }
    return v;
  };
  const referenceNumber = norm('referenceNumber');
  const verificationNumber = norm('verificationNumber');
  if (Number.isNaN(input.filedAt.getTime()))
    issues.add(['input', 'filedAt'], 'INVALID_DATETIME', 'is not a valid time');
  else if (input.filedAt.getTime() > ctx.clock.now().getTime() + 5 * 60_000) {
    issues.add(['input', 'filedAt'], 'IN_FUTURE', 'a statement is recorded after it was filed');
  }
  issues.throwIfAny();
  return runMutation(ctx, 'recordDueDiligenceStatement', idempotencyKey, payload, (tx) => {
    const row = tx
      .select({ d: saleDeliveries, eudr: salesContracts.eudr, market: salesContracts.market })
      .from(saleDeliveries)
      .innerJoin(salesContracts, eq(salesContracts.id, saleDeliveries.contractId))
      .where(eq(saleDeliveries.id, deliveryId))
      .get();
    if (!row) throw new NotFoundError(['input', 'deliveryId'], input.deliveryId, 'sale delivery');
    if (!row.eudr) {
      throw InvalidInputError.single(
        ['input', 'deliveryId'],
        'NOT_EU_DELIVERY',
        `delivery ${row.d.code} is not for the EU: a due-diligence statement belongs to coffee placed on the EU market`,
      );
    }
    const file = dueDiligenceFile(tx, row.d.id)!;
    const statement = file.statements.find((s) => s.number === number);
    if (!statement) {
      throw InvalidInputError.single(
        ['input', 'statementNumber'],
        'NO_SUCH_STATEMENT',
        `the delivery's file has ${file.statements.length} statement(s)`,
      );
    }
    if (
      tx
        .select({ id: deliveryDueDiligence.id })
        .from(deliveryDueDiligence)
        .where(and(eq(deliveryDueDiligence.deliveryId, row.d.id), eq(deliveryDueDiligence.statementNumber, number)))
        .get()
    ) {
      throw new ConflictError(
        'DDS_ALREADY_RECORDED',
        `statement ${number} of delivery ${row.d.code} already has its numbers`,
      );
    }
    if (
      tx
        .select({ n: sql<number>`1` })
        .from(deliveryDueDiligence)
        .where(eq(deliveryDueDiligence.referenceNumber, referenceNumber))
        .get()
    ) {
      throw new ConflictError(
        'DDS_REFERENCE_TAKEN',
        `reference number ${referenceNumber} is recorded for another statement`,
      );
    }
    tx.insert(deliveryDueDiligence)
      .values({
        deliveryId: row.d.id,
        statementNumber: number,
        referenceNumber,
        verificationNumber,
        fileDigest: statement.sha256,
        filedAt: input.filedAt.toISOString(),
        recordedBy: ctx.principal.userId,
      })
      .run();
    return { type: 'SaleDelivery', id: row.d.id };
  });
}
