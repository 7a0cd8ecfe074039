/**
 * Each customer's latest logged decision under a policy, to tell whether a new decision is worse.
 * Reading it from the decision log costs a disk read per decision, so the latest ones are kept in
 * a small LRU, updated with every decision this process logs (automatic and manual).
 *
 * Only for a store this process owns alone (the file store): there every decision is logged
 * through here. With a shared store (MongoDB) another process may log one, so there is no cache
 * (capacity 0) and the log is read every time, as before.
 */
import { compareNewestFirst } from '../store/pagination.js';
import type { CreditgraphStore, DecisionRecord } from '../store/store.js';

const keyOf = (policyId: string, customerId: string) => `${policyId}\u0000${customerId}`;

/** The store's order: later evaluatedAt first, then the larger decisionId. */
const isNewer = (a: DecisionRecord, b: DecisionRecord) => compareNewestFirst({ at: a.evaluatedAt, id: a.decisionId }, { at: b.evaluatedAt, id: b.decisionId }) < 0;

export class LatestDecisions {
  private readonly entries = new Map<string, DecisionRecord>();

  constructor(
    private readonly store: CreditgraphStore,
    readonly capacity = 1000,
  ) {}

  async get(policyId: string, customerId: string): Promise<DecisionRecord | null> {
    const key = keyOf(policyId, customerId);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // re-inserted: most recently used
      this.entries.set(key, hit);
      return hit;
    }
    const page = await this.store.listDecisions({ policyId, customerId, limit: 1 });
    const found = page.items[0] ?? null;
    if (found) this.note(found);
    // A decision logged while we read is newer than what the read found.
    return this.entries.get(key) ?? found;
  }

  /** Every logged decision passes here; the newest per customer is kept. */
  note(record: DecisionRecord): void {
    if (this.capacity === 0 || record.customerId === null) return;
    const key = keyOf(record.policyId, record.customerId);
    const current = this.entries.get(key);
    if (current && !isNewer(record, current)) return;
    this.entries.delete(key);
    this.entries.set(key, record);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
