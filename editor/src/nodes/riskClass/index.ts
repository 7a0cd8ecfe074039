import type { NodeKindModule } from '../types.js';
import { createRiskClass } from './defaults.js';
import { RiskClassCard } from './Card.js';
import { RiskClassInspector } from './Inspector.js';

export const riskClassKind: NodeKindModule<'riskClass'> = {
  kind: 'riskClass',
  glyph: '◆',
  create: createRiskClass,
  CardBody: RiskClassCard,
  Inspector: RiskClassInspector,
};
