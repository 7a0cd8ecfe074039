/** The policy graph: order of evaluation and what each node can see upstream. */
import type { PolicyDocument, PolicyNode } from './policy-schema.js';

export interface PolicyGraph {
  /** Nodes in an evaluation order (every edge points forward); only complete when `cycle` is null. */
  order: PolicyNode[];
  /** Node ids on a cycle, or null when the graph is acyclic. */
  cycle: string[] | null;
  byId: Map<string, PolicyNode>;
  /** Ids of the nodes upstream of each node (its ancestors). */
  upstream: Map<string, Set<string>>;
  /** Edges naming a node that does not exist. */
  danglingEdges: { index: number; end: 'source' | 'target'; nodeId: string }[];
}

export function analyseGraph(doc: Pick<PolicyDocument, 'nodes' | 'edges'>): PolicyGraph {
  const byId = new Map(doc.nodes.map((n) => [n.id, n] as const));
  const successors = new Map<string, string[]>(doc.nodes.map((n) => [n.id, []]));
  const inDegree = new Map<string, number>(doc.nodes.map((n) => [n.id, 0]));
  const danglingEdges: PolicyGraph['danglingEdges'] = [];
  doc.edges.forEach((e, index) => {
    if (!byId.has(e.source)) danglingEdges.push({ index, end: 'source', nodeId: e.source });
    if (!byId.has(e.target)) danglingEdges.push({ index, end: 'target', nodeId: e.target });
    if (byId.has(e.source) && byId.has(e.target)) {
      successors.get(e.source)!.push(e.target);
      inDegree.set(e.target, inDegree.get(e.target)! + 1);
    }
  });

  // Kahn's algorithm, seeded in document order so the order is stable for the same document.
  const ready = doc.nodes.filter((n) => inDegree.get(n.id) === 0).map((n) => n.id);
  const order: PolicyNode[] = [];
  const upstream = new Map<string, Set<string>>(doc.nodes.map((n) => [n.id, new Set<string>()]));
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(byId.get(id)!);
    for (const next of successors.get(id)!) {
      const seen = upstream.get(next)!;
      seen.add(id);
      for (const a of upstream.get(id)!) seen.add(a);
      inDegree.set(next, inDegree.get(next)! - 1);
      if (inDegree.get(next) === 0) ready.push(next);
    }
  }
  const cycle = order.length === doc.nodes.length ? null : doc.nodes.filter((n) => inDegree.get(n.id)! > 0).map((n) => n.id);
  return { order, cycle, byId, upstream, danglingEdges };
}

/** True when adding the edge source → target would close a cycle (used by the editor before connecting). */
export function wouldCreateCycle(doc: Pick<PolicyDocument, 'nodes' | 'edges'>, source: string, target: string): boolean {
  if (source === target) return true;
  const { upstream } = analyseGraph(doc);
  return upstream.get(source)?.has(target) ?? false;
}
