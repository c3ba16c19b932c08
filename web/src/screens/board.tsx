/** The plant's live intake board: the lotActivity subscription (server-sent events), newest first. */
import { useEffect, useState } from 'preact/hooks';
import { subscribe } from '../api';
import { dateTime, t, weight } from '../i18n';
import { LotActivitySubscription } from '../ops';
import { session } from '../session';
import type { ResultOf } from '../graphql';

type Event = ResultOf<typeof LotActivitySubscription>['lotActivity'];

export function Board() {
  const v = session()!.viewer;
  const plant = v.viewer.plant;
  const [events, setEvents] = useState<Event[]>([]);
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!plant) return;
    return subscribe(
      LotActivitySubscription,
      { plantId: plant.id },
      (d) => setEvents((e) => [d.lotActivity, ...e].slice(0, 100)),
      setLive,
    );
  }, [plant?.id]);
  return (
    <main id="main">
      <h1>{t('board.title')}</h1>
      {!plant ? (
        <p>{t('board.noPlant')}</p>
      ) : (
        <>
          <p role="status">
            {plant.name} · {live ? t('board.live') : t('board.connecting')}
          </p>
          {events.length === 0 && <p class="muted">{t('board.empty')}</p>}
          <ol class="board">
            {events.map((e) => (
              <li key={`${e.lot.id}-${e.at}-${e.kind}`} class={`event ${e.kind}`}>
                <span class="badge">{t(`board.kind.${e.kind}`)}</span> <strong>{e.lot.code}</strong> ·{' '}
                {e.lot.farmer.fullName} · {e.lot.cooperative.code} · {weight(e.lot.netWeight)} · {dateTime(e.at)}
              </li>
            ))}
          </ol>
        </>
      )}
    </main>
  );
}
