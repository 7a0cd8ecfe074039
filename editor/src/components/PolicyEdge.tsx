/**
 * An edge of the policy graph, drawn as React Flow's default curve, with a focus point at its
 * middle: a small button rendered after the nodes (React Flow's viewport portal), so Tab reaches
 * the nodes first and the edges after them. Focusing it selects the edge; Delete or Backspace
 * removes it (one undoable command), and the canvas announces what was removed.
 */
import { createContext, useContext } from 'react';
import { BaseEdge, ViewportPortal, getBezierPath, useReactFlow, type EdgeProps } from '@xyflow/react';

export interface EdgeActions {
  readOnly: boolean;
  /** "Scorecard → Risk class": the edge's accessible name. */
  describe(source: string, target: string): string;
  select(edgeId: string): void;
  remove(edgeId: string): void;
}

export const EdgeActionsContext = createContext<EdgeActions | null>(null);

export const EDGE_HANDLE = 'data-edge-handle';

export function PolicyEdge(props: EdgeProps) {
  const actions = useContext(EdgeActionsContext);
  const flow = useReactFlow();
  const [path, labelX, labelY] = getBezierPath(props);
  const focusable = !!actions && props.deletable !== false && !actions.readOnly;
  return (
    <>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} markerStart={props.markerStart} style={props.style} interactionWidth={props.interactionWidth} />
      {focusable ? (
        <ViewportPortal>
          <button
            type="button"
            className={`edge-handle nodrag nopan${props.selected ? ' selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            aria-label={actions.describe(props.source, props.target)}
            title={actions.describe(props.source, props.target)}
            {...{ [EDGE_HANDLE]: props.id }}
            onFocus={(e) => {
              actions.select(props.id);
              // Reached by Tab outside the visible canvas: bring it to the middle (same zoom), once
              // whatever scroll the focus caused has been turned into a pan.
              const el = e.currentTarget;
              requestAnimationFrame(() => {
                const pane = el.closest('.react-flow')?.getBoundingClientRect();
                const box = el.getBoundingClientRect();
                if (pane && (box.left < pane.left || box.right > pane.right || box.top < pane.top || box.bottom > pane.bottom)) void flow.setCenter(labelX, labelY, { zoom: flow.getZoom() });
              });
            }}
            onClick={() => actions.select(props.id)}
            onKeyDown={(e) => {
              if (e.key !== 'Delete' && e.key !== 'Backspace') return;
              // ours alone: React Flow's own Delete key would remove the selection a second time
              e.preventDefault();
              e.stopPropagation();
              actions.remove(props.id);
            }}
          >
            ×
          </button>
        </ViewportPortal>
      ) : null}
    </>
  );
}
