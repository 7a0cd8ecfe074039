/**
 * Customers for the small policy (rulesets/examples/springate.json): balance-sheet figures of
 * firms from a few hundred thousand to a hundred million euros of assets, sound and failing,
 * deterministic (seeded), passed through checkFacts as the decision API does.
 */
import { checkFacts, type Facts, type PolicyDocument } from '../../engine/index.js';

/** mulberry32: small, seeded. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function springateFacts(policy: PolicyDocument, count: number, seed = 42): Facts[] {
  const next = random(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * next();
  const facts: Facts[] = [];
  for (let i = 0; i < count; i++) {
    const totalAssets = Math.round(10 ** between(5.5, 8));
    const raw = {
      workingCapital: Math.round(totalAssets * between(-0.3, 0.5)),
      ebit: Math.round(totalAssets * between(-0.1, 0.25)),
      profitBeforeTax: Math.round(totalAssets * between(-0.15, 0.2)),
      currentLiabilities: Math.max(1, Math.round(totalAssets * between(0.05, 0.7))),
      sales: Math.round(totalAssets * between(0.2, 3)),
      totalAssets,
    };
    const checked = checkFacts(policy, raw);
    if (!checked.ok) throw new Error(`springate customer ${i} refused: ${checked.errors.map((e) => e.message).join('; ')}`);
    facts.push(checked.facts);
  }
  return facts;
}
