import type { CardBodyProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { fmtAmount } from '../shared.js';

/** Delegation levels as a ladder, the rule count, the default outcome; after a run, the outcome. */
export function ApprovalCard({ node, overlay }: CardBodyProps<'approval'>) {
  const { t, lt, lw } = useI18n();
  const c = node.config;
  const outcome = overlay.outputs?.approvalOutcome;
  const level = overlay.outputs?.approvalLevel;
  return (
    <div className="card-approval">
      <ol className="level-ladder">
        {c.levels.map((l) => (
          <li key={l.id} className={level === l.id ? 'hit' : undefined}>
            <span>{lt(l.label) || l.id}</span>
            <span className="mono">≤ {fmtAmount(l.maxAmount)}</span>
          </li>
        ))}
      </ol>
      <ul className="card-list card-rules">
        {c.rules.map((r) => (
          <li key={r.id} title={r.id}>
            {lt(r.label) || r.id} → <span className={`outcome-${r.outcome}`}>{t(`outcome.${r.outcome}`)}</span>
          </li>
        ))}
      </ul>
      <div className="card-foot">
        {t('approval.rulesCount', { count: c.rules.length })} · {t('approval.defaultIs', { outcome: t(`outcome.${c.default.outcome}`) })}
      </div>
      {typeof outcome === 'string' ? (
        <div className={`card-value outcome-${outcome}`}>
          {t(`outcome.${outcome as 'accept'}`)}
          {typeof level === 'string' ? ` → ${lt(c.levels.find((l) => l.id === level)?.label) || level}` : ''}
        </div>
      ) : null}
    </div>
  );
}
