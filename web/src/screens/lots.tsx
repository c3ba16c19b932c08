/** Plant staff: the plant's lots waiting for grading; grade or reject each, through the outbox like an intake. */
import { useState } from 'preact/hooks';
import { InvalidInputError } from '../../../server/domain/errors';
import { validateGrading } from '../../../server/domain/lot';
import { useQuery } from '../hooks';
import { decimal, issueMessage, t, weight } from '../i18n';
import { PlantLotsQuery } from '../ops';
import * as outbox from '../outbox';
import { session, userKey } from '../session';
import type { ResultOf } from '../graphql';
import { Outbox } from './intake';

type Lot = ResultOf<typeof PlantLotsQuery>['lots']['nodes'][number];

export function Lots() {
  const [done, setDone] = useState<string[]>([]);
  const q = useQuery(PlantLotsQuery, { status: ['RECEIVED'] });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <main id="main" class="intake">
      <section>
        <h1>{t('lots.title')}</h1>
        {q.loading && <p>{t('app.loading')}</p>}
        {q.error && <p class="error">{t('app.offlineData')}</p>}
        {q.data && (
          <table>
            <caption>{t('lots.caption', { count: q.data.lots.totalCount })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('lots.code')}</th>
                <th scope="col">{t('lots.farmer')}</th>
                <th scope="col">{t('intake.net')}</th>
                <th scope="col">{t('intake.moisture')}</th>
                <th scope="col">
                  <span class="sr-only">{t('lots.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {q.data.lots.nodes
                .filter((lot) => !done.includes(lot.id))
                .map((lot) => (
                  <>
                    <tr key={lot.id}>
                      <td>{lot.code}</td>
                      <td>{lot.farmer.fullName}</td>
                      <td>{weight(lot.netWeight)}</td>
                      <td class={lot.aboveMoistureLimit ? 'warn' : undefined}>{decimal(lot.moisturePercent)} %</td>
                      <td>
                        <button
                          type="button"
                          class="secondary"
                          onClick={() => setOpen(open === lot.id ? null : lot.id)}
                        >
                          {t('lots.gradeOrReject')}
                        </button>
                      </td>
                    </tr>
                    {open === lot.id && (
                      <tr key={`${lot.id}-form`}>
                        <td colSpan={5}>
                          <GradeForm
                            lot={lot}
                            done={() => {
                              // Graded or rejected: in the outbox now, off the list.
                              setDone((d) => [...d, lot.id]);
                              setOpen(null);
                            }}
                          />
                        </td>
                      </tr>
                    )}
                  </>
                ))}
            </tbody>
          </table>
        )}
      </section>
      <Outbox />
    </main>
  );
}

function GradeForm({ lot, done }: { lot: Lot; done: () => void }) {
  const v = session()!.viewer;
  const [f, setF] = useState({ yield: '', c1: '0', c2: '0', cup: '', protocol: 'SCA', organic: false, grade: '' });
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const grade = async (e: Event) => {
    e.preventDefault();
    const input = {
      lotId: lot.id,
      exportableYieldPercent: f.yield,
      category1Defects: Number(f.c1),
      category2Defects: Number(f.c2),
      cupScore: f.cup || null,
      cupProtocol: f.cup ? (f.protocol as 'SCA' | 'CQI_Q' | 'COE') : null,
      organic: f.organic,
      grade: f.grade || null,
    };
    try {
      validateGrading(
        {
          gradedAt: new Date(),
          exportableYieldPercent: input.exportableYieldPercent,
          category1Defects: /^\d+$/.test(f.c1) ? input.category1Defects : Number.NaN,
          category2Defects: /^\d+$/.test(f.c2) ? input.category2Defects : Number.NaN,
          cupScore: input.cupScore,
          cupProtocol: input.cupProtocol ? (input.cupProtocol.toLowerCase() as 'sca') : null,
          organic: false,
          grade: input.grade,
        },
        { receivedAt: lot.receivedAt, now: new Date(), organicCertified: true },
      );
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      const found: Record<string, string> = {};
      for (const i of err.issues) found[i.path[1] ?? ''] ??= issueMessage(i);
      setProblems(found);
      return;
    }
    await outbox.add({ kind: 'grade', key: outbox.newKey('grade'), user: userKey(v), label: lot.code, input });
    done();
  };
  const reject = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return setProblems({ reason: issueMessage({ code: 'REQUIRED', message: 'is required' }) });
    await outbox.add({
      kind: 'reject',
      key: outbox.newKey('reject'),
      user: userKey(v),
      label: lot.code,
      input: { lotId: lot.id, reason: reason.trim() },
    });
    done();
  };
  const input = (name: keyof typeof f, label: string, mode = 'decimal') => (
    <div class="field">
      <label for={`g-${name}`}>{label}</label>
      <input
        id={`g-${name}`}
        inputMode={mode as 'decimal'}
        value={String(f[name])}
        onInput={(e) => setF({ ...f, [name]: e.currentTarget.value })}
        aria-invalid={problems[fieldOf(name)] ? true : undefined}
      />
      {problems[fieldOf(name)] && <p class="error">{problems[fieldOf(name)]}</p>}
    </div>
  );
  return (
    <div class="grade">
      <form onSubmit={grade} noValidate>
        <h2>{t('lots.gradeTitle', { code: lot.code })}</h2>
        <div class="row">
          {input('yield', t('lots.yield'))}
          {input('c1', t('lots.c1'), 'numeric')}
          {input('c2', t('lots.c2'), 'numeric')}
          {input('cup', t('lots.cup'))}
          <div class="field">
            <label for="g-protocol">{t('lots.protocol')}</label>
            <select
              id="g-protocol"
              value={f.protocol}
              onChange={(e) => setF({ ...f, protocol: e.currentTarget.value })}
            >
              <option value="SCA">SCA</option>
              <option value="CQI_Q">CQI Q</option>
              <option value="COE">CoE</option>
            </select>
          </div>
          {input('grade', t('lots.grade'), 'text')}
          <div class="field check">
            <input
              id="g-organic"
              type="checkbox"
              checked={f.organic}
              onChange={(e) => setF({ ...f, organic: e.currentTarget.checked })}
            />
            <label for="g-organic">{t('lots.organic')}</label>
          </div>
        </div>
        <button type="submit">{t('lots.saveGrade')}</button>
      </form>
      <form onSubmit={reject} noValidate>
        <div class="field">
          <label for="g-reason">{t('lots.reason')}</label>
          <input id="g-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          {problems.reason && <p class="error">{problems.reason}</p>}
        </div>
        <button type="submit" class="danger">
          {t('lots.reject')}
        </button>
      </form>
    </div>
  );
}

function fieldOf(name: string): string {
  return (
    { yield: 'exportableYieldPercent', c1: 'category1Defects', c2: 'category2Defects', cup: 'cupScore' }[name] ?? name
  );
}
