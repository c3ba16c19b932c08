/**
 * Export pricing of green coffee: prices are quoted per pound, coffee is
 * weighed in grams. A contract's price is fixed, or a reference price (the
 * New York "C") plus a differential fixed at delivery; Fairtrade sets a
 * floor and adds a premium; organic Fairtrade coffee earns the organic
 * differential on top. The terms are data (table certification_terms).
 * docs/sales.md works an example through.
 */
import { Dec, canonical, decimalSyntaxError, scaleOf } from './decimal.js';
import { type Currency, toMinor } from './money.js';

/** One pound in kilograms, exactly (international avoirdupois pound). */
export const KG_PER_LB = '0.45359237';
/** The Peruvian export bag of green coffee. */
export const EXPORT_BAG_KG = 69;
/** Places a price per lb may have (e.g. 1.2345 USD/lb). */
export const PRICE_PER_LB_DECIMALS = 4;

export interface CertificationTermsInForce {
  fairtradeMinimumPerLb: string;
  fairtradePremiumPerLb: string;
  organicDifferentialPerLb: string;
}

/** Why a price per lb is not acceptable (signed allowed for differentials), or null. */
export function pricePerLbError(value: string, allowNegative: boolean): string | null {
  const why = decimalSyntaxError(value);
  if (why) return why;
  if (scaleOf(value) > PRICE_PER_LB_DECIMALS) return `has more than ${PRICE_PER_LB_DECIMALS} decimals`;
  const d = new Dec(value);
  if (!allowNegative && d.lte('0')) return 'must be more than 0';
  if (d.abs().gt('100')) return 'must be within 100 per lb';
  return null;
}

/** Pounds in a weight in grams, exact. */
export function poundsOf(grams: number): Dec {
  return new Dec(String(grams)).div('1000').div(KG_PER_LB);
}

export interface ContractPriceTerms {
  pricing: 'fixed' | 'differential';
  pricePerLb: string | null;
  differentialPerLb: string | null;
  fairtrade: boolean;
  organic: boolean;
}

export interface DeliveryPrice {
  /** The price charged for the coffee, per lb. */
  pricePerLb: string;
  /** The Fairtrade premium per lb (0 when not Fairtrade). */
  premiumPerLb: string;
  /** True when the Fairtrade minimum lifted the price. */
  floorApplied: boolean;
}

/**
 * The price of a delivery per lb:
 * base = the fixed price, or the reference price + the differential;
 * Fairtrade: price = max(base, minimum), premium = the Fairtrade premium;
 * Fairtrade organic: + the organic differential.
 * Exact decimals; nothing is rounded here (the value is, once).
 */
export function deliveryPrice(
  c: ContractPriceTerms,
  referencePricePerLb: string | null,
  terms: CertificationTermsInForce | null,
): DeliveryPrice {
  let base: Dec;
  if (c.pricing === 'fixed') base = new Dec(c.pricePerLb!);
  else {
    if (referencePricePerLb === null) throw new RangeError('a differential contract needs the reference price');
    base = new Dec(referencePricePerLb).plus(c.differentialPerLb!);
  }
  if (!c.fairtrade) return { pricePerLb: canonical(base), premiumPerLb: '0', floorApplied: false };
  if (!terms) throw new RangeError('a Fairtrade contract needs the Fairtrade terms in force');
  const floorApplied = base.lt(terms.fairtradeMinimumPerLb);
  let price = floorApplied ? new Dec(terms.fairtradeMinimumPerLb) : base;
  if (c.organic) price = price.plus(terms.organicDifferentialPerLb);
  return { pricePerLb: canonical(price), premiumPerLb: canonical(new Dec(terms.fairtradePremiumPerLb)), floorApplied };
}

/** The value of `grams` at `perLb`, rounded once, half-even, to the currency's minor unit. */
export function valueOf(grams: number, perLb: string, currency: Currency): bigint {
  return toMinor(poundsOf(grams).times(perLb), currency);
}
