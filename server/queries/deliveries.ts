/** Reads the lots a delivery summary needs, in one statement for many (cooperative, campaign) pairs. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { lotGradings, lots } from '../../db/schema.js';
import { type DeliveredLot, type DeliverySummary, summarizeDeliveries } from '../domain/summary.js';

export interface SummaryKey {
  cooperativeId: number;
  campaignId: number;
}

/** Summaries for each key, in key order; one SQL statement. */
export function deliverySummaries(db: Queryable, keys: readonly SummaryKey[]): DeliverySummary[] {
  if (keys.length === 0) return [];
  const rows = db
    .select({
      cooperativeId: lots.cooperativeId,
      campaignId: lots.campaignId,
      status: lots.status,
      netG: lots.netG,
      cupScore: lotGradings.cupScore,
    })
    .from(lots)
    .leftJoin(lotGradings, eq(lotGradings.id, lots.currentGradingId))
    .where(
      and(
        inArray(lots.cooperativeId, [...new Set(keys.map((k) => k.cooperativeId))]),
        inArray(lots.campaignId, [...new Set(keys.map((k) => k.campaignId))]),
      ),
    )
    .all();
  const byKey = new Map<string, DeliveredLot[]>();
  for (const r of rows) {
    const k = `${r.cooperativeId}:${r.campaignId}`;
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(r);
  }
  return keys.map((k) => summarizeDeliveries(byKey.get(`${k.cooperativeId}:${k.campaignId}`) ?? []));
}
