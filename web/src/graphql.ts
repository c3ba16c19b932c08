/**
 * Typed GraphQL documents (gql.tada): every operation is checked by tsc against schema/schema.graphql through the
 * generated introspection in graphql-env.d.ts (`npm test` regenerates it first), so a schema change that breaks a
 * screen fails the type check.
 */
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  disableMasking: true;
  scalars: { Decimal: string; Date: string; DateTime: string; SafeInt: number; ID: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
