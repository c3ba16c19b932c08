/**
 * What stands between the GraphQL endpoint and abuse (docs/operations.md,
 * "Abuse limits"): graphql-armor's static checks of every document (depth,
 * cost, aliases, tokens, directives), a request body size limit, a rate
 * limit per token (or per address without one), request ids and one access
 * log line per request with neither tokens nor personal data.
 */
import { createHash, randomUUID } from 'node:crypto';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from '@envelop/core';
import type express from 'express';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Logger } from 'pino';
import { bearerToken } from './auth/tokens.js';

export interface Limits {
  /** Deepest selection allowed (introspection excepted). */
  maxDepth: number;
  /** graphql-armor's static cost: objects 2, scalars 1, ×1.5 per level of depth, × `first` for a page: 14 cooperatives × 100 lots with their farmers costs 150,000; a page of 100 nested three pages deep costs millions. */
  maxCost: number;
  maxAliases: number;
  /** Tokens in the document (variables are not counted: their size is the body limit's). */
  maxTokens: number;
  maxDirectives: number;
  /** Request body, bytes. */
  maxBodyBytes: number;
  /** Requests per token (or per address without a token) per minute; 0 turns the limit off. */
  ratePerMinute: number;
  /** CSV exports per token (or address) per minute: each one reads a whole settlement; 0 turns the limit off. */
  exportsPerMinute: number;
  /** Subscriptions (SSE streams) one token may hold open at once. */
  streamsPerToken: number;
  /** Subscriptions the whole server holds open at once. */
  streamsTotal: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 15,
  maxCost: 250_000,
  maxAliases: 20,
  maxTokens: 5_000,
  maxDirectives: 20,
  maxBodyBytes: 1_000_000,
  ratePerMinute: 600,
  exportsPerMinute: 20,
  streamsPerToken: 5,
  streamsTotal: 200,
};

/** graphql-armor as an envelop plugin: each refusal is a GraphQL error with a message that says which limit. */
export function armorPlugin(l: Limits) {
  // Reported as validation errors with a code, instead of thrown bare.
  const report = {
    propagateOnRejection: false,
    onReject: [(ctx: ValidationContext | null, e: GraphQLError) => ctx?.reportError(coded(e))],
  };
  return EnvelopArmorPlugin({
    maxDepth: { n: l.maxDepth, ignoreIntrospection: true, exposeLimits: true, ...report },
    costLimit: { maxCost: l.maxCost, ignoreIntrospection: true, exposeLimits: true, ...report },
    maxAliases: { n: l.maxAliases, exposeLimits: true, ...report },
    maxTokens: { n: l.maxTokens, exposeLimits: true },
    maxDirectives: { n: l.maxDirectives, exposeLimits: true, ...report },
    // The schema is published in the repository (schema/schema.graphql): hiding field suggestions hides nothing.
    blockFieldSuggestion: { enabled: false },
  });
}

const LIMIT_MESSAGE = /^(?:Syntax Error: )?(.*limit of \d+ exceeded.*)$/;

/**
 * graphql-armor's refusals come as bare errors ("Syntax Error: Aliases limit
 * of 20 exceeded, found 21."): they get a code a client can branch on,
 * QUERY_LIMIT_EXCEEDED, without the misleading "Syntax Error". The validation
 * rules report through `armorPlugin`; the token limit, a parse error, here.
 */
function coded(e: Error): GraphQLError {
  const g = e instanceof GraphQLError ? e : new GraphQLError(e.message);
  const m = LIMIT_MESSAGE.exec(g.message);
  return m
    ? new GraphQLError(m[1]!, { nodes: g.nodes, extensions: { ...g.extensions, code: 'QUERY_LIMIT_EXCEEDED' } })
    : g;
}

export function limitErrorCodes(): Plugin {
  return {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof Error && LIMIT_MESSAGE.test(result.message)) replaceParseResult(coded(result));
      };
    },
  };
}

function refuse(
  res: express.Response,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  res
    .status(status)
    .set(headers)
    .json({ errors: [{ message, extensions: { code } }] });
}

/** Refuses a body over the limit with 413 before anything parses it (by Content-Length, or counted as it streams). */
export function bodyLimit(maxBytes: number): express.RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.get('content-length') ?? 0);
    if (declared > maxBytes) {
      refuse(res, 413, 'PAYLOAD_TOO_LARGE', `the request body is ${declared} bytes; the limit is ${maxBytes}`);
      req.resume();
      return;
    }
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes && !res.headersSent) {
        refuse(res, 413, 'PAYLOAD_TOO_LARGE', `the request body is over the limit of ${maxBytes} bytes`);
        req.destroy();
      }
    });
    next();
  };
}

