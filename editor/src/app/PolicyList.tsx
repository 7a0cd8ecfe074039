/** The policies: name, active version, draft status, last change; create blank or by duplicating. */
import { useEffect, useState } from 'react';
import type { ApiClient, Me, PolicySummary } from '../api/client.js';
import { blankPolicy, duplicatePolicy, slugify } from './templates.js';
import { useI18n } from '../i18n/i18n.js';

export function PolicyList({ api, me, onOpen }: { api: ApiClient; me: Me; onOpen(id: string): void }) {
  const { t, formatDate } = useI18n();
  const [items, setItems] = useState<PolicySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [source, setSource] = useState('');
  const canCreate = me.roles.includes('author') || me.roles.includes('admin');

  useEffect(() => {
    api.listPolicies().then(setItems, (e: Error) => setError(e.message));
  }, [api]);

  const create = async () => {
    setError(null);
    try {
      const id = slugify(name);
      let doc;
      if (source) {
        const from = await api.getDraft(source);
        doc = duplicatePolicy(from.document, id, name);
      } else doc = blankPolicy(id, name);
      await api.createPolicy(doc);
      onOpen(id);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <main className="policy-list">
      <div className="list-head">
        <h1>{t('list.title')}</h1>
        {canCreate ? (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            + {t('list.new')}
          </button>
        ) : null}
      </div>
      {creating ? (
        <form
          className="inline-dialog"
          aria-label={t('list.new')}
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <label htmlFor="new-name">{t('list.newName')}</label>
          <input id="new-name" value={name} required onChange={(e) => setName(e.target.value)} />
          <span className="muted mono">{name ? slugify(name) : ''}</span>
          <label htmlFor="new-from">{t('list.startFrom')}</label>
          <select id="new-from" value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">{t('list.blank')}</option>
            {(items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {t('list.duplicateOf', { name: p.name })}
              </option>
            ))}
          </select>
          <button type="submit" className="primary" disabled={slugify(name).length < 2}>
            {t('list.create')}
          </button>
          <button type="button" onClick={() => setCreating(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {!items ? (
        <p>{t('common.loading')}</p>
      ) : (
        <table className="grid-table policies-table">
          <thead>
            <tr>
              <th>{t('list.name')}</th>
              <th>{t('list.active')}</th>
              <th>{t('list.draft')}</th>
              <th>{t('list.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td>
                  <a href={`#/policies/${encodeURIComponent(p.id)}`} data-testid={`open-${p.id}`}>
                    {p.name}
                  </a>{' '}
                  <span className="muted mono small">{p.id}</span>
                </td>
                <td>{p.activeVersion !== null ? t('versions.v', { version: p.activeVersion }) : '—'}</td>
                <td>
                  {p.draft ? (
                    <span className={`status-badge status-${p.draft.status}`}>{p.draft.status === 'submitted' ? t('status.submitted') : t('status.editing')}</span>
                  ) : (
                    <span className="muted">{t('list.noDraft')}</span>
                  )}
                </td>
                <td>
                  {formatDate(p.draft?.updatedAt ?? p.updatedAt)}
                  {p.draft?.updatedBy ? <span className="muted"> · {p.draft.updatedBy}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
