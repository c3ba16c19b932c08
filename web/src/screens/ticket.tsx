/** The lot ticket, the farmer's receipt, printed from the browser (print styles hide everything else). */
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { dateTime, decimal, money, t, weight } from '../i18n';
import * as outbox from '../outbox';
import { session } from '../session';

export function Ticket() {
  const { params } = useRoute();
  const v = session()!.viewer;
  const [item, setItem] = useState<outbox.Item | null | undefined>(undefined);
  useEffect(() => {
    void outbox.get(params.key ?? '').then((i) => setItem(i ?? null));
  }, [params.key]);
  if (item === undefined) return null;
  const lot = item?.lot;
  if (!lot) {
    return (
      <main id="main">
        <h1>{t('ticket.title')}</h1>
        <p>{t('ticket.notYet')}</p>
      </main>
    );
  }
  return (
    <main id="main" class="ticket">
      <h1>{t('ticket.title')}</h1>
      <p>
        {v.consortium.name} · {lot.plant.name}
      </p>
      <dl>
        <dt>{t('ticket.lot')}</dt>
        <dd class="big">{lot.code}</dd>
        <dt>{t('ticket.farmer')}</dt>
        <dd>
          {lot.farmer.fullName} · {lot.farmer.nationalId}
        </dd>
        <dt>{t('ticket.cooperative')}</dt>
        <dd>{lot.cooperative.name}</dd>
        <dt>{t('ticket.received')}</dt>
        <dd>{dateTime(lot.receivedAt, v.consortium.timeZone)}</dd>
        <dt>{t('intake.bags')}</dt>
        <dd>{lot.bags}</dd>
        <dt>{t('ticket.gross')}</dt>
        <dd>{weight(lot.grossWeight)}</dd>
        <dt>{t('ticket.tare')}</dt>
        <dd>{weight(lot.tareWeight)}</dd>
        <dt>{t('intake.net')}</dt>
        <dd class="big">{weight(lot.netWeight)}</dd>
        <dt>{t('intake.moisture')}</dt>
        <dd>{decimal(lot.moisturePercent)} %</dd>
        <dt>{t('ticket.advance')}</dt>
        <dd>{money(lot.advancePaid)}</dd>
      </dl>
      <button type="button" class="no-print" onClick={() => window.print()}>
        {t('ticket.print')}
      </button>
    </main>
  );
}
