/**
 * `npm run user:create -- --name "Ana" --email ana@example.org --role plant_staff --plant PLT-LM`
 * Creates a user and prints a new API token (shown once; only its SHA-256 is stored).
 * `--token-for <email>` issues another token for an existing user instead.
 *
 * Scopes: --cooperative <code> (cooperative_manager), --plant <code> (plant_staff),
 * --lender <code> (lender). Uses DATABASE_PATH (default data/demo.db).
 */
import { eq } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { cooperatives, lenders, plants, users } from '../db/schema.js';
import { ROLES } from '../server/auth/policy.js';
import { loadConfig } from '../server/config.js';
import { auditedTransaction } from '../server/services/audit.js';
import { loadSigningKey } from '../server/services/audit-signing.js';
import { createUser, isRole, issueToken } from '../server/services/users.js';
import { command, fail, say } from './lib/cli.js';

const { values } = command({
  name: 'user:create',
  usage: `
npm run user:create -- --name NAME --email EMAIL --role ROLE [--cooperative CODE | --plant CODE | --lender CODE] [--label TEXT]
npm run user:create -- --token-for EMAIL [--label TEXT]

Creates a user of DATABASE_PATH and prints a new API token on stdout (shown once; only its SHA-256 is stored);
messages go to stderr, so \`npm run -s user:create … > token.txt\` holds the token alone.
Roles: ${ROLES.join(', ')}. A cooperative_manager needs --cooperative, plant_staff --plant, lender --lender.
  --token-for EMAIL   issue another token for an existing user instead
Exit 0: created; 2: bad or missing option, unknown code, or the email is already taken.`,
  options: {
    name: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    cooperative: { type: 'string' },
    plant: { type: 'string' },
    lender: { type: 'string' },
    'token-for': { type: 'string' },
    label: { type: 'string' },
  },
});

const config = loadConfig();
const db = openDatabase(config.databasePath);
migrateDatabase(db);
loadSigningKey(db.$client, config.auditKeyPath);

if (values['token-for']) {
  const user = db.select().from(users).where(eq(users.email, values['token-for'])).get();
  if (!user) fail(`no user with email ${values['token-for']}`);
  say(`new token for ${user.email} (shown once):`);
  console.log(auditedTransaction(db, 'user:create --token-for', (tx) => issueToken(tx, user.id, values.label)));
  process.exit(0);
}

if (!values.name || !values.email || !values.role) {
  fail('--name, --email and --role are required (see --help)');
}
if (!isRole(values.role)) fail(`role must be one of ${ROLES.join(', ')}`);
const role = values.role;

const lookup = (
  table: typeof cooperatives | typeof plants | typeof lenders,
  code: string | undefined,
  flag: string,
) => {
  if (!code) fail(`role ${role} needs --${flag} <code>`);
  const row = db.select({ id: table.id }).from(table).where(eq(table.code, code)).get();
  if (!row) fail(`no ${flag} with code ${code}`);
  return row.id;
};

const token = auditedTransaction(db, 'user:create', (tx) => {
  const id = createUser(tx, {
    name: values.name!,
    email: values.email!,
    role,
    cooperativeId: role === 'cooperative_manager' ? lookup(cooperatives, values.cooperative, 'cooperative') : null,
    plantId: role === 'plant_staff' ? lookup(plants, values.plant, 'plant') : null,
    lenderId: role === 'lender' ? lookup(lenders, values.lender, 'lender') : null,
  });
  return issueToken(tx, id, values.label);
});
say(`created ${role} ${values.email}; token (shown once):`);
console.log(token);
