/** Risk classes: thresholds strictly decreasing and reaching the bottom of the score scale. */
import type { NodeOfKind } from '../model/policy-schema.js';
import type { ConditionChecker } from './check-conditions.js';
import { pointer } from './json-pointer.js';
import { resolveName } from './name-resolution.js';
import { scoreRange } from '../model/score-range.js';
import type { PolicyContext } from './policy-context.js';
import { says } from '../i18n/diagnostic-messages.js';
import { closestName } from './suggest-name.js';

export function checkRiskClass(ctx: PolicyContext, conditions: ConditionChecker, node: NodeOfKind<'riskClass'>, n: number): void {
  const { out } = ctx;
  const config = node.config;
  const at = (...rest: (string | number)[]) => pointer('nodes', n, 'config', ...rest);
  resolveName(ctx, config.score, { nodeIndex: n, path: at('score'), verb: 'reads the score' });

  const threshold = (c: { minScore: number; minScoreInclusive?: boolean }) => ({ minScore: c.minScore, exclusive: c.minScoreInclusive === false });
  type Step = { id: string; minScore: number; minScoreInclusive?: boolean };
  const checkLadder = (steps: Step[], pathOf: (i: number) => string) => {
    steps.forEach((cls, i) => {
      if (i === 0) return;
      const better = steps[i - 1]!;
      // Equal thresholds are fine when the better class excludes the value and this one includes it.
      const below = cls.minScore < better.minScore || (cls.minScore === better.minScore && better.minScoreInclusive === false && cls.minScoreInclusive !== false);
      if (!below)
        out.report('RISK_CLASS_OVERLAP', pathOf(i), says('classOverlap', { threshold: threshold(cls), better: threshold(better), betterClass: better.id }));
    });
  };
  checkLadder(config.classes, (i) => at('classes', i, 'minScore'));
  const classIds = config.classes.map((c) => c.id);
  (config.segments ?? []).forEach((segment, g) => {
    conditions.checkAt(segment.when, at('segments', g, 'when'), n);
    const steps: Step[] = [];
    let lastRank = -1;
    segment.thresholds.forEach((t, k) => {
      const rank = classIds.indexOf(t.class);
      if (rank < 0) out.report('UNKNOWN_CLASS', at('segments', g, 'thresholds', k, 'class'), says('classUnknown', { class: t.class, known: classIds, suggestion: closestName(t.class, classIds) }));
      else if (rank <= lastRank) out.report('RISK_CLASS_OVERLAP', at('segments', g, 'thresholds', k, 'class'), says('segmentClassOrder', { class: t.class, after: classIds[lastRank]! }));
      else lastRank = rank;
      steps.push({ id: t.class, minScore: t.minScore, ...(t.minScoreInclusive !== undefined ? { minScoreInclusive: t.minScoreInclusive } : {}) });
    });
    checkLadder(steps, (k) => at('segments', g, 'thresholds', k, 'minScore'));
  });

  // The score's scale is known when a scorecard produces it.
  const scorecard = ctx.doc.nodes.find((s): s is NodeOfKind<'scorecard'> => s.kind === 'scorecard' && (s.config.output ?? 'score') === config.score);
  const last = config.classes[config.classes.length - 1]!;
  const lowest = scorecard ? scoreRange(scorecard.config).min : 0;
  if (scorecard && last.minScore === lowest && last.minScoreInclusive === false) {
    out.report('RISK_CLASS_GAP', at('classes', config.classes.length - 1, 'minScoreInclusive'), says('classGapExclusive', { class: last.id, minScore: last.minScore, scorecard: scorecard.id }));
  } else if (scorecard && last.minScore > lowest) {
    out.report('RISK_CLASS_GAP', at('classes', config.classes.length - 1, 'minScore'), says('classGap', { class: last.id, minScore: last.minScore, lowest, scorecard: scorecard.id }));
  }

  const ids = config.classes.map((c) => c.id);
  (config.overrides ?? []).forEach((override, o) => {
    conditions.checkAt(override.when, at('overrides', o, 'when'), n);
    if (!ids.includes(override.class)) out.report('UNKNOWN_CLASS', at('overrides', o, 'class'), says('classUnknown', { class: override.class, known: ids, suggestion: closestName(override.class, ids) }));
  });
}
