/** Users and their API tokens. Used by scripts/create-user.ts and the demo seed. */
import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { apiTokens, users } from '../../db/schema.js';
import { type Principal, ROLES, type Role } from '../auth/policy.js';
import { generateToken, hashToken, tokenDisplayPrefix } from '../auth/tokens.js';

export interface NewUser {
  name: string;
  email: string;
  role: Role;
  cooperativeId?: number | null;
  plantId?: number | null;
  lenderId?: number | null;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Creates a user; the database refuses a role without (or with a foreign) scope. */
export function createUser(db: Queryable, u: NewUser): number {
  const scope = {
    cooperativeId: u.role === 'cooperative_manager' ? (u.cooperativeId ?? null) : null,
    plantId: u.role === 'plant_staff' ? (u.plantId ?? null) : null,
    lenderId: u.role === 'lender' ? (u.lenderId ?? null) : null,
  };
  return db
    .insert(users)
    .values({ name: u.name, email: u.email, role: u.role, ...scope })
    .returning({ id: users.id })
    .get().id;
}

/** Issues a new token for a user and returns it; only its digest is stored. */
export function issueToken(db: Queryable, userId: number, label?: string): string {
  const token = generateToken();
  db.insert(apiTokens)
    .values({ userId, tokenHash: hashToken(token), prefix: tokenDisplayPrefix(token), label: label ?? null })
    .run();
  return token;
}

/** The principal a bearer token stands for, or null if unknown, revoked or inactive. */
export function principalForToken(db: Queryable, token: string): Principal | null {
  const row = db
    .select({
      userId: users.id,
      tokenId: apiTokens.id,
      name: users.name,
      role: users.role,
      cooperativeId: users.cooperativeId,
      plantId: users.plantId,
      lenderId: users.lenderId,
      active: users.active,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (!row || !row.active) return null;
  const { active: _active, ...principal } = row;
  return principal;
}
