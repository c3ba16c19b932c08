/**
 * docs/errors.md is generated from the code (`npm run docs:errors`): it must
 * be in step, and every code the registry lists must be one some operation
 * can answer with (a code nothing raises is dead and is removed).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeReach, errorsDoc, unreachedCodes } from '../../scripts/lib/errors-doc.js';

describe('docs/errors.md', () => {
  const reach = codeReach();

  it('is in step with the code', () => {
    const committed = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    expect(errorsDoc(reach)).toBe(committed);
  });

  it('lists only codes some operation can answer with', () => {
    expect(unreachedCodes(reach)).toEqual([]);
  });

  it('finds the refusals of a mutation through its services (recordLotIntake)', () => {
    const intake = reach.mutations.get('recordLotIntake');
    expect(intake).toBeDefined();
    for (const code of ['IN_FUTURE', 'OUTSIDE_CAMPAIGN', 'MALFORMED_ID', 'INVALID_IDEMPOTENCY_KEY'])
      expect(intake!.issue.has(code), code).toBe(true);
    expect(intake!.conflict.has('IDEMPOTENCY_KEY_REUSED')).toBe(true);
    expect(intake!.conflict.has('LOAN_REPAID')).toBe(false);
  });
});
