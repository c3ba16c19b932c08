/**
 * Prometheus metrics at /metrics (docs/operations.md, "Metrics and alerts"), with prom-client: requests by
 * operation and status, latency histograms per GraphQL operation, errors by code, rate-limit refusals, open
 * subscriptions, database and WAL size, the age of the last checked backup and the audit verification result.
 * Served to loopback only, or to anyone sending METRICS_TOKEN as a bearer token.
 */
import { timingSafeEqual } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import type express from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Lifecycle } from './lifecycle.js';
import { newestCheckedBackup } from './services/backup.js';

export interface MetricsOptions {
  databasePath: string | null;
  backupDir: string | null;
  lifecycle: Lifecycle;
  /** A bearer token that opens /metrics from anywhere; without it, loopback only. */
  token: string | null;
}

export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'route' | 'operation' | 'status'>;
  readonly latency: Histogram<'route' | 'operation'>;
  readonly errors: Counter<'code'>;
  readonly rateLimited: Counter;
  readonly auditOk: Gauge;

  constructor(readonly o: MetricsOptions) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'coop_http_requests_total',
      help: 'HTTP requests answered, by route, GraphQL operation name and status',
      labelNames: ['route', 'operation', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'coop_http_request_duration_seconds',
      help: 'Time to answer, by route and GraphQL operation name',
      labelNames: ['route', 'operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({
      name: 'coop_graphql_errors_total',
      help: 'GraphQL errors answered, by extensions.code',
      labelNames: ['code'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'coop_rate_limited_total',
      help: 'Requests refused 429 by the rate limit',
      registers,
    });
    this.auditOk = new Gauge({
      name: 'coop_audit_verified',
      help: 'The audit trail verified at the last check (start-up): 1 yes, 0 broken, -1 not checked yet',
      registers,
    });
    this.auditOk.set(-1);
    const lifecycle = o.lifecycle;
    new Gauge({
      name: 'coop_open_subscriptions',
      help: 'Subscriptions open now',
      registers,
      collect() {
        this.set(lifecycle.openSubscriptions);
      },
    });
    const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);
    const db = o.databasePath;
    new Gauge({
      name: 'coop_database_bytes',
      help: 'Size of the database file',
      registers,
      collect() {
        if (db) this.set(size(db));
      },
    });
    new Gauge({
      name: 'coop_database_wal_bytes',
      help: 'Size of the write-ahead log beside the database (checkpointed back into it as it grows)',
      registers,
      collect() {
        if (db) this.set(size(`${db}-wal`));
      },
    });
    const dir = o.backupDir;
    new Gauge({
      name: 'coop_last_backup_age_seconds',
      help: 'Seconds since the newest backup in BACKUP_DIR that checked; -1 when there is none',
      registers,
      collect() {
        const last = dir ? newestCheckedBackup(dir) : null;
        this.set(last ? Math.round((Date.now() - last.checkedAt.getTime()) / 1000) : -1);
      },
    });
  }

  /** Counts every answer: express middleware, before the routes. */
  middleware(): express.RequestHandler {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const path = req.originalUrl.split('?')[0] ?? '';
        const route = path.startsWith('/graphql')
          ? '/graphql'
          : ['/healthz', '/readyz', '/metrics'].includes(path) || path.startsWith('/exports/')
            ? path
            : 'other';
        const operation = operationOf(req);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.requests.inc({ route, operation, status: String(res.statusCode) });
        this.latency.observe({ route, operation }, seconds);
        if (res.statusCode === 429) this.rateLimited.inc();
      });
      next();
    };
  }

  /** GET /metrics: loopback, or the token. */
  handler(): express.RequestHandler {
    const token = this.o.token ? Buffer.from(this.o.token) : null;
    return async (req, res) => {
      const sent = /^Bearer (\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
      const byToken =
        token !== null &&
        sent !== undefined &&
        sent.length === token.length &&
        timingSafeEqual(Buffer.from(sent), token);
      const addr = req.socket.remoteAddress ?? '';
      const loopback = addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
      // Through a proxy on this machine the socket is loopback too: the proxy must not publish /metrics
      // (docs/deploy.md), or METRICS_TOKEN must be set and the forwarded requests are then refused without it.
      const proxied = req.get('x-forwarded-for') !== undefined;
      if (!byToken && !(loopback && !proxied)) {
        res
          .status(403)
          .json({ error: { code: 'FORBIDDEN', message: 'metrics are served to loopback or with METRICS_TOKEN' } });
        return;
      }
      res.type(this.registry.contentType).send(await this.registry.metrics());
    };
  }
}

/** The GraphQL operation name of a JSON POST (bounded: an unknown or absent name is "anonymous"). */
function operationOf(req: express.Request): string {
  if (!req.originalUrl.startsWith('/graphql')) return '';
  const name = (req as express.Request & { graphqlOperation?: string }).graphqlOperation;
  return name && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : 'anonymous';
}

/** A yoga plugin: records the operation name on the request (for the labels) and counts errors by code. */
export function metricsPlugin(metrics: Metrics) {
  return {
    onExecute({ args }: { args: { operationName?: string | null; document: unknown; contextValue: unknown } }) {
      const ctx = args.contextValue as { req?: express.Request; request?: unknown };
      const name =
        args.operationName ??
        (args.document as { definitions?: { kind: string; name?: { value: string } }[] }).definitions?.find(
          (d) => d.kind === 'OperationDefinition',
        )?.name?.value;
      if (ctx.req && name) (ctx.req as express.Request & { graphqlOperation?: string }).graphqlOperation = name;
    },
    onResultProcess({ result }: { result: unknown }) {
      const results = Array.isArray(result) ? result : [result];
      for (const r of results) {
        for (const e of (r as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? []) {
          const code = typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNCODED';
          metrics.errors.inc({ code });
        }
      }
    },
  };
}
