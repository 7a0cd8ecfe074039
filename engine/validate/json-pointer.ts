/** RFC 6901 JSON pointers: how every diagnostic says *where* in the document it is. */

export function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + escapeSegment(s)).join('');
}

export function segmentsOf(path: string): string[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a pointer, reading own properties only (a document may carry "__proto__" keys). */
export function valueAt(document: unknown, path: string): unknown {
  let here: unknown = document;
  for (const segment of segmentsOf(path)) {
    if (here === null || typeof here !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(here, segment)) return undefined;
    here = (here as Record<string, unknown>)[segment];
  }
  return here;
}

/**
 * Orders pointers as the document reads: object keys in the order they appear in it (a key the
 * document lacks, such as a missing property, after those), array indexes as numbers.
 */
export function documentOrder(document: unknown): (a: string, b: string) => number {
  return (a, b) => {
    const x = segmentsOf(a);
    const y = segmentsOf(b);
    let parent: unknown = document;
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] === y[i]) {
        parent = valueAt(parent, pointer(x[i]!));
        continue;
      }
      if (Array.isArray(parent) || (/^\d+$/.test(x[i]!) && /^\d+$/.test(y[i]!))) return Number(x[i]) - Number(y[i]);
      const keys = parent !== null && typeof parent === 'object' ? Object.keys(parent) : [];
      const rank = (s: string) => (keys.includes(s) ? keys.indexOf(s) : keys.length);
      return rank(x[i]!) - rank(y[i]!) || (x[i]! < y[i]! ? -1 : 1);
    }
    return x.length - y.length;
  };
}
