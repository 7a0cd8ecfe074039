import type { CardBodyProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';

/** The output: which variables it returns; after a run, the outcome. */
export function DecisionCard({ node, overlay }: CardBodyProps<'decision'>) {
  const { t } = useI18n();
  const vars = node.config.variables;
  const outcome = overlay.outputs?.outcome;
  return (
    <div>
      <div className="card-caption">{vars ? t('decision.returnsSome', { count: vars.length }) : t('decision.returnsAll')}</div>
      {typeof outcome === 'string' ? <div className={`card-value outcome-${outcome}`}>{t(`outcome.${outcome as 'accept'}`)}</div> : null}
    </div>
  );
}
