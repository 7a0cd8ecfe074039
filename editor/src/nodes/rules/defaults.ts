import type { BusinessRule, NodeOfKind, PolicyDocument } from '../../../../engine/model/policy-schema.js';

export function newRule(existing: BusinessRule[]): BusinessRule {
  const ids = new Set(existing.map((r) => r.id));
  let n = existing.length + 1;
  while (ids.has(`rule${n}`)) n++;
  return { id: `rule${n}`, label: { en: `Rule ${n}`, fr: `Règle ${n}` }, when: { all: [] }, actions: [{ type: 'reason', reason: { code: 'RULE_MATCHED', message: { en: 'Rule matched', fr: 'Règle appliquée' } } }] };
}

export function createRules(_doc: PolicyDocument, id: string): NodeOfKind<'rules'> {
  return { id, kind: 'rules', label: { en: 'Rules', fr: 'Règles' }, config: { rules: [newRule([])] } };
}
