/**
 * The authorization matrix (docs/authorization.md), walked cell by cell over
 * real HTTP on the demo book (`startServer({ loans: true })`).
 *
 * 1. Every top-level Query and Mutation field × every role. Each role column
 *    is walked with every demo token of that role (two managers, two plant
 *    staff, three lender users), so that "own" is checked against more than
 *    one tenant. A cell reads:
 *    - `✓`  allowed, and sees what the admin sees (lists: the same rows);
 *    - `own`, `own plant`, `own loans`  allowed, and sees exactly the rows of
 *      the caller's cooperative / plant / lender, worked out from the admin's
 *      full view (or, where the API has a filter for it, the admin's filtered
 *      view); for a mutation: allowed on the caller's own cooperative or plant
 *      and refused on another's;
 *    - `empty`  allowed, sees nothing;
 *    - `—`  refused: FORBIDDEN (a read) or ForbiddenError (a mutation), and
 *      UNAUTHENTICATED without a token.
 *    Mutations are sent with inputs that fail harmlessly after authorization
 *    (an unknown ID, an out-of-range value, a taken code), so "allowed" means
 *    "answered NotFoundError / InvalidInputError / ConflictError, not
 *    ForbiddenError"; a digest of the whole database proves the walk wrote
 *    nothing.
 * 2. `node(id:)` (and `nodes(ids:)`) for sample objects of every Node type ×
 *    every role, own and other tenants' objects alike.
 * 3. The nested fields that cross from one tenant's object into another's data.
 *
 * The matrix below is the data; a test parses the tables of
 * docs/authorization.md and requires them to be the same, and another
 * requires every Query and Mutation field (and every Node type) of
 * schema/schema.graphql to have a row: a new field without a row fails.
 *
 * Known access bugs are `it.fails` with a comment. The last describe block
 * writes (after the digest check): the demo book has one loan per
 * cooperative, and `CampaignLoan.coverage` needs a cooperative with loans
 * from two lenders.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../server/lib/global-id.js';
import { type Role, type TestServer, startServer } from '../support/server.js';

const TODAY = '2020-01-15';

// ================================================================ the matrix, as data

const COLUMNS = ['admin', 'auditor', 'cooperative manager', 'plant staff', 'lender', 'no token'] as const;
type Column = (typeof COLUMNS)[number];
const CELLS = ['✓', 'own', 'own plant', 'own loans', 'empty', '—'] as const;
type Cell = (typeof CELLS)[number];
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell];

const ADMIN_ONLY: Row = ['✓', '—', '—', '—', '—', '—'];
const BOOKS: Row = ['✓', '✓', '—', '—', '—', '—'];
const AUDITORS: Row = ['—', '✓', '—', '—', '—', '—'];
const EVERYONE: Row = ['✓', '✓', '✓', '✓', '✓', '—'];
const PLANT_WRITE: Row = ['✓', '—', '—', 'own plant', '—', '—'];
const COOP_WRITE: Row = ['✓', '—', 'own', '—', '—', '—'];
const STOCK_READ: Row = ['✓', '✓', 'own', 'own plant', 'empty', '—'];

/** Every top-level field: the first table of docs/authorization.md. */
const MATRIX: Record<string, Row> = {
  'Query.auditEntries': AUDITORS,
  'Query.auditVerification': AUDITORS,
  'Query.buyers': BOOKS,
  'Query.campaignLoans': ['✓', '✓', 'own', 'empty', 'own loans', '—'],
  'Query.consortium': EVERYONE,
  'Query.cooperatives': ['✓', '✓', 'own', '✓', '✓', '—'],
  'Query.creditLines': ['✓', '✓', '—', '—', 'own', '—'],
  'Query.farmers': ['✓', '✓', 'own', '✓', 'empty', '—'],
  'Query.harvestCampaigns': EVERYONE,
  'Query.journalEntries': BOOKS,
  'Query.lenders': ['✓', '✓', '✓', '✓', 'own', '—'],
  'Query.loanPortfolio': ['✓', '✓', 'own', '—', 'own loans', '—'],
  'Query.loanRequests': BOOKS,
  'Query.lots': ['✓', '✓', 'own', 'own plant', 'empty', '—'],
  'Query.massBalance': ['✓', '✓', 'own', 'own plant', '—', '—'],
  'Query.node': EVERYONE,
  'Query.nodes': EVERYONE,
  'Query.plants': EVERYONE,
  'Query.processingRuns': STOCK_READ,
  'Query.salesContracts': BOOKS,
  'Query.stock': STOCK_READ,
  'Query.stockBatches': STOCK_READ,
  'Query.trialBalance': BOOKS,
  'Query.viewer': ['✓', '✓', '✓', '✓', '✓', 'empty'],
  'Mutation.callGuarantee': ADMIN_ONLY,
  'Mutation.createBuyer': ADMIN_ONLY,
  'Mutation.createCampaignLoan': ADMIN_ONLY,
  'Mutation.createCreditLine': ADMIN_ONLY,
  'Mutation.createDomesticContract': ADMIN_ONLY,
  'Mutation.createLender': ADMIN_ONLY,
  'Mutation.createSalesContract': ADMIN_ONLY,
  'Mutation.decideLoanRequest': ADMIN_ONLY,
  'Mutation.drawCreditLine': ADMIN_ONLY,
  'Mutation.gradeLot': PLANT_WRITE,
  'Mutation.recordDeforestationAssessment': COOP_WRITE,
  'Mutation.recordDomesticDelivery': PLANT_WRITE,
  'Mutation.recordDueDiligenceStatement': ADMIN_ONLY,
  'Mutation.recordExchangeRate': ADMIN_ONLY,
  'Mutation.recordHullingRun': PLANT_WRITE,
  'Mutation.recordFarmerPayout': COOP_WRITE,
  'Mutation.recordFarmerPayoutRun': COOP_WRITE,
  'Mutation.recordLandTenure': COOP_WRITE,
  'Mutation.recordLoanRepayment': ADMIN_ONLY,
  'Mutation.recordLotIntake': PLANT_WRITE,
  'Mutation.recordPackingRun': PLANT_WRITE,
  'Mutation.recordRoastingBatch': PLANT_WRITE,
  'Mutation.recordSaleDelivery': PLANT_WRITE,
  'Mutation.recordSalePayment': ADMIN_ONLY,
  'Mutation.rejectLot': PLANT_WRITE,
  'Mutation.repayCreditLine': ADMIN_ONLY,
  'Mutation.requestLoanDisbursement': ADMIN_ONLY,
  'Mutation.requestLoanWriteOff': ADMIN_ONLY,
  'Mutation.reverseFarmerPayout': COOP_WRITE,
  'Mutation.reverseJournalEntry': ADMIN_ONLY,
  'Mutation.reverseLoanEvent': ADMIN_ONLY,
  'Mutation.reverseSalePayment': ADMIN_ONLY,
  'Mutation.setAdvancePrice': COOP_WRITE,
  'Mutation.setCooperativeRetention': COOP_WRITE,
  'Mutation.setEndorsementLimit': ADMIN_ONLY,
  'Mutation.setFarmerNettingRule': COOP_WRITE,
  'Mutation.setPlotGeolocation': COOP_WRITE,
  'Mutation.setSettlementTerms': ADMIN_ONLY,
  'Mutation.addCooperativeCertification': ADMIN_ONLY,
  'Mutation.renewCooperativeCertification': ADMIN_ONLY,
  'Mutation.revokeCooperativeCertification': ADMIN_ONLY,
  'Mutation.createCooperative': ADMIN_ONLY,
  'Mutation.updateCooperative': ADMIN_ONLY,
  'Mutation.createFarmer': COOP_WRITE,
  'Mutation.updateFarmer': COOP_WRITE,
  'Mutation.deactivateFarmer': COOP_WRITE,
  'Mutation.createPlot': COOP_WRITE,
  'Mutation.updatePlot': COOP_WRITE,
  'Mutation.addFarmerCertification': COOP_WRITE,
  'Mutation.revokeFarmerCertification': COOP_WRITE,
  'Mutation.transferFarmer': ADMIN_ONLY,
  'Mutation.createPlant': ADMIN_ONLY,
  'Mutation.updatePlant': ADMIN_ONLY,
  'Mutation.createWarehouse': ADMIN_ONLY,
  'Mutation.createHarvestCampaign': ADMIN_ONLY,
  'Mutation.updateHarvestCampaign': ADMIN_ONLY,
  'Mutation.createUser': ADMIN_ONLY,
  'Mutation.issueToken': ADMIN_ONLY,
  'Mutation.revokeToken': ADMIN_ONLY,
  'Mutation.deactivateUser': ADMIN_ONLY,
};

const PUBLIC_NODE: Row = EVERYONE;
const HOLDS: Row = ['✓', '✓', 'own', 'own plant', '—', '—'];
/** `node(id:)` per object type: the second table of docs/authorization.md. */
const NODE_MATRIX: Record<string, Row> = {
  Buyer: BOOKS,
  CampaignLoan: ['✓', '✓', 'own', '—', 'own loans', '—'],
  Cooperative: ['✓', '✓', 'own', '✓', '✓', '—'],
  CreditLine: ['✓', '✓', '—', '—', 'own', '—'],
  Farmer: ['✓', '✓', 'own', '✓', '—', '—'],
  FarmerPayout: ['✓', '✓', 'own', '—', '—', '—'],
  HarvestCampaign: PUBLIC_NODE,
  JournalEntry: BOOKS,
  Lender: ['✓', '✓', '✓', '✓', 'own', '—'],
  LoanEvent: ['✓', '✓', 'own', '—', 'own loans', '—'],
  LoanRequest: BOOKS,
  Lot: HOLDS,
  Plant: PUBLIC_NODE,
  ProcessingRun: HOLDS,
  SaleDelivery: HOLDS,
  SalePayment: ['✓', '✓', 'own', '—', '—', '—'],
  SalesContract: BOOKS,
  StockBatch: HOLDS,
  Warehouse: PUBLIC_NODE,
};

/** The nested fields that cross tenants: the third table of docs/authorization.md (names only; the cells are prose). */
const NESTED = [
  'SaleDelivery.cooperativeShares',
  'SaleDelivery.lots',
  'SaleDelivery.contract',
  'SaleDelivery.payments',
  'SaleDelivery.dueDiligence',
  'SaleDelivery.value, quantity, owed, lines',
  'SalePayment.settlement',
  'SalePayment.entry',
  'CooperativeSettlement.loans',
  'StockBatch.owners, ownerCount, cooperativeShares',
  'StockBatch.upstream',
  'ProcessingRun.inputs',
  'Query.stockBatches(filter: {cooperativeId})',
  'CampaignLoan.cooperative',
  'Cooperative.loans',
  'Lender.loans, creditLines',
  'Lender.portfolio, exposure',
  'LoanEvent.entry',
  'LoanEvent.sale',
  'CampaignLoan.coverage',
  'Cooperative.farmers, lots',
  'Cooperative.campaignSummary',
  'Cooperative.statement',
  'Farmer.statement',
  'Farmer.payouts',
  'HarvestCampaign.cooperativeSummaries',
  'HarvestCampaign.advancePrices',
  'HarvestCampaign.moneySummary',
  'Plant.throughput, backlog',
  'Consortium.shareholdings',
] as const;

// ================================================================ who walks each column

