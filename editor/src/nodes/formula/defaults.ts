import type { NodeOfKind, PolicyDocument } from '../../../../engine/model/policy-schema.js';
import { freshName } from '../shared.js';

export function createFormula(doc: PolicyDocument, id: string): NodeOfKind<'formula'> {
  return { id, kind: 'formula', label: { en: 'Formulas', fr: 'Formules' }, config: { variables: [{ name: freshName(doc, 'ratio'), expression: '0' }] } };
}
