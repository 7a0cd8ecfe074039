/** The one table the benchmark prints: a row per figure, its target beside it. */

export interface Row {
  section: string;
  measure: string;
  /** The figure as printed (median and min–max, or "n/a (why)"). */
  figure: string;
  target?: string;
  /** true ✓, false ✗, undefined: no target (or not measured). */
  met?: boolean;
  /** Raw numbers for latest.json. */
  data?: unknown;
}

export function mark(met: boolean | undefined): string {
  return met === undefined ? '' : met ? '✓' : '✗';
}

export function renderTable(rows: Row[]): string {
  const head = ['section', 'measure', 'figure: median (min–max)', 'target', ''];
  const cells = rows.map((r) => [r.section, r.measure, r.figure, r.target ?? '', mark(r.met)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => [...c[i]].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x + ' '.repeat(widths[i] - [...x].length)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
