import type { NodeOfKind, PolicyDocument } from '../../../../engine/model/policy-schema.js';
import { policyClasses } from '../shared.js';

export function createCreditLimit(doc: PolicyDocument, id: string): NodeOfKind<'creditLimit'> {
  const classes = policyClasses(doc);
  const classParameters: Record<string, Record<string, number>> = {};
  classes.forEach((c, i) => (classParameters[c] = { factor: Math.max(0, 1 - i * 0.25) }));
  return {
    id,
    kind: 'creditLimit',
    label: 'Credit limit',
    config: {
      classParameters,
      capacities: [{ id: 'base', label: 'Base capacity', expression: classes.length ? 'factor * 10000' : '10000' }],
      addInsurerCover: false,
      floor: 0,
      rounding: { step: 500, mode: 'down' },
    },
  };
}
