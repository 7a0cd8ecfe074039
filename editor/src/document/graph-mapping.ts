/**
 * Document → React Flow graph. The graph is derived from the document (and view overlays:
 * diagnostics, trace, diff colours), never the reverse: the canvas turns user gestures into
 * commands. Unchanged nodes keep the same object between calls so React Flow re-renders only
 * what changed (a 200-node policy drags smoothly).
 */
import type { Edge, Node } from '@xyflow/react';
import type { PolicyDocument, PolicyNode } from '../../../engine/model/policy-schema.js';
import type { Position } from './commands.js';
import { edgeKey } from './commands.js';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface NodeOverlay {
  errors?: number;
  warnings?: number;
  /** Values the node produced in the last test run. */
  outputs?: Record<string, unknown>;
  /** Rules / overrides / bands that matched in the last test run. */
  matched?: string[];
  /** On the path to the outcome in the last test run. */
  onPath?: boolean;
  diff?: DiffStatus;
}

export interface CardData extends Record<string, unknown> {
  node: PolicyNode;
  overlay: NodeOverlay;
}

export type PolicyFlowNode = Node<CardData, PolicyNode['kind']>;

export interface GraphOverlays {
  nodes?: Record<string, NodeOverlay>;
  /** Edges (source->target) to light up. */
  litEdges?: Set<string>;
  /** Nodes present only in the "before" document of a comparison, drawn as removed. */
  ghostNodes?: PolicyNode[];
  ghostPositions?: Record<string, Position>;
  ghostEdges?: { source: string; target: string }[];
  selected?: Set<string>;
  /** Positions being dragged (view state, not yet committed as a command). */
  dragging?: Record<string, Position>;
  /** Card sizes measured by React Flow (view state; the minimap and fit view need them). */
  measured?: Record<string, { width: number; height: number }>;
}

const EMPTY: NodeOverlay = {};

export function fallbackPosition(index: number): Position {
  return { x: (index % 6) * 300, y: Math.floor(index / 6) * 260 };
}

function sameOverlay(a: NodeOverlay, b: NodeOverlay): boolean {
  return (
    a.errors === b.errors &&
    a.warnings === b.warnings &&
    a.outputs === b.outputs &&
    a.matched === b.matched &&
    a.onPath === b.onPath &&
    a.diff === b.diff
  );
}

/** A mapper with a per-node cache; create one per canvas. */
export function createGraphMapper() {
  const cache = new Map<string, PolicyFlowNode>();

  function toNode(node: PolicyNode, position: Position, overlay: NodeOverlay, selected: boolean, measured?: { width: number; height: number }): PolicyFlowNode {
    const prev = cache.get(node.id);
    if (
      prev &&
      prev.measured?.width === measured?.width &&
      prev.measured?.height === measured?.height &&
      prev.data.node === node &&
      prev.position.x === position.x &&
      prev.position.y === position.y &&
      !!prev.selected === selected &&
      sameOverlay(prev.data.overlay, overlay)
    )
      return prev;
    const next: PolicyFlowNode = {
      id: node.id,
      type: node.kind,
      position,
      selected,
      ...(measured ? { measured } : {}),
      data: { node, overlay },
      className: overlay.diff && overlay.diff !== 'unchanged' ? `diff-${overlay.diff}` : overlay.onPath ? 'on-path' : undefined,
    };
    cache.set(node.id, next);
    return next;
  }

  return function mapDocument(doc: PolicyDocument, overlays: GraphOverlays = {}): { nodes: PolicyFlowNode[]; edges: Edge[] } {
    const layout = doc.layout?.nodes ?? {};
    const selected = overlays.selected ?? new Set<string>();
    const nodes = doc.nodes.map((node, i) =>
      toNode(
        node,
        overlays.dragging?.[node.id] ?? layout[node.id] ?? fallbackPosition(i),
        overlays.nodes?.[node.id] ?? EMPTY,
        selected.has(node.id),
        overlays.measured?.[node.id],
      ),
    );
    for (const ghost of overlays.ghostNodes ?? []) {
      nodes.push(
        toNode(ghost, overlays.ghostPositions?.[ghost.id] ?? fallbackPosition(nodes.length), { diff: 'removed' }, false, overlays.measured?.[ghost.id]),
      );
    }
    const present = new Set(nodes.map((n) => n.id));
    for (const id of cache.keys()) if (!present.has(id)) cache.delete(id);

    const lit = overlays.litEdges ?? new Set<string>();
    const edges: Edge[] = doc.edges.map((e) => ({
      id: edgeKey(e),
      source: e.source,
      target: e.target,
      animated: lit.has(edgeKey(e)),
      className: lit.has(edgeKey(e)) ? 'edge-lit' : undefined,
    }));
    for (const e of overlays.ghostEdges ?? [])
      edges.push({ id: `ghost:${edgeKey(e)}`, source: e.source, target: e.target, className: 'edge-removed', deletable: false });
    return { nodes, edges };
  };
}

