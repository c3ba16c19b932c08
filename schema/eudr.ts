/**
 * The EU deforestation regulation in the API (docs/eudr.md): plots'
 * geolocation and evidence, lots' and batches' standing, the due-diligence
 * file of an EU delivery and the statements filed for it.
 */
import { sql } from 'drizzle-orm';
import { assessmentResults, geometryKinds, tenureKinds } from '../db/schema.js';
import { EUDR_REASON_CODES, type EudrReason, lotEudrReasons } from '../server/domain/eudr.js';
import { squareMetresToHectares } from '../server/domain/units.js';
import { encodeId } from '../server/lib/global-id.js';
import {
  type DueDiligenceFile,
  type DueDiligenceStatement,
  batchCompliantSql,
  lotEudr,
} from '../server/queries/eudr.js';
import { dueDiligenceFile } from '../server/queries/eudr.js';
import {
  recordDeforestationAssessment,
  recordDueDiligenceStatement,
  recordLandTenure,
  setPlotGeolocation,
} from '../server/services/eudr.js';
import type { MutationOutcome, RecordRef } from '../server/services/mutation.js';
import { type Context, builder } from './builder.js';
import { EudrStatusEnum, WeightRef, dbEnumOf } from './common.js';
import { Plot } from './cooperative.js';
import { MUTATION_ERRORS } from './errors.js';
import { MoneyRef } from './ledger.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './lot-mutations.js';
import { Lot } from './lot.js';
import { ProcessingRun, StockBatch } from './plant.js';
import { SaleDelivery } from './sales.js';
import type { Currency } from '../server/domain/money.js';
import { minorFromText } from '../server/domain/money.js';

const GeometryKindEnum = dbEnumOf(
  'PlotGeometryKind',
  geometryKinds,
  'A plot located by one point, or by its boundary.',
);
const AssessmentResultEnum = dbEnumOf(
  'DeforestationResult',
  assessmentResults,
  'What a deforestation assessment found on a plot after the EUDR cut-off, 2020-12-31.',
);
const TenureKindEnum = dbEnumOf('LandTenureKind', tenureKinds, 'The document that gives the farmer the use of a plot.');
const ReasonCodeEnum = builder.enumType('EudrReasonCode', {
  description: 'Why coffee is not EUDR-compliant (docs/eudr.md).',
  values: Object.fromEntries(EUDR_REASON_CODES.map((c) => [c, { value: c }])) as Record<
    (typeof EUDR_REASON_CODES)[number],
    { value: (typeof EUDR_REASON_CODES)[number] }
  >,
});

const EudrReasonRef = builder.objectRef<EudrReason>('EudrReason').implement({
  description: 'One reason coffee is not EUDR-compliant.',
  fields: (t) => ({
    code: t.field({ type: ReasonCodeEnum, resolve: (r) => r.code }),
    plotId: t.id({ nullable: true, resolve: (r) => (r.plotId === null ? null : encodeId('Plot', r.plotId)) }),
    message: t.exposeString('message'),
  }),
});

interface Standing {
  compliant: boolean;
  reasons: EudrReason[];
}
const EudrStandingRef = builder.objectRef<Standing>('EudrStanding').implement({
  description: 'Whether a plot or a lot meets the EU deforestation regulation, and why not.',
  fields: (t) => ({
    status: t.field({ type: EudrStatusEnum, resolve: (s) => (s.compliant ? 'compliant' : 'non_compliant') }),
    reasons: t.field({ type: [EudrReasonRef], resolve: (s) => s.reasons }),
  }),
});

builder.drizzleObject('plotDeforestationAssessments', {
  name: 'DeforestationAssessment',
  description: 'A check of a plot for deforestation after 2020-12-31, as an assessor entered or imported it.',
  fields: (t) => ({
    source: t.exposeString('source'),
    assessedOn: t.field({ type: 'Date', resolve: (a) => a.assessedOn }),
    cutoffOn: t.field({ type: 'Date', resolve: (a) => a.cutoffOn }),
    result: t.field({ type: AssessmentResultEnum, resolve: (a) => a.result }),
    evidenceReference: t.exposeString('evidenceReference'),
  }),
});

builder.drizzleObject('plotTenureDocuments', {
  name: 'LandTenureDocument',
  fields: (t) => ({
    kind: t.field({ type: TenureKindEnum, resolve: (d) => d.kind }),
    reference: t.exposeString('reference'),
    issuedOn: t.field({ type: 'Date', nullable: true, resolve: (d) => d.issuedOn }),
  }),
});

