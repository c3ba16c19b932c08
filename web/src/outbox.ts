/**
 * The device's outbox (IndexedDB, through idb): what plant staff record is written here first, with its
 * idempotency key made when the record is created, and stays the source of truth on the device until the server
 * acknowledges it. Items are sent oldest first, one sender at a time (a Web Lock across tabs); a network failure
 * is retried with backoff, a typed refusal never: the item waits to be fixed and resent under the same key (a
 * refused request wrote nothing, so its key is still free). The server writes each record once however often
 * it is resent.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { ApiError, request } from './api';
import { GradeLotMutation, RecordLotIntakeMutation, RejectLotMutation } from './ops';
import type { ResultOf, VariablesOf } from './graphql';

export type Kind = 'intake' | 'grade' | 'reject';
export type State = 'waiting' | 'sent' | 'refused';
type IntakeInput = Omit<VariablesOf<typeof RecordLotIntakeMutation>['input'], 'idempotencyKey'>;
type GradeInput = Omit<VariablesOf<typeof GradeLotMutation>['input'], 'idempotencyKey'>;
type RejectInput = Omit<VariablesOf<typeof RejectLotMutation>['input'], 'idempotencyKey'>;
type Payload = ResultOf<typeof RecordLotIntakeMutation>['recordLotIntake'];
export type LotResult = Extract<Payload, { __typename: 'RecordLotIntakePayload' }>['lot'];
export interface Refusal {
  typename: string;
  message: string;
  code?: string | null;
  issues: { path: string[]; code: string; message: string }[];
}

interface Base {
  key: string;
  createdAt: string;
  /** Who recorded it: an item is only ever sent with its own user's token. */
  user: string;
  state: State;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  refusal?: Refusal;
  lot?: LotResult;
  /** Shown in the list: the farmer's name, the lot code. */
  label: string;
}
export type Item =
  | (Base & { kind: 'intake'; input: IntakeInput })
  | (Base & { kind: 'grade'; input: GradeInput })
  | (Base & { kind: 'reject'; input: RejectInput });

interface Schema extends DBSchema {
  outbox: { key: string; value: Item; indexes: { byCreated: string } };
  cache: { key: string; value: { key: string; at: string; value: unknown } };
}

let dbPromise: Promise<IDBPDatabase<Schema>> | null = null;
export function db() {
  dbPromise ??= openDB<Schema>('coop-field', 1, {
    upgrade(d) {
      const outbox = d.createObjectStore('outbox', { keyPath: 'key' });
      outbox.createIndex('byCreated', 'createdAt');
      d.createObjectStore('cache', { keyPath: 'key' });
    },
  });
  return dbPromise;
}

export async function cacheGet<T>(key: string): Promise<{ at: string; value: T } | undefined> {
  return (await (await db()).get('cache', key)) as { at: string; value: T } | undefined;
}
export async function cachePut(key: string, value: unknown) {
  await (await db()).put('cache', { key, at: new Date().toISOString(), value });
}

/** A key made on the device when the record is created (the API takes 8–128 of [A-Za-z0-9._:-]). */
export function newKey(kind: Kind): string {
  return `web-${kind}-${crypto.randomUUID()}`;
}

const listeners = new Set<() => void>();
export function onChange(fn: () => void) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
function changed() {
  for (const fn of listeners) fn();
}

export async function add(item: Omit<Item, 'state' | 'attempts' | 'nextAttemptAt' | 'createdAt'>) {
  const full = {
    ...item,
    state: 'waiting',
    attempts: 0,
    nextAttemptAt: 0,
    createdAt: new Date().toISOString(),
  } as Item;
  await (await db()).put('outbox', full);
  changed();
  void flush();
  return full;
}

/** Fix a refused item and send it again, under the same key. */
export async function resend(key: string, input: Item['input'], label: string) {
  const d = await db();
  const item = await d.get('outbox', key);
  if (!item || item.state !== 'refused') return;
  await d.put('outbox', {
    ...item,
    input,
    label,
    state: 'waiting',
    attempts: 0,
    nextAttemptAt: 0,
    refusal: undefined,
  } as Item);
  changed();
  void flush();
}

export async function discard(key: string) {
  const d = await db();
  const item = await d.get('outbox', key);
  if (item && item.state !== 'waiting') await d.delete('outbox', key);
  changed();
}

export async function list(user: string): Promise<Item[]> {
  const all = await (await db()).getAllFromIndex('outbox', 'byCreated');
  return all.filter((i) => i.user === user);
}

export async function get(key: string) {
  return (await db()).get('outbox', key);
}

async function send(item: Item): Promise<{ lot: LotResult } | { refusal: Refusal }> {
  const key = { idempotencyKey: item.key };
  const r =
    item.kind === 'intake'
      ? (await request(RecordLotIntakeMutation, { input: { ...item.input, ...key } })).recordLotIntake
      : item.kind === 'grade'
        ? (await request(GradeLotMutation, { input: { ...item.input, ...key } })).gradeLot
        : (await request(RejectLotMutation, { input: { ...item.input, ...key } })).rejectLot;
  if ('lot' in r) return { lot: r.lot as LotResult };
  const e = r as unknown as { __typename: string; message: string; code?: string; issues?: Refusal['issues'] };
  return { refusal: { typename: e.__typename, message: e.message, code: e.code ?? null, issues: e.issues ?? [] } };
}

let currentUser: string | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
export function start(user: string | null) {
  currentUser = user;
  void flush();
}

/** Sends what waits, oldest first. A network failure stops the round and schedules the next with backoff. */
export async function flush(): Promise<void> {
  const user = currentUser;
  if (!user) return;
  const run = async () => {
    const d = await db();
    for (const item of await list(user)) {
      if (item.state !== 'waiting') continue;
      if (item.nextAttemptAt > Date.now()) {
        schedule(item.nextAttemptAt - Date.now());
        return;
      }
      try {
        const outcome = await send(item);
        const next: Item =
          'lot' in outcome
            ? { ...item, state: 'sent', lot: outcome.lot, lastError: undefined }
            : { ...item, state: 'refused', refusal: outcome.refusal };
        await d.put('outbox', next);
        changed();
      } catch (e) {
        if (e instanceof ApiError && e.code !== 'UNAUTHENTICATED' && e.code !== 'STORAGE_UNAVAILABLE') {
          // A request-level refusal (a malformed value, no permission): resending the same will not help.
          const refusal = { typename: e.code ?? 'Error', message: e.message, code: e.code ?? null, issues: [] };
          await d.put('outbox', { ...item, state: 'refused', refusal });
          changed();
          continue;
        }
        // Offline, a server restart, an answer lost on the way: the same request goes again later, same key.
        const attempts = item.attempts + 1;
        const delay = Math.min(60_000, 1000 * 2 ** Math.min(attempts, 6));
        await d.put('outbox', {
          ...item,
          attempts,
          nextAttemptAt: Date.now() + delay,
          lastError: e instanceof Error ? e.message : String(e),
        });
        changed();
        schedule(delay);
        return;
      }
    }
  };
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (locks) await locks.request('coop-outbox', run);
  else await run();
}

function schedule(ms: number) {
  clearTimeout(timer);
  timer = setTimeout(() => void flush(), ms);
}

/** Back online: whatever waits goes now, without waiting for its backoff. */
export async function retryNow() {
  const d = await db();
  for (const item of await d.getAll('outbox')) {
    if (item.state === 'waiting' && item.nextAttemptAt > 0) await d.put('outbox', { ...item, nextAttemptAt: 0 });
  }
  void flush();
}

if (typeof window !== 'undefined') window.addEventListener('online', () => void retryNow());
