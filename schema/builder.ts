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
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { GraphQLError } from 'graphql';
import type { DB } from '../db/client.js';
import { relations } from '../db/relations.js';
import type { Principal } from '../server/auth/policy.js';
import type { Clock } from '../server/domain/time.js';
import type { Events } from '../server/events.js';
import type { StreamBudget } from '../server/limits.js';
import type { Lifecycle } from '../server/lifecycle.js';

/** The most IDs one `nodes(ids:)` takes. */
export const MAX_NODE_IDS = 100;

function isNodeLookup(info: { parentType: { name: string }; fieldName: string }): boolean {
  return info.parentType.name === 'Query' && (info.fieldName === 'node' || info.fieldName === 'nodes');
}

/** What node(id:) answers for an ID that does not exist and for one the caller may not see: the same. */
export function notFoundNode(): GraphQLError {
  return new GraphQLError('No object with this ID, or not one you may see', { extensions: { code: 'NOT_FOUND' } });
}

/** A load that failed because the row is not there is a NOT_FOUND like any other; anything else is a fault. */
function nodeFailure(e: unknown): GraphQLError {
  if (e instanceof GraphQLError && e.extensions.code && e.extensions.code !== 'INTERNAL_SERVER_ERROR') return e;
  if (e instanceof Error && /not found|no result|vanished/i.test(e.message)) return notFoundNode();
  throw e;
}

// The builder, for loading one node by its ID (set right after it is made; read only while resolving).
let nodeBuilder: unknown;
function loadNode(ctx: unknown, info: unknown, id: unknown): Promise<unknown[]> {
  return (resolveNodes as unknown as (b: unknown, c: unknown, i: unknown, ids: unknown[]) => Promise<unknown[]>)(
    nodeBuilder,
    ctx,
    info,
    [id],
  );
}

export interface Context {
  db: DB;
  /** Null for a request without a token: it may read the schema and nothing else. */
  principal: Principal | null;
  clock: Clock;
  requestId: string;
  /** Live events for subscriptions (lot activity at a plant). */
  events: Events;
  /** Open subscriptions per token and in all (server/limits.ts); `limitKey` names this request's token. */
  streams?: StreamBudget;
  limitKey?: string;
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
      ctx.principal && isNodeLookup(info)
        ? notFoundNode()
        : ctx.principal
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
    // A missing ID and a foreign one answer alike: null with NOT_FOUND, each entry of `nodes` on its own
    // (docs/authorization.md, "No existence oracle"); `nodes` takes at most MAX_NODE_IDS.
    nodeQueryOptions: {
      authScopes: { authenticated: true },
      resolve: (_root, args, _ctx, _info, resolveNode) =>
        Promise.resolve(resolveNode(args.id)).then(
          (n) => n ?? notFoundNode(),
          (e) => nodeFailure(e),
        ),
    },
    nodesQueryOptions: {
      authScopes: { authenticated: true },
      resolve: (_root, args, ctx, info) => {
        if (args.ids.length > MAX_NODE_IDS)
          throw new GraphQLError(`nodes(ids:) takes at most ${MAX_NODE_IDS} IDs; got ${args.ids.length}`, {
            extensions: { code: 'QUERY_LIMIT_EXCEEDED' },
          });
        // One at a time, so that a missing ID nulls its own entry, not the list (the loads still batch).
        return args.ids.map((id) =>
          loadNode(ctx, info, id).then(
            (list) => list[0] ?? notFoundNode(),
            (e) => nodeFailure(e),
          ),
        ) as never;
      },
    },
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
nodeBuilder = builder;
