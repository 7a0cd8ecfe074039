/**
 * Pairs the items of two versions of a list, so a diff can say "changed" or "moved" instead of
 * "removed one, added another".
 */

export interface ItemMatch {
  /** [index in before, index in after] of the items present in both. */
  pairs: [number, number][];
  /** Indexes in after of new items. */
  added: number[];
  /** Indexes in before of items that are gone. */
  removed: number[];
  /** Pairs whose item changed place relative to the others (the fewest such items). */
  moved: [number, number][];
}

/** Plain JSON equality (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  const otherKeys = Object.keys(y).filter((k) => y[k] !== undefined);
  return keys.length === otherKeys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && sameJson(x[k], y[k]));
}

/**
 * Items with an identity (id, name): matched by it wherever they stand. A duplicated key (an
 * invalid document, but the diff must still work) is matched occurrence by occurrence.
 */
export function matchByKey<T>(before: readonly T[], after: readonly T[], keyOf: (item: T) => string): ItemMatch {
  const keysOf = (list: readonly T[]) => {
    const seen = new Map<string, number>();
    return list.map((item) => {
      const key = keyOf(item);
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return n === 0 ? key : `${key}\u0000${n}`;
    });
  };
  const beforeKeys = keysOf(before);
  const afterIndex = new Map(keysOf(after).map((key, i) => [key, i] as const));
  const pairs: [number, number][] = [];
  const removed: number[] = [];
  beforeKeys.forEach((key, bi) => {
    const ai = afterIndex.get(key);
    if (ai === undefined) removed.push(bi);
    else pairs.push([bi, ai]);
  });
  const paired = new Set(pairs.map(([, ai]) => ai));
  const added = after.map((_, i) => i).filter((i) => !paired.has(i));
  pairs.sort((p, q) => p[1] - q[1]);
  return { pairs, added, removed, moved: movedPairs(pairs) };
}

/**
 * The pairs not on the longest run that kept its relative order: moving a criterion from third to
 * first reports that one criterion, not the two it jumped over. Among runs of equal length, the one
 * keeping the most items at their old position wins, so reversing three rules reports the outer
 * two, not "moved from position 2 to 2".
 */
function movedPairs(pairsInAfterOrder: [number, number][]): [number, number][] {
  const n = pairsInAfterOrder.length;
  if (n > 2000) return []; // far beyond any valid policy; not worth a quadratic search
  const stayBonus = 1 / (n + 1); // never outweighs one more item kept in order
  const score: number[] = new Array(n).fill(0);
  const previous: number[] = new Array(n).fill(-1);
  let best = -1;
  for (let i = 0; i < n; i++) {
    const [bi, ai] = pairsInAfterOrder[i]!;
    score[i] = 1 + (bi === ai ? stayBonus : 0);
    for (let j = 0; j < i; j++) {
      if (pairsInAfterOrder[j]![0] < bi && score[j]! + 1 + (bi === ai ? stayBonus : 0) > score[i]!) {
        score[i] = score[j]! + 1 + (bi === ai ? stayBonus : 0);
        previous[i] = j;
      }
    }
    // On a tie keep the run ending last: of two swapped items, the one moved forward is reported.
    if (best < 0 || score[i]! >= score[best]!) best = i;
  }
  const kept = new Set<number>();
  for (let i = best; i >= 0; i = previous[i]!) kept.add(i);
  return pairsInAfterOrder.filter((_, i) => !kept.has(i));
}

/** Share of fields two items have in common (0 to 1): how alike a changed band is to its old self. */
function likeness(a: unknown, b: unknown): number {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return 0;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  if (keys.size === 0) return 0;
  let same = 0;
  for (const k of keys) if (sameJson(x[k], y[k])) same++;
  return same / keys.size;
}

/**
 * Order-preserving pairing of two short runs that maximises likeness; when the runs have the same
 * length every item is paired (a band edited in place stays "band 2", even if all its fields changed).
 */
function pairMostAlike(before: unknown[], after: unknown[]): [number, number][] {
  if (before.length === after.length) return before.map((_, i) => [i, i]);
  const n = before.length;
  const m = after.length;
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const like = likeness(before[i], after[j]);
      best[i]![j] = Math.max(best[i + 1]![j]!, best[i]![j + 1]!, like > 0 ? like + best[i + 1]![j + 1]! : 0);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const like = likeness(before[i], after[j]);
    if (like > 0 && best[i]![j] === like + best[i + 1]![j + 1]!) pairs.push([i++, j++]);
    else if (best[i]![j] === best[i + 1]![j]) i++;
    else j++;
  }
  return pairs;
}

/**
 * Items without an identity (bands, steps, actions): the items equal in both versions are anchors
 * (longest common subsequence); between two anchors, the most alike items are paired as "changed"
 * and what is left over was added or removed. Inserting a band thus reports one added band.
 */
export function matchByPosition<T>(before: readonly T[], after: readonly T[]): ItemMatch {
  const n = before.length;
  const m = after.length;
  // Valid policies keep these lists short (≤ 50); an absurd draft gets a plain index pairing
  // rather than a quadratic table.
  if (n * m > 250_000) {
    const common = Math.min(n, m);
    return {
      pairs: Array.from({ length: common }, (_, i) => [i, i] as [number, number]),
      added: Array.from({ length: m - common }, (_, k) => common + k),
      removed: Array.from({ length: n - common }, (_, k) => common + k),
      moved: [],
    };
  }
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = sameJson(before[i], after[j]) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  const added: number[] = [];
  const removed: number[] = [];
  let gapBefore: number[] = [];
  let gapAfter: number[] = [];
  const closeGap = () => {
    const paired = pairMostAlike(gapBefore.map((k) => before[k]), gapAfter.map((k) => after[k]));
    for (const [x, y] of paired) pairs.push([gapBefore[x]!, gapAfter[y]!]);
    removed.push(...gapBefore.filter((_, x) => !paired.some(([px]) => px === x)));
    added.push(...gapAfter.filter((_, y) => !paired.some(([, py]) => py === y)));
    gapBefore = [];
    gapAfter = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && sameJson(before[i], after[j])) {
      closeGap();
      pairs.push([i++, j++]);
    } else if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      gapBefore.push(i++);
    } else {
      gapAfter.push(j++);
    }
  }
  closeGap();
  pairs.sort((p, q) => p[1] - q[1]);
  return { pairs, added, removed, moved: [] };
}
