/**
 * A typed client for the API in a few lines: gql.tada infers each operation's result and variables from
 * schema/schema.graphql (through the introspection the web app generates, web/src/graphql-env.d.ts), so tsc
 * refuses a field that does not exist or a variable of the wrong type before anything runs.
 *
 *   TOKEN=$(node -p "require('./data/demo-tokens.json').cooperative_manager") npm run client:example
 *
 * Prints the manager's cooperative and its 2019 campaign at a glance. API_URL defaults to the local server.
 */
import { print } from '@0no-co/graphql.web';
import { type ResultOf, type TadaDocumentNode, type VariablesOf, initGraphQLTada } from 'gql.tada';
import type { introspection } from '../web/src/graphql-env.js';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Decimal: string; Date: string; DateTime: string; SafeInt: number; ID: string };
}>();

/** One typed request: the answer's type is the operation's ResultOf, its variables are checked too. */
// biome-ignore lint/suspicious/noExplicitAny: any typed document
export async function request<D extends TadaDocumentNode<any, any>>(
  url: string,
  token: string,
  doc: D,
  variables: VariablesOf<D>,
): Promise<ResultOf<D>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  const body = (await res.json()) as { data?: ResultOf<D>; errors?: { message: string }[] };
  if (!body.data || body.errors?.length) throw new Error(body.errors?.[0]?.message ?? `HTTP ${res.status}`);
  return body.data;
}

export const Summary = graphql(`
  query Summary($campaignId: ID!) {
    viewer {
      name
      cooperative {
        code
        campaignSummary(campaignId: $campaignId) { lotCount delivered { kg quintals } averageCupScore }
      }
    }
  }
`);

export const Campaigns = graphql(`
  query Campaigns { harvestCampaigns { id code } }
`);

export async function summary(url: string, token: string, campaignCode = 'C2019') {
  const { harvestCampaigns } = await request(url, token, Campaigns, {});
  const campaign = harvestCampaigns.find((c) => c.code === campaignCode);
  if (!campaign) throw new Error(`no campaign ${campaignCode}`);
  const { viewer } = await request(url, token, Summary, { campaignId: campaign.id });
  const s = viewer?.cooperative?.campaignSummary;
  // `s.delivered.kg` is typed string (a Decimal), `s.lotCount` number: the compiler knows from the schema.
  return s
    ? `${viewer?.name}: ${s.lotCount} lots, ${s.delivered.kg} kg (${s.delivered.quintals} qq), cup ${s.averageCupScore ?? '—'}`
    : null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const token = process.env.TOKEN;
  if (!token) {
    process.stderr.write('set TOKEN to an API token (e.g. the demo cooperative_manager token)\n');
    process.exit(2);
  }
  console.log(await summary(process.env.API_URL ?? 'http://localhost:4000/graphql', token));
}
