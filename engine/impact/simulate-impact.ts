/**
 * Impact analysis: what changes if policy B replaces policy A on this portfolio?
 *
 * One pass over the rows evaluates both policies per customer and adds the two decisions into
 * preallocated counters (typed arrays indexed by outcome / class / level / scenario slot), so the
 * only objects made per row are the decisions themselves. Results of parts of a portfolio (worker
 * threads) add up with `mergeImpactResults`: every table is laid out from the two documents, never
 * from the data, so the parts line up cell by cell.
 */
import { summaryOf, type DecisionSummary } from '../compile/compile-policy.js';
import type { Facts } from '../model/policy-schema.js';
import type { OutcomeValue } from '../model/policy-schema.js';
import { impactLabels, LabelIndex, OUTCOMES, outcomeIndex, type EvaluatingPolicy } from './impact-labels.js';
import type { PortfolioRow } from './parse-portfolio.js';
import { addAmounts, DEFAULT_OUTSTANDING_EDGES, fromCents, mergeRiskMaps, outstandingBuckets, RiskMapCounter, toCents, type RiskMap } from './risk-map.js';

export interface PolicyRef {
  id: string;
  name: string;
}

/** Totals of one policy over the portfolio. Amounts are in the policy's currency, added in cents (exact). */
export interface ImpactSide {
  policy: PolicyRef;
  /** By `outcomes`. */
  outcomeCounts: number[];
  /** By `riskClasses`. */
  riskClassCounts: number[];
  /** Granted gross / unsecured limit, in total and by risk class (the class this policy gives). */
  grossLimit: number;
  unsecuredLimit: number;
  grossLimitByClass: number[];
  unsecuredLimitByClass: number[];
  /** Requested amounts accepted automatically. */
  acceptedAmount: number;
  /** Escalations by `approvalLevels` (count and requested amount). */
  escalations: number[];
  escalatedAmount: number[];
  /** By `scenarios`. */
  scenarioCounts: number[];
  riskMap: RiskMap;
}

export interface CustomerDecisionSummary {
  outcome: OutcomeValue;
  riskClass: string | null;
  score: number | null;
  grossLimit: number;
  unsecuredLimit: number;
  approvalLevel: string | null;
  collectionScenario: string | null;
}

export interface CustomerChange {
  rowNumber: number;
  customerId: string;
  outstanding: number;
  requestedAmount: number | null;
  a: CustomerDecisionSummary;
  b: CustomerDecisionSummary;
  /** b.grossLimit − a.grossLimit. */
  limitDelta: number;
}

/**
 * Per-customer results, column by column (typed arrays: cheap to fill, to send between worker
 * threads and to merge). Slots index `outcomes`, `riskClasses`, `approvalLevels`, `scenarios`;
 * NaN stands for a missing score or requested amount.
 */
export interface CustomerImpacts {
  rowNumber: Int32Array;
  customerId: string[];
  outstanding: Float64Array;
  requestedAmount: Float64Array;
  outcomeA: Uint8Array;
  outcomeB: Uint8Array;
  riskClassA: Uint16Array;
  riskClassB: Uint16Array;
  scoreA: Float64Array;
  scoreB: Float64Array;
  grossLimitA: Float64Array;
  grossLimitB: Float64Array;
  approvalLevelA: Uint16Array;
  approvalLevelB: Uint16Array;
  scenarioA: Uint16Array;
  scenarioB: Uint16Array;
}

export interface ImpactFailure {
  rowNumber: number;
  customerId: string;
  message: string;
}

export interface ImpactResult {
  /** Customers evaluated by both policies. */
  rowCount: number;
  currency: string;
  outcomes: OutcomeValue[];
  riskClasses: string[];
  approvalLevels: string[];
  scenarios: string[];
  /** Outstanding-amount buckets of both risk maps. */
  outstandingEdges: number[];
  a: ImpactSide;
  b: ImpactSide;
  /** Square matrices [slot under A][slot under B] of customer counts. */
  migration: {
    outcome: number[][];
    riskClass: number[][];
    approvalLevel: number[][];
    scenario: number[][];
  };
  /** Customers whose … differs between A and B. */
  changed: {
    outcome: number;
    riskClass: number;
    approvalLevel: number;
    scenario: number;
    limit: number;
    limitUp: number;
    limitDown: number;
    /** Any of the above. */
    any: number;
  };
  /** B − A. */
  delta: {
    grossLimit: number;
    unsecuredLimit: number;
    acceptedAmount: number;
  };
  /** The customers with the largest |limit change| (non-zero only), largest first, ties by row. */
  topChanges: CustomerChange[];
  topN: number;
  /** Rows a policy failed to evaluate (an engine fault: the facts were checked). */
  failures: ImpactFailure[];
  failureCount: number;
  customers?: CustomerImpacts;
}

