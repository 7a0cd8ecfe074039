import type { CardBodyProps } from '../types.js';
import { Timeline } from './Timeline.js';

/** One mini timeline per scenario; after a run, the scenario chosen. */
export function CollectionCard({ node, overlay }: CardBodyProps<'collection'>) {
  const chosen = overlay.outputs?.collectionScenario;
  return (
    <div className="card-collection">
      {node.config.scenarios.slice(0, 5).map((s) => (
        <div key={s.id} className={`scenario-mini${chosen === s.id ? ' hit' : ''}`}>
          <div className="scenario-name">
            {s.label ?? s.id}
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
