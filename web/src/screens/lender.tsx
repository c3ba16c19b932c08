/** Lender: the portfolio as of a date, aging as a chart, each loan's repayments traced to the sale and its lots. */
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { Dec } from '../../../server/domain/decimal';
import { useQuery } from '../hooks';
import { date, decimal, money, t, weight } from '../i18n';
import { LoanRepaymentsQuery, PortfolioQuery } from '../ops';
import type { ResultOf } from '../graphql';

type Currency = ResultOf<typeof PortfolioQuery>['loanPortfolio']['currencies'][number];

export function Portfolio() {
  const [asOf, setAsOf] = useState(new Date().toISOString().slice(0, 10));
  const q = useQuery(PortfolioQuery, { asOf });
  const p = q.data?.loanPortfolio;
  return (
    <main id="main">
      <h1>{t('portfolio.title')}</h1>
      <div class="field inline">
        <label for="p-asof">{t('app.asOf')}</label>
        <input id="p-asof" type="date" value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} />
      </div>
      {q.loading && <p>{t('app.loading')}</p>}
      {q.error && <p class="error">{t('app.loadFailed')}</p>}
      {p && (
        <>
          {p.currencies.map((c) => (
            <section key={c.currency} class="currency">
              <h2>{c.currency}</h2>
              <div class="cards">
                <div class="card">
                  <div class="muted">{t('portfolio.outstanding')}</div>
                  <div class="value">{money(c.outstandingPrincipal)}</div>
                </div>
                <div class="card">
                  <div class="muted">{t('portfolio.interestDue')}</div>
                  <div class="value">{money(c.interestDue)}</div>
                </div>
                <div class="card">
                  <div class="muted">{t('portfolio.totalDue')}</div>
                  <div class="value">{money(c.totalDue)}</div>
                </div>
                <div class="card">
                  <div class="muted">{t('portfolio.repaid')}</div>
                  <div class="value">{money(c.repaid)}</div>
                </div>
                <div class="card">
                  <div class="muted">PAR30</div>
                  <div class="value">{decimal(new Dec(c.par30).times('100').toFixed(1))} %</div>
                </div>
              </div>
              <AgingChart c={c} />
            </section>
          ))}
          <table>
            <caption>{t('portfolio.loans', { count: p.loans.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('portfolio.loan')}</th>
                <th scope="col">{t('portfolio.cooperative')}</th>
                <th scope="col">{t('portfolio.maturity')}</th>
                <th scope="col">{t('portfolio.outstanding')}</th>
                <th scope="col">{t('portfolio.interestDue')}</th>
                <th scope="col">{t('portfolio.daysLate')}</th>
                <th scope="col">{t('portfolio.bucket')}</th>
              </tr>
            </thead>
            <tbody>
              {p.loans.map((l) => (
                <tr key={l.loan.id}>
                  <td>
                    <a href={`/loans/${encodeURIComponent(l.loan.id)}`}>{l.loan.code}</a>
                  </td>
                  <td>{l.loan.cooperative.name}</td>
                  <td>{date(l.loan.maturity)}</td>
                  <td class="num">{money(l.outstandingPrincipal)}</td>
                  <td class="num">{money(l.interestDue)}</td>
                  <td class="num">{l.daysPastDue}</td>
                  <td>{t(`bucket.${l.agingBucket}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}

/** Outstanding principal by days past due, as horizontal bars (SVG), with the figures as text beside them. */
function AgingChart({ c }: { c: Currency }) {
  const max = c.aging.reduce(
    (m, a) => (new Dec(a.outstandingPrincipal.amount).gt(m) ? new Dec(a.outstandingPrincipal.amount) : m),
    new Dec('0'),
  );
  const rowH = 28;
  return (
    <figure>
      <figcaption>{t('portfolio.agingTitle')}</figcaption>
      <svg role="img" aria-label={t('portfolio.agingTitle')} viewBox={`0 0 760 ${rowH * c.aging.length}`} width="100%">
        {c.aging.map((a, i) => {
          const share = max.gt('0')
            ? Number(new Dec(a.outstandingPrincipal.amount).div(max).times('300').toFixed(0))
            : 0;
          return (
            <g key={a.bucket} transform={`translate(0 ${i * rowH})`}>
              <text x="0" y="18" font-size="14" fill="#222">
                {t(`bucket.${a.bucket}`)}
              </text>
              <rect
                x="130"
                y="4"
                width={Math.max(share, 1)}
                height="18"
                fill={i === 0 ? '#2e7d32' : i < 2 ? '#f9a825' : '#c62828'}
              />
              <text x={140 + share} y="18" font-size="14" fill="#222">
                {money(a.outstandingPrincipal)} · {t('portfolio.loanCount', { count: a.loans })}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export function Loan() {
  const { params } = useRoute();
  const q = useQuery(LoanRepaymentsQuery, { id: decodeURIComponent(params.id ?? '') });
  const node = q.data?.node;
  const loan = node?.__typename === 'CampaignLoan' ? node : null;
  if (q.loading) return <main id="main">{t('app.loading')}</main>;
  if (!loan) {
    return (
      <main id="main">
        <h1>{t('portfolio.notFound')}</h1>
        <a href="/portfolio">{t('portfolio.back')}</a>
      </main>
    );
  }
  return (
    <main id="main">
      <h1>
        {loan.code} · {loan.cooperative.name}
      </h1>
      <table>
        <caption>{t('loan.repayments', { count: loan.repayments.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('statement.date')}</th>
            <th scope="col">{t('loan.paid')}</th>
            <th scope="col">{t('loan.interest')}</th>
            <th scope="col">{t('loan.principal')}</th>
            <th scope="col">{t('loan.sale')}</th>
            <th scope="col">{t('loan.lots')}</th>
          </tr>
        </thead>
        <tbody>
          {loan.repayments.map((r) => (
            <tr key={r.id}>
              <td>{date(r.occurredOn)}</td>
              <td class="num">{money(r.paid)}</td>
              <td class="num">{money(r.interest)}</td>
              <td class="num">{money(r.principal)}</td>
              <td>
                {r.sale
                  ? `${r.sale.contractCode} / ${r.sale.deliveryCode} · ${date(r.sale.receivedOn)} · ${weight(r.sale.cooperativeWeight)}`
                  : t(`loan.kind.${r.kind}`, { defaultValue: r.kind })}
              </td>
              <td>{r.sale?.lots.map((l) => `${l.lotCode} (${decimal(l.weight.kg)} kg)`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
