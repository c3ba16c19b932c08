/**
 * Persisted operations (docs/api.md): the web app's operations are registered at build time
 * (web/dist/persisted-operations.json, { sha256: query }) and sent by hash. A request with a hash runs the
 * registered text; one with a hash the registry lacks is answered PERSISTED_QUERY_NOT_IN_LIST. Arbitrary
 * operations (GraphiQL, scripts) stay open, except for the roles configured with PERSISTED_OPERATIONS_ONLY,
 * which are refused PERSISTED_QUERY_ONLY.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';

export type Registry = ReadonlyMap<string, string>;

export function loadPersistedOperations(webRoot: string | null): Registry {
  const file = webRoot ? join(webRoot, 'persisted-operations.json') : null;
  if (!file || !existsSync(file)) return new Map();
  return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));
}

/** `mayRunArbitrary` gets the request's Authorization header and says whether its user may send any operation. */
export function persistedOperationsPlugin(
  registry: Registry,
  mayRunArbitrary: (authorization: string | null) => boolean,
  // biome-ignore lint/suspicious/noExplicitAny: yoga's plugin context type
): Plugin<any> {
  return usePersistedOperations({
    getPersistedOperation: (hash) => registry.get(hash) ?? null,
    allowArbitraryOperations: (request) => mayRunArbitrary(request.headers.get('authorization')),
    customErrors: {
      notFound: {
        message: 'No registered operation has this hash; send the query text',
        extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' },
      },
      persistedQueryOnly: {
        message: 'This role may send only the registered operations of the web app (persisted operations)',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
      },
      keyNotFound: {
        message: 'Send a query, or the hash of a registered operation in extensions.persistedQuery',
        extensions: { code: 'BAD_REQUEST' },
      },
    },
  });
}
