/** View overlays computed from engine results: diagnostics per node, test-run trace, diff colours. */
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { TraceEntry } from '../../../engine/model/decision-schema.js';
import { analyseGraph } from '../../../engine/model/graph.js';
import type { DiffStatus, NodeOverlay } from './graph-mapping.js';
import { edgeKey } from './commands.js';

export interface DiagnosticLike {
  code: string;
  severity: string;
  nodeId?: string | null;
  path?: string | null;
  message: string;
  /** The message in every language (the engine words each diagnostic in both): shown in the interface's. */
  messages?: { en: string; fr: string };
}

export function diagnosticOverlay(diagnostics: DiagnosticLike[]): Record<string, NodeOverlay> {
  const out: Record<string, NodeOverlay> = {};
  for (const d of diagnostics) {
    if (!d.nodeId) continue;
    const o = (out[d.nodeId] ??= { errors: 0, warnings: 0 });
    if (d.severity === 'error') o.errors = (o.errors ?? 0) + 1;
    else o.warnings = (o.warnings ?? 0) + 1;
  }
  return out;
}

/** The nodes that set an outcome in this run: the approval node and rules nodes whose outcome rules matched. */
export function decidingNodes(doc: PolicyDocument, trace: TraceEntry[]): string[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const ids: string[] = [];
  for (const t of trace) {
    const node = byId.get(t.nodeId);
    if (!node) continue;
    if (node.kind === 'approval') ids.push(node.id);
    if (node.kind === 'rules') {
      const matched = new Set(t.matched);
      if (node.config.rules.some((r) => matched.has(r.id) && r.actions.some((a) => a.type === 'outcome'))) ids.push(node.id);
    }
  }
  return ids;
}

/**
 * Per-node values and matched rules from a trace, and the path to the outcome: the deciding nodes,
 * what fed them, and the way from them to the decision node.
 */
export function traceOverlay(doc: PolicyDocument, trace: TraceEntry[]): { nodes: Record<string, NodeOverlay>; litEdges: Set<string> } {
  const { upstream } = analyseGraph(doc);
  const deciding = decidingNodes(doc, trace);
  const decision = doc.nodes.find((n) => n.kind === 'decision');
  const onPath = new Set<string>();
  for (const id of deciding) {
    onPath.add(id);
    for (const a of upstream.get(id) ?? []) onPath.add(a);
  }
  if (decision) {
    onPath.add(decision.id);
    const toDecision = upstream.get(decision.id) ?? new Set<string>();
    // nodes between a deciding node and the decision node
    for (const n of doc.nodes) {
      if (!toDecision.has(n.id)) continue;
      const ups = upstream.get(n.id) ?? new Set<string>();
      if (deciding.some((d) => ups.has(d))) onPath.add(n.id);
    }
  }
  const nodes: Record<string, NodeOverlay> = {};
  for (const t of trace) nodes[t.nodeId] = { outputs: t.outputs, matched: t.matched, onPath: onPath.has(t.nodeId) };
  if (decision && !nodes[decision.id]) nodes[decision.id] = { onPath: true };
  const litEdges = new Set(doc.edges.filter((e) => onPath.has(e.source) && onPath.has(e.target)).map(edgeKey));
  return { nodes, litEdges };
}

export interface DiffNodesLike {
  added: string[];
  removed: string[];
  changed: string[];
}

export function diffOverlay(after: PolicyDocument, nodes: DiffNodesLike): Record<string, NodeOverlay> {
  const out: Record<string, NodeOverlay> = {};
  const status = (id: string): DiffStatus =>
    nodes.added.includes(id) ? 'added' : nodes.changed.includes(id) ? 'changed' : 'unchanged';
  for (const n of after.nodes) out[n.id] = { diff: status(n.id) };
  return out;
}

/** Merges overlays: later ones win field by field. */
export function mergeOverlays(...layers: (Record<string, NodeOverlay> | undefined)[]): Record<string, NodeOverlay> {
  const out: Record<string, NodeOverlay> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [id, o] of Object.entries(layer)) out[id] = { ...(out[id] ?? {}), ...o };
  }
  return out;
}
