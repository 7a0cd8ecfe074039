import type { CardBodyProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';

/** Rule count and labels; matched rules light up after a run. */
export function RulesCard({ node, overlay }: CardBodyProps<'rules'>) {
  const { t, lt, lw } = useI18n();
  const matched = new Set(overlay.matched ?? []);
  const rules = node.config.rules;
  return (
    <div>
      <div className="card-caption">{t('rules.count', { count: rules.length })}</div>
      <ul className="card-list">
        {rules.slice(0, 6).map((r) => (
          <li key={r.id} className={matched.has(r.id) ? 'hit' : undefined}>
            {matched.has(r.id) ? '● ' : ''}
            {lt(r.label) || r.id}
            <span className="muted"> → {r.actions.map((a) => (a.type === 'outcome' ? t(`outcome.${a.outcome}`) : a.type === 'reason' ? a.reason.code : a.variable)).join(', ')}</span>
          </li>
        ))}
        {rules.length > 6 ? <li className="muted">+{rules.length - 6}</li> : null}
      </ul>
    </div>
  );
}
