/**
 * Which names a node may read: the declared inputs and the variables produced upstream of it, each
 * with its type and, for a closed list (an enum input, the risk class, the delegation level, the
 * collection scenario, the outcome), its values, so a condition offers the right kind of value.
 */
import type { InputDeclaration, LocalizedText, PolicyDocument, PolicyNode } from '../../../engine/model/policy-schema.js';
import { localizedText } from '../../../engine/i18n/localized-text.js';

/** Reads a label in the reader's language (the editor passes its `lt`). */
export type ReadLabel = (text: LocalizedText | undefined) => string;
const inEnglish: ReadLabel = (text) => localizedText(text, 'en');
import { analyseGraph } from '../../../engine/model/graph.js';
import { producedNames } from '../../../engine/model/names.js';

export type NameType = 'number' | 'integer' | 'boolean' | 'enum' | 'string';

export interface AvailableName {
  name: string;
  source: 'input' | 'variable';
  /** Node that produces the variable. */
  nodeId?: string;
  input?: InputDeclaration;
  type: NameType;
  /** The allowed values of an enum (value = what the document stores, label = what people read). */
  values?: { value: string; label: string }[];
  /** What people call it (input label, class label…); the name itself otherwise. */
  label: string;
}

const OUTCOMES = ['accept', 'refuse', 'escalate'];

/** Type and values of a variable a node produces. */
function produced(node: PolicyNode, name: string, lt: ReadLabel): Pick<AvailableName, 'type' | 'values'> {
  switch (node.kind) {
    case 'riskClass':
      if (name.endsWith('Rank')) return { type: 'integer' };
      return { type: 'enum', values: node.config.classes.map((c) => ({ value: c.id, label: c.label ? `${c.id} · ${lt(c.label)}` : c.id })) };
    case 'approval':
      if (name === 'approvalOutcome') return { type: 'enum', values: OUTCOMES.map((o) => ({ value: o, label: o })) };
      if (name === 'approvalLevel') return { type: 'enum', values: node.config.levels.map((l) => ({ value: l.id, label: lt(l.label) || l.id })) };
      return { type: 'number' };
    case 'collection':
      return { type: 'enum', values: node.config.scenarios.map((s) => ({ value: s.id, label: lt(s.label) || s.id })) };
    case 'rules':
      return { type: 'string' };
    default:
      return { type: 'number' };
  }
}

function variableLabel(node: PolicyNode, name: string, lt: ReadLabel): string {
  if (node.kind === 'formula') return lt(node.config.variables.find((v) => v.name === name)?.label) || name;
  return name;
}

export function availableNames(doc: PolicyDocument, nodeId: string | null, lt: ReadLabel = inEnglish): AvailableName[] {
  const names: AvailableName[] = doc.inputs.map((input) => ({
    name: input.name,
    source: 'input',
    input,
    type: input.type,
    values: input.values?.map((v) => ({ value: v, label: v })),
    label: lt(input.label) || input.name,
  }));
  if (!nodeId) return names;
  const { upstream, byId } = analyseGraph(doc);
  const ups = upstream.get(nodeId) ?? new Set<string>();
  for (const n of doc.nodes) {
    if (!ups.has(n.id) || !byId.has(n.id)) continue;
    for (const name of producedNames(n)) names.push({ name, source: 'variable', nodeId: n.id, label: variableLabel(n, name, lt), ...produced(n, name, lt) });
  }
  return names;
}
