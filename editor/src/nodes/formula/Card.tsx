import type { CardBodyProps } from '../types.js';
import { formatValue } from '../../components/format.js';

/** The variables and their expressions; after a run, their values. */
export function FormulaCard({ node, overlay }: CardBodyProps<'formula'>) {
  const vars = node.config.variables;
  return (
    <ul className="card-list mono">
      {vars.slice(0, 8).map((v) => (
        <li key={v.name} title={v.expression}>
          <span className="var-name">{v.name}</span>
          {overlay.outputs && v.name in overlay.outputs ? (
            <span className="var-value"> = {formatValue(overlay.outputs[v.name])}</span>
          ) : (
            <span className="var-expr"> = {v.expression}</span>
          )}
        </li>
      ))}
      {vars.length > 8 ? <li className="muted">+{vars.length - 8}</li> : null}
    </ul>
  );
}
