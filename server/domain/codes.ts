/**
 * Every machine-readable reason a mutation can refuse with, and what it means.
 * This is the one list: `InputIssue.code` and `ConflictError.code` are typed by
 * it (a code not written here does not compile), GraphQL exposes it as the
 * `InputIssueCode` and `ConflictCode` enums, and docs/errors.md is generated
 * from it (`npm run docs:errors`; tests/docs/errors-doc.test.ts fails when the
 * page is stale).
 *
 * Two shared enums rather than one per mutation: most codes are one rule that
 * many mutations apply (IN_FUTURE, INVALID_TEXT, BEFORE_LAST_EVENT...), and a
 * client handles it the same way wherever it comes from; per-mutation enums
 * would repeat those ~20 codes fifty times. Which mutations can answer with a
 * code is listed per code in docs/errors.md, worked out from the code.
 *
 * Wire values are the keys, unchanged since they were first answered, except
 * INVALID_TIME, which meant what INVALID_DATETIME means and is now answered as
 * INVALID_DATETIME.
 */

/** Why one input field is refused (`InvalidInputError.issues[].code`). */
export const ISSUE_CODES = {
  ABOVE_CONTRACT: 'The delivery weighs more than is left to deliver on the contract.',
  ABOVE_DUE: 'A repayment is larger than everything due on the loan on its date.',
  ABOVE_ENDORSEMENT_LIMIT:
    "The endorsement would exceed the cooperative's endorsement limit for the campaign and currency.",
  ABOVE_LIMIT: 'A draw would take the credit line beyond its limit.',
  ABOVE_OWED:
    'A payment is larger than what the buyer still owes on the delivery, or a payout larger than what the farmer is to be paid.',
  ABOVE_PRINCIPAL: 'The endorsement covers more than the principal of the loan.',
  AFTER_MATURITY: 'The date falls after the loan matures.',
  BEFORE_CAMPAIGN: "The date is before the campaign's first day.",
  BEFORE_CONTRACT: 'The delivery left before the contract was signed.',
  BEFORE_DELIVERY: 'The payment is dated before the delivery left.',
  BEFORE_FROM: 'The end of a date range is before its start.',
  BEFORE_LAST_DELIVERY:
    "A farmer's transfer is dated on or before their last delivery: delivered lots stay their first cooperative's.",
  BEFORE_LAST_EVENT:
    'The date is before the latest event already recorded on the loan or credit line: events are recorded in date order.',
  BEFORE_OPENING: 'The credit line matures before it opens.',
  BEFORE_ORIGINAL: 'A reversal is dated before the entry, payment or event it takes back.',
  BEFORE_PRODUCED: 'A batch is used before it was produced (by a run or a delivery that starts earlier).',
  BEFORE_RECEIPT: 'The lot is graded, rejected or processed before it was received.',
  BEFORE_SIGNED: 'The date is before the loan was signed (maturity, instalment or disbursement).',
  BEFORE_START:
    'An end is before its start: a run that finishes before it starts, a certificate or campaign that ends before it begins.',
  BEFORE_VALIDITY: 'A certificate is revoked before its validity starts.',
  BELOW_ONE_CENT: 'The line is worth less than half a cent: there is nothing to invoice.',
  CONFUSABLE:
    'The code or name looks like an existing one (the same Unicode UTS #39 skeleton, e.g. a Greek Alpha for an A): choose a distinct one.',
  CONTROL_CHARACTER: 'A code, name or national ID holds a control character.',
  CONTROL_CHARACTERS:
    'Free text holds control characters, bidirectional overrides, lone surrogates or U+FFFD (text a person did not type as it reads).',
  DUPLICATE: 'The same item twice in one list (lot, batch, grade, SKU, due date).',
  EMPTY: 'A list that needs at least one item is empty.',
  EXCLUDES_INTAKES: "The campaign's new dates would leave a recorded lot outside it.",
  FULL_WIDTH_CHARACTER:
    'A code, name or national ID holds a full-width or half-width form (U+FF00 to U+FFEF), e.g. "ＮＲＣ".',
  INSUFFICIENT_STOCK: 'The lot or batch holds less coffee than asked for.',
  INVALID: 'The value is not acceptable for this field (e.g. a grade name over 40 printable characters).',
  INVALID_AMOUNT: 'Not an amount of money: a positive decimal with at most the currency\u2019s minor-unit decimals.',
  INVALID_AREA: 'Not an area: hectares greater than 0 with at most 4 decimals (1 m²).',
  INVALID_CODE: 'Not a code: 2 to 20 upper-case ASCII letters, digits and "-", starting with a letter or digit.',
  INVALID_COUNTRY: 'Not a two-letter ISO 3166 country code.',
  INVALID_DATE: 'Not a calendar date YYYY-MM-DD.',
  INVALID_DATETIME: 'Not a valid instant (formerly also answered as INVALID_TIME).',
  INVALID_DECIMAL: 'Not a decimal number in the accepted form.',
  INVALID_EMAIL: 'Not an e-mail address of ASCII characters.',
  INVALID_IDEMPOTENCY_KEY: 'The idempotency key is not 8 to 128 letters, digits, ".", "_", ":" or "-".',
  INVALID_NATIONAL_ID: "The national ID does not follow its document type's pattern (Peru: DNI 8 digits, RUC 11).",
  INVALID_PRICE: 'Not a price: a positive decimal with the accepted number of decimals.',
  INVALID_RATE: 'Not a rate: a decimal string in range with the accepted number of decimals.',
  INVALID_REASON: 'A reason must be 3 to 500 printable characters.',
  INVALID_TEXT: 'Text (a code, a name, a source) is outside its length in printable characters.',
  INVALID_UNIT_SIZE: 'A retail unit size the packing line does not fill.',
  INVALID_WEIGHT: 'Not a weight: a positive number of kg with at most 3 decimals (to the gram).',
  INVISIBLE_CHARACTER:
    'A code, name or national ID holds an invisible or format character (U+200B, U+2060, U+00AD, bidi controls...).',
  IN_FUTURE:
    'The date or instant is later than now (instants: beyond the one clock-skew allowance of 5 minutes; dates: after today in the consortium\u2019s time zone).',
  LOT_NOT_GRADED: 'The lot is not graded yet.',
  LOT_REJECTED: 'The lot was rejected and cannot be used.',
  MALFORMED_DECIMAL: 'Not a decimal number (digits, one optional point, no exponent).',
  MALFORMED_ID: 'Not a global ID.',
  NEGATIVE: 'The value must not be negative.',
  NON_ASCII_DIGIT: 'A code, name or national ID holds a decimal digit other than ASCII 0-9.',
  NON_POSITIVE_PRICE: 'The reference price plus the differential is not a positive price.',
  NOT_APPLICABLE: 'The field does not apply here (e.g. a reference price on a fixed-price contract).',
  NOT_AT_PLANT: 'The warehouse or line is not at this plant.',
  NOT_A_CAMPAIGN_LENDER: 'The lender lends the consortium a credit line; campaign loans come from banks and COPACs.',
  NOT_A_RENEWAL: "A renewal starts on or before the renewed certificate's start.",
  NOT_CERTIFIED: "The farmer held no valid certificate (organic) on the lot's delivery date.",
  NOT_FOR_ROLE: 'The field does not apply to the role (e.g. a plant for a cooperative manager).',
  NOT_FOUND: 'The record the input names does not exist.',
  NOT_ON_PRICE_LIST: "The SKU and unit size are not on the contract's price list.",
  NOT_ORGANIC: 'The batch holds coffee not graded organic, and the contract is organic.',
  NOT_POSITIVE: 'The value must be greater than zero.',
  NOT_YET: 'The request takes effect on a later day; approve it on or after that day.',
  NO_EXCHANGE_RATE: 'No exchange rate is recorded for a currency the operation needs to convert.',
  NO_TERMS: 'No Fairtrade terms are recorded for the date.',
  ORGANIC_NEEDS_TERMS: 'An organic contract without Fairtrade: put the organic premium in the price or differential.',
  OUTPUTS_EXCEED_INPUTS: 'The outputs of a run weigh more than its inputs.',
  OUTPUT_EXCEEDS_LOT: 'The outputs would credit a lot with more coffee than it gave.',
  OUTSIDE_CAMPAIGN: 'The instant falls outside the campaign (in the consortium\u2019s time zone).',
  OUTSIDE_TERM: "The date falls outside the loan's term (after signing and on or before maturity).",
  OUT_OF_RANGE: 'The number is outside its allowed range (e.g. a percentage outside 0 to 100).',
  PRICING: 'Give either a fixed price per lb, or a reference market with a differential.',
  QUANTITY: 'Give the quantity either in kg or in bags of 69 kg, not both.',
  RANGE_TOO_LONG: 'The date range is longer than allowed.',
  RATE_REQUIRED: 'Payment is converted to another currency: give the exchange rate and its source.',
  REQUIRED: 'The field is required together with another one given.',
  SAME_COOPERATIVE: 'The farmer is already a member of that cooperative.',
  SAME_CURRENCY: 'An exchange rate converts between two different currencies.',
  SELF: 'An admin cannot do this to their own user (deactivate themselves).',
  STEP_NOT_AT_PLANT: 'The plant has no line for this processing step.',
  STOCK_AT_OTHER_PLANT: 'The lot or batch is held at another plant.',
  TARE_NOT_BELOW_GROSS: 'The tare is not below the gross weight (the net weight must be positive).',
  TOO_LARGE: 'The number is larger than allowed.',
  TOO_LONG: 'The text is longer than allowed.',
  TOO_MANY: 'The list holds more items than allowed.',
  TOO_MANY_DECIMALS: 'The number has more decimals than allowed.',
  UNKNOWN_CONVENTION: 'Not one of the interest conventions.',
  UNKNOWN_CURRENCY: 'Not a currency the consortium keeps (PEN or USD).',
  UNKNOWN_UNIT_SIZE: 'Not a retail unit size (250, 500 or 1000 g).',
  UNSUPPORTED_CURRENCY: 'A currency this kind of contract is not kept in (export contracts are in USD).',
  WRONG_CURRENCY: 'The amount is not in the currency of the contract or loan.',
  WRONG_FORM: 'The batch is coffee of another form than this step takes.',
  WRONG_ID_TYPE: 'A global ID of another type than the field expects.',
  WRONG_MARKET: 'The contract is of the other market (export vs domestic): use the other mutation.',
  BEFORE_LATER_POSTING:
    'The date is before a later posting on the same account that this one depends on: the books only move forward (docs/ledger.md).',
  NON_POSITIVE_AMOUNT: 'The amount must be more than zero.',
  NOTHING_OWED:
    'The farmer is owed nothing to pay on that date (or, for a run without lines, no farmer of the cooperative is).',
  NOT_IN_COOPERATIVE: "A payout run line names a farmer who is not of the run's cooperative.",
  REFERENCE_REQUIRED: 'A bank transfer, mobile-money payment or cheque needs its reference.',
  UNKNOWN_METHOD: 'Not a payout method.',
  UNKNOWN_PURPOSE: 'Not a payout purpose.',
  UNKNOWN_RULE: 'Not a farmer netting rule.',
  // EUDR (docs/eudr.md): a plot's geolocation, its evidence, lots from plots, EU contracts and deliveries.
  AREA_MISMATCH: "A polygon's geodesic area is more than 10 % off the plot's declared area (1 ha = 10,000 m\u00b2).",
  BEFORE_CUTOFF: 'A deforestation assessment dated on or before the EUDR cut-off, 2020-12-31.',
  COORDINATE_OUT_OF_RANGE:
    'A position beyond \u00b1180 longitude or \u00b190 latitude (GeoJSON is [longitude, latitude]).',
  GEOJSON_TOO_LARGE: "A plot's GeoJSON over 1 MB, or a geolocation file over the EU system's 25 MB.",
  GEOMETRY_REQUIRED: 'Give either GeoJSON, or latitude and longitude.',
  HOLE_NOT_ALLOWED: 'A polygon with an interior ring: the EU system accepts no holes (split the plot).',
  INVALID_DDS_NUMBER: 'A due-diligence reference or verification number is not 6 to 40 ASCII letters and digits.',
  INVALID_GEOJSON: 'Not a GeoJSON geometry object.',
  INVALID_POSITION: 'Coordinates that are not positions of two numbers [longitude, latitude].',
  LINESTRING_NOT_ACCEPTED: 'A LineString is not a plot: the EU system refuses lines.',
  NOT_EUDR_COMPLIANT:
    'An EU delivery would take coffee of lots that are not EUDR-compliant (the message lists them and why).',
  NOT_EUDR_SEGREGATED: 'An EU delivery would take a batch made in a run that took non-compliant coffee.',
  NOT_EU_DELIVERY: 'Due-diligence numbers on a delivery whose contract is not marked for the EU.',
  NOT_EU_DESTINATION: 'A contract marked for the EU ships to a country outside the EU.',
  NOT_FARMERS_PLOT: "The plot is not one of the delivering farmer's.",
  NO_COUNTRY_BOUNDARY: 'No boundary of the producer country is shipped, so a plot cannot be checked to lie in it.',
  NO_SUCH_STATEMENT: "The delivery's due-diligence file has fewer statements.",
  OUTSIDE_COUNTRY: 'A position outside the producer country (latitude and longitude swapped, often).',
  POINT_AREA_OUT_OF_RANGE: 'A point stands for a plot of 0.0001 to 4 ha; the plot is declared smaller.',
  POLYGON_REQUIRED: 'A plot over 4 ha needs a polygon, not a point.',
  RING_NOT_CLOSED: "A polygon's ring does not end on its first position.",
  RING_TOO_SHORT: 'A ring of fewer than 4 positions.',
  SELF_INTERSECTION: "A polygon's boundary crosses itself (a bow-tie).",
  TOO_FEW_DECIMALS: 'A coordinate written with fewer than 6 decimals (or in exponent form).',
  UNSUPPORTED_GEOMETRY: 'A plot is a Point, a Polygon or a MultiPolygon.',
} as const satisfies Record<string, string>;

