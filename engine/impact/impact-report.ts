/**
 * An impact result as plain-text tables, for `creditgraph simulate` on a terminal. Slots labelled
 * "(none)" are shown only when some customer is in them.
 */
import type { ImpactResult } from './simulate-impact.js';
import { NONE } from './impact-labels.js';

export interface ReportOptions {
  /** How many of the largest limit changes to list (default 10). */
  top?: number;
}

export function formatImpactReport(result: ImpactResult, options: ReportOptions = {}): string {
  const { a, b } = result;
  const out: string[] = [];
  const title = a.policy.id === b.policy.id ? a.policy.id : `${a.policy.id} → ${b.policy.id}`;
  out.push(`Impact of ${title} (A → B) on ${count(result.rowCount)} customers, amounts in ${result.currency}`);
  if (result.failureCount > 0) out.push(`${count(result.failureCount)} customers could not be evaluated (first: row ${result.failures[0].rowNumber}: ${result.failures[0].message})`);

  const sideBySide = (heading: string, labels: string[], x: number[], y: number[], format = count) => {
    const rows = labels.map((label, i) => [label, format(x[i]), format(y[i]), signed(y[i] - x[i], format)]).filter((row, i) => labels[i] !== NONE || x[i] !== 0 || y[i] !== 0);
    out.push('', table([heading, 'A', 'B', 'Δ'], rows));
  };
  const migration = (heading: string, labels: string[], m: number[][]) => {
    const keep = labels.map((label, i) => label !== NONE || m[i].some((v) => v !== 0) || m.some((row) => row[i] !== 0));
    const shown = labels.filter((_, i) => keep[i]);
    const rows = labels.map((label, i) => [label, ...m[i].filter((_, j) => keep[j]).map(count)]).filter((_, i) => keep[i]);
    out.push('', `${heading} (rows: A, columns: B)`, table(['', ...shown], rows));
  };

  sideBySide('Outcome', result.outcomes, a.outcomeCounts, b.outcomeCounts);
  migration('Outcome migration', result.outcomes, result.migration.outcome);
  sideBySide('Risk class', result.riskClasses, a.riskClassCounts, b.riskClassCounts);
  migration('Risk class migration', result.riskClasses, result.migration.riskClass);
  sideBySide('Granted limit', [...result.riskClasses, 'total'], [...a.grossLimitByClass, a.grossLimit], [...b.grossLimitByClass, b.grossLimit], amount);
  sideBySide('Unsecured limit', ['total'], [a.unsecuredLimit], [b.unsecuredLimit], amount);
  sideBySide('Accepted amount', ['total'], [a.acceptedAmount], [b.acceptedAmount], amount);
  sideBySide('Escalations', result.approvalLevels, a.escalations, b.escalations);
  sideBySide('Escalated amount', result.approvalLevels, a.escalatedAmount, b.escalatedAmount, amount);
  sideBySide('Collection scenario', result.scenarios, a.scenarioCounts, b.scenarioCounts);

  const c = result.changed;
  out.push(
    '',
    `Changed: ${count(c.any)} customers — outcome ${count(c.outcome)}, risk class ${count(c.riskClass)}, ` +
      `limit ${count(c.limit)} (${count(c.limitUp)} up, ${count(c.limitDown)} down), approval level ${count(c.approvalLevel)}, scenario ${count(c.scenario)}`,
  );
  const top = result.topChanges.slice(0, options.top ?? 10);
  if (top.length > 0) {
    const rows = top.map((t) => [
      t.customerId,
      amount(t.a.grossLimit),
      amount(t.b.grossLimit),
      signed(t.limitDelta, amount),
      `${t.a.riskClass ?? '–'} → ${t.b.riskClass ?? '–'}`,
      `${t.a.outcome} → ${t.b.outcome}`,
    ]);
    out.push('', 'Largest limit changes', table(['customer', 'limit A', 'limit B', 'Δ', 'class', 'outcome'], rows));
  }
  return `${out.join('\n')}\n`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // Figures line up on the right, words on the left.
  const numeric = header.map((_, i) => i > 0 && rows.every((r) => /^[+-]?[\d,.]+$/.test(r[i] ?? '')));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

// Fixed "," grouping rather than toLocaleString: the same text on every machine.
function count(n: number): string {
  const sign = n < 0 ? '-' : '';
  let digits = String(Math.round(Math.abs(n)));
  let grouped = '';
  while (digits.length > 3) {
    grouped = `,${digits.slice(-3)}${grouped}`;
    digits = digits.slice(0, -3);
  }
  return sign + digits + grouped;
}

function amount(n: number): string {
  return count(n);
}

function signed(n: number, format: (n: number) => string): string {
  return n > 0 ? `+${format(n)}` : format(n);
}
