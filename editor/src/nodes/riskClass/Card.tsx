import type { CardBodyProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';

/** The class ladder (best at the top) with score thresholds; after a run, the class reached. */
export function RiskClassCard({ node, overlay }: CardBodyProps<'riskClass'>) {
  const { t } = useI18n();
  const c = node.config;
  const out = overlay.outputs?.[c.output ?? 'riskClass'];
  return (
    <div className="card-riskclass">
      <ol className="class-ladder">
        {c.classes.map((cls, i) => (
          <li key={cls.id} className={`${out === cls.id ? 'hit ' : ''}rank-${Math.min(4, Math.round((i / Math.max(1, c.classes.length - 1)) * 4))}`}>
            <span className="class-id">{cls.id}</span>
            <span className="mono">≥ {cls.minScore}</span>
          </li>
        ))}
      </ol>
      {c.overrides?.length ? <div className="card-foot">{t('riskClass.overridesCount', { count: c.overrides.length })}</div> : null}
    </div>
  );
}
