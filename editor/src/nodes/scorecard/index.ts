import type { NodeKindModule } from '../types.js';
import { createScorecard } from './defaults.js';
import { ScorecardCard } from './Card.js';
import { ScorecardInspector } from './Inspector.js';

export const scorecardKind: NodeKindModule<'scorecard'> = {
  kind: 'scorecard',
  glyph: '▤',
  create: createScorecard,
  CardBody: ScorecardCard,
  Inspector: ScorecardInspector,
};
