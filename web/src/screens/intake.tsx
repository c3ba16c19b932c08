/**
 * Plant staff: the intake form and the device's outbox. The form checks the API's own rules (the same functions,
 * server/domain/lot.ts) as it is typed, computes the net weight and quintals, and saves into the outbox; the
 * outbox sends when it can. A refused item opens here again (/intake/<key>) to be fixed and resent.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { InvalidInputError } from '../../../server/domain/errors';
import { validateIntake } from '../../../server/domain/lot';
import { gramsToKg, gramsToQuintals, parseKgToGrams } from '../../../server/domain/units';
import { request } from '../api';
import { decimal, issueMessage, t, weight } from '../i18n';
import { FarmersPageQuery } from '../ops';
import * as outbox from '../outbox';
import { currentCampaign, session, userKey } from '../session';
import type { ResultOf } from '../graphql';

export type CachedFarmer = ResultOf<typeof FarmersPageQuery>['farmers']['nodes'][number];
const FARMERS = 'farmers';
const MAX_AGE_MS = 12 * 3600_000;

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The farmers the plant may receive from, cached on the device so the search works offline. */
export function useFarmers() {
  const [farmers, setFarmers] = useState<CachedFarmer[]>([]);
  useEffect(() => {
    let live = true;
    (async () => {
      const cached = await outbox.cacheGet<CachedFarmer[]>(FARMERS);
      if (cached && live) setFarmers(cached.value);
      if (cached && Date.now() - Date.parse(cached.at) < MAX_AGE_MS) return;
      const all: CachedFarmer[] = [];
      let after: string | null = null;
      try {
        for (;;) {
          const page: ResultOf<typeof FarmersPageQuery> = await request(FarmersPageQuery, { after });
          all.push(...page.farmers.nodes);
          if (!page.farmers.pageInfo.hasNextPage) break;
          after = page.farmers.pageInfo.endCursor ?? null;
        }
        await outbox.cachePut(FARMERS, all);
        if (live) setFarmers(all);
      } catch {
        // offline: the cached list stands
      }
    })();
    return () => {
      live = false;
    };
  }, []);
  return farmers;
}

function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

interface Form {
  farmerId: string;
  plot: string;
  bags: string;
  grossKg: string;
  tareKg: string;
  moisturePercent: string;
  productForm: 'DRIED_PARCHMENT' | 'GREEN' | 'CHERRY';
  receivedAt: string;
  notes: string;
}
const EMPTY: Omit<Form, 'receivedAt'> = {
  farmerId: '',
  plot: '',
  bags: '',
  grossKg: '',
  tareKg: '',
  moisturePercent: '',
  productForm: 'DRIED_PARCHMENT',
  notes: '',
};

