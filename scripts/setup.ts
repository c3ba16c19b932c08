/**
 * `npm run setup -- --name "Café Perú" --country PE --currency PEN --time-zone America/Lima [--moisture-limit 12.5] [--yield-tolerance 3] [--guarantee-call-days 90]`
 * Initialises a new (non-demo) database: migrates it and records the
 * consortium. Run once per deployment, then create users with user:create.
 */
import { migrateDatabase, openDatabase } from '../db/client.js';
import { consortium } from '../db/schema.js';
import { checkPercent } from '../server/domain/lot.js';
import { DEFAULT_YIELD_TOLERANCE_PCT } from '../server/domain/processing.js';
import { loadConfig } from '../server/config.js';
import { command, fail } from './lib/cli.js';
import { auditedTransaction } from '../server/services/audit.js';
import { loadSigningKey } from '../server/services/audit-signing.js';

const { values } = command({
  name: 'setup',
  usage: `
npm run setup -- --name NAME --country CC --currency CUR --time-zone ZONE [--moisture-limit 12.5] [--yield-tolerance 3] [--guarantee-call-days 90]

Initialises a new (non-demo) DATABASE_PATH: migrates it and records the consortium. Run once per deployment,
then create users with user:create.
  --country     ISO 3166 two-letter code, e.g. PE
  --currency    ISO 4217 code of the books, e.g. PEN
  --time-zone   IANA zone, e.g. America/Lima
Exit 0: set up; 2: a bad option, or the database already has its consortium.`,
  options: {
    name: { type: 'string' },
    country: { type: 'string' },
    currency: { type: 'string' },
    'time-zone': { type: 'string' },
    'moisture-limit': { type: 'string', default: '12.5' },
    'yield-tolerance': { type: 'string', default: DEFAULT_YIELD_TOLERANCE_PCT },
    'guarantee-call-days': { type: 'string', default: '90' },
  },
});

const { name, country, currency } = values;
const timeZone = values['time-zone'];
if (!name || !country || !currency || !timeZone) {
  fail('--name, --country, --currency and --time-zone are required (see --help)');
}
if (!/^[A-Z]{2}$/.test(country)) fail('--country must be a two-letter ISO 3166 code, e.g. PE');
if (!/^[A-Z]{3}$/.test(currency)) fail('--currency must be a three-letter ISO 4217 code, e.g. PEN');
try {
  new Intl.DateTimeFormat('en', { timeZone });
} catch {
  fail(`--time-zone ${timeZone} is not an IANA time zone, e.g. America/Lima`);
}
const limit = values['moisture-limit']!;
const bad = checkPercent(limit, 2);
if (bad) fail(`--moisture-limit ${bad.message}`);
const tolerance = values['yield-tolerance']!;
const badTolerance = checkPercent(tolerance, 2);
if (badTolerance) fail(`--yield-tolerance ${badTolerance.message}`);

const callDays = Number(values['guarantee-call-days']);
if (!/^[0-9]{1,4}$/.test(values['guarantee-call-days']!) || callDays < 1)
  fail('--guarantee-call-days must be a whole number of days, 1 to 9999');

const config = loadConfig();
const db = openDatabase(config.databasePath);
migrateDatabase(db);
if (db.select().from(consortium).limit(1).get()) fail(`${config.databasePath} already has its consortium`);
// The audit signing key: created here once, outside the database (docs/audit.md, "Signed heads").
const key = loadSigningKey(db.$client, config.auditKeyPath, true);
if (!key) fail(`${config.auditKeyPath} holds a public key only: setup needs the private signing key`);
auditedTransaction(db, 'setup', (tx) =>
  tx
    .insert(consortium)
    .values({
      id: 1,
      name,
      country,
      baseCurrency: currency,
      timeZone,
      defaultMoistureLimitPct: limit,
      yieldTolerancePct: tolerance,
      guaranteeCallDays: callDays,
    })
    .run(),
);
console.log(`set up ${name} in ${config.databasePath}`);
console.log(
  `audit signing key ${key.keyId}: ${config.auditKeyPath} (keep it out of the database's backups; give ${config.auditKeyPath}.pub to lenders and auditors)`,
);
