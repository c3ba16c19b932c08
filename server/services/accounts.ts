/**
 * Users and API tokens through the API (admins only; docs/onboarding.md,
 * "Users and tokens"). A token is shown once, in the answer that issued it;
 * only its SHA-256 digest is stored, so a replayed `issueToken` answers the
 * same token record without the token. A revoked token or a deactivated user
 * is refused on the next request, and open subscriptions of theirs end
 * (`accessRevoked` event, schema/subscriptions.ts).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens, cooperatives, lenders, plants, users } from '../../db/schema.js';
import type { Role } from '../auth/policy.js';
import { generateToken, hashToken, tokenDisplayPrefix } from '../auth/tokens.js';
import { ConflictError, InvalidInputError, IssueList, NotFoundError } from '../domain/errors.js';
import { checkName, checkText } from '../domain/identity.js';
import type { Events } from '../events.js';
import { decodeId } from '../lib/global-id.js';
import type { ServiceContext } from './context.js';
import { mustBeAdmin } from './master-data.js';
import { type MutationOutcome, runMutation } from './mutation.js';

const P = (...rest: string[]) => ['input', ...rest];
const EMAIL_RE = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$/;

export interface CreateUserInput {
  idempotencyKey: string;
  name: string;
  email: string;
  role: Role;
  cooperativeId?: string | null;
  plantId?: string | null;
  lenderId?: string | null;
}

/** Each role is bound to exactly the organisation it acts for: a manager to a cooperative, plant staff to a plant, a lender to a lender. */
export function createUserFromApi(
  ctx: ServiceContext,
  input: CreateUserInput,
): MutationOutcome<{ type: 'User'; id: number }> {
  mustBeAdmin(ctx.principal, 'creates users');
  const { idempotencyKey, ...payload } = input;
  const issues = new IssueList();
  const name = checkName(issues, P('name'), input.name, 2, 120);
  const email = input.email.trim().toLowerCase();
  if (!EMAIL_RE.test(email)) issues.add(P('email'), 'INVALID_EMAIL', 'must be an e-mail address of ASCII characters');
  const need = { cooperative_manager: 'cooperativeId', plant_staff: 'plantId', lender: 'lenderId' } as const;
  for (const key of ['cooperativeId', 'plantId', 'lenderId'] as const) {
    const wanted = (need as Record<string, string>)[input.role] === key;
    if (wanted && input[key] == null) issues.add(P(key), 'REQUIRED', `a ${input.role.replace('_', ' ')} needs ${key}`);
    if (!wanted && input[key] != null)
      issues.add(P(key), 'NOT_FOR_ROLE', `a ${input.role.replace('_', ' ')} is not bound to a ${key.slice(0, -2)}`);
  }
  issues.throwIfAny();
  const cooperativeId = input.cooperativeId ? decodeId(input.cooperativeId, 'Cooperative', P('cooperativeId')) : null;
  const plantId = input.plantId ? decodeId(input.plantId, 'Plant', P('plantId')) : null;
  const lenderId = input.lenderId ? decodeId(input.lenderId, 'Lender', P('lenderId')) : null;
  return runMutation(ctx, 'createUser', idempotencyKey, payload, (tx) => {
    if (
      cooperativeId &&
      !tx.select({ id: cooperatives.id }).from(cooperatives).where(eq(cooperatives.id, cooperativeId)).get()
    )
      throw new NotFoundError(P('cooperativeId'), input.cooperativeId!, 'cooperative');
    if (plantId && !tx.select({ id: plants.id }).from(plants).where(eq(plants.id, plantId)).get())
      throw new NotFoundError(P('plantId'), input.plantId!, 'plant');
    if (lenderId && !tx.select({ id: lenders.id }).from(lenders).where(eq(lenders.id, lenderId)).get())
      throw new NotFoundError(P('lenderId'), input.lenderId!, 'lender');
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get())
      throw new ConflictError('DUPLICATE_EMAIL', `a user with e-mail ${email} exists`);
    const row = tx
      .insert(users)
      .values({ name, email, role: input.role, cooperativeId, plantId, lenderId })
      .returning({ id: users.id })
      .get();
    return { type: 'User', id: row.id };
  });
}

