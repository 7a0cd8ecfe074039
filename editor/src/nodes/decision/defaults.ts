import type { NodeOfKind, PolicyDocument } from '../../../../engine/model/policy-schema.js';

export function createDecision(_doc: PolicyDocument, id: string): NodeOfKind<'decision'> {
  return { id, kind: 'decision', label: { en: 'Decision', fr: 'Décision' }, config: {} };
}
