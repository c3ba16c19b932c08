import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from 'preact-iso';
import { onSignedOut, request, setToken as setApiToken } from './api';
import { useOnline } from './hooks';
import { type Locale, i18n, locale, setLocale, t } from './i18n';
import { ViewerQuery } from './ops';
import * as outbox from './outbox';
import { type Role, refreshViewer, signIn, signOut, signedIn, useSession, userKey } from './session';
import { Intake } from './screens/intake';
import './style.css';

const Lots = lazy(() => import('./screens/lots').then((m) => m.Lots));
const Board = lazy(() => import('./screens/board').then((m) => m.Board));
const Ticket = lazy(() => import('./screens/ticket').then((m) => m.Ticket));
const Dashboard = lazy(() => import('./screens/manager').then((m) => m.Dashboard));
const Farmers = lazy(() => import('./screens/manager').then((m) => m.Farmers));
const FarmerStatement = lazy(() => import('./screens/manager').then((m) => m.FarmerStatement));
const Settlements = lazy(() => import('./screens/manager').then((m) => m.Settlements));
const Portfolio = lazy(() => import('./screens/lender').then((m) => m.Portfolio));
const Loan = lazy(() => import('./screens/lender').then((m) => m.Loan));
const Books = lazy(() => import('./screens/books').then((m) => m.Books));

/** The screens each role works on, first one is home. */
const NAV: Record<Role, { href: string; label: string }[]> = {
  PLANT_STAFF: [
    { href: '/intake', label: 'nav.intake' },
    { href: '/lots', label: 'nav.lots' },
    { href: '/board', label: 'nav.board' },
  ],
  COOPERATIVE_MANAGER: [
    { href: '/dashboard', label: 'nav.dashboard' },
    { href: '/farmers', label: 'nav.farmers' },
    { href: '/settlements', label: 'nav.settlements' },
  ],
  LENDER: [{ href: '/portfolio', label: 'nav.portfolio' }],
  AUDITOR: [
    { href: '/books', label: 'nav.books' },
    { href: '/portfolio', label: 'nav.portfolio' },
  ],
  ADMIN: [
    { href: '/books', label: 'nav.books' },
    { href: '/portfolio', label: 'nav.portfolio' },
    { href: '/board', label: 'nav.board' },
  ],
};

function SignIn() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { route } = useLocation();
  const submit = async (e: Event) => {
    e.preventDefault();
    const value = token.trim();
    if (!value) return setError(t('signin.empty'));
    setBusy(true);
    setError(null);
    setApiToken(value);
    try {
      const viewer = signedIn(await request(ViewerQuery));
      if (!viewer) throw Object.assign(new Error('no viewer'), { code: 'UNAUTHENTICATED' });
      signIn(value, viewer);
      route(NAV[viewer.viewer.role][0]!.href);
    } catch (err) {
      signOut();
      setError((err as { code?: string }).code === 'UNAUTHENTICATED' ? t('signin.invalid') : t('signin.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="narrow">
      <h1>{t('signin.title')}</h1>
      <p>{t('signin.help')}</p>
      <form onSubmit={submit}>
        <label for="token">{t('signin.token')}</label>
        <input
          id="token"
          name="token"
          autocomplete="off"
          spellcheck={false}
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
          aria-describedby={error ? 'token-error' : undefined}
        />
        {error && (
          <p id="token-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signin.submit')}
        </button>
      </form>
    </main>
  );
}

function Header() {
  const s = useSession();
  const online = useOnline();
  const { path } = useLocation();
  return (
    <header class="no-print">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <span class="brand">{s?.viewer.consortium?.name ?? t('app.name')}</span>
      {s && (
        <nav aria-label={t('nav.label')}>
          {NAV[s.viewer.viewer.role].map((n) => (
            <a key={n.href} href={n.href} aria-current={path.startsWith(n.href) ? 'page' : undefined}>
              {t(n.label)}
            </a>
          ))}
          <a href="/graphql" target="_blank" rel="noopener">
            {t('nav.graphiql')}
          </a>
        </nav>
      )}
      <span class="spacer" />
      <span class={online ? 'online' : 'offline'} role="status">
        {online ? t('app.online') : t('app.offline')}
      </span>
      <LanguageSwitch />
      {s && (
        <span class="who">
          {s.viewer.viewer.name} · {t(`role.${s.viewer.viewer.role}`)}
          <button type="button" class="link" onClick={() => signOut()}>
            {t('nav.signOut')}
          </button>
        </span>
      )}
    </header>
  );
}

function LanguageSwitch() {
  const [, rerender] = useState(0);
  const change = (l: Locale) => {
    setLocale(l);
    rerender((n) => n + 1);
  };
  return (
    <fieldset class="lang">
      <legend class="sr-only">{t('app.language')}</legend>
      {(['es', 'en'] as const).map((l) => (
        <button key={l} type="button" class="link" aria-pressed={locale() === l} onClick={() => change(l)} lang={l}>
          {l === 'es' ? 'Español' : 'English'}
        </button>
      ))}
    </fieldset>
  );
}

function Home() {
  const s = useSession();
  const { route } = useLocation();
  useEffect(() => {
    route(s ? NAV[s.viewer.viewer.role][0]!.href : '/signin', true);
  }, [s]);
  return null;
}

function NotFound() {
  return (
    <main id="main">
      <h1>{t('app.notFound')}</h1>
    </main>
  );
}

function App() {
  const s = useSession();
  const [lang, setLang] = useState(i18n.language);
  useEffect(() => {
    const l = (lng: string) => setLang(lng);
    i18n.on('languageChanged', l);
    document.documentElement.lang = locale();
    return () => i18n.off('languageChanged', l);
  }, []);
  useEffect(() => {
    outbox.start(s ? userKey(s.viewer) : null);
    // Refresh who we are (a role or a plant may have changed); offline, the saved viewer stands.
    if (s) request(ViewerQuery).then(refreshViewer, () => {});
  }, [s?.token]);
  return (
    <LocationProvider>
      <Header />
      {/* A new language re-renders every screen in it (screens keep no state worth keeping across it). */}
      <ErrorBoundary key={lang}>
        {s ? (
          <Router>
            <Route path="/" component={Home} />
            <Route path="/signin" component={Home} />
            <Route path="/intake" component={Intake} />
            <Route path="/intake/:key" component={Intake} />
            <Route path="/lots" component={Lots} />
            <Route path="/board" component={Board} />
            <Route path="/ticket/:key" component={Ticket} />
            <Route path="/dashboard" component={Dashboard} />
            <Route path="/farmers" component={Farmers} />
            <Route path="/farmers/:id" component={FarmerStatement} />
            <Route path="/settlements" component={Settlements} />
            <Route path="/portfolio" component={Portfolio} />
            <Route path="/loans/:id" component={Loan} />
            <Route path="/books" component={Books} />
            <Route default component={NotFound} />
          </Router>
        ) : (
          <SignIn />
        )}
      </ErrorBoundary>
    </LocationProvider>
  );
}

onSignedOut(() => signOut());
render(<App />, document.getElementById('app')!);

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register('/sw.js');
}
