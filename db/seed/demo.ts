/**
 * The demo campaign, modeled on Café Perú's 2019 season: 14 cooperatives
 * (5 shareholders, 9 affiliated), 3,200 smallholders, a plant in the
 * Amazon (La Merced, Junín) with two collection centres, and ~7,000 lots
 * received, graded or rejected between late June and December 2019.
 *
 * Deterministic: the same seed number gives the same data (ids, weights,
 * grades). Lots go through the real services, so every rule applies.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { eq } from 'drizzle-orm';
import type { DB } from '../client.js';
import {
  consortium,
  cooperativeCertifications,
  cooperatives,
  farmerCertifications,
  farmers,
  harvestCampaigns,
  lenders,
  plants,
  plots,
  shareholdings,
  warehouses,
} from '../schema.js';
import type { Principal } from '../../server/auth/policy.js';
import { fixedClock } from '../../server/domain/time.js';
import { gramsToKg } from '../../server/domain/units.js';
import { stakeRefusal } from '../../server/domain/stakes.js';
import { encodeId } from '../../server/lib/global-id.js';
import { gradeLot, recordLotIntake, rejectLot } from '../../server/services/lots.js';
import { createUser, issueToken } from '../../server/services/users.js';
import { setAdvancePrice } from '../../server/services/advances.js';
import { auditedTransaction } from '../../server/services/audit.js';
import type { ServiceContext } from '../../server/services/context.js';
import { FEMALE_NAMES, MALE_NAMES, SURNAMES } from './names.js';
import { type SeedGradedLot, seedRuns } from './runs.js';
import { seedLoanAftermath, seedLoans } from './loans.js';
import { seedSales } from './sales.js';
import { seedPayouts } from './payouts.js';

export const DEMO_SEED = 2019;
export const DEMO_FARMER_COUNT = 3200;

type Rng = ReturnType<typeof xoroshiro128plus>;

const COOPERATIVES: {
  code: string;
  name: string;
  region: string;
  shareholder: boolean;
  organic: boolean;
  fairtrade: boolean;
  share: number;
}[] = [
  {
    code: 'CAC-PAN',
    name: 'Cooperativa Agraria Cafetalera Pangoa',
    region: 'Junín',
    shareholder: true,
    organic: true,
    fairtrade: true,
    share: 9,
  },
  {
    code: 'CAC-SAT',
    name: 'Cooperativa Agraria Cafetalera Satipo',
    region: 'Junín',
    shareholder: true,
    organic: true,
    fairtrade: false,
    share: 8,
  },
  {
    code: 'CAC-VRI',
    name: 'Cooperativa Agraria Cafetalera Villa Rica',
    region: 'Pasco',
    shareholder: true,
    organic: false,
    fairtrade: true,
    share: 8,
  },
  {
    code: 'CAC-PER',
    name: 'Cooperativa Agraria Cafetalera Perené',
    region: 'Junín',
    shareholder: true,
    organic: true,
    fairtrade: true,
    share: 10,
  },
  {
    code: 'CAC-OXA',
    name: 'Cooperativa Agraria Cafetalera Oxapampa',
    region: 'Pasco',
    shareholder: true,
    organic: false,
    fairtrade: false,
    share: 6,
  },
  {
    code: 'CAC-PIC',
    name: 'Cooperativa Agraria Pichanaki',
    region: 'Junín',
    shareholder: false,
    organic: true,
    fairtrade: false,
    share: 8,
  },
  {
    code: 'CAC-CHA',
    name: 'Cooperativa Agraria Chanchamayo',
    region: 'Junín',
    shareholder: false,
    organic: false,
    fairtrade: false,
    share: 7,
  },
  {
    code: 'CAC-QUI',
    name: 'Cooperativa Agraria Quillabamba',
    region: 'Cusco',
    shareholder: false,
    organic: true,
    fairtrade: true,
    share: 7,
  },
  {
    code: 'CAC-JAE',
    name: 'Cooperativa Agraria Cafetalera Jaén',
    region: 'Cajamarca',
    shareholder: false,
    organic: true,
    fairtrade: true,
    share: 7,
  },
  {
    code: 'CAC-SIG',
    name: 'Cooperativa Agraria San Ignacio',
    region: 'Cajamarca',
    shareholder: false,
    organic: false,
    fairtrade: false,
    share: 5,
  },
  {
    code: 'CAC-MOY',
    name: 'Cooperativa Agraria Moyobamba',
    region: 'San Martín',
    shareholder: false,
    organic: true,
    fairtrade: false,
    share: 6,
  },
  {
    code: 'CAC-LAM',
    name: 'Cooperativa Agraria Lamas',
    region: 'San Martín',
    shareholder: false,
    organic: false,
    fairtrade: false,
    share: 5,
  },
  {
    code: 'CAC-ROD',
    name: 'Cooperativa Agraria Rodríguez de Mendoza',
    region: 'Amazonas',
    shareholder: false,
    organic: false,
    fairtrade: false,
    share: 5,
  },
  {
    code: 'CAC-SAN',
    name: 'Cooperativa Agraria Sandia',
    region: 'Puno',
    shareholder: false,
    organic: true,
    fairtrade: true,
    share: 9,
  },
];

export interface DemoResult {
  tokens: Record<string, string>;
  counts: {
    cooperatives: number;
    farmers: number;
    lots: number;
    graded: number;
    rejected: number;
    hulling: number;
    roasting: number;
    packing: number;
    deliveries: number;
    payments: number;
    payoutRuns?: number;
    payouts?: number;
  };
}

/** Fills an empty, migrated database with the demo campaign. */
export interface DemoOptions {
  /** Campaign loans and SIDI's line (default true). Tests of the sales waterfall without lenders turn them off. */
  loans?: boolean;
  /**
   * Farmer payouts of January 2020 (default false): `npm start` and `npm run seed` show them; tests whose
   * invariants say "a farmer's balance is advances minus sale credits" keep the book without them.
   */
  payouts?: boolean;
}

