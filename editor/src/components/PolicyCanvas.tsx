/**
 * The graph canvas. Reads the document (through the graph mapping) and turns gestures into
 * commands: drag stop → moveNodes, connect → connect (refused with a reason), delete → removeNodes
 * / disconnect. Positions during a drag are view state only.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { producedNames } from '../../../engine/model/names.js';
import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnConnectEnd,
  type ReactFlowInstance,
} from '@xyflow/react';
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import { batch, checkConnection, connect, disconnect, edgeKey as edgeKeyOf, moveNodes, removeNodes, type Command, type Position } from '../document/commands.js';
import { createGraphMapper, type GraphOverlays, type PolicyFlowNode } from '../document/graph-mapping.js';
import type { DispatchResult } from '../document/session.js';
import { nodeTypes } from './PolicyCard.js';
import { EDGE_HANDLE, EdgeActionsContext, PolicyEdge, type EdgeActions } from './PolicyEdge.js';
import { useI18n } from '../i18n/i18n.js';

interface Props {
  doc: PolicyDocument;
  overlays: Omit<GraphOverlays, 'selected' | 'dragging'>;
  selection: string[];
  selectedEdges: string[];
  readOnly: boolean;
  dispatch(command: Command): DispatchResult;
  onSelect(nodes: string[], edges: string[]): void;
  onRefused(reason: string): void;
  onInit?(instance: ReactFlowInstance<PolicyFlowNode>): void;
  /** The readable fit (the workspace decides how: see WorkspaceController.fitView). */
  onFitView?(): void;
}

const edgeTypes = { default: PolicyEdge };

const MINIMAP_COLORS: Record<string, string> = {
  formula: '#8b9bb4',
  scorecard: '#4f7cac',
  riskClass: '#b5651d',
  creditLimit: '#2e8b57',
  approval: '#7b4fa0',
  collection: '#a0522d',
  rules: '#c0392b',
  decision: '#222',
};

