import type { NodeOfKind, PolicyDocument, RiskClassConfig } from '../../../../engine/model/policy-schema.js';
import { freshName } from '../shared.js';

type Override = NonNullable<RiskClassConfig['overrides']>[number];

export function newOverride(config: RiskClassConfig): Override {
  const ids = new Set((config.overrides ?? []).map((o) => o.id));
  let n = (config.overrides?.length ?? 0) + 1;
  while (ids.has(`override${n}`)) n++;
  const worst = config.classes[config.classes.length - 1]?.id ?? 'E';
  return { id: `override${n}`, when: { all: [] }, effect: 'noBetterThan', class: worst, reason: { code: 'CLASS_OVERRIDE', message: { en: 'Class override', fr: 'Classe forcée' } } };
}

export function createRiskClass(doc: PolicyDocument, id: string): NodeOfKind<'riskClass'> {
  const sc = doc.nodes.find((n) => n.kind === 'scorecard');
  return {
    id,
    kind: 'riskClass',
    label: { en: 'Risk class', fr: 'Classe de risque' },
    config: {
      score: sc && sc.kind === 'scorecard' ? sc.config.output ?? 'score' : 'score',
      output: freshName(doc, 'riskClass'),
      classes: [
        { id: 'A', minScore: 80 },
        { id: 'B', minScore: 65 },
        { id: 'C', minScore: 50 },
        { id: 'D', minScore: 35 },
        { id: 'E', minScore: 0 },
      ],
      overrides: [],
    },
  };
}