function plotStanding(ctx: Context, ids: readonly number[]): Standing[] {
  if (ids.length === 0) return [];
  const rows = ctx.db.all<{ id: number; name: string; g: number; a: string | null; tenure: number }>(sql`
    select p.id as id, p.name as name, p.geometry is not null as g,
      (select a.result from plot_deforestation_assessments a where a.plot_id = p.id order by a.assessed_on desc, a.id desc limit 1) as a,
      exists (select 1 from plot_tenure_documents d where d.plot_id = p.id) as tenure
    from plots p where p.id in (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )})`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = byId.get(id)!;
    const reasons = lotEudrReasons(
      [
        {
          plotId: r.id,
          plotName: r.name,
          geolocated: r.g === 1,
          assessment: r.a as never,
          hasTenure: r.tenure === 1,
        },
      ],
      1,
    );
    return { compliant: reasons.length === 0, reasons };
  });
}

builder.drizzleObjectFields(Plot, (t) => ({
  geometry: t.exposeString('geometry', {
    nullable: true,
    description: 'EUDR geolocation in force: a GeoJSON geometry, [longitude, latitude], numbers as recorded.',
  }),
  geometryKind: t.field({ type: GeometryKindEnum, nullable: true, resolve: (p) => p.geometryKind }),
  geodesicAreaHectares: t.field({
    type: 'Decimal',
    nullable: true,
    description: 'A polygon\u2019s geodesic area (1 ha = 10,000 m\u00b2); null for a point.',
    resolve: (p) => (p.geodesicAreaM2 == null ? null : squareMetresToHectares(p.geodesicAreaM2)),
  }),
  deforestationAssessments: t.relation('assessments', { query: { orderBy: { assessedOn: 'asc', id: 'asc' } } }),
  landTenureDocuments: t.relation('tenureDocuments', { query: { orderBy: { id: 'asc' } } }),
  eudr: t.loadable({
    type: EudrStandingRef,
    description: 'Whether the plot\u2019s coffee can be EUDR-compliant: geolocated, no deforestation, land tenure.',
    load: async (ids: number[], ctx) => plotStanding(ctx, ids),
    resolve: (p) => p.id,
  }),
}));

builder.drizzleObjectFields(Lot, (t) => ({
  plots: t.relation('plots', {
    description: 'EUDR: the plot(s) the coffee came from, named at intake.',
    query: { orderBy: { id: 'asc' } },
  }),
  eudr: t.loadable({
    type: EudrStandingRef,
    description: 'Whether the lot is EUDR-compliant now, and why not (docs/eudr.md).',
    load: async (ids: number[], ctx) => {
      const m = lotEudr(ctx.db, ids);
      return ids.map((id) => m.get(id)!);
    },
    resolve: (l) => l.id,
  }),
}));

builder.drizzleObjectFields(StockBatch, (t) => ({
  eudr: t.loadable({
    type: EudrStatusEnum,
    description:
      'EUDR: compliant when every gram that went in was (decided when the run was recorded) and its lots still are.',
    load: async (ids: number[], ctx) => {
      const rows = ctx.db.all<{ id: number; c: number }>(sql`
        select b.id as id, ${batchCompliantSql(sql`b`)} as c from stock_batches b where b.id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})`);
      const m = new Map(rows.map((r) => [r.id, r.c === 1]));
      return ids.map((id) => (m.get(id) ? ('compliant' as const) : ('non_compliant' as const)));
    },
    resolve: (b) => b.id,
  }),
}));

builder.drizzleObjectFields(ProcessingRun, (t) => ({
  eudrIntended: t.exposeBoolean('eudrIntended', { description: 'EUDR: meant to make compliant coffee.' }),
  eudrFlagged: t.exposeBoolean('eudrFlagged', {
    description: 'EUDR: meant to be compliant, but took non-compliant coffee; its outputs are not compliant.',
  }),
}));

interface FiledStatement {
  statementNumber: number;
  referenceNumber: string;
  verificationNumber: string;
  filedAt: string;
  fileDigest: string;
}

const FiledStatementRef = builder.objectRef<FiledStatement>('DueDiligenceReference').implement({
  description: 'The numbers the EU information system gave a filed due-diligence statement.',
  fields: (t) => ({
    statementNumber: t.exposeInt('statementNumber'),
    referenceNumber: t.exposeString('referenceNumber'),
    verificationNumber: t.exposeString('verificationNumber'),
    filedAt: t.field({ type: 'DateTime', resolve: (s) => s.filedAt }),
    fileSha256: t.exposeString('fileDigest', { description: 'SHA-256 of the geolocation file it was filed with.' }),
  }),
});

function filedOf(ctx: Context, deliveryId: number): FiledStatement[] {
  return ctx.db.all<FiledStatement>(sql`
    select statement_number as statementNumber, reference_number as referenceNumber,
      verification_number as verificationNumber, filed_at as filedAt, file_digest as fileDigest
    from delivery_due_diligence where delivery_id = ${deliveryId} order by statement_number`);
}

