/** Published versions: open one read-only, activate / roll back (approver), compare any two. */
import { useEffect, useState } from 'react';
import type { ApiClient, VersionSummary } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

interface Props {
  api: ApiClient;
  policyId: string;
  activeVersion: number | null;
  canActivate: boolean;
  refreshKey: number;
  onOpen(version: number): void;
  onCompare(from: string, to: string): void;
  onActivated(): void;
}

export function HistoryPanel(props: Props) {
  const { t, formatDate } = useI18n();
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState('active');
  const [to, setTo] = useState('draft');
  const [activating, setActivating] = useState<number | null>(null);
  const [comment, setComment] = useState('');

  useEffect(() => {
    props.api
      .listVersions(props.policyId)
      .then((v) => setVersions([...v].sort((a, b) => b.version - a.version)))
      .catch((e: Error) => setError(e.message));
  }, [props.api, props.policyId, props.refreshKey]);

  const refs = ['draft', 'active', ...(versions ?? []).map((v) => String(v.version))];
  return (
    <div className="history-panel">
      <form
        className="compare-form"
        onSubmit={(e) => {
          e.preventDefault();
          props.onCompare(from, to);
        }}
      >
        <label htmlFor="cmp-from">{t('compare.from')}</label>
        <select id="cmp-from" value={from} onChange={(e) => setFrom(e.target.value)}>
          {refs.map((r) => (
            <option key={r} value={r}>
              {r === 'draft' ? t('compare.draft') : r === 'active' ? t('compare.active') : t('versions.v', { version: r })}
            </option>
          ))}
        </select>
        <label htmlFor="cmp-to">{t('compare.to')}</label>
        <select id="cmp-to" value={to} onChange={(e) => setTo(e.target.value)}>
          {refs.map((r) => (
            <option key={r} value={r}>
              {r === 'draft' ? t('compare.draft') : r === 'active' ? t('compare.active') : t('versions.v', { version: r })}
            </option>
          ))}
        </select>
        <button type="submit">{t('compare.run')}</button>
      </form>
      {error ? <p className="error-text">{error}</p> : null}
      <table className="grid-table versions-table">
        <thead>
          <tr>
            <th>{t('versions.version')}</th>
            <th>{t('versions.published')}</th>
            <th>{t('versions.author')}</th>
            <th>{t('versions.approvedBy')}</th>
            <th>{t('versions.comments')}</th>
            <th>{t('versions.hash')}</th>
            <th>
              <span className="sr-only">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(versions ?? []).map((v) => (
            <tr key={v.version} className={v.version === props.activeVersion ? 'active-version' : undefined}>
              <td>
                {t('versions.v', { version: v.version })}
                {v.version === props.activeVersion ? <span className="badge badge-pass">{t('versions.active')}</span> : null}
              </td>
              <td>{formatDate(v.publishedAt)}</td>
              <td>{v.author}</td>
              <td>{v.approvedBy}</td>
              <td className="small">
                {v.submitComment ? <div>✎ {v.submitComment}</div> : null}
                {v.approveComment ? <div>✓ {v.approveComment}</div> : null}
              </td>
              <td className="mono small" title={v.contentHash}>
                {v.contentHash.slice(0, 10)}
              </td>
              <td className="button-row">
                <button type="button" onClick={() => props.onOpen(v.version)}>
                  {t('versions.open')}
                </button>
                {props.canActivate && v.version !== props.activeVersion ? (
                  <button type="button" onClick={() => setActivating(v.version)}>
                    {props.activeVersion !== null && v.version < props.activeVersion ? t('versions.rollback') : t('versions.activate')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {activating !== null ? (
        <form
          className="inline-dialog"
          aria-label={t('versions.activateTitle', { version: activating })}
          onSubmit={(e) => {
            e.preventDefault();
            props.api
              .activate(props.policyId, activating, comment)
              .then(() => {
                setActivating(null);
                setComment('');
                props.onActivated();
              })
              .catch((err: Error) => setError(err.message));
          }}
        >
          <label htmlFor="activate-comment">{t('versions.activateTitle', { version: activating })}</label>
          <input id="activate-comment" value={comment} required onChange={(e) => setComment(e.target.value)} placeholder={t('common.comment')} />
          <button type="submit" className="primary">
            {t('versions.confirmActivate')}
          </button>
          <button type="button" onClick={() => setActivating(null)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : null}
    </div>
  );
}