export interface IssueTokenInput {
  idempotencyKey: string;
  userId: string;
  label?: string | null;
}

export interface IssuedToken {
  outcome: MutationOutcome<{ type: 'ApiToken'; id: number }>;
  /** The token itself; null on a replay (it was shown once, only its digest is kept). */
  token: string | null;
}

export function issueTokenFromApi(ctx: ServiceContext, input: IssueTokenInput): IssuedToken {
  mustBeAdmin(ctx.principal, 'issues tokens');
  const { idempotencyKey, ...payload } = input;
  const userId = decodeId(input.userId, 'User', P('userId'));
  const issues = new IssueList();
  const label = input.label == null ? null : checkText(issues, P('label'), input.label, 1, 80);
  issues.throwIfAny();
  let token: string | null = null;
  const outcome = runMutation(ctx, 'issueToken', idempotencyKey, payload, (tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) throw new NotFoundError(P('userId'), input.userId, 'user');
    if (!user.active) throw new ConflictError('USER_INACTIVE', 'the user is deactivated: no token can be issued');
    token = generateToken();
    const row = tx
      .insert(apiTokens)
      .values({ userId, tokenHash: hashToken(token), prefix: tokenDisplayPrefix(token), label })
      .returning({ id: apiTokens.id })
      .get();
    return { type: 'ApiToken' as const, id: row.id };
  });
  return { outcome, token: outcome.replayed ? null : token };
}

export interface RevokeTokenInput {
  idempotencyKey: string;
  tokenId: string;
}

export function revokeToken(
  ctx: ServiceContext & { events: Events },
  input: RevokeTokenInput,
): MutationOutcome<{ type: 'ApiToken'; id: number }> {
  mustBeAdmin(ctx.principal, 'revokes tokens');
  const { idempotencyKey, ...payload } = input;
  const id = decodeId(input.tokenId, 'ApiToken', P('tokenId'));
  let userId = 0;
  const outcome = runMutation(ctx, 'revokeToken', idempotencyKey, payload, (tx) => {
    const t = tx.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    if (!t) throw new NotFoundError(P('tokenId'), input.tokenId, 'token');
    if (t.revokedAt) throw new ConflictError('ALREADY_REVOKED', `the token was revoked at ${t.revokedAt}`);
    userId = t.userId;
    tx.update(apiTokens).set({ revokedAt: ctx.clock.now().toISOString() }).where(eq(apiTokens.id, id)).run();
    return { type: 'ApiToken' as const, id };
  });
  if (!outcome.replayed) ctx.events.publish('accessRevoked', userId, { userId, tokenId: id });
  return outcome;
}

export interface DeactivateUserInput {
  idempotencyKey: string;
  userId: string;
}

/** The user's tokens stop working at once; the user and everything they recorded stay. */
export function deactivateUser(
  ctx: ServiceContext & { events: Events },
  input: DeactivateUserInput,
): MutationOutcome<{ type: 'User'; id: number }> {
  mustBeAdmin(ctx.principal, 'deactivates users');
  const { idempotencyKey, ...payload } = input;
  const id = decodeId(input.userId, 'User', P('userId'));
  if (id === ctx.principal.userId)
    throw InvalidInputError.single(P('userId'), 'SELF', 'an admin cannot deactivate themselves');
  const outcome = runMutation(ctx, 'deactivateUser', idempotencyKey, payload, (tx) => {
    const u = tx.select().from(users).where(eq(users.id, id)).get();
    if (!u) throw new NotFoundError(P('userId'), input.userId, 'user');
    if (!u.active) throw new ConflictError('ALREADY_INACTIVE', 'the user is already deactivated');
    tx.update(users).set({ active: false }).where(eq(users.id, id)).run();
    // Their tokens are revoked too, so that reactivating a user never revives an old token.
    tx.update(apiTokens)
      .set({ revokedAt: ctx.clock.now().toISOString() })
      .where(and(eq(apiTokens.userId, id), isNull(apiTokens.revokedAt)))
      .run();
    return { type: 'User' as const, id };
  });
  if (!outcome.replayed) ctx.events.publish('accessRevoked', id, { userId: id, tokenId: null });
  return outcome;
}
