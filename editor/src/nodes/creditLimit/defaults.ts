import type { NodeOfKind, PolicyDocument } from '../../../../engine/model/policy-schema.js';
import { policyClasses } from '../shared.js';

export function createCreditLimit(doc: PolicyDocument, id: string): NodeOfKind<'creditLimit'> {
  const classes = policyClasses(doc);
  const classParameters: Record<string, Record<string, number>> = {};
  classes.forEach((c, i) => (classParameters[c] = { factor: Math.max(0, 1 - i * 0.25) }));
  return {
    id,
    kind: 'creditLimit',
    label: { en: 'Credit limit', fr: 'Limite de crédit' },
    config: {
      classParameters,
      capacities: [{ id: 'base', label: { en: 'Base capacity', fr: 'Capacité de base' }, expression: classes.length ? 'factor * 10000' : '10000' }],
      addInsurerCover: false,
      floor: 0,
      rounding: { step: 500, mode: 'down' },
    },
  };
}
