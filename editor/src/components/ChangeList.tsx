/** The field-level changes of a comparison, in words; clicking one selects its node. */
import type { CompareState } from '../document/view-state.js';
import { useI18n } from '../i18n/i18n.js';

export function ChangeList({ compare, onPick }: { compare: CompareState; onPick(nodeId: string | null): void }) {
  const { t } = useI18n();
  const { nodes, changes } = compare;
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
            <button type="button" className={`change change-${c.kind}`} onClick={() => onPick(c.nodeId)}>
              <span className={`badge diff-badge diff-${c.kind === 'added' ? 'added' : c.kind === 'removed' ? 'removed' : 'changed'}`}>{c.area}</span> <span data-testid="change-message">{c.message}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
