/**
 * The farmer-settlements CSV, over real HTTP with bearer tokens, and its
 * rendering: what a cooperative pays its farmers for a campaign.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { farmerSettlementsCsv } from '../../server/exports/farmer-settlements-csv.js';
import type { farmerSettlements } from '../../server/queries/farmer-settlements.js';
import { type TestServer, startServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const url = (q: string) => `${s.url.replace('/graphql', '')}/exports/farmer-settlements.csv?${q}`;
const get = (role: string | null, q: string) =>
  fetch(url(q), { headers: role ? { authorization: `Bearer ${s.tokens[role]}` } : {} });

describe('GET /exports/farmer-settlements.csv', () => {
  it('starts with a UTF-8 byte-order mark for Excel when asked (excel=1), and only then', async () => {
    const q = 'cooperative=CAC-PAN&campaign=C2019&asOf=2020-01-15';
    const plain = Buffer.from(await (await get('cooperative_manager', q)).arrayBuffer());
    const excel = Buffer.from(await (await get('cooperative_manager', `${q}&excel=1`)).arrayBuffer());
    expect([...plain.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect([...excel.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(excel.subarray(3).equals(plain)).toBe(true);
  });

  it('gives the manager one row per farmer of their cooperative, balance = credits − advances, split into to pay and carried debt', async () => {
    const res = await get('cooperative_manager', 'cooperative=CAC-PAN&campaign=C2019&asOf=2020-01-15');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="CAC-PAN-C2019-farmer-settlements-2020-01-15.csv"',
    );
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    const farmers = (
      s.db.$client
        .prepare(
          "select count(*) as n from farmers f join cooperatives c on c.id = f.cooperative_id where c.code = 'CAC-PAN'",
        )
        .get() as { n: number }
    ).n;
    expect(rows).toHaveLength(farmers);
    const cents = (v: string) => BigInt(v.replace('.', ''));
    for (const r of rows) {
      expect(r.currency).toBe('PEN');
      const balance = cents(r.sale_credits!) - cents(r.advances!);
      expect(cents(r.balance!)).toBe(balance);
      expect(cents(r.to_pay!)).toBe(balance > 0n ? balance : 0n);
      expect(cents(r.carried_debt!)).toBe(balance < 0n ? -balance : 0n);
    }
    // The advances in the CSV are the ledger's: Σ equals the farmer_balance debits of CAC-PAN's advances net of recoveries.
    const ledger = s.db.$client
      .prepare(
        `select jl.amount_minor as a from journal_lines jl join journal_entries e on e.id = jl.entry_id
         join ledger_accounts acc on acc.id = jl.account_id join lots l on l.id = jl.lot_id join cooperatives c on c.id = l.cooperative_id
         left join journal_entries r on r.id = e.reverses_entry_id
         where acc.purpose = 'farmer_balance' and c.code = 'CAC-PAN' and (e.kind = 'farmer_advance' or r.kind = 'farmer_advance')`,
      )
      .all() as { a: string }[];
    expect(rows.reduce((a, r) => a + cents(r.advances!), 0n)).toBe(ledger.reduce((a, r) => a + BigInt(r.a), 0n));
  });

  it('answers 401 without a token, 403 for another cooperative, plant staff or a lender, 404 for an unknown campaign, 400 for a bad date', async () => {
    expect((await get(null, 'cooperative=CAC-PAN&campaign=C2019')).status).toBe(401);
    for (const role of ['cooperative_manager_other', 'plant_staff', 'lender']) {
      const r = await get(role, 'cooperative=CAC-PAN&campaign=C2019');
      expect(r.status, role).toBe(403);
      expect(((await r.json()) as any).error.code).toBe('FORBIDDEN');
    }
    // A manager asking for an unknown cooperative learns nothing: 403, not 404.
    expect((await get('cooperative_manager', 'cooperative=NOPE&campaign=C2019')).status).toBe(403);
    expect((await get('admin', 'cooperative=NOPE&campaign=C2019')).status).toBe(404);
    expect((await get('admin', 'cooperative=CAC-PAN&campaign=C1999')).status).toBe(404);
    const bad = await get('auditor', 'cooperative=CAC-PAN&campaign=C2019&asOf=2019-02-30');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe('BAD_USER_INPUT');
  });

  it('lets admins and auditors export any cooperative', async () => {
    for (const role of ['admin', 'auditor'])
      expect((await get(role, 'cooperative=CAC-SAT&campaign=C2019&asOf=2020-01-15')).status).toBe(200);
  });
});

describe('farmerSettlementsCsv', () => {
  const row = (over: Partial<ReturnType<typeof farmerSettlements>[number]>) => ({
    farmerId: 1,
    nationalId: '12345678',
    fullName: 'Ana Sánchez Soto',
    deliveredG: 349_480,
    lots: 2,
    opening: 0n,
    advances: 185_779n,
    credits: 200_000n,
    payouts: 0n,
    other: 0n,
    balance: 14_221n,
    toPay: 14_221n,
    carriedDebt: 0n,
    ...over,
  });

  it('writes exact amounts and kg, quoting names with commas and quotes', () => {
    const csv = farmerSettlementsCsv([row({ fullName: 'Quispe, "Don" José' })], 'PEN');
    expect(csv).toBe(
      'national_id,farmer,lots,delivered_kg,currency,opening_balance,advances,sale_credits,payouts,other,balance,to_pay,carried_debt\n' +
        '12345678,"Quispe, ""Don"" José",2,349.48,PEN,0.00,1857.79,2000.00,0.00,0.00,142.21,142.21,0.00\n',
    );
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    const csv = farmerSettlementsCsv([row({ fullName: '=HYPERLINK("x")', nationalId: '+1' })], 'PEN');
    const [r] = parse(csv, { columns: true }) as Record<string, string>[];
    expect(r!.farmer).toBe(`'=HYPERLINK("x")`);
    expect(r!.national_id).toBe(`'+1`);
  });
});

describe('Cooperative.statement and HarvestCampaign.moneySummary', () => {
  const STATEMENT = `query($c: ID!) { cooperatives(first: 20) { nodes { code statement(campaignId: $c, asOf: "2020-01-15") {
    sold { grams } paymentsSettled settled { currency coffee { minorUnits } processingFees { minorUnits } commissions { minorUnits }
      loanRepayments { minorUnits } retention { minorUnits } toFarmers { minorUnits } }
    creditedToFarmers { minorUnits currency } advancesPaid { minorUnits } farmersToPay { minorUnits } farmersCarriedDebt { minorUnits } } } } }`;
  const SUMMARY = `{ harvestCampaigns { code moneySummary(asOf: "2020-01-15") { sold { grams } paymentsSettled
    revenue { currency invoiced { minorUnits } received { minorUnits } outstanding { minorUnits } }
    settled { currency coffee { minorUnits } premium { minorUnits } processingFees { minorUnits } commissions { minorUnits } retention { minorUnits } toFarmers { minorUnits } }
    creditedToFarmers { minorUnits } advancesPaid { minorUnits } farmersToPay { minorUnits } } } }`;
  const n = (m: { minorUnits: string } | undefined) => BigInt(m?.minorUnits ?? '0');
  let campaignId: string;

  beforeAll(async () => {
    const r = await s.gql('admin', '{ harvestCampaigns { id code } }');
    campaignId = r.data.harvestCampaigns.find((c: any) => c.code === 'C2019').id;
  });

  it('each cooperative: its waterfall steps add up to its coffee share, and to-pay minus carried debt = credits − advances', async () => {
    const r = await s.gql('admin', STATEMENT, { c: campaignId });
    expect(r.errors).toBeUndefined();
    const withSales = r.data.cooperatives.nodes.filter((c: any) => c.statement.paymentsSettled > 0);
    expect(withSales.length).toBeGreaterThan(0);
    for (const { statement: st } of r.data.cooperatives.nodes) {
      for (const b of st.settled) {
        expect(n(b.processingFees) + n(b.commissions) + n(b.loanRepayments) + n(b.retention) + n(b.toFarmers)).toBe(
          n(b.coffee),
        );
      }
      const credits = st.creditedToFarmers.reduce((a: bigint, m: any) => a + n(m), 0n);
      const advances = st.advancesPaid.reduce((a: bigint, m: any) => a + n(m), 0n);
      expect(n(st.farmersToPay) - n(st.farmersCarriedDebt)).toBe(credits - advances);
    }
  });

  it('the campaign summary is the sum of the cooperatives, and received = settled', async () => {
    const coops = (await s.gql('admin', STATEMENT, { c: campaignId })).data.cooperatives.nodes.map(
      (c: any) => c.statement,
    );
    const r = await s.gql('auditor', SUMMARY);
    expect(r.errors).toBeUndefined();
    const sum = r.data.harvestCampaigns.find((c: any) => c.code === 'C2019').moneySummary;
    expect(sum.farmersToPay).toBeNull();
    expect(sum.sold.grams).toBe(coops.reduce((a: number, c: any) => a + c.sold.grams, 0));
    const coffee = (list: any[]) =>
      list.reduce((a: bigint, st: any) => a + st.settled.reduce((b: bigint, x: any) => b + n(x.coffee), 0n), 0n);
    expect(coffee([sum])).toBe(coffee(coops));
    expect(n(sum.advancesPaid[0])).toBe(
      coops.reduce((a: bigint, c: any) => a + c.advancesPaid.reduce((b: bigint, m: any) => b + n(m), 0n), 0n),
    );
    const usd = sum.revenue.find((x: any) => x.currency === 'USD');
    expect(n(usd.outstanding)).toBe(n(usd.invoiced) - n(usd.received));
    // What buyers paid is what was settled, as coffee and as Fairtrade premium, in each currency.
    for (const cur of ['USD', 'PEN']) {
      const revenue = sum.revenue.find((x: any) => x.currency === cur);
      const settled = sum.settled.find((x: any) => x.currency === cur);
      expect(n(revenue.received), cur).toBeGreaterThan(0n);
      expect(n(revenue.received), cur).toBe(n(settled.coffee) + n(settled.premium));
    }
  });

  it('refuses other cooperatives, plant staff and lenders', async () => {
    const other = await s.gql(
      'cooperative_manager',
      `query($c: ID!, $id: ID!) { node(id: $id) { ... on Cooperative { statement(campaignId: $c) { paymentsSettled } } } }`,
      {
        c: campaignId,
        id: (await s.gql('admin', '{ cooperatives(first: 20) { nodes { id code } } }')).data.cooperatives.nodes.find(
          (c: any) => c.code === 'CAC-SAT',
        ).id,
      },
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND'); // another cooperative, by node(id:), answers as a missing ID (issue 14)
    for (const role of ['cooperative_manager', 'plant_staff', 'lender'] as const) {
      const r = await s.gql(role, SUMMARY);
      expect(r.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
    const staff = await s.gql('plant_staff', STATEMENT, { c: campaignId });
    expect(staff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('entries that mirror a sale record', () => {
  it('cannot be reversed by hand: the payment or invoice would still say otherwise', async () => {
    for (const kind of ['sale_settlement', 'sale_invoice']) {
      const e = await s.gql('admin', `query($k: String) { journalEntries(first: 1, kind: $k) { nodes { id } } }`, {
        k: kind,
      });
      const id = e.data.journalEntries.nodes[0].id;
      const before = s.count('journal_entries');
      const r = await s.gql(
        'admin',
        `mutation($i: ReverseJournalEntryInput!) { reverseJournalEntry(input: $i) { __typename ... on ConflictError { code } } }`,
        {
          i: { idempotencyKey: `manual-${kind}`, entryId: id, reason: 'trying a shortcut' },
        },
      );
      expect(r.data.reverseJournalEntry).toEqual({ __typename: 'ConflictError', code: 'REVERSE_THE_RECORD' });
      expect(s.count('journal_entries')).toBe(before);
    }
  });
});
