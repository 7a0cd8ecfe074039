/**
 * Score distributions under both targets, for the "before / after" histograms of the editor: the
 * impact summary keeps per-customer scores only in its CSV columns, too big to send as JSON.
 */
import type { PolicyDocument } from '../../engine/index.js';
import type { ImpactResult } from '../../engine/impact/index.js';

export interface ScoreHistogram {
  /** Bin i holds edges[i] ≤ score < edges[i + 1] (the last bin includes the scale maximum). */
  edges: number[];
  a: number[];
  b: number[];
  /** Customers without a score (no scorecard, or nothing known). */
  missing: { a: number; b: number };
}

const BINS = 20;

function scaleOf(documents: PolicyDocument[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const doc of documents)
    for (const node of doc.nodes)
      if (node.kind === 'scorecard') {
        min = Math.min(min, node.config.scale.min);
        max = Math.max(max, node.config.scale.max);
      }
  return Number.isFinite(min) && max > min ? { min, max } : { min: 0, max: 100 };
}

export function scoreHistogram(result: ImpactResult, documents: PolicyDocument[]): ScoreHistogram | null {
  const c = result.customers;
  if (!c) return null;
  const { min, max } = scaleOf(documents);
  const width = (max - min) / BINS;
  const edges = Array.from({ length: BINS + 1 }, (_, i) => Math.round((min + i * width) * 1e6) / 1e6);
  const a = new Array<number>(BINS).fill(0);
  const b = new Array<number>(BINS).fill(0);
  const missing = { a: 0, b: 0 };
  const add = (bins: number[], score: number, side: 'a' | 'b') => {
    if (Number.isNaN(score)) return void missing[side]++;
    bins[Math.min(BINS - 1, Math.max(0, Math.floor((score - min) / width)))]++;
  };
  for (let i = 0; i < c.scoreA.length; i++) {
    add(a, c.scoreA[i]!, 'a');
    add(b, c.scoreB[i]!, 'b');
  }
  return { edges, a, b, missing };
}