export function Intake() {
  const s = session()!;
  const v = s.viewer;
  const { params } = useRoute();
  const { route } = useLocation();
  const farmers = useFarmers();
  const today = new Date().toISOString().slice(0, 10);
  const open = currentCampaign(v, today);
  // Intake only into a campaign that is open today.
  const campaign = open && open.startsOn <= today && today <= open.endsOn ? open : undefined;
  const [form, setForm] = useState<Form>({ ...EMPTY, receivedAt: localInput(new Date()) });
  const [search, setSearch] = useState('');
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const fixing = params.key ?? null;
  const [fixItem, setFixItem] = useState<outbox.Item | null>(null);

  useEffect(() => {
    if (!fixing) return setFixItem(null);
    void outbox.get(fixing).then((item) => {
      if (!item || item.kind !== 'intake') return;
      setFixItem(item);
      const i = item.input;
      setForm({
        farmerId: i.farmerId,
        plot: '',
        bags: String(i.bags),
        grossKg: i.grossKg,
        tareKg: i.tareKg,
        moisturePercent: i.moisturePercent,
        productForm: i.productForm ?? 'DRIED_PARCHMENT',
        receivedAt: localInput(new Date(i.receivedAt)),
        notes: i.notes ?? '',
      });
      setTouched({ bags: true, grossKg: true, tareKg: true, moisturePercent: true, receivedAt: true, farmerId: true });
    });
  }, [fixing]);

  const farmer = farmers.find((f) => f.id === form.farmerId);
  const matches = useMemo(() => {
    const q = fold(search.trim());
    if (q.length < 2) return [];
    return farmers.filter((f) => f.nationalId.startsWith(q) || fold(f.fullName).includes(q)).slice(0, 8);
  }, [search, farmers]);

  const gross = parseKgToGrams(form.grossKg || 'x');
  const tare = parseKgToGrams(form.tareKg || 'x');
  const netG = gross.ok && tare.ok && gross.grams > tare.grams ? gross.grams - tare.grams : null;

  const issues = useMemo(() => {
    const found: Record<string, string> = {};
    if (!form.farmerId) found.farmerId = t('intake.farmerRequired');
    if (!campaign) found.receivedAt = t('intake.noCampaign');
    else {
      try {
        validateIntake(
          {
            receivedAt: new Date(form.receivedAt),
            bags: /^\d+$/.test(form.bags) ? Number(form.bags) : Number.NaN,
            grossKg: form.grossKg,
            tareKg: form.tareKg,
            moisturePercent: form.moisturePercent,
            notes: form.notes,
          },
          { campaign, timeZone: v.consortium.timeZone, now: new Date() },
        );
      } catch (e) {
        if (!(e instanceof InvalidInputError)) throw e;
        for (const issue of e.issues) found[issue.path[1] ?? ''] ??= issueMessage(issue);
      }
    }
    return found;
  }, [form, campaign?.id]);

  const set = (field: keyof Form) => (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement).value;
    setForm((f) => ({ ...f, [field]: value }));
  };
  const blur = (field: string) => () => setTouched((t0) => ({ ...t0, [field]: true }));

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched({
      farmerId: true,
      bags: true,
      grossKg: true,
      tareKg: true,
      moisturePercent: true,
      receivedAt: true,
      notes: true,
    });
    if (Object.keys(issues).length > 0 || !campaign || !v.viewer.plant) return;
    const notes = [form.plot ? `${t('intake.plot')}: ${form.plot}` : '', form.notes.trim()].filter(Boolean).join(' — ');
    const input = {
      plantId: fixItem?.kind === 'intake' ? fixItem.input.plantId : v.viewer.plant.id,
      campaignId: fixItem?.kind === 'intake' ? fixItem.input.campaignId : campaign.id,
      farmerId: form.farmerId,
      receivedAt: new Date(form.receivedAt).toISOString(),
      bags: Number(form.bags),
      grossKg: form.grossKg,
      tareKg: form.tareKg,
      moisturePercent: form.moisturePercent,
      productForm: form.productForm,
      notes: notes || null,
    };
    const label = farmer ? `${farmer.fullName} (${farmer.nationalId})` : form.farmerId;
    if (fixing) {
      await outbox.resend(fixing, input, label);
      route('/intake');
    } else {
      await outbox.add({ kind: 'intake', key: outbox.newKey('intake'), user: userKey(v), label, input });
    }
    setSaved(label);
    setForm({ ...EMPTY, receivedAt: localInput(new Date()) });
    setSearch('');
    setTouched({});
  };

  const field = (name: keyof Form, label: string, props: Record<string, unknown> = {}) => {
    const problem = touched[name] ? issues[name] : undefined;
    return (
      <div class="field">
        <label for={`f-${name}`}>{label}</label>
        <input
          id={`f-${name}`}
          name={name}
          value={form[name]}
          onInput={set(name)}
          onBlur={blur(name)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `e-${name}` : undefined}
          {...props}
        />
        {problem && (
          <p class="error" id={`e-${name}`}>
            {problem}
          </p>
        )}
      </div>
    );
  };

  if (!v.viewer.plant) {
    return (
      <main id="main">
        <h1>{t('intake.title')}</h1>
        <p>{t('intake.noPlant')}</p>
      </main>
    );
  }

  return (
    <main id="main" class="intake">
      <section aria-labelledby="intake-title">
        <h1 id="intake-title">{fixing ? t('intake.fixTitle') : t('intake.title')}</h1>
        <p class="muted">
          {v.viewer.plant.name} · {campaign ? t('intake.campaign', { code: campaign.code }) : t('intake.noCampaign')}
        </p>
        {fixItem?.refusal && <Refusal refusal={fixItem.refusal} />}
        {saved && !fixing && (
          <p class="notice" role="status">
            {t('intake.saved', { farmer: saved })}
          </p>
        )}
        <form onSubmit={submit} noValidate>
          <div class="field">
            <label for="f-search">{t('intake.farmer')}</label>
            <input
              id="f-search"
              type="search"
              value={farmer && !search ? `${farmer.fullName} · ${farmer.nationalId}` : search}
              placeholder={t('intake.farmerPlaceholder')}
              onInput={(e) => {
                setSearch(e.currentTarget.value);
                setForm((f) => ({ ...f, farmerId: '', plot: '' }));
              }}
              onBlur={blur('farmerId')}
              aria-invalid={touched.farmerId && issues.farmerId ? true : undefined}
              aria-describedby="e-farmerId"
              autocomplete="off"
            />
            {matches.length > 0 && !form.farmerId && (
              <ul class="matches" aria-label={t('intake.matches')}>
                {matches.map((f) => (
                  <li key={f.id}>
                    <button
                      type="button"
                      onClick={() => {
                        setForm((x) => ({ ...x, farmerId: f.id, plot: f.plots[0]?.name ?? '' }));
                        setSearch('');
                      }}
                    >
                      {f.fullName} · {f.nationalId} · {f.cooperative.code}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {search.trim().length >= 2 && matches.length === 0 && <p class="muted">{t('intake.noMatch')}</p>}
            {touched.farmerId && issues.farmerId && (
              <p class="error" id="e-farmerId">
                {issues.farmerId}
              </p>
            )}
            <p class="muted">{t('intake.farmersCached', { count: farmers.length })}</p>
          </div>
          {farmer && farmer.plots.length > 0 && (
            <div class="field">
              <label for="f-plot">{t('intake.plot')}</label>
              <select id="f-plot" value={form.plot} onChange={set('plot')}>
                {farmer.plots.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="row">
            {field('bags', t('intake.bags'), { inputMode: 'numeric' })}
            {field('grossKg', t('intake.grossKg'), { inputMode: 'decimal' })}
            {field('tareKg', t('intake.tareKg'), { inputMode: 'decimal' })}
            {field('moisturePercent', t('intake.moisture'), { inputMode: 'decimal' })}
          </div>
          <p class="net" aria-live="polite">
            {t('intake.net')}:{' '}
            <strong>{netG === null ? '—' : weight({ kg: gramsToKg(netG), quintals: gramsToQuintals(netG) })}</strong>
          </p>
          <div class="row">
            <div class="field">
              <label for="f-productForm">{t('intake.productForm')}</label>
              <select id="f-productForm" value={form.productForm} onChange={set('productForm')}>
                {(['DRIED_PARCHMENT', 'GREEN', 'CHERRY'] as const).map((p) => (
                  <option key={p} value={p}>
                    {t(`productForm.${p}`)}
                  </option>
                ))}
              </select>
            </div>
            {field('receivedAt', t('intake.receivedAt'), { type: 'datetime-local' })}
          </div>
          {field('notes', t('intake.notes'))}
          <button type="submit">{fixing ? t('intake.resend') : t('intake.save')}</button>
          {fixing && (
            <button type="button" class="secondary" onClick={() => route('/intake')}>
              {t('intake.cancel')}
            </button>
          )}
        </form>
      </section>
      <Outbox />
    </main>
  );
}

export function Refusal({ refusal }: { refusal: outbox.Refusal }) {
  return (
    <div class="refusal" role="alert">
      <p>
        <strong>{t('outbox.refusedBecause')}</strong>{' '}
        {refusal.issues.length === 0 ? t(`refusal.${refusal.typename}`, { defaultValue: refusal.message }) : null}
        {refusal.code ? ` (${t(`conflict.${refusal.code}`, { defaultValue: refusal.code })})` : ''}
      </p>
      {refusal.issues.length > 0 && (
        <ul>
          {refusal.issues.map((i) => (
            <li key={i.path.join('.')}>
              {t(`field.${i.path[i.path.length - 1]}`, { defaultValue: i.path.join('.') })}: {issueMessage(i)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Outbox() {
  const s = session()!;
  const [items, setItems] = useState<outbox.Item[]>([]);
  useEffect(() => {
    const load = () => void outbox.list(userKey(s.viewer)).then(setItems);
    load();
    const off = outbox.onChange(load);
    return () => {
      off();
    };
  }, []);
  const counts = { waiting: 0, sent: 0, refused: 0 };
  for (const i of items) counts[i.state]++;
  return (
    <section aria-labelledby="outbox-title" class="outbox">
      <h2 id="outbox-title">{t('outbox.title')}</h2>
      <p role="status" data-testid="outbox-counts">
        {t('outbox.counts', counts)}
      </p>
      {counts.waiting > 0 && (
        <button type="button" class="secondary" onClick={() => void outbox.retryNow()}>
          {t('outbox.retry')}
        </button>
      )}
      <ol>
        {[...items].reverse().map((i) => (
          <li key={i.key} class={`item ${i.state}`} data-state={i.state}>
            <span class={`badge ${i.state}`}>{t(`outbox.state.${i.state}`)}</span>{' '}
            <strong>{t(`outbox.kind.${i.kind}`)}</strong> {i.label}
            {i.kind === 'intake' && (
              <span>
                {' '}
                · {decimal(i.input.grossKg)} − {decimal(i.input.tareKg)} kg · {decimal(i.input.moisturePercent)} %
              </span>
            )}
            {i.lot && (
              <span>
                {' '}
                → <strong>{i.lot.code}</strong> <a href={`/ticket/${i.key}`}>{t('outbox.ticket')}</a>
              </span>
            )}
            {i.state === 'waiting' && i.attempts > 0 && (
              <span class="muted"> · {t('outbox.attempts', { count: i.attempts })}</span>
            )}
            {i.refusal && <Refusal refusal={i.refusal} />}
            {i.state === 'refused' && (
              <span>
                {i.kind === 'intake' && <a href={`/intake/${i.key}`}>{t('outbox.fix')}</a>}{' '}
                <button type="button" class="link" onClick={() => void outbox.discard(i.key)}>
                  {t('outbox.discard')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
