/**
 * What a cooperative owes its farmers and what it paid them, over real HTTP
 * on the small demo with its January 2020 payouts (`payouts: true`): the CSV,
 * the farmer's statement, the cooperative's statement and the ledger agree;
 * payouts and payout runs clear what is owed, never more; every refusal
 * writes nothing; receipts print in Spanish by default.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, issueToken } from '../../server/services/users.js';
import { type TestServer, startServer } from '../support/server.js';

let s: TestServer;
let c2019 = '';
const coopIds: Record<string, string> = {};
let moyManager = '';

beforeAll(async () => {
  s = await startServer({ payouts: true });
  const r = await s.gql('admin', '{ harvestCampaigns { id code } cooperatives(first: 20) { nodes { id code } } }');
  c2019 = r.data.harvestCampaigns.find((c: any) => c.code === 'C2019').id;
  for (const c of r.data.cooperatives.nodes) coopIds[c.code] = c.id;
  const moy = s.db.$client.prepare("select id from cooperatives where code = 'CAC-MOY'").get() as { id: number };
  const uid = createUser(s.db, {
    name: 'Gerente Moyobamba',
    email: 'moy@example.org',
    role: 'cooperative_manager',
    cooperativeId: moy.id,
  });
  moyManager = issueToken(s.db, uid);
});
afterAll(() => s.close());

const cents = (v: string) => BigInt(v.replace('.', ''));
const csv = async (role: string, coop: string, asOf: string) => {
  const token = role === 'moy' ? moyManager : s.tokens[role];
  const res = await fetch(
    `${s.url.replace('/graphql', '')}/exports/farmer-settlements.csv?cooperative=${coop}&campaign=C2019&asOf=${asOf}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(res.status).toBe(200);
  return parse(await res.text(), { columns: true }) as Record<string, string>[];
};
/** The farmer's ledger account as of a date, summed from the journal lines (own SQL, bigint). */
const ledgerOwed = (nationalId: string, asOf: string) =>
  -(
    s.db.$client
      .prepare(
        `select jl.amount_minor as a from journal_lines jl join journal_entries e on e.id = jl.entry_id
       join ledger_accounts acc on acc.id = jl.account_id join farmers f on f.id = acc.owner_id
       where acc.owner_type = 'farmer' and acc.purpose = 'farmer_balance' and f.national_id = ? and e.occurred_on <= ?`,
      )
      .all(nationalId, asOf) as { a: string }[]
  ).reduce((a, r) => a + BigInt(r.a), 0n);

const STATEMENT = `query($id: ID!, $c: ID!, $to: Date) { node(id: $id) { ... on Farmer { fullName
  statement(campaignId: $c, to: $to) { nettingRule currencies { currency openingOwedToFarmer { minorUnits } closingOwedToFarmer { minorUnits }
    advancesPaid { minorUnits } payoutsPaid { minorUnits } toPay { minorUnits } carriedDebt { minorUnits }
    lines { kind movement paidToFarmer { minorUnits } creditedToFarmer { minorUnits } reversedCredit { minorUnits } change { minorUnits } owedToFarmer { minorUnits } } } }
  payouts { id paidOn amount { minorUnits } method purpose paidBy reference reversedOn receiptPath } } } }`;

const farmerIdOf = (nationalId: string) => {
  const row = s.db.$client.prepare('select id from farmers where national_id = ?').get(nationalId) as { id: number };
  return Buffer.from(`Farmer:${row.id}`).toString('base64');
};
const owedFarmer = async (coop: string) => {
  const rows = await csv('admin', coop, '2020-01-15');
  const r = rows.find((x) => cents(x.to_pay!) > 1000n);
  if (!r) throw new Error(`no farmer of ${coop} is owed more than 10.00 on 2020-01-15`);
  return r;
};

const PAY = `mutation($i: RecordFarmerPayoutInput!) { recordFarmerPayout(input: $i) { __typename
  ... on RecordFarmerPayoutPayload { replayed payout { id amount { amount } method purpose paidBy reference receiptPath } }
  ... on InvalidInputError { issues { path code message } } ... on ConflictError { code } ... on Error { message } } }`;
const RUN = `mutation($i: RecordFarmerPayoutRunInput!) { recordFarmerPayoutRun(input: $i) { __typename
  ... on RecordFarmerPayoutRunPayload { replayed run { paidOn total { minorUnits } payouts { id amount { minorUnits } farmer { nationalId } } } }
  ... on InvalidInputError { issues { path code message } } ... on Error { message } } }`;
