/**
 * The field-level changes of a comparison, in words; clicking one selects its node. The badge
 * names the changed part by its business label (the node's label, the id in the tooltip). A first
 * version has nothing to compare with: every node is listed as new.
 */
import type { CompareState } from '../document/view-state.js';
import { useI18n } from '../i18n/i18n.js';

export function ChangeList({ compare, onPick }: { compare: CompareState; onPick(nodeId: string | null): void }) {
  const { t, tk, lt, locale } = useI18n();
  const { nodes, changes } = compare;
  const labelOf = (id: string | null) => {
    const n = id ? compare.after.nodes.find((x) => x.id === id) ?? compare.before?.nodes.find((x) => x.id === id) : undefined;
    return n ? lt(n.label) || tk(`kind.${n.kind}`) : null;
  };
  if (!compare.before)
    return (
      <div className="change-list" data-testid="change-list">
        <p className="panel-summary" data-testid="first-version">
          {t('compare.firstVersion')}
        </p>
        <ul>
          {compare.after.nodes.map((n) => (
            <li key={n.id}>
              <button type="button" className="change change-added" title={n.id} onClick={() => onPick(n.id)}>
                <span className="badge diff-badge diff-added">{tk(`kind.${n.kind}`)}</span> <span data-testid="change-message">{lt(n.label) || tk(`kind.${n.kind}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  return (
    <div className="change-list" data-testid="change-list">
      <p className="panel-summary">
        {t('compare.summary', { from: compare.from, to: compare.to, count: changes.length })} · <span className="diff-added-text">{t('compare.added', { count: nodes.added.length })}</span> · <span className="diff-removed-text">{t('compare.removed', { count: nodes.removed.length })}</span> ·{' '}
        <span className="diff-changed-text">{t('compare.changed', { count: nodes.changed.length })}</span>
      </p>
      {changes.length === 0 ? <p className="muted">{t('compare.noChanges')}</p> : null}
      <ul>
        {changes.map((c, i) => (
          <li key={i}>
            <button type="button" className={`change change-${c.kind}`} title={c.nodeId ?? c.path} onClick={() => onPick(c.nodeId)}>
              <span className={`badge diff-badge diff-${c.kind === 'added' ? 'added' : c.kind === 'removed' ? 'removed' : 'changed'}`}>{labelOf(c.nodeId) ?? tk(`area.${c.area}`)}</span> <span data-testid="change-message">{c.messages?.[locale] ?? c.message}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
