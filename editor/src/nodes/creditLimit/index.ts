import type { NodeKindModule } from '../types.js';
import { createCreditLimit } from './defaults.js';
import { CreditLimitCard } from './Card.js';
import { CreditLimitInspector } from './Inspector.js';

export const creditLimitKind: NodeKindModule<'creditLimit'> = {
  kind: 'creditLimit',
  glyph: '€',
  create: createCreditLimit,
  CardBody: CreditLimitCard,
  Inspector: CreditLimitInspector,
};