export interface SimulateOptions {
  /** Called every `progressEvery` rows and at the end. */
  onProgress?: (progress: { done: number; total: number }) => void;
  progressEvery?: number;
  /** Size of `topChanges` (default 50). */
  topN?: number;
  /** Keep one line of results per customer (`customers`, for the CSV download). Default true. */
  keepCustomers?: boolean;
  /** Upper edges of the outstanding-amount buckets of the risk maps. */
  outstandingEdges?: readonly number[];
}

const MAX_FAILURES_KEPT = 100;

export function simulateImpact(a: EvaluatingPolicy, b: EvaluatingPolicy, rows: readonly PortfolioRow[], options: SimulateOptions = {}): ImpactResult {
  const acc = new ImpactAccumulator(a, b, rows.length, options);
  const total = rows.length;
  const every = Math.max(1, options.progressEvery ?? 10_000);
  const onProgress = options.onProgress;
  const summarizeA = summarizer(a);
  const summarizeB = summarizer(b);
  for (let i = 0; i < total; i++) {
    const row = rows[i];
    let da: DecisionSummary;
    let db: DecisionSummary;
    try {
      da = summarizeA(row.facts);
      db = summarizeB(row.facts);
    } catch (error) {
      acc.fail(row, error);
      continue;
    }
    acc.add(row, da, db);
    if (onProgress !== undefined && (i + 1) % every === 0) onProgress({ done: i + 1, total });
  }
  if (onProgress !== undefined) onProgress({ done: total, total });
  return acc.result();
}

/**
 * What is aggregated of each decision. A compiled policy's `summarizer` builds only that (the full
 * decision's reasons, scorecard rows and variables were most of a simulation's garbage).
 */
function summarizer(policy: EvaluatingPolicy): (facts: Facts) => DecisionSummary {
  if (policy.summarizer !== undefined) return policy.summarizer();
  return (facts) => summaryOf(policy.evaluate(facts));
}

/** Side-by-side counters; `add` is the hot path. */
class ImpactAccumulator {
  private readonly classes: LabelIndex;
  private readonly levels: LabelIndex;
  private readonly scenarioIndex: LabelIndex;
  private readonly nC: number;
  private readonly nL: number;
  private readonly nS: number;
  // Per side s (0 = A, 1 = B) blocks of the same layout. Amounts in cents (see toCents).
  private readonly outcomeCounts = new Float64Array(6);
  private readonly classCounts: Float64Array;
  private readonly grossByClass: Float64Array;
  private readonly unsecuredByClass: Float64Array;
  private readonly accepted = new Float64Array(2);
  private readonly escalations: Float64Array;
  private readonly escalatedAmount: Float64Array;
  private readonly scenarioCounts: Float64Array;
  private readonly outcomeMigration = new Float64Array(9);
  private readonly classMigration: Float64Array;
  private readonly levelMigration: Float64Array;
  private readonly scenarioMigration: Float64Array;
  private readonly changedCounts = new Float64Array(8);
  private readonly maps: [RiskMapCounter, RiskMapCounter];
  private readonly top: TopChanges;
  private readonly customers: CustomerImpacts | undefined;
  private count = 0;
  private failures: ImpactFailure[] = [];
  private failureCount = 0;

  constructor(
    private readonly a: EvaluatingPolicy,
    private readonly b: EvaluatingPolicy,
    capacity: number,
    private readonly options: SimulateOptions,
  ) {
    const labels = impactLabels(a.document, b.document);
    this.classes = new LabelIndex(labels.riskClasses);
    this.levels = new LabelIndex(labels.approvalLevels);
    this.scenarioIndex = new LabelIndex(labels.scenarios);
    this.nC = labels.riskClasses.length;
    this.nL = labels.approvalLevels.length;
    this.nS = labels.scenarios.length;
    this.classCounts = new Float64Array(2 * this.nC);
    this.grossByClass = new Float64Array(2 * this.nC);
    this.unsecuredByClass = new Float64Array(2 * this.nC);
    this.escalations = new Float64Array(2 * this.nL);
    this.escalatedAmount = new Float64Array(2 * this.nL);
    this.scenarioCounts = new Float64Array(2 * this.nS);
    this.classMigration = new Float64Array(this.nC * this.nC);
    this.levelMigration = new Float64Array(this.nL * this.nL);
    this.scenarioMigration = new Float64Array(this.nS * this.nS);
    const edges = options.outstandingEdges ?? DEFAULT_OUTSTANDING_EDGES;
    outstandingBuckets(edges); // checks the edges
    this.maps = [new RiskMapCounter(a.document.id, labels.riskClasses, edges), new RiskMapCounter(b.document.id, labels.riskClasses, edges)];
    this.top = new TopChanges(options.topN ?? 50);
    this.customers = options.keepCustomers === false ? undefined : allocateCustomers(capacity);
  }

