/**
 * The newcomer's path (issue 12 item 7), run exactly as README.md's "A new
 * consortium, from an empty database" tells it: `npm run setup` and
 * `npm run user:create` on a fresh database, `npm start`, then API calls
 * only — cooperative, plant and warehouse, campaign, farmer and plot, a plant
 * staff user and token — and the first lot recorded at the scale. No SQL, no
 * TypeScript. Every GraphQL document below must appear verbatim in the README
 * (the first test), so the README cannot drift from what is tested.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's steps, in order: who sends what. `$…` values come from earlier answers. */
const STEPS = {
  cooperative: `mutation($i: CreateCooperativeInput!) { createCooperative(input: $i) { __typename ... on CooperativePayload { cooperative { id code } } ... on Error { message } } }`,
  plant: `mutation($i: CreatePlantInput!) { createPlant(input: $i) { __typename ... on PlantPayload { plant { id code } } ... on Error { message } } }`,
  warehouse: `mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { __typename ... on WarehousePayload { warehouse { id code } } ... on Error { message } } }`,
  campaign: `mutation($i: CreateHarvestCampaignInput!) { createHarvestCampaign(input: $i) { __typename ... on HarvestCampaignPayload { campaign { id code } } ... on Error { message } } }`,
  farmer: `mutation($i: CreateFarmerInput!) { createFarmer(input: $i) { __typename ... on FarmerPayload { farmer { id fullName } } ... on Error { message } } }`,
  plot: `mutation($i: CreatePlotInput!) { createPlot(input: $i) { __typename ... on PlotPayload { plot { id areaHectares } } ... on Error { message } } }`,
  user: `mutation($i: CreateUserInput!) { createUser(input: $i) { __typename ... on UserPayload { user { id } } ... on Error { message } } }`,
  token: `mutation($i: IssueTokenInput!) { issueToken(input: $i) { __typename ... on IssueTokenPayload { token } ... on Error { message } } }`,
  lot: `mutation($i: RecordLotIntakeInput!) { recordLotIntake(input: $i) { __typename ... on RecordLotIntakePayload { lot { code status netWeight { kg } cooperative { code } } } ... on Error { message } } }`,
} as const;

let dir = '';
let server: ChildProcess | null = null;
let url = '';
let adminToken = '';
const env = () => ({
  ...process.env,
  DATABASE_PATH: join(dir, 'consortium.db'),
  AUDIT_SIGNING_KEY_FILE: join(dir, 'audit-signing.key'),
  DEMO_SEED: '0',
  LOG_LEVEL: 'warn',
  // An empty .env of its own: the developer's .env (if any) does not leak into the fresh consortium.
  ENV_FILE: join(dir, '.env'),
});
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const run = (script: string, args: string[]) =>
  execFileSync(tsx, [script, ...args], { env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coop-newcomer-'));
  writeFileSync(join(dir, '.env'), '');
  run('scripts/setup.ts', [
    '--name',
    'Café Nuevo',
    '--country',
    'PE',
    '--currency',
    'PEN',
    '--time-zone',
    'America/Lima',
  ]);
  adminToken = run('scripts/create-user.ts', [
    '--name',
    'Ana Torres',
    '--email',
    'ana@example.org',
    '--role',
    'admin',
  ]).trim();
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  server = spawn(tsx, ['server/main.ts'], { env: { ...env(), PORT: String(port) }, stdio: 'ignore' });
  url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}, 60_000);
afterAll(() => {
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function call(token: string, doc: string, input: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: doc, variables: { i: input } }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return Object.values(body.data!)[0];
}

describe("the newcomer's path", () => {
  it('every step of the test is written in README.md, verbatim', () => {
    expect(README).toContain('## A new consortium, from an empty database');
    for (const [step, doc] of Object.entries(STEPS)) expect(README, step).toContain(doc);
    expect(README).toContain(
      'npm run setup -- --name "Café Nuevo" --country PE --currency PEN --time-zone America/Lima',
    );
    expect(README).toContain('npm run -s user:create -- --name "Ana Torres" --email ana@example.org --role admin');
  });

  it('goes from an empty database to its first recorded lot through the API only', async () => {
    const coop = await call(adminToken, STEPS.cooperative, {
      idempotencyKey: 'newcomer-coop-0001',
      code: 'CAC-NUE',
      name: 'Cooperativa Agraria Nueva',
      region: 'Junín',
      membership: 'SHAREHOLDER',
    });
    expect(coop.__typename, JSON.stringify(coop)).toBe('CooperativePayload');
    const plant = await call(adminToken, STEPS.plant, {
      idempotencyKey: 'newcomer-plant-0001',
      code: 'PLT-NUE',
      name: 'Planta Nueva',
      kind: 'PLANT',
      region: 'Junín',
      hullingCapacityKgPerDay: '24000',
    });
    expect(plant.__typename, JSON.stringify(plant)).toBe('PlantPayload');
    const warehouse = await call(adminToken, STEPS.warehouse, {
      idempotencyKey: 'newcomer-wh-0001',
      plantId: plant.plant.id,
      code: 'PERG',
      name: 'Pergamino',
    });
    expect(warehouse.__typename, JSON.stringify(warehouse)).toBe('WarehousePayload');
    const campaign = await call(adminToken, STEPS.campaign, {
      idempotencyKey: 'newcomer-camp-0001',
      code: 'C2026',
      name: 'Campaña 2026',
      startsOn: '2026-04-01',
      endsOn: '2026-12-31',
    });
    expect(campaign.__typename, JSON.stringify(campaign)).toBe('HarvestCampaignPayload');
    const farmer = await call(adminToken, STEPS.farmer, {
      idempotencyKey: 'newcomer-farmer-0001',
      cooperativeId: coop.cooperative.id,
      nationalId: '41234567',
      fullName: 'Rosa Mamani Quispe',
    });
    expect(farmer.__typename, JSON.stringify(farmer)).toBe('FarmerPayload');
    const plot = await call(adminToken, STEPS.plot, {
      idempotencyKey: 'newcomer-plot-0001',
      farmerId: farmer.farmer.id,
      name: 'La Esperanza',
      areaHectares: '1.5',
      altitudeMeters: 1450,
    });
    expect(plot.plot.areaHectares).toBe('1.5');
    const user = await call(adminToken, STEPS.user, {
      idempotencyKey: 'newcomer-user-0001',
      name: 'Pedro Quispe',
      email: 'pedro@example.org',
      role: 'PLANT_STAFF',
      plantId: plant.plant.id,
    });
    expect(user.__typename, JSON.stringify(user)).toBe('UserPayload');
    const token = await call(adminToken, STEPS.token, {
      idempotencyKey: 'newcomer-token-0001',
      userId: user.user.id,
      label: 'scale tablet',
    });
    expect(token.token).toMatch(/^cct_/);
    const lot = await call(token.token, STEPS.lot, {
      idempotencyKey: 'newcomer-lot-0001',
      plantId: plant.plant.id,
      farmerId: farmer.farmer.id,
      campaignId: campaign.campaign.id,
      receivedAt: '2026-06-15T09:30:00-05:00',
      bags: 12,
      grossKg: '555.5',
      tareKg: '3',
      moisturePercent: '11.8',
    });
    expect(lot).toEqual({
      __typename: 'RecordLotIntakePayload',
      lot: { code: 'C2026-00001', status: 'RECEIVED', netWeight: { kg: '552.5' }, cooperative: { code: 'CAC-NUE' } },
    });
  }, 60_000);
});
