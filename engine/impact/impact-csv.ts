/**
 * Impact results as CSV downloads, for the spreadsheet a credit manager opens next.
 *
 * `impactToCsv` — one line per customer, most-changed first:
 *   rank, rowNumber, customerId, outstanding, requestedAmount,
 *   outcomeA, outcomeB, riskClassA, riskClassB, scoreA, scoreB,
 *   grossLimitA, grossLimitB, limitDelta, approvalLevelA, approvalLevelB, scenarioA, scenarioB,
 *   changes
 * sorted by |limitDelta| descending then row number (so unchanged customers follow in file order);
 * `changes` lists what differs, separated by "|": outcome, riskClass, limit, approvalLevel,
 * scenario. Empty cell = no value (no score, no class, not escalated). With `rows: 'changed'` only
 * customers with at least one change; with `rows: 'top'` (or when the result kept no per-customer
 * columns) the `topChanges` only.
 *
 * `impactSummaryToCsv` — every table of the result in one long ("tidy") CSV that a pivot table
 * turns back into matrices: table, row, column, value. E.g. `riskClassMigration,B,C,42` = 42
 * customers in class B under A are in class C under B; `outcomes,accept,delta,-120`.
 */
import Papa from 'papaparse';
import type { CustomerChange, ImpactResult } from './simulate-impact.js';

export interface ImpactCsvOptions {
  rows?: 'all' | 'changed' | 'top';
}

const CUSTOMER_HEADER = [
  'rank',
  'rowNumber',
  'customerId',
  'outstanding',
  'requestedAmount',
  'outcomeA',
  'outcomeB',
  'riskClassA',
  'riskClassB',
  'scoreA',
  'scoreB',
  'grossLimitA',
  'grossLimitB',
  'limitDelta',
  'approvalLevelA',
  'approvalLevelB',
  'scenarioA',
  'scenarioB',
  'changes',
];

type Cell = string | number;

export function impactToCsv(result: ImpactResult, options: ImpactCsvOptions = {}): string {
  const mode = options.rows ?? 'all';
  const lines: Cell[][] = [];
  const c = result.customers;
  if (mode === 'top' || c === undefined) {
    result.topChanges.forEach((change, i) => lines.push(changeLine(i + 1, change)));
  } else {
    const label = (labels: string[], slot: number) => (slot === labels.length - 1 ? '' : labels[slot]);
    const n = c.rowNumber.length;
    const order = Array.from({ length: n }, (_, i) => i);
    const delta = (i: number) => c.grossLimitB[i] - c.grossLimitA[i];
    order.sort((x, y) => Math.abs(delta(y)) - Math.abs(delta(x)) || c.rowNumber[x] - c.rowNumber[y]);
    let rank = 0;
    for (const i of order) {
      const changes = changeList(
        c.outcomeA[i] !== c.outcomeB[i],
        c.riskClassA[i] !== c.riskClassB[i],
        delta(i) !== 0,
        c.approvalLevelA[i] !== c.approvalLevelB[i],
        c.scenarioA[i] !== c.scenarioB[i],
      );
      if (mode === 'changed' && changes === '') continue;
      lines.push([
        ++rank,
        c.rowNumber[i],
        c.customerId[i],
        money(c.outstanding[i]),
        money(c.requestedAmount[i]),
        result.outcomes[c.outcomeA[i]],
        result.outcomes[c.outcomeB[i]],
        label(result.riskClasses, c.riskClassA[i]),
        label(result.riskClasses, c.riskClassB[i]),
        money(c.scoreA[i]),
        money(c.scoreB[i]),
        money(c.grossLimitA[i]),
        money(c.grossLimitB[i]),
        money(delta(i)),
        label(result.approvalLevels, c.approvalLevelA[i]),
        label(result.approvalLevels, c.approvalLevelB[i]),
        label(result.scenarios, c.scenarioA[i]),
        label(result.scenarios, c.scenarioB[i]),
        changes,
      ]);
    }
  }
  return toCsv([CUSTOMER_HEADER, ...lines]);
}