/**
 * A token bucket per key: `perMinute` requests a minute, refilled
 * continuously, with bursts up to the same number. In memory: one server
 * process serves one database.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request for `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + ((t - b.at) / 60_000) * this.perMinute);
    b.at = t;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.prune(t);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / this.perMinute) * 60);
  }

  private prune(t: number): void {
    for (const [k, b] of this.buckets) if (t - b.at > 60_000) this.buckets.delete(k);
  }
}

/**
 * Whom a request counts against: its token (whatever the spelling of the header: `bearer T`, `Bearer  T` and
 * `BEARER<tab>T` are one token, parsed by the same rule that authenticates it), or its address without one (or
 * with a header that names no token). The token itself is never kept: its digest is the key.
 */
export function limitKey(req: express.Request): string {
  return limitKeyOf(req.get('authorization') ?? null, req.ip ?? req.socket.remoteAddress ?? '-');
}

/** `limitKey` from the header and the address themselves (a request served in-process has no socket). */
export function limitKeyOf(authorization: string | null, address: string): string {
  const token = bearerToken(authorization);
  return token ? `t:${createHash('sha256').update(token).digest('hex').slice(0, 32)}` : `a:${address}`;
}

/** 429 with Retry-After when a token (or, without one, an address) goes over its rate. */
export function rateLimit(perMinute: number, now?: () => number, what = 'requests'): express.RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  const limiter = new RateLimiter(perMinute, now);
  return (req, res, next) => {
    const wait = limiter.take(limitKey(req));
    if (wait > 0) {
      refuse(res, 429, 'RATE_LIMITED', `more than ${perMinute} ${what} a minute; retry in ${wait} s`, {
        'retry-after': String(wait),
      });
      return;
    }
    next();
  };
}

/**
 * Open subscriptions, per token and in all: a stream holds memory and a connection for as long as the client
 * likes, so each token may hold `perToken` and the server `total`; one more is refused with
 * TOO_MANY_SUBSCRIPTIONS, and closing a stream gives its place back.
 */
export class StreamBudget {
  private readonly open = new Map<string, number>();
  private all = 0;
  constructor(
    readonly perToken: number,
    readonly total: number,
  ) {}

  get openCount(): number {
    return this.all;
  }

  /** Counts `stream` against `key` while it is open; refuses it when either budget is spent. */
  track<T>(key: string, stream: AsyncIterable<T>): AsyncIterable<T> {
    const mine = this.open.get(key) ?? 0;
    if (mine >= this.perToken)
      throw new GraphQLError(
        `this token already holds ${mine} open subscriptions (the limit is ${this.perToken}); close one first`,
        {
          extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
        },
      );
    if (this.all >= this.total)
      throw new GraphQLError(`the server holds its limit of ${this.total} open subscriptions; retry later`, {
        extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
      });
    this.open.set(key, mine + 1);
    this.all++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.all--;
      const n = (this.open.get(key) ?? 1) - 1;
      if (n <= 0) this.open.delete(key);
      else this.open.set(key, n);
    };
    return {
      [Symbol.asyncIterator]() {
        const inner = stream[Symbol.asyncIterator]();
        return {
          async next() {
            const r = await inner.next();
            if (r.done) release();
            return r;
          },
          async return(value?: unknown) {
            release();
            return (await inner.return?.(value)) ?? { done: true as const, value: value as T };
          },
          async throw(e?: unknown) {
            release();
            if (inner.throw) return inner.throw(e);
            throw e;
          },
        };
      },
    };
  }
}

/** A request id (the client's `x-request-id`, or a new one), echoed back, and one log line per request. */
export function requestLog(logger: Logger | undefined): express.RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : randomUUID();
    req.headers['x-request-id'] = id;
    res.set('x-request-id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // Method, path (without the query string: it may carry an asOf or a cooperative code, never a token), status, time.
      logger?.info(
        {
          requestId: id,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          // The client's address (through a trusted proxy: TRUST_PROXY), for abuse investigations.
          ip: req.ip,
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        },
        'request',
      );
    });
    next();
  };
}

/** SQLite failures that mean "the disk will not take it", not a bug: the server answers clearly and stays up. */
export function storageFailure(e: unknown): string | null {
  // drizzle wraps the SQLite error: its code is on the error or on one of its causes.
  let code: unknown;
  for (
    let x: unknown = e, depth = 0;
    x && depth < 5 && typeof code !== 'string';
    x = (x as { cause?: unknown }).cause, depth++
  ) {
    code = (x as { code?: unknown }).code;
  }
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL') return 'the disk is full: nothing was recorded; free space and retry';
  if (code.startsWith('SQLITE_READONLY')) return 'the database is read-only: nothing was recorded';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN')
    return 'the database could not be written (I/O error): nothing was recorded; retry';
  if (code === 'SQLITE_BUSY') return 'the database is busy: nothing was recorded; retry';
  return null;
}
