/**
 * The one Pothos builder. Plugins: scope-auth (who may read a field or an
 * object), relay (global IDs, node(id:), cursor connections), errors (typed
 * errors as data in mutation results), drizzle (one SQL statement per root
 * field, however deep the selection), dataloader (batched aggregates).
 */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { GraphQLError } from 'graphql';
import type { DB } from '../db/client.js';
import { relations } from '../db/relations.js';
import type { Principal } from '../server/auth/policy.js';
import type { Clock } from '../server/domain/time.js';
import type { Events } from '../server/events.js';
import type { Lifecycle } from '../server/lifecycle.js';

export interface Context {
  db: DB;
  /** Null for a request without a token: it may read the schema and nothing else. */
  principal: Principal | null;
  clock: Clock;
  requestId: string;
  /** Live events for subscriptions (lot activity at a plant). */
  events: Events;
  /** The server's shutdown state: open subscriptions end with a final message when it drains. */
  lifecycle?: Lifecycle;
  /**
   * The business date reports are computed as of when a query gives no
   * `asOf` (interest, aging, statements); null: today in the consortium's
   * time zone. Set with BUSINESS_DATE (README, "Configuration").
   */
  businessDate: string | null;
}

export interface AuthedContext extends Context {
  principal: Principal;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  DrizzleRelations: typeof relations;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  AuthScopes: { authenticated: boolean };
  AuthContexts: { authenticated: AuthedContext };
  Scalars: {
    Decimal: { Input: string; Output: string };
    Date: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string };
    SafeInt: { Input: number; Output: number };
  };
}>({
  // Fields are non-null unless declared nullable: clients can trust the types.
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, RelayPlugin, ErrorsPlugin, DrizzlePlugin, DataloaderPlugin],
  scopeAuth: {
    // One error per refused object rather than one per field.
    runScopesOnType: true,
    authScopes: (ctx) => ({ authenticated: ctx.principal !== null }),
    // Refusals are GraphQL errors with a code a client can branch on.
    unauthorizedError: (_parent, ctx, info) =>
      ctx.principal
        ? new GraphQLError(`Not authorized to read ${info.parentType.name}.${info.fieldName}`, {
            extensions: { code: 'FORBIDDEN' },
          })
        : new GraphQLError('Authentication required: send "Authorization: Bearer <token>"', {
            extensions: { code: 'UNAUTHENTICATED' },
          }),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodeQueryOptions: { authScopes: { authenticated: true } },
    nodesQueryOptions: { authScopes: { authenticated: true } },
  },
  errors: {
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: 20,
    maxConnectionSize: 100,
  },
});