  add(row: PortfolioRow, da: DecisionSummary, db: DecisionSummary): void {
    const oa = outcomeIndex(da.outcome);
    const ob = outcomeIndex(db.outcome);
    const ca = this.classes.of(da.riskClass);
    const cb = this.classes.of(db.riskClass);
    const la = this.levels.of(da.approvalLevel);
    const lb = this.levels.of(db.approvalLevel);
    const sa = this.scenarioIndex.of(da.collectionScenario);
    const sb = this.scenarioIndex.of(db.collectionScenario);
    const limitA = da.grossLimit === null ? 0 : da.grossLimit;
    const limitB = db.grossLimit === null ? 0 : db.grossLimit;
    const unsecuredA = da.unsecuredLimit === null ? 0 : toCents(da.unsecuredLimit);
    const unsecuredB = db.unsecuredLimit === null ? 0 : toCents(db.unsecuredLimit);
    const requested = row.requestedAmount === null ? 0 : toCents(row.requestedAmount);
    const nC = this.nC;
    const nL = this.nL;

    this.outcomeCounts[oa]++;
    this.outcomeCounts[3 + ob]++;
    this.classCounts[ca]++;
    this.classCounts[nC + cb]++;
    this.grossByClass[ca] += toCents(limitA);
    this.grossByClass[nC + cb] += toCents(limitB);
    this.unsecuredByClass[ca] += unsecuredA;
    this.unsecuredByClass[nC + cb] += unsecuredB;
    if (oa === 0) this.accepted[0] += requested;
    if (ob === 0) this.accepted[1] += requested;
    if (oa === 2) {
      this.escalations[la]++;
      this.escalatedAmount[la] += requested;
    }
    if (ob === 2) {
      this.escalations[nL + lb]++;
      this.escalatedAmount[nL + lb] += requested;
    }
    this.scenarioCounts[sa]++;
    this.scenarioCounts[this.nS + sb]++;
    this.outcomeMigration[oa * 3 + ob]++;
    this.classMigration[ca * nC + cb]++;
    this.levelMigration[la * nL + lb]++;
    this.scenarioMigration[sa * this.nS + sb]++;

    const delta = limitB - limitA;
    const changed = this.changedCounts;
    let any = false;
    if (oa !== ob) (changed[0]++, (any = true));
    if (ca !== cb) (changed[1]++, (any = true));
    if (la !== lb) (changed[2]++, (any = true));
    if (sa !== sb) (changed[3]++, (any = true));
    if (delta !== 0) {
      changed[4]++;
      any = true;
      if (delta > 0) changed[5]++;
      else changed[6]++;
      if (this.top.wouldKeep(delta, row.rowNumber)) this.top.keep(changeOf(row, da, db, limitA, limitB));
    }
    if (any) changed[7]++;

    this.maps[0].add(ca, row.outstanding, limitA);
    this.maps[1].add(cb, row.outstanding, limitB);

    const c = this.customers;
    if (c !== undefined) {
      const k = this.count;
      c.rowNumber[k] = row.rowNumber;
      c.customerId[k] = row.customerId;
      c.outstanding[k] = row.outstanding;
      c.requestedAmount[k] = row.requestedAmount === null ? NaN : row.requestedAmount;
      c.outcomeA[k] = oa;
      c.outcomeB[k] = ob;
      c.riskClassA[k] = ca;
      c.riskClassB[k] = cb;
      c.scoreA[k] = da.score === null ? NaN : da.score;
      c.scoreB[k] = db.score === null ? NaN : db.score;
      c.grossLimitA[k] = limitA;
      c.grossLimitB[k] = limitB;
      c.approvalLevelA[k] = la;
      c.approvalLevelB[k] = lb;
      c.scenarioA[k] = sa;
      c.scenarioB[k] = sb;
    }
    this.count++;
  }

