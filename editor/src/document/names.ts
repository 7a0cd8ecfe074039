/** Which names a node may read: the declared inputs and the variables produced upstream of it. */
import type { InputDeclaration, PolicyDocument } from '../../../engine/model/policy-schema.js';
import { analyseGraph } from '../../../engine/model/graph.js';
import { producedNames } from '../../../engine/model/names.js';

export interface AvailableName {
  name: string;
  source: 'input' | 'variable';
  /** Node that produces the variable. */
  nodeId?: string;
  input?: InputDeclaration;
}

export function availableNames(doc: PolicyDocument, nodeId: string | null): AvailableName[] {
  const names: AvailableName[] = doc.inputs.map((input) => ({ name: input.name, source: 'input', input }));
  if (!nodeId) return names;
  const { upstream, byId } = analyseGraph(doc);
  const ups = upstream.get(nodeId) ?? new Set<string>();
  for (const n of doc.nodes) {
    if (!ups.has(n.id) || !byId.has(n.id)) continue;
    for (const name of producedNames(n)) names.push({ name, source: 'variable', nodeId: n.id });
  }
  return names;
}
