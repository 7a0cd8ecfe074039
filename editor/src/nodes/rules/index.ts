import type { NodeKindModule } from '../types.js';
import { createRules } from './defaults.js';
import { RulesCard } from './Card.js';
import { RulesInspector } from './Inspector.js';

export const rulesKind: NodeKindModule<'rules'> = {
  kind: 'rules',
  glyph: '⚑',
  create: createRules,
  CardBody: RulesCard,
  Inspector: RulesInspector,
};