/** Why the request conflicts with the current state (`ConflictError.code`). */
export const CONFLICT_CODES = {
  ALREADY_CALLED: 'The endorsement of the loan was called already.',
  ALREADY_DECIDED: 'The request was already approved or rejected.',
  ALREADY_INACTIVE: 'The farmer or user is already deactivated.',
  ALREADY_REQUESTED: 'A write-off of this loan is already awaiting approval.',
  ALREADY_REVERSED: 'The entry, payment or event was already reversed.',
  ALREADY_REVOKED: 'The certificate or token was already revoked.',
  ALREADY_SETTLED:
    "Payments for this cooperative's coffee were already settled with the membership's retention; set the retention before the first settlement.",
  CERTIFICATION_REVOKED: 'A revoked certificate cannot be renewed.',
  COOPERATIVE_INACTIVE: 'The cooperative is inactive: it takes no new farmers.',
  DUPLICATE_CODE: 'A record with this code exists already.',
  DUPLICATE_EMAIL: 'A user with this e-mail exists already.',
  DUPLICATE_NAME:
    'A record with this name exists already (a cooperative, plant, lender or buyer; a plot of the same farmer).',
  DUPLICATE_NATIONAL_ID: 'A farmer with this national ID exists already (in any cooperative).',
  FARMER_INACTIVE: 'The farmer is deactivated and delivers no new lots.',
  IDEMPOTENCY_KEY_REUSED: 'The idempotency key was used before for a request with other input.',
  LATER_LOAN_EVENTS:
    "A loan repaid by this operation has events dated after it: a loan's events are recorded in date order.",
  LIMIT_SET: 'The endorsement limit for this cooperative, campaign and currency is already set.',
  LINE_REPAID: 'Nothing is due on the credit line.',
  LOAN_CLOSED: 'The loan was closed (written off or called) after the event; undo that first.',
  LOAN_REPAID: 'Nothing is due on the loan: it is repaid.',
  LOT_ALREADY_PROCESSED: "The lot has been hulled; its coffee is in the plant's batches.",
  LOT_ALREADY_REJECTED: 'The lot is already rejected.',
  LOT_REJECTED: 'The lot was rejected and cannot be graded.',
  NOTHING_DUE: 'Nothing is due on the loan on that date.',
  NOTHING_TO_CALL: 'No endorsement is held on the loan.',
  NOT_DISBURSED: 'Nothing of the loan was disbursed by that date.',
  NOT_LATE_ENOUGH: 'The loan is not late enough for its endorsement to be called.',
  NOT_REVERSIBLE: 'This kind of event is not taken back (disbursements and fees are corrected with the lender).',
  NO_ENDORSEMENT_LIMIT: 'No endorsement limit is set for the cooperative, campaign and currency (setEndorsementLimit).',
  NO_SETTLEMENT_TERMS: "No settlement terms are recorded for the membership, currency and the contract's campaign.",
  RETENTION_SET: "The cooperative's retention for this campaign is already set.",
  REVERSAL_OF_REVERSAL: 'The entry is itself a reversal and cannot be reversed.',
  REVERSE_THE_PAYMENT: 'A repayment made at a sale is corrected by reversing the sale payment (reverseSalePayment).',
  REVERSE_THE_RECORD:
    'The entry is corrected through its record (the sale payment or loan event), not by a manual reversal.',
  TERMS_SET: 'Settlement terms for this membership and currency are already set for the campaign.',
  ALREADY_PAID:
    "The cooperative's farmers were already paid in this campaign under the default netting rule; the rule is chosen before the first payout.",
  RULE_SET: "The cooperative's farmer netting rule for this campaign is already set.",
  USER_INACTIVE: 'The user is deactivated: no token can be issued.',
  DDS_ALREADY_RECORDED: 'The statement of this delivery already has its due-diligence numbers.',
  DDS_REFERENCE_TAKEN: 'The due-diligence reference number is recorded for another statement.',
} as const satisfies Record<string, string>;

export type IssueCode = keyof typeof ISSUE_CODES;
export type ConflictCode = keyof typeof CONFLICT_CODES;
