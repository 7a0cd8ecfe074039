/**
 * In-memory index of the decision log (the records themselves stay on disk): where each record
 * lies, idempotency keys, and lists sorted by (evaluatedAt, decisionId) — all, per policy, per
 * customer — so a filtered page is found by binary search plus a short scan.
 */
import type { Decision } from '../../../engine/model/decision-schema.js';
import { compareNewestFirst, type DecisionPosition } from '../pagination.js';

export interface IndexEntry extends DecisionPosition {
  policyId: string;
  customerId: string | null;
  outcome: Decision['outcome'];
  segment: number;
  offset: number;
  length: number;
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

/** Ascending (oldest first), so the usual append is a push at the end. */
const ascending = (a: DecisionPosition, b: DecisionPosition) => compareNewestFirst(b, a);

/** Number of entries strictly before `pos` in ascending order. */
function lowerBound(list: IndexEntry[], pos: DecisionPosition): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ascending(list[mid], pos) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(list: IndexEntry[], entry: IndexEntry): void {
  if (list.length === 0 || ascending(list[list.length - 1], entry) < 0) list.push(entry);
  else list.splice(lowerBound(list, entry), 0, entry);
}

export class DecisionIndex {
  private readonly byId = new Map<string, IndexEntry>();
  private readonly byRequest = new Map<string, string>();
  private readonly all: IndexEntry[] = [];
  private readonly byPolicy = new Map<string, IndexEntry[]>();
  private readonly byCustomer = new Map<string, IndexEntry[]>();

  static requestKey(policyId: string, requestId: string): string {
    return `${policyId}\u0000${requestId}`;
  }

  get size(): number {
    return this.byId.size;
  }

  get(decisionId: string): IndexEntry | undefined {
    return this.byId.get(decisionId);
  }

  idForRequest(policyId: string, requestId: string): string | undefined {
    return this.byRequest.get(DecisionIndex.requestKey(policyId, requestId));
  }

  add(entry: IndexEntry, requestId: string | null): void {
    this.byId.set(entry.id, entry);
    if (requestId !== null) this.byRequest.set(DecisionIndex.requestKey(entry.policyId, requestId), entry.id);
    insertSorted(this.all, entry);
    insertSorted(listFor(this.byPolicy, entry.policyId), entry);
    if (entry.customerId !== null) insertSorted(listFor(this.byCustomer, entry.customerId), entry);
  }

  /** Up to limit + 1 entries, newest first (the extra one tells whether there is a next page). */
  query(q: IndexQuery): IndexEntry[] {
    const list =
      q.customerId !== undefined ? (this.byCustomer.get(q.customerId) ?? []) : q.policyId !== undefined ? (this.byPolicy.get(q.policyId) ?? []) : this.all;
    let start = list.length;
    if (q.after) start = Math.min(start, lowerBound(list, q.after));
    if (q.to !== undefined) start = Math.min(start, lowerBound(list, { at: q.to, id: '' }));
    const out: IndexEntry[] = [];
    for (let i = start - 1; i >= 0 && out.length <= q.limit; i--) {
      const e = list[i];
      if (q.from !== undefined && e.at < q.from) break;
      if (q.policyId !== undefined && e.policyId !== q.policyId) continue;
      if (q.customerId !== undefined && e.customerId !== q.customerId) continue;
      if (q.outcome !== undefined && e.outcome !== q.outcome) continue;
      out.push(e);
    }
    return out;
  }
}

function listFor(map: Map<string, IndexEntry[]>, key: string): IndexEntry[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
