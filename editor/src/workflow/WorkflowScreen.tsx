/** The workflow part of the editor, routed by hash: #/approvals[/id], #/alerts, #/reports/risk. */
import './workflow.css';
import type { ApiClient, Me } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { AlertsList } from './AlertsList.js';
import { Inbox } from './Inbox.js';
import { RiskReport } from './RiskReport.js';

export type WorkflowRoute = { view: 'inbox'; id: string | null } | { view: 'alerts' } | { view: 'report' };

export function parseWorkflowRoute(hash: string): WorkflowRoute | null {
  const m = /^#\/approvals(?:\/([^/]+))?$/.exec(hash);
  if (m) return { view: 'inbox', id: m[1] ? decodeURIComponent(m[1]) : null };
  if (hash === '#/alerts') return { view: 'alerts' };
  if (hash === '#/reports/risk') return { view: 'report' };
  return null;
}

/** Who sees the workflow screens: people who decide or audit. */
export const seesWorkflow = (me: Me) => me.roles.includes('approver') || me.roles.includes('auditor');

export function WorkflowNav({ me, hash }: { me: Me; hash: string }) {
  const { t } = useI18n();
  if (!seesWorkflow(me)) return null;
  const current = parseWorkflowRoute(hash)?.view;
  const link = (href: string, view: string, label: string) => (
    <a href={href} className={current === view ? 'current' : ''} data-testid={`nav-${view}`}>
      {label}
    </a>
  );
  return (
    <nav className="wf-nav" aria-label={t('wf.nav.label')}>
      {link('#/approvals', 'inbox', t('wf.nav.inbox'))}
      {link('#/alerts', 'alerts', t('wf.nav.alerts'))}
      {link('#/reports/risk', 'report', t('wf.nav.report'))}
    </nav>
  );
}

export function WorkflowScreen({ api, me, route, onNavigate }: { api: ApiClient; me: Me; route: WorkflowRoute; onNavigate(hash: string): void }) {
  if (route.view === 'alerts') return <AlertsList api={api} />;
  if (route.view === 'report') return <RiskReport api={api} />;
  return <Inbox api={api} me={me} selectedId={route.id} onSelect={(id) => onNavigate(id ? `#/approvals/${encodeURIComponent(id)}` : '#/approvals')} />;
}
