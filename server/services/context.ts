/** What every service call needs to know about the request it serves. */
import type { DB } from '../../db/client.js';
import type { Principal } from '../auth/policy.js';
import type { Clock } from '../domain/time.js';

export interface ServiceContext {
  db: DB;
  principal: Principal;
  clock: Clock;
}
