/** "Did you mean …?": the closest known name within a small edit distance, for typos. */

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function closestName(name: string, known: Iterable<string>): string | null {
  // Short ids ("A", "E") are a letter apart by nature: only a case slip is worth pointing out.
  const cap = name.length <= 2 ? 0 : name.length <= 4 ? 1 : 2;
  let best: string | null = null;
  let bestDistance = cap + 1;
  for (const candidate of known) {
    const d = editDistance(name, candidate, cap);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

export const didYouMean = (name: string, known: Iterable<string>): string => {
  const best = closestName(name, known);
  return best ? ` (did you mean '${best}'?)` : '';
};
