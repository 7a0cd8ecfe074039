/**
 * Does the score still separate customers who pay from those who don't? AUC, Gini and KS of a
 * score against good/bad outcomes. Convention of the scorecards here: a HIGHER score means a
 * LOWER risk, so a working scorecard gives goods higher scores than bads.
 */

export interface ScoredOutcome {
  score: number;
  bad: boolean;
}

export interface Discrimination {
  goods: number;
  bads: number;
  /** P(a good scores above a bad) + ½ P(they tie); null without both goods and bads. */
  auc: number | null;
  /** 2·AUC − 1: 1 perfect ranking, 0 no better than chance, −1 reversed. */
  gini: number | null;
  /** Kolmogorov–Smirnov: the largest gap between the score distributions of bads and goods (0–1). */
  ks: number | null;
  /** Score at which that gap is reached (goods and bads at or below it are counted). */
  ksScore: number | null;
}

/**
 * One sort, then ranks: AUC is the Mann–Whitney U of the goods over (goods × bads), tied scores
 * sharing their average rank (so a tie counts ½). Ranks are halves of integers: the sums are exact.
 * KS walks the same sorted scores, a whole group of tied scores at a time.
 */
export function discrimination(data: readonly ScoredOutcome[]): Discrimination {
  const sorted = data.filter((d) => Number.isFinite(d.score)).sort((a, b) => a.score - b.score);
  let bads = 0;
  for (const d of sorted) if (d.bad) bads++;
  const goods = sorted.length - bads;
  if (goods === 0 || bads === 0) return { goods, bads, auc: null, gini: null, ks: null, ksScore: null };
  let goodRankSum = 0;
  let ks = 0;
  let ksScore: number | null = null;
  let badsBelow = 0;
  let goodsBelow = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    let groupBads = 0;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) {
      if (sorted[j]!.bad) groupBads++;
      j++;
    }
    const groupGoods = j - i - groupBads;
    const averageRank = (i + 1 + j) / 2; // ranks i+1 … j
    goodRankSum += groupGoods * averageRank;
    badsBelow += groupBads;
    goodsBelow += groupGoods;
    const gap = Math.abs(badsBelow / bads - goodsBelow / goods);
    if (gap > ks) {
      ks = gap;
      ksScore = sorted[i]!.score;
    }
    i = j;
  }
  const u = goodRankSum - (goods * (goods + 1)) / 2;
  const auc = u / (goods * bads);
  return { goods, bads, auc, gini: 2 * auc - 1, ks, ksScore };
}
