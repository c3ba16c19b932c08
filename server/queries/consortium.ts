/** The consortium's one settings row: a read every layer needs (services, queries, exports, schema). */
import type { Queryable } from '../../db/client.js';
import { consortium } from '../../db/schema.js';

/** The consortium's settings (time zone, moisture limit). */
export function settings(db: Queryable) {
  const row = db.select().from(consortium).limit(1).get();
  if (!row) throw new Error('the consortium is not set up: run `npm run setup`');
  return row;
}
