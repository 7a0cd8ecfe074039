import type { CollectionConfig, NodeOfKind, PolicyDocument } from '../../../../engine/model/policy-schema.js';
import { policyClasses } from '../shared.js';

export function createCollection(doc: PolicyDocument, id: string): NodeOfKind<'collection'> {
  const byClass: CollectionConfig['byClass'] = {};
  for (const c of policyClasses(doc)) byClass[c] = 'standard';
  return {
    id,
    kind: 'collection',
    label: { en: 'Collection', fr: 'Recouvrement' },
    config: {
      scenarios: [
        {
          id: 'standard',
          label: { en: 'Standard', fr: 'Standard' },
          steps: [
            { day: -10, action: 'email' },
            { day: 4, action: 'email' },
            { day: 7, action: 'call' },
            { day: 21, action: 'salesRep' },
            { day: 43, action: 'formalNotice' },
          ],
        },
      ],
      byClass,
      default: 'standard',
    },
  };
}
