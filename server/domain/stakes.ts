/** Shareholdings in the consortium: stakes are percentages that never sum above 100. */
import { Dec, canonical } from './decimal.js';
import { checkPercent } from './lot.js';

export const STAKE_DECIMALS = 4;

/**
 * Checks a new stake against those already held. Returns the reason it is
 * refused, or null. Stakes are percent strings with up to 4 decimals.
 */
export function stakeRefusal(existing: readonly string[], added: string): string | null {
  const bad = checkPercent(added, STAKE_DECIMALS);
  if (bad) return `stake ${bad.message}`;
  if (new Dec(added).lte('0')) return 'stake must be greater than 0';
  const total = existing.reduce((sum, s) => sum.plus(s), new Dec(added));
  if (total.gt('100')) return `stakes would sum to ${canonical(total)}%, above 100%`;
  return null;
}

export function totalStake(stakes: readonly string[]): string {
  return canonical(stakes.reduce((sum, s) => sum.plus(s), new Dec('0')));
}
