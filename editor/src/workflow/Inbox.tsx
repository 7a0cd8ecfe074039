/**
 * The approver's inbox: what I may decide, oldest first (or sorted by amount or due time), filtered
 * by customer and level, rows chosen with the mouse or the keyboard; beside it the selected request
 * with the requested and approved amounts, the customer's context (outstanding, insurer cover,
 * payment behaviour, limits before), the decision's reasons, the history and the decide dialog.
 * Levels are shown by their business label (the id in a tooltip).
 */
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { ApiClient, Me } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { DecideDialog } from './DecideDialog.js';
import { ageOf } from './format.js';
import { customerContext } from './customer-context.js';
import { customerHref } from '../customers/customers-route.js';
import type { Approval, ApprovalDetail } from './types.js';
import { ConditionsList } from '../components/ConditionsList.js';

const STATUSES: Approval['status'][] = ['pending', 'approved', 'refused'];
type SortKey = 'opened' | 'requested' | 'due';

export function Inbox({ api, me, selectedId, onSelect }: { api: ApiClient; me: Me; selectedId: string | null; onSelect(id: string | null): void }) {
  const { t, tk, formatNumber, formatDate, lt, locale } = useI18n();
  const [status, setStatus] = useState<Approval['status']>('pending');
  const [items, setItems] = useState<Approval[] | null>(null);
  const [detail, setDetail] = useState<ApprovalDetail | null>(null);
  const [deciding, setDeciding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [customer, setCustomer] = useState('');
  const [levelFilter, setLevelFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'opened', desc: false });
  // Business labels of the delegation levels, per policy (learnt from the requests' details).
  const [levelLabels, setLevelLabels] = useState<Record<string, Record<string, string>>>({});
  const decider = me.roles.includes('approver');

  const load = useCallback(() => {
    api.listApprovals({ status }).then(setItems, (e: Error) => setError(e.message));
  }, [api, status]);
  useEffect(load, [load]);
  useEffect(() => {
    if (!selectedId) return setDetail(null);
    api.getApproval(selectedId).then(setDetail, (e: Error) => setError(e.message));
  }, [api, selectedId]);

  const learnLevels = useCallback((d: ApprovalDetail) => {
    setLevelLabels((m) => (m[d.approval.policyId] ? m : { ...m, [d.approval.policyId]: Object.fromEntries(d.levels.map((l) => [l.id, lt(l.label) || l.id])) }));
  }, []);
  useEffect(() => {
    if (detail) learnLevels(detail);
  }, [detail, learnLevels]);
  // One detail per policy in the list tells its level labels.
  useEffect(() => {
    if (!items) return;
    const seen = new Set(Object.keys(levelLabels));
    for (const a of items) {
      if (seen.has(a.policyId)) continue;
      seen.add(a.policyId);
      api.getApproval(a.id).then(learnLevels, () => undefined);
    }
  }, [items, api, levelLabels, learnLevels]);
  const levelName = (policyId: string, level: string) => levelLabels[policyId]?.[level] ?? level;

  const money = (n: number | null | undefined) => (n === null || n === undefined ? '—' : formatNumber(n));
  const duration = (hours: number) => (hours >= 24 ? t('wf.days', { days: Math.floor(hours / 24) }) : t('wf.hours', { hours }));
  const age = (iso: string) => duration(ageOf(iso).hours);
  const due = (a: Approval) => {
    if (a.status !== 'pending' || !a.dueAt) return null;
    const hours = Math.floor((Date.parse(a.dueAt) - Date.now()) / 3_600_000);
    return hours < 0 ? { late: true, text: t('wf.due.late', { time: duration(-hours) }) } : { late: false, text: t('wf.due.in', { time: duration(hours) }) };
  };

  const levels = useMemo(() => [...new Set((items ?? []).map((a) => a.requiredLevel))], [items]);
  const shown = useMemo(() => {
    const q = customer.trim().toLowerCase();
    const rows = (items ?? []).filter((a) => (!q || (a.customerId ?? '').toLowerCase().includes(q)) && (!levelFilter || a.requiredLevel === levelFilter));
    const value = (a: Approval) => (sort.key === 'requested' ? a.requestedAmount ?? 0 : sort.key === 'due' ? (a.dueAt ? Date.parse(a.dueAt) : Infinity) : Date.parse(a.openedAt));
    return [...rows].sort((x, y) => (sort.desc ? value(y) - value(x) : value(x) - value(y)));
  }, [items, customer, levelFilter, sort]);

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, i: number) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(shown[i]!.id);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = e.currentTarget.parentElement?.children[i + (e.key === 'ArrowDown' ? 1 : -1)] as HTMLElement | undefined;
      next?.focus();
    }
  };

  const sortHeader = (key: SortKey, label: string, className?: string) => (
    <th className={className} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="th-sort" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }))} title={t('wf.sort.by', { column: label })} data-testid={`sort-${key}`}>
        {label} {sort.key === key ? (sort.desc ? '▼' : '▲') : ''}
      </button>
    </th>
  );

  const outcome = detail?.approval.outcome ?? null;
  const context = detail ? customerContext(detail) : null;

  return (
    <main className="wf-page">
      <h1>{decider ? t('wf.inbox.title') : t('wf.inbox.titleAll')}</h1>
      {decider ? <p className="muted">{me.delegationLevel ? t('wf.inbox.myLevel', { level: Object.values(levelLabels).find((m) => m[me.delegationLevel!])?.[me.delegationLevel] ?? me.delegationLevel }) : t('wf.inbox.noLevel')}</p> : null}
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
          <div className="wf-filters">
            <label>
              {t('wf.filter.customer')} <input type="search" value={customer} onChange={(e) => setCustomer(e.target.value)} data-testid="filter-customer" />
            </label>
            <label>
              {t('wf.filter.level')}{' '}
              <select value={levelFilter} onChange={(e) => setLevelFilter(e.target.value)} data-testid="filter-level">
                <option value="">{t('wf.filter.allLevels')}</option>
                {levels.map((l) => (
                  <option key={l} value={l}>
                    {items?.find((a) => a.requiredLevel === l) ? levelName(items.find((a) => a.requiredLevel === l)!.policyId, l) : l}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {!items ? (
            <p>{t('common.loading')}</p>
          ) : shown.length === 0 ? (
            <p className="muted" data-testid="inbox-empty">
              {t('wf.inbox.empty')}
            </p>
          ) : (
            <table className="grid-table wf-table" data-testid="inbox" aria-describedby="inbox-help">
              <caption className="sr-only">{decider ? t('wf.inbox.title') : t('wf.inbox.titleAll')}</caption>
              <thead>
                <tr>
                  {sortHeader('opened', t('wf.col.opened'))}
                  <th>{t('wf.col.customer')}</th>
                  {sortHeader('requested', t('wf.col.requested'), 'wf-num')}
                  <th className="wf-num">{t('wf.col.approved')}</th>
                  <th className="wf-num">{t('wf.col.limit')}</th>
                  <th>{t('wf.col.class')}</th>
                  <th>{t('wf.col.level')}</th>
                  {sortHeader('due', t('wf.col.due'))}
                </tr>
              </thead>
              <tbody>
                {shown.map((a, i) => {
                  const d = due(a);
                  return (
                    <tr
                      key={a.id}
                      tabIndex={0}
                      aria-selected={a.id === selectedId}
                      className={a.id === selectedId ? 'selected' : ''}
                      onClick={() => onSelect(a.id)}
                      onKeyDown={(e) => onRowKey(e, i)}
                      data-testid={`inbox-row-${a.customerId ?? a.id}`}
                    >
                      <td>
                        {formatDate(a.openedAt)} <span className="muted small">({age(a.openedAt)})</span>
                      </td>
                      <td>
                        <a href={`#/approvals/${encodeURIComponent(a.id)}`} onClick={(e) => e.stopPropagation()} tabIndex={-1}>
                          {a.customerId ?? '—'}
                        </a>{' '}
                        <span className="muted small">{a.policyId}</span>
                      </td>
                      <td className="wf-num">{money(a.requestedAmount)}</td>
                      <td className="wf-num" data-testid="approved-amount">
                        {a.outcome?.action === 'approve' ? money(a.outcome.amount ?? a.requestedAmount) : '—'}
                        {a.outcome?.counterProposal ? <span className="wf-badge">{t('wf.counter')}</span> : null}
                      </td>
                      <td className="wf-num">{money(a.computedLimit)}</td>
                      <td>{a.riskClass ?? '—'}</td>
                      <td title={a.requiredLevel}>{levelName(a.policyId, a.requiredLevel)}</td>
                      <td>{d ? <span className={d.late ? 'wf-badge overdue' : undefined}>{d.text}</span> : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <p className="muted small" id="inbox-help">
            {t('wf.inbox.rowsHelp')}
          </p>
        </div>
        <section className="wf-panel" aria-live="polite" aria-label={t('wf.detail.reasons')} data-testid="approval-detail">
          {!detail ? (
            <p className="muted">{t('wf.detail.select')}</p>
          ) : (
            <>
              <h2>
                {detail.approval.customerId ?? detail.approval.id} · {money(detail.approval.requestedAmount)}{' '}
                <span className="wf-badge">{t(`wf.status.${detail.approval.status}`)}</span>
              </h2>
              {detail.approval.customerId ? (
                <p>
                  <a href={customerHref(detail.approval.customerId)} data-testid="customer-file-link">
                    {t('cust.link.file')}
                  </a>
                </p>
              ) : null}
              {outcome?.action === 'approve' ? (
                <p data-testid="requested-approved">
                  <strong>{t('wf.detail.requestedApproved', { requested: money(detail.approval.requestedAmount), approved: money(outcome.amount ?? detail.approval.requestedAmount) })}</strong>
                  {outcome.counterProposal ? <span className="wf-badge">{t('wf.counter')}</span> : null}
                </p>
              ) : null}
              <p className="muted small">{t('wf.detail.requestedBy', { who: detail.approval.requestedBy, at: formatDate(detail.approval.openedAt) })}</p>
              {detail.decision ? (
                <p>
                  {t('wf.detail.score', {
                    score: detail.decision.decision.score === null ? '—' : formatNumber(detail.decision.decision.score),
                    riskClass: detail.decision.decision.riskClass ?? '—',
                    limit: money(detail.approval.computedLimit),
                  })}
                </p>
              ) : null}
              <h3>{t('wf.ctx.title')}</h3>
              {context && (context.figures.length || context.pastLimits.length) ? (
                <dl className="wf-context" data-testid="customer-context">
                  {context.figures.map((f) => (
                    <div key={f.key} className={f.warn ? 'warn' : undefined}>
                      <dt>{t(f.key)}</dt>
                      <dd>{f.unit === 'days' ? t('wf.ctx.days', { n: formatNumber(f.value) }) : formatNumber(f.value)}</dd>
                    </div>
                  ))}
                  {context.pastLimits.length ? (
                    <div>
                      <dt>{t('wf.ctx.pastLimits')}</dt>
                      <dd>{context.pastLimits.map((p) => money(p.amount)).join(' · ')}</dd>
                    </div>
                  ) : null}
                </dl>
              ) : (
                <p className="muted">{t('wf.ctx.none')}</p>
              )}
              <ConditionsList conditions={detail.decision?.decision.conditions} testId="approval-conditions" title={t('wf.detail.conditions')} heading="h3" />
              {detail.decision?.decision.warnings?.length ? (
                <div className="decision-warnings" role="note" data-testid="approval-warnings">
                  <h3>{t('decision.warnings')}</h3>
                  <ul>
                    {detail.decision.decision.warnings.map((w, i) => (
                      <li key={i} title={w.code}>
                        ⚠ {w.messages[locale]}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {outcome?.action === 'approve' && outcome.conditions !== undefined ? <ConditionsList conditions={outcome.conditions} testId="granted-conditions" title={t('wf.detail.conditionsGranted')} heading="h3" /> : null}
              <h3>{t('wf.detail.reasons')}</h3>
              <ul data-testid="approval-reasons">
                {detail.approval.reasons.map((r, i) => (
                  <li key={i} title={r.code}>
                    {r.message} <span className="muted small">({r.code})</span>
                  </li>
                ))}
              </ul>
              <h3>{t('wf.detail.customerHistory')}</h3>
              {detail.history.length === 0 ? (
                <p className="muted">{t('wf.detail.noHistory')}</p>
              ) : (
                <table className="grid-table" data-testid="customer-history">
                  <caption className="sr-only">{t('wf.detail.customerHistory')}</caption>
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
                    {formatDate(s.at)} · {s.by} · {t(`wf.step.${s.action}`)} (<span title={s.level}>{levelName(detail.approval.policyId, s.level)}</span>){s.amount !== null && s.action !== 'opened' ? ` · ${money(s.amount)}` : ''}
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
