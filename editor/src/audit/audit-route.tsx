/** The auditor's workspace route (#/audit/<tab>) and its link in the top bar: small, so the workspace itself loads lazily. */
import './audit-nav.css';
import type { Me } from '../api/client.js';
import { useAuditWords } from './audit-words.js';

export type AuditTab = 'trail' | 'decisions' | 'impact' | 'versions' | 'access';
export const TABS: AuditTab[] = ['trail', 'decisions', 'impact', 'versions', 'access'];

export function parseAuditRoute(hash: string): AuditTab | null {
  const m = /^#\/audit(?:\/(trail|decisions|impact|versions|access))?$/.exec(hash);
  return m ? ((m[1] as AuditTab | undefined) ?? 'trail') : null;
}

/** Who sees it: auditors (who read everything but change nothing). */
export const seesAudit = (me: Me) => me.roles.includes('auditor');

export function AuditNav({ me, hash }: { me: Me; hash: string }) {
  const { w } = useAuditWords();
  if (!seesAudit(me)) return null;
  return (
    <a href="#/audit" className={parseAuditRoute(hash) ? 'current audit-nav' : 'audit-nav'} data-testid="nav-audit">
      {w('nav')}
    </a>
  );
}

