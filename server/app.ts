/**
 * The HTTP application: express serves /graphql (graphql-yoga, with GraphiQL
 * on GET from a browser) and /healthz. Authentication happens here, once per
 * request: a bearer token becomes a Principal, or the request is anonymous
 * and may read only the schema.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import { GraphQLError } from 'graphql';
import { existsSync } from 'node:fs';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, maskError as defaultMaskError } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { DB } from '../db/client.js';
import type { Context } from '../schema/builder.js';
import { schema } from '../schema/index.js';
import { bearerToken } from './auth/tokens.js';
import { ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError } from './domain/errors.js';
import { type Clock, systemClock } from './domain/time.js';
import { type Events, createEvents } from './events.js';
import { exportFarmerSettlements } from './exports/farmer-settlements.js';
import { withExcelBom } from './exports/farmer-settlements-csv.js';
import { payoutReceipt } from './exports/payout-receipt.js';
import { decodeId } from './lib/global-id.js';
import { localDateOf } from './domain/time.js';
import { settings } from './services/lots.js';
import {
  DEFAULT_LIMITS,
  type Limits,
  armorPlugin,
  StreamBudget,
  bodyLimit,
  limitErrorCodes,
  limitKey,
  limitKeyOf,
  rateLimit,
  requestLog,
  storageFailure,
} from './limits.js';
import { principalForToken } from './services/users.js';
import { Lifecycle } from './lifecycle.js';
import { type Metrics, metricsPlugin } from './metrics.js';
import type { Role } from './auth/policy.js';
import { loadPersistedOperations, persistedOperationsPlugin } from './persisted-operations.js';
import { serveWebApp, WEB_DIST } from './web.js';

export interface AppOptions {
  db: DB;
  clock?: Clock;
  logger?: Logger;
  exposeErrors?: boolean;
  /** Shared with whoever else publishes (tests); a new in-process bus by default. */
  events?: Events;
  /** The default `asOf` of reports (interest, aging, statements); null for today. */
  businessDate?: string | null;
  /** Abuse limits (server/limits.ts); the rate limit is off unless given (npm start gives the configured one). */
  limits?: Partial<Limits>;
  /** Shutdown state (server/lifecycle.ts); a new one by default. */
  lifecycle?: Lifecycle;
  /** The built web app to serve at `/` (web/dist by default); null serves none. */
  webRoot?: string | null;
  /** Roles that may send only the registered (persisted) operations, e.g. plant staff tablets (docs/api.md). */
  persistedOnlyRoles?: readonly Role[];
  /** express's `trust proxy` (TRUST_PROXY): whose X-Forwarded-For gives the client's address. None by default. */
  trustProxy?: boolean | number | string;
  /** Prometheus metrics (server/metrics.ts): counted on every request and served at /metrics. None by default. */
  metrics?: Metrics;
}

/** A domain error thrown outside a mutation's typed result (e.g. a bad filter ID) as a coded GraphQL error. */
function domainErrorAsGraphQL(e: DomainError): GraphQLError {
  const code =
    e instanceof InvalidInputError
      ? 'BAD_USER_INPUT'
      : e instanceof NotFoundError
        ? 'NOT_FOUND'
        : e instanceof ForbiddenError
          ? 'FORBIDDEN'
          : e instanceof ConflictError
            ? 'CONFLICT'
            : 'BAD_REQUEST';
  return new GraphQLError(e.message, {
    extensions: { code, ...(e instanceof InvalidInputError ? { issues: e.issues } : {}) },
  });
}

