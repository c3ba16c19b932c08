/**
 * Live feeds, served over server-sent events (POST /graphql with
 * `Accept: text/event-stream`, or GraphiQL). A plant's dashboard subscribes
 * to `lotActivity` and sees each lot as it is received, graded or rejected.
 */
import { Repeater, filter, pipe } from 'graphql-yoga';
import type { Principal } from '../server/auth/policy.js';
import { ForbiddenError } from '../server/domain/errors.js';
import type { Events, LotEvent } from '../server/events.js';
import { SHUTTING_DOWN, shuttingDownError } from '../server/lifecycle.js';
import { decodeId } from '../server/lib/global-id.js';
import { builder } from './builder.js';
import { dbEnumOf } from './common.js';
import { principalOf } from './helpers.js';
import { Lot } from './lot.js';

const LotEventKindEnum = dbEnumOf(
  'LotEventKind',
  ['received', 'graded', 'rejected'] as const,
  'What happened to a lot.',
);

const LotEventRef = builder.objectRef<LotEvent>('LotEvent').implement({
  description: 'A lot received, graded or rejected at a plant.',
  fields: (t) => ({
    kind: t.field({ type: LotEventKindEnum, resolve: (e) => e.kind }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    lot: t.drizzleField({
      type: Lot,
      resolve: (query, e, _a, ctx) =>
        ctx.db.query.lots.findFirst(query({ where: { id: e.lotId } })).then((l) => {
          if (!l) throw new Error(`lot ${e.lotId} vanished`);
          return l;
        }),
    }),
  }),
});

/**
 * Ends a live feed as soon as its token is revoked or its user deactivated
 * (revokeToken, deactivateUser): access is refused at once, not at the next
 * reconnect.
 */
export function untilRevoked<T>(events: Events, p: Principal, source: AsyncIterable<T>): AsyncIterable<T> {
  return new Repeater<T>(async (push, stop) => {
    const revoked = events.subscribe('accessRevoked', p.userId)[Symbol.asyncIterator]();
    const inner = source[Symbol.asyncIterator]();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      stop();
      void revoked.return?.();
      void inner.return?.();
    };
    void (async () => {
      for (;;) {
        const r = await revoked.next();
        if (r.done) return;
        if (r.value.tokenId === null || p.tokenId === undefined || r.value.tokenId === p.tokenId) return finish();
      }
    })();
    void (async () => {
      try {
        for (;;) {
          const r = await inner.next();
          if (r.done || done) return finish();
          await push(r.value);
        }
      } catch (e) {
        stop(e);
      }
    })();
    await stop;
    finish();
  });
}

builder.subscriptionType({});

builder.subscriptionFields((t) => ({
  lotActivity: t.withAuth({ authenticated: true }).field({
    type: LotEventRef,
    description:
      'Each lot received, graded or rejected at a plant from now on. Admins, auditors and the plant\u2019s own staff see all of them; a cooperative manager sees their own cooperative\u2019s lots; lenders are refused.',
    args: { plantId: t.arg.id({ required: true }) },
    subscribe: (_r, args, ctx) => {
      const plantId = decodeId(args.plantId, 'Plant', ['plantId']);
      const p = principalOf(ctx);
      if (p.role === 'lender') throw new ForbiddenError('lenders do not follow plant activity');
      if (p.role === 'plant_staff' && p.plantId !== plantId) {
        throw new ForbiddenError('plant staff follow their own plant only');
      }
      const own = p.role === 'cooperative_manager' ? p.cooperativeId : null;
      const events = untilRevoked(
        ctx.events,
        p,
        pipe(
          ctx.events.subscribe('lotActivity', plantId),
          filter((e: LotEvent) => own === null || e.cooperativeId === own),
        ),
      );
      // Within the token's and the server's budget of open streams (server/limits.ts).
      const budgeted = ctx.streams ? ctx.streams.track(ctx.limitKey ?? `u:${p.userId}`, events) : events;
      // Counted while open; at shutdown its last event is an error saying so (server/lifecycle.ts).
      return ctx.lifecycle ? ctx.lifecycle.track(budgeted) : budgeted;
    },
    resolve: (e: LotEvent | typeof SHUTTING_DOWN) => {
      if (e === SHUTTING_DOWN) throw shuttingDownError();
      return e;
    },
  }),
}));