function changeLine(rank: number, change: CustomerChange): Cell[] {
  const { a, b } = change;
  return [
    rank,
    change.rowNumber,
    change.customerId,
    money(change.outstanding),
    money(change.requestedAmount),
    a.outcome,
    b.outcome,
    a.riskClass ?? '',
    b.riskClass ?? '',
    money(a.score),
    money(b.score),
    money(a.grossLimit),
    money(b.grossLimit),
    money(change.limitDelta),
    a.approvalLevel ?? '',
    b.approvalLevel ?? '',
    a.collectionScenario ?? '',
    b.collectionScenario ?? '',
    changeList(a.outcome !== b.outcome, a.riskClass !== b.riskClass, change.limitDelta !== 0, a.approvalLevel !== b.approvalLevel, a.collectionScenario !== b.collectionScenario),
  ];
}

function changeList(outcome: boolean, riskClass: boolean, limit: boolean, level: boolean, scenario: boolean): string {
  const parts: string[] = [];
  if (outcome) parts.push('outcome');
  if (riskClass) parts.push('riskClass');
  if (limit) parts.push('limit');
  if (level) parts.push('approvalLevel');
  if (scenario) parts.push('scenario');
  return parts.join('|');
}

/** Amounts to cents (sums of floats carry noise a spreadsheet would show); no value → empty. */
function money(value: number | null): Cell {
  if (value === null || !Number.isFinite(value)) return '';
  return Math.round(value * 100) / 100;
}

export function impactSummaryToCsv(result: ImpactResult): string {
  const lines: Cell[][] = [['table', 'row', 'column', 'value']];
  const sides = (table: string, labels: string[], a: number[], b: number[]) => {
    labels.forEach((label, i) => {
      lines.push([table, label, 'a', money(a[i])], [table, label, 'b', money(b[i])], [table, label, 'delta', money(b[i] - a[i])]);
    });
  };
  const matrix = (table: string, labels: string[], m: number[][]) => {
    labels.forEach((from, i) => labels.forEach((to, j) => lines.push([table, from, to, m[i][j]])));
  };
  const { a, b } = result;
  lines.push(['policies', 'a', 'id', a.policy.id], ['policies', 'b', 'id', b.policy.id], ['customers', 'evaluated', 'count', result.rowCount]);
  sides('outcomes', result.outcomes, a.outcomeCounts, b.outcomeCounts);
  matrix('outcomeMigration', result.outcomes, result.migration.outcome);
  sides('riskClasses', result.riskClasses, a.riskClassCounts, b.riskClassCounts);
  matrix('riskClassMigration', result.riskClasses, result.migration.riskClass);
  sides('grossLimitByClass', result.riskClasses, a.grossLimitByClass, b.grossLimitByClass);
  sides('unsecuredLimitByClass', result.riskClasses, a.unsecuredLimitByClass, b.unsecuredLimitByClass);
  sides('totals', ['grossLimit', 'unsecuredLimit', 'acceptedAmount'], [a.grossLimit, a.unsecuredLimit, a.acceptedAmount], [b.grossLimit, b.unsecuredLimit, b.acceptedAmount]);
  sides('escalations', result.approvalLevels, a.escalations, b.escalations);
  sides('escalatedAmount', result.approvalLevels, a.escalatedAmount, b.escalatedAmount);
  matrix('approvalLevelMigration', result.approvalLevels, result.migration.approvalLevel);
  sides('scenarios', result.scenarios, a.scenarioCounts, b.scenarioCounts);
  matrix('scenarioMigration', result.scenarios, result.migration.scenario);
  for (const [key, value] of Object.entries(result.changed)) lines.push(['changed', key, 'count', value]);
  for (const [name, map] of [['riskMapA', a.riskMap], ['riskMapB', b.riskMap]] as const) {
    map.riskClasses.forEach((label, i) =>
      map.buckets.forEach((bucket, j) => {
        lines.push([`${name}.count`, label, bucket.label, map.counts[i][j]], [`${name}.outstanding`, label, bucket.label, money(map.amounts[i][j])]);
      }),
    );
  }
  return toCsv(lines);
}

// Customer ids come from uploaded files: a leading = + - @ would run as a spreadsheet formula,
// so such text cells get a leading apostrophe (numbers are left alone).
function toCsv(lines: Cell[][]): string {
  return `${Papa.unparse(lines, { newline: '\n', escapeFormulae: true })}\n`;
}
