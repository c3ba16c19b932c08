/**
 * `npm run load:test [-- --clients 16 --seconds 20 --read-share 0.8 --farmers 3200 --warmup 2 --fresh]`
 *
 * A benchmark, not a test (docs/resilience.md): the REAL server
 * (`node --import tsx server/main.ts`) on a copy of a prepared demo database,
 * `--clients` concurrent clients for `--seconds`, each sending one request
 * after another: reads (`--read-share`, spread evenly over five
 * representative queries, each with the role that asks it in real life) and
 * writes (lot intakes and gradings of the client's own lots, half and half).
 * Every latency is recorded (after `--warmup` seconds not counted); the
 * report is a markdown table of throughput and p50/p90/p99/max per query, per
 * class and overall, the answers that were not 2xx, and the invariants
 * checked on the file afterwards (audit trail, trial balance, mass balance,
 * no half-applied write). Exits 1 on a 5xx, a request with no answer, a
 * refused write, a GraphQL error, or a broken invariant.
 *
 * The demo database at `--farmers` farmers (default: the full demo, 3,200) is
 * seeded once and kept in the system temp folder; `--fresh` seeds it again.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkInvariants,
  graphql,
  invariantProblems,
  kg,
  percentile,
  prepareDatabase,
  prng,
  startServer,
} from './lib/harness.js';
import { command } from './lib/cli.js';

const { values: args } = command({
  name: 'load:test',
  usage: `
npm run load:test [-- --clients 16 --seconds 20 --read-share 0.8 --farmers 3200 --warmup 2 --seed 1 --fresh]

A benchmark of the real server on a copy of the demo database (docs/resilience.md): throughput and latency per
query, invariants checked afterwards. Exit 0: no failure; 1: a 5xx, an unanswered or refused request, or a broken
invariant; 2: called wrongly.`,
  options: {
    clients: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '20' },
    'read-share': { type: 'string', default: '0.8' },
    farmers: { type: 'string', default: '3200' },
    warmup: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    fresh: { type: 'boolean', default: false },
  },
});
const CLIENTS = Number(args.clients);
const SECONDS = Number(args.seconds);
const READ_SHARE = Number(args['read-share']);
const FARMERS = Number(args.farmers);
const WARMUP = Number(args.warmup);
const rand = prng(Number(args.seed));
const RUN = `lt${Date.now().toString(36)}`;

// ------------------------------------------------------------------------------------------ the database

function preparedCopy(dir: string): { path: string; tokens: Record<string, string>; note: string } {
  const cache = join(tmpdir(), 'coop-load-cache');
  mkdirSync(cache, { recursive: true, mode: 0o700 });
  const template = join(cache, `demo-${FARMERS}.db`);
  const tokensFile = join(cache, `demo-${FARMERS}.tokens.json`);
  let note = `cached template ${template}`;
  if (args.fresh || !existsSync(template) || !existsSync(tokensFile)) {
    for (const f of [template, `${template}-wal`, `${template}-shm`, tokensFile]) rmSync(f, { force: true });
    const { tokens, ms } = prepareDatabase(template, FARMERS, { loans: true });
    writeFileSync(tokensFile, JSON.stringify(tokens), { mode: 0o600 });
    note = `seeded ${template} in ${(ms / 1000).toFixed(1)} s`;
  }
  const path = join(dir, 'load.db');
  copyFileSync(template, path);
  return { path, tokens: JSON.parse(readFileSync(tokensFile, 'utf8')) as Record<string, string>, note };
}

// ------------------------------------------------------------------------------------------ the requests

type Kind =
  | 'viewer'
  | 'lots'
  | 'cooperativeStatement'
  | 'trialBalance'
  | 'loanPortfolio'
  | 'recordLotIntake'
  | 'gradeLot';
const READS: Kind[] = ['viewer', 'lots', 'cooperativeStatement', 'trialBalance', 'loanPortfolio'];
const WRITES: Kind[] = ['recordLotIntake', 'gradeLot'];

const QUERY: Record<Kind, { role: string; query: string }> = {
  viewer: { role: 'cooperative_manager', query: '{ viewer { name role cooperative { code name } } }' },
  lots: {
    role: 'admin',
    query: `query { lots(first: 20, filter: { status: [GRADED] }) { totalCount pageInfo { hasNextPage endCursor }
      nodes { code receivedOn netWeight { kg quintals } moisturePercent farmer { fullName cooperative { code } }
        grading { exportableYieldPercent cupScore specialty organic } } } }`,
  },
  cooperativeStatement: {
    role: 'cooperative_manager',
    query: `query($coop: ID!, $c: ID!) { node(id: $coop) { ... on Cooperative { code statement(campaignId: $c) {
      asOf sold { kg } advancesPaid { amount currency } creditedToFarmers { amount currency } paymentsSettled
      farmersToPay { amount currency } farmersCarriedDebt { amount currency } } } } }`,
  },
  trialBalance: {
    role: 'auditor',
    query: '{ trialBalance { balanced currencies { currency balanced debits { amount } credits { amount } } } }',
  },
  loanPortfolio: {
    role: 'lender',
    query: `{ loanPortfolio(asOf: "2020-03-31") {
      currencies { currency loans outstandingPrincipal { amount } interestDue { amount } totalDue { amount } repaid { amount } par30 }
      loans { loan { code cooperative { code } } outstandingPrincipal { amount } daysPastDue agingBucket } } }`,
  },
  recordLotIntake: {
    role: 'plant_staff',
    query: `mutation($i: RecordLotIntakeInput!) { recordLotIntake(input: $i) { __typename
      ... on RecordLotIntakePayload { replayed lot { id code status netWeight { kg } cooperative { code } } } ... on Error { message } } }`,
  },
  gradeLot: {
    role: 'plant_staff',
    query: `mutation($i: GradeLotInput!) { gradeLot(input: $i) { __typename
      ... on GradeLotPayload { replayed lot { id status grading { exportableYieldPercent } } } ... on Error { message } } }`,
  },
};

interface Sample {
  kind: Kind;
  ms: number;
  at: number;
}
const samples: Sample[] = [];
const statusCounts = new Map<string, number>();
const problems: string[] = [];
const bump = (k: string) => statusCounts.set(k, (statusCounts.get(k) ?? 0) + 1);

interface Ids {
  campaign: string;
  plant: string;
  farmers: string[];
  coop: string;
}

async function lookUpIds(url: string, tokens: Record<string, string>): Promise<Ids> {
  const r = await graphql(
    url,
    tokens.admin!,
    `{ harvestCampaigns { id code } plants { id code }
    cooperatives(first: 50) { nodes { id code farmers(first: 10) { nodes { id } } } } }`,
  );
  if (!r.ok || r.body.errors) throw new Error(`looking up ids: ${JSON.stringify(r.ok ? r.body.errors : r.error)}`);
  const d = r.body.data;
  return {
    campaign: d.harvestCampaigns.find((c: any) => c.code === 'C2019').id,
    plant: d.plants.find((p: any) => p.code === 'PLT-LM').id,
    farmers: d.cooperatives.nodes.flatMap((c: any) => c.farmers.nodes.map((f: any) => f.id)),
    coop: d.cooperatives.nodes.find((c: any) => c.code === 'CAC-PAN').id,
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function serverCpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

// ------------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'coop-load-'));
  const { path, tokens, note } = preparedCopy(dir);
  console.log(
    `load test: ${CLIENTS} clients, ${SECONDS} s (+${WARMUP} s warm-up), ${Math.round(READ_SHARE * 100)}% reads; demo at ${FARMERS} farmers (${note})`,
  );
  const server = await startServer({ databasePath: path });
  const ids = await lookUpIds(server.url, tokens);
  const variables: Partial<Record<Kind, Record<string, unknown>>> = {
    cooperativeStatement: { coop: ids.coop, c: ids.campaign },
  };

  // Every read answers without errors before we time anything.
  for (const k of READS) {
    const r = await graphql(server.url, tokens[QUERY[k].role]!, QUERY[k].query, variables[k]);
    if (!r.ok || r.status !== 200 || r.body.errors)
      throw new Error(`probe ${k}: ${JSON.stringify(r.ok ? r.body : r.error).slice(0, 500)}`);
  }

  const cpu0 = { server: serverCpuSeconds(server.child.pid), client: process.cpuUsage() };
  const load0 = loadavg()[0]!;
  const t0 = performance.now();
  const warmEnd = t0 + WARMUP * 1000;
  const end = warmEnd + SECONDS * 1000;
  let seq = 0;
  const client = async (c: number) => {
    const ungraded: { id: string; receivedAt: number }[] = [];
    while (performance.now() < end) {
      let kind: Kind;
      let vars: Record<string, unknown> | undefined;
      if (rand.next() < READ_SHARE) {
        kind = READS[Math.floor(rand.next() * READS.length)]!;
        vars = variables[kind];
      } else if (ungraded.length > 0 && rand.next() < 0.5) {
        kind = 'gradeLot';
        const lot = ungraded.shift()!;
        const y = rand.int(700, 820);
        vars = {
          i: {
            idempotencyKey: `${RUN}-c${c}-${++seq}`,
            lotId: lot.id,
            gradedAt: new Date(lot.receivedAt + 3600_000).toISOString(),
            exportableYieldPercent: `${Math.trunc(y / 10)}.${y % 10}`,
            category1Defects: rand.int(0, 3),
            category2Defects: rand.int(0, 15),
            organic: false,
            grade: 'Grade 1',
          },
        };
      } else {
        kind = 'recordLotIntake';
        const receivedAt =
          Date.parse('2019-07-01T13:00:00Z') + rand.int(0, 150) * 86_400_000 + rand.int(0, 8 * 3600) * 1000;
        const netG = rand.int(100_000, 1_300_000);
        vars = {
          i: {
            idempotencyKey: `${RUN}-c${c}-${++seq}`,
            plantId: ids.plant,
            farmerId: rand.pick(ids.farmers),
            campaignId: ids.campaign,
            receivedAt: new Date(receivedAt).toISOString(),
            bags: rand.int(2, 30),
            grossKg: kg(netG + 3000),
            tareKg: '3',
            moisturePercent: '11.6',
          },
        };
      }
      const at = performance.now();
      const r = await graphql(server.url, tokens[QUERY[kind].role]!, QUERY[kind].query, vars, 30_000);
      const counted = at >= warmEnd;
      if (counted) samples.push({ kind, ms: r.ms, at });
      if (!r.ok) {
        if (counted) bump(`no answer (${r.error})`);
        problems.push(`${kind}: no answer: ${r.error}`);
        continue;
      }
      if (counted) bump(`HTTP ${r.status}`);
      if (r.status >= 500) problems.push(`${kind}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      if (r.body.errors) {
        if (counted) bump(`GraphQL error ${r.body.errors[0]!.extensions?.code ?? ''}`);
        problems.push(`${kind}: ${r.body.errors[0]!.extensions?.code} ${r.body.errors[0]!.message}`);
        continue;
      }
      if (kind === 'recordLotIntake' || kind === 'gradeLot') {
        const res = r.body.data[kind];
        if (!res?.__typename?.endsWith('Payload')) {
          if (counted) bump('refused write');
          problems.push(`${kind}: refused: ${JSON.stringify(res).slice(0, 300)}`);
        } else if (kind === 'recordLotIntake') {
          ungraded.push({ id: res.lot.id, receivedAt: Date.parse((vars!.i as { receivedAt: string }).receivedAt) });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const elapsed = (performance.now() - warmEnd) / 1000;
  const load1 = loadavg()[0]!;
  const serverCpu = serverCpuSeconds(server.child.pid) - cpu0.server;
  const clientCpu = process.cpuUsage(cpu0.client);
  const wall = (performance.now() - t0) / 1000;
  await server.stop();

  const inv = checkInvariants(path);
  const invProblems = invariantProblems(inv);

  // ---------------------------------------------------------------------------------------- report
  const row = (label: string, xs: Sample[]) => {
    const ms = xs.map((s) => s.ms).sort((a, b) => a - b);
    const f = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(1));
    return `| ${label} | ${xs.length} | ${(xs.length / elapsed).toFixed(1)} | ${f(percentile(ms, 50))} | ${f(percentile(ms, 90))} | ${f(percentile(ms, 99))} | ${f(ms.at(-1) ?? Number.NaN)} |`;
  };
  const of = (ks: Kind[]) => samples.filter((s) => ks.includes(s.kind));
  const lines = [
    '',
    `**${CLIENTS} clients, ${elapsed.toFixed(1)} s measured, ${Math.round(READ_SHARE * 100)}/${Math.round((1 - READ_SHARE) * 100)} reads/writes** — ` +
      `${cpus().length} CPUs (${availableParallelism()} usable), Node ${process.version}, load average ${load0.toFixed(2)} before, ${load1.toFixed(2)} after`,
    '',
    '| request | count | req/s | p50 ms | p90 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...READS.map((k) => row(`${k} (${QUERY[k].role})`, of([k]))),
    row('**all reads**', of(READS)),
    ...WRITES.map((k) => row(`${k} (${QUERY[k].role})`, of([k]))),
    row('**all writes**', of(WRITES)),
    row('**total**', samples),
    '',
    `answers: ${[...statusCounts].map(([k, v]) => `${k}: ${v}`).join(', ')}`,
    Number.isNaN(serverCpu)
      ? 'CPU: not measured (no /proc)'
      : `CPU over the ${wall.toFixed(1)} s run (warm-up included): server ${serverCpu.toFixed(1)} s (${Math.round((serverCpu / wall) * 100)}% of one core), ` +
        `load generator ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s`,
    `invariants after: audit trail ${inv.audit.ok ? `verifies (${inv.audit.entries} entries)` : 'BROKEN'}, trial balance ${inv.trialBalanceZero ? 'zero in every currency' : 'NOT zero'}, mass balance ${inv.massBalanced ? 'holds' : 'BROKEN'}, structural checks ${inv.structural.length === 0 ? 'OK' : 'FAILED'} (${inv.ms} ms)`,
  ];
  console.log(lines.join('\n'));
  const all = [...new Set(problems)].slice(0, 20).concat(invProblems);
  if (all.length > 0) {
    console.log(`\nPROBLEMS (${problems.length + invProblems.length}):`);
    for (const p of all) console.log(`- ${p}`);
    console.log(`database kept: ${dir}`);
    process.exitCode = 1;
  } else {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
