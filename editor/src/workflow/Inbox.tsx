/**
 * The approver's inbox: what I may decide, oldest first; beside it the selected request with the
 * decision's reasons, the customer's history and the steps so far, and the decide dialog.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient, Me } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { DecideDialog } from './DecideDialog.js';
import { ageOf } from './format.js';
import type { Approval, ApprovalDetail } from './types.js';

const STATUSES: Approval['status'][] = ['pending', 'approved', 'refused'];

export function Inbox({ api, me, selectedId, onSelect }: { api: ApiClient; me: Me; selectedId: string | null; onSelect(id: string | null): void }) {
  const { t, tk, formatNumber, formatDate } = useI18n();
  const [status, setStatus] = useState<Approval['status']>('pending');
  const [items, setItems] = useState<Approval[] | null>(null);
  const [detail, setDetail] = useState<ApprovalDetail | null>(null);
  const [deciding, setDeciding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const decider = me.roles.includes('approver');

  const load = useCallback(() => {
    api.listApprovals({ status }).then(setItems, (e: Error) => setError(e.message));
  }, [api, status]);
  useEffect(load, [load]);
  useEffect(() => {
    if (!selectedId) return setDetail(null);
    api.getApproval(selectedId).then(setDetail, (e: Error) => setError(e.message));
  }, [api, selectedId]);

  const money = (n: number | null) => (n === null ? '—' : formatNumber(n));
  const age = (iso: string) => {
    const { hours, days } = ageOf(iso);
    return days >= 1 ? t('wf.days', { days }) : t('wf.hours', { hours });
  };

  return (
    <main className="wf-page">
      <h1>{decider ? t('wf.inbox.title') : t('wf.inbox.titleAll')}</h1>
      {decider ? <p className="muted">{me.delegationLevel ? t('wf.inbox.myLevel', { level: me.delegationLevel }) : t('wf.inbox.noLevel')}</p> : null}
      <div className="wf-tabs" role="tablist">
        {STATUSES.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={s === status} className={s === status ? 'current' : ''} onClick={() => setStatus(s)}>
            {t(`wf.status.${s}`)}
          </button>
        ))}
      </div>
      {notice ? (
        <p className="success-text" role="status" data-testid="decide-notice">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div className="wf-inbox">
        <div>
          {!items ? (
            <p>{t('common.loading')}</p>
          ) : items.length === 0 ? (
            <p className="muted" data-testid="inbox-empty">
              {t('wf.inbox.empty')}
            </p>
          ) : (
            <table className="grid-table wf-table" data-testid="inbox">
              <thead>
                <tr>
                  <th>{t('wf.col.opened')}</th>
                  <th>{t('wf.col.customer')}</th>
                  <th className="wf-num">{t('wf.col.requested')}</th>
                  <th className="wf-num">{t('wf.col.limit')}</th>
                  <th>{t('wf.col.class')}</th>
                  <th>{t('wf.col.level')}</th>
                  <th>{t('wf.col.age')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => {
                  const overdue = a.status === 'pending' && a.dueAt !== null && Date.parse(a.dueAt) <= Date.now();
                  return (
                    <tr key={a.id} className={a.id === selectedId ? 'selected' : ''} onClick={() => onSelect(a.id)} data-testid={`inbox-row-${a.customerId ?? a.id}`}>
                      <td>{formatDate(a.openedAt)}</td>
                      <td>
                        <a href={`#/approvals/${encodeURIComponent(a.id)}`} onClick={(e) => e.stopPropagation()}>
                          {a.customerId ?? '—'}
                        </a>{' '}
                        <span className="muted small">{a.policyId}</span>
                      </td>
                      <td className="wf-num">{money(a.requestedAmount)}</td>
                      <td className="wf-num">{money(a.computedLimit)}</td>
                      <td>{a.riskClass ?? '—'}</td>
                      <td>{a.requiredLevel}</td>
                      <td>
                        {age(a.openedAt)} {overdue ? <span className="wf-badge overdue">{t('wf.overdue')}</span> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
        <section className="wf-panel" aria-live="polite" data-testid="approval-detail">
          {!detail ? (
            <p className="muted">{t('wf.detail.select')}</p>
          ) : (
            <>
              <h2>
                {detail.approval.customerId ?? detail.approval.id} · {money(detail.approval.requestedAmount)}{' '}
                <span className="wf-badge">{t(`wf.status.${detail.approval.status}`)}</span>
              </h2>
              <p className="muted small">{t('wf.detail.requestedBy', { who: detail.approval.requestedBy, at: formatDate(detail.approval.openedAt) })}</p>
              {detail.decision ? (
                <p>
                  {t('wf.detail.score', {
                    score: detail.decision.decision.score ?? '—',
                    riskClass: detail.decision.decision.riskClass ?? '—',
                    limit: money(detail.approval.computedLimit),
                  })}
                </p>
              ) : null}
              <h3>{t('wf.detail.reasons')}</h3>
              <ul data-testid="approval-reasons">
                {detail.approval.reasons.map((r, i) => (
                  <li key={i}>
                    <span className="mono small">{r.code}</span> {r.message}
                  </li>
                ))}
              </ul>
              <h3>{t('wf.detail.customerHistory')}</h3>
              {detail.history.length === 0 ? (
                <p className="muted">{t('wf.detail.noHistory')}</p>
              ) : (
                <table className="grid-table" data-testid="customer-history">
                  <tbody>
                    {detail.history.map((d) => (
                      <tr key={d.decisionId}>
                        <td>{formatDate(d.evaluatedAt)}</td>
                        <td>{tk(`outcome.${d.outcome}`)}</td>
                        <td>{d.decision.riskClass ?? '—'}</td>
                        <td className="wf-num">{money(d.decision.creditLimit?.gross ?? null)}</td>
                        <td className="muted small">{t(`wf.source.${d.source}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h3>{t('wf.detail.steps')}</h3>
              <ul>
                {detail.approval.history.map((s, i) => (
                  <li key={i}>
                    {formatDate(s.at)} · {s.by} · {t(`wf.step.${s.action}`)} ({s.level}){s.amount !== null && s.action !== 'opened' ? ` · ${money(s.amount)}` : ''}
                    {s.comment ? ` — ${s.comment}` : ''}
                  </li>
                ))}
              </ul>
              {detail.approval.outcome?.reviewDate ? <p>{t('wf.detail.reviewDate', { date: formatDate(detail.approval.outcome.reviewDate) })}</p> : null}
              {detail.approval.mayDecide ? (
                <p>
                  <button type="button" className="primary" onClick={() => setDeciding(true)} data-testid="open-decide">
                    {t('wf.detail.decide')}
                  </button>
                </p>
              ) : null}
            </>
          )}
        </section>
      </div>
      {deciding && detail ? (
        <DecideDialog
          api={api}
          detail={detail}
          onClose={() => setDeciding(false)}
          onDecided={(a) => {
            setDeciding(false);
            setNotice(t('wf.dialog.done'));
            setDetail({ ...detail, approval: a });
            load();
          }}
        />
      ) : null}
    </main>
  );
}
