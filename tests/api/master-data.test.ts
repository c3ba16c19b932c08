/**
 * Master data through the API (issue 12): cooperatives, certifications,
 * farmers, plots, plants, warehouses, campaigns, users and tokens — each one
 * transaction, idempotent, audited, typed errors, refused to the wrong role —
 * and the identity rules (codes, national IDs, NFC names, invisible,
 * full-width and confusable characters), also on createBuyer/createLender.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, demoIds, startServer } from '../support/server.js';

let s: TestServer;
let ids: Awaited<ReturnType<typeof demoIds>>;
beforeAll(async () => {
  s = await startServer({ farmers: 30 });
  ids = await demoIds(s);
});
afterAll(() => s?.close());

let seq = 0;
const key = () => `master-data-${String(++seq).padStart(5, '0')}`;

type Role = Parameters<TestServer['gql']>[0];
/** Sends `name(input)` and answers its result (typename plus the payload selection). */
async function send(role: Role, name: string, input: Record<string, unknown>, selection = '') {
  const type = `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
  const r = await s.gql(
    role,
    `mutation($i: ${type}!) { ${name}(input: $i) { __typename ${selection}
       ... on InvalidInputError { issues { path code message } } ... on ConflictError { code } ... on Error { message } } }`,
    { i: { idempotencyKey: key(), ...input } },
  );
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data[name];
}
const audits = () => s.count('audit_log');

describe('cooperatives', () => {
  it('an admin creates and edits one; the answer is audited once and a retry replays it', async () => {
    const before = audits();
    const input = {
      idempotencyKey: 'coop-create-0001',
      code: 'CAC-NUE',
      name: 'Cooperativa Nueva',
      region: 'Junín',
      membership: 'AFFILIATED',
    };
    const q = `mutation($i: CreateCooperativeInput!) { createCooperative(input: $i) { __typename
      ... on CooperativePayload { replayed cooperative { id code name region membership active } } } }`;
    const first = await s.gql('admin', q, { i: input });
    expect(first.data.createCooperative).toMatchObject({
      replayed: false,
      cooperative: { code: 'CAC-NUE', name: 'Cooperativa Nueva', membership: 'AFFILIATED', active: true },
    });
    const again = await s.gql('admin', q, { i: input });
    expect(again.data.createCooperative).toMatchObject({ replayed: true });
    expect(audits()).toBe(before + 1);
    const other = await s.gql('admin', q, { i: { ...input, name: 'Otra' } });
    expect(other.data.createCooperative.__typename).toBe('ConflictError');

    const id = first.data.createCooperative.cooperative.id;
    const upd = await send(
      'admin',
      'updateCooperative',
      { cooperativeId: id, membership: 'SHAREHOLDER', region: 'Pasco' },
      '... on CooperativePayload { cooperative { membership region code } }',
    );
    expect(upd.cooperative).toEqual({ membership: 'SHAREHOLDER', region: 'Pasco', code: 'CAC-NUE' });
  });

  it('refuses a manager, plant staff, a lender and an auditor', async () => {
    for (const role of ['cooperative_manager', 'plant_staff', 'lender', 'auditor'] as const) {
      const r = await send(role, 'createCooperative', {
        code: 'CAC-X',
        name: 'X coop',
        region: 'R',
        membership: 'AFFILIATED',
      });
      expect(r.__typename, role).toBe('ForbiddenError');
    }
    expect(s.count('cooperatives')).toBe(15);
  });

  it('refuses codes and names that break the identity rules, each with its own code, and writes nothing', async () => {
    const before = s.count('cooperatives');
    const cases: [Record<string, string>, string][] = [
      [{ code: 'cac-low' }, 'INVALID_CODE'],
      [{ code: 'CAC\u200BPAN2' }, 'INVISIBLE_CHARACTER'],
      [{ code: 'ＣＡＣ-ＺＺ' }, 'FULL_WIDTH_CHARACTER'],
      [{ code: 'CAC-\u0663' }, 'NON_ASCII_DIGIT'],
      [{ name: 'Coop\u00ADerativa Nueva 2' }, 'INVISIBLE_CHARACTER'],
      [{ name: 'Coop \u202Eevitarepooc' }, 'INVISIBLE_CHARACTER'],
      // "Cooperativa Agraria Cafetalera Pangoa" with a Cyrillic "а": the same skeleton as the demo's.
      [{ name: 'Cooperativa Agraria Cafetalera P\u0430ngoa' }, 'CONFUSABLE'],
    ];
    for (const [over, code] of cases) {
      const r = await send('admin', 'createCooperative', {
        code: 'CAC-OK',
        name: 'A fine name',
        region: 'Junín',
        membership: 'AFFILIATED',
        ...over,
      });
      expect(r, JSON.stringify(over)).toMatchObject({ __typename: 'InvalidInputError' });
      expect(r.issues.map((i: { code: string }) => i.code)).toContain(code);
    }
    const dup = await send('admin', 'createCooperative', {
      code: 'CAC-PAN',
      name: 'Otra',
      region: 'Junín',
      membership: 'AFFILIATED',
    });
    expect(dup).toMatchObject({ __typename: 'ConflictError', code: 'DUPLICATE_CODE' });
    expect(s.count('cooperatives')).toBe(before);
  });

  it('stores names NFC: a decomposed "Ñ" is stored composed', async () => {
    const r = await send(
      'admin',
      'createCooperative',
      { code: 'CAC-NFC', name: 'Cooperativa N\u0303aupe', region: 'Piura', membership: 'AFFILIATED' },
      '... on CooperativePayload { cooperative { name } }',
    );
    expect(r.cooperative.name).toBe('Cooperativa \u00D1aupe');
  });

  it('certifications: add, renew (a new row naming the renewed one), revoke; revoked ones do not count', async () => {
    const add = await send(
      'admin',
      'addCooperativeCertification',
      {
        cooperativeId: ids.ownCoop,
        scheme: 'RAINFOREST_ALLIANCE',
        certificateNumber: 'RA-2019-77',
        validFrom: '2019-01-01',
        validTo: '2019-12-31',
      },
      '... on CooperativeCertificationPayload { certification { id scheme certificateNumber revokedOn } }',
    );
    expect(add.certification).toMatchObject({ scheme: 'RAINFOREST_ALLIANCE', certificateNumber: 'RA-2019-77' });
    const renew = await send(
      'admin',
      'renewCooperativeCertification',
      { certificationId: add.certification.id, validFrom: '2020-01-01', validTo: '2020-12-31' },
      '... on CooperativeCertificationPayload { certification { id certificateNumber validFrom } }',
    );
    expect(renew.certification).toMatchObject({ certificateNumber: 'RA-2019-77', validFrom: '2020-01-01' });
    const notRenewal = await send('admin', 'renewCooperativeCertification', {
      certificationId: add.certification.id,
      validFrom: '2018-01-01',
      validTo: '2018-12-31',
    });
    expect(notRenewal.issues[0].code).toBe('NOT_A_RENEWAL');
    const revoke = await send(
      'admin',
      'revokeCooperativeCertification',
      { certificationId: renew.certification.id, revokedOn: '2020-01-10', reason: 'audit failed' },
      '... on CooperativeCertificationPayload { certification { revokedOn validToday } }',
    );
    expect(revoke.certification).toEqual({ revokedOn: '2020-01-10', validToday: false });
    const twice = await send('admin', 'revokeCooperativeCertification', {
      certificationId: renew.certification.id,
      revokedOn: '2020-01-11',
      reason: 'again',
    });
    expect(twice).toMatchObject({ __typename: 'ConflictError', code: 'ALREADY_REVOKED' });
    const filtered = await s.gql(
      'admin',
      `{ cooperatives(filter: {certification: RAINFOREST_ALLIANCE, certifiedOn: "2020-02-01"}) { nodes { code } } }`,
    );
    expect(filtered.data.cooperatives.nodes.map((c: { code: string }) => c.code)).not.toContain('CAC-PAN');
  });
});

describe('farmers and plots', () => {
  it('a manager records a farmer, a plot (hectares exact) and a certificate for their own cooperative', async () => {
    const f = await send(
      'cooperative_manager',
      'createFarmer',
      { cooperativeId: ids.ownCoop, nationalId: '45879612', fullName: 'Rosa  Mamani\u0301 Quispe', gender: 'FEMALE' },
      '... on FarmerPayload { farmer { id nationalId documentType fullName active cooperative { code } } }',
    );
    expect(f.farmer).toMatchObject({
      nationalId: '45879612',
      documentType: 'DNI',
      fullName: 'Rosa Mamaní Quispe',
      active: true,
      cooperative: { code: 'CAC-PAN' },
    });
    const plot = await send(
      'cooperative_manager',
      'createPlot',
      { farmerId: f.farmer.id, name: 'La Esperanza', areaHectares: '1.2345', altitudeMeters: 1450 },
      '... on PlotPayload { plot { id name areaHectares altitudeMeters } }',
    );
    expect(plot.plot).toMatchObject({ name: 'La Esperanza', areaHectares: '1.2345', altitudeMeters: 1450 });
    const upd = await send(
      'cooperative_manager',
      'updatePlot',
      { plotId: plot.plot.id, areaHectares: '2' },
      '... on PlotPayload { plot { areaHectares name } }',
    );
    expect(upd.plot).toEqual({ areaHectares: '2', name: 'La Esperanza' });
    const bad = await send('cooperative_manager', 'createPlot', {
      farmerId: f.farmer.id,
      name: 'Otra',
      areaHectares: '0.00001',
      altitudeMeters: 99999,
    });
    expect(bad.issues.map((i: { code: string }) => i.code)).toEqual(['INVALID_AREA', 'OUT_OF_RANGE']);
    const cert = await send(
      'cooperative_manager',
      'addFarmerCertification',
      {
        farmerId: f.farmer.id,
        scheme: 'ORGANIC',
        certificateNumber: 'ORG-1',
        validFrom: '2019-01-01',
        validTo: '2020-12-31',
      },
      '... on FarmerCertificationPayload { certification { id scheme certificateNumber } }',
    );
    expect(cert.certification).toMatchObject({ scheme: 'ORGANIC', certificateNumber: 'ORG-1' });
    const rev = await send(
      'cooperative_manager',
      'revokeFarmerCertification',
      { certificationId: cert.certification.id, revokedOn: '2020-01-01' },
      '... on FarmerCertificationPayload { certification { revokedOn } }',
    );
    expect(rev.certification.revokedOn).toBe('2020-01-01');
    const upf = await send(
      'cooperative_manager',
      'updateFarmer',
      { farmerId: f.farmer.id, fullName: 'Rosa Mamaní de Quispe' },
      '... on FarmerPayload { farmer { fullName nationalId } }',
    );
    expect(upf.farmer).toEqual({ fullName: 'Rosa Mamaní de Quispe', nationalId: '45879612' });
  });

  it("refuses a manager another cooperative's farmers and plots as NotFoundError, like a missing one, writing nothing", async () => {
    const before = [s.count('farmers'), s.count('plots')];
    const other = await send('cooperative_manager', 'createFarmer', {
      cooperativeId: ids.otherCoop,
      nationalId: '45879613',
      fullName: 'Juan Pérez',
    });
    expect(other.__typename).toBe('NotFoundError');
    const plot = await send('cooperative_manager', 'createPlot', {
      farmerId: ids.otherFarmer,
      name: 'X',
      areaHectares: '1',
      altitudeMeters: 1000,
    });
    expect(plot.__typename).toBe('NotFoundError');
    expect((await send('cooperative_manager', 'updateFarmer', { farmerId: ids.otherFarmer })).__typename).toBe(
      'NotFoundError',
    );
    expect(
      (await send('cooperative_manager', 'deactivateFarmer', { farmerId: ids.otherFarmer, reason: 'left' })).__typename,
    ).toBe('NotFoundError');
    expect(
      (
        await send('plant_staff', 'createFarmer', {
          cooperativeId: ids.ownCoop,
          nationalId: '45879614',
          fullName: 'Ana',
        })
      ).__typename,
    ).toBe('ForbiddenError');
    expect(
      (
        await send('cooperative_manager', 'transferFarmer', {
          farmerId: ids.ownFarmer,
          toCooperativeId: ids.otherCoop,
          effectiveOn: '2020-01-10',
        })
      ).__typename,
    ).toBe('ForbiddenError');
    expect([s.count('farmers'), s.count('plots')]).toEqual(before);
  });

  it('national IDs follow their document type: DNI 8 digits, RUC 11; other documents allowed; duplicates refused', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ nationalId: '1234567' }, 'INVALID_NATIONAL_ID'],
      [{ nationalId: '１２３４５６７８' }, 'FULL_WIDTH_CHARACTER'],
      [{ nationalId: '1234567\u0668' }, 'NON_ASCII_DIGIT'],
      [{ nationalId: '12345678\u200B' }, 'INVISIBLE_CHARACTER'],
      [{ nationalId: '12345678', documentType: 'RUC' }, 'INVALID_NATIONAL_ID'],
    ];
    for (const [over, code] of cases) {
      const r = await send('admin', 'createFarmer', { cooperativeId: ids.ownCoop, fullName: 'Ana Soto', ...over });
      expect(r.__typename, JSON.stringify(over)).toBe('InvalidInputError');
      expect(r.issues[0].code).toBe(code);
    }
    const ruc = await send(
      'admin',
      'createFarmer',
      { cooperativeId: ids.ownCoop, fullName: 'Agro Soto EIRL', nationalId: '20123456789', documentType: 'RUC' },
      '... on FarmerPayload { farmer { documentType } }',
    );
    expect(ruc.farmer.documentType).toBe('RUC');
    const other = await send(
      'admin',
      'createFarmer',
      { cooperativeId: ids.ownCoop, fullName: 'Pierre Dubois', nationalId: 'FR-99AB12', documentType: 'OTHER' },
      '... on FarmerPayload { farmer { nationalId } }',
    );
    expect(other.farmer.nationalId).toBe('FR-99AB12');
    const dup = await send('admin', 'createFarmer', {
      cooperativeId: ids.otherCoop,
      fullName: 'Otra Persona',
      nationalId: '20123456789',
      documentType: 'RUC',
    });
    expect(dup).toMatchObject({ __typename: 'ConflictError', code: 'DUPLICATE_NATIONAL_ID' });
  });

  it('transferFarmer: earlier lots stay with the first cooperative, a date before the last delivery is refused', async () => {
    const farmer = await s.gql(
      'admin',
      `query($id: ID!) { node(id: $id) { ... on Farmer { id cooperative { code } lots(first: 1) { nodes { receivedOn cooperative { code } } } } } }`,
      { id: ids.ownFarmer },
    );
    const last = farmer.data.node.lots.nodes[0].receivedOn as string;
    const early = await send('admin', 'transferFarmer', {
      farmerId: ids.ownFarmer,
      toCooperativeId: ids.otherCoop,
      effectiveOn: last,
    });
    expect(early.issues[0].code).toBe('BEFORE_LAST_DELIVERY');
    const moved = await send(
      'admin',
      'transferFarmer',
      { farmerId: ids.ownFarmer, toCooperativeId: ids.otherCoop, effectiveOn: '2020-01-10', reason: 'moved to Satipo' },
      '... on FarmerPayload { farmer { cooperative { code } lots(first: 100) { nodes { cooperative { code } } } } }',
    );
    expect(moved.farmer.cooperative.code).toBe('CAC-SAT');
    expect(new Set(moved.farmer.lots.nodes.map((l: any) => l.cooperative.code))).toEqual(new Set(['CAC-PAN']));
    expect(s.count('farmer_transfers')).toBe(1);
  });

  it('a deactivated farmer delivers no new lots and is never deleted', async () => {
    const f = await send(
      'admin',
      'createFarmer',
      { cooperativeId: ids.ownCoop, fullName: 'Luis Huamán', nationalId: '40404040' },
      '... on FarmerPayload { farmer { id } }',
    );
    const off = await send(
      'admin',
      'deactivateFarmer',
      { farmerId: f.farmer.id, reason: 'moved to Lima' },
      '... on FarmerPayload { farmer { active } }',
    );
    expect(off.farmer.active).toBe(false);
    const lot = await send('admin', 'recordLotIntake', {
      plantId: ids.plantLaMerced,
      farmerId: f.farmer.id,
      campaignId: ids.campaign2019,
      receivedAt: '2019-08-01T15:00:00Z',
      bags: 1,
      grossKg: '50',
      tareKg: '0.25',
      moisturePercent: '11',
    });
    expect(lot).toMatchObject({ __typename: 'ConflictError', code: 'FARMER_INACTIVE' });
  });
});

describe('plants, warehouses and campaigns', () => {
  it('an admin records a collection centre with capacities, a warehouse, and a campaign', async () => {
    const p = await send(
      'admin',
      'createPlant',
      { code: 'CC-PIC', name: 'Centro de acopio Pichanaki', kind: 'COLLECTION_CENTER', region: 'Junín' },
      '... on PlantPayload { plant { id code kind hullingCapacityPerDay { kg } } }',
    );
    expect(p.plant).toMatchObject({ code: 'CC-PIC', kind: 'COLLECTION_CENTER', hullingCapacityPerDay: null });
    const u = await send(
      'admin',
      'updatePlant',
      { plantId: p.plant.id, hullingCapacityKgPerDay: '5000.5' },
      '... on PlantPayload { plant { hullingCapacityPerDay { kg } } }',
    );
    expect(u.plant.hullingCapacityPerDay.kg).toBe('5000.5');
    const w = await send(
      'admin',
      'createWarehouse',
      { plantId: p.plant.id, code: 'ACOPIO', name: 'Almacén' },
      '... on WarehousePayload { warehouse { code plant { code } } }',
    );
    expect(w.warehouse).toEqual({ code: 'ACOPIO', plant: { code: 'CC-PIC' } });
    const dupW = await send('admin', 'createWarehouse', { plantId: p.plant.id, code: 'ACOPIO', name: 'Otro' });
    expect(dupW).toMatchObject({ __typename: 'ConflictError', code: 'DUPLICATE_CODE' });
    expect(
      (await send('plant_staff', 'createWarehouse', { plantId: ids.plantLaMerced, code: 'NEW', name: 'N' })).__typename,
    ).toBe('ForbiddenError');
    const confusable = await send('admin', 'createPlant', {
      code: 'CC-P1C',
      name: 'Centro de acopio Pichanakі', // Cyrillic і
      kind: 'COLLECTION_CENTER',
      region: 'Junín',
    });
    expect(confusable.issues[0].code).toBe('CONFUSABLE');
  });

  it('a campaign may grow but never shrink past its recorded intakes; its moisture limit can change', async () => {
    const c = await s.gql('admin', '{ harvestCampaigns { id code startsOn endsOn } }');
    const c2019 = c.data.harvestCampaigns.find((x: any) => x.code === 'C2019');
    const shrink = await send('admin', 'updateHarvestCampaign', {
      campaignId: c2019.id,
      startsOn: '2019-09-01',
      endsOn: '2019-09-30',
    });
    expect(shrink.__typename).toBe('InvalidInputError');
    expect(shrink.issues.map((i: any) => [i.path.at(-1), i.code])).toEqual([
      ['startsOn', 'EXCLUDES_INTAKES'],
      ['endsOn', 'EXCLUDES_INTAKES'],
    ]);
    const ok = await send(
      'admin',
      'updateHarvestCampaign',
      { campaignId: c2019.id, moistureLimitPercent: '13' },
      '... on HarvestCampaignPayload { campaign { moistureLimitPercent startsOn } }',
    );
    expect(ok.campaign).toEqual({ moistureLimitPercent: '13', startsOn: c2019.startsOn });
    const made = await send(
      'admin',
      'createHarvestCampaign',
      { code: 'C2021', name: 'Campaña 2021', startsOn: '2021-04-01', endsOn: '2021-12-20' },
      '... on HarvestCampaignPayload { campaign { code moistureLimitPercent } }',
    );
    expect(made.campaign).toEqual({ code: 'C2021', moistureLimitPercent: '12.5' });
    const backwards = await send('admin', 'createHarvestCampaign', {
      code: 'C2022',
      name: 'Campaña 2022',
      startsOn: '2022-12-01',
      endsOn: '2022-01-01',
    });
    expect(backwards.issues[0].code).toBe('BEFORE_START');
  });
});

describe('users and tokens', () => {
  it('an admin creates a manager, issues a token shown once, the token works; revoked or deactivated it is refused at once', async () => {
    const u = await send(
      'admin',
      'createUser',
      { name: 'Marta Rojas', email: 'marta@example.org', role: 'COOPERATIVE_MANAGER', cooperativeId: ids.ownCoop },
      '... on UserPayload { user { id role active cooperative { code } } }',
    );
    expect(u.user).toMatchObject({ role: 'COOPERATIVE_MANAGER', active: true, cooperative: { code: 'CAC-PAN' } });
    const noScope = await send('admin', 'createUser', {
      name: 'Sin Alcance',
      email: 'x@example.org',
      role: 'PLANT_STAFF',
    });
    expect(noScope.issues[0]).toMatchObject({ path: ['input', 'plantId'], code: 'REQUIRED' });

    const issueInput = { idempotencyKey: 'issue-token-0001', userId: u.user.id, label: 'oficina' };
    const q = `mutation($i: IssueTokenInput!) { issueToken(input: $i) { __typename ... on IssueTokenPayload { token replayed apiToken { id prefix } } } }`;
    const issued = (await s.gql('admin', q, { i: issueInput })).data.issueToken;
    expect(issued.token).toMatch(/^cct_/);
    expect(issued.token.startsWith(issued.apiToken.prefix)).toBe(true);
    const replay = (await s.gql('admin', q, { i: issueInput })).data.issueToken;
    expect(replay).toMatchObject({ token: null, replayed: true, apiToken: { id: issued.apiToken.id } });

    const asMarta = (query: string) =>
      fetch(s.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${issued.token}` },
        body: JSON.stringify({ query }),
      });
    const me = await (await asMarta('{ viewer { name cooperative { code } } }')).json();
    expect(me.data.viewer).toEqual({ name: 'Marta Rojas', cooperative: { code: 'CAC-PAN' } });

    // A subscription open on the token ends when the token is revoked.
    const ctrl = new AbortController();
    const sub = await fetch(s.url, {
      method: 'POST',
      signal: ctrl.signal,
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${issued.token}`,
      },
      body: JSON.stringify({ query: `subscription { lotActivity(plantId: "${ids.plantLaMerced}") { kind } }` }),
    });
    expect(sub.status).toBe(200);
    const reader = sub.body!.getReader();
    const ended = (async () => {
      let text = '';
      for (;;) {
        const r = await reader.read();
        if (r.done) return text;
        text += new TextDecoder().decode(r.value);
        if (text.includes('event: complete')) return text;
      }
    })();
    const revoked = await send(
      'admin',
      'revokeToken',
      { tokenId: issued.apiToken.id },
      '... on RevokeTokenPayload { apiToken { revokedAt } }',
    );
    expect(revoked.apiToken.revokedAt).not.toBeNull();
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('TIMEOUT'), 5000));
    expect(await Promise.race([ended, timeout])).not.toBe('TIMEOUT');
    ctrl.abort();
    expect((await asMarta('{ viewer { name } }')).status).toBe(401);

    // A second token, then the user deactivated: refused at once, and no new token can be issued.
    const second = (await s.gql('admin', q, { i: { idempotencyKey: 'issue-token-0002', userId: u.user.id } })).data
      .issueToken.token as string;
    const off = await send('admin', 'deactivateUser', { userId: u.user.id }, '... on UserPayload { user { active } }');
    expect(off.user.active).toBe(false);
    const refused = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${second}` },
      body: JSON.stringify({ query: '{ viewer { name } }' }),
    });
    expect(refused.status).toBe(401);
    const again = (await s.gql('admin', q, { i: { idempotencyKey: 'issue-token-0003', userId: u.user.id } })).data
      .issueToken;
    expect(again.__typename).toBe('ConflictError');
  });

  it('refuses everyone but an admin', async () => {
    for (const role of ['cooperative_manager', 'plant_staff', 'lender', 'auditor'] as const) {
      const r = await send(role, 'createUser', { name: 'Nadie', email: `n-${role}@example.org`, role: 'ADMIN' });
      expect(r.__typename, role).toBe('ForbiddenError');
    }
  });
});