export function PolicyCanvas(props: Props) {
  const { t, lt } = useI18n();
  // React Flow's own texts (controls, minimap, keyboard help) in the editor's language.
  const ariaLabelConfig = useMemo(
    () => ({
      'node.a11yDescription.default': t('canvas.a11y.node'),
      'node.a11yDescription.keyboardDisabled': t('canvas.a11y.node'),
      'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }: { direction: string; x: number; y: number }) => t('canvas.a11y.moved', { direction, x, y }),
      'edge.a11yDescription.default': t('canvas.a11y.edge'),
      'controls.ariaLabel': t('canvas.controls'),
      'controls.zoomIn.ariaLabel': t('canvas.zoomIn'),
      'controls.zoomOut.ariaLabel': t('canvas.zoomOut'),
      'controls.fitView.ariaLabel': t('canvas.fitView'),
      'controls.interactive.ariaLabel': t('canvas.interactive'),
      'minimap.ariaLabel': t('canvas.minimap'),
      'handle.ariaLabel': t('canvas.handle'),
    }),
    [t],
  );
  const mapper = useMemo(() => createGraphMapper(), []);
  const [dragging, setDragging] = useState<Record<string, Position>>({});
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const selection = useMemo(() => new Set(props.selection), [props.selection]);
  const { nodes, edges: rawEdges } = useMemo(
    () => mapper(props.doc, { ...props.overlays, selected: selection, dragging, measured }),
    [mapper, props.doc, props.overlays, selection, dragging, measured],
  );
  const edges = useMemo(() => {
    const sel = new Set(props.selectedEdges);
    return sel.size ? rawEdges.map((e) => (sel.has(e.id) ? { ...e, selected: true } : e)) : rawEdges;
  }, [rawEdges, props.selectedEdges]);

  const propsRef = useRef(props);
  propsRef.current = props;
  // The selection as last asked for: React Flow reports a node selected and the edges unselected in
  // two calls before the next render, so the second must build on the first, not on stale props.
  const selRef = useRef({ nodes: props.selection, edges: props.selectedEdges });
  selRef.current = { nodes: props.selection, edges: props.selectedEdges };
  const setSelection = useCallback((nodes: string[], edges: string[]) => {
    selRef.current = { nodes, edges };
    propsRef.current.onSelect(nodes, edges);
  }, []);

  const draggingRef = useRef<Record<string, Position>>({});

  // A card outside the visible canvas that gets scrolled into view (Tab focus, find-in-page, an
  // automated click) scrolls React Flow's overflow-hidden wrapper, and React Flow snaps that scroll
  // back to 0 on the scroll event: the card jumps back out of view between pointer down and up, the
  // click lands on the pane and clears the selection. Turn such a scroll into a pan of the viewport
  // instead, so the card stays where the scroll showed it.
  const canvasRef = useRef<HTMLDivElement>(null);
  const flowRef = useRef<ReactFlowInstance<PolicyFlowNode> | null>(null);
  useEffect(() => {
    const el = canvasRef.current;
    if (!el) return;
    const onScroll = (e: Event) => {
      const wrapper = e.target;
      const flow = flowRef.current;
      if (!(wrapper instanceof HTMLElement) || !wrapper.classList.contains('react-flow') || !flow) return;
      const { scrollLeft: dx, scrollTop: dy } = wrapper;
      if (!dx && !dy) return;
      const vp = flow.getViewport();
      void flow.setViewport({ x: vp.x - dx, y: vp.y - dy, zoom: vp.zoom });
      wrapper.scrollTo({ top: 0, left: 0, behavior: 'instant' });
    };
    // capture: runs before React Flow's own handler on the wrapper resets the scroll
    el.addEventListener('scroll', onScroll, true);
    return () => el.removeEventListener('scroll', onScroll, true);
  }, []);
  const onInit = useCallback((instance: ReactFlowInstance<PolicyFlowNode>) => {
    flowRef.current = instance;
    propsRef.current.onInit?.(instance);
  }, []);

  const onNodesChange = useCallback((changes: NodeChange<PolicyFlowNode>[]) => {
    const p = propsRef.current;
    const sel = new Set(selRef.current.nodes);
    let selectionChanged = false;
    let moved = false;
    const finished: Record<string, Position> = {};
    const sizes: Record<string, { width: number; height: number }> = {};
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) sizes[c.id] = { width: c.dimensions.width, height: c.dimensions.height };
      if (c.type === 'position' && !p.readOnly) {
        const pos = c.position ? { x: Math.round(c.position.x), y: Math.round(c.position.y) } : draggingRef.current[c.id];
        if (c.dragging && pos) {
          draggingRef.current = { ...draggingRef.current, [c.id]: pos };
          moved = true;
        } else if (!c.dragging && pos) {
          finished[c.id] = pos;
          const { [c.id]: _done, ...rest } = draggingRef.current;
          draggingRef.current = rest;
          moved = true;
        }
      } else if (c.type === 'select') {
        selectionChanged = true;
        if (c.selected) sel.add(c.id);
        else sel.delete(c.id);
      }
    }
    if (Object.keys(sizes).length) setMeasured((m) => ({ ...m, ...sizes }));
    if (Object.keys(finished).length) p.dispatch(moveNodes(finished));
    if (moved) setDragging(draggingRef.current);
    if (selectionChanged) setSelection([...sel], selRef.current.edges);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const sel = new Set(selRef.current.edges);
    let changed = false;
    for (const c of changes)
      if (c.type === 'select') {
        changed = true;
        if (c.selected) sel.add(c.id);
        else sel.delete(c.id);
      }
    if (changed) setSelection(selRef.current.nodes, [...sel]);
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const p = propsRef.current;
    if (p.readOnly || !c.source || !c.target) return;
    const result = p.dispatch(connect(c.source, c.target));
    if (!result.ok) p.onRefused(result.reason);
  }, []);

  const isValidConnection = useCallback((c: Connection | { source: string; target: string }) => checkConnection(propsRef.current.doc, c.source!, c.target!).ok, []);

  const onConnectEnd: OnConnectEnd = useCallback((_event, state) => {
    if (state.isValid || !state.fromNode || !state.toNode) return;
    const from = state.fromHandle?.type === 'target' ? state.toNode.id : state.fromNode.id;
    const to = state.fromHandle?.type === 'target' ? state.fromNode.id : state.toNode.id;
    const check = checkConnection(propsRef.current.doc, from, to);
    if (!check.ok) propsRef.current.onRefused(check.reason);
  }, []);

  const focusAfterRemoval = useRef<{ edge: string | null; node: string } | null>(null);
  // What the Delete key removed, said to screen readers (the cards and lines just vanish otherwise).
  const [announcement, setAnnouncement] = useState('');
  const labelOf = (id: string) => lt(props.doc.nodes.find((x) => x.id === id)?.label) || id;
  const announceDeleted = useRef<(nodeIds: string[], edgeIds: string[]) => void>(() => undefined);
  announceDeleted.current = (nodeIds, edgeIds) => {
    // the edges of a removed node go with it: named only when removed on their own
    const gone = new Set(nodeIds);
    const edgesRemoved = edgeIds.map((id) => props.doc.edges.find((e) => edgeKeyOf(e) === id)).filter((e): e is NonNullable<typeof e> => !!e && !gone.has(e.source) && !gone.has(e.target));
    const what = [...nodeIds.map(labelOf), ...edgesRemoved.map((e) => `${labelOf(e.source)} → ${labelOf(e.target)}`)];
    if (what.length) setAnnouncement(t('canvas.deleted', { what: what.join(', ') }));
  };

  const onDelete = useCallback(({ nodes: ns, edges: es }: { nodes: PolicyFlowNode[]; edges: { id: string }[] }) => {
    const p = propsRef.current;
    if (p.readOnly) return;
    const commands: Command[] = [];
    const nodeIds = ns.map((n) => n.id).filter((id) => p.doc.nodes.some((x) => x.id === id));
    if (nodeIds.length) commands.push(removeNodes(nodeIds));
    const edgeIds = es.map((e) => e.id).filter((id) => !id.startsWith('ghost:'));
    if (edgeIds.length) commands.push(disconnect(edgeIds));
    if (commands.length === 0) return;
    if (!p.dispatch(commands.length === 1 ? commands[0]! : batch('cmd.delete', commands)).ok) return;
    setSelection([], []);
    // the keyboard focus goes on to a remaining node, not to the page's start
    const gone = new Set(nodeIds);
    const at = p.doc.nodes.findIndex((n) => gone.has(n.id));
    const next = p.doc.nodes.slice(at + 1).find((n) => !gone.has(n.id)) ?? [...p.doc.nodes].reverse().find((n) => !gone.has(n.id));
    if (nodeIds.length && next) focusAfterRemoval.current = { edge: null, node: next.id };
    announceDeleted.current(nodeIds, edgeIds);
  }, []);

  // Edges by keyboard: their focus points follow the nodes in the tab order; Delete removes one,
  // the removal is announced and the focus moves on to the next edge (or back to the source node).
  const edgeActions = useMemo<EdgeActions>(() => {
    return {
      readOnly: props.readOnly,
      describe: (source, target) => t('canvas.edge', { from: labelOf(source), to: labelOf(target) }),
      select: (id) => {
        const { nodes, edges } = selRef.current;
        if (edges.length !== 1 || edges[0] !== id || nodes.length) setSelection([], [id]);
      },
      remove: (id) => {
        const p = propsRef.current;
        if (p.readOnly) return;
        const edge = p.doc.edges.find((e) => edgeKeyOf(e) === id);
        if (!edge) return;
        const keys = p.doc.edges.map(edgeKeyOf);
        const at = keys.indexOf(id);
        if (!p.dispatch(disconnect([id])).ok) return;
        focusAfterRemoval.current = { edge: keys[at + 1] ?? keys[at - 1] ?? null, node: edge.source };
        setSelection([], []);
        setAnnouncement(t('canvas.edgeRemoved', { from: labelOf(edge.source), to: labelOf(edge.target) }));
      },
    };
  }, [props.doc, props.readOnly, t, lt, setSelection]);
  useEffect(() => {
    const next = focusAfterRemoval.current;
    const el = canvasRef.current;
    if (!next || !el) return;
    focusAfterRemoval.current = null;
    const target =
      (next.edge ? el.querySelector<HTMLElement>(`[${EDGE_HANDLE}="${CSS.escape(next.edge)}"]`) : null) ??
      el.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(next.node)}"]`);
    target?.focus();
  }, [nodes, edges]);

  return (
    <div className="canvas" aria-label={t('canvas.label')} ref={canvasRef}>
      <div className="sr-only" aria-live="polite" data-testid="canvas-announcement">
        {announcement}
      </div>
      <EdgeActionsContext.Provider value={edgeActions}>
      <ReactFlow<PolicyFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onDelete={onDelete}
        onInit={onInit}
        nodesDraggable={!props.readOnly}
        nodesConnectable={!props.readOnly}
        elementsSelectable
        deleteKeyCode={props.readOnly ? null : ['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        minZoom={0.1}
        panOnScroll
        edgesFocusable={false}
        ariaLabelConfig={ariaLabelConfig}
        onlyRenderVisibleElements={nodes.length > 80}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <Panel position="bottom-left" style={{ left: 48 }}>
          <InputsOverlay doc={props.doc} />
        </Panel>
        <MiniMap pannable zoomable nodeColor={(n) => MINIMAP_COLORS[n.type ?? ''] ?? '#999'} ariaLabel={t('canvas.minimap')} />
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton onClick={() => props.onFitView?.()} title={t('canvas.fitView')} aria-label={t('canvas.fitView')}>
            ⤢
          </ControlButton>
        </Controls>
      </ReactFlow>
      </EdgeActionsContext.Provider>
    </div>
  );
}

/**
 * The policy's inputs on the graph: what the decision reads, folded to one button by default;
 * unfolded, each input with its label, type and whether it is required, and which nodes read it.
 */
function InputsOverlay({ doc }: { doc: PolicyDocument }) {
  const { t, tk, lt } = useI18n();
  const [open, setOpen] = useState(false);
  const readers = useMemo(() => {
    const text = new Map(doc.nodes.map((n) => [n.id, JSON.stringify(n.config)]));
    const produced = new Set(doc.nodes.flatMap((n) => producedNames(n)));
    return new Map(
      doc.inputs.map((i) => {
        const re = new RegExp(`(?<![\\w.$])${i.name}(?![\\w$])`);
        return [i.name, produced.has(i.name) ? [] : doc.nodes.filter((n) => re.test(text.get(n.id)!)).map((n) => lt(n.label) || n.id)];
      }),
    );
  }, [doc, lt]);
  return (
    <div className="inputs-overlay nopan nowheel" data-testid="inputs-overlay">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="toggle-inputs">
        ⇲ {t('canvas.inputs', { count: doc.inputs.length })}
      </button>
      {open ? (
        <ul>
          {doc.inputs.map((i) => (
            <li key={i.name} title={i.name}>
              <strong>{lt(i.label) || i.name}</strong> <span className="muted small">{tk(`inputs.type.${i.type}`)}{i.required ? ` · ${t('canvas.required')}` : ''}</span>
              <div className="small muted">{readers.get(i.name)?.length ? `→ ${readers.get(i.name)!.join(', ')}` : t('canvas.unused')}</div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