const REVERSE = `mutation($i: ReverseFarmerPayoutInput!) { reverseFarmerPayout(input: $i) { __typename
  ... on ReverseFarmerPayoutPayload { payout { id reversedOn reversalReason } }
  ... on ConflictError { code } ... on InvalidInputError { issues { path code } } ... on Error { message } } }`;

const WRITES = ['farmer_payouts', 'farmer_payout_runs', 'farmer_payout_reversals', 'journal_entries', 'journal_lines'];
const counts = () => WRITES.map((t) => s.count(t));
let keySeq = 0;
const key = () => `payout-test-${String(++keySeq).padStart(4, '0')}`;

describe('one answer to "what do we owe this farmer"', () => {
  it('for every farmer of every cooperative, the CSV = the farmer statement = the ledger, as of several dates', async () => {
    for (const asOf of ['2019-12-31', '2020-01-10', '2020-01-15']) {
      for (const coop of ['CAC-MOY', 'CAC-PER', 'CAC-PAN']) {
        const rows = await csv('admin', coop, asOf);
        let toPay = 0n;
        let debt = 0n;
        for (const r of rows) {
          const balance = cents(r.balance!);
          // The CSV's own arithmetic, and the ledger.
          expect(
            cents(r.opening_balance!) +
              cents(r.sale_credits!) -
              cents(r.advances!) -
              cents(r.payouts!) +
              cents(r.other!),
          ).toBe(balance);
          expect(balance, `${coop} ${r.farmer} ${asOf}`).toBe(ledgerOwed(r.national_id!, asOf));
          expect(cents(r.to_pay!) - cents(r.carried_debt!)).toBe(balance);
          toPay += cents(r.to_pay!);
          debt += cents(r.carried_debt!);
        }
        // The farmer statement, for the farmers with anything on their account.
        for (const r of rows.filter((x) => cents(x.advances!) !== 0n || cents(x.payouts!) !== 0n).slice(0, 4)) {
          const st = await s.gql('admin', STATEMENT, { id: farmerIdOf(r.national_id!), c: c2019, to: asOf });
          expect(st.errors).toBeUndefined();
          const cur = st.data.node.statement.currencies[0];
          expect(BigInt(cur.closingOwedToFarmer.minorUnits)).toBe(cents(r.balance!));
          expect(BigInt(cur.openingOwedToFarmer.minorUnits)).toBe(cents(r.opening_balance!));
          expect(BigInt(cur.toPay.minorUnits)).toBe(cents(r.to_pay!));
          expect(BigInt(cur.carriedDebt.minorUnits)).toBe(cents(r.carried_debt!));
          expect(BigInt(cur.advancesPaid.minorUnits)).toBe(cents(r.advances!));
          expect(BigInt(cur.payoutsPaid.minorUnits)).toBe(cents(r.payouts!));
        }
        // The cooperative's statement sums the same rows.
        const cs = await s.gql(
          'admin',
          `query($id: ID!, $c: ID!, $a: Date) { node(id: $id) { ... on Cooperative { statement(campaignId: $c, asOf: $a) {
          farmerNettingRule farmersToPay { minorUnits } farmersCarriedDebt { minorUnits } farmersBalance { minorUnits } farmersPaidOut { minorUnits } } } } }`,
          { id: coopIds[coop], c: c2019, a: asOf },
        );
        const st = cs.data.node.statement;
        expect(st.farmerNettingRule).toBe('ALL_OPEN_BALANCES');
        expect(BigInt(st.farmersToPay.minorUnits)).toBe(toPay);
        expect(BigInt(st.farmersCarriedDebt.minorUnits)).toBe(debt);
        expect(BigInt(st.farmersBalance.minorUnits)).toBe(toPay - debt);
        expect(BigInt(st.farmersPaidOut.minorUnits)).toBe(rows.reduce((a, r) => a + cents(r.payouts!), 0n));
      }
    }
  });

  it('the demo payouts show as paid, the reversed one as reversed, and a reversed sale credit is never "paid"', async () => {
    const p = s.db.$client
      .prepare(
        `select f.national_id as nid, c.code as coop from farmer_payouts p join farmers f on f.id = p.farmer_id
         join cooperatives c on c.id = f.cooperative_id join farmer_payout_reversals r on r.payout_id = p.id limit 1`,
      )
      .get() as { nid: string; coop: string };
    const stranger = p.coop === 'CAC-PAN' ? 'cooperative_manager_other' : 'cooperative_manager';
    const st = await s.gql(stranger, STATEMENT, { id: farmerIdOf(p.nid), c: c2019, to: '2020-01-15' });
    // Another cooperative's manager does not read the farmer's statement: the farmer answers as if it did not
    // exist (NOT_FOUND, like a missing ID; docs/authorization.md), so the refusal reveals nothing.
    expect(st.data?.node ?? null).toBeNull();
    expect(st.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const own = await s.gql('admin', STATEMENT, { id: farmerIdOf(p.nid), c: c2019, to: '2020-01-15' });
    const lines = own.data.node.statement.currencies[0].lines;
    const payout = lines.find((l: any) => l.movement === 'PAYOUT');
    const back = lines.find((l: any) => l.movement === 'PAYOUT_REVERSED');
    expect(payout.paidToFarmer.minorUnits).toBe(back.creditedToFarmer.minorUnits);
    expect(payout.reversedCredit).toBeNull();
    expect(own.data.node.payouts[0].reversedOn).toBe('2020-01-13');
    for (const l of lines) {
      if (l.movement === 'SALE_CREDIT_REVERSED') {
        expect(l.paidToFarmer).toBeNull();
        expect(l.reversedCredit).not.toBeNull();
      }
      if (l.paidToFarmer) expect(['ADVANCE', 'PAYOUT']).toContain(l.movement);
    }
  });
});

describe('recordFarmerPayout', () => {
  it('pays part of what is owed: the ledger entry clears it, and the CSV, the statement and the ledger move together', async () => {
    const r = await owedFarmer('CAC-MOY');
    const before = cents(r.to_pay!);
    const res = await s.gql('admin', PAY, {
      i: {
        idempotencyKey: key(),
        farmerId: farmerIdOf(r.national_id!),
        campaignId: c2019,
        amount: '10.00',
        method: 'MOBILE_MONEY',
        purpose: 'SETTLEMENT_INSTALMENT',
        reference: 'YAPE-000123',
        paidBy: 'Tesorería CAC-MOY',
        paidOn: '2020-01-15',
      },
    });
    expect(res.data.recordFarmerPayout.__typename).toBe('RecordFarmerPayoutPayload');
    expect(res.data.recordFarmerPayout.payout).toMatchObject({
      amount: { amount: '10.00' },
      method: 'MOBILE_MONEY',
      reference: 'YAPE-000123',
    });
    const after = (await csv('admin', 'CAC-MOY', '2020-01-15')).find((x) => x.national_id === r.national_id)!;
    expect(cents(after.to_pay!)).toBe(before - 1000n);
    expect(cents(after.payouts!)).toBe(cents(r.payouts!) + 1000n);
    expect(cents(after.balance!)).toBe(ledgerOwed(r.national_id!, '2020-01-15'));
    // The entry: the farmer's balance debited, the cooperative's cash credited.
    const lines = s.db.$client
      .prepare(
        `select acc.code as code, jl.amount_minor as a from journal_entries e join journal_lines jl on jl.entry_id = e.id
         join ledger_accounts acc on acc.id = jl.account_id where e.id = (select max(id) from journal_entries) order by jl.id`,
      )
      .all() as { code: string; a: string }[];
    expect(lines.map((l) => [l.code.split(':')[0], l.code.split(':')[2], l.a])).toEqual([
      ['farmer', 'farmer_balance', '1000'],
      ['cooperative', 'cash', '-1000'],
    ]);
  });

  it('refuses, writing nothing: above what is owed, a farmer of another cooperative, no reference for a transfer, back-dated before a later posting, in the future', async () => {
    const r = await owedFarmer('CAC-MOY');
    const n = counts();
    const base = {
      farmerId: farmerIdOf(r.national_id!),
      campaignId: c2019,
      amount: '1.00',
      method: 'CASH',
      purpose: 'SETTLEMENT_INSTALMENT',
      paidBy: 'Caja',
      paidOn: '2020-01-15',
    };
    const above = await s.gql('admin', PAY, {
      i: { ...base, idempotencyKey: key(), amount: (Number(cents(r.to_pay!) + 1n) / 100).toFixed(2) },
    });
    expect(above.data.recordFarmerPayout.issues).toEqual([
      expect.objectContaining({ path: ['input', 'amount'], code: 'ABOVE_OWED' }),
    ]);
    // Pangoa's manager paying a Moyobamba farmer: answered as a farmer that does not exist.
    const foreign = await s.gql('cooperative_manager', PAY, { i: { ...base, idempotencyKey: key() } });
    expect(foreign.data.recordFarmerPayout.__typename).toBe('NotFoundError');
    const noRef = await s.gql('admin', PAY, { i: { ...base, idempotencyKey: key(), method: 'BANK_TRANSFER' } });
    expect(noRef.data.recordFarmerPayout.issues[0]).toMatchObject({
      path: ['input', 'reference'],
      code: 'REFERENCE_REQUIRED',
    });
    const early = await s.gql('admin', PAY, { i: { ...base, idempotencyKey: key(), paidOn: '2019-12-01' } });
    expect(early.data.recordFarmerPayout.issues[0]).toMatchObject({
      path: ['input', 'paidOn'],
      code: 'BEFORE_LATER_POSTING',
    });
    const future = await s.gql('admin', PAY, { i: { ...base, idempotencyKey: key(), paidOn: '2020-01-16' } });
    expect(future.data.recordFarmerPayout.issues[0]).toMatchObject({ code: 'IN_FUTURE' });
    const zero = await s.gql('admin', PAY, { i: { ...base, idempotencyKey: key(), amount: '0' } });
    expect(zero.data.recordFarmerPayout.issues[0]).toMatchObject({ code: 'NON_POSITIVE_AMOUNT' });
    // Neither plant staff, a lender nor the auditor pays farmers.
    for (const role of ['plant_staff', 'lender', 'auditor'] as const) {
      const x = await s.gql(role, PAY, { i: { ...base, idempotencyKey: key() } });
      expect(x.data.recordFarmerPayout.__typename, role).toBe('ForbiddenError');
    }
    expect(counts()).toEqual(n);
  });

  it('a retry answers the first payout and writes nothing; the same key with another amount is refused', async () => {
    const r = await owedFarmer('CAC-MOY');
    const i = {
      idempotencyKey: key(),
      farmerId: farmerIdOf(r.national_id!),
      campaignId: c2019,
      amount: '1.00',
      method: 'CASH',
      purpose: 'ADVANCE',
      paidBy: 'Caja',
      paidOn: '2020-01-15',
    };
    const first = await s.gql('admin', PAY, { i });
    const n = counts();
    const again = await s.gql('admin', PAY, { i });
    expect(again.data.recordFarmerPayout.replayed).toBe(true);
    expect(again.data.recordFarmerPayout.payout.id).toBe(first.data.recordFarmerPayout.payout.id);
    const other = await s.gql('admin', PAY, { i: { ...i, amount: '2.00' } });
    expect(other.data.recordFarmerPayout.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(counts()).toEqual(n);
  });
});

describe('recordFarmerPayoutRun', () => {
  it('one bad line refuses the whole run, every bad line named, nothing written', async () => {
    let coop = '';
    let rows: Record<string, string>[] = [];
    for (const code of Object.keys(coopIds).sort()) {
      rows = (await csv('admin', code, '2020-01-15')).filter((x) => cents(x.to_pay!) > 200n);
      coop = code;
      if (rows.length > 0) break;
    }
    expect(rows.length, 'a cooperative with a farmer owed').toBeGreaterThan(0);
    const pan = s.db.$client
      .prepare(
        'select f.national_id as nid from farmers f join cooperatives c on c.id = f.cooperative_id where c.code <> ? limit 1',
      )
      .get(coop) as { nid: string };
    const n = counts();
    const res = await s.gql('admin', RUN, {
      i: {
        idempotencyKey: key(),
        cooperativeId: coopIds[coop],
        campaignId: c2019,
        method: 'CASH',
        purpose: 'SETTLEMENT_INSTALMENT',
        paidBy: 'Caja',
        paidOn: '2020-01-15',
        lines: [
          { farmerId: farmerIdOf(rows[0]!.national_id!), amount: '1.00' },
          { farmerId: farmerIdOf(pan.nid), amount: '1.00' },
          { farmerId: farmerIdOf(rows[0]!.national_id!), amount: '999999.00' },
        ],
      },
    });
    expect(res.data.recordFarmerPayoutRun.__typename).toBe('InvalidInputError');
    expect(res.data.recordFarmerPayoutRun.issues.map((x: any) => [x.path.join('.'), x.code])).toEqual([
      ['input.lines.1.farmerId', 'NOT_IN_COOPERATIVE'],
      ['input.lines.2.amount', 'ABOVE_OWED'],
    ]);
    expect(counts()).toEqual(n);
    // Two lines for one farmer may not together pay more than owed.
    const twice = await s.gql('admin', RUN, {
      i: {
        idempotencyKey: key(),
        cooperativeId: coopIds[coop],
        campaignId: c2019,
        method: 'CASH',
        purpose: 'SETTLEMENT_INSTALMENT',
        paidBy: 'Caja',
        paidOn: '2020-01-15',
        lines: [
          { farmerId: farmerIdOf(rows[0]!.national_id!) },
          { farmerId: farmerIdOf(rows[0]!.national_id!), amount: '0.01' },
        ],
      },
    });
    expect(twice.data.recordFarmerPayoutRun.issues.map((x: any) => [x.path.join('.'), x.code])).toEqual([
      ['input.lines.1.amount', 'ABOVE_OWED'],
    ]);
    // Another cooperative's manager cannot run this cooperative's payouts.
    const foreign = await s.gql('cooperative_manager', RUN, {
      i: {
        idempotencyKey: key(),
        cooperativeId: coopIds[coop],
        campaignId: c2019,
        method: 'CASH',
        purpose: 'SETTLEMENT_INSTALMENT',
        paidBy: 'Caja',
      },
    });
    expect(foreign.data.recordFarmerPayoutRun.__typename).toBe('ForbiddenError');
    expect(counts()).toEqual(n);
  });

  it('without lines, pays every farmer on the settlement list their whole toPay; afterwards nobody is owed', async () => {
    const rows = (await csv('moy', 'CAC-MOY', '2020-01-15')).filter((x) => cents(x.to_pay!) > 0n);
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${moyManager}` },
      body: JSON.stringify({
        query: RUN,
        variables: {
          i: {
            idempotencyKey: key(),
            cooperativeId: coopIds['CAC-MOY'],
            campaignId: c2019,
            method: 'CASH_VIA_COLLECTOR',
            purpose: 'SETTLEMENT_INSTALMENT',
            paidBy: 'Acopiador Juan Pérez',
            paidOn: '2020-01-15',
          },
        },
      }),
    }).then((x) => x.json() as Promise<any>);
    const run = res.data.recordFarmerPayoutRun.run;
    expect(run.payouts).toHaveLength(rows.length);
    expect(BigInt(run.total.minorUnits)).toBe(rows.reduce((a, r) => a + cents(r.to_pay!), 0n));
    const after = await csv('moy', 'CAC-MOY', '2020-01-15');
    for (const r of after) expect(r.to_pay).toBe('0.00');
    // The receipt of one of them, as its manager reads it: Spanish by default, English on request.
    const id = run.payouts[0].id;
    const base = `${s.url.replace('/graphql', '')}/receipts/farmer-payouts/${id}`;
    const es = await fetch(base, { headers: { authorization: `Bearer ${moyManager}` } });
    expect(es.status).toBe(200);
    expect(es.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await es.text();
    expect(html).toContain('Recibo de pago al productor');
    expect(html).toContain('Efectivo por acopiador');
    expect(html).toContain('Acopiador Juan P\u00e9rez');
    const en = await (await fetch(`${base}?lang=en`, { headers: { authorization: `Bearer ${moyManager}` } })).text();
    expect(en).toContain('Farmer payout receipt');
    // Refused: no token, another cooperative's manager, plant staff; an unknown language.
    expect((await fetch(base)).status).toBe(401);
    expect((await fetch(base, { headers: { authorization: `Bearer ${s.tokens.cooperative_manager}` } })).status).toBe(
      403,
    );
    expect((await fetch(base, { headers: { authorization: `Bearer ${s.tokens.plant_staff}` } })).status).toBe(403);
    expect((await fetch(`${base}?lang=fr`, { headers: { authorization: `Bearer ${moyManager}` } })).status).toBe(400);
  });
});

describe('reverseFarmerPayout', () => {
  it('takes a payout back once: the farmer is owed it again; twice is refused; a receipt says ANULADO', async () => {
    const p = s.db.$client
      .prepare(
        `select p.id as id, f.national_id as nid from farmer_payouts p join farmers f on f.id = p.farmer_id
         where not exists (select 1 from farmer_payout_reversals r where r.payout_id = p.id) order by p.id desc limit 1`,
      )
      .get() as { id: number; nid: string };
    const gid = Buffer.from(`FarmerPayout:${p.id}`).toString('base64');
    const before = ledgerOwed(p.nid, '2020-01-15');
    const amount = BigInt(
      (s.db.$client.prepare('select amount_minor as a from farmer_payouts where id = ?').get(p.id) as any).a,
    );
    const r = await s.gql('admin', REVERSE, {
      i: { idempotencyKey: key(), payoutId: gid, reason: 'transferencia devuelta' },
    });
    expect(r.data.reverseFarmerPayout.payout).toMatchObject({
      reversedOn: '2020-01-15',
      reversalReason: 'transferencia devuelta',
    });
    expect(ledgerOwed(p.nid, '2020-01-15')).toBe(before + amount);
    const n = counts();
    const again = await s.gql('admin', REVERSE, { i: { idempotencyKey: key(), payoutId: gid, reason: 'otra vez' } });
    expect(again.data.reverseFarmerPayout.code).toBe('ALREADY_REVERSED');
    // A manual reversal of the payout's entry is refused: it is corrected through the payout.
    const entry = (s.db.$client.prepare('select entry_id as e from farmer_payouts where id = ?').get(p.id) as any).e;
    const manual = await s.gql(
      'admin',
      `mutation($i: ReverseJournalEntryInput!) { reverseJournalEntry(input: $i) { __typename ... on ConflictError { code } } }`,
      {
        i: {
          idempotencyKey: key(),
          entryId: Buffer.from(`JournalEntry:${entry}`).toString('base64'),
          reason: 'a mano',
        },
      },
    );
    expect(manual.data.reverseJournalEntry.code).toBe('REVERSE_THE_RECORD');
    expect(counts()).toEqual(n);
    const html = await (
      await fetch(`${s.url.replace('/graphql', '')}/receipts/farmer-payouts/${p.id}`, {
        headers: { authorization: `Bearer ${s.tokens.auditor}` },
      })
    ).text();
    expect(html).toContain('ANULADO');
  });
});

describe('setFarmerNettingRule', () => {
  it('is set once per cooperative and campaign, by its manager or an admin, before its first payout', async () => {
    const SET = `mutation($i: SetFarmerNettingRuleInput!) { setFarmerNettingRule(input: $i) { __typename
      ... on SetFarmerNettingRulePayload { rule } ... on ConflictError { code } ... on Error { message } } }`;
    const n = s.count('farmer_netting_rules');
    const paidCoop = (
      s.db.$client
        .prepare('select c.code as code from farmer_payouts p join cooperatives c on c.id = p.cooperative_id limit 1')
        .get() as { code: string }
    ).code;
    const unpaid = (
      s.db.$client
        .prepare(
          'select code from cooperatives c where not exists (select 1 from farmer_payouts p where p.cooperative_id = c.id) order by code limit 1',
        )
        .get() as { code: string }
    ).code;
    const set = (role: 'admin' | 'cooperative_manager_other', coop: string, rule: string) =>
      s.gql(role, SET, { i: { idempotencyKey: key(), cooperativeId: coopIds[coop], campaignId: c2019, rule } });
    // A cooperative whose farmers were already paid under the default rule this campaign.
    expect((await set('admin', paidCoop, 'CAMPAIGN_ONLY')).data.setFarmerNettingRule.code).toBe('ALREADY_PAID');
    expect(
      (await set('cooperative_manager_other', 'CAC-PAN', 'CAMPAIGN_ONLY')).data.setFarmerNettingRule.__typename,
    ).toBe('ForbiddenError');
    expect(s.count('farmer_netting_rules')).toBe(n);
    const ok = await set('admin', unpaid, 'CAMPAIGN_ONLY');
    expect(ok.data.setFarmerNettingRule, JSON.stringify(ok)).toMatchObject({ rule: 'CAMPAIGN_ONLY' });
    expect((await set('admin', unpaid, 'ALL_OPEN_BALANCES')).data.setFarmerNettingRule.code).toBe('RULE_SET');
    expect(s.count('farmer_netting_rules')).toBe(n + 1);
    // In the first campaign nobody carried debt in, so the rule changes no figure: CSV = ledger still.
    for (const r of await csv('admin', unpaid, '2020-01-15'))
      expect(cents(r.to_pay!) - cents(r.carried_debt!)).toBe(ledgerOwed(r.national_id!, '2020-01-15'));
  });
});