interface Tenant {
  token: Role | null;
  coop?: string;
  plant?: string;
  lender?: string;
}
const T = (token: string | null, scope: Omit<Tenant, 'token'> = {}): Tenant => ({
  token: token as Role | null,
  ...scope,
});
const TENANTS: Record<Column, Tenant[]> = {
  admin: [T('admin')],
  auditor: [T('auditor')],
  'cooperative manager': [
    T('cooperative_manager', { coop: 'CAC-PAN' }),
    T('cooperative_manager_other', { coop: 'CAC-SAT' }),
  ],
  'plant staff': [T('plant_staff', { plant: 'PLT-LM' }), T('plant_staff_satipo', { plant: 'CC-SAT' })],
  lender: [
    T('lender', { lender: 'BAF' }),
    T('lender_copac', { lender: 'COOPAC-SM' }),
    T('investor', { lender: 'SIDI' }),
  ],
  'no token': [T(null)],
};
const ADMIN = TENANTS.admin[0]!;
const PAN_MANAGER = TENANTS['cooperative manager'][0]!;
const SAT_MANAGER = TENANTS['cooperative manager'][1]!;
const LM_STAFF = TENANTS['plant staff'][0]!;
const SAT_STAFF = TENANTS['plant staff'][1]!;
const BAF = TENANTS.lender[0]!;
const COPAC = TENANTS.lender[1]!;
const SIDI = TENANTS.lender[2]!;
const who = (t: Tenant) => t.token ?? 'no token';
const refusalCode = (t: Tenant) => (t.token === null ? 'UNAUTHENTICATED' : 'FORBIDDEN');

// ================================================================ server, demo ids, digest

let s: TestServer;
let requests = 0;
async function gql(t: Tenant | Role | null, query: string, variables?: Record<string, unknown>) {
  requests++;
  const token = t !== null && typeof t === 'object' ? t.token : t;
  return s.gql(token, query, variables);
}
/** Reads as an admin (or another role) and insists on no errors. */
async function read(t: Tenant | Role, query: string, variables?: Record<string, unknown>): Promise<any> {
  const r = await gql(t, query, variables);
  expect(r.errors, `${typeof t === 'string' ? t : who(t)}: ${JSON.stringify(r.errors)}`).toBeUndefined();
  return r.data;
}

/** SHA-256 of every row of every table: a walk that writes nothing leaves it unchanged. */
function digest(): string {
  const h = createHash('sha256');
  const tables = s.db.$client
    .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
    .all() as { name: string }[];
  for (const { name } of tables) {
    h.update(name);
    for (const row of s.db.$client.prepare(`select * from "${name}" order by rowid`).all())
      h.update(JSON.stringify(row));
  }
  return h.digest('hex');
}

interface Meta {
  id: string;
  key: string;
  coops: string[];
  plant?: string;
  lender?: string;
}
const ids = {
  coop: {} as Record<string, string>,
  plant: {} as Record<string, string>,
  warehouse: {} as Record<string, string>,
  lender: {} as Record<string, string>,
  c2019: '',
};
/** Admin's full view of the demo book: every row of every scoped list, with who it belongs to. */
const book = {
  farmers: [] as Meta[],
  plots: [] as Meta[],
  farmerCerts: [] as Meta[],
  lots: [] as Meta[],
  runs: [] as Meta[],
  batches: [] as Meta[],
  loans: [] as (Meta & { events: string[] })[],
  deliveries: [] as Meta[],
  payments: [] as Meta[],
  payouts: [] as Meta[],
  creditLines: [] as Meta[],
  buyer: '',
  contract: '',
  journalEntry: '',
  loanRequest: '',
};
let before = '';

/** Every page of a connection (first: 100), as one list of nodes. */
async function allPages(
  t: Tenant | Role,
  field: string,
  selection: string,
): Promise<{ refused?: string; nodes: any[] }> {
  const nodes: any[] = [];
  let after: string | null = null;
  let totalCount: number | null = null;
  for (let page = 0; page < 20; page++) {
    const withCount = !['journalEntries', 'salesContracts'].includes(field);
    const r = await gql(
      t,
      `query($after: String) { ${field}(first: 100, after: $after) { ${withCount ? 'totalCount' : ''} pageInfo { hasNextPage endCursor } nodes { ${selection} } } }`,
      { after },
    );
    if (r.errors?.length) {
      const code = r.errors[0]!.extensions?.code as string;
      expect(r.data?.[field] ?? null, `${field}: ${JSON.stringify(r.errors)}`).toBeNull();
      return { refused: code, nodes: [] };
    }
    const c = r.data[field];
    nodes.push(...c.nodes);
    if (withCount) totalCount = c.totalCount;
    if (!c.pageInfo.hasNextPage) break;
    after = c.pageInfo.endCursor;
  }
  if (totalCount !== null) expect(nodes.length, `${field}: totalCount agrees with the rows`).toBe(totalCount);
  return { nodes };
}

beforeAll(async () => {
  s = await startServer({ loans: true, payouts: true });
  const d = await read(
    'admin',
    `{ cooperatives(first: 100) { nodes { id code } } plants { id code warehouses { id code } } lenders { id code } harvestCampaigns { id code }
       buyers { id } salesContracts(first: 50) { nodes { id deliveries { id code plant { code } cooperativeShares { cooperative { code } }
         payments { id settlement { cooperative { code } } } } } }
       campaignLoans(first: 50) { nodes { id code lender { code } cooperative { code } events { id } } }
       creditLines { id code lender { code } } journalEntries(first: 1) { nodes { id } } loanRequests { id } }`,
  );
  for (const c of d.cooperatives.nodes) ids.coop[c.code] = c.id;
  for (const p of d.plants) {
    ids.plant[p.code] = p.id;
    for (const w of p.warehouses) ids.warehouse[`${p.code}/${w.code}`] = w.id;
  }
  for (const l of d.lenders) ids.lender[l.code] = l.id;
  ids.c2019 = d.harvestCampaigns.find((c: any) => c.code === 'C2019').id;
  book.buyer = d.buyers[0].id;
  book.contract = d.salesContracts.nodes[0].id;
  book.journalEntry = d.journalEntries.nodes[0].id;
  book.loanRequest = d.loanRequests[0].id;
  book.loans = d.campaignLoans.nodes.map((l: any) => ({
    id: l.id,
    key: l.code,
    coops: [l.cooperative.code],
    lender: l.lender.code,
    events: l.events.map((e: any) => e.id),
  }));
  book.creditLines = d.creditLines.map((l: any) => ({ id: l.id, key: l.code, coops: [], lender: l.lender.code }));
  for (const c of d.salesContracts.nodes) {
    for (const del of c.deliveries) {
      book.deliveries.push({
        id: del.id,
        key: del.code,
        coops: del.cooperativeShares.map((x: any) => x.cooperative.code),
        plant: del.plant.code,
      });
      for (const p of del.payments)
        book.payments.push({
          id: p.id,
          key: p.id,
          coops: p.settlement.map((x: any) => x.cooperative.code),
          plant: del.plant.code,
        });
    }
  }
  const farmerRows = (
    await allPages('admin', 'farmers', 'id cooperative { code } payouts { id } plots { id } certifications { id }')
  ).nodes;
  book.farmers = farmerRows.map((f) => ({
    id: f.id,
    key: f.id,
    coops: [f.cooperative.code],
  }));
  book.payouts = farmerRows.flatMap((f) =>
    f.payouts.map((p: any) => ({ id: p.id, key: p.id, coops: [f.cooperative.code] })),
  );
  book.plots = farmerRows.flatMap((f) =>
    f.plots.map((p: any) => ({ id: p.id, key: p.id, coops: [f.cooperative.code] })),
  );
  book.farmerCerts = farmerRows.flatMap((f) =>
    f.certifications.map((c: any) => ({ id: c.id, key: c.id, coops: [f.cooperative.code] })),
  );
  book.lots = (await allPages('admin', 'lots', 'id code plant { code } cooperative { code }')).nodes.map((l) => ({
    id: l.id,
    key: l.code,
    coops: [l.cooperative.code],
    plant: l.plant.code,
  }));
  book.runs = (
    await allPages('admin', 'processingRuns', 'id code plant { code } inputs { lot { cooperative { code } } }')
  ).nodes.map((r) => ({
    id: r.id,
    key: r.code,
    coops: [...new Set<string>(r.inputs.map((i: any) => i.lot.cooperative.code))],
    plant: r.plant.code,
  }));
  book.batches = (
    await allPages('admin', 'stockBatches', 'id code plant { code } cooperativeShares { cooperative { code } }')
  ).nodes.map((b) => ({
    id: b.id,
    key: b.code,
    coops: b.cooperativeShares.map((x: any) => x.cooperative.code),
    plant: b.plant.code,
  }));
  before = digest();
});
afterAll(async () => {
  await s?.close();
});

/** A record of the book by predicate, insisting it exists: the walk must not go vacuous if the demo changes. */
function pick<M extends Meta>(rows: M[], what: string, p: (m: M) => boolean): M {
  const m = rows.find(p);
  if (!m) throw new Error(`the demo book has no ${what}`);
  return m;
}
const mixedWithPan = (m: Meta) => m.coops.includes('CAC-PAN') && m.coops.length > 1;
const withoutPan = (m: Meta) => !m.coops.includes('CAC-PAN');
const unknown = (type: string) => encodeId(type, 999_999);
let keySeq = 0;
const newKey = () => `authz-matrix-${String(++keySeq).padStart(6, '0')}`;

// ================================================================ 0. the doc and the schema agree with the data

const DOC = readFileSync(new URL('../../docs/authorization.md', import.meta.url), 'utf8');
const SDL = parse(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));

