/** Cooperative manager: the campaign dashboard, farmers, a farmer's statement (printable), the settlement CSV. */
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { useQuery } from '../hooks';
import { date, decimal, money, percent, t, weight } from '../i18n';
import { CooperativeFarmersQuery, FarmerStatementQuery, ManagerDashboardQuery } from '../ops';
import { currentCampaign, session } from '../session';

function useCampaign() {
  const v = session()!.viewer;
  return currentCampaign(v) ?? v.harvestCampaigns[0];
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

export function Dashboard() {
  const campaign = useCampaign();
  const [asOf, setAsOf] = useState(today());
  const q = useQuery(ManagerDashboardQuery, campaign ? { campaignId: campaign.id, asOf } : null);
  const coop = q.data?.viewer?.cooperative;
  return (
    <main id="main">
      <h1>{t('dashboard.title')}</h1>
      <p>
        {coop?.name} · {campaign ? t('intake.campaign', { code: campaign.code }) : ''}
      </p>
      <div class="field inline">
        <label for="asof">{t('app.asOf')}</label>
        <input id="asof" type="date" value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} />
      </div>
      {q.loading && <p>{t('app.loading')}</p>}
      {q.error && <p class="error">{t('app.loadFailed')}</p>}
      {coop && (
        <>
          <div class="cards">
            <Card label={t('dashboard.delivered')} value={weight(coop.campaignSummary.delivered)} />
            <Card label={t('dashboard.lots')} value={decimal(String(coop.campaignSummary.lotCount))} />
            <Card label={t('dashboard.rejected')} value={decimal(String(coop.campaignSummary.rejectedLotCount))} />
            <Card label={t('dashboard.cup')} value={decimal(coop.campaignSummary.averageCupScore, 2)} />
            <Card label={t('dashboard.specialty')} value={percent(coop.campaignSummary.specialtyLotSharePercent)} />
            <Card label={t('dashboard.advances')} value={coop.statement.advancesPaid.map(money).join(' · ') || '—'} />
            <Card label={t('dashboard.sold')} value={weight(coop.statement.sold)} />
          </div>
          <table>
            <caption>{t('dashboard.salesPaid', { count: coop.statement.paymentsSettled })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('app.currency')}</th>
                <th scope="col">{t('dashboard.fees')}</th>
                <th scope="col">{t('dashboard.lenders')}</th>
                <th scope="col">{t('dashboard.retention')}</th>
                <th scope="col">{t('dashboard.farmers')}</th>
              </tr>
            </thead>
            <tbody>
              {coop.statement.settled.map((s) => (
                <tr key={s.currency}>
                  <td>{s.currency}</td>
                  <td class="num">{money(s.processingFees)}</td>
                  <td class="num">{money(s.loanRepayments)}</td>
                  <td class="num">{money(s.retention)}</td>
                  <td class="num">{money(s.toFarmers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            {t('dashboard.toPay')}: <strong>{money(coop.statement.farmersToPay)}</strong> · {t('dashboard.carried')}:{' '}
            <strong>{money(coop.statement.farmersCarriedDebt)}</strong>
          </p>
        </>
      )}
    </main>
  );
}

function Card({ label, value }: { label: string; value: string }) {
  return (
    <div class="card">
      <div class="muted">{label}</div>
      <div class="value">{value}</div>
    </div>
  );
}

export function Farmers() {
  const [search, setSearch] = useState('');
  const [q0, setQ0] = useState('');
  const q = useQuery(CooperativeFarmersQuery, { search: q0 || null });
  return (
    <main id="main">
      <h1>{t('farmers.title')}</h1>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          setQ0(search.trim());
        }}
      >
        <label for="farmer-search">{t('farmers.search')}</label>
        <input id="farmer-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        <button type="submit">{t('farmers.find')}</button>
      </form>
      {q.loading && <p>{t('app.loading')}</p>}
      {q.error && <p class="error">{t('app.loadFailed')}</p>}
      {q.data && (
        <table>
          <caption>{t('farmers.caption', { count: q.data.farmers.totalCount })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('farmers.name')}</th>
              <th scope="col">{t('farmers.nationalId')}</th>
              <th scope="col">{t('farmers.plots')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.farmers.nodes.map((f) => (
              <tr key={f.id}>
                <td>
                  <a href={`/farmers/${encodeURIComponent(f.id)}`}>{f.fullName}</a>
                </td>
                <td>{f.nationalId}</td>
                <td>{f.plots.map((p) => `${p.name} (${decimal(p.areaHectares)} ha)`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

export function FarmerStatement() {
  const { params } = useRoute();
  const campaign = useCampaign();
  const [to, setTo] = useState(today());
  const q = useQuery(
    FarmerStatementQuery,
    campaign ? { id: decodeURIComponent(params.id ?? ''), campaignId: campaign.id, to } : null,
  );
  const node = q.data?.node;
  const farmer = node?.__typename === 'Farmer' ? node : null;
  if (q.loading) return <main id="main">{t('app.loading')}</main>;
  if (!farmer) {
    return (
      <main id="main">
        <h1>{t('farmers.notFound')}</h1>
        <p role="alert">{t('farmers.notFoundHelp')}</p>
        <a href="/farmers">{t('farmers.back')}</a>
      </main>
    );
  }
  const st = farmer.statement;
  return (
    <main id="main" class="statement">
      <h1>{t('statement.title', { name: farmer.fullName })}</h1>
      <p>
        {farmer.nationalId} · {farmer.cooperative.name} · {date(st.from)} – {date(st.to)}
      </p>
      <div class="field inline no-print">
        <label for="to">{t('statement.to')}</label>
        <input id="to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <button type="button" onClick={() => window.print()}>
          {t('ticket.print')}
        </button>
      </div>
      <p>
        {t('dashboard.delivered')}: <strong>{weight(st.delivered)}</strong>
      </p>
      {st.currencies.map((c) => (
        <table key={c.currency}>
          <caption>
            {c.currency} · {t('statement.advances')}: {money(c.advancesPaid)} · {t('statement.closing')}:{' '}
            {money(c.closingOwedToFarmer)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('statement.date')}</th>
              <th scope="col">{t('statement.kind')}</th>
              <th scope="col">{t('statement.lot')}</th>
              <th scope="col">{t('statement.paid')}</th>
              <th scope="col">{t('statement.credited')}</th>
              <th scope="col">{t('statement.owed')}</th>
            </tr>
          </thead>
          <tbody>
            {c.lines.map((l, i) => (
              <tr key={i}>
                <td>{date(l.occurredOn)}</td>
                <td>{t(`statement.line.${l.kind}`, { defaultValue: l.kind })}</td>
                <td>{l.lot?.code ?? ''}</td>
                <td class="num">{l.paidToFarmer ? money(l.paidToFarmer) : ''}</td>
                <td class="num">{l.creditedToFarmer ? money(l.creditedToFarmer) : ''}</td>
                <td class="num">{money(l.owedToFarmer)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </main>
  );
}

export function Settlements() {
  const s = session()!;
  const campaign = useCampaign();
  const coop = s.viewer.viewer.cooperative;
  const [asOf, setAsOf] = useState(today());
  const [rows, setRows] = useState<string[][] | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    setError(null);
    const url = `/exports/farmer-settlements.csv?cooperative=${encodeURIComponent(coop?.code ?? '')}&campaign=${encodeURIComponent(campaign?.code ?? '')}&asOf=${asOf}`;
    try {
      const res = await fetch(url, { headers: { authorization: `Bearer ${s.token}` } });
      if (!res.ok) throw new Error(String(res.status));
      const text = await res.text();
      setCsv(text);
      setRows(
        text
          .trim()
          .split('\n')
          .map((l) => l.split(',')),
      );
    } catch {
      setError(t('app.loadFailed'));
    }
  };
  const download = () => {
    if (!csv) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    a.download = `${coop?.code}-${campaign?.code}-${asOf}.csv`;
    a.click();
  };
  return (
    <main id="main">
      <h1>{t('settlements.title')}</h1>
      <div class="field inline">
        <label for="s-asof">{t('app.asOf')}</label>
        <input id="s-asof" type="date" value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} />
        <button type="button" onClick={() => void load()}>
          {t('settlements.show')}
        </button>
        {csv && (
          <button type="button" class="secondary" onClick={download}>
            {t('settlements.download')}
          </button>
        )}
      </div>
      {error && <p class="error">{error}</p>}
      {rows && (
        <table>
          <caption>{t('settlements.caption', { count: rows.length - 1 })}</caption>
          <thead>
            <tr>
              {[
                'nationalId',
                'farmer',
                'lots',
                'delivered',
                'currency',
                'advances',
                'credits',
                'balance',
                'toPay',
                'carried',
              ].map((h) => (
                <th key={h} scope="col">
                  {t(`settlements.col.${h}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(1, 201).map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j} class={j >= 2 && j !== 4 ? 'num' : undefined}>
                    {j >= 5 || j === 3 ? decimal(c) : c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
