/**
 * The settlement waterfall on the worked example of docs/settlement.md,
 * every number written out, and its invariants as properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmount } from '../../server/domain/money.js';
import { valueOf } from '../../server/domain/pricing.js';
import { type SettlementInput, percentOf, processingFeeDue, settlePayment } from '../../server/domain/settlement.js';

const shareholder = { processingFeePerKg: '0.08', commissionPct: '1.5', retentionPct: '3' };
const affiliated = { processingFeePerKg: '0.12', commissionPct: '2.5', retentionPct: '3' };

/** The docs' example: 1,000 kg at 1.50 USD/lb from cooperative A (600 kg: farmers a1, a2) and B (400 kg: b1). */
const example: SettlementInput = {
  currency: 'USD',
  invoiceValue: valueOf(1_000_000, '1.50', 'USD'),
  invoicePremium: 0n,
  amount: valueOf(1_000_000, '1.50', 'USD'),
  farmerCurrency: 'PEN',
  exchangeRate: '3.40',
  coops: [
    {
      cooperativeId: 1,
      grams: 600_000,
      terms: shareholder,
      feeAlreadyPaid: 0n,
      farmers: [
        { farmerId: 11, grams: 400_000 },
        { farmerId: 12, grams: 200_000 },
      ],
    },
    {
      cooperativeId: 2,
      grams: 400_000,
      terms: affiliated,
      feeAlreadyPaid: 0n,
      farmers: [{ farmerId: 21, grams: 400_000 }],
    },
  ],
};

const usd = (m: bigint) => formatAmount(m, 'USD');
const pen = (m: bigint) => formatAmount(m, 'PEN');

describe('the worked example (docs/settlement.md)', () => {
  it('invoices 1,000 kg = 2,204.62 lb × 1.50 = 3,306.93 USD', () => {
    expect(usd(example.invoiceValue)).toBe('3306.93');
  });

  const s = settlePayment(example);
  const [a, b] = s.coops as [(typeof s.coops)[0], (typeof s.coops)[0]];

  it('splits the payment 60:40 by grams, the odd cent to the larger remainder', () => {
    expect([usd(s.coffee), usd(s.premium)]).toEqual(['3306.93', '0.00']);
    expect([usd(a.share), usd(b.share)]).toEqual(['1984.16', '1322.77']);
  });

  it('takes the fee, the commission and the retention from each share in order', () => {
    expect([usd(a.processingFee), usd(a.commission), usd(a.retention), usd(a.farmersTotal)]).toEqual([
      '48.00',
      '29.76',
      '57.19',
      '1849.21',
    ]);
    expect([usd(b.processingFee), usd(b.commission), usd(b.retention), usd(b.farmersTotal)]).toEqual([
      '48.00',
      '33.07',
      '37.25',
      '1204.45',
    ]);
  });

  it('converts once at 3.40 and splits over the farmers by their grams', () => {
    expect([pen(a.farmersTotalConverted), pen(b.farmersTotalConverted)]).toEqual(['6287.31', '4095.13']);
    expect(a.farmers.map((f) => [f.farmerId, pen(f.amount)])).toEqual([
      [11, '4191.54'],
      [12, '2095.77'],
    ]);
    expect(b.farmers.map((f) => [f.farmerId, pen(f.amount)])).toEqual([[21, '4095.13']]);
  });

  it('loses no cent: every USD part adds up to the payment', () => {
    const parts = s.coops.reduce(
      (acc, c) => acc + c.processingFee + c.commission + c.retention + c.farmersTotal + c.premium,
      0n,
    );
    expect(parts).toBe(example.amount);
  });
});

