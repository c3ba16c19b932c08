/**
 * EUDR reads: whether lots are compliant (in SQL, so stock and deliveries
 * can filter on it in the statement that reads them), why not, and the
 * due-diligence geolocation file of an export delivery. Each function is a
 * fixed number of statements.
 */
import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import {
  type AssessmentResult,
  type EudrReason,
  HS_CODE_COFFEE,
  type PlotEvidence,
  type ProducerPart,
  type StatementPlan,
  lotEudrReasons,
  planStatements,
} from '../domain/eudr.js';
import { gramsToKg, squareMetresToHectares } from '../domain/units.js';

const ids = (xs: readonly number[]) =>
  sql.join(
    xs.map((i) => sql`${i}`),
    sql`, `,
  );

/** The latest deforestation assessment's result of plot `p` (SQL expression). */
const latestResult = (plot: SQL) =>
  sql`(select a.result from plot_deforestation_assessments a where a.plot_id = ${plot}
       order by a.assessed_on desc, a.id desc limit 1)`;

/**
 * True (1) when the lot whose id is `lotId` is EUDR-compliant: it names a
 * plot, and every plot it names has a geometry, a latest assessment of "no
 * deforestation" and a land-tenure document. The rule of
 * server/domain/eudr.ts#lotEudrReasons, in SQL.
 */
export function lotCompliantSql(lotId: SQL): SQL {
  return sql`(exists (select 1 from lot_plots lp0 where lp0.lot_id = ${lotId})
    and not exists (select 1 from lot_plots lp join plots p on p.id = lp.plot_id
      where lp.lot_id = ${lotId} and (p.geometry is null
        or not exists (select 1 from plot_tenure_documents d where d.plot_id = p.id)
        or coalesce(${latestResult(sql`p.id`)}, '') <> 'no_deforestation')))`;
}

/**
 * True when batch `batchId` is compliant now: it was made compliant (every
 * input compliant when the run was recorded) and none of its owner lots has
 * lost its standing since (a later deforestation finding).
 */
export function batchCompliantSql(batch: SQL): SQL {
  return sql`(${batch}.eudr_compliant = 1 and not exists (select 1 from batch_shares bs
    where bs.batch_id = ${batch}.id and not ${lotCompliantSql(sql`bs.lot_id`)}))`;
}

/** Which of these lots are compliant now. */
export function compliantLots(db: Queryable, lotIds: readonly number[]): Set<number> {
  if (lotIds.length === 0) return new Set();
  const rows = db.all<{ id: number }>(
    sql`select l.id as id from lots l where l.id in (${ids(lotIds)}) and ${lotCompliantSql(sql`l.id`)}`,
  );
  return new Set(rows.map((r) => r.id));
}

export interface LotEudr {
  lotId: number;
  compliant: boolean;
  reasons: EudrReason[];
}

/** Each lot's EUDR standing with its reasons, in two statements for any number of lots. */
export function lotEudr(db: Queryable, lotIds: readonly number[]): Map<number, LotEudr> {
  const out = new Map<number, LotEudr>();
  if (lotIds.length === 0) return out;
  const plots = db.all<{
    lotId: number;
    plotId: number;
    plotName: string;
    geolocated: number;
    assessment: AssessmentResult | null;
    hasTenure: number;
  }>(sql`
    select lp.lot_id as lotId, p.id as plotId, p.name as plotName, p.geometry is not null as geolocated,
      ${latestResult(sql`p.id`)} as assessment,
      exists (select 1 from plot_tenure_documents d where d.plot_id = p.id) as hasTenure
    from lot_plots lp join plots p on p.id = lp.plot_id
    where lp.lot_id in (${ids(lotIds)}) order by lp.lot_id, p.id`);
  const counts = db.all<{ lotId: number; n: number }>(sql`
    select l.id as lotId, (select count(*) from plots p where p.farmer_id = l.farmer_id) as n
    from lots l where l.id in (${ids(lotIds)})`);
  const byLot = new Map<number, PlotEvidence[]>();
  for (const p of plots) {
    const list = byLot.get(p.lotId) ?? [];
    list.push({
      plotId: p.plotId,
      plotName: p.plotName,
      geolocated: p.geolocated === 1,
      assessment: p.assessment,
      hasTenure: p.hasTenure === 1,
    });
    byLot.set(p.lotId, list);
  }
  for (const c of counts) {
    const reasons = lotEudrReasons(byLot.get(c.lotId) ?? [], c.n);
    out.set(c.lotId, { lotId: c.lotId, compliant: reasons.length === 0, reasons });
  }
  return out;
}

// ------------------------------------------------------------------ the due-diligence file

