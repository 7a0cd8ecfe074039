/** Copy / paste of nodes: a copy carries the nodes, the edges between them and their positions. */
import type { PolicyDocument, PolicyEdge, PolicyNode } from '../../../engine/model/policy-schema.js';
import { addNodes, freshNodeId, type Command, type Position } from './commands.js';
import { fallbackPosition } from './graph-mapping.js';

export interface ClipboardPayload {
  format: 'creditgraph/nodes@1';
  nodes: PolicyNode[];
  edges: PolicyEdge[];
  positions: Record<string, Position>;
}

export function copyNodes(doc: PolicyDocument, ids: string[]): ClipboardPayload | null {
  const set = new Set(ids);
  const nodes = doc.nodes.filter((n) => set.has(n.id));
  if (nodes.length === 0) return null;
  const positions: Record<string, Position> = {};
  doc.nodes.forEach((n, i) => {
    if (set.has(n.id)) positions[n.id] = doc.layout?.nodes[n.id] ?? fallbackPosition(i);
  });
  return {
    format: 'creditgraph/nodes@1',
    nodes: structuredClone(nodes),
    edges: doc.edges.filter((e) => set.has(e.source) && set.has(e.target)).map((e) => ({ source: e.source, target: e.target })),
    positions,
  };
}

export function isClipboardPayload(value: unknown): value is ClipboardPayload {
  return !!value && typeof value === 'object' && (value as ClipboardPayload).format === 'creditgraph/nodes@1';
}

/**
 * A command adding a copy of the payload: fresh ids (internal edges follow), positions shifted by
 * `offset`. A second decision node is not pasted (a policy has exactly one).
 * Returns the command and the new ids (to select them).
 */
export function pasteNodes(doc: PolicyDocument, payload: ClipboardPayload, offset: Position = { x: 40, y: 40 }): { command: Command; ids: string[] } | null {
  const hasDecision = doc.nodes.some((n) => n.kind === 'decision');
  const idMap = new Map<string, string>();
  const taken = new Set<string>();
  const nodes: PolicyNode[] = [];
  const positions: Record<string, Position> = {};
  for (const n of payload.nodes) {
    if (n.kind === 'decision' && hasDecision) continue;
    const id = freshNodeId(doc, n.id, taken);
    taken.add(id);
    idMap.set(n.id, id);
    nodes.push({ ...structuredClone(n), id } as PolicyNode);
    const p = payload.positions[n.id] ?? { x: 0, y: 0 };
    positions[id] = { x: p.x + offset.x, y: p.y + offset.y };
  }
  if (nodes.length === 0) return null;
  const edges = payload.edges
    .filter((e) => idMap.has(e.source) && idMap.has(e.target))
    .map((e) => ({ source: idMap.get(e.source)!, target: idMap.get(e.target)! }));
  return { command: addNodes(nodes, positions, edges), ids: nodes.map((n) => n.id) };
}
