/**
 * The server's life after SIGTERM (docs/operations.md, "Stopping"): stop
 * accepting connections, answer every open subscription with a final message
 * and close it, let requests already in flight finish within a bound, then
 * fold the WAL into the database file and close it. A service manager
 * (systemd's TimeoutStopSec, 30 s by default at the time of writing; ours is
 * set to 20 s in docs/deploy.md) never has to kill the process.
 */
import type { Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { Repeater } from 'graphql-yoga';
import type { Logger } from 'pino';

/** What a subscription sees as its last event when the server stops. */
export const SHUTTING_DOWN = Symbol('shutting down');

export const SHUTDOWN_CODE = 'SERVER_SHUTTING_DOWN';

/** The error a subscription's last event carries: a client reconnects after it, to the restarted server. */
export function shuttingDownError(): GraphQLError {
  return new GraphQLError('the server is shutting down; reconnect in a few seconds', {
    extensions: { code: SHUTDOWN_CODE },
  });
}

export class Lifecycle {
  private readonly controller = new AbortController();
  /** Aborted when shutdown begins. */
  readonly signal = this.controller.signal;
  /** Subscriptions open now (also a metric). */
  openSubscriptions = 0;
  /** HTTP requests being answered now, subscriptions included. */
  inFlight = 0;

  get draining(): boolean {
    return this.signal.aborted;
  }

  beginDrain(): void {
    this.controller.abort();
  }

  /**
   * Wraps a subscription's event stream: counts it while it is open and, when shutdown begins, delivers
   * SHUTTING_DOWN as its last event and ends it (the resolver turns that into the final error message).
   * A Repeater, not an async generator: a client that leaves ends it at once, even while it waits for an event.
   */
  track<T>(source: AsyncIterable<T>): AsyncIterable<T | typeof SHUTTING_DOWN> {
    return new Repeater<T | typeof SHUTTING_DOWN>(async (push, stop) => {
      this.openSubscriptions++;
      const iterator = source[Symbol.asyncIterator]();
      const onDrain = () => {
        push(SHUTTING_DOWN).catch(() => {});
        stop();
      };
      if (this.signal.aborted) onDrain();
      else this.signal.addEventListener('abort', onDrain, { once: true });
      (async () => {
        for (;;) {
          const r = await iterator.next();
          if (r.done) break;
          await push(r.value);
        }
        stop();
      })().catch((e) => stop(e));
      try {
        await stop;
      } finally {
        this.openSubscriptions--;
        this.signal.removeEventListener('abort', onDrain);
        await iterator.return?.();
      }
    });
  }
}

export interface ShutdownOptions {
  server: Server;
  lifecycle: Lifecycle;
  /** Runs last, once the connections are closed: checkpoint and close the database. */
  closeDatabase: () => void;
  logger?: Logger | undefined;
  /** How long in-flight requests may take to finish; then their connections are cut. */
  timeoutMs: number;
}

/**
 * Stops the server gracefully; resolves `true` when every request finished within the bound, `false` when some
 * connections had to be cut. The database is closed in both cases.
 */
export async function shutdown(o: ShutdownOptions): Promise<boolean> {
  const started = Date.now();
  o.lifecycle.beginDrain();
  const subscriptions = o.lifecycle.openSubscriptions;
  const closed = new Promise<void>((resolve) => o.server.close(() => resolve()));
  // server.close() stops accepting and closes idle keep-alive connections; a busy one is closed once its answer is
  // sent (answers begun while draining say `connection: close`; the others are swept here as they go idle).
  o.server.closeIdleConnections();
  const sweep = setInterval(() => o.server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), o.timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  clearInterval(sweep);
  if (!inTime) {
    o.logger?.warn(
      { inFlight: o.lifecycle.inFlight, timeoutMs: o.timeoutMs },
      'requests still running after the shutdown bound: closing their connections',
    );
    o.server.closeAllConnections();
    await closed;
  }
  o.closeDatabase();
  o.logger?.info({ ms: Date.now() - started, subscriptionsEnded: subscriptions, inTime }, 'stopped');
  return inTime;
}
