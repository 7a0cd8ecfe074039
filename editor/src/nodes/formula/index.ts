import type { NodeKindModule } from '../types.js';
import { createFormula } from './defaults.js';
import { FormulaCard } from './Card.js';
import { FormulaInspector } from './Inspector.js';

export const formulaKind: NodeKindModule<'formula'> = {
  kind: 'formula',
  glyph: 'ƒ',
  create: createFormula,
  CardBody: FormulaCard,
  Inspector: FormulaInspector,
};
