import type { CardBodyProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';

const MAX_ROWS = 12;

/** Criteria with weight bars (at most twelve). */
export function ScorecardCard({ node, overlay }: CardBodyProps<'scorecard'>) {
  const { t, lt, lw } = useI18n();
  const { criteria, scale } = node.config;
  const total = criteria.reduce((s, c) => s + (c.weight ?? 0), 0);
  const outName = node.config.output ?? 'score';
  const score = overlay.outputs?.[outName];
  return (
    <div className="card-scorecard">
      <ul className="weight-bars">
        {criteria.slice(0, MAX_ROWS).map((c) => (
          <li key={c.id} title={`${lt(c.label) || c.id}: ${c.weight}%`}>
            <span className="wb-label">{lt(c.label) || c.id}</span>
            <span className="wb-bar" aria-hidden="true">
              <span style={{ width: `${Math.min(100, ((c.weight ?? 0) / Math.max(total, 1)) * 100 * 2.5)}%` }} />
            </span>
            <span className="wb-value">{c.weight}%</span>
          </li>
        ))}
        {criteria.length > MAX_ROWS ? <li className="muted">+{criteria.length - MAX_ROWS}</li> : null}
      </ul>
      <div className={`card-foot${total !== 100 ? ' warn' : ''}`}>
        {t('scorecard.totalWeight', { total })} · {t('scorecard.scale', { min: scale.min, max: scale.max })}
      </div>
      {typeof score === 'number' ? <div className="card-value">{outName} = {score}</div> : null}
    </div>
  );
}
