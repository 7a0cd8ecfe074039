/**
 * What every semantic check needs to know about a schema-valid policy, computed once: the graph,
 * who produces which name, what each node can see, and the type of each name.
 */
import { analyseGraph, type PolicyGraph } from '../model/graph.js';
import { producedNames } from '../model/names.js';
import type { InputDeclaration, NodeKind, NodeOfKind, PolicyDocument, PolicyNode } from '../model/policy-schema.js';
import type { DiagnosticList } from './diagnostic.js';

/** What a condition or band can assume about a name's values. */
export interface NameType {
  type: 'number' | 'string' | 'boolean' | 'unknown';
  /** The only values it can take (enum inputs, class ids, level ids, …). */
  values?: readonly (string | boolean)[];
}

export interface PolicyContext {
  doc: PolicyDocument;
  out: DiagnosticList;
  graph: PolicyGraph;
  /** Node index → indexes of the nodes upstream of it (correct even when the graph has a cycle). */
  ancestors: Set<number>[];
  inputs: Map<string, InputDeclaration>;
  /** Name → indexes of the nodes producing it. */
  producers: Map<string, number[]>;
  types: Map<string, NameType>;
  /** The first node of a kind, with its index. */
  first<K extends NodeKind>(kind: K): { node: NodeOfKind<K>; index: number } | null;
  classIds: string[] | null;
  levelIds: string[] | null;
  scenarioIds: string[] | null;
  /** Names some node reads (filled while the nodes are checked): an input never read is worth a warning. */
  used: Set<string>;
}

const INPUT_TYPE: Record<InputDeclaration['type'], NameType['type']> = {
  number: 'number',
  integer: 'number',
  string: 'string',
  boolean: 'boolean',
  enum: 'string',
};

/** The ids other nodes may name: classes, delegation levels, dunning scenarios (null when the policy has no such node). */
export interface KnownIds {
  classIds: string[] | null;
  levelIds: string[] | null;
  scenarioIds: string[] | null;
}

/** What each produced name holds, per node kind (the kind's spec answers; see engine/kinds/). */
export type OutputTypes = (node: PolicyNode, ids: KnownIds) => [string, NameType][];

export function buildPolicyContext(doc: PolicyDocument, out: DiagnosticList, outputTypes: OutputTypes): PolicyContext {
  const graph = analyseGraph(doc);
  const indexOf = new Map<string, number>();
  doc.nodes.forEach((n, i) => {
    if (!indexOf.has(n.id)) indexOf.set(n.id, i);
  });

  const inputs = new Map<string, InputDeclaration>();
  for (const input of doc.inputs) if (!inputs.has(input.name)) inputs.set(input.name, input);

  const producers = new Map<string, number[]>();
  doc.nodes.forEach((node, i) => {
    for (const name of producedNames(node)) producers.set(name, [...(producers.get(name) ?? []), i]);
  });

  const first = <K extends NodeKind>(kind: K) => {
    const index = doc.nodes.findIndex((n) => n.kind === kind);
    return index < 0 ? null : { node: doc.nodes[index] as NodeOfKind<K>, index };
  };
  const riskClass = first('riskClass');
  const approval = first('approval');
  const collection = first('collection');
  const classIds = riskClass ? riskClass.node.config.classes.map((c) => c.id) : null;
  const levelIds = approval ? approval.node.config.levels.map((l) => l.id) : null;
  const scenarioIds = collection ? collection.node.config.scenarios.map((s) => s.id) : null;

  const types = new Map<string, NameType>();
  for (const input of doc.inputs) {
    types.set(input.name, input.type === 'enum' ? { type: 'string', values: input.values ?? [] } : input.type === 'boolean' ? { type: 'boolean', values: [true, false] } : { type: INPUT_TYPE[input.type] });
  }
  doc.nodes.forEach((node) => {
    for (const [name, type] of outputTypes(node, { classIds, levelIds, scenarioIds })) if (!types.has(name)) types.set(name, type);
  });

  const ancestors = graph.cycle === null ? ancestorsFromGraph(doc, graph, indexOf) : ancestorsOf(doc, indexOf);
  return { doc, out, graph, ancestors, inputs, producers, types, first, classIds, levelIds, scenarioIds, used: new Set() };
}

/** Acyclic graph: analyseGraph already knows every node's upstream ids. */
function ancestorsFromGraph(doc: PolicyDocument, graph: PolicyGraph, indexOf: Map<string, number>): Set<number>[] {
  return doc.nodes.map((node, i) => {
    // With duplicate ids only the first node of an id is in the graph; the others see no upstream.
    if (indexOf.get(node.id) !== i) return new Set<number>();
    return new Set([...(graph.upstream.get(node.id) ?? [])].map((id) => indexOf.get(id)!));
  });
}

/** Ancestors by walking edges backwards: unlike a topological pass, it stays right around cycles. */
function ancestorsOf(doc: PolicyDocument, indexOf: Map<string, number>): Set<number>[] {
  const parents: number[][] = doc.nodes.map(() => []);
  for (const edge of doc.edges) {
    const s = indexOf.get(edge.source);
    const t = indexOf.get(edge.target);
    if (s !== undefined && t !== undefined) parents[t]!.push(s);
  }
  return doc.nodes.map((_, i) => {
    const seen = new Set<number>();
    const stack = [...parents[i]!];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      stack.push(...parents[p]!);
    }
    seen.delete(i); // a node on a cycle reaches itself; it is still not its own ancestor
    return seen;
  });
}