type StatementShape = DueDiligenceStatement & { filed: FiledStatement | null };
const StatementRef = builder.objectRef<StatementShape>('DueDiligenceStatement').implement({
  description: 'One statement\u2019s share of a delivery: its geolocation file within the EU system\u2019s limits.',
  fields: (t) => ({
    number: t.exposeInt('number'),
    geojson: t.exposeString('geojson', {
      description:
        'The GeoJSON FeatureCollection to upload: one Feature per plot with ProducerName, ProducerCountry, ProductionPlace, Area.',
    }),
    bytes: t.exposeInt('bytes'),
    sha256: t.exposeString('sha256'),
    producerCount: t.exposeInt('producerCount'),
    plotCount: t.exposeInt('plotCount'),
    netMass: t.field({
      type: WeightRef,
      description: 'Net mass of its producers\u2019 coffee.',
      resolve: (s) => s.netMassGrams,
    }),
    filed: t.field({
      type: FiledStatementRef,
      nullable: true,
      description: 'Its reference and verification numbers, once filed.',
      resolve: (s) => s.filed,
    }),
  }),
});

type FileShape = DueDiligenceFile & { filed: FiledStatement[] };
const DueDiligenceRef = builder.objectRef<FileShape>('DueDiligenceFile').implement({
  description:
    'What the EU importer files for a delivery: HS code, net mass, producers, and the geolocation of every plot behind the coffee, through the trace.',
  fields: (t) => ({
    hsCode: t.exposeString('hsCode'),
    netMass: t.field({ type: WeightRef, resolve: (f) => f.netMassGrams }),
    producerCount: t.exposeInt('producerCount'),
    plotCount: t.exposeInt('plotCount'),
    statements: t.field({
      type: [StatementRef],
      description: 'More than one when the delivery is over the limits (1,000 producers, 25 MB per statement).',
      resolve: (f) =>
        f.statements.map((s) => ({ ...s, filed: f.filed.find((x) => x.statementNumber === s.number) ?? null })),
    }),
    nonCompliantLotCount: t.int({
      description: 'Lots behind the delivery that are not compliant now (a later finding): 0 for coffee that may go.',
      resolve: (f) => f.nonCompliantLots.length,
    }),
  }),
});

interface InvoiceShape {
  code: string;
  deliveredOn: string;
  currency: Currency;
  value: bigint;
  premium: bigint;
  deliveryId: number;
}
const InvoiceRef = builder.objectRef<InvoiceShape>('DeliveryInvoice').implement({
  description: 'The invoice of a delivery, as the buyer gets it, with the due-diligence numbers it must carry.',
  fields: (t) => ({
    number: t.exposeString('code'),
    issuedOn: t.field({ type: 'Date', resolve: (i) => i.deliveredOn }),
    total: t.field({ type: MoneyRef, resolve: (i) => ({ currency: i.currency, minor: i.value + i.premium }) }),
    dueDiligenceReferences: t.field({
      type: [FiledStatementRef],
      description: 'EUDR: the statements filed for the coffee invoiced (empty outside the EU).',
      resolve: (i, _a, ctx) => filedOf(ctx, i.deliveryId),
    }),
  }),
});

const readsFiles = (ctx: Context) => ctx.principal?.role === 'admin' || ctx.principal?.role === 'auditor';

builder.drizzleObjectFields(SaleDelivery, (t) => ({
  dueDiligence: t.field({
    type: DueDiligenceRef,
    nullable: true,
    description:
      'EUDR: the due-diligence file of a delivery on a contract marked for the EU; null otherwise. Admins and auditors (it names every producer).',
    authScopes: (_d, _a, ctx) => readsFiles(ctx),
    select: { with: { contract: { columns: { eudr: true } } } },
    resolve: (d, _a, ctx) => {
      if (!d.contract.eudr) return null;
      const file = dueDiligenceFile(ctx.db, d.id);
      return file ? { ...file, filed: filedOf(ctx, d.id) } : null;
    },
  }),
  dueDiligenceReferences: t.field({
    type: [FiledStatementRef],
    description: 'EUDR: the statements filed for this delivery, with their reference and verification numbers.',
    resolve: (d, _a, ctx) => filedOf(ctx, d.id),
  }),
  invoice: t.field({
    type: InvoiceRef,
    resolve: (d) => ({
      code: d.code,
      deliveredOn: d.deliveredOn,
      currency: d.currency as Currency,
      value: minorFromText(d.valueMinor),
      premium: minorFromText(d.premiumMinor),
      deliveryId: d.id,
    }),
  }),
}));

// ------------------------------------------------------------------ mutations

