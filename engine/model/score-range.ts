/**
 * The range a scorecard's score can take: its scale for a weighted average (points lie on the
 * scale, and an average stays within it), the sums of the lowest and highest points for "sum".
 */
import type { ScorecardConfig } from './policy-schema.js';

export function scoreRange(config: ScorecardConfig): { min: number; max: number } {
  if (config.scoring !== 'sum') return config.scale;
  let min = 0;
  let max = 0;
  for (const criterion of config.criteria) {
    const points = [...criterion.bands.map((b) => b.points), criterion.missingPoints ?? config.scale.min];
    min += Math.min(...points);
    max += Math.max(...points);
  }
  return { min, max };
}
