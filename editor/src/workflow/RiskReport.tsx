/** The risk report: pending by level and age, overdue requests, overruns, limits due for review, class downgrades. */
import { useEffect, useState, type ReactNode } from 'react';
import type { ApiClient } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import type { RiskReport as Report } from './types.js';
import { customerHref } from '../customers/customers-route.js';

/** A customer id links to its credit file (#/customers/<id>). */
const CustomerLink = ({ id }: { id: string | null }) => (id ? <a href={customerHref(id)} data-testid={`customer-link-${id}`}>{id}</a> : <>—</>);

const AGES = ['under1d', '1to3d', '3to7d', 'over7d'] as const;

export function RiskReport({ api }: { api: ApiClient }) {
  const { t, formatNumber, formatDate } = useI18n();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.riskReport().then(setReport, (e: Error) => setError(e.message));
  }, [api]);
  if (error)
    return (
      <main className="wf-page">
        <p className="error-text" role="alert">
          {error}
        </p>
      </main>
    );
  if (!report) return <main className="wf-page">{t('common.loading')}</main>;
  const money = (n: number | null) => (n === null ? '—' : formatNumber(n));
  const section = (title: string, count: number, body: ReactNode, id: string) => (
    <section className="wf-panel" data-testid={`report-${id}`}>
      <h2>
        {title} <span className="wf-badge">{count}</span>
      </h2>
      {count === 0 ? <p className="muted">{t('wf.report.none')}</p> : body}
    </section>
  );
  return (
    <main className="wf-page">
      <h1>{t('wf.report.title')}</h1>
      <p className="muted">{t('wf.report.period', { from: formatDate(report.period.from) })}</p>
      <div className="wf-report">
        {section(
          t('wf.report.pending'),
          report.totals.pending,
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('wf.col.level')}</th>
                <th className="wf-num">{t('wf.report.count')}</th>
                <th className="wf-num">{t('wf.report.amount')}</th>
                {AGES.map((a) => (
                  <th key={a} className="wf-num">
                    {t(`wf.age.${a}`)}
                  </th>
                ))}
                <th>{t('wf.report.oldest')}</th>
              </tr>
            </thead>
            <tbody>
              {report.pendingByLevel.map((l) => (
                <tr key={l.level}>
                  <td>{l.level}</td>
                  <td className="wf-num">{l.count}</td>
                  <td className="wf-num">{money(l.amount)}</td>
                  {AGES.map((a) => (
                    <td key={a} className="wf-num">
                      {l.ages[a]}
                    </td>
                  ))}
                  <td>{formatDate(l.oldestOpenedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>,
          'pending',
        )}
        {section(
          t('wf.report.overdue'),
          report.totals.overdue,
          <table className="grid-table">
            <tbody>
              {report.overdue.map((o) => (
                <tr key={o.approvalId}>
                  <td>
                    <a href={`#/approvals/${encodeURIComponent(o.approvalId)}`}>{o.customerId ?? o.approvalId}</a>
                  </td>
                  <td>{o.level}</td>
                  <td className="wf-num">{money(o.requestedAmount)}</td>
                  <td>{t('wf.hours', { hours: o.hoursOverdue })}</td>
                </tr>
              ))}
            </tbody>
          </table>,
          'overdue',
        )}
        {section(
          t('wf.report.overruns'),
          report.totals.overruns,
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('wf.col.customer')}</th>
                <th className="wf-num">{t('wf.col.exposure')}</th>
                <th className="wf-num">{t('wf.col.granted')}</th>
                <th className="wf-num">{t('wf.col.overrun')}</th>
                <th>{t('wf.col.raised')}</th>
              </tr>
            </thead>
            <tbody>
              {report.overruns.map((o) => (
                <tr key={o.alertId}>
                  <td><CustomerLink id={o.customerId ?? null} /></td>
                  <td className="wf-num">{money(o.exposure)}</td>
                  <td className="wf-num">{money(o.grantedLimit)}</td>
                  <td className="wf-num">{money(o.overrun)}</td>
                  <td>{formatDate(o.raisedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>,
          'overruns',
        )}
        {section(
          t('wf.report.reviews'),
          report.totals.reviewsDue,
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('wf.col.customer')}</th>
                <th>{t('wf.col.class')}</th>
                <th className="wf-num">{t('wf.report.amount')}</th>
                <th>{t('wf.col.reviewDate')}</th>
                <th>{t('wf.col.decidedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {report.reviewsDue.map((r) => (
                <tr key={r.approvalId}>
                  <td><CustomerLink id={r.customerId ?? null} /></td>
                  <td>{r.riskClass ?? '—'}</td>
                  <td className="wf-num">{money(r.amount)}</td>
                  <td>
                    {formatDate(r.reviewDate)} {r.overdue ? <span className="wf-badge overdue">{t('wf.overdue')}</span> : null}
                  </td>
                  <td>{r.decidedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>,
          'reviews',
        )}
        {section(
          t('wf.report.downgrades'),
          report.totals.downgrades,
          <table className="grid-table">
            <tbody>
              {report.downgrades.map((d, i) => (
                <tr key={i}>
                  <td><CustomerLink id={d.customerId ?? null} /></td>
                  <td>
                    {d.from} → {d.to}
                  </td>
                  <td>{formatDate(d.raisedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>,
          'downgrades',
        )}
      </div>
    </main>
  );
}
