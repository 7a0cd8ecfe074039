import type { CardBodyProps } from '../types.js';
import { useI18n } from '../../i18n/i18n.js';
import { Timeline } from './Timeline.js';

/** One mini timeline per scenario; after a run, the scenario chosen. */
export function CollectionCard({ node, overlay }: CardBodyProps<'collection'>) {
  const chosen = overlay.outputs?.collectionScenario;
  const { lt } = useI18n();
  return (
    <div className="card-collection">
      {node.config.scenarios.slice(0, 5).map((s) => (
        <div key={s.id} className={`scenario-mini${chosen === s.id ? ' hit' : ''}`}>
          <div className="scenario-name">
            {lt(s.label) || s.id}
            <span className="muted">
              {' '}
              · {Object.entries(node.config.byClass)
                .filter(([, v]) => v === s.id)
                .map(([k]) => k)
                .join(' ')}
            </span>
          </div>
          <Timeline steps={s.steps} compact />
        </div>
      ))}
    </div>
  );
}