describe('instalments', () => {
  it('takes the processing fee from the first payment only, until it is paid', () => {
    const first = settlePayment({ ...example, amount: 100_000n });
    const a1 = first.coops[0]!;
    expect(usd(a1.share)).toBe('600.00');
    expect(usd(a1.processingFee)).toBe('48.00');
    const second = settlePayment({
      ...example,
      amount: example.amount - 100_000n,
      coops: example.coops.map((c, i) => ({ ...c, feeAlreadyPaid: first.coops[i]!.processingFee })),
    });
    expect(second.coops.map((c) => c.processingFee)).toEqual([0n, 0n]);
    // The two payments' shares add up to the whole coffee value.
    expect(first.coops[0]!.share + second.coops[0]!.share + first.coops[1]!.share + second.coops[1]!.share).toBe(
      example.invoiceValue,
    );
  });

  it('never takes more fee than the share, and carries the rest to the next payment', () => {
    const tiny = settlePayment({ ...example, amount: 50n });
    expect(tiny.coops[0]!.processingFee).toBe(tiny.coops[0]!.share);
    expect(tiny.coops[0]!.farmersTotal).toBe(0n);
  });
});

describe('rules', () => {
  it('rounds charges half-even once', () => {
    expect(percentOf(250n, '1')).toBe(2n); // 2.5 → 2
    expect(percentOf(350n, '1')).toBe(4n); // 3.5 → 4
    expect(processingFeeDue(1_000, '0.125', 'USD')).toBe(12n); // 0.125 → 0.12
  });

  it('needs a rate when the farmers are paid in another currency', () => {
    expect(() => settlePayment({ ...example, exchangeRate: null })).toThrow(/exchange rate/);
  });

  it('sends the Fairtrade premium to the premium funds, never to farmers', () => {
    const s = settlePayment({ ...example, invoicePremium: 44_092n, amount: example.invoiceValue + 44_092n });
    expect(s.premium).toBe(44_092n);
    expect(s.coops.map((c) => c.premium)).toEqual([26_455n, 17_637n]);
    expect(s.coops[0]!.farmersTotal).toBe(settlePayment(example).coops[0]!.farmersTotal);
  });

  it('passes what the loans take on, and the retention applies to what is left after them', () => {
    const s = settlePayment({
      ...example,
      repayLoans: (coop, available) => (coop === 1 ? [{ loanId: 7, lenderId: 2, amount: available / 2n }] : []),
    });
    const a = s.coops[0]!;
    expect(a.loans).toEqual([{ loanId: 7, lenderId: 2, amount: 95_320n }]);
    expect(a.retention).toBe(percentOf(190_640n - 95_320n, '3'));
  });
});

describe('properties', () => {
  const coopArb = fc.record({
    grams: fc.integer({ min: 1, max: 20_000_000 }),
    shareholder: fc.boolean(),
    farmers: fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 6 }),
  });
  it('for any delivery and payment, the parts sum exactly to the payment and each farmer split sums to its total', () => {
    fc.assert(
      fc.property(
        fc.array(coopArb, { minLength: 1, maxLength: 6 }),
        fc.bigInt({ min: 1n, max: 10_000_000_000n }),
        fc.bigInt({ min: 0n, max: 1_000_000_000n }),
        fc.integer({ min: 1, max: 100 }),
        (coops, value, premium, paidPct) => {
          const invoice = value + premium;
          const amount = (invoice * BigInt(paidPct)) / 100n || 1n;
          const s = settlePayment({
            currency: 'USD',
            invoiceValue: value,
            invoicePremium: premium,
            amount,
            farmerCurrency: 'USD',
            exchangeRate: null,
            coops: coops.map((c, i) => ({
              cooperativeId: i + 1,
              grams: c.grams,
              terms: c.shareholder ? shareholder : affiliated,
              feeAlreadyPaid: 0n,
              farmers: c.farmers.map((g, j) => ({ farmerId: (i + 1) * 100 + j, grams: g })),
            })),
          });
          const total = s.coops.reduce(
            (a, c) => a + c.processingFee + c.commission + c.retention + c.farmersTotal + c.premium,
            0n,
          );
          expect(total).toBe(amount);
          for (const c of s.coops) {
            expect(c.farmers.reduce((a, f) => a + f.amount, 0n)).toBe(c.farmersTotal);
            for (const v of [c.processingFee, c.commission, c.retention, c.farmersTotal]) expect(v >= 0n).toBe(true);
          }
        },
      ),
    );
  });
});
