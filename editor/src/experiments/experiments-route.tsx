/** The champion/challenger route (#/experiments[/<policyId>]) and its link in the top bar: small, so the screen itself loads lazily. */
import './experiments-nav.css';
import type { Me } from '../api/client.js';
import { useExperimentWords } from './experiment-words.js';

export function parseExperimentsRoute(hash: string): { policyId: string | null } | null {
  const m = /^#\/experiments(?:\/([^/]+))?$/.exec(hash);
  return m ? { policyId: m[1] ? decodeURIComponent(m[1]) : null } : null;
}

/** Who sees it: everyone who reads policies (approvers act; the others read the comparison). */
export const seesExperiments = (me: Me) => me.roles.some((r) => r === 'approver' || r === 'author' || r === 'auditor' || r === 'viewer');

export function ExperimentsNav({ me, hash }: { me: Me; hash: string }) {
  const { w } = useExperimentWords();
  if (!seesExperiments(me)) return null;
  return (
    <a href="#/experiments" className={parseExperimentsRoute(hash) ? 'current experiments-nav' : 'experiments-nav'} data-testid="nav-experiments">
      {w('nav')}
    </a>
  );
}