describe('identity rules on createBuyer and createLender', () => {
  it('refuses the decoys of issue 12 next to an existing BAF lender and a buyer', async () => {
    const buyers = await s.gql('admin', '{ buyers { code name } }');
    const buyer = buyers.data.buyers[0] as { code: string; name: string };
    const lenderCases: [string, string][] = [
      ['B\u0391F', 'INVALID_CODE'], // Greek Alpha
      ['ＢＡＦ', 'FULL_WIDTH_CHARACTER'],
      ['BAF\u200B', 'INVISIBLE_CHARACTER'],
      ['B\u0041\u0301F', 'INVALID_CODE'], // decomposed Á
    ];
    for (const [code, why] of lenderCases) {
      const r = await send('admin', 'createLender', { code, name: 'Banco Decoy', kind: 'BANK', country: 'PE' });
      expect(r.__typename, code).toBe('InvalidInputError');
      expect(r.issues[0].code, code).toBe(why);
    }
    const lenders = await s.gql('admin', '{ lenders { name } }');
    const lenderName = lenders.data.lenders[0].name as string;
    const lookalike = lenderName.replace('a', '\u0430');
    expect(lookalike).not.toBe(lenderName);
    const r = await send('admin', 'createLender', { code: 'NEWBANK', name: lookalike, kind: 'BANK', country: 'PE' });
    expect(r.issues[0].code).toBe('CONFUSABLE');
    const b = await send('admin', 'createBuyer', { code: `${buyer.code}\u2060`, name: 'Decoy Buyer', country: 'US' });
    expect(b.issues[0].code).toBe('INVISIBLE_CHARACTER');
    const zero = buyer.code.replace('O', '0');
    if (zero !== buyer.code) {
      const z = await send('admin', 'createBuyer', { code: zero, name: 'Zero Buyer', country: 'US' });
      expect(z.issues[0].code).toBe('CONFUSABLE');
    }
  });
});
