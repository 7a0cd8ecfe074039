/** The monitoring route (#/monitoring or #/monitoring/<policyId>) and its link in the top bar: small, so the view itself loads lazily. */
import './monitoring.css';
import type { Me } from '../api/client.js';
import { useMonitoringWords } from './monitoring-words.js';

export function parseMonitoringRoute(hash: string): { policyId: string | null } | null {
  const m = /^#\/monitoring(?:\/([^/]+))?$/.exec(hash);
  return m ? { policyId: m[1] ? decodeURIComponent(m[1]) : null } : null;
}

/** Who sees it: those the API lets read monitoring (aggregates, no customer data). */
export const seesMonitoring = (me: Me) => me.roles.some((r) => r === 'auditor' || r === 'approver' || r === 'author');

export function MonitoringNav({ me, hash }: { me: Me; hash: string }) {
  const { w } = useMonitoringWords();
  if (!seesMonitoring(me)) return null;
  return (
    <a href="#/monitoring" className={parseMonitoringRoute(hash) ? 'current monitoring-nav' : 'monitoring-nav'} data-testid="nav-monitoring">
      {w('nav')}
    </a>
  );
}
