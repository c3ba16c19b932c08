/** Auditor: the trial balance, audit verification (the chain's head to record), the journal as CSV. */
import { useState } from 'preact/hooks';
import { request } from '../api';
import { useQuery } from '../hooks';
import { decimal, money, t } from '../i18n';
import { AuditVerificationQuery, BooksQuery, JournalPageQuery } from '../ops';

export function Books() {
  const [asOf, setAsOf] = useState(new Date().toISOString().slice(0, 10));
  const q = useQuery(BooksQuery, { asOf });
  const [audit, setAudit] = useState<Awaited<ReturnType<typeof verify>> | null>(null);
  const [busy, setBusy] = useState(false);
  const tb = q.data?.trialBalance;
  return (
    <main id="main">
      <h1>{t('books.title')}</h1>
      <div class="field inline">
        <label for="b-asof">{t('app.asOf')}</label>
        <input id="b-asof" type="date" value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} />
        <button type="button" class="secondary" disabled={busy} onClick={() => void exportJournal(asOf, setBusy)}>
          {t('books.export')}
        </button>
      </div>
      <section>
        <h2>{t('books.audit')}</h2>
        <button type="button" onClick={() => void verify().then(setAudit)}>
          {t('books.verify')}
        </button>
        {audit && (
          <p role="status" class={audit.ok ? 'notice' : 'error'}>
            {audit.ok ? t('books.auditOk', { entries: audit.entries }) : t('books.auditBroken')} · {t('books.head')}:{' '}
            <code>{audit.head}</code>
          </p>
        )}
        {audit && audit.problems.length > 0 && (
          <ul>
            {audit.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </section>
      {q.loading && <p>{t('app.loading')}</p>}
      {tb && (
        <>
          <h2>{t('books.trialBalance')}</h2>
          <p role="status">{tb.balanced ? t('books.balanced') : t('books.unbalanced')}</p>
          <table>
            <caption>{t('books.totals')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('app.currency')}</th>
                <th scope="col">{t('books.debits')}</th>
                <th scope="col">{t('books.credits')}</th>
              </tr>
            </thead>
            <tbody>
              {tb.currencies.map((c) => (
                <tr key={c.currency}>
                  <td>{c.currency}</td>
                  <td class="num">{money(c.debits)}</td>
                  <td class="num">{money(c.credits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>{t('books.accounts', { count: tb.accounts.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('books.account')}</th>
                <th scope="col">{t('books.debits')}</th>
                <th scope="col">{t('books.credits')}</th>
                <th scope="col">{t('books.balance')}</th>
              </tr>
            </thead>
            <tbody>
              {tb.accounts.slice(0, 200).map((a) => (
                <tr key={a.code}>
                  <td>
                    <code>{a.code}</code>
                  </td>
                  <td class="num">{decimal(a.debits.amount, 2)}</td>
                  <td class="num">{decimal(a.credits.amount, 2)}</td>
                  <td class="num">{money(a.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}

async function verify() {
  return (await request(AuditVerificationQuery)).auditVerification;
}

const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** Every journal line up to the date, as CSV, page by page through the API. */
async function exportJournal(to: string, setBusy: (b: boolean) => void) {
  setBusy(true);
  try {
    const rows = ['entry,occurred_on,kind,description,account,currency,amount,memo'];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof request<typeof JournalPageQuery>>> = await request(JournalPageQuery, {
        after,
        to,
      });
      for (const e of page.journalEntries.nodes) {
        for (const l of e.lines) {
          rows.push(
            [
              e.id,
              e.occurredOn,
              e.kind,
              e.description,
              l.account.code,
              l.amount.currency,
              l.amount.amount,
              l.memo ?? '',
            ]
              .map(cell)
              .join(','),
          );
        }
      }
      if (!page.journalEntries.pageInfo.hasNextPage) break;
      after = page.journalEntries.pageInfo.endCursor ?? null;
    }
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([`${rows.join('\n')}\n`], { type: 'text/csv' }));
    a.download = `journal-${to}.csv`;
    a.click();
  } finally {
    setBusy(false);
  }
}
