/**
 * Exact money arithmetic for tests, independent of the server's code: bigint
 * rationals, half-even rounding and largest-remainder splits, so expected
 * figures are worked out a second way rather than by calling the rules under
 * test. Shared by the sales, settlement, reversal and loan API tests.
 */
export const scaled = (p: string): [bigint, bigint] => {
  const [i, f = ''] = p.split('.');
  return [BigInt(i! + f), 10n ** BigInt(f.length)];
};
/** n ÷ d rounded half-even (n ≥ 0, d > 0). */
export function halfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const twice = 2n * (n % d);
  return twice > d || (twice === d && q % 2n === 1n) ? q + 1n : q;
}
/** Cents of `grams` at `perLb` USD: grams ÷ 453.59237 × perLb, rounded once. */
export const centsOf = (grams: bigint, perLb: string) => {
  const [n, d] = scaled(perLb);
  return halfEven(grams * 100_000n * n * 100n, 45_359_237n * d);
};
/** `pct` % of an amount, rounded once. */
export const pctOf = (minor: bigint, pct: string) => {
  const [n, d] = scaled(pct);
  return halfEven(minor * n, 100n * d);
};
/** kg × a per-kg charge in major units, to minor units, rounded once. */
export const perKg = (grams: bigint, rate: string) => {
  const [n, d] = scaled(rate);
  return halfEven(grams * n * 100n, 1000n * d);
};
/** USD cents × a PEN/USD rate → céntimos, rounded once (both have 2 decimals). */
export const toPen = (usd: bigint, rate: string) => {
  const [n, d] = scaled(rate);
  return halfEven(usd * n, d);
};
export const min = (a: bigint, b: bigint) => (a < b ? a : b);
/** Largest remainder over integer weights, in input order; equal remainders go to the smaller id. */
export function split(total: bigint, parts: { id: number; w: bigint }[]): bigint[] {
  const sum = parts.reduce((a, p) => a + p.w, 0n);
  const xs = parts.map((p, i) => ({ i, id: p.id, q: (total * p.w) / sum, r: (total * p.w) % sum }));
  let left = total - xs.reduce((a, x) => a + x.q, 0n);
  for (const x of [...xs].sort((a, b) => (a.r === b.r ? a.id - b.id : a.r > b.r ? -1 : 1))) {
    if (left === 0n) break;
    x.q += 1n;
    left -= 1n;
  }
  return xs.map((x) => x.q);
}
export const fmt = (minor: bigint) =>
  `${minor < 0n ? '-' : ''}${(minor < 0n ? -minor : minor) / 100n}.${String((minor < 0n ? -minor : minor) % 100n).padStart(2, '0')}`;
/** A money amount with at most 2 decimals → minor units. */
export const cents = (amount: string) => {
  const [n, d] = scaled(amount);
  return (n * 100n) / d;
};
/** The row id inside a global ID ("Farmer:12" in base64). */
export const rowId = (gid: string) => Number(Buffer.from(gid, 'base64').toString().split(':')[1]);
/** A global ID from a type and a row id. */
export const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
