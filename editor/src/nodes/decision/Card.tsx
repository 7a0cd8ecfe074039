import type { CardBodyProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';

/** The output: which variables it returns, how many conditions it attaches; after a run, the outcome. */
export function DecisionCard({ node, overlay }: CardBodyProps<'decision'>) {
  const { t } = useI18n();
  const vars = node.config.variables;
  const outcome = overlay.outputs?.outcome;
  const conditions = Object.values(node.config.conditions ?? {}).filter(Boolean).length;
  return (
    <div>
      <div className="card-caption">{vars ? t('decision.returnsSome', { count: vars.length }) : t('decision.returnsAll')}</div>
      {conditions ? <div className="card-caption" data-testid="decision-card-conditions">{t('decision.attachesConditions', { count: conditions })}</div> : null}
      {typeof outcome === 'string' ? <div className={`card-value outcome-${outcome}`}>{t(`outcome.${outcome as 'accept'}`)}</div> : null}
    </div>
  );
}
