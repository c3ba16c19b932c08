/** Small helpers the type files share. */
import type { consortium } from '../db/schema.js';
import type { Principal } from '../server/auth/policy.js';
import { DomainError, InvalidInputError } from '../server/domain/errors.js';
import { isCalendarDate, localDateOf } from '../server/domain/time.js';
import { decodeId } from '../server/lib/global-id.js';
import { settings } from '../server/queries/consortium.js';
import type { Context } from './builder.js';

export function principalOf(ctx: Context): Principal {
  if (!ctx.principal) throw new DomainError('authentication required');
  return ctx.principal;
}

const settingsCache = new WeakMap<Context, typeof consortium.$inferSelect>();

/** The consortium's settings, read once per request. */
export function settingsOf(ctx: Context): typeof consortium.$inferSelect {
  let s = settingsCache.get(ctx);
  if (!s) {
    s = settings(ctx.db);
    settingsCache.set(ctx, s);
  }
  return s;
}

/** Today's date in the consortium's time zone, by the request's clock. */
export function todayOf(ctx: Context): string {
  return localDateOf(ctx.clock.now(), settingsOf(ctx).timeZone);
}

/** Decodes an optional ID argument (filters), naming its path on error. */
export function optionalId(raw: string | null | undefined, type: string, path: string[]): number | null {
  return raw == null ? null : decodeId(raw, type, path);
}

/** An optional `asOf` date argument: the date to compute as of, default the business date (BUSINESS_DATE, else today in the consortium's time zone). */
export function asOfArg(ctx: Context, raw: string | null | undefined, path: string[] = ['asOf']): string {
  if (raw == null) return ctx.businessDate ?? todayOf(ctx);
  if (!isCalendarDate(raw)) throw InvalidInputError.single(path, 'INVALID_DATE', 'must be a calendar date YYYY-MM-DD');
  return raw;
}
