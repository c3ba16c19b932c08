/**
 * The CSV a cooperative needs to pay its farmers for a campaign: one row per
 * farmer. `balance` is the farmer's account across every campaign (the
 * ledger): opening_balance + sale_credits − advances − payouts + other, and
 * to_pay − carried_debt = balance under the cooperative's netting rule. Written with csv-stringify (quoting and escaping of names with
 * commas, quotes or accents handled by a well-kept library, not by hand).
 * Amounts are exact decimal text in the currency's units; kg exact.
 */
import { stringify } from 'csv-stringify/sync';
import { type Currency, formatAmount } from '../domain/money.js';
import { gramsToKg } from '../domain/units.js';
import type { FarmerSettlementRow } from '../queries/farmer-settlements.js';

export const FARMER_SETTLEMENT_COLUMNS = [
  'national_id',
  'farmer',
  'lots',
  'delivered_kg',
  'currency',
  'opening_balance',
  'advances',
  'sale_credits',
  'payouts',
  'other',
  'balance',
  'to_pay',
  'carried_debt',
] as const;

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading quote (OWASP CSV injection). */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function farmerSettlementsCsv(rows: readonly FarmerSettlementRow[], currency: Currency): string {
  return stringify(
    rows.map((r) => [
      safeText(r.nationalId),
      safeText(r.fullName),
      r.lots,
      gramsToKg(r.deliveredG),
      currency,
      formatAmount(r.opening, currency),
      formatAmount(r.advances, currency),
      formatAmount(r.credits, currency),
      formatAmount(r.payouts, currency),
      formatAmount(r.other, currency),
      formatAmount(r.balance, currency),
      formatAmount(r.toPay, currency),
      formatAmount(r.carriedDebt, currency),
    ]),
    { header: true, columns: [...FARMER_SETTLEMENT_COLUMNS], record_delimiter: 'unix' },
  );
}

/**
 * The CSV for Excel: a UTF-8 byte-order mark first. Without it, Excel on Windows opens a CSV in the
 * machine's legacy code page and shows "Ã¡" for "á"; with it, Excel, LibreOffice and Google Sheets all read UTF-8.
 * Other consumers (scripts, `csv-parse`) usually want the plain file, so the mark is asked for
 * (`--excel`, `?excel=1`), not the default.
 */
export function withExcelBom(csv: string): string {
  return csv.startsWith('\uFEFF') ? csv : `\uFEFF${csv}`;
}