export function seedDemo(
  db: DB,
  seed = DEMO_SEED,
  farmerCount = DEMO_FARMER_COUNT,
  options: DemoOptions = {},
): DemoResult {
  const withLoans = options.loans ?? true;
  const rng: Rng = xoroshiro128plus(seed);
  const int = (min: number, max: number) => uniformInt(rng, min, max);
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const chance = (percent: number) => int(1, 10_000) <= percent * 100;

  const sqlite = db.$client;
  // Bulk load: durability comes back when we are done (FULL in db/client.ts).
  sqlite.pragma('synchronous = OFF');
  try {
    const reference = auditedTransaction(db, 'seedDemo:reference', (tx) => {
      tx.insert(consortium)
        .values({ id: 1, name: 'Café Perú (demo)', country: 'PE', baseCurrency: 'PEN', timeZone: 'America/Lima' })
        .run();
      const lenderRows = tx
        .insert(lenders)
        .values([
          {
            code: 'SIDI',
            name: 'SIDI — Solidarité Internationale pour le Développement et l’Investissement',
            kind: 'social_investor',
            country: 'FR',
          },
          { code: 'BAF', name: 'Banco Andino de Fomento (demo)', kind: 'bank', country: 'PE' },
          { code: 'COOPAC-SM', name: 'COOPAC Santa María (demo)', kind: 'copac', country: 'PE' },
          { code: 'COOPAC-LA', name: 'COOPAC Los Andes (demo)', kind: 'copac', country: 'PE' },
        ])
        .returning()
        .all();
      const coopRows = tx
        .insert(cooperatives)
        .values(
          COOPERATIVES.map((c) => ({
            code: c.code,
            name: c.name,
            region: c.region,
            membership: c.shareholder ? ('shareholder' as const) : ('affiliated' as const),
          })),
        )
        .returning()
        .all();
      // Stakes: SIDI 49.23%, the five shareholder cooperatives 10.154% each.
      const stakes: string[] = [];
      const addStake = (v: { cooperativeId?: number; lenderId?: number; stakePct: string }) => {
        const refusal = stakeRefusal(stakes, v.stakePct);
        if (refusal) throw new Error(refusal);
        stakes.push(v.stakePct);
        tx.insert(shareholdings)
          .values({ consortiumId: 1, since: '2019-01-31', ...v })
          .run();
      };
      addStake({ lenderId: lenderRows[0]!.id, stakePct: '49.23' });
      for (const c of coopRows.filter((c) => c.membership === 'shareholder'))
        addStake({ cooperativeId: c.id, stakePct: '10.154' });

      for (const [i, c] of COOPERATIVES.entries()) {
        const id = coopRows[i]!.id;
        if (c.organic) {
          tx.insert(cooperativeCertifications)
            .values({
              cooperativeId: id,
              scheme: 'organic',
              certificateNumber: `BCS-PE-${1000 + i}`,
              validFrom: '2018-03-01',
              validTo: '2021-02-28',
            })
            .run();
        }
        if (c.fairtrade) {
          tx.insert(cooperativeCertifications)
            .values({
              cooperativeId: id,
              scheme: 'fairtrade',
              certificateNumber: `FLO-${27000 + i}`,
              validFrom: '2017-07-01',
              validTo: '2022-06-30',
            })
            .run();
        }
      }
      const plantRows = tx
        .insert(plants)
        .values([
          {
            code: 'PLT-LM',
            name: 'Planta La Merced',
            kind: 'plant',
            region: 'Junín',
            hullingCapacityGPerDay: 24_000_000,
            roastingCapacityGPerDay: 1_200_000,
            packingCapacityUnitsPerDay: 2_400,
          },
          { code: 'CC-SAT', name: 'Centro de acopio Satipo', kind: 'collection_center', region: 'Junín' },
          { code: 'CC-VRI', name: 'Centro de acopio Villa Rica', kind: 'collection_center', region: 'Pasco' },
        ])
        .returning()
        .all();
      const [plantLm, ccSat, ccVri] = plantRows as [
        (typeof plantRows)[0],
        (typeof plantRows)[0],
        (typeof plantRows)[0],
      ];
      tx.insert(warehouses)
        .values([
          { plantId: plantLm.id, code: 'PERG', name: 'Almacén de pergamino (parchment store)' },
          { plantId: plantLm.id, code: 'VERDE', name: 'Almacén de café verde (green coffee)' },
          { plantId: plantLm.id, code: 'TOST', name: 'Café tostado (roasted, in bulk)' },
          { plantId: plantLm.id, code: 'PT', name: 'Producto terminado (packed goods)' },
          { plantId: ccSat.id, code: 'ACOPIO', name: 'Almacén de acopio Satipo' },
          { plantId: ccVri.id, code: 'ACOPIO', name: 'Almacén de acopio Villa Rica' },
        ])
        .run();
      const campaignRows = tx
        .insert(harvestCampaigns)
        .values([
          // The story's 2019 campaign started very late (June) after the management crisis.
          { code: 'C2019', name: 'Campaña 2019', startsOn: '2019-06-17', endsOn: '2019-12-20' },
          { code: 'C2020', name: 'Campaña 2020', startsOn: '2020-04-01', endsOn: '2020-11-30', moistureLimitPct: '12' },
        ])
        .returning()
        .all();
      return { lenderRows, coopRows, plantRows, campaignRows };
    });
    const { lenderRows, coopRows, plantRows, campaignRows } = reference;

    // Farmers, spread over the cooperatives by their share.
    const totalShare = COOPERATIVES.reduce((s, c) => s + c.share, 0);
    const perCoop = COOPERATIVES.map((c) => idiv(farmerCount * c.share, totalShare));
    for (let i = 0; perCoop.reduce((a, b) => a + b, 0) < farmerCount; i++) perCoop[i % perCoop.length]!++;

    interface SeedFarmer {
      id: number;
      coopIndex: number;
      organic: boolean;
    }
    const farmerList: SeedFarmer[] = [];
    auditedTransaction(db, 'seedDemo:farmers', (tx) => {
      let n = 0;
      for (const [ci, count] of perCoop.entries()) {
        const coop = COOPERATIVES[ci]!;
        for (let k = 0; k < count; k++, n++) {
          const genderRoll = int(1, 100);
          const gender = genderRoll <= 31 ? 'female' : genderRoll <= 95 ? 'male' : null;
          const given = gender === 'female' ? pick(FEMALE_NAMES) : pick(MALE_NAMES);
          const fullName = `${given} ${pick(SURNAMES)} ${pick(SURNAMES)}`;
          // Unique 8-digit DNIs: a stride coprime with 10^8 walks without repeats.
          const nationalId = String(((10_234_567 + n * 7_919_113) % 90_000_000) + 10_000_000);
          const f = tx
            .insert(farmers)
            .values({
              cooperativeId: coopRows[ci]!.id,
              nationalId,
              fullName,
              gender,
              joinedOn: `20${String(int(0, 18)).padStart(2, '0')}-0${int(1, 9)}-1${int(0, 9)}`,
            })
            .returning({ id: farmers.id })
            .get();
          const plotCount = int(1, 3);
          for (let p = 1; p <= plotCount; p++) {
            tx.insert(plots)
              .values({ farmerId: f.id, name: `Parcela ${p}`, areaM2: int(30, 400) * 100, altitudeM: int(900, 2100) })
              .run();
          }
          const organic = coop.organic && chance(85);
          if (organic) {
            tx.insert(farmerCertifications)
              .values({ farmerId: f.id, scheme: 'organic', validFrom: '2018-03-01', validTo: '2021-02-28' })
              .run();
          }
          if (coop.fairtrade) {
            tx.insert(farmerCertifications)
              .values({ farmerId: f.id, scheme: 'fairtrade', validFrom: '2017-07-01', validTo: '2022-06-30' })
              .run();
          }
          farmerList.push({ id: f.id, coopIndex: ci, organic });
        }
      }
    });

    // Users, one per role (two admins: later issues need a second approver).
    const users: {
      key: string;
      name: string;
      email: string;
      role: Principal['role'];
      cooperativeId?: number;
      plantId?: number;
      lenderId?: number;
    }[] = [
      { key: 'admin', name: 'Ana Admin', email: 'admin@demo.cafeperu.example', role: 'admin' },
      { key: 'admin2', name: 'Bruno Segundo', email: 'admin2@demo.cafeperu.example', role: 'admin' },
      {
        key: 'cooperative_manager',
        name: 'Carmen Quispe (Pangoa)',
        email: 'gerente@pangoa.demo.example',
        role: 'cooperative_manager',
        cooperativeId: coopRows[0]!.id,
      },
      {
        key: 'cooperative_manager_other',
        name: 'Luis Rojas (Satipo)',
        email: 'gerente@satipo.demo.example',
        role: 'cooperative_manager',
        cooperativeId: coopRows[1]!.id,
      },
      {
        key: 'plant_staff',
        name: 'Pedro Balanza (La Merced)',
        email: 'balanza@planta.demo.example',
        role: 'plant_staff',
        plantId: plantRows[0]!.id,
      },
      {
        key: 'plant_staff_satipo',
        name: 'Flor Acopio (Satipo)',
        email: 'acopio@satipo.demo.example',
        role: 'plant_staff',
        plantId: plantRows[1]!.id,
      },
      {
        key: 'lender',
        name: 'Jorge Crédito (Banco Andino)',
        email: 'creditos@baf.demo.example',
        role: 'lender',
        lenderId: lenderRows[1]!.id,
      },
      {
        key: 'lender_copac',
        name: 'Rosa Ahorro (COOPAC Santa María)',
        email: 'creditos@coopac-sm.demo.example',
        role: 'lender',
        lenderId: lenderRows[2]!.id,
      },
      {
        key: 'investor',
        name: 'Claire Investisseur (SIDI)',
        email: 'portfolio@sidi.demo.example',
        role: 'lender',
        lenderId: lenderRows[0]!.id,
      },
      { key: 'auditor', name: 'Elena Auditora', email: 'auditoria@demo.example', role: 'auditor' },
    ];
    const tokens: Record<string, string> = {};
    const principals: Record<string, Principal> = {};
    auditedTransaction(db, 'seedDemo:users', (tx) => {
      for (const u of users) {
        const id = createUser(tx, u);
        tokens[u.key] = issueToken(tx, id, 'demo');
        principals[u.key] = {
          userId: id,
          name: u.name,
          role: u.role,
          cooperativeId: u.cooperativeId ?? null,
          plantId: u.plantId ?? null,
          lenderId: u.lenderId ?? null,
        };
      }
    });

    // Advance prices: each cooperative pays its farmers 5.20–5.85 PEN per kg at delivery, 0.30 more from
    // September when the price rose (set through the service, as a manager or an admin would).
    const c2019 = encodeId('HarvestCampaign', campaignRows[0]!.id);
    for (const [i, coop] of coopRows.entries()) {
      const base = 520 + 5 * i;
      for (const [from, cents] of [
        ['2019-06-17', base],
        ['2019-09-01', base + 30],
      ] as const) {
        setAdvancePrice(
          { db, principal: principals.admin!, clock: fixedClock(`${from}T12:00:00Z`) },
          {
            idempotencyKey: `demo-advance-${coop.code}-${from}`,
            cooperativeId: encodeId('Cooperative', coop.id),
            campaignId: c2019,
            pricePerKg: `${idiv(cents, 100)}.${String(cents % 100).padStart(2, '0')}`,
            currency: 'PEN',
            effectiveFrom: from,
          },
        );
      }
    }

    // Lots: each farmer delivers 1–4 times; recorded and graded through the services.
    const campaign = campaignRows[0]!;
    const campaignId = encodeId('HarvestCampaign', campaign.id);
    const ctxFor = (who: string, at: string): ServiceContext => ({
      db,
      principal: principals[who]!,
      clock: fixedClock(at),
    });
    const day0 = Date.UTC(2019, 5, 17, 13, 0, 0); // 2019-06-17 08:00 in Lima
    const campaignDays = 184;
    const deliveries: { farmer: SeedFarmer; at: number }[] = [];
    for (const farmer of farmerList) {
      const count = int(1, 4);
      for (let d = 0; d < count; d++) {
        // Harvest peaks in July–August: the sum of two uniforms peaks mid-range.
        const day = Math.min(campaignDays - 1, idiv((int(0, 120) + int(0, 120)) * campaignDays, 240));
        deliveries.push({ farmer, at: day0 + day * 86_400_000 + int(0, 9 * 3600) * 1000 });
      }
    }
    deliveries.sort((a, b) => a.at - b.at || a.farmer.id - b.farmer.id);

    let graded = 0;
    let rejected = 0;
    const gradedAtPlant: SeedGradedLot[] = [];
    const lastDay = day0 + (campaignDays - 1) * 86_400_000;
    for (const [i, d] of deliveries.entries()) {
      const coop = COOPERATIVES[d.farmer.coopIndex]!;
      // Coops near Satipo and Villa Rica deliver to those collection centres.
      const plantIndex = coop.code === 'CAC-SAT' ? 1 : coop.code === 'CAC-VRI' || coop.code === 'CAC-OXA' ? 2 : 0;
      const staff = plantIndex === 0 ? 'plant_staff' : plantIndex === 1 ? 'plant_staff_satipo' : 'admin';
      const bags = int(2, 30);
      const netG = bags * int(40_000, 46_500) + int(0, 999);
      const tareG = bags * 250;
      const moistureTenths = chance(4) ? int(126, 150) : int(100, 125);
      const receivedAt = new Date(d.at);
      const lot = recordLotIntake(ctxFor(staff, new Date(d.at + 60_000).toISOString()), {
        idempotencyKey: `demo-intake-${String(i).padStart(6, '0')}`,
        plantId: encodeId('Plant', plantRows[plantIndex]!.id),
        farmerId: encodeId('Farmer', d.farmer.id),
        campaignId,
        receivedAt,
        bags,
        grossKg: gramsToKg(netG + tareG),
        tareKg: gramsToKg(tareG),
        moisturePercent: `${idiv(moistureTenths, 10)}.${moistureTenths % 10}`,
      });
      const lotId = encodeId('Lot', lot.result.id);
      const later = new Date(d.at + int(1, 3) * 86_400_000);
      if (moistureTenths > 125) {
        rejected++;
        rejectLot(ctxFor(staff, later.toISOString()), {
          idempotencyKey: `demo-reject-${String(i).padStart(6, '0')}`,
          lotId,
          reason: `moisture ${moistureTenths / 10}% above the 12.5% limit`,
          rejectedAt: new Date(d.at + 30 * 60_000),
        });
        continue;
      }
      // The last week's lots wait in the backlog, ungraded.
      if (d.at > lastDay - 6 * 86_400_000 && chance(70)) continue;
      const cupped = chance(80);
      const score = cupped ? int(7650, 8850) : 0;
      const yieldTenths = int(70, 82) * 10 + int(0, 9);
      gradeLot(ctxFor(staff, later.toISOString()), {
        idempotencyKey: `demo-grade-${String(i).padStart(6, '0')}`,
        lotId,
        gradedAt: later,
        exportableYieldPercent: `${idiv(yieldTenths, 10)}.${yieldTenths % 10}`,
        category1Defects: int(0, 4),
        category2Defects: int(0, 22),
        cupScore: cupped ? `${idiv(score, 100)}.${String(score % 100).padStart(2, '0')}` : null,
        cupProtocol: cupped ? 'sca' : null,
        organic: d.farmer.organic,
        grade: cupped && score >= 8000 ? 'Specialty' : 'Grade 1',
      });
      graded++;
      if (plantIndex === 0) gradedAtPlant.push({ id: lot.result.id, netG, yieldTenths, gradedAt: later.getTime() });
    }

    // The plant's season: hulling from July, roasting and packing from August (db/seed/runs.ts).
    const plantLm = plantRows[0]!;
    const wh = new Map(
      db
        .select()
        .from(warehouses)
        .where(eq(warehouses.plantId, plantLm.id))
        .all()
        .map((w) => [w.code, w.id]),
    );
    const runs = seedRuns(db, {
      plant: { id: plantLm.id, hullingGPerDay: plantLm.hullingCapacityGPerDay! },
      warehouses: { green: wh.get('VERDE')!, roasted: wh.get('TOST')!, packed: wh.get('PT')! },
      staff: principals.plant_staff!,
      lots: gradedAtPlant,
      int,
      chance,
      from: '2019-07-01',
      to: '2019-12-31',
    });
    // Campaign loans and SIDI's line before the sales that repay them (db/seed/loans.ts).
    const loanOptions = { maker: principals.admin!, checker: principals.admin2!, campaignId: campaignRows[0]!.id };
    const loans = withLoans ? seedLoans(db, loanOptions) : { loans: 0 };
    // Sales, export and domestic, settled to the cooperatives, their lenders and farmers (db/seed/sales.ts).
    const sales = seedSales(db, {
      admin: principals.admin!,
      staff: principals.plant_staff!,
      campaignId: campaignRows[0]!.id,
      plantId: plantLm.id,
      greenWarehouseId: wh.get('VERDE')!,
    });
    if (withLoans) seedLoanAftermath(db, loanOptions);
    // Farmers paid from the C2019 settlement list at the end of January 2020 (db/seed/payouts.ts).
    const payouts = options.payouts
      ? seedPayouts(db, { admin: principals.admin!, campaignId: campaignRows[0]!.id })
      : {};
    return {
      tokens,
      counts: {
        cooperatives: coopRows.length,
        farmers: farmerList.length,
        lots: deliveries.length,
        graded,
        rejected,
        ...runs,
        ...sales,
        ...loans,
        ...payouts,
      },
    };
  } finally {
    sqlite.pragma('synchronous = FULL');
  }
}

/** Integer division of non-negative integers. */
function idiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}
