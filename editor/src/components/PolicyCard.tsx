/** The graph card of a node: a frame (kind, label, badges, handles) around its kind's summary. */
import { memo } from 'react';
import { Handle, Position, type NodeProps, type NodeTypes } from '@xyflow/react';
import type { NodeKind } from '../../../engine/model/policy-schema.js';
import type { PolicyFlowNode } from '../document/graph-mapping.js';
import { NODE_KIND_MODULES } from '../nodes/registry.js';
import type { NodeKindModule } from '../nodes/types.js';
import { useI18n } from '../i18n/i18n.js';

function CardFrame({ data, selected }: NodeProps<PolicyFlowNode>) {
  const { t, lt, lw } = useI18n();
  const { node, overlay } = data;
  const mod = NODE_KIND_MODULES[node.kind] as NodeKindModule<NodeKind>;
  const Body = mod.CardBody;
  const classes = ['policy-card', `kind-${node.kind}`];
  if (selected) classes.push('selected');
  if (overlay.errors) classes.push('has-errors');
  if (overlay.onPath) classes.push('on-path');
  if (overlay.diff && overlay.diff !== 'unchanged') classes.push(`diff-${overlay.diff}`);
  return (
    <div className={classes.join(' ')} data-node-id={node.id} data-testid={`card-${node.id}`} title={node.id}>
      <Handle type="target" position={Position.Left} role="img" aria-label={t('canvas.inputHandle')} />
      <div className="card-head">
        <span className="card-glyph" aria-hidden="true">
          {mod.glyph}
        </span>
        <span className="card-title">
          <span className="card-kind">{t(`kind.${node.kind}`)}</span>
          <span className="card-label">{lt(node.label) || t(`kind.${node.kind}`)}</span>
        </span>
        <span className="card-badges">
          {overlay.diff && overlay.diff !== 'unchanged' ? <span className={`badge diff-badge diff-${overlay.diff}`}>{t(`diff.${overlay.diff}`)}</span> : null}
          {overlay.errors ? (
            <span className="badge badge-error" title={t('problems.errors', { count: overlay.errors })}>
              {overlay.errors}
            </span>
          ) : null}
          {overlay.warnings ? (
            <span className="badge badge-warning" title={t('problems.warnings', { count: overlay.warnings })}>
              {overlay.warnings}
            </span>
          ) : null}
        </span>
      </div>
      <div className="card-body">
        <Body node={node} overlay={overlay} />
      </div>
      {node.kind !== 'decision' ? <Handle type="source" position={Position.Right} role="img" aria-label={t('canvas.outputHandle')} /> : null}
    </div>
  );
}

const MemoCard = memo(CardFrame);

export const nodeTypes: NodeTypes = Object.fromEntries(Object.keys(NODE_KIND_MODULES).map((k) => [k, MemoCard])) as NodeTypes;