/** The rows of the first markdown table after a heading that contains `heading`. */
function docTable(heading: string): Map<string, string[]> {
  const lines = DOC.split('\n');
  const at = lines.findIndex((l) => l.startsWith('#') && l.toLowerCase().includes(heading.toLowerCase()));
  if (at < 0) throw new Error(`docs/authorization.md has no heading with "${heading}"`);
  const rows = new Map<string, string[]>();
  let i = at + 1;
  while (i < lines.length && !lines[i]!.startsWith('|')) i++;
  // Skip the header row and the separator row.
  for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    const cells = lines[i]!.trim()
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
    const key = clean(cells[0]!);
    if (rows.has(key)) throw new Error(`docs/authorization.md lists ${key} twice`);
    rows.set(key, cells.slice(1).map(clean));
  }
  return rows;
}
/** A cell without its footnote references, emphasis and code marks. */
function clean(cell: string): string {
  return cell
    .replace(/\[\^[^\]]+\]/g, '')
    .replace(/[`*]/g, '')
    .trim();
}
function sdlFields(type: string): string[] {
  const def = SDL.definitions.find((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === type);
  if (!def || def.kind !== Kind.OBJECT_TYPE_DEFINITION) throw new Error(`no type ${type}`);
  return (def.fields ?? []).map((f) => f.name.value);
}
function mutationInputType(field: string): string {
  const def = SDL.definitions.find((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Mutation');
  if (!def || def.kind !== Kind.OBJECT_TYPE_DEFINITION) throw new Error('no Mutation');
  const arg = def.fields!.find((f) => f.name.value === field)!.arguments![0]!;
  return arg.type.kind === Kind.NON_NULL_TYPE && arg.type.type.kind === Kind.NAMED_TYPE
    ? arg.type.type.name.value
    : '?';
}

describe('the matrix', () => {
  it('has a row for every Query and Mutation field of schema/schema.graphql, and no other', () => {
    const schemaFields = [
      ...sdlFields('Query').map((f) => `Query.${f}`),
      ...sdlFields('Mutation').map((f) => `Mutation.${f}`),
    ].sort();
    expect(Object.keys(MATRIX).sort()).toEqual(schemaFields);
  });

  it('has a node(id:) row for every type implementing Node, and no other', () => {
    const nodeTypes = SDL.definitions
      .filter(
        (d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && (d.interfaces ?? []).some((i) => i.name.value === 'Node'),
      )
      .map((d) => (d as { name: { value: string } }).name.value)
      .sort();
    expect(Object.keys(NODE_MATRIX).sort()).toEqual(nodeTypes);
  });

  it('is the table of docs/authorization.md, cell for cell', () => {
    const doc = docTable('every top-level field');
    expect([...doc.keys()].sort()).toEqual(Object.keys(MATRIX).sort());
    for (const [field, row] of Object.entries(MATRIX)) expect(doc.get(field), field).toEqual([...row]);
  });

  it('has the node(id:) table of docs/authorization.md, cell for cell', () => {
    const doc = docTable('every object type');
    expect([...doc.keys()].sort()).toEqual(Object.keys(NODE_MATRIX).sort());
    for (const [type, row] of Object.entries(NODE_MATRIX)) expect(doc.get(type), type).toEqual([...row]);
  });

  it('names in docs/authorization.md the same cross-tenant nested fields this file walks', () => {
    const doc = docTable('nested fields that cross tenants');
    expect([...doc.keys()].sort()).toEqual([...NESTED].sort());
  });

  it('uses only the documented cell values and the documented column order', () => {
    const header = DOC.split('\n').find((l) => l.startsWith('| field |'))!;
    expect(
      header
        .split('|')
        .slice(2, -1)
        .map((c) => c.trim()),
    ).toEqual([...COLUMNS]);
    for (const row of [...Object.values(MATRIX), ...Object.values(NODE_MATRIX)])
      for (const c of row) expect(CELLS).toContain(c);
  });
});

// ================================================================ 1a. every Query field × every role

type Seen = { refused: string } | { rows: string[] };
interface QueryProbe {
  /** What the tenant sees: its rows as sorted keys, or the refusal code. */
  read(t: Tenant): Promise<Seen>;
  /** Scoped cells: the rows the tenant should see. */
  scoped?(t: Tenant): Promise<string[]> | string[];
  /** `✓` cells whose content depends on who asks (viewer). */
  all?(t: Tenant): string[];
}

/** A non-paginated field: refused, or its value cut into keys. */
async function field(
  t: Tenant,
  name: string,
  query: string,
  keys: (v: any) => string[],
  variables?: Record<string, unknown>,
): Promise<Seen> {
  const r = await gql(t, query, variables);
  if (r.errors?.length) {
    expect(r.data?.[name] ?? null, `${who(t)} ${name}: refused reads as null`).toBeNull();
    return { refused: r.errors[0]!.extensions?.code as string };
  }
  const v = r.data[name];
  return { rows: v == null ? [] : keys(v).sort() };
}
async function paged(t: Tenant, name: string, selection: string, key: (n: any) => string): Promise<Seen> {
  const r = await allPages(t, name, selection);
  return r.refused ? { refused: r.refused } : { rows: r.nodes.map(key).sort() };
}
const json = (v: unknown) => [JSON.stringify(v)];
const keysOf = (rows: Meta[]) => rows.map((m) => m.key).sort();
const ofCoop = (rows: Meta[], t: Tenant) => keysOf(rows.filter((m) => m.coops.includes(t.coop!)));
const ofPlant = (rows: Meta[], t: Tenant) => keysOf(rows.filter((m) => m.plant === t.plant));
const ofLender = (rows: Meta[], t: Tenant) => keysOf(rows.filter((m) => m.lender === t.lender));
const STOCK =
  '{ stock(filter: $f) { plant { code } warehouse { code } form grade sku cooperative { code } weight { grams } } }';
const stockRows = (v: any[]) =>
  v.map(
    (p) =>
      `${p.plant.code}|${p.warehouse?.code ?? '-'}|${p.form}|${p.grade ?? p.sku ?? '-'}|${p.cooperative.code}|${p.weight.grams}`,
  );
const MASS =
  'massBalance(cooperativeId: $c, plantId: $p) { balanced lotsChecked cooperativesChecked runsChecked batchesChecked in { grams } out { grams } loss { grams } stock { grams } differences { code } }';
const PORTFOLIO = `loanPortfolio(asOf: "${TODAY}", filter: $f) { asOf loans { loan { code } outstandingPrincipal { amount currency } } currencies { currency loans totalDue { amount } par30 } }`;

const QUERIES: Record<string, QueryProbe> = {
  auditEntries: {
    read: (t) =>
      field(t, 'auditEntries', '{ auditEntries(last: 5) { seq operation hash } }', (v) =>
        v.map((e: any) => `${e.seq}:${e.operation}:${e.hash}`),
      ),
  },
  auditVerification: { read: (t) => field(t, 'auditVerification', '{ auditVerification { ok entries head } }', json) },
  buyers: { read: (t) => field(t, 'buyers', '{ buyers { code } }', (v) => v.map((b: any) => b.code)) },
  campaignLoans: {
    read: (t) => paged(t, 'campaignLoans', 'code', (l) => l.code),
    scoped: (t) => (t.lender ? ofLender(book.loans, t) : ofCoop(book.loans, t)),
  },
  consortium: {
    read: (t) =>
      field(t, 'consortium', '{ consortium { name baseCurrency shareholdings { holderCode stakePercent } } }', json),
  },
  cooperatives: { read: (t) => paged(t, 'cooperatives', 'code', (c) => c.code), scoped: (t) => [t.coop!] },
  creditLines: {
    read: (t) => field(t, 'creditLines', '{ creditLines { code } }', (v) => v.map((l: any) => l.code)),
    scoped: (t) => ofLender(book.creditLines, t),
  },
  farmers: { read: (t) => paged(t, 'farmers', 'id', (f) => f.id), scoped: (t) => ofCoop(book.farmers, t) },
  harvestCampaigns: {
    read: (t) =>
      field(t, 'harvestCampaigns', '{ harvestCampaigns { code startsOn } }', (v) =>
        v.map((c: any) => `${c.code}:${c.startsOn}`),
      ),
  },
  journalEntries: {
    read: (t) =>
      field(t, 'journalEntries', '{ journalEntries(first: 25) { nodes { id kind } } }', (v) =>
        v.nodes.map((e: any) => `${e.id}:${e.kind}`),
      ),
  },
  lenders: {
    read: (t) => field(t, 'lenders', '{ lenders { code } }', (v) => v.map((l: any) => l.code)),
    scoped: (t) => [t.lender!],
  },
  loanPortfolio: {
    read: (t) => field(t, 'loanPortfolio', `query($f: LoanFilter) { ${PORTFOLIO} }`, json),
    scoped: async (t) => {
      const f = t.lender ? { lenderId: ids.lender[t.lender] } : { cooperativeId: ids.coop[t.coop!] };
      return json((await read('admin', `query($f: LoanFilter) { ${PORTFOLIO} }`, { f })).loanPortfolio);
    },
  },
  loanRequests: {
    read: (t) =>
      field(t, 'loanRequests', '{ loanRequests { id status } }', (v) => v.map((r: any) => `${r.id}:${r.status}`)),
  },
  lots: {
    read: (t) => paged(t, 'lots', 'code', (l) => l.code),
    scoped: (t) => (t.coop ? ofCoop(book.lots, t) : ofPlant(book.lots, t)),
  },
  massBalance: {
    read: (t) => field(t, 'massBalance', `query($c: ID, $p: ID) { ${MASS} }`, json),
    // The admin's mass balance narrowed by the argument that matches the caller's scope.
    scoped: async (t) =>
      json(
        (
          await read(
            'admin',
            `query($c: ID, $p: ID) { ${MASS} }`,
            t.coop ? { c: ids.coop[t.coop] } : { p: ids.plant[t.plant!] },
          )
        ).massBalance,
      ),
  },
  node: {
    read: (t) =>
      field(t, 'node', 'query($id: ID!) { node(id: $id) { id } }', (v) => [v.id], { id: ids.plant['PLT-LM'] }),
  },
  nodes: {
    read: (t) =>
      field(t, 'nodes', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', (v) => v.map((n: any) => n?.id ?? 'null'), {
        ids: [ids.plant['PLT-LM'], ids.c2019],
      }),
  },
  plants: { read: (t) => field(t, 'plants', '{ plants { code warehouses { code } } }', json) },
  processingRuns: {
    read: (t) => paged(t, 'processingRuns', 'code', (r) => r.code),
    scoped: (t) => (t.coop ? ofCoop(book.runs, t) : ofPlant(book.runs, t)),
  },
  salesContracts: {
    read: (t) =>
      field(t, 'salesContracts', '{ salesContracts(first: 50) { nodes { code } } }', (v) =>
        v.nodes.map((c: any) => c.code),
      ),
  },
  stock: {
    read: (t) => field(t, 'stock', `query($f: StockFilter) ${STOCK}`, stockRows),
    // The admin's positions of the caller's cooperative, or at the caller's plant.
    scoped: async (t) => {
      const all = stockRows((await read('admin', `query($f: StockFilter) ${STOCK}`)).stock);
      return all.filter((r) => (t.coop ? r.split('|')[4] === t.coop : r.split('|')[0] === t.plant)).sort();
    },
  },
  stockBatches: {
    read: (t) => paged(t, 'stockBatches', 'code', (b) => b.code),
    scoped: (t) => (t.coop ? ofCoop(book.batches, t) : ofPlant(book.batches, t)),
  },
  trialBalance: {
    read: (t) =>
      field(
        t,
        'trialBalance',
        '{ trialBalance { balanced currencies { currency debits { amount } credits { amount } } } }',
        json,
      ),
  },
  viewer: {
    read: (t) =>
      field(t, 'viewer', '{ viewer { role cooperative { code } plant { code } lender { code } } }', (v) => [
        `${v.role}|${v.cooperative?.code ?? ''}|${v.plant?.code ?? ''}|${v.lender?.code ?? ''}`,
      ]),
    all: (t) => {
      const role =
        t.token === 'admin'
          ? 'ADMIN'
          : t.token === 'auditor'
            ? 'AUDITOR'
            : t.coop
              ? 'COOPERATIVE_MANAGER'
              : t.plant
                ? 'PLANT_STAFF'
                : 'LENDER';
      return [`${role}|${t.coop ?? ''}|${t.plant ?? ''}|${t.lender ?? ''}`];
    },
  },
};

/** What `✓` compares with: the admin's view, or the auditor's where the admin is refused. */
const reference = new Map<string, Promise<string[]>>();
function referenceOf(name: string): Promise<string[]> {
  if (!reference.has(name)) {
    const row = MATRIX[`Query.${name}`]!;
    const by = row[0] === '✓' ? ADMIN : TENANTS.auditor[0]!;
    reference.set(
      name,
      QUERIES[name]!.read(by).then((r) =>
        'rows' in r ? r.rows : Promise.reject(new Error(`${name}: the reference reader is refused`)),
      ),
    );
  }
  return reference.get(name)!;
}

async function checkQueryCell(name: string, cell: Cell, t: Tenant) {
  const probe = QUERIES[name]!;
  const seen = await probe.read(t);
  const label = `Query.${name} as ${who(t)} (${cell})`;
  if (cell === '—') {
    expect(seen, label).toEqual({ refused: refusalCode(t) });
    return;
  }
  expect('rows' in seen ? 'allowed' : seen, label).toBe('allowed');
  const rows = (seen as { rows: string[] }).rows;
  if (cell === 'empty') expect(rows, label).toEqual([]);
  else if (cell === '✓') expect(rows, label).toEqual(probe.all ? probe.all(t) : await referenceOf(name));
  else {
    if (!probe.scoped) throw new Error(`${name} has no scoped expectation`);
    const expected = [...(await probe.scoped(t))].sort();
    expect(rows, label).toEqual(expected);
  }
}

describe('every Query field × every role', () => {
  it('has a probe for every Query field', () => {
    expect(Object.keys(QUERIES).sort()).toEqual(sdlFields('Query').sort());
  });
  for (const [key, row] of Object.entries(MATRIX).filter(([k]) => k.startsWith('Query.'))) {
    const name = key.slice('Query.'.length);
    COLUMNS.forEach((column, i) => {
      const cell = row[i]!;
      it(`${key} · ${column}: ${cell}`, async () => {
        for (const t of TENANTS[column]) await checkQueryCell(name, cell, t);
      });
    });
  }
  it('the scoped cells are not vacuous: each scoped tenant of the demo owns some rows somewhere', () => {
    expect(ofCoop(book.lots, PAN_MANAGER).length).toBeGreaterThan(0);
    expect(ofCoop(book.lots, SAT_MANAGER).length).toBeGreaterThan(0);
    expect(ofPlant(book.lots, SAT_STAFF).length).toBeGreaterThan(0);
    expect(ofCoop(book.runs, PAN_MANAGER).length).toBeGreaterThan(0);
    expect(ofPlant(book.batches, LM_STAFF).length).toBeGreaterThan(0);
    expect(ofLender(book.loans, BAF)).toEqual(['BAF-CHA-2019', 'BAF-JAE-2019']);
    expect(ofLender(book.creditLines, SIDI)).toEqual(['SIDI-2019']);
  });
});

// ================================================================ 1b. every Mutation field × every role

type Target = 'own' | 'other';
interface MutationProbe {
  /** An input that gets past authorization and then fails harmlessly; `target` picks the caller's own or another tenant's cooperative/plant. */
  input(target: Target, t: Tenant): Record<string, unknown>;
  /** How a scoped caller is refused another tenant's target (default ForbiddenError). */
  otherRefusal?: 'ForbiddenError' | 'NotFoundError';
}
const ownPlant = (t: Tenant) => t.plant ?? 'PLT-LM';
const otherPlant = (t: Tenant) => (ownPlant(t) === 'CC-SAT' ? 'PLT-LM' : 'CC-SAT');
const plantOf = (target: Target, t: Tenant) => ids.plant[target === 'own' ? ownPlant(t) : otherPlant(t)];
const ownCoop = (t: Tenant) => t.coop ?? 'CAC-PAN';
const coopOf = (target: Target, t: Tenant) =>
  ids.coop[target === 'own' ? ownCoop(t) : ownCoop(t) === 'CAC-SAT' ? 'CAC-PAN' : 'CAC-SAT'];
/** A lot received at the target plant (it exists: a refusal as NotFoundError is not a missing lot). */
const lotAt = (target: Target, t: Tenant) =>
  pick(book.lots, `lot at ${target}`, (l) => l.plant === (target === 'own' ? ownPlant(t) : otherPlant(t))).id;
/** Outputs go to a warehouse of a third site: for a plant allowed to run, the run fails as NOT_AT_PLANT (or STEP_NOT_AT_PLANT). */
const foreignWarehouse = () => ids.warehouse['CC-VRI/ACOPIO'];
const RUN_TIMES = { startedAt: '2019-12-01T13:00:00Z', finishedAt: '2019-12-01T15:00:00Z' };
const anyBatch = () => book.batches[0]!.id;

/** A farmer, plot or farmer certification of the target cooperative (it exists: a NotFoundError is a refusal). */
const ofTargetCoop = (rows: () => Meta[], what: string) => (target: Target, t: Tenant) => {
  const code = target === 'own' ? ownCoop(t) : ownCoop(t) === 'CAC-SAT' ? 'CAC-PAN' : 'CAC-SAT';
  return pick(rows(), `${what} of ${code}`, (m) => m.coops.includes(code)).id;
};
const farmerOf = ofTargetCoop(() => book.farmers, 'farmer');
const plotOf = ofTargetCoop(() => book.plots, 'plot');
const farmerCertOf = ofTargetCoop(() => book.farmerCerts, 'farmer certification');
/** Probes of issue 12's master data: each fails after authorization (a taken code, an unknown ID, a bad value). */
const MASTER_DATA: Record<string, MutationProbe> = {
  createCooperative: {
    input: () => ({ code: 'CAC-PAN', name: 'Taken code', region: 'Junín', membership: 'AFFILIATED' }),
  },
  updateCooperative: { input: () => ({ cooperativeId: unknown('Cooperative'), name: 'Matrix walk' }) },
  addCooperativeCertification: {
    input: () => ({
      cooperativeId: unknown('Cooperative'),
      scheme: 'ORGANIC',
      validFrom: '2019-01-01',
      validTo: '2019-12-31',
    }),
  },
  renewCooperativeCertification: {
    input: () => ({
      certificationId: unknown('CooperativeCertification'),
      validFrom: '2020-01-01',
      validTo: '2020-12-31',
    }),
  },
  revokeCooperativeCertification: {
    input: () => ({ certificationId: unknown('CooperativeCertification'), revokedOn: TODAY, reason: 'matrix walk' }),
  },
  createFarmer: {
    input: (g, t) => ({ cooperativeId: coopOf(g, t), nationalId: '1', fullName: 'Matrix Walk' }),
    otherRefusal: 'NotFoundError',
  },
  updateFarmer: { input: (g, t) => ({ farmerId: farmerOf(g, t), fullName: 'x' }), otherRefusal: 'NotFoundError' },
  deactivateFarmer: { input: (g, t) => ({ farmerId: farmerOf(g, t), reason: '' }), otherRefusal: 'NotFoundError' },
  transferFarmer: {
    input: () => ({ farmerId: unknown('Farmer'), toCooperativeId: ids.coop['CAC-SAT'], effectiveOn: TODAY }),
  },
  createPlot: {
    input: (g, t) => ({ farmerId: farmerOf(g, t), name: 'Matrix', areaHectares: '0', altitudeMeters: 1000 }),
    otherRefusal: 'NotFoundError',
  },
  updatePlot: { input: (g, t) => ({ plotId: plotOf(g, t), areaHectares: '-1' }), otherRefusal: 'NotFoundError' },
  addFarmerCertification: {
    input: (g, t) => ({ farmerId: farmerOf(g, t), scheme: 'ORGANIC', validFrom: '2020-12-31', validTo: '2020-01-01' }),
    otherRefusal: 'NotFoundError',
  },
  revokeFarmerCertification: {
    input: (g, t) => ({ certificationId: farmerCertOf(g, t), revokedOn: '1900-01-01' }),
    otherRefusal: 'NotFoundError',
  },
  createPlant: {
    input: () => ({ code: 'PLT-LM', name: 'Taken code', kind: 'PLANT', region: 'Junín' }),
  },
  updatePlant: { input: () => ({ plantId: unknown('Plant'), name: 'Matrix walk' }) },
  createWarehouse: { input: () => ({ plantId: unknown('Plant'), code: 'AUTHZ', name: 'Matrix walk' }) },
  createHarvestCampaign: {
    input: () => ({ code: 'C2019', name: 'Taken code', startsOn: '2030-01-01', endsOn: '2030-12-31' }),
  },
  updateHarvestCampaign: { input: () => ({ campaignId: unknown('HarvestCampaign'), name: 'Matrix walk' }) },
  createUser: {
    input: () => ({
      name: 'Matrix Walk',
      email: 'matrix@example.org',
      role: 'COOPERATIVE_MANAGER',
      cooperativeId: unknown('Cooperative'),
    }),
  },
  issueToken: { input: () => ({ userId: unknown('User') }) },
  revokeToken: { input: () => ({ tokenId: unknown('ApiToken') }) },
  deactivateUser: { input: () => ({ userId: unknown('User') }) },
};

const MUTATIONS: Record<string, MutationProbe> = {
  ...MASTER_DATA,
  callGuarantee: { input: () => ({ loanId: unknown('CampaignLoan'), calledOn: TODAY }) },
  createBuyer: { input: () => ({ code: 'AUTHZ', name: 'Matrix buyer', country: 'zz' }) },
  createCampaignLoan: {
    input: () => ({
      code: 'AUTHZ-1',
      lenderId: unknown('Lender'),
      cooperativeId: ids.coop['CAC-PAN'],
      campaignId: ids.c2019,
      currency: 'PEN',
      principal: '1000.00',
      convention: 'SIMPLE_ACT_360',
      ratePercent: '10',
      signedOn: '2019-12-01',
      maturity: '2020-06-30',
    }),
  },
  createCreditLine: {
    input: () => ({
      code: 'AUTHZ-L',
      lenderId: unknown('Lender'),
      currency: 'USD',
      limit: '1000.00',
      convention: 'SIMPLE_ACT_360',
      ratePercent: '5',
      opensOn: '2020-01-01',
      maturesOn: '2020-12-31',
    }),
  },
  createDomesticContract: {
    input: () => ({
      code: 'AUTHZ-D',
      buyerId: unknown('Buyer'),
      campaignId: ids.c2019,
      signedOn: '2019-12-01',
      prices: [],
    }),
  },
  createLender: { input: () => ({ code: 'BAF', name: 'Taken code', kind: 'BANK', country: 'PE' }) },
  createSalesContract: {
    input: () => ({
      code: 'AUTHZ-C',
      buyerId: unknown('Buyer'),
      campaignId: ids.c2019,
      currency: 'USD',
      grade: 'EXPORT',
      quantityKg: '1000',
      pricePerLb: '1.50',
      fairtrade: false,
      organic: false,
      signedOn: '2019-12-01',
    }),
  },
  decideLoanRequest: { input: () => ({ requestId: unknown('LoanRequest'), approve: false, reason: 'matrix walk' }) },
  drawCreditLine: { input: () => ({ lineId: unknown('CreditLine'), amount: '1.00', on: TODAY }) },
  gradeLot: {
    input: (g, t) => ({
      lotId: lotAt(g, t),
      exportableYieldPercent: '0',
      category1Defects: 0,
      category2Defects: 0,
      organic: false,
    }),
    otherRefusal: 'NotFoundError',
  },
  recordDomesticDelivery: {
    input: (g, t) => ({
      contractId: unknown('SalesContract'),
      plantId: plantOf(g, t),
      deliveredAt: '2019-12-01T15:00:00Z',
      lines: [],
    }),
  },
  recordExchangeRate: {
    input: () => ({ base: 'USD', quote: 'USD', rate: '3.35', ratedOn: TODAY, source: 'matrix walk' }),
  },
  recordHullingRun: {
    input: (g, t) => ({
      plantId: plantOf(g, t),
      warehouseId: foreignWarehouse(),
      ...RUN_TIMES,
      inputs: [{ lotId: book.lots[0]!.id, kg: '1' }],
      outputs: [{ grade: 'EXPORT', kg: '0.5' }],
      huskKg: '0.1',
    }),
  },
  recordLoanRepayment: { input: () => ({ loanId: unknown('CampaignLoan'), amount: '1.00', paidOn: TODAY }) },
  recordLotIntake: {
    input: (g, t) => ({
      plantId: plantOf(g, t),
      farmerId: unknown('Farmer'),
      campaignId: ids.c2019,
      receivedAt: '2019-08-01T15:00:00Z',
      bags: 1,
      grossKg: '50',
      tareKg: '0.25',
      moisturePercent: '11',
    }),
  },
  recordPackingRun: {
    input: (g, t) => ({
      plantId: plantOf(g, t),
      warehouseId: foreignWarehouse(),
      ...RUN_TIMES,
      inputs: [{ batchId: anyBatch(), kg: '1' }],
      outputs: [{ brand: 'Matrix', sku: 'AUTHZ-250', unitSizeGrams: 250, units: 1 }],
    }),
  },
  recordRoastingBatch: {
    input: (g, t) => ({
      plantId: plantOf(g, t),
      warehouseId: foreignWarehouse(),
      ...RUN_TIMES,
      inputs: [{ batchId: anyBatch(), kg: '1' }],
      profile: 'Matrix',
      roastedKg: '0.8',
    }),
  },
  recordSaleDelivery: {
    input: (g, t) => ({
      contractId: unknown('SalesContract'),
      plantId: plantOf(g, t),
      deliveredAt: '2019-12-01T15:00:00Z',
      inputs: [],
    }),
  },
  recordFarmerPayout: {
    // A farmer of the target cooperative, paid nothing: an allowed caller is refused NON_POSITIVE_AMOUNT.
    input: (g, t) => ({
      farmerId: pick(book.farmers, `farmer of ${g}`, (f) =>
        g === 'own' ? f.coops[0] === ownCoop(t) : f.coops[0] !== ownCoop(t),
      ).id,
      campaignId: ids.c2019,
      amount: '0',
      method: 'CASH',
      purpose: 'ADVANCE',
      paidBy: 'matrix walk',
      paidOn: TODAY,
    }),
    otherRefusal: 'NotFoundError',
  },
  recordFarmerPayoutRun: {
    input: (g, t) => ({
      cooperativeId: coopOf(g, t),
      campaignId: unknown('HarvestCampaign'),
      method: 'CASH',
      purpose: 'ADVANCE',
      paidBy: 'matrix walk',
    }),
  },
  recordSalePayment: {
    input: () => ({ deliveryId: unknown('SaleDelivery'), receivedOn: TODAY, amount: '1.00', currency: 'USD' }),
  },
  recordDeforestationAssessment: {
    // In the future: refused once the plot is found (IN_FUTURE), so the walk writes nothing.
    input: (g, t) => ({
      plotId: plotOf(g, t),
      source: 'matrix walk',
      assessedOn: '2099-01-01',
      result: 'NO_DEFORESTATION',
      evidenceReference: 'matrix walk',
    }),
    otherRefusal: 'NotFoundError',
  },
  recordDueDiligenceStatement: {
    input: () => ({
      deliveryId: unknown('SaleDelivery'),
      referenceNumber: 'AUTHZ000001',
      verificationNumber: 'AUTHZ001',
      filedAt: '2019-12-31T12:00:00Z',
    }),
  },
  recordLandTenure: {
    input: (g, t) => ({ plotId: plotOf(g, t), kind: 'TITLE', reference: 'matrix walk', issuedOn: '2099-01-01' }),
    otherRefusal: 'NotFoundError',
  },
  setPlotGeolocation: {
    input: (g, t) => ({
      plotId: plotOf(g, t),
      geojson: '{"type":"LineString","coordinates":[[-74.500000,-11.400000],[-74.490000,-11.390000]]}',
    }),
    otherRefusal: 'NotFoundError',
  },
  rejectLot: {
    input: (g, t) => ({ lotId: lotAt(g, t), reason: 'matrix walk', rejectedAt: '2030-01-01T00:00:00Z' }),
    otherRefusal: 'NotFoundError',
  },
  repayCreditLine: { input: () => ({ lineId: unknown('CreditLine'), amount: '1.00', on: TODAY }) },
  requestLoanDisbursement: {
    input: () => ({ loanId: unknown('CampaignLoan'), amount: '1.00', disbursedOn: TODAY, reason: 'matrix walk' }),
  },
  requestLoanWriteOff: {
    input: () => ({ loanId: unknown('CampaignLoan'), writtenOffOn: TODAY, reason: 'matrix walk' }),
  },
  reverseFarmerPayout: {
    // A payout of the target cooperative (or none: an unknown one); in the future, so an allowed caller is refused IN_FUTURE.
    input: (g, t) => ({
      payoutId:
        book.payouts.find((p) => (g === 'own' ? p.coops[0] === ownCoop(t) : p.coops[0] !== ownCoop(t)))?.id ??
        unknown('FarmerPayout'),
      reason: 'matrix walk',
      reversedOn: '2030-01-01',
    }),
    otherRefusal: 'NotFoundError',
  },
  reverseJournalEntry: { input: () => ({ entryId: unknown('JournalEntry'), reason: 'matrix walk' }) },
  reverseLoanEvent: { input: () => ({ eventId: unknown('LoanEvent'), reason: 'matrix walk' }) },
  reverseSalePayment: { input: () => ({ paymentId: unknown('SalePayment'), reason: 'matrix walk' }) },
  setAdvancePrice: {
    input: (g, t) => ({
      cooperativeId: coopOf(g, t),
      campaignId: ids.c2019,
      pricePerKg: '-1',
      currency: 'PEN',
      effectiveFrom: '2019-07-01',
    }),
  },
  setCooperativeRetention: {
    input: (g, t) => ({ campaignId: ids.c2019, cooperativeId: coopOf(g, t), retentionPercent: '150' }),
  },
  setEndorsementLimit: {
    input: () => ({ cooperativeId: unknown('Cooperative'), campaignId: ids.c2019, currency: 'PEN', limit: '1000.00' }),
  },
  setFarmerNettingRule: {
    input: (g, t) => ({ cooperativeId: coopOf(g, t), campaignId: unknown('HarvestCampaign'), rule: 'CAMPAIGN_ONLY' }),
  },
  setSettlementTerms: {
    input: () => ({
      campaignId: unknown('HarvestCampaign'),
      membership: 'SHAREHOLDER',
      currency: 'USD',
      processingFeePerKg: '0.10',
      commissionPercent: '1',
      retentionPercent: '2',
    }),
  },
};

/** Sends a mutation; answers its result's __typename, or the code of the GraphQL error that stopped it. */
async function mutate(t: Tenant, name: string, input: Record<string, unknown>): Promise<string> {
  const doc = `mutation($i: ${mutationInputType(name)}!) { ${name}(input: $i) { __typename ... on Error { message } } }`;
  const r = await gql(t, doc, { i: { idempotencyKey: newKey(), ...input } });
  if (r.errors?.length) {
    expect(r.data?.[name] ?? null, `${name}: a refused mutation returns nothing`).toBeNull();
    return r.errors[0]!.extensions?.code as string;
  }
  return r.data[name].__typename;
}
/** Allowed: past authorization, and (by construction of the inputs) not written. */
const NOT_REFUSED = ['InvalidInputError', 'NotFoundError', 'ConflictError'];

async function checkMutationCell(name: string, cell: Cell, t: Tenant) {
  const probe = MUTATIONS[name]!;
  const label = `Mutation.${name} as ${who(t)} (${cell})`;
  if (t.token === null) {
    expect(await mutate(t, name, probe.input('own', ADMIN)), label).toBe('UNAUTHENTICATED');
    return;
  }
  if (cell === '—') {
    expect(await mutate(t, name, probe.input('own', t)), label).toBe('ForbiddenError');
    return;
  }
  expect(NOT_REFUSED, `${label} on its own target`).toContain(await mutate(t, name, probe.input('own', t)));
  if (cell === '✓') return;
  const other = probe.input('other', t);
  expect(await mutate(t, name, other), `${label} on another's target`).toBe(probe.otherRefusal ?? 'ForbiddenError');
  // A NotFoundError is a refusal only if the target exists: the admin gets past it with the same input.
  if (probe.otherRefusal === 'NotFoundError')
    expect(NOT_REFUSED.filter((x) => x !== 'NotFoundError')).toContain(await mutate(ADMIN, name, other));
}

describe('every Mutation field × every role', () => {
  it('has a probe for every Mutation field', () => {
    expect(Object.keys(MUTATIONS).sort()).toEqual(sdlFields('Mutation').sort());
  });
  for (const [key, row] of Object.entries(MATRIX).filter(([k]) => k.startsWith('Mutation.'))) {
    const name = key.slice('Mutation.'.length);
    COLUMNS.forEach((column, i) => {
      const cell = row[i]!;
      it(`${key} · ${column}: ${cell}`, async () => {
        for (const t of TENANTS[column]) await checkMutationCell(name, cell, t);
      });
    });
  }

  it('decideLoanRequest: four eyes — an admin is refused (ForbiddenError) a request they made themselves', async () => {
    // Every demo request was made by `admin` and approved by `admin2`.
    expect(
      await mutate(ADMIN, 'decideLoanRequest', { requestId: book.loanRequest, approve: false, reason: 'matrix walk' }),
    ).toBe('ForbiddenError');
    expect(
      await mutate(T('admin2'), 'decideLoanRequest', {
        requestId: book.loanRequest,
        approve: false,
        reason: 'matrix walk',
      }),
    ).toBe('ConflictError');
  });
});

// ================================================================ 2. node(id:) per type × role

/** Sample objects of each type, with whom they belong to: own and other tenants' alike. */
function samples(type: string): Meta[] {
  const one = (id: string, extra: Partial<Meta> = {}): Meta => ({ id, key: id, coops: [], ...extra });
  const lender = (code: string) => one(ids.lender[code]!, { key: code, lender: code });
  const coop = (code: string) => one(ids.coop[code]!, { key: code, coops: [code] });
  const farmerOf = (code: string) => pick(book.farmers, `farmer of ${code}`, (f) => f.coops[0] === code);
  const lot = (coop: string, plant: string) =>
    pick(book.lots, `lot of ${coop} at ${plant}`, (l) => l.coops[0] === coop && l.plant === plant);
  switch (type) {
    case 'Buyer':
      return [one(book.buyer)];
    case 'CampaignLoan':
      return book.loans;
    case 'Cooperative':
      return [coop('CAC-PAN'), coop('CAC-SAT'), coop('CAC-JAE')];
    case 'CreditLine':
      return book.creditLines;
    case 'Farmer':
      return [farmerOf('CAC-PAN'), farmerOf('CAC-SAT'), farmerOf('CAC-JAE')];
    case 'FarmerPayout': {
      // The demo pays farmers of the cooperatives whose sales left them owed (not Pangoa's: its loan took its share).
      const first = pick(book.payouts, 'farmer payout', () => true);
      return [first, pick(book.payouts, 'payout of another cooperative', (m) => m.coops[0] !== first.coops[0])];
    }
    case 'HarvestCampaign':
      return [one(ids.c2019)];
    case 'JournalEntry':
      return [one(book.journalEntry)];
    case 'Lender':
      return ['BAF', 'COOPAC-SM', 'COOPAC-LA', 'SIDI'].map(lender);
    case 'LoanEvent':
      return book.loans.map((l) => ({ ...l, id: l.events[0]!, key: `${l.key} event` }));
    case 'LoanRequest':
      return [one(book.loanRequest)];
    case 'Lot':
      return [lot('CAC-PAN', 'PLT-LM'), lot('CAC-SAT', 'CC-SAT'), lot('CAC-JAE', 'PLT-LM'), lot('CAC-OXA', 'CC-VRI')];
    case 'Plant':
      return [one(ids.plant['PLT-LM']!)];
    case 'ProcessingRun':
      return [pick(book.runs, 'run mixing Pangoa', mixedWithPan), pick(book.runs, 'run without Pangoa', withoutPan)];
    case 'SaleDelivery':
      return [
        pick(book.deliveries, 'delivery mixing Pangoa', mixedWithPan),
        pick(book.deliveries, 'delivery without Pangoa', withoutPan),
      ];
    case 'SalePayment':
      return [
        pick(book.payments, 'payment mixing Pangoa', mixedWithPan),
        pick(book.payments, 'payment without Pangoa', withoutPan),
      ];
    case 'SalesContract':
      return [one(book.contract)];
    case 'StockBatch':
      return [
        pick(book.batches, 'batch mixing Pangoa', mixedWithPan),
        pick(book.batches, 'batch without Pangoa', withoutPan),
      ];
    case 'Warehouse':
      return [one(ids.warehouse['PLT-LM/VERDE']!)];
    default:
      throw new Error(`no samples for ${type}`);
  }
}
/** Should tenant `t` read object `m` under cell `cell`? */
function visible(cell: Cell, m: Meta, t: Tenant): boolean {
  switch (cell) {
    case '✓':
      return true;
    case '—':
    case 'empty':
      return false;
    case 'own':
      return t.coop ? m.coops.includes(t.coop) : m.lender === t.lender;
    case 'own plant':
      return m.plant === t.plant;
    case 'own loans':
      return m.lender === t.lender;
  }
}

describe('node(id:) for every object type × every role', () => {
  for (const [type, row] of Object.entries(NODE_MATRIX)) {
    COLUMNS.forEach((column, i) => {
      const cell = row[i]!;
      it(`${type} · ${column}: ${cell}`, async () => {
        const objs = samples(type);
        for (const t of TENANTS[column]) {
          // One request, one aliased node(id:) per sample; then nodes(ids:) for all of them.
          const doc = `query { ${objs.map((o, k) => `n${k}: node(id: "${o.id}") { id __typename }`).join(' ')} }`;
          const r = await gql(t, doc);
          const many = await gql(t, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: objs.map((o) => o.id) });
          const missingAnswer = (
            await gql(t, 'query($id: ID!) { node(id: $id) { id } }', { id: encodeId(type, 999_999) })
          ).errors?.[0];
          if (t.token !== null) expect(missingAnswer?.extensions?.code).toBe('NOT_FOUND');
          if (t.token === null) {
            objs.forEach((_o, k) => expect(r.data?.[`n${k}`] ?? null).toBeNull());
            expect(new Set(r.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['UNAUTHENTICATED']));
            expect(many.data?.nodes ?? null).toBeNull();
            expect(many.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
            continue;
          }
          objs.forEach((o, k) => {
            const label = `${type} ${o.key} as ${who(t)} (${cell})`;
            const err = r.errors?.find((e) => e.path?.[0] === `n${k}`);
            if (visible(cell, o, t)) {
              expect(err, label).toBeUndefined();
              expect(r.data[`n${k}`], label).toEqual({ id: o.id, __typename: type });
              expect(many.data.nodes[k], `nodes(ids:): ${label}`).toEqual({ id: o.id });
            } else {
              expect(r.data[`n${k}`], label).toBeNull();
              // A foreign ID answers as a missing one does (no existence oracle, issue 14).
              expect(err?.extensions?.code, label).toBe('NOT_FOUND');
              expect(err?.message, label).toBe(missingAnswer?.message);
              expect(many.data.nodes[k], `nodes(ids:): ${label}`).toBeNull();
            }
          });
        }
      });
    });
  }
});

// ================================================================ 3. nested fields that cross tenants

const NODE = (fragment: string) => `query($id: ID!) { node(id: $id) { id ${fragment} } }`;
/**
 * A refused nested field: the object reads as null with a FORBIDDEN error at (or under) the field; an object the
 * caller cannot reach at all by node(id:) answers NOT_FOUND, as a missing ID does (no existence oracle, issue 14).
 */
async function refusedNested(t: Tenant, query: string, variables: Record<string, unknown>, field: string) {
  const r = await gql(t, query, variables);
  expect(r.data?.node ?? null, `${who(t)} ${field}`).toBeNull();
  const e = r.errors?.find((x) => x.path?.includes(field));
  expect(e?.extensions?.code, `${who(t)} ${field}: ${JSON.stringify(r.errors)}`).toBe(
    field === 'node' && e?.path?.length === 1 ? 'NOT_FOUND' : 'FORBIDDEN',
  );
}
const nodeOf = async (t: Tenant | Role, fragment: string, id: string, vars: Record<string, unknown> = {}) =>
  (await read(t, NODE(fragment), { id, ...vars })).node;
const codes = (xs: any[], f: (x: any) => string) => xs.map(f).sort();
const NESTED_DONE = new Set<string>();
const nested = (name: (typeof NESTED)[number], title: string, fn: () => Promise<void>, fails = false) => {
  NESTED_DONE.add(name);
  (fails ? it.fails : it)(`${name}: ${title}`, fn);
};

describe('nested fields that cross tenants', () => {
  const mixedDelivery = () => pick(book.deliveries, 'delivery mixing Pangoa', mixedWithPan);
  const mixedPayment = () => pick(book.payments, 'payment mixing Pangoa', mixedWithPan);
  const mixedBatch = () => pick(book.batches, 'batch mixing Pangoa', mixedWithPan);

  nested(
    'SaleDelivery.cooperativeShares',
    "a manager gets their own line of a mixed delivery; plant staff every line; others can't reach the delivery",
    async () => {
      const d = mixedDelivery();
      const F = '... on SaleDelivery { cooperativeShares { cooperative { code } value { amount } } }';
      const lines = async (t: Tenant | Role) =>
        codes((await nodeOf(t, F, d.id)).cooperativeShares, (x) => x.cooperative.code);
      expect(d.coops.length).toBeGreaterThan(1);
      for (const t of ['admin', 'auditor', LM_STAFF] as const) expect(await lines(t)).toEqual([...d.coops].sort());
      expect(await lines(PAN_MANAGER)).toEqual(['CAC-PAN']);
      const own = (await nodeOf(PAN_MANAGER, F, d.id)).cooperativeShares[0];
      expect(own).toEqual(
        (await nodeOf('admin', F, d.id)).cooperativeShares.find((x: any) => x.cooperative.code === 'CAC-PAN'),
      );
      for (const t of [SAT_MANAGER, SAT_STAFF, BAF, COPAC]) await refusedNested(t, NODE(F), { id: d.id }, 'node');
    },
  );

  nested('SaleDelivery.lots', 'a manager traces only their own lots in a mixed delivery; plant staff all', async () => {
    const d = mixedDelivery();
    const F = '... on SaleDelivery { lots { lot { code cooperative { code } } weight { grams } } }';
    const all = (await nodeOf('admin', F, d.id)).lots;
    expect(new Set(all.map((x: any) => x.lot.cooperative.code)).size).toBeGreaterThan(1);
    expect((await nodeOf(LM_STAFF, F, d.id)).lots).toEqual(all);
    expect((await nodeOf(PAN_MANAGER, F, d.id)).lots).toEqual(
      all.filter((x: any) => x.lot.cooperative.code === 'CAC-PAN'),
    );
  });

  nested(
    'SaleDelivery.contract',
    'the contract behind a delivery stays with admins and auditors: a manager or plant staff asking for it lose the delivery',
    async () => {
      const d = mixedDelivery();
      const F = '... on SaleDelivery { code contract { code buyer { code } } }';
      expect((await nodeOf('auditor', F, d.id)).contract.code).toEqual(expect.any(String));
      for (const t of [PAN_MANAGER, LM_STAFF]) await refusedNested(t, NODE(F), { id: d.id }, 'contract');
    },
  );

  nested(
    'SaleDelivery.dueDiligence',
    'the EUDR file names every producer behind a delivery: admins and auditors only; a manager or plant staff get null and FORBIDDEN',
    async () => {
      const d = mixedDelivery();
      const q = NODE('... on SaleDelivery { code dueDiligence { hsCode producerCount } }');
      for (const t of ['admin', 'auditor'] as const) {
        const r = await gql(t, q, { id: d.id });
        expect(r.errors, t).toBeUndefined();
      }
      for (const t of [PAN_MANAGER, LM_STAFF]) {
        const r = await gql(t, q, { id: d.id });
        expect(r.data?.node?.dueDiligence ?? null, who(t)).toBeNull();
        expect(r.errors?.find((x) => x.path?.includes('dueDiligence'))?.extensions?.code, who(t)).toBe('FORBIDDEN');
      }
    },
  );

  nested(
    'SaleDelivery.payments',
    'a manager reads the payments of a delivery of their coffee; plant staff are refused them',
    async () => {
      const d = mixedDelivery();
      const F = '... on SaleDelivery { payments { id } }';
      const all = (await nodeOf('admin', F, d.id)).payments;
      expect(all.length).toBeGreaterThan(0);
      expect((await nodeOf(PAN_MANAGER, F, d.id)).payments).toEqual(all);
      await refusedNested(LM_STAFF, NODE(F), { id: d.id }, 'payments');
    },
  );

  // Not marked as a bug: the delivery is shared, and its totals are its own properties. But with the
  // manager's own line they give the sum of the other cooperatives' parts (docs/authorization.md).
  nested(
    'SaleDelivery.value, quantity, owed, lines',
    "a manager reads the whole delivery's totals, domestic lines and payments, not only their share",
    async () => {
      const F =
        '... on SaleDelivery { quantity { grams } value { amount } premium { amount } owed { amount } lines { sku units value { amount } } }';
      const P = '... on SaleDelivery { payments { amount { amount } } }';
      const domestic = pick(
        book.deliveries,
        'domestic delivery mixing Pangoa',
        (m) => mixedWithPan(m) && m.key.startsWith('SMA-'),
      );
      for (const d of [mixedDelivery(), domestic]) {
        const all = await nodeOf('admin', F, d.id);
        expect(await nodeOf(PAN_MANAGER, F, d.id)).toEqual(all);
        expect(await nodeOf(LM_STAFF, F, d.id)).toEqual(all);
        expect(await nodeOf(PAN_MANAGER, P, d.id)).toEqual(await nodeOf('admin', P, d.id));
      }
      expect((await nodeOf(PAN_MANAGER, F, domestic.id)).lines.length).toBeGreaterThan(0);
    },
  );

  nested(
    'SalePayment.settlement',
    "a manager gets their own cooperative's waterfall of a mixed payment (and its farmers, all theirs)",
    async () => {
      const p = mixedPayment();
      const F =
        '... on SalePayment { settlement { cooperative { code } share { amount } farmers { farmer { cooperative { code } } } } }';
      const all = (await nodeOf('admin', F, p.id)).settlement;
      expect(codes(all, (x) => x.cooperative.code)).toEqual([...p.coops].sort());
      const mine = (await nodeOf(PAN_MANAGER, F, p.id)).settlement;
      expect(mine).toEqual(all.filter((x: any) => x.cooperative.code === 'CAC-PAN'));
      for (const f of mine[0].farmers) expect(f.farmer.cooperative.code).toBe('CAC-PAN');
      for (const t of [SAT_MANAGER, LM_STAFF, BAF]) await refusedNested(t, NODE(F), { id: p.id }, 'node');
    },
  );

  nested(
    'SalePayment.entry',
    'the ledger entry of a payment is null for a manager (no error), there for admins and auditors',
    async () => {
      const p = mixedPayment();
      const F = '... on SalePayment { entry { id } }';
      expect((await nodeOf('auditor', F, p.id)).entry).not.toBeNull();
      expect((await nodeOf(PAN_MANAGER, F, p.id)).entry).toBeNull();
    },
  );

  nested(
    'CooperativeSettlement.loans',
    "a manager sees only their cooperative's loans repaid by a mixed payment",
    async () => {
      const p = mixedPayment();
      const F =
        '... on SalePayment { settlement { cooperative { code } loans { loan { code cooperative { code } } entry { id } } } }';
      const all = (await nodeOf('admin', F, p.id)).settlement.flatMap((c: any) => c.loans.map((l: any) => l.loan.code));
      expect(all.length).toBeGreaterThan(1);
      const mine = (await nodeOf(PAN_MANAGER, F, p.id)).settlement.flatMap((c: any) => c.loans);
      expect(mine.map((l: any) => [l.loan.code, l.loan.cooperative.code, l.entry])).toEqual(
        book.loans.filter((l) => l.coops[0] === 'CAC-PAN' && all.includes(l.key)).map((l) => [l.key, 'CAC-PAN', null]),
      );
    },
  );

  nested(
    'StockBatch.owners, ownerCount, cooperativeShares',
    'a manager sees only their own lots and line of a mixed batch; plant staff all of them',
    async () => {
      const b = mixedBatch();
      const F =
        '... on StockBatch { quantity { grams } ownerCount owners { lot { code cooperative { code } } weight { grams } } cooperativeShares { cooperative { code } weight { grams } } }';
      const all = await nodeOf('admin', F, b.id);
      expect(await nodeOf(LM_STAFF, F, b.id)).toEqual(all);
      const mine = await nodeOf(PAN_MANAGER, F, b.id);
      const own = all.owners.filter((o: any) => o.lot.cooperative.code === 'CAC-PAN');
      expect(mine.owners).toEqual(own);
      expect(mine.ownerCount).toBe(own.length);
      expect(mine.cooperativeShares).toEqual(
        all.cooperativeShares.filter((c: any) => c.cooperative.code === 'CAC-PAN'),
      );
      // The batch's own total is shared (as for deliveries).
      expect(mine.quantity).toEqual(all.quantity);
      for (const t of [SAT_MANAGER, SAT_STAFF, BAF]) await refusedNested(t, NODE(F), { id: b.id }, 'node');
    },
  );

  nested(
    'StockBatch.upstream',
    "a manager's trace upstream of a batch of their coffee reaches only batches holding their coffee",
    async () => {
      const b = pick(
        book.batches,
        'packed batch of Pangoa with an upstream',
        (m) => m.coops.includes('CAC-PAN') && m.key.includes('-P'),
      );
      const F = '... on StockBatch { upstream { code cooperativeShares { cooperative { code } } } }';
      const all = (await nodeOf('admin', F, b.id)).upstream;
      expect(all.length).toBeGreaterThan(0);
      const mine = (await nodeOf(PAN_MANAGER, F, b.id)).upstream;
      expect(codes(mine, (x) => x.code)).toEqual(codes(all, (x) => x.code));
      for (const u of mine) expect(codes(u.cooperativeShares, (c) => c.cooperative.code)).toEqual(['CAC-PAN']);
      expect((await nodeOf(LM_STAFF, F, b.id)).upstream).toEqual(all);
    },
  );

  nested(
    'ProcessingRun.inputs',
    "a manager sees only their own lots' lines of a run that mixed cooperatives",
    async () => {
      const run = pick(book.runs, 'run mixing Pangoa', mixedWithPan);
      const F = '... on ProcessingRun { inputs { lot { code cooperative { code } } weight { grams } } }';
      const all = (await nodeOf('admin', F, run.id)).inputs;
      expect((await nodeOf(PAN_MANAGER, F, run.id)).inputs).toEqual(
        all.filter((x: any) => x.lot.cooperative.code === 'CAC-PAN'),
      );
      expect((await nodeOf(LM_STAFF, F, run.id)).inputs).toEqual(all);
    },
  );

  const FILTERED =
    'query($c: ID!) { stockBatches(first: 100, filter: { cooperativeId: $c }) { totalCount } stock(filter: { cooperativeId: $c }) { form } lots(filter: { cooperativeId: $c }) { totalCount } farmers(filter: { cooperativeId: $c }) { totalCount } }';
  nested(
    'Query.stockBatches(filter: {cooperativeId})',
    'stock, lots and farmers filtered on another cooperative answer nothing to a manager',
    async () => {
      // The demo has batches holding both Pangoa's and Jaén's coffee.
      expect(
        book.batches.filter((b) => b.coops.includes('CAC-PAN') && b.coops.includes('CAC-JAE')).length,
      ).toBeGreaterThan(0);
      const d = await read(PAN_MANAGER, FILTERED, { c: ids.coop['CAC-JAE'] });
      expect([d.stock, d.lots.totalCount, d.farmers.totalCount]).toEqual([[], 0, 0]);
      // Admins get the batches holding Jaén's coffee, plant staff those of them at their plant, lenders none.
      const jaen = book.batches.filter((b) => b.coops.includes('CAC-JAE'));
      expect((await read('admin', FILTERED, { c: ids.coop['CAC-JAE'] })).stockBatches.totalCount).toBe(jaen.length);
      expect((await read(LM_STAFF, FILTERED, { c: ids.coop['CAC-JAE'] })).stockBatches.totalCount).toBe(
        jaen.filter((b) => b.plant === 'PLT-LM').length,
      );
      expect((await read(BAF, FILTERED, { c: ids.coop['CAC-JAE'] })).stockBatches.totalCount).toBe(0);
    },
  );
  // Was a bug found by this walk: the filter told a manager which of their batches also hold another
  // cooperative's coffee (two independent EXISTS in batchConditions); now it answers nothing, as stock/lots/farmers.
  nested(
    'Query.stockBatches(filter: {cooperativeId})',
    'stockBatches filtered on another cooperative answers nothing to a manager',
    async () => {
      const d = await read(PAN_MANAGER, FILTERED, { c: ids.coop['CAC-JAE'] });
      expect(d.stockBatches.totalCount).toBe(0);
    },
  );

  nested(
    'CampaignLoan.cooperative',
    "a lender reads the borrowing cooperative's profile and its own loans to it, nothing of its farmers, lots, summaries or statements",
    async () => {
      const loan = pick(book.loans, 'BAF-JAE-2019', (l) => l.key === 'BAF-JAE-2019');
      const F =
        '... on CampaignLoan { cooperative { code name farmers { totalCount } lots { totalCount } loans { code } } }';
      const c = (await nodeOf(BAF, F, loan.id)).cooperative;
      expect(c).toMatchObject({
        code: 'CAC-JAE',
        farmers: { totalCount: 0 },
        lots: { totalCount: 0 },
        loans: [{ code: 'BAF-JAE-2019' }],
      });
      for (const [f, field] of [
        ['campaignSummary(campaignId: $c) { lotCount }', 'campaignSummary'],
        ['statement(campaignId: $c) { asOf }', 'statement'],
      ] as const) {
        await refusedNested(
          BAF,
          `query($id: ID!, $c: ID!) { node(id: $id) { ... on CampaignLoan { cooperative { code ${f} } } } }`,
          { id: loan.id, c: ids.c2019 },
          field,
        );
      }
    },
  );

  nested(
    'Cooperative.loans',
    'a lender sees its own loans to a cooperative only; plant staff none; a manager their own',
    async () => {
      const F = '... on Cooperative { loans { code } }';
      const loansOf = async (t: Tenant | Role, coop: string) =>
        codes((await nodeOf(t, F, ids.coop[coop]!)).loans, (l) => l.code);
      expect(await loansOf(BAF, 'CAC-JAE')).toEqual(['BAF-JAE-2019']);
      expect(await loansOf(BAF, 'CAC-PAN')).toEqual([]);
      expect(await loansOf(COPAC, 'CAC-PAN')).toEqual(['CSM-PAN-2019']);
      expect(await loansOf(COPAC, 'CAC-JAE')).toEqual([]);
      expect(await loansOf(LM_STAFF, 'CAC-JAE')).toEqual([]);
      expect(await loansOf(PAN_MANAGER, 'CAC-PAN')).toEqual(['CSM-PAN-2019']);
      expect(await loansOf('auditor', 'CAC-JAE')).toEqual(['BAF-JAE-2019']);
    },
  );

  nested(
    'Lender.loans, creditLines',
    "a manager reading a lender sees only the lender's loans to their cooperative and no credit lines; plant staff nothing",
    async () => {
      const F = '... on Lender { code loans { code } creditLines { code } }';
      expect(await nodeOf(PAN_MANAGER, F, ids.lender['COOPAC-SM']!)).toEqual({
        id: ids.lender['COOPAC-SM'],
        code: 'COOPAC-SM',
        loans: [{ code: 'CSM-PAN-2019' }],
        creditLines: [],
      });
      expect((await nodeOf(PAN_MANAGER, F, ids.lender.BAF!)).loans).toEqual([]);
      expect((await nodeOf(PAN_MANAGER, F, ids.lender.SIDI!)).creditLines).toEqual([]);
      expect(await nodeOf(LM_STAFF, F, ids.lender.SIDI!)).toMatchObject({ loans: [], creditLines: [] });
      expect((await nodeOf(SIDI, F, ids.lender.SIDI!)).creditLines).toEqual([{ code: 'SIDI-2019' }]);
      expect(codes((await nodeOf(BAF, F, ids.lender.BAF!)).loans, (l) => l.code)).toEqual([
        'BAF-CHA-2019',
        'BAF-JAE-2019',
      ]);
    },
  );

  nested(
    'Lender.portfolio, exposure',
    'only admins, auditors and the lender itself; managers and plant staff are refused, other lenders cannot reach the lender',
    async () => {
      for (const [f, field] of [
        [`portfolio(asOf: "${TODAY}") { loans { loan { code } } }`, 'portfolio'],
        [`exposure(asOf: "${TODAY}") { currency }`, 'exposure'],
      ] as const) {
        const Q = NODE(`... on Lender { code ${f} }`);
        expect((await read(BAF, Q, { id: ids.lender.BAF })).node.code).toBe('BAF');
        expect((await read('auditor', Q, { id: ids.lender['COOPAC-SM'] })).node.code).toBe('COOPAC-SM');
        for (const t of [PAN_MANAGER, LM_STAFF]) await refusedNested(t, Q, { id: ids.lender['COOPAC-SM'] }, field);
        await refusedNested(BAF, Q, { id: ids.lender['COOPAC-SM'] }, 'node');
      }
    },
  );

  nested(
    'LoanEvent.entry',
    "a loan's events show their ledger entry to admins and auditors only (null for its lender and its manager)",
    async () => {
      const l = pick(book.loans, 'CSM-PAN-2019', (x) => x.key === 'CSM-PAN-2019');
      const F = '... on LoanEvent { entry { id } }';
      expect((await nodeOf('auditor', F, l.events[0]!)).entry).not.toBeNull();
      expect((await nodeOf(COPAC, F, l.events[0]!)).entry).toBeNull();
      expect((await nodeOf(PAN_MANAGER, F, l.events[0]!)).entry).toBeNull();
    },
  );

  nested(
    'LoanEvent.sale',
    "a lender sees the sale that repaid its loan: delivery and contract codes, the buyer's whole payment, and the borrower's lots only",
    async () => {
      const F =
        '... on CampaignLoan { repayments { sale { deliveryCode contractCode payment { amount } lots { lotCode weight { grams } } } } }';
      const loan = pick(book.loans, 'BAF-JAE-2019', (l) => l.key === 'BAF-JAE-2019');
      const sales = (await nodeOf(BAF, F, loan.id)).repayments.map((r: any) => r.sale).filter(Boolean);
      expect(sales.length).toBeGreaterThan(0);
      expect(sales).toEqual((await nodeOf('admin', F, loan.id)).repayments.map((r: any) => r.sale).filter(Boolean));
      const jaen = new Set(book.lots.filter((x) => x.coops[0] === 'CAC-JAE').map((x) => x.key));
      for (const sale of sales) for (const lot of sale.lots) expect(jaen.has(lot.lotCode), lot.lotCode).toBe(true);
      // The lender cannot read those lots themselves.
      const lot = pick(book.lots, "a lot of Jaén's", (x) => x.key === sales[0].lots[0].lotCode);
      await refusedNested(BAF, NODE('... on Lot { code }'), { id: lot.id }, 'node');
      // The borrower's manager reads the same of their own loan.
      const pan = pick(book.loans, 'CSM-PAN-2019', (l) => l.key === 'CSM-PAN-2019');
      const mine = (await nodeOf(PAN_MANAGER, F, pan.id)).repayments.map((r: any) => r.sale).filter(Boolean);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine).toEqual((await nodeOf('admin', F, pan.id)).repayments.map((r: any) => r.sale).filter(Boolean));
    },
  );

  // CampaignLoan.coverage is walked at the end (it needs a second lender's loan to the same cooperative).

  nested(
    'Cooperative.farmers, lots',
    "through a cooperative a lender reaches no farmers or lots; plant staff its farmers and their own plant's lots",
    async () => {
      const F = '... on Cooperative { farmers { totalCount } lots { totalCount } }';
      expect(await nodeOf(BAF, F, ids.coop['CAC-PAN']!)).toMatchObject({
        farmers: { totalCount: 0 },
        lots: { totalCount: 0 },
      });
      const pan = await nodeOf(SAT_STAFF, F, ids.coop['CAC-SAT']!);
      expect(pan.farmers.totalCount).toBe(ofCoop(book.farmers, SAT_MANAGER).length);
      expect(pan.lots.totalCount).toBe(
        book.lots.filter((l) => l.coops[0] === 'CAC-SAT' && l.plant === 'CC-SAT').length,
      );
      expect((await nodeOf(SAT_STAFF, F, ids.coop['CAC-PAN']!)).lots.totalCount).toBe(0);
    },
  );

  nested(
    'Cooperative.campaignSummary',
    'managers (their own), plant staff (all) and auditors; lenders refused',
    async () => {
      const Q =
        'query($id: ID!, $c: ID!) { node(id: $id) { ... on Cooperative { campaignSummary(campaignId: $c) { lotCount } } } }';
      const n = (t: Tenant | Role, coop: string) =>
        read(t, Q, { id: ids.coop[coop], c: ids.c2019 }).then((d) => d.node.campaignSummary.lotCount);
      const admin = await n('admin', 'CAC-JAE');
      expect(await n(LM_STAFF, 'CAC-JAE')).toBe(admin);
      expect(await n(PAN_MANAGER, 'CAC-PAN')).toBe(await n('admin', 'CAC-PAN'));
      await refusedNested(BAF, Q, { id: ids.coop['CAC-JAE'], c: ids.c2019 }, 'campaignSummary');
    },
  );

  nested(
    'Cooperative.statement',
    "admins, auditors and the cooperative's manager; plant staff and lenders refused",
    async () => {
      const Q =
        'query($id: ID!, $c: ID!) { node(id: $id) { ... on Cooperative { statement(campaignId: $c, asOf: "2020-01-15") { paymentsSettled farmersToPay { amount } } } } }';
      const v = { id: ids.coop['CAC-PAN'], c: ids.c2019 };
      expect((await read(PAN_MANAGER, Q, v)).node).toEqual((await read('auditor', Q, v)).node);
      for (const t of [LM_STAFF, BAF, COPAC]) await refusedNested(t, Q, v, 'statement');
    },
  );

  nested(
    'Farmer.statement',
    "admins, auditors and the farmer's own manager; plant staff (who can read the farmer) refused",
    async () => {
      const Q =
        'query($id: ID!, $c: ID!) { node(id: $id) { ... on Farmer { statement(campaignId: $c, to: "2020-01-15") { from to } } } }';
      const v = { id: pick(book.farmers, 'farmer of Pangoa', (f) => f.coops[0] === 'CAC-PAN').id, c: ids.c2019 };
      expect((await read(PAN_MANAGER, Q, v)).node).toEqual((await read('admin', Q, v)).node);
      await refusedNested(LM_STAFF, Q, v, 'statement');
    },
  );

  nested(
    'Farmer.payouts',
    "admins, auditors and the farmer's own manager; plant staff (who can read the farmer) an empty list",
    async () => {
      const Q = 'query($id: ID!) { node(id: $id) { ... on Farmer { payouts { id paidOn amount { amount } } } } }';
      const paid = pick(book.farmers, 'a farmer with payouts', (f) =>
        book.payouts.some((p) => p.coops[0] === f.coops[0]),
      );
      const all = (await read('admin', Q, { id: paid.id })).node;
      expect((await read('auditor', Q, { id: paid.id })).node).toEqual(all);
      expect((await read(LM_STAFF, Q, { id: paid.id })).node.payouts).toEqual([]);
      // A manager reads their own farmers' payouts, not another cooperative's (it cannot reach the farmer).
      const pan = pick(book.farmers, 'farmer of Pangoa', (f) => f.coops[0] === 'CAC-PAN');
      expect((await read(PAN_MANAGER, Q, { id: pan.id })).node).toEqual((await read('admin', Q, { id: pan.id })).node);
      if (paid.coops[0] !== 'CAC-PAN') {
        const r = await gql(PAN_MANAGER, Q, { id: paid.id });
        expect(r.data?.node ?? null).toBeNull();
      }
    },
  );

  nested(
    'HarvestCampaign.cooperativeSummaries',
    'a manager gets their own cooperative only; plant staff all; lenders refused',
    async () => {
      const F = '... on HarvestCampaign { cooperativeSummaries { cooperative { code } lotCount } }';
      const all = (await nodeOf('admin', F, ids.c2019)).cooperativeSummaries;
      expect(all.length).toBe(Object.keys(ids.coop).length);
      expect((await nodeOf(LM_STAFF, F, ids.c2019)).cooperativeSummaries).toEqual(all);
      expect((await nodeOf(PAN_MANAGER, F, ids.c2019)).cooperativeSummaries).toEqual(
        all.filter((x: any) => x.cooperative.code === 'CAC-PAN'),
      );
      await refusedNested(BAF, NODE(F), { id: ids.c2019 }, 'cooperativeSummaries');
    },
  );

  nested(
    'HarvestCampaign.advancePrices',
    "a manager gets their own cooperative's prices; plant staff and lenders an empty list",
    async () => {
      const F = '... on HarvestCampaign { advancePrices { cooperative { code } pricePerKg effectiveFrom } }';
      const all = (await nodeOf('admin', F, ids.c2019)).advancePrices;
      expect(new Set(all.map((a: any) => a.cooperative.code)).size).toBeGreaterThan(1);
      expect((await nodeOf(PAN_MANAGER, F, ids.c2019)).advancePrices).toEqual(
        all.filter((a: any) => a.cooperative.code === 'CAC-PAN'),
      );
      for (const t of [LM_STAFF, BAF]) expect((await nodeOf(t, F, ids.c2019)).advancePrices).toEqual([]);
    },
  );

  nested('HarvestCampaign.moneySummary', 'admins and auditors only', async () => {
    const F = '... on HarvestCampaign { moneySummary(asOf: "2020-01-15") { paymentsSettled } }';
    expect((await nodeOf('auditor', F, ids.c2019)).moneySummary).toEqual(
      (await nodeOf('admin', F, ids.c2019)).moneySummary,
    );
    for (const t of [PAN_MANAGER, LM_STAFF, BAF]) await refusedNested(t, NODE(F), { id: ids.c2019 }, 'moneySummary');
  });

  nested(
    'Plant.throughput, backlog',
    "the plant's own staff, admins and auditors; staff of another site, managers and lenders refused",
    async () => {
      for (const [f, field] of [
        ['throughput(from: "2019-12-01", to: "2019-12-07") { runs }', 'throughput'],
        ['backlog { gradedLots }', 'backlog'],
      ] as const) {
        const F = `... on Plant { code ${f} }`;
        expect((await nodeOf(LM_STAFF, F, ids.plant['PLT-LM']!))[field]).toEqual(
          (await nodeOf('auditor', F, ids.plant['PLT-LM']!))[field],
        );
        for (const t of [SAT_STAFF, PAN_MANAGER, BAF])
          await refusedNested(t, NODE(F), { id: ids.plant['PLT-LM'] }, field);
      }
    },
  );

  nested(
    'Consortium.shareholdings',
    "every role reads every shareholder's name and stake, other cooperatives' included",
    async () => {
      const Q = '{ consortium { shareholdings { holderCode holderName stakePercent } } }';
      const all = (await read('admin', Q)).consortium.shareholdings;
      expect(all.some((h: any) => h.holderCode === 'CAC-SAT')).toBe(true);
      for (const t of [PAN_MANAGER, LM_STAFF, BAF]) expect((await read(t, Q)).consortium.shareholdings).toEqual(all);
    },
  );
});