  fail(row: PortfolioRow, error: unknown): void {
    this.failureCount++;
    if (this.failures.length < MAX_FAILURES_KEPT) {
      this.failures.push({ rowNumber: row.rowNumber, customerId: row.customerId, message: error instanceof Error ? error.message : String(error) });
    }
  }

  result(): ImpactResult {
    const side = (s: 0 | 1): ImpactSide => {
      const policy = s === 0 ? this.a : this.b;
      const slice = (flat: Float64Array, n: number) => Array.from(flat.subarray(s * n, (s + 1) * n));
      const money = (flat: Float64Array, n: number) => Array.from(flat.subarray(s * n, (s + 1) * n), fromCents);
      return {
        policy: { id: policy.document.id, name: policy.document.name },
        outcomeCounts: slice(this.outcomeCounts, 3),
        riskClassCounts: slice(this.classCounts, this.nC),
        grossLimit: fromCents(sum(slice(this.grossByClass, this.nC))),
        unsecuredLimit: fromCents(sum(slice(this.unsecuredByClass, this.nC))),
        grossLimitByClass: money(this.grossByClass, this.nC),
        unsecuredLimitByClass: money(this.unsecuredByClass, this.nC),
        acceptedAmount: fromCents(this.accepted[s]),
        escalations: slice(this.escalations, this.nL),
        escalatedAmount: money(this.escalatedAmount, this.nL),
        scenarioCounts: slice(this.scenarioCounts, this.nS),
        riskMap: this.maps[s].toRiskMap(),
      };
    };
    const a = side(0);
    const b = side(1);
    const c = this.changedCounts;
    return {
      rowCount: this.count,
      currency: this.a.document.currency,
      outcomes: [...OUTCOMES],
      riskClasses: this.classes.labels,
      approvalLevels: this.levels.labels,
      scenarios: this.scenarioIndex.labels,
      outstandingEdges: [...this.maps[0].edges],
      a,
      b,
      migration: {
        outcome: square(this.outcomeMigration, 3),
        riskClass: square(this.classMigration, this.nC),
        approvalLevel: square(this.levelMigration, this.nL),
        scenario: square(this.scenarioMigration, this.nS),
      },
      changed: { outcome: c[0], riskClass: c[1], approvalLevel: c[2], scenario: c[3], limit: c[4], limitUp: c[5], limitDown: c[6], any: c[7] },
      delta: deltaOf(a, b),
      topChanges: this.top.sorted(),
      topN: this.top.size,
      failures: this.failures,
      failureCount: this.failureCount,
      ...(this.customers ? { customers: trimCustomers(this.customers, this.count) } : {}),
    };
  }
}

function deltaOf(a: ImpactSide, b: ImpactSide): ImpactResult['delta'] {
  const difference = (x: number, y: number) => fromCents(toCents(y) - toCents(x));
  return {
    grossLimit: difference(a.grossLimit, b.grossLimit),
    unsecuredLimit: difference(a.unsecuredLimit, b.unsecuredLimit),
    acceptedAmount: difference(a.acceptedAmount, b.acceptedAmount),
  };
}

function changeOf(row: PortfolioRow, da: DecisionSummary, db: DecisionSummary, limitA: number, limitB: number): CustomerChange {
  return {
    rowNumber: row.rowNumber,
    customerId: row.customerId,
    outstanding: row.outstanding,
    requestedAmount: row.requestedAmount,
    a: summary(da, limitA),
    b: summary(db, limitB),
    limitDelta: limitB - limitA,
  };
}

function summary(d: DecisionSummary, gross: number): CustomerDecisionSummary {
  return {
    outcome: d.outcome,
    riskClass: d.riskClass,
    score: d.score,
    grossLimit: gross,
    unsecuredLimit: d.unsecuredLimit === null ? 0 : d.unsecuredLimit,
    approvalLevel: d.approvalLevel,
    collectionScenario: d.collectionScenario,
  };
}

/** Ranks by |limit change| descending, then row number ascending: a total order, so merges agree. */
function ranksBefore(deltaX: number, rowX: number, deltaY: number, rowY: number): boolean {
  const x = Math.abs(deltaX);
  const y = Math.abs(deltaY);
  return x > y || (x === y && rowX < rowY);
}

/** The N best-ranked changes so far: a binary heap whose root is the worst kept. */
class TopChanges {
  private readonly heap: CustomerChange[] = [];
  constructor(readonly size: number) {}

