/**
 * The portfolio risk map credit managers draw: risk class × outstanding-amount bucket, with how
 * many customers and how much money sit in each cell. It sizes prevention effort, tells whether
 * credit insurance pays, and where each collection strategy applies (domain.md, "Portfolio view").
 */
import { LabelIndex, NONE, riskClassIds, type EvaluatingPolicy } from './impact-labels.js';
import type { PortfolioRow } from './parse-portfolio.js';

export interface OutstandingBucket {
  label: string;
  /** The bucket holds min ≤ outstanding < max (max null: no upper bound); the first, "none", holds nothing outstanding. */
  min: number;
  max: number | null;
}

export interface RiskMap {
  policyId: string;
  riskClasses: string[];
  buckets: OutstandingBucket[];
  /** [class][bucket] number of customers. */
  counts: number[][];
  /** [class][bucket] total outstanding. */
  amounts: number[][];
  /** [class][bucket] total granted (gross) limit. */
  limits: number[][];
  total: { count: number; amount: number; limit: number };
}

/**
 * Upper edges of the default buckets. The first bucket holds customers with nothing outstanding;
 * the edges follow the usual delegation levels (5k sales rep, 25k analyst, 100k credit manager,
 * 500k finance director) so a cell reads as "who would have to sign for this exposure".
 */
export const DEFAULT_OUTSTANDING_EDGES: readonly number[] = [5_000, 25_000, 100_000, 500_000];

export function outstandingBuckets(edges: readonly number[] = DEFAULT_OUTSTANDING_EDGES): OutstandingBucket[] {
  for (let i = 0; i < edges.length; i++) {
    if (!(edges[i] > 0) || (i > 0 && !(edges[i] > edges[i - 1]))) throw new Error('outstanding bucket edges must be positive and increasing');
  }
  const buckets: OutstandingBucket[] = [{ label: 'none', min: 0, max: 0 }];
  let previous = 0;
  for (const edge of edges) {
    buckets.push({ label: `${previous === 0 ? '>0' : formatAmount(previous)}–<${formatAmount(edge)}`, min: previous, max: edge });
    previous = edge;
  }
  buckets.push({ label: `≥${formatAmount(previous)}`, min: previous, max: null });
  return buckets;
}

function formatAmount(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return String(n);
}

/** Bucket of an outstanding amount: 0 for nothing outstanding, then by edge. */
export function bucketOf(edges: readonly number[], outstanding: number): number {
  if (!(outstanding > 0)) return 0;
  let i = 0;
  while (i < edges.length && outstanding >= edges[i]) i++;
  return i + 1;
}

/**
 * Money is added up in whole cents (integers are exact in a double up to 90 trillion euros), so a
 * total does not depend on the order of the rows: a split-and-merged run equals a single pass.
 */
export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;

/** Sum of amounts given in currency units, added in cents. */
export function addAmounts(amounts: readonly number[]): number {
  let cents = 0;
  for (const amount of amounts) cents += toCents(amount);
  return fromCents(cents);
}

/** Flat counters for one policy's risk map, filled row by row (used by simulateImpact too). */
export class RiskMapCounter {
  readonly classIndex: LabelIndex;
  readonly width: number;
  readonly counts: Float64Array;
  /** In cents. */
  readonly amounts: Float64Array;
  /** In cents. */
  readonly limits: Float64Array;
  constructor(
    readonly policyId: string,
    riskClasses: string[],
    readonly edges: readonly number[],
  ) {
    this.classIndex = new LabelIndex(riskClasses);
    this.width = edges.length + 2;
    const size = riskClasses.length * this.width;
    this.counts = new Float64Array(size);
    this.amounts = new Float64Array(size);
    this.limits = new Float64Array(size);
  }
  add(classSlot: number, outstanding: number, limit: number): void {
    const cell = classSlot * this.width + bucketOf(this.edges, outstanding);
    this.counts[cell]++;
    this.amounts[cell] += toCents(outstanding);
    this.limits[cell] += toCents(limit);
  }
  toRiskMap(): RiskMap {
    const labels = this.classIndex.labels;
    const rows = (flat: Float64Array, scale: (x: number) => number) => labels.map((_, c) => Array.from(flat.subarray(c * this.width, (c + 1) * this.width), scale));
    const same = (x: number) => x;
    return {
      policyId: this.policyId,
      riskClasses: labels,
      buckets: outstandingBuckets(this.edges),
      counts: rows(this.counts, same),
      amounts: rows(this.amounts, fromCents),
      limits: rows(this.limits, fromCents),
      total: { count: sum(this.counts), amount: fromCents(sum(this.amounts)), limit: fromCents(sum(this.limits)) },
    };
  }
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

/** The risk map of one policy over a portfolio. */
export function riskMap(policy: EvaluatingPolicy, rows: readonly PortfolioRow[], edges: readonly number[] = DEFAULT_OUTSTANDING_EDGES): RiskMap {
  outstandingBuckets(edges); // checks the edges
  const counter = new RiskMapCounter(policy.document.id, [...riskClassIds(policy.document), NONE], edges);
  for (const row of rows) {
    const decision = policy.evaluate(row.facts);
    counter.add(counter.classIndex.of(decision.riskClass), row.outstanding, decision.creditLimit?.gross ?? 0);
  }
  return counter.toRiskMap();
}

/** Adds risk maps of the same policy and buckets computed on parts of a portfolio. */
export function mergeRiskMaps(parts: readonly RiskMap[]): RiskMap {
  if (parts.length === 0) throw new Error('mergeRiskMaps: nothing to merge');
  const [first, ...rest] = parts;
  const merged: RiskMap = structuredClone(first);
  for (const part of rest) {
    if (part.policyId !== first.policyId || part.riskClasses.join() !== first.riskClasses.join() || part.buckets.length !== first.buckets.length) {
      throw new Error('mergeRiskMaps: the parts come from different policies or buckets');
    }
    for (let c = 0; c < merged.riskClasses.length; c++) {
      for (let b = 0; b < merged.buckets.length; b++) {
        merged.counts[c][b] += part.counts[c][b];
        merged.amounts[c][b] = addAmounts([merged.amounts[c][b], part.amounts[c][b]]);
        merged.limits[c][b] = addAmounts([merged.limits[c][b], part.limits[c][b]]);
      }
    }
    merged.total.count += part.total.count;
    merged.total.amount = addAmounts([merged.total.amount, part.total.amount]);
    merged.total.limit = addAmounts([merged.total.limit, part.total.limit]);
  }
  return merged;
}
