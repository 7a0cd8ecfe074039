/**
 * In-memory index of the decision log (the records themselves stay on disk): where each record
 * lies, idempotency keys, and row lists sorted by (evaluatedAt, decisionId) — all, per policy, per
 * customer — so a filtered page is found by binary search plus a short scan.
 *
 * Columns of numbers rather than an object per decision: ≈ 100 bytes per decision, most of it the
 * decision id (kept because it breaks ties in the order).
 */
import type { Decision } from '../../../engine/model/decision-schema.js';
import { compareNewestFirst, type DecisionPosition } from '../pagination.js';
import { Float64Column, Int32Column } from './columns.js';
import { KeyHashIndex } from './key-hash-index.js';
import { NO_CODE, StringCodes } from './string-codes.js';

export interface DecisionPlace {
  segment: number;
  offset: number;
  length: number;
}

export interface IndexedDecision {
  decisionId: string;
  evaluatedAt: string;
  policyId: string;
  customerId: string | null;
  outcome: Decision['outcome'];
  requestId: string | null;
}

export interface IndexQuery {
  policyId?: string;
  customerId?: string;
  outcome?: Decision['outcome'];
  from?: string;
  to?: string;
  after?: DecisionPosition; // the cursor: return entries older than this
  limit: number;
}

const requestKey = (policyId: string, requestId: string) => `${policyId}\u0000${requestId}`;

export class DecisionIndex {
  private readonly ids: string[] = [];
  private readonly byId = new KeyHashIndex();
  private readonly byRequest = new KeyHashIndex();
  /** evaluatedAt in ms; the text itself only where it is not the canonical ISO form of that ms. */
  private readonly atMs = new Float64Column();
  private readonly atText = new Map<number, string>();
  private readonly segment = new Int32Column();
  private readonly offset = new Int32Column();
  private readonly length = new Int32Column();
  private readonly codes = new StringCodes();
  private readonly policy = new Int32Column();
  private readonly customer = new Int32Column();
  private readonly outcome = new Int32Column();
  private readonly all = new Int32Column();
  private readonly byPolicy = new Map<number, Int32Column>();
  private readonly byCustomer = new Map<number, Int32Column>();

  get size(): number {
    return this.ids.length;
  }

  /** The row of `decisionId`, or -1. */
  get(decisionId: string): number {
    const row = this.byId.get(decisionId);
    return row >= 0 && this.ids[row] === decisionId ? row : -1;
  }

  /** The row logged under this requestId, or -1 (callers compare the record's own requestId). */
  rowForRequest(policyId: string, requestId: string): number {
    return this.byRequest.get(requestKey(policyId, requestId));
  }

  place(row: number): DecisionPlace {
    return { segment: this.segment.get(row), offset: this.offset.get(row), length: this.length.get(row) };
  }

  position(row: number): DecisionPosition {
    return { at: this.atText.get(row) ?? new Date(this.atMs.get(row)).toISOString(), id: this.ids[row]! };
  }

  add(d: IndexedDecision, place: DecisionPlace): void {
    const row = this.ids.push(d.decisionId) - 1;
    const ms = Date.parse(d.evaluatedAt);
    this.atMs.push(ms);
    if (!(Number.isFinite(ms) && new Date(ms).toISOString() === d.evaluatedAt)) this.atText.set(row, d.evaluatedAt);
    this.segment.push(place.segment);
    this.offset.push(place.offset);
    this.length.push(place.length);
    this.policy.push(this.codes.code(d.policyId));
    this.customer.push(this.codes.code(d.customerId));
    this.outcome.push(this.codes.code(d.outcome));
    this.byId.set(d.decisionId, row);
    if (d.requestId !== null) this.byRequest.set(requestKey(d.policyId, d.requestId), row);
    this.insertSorted(this.all, row);
    this.insertSorted(listFor(this.byPolicy, this.policy.get(row)), row);
    if (d.customerId !== null) this.insertSorted(listFor(this.byCustomer, this.customer.get(row)), row);
  }

  /** Up to limit + 1 rows, newest first (the extra one tells whether there is a next page). */
  query(q: IndexQuery): number[] {
    const code = (value: string | undefined) => (value === undefined ? undefined : (this.codes.find(value) ?? NO_CODE - 1));
    const policy = code(q.policyId);
    const customer = code(q.customerId);
    const outcome = code(q.outcome);
    const list =
      customer !== undefined ? this.byCustomer.get(customer) : policy !== undefined ? this.byPolicy.get(policy) : this.all;
    if (!list) return [];
    let start = list.length;
    if (q.after) start = Math.min(start, this.lowerBound(list, q.after));
    if (q.to !== undefined) start = Math.min(start, this.lowerBound(list, { at: q.to, id: '' }));
    const out: number[] = [];
    for (let i = start - 1; i >= 0 && out.length <= q.limit; i--) {
      const row = list.get(i);
      if (q.from !== undefined && this.position(row).at < q.from) break;
      if (policy !== undefined && this.policy.get(row) !== policy) continue;
      if (customer !== undefined && this.customer.get(row) !== customer) continue;
      if (outcome !== undefined && this.outcome.get(row) !== outcome) continue;
      out.push(row);
    }
    return out;
  }

  /** Ascending (oldest first) comparison of a row with a position; by the numbers when both times are canonical. */
  private compare(row: number, pos: DecisionPosition, posMs = Date.parse(pos.at)): number {
    if (!this.atText.has(row) && new Date(posMs).toISOString() === pos.at) {
      const ms = this.atMs.get(row);
      if (ms !== posMs) return ms < posMs ? -1 : 1;
      const id = this.ids[row]!;
      return id === pos.id ? 0 : id < pos.id ? -1 : 1;
    }
    return compareNewestFirst(pos, this.position(row));
  }

  /** Whether row a sorts strictly before row b (the common append check, without building strings). */
  private before(a: number, b: number): boolean {
    if (this.atText.has(a) || this.atText.has(b)) return compareNewestFirst(this.position(b), this.position(a)) < 0;
    const ma = this.atMs.get(a);
    const mb = this.atMs.get(b);
    return ma !== mb ? ma < mb : this.ids[a]! < this.ids[b]!;
  }

  /** Number of rows of `list` strictly before `pos` in ascending order. */
  private lowerBound(list: Int32Column, pos: DecisionPosition): number {
    const posMs = Date.parse(pos.at);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(list.get(mid), pos, posMs) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Appends are the usual case (decisions arrive in time order); a late one is inserted in place. */
  private insertSorted(list: Int32Column, row: number): void {
    if (list.length === 0 || this.before(list.get(list.length - 1), row)) {
      list.push(row);
      return;
    }
    list.insert(this.lowerBound(list, this.position(row)), row);
  }
}

function listFor(map: Map<number, Int32Column>, key: number): Int32Column {
  let list = map.get(key);
  if (!list) map.set(key, (list = new Int32Column()));
  return list;
}
