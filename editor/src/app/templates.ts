/** New policies: a blank template (one input, an approval node, the decision) or a copy of another. */
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import { createApproval } from '../nodes/approval/defaults.js';
import { createDecision } from '../nodes/decision/defaults.js';

export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 63);
}

export function blankPolicy(id: string, name: string): PolicyDocument {
  const base: PolicyDocument = {
    schemaVersion: 1,
    id,
    name,
    currency: 'EUR',
    inputs: [{ name: 'requestedAmount', label: { en: 'Requested amount', fr: 'Montant demandé' }, type: 'number', unit: 'EUR', min: 0, required: true }],
    nodes: [],
    edges: [],
    tests: [],
  };
  const approval = createApproval(base, 'approval');
  const decision = createDecision(base, 'decision');
  return {
    ...base,
    nodes: [approval, decision],
    edges: [{ source: 'approval', target: 'decision' }],
    layout: { nodes: { approval: { x: 0, y: 0 }, decision: { x: 360, y: 20 } } },
  };
}

export function duplicatePolicy(source: PolicyDocument, id: string, name: string): PolicyDocument {
  return { ...structuredClone(source), id, name };
}
