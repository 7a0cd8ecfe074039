/** The customer credit file's routes (#/customers, #/customers/<id>, #/campaigns, #/campaigns/<id>) and their link in the top bar: small, so the screens load lazily. */
import './customers-nav.css';
import type { Me } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

export type CustomersRoute = { view: 'list' } | { view: 'customer'; id: string } | { view: 'campaigns' } | { view: 'campaign'; id: string };

export function parseCustomersRoute(hash: string): CustomersRoute | null {
  const c = /^#\/customers(?:\/([^/]+))?$/.exec(hash);
  if (c) return c[1] ? { view: 'customer', id: decodeURIComponent(c[1]) } : { view: 'list' };
  const k = /^#\/campaigns(?:\/([^/]+))?$/.exec(hash);
  if (k) return k[1] ? { view: 'campaign', id: decodeURIComponent(k[1]) } : { view: 'campaigns' };
  return null;
}

export const customerHref = (customerId: string) => `#/customers/${encodeURIComponent(customerId)}`;

/** Who sees customer files: approvers (credit managers, analysts) and auditors. */
export const seesCustomers = (me: Me) => me.roles.includes('approver') || me.roles.includes('auditor');

export function CustomersNav({ me, hash }: { me: Me; hash: string }) {
  const { t } = useI18n();
  if (!seesCustomers(me)) return null;
  return (
    <a href="#/customers" className={parseCustomersRoute(hash) ? 'current customers-nav' : 'customers-nav'} data-testid="nav-customers">
      {t('cust.nav')}
    </a>
  );
}
