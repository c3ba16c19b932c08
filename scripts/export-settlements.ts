/**
 * `npm run export:settlements -- --cooperative CAC-PAN --campaign C2019 [--as-of 2020-01-15] [--out file.csv] [--excel]`
 * Writes what a cooperative owes each of its farmers for a campaign as CSV
 * (to --out, or to stdout: then run `npm run -s` so that npm's banner stays
 * out of it). Runs with the database's full access: it is an operator's tool
 * on the server, like `npm run seed`.
 */
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../db/client.js';
import { loadConfig } from '../server/config.js';
import { localDateOf } from '../server/domain/time.js';
import { exportFarmerSettlements } from '../server/exports/farmer-settlements.js';
import { settings } from '../server/queries/consortium.js';
import { withExcelBom } from '../server/exports/farmer-settlements-csv.js';
import { command, fail, say } from './lib/cli.js';

const { values } = command({
  name: 'export:settlements',
  usage: `
npm run export:settlements -- --cooperative CODE --campaign CODE [--as-of YYYY-MM-DD] [--out FILE] [--excel]

What a cooperative owes each of its farmers for a campaign, as CSV (UTF-8, RFC 4180).
  --out FILE   write the CSV to FILE (else to stdout: use \`npm run -s\` so that npm's banner stays out of it)
  --excel      start with a UTF-8 byte-order mark, so that Excel on Windows reads á and ñ
  --as-of      the business date (default: today in the consortium's time zone)
Exit 0: written; 2: no such cooperative or campaign, or a bad option.`,
  options: {
    cooperative: { type: 'string' },
    campaign: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    excel: { type: 'boolean', default: false },
  },
});
if (!values.cooperative || !values.campaign) fail('--cooperative and --campaign are required (see --help)');
const db = openDatabase(loadConfig().databasePath);
try {
  const asOf = values['as-of'] ?? localDateOf(new Date(), settings(db).timeZone);
  const { filename, csv: plain } = exportFarmerSettlements(db, null, {
    cooperative: values.cooperative,
    campaign: values.campaign,
    asOf,
  });
  const csv = values.excel ? withExcelBom(plain) : plain;
  if (values.out) {
    writeFileSync(values.out, csv);
    say(`wrote ${values.out} (${filename})`);
  } else process.stdout.write(csv);
} finally {
  db.$client.close();
}
