/**
 * `npm run user:create -- --name "Ana" --email ana@example.org --role plant_staff --plant PLT-LM`
 * Creates a user and prints a new API token (shown once; only its SHA-256 is stored).
 * `--token-for <email>` issues another token for an existing user instead.
 *
 * Scopes: --cooperative <code> (cooperative_manager), --plant <code> (plant_staff),
 * --lender <code> (lender). Uses DATABASE_PATH (default data/demo.db).
 */
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { cooperatives, lenders, plants, users } from '../db/schema.js';
import { ROLES } from '../server/auth/policy.js';
import { loadConfig } from '../server/config.js';
import { createUser, isRole, issueToken } from '../server/services/users.js';

const { values } = parseArgs({
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

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const db = openDatabase(loadConfig().databasePath);
migrateDatabase(db);

if (values['token-for']) {
  const user = db.select().from(users).where(eq(users.email, values['token-for'])).get();
  if (!user) fail(`no user with email ${values['token-for']}`);
  console.log(issueToken(db, user.id, values.label));
  process.exit(0);
}

if (!values.name || !values.email || !values.role) {
  fail('usage: --name <name> --email <email> --role <role> [--cooperative CODE | --plant CODE | --lender CODE]');
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

const token = db.transaction((tx) => {
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
console.log(`created ${role} ${values.email}; token (shown once):`);
console.log(token);
