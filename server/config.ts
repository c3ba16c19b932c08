/** Settings from the environment, read once. See README ("Configuration"). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROLES, type Role } from './auth/policy.js';
import { isCalendarDate } from './domain/time.js';

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  /** Seed the demo campaign into an empty database (true only for the demo database). */
  demo: boolean;
  /** Where the demo seed writes its tokens. */
  demoTokensPath: string;
  /** Show internal error messages to clients (development only). */
  exposeErrors: boolean;
  logLevel: string;
  /** The default `asOf` of reports, YYYY-MM-DD; null for today. */
  businessDate: string | null;
  /** Requests per token (or address) per minute on /graphql; 0 turns the limit off. */
  ratePerMinute: number;
  /** How long in-flight requests may take to finish after SIGTERM before their connections are cut. */
  shutdownTimeoutMs: number;
  /**
   * The Ed25519 key that signs audit heads (AUDIT_SIGNING_KEY_FILE): kept outside the database and its
   * backups. Created by `npm run setup` (and by the demo's first start). docs/audit.md, "Signed heads".
   */
  auditKeyPath: string;
  /** Roles that may send only the web app's registered operations (PERSISTED_OPERATIONS_ONLY, docs/api.md). */
  persistedOnlyRoles: Role[];
  /** Serve HTTPS with this certificate and key (PEM files); null: plain HTTP (loopback, or behind a TLS proxy). */
  tls: { certFile: string; keyFile: string } | null;
  /**
   * Which proxies' X-Forwarded-For to believe (express's `trust proxy`): false (none; the default), `loopback`,
   * addresses or subnets, or a hop count. Rate limits and access logs then see the client's address.
   */
  trustProxy: boolean | number | string;
  /** Where db:backup writes, the pre-upgrade backup goes and the metrics look for the last backup. */
  backupDir: string;
  /** Opens /metrics from anywhere with `Authorization: Bearer <it>`; without it, loopback only. */
  metricsToken: string | null;
}

export const DEMO_DATABASE_PATH = 'data/demo.db';

/**
 * Settings from a file as well as from the environment (so that Windows, where `VAR=… npm start` does not work,
 * and a service unit can both use one file): `ENV_FILE`, else `.env` in the working directory, if it exists.
 * `KEY=value` lines, `#` comments, quotes (Node's own parser, `process.loadEnvFile`). A variable already set in the
 * environment wins over the file. Returns the file read, or null.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = resolve(env.ENV_FILE ?? '.env');
  if (!existsSync(path)) {
    if (env.ENV_FILE) throw new Error(`ENV_FILE ${path} does not exist`);
    return null;
  }
  process.loadEnvFile(path);
  return path;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databasePath = env.DATABASE_PATH ?? DEMO_DATABASE_PATH;
  const port = Number(env.PORT ?? 4000);
  const demo = env.DEMO_SEED ? env.DEMO_SEED === '1' : env.DATABASE_PATH === undefined;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const config: Config = {
    port,
    host: env.HOST ?? '127.0.0.1',
    databasePath: resolve(databasePath),
    // A real deployment names its own database and gets no demo data, unless it asks.
    demo,
    demoTokensPath: resolve(env.DEMO_TOKENS_PATH ?? 'data/demo-tokens.json'),
    exposeErrors: env.NODE_ENV === 'development',
    logLevel: env.LOG_LEVEL ?? 'info',
    businessDate: businessDateOf(env.BUSINESS_DATE),
    ratePerMinute: rateOf(env.RATE_LIMIT_PER_MINUTE),
    shutdownTimeoutMs: wholeNumber('SHUTDOWN_TIMEOUT_MS', env.SHUTDOWN_TIMEOUT_MS, 10_000),
    auditKeyPath: resolve(
      env.AUDIT_SIGNING_KEY_FILE || (demo ? 'data/demo-audit-signing.key' : 'data/audit-signing.key'),
    ),
    persistedOnlyRoles: rolesOf(env.PERSISTED_OPERATIONS_ONLY),
    tls: tlsOf(env),
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    backupDir: resolve(env.BACKUP_DIR || 'backups'),
    metricsToken: env.METRICS_TOKEN || null,
  };
  refusePlainHttpOnANetwork(config, env);
  return config;
}

function businessDateOf(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (!isCalendarDate(raw)) throw new Error(`BUSINESS_DATE must be a calendar date YYYY-MM-DD, got ${raw}`);
  return raw;
}

function rateOf(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 600;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`RATE_LIMIT_PER_MINUTE must be a whole number (0 for no limit), got ${raw}`);
  return n;
}

function wholeNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
  return n;
}

function rolesOf(raw: string | undefined): Role[] {
  if (raw === undefined || raw.trim() === '') return [];
  const roles = raw.split(',').map((r) => r.trim());
  for (const r of roles) {
    if (!(ROLES as readonly string[]).includes(r)) {
      throw new Error(`PERSISTED_OPERATIONS_ONLY must list roles among ${ROLES.join(', ')}, got ${r}`);
    }
  }
  return roles as Role[];
}

/** The acknowledgement that plain HTTP on a network address is meant (TLS is ended by a proxy on another machine). */
export const PLAIN_HTTP_ACK = 'ALLOW_PLAIN_HTTP';

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * Bearer tokens must not cross a network in clear: a non-loopback HOST needs TLS here (TLS_CERT_FILE and
 * TLS_KEY_FILE) or the explicit ALLOW_PLAIN_HTTP=1 (TLS ends at a proxy elsewhere, on a private link).
 */
function refusePlainHttpOnANetwork(config: Config, env: NodeJS.ProcessEnv): void {
  if (isLoopback(config.host) || config.tls || env[PLAIN_HTTP_ACK] === '1') return;
  throw new Error(
    `HOST=${config.host} would serve API tokens over plain HTTP to the network. Listen on 127.0.0.1 behind a TLS ` +
      `reverse proxy (docs/deploy.md), or set TLS_CERT_FILE and TLS_KEY_FILE, or set ${PLAIN_HTTP_ACK}=1 if TLS ` +
      'is ended by a proxy on another machine over a private link',
  );
}

function tlsOf(env: NodeJS.ProcessEnv): Config['tls'] {
  const certFile = env.TLS_CERT_FILE || undefined;
  const keyFile = env.TLS_KEY_FILE || undefined;
  if (!certFile && !keyFile) return null;
  if (!certFile || !keyFile) throw new Error('TLS_CERT_FILE and TLS_KEY_FILE go together: set both or neither');
  for (const f of [certFile, keyFile]) if (!existsSync(f)) throw new Error(`TLS file ${f} does not exist`);
  return { certFile: resolve(certFile), keyFile: resolve(keyFile) };
}

function trustProxyOf(raw: string | undefined): Config['trustProxy'] {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true')
    throw new Error(
      'TRUST_PROXY=true would believe any X-Forwarded-For a client sends; name the proxy (loopback, an address or subnet) or a hop count',
    );
  if (/^[1-9]\d?$/.test(raw)) return Number(raw);
  return raw;
}
