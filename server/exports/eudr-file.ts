/**
 * The due-diligence geolocation file of an export delivery, by its code, as
 * the files to upload to the EU information system (docs/eudr.md): one
 * GeoJSON FeatureCollection per statement. Used by `npm run eudr:export`;
 * the API serves the same text (`SaleDelivery.dueDiligence`).
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { type DueDiligenceFile, dueDiligenceFile } from '../queries/eudr.js';

export class DueDiligenceExportError extends Error {
  constructor(
    message: string,
    /** 2: asked wrongly (no such delivery, not for the EU); 1: the coffee may not go (a lot lost its standing). */
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

export function exportDueDiligence(db: Queryable, deliveryCode: string): DueDiligenceFile {
  const d = db.get<{ id: number; eudr: number }>(sql`
    select d.id as id, c.eudr as eudr from sale_deliveries d join sales_contracts c on c.id = d.contract_id
    where d.code = ${deliveryCode.normalize('NFKC').trim()}`);
  if (!d) throw new DueDiligenceExportError(`no delivery ${deliveryCode}`, 2);
  if (d.eudr !== 1) {
    throw new DueDiligenceExportError(
      `delivery ${deliveryCode} is not on a contract marked for the EU: it needs no due-diligence file`,
      2,
    );
  }
  const file = dueDiligenceFile(db, d.id)!;
  if (file.nonCompliantLots.length > 0) {
    throw new DueDiligenceExportError(
      `delivery ${deliveryCode} holds coffee of ${file.nonCompliantLots.length} lot(s) no longer EUDR-compliant (a later finding): see Lot.eudr`,
      1,
    );
  }
  return file;
}

/** The file names to write: FILE for one statement, FILE-1.geojson, FILE-2.geojson… when split. */
export function statementFileNames(out: string, count: number): string[] {
  if (count === 1) return [out];
  const base = out.replace(/\.(geo)?json$/i, '');
  return Array.from({ length: count }, (_, i) => `${base}-${i + 1}.geojson`);
}
