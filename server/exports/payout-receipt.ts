/**
 * A farmer's payout receipt, printable HTML, in Spanish by default (English
 * with `lang=en`): who was paid, how much, how, what for, by whom, the
 * reference, and what the farmer is still owed or owes after it. Every value
 * is escaped with escape-html (a well-kept library, not a hand-written one).
 */
import escapeHtml from 'escape-html';
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { consortium, cooperatives, farmers, harvestCampaigns } from '../../db/schema.js';
import { farmerPayoutReversals, farmerPayouts } from '../../db/tables-money.js';
import type { Principal } from '../auth/policy.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../domain/errors.js';
import { type Currency, formatAmount } from '../domain/money.js';
import { owedOn } from '../queries/farmer-balances.js';

export type ReceiptLanguage = 'es' | 'en';

const WORDS = {
  es: {
    title: 'Recibo de pago al productor',
    receipt: 'Recibo N.º',
    farmer: 'Productor',
    nationalId: 'DNI',
    cooperative: 'Cooperativa',
    campaign: 'Campaña',
    date: 'Fecha de pago',
    amount: 'Importe',
    method: 'Forma de pago',
    purpose: 'Concepto',
    reference: 'Referencia',
    paidBy: 'Pagado por',
    after: 'Saldo a favor del productor tras este pago',
    owes: 'Deuda del productor tras este pago',
    reversed: 'ANULADO',
    reversedOn: 'Anulado el',
    reason: 'Motivo',
    received: 'Recibí conforme',
    handed: 'Entregué conforme',
    methods: {
      cash: 'Efectivo',
      cash_via_collector: 'Efectivo por acopiador',
      bank_transfer: 'Transferencia bancaria',
      mobile_money: 'Billetera móvil',
      cheque: 'Cheque',
      offset: 'Compensación de deuda',
    },
    purposes: { advance: 'Adelanto', settlement_instalment: 'Cuota de liquidación', premium: 'Prima' },
  },
  en: {
    title: 'Farmer payout receipt',
    receipt: 'Receipt no.',
    farmer: 'Farmer',
    nationalId: 'National ID',
    cooperative: 'Cooperative',
    campaign: 'Campaign',
    date: 'Paid on',
    amount: 'Amount',
    method: 'Method',
    purpose: 'Purpose',
    reference: 'Reference',
    paidBy: 'Paid by',
    after: 'Owed to the farmer after this payout',
    owes: 'The farmer owes, after this payout',
    reversed: 'REVERSED',
    reversedOn: 'Reversed on',
    reason: 'Reason',
    received: 'Received by',
    handed: 'Paid by',
    methods: {
      cash: 'Cash',
      cash_via_collector: 'Cash via collector',
      bank_transfer: 'Bank transfer',
      mobile_money: 'Mobile money',
      cheque: 'Cheque',
      offset: 'Set off against a debt',
    },
    purposes: { advance: 'Advance', settlement_instalment: 'Settlement instalment', premium: 'Premium' },
  },
} as const;

/** The receipt's HTML, or a typed error (unknown payout, a reader who may not see it, an unknown language). */
export function payoutReceipt(db: Queryable, who: Principal, payoutId: number, lang: string): string {
  if (lang !== 'es' && lang !== 'en')
    throw InvalidInputError.single(['lang'], 'INVALID_TEXT', 'the language must be es (the default) or en');
  const w = WORDS[lang];
  const payout = db.select().from(farmerPayouts).where(eq(farmerPayouts.id, payoutId)).get();
  const mayRead = (coopId: number) =>
    who.role === 'admin' ||
    who.role === 'auditor' ||
    (who.role === 'cooperative_manager' && who.cooperativeId === coopId);
  if (!payout) {
    if (who.role !== 'admin' && who.role !== 'auditor')
      throw new ForbiddenError('receipts are for admins, auditors and the cooperative\u2019s manager');
    throw new NotFoundError(['id'], String(payoutId), 'farmer payout');
  }
  if (!mayRead(payout.cooperativeId))
    throw new ForbiddenError('receipts are for admins, auditors and the cooperative\u2019s manager');
  const farmer = db.select().from(farmers).where(eq(farmers.id, payout.farmerId)).get()!;
  const coop = db.select().from(cooperatives).where(eq(cooperatives.id, payout.cooperativeId)).get()!;
  const campaign = db.select().from(harvestCampaigns).where(eq(harvestCampaigns.id, payout.campaignId)).get()!;
  const org = db.select().from(consortium).get();
  const reversal = db.select().from(farmerPayoutReversals).where(eq(farmerPayoutReversals.payoutId, payout.id)).get();
  const currency = payout.currency as Currency;
  const after = owedOn(db, farmer.id, farmer.cooperativeId, payout.campaignId, payout.paidOn).balance;
  const money = (m: bigint) => `${escapeHtml(formatAmount(m, currency))} ${currency}`;
  const row = (label: string, value: string) => `<tr><th>${escapeHtml(label)}</th><td>${value}</td></tr>`;
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><title>${escapeHtml(w.title)} ${payout.id}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}th{text-align:left;padding-right:1em}
.reversed{color:#b00;font-weight:bold;font-size:1.5em}.sign{display:flex;gap:4em;margin-top:4em}.sign div{border-top:1px solid #000;padding-top:.3em;min-width:12em}
@media print{button{display:none}}</style></head>
<body>
<h1>${escapeHtml(w.title)}</h1>
<p>${escapeHtml(org?.name ?? '')} \u2014 ${escapeHtml(coop.name)}</p>
${reversal ? `<p class="reversed">${escapeHtml(w.reversed)}: ${escapeHtml(w.reversedOn)} ${escapeHtml(reversal.reversedOn)}. ${escapeHtml(w.reason)}: ${escapeHtml(reversal.reason)}</p>` : ''}
<table>
${row(w.receipt, String(payout.id))}
${row(w.farmer, escapeHtml(farmer.fullName))}
${row(w.nationalId, escapeHtml(farmer.nationalId))}
${row(w.cooperative, `${escapeHtml(coop.code)} \u2014 ${escapeHtml(coop.name)}`)}
${row(w.campaign, escapeHtml(campaign.name))}
${row(w.date, escapeHtml(payout.paidOn))}
${row(w.amount, `<strong>${money(BigInt(payout.amountMinor))}</strong>`)}
${row(w.method, escapeHtml(w.methods[payout.method]))}
${row(w.purpose, escapeHtml(w.purposes[payout.purpose]))}
${payout.reference ? row(w.reference, escapeHtml(payout.reference)) : ''}
${row(w.paidBy, escapeHtml(payout.paidBy))}
${after >= 0n ? row(w.after, money(after)) : row(w.owes, money(-after))}
</table>
<div class="sign"><div>${escapeHtml(w.received)}: ${escapeHtml(farmer.fullName)}</div><div>${escapeHtml(w.handed)}: ${escapeHtml(payout.paidBy)}</div></div>
</body></html>
`;
}
