import type { NodeKindModule } from '../types.js';
import { createDecision } from './defaults.js';
import { DecisionCard } from './Card.js';
import { DecisionInspector } from './Inspector.js';

export const decisionKind: NodeKindModule<'decision'> = {
  kind: 'decision',
  glyph: '◎',
  create: createDecision,
  CardBody: DecisionCard,
  Inspector: DecisionInspector,
};