export interface DueDiligenceStatement {
  number: number;
  /** The GeoJSON FeatureCollection, as the bytes to upload. */
  geojson: string;
  bytes: number;
  sha256: string;
  producerCount: number;
  plotCount: number;
  netMassGrams: number;
  netMassKg: string;
}

export interface DueDiligenceFile {
  deliveryId: number;
  deliveryCode: string;
  hsCode: string;
  netMassGrams: number;
  netMassKg: string;
  producerCount: number;
  plotCount: number;
  statements: DueDiligenceStatement[];
  /** Lots behind the delivery that are not compliant (empty for a delivery the EU rules let through). */
  nonCompliantLots: number[];
}

interface PlotRow {
  farmerId: number;
  producerName: string;
  plotId: number;
  plotName: string;
  areaM2: number;
  geometry: string | null;
  coopName: string;
  region: string;
}

/** One Feature, with the EU system's four properties; the geometry's text is kept byte for byte. */
function feature(p: PlotRow, country: string): string {
  const properties = {
    ProducerName: p.producerName,
    ProducerCountry: country,
    ProductionPlace: `${p.plotName}, ${p.coopName}, ${p.region}`,
    Area: Number(squareMetresToHectares(p.areaM2)),
  };
  return `{"type":"Feature","properties":${JSON.stringify(properties)},"geometry":${p.geometry ?? 'null'}}`;
}

function collection(features: readonly string[]): string {
  return `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
}

/**
 * The geolocation file of a delivery: through its sale takes to the lots,
 * the lots' plots and the farmers, one Feature per plot, grouped by
 * producer, cut into statements within the EU system's limits. The net mass
 * of a statement is the grams of its producers' coffee in the delivery.
 */
export function dueDiligenceFile(
  db: Queryable,
  deliveryId: number,
  limits: { maxProducers?: number; maxBytes?: number } = {},
): DueDiligenceFile | null {
  const delivery = db.get<{ id: number; code: string; quantityG: number; country: string }>(sql`
    select d.id as id, d.code as code, d.quantity_g as quantityG, (select country from consortium limit 1) as country
    from sale_deliveries d where d.id = ${deliveryId}`);
  if (!delivery) return null;
  const grams = db.all<{ farmerId: number; grams: number }>(sql`
    select l.farmer_id as farmerId, sum(t.grams) as grams
    from sale_takes t join lots l on l.id = t.lot_id where t.delivery_id = ${deliveryId}
    group by l.farmer_id order by l.farmer_id`);
  const plots = db.all<PlotRow>(sql`
    select distinct f.id as farmerId, f.full_name as producerName, p.id as plotId, p.name as plotName,
      p.area_m2 as areaM2, p.geometry as geometry, c.name as coopName, c.region as region
    from sale_takes t join lot_plots lp on lp.lot_id = t.lot_id join plots p on p.id = lp.plot_id
      join farmers f on f.id = p.farmer_id join cooperatives c on c.id = f.cooperative_id
    where t.delivery_id = ${deliveryId} order by f.id, p.id`);
  const nonCompliant = db.all<{ id: number }>(sql`
    select distinct t.lot_id as id from sale_takes t where t.delivery_id = ${deliveryId}
      and not ${lotCompliantSql(sql`t.lot_id`)} order by t.lot_id`);
  const featuresOf = new Map<number, string[]>();
  for (const p of plots) {
    const list = featuresOf.get(p.farmerId) ?? [];
    list.push(feature(p, delivery.country));
    featuresOf.set(p.farmerId, list);
  }
  const parts: ProducerPart[] = grams.map((g) => ({
    producerId: g.farmerId,
    features: featuresOf.get(g.farmerId) ?? [],
    grams: g.grams,
  }));
  const plans: StatementPlan[] = planStatements(parts, limits);
  const statements = plans.map((s) => {
    const text = collection(s.producers.flatMap((p) => p.features));
    return {
      number: s.number,
      geojson: text,
      bytes: Buffer.byteLength(text, 'utf8'),
      sha256: createHash('sha256').update(text).digest('hex'),
      producerCount: s.producers.length,
      plotCount: s.producers.reduce((a, p) => a + p.features.length, 0),
      netMassGrams: s.grams,
      netMassKg: gramsToKg(s.grams),
    };
  });
  return {
    deliveryId: delivery.id,
    deliveryCode: delivery.code,
    hsCode: HS_CODE_COFFEE,
    netMassGrams: delivery.quantityG,
    netMassKg: gramsToKg(delivery.quantityG),
    producerCount: parts.length,
    plotCount: plots.length,
    statements,
    nonCompliantLots: nonCompliant.map((r) => r.id),
  };
}