  wouldKeep(delta: number, rowNumber: number): boolean {
    if (this.size <= 0) return false;
    if (this.heap.length < this.size) return true;
    const worst = this.heap[0];
    return ranksBefore(delta, rowNumber, worst.limitDelta, worst.rowNumber);
  }

  keep(change: CustomerChange): void {
    const heap = this.heap;
    if (heap.length < this.size) {
      heap.push(change);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i], heap[parent])) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
      return;
    }
    heap[0] = change;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && worse(heap[left], heap[worst])) worst = left;
      if (right < heap.length && worse(heap[right], heap[worst])) worst = right;
      if (worst === i) break;
      [heap[i], heap[worst]] = [heap[worst], heap[i]];
      i = worst;
    }
  }

  sorted(): CustomerChange[] {
    return rankChanges(this.heap);
  }
}

function worse(x: CustomerChange, y: CustomerChange): boolean {
  return ranksBefore(y.limitDelta, y.rowNumber, x.limitDelta, x.rowNumber);
}

function rankChanges(changes: readonly CustomerChange[]): CustomerChange[] {
  return [...changes].sort((x, y) => (ranksBefore(x.limitDelta, x.rowNumber, y.limitDelta, y.rowNumber) ? -1 : ranksBefore(y.limitDelta, y.rowNumber, x.limitDelta, x.rowNumber) ? 1 : 0));
}

function allocateCustomers(n: number): CustomerImpacts {
  return {
    rowNumber: new Int32Array(n),
    customerId: new Array<string>(n),
    outstanding: new Float64Array(n),
    requestedAmount: new Float64Array(n),
    outcomeA: new Uint8Array(n),
    outcomeB: new Uint8Array(n),
    riskClassA: new Uint16Array(n),
    riskClassB: new Uint16Array(n),
    scoreA: new Float64Array(n),
    scoreB: new Float64Array(n),
    grossLimitA: new Float64Array(n),
    grossLimitB: new Float64Array(n),
    approvalLevelA: new Uint16Array(n),
    approvalLevelB: new Uint16Array(n),
    scenarioA: new Uint16Array(n),
    scenarioB: new Uint16Array(n),
  };
}

const CUSTOMER_COLUMNS = [
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
  'approvalLevelA',
  'approvalLevelB',
  'scenarioA',
  'scenarioB',
] as const satisfies readonly (keyof CustomerImpacts)[];

/** Rows that failed leave the arrays shorter than allocated. */
function trimCustomers(c: CustomerImpacts, n: number): CustomerImpacts {
  if (c.rowNumber.length === n) return c;
  const out = {} as Record<keyof CustomerImpacts, unknown>;
  for (const key of CUSTOMER_COLUMNS) out[key] = c[key].slice(0, n);
  return out as CustomerImpacts;
}

function concatCustomers(parts: readonly CustomerImpacts[]): CustomerImpacts {
  const n = parts.reduce((total, part) => total + part.rowNumber.length, 0);
  const out = allocateCustomers(n);
  let offset = 0;
  for (const part of parts) {
    const length = part.rowNumber.length;
    for (const key of CUSTOMER_COLUMNS) {
      if (key === 'customerId') for (let i = 0; i < length; i++) out.customerId[offset + i] = part.customerId[i];
      else (out[key] as Float64Array).set(part[key] as Float64Array, offset);
    }
    offset += length;
  }
  return out;
}

function square(flat: Float64Array, n: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(flat.subarray(i * n, (i + 1) * n)));
  return rows;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/**
 * For a portfolio that arrives in pieces (an upload parsed with `parsePortfolioChunk`): each batch
 * of rows is simulated as it comes, so only the compact results are kept, not the rows.
 */
export interface ImpactRun {
  add(rows: readonly PortfolioRow[]): void;
  /** Rows simulated so far. */
  readonly rowCount: number;
  result(): ImpactResult;
}

