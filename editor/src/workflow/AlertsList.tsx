/** Alerts, newest first, filterable by type. */
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import type { AlertItem, AlertType } from './types.js';

const TYPES: AlertType[] = ['decision.worse', 'exposure.overLimit', 'approval.overdue', 'limit.reviewDue', 'monitoring.psi', 'monitoring.badRate'];

export function AlertsList({ api }: { api: ApiClient }) {
  const { t, formatDate, locale } = useI18n();
  const [type, setType] = useState<AlertType | ''>('');
  const [items, setItems] = useState<AlertItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // The server writes alert texts in the interface's language (Accept-Language): ask again on a switch.
    api.listAlerts({ type: type || undefined, limit: 200 }).then(setItems, (e: Error) => setError(e.message));
  }, [api, type, locale]);

  return (
    <main className="wf-page">
      <h1>{t('wf.alerts.title')}</h1>
      <label>
        {t('wf.col.type')}{' '}
        <select value={type} onChange={(e) => setType(e.target.value as AlertType | '')} data-testid="alert-type">
          <option value="">{t('wf.alerts.all')}</option>
          {TYPES.map((x) => (
            <option key={x} value={x}>
              {t(`wf.alert.${x}`)}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {!items ? (
        <p>{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t('wf.alerts.empty')}</p>
      ) : (
        <table className="grid-table wf-table" data-testid="alerts">
          <thead>
            <tr>
              <th>{t('wf.col.raised')}</th>
              <th>{t('wf.col.type')}</th>
              <th>{t('wf.col.severity')}</th>
              <th>{t('wf.col.customer')}</th>
              <th>{t('wf.col.message')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>{formatDate(a.raisedAt)}</td>
                <td>{t(`wf.alert.${a.type}`)}</td>
                <td>
                  <span className={`wf-badge ${a.severity}`}>{t(`wf.severity.${a.severity}`)}</span>
                </td>
                <td>
                  {a.customerId ?? '—'} <span className="muted small">{a.policyId}</span>
                </td>
                <td>
                  {a.approvalId ? <a href={`#/approvals/${encodeURIComponent(a.approvalId)}`}>{a.message}</a> : a.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
