import type { NodeOfKind, PolicyDocument, ScoreBand, ScoreCriterion } from '../../../../engine/model/policy-schema.js';
import { freshName } from '../shared.js';

export function newBand(bands: ScoreBand[]): ScoreBand {
  const last = bands[bands.length - 1];
  const min = last?.max ?? (last?.min !== undefined ? last.min + 10 : 0);
  return { min, points: 0 };
}

export function newCriterion(doc: PolicyDocument, existing: ScoreCriterion[]): ScoreCriterion {
  const ids = new Set(existing.map((c) => c.id));
  let n = existing.length + 1;
  while (ids.has(`criterion${n}`)) n++;
  const numeric = doc.inputs.find((i) => i.type === 'number' || i.type === 'integer');
  return {
    id: `criterion${n}`,
    label: { en: `Criterion ${n}`, fr: `Critère ${n}` },
    variable: numeric?.name ?? 'value',
    weight: 10,
    bands: [
      { max: 0, points: 0 },
      { min: 0, points: 100 },
    ],
  };
}

export function createScorecard(doc: PolicyDocument, id: string): NodeOfKind<'scorecard'> {
  const criterion = newCriterion(doc, []);
  return {
    id,
    kind: 'scorecard',
    label: { en: 'Scorecard', fr: 'Grille de score' },
    config: {
      output: freshName(doc, 'score'),
      scale: { min: 0, max: 100 },
      missingRule: 'reweight',
      explainTop: 3,
      criteria: [{ ...criterion, weight: 100 }],
    },
  };
}