const PlotPayload = (name: string) =>
  builder.objectRef<MutationOutcome<RecordRef>>(name).implement({
    fields: (t) => ({
      plot: t.drizzleField({
        type: Plot,
        resolve: (query, o, _a, ctx) =>
          ctx.db.query.plots.findFirst(query({ where: { id: o.result.id } })).then((p) => {
            if (!p) throw new Error(`plot ${o.result.id} vanished`);
            return p;
          }),
      }),
      replayed: t.boolean({ resolve: (o) => o.replayed }),
    }),
  });

const SetPlotGeolocationInput = builder.inputType('SetPlotGeolocationInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    plotId: t.id({ required: true }),
    geojson: t.string({
      description:
        'A GeoJSON geometry: Point, Polygon or MultiPolygon, [longitude, latitude], at least 6 decimals. Or give latitude and longitude.',
    }),
    latitude: t.field({ type: 'Decimal', description: 'A point\u2019s latitude, at least 6 decimals.' }),
    longitude: t.field({ type: 'Decimal', description: 'A point\u2019s longitude, at least 6 decimals.' }),
    source: t.string({ description: 'Where it comes from, e.g. "GPS walk by the technician, 2026-10-02".' }),
  }),
});

const RecordDeforestationAssessmentInput = builder.inputType('RecordDeforestationAssessmentInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    plotId: t.id({ required: true }),
    source: t.string({ required: true, description: 'E.g. "MINAM Geobosques forest loss 2021-2025".' }),
    assessedOn: t.field({
      type: 'Date',
      required: true,
      description: 'After the cut-off 2020-12-31, not in the future.',
    }),
    result: t.field({ type: AssessmentResultEnum, required: true }),
    evidenceReference: t.string({
      required: true,
      description: 'Where the evidence is: a report number, a file, a URL.',
    }),
  }),
});

const RecordLandTenureInput = builder.inputType('RecordLandTenureInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    plotId: t.id({ required: true }),
    kind: t.field({ type: TenureKindEnum, required: true }),
    reference: t.string({ required: true, description: 'E.g. the SUNARP registry entry, or the certificate number.' }),
    issuedOn: t.field({ type: 'Date' }),
  }),
});

const RecordDueDiligenceStatementInput = builder.inputType('RecordDueDiligenceStatementInput', {
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    deliveryId: t.id({ required: true }),
    statementNumber: t.int({ description: 'Which statement of the delivery\u2019s file; defaults to 1.' }),
    referenceNumber: t.string({ required: true }),
    verificationNumber: t.string({ required: true }),
    filedAt: t.field({ type: 'DateTime', required: true }),
  }),
});

const RecordDueDiligenceStatementPayload = builder
  .objectRef<MutationOutcome<RecordRef>>('RecordDueDiligenceStatementPayload')
  .implement({
    fields: (t) => ({
      delivery: t.field({
        type: SaleDelivery,
        resolve: (o, _a, ctx) => ctx.db.query.saleDeliveries.findFirst({ where: { id: o.result.id } }).then((d) => d!),
      }),
      replayed: t.boolean({ resolve: (o) => o.replayed }),
    }),
  });

builder.mutationFields((t) => ({
  setPlotGeolocation: t.withAuth({ authenticated: true }).field({
    type: PlotPayload('SetPlotGeolocationPayload'),
    description:
      'Gives a plot its EUDR geolocation, checked against every rule of docs/eudr.md (admins, or the manager of the farmer\u2019s cooperative).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: SetPlotGeolocationInput, required: true }) },
    resolve: (_r, { input }, ctx) => setPlotGeolocation(ctx, input),
  }),
  recordDeforestationAssessment: t.withAuth({ authenticated: true }).field({
    type: PlotPayload('RecordDeforestationAssessmentPayload'),
    description:
      'Records a deforestation-free assessment of a plot; the latest one counts (admins, or the manager of the farmer\u2019s cooperative).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordDeforestationAssessmentInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordDeforestationAssessment(ctx, input),
  }),
  recordLandTenure: t.withAuth({ authenticated: true }).field({
    type: PlotPayload('RecordLandTenurePayload'),
    description:
      'Records the farmer\u2019s land-tenure document for a plot, by reference (admins, or the manager of the farmer\u2019s cooperative).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordLandTenureInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordLandTenure(ctx, input),
  }),
  recordDueDiligenceStatement: t.withAuth({ authenticated: true }).field({
    type: RecordDueDiligenceStatementPayload,
    description:
      'Records the reference and verification numbers of a filed due-diligence statement, on a delivery for the EU only (admins).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RecordDueDiligenceStatementInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordDueDiligenceStatement(ctx, input),
  }),
}));
