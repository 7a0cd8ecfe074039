import type { NodeOfKind, PolicyDocument } from '../../../../engine/model/policy-schema.js';

export function createDecision(_doc: PolicyDocument, id: string): NodeOfKind<'decision'> {
  return { id, kind: 'decision', label: 'Decision', config: {} };
}
