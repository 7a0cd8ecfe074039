import type { CollectionStep } from '../../../../engine/model/policy-schema.js';
import { useI18n } from '../../i18n/i18n.js';

/** A scenario's steps on a day axis (due date marked), used on the card and in the inspector. */
export function Timeline({ steps, compact }: { steps: CollectionStep[]; compact?: boolean }) {
  const { t } = useI18n();
  const days = steps.map((s) => s.day);
  const min = Math.min(0, ...days);
  const max = Math.max(1, ...days);
  const pos = (d: number) => ((d - min) / Math.max(1, max - min)) * 100;
  return (
    <div className={`timeline${compact ? ' compact' : ''}`} role="img" aria-label={steps.map((s) => `${s.day >= 0 ? '+' : ''}${s.day}: ${t(`action.${s.action}`)}`).join(', ')}>
      <div className="tl-axis" />
      <div className="tl-due" style={{ left: `${pos(0)}%` }} title={t('collection.dueDate')} />
      {steps.map((s, i) => (
        <div key={i} className={`tl-step action-${s.action}`} style={{ left: `${pos(s.day)}%` }} title={`${s.day >= 0 ? '+' : ''}${s.day} ${t(`action.${s.action}`)}`}>
          <span className="tl-dot" />
          {!compact ? <span className="tl-day">{s.day >= 0 ? `+${s.day}` : s.day}</span> : null}
        </div>
      ))}
    </div>
  );
}
