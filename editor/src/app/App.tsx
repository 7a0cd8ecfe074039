/** The shell: sign-in, the policy list, a policy workspace (lazy-loaded), the language switch. */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiClient, KEY_STORAGE, type Me } from '../api/client.js';
import { LOCALES, useI18n } from '../i18n/i18n.js';
import { SignIn } from './SignIn.js';
import { mayLeave } from './navigation-guard.js';
import { PolicyList } from './PolicyList.js';
import { parseWorkflowRoute, WorkflowNav, WorkflowScreen, type WorkflowRoute } from '../workflow/WorkflowScreen.js';
import { AuditNav, parseAuditRoute, type AuditTab } from '../audit/audit-route.js';
import { ExperimentsNav, parseExperimentsRoute } from '../experiments/experiments-route.js';
import { MonitoringNav, parseMonitoringRoute } from '../monitoring/monitoring-route.js';
import { CustomersNav, parseCustomersRoute, type CustomersRoute } from '../customers/customers-route.js';

const loadPolicyWorkspace = () => import('./PolicyWorkspace.js');
// Opened on a policy and signed in: its chunk downloads while /me is asked, not after the answer.
if (/^#\/policies\//.test(window.location.hash) && sessionStorage.getItem(KEY_STORAGE)) void loadPolicyWorkspace();
const PolicyWorkspace = lazy(loadPolicyWorkspace);
const ImpactScreen = lazy(() => import('../impact/ImpactScreen.js'));
const AuditWorkspace = lazy(() => import('../audit/AuditWorkspace.js'));
const ExperimentsScreen = lazy(() => import('../experiments/ExperimentsScreen.js'));
const MonitoringScreen = lazy(() => import('../monitoring/MonitoringScreen.js'));
const CustomersScreen = lazy(() => import('../customers/CustomersScreen.js'));

type Route =
  | { screen: 'list' }
  | { screen: 'policy'; id: string; version: number | null }
  | { screen: 'impact'; id: string }
  | { screen: 'workflow'; route: WorkflowRoute }
  | { screen: 'audit'; tab: AuditTab }
  | { screen: 'experiments'; policyId: string | null }
  | { screen: 'monitoring'; policyId: string | null }
  | { screen: 'customers'; route: CustomersRoute };

export function parseRoute(hash: string): Route {
  const m = /^#\/policies\/([^/]+)(?:\/versions\/(\d+))?$/.exec(hash);
  if (m) return { screen: 'policy', id: decodeURIComponent(m[1]!), version: m[2] ? Number(m[2]) : null };
  const impact = /^#\/policies\/([^/]+)\/impact$/.exec(hash);
  if (impact) return { screen: 'impact', id: decodeURIComponent(impact[1]!) };
  const workflow = parseWorkflowRoute(hash);
  if (workflow) return { screen: 'workflow', route: workflow };
  const audit = parseAuditRoute(hash);
  if (audit) return { screen: 'audit', tab: audit };
  const experiments = parseExperimentsRoute(hash);
  if (experiments) return { screen: 'experiments', policyId: experiments.policyId };
  const monitoring = parseMonitoringRoute(hash);
  if (monitoring) return { screen: 'monitoring', policyId: monitoring.policyId };
  const customers = parseCustomersRoute(hash);
  if (customers) return { screen: 'customers', route: customers };
  return { screen: 'list' };
}

function useHashRoute(): [Route, (hash: string) => void] {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    let current = window.location.hash;
    const on = () => {
      if (window.location.hash === current) return;
      // A link or the back button left a screen with unsaved work: stay unless the person confirms.
      if (!mayLeave()) {
        history.replaceState(null, '', current || '#/');
        return;
      }
      current = window.location.hash;
      setHash(current);
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const navigate = useCallback((h: string) => {
    window.location.hash = h;
  }, []);
  return [useMemo(() => parseRoute(hash), [hash]), navigate];
}

export function App() {
  const { t, locale, setLocale } = useI18n();
  const [key, setKey] = useState<string | null>(() => sessionStorage.getItem(KEY_STORAGE));
  const [me, setMe] = useState<Me | null>(null);
  const [route, navigate] = useHashRoute();
  const api = useMemo(() => (key ? new ApiClient(key) : null), [key]);

  useEffect(() => {
    if (!api || me) return;
    api.me().then(setMe, () => {
      sessionStorage.removeItem(KEY_STORAGE);
      setKey(null);
    });
  }, [api, me]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const signOut = () => {
    sessionStorage.removeItem(KEY_STORAGE);
    setKey(null);
    setMe(null);
  };

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/">
          creditgraph
        </a>
        {me ? <WorkflowNav me={me} hash={window.location.hash} /> : null}
        {me ? <AuditNav me={me} hash={window.location.hash} /> : null}
        {me ? <ExperimentsNav me={me} hash={window.location.hash} /> : null}
        {me ? <MonitoringNav me={me} hash={window.location.hash} /> : null}
        {me ? <CustomersNav me={me} hash={window.location.hash} /> : null}
        <span className="spacer" />
        <label htmlFor="lang" className="sr-only">
          {t('app.language')}
        </label>
        <select id="lang" value={locale} onChange={(e) => setLocale(e.target.value as 'en')}>
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {l === 'en' ? 'English' : 'Français'}
            </option>
          ))}
        </select>
        {me ? (
          <>
            <span className="user" data-testid="current-user">
              {me.name}
              {/* a demo name like "Paul (approver)" already says the role: never twice */}
              {me.roles.some((r) => !me.name.includes(`(${r})`)) ? <span className="muted"> ({me.roles.map((r) => t(`role.${r}`)).join(', ')})</span> : null}
            </span>
            <button type="button" onClick={signOut} data-testid="sign-out">
              {t('app.signOut')}
            </button>
          </>
        ) : null}
      </header>
      {!api || !me ? (
        key && !me ? (
          <div className="page-message">{t('common.loading')}</div>
        ) : (
          <SignIn
            onSignedIn={(k, m) => {
              sessionStorage.setItem(KEY_STORAGE, k);
              setKey(k);
              setMe(m);
            }}
          />
        )
      ) : route.screen === 'audit' ? (
        <Suspense fallback={<div className="page-message">{t('common.loading')}</div>}>
          <AuditWorkspace api={api} tab={route.tab} />
        </Suspense>
      ) : route.screen === 'experiments' ? (
        <Suspense fallback={<div className="page-message">{t('common.loading')}</div>}>
          <ExperimentsScreen api={api} me={me} policyId={route.policyId} onNavigate={navigate} />
        </Suspense>
      ) : route.screen === 'monitoring' ? (
        <Suspense fallback={<div className="page-message">{t('common.loading')}</div>}>
          <MonitoringScreen api={api} policyId={route.policyId} onNavigate={navigate} />
        </Suspense>
      ) : route.screen === 'customers' ? (
        <Suspense fallback={<div className="page-message">{t('common.loading')}</div>}>
          <CustomersScreen api={api} me={me} route={route.route} />
        </Suspense>
      ) : route.screen === 'workflow' ? (
        <WorkflowScreen api={api} me={me} route={route.route} onNavigate={navigate} />
      ) : route.screen === 'impact' ? (
        <Suspense fallback={<div className="page-message">{t('common.loading')}</div>}>
          <ImpactScreen key={`${route.id}:${me.id}`} api={api} policyId={route.id} onNavigate={navigate} />
        </Suspense>
      ) : route.screen === 'policy' ? (
        <Suspense fallback={<div className="page-message">{t('common.loading')}</div>}>
          <PolicyWorkspace key={`${route.id}@${route.version ?? 'draft'}:${me.id}`} api={api} me={me} policyId={route.id} version={route.version} onNavigate={navigate} />
        </Suspense>
      ) : (
        <PolicyList api={api} me={me} onOpen={(id) => navigate(`#/policies/${encodeURIComponent(id)}`)} />
      )}
    </div>
  );
}
