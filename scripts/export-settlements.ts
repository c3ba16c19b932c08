/**
 * `npm run export:settlements -- --cooperative CAC-PAN --campaign C2019 [--as-of 2020-01-15] [--out file.csv]`
 * Writes what a cooperative owes each of its farmers for a campaign as CSV
 * (to stdout, or to --out). Runs with the database's full access: it is an
 * operator's tool on the server, like `npm run seed`.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.js';
import { loadConfig } from '../server/config.js';
import { DomainError } from '../server/domain/errors.js';
import { localDateOf } from '../server/domain/time.js';
import { exportFarmerSettlements } from '../server/exports/farmer-settlements.js';
import { settings } from '../server/services/lots.js';

const { values } = parseArgs({
  options: {
    cooperative: { type: 'string' },
    campaign: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
  },
});
if (!values.cooperative || !values.campaign) {
  console.error('usage: --cooperative <code> --campaign <code> [--as-of YYYY-MM-DD] [--out file.csv]');
  process.exit(2);
}
const db = openDatabase(loadConfig().databasePath);
try {
  const asOf = values['as-of'] ?? localDateOf(new Date(), settings(db).timeZone);
  const { filename, csv } = exportFarmerSettlements(db, null, {
    cooperative: values.cooperative,
    campaign: values.campaign,
    asOf,
  });
  if (values.out) {
    writeFileSync(values.out, csv);
    console.error(`wrote ${values.out} (${filename})`);
  } else process.stdout.write(csv);
} catch (e) {
  if (e instanceof DomainError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
} finally {
  db.$client.close();
}