// ================================================================ the walk wrote nothing

describe('the read and refused-write walk', () => {
  it('left the database byte for byte as it found it', () => {
    expect(digest()).toBe(before);
    expect(requests).toBeGreaterThan(500);
  });
});

// ================================================================ last: tests that write

describe('CampaignLoan.coverage (writes, so it runs last)', () => {
  NESTED_DONE.add('CampaignLoan.coverage');
  const COVERAGE = `query($id: ID!) { node(id: $id) { ... on CampaignLoan { code currency position(asOf: "${TODAY}") { totalDue { amount currency } }
    coverage(referencePricePerLb: "1.50", exchangeRate: "3.35", asOf: "${TODAY}") { owed { amount currency } } } } }`;
  const bafJae = () => pick(book.loans, 'BAF-JAE-2019', (l) => l.key === 'BAF-JAE-2019');
  let second = '';

  // The demo book has one loan per cooperative: lend Jaén a second one, from COOPAC Santa María in
  // PEN, and disburse it with two admins (maker and checker).
  it("CampaignLoan.coverage: a second lender lends to Jaén, and neither lender can read the other's loan", async () => {
    const send = async (role: Role, field: string, input: Record<string, unknown>, payload = '') => {
      const doc = `mutation($i: ${mutationInputType(field)}!) { ${field}(input: $i) { __typename ${payload} ... on Error { message } } }`;
      const r = await s.gql(role, doc, { i: { idempotencyKey: newKey(), ...input } });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(r.data[field].__typename, JSON.stringify(r.data)).toMatch(/Payload$/);
      return r.data[field];
    };
    const jae = ids.coop['CAC-JAE'];
    await send('admin', 'setEndorsementLimit', {
      cooperativeId: jae,
      campaignId: ids.c2019,
      currency: 'PEN',
      limit: '5000.00',
    });
    second = (
      await send(
        'admin',
        'createCampaignLoan',
        {
          code: 'CSM-JAE-2019',
          lenderId: ids.lender['COOPAC-SM'],
          cooperativeId: jae,
          campaignId: ids.c2019,
          currency: 'PEN',
          principal: '3000.00',
          convention: 'SIMPLE_ACT_360',
          ratePercent: '12',
          signedOn: '2019-09-01',
          maturity: '2020-06-30',
        },
        '... on CampaignLoanPayload { loan { id } }',
      )
    ).loan.id;
    const request = (
      await send(
        'admin',
        'requestLoanDisbursement',
        { loanId: second, amount: '3000.00', disbursedOn: '2019-09-02', reason: 'matrix: a second lender to Jaén' },
        '... on LoanRequestPayload { request { id } }',
      )
    ).request.id;
    await send('admin2', 'decideLoanRequest', { requestId: request, approve: true });
    const pen = (await read('admin', COVERAGE, { id: second })).node.position.totalDue;
    expect(pen.currency).toBe('PEN');
    expect(Number(pen.amount)).toBeGreaterThan(3000);
    await refusedNested(BAF, COVERAGE, { id: second }, 'node');
    await refusedNested(COPAC, COVERAGE, { id: bafJae().id }, 'node');
    // The admin's coverage of either loan is the cooperative's: both loans.
    expect(
      (await read('admin', COVERAGE, { id: bafJae().id })).node.coverage.owed.map((o: any) => o.currency).sort(),
    ).toEqual(['PEN', 'USD']);
  });

  // `coverage.owed` (and `ratio`) weigh the cooperative's coffee against the loans the reader may see:
  // for a lender its own loans only (schema/loans.ts, CampaignLoan.coverage), never what the
  // cooperative owes another lender on a loan the lender is refused by list and by node(id:).
  it("CampaignLoan.coverage: a lender's coverage of its own loan counts only what is owed to it", async () => {
    const own = (await read(BAF, COVERAGE, { id: bafJae().id })).node;
    expect(own.coverage.owed).toEqual([own.position.totalDue]);
    const other = (await read(COPAC, COVERAGE, { id: second })).node;
    expect(other.coverage.owed).toEqual([other.position.totalDue]);
    // A manager weighs their cooperative's coffee against all its loans, as the admin does.
    const pan = pick(book.loans, 'CSM-PAN-2019', (l) => l.key === 'CSM-PAN-2019');
    expect((await read(PAN_MANAGER, COVERAGE, { id: pan.id })).node).toEqual(
      (await read('admin', COVERAGE, { id: pan.id })).node,
    );
  });
});

describe('the nested walk', () => {
  it('walks every nested field docs/authorization.md lists', () => {
    expect([...NESTED_DONE].sort()).toEqual([...NESTED].sort());
  });
});
