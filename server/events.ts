/**
 * In-process events for live dashboards (GraphQL subscriptions over
 * server-sent events). Published after a mutation's transaction committed,
 * never for a replayed retry. One process: a multi-instance deployment would
 * pass a shared event target (e.g. Redis) to `createPubSub`.
 */
import { type PubSub, createPubSub } from 'graphql-yoga';

export type LotEventKind = 'received' | 'graded' | 'rejected';

export interface LotEvent {
  kind: LotEventKind;
  lotId: number;
  plantId: number;
  cooperativeId: number;
  /** When the event was published (server clock). */
  at: string;
}

/** A user's access ended (a token revoked: `tokenId`; the user deactivated: null): open subscriptions end. */
export interface AccessRevokedEvent {
  userId: number;
  tokenId: number | null;
}

export type Events = PubSub<{
  lotActivity: [plantId: number, event: LotEvent];
  accessRevoked: [userId: number, event: AccessRevokedEvent];
}>;

export function createEvents(): Events {
  return createPubSub();
}
