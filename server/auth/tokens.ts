/**
 * API tokens: 32 random bytes, shown once, stored as a SHA-256 digest. A
 * token this long needs no slow hash: guessing one is out of reach, and the
 * digest keeps a stolen database file from yielding working tokens.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'cct_';

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What listings show of a token: enough to tell two apart, not to use one. */
export function tokenDisplayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}

/** Extracts the token from an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}
