/**
 * One place that resolves a cooperative and a campaign by code, checks who
 * may export, and renders the farmer-settlements CSV: used by the HTTP
 * endpoint and by `npm run export:settlements`.
 */
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { cooperatives, harvestCampaigns } from '../../db/schema.js';
import type { Principal } from '../auth/policy.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../domain/errors.js';
import { isCurrency } from '../domain/money.js';
import { isCalendarDate } from '../domain/time.js';
import { farmerSettlements } from '../queries/farmer-settlements.js';
import { settings } from '../queries/consortium.js';
import { farmerSettlementsCsv } from './farmer-settlements-csv.js';

export interface ExportRequest {
  cooperative: string;
  campaign: string;
  asOf: string;
}

/** The CSV and a file name, or a typed error (unknown codes, a bad date, a reader who may not export). */
export function exportFarmerSettlements(
  db: Queryable,
  who: Principal | null,
  req: ExportRequest,
): { filename: string; csv: string } {
  if (!isCalendarDate(req.asOf))
    throw InvalidInputError.single(['asOf'], 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  const coop = db.select().from(cooperatives).where(eq(cooperatives.code, req.cooperative)).get();
  if (
    who &&
    !(
      who.role === 'admin' ||
      who.role === 'auditor' ||
      (who.role === 'cooperative_manager' && coop && who.cooperativeId === coop.id)
    )
  ) {
    throw new ForbiddenError('farmer settlements are for admins, auditors and the cooperative\u2019s own manager');
  }
  if (!coop) throw new NotFoundError(['cooperative'], req.cooperative, 'cooperative');
  const campaign = db.select().from(harvestCampaigns).where(eq(harvestCampaigns.code, req.campaign)).get();
  if (!campaign) throw new NotFoundError(['campaign'], req.campaign, 'harvest campaign');
  const currency = settings(db).baseCurrency;
  if (!isCurrency(currency)) throw new Error(`unsupported base currency ${currency}`);
  const rows = farmerSettlements(db, coop.id, campaign.id, req.asOf);
  return {
    filename: `${coop.code}-${campaign.code}-farmer-settlements-${req.asOf}.csv`,
    csv: farmerSettlementsCsv(rows, currency),
  };
}