export function createApp(options: AppOptions) {
  const { db, logger } = options;
  const clock = options.clock ?? systemClock;
  const events = options.events ?? createEvents();
  const businessDate = options.businessDate ?? null;
  const lifecycle = options.lifecycle ?? new Lifecycle();

  // The rate limits are off unless given (npm start gives the configured ones); the stream budget always holds.
  const limits: Limits = { ...DEFAULT_LIMITS, ratePerMinute: 0, exportsPerMinute: 0, ...options.limits };
  const streams = new StreamBudget(limits.streamsPerToken, limits.streamsTotal);
  const webRoot = options.webRoot === undefined ? WEB_DIST : options.webRoot;
  const persisted = loadPersistedOperations(webRoot);
  const persistedOnlyRoles = new Set(options.persistedOnlyRoles ?? []);
  const yoga = createYoga<{ req: express.Request; res: express.Response }, Context>({
    schema,
    // CSRF: a request must be JSON (which a cross-site form or <img> cannot send without a CORS preflight) or carry
    // this header; GET and form posts without it are refused before anything runs.
    plugins: [
      ...(options.metrics ? [metricsPlugin(options.metrics)] : []),
      armorPlugin(limits),
      limitErrorCodes(),
      useCSRFPrevention({ requestHeaders: ['x-graphql-csrf'] }),
      persistedOperationsPlugin(persisted, (header) => {
        if (persistedOnlyRoles.size === 0) return true;
        const token = bearerToken(header);
        const principal = token ? principalForToken(db, token) : null;
        return !principal || !persistedOnlyRoles.has(principal.role);
      }),
    ],
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL from the installed package, inlined in the page: no CDN, so it works on a plant network offline.
    renderGraphiQL,
    graphiql: { title: 'Coffee consortium API', defaultQuery: '{ viewer { name role } }' },
    maskedErrors: {
      maskError: (error, message, isDev) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof DomainError) {
          const coded = domainErrorAsGraphQL(original);
          return error instanceof GraphQLError
            ? new GraphQLError(coded.message, { nodes: error.nodes, path: error.path, extensions: coded.extensions })
            : coded;
        }
        // graphql-js and graphql-scalars reject bad variables without a code; give them one.
        if (error instanceof GraphQLError && !error.extensions.code && /^Variable "\$/.test(error.message)) {
          return new GraphQLError(error.message, {
            nodes: error.nodes,
            extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
          });
        }
        const storage = storageFailure(original);
        if (storage) {
          logger?.error({ err: original }, 'storage failure');
          return new GraphQLError(storage, {
            ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
            extensions: { code: 'STORAGE_UNAVAILABLE' },
          });
        }
        if (!(original instanceof GraphQLError)) logger?.error({ err: original }, 'internal error');
        return defaultMaskError(error, message, isDev || options.exposeErrors === true);
      },
    },
    logging: false,
    context: ({ request, req }): Context => {
      const requestId = request.headers.get('x-request-id') ?? randomUUID();
      const header = request.headers.get('authorization');
      const token = bearerToken(header);
      if (header && !token) {
        throw new GraphQLError('Malformed Authorization header: expected "Bearer <token>"', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      const principal = token ? principalForToken(db, token) : null;
      if (token && !principal) {
        throw new GraphQLError('Invalid, revoked or expired token', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      return {
        db,
        principal,
        clock,
        requestId,
        events,
        businessDate,
        lifecycle,
        streams,
        limitKey: req ? limitKey(req) : limitKeyOf(header, '-'),
      };
    },
  });

  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy every request comes from the proxy: trusting its X-Forwarded-For (and only its) gives
  // req.ip the client's address, which the rate limit and the access log use.
  app.set('trust proxy', options.trustProxy ?? false);
  if (options.metrics) {
    app.use(options.metrics.middleware());
    app.get('/metrics', options.metrics.handler());
  }
  app.use(requestLog(logger));
  // Requests in flight are counted; while the server drains, each answer closes its connection, so the process is
  // not held up by clients' keep-alive connections.
  app.use((_req, res, next) => {
    lifecycle.inFlight++;
    res.once('close', () => {
      lifecycle.inFlight--;
    });
    if (lifecycle.draining) res.set('connection', 'close');
    next();
  });
  // Liveness: the process answers.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness: the database answers and takes a committed write (a read-only file or a full disk fails here first;
  // taking the write lock alone succeeds even on a read-only file).
  app.get('/readyz', (_req, res) => {
    if (lifecycle.draining) {
      res.status(503).json({ status: 'unavailable', reason: 'the server is shutting down' });
      return;
    }
    try {
      db.$client
        .prepare(
          'insert into readiness_probe (id, checked_at) values (1, ?) on conflict(id) do update set checked_at = excluded.checked_at',
        )
        .run(new Date().toISOString());
      res.json({ status: 'ready' });
    } catch (e) {
      res.status(503).json({ status: 'unavailable', reason: storageFailure(e) ?? 'the database does not answer' });
    }
  });
  // The CSV a cooperative pays its farmers from (docs/settlement.md). Same bearer tokens as the API.
  app.get('/exports/farmer-settlements.csv', rateLimit(limits.exportsPerMinute, undefined, 'exports'), (req, res) => {
    const token = bearerToken(req.get('authorization') ?? null);
    const principal = token ? principalForToken(db, token) : null;
    if (!principal) {
      res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'send "Authorization: Bearer <token>"' } });
      return;
    }
    const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');
    try {
      const { filename, csv } = exportFarmerSettlements(db, principal, {
        cooperative: q('cooperative'),
        campaign: q('campaign'),
        asOf: q('asOf') || businessDate || localDateOf(clock.now(), settings(db).timeZone),
      });
      // ?excel=1: with a byte-order mark, for Excel on Windows (server/exports/farmer-settlements-csv.ts).
      const body = q('excel') === '1' ? withExcelBom(csv) : csv;
      res.type('text/csv; charset=utf-8').set('content-disposition', `attachment; filename="${filename}"`).send(body);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const coded = domainErrorAsGraphQL(e);
      const status = { BAD_USER_INPUT: 400, FORBIDDEN: 403, NOT_FOUND: 404 }[coded.extensions.code as string] ?? 400;
      res.status(status).json({ error: { code: coded.extensions.code, message: e.message } });
    }
  });
  // A farmer's payout receipt, printable HTML (docs/settlement.md, "Paying farmers"). Same bearer tokens as the API.
  app.get('/receipts/farmer-payouts/:id', (req, res) => {
    const token = bearerToken(req.get('authorization') ?? null);
    const principal = token ? principalForToken(db, token) : null;
    if (!principal) {
      res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'send "Authorization: Bearer <token>"' } });
      return;
    }
    const raw = req.params.id ?? '';
    const lang = typeof req.query.lang === 'string' ? req.query.lang : 'es';
    try {
      // The payout's number, or its global ID as the API gives it.
      const id = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : decodeId(raw, 'FarmerPayout', ['id']);
      const html = payoutReceipt(db, principal, id, lang);
      res.type('text/html; charset=utf-8').send(html);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const coded = domainErrorAsGraphQL(e);
      const status = { BAD_USER_INPUT: 400, FORBIDDEN: 403, NOT_FOUND: 404 }[coded.extensions.code as string] ?? 400;
      res.status(status).json({ error: { code: coded.extensions.code, message: e.message } });
    }
  });
  // yoga is a (req, res) handler; express's overloads do not see it as one.
  app.use(yoga.graphqlEndpoint, rateLimit(limits.ratePerMinute), bodyLimit(limits.maxBodyBytes), (req, res) =>
    yoga(req, res, { req, res }),
  );
  if (webRoot && existsSync(webRoot)) serveWebApp(app, webRoot);
  return { app, yoga, events, lifecycle };
}
