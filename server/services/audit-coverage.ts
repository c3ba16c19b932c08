/**
 * Which tables the tamper-evident audit trail covers (docs/audit.md,
 * "Coverage"). Every table of the database is in exactly one of the two
 * lists below; `tests/db/audit-coverage.test.ts` reads the tables from the
 * live SQLite schema after all migrations and fails when one is in neither
 * (or in both, or a name here no longer exists).
 *
 * COVERED: every row a mutation inserts, updates or deletes in the table is
 * digested into that mutation's audit entry, and verification recomputes the
 * digest from the row as it is now. Put a table here when its rows affect
 * money, weight, identity or access — when in doubt, cover it.
 *
 * EXEMPT: the table is not covered, for the reason given. A reason must say
 * why a quiet edit of its rows cannot move money, weight, identity or access.
 *
 * Adding a table (in db/schema.ts or db/tables-<area>.ts): add one line here,
 * `my_table: 'what its rows are',` to COVERED, or `my_table: 'why not',` to
 * EXEMPT, using the SQL table name.
 */

/** Table name → what its rows hold (why they matter). */
export const COVERED: Readonly<Record<string, string>> = {
  consortium: 'the consortium itself: name, base currency, fiscal settings',
  lenders: 'lenders: identity of a party to loans',
  cooperatives: 'member cooperatives: identity, the tenant of access rules',
  shareholdings: 'who owns how much of the consortium',
  cooperative_certifications: 'certifications that set premiums (money)',
  farmers: 'farmers: identity, national ID, cooperative membership',
  plots: "farmers' plots: origin of the coffee (weight, traceability)",
  farmer_certifications: 'certifications that set premiums (money)',
  farmer_transfers: "farmers' moves between cooperatives: whose coffee their later lots are",
  harvest_campaigns: 'campaigns that date lots, prices and loans',
  plants: 'plants: the scope of plant staff access',
  warehouses: 'warehouses where weight is held',
  users: 'users: identity, role and scope (access)',
  api_tokens: 'token hashes that grant access',
  lots: 'lots: weight and ownership of coffee',
  lot_gradings: 'gradings: weight, quality and price class',
  lot_rejections: 'rejections of lots: weight leaving the books',
  idempotency_keys: 'idempotency records: what a retried request answers',
  processing_runs: 'processing runs: weight in and out',
  stock_batches: 'stock batches: weight produced',
  batch_shares: 'batch ownership shares between lots and cooperatives',
  run_inputs: 'what went into each run (weight)',
  run_lot_losses: 'losses charged to lots (weight)',
  ledger_accounts: 'the chart of accounts (money)',
  journal_entries: 'journal entries (money)',
  journal_lines: 'journal lines (money)',
  advance_prices: 'advance prices paid to farmers (money)',
  buyers: 'buyers: a party to sales',
  certification_terms: 'certification premiums in contracts (money)',
  sales_contracts: 'contracts: prices, differentials, quantities',
  sale_deliveries: 'deliveries against contracts (weight, money)',
  contract_unit_prices: 'unit prices of contracts (money)',
  sale_delivery_lines: 'delivery lines (weight per lot)',
  sale_takes: 'what each delivery took from stock (weight)',
  exchange_rates: 'exchange rates used by payments (money)',
  settlement_terms: 'settlement terms (money)',
  sale_payments: 'payments received (money)',
  settlement_lines: 'settlement lines paid to cooperatives (money)',
  sale_payment_reversals: 'reversals of payments (money)',
  cooperative_retention: 'retention rates of cooperatives (money)',
  endorsement_limits: 'endorsement limits (credit)',
  campaign_loans: 'loans with their terms: principal, rate (money)',
  loan_instalments: 'loan schedules (money)',
  loan_requests: 'four-eyes loan requests',
  loan_request_decisions: 'four-eyes decisions and who made them',
  loan_events: 'loan events: disbursements, repayments, interest (money)',
  loan_event_reversals: 'reversals of loan events (money)',
  credit_lines: 'credit lines (money)',
  credit_line_events: 'credit line events (money)',
  lender_equity: 'lender equity (money)',
  farmer_netting_rules: 'how a cooperative nets farmer debt: decides what each farmer is paid (money)',
  farmer_payout_runs: 'payout runs: a cooperative paying its farmers (money)',
  farmer_payouts: 'payouts to farmers: amount, method, reference, who paid (money)',
  farmer_payout_reversals: 'payouts taken back (money)',
  plot_geolocations: 'EUDR: every geolocation a plot was given; decides whether its coffee may enter the EU',
  plot_deforestation_assessments: 'EUDR: deforestation findings per plot; decide whether coffee may enter the EU',
  plot_tenure_documents: "EUDR: the farmer's land-tenure document per plot (identity of the land's user)",
  lot_plots: 'EUDR: the plots each lot came from (traceability behind every gram sold to the EU)',
  delivery_due_diligence: 'EUDR: the due-diligence statement numbers filed for a delivery, with the digest of its file',
};

/** Table name → why it is not covered. */
export const EXEMPT: Readonly<Record<string, string>> = {
  audit_log: 'the audit chain itself: each entry is covered by its own hash, the chain of hashes and signed heads',
  audit_signatures:
    'signed heads of the audit chain: each row is an Ed25519 signature that proves itself against the public key kept outside the database',
  readiness_probe:
    'written by every /readyz probe to prove a commit works; one row with a timestamp, read by nothing else',
  __drizzle_migrations:
    'the migrator’s record of applied schema migrations; holds no business data (a schema change shows in the covered rows)',
};

/** The SQL names of the covered tables, in a stable order. */
export function coveredTables(): string[] {
  return Object.keys(COVERED).sort();
}