export function startImpactRun(a: EvaluatingPolicy, b: EvaluatingPolicy, options: Omit<SimulateOptions, 'onProgress' | 'progressEvery'> = {}): ImpactRun {
  const parts: ImpactResult[] = [];
  let rowCount = 0;
  return {
    add(rows) {
      if (rows.length === 0) return;
      const part = simulateImpact(a, b, rows, options);
      rowCount += part.rowCount + part.failureCount;
      parts.push(part);
    },
    get rowCount() {
      return rowCount;
    },
    result() {
      return parts.length === 0 ? simulateImpact(a, b, [], options) : mergeImpactResults(parts);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Merging parts (e.g. one per worker thread, each over a slice of the rows).

export function mergeImpactResults(parts: readonly ImpactResult[]): ImpactResult {
  if (parts.length === 0) throw new Error('mergeImpactResults: nothing to merge');
  const first = parts[0];
  for (const part of parts) {
    const same =
      part.a.policy.id === first.a.policy.id &&
      part.b.policy.id === first.b.policy.id &&
      part.riskClasses.join() === first.riskClasses.join() &&
      part.approvalLevels.join() === first.approvalLevels.join() &&
      part.scenarios.join() === first.scenarios.join() &&
      part.outstandingEdges.join() === first.outstandingEdges.join() &&
      part.topN === first.topN;
    if (!same) throw new Error('mergeImpactResults: the parts come from different policies or options');
  }
  const mergeSide = (pick: (r: ImpactResult) => ImpactSide): ImpactSide => {
    const sides = parts.map(pick);
    return {
      policy: sides[0].policy,
      outcomeCounts: addVectors(sides.map((s) => s.outcomeCounts)),
      riskClassCounts: addVectors(sides.map((s) => s.riskClassCounts)),
      grossLimit: 0,
      unsecuredLimit: 0,
      grossLimitByClass: addAmountVectors(sides.map((s) => s.grossLimitByClass)),
      unsecuredLimitByClass: addAmountVectors(sides.map((s) => s.unsecuredLimitByClass)),
      acceptedAmount: addAmounts(sides.map((s) => s.acceptedAmount)),
      escalations: addVectors(sides.map((s) => s.escalations)),
      escalatedAmount: addAmountVectors(sides.map((s) => s.escalatedAmount)),
      scenarioCounts: addVectors(sides.map((s) => s.scenarioCounts)),
      riskMap: mergeRiskMaps(sides.map((s) => s.riskMap)),
    };
  };
  const a = mergeSide((r) => r.a);
  const b = mergeSide((r) => r.b);
  // Totals are re-summed from the class vectors, exactly as a single pass computes them.
  for (const side of [a, b]) {
    side.grossLimit = addAmounts(side.grossLimitByClass);
    side.unsecuredLimit = addAmounts(side.unsecuredLimitByClass);
  }
  const changedKeys = ['outcome', 'riskClass', 'approvalLevel', 'scenario', 'limit', 'limitUp', 'limitDown', 'any'] as const;
  const changed = Object.fromEntries(changedKeys.map((key) => [key, parts.reduce((t, p) => t + p.changed[key], 0)])) as ImpactResult['changed'];
  const customers = parts.every((p) => p.customers !== undefined) ? concatCustomers(parts.map((p) => p.customers!)) : undefined;
  const failures = parts.flatMap((p) => p.failures).slice(0, MAX_FAILURES_KEPT);
  return {
    rowCount: parts.reduce((t, p) => t + p.rowCount, 0),
    currency: first.currency,
    outcomes: first.outcomes,
    riskClasses: first.riskClasses,
    approvalLevels: first.approvalLevels,
    scenarios: first.scenarios,
    outstandingEdges: first.outstandingEdges,
    a,
    b,
    migration: {
      outcome: addMatrices(parts.map((p) => p.migration.outcome)),
      riskClass: addMatrices(parts.map((p) => p.migration.riskClass)),
      approvalLevel: addMatrices(parts.map((p) => p.migration.approvalLevel)),
      scenario: addMatrices(parts.map((p) => p.migration.scenario)),
    },
    changed,
    delta: deltaOf(a, b),
    topChanges: rankChanges(parts.flatMap((p) => p.topChanges)).slice(0, first.topN),
    topN: first.topN,
    failures,
    failureCount: parts.reduce((t, p) => t + p.failureCount, 0),
    ...(customers ? { customers } : {}),
  };
}

function addVectors(vectors: readonly number[][]): number[] {
  const out = [...vectors[0]];
  for (let v = 1; v < vectors.length; v++) for (let i = 0; i < out.length; i++) out[i] += vectors[v][i];
  return out;
}

function addAmountVectors(vectors: readonly number[][]): number[] {
  return vectors[0].map((_, i) => addAmounts(vectors.map((v) => v[i])));
}

function addMatrices(matrices: readonly number[][][]): number[][] {
  return matrices[0].map((_, i) => addVectors(matrices.map((m) => m[i])));
}

/** The result without the per-customer columns: the part worth sending as JSON. */
export function impactSummary(result: ImpactResult): Omit<ImpactResult, 'customers'> {
  const { customers: _customers, ...summaryOnly } = result;
  return summaryOnly;
}
