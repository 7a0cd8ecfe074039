/** The graph's shape: edges that point nowhere, cycles, the single decision node, kinds allowed once. */
import { NODE_KIND_SPECS, ONCE_KINDS } from '../kinds/index.js';
import { pointer } from './json-pointer.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';
import { closestName } from './suggest-name.js';

/** Kinds allowed once; a required kind (the decision node) has its own diagnostics below. */
const ONCE_ONLY = ONCE_KINDS.filter((kind) => !NODE_KIND_SPECS[kind].required);

export function checkGraph(ctx: PolicyContext): void {
  const { doc, out, graph } = ctx;
  const nodeIds = doc.nodes.map((n) => n.id);

  for (const d of graph.danglingEdges) {
    out.report('EDGE_UNKNOWN_NODE', pointer('edges', d.index, d.end), says('edgeUnknownNode', { node: d.nodeId, suggestion: closestName(d.nodeId, nodeIds) }));
  }

  const seenEdges = new Map<string, number>();
  doc.edges.forEach((e, i) => {
    const key = `${e.source}\u0000${e.target}`;
    const earlier = seenEdges.get(key);
    if (earlier !== undefined) out.report('DUPLICATE_EDGE', pointer('edges', i), says('duplicateEdge', { edge: earlier + 1, source: e.source, target: e.target }));
    else seenEdges.set(key, i);
  });

  if (graph.cycle) reportCycle(ctx, new Set(graph.cycle));

  const decisions = doc.nodes.map((n, i) => [n, i] as const).filter(([n]) => n.kind === 'decision');
  if (decisions.length === 0) out.report('NO_DECISION_NODE', '/nodes', says('noDecisionNode', {}));
  for (const [node, i] of decisions.slice(1)) {
    out.report('MULTIPLE_DECISION_NODES', pointer('nodes', i), says('multipleDecisionNodes', { other: decisions[0]![0].id }), { nodeId: node.id });
  }

  for (const kind of ONCE_ONLY) {
    const ofKind = doc.nodes.map((n, i) => [n, i] as const).filter(([n]) => n.kind === kind);
    for (const [, i] of ofKind.slice(1)) {
      out.report('DUPLICATE_NODE_KIND', pointer('nodes', i, 'kind'), says('duplicateNodeKind', { kind, other: ofKind[0]![0].id }));
    }
  }

  if (decisions.length === 1) {
    const [decision, decisionIndex] = decisions[0]!;
    const feeding = ctx.ancestors[decisionIndex]!;
    doc.nodes.forEach((node, i) => {
      if (i === decisionIndex || feeding.has(i)) return;
      out.report('NODE_NOT_CONNECTED', pointer('nodes', i), says('nodeNotConnected', { decision: decision.id }));
    });
  }
}

/** Names one concrete cycle (analyseGraph lists every node it could not order, cycle or not). */
function reportCycle(ctx: PolicyContext, stuck: Set<string>): void {
  const { doc, out } = ctx;
  const next = new Map<string, string[]>();
  for (const e of doc.edges) {
    if (stuck.has(e.source) && stuck.has(e.target)) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  }
  // Depth-first from each stuck node; meeting a node still on the path closes a cycle.
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    const at = path.indexOf(id);
    if (at >= 0) return path.slice(at);
    if (done.has(id)) return null;
    path.push(id);
    for (const target of next.get(id) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(id);
    return null;
  };
  for (const start of stuck) {
    const cycle = visit(start);
    if (!cycle) continue;
    const closing = cycle.length > 1 ? cycle[1]! : cycle[0]!;
    const edge = doc.edges.findIndex((e) => e.source === cycle[0] && e.target === closing);
    out.report('GRAPH_CYCLE', pointer('edges', edge), says('graphCycle', { cycle: [...cycle, cycle[0]!] }), { nodeId: cycle[0]! });
    return;
  }
}
