/**
 * What a cooperative owes a farmer, as one rule over the farmer's one
 * account (`farmer:<id>:farmer_balance`), across every campaign. Pure
 * functions; docs/settlement.md, "What the cooperative owes a farmer".
 *
 * Amounts here are "owed to the farmer": positive when the cooperative owes,
 * negative when the farmer owes (the account's credit balance, sign flipped).
 */

/**
 * How earlier debt is netted against a campaign's credits:
 * - `all_open_balances` (the default): every open balance of every campaign
 *   is netted; the farmer is paid the account's positive balance, and owes its
 *   negative one.
 * - `campaign_only`: a debt the farmer carried into the campaign (a negative
 *   opening balance) is not set off against the campaign's credits; it stays
 *   owed, collected apart, and the campaign's own net is paid.
 */
export const NETTING_RULES = ['all_open_balances', 'campaign_only'] as const;
export type NettingRule = (typeof NETTING_RULES)[number];
export const DEFAULT_NETTING_RULE: NettingRule = 'all_open_balances';

export interface OwedSplit {
  /** What to pay the farmer now, never negative. */
  toPay: bigint;
  /** What the farmer owes, carried, never negative. */
  carriedDebt: bigint;
}

/**
 * Splits the balance owed to a farmer into what to pay and what they still
 * owe. Always `toPay − carriedDebt = balance` (the ledger), whatever the rule:
 * the rule only decides whether an old debt is set off now or carried.
 *
 * @param opening owed to the farmer on the campaign's first day (before it)
 * @param balance owed to the farmer as of the date asked (the ledger)
 */
export function owedSplit(rule: NettingRule, opening: bigint, balance: bigint): OwedSplit {
  if (rule === 'campaign_only' && opening < 0n) {
    const campaignNet = balance - opening;
    const toPay = campaignNet > 0n ? campaignNet : 0n;
    return { toPay, carriedDebt: toPay - balance };
  }
  return { toPay: balance > 0n ? balance : 0n, carriedDebt: balance < 0n ? -balance : 0n };
}

/** What a line on a farmer's account is, from its entry's kind (and, for a reversal, the kind it reverses). */
export type FarmerMovement =
  | 'advance'
  | 'advance_recovered'
  | 'sale_credit'
  | 'sale_credit_reversed'
  | 'payout'
  | 'payout_reversed'
  | 'other';

export function farmerMovement(kind: string, reversesKind: string | null): FarmerMovement {
  if (kind === 'farmer_advance') return 'advance';
  if (kind === 'sale_settlement') return 'sale_credit';
  if (kind === 'farmer_payout') return 'payout';
  if (kind === 'reversal' && reversesKind === 'farmer_advance') return 'advance_recovered';
  if (kind === 'reversal' && reversesKind === 'sale_settlement') return 'sale_credit_reversed';
  if (kind === 'reversal' && reversesKind === 'farmer_payout') return 'payout_reversed';
  return 'other';
}
