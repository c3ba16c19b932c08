/**
 * The one way a mutation writes: a single immediate SQLite transaction that
 * checks the idempotency key, runs the change and records the key, so that
 * it succeeds whole or leaves the database unchanged.
 *
 * Guarantees (docs/api.md, "Idempotency"):
 * - a retry with the same key and the same input returns the first result
 *   (`replayed: true`) and writes nothing;
 * - the same key with other input, or for another operation, is refused
 *   with ConflictError IDEMPOTENCY_KEY_REUSED;
 * - keys are per user: two users cannot collide;
 * - a request that failed recorded nothing, so its key stays free.
 *
 * Keep the callback synchronous: better-sqlite3 transactions are, and an
 * async callback would escape the rollback (drizzle's types refuse it).
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema.js';
import { ConflictError, InvalidInputError } from '../domain/errors.js';
import { appendAudit, beginAuditScope, ensureAuditCapture } from './audit.js';
import type { ServiceContext } from './context.js';

export interface RecordRef {
  type: string;
  id: number;
}

export interface MutationOutcome<R extends RecordRef> {
  result: R;
  replayed: boolean;
}

const KEY_RE = /^[A-Za-z0-9._:-]{8,128}$/;

export function checkIdempotencyKey(key: string, path: string[] = ['input', 'idempotencyKey']): void {
  if (!KEY_RE.test(key)) {
    throw InvalidInputError.single(
      path,
      'INVALID_IDEMPOTENCY_KEY',
      'must be 8 to 128 characters of letters, digits, ".", "_", ":" or "-" (a UUID is a good key)',
    );
  }
}

/** SHA-256 of the input as canonical JSON (object keys sorted; instants as ISO text). */
export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256').update(operation).update('\n').update(canonicalJson(input)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    // fromEntries defines own properties: an own "__proto__" key stays a key
    // instead of becoming the prototype (and vanishing from the hash).
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, normalize((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function runMutation<R extends RecordRef>(
  ctx: ServiceContext,
  operation: string,
  idempotencyKey: string,
  input: unknown,
  change: (tx: Tx) => R,
): MutationOutcome<R> {
  checkIdempotencyKey(idempotencyKey);
  const hash = requestHash(operation, input);
  const userId = ctx.principal.userId;
  const sqlite = ctx.db.$client;
  ensureAuditCapture(sqlite);
  return ctx.db.transaction(
    (tx) => {
      const prior = tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, idempotencyKey)))
        .get();
      if (prior) {
        if (prior.operation !== operation || prior.requestHash !== hash) {
          throw new ConflictError(
            'IDEMPOTENCY_KEY_REUSED',
            `idempotency key "${idempotencyKey}" was already used for a different ${
              prior.operation === operation ? 'input' : `operation (${prior.operation})`
            }; use a new key for a new request`,
          );
        }
        return { result: { type: prior.resultType, id: prior.resultId } as R, replayed: true };
      }
      // From here every row written to a covered table is captured by the audit triggers (docs/audit.md).
      beginAuditScope(sqlite);
      const result = change(tx);
      tx.insert(idempotencyKeys)
        .values({
          userId,
          key: idempotencyKey,
          operation,
          requestHash: hash,
          resultType: result.type,
          resultId: result.id,
        })
        .run();
      // The audit entry, chained to the one before, in the same transaction as the effects (docs/audit.md).
      appendAudit(
        tx,
        { userId, role: ctx.principal.role, at: ctx.clock.now() },
        { operation, inputDigest: hash, result },
        sqlite,
      );
      return { result, replayed: false };
    },
    { behavior: 'immediate' },
  );
}
