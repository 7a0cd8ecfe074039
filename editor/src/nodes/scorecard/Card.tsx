import type { CardBodyProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';

const MAX_ROWS = 12;

/** Criteria with weight bars (at most twelve). */
export function ScorecardCard({ node, overlay }: CardBodyProps<'scorecard'>) {
  const { t, lt } = useI18n();
  const { criteria, scale } = node.config;
  // A summed scorecard has no weights: each criterion shows the most points it can add.
  const sum = node.config.scoring === 'sum';
  const best = (c: (typeof criteria)[number]) => Math.max(...c.bands.map((b) => b.points));
  const share = (c: (typeof criteria)[number]) => (sum ? best(c) : c.weight ?? 0);
  const total = criteria.reduce((s, c) => s + share(c), 0);
  const outName = node.config.output ?? 'score';
  const score = overlay.outputs?.[outName];
  return (
    <div className="card-scorecard">
      <ul className="weight-bars">
        {criteria.slice(0, MAX_ROWS).map((c) => (
          <li key={c.id} title={`${lt(c.label) || c.id}: ${sum ? best(c) : `${c.weight}%`}`}>
            <span className="wb-label">{lt(c.label) || c.id}</span>
            <span className="wb-bar" aria-hidden="true">
              <span style={{ width: `${Math.min(100, (share(c) / Math.max(total, 1)) * 100 * 2.5)}%` }} />
            </span>
            <span className="wb-value">{sum ? best(c) : `${c.weight}%`}</span>
          </li>
        ))}
        {criteria.length > MAX_ROWS ? <li className="muted">+{criteria.length - MAX_ROWS}</li> : null}
      </ul>
      <div className={`card-foot${!sum && total !== 100 ? ' warn' : ''}`}>
        {sum ? t('scorecard.scoring.sum') : `${t('scorecard.totalWeight', { total })} · ${t('scorecard.scale', { min: scale.min, max: scale.max })}`}
      </div>
      {typeof score === 'number' ? <div className="card-value">{outName} = {score}</div> : null}
    </div>
  );
}
